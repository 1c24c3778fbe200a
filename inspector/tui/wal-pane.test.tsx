import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { render } from 'ink-testing-library';
import { App } from './app.js';
import { InspectSession } from '../model/session.js';
import { frameWith, KEY, press, repoFile, sharedFile, tick, withSqliteCopy } from './testing.js';

const sessions: InspectSession[] = [];
afterEach(() => {
  while (sessions.length) sessions.pop()!.close();
});

async function walPane(path: string) {
  const s = InspectSession.open(path);
  sessions.push(s);
  const app = render(<App session={s} size={{ cols: 80, rows: 24 }} />);
  await tick();
  await press(app.stdin, '3');
  return app;
}

/** Frame headers read straight from a -wal file (walformat §1): [frame, pgno, commit size]. */
function frameHeaders(wal: Uint8Array, pageSize: number): Array<[number, number, number]> {
  const dv = new DataView(wal.buffer, wal.byteOffset, wal.byteLength);
  const out: Array<[number, number, number]> = [];
  for (let off = 32, i = 1; off + 24 + pageSize <= wal.length; off += 24 + pageSize, i++) out.push([i, dv.getUint32(off), dv.getUint32(off + 4)]);
  return out;
}

describe('WAL pane', () => {
  it('corpus/wal-torn.db: every frame, commit marks, the uncommitted and the bad frame, as sqlite3 reads it', async () => {
    const wal = new Uint8Array(readFileSync(repoFile('corpus/wal-torn.db-wal')));
    const frames = frameHeaders(wal, 1024);
    const pages = withSqliteCopy(repoFile('corpus/wal-torn.db'), (db) => db.pragma('page_count', { simple: true }) as number);
    const lastCommit = Math.max(...frames.filter(([i, , c]) => c !== 0 && i <= 24).map(([i]) => i));
    const { lastFrame, stdin } = await walPane(repoFile('corpus/wal-torn.db'));
    let f = lastFrame()!;
    expect(f).toContain('WAL header ok');
    expect(f).toContain(`${frames.length} frames · mxFrame ${lastCommit} (db ${pages} pages) · checksum mismatch at frame 26`);
    expect(f).toContain('no -shm file');
    for (const [i, pgno, commit] of frames.slice(0, 10)) {
      expect(f).toMatch(new RegExp(`\\b${i} +${pgno} +${commit} +[0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} [0-9a-f]{8} ok${commit ? ' COMMIT' : '\\s*$'}`, 'm'));
    }
    await press(stdin, KEY.end);
    f = await frameWith(lastFrame, /\b25 +\d+ +0 .* ok past last commit/);
    expect(f).toMatch(/›\s+26 +\d+ +\d+ .* BAD checksum/);
    expect(f).toMatch(/frame 26: checksum should be [0-9a-f]{8} [0-9a-f]{8}/);
    await press(stdin, KEY.up, KEY.enter); // frame 25: the page image it holds
    f = lastFrame()!;
    expect(f).toContain(`page ${frames[24][1]}/${pages} ·`);
    expect(f).toContain('as stored in WAL frame 25');
    expect(f).toContain(`page ${frames[24][1]} (frame 25)`);
  });

  it('sqlittle wal_crashed.sqlite: the -shm wal-index headers and checkpoint info', async (ctx) => {
    const db = sharedFile('corpus/sqlittle/testdata/wal_crashed.sqlite');
    if (!db) {
      console.log('skipped: ../shared/corpus/sqlittle is absent');
      return ctx.skip();
    }
    const shm = new DataView(new Uint8Array(readFileSync(`${db}-shm`)).buffer);
    const mxFrame = shm.getUint32(16, true);
    const nBackfill = shm.getUint32(96, true);
    const { lastFrame } = await walPane(db);
    const f = lastFrame()!;
    expect(f).toContain(`-shm 1: mxFrame ${mxFrame} · nPage ${shm.getUint32(20, true)}`);
    expect(f).toContain('-shm 2: same as copy 1');
    expect(f).toMatch(new RegExp(`checkpoint: nBackfill ${nBackfill} · attempted \\d+ · read marks 0, ${shm.getUint32(104, true)}`));
    expect(f).toContain(`mxFrame ${mxFrame}`);
  });

  it('sqlittle wal.sqlite: an empty -wal', async (ctx) => {
    const db = sharedFile('corpus/sqlittle/testdata/wal.sqlite');
    if (!db) {
      console.log('skipped: ../shared/corpus/sqlittle is absent');
      return ctx.skip();
    }
    const { lastFrame } = await walPane(db);
    expect(lastFrame()).toContain('empty -wal file (0 bytes)');
    expect(lastFrame()).toContain('0 frames · mxFrame 0 (no commit)');
  });
});
