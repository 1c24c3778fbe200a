import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { App } from './app.js';
import { InspectSession } from '../model/session.js';
import { isSqliteError } from '../../src/error.js';
import { frameWith, KEY, press, repoFile, sharedFile, tick } from './testing.js';

const PAGE = 1024; // corpus/page-1024.db
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'strata-tui-corrupt-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of corpus/page-1024.db changed by `edit` (page numbers 1-based). */
function corruptCopy(name: string, edit: (bytes: Uint8Array, page: (pgno: number) => Uint8Array) => void): string {
  const path = join(dir, name);
  copyFileSync(repoFile('corpus/page-1024.db'), path);
  const bytes = new Uint8Array(readFileSync(path));
  edit(bytes, (pgno) => bytes.subarray((pgno - 1) * PAGE, pgno * PAGE));
  writeFileSync(path, bytes);
  return path;
}

/**
 * Renders the app on `path`, runs `keys`, and returns every frame drawn; `until` is text the last
 * frame must come to show (waited for, since under load the last key's frame can come late).
 */
async function drive(path: string, keys: string[], until?: string): Promise<{ frames: string[]; last: string }> {
  const s = InspectSession.open(path);
  try {
    const { lastFrame, stdin, frames, unmount } = render(<App session={s} size={{ cols: 80, rows: 24 }} />);
    await tick();
    for (const k of keys) {
      // Let each key's frame be drawn before the next key (under load a frame can take a while;
      // a key that changes nothing draws no frame, hence the cap).
      const drawn = frames.length;
      stdin.write(k);
      for (let waited = 0; frames.length === drawn && waited < 200; waited += 10) await tick(10);
      await tick(k === '2' ? 80 : 15);
    }
    const last = until ? await frameWith(lastFrame, until).catch(() => lastFrame() ?? '') : (lastFrame() ?? '');
    unmount();
    return { frames: [...frames], last };
  } finally {
    s.close();
  }
}

describe('corrupt files: errors drawn in the pane, never a crash', () => {
  it('a cell pointer out of the page and a child claimed twice (page-1024.db, pages 2 and 6)', async () => {
    // dbstat of page-1024.db: page 2 is the root interior of `items`; its children /000/ and /001/ are pages 6 and 7.
    const path = corruptCopy('twice.db', (_b, page) => {
      const p6 = page(6);
      p6[8] = 0xff; // cell pointer 0 of a leaf page (array at offset 8) → 0xfff0, past the page
      p6[9] = 0xf0;
      const p2 = page(2);
      const cell1 = (p2[14] << 8) | p2[15]; // interior page: pointer array at offset 12
      p2.set([0, 0, 0, 6], cell1); // cell 1's left child: page 6 again (page 7 is now never used)
    });
    const s = InspectSession.open(path);
    const { lastFrame, stdin } = render(<App session={s} size={{ cols: 80, rows: 24 }} />);
    try {
      await tick();
      await press(stdin, '2');
      let f = await frameWith(lastFrame, 'findings');
      expect(f).toMatch(/!\s+6 table-leaf +leaf of table items — also leaf of table items/);
      expect(f).toMatch(/!\s+7 unused +unused — never used/);
      await press(stdin, 'n', KEY.enter);
      f = await frameWith(lastFrame, 'page 6/');
      expect(f).toMatch(/✗ SQLITE_CORRUPT: database disk image is malformed: cell pointer 0 = 65520/);
      expect(f).toContain('cell pointer array: ');
      await press(stdin, ...Array(7).fill(KEY.down)); // 5 header fields, pointer array, unallocated: cell 0 is item 7
      f = await frameWith(lastFrame, /›cell 0 @fff0\n/);
      expect(f).toMatch(/^SQLITE_CORRUPT: database disk image is malformed: cell offset 65520 outside/m); // the selected cell's error, in full below the list
      expect(f).toMatch(/ cell 1 @[0-9a-f]{4} \d+B rowid 2: NULL, 'item-/); // the other cells still decode (id is the rowid: NULL in the record)
      await press(stdin, '4', KEY.down, KEY.enter);
      f = await frameWith(lastFrame, /items · .*✗ SQLITE_CORRUPT/);
    } finally {
      s.close();
    }
  });

  it('a truncated file and a page of 0xff bytes: every pane stays up', async () => {
    const ffPath = corruptCopy('ff.db', (_b, page) => page(2).fill(0xff));
    const cutPath = corruptCopy('cut.db', () => {});
    truncateSync(cutPath, statSync(cutPath).size / 2 + 100);
    const keys = ['2', KEY.down, KEY.enter, KEY.tab, KEY.down, KEY.escape, 'n', KEY.enter, KEY.escape, '3', '4', KEY.enter, KEY.right, KEY.escape, 'o', 'g', '9', '9', KEY.enter, 'r', '1'];
    for (const path of [ffPath, cutPath]) {
      const { frames, last } = await drive(path, keys, 'Page size in bytes');
      const all = frames.join('\n');
      expect(all).toMatch(/✗ .*database disk image is malformed/);
      expect(all).not.toContain('internal error');
      expect(last).toContain('Page size in bytes');
    }
  });

  it('the broken files of ../shared/corpus/forensic', async (ctx) => {
    const root = sharedFile('corpus/forensic');
    if (!root) {
      console.log('skipped: ../shared/corpus/forensic is absent');
      return ctx.skip();
    }
    // One file per case directory keeps this fast; every file is swept by the model tests.
    const files = readdirSync(root)
      .filter((d) => statSync(join(root, d)).isDirectory())
      .map((d) => readdirSync(join(root, d)).filter((f) => /\.(db|db_recovery)$/.test(f)).map((f) => join(root, d, f))[0])
      .filter((f): f is string => f !== undefined);
    expect(files.length).toBeGreaterThan(15);
    const keys = ['2', 'n', KEY.enter, KEY.down, KEY.down, KEY.enter, KEY.escape, '3', '4', KEY.down, KEY.enter, KEY.escape, 'r', '2'];
    let opened = 0;
    for (const f of files) {
      try {
        InspectSession.open(f).close();
      } catch (e) {
        expect(isSqliteError(e)).toBe(true); // refused at the door with a typed error: the CLI prints it
        continue;
      }
      opened++;
      const { frames } = await drive(f, keys);
      expect(frames.join('\n')).not.toContain('internal error');
    }
    console.log(`forensic: ${opened} of ${files.length} files opened and driven through every pane`);
    expect(opened).toBeGreaterThan(10);
  });
});
