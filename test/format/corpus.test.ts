/**
 * Byte-exact corpus test: for every page of every well-formed file of the corpus (corpus-files.ts)
 * that passes `sqlite3 FILE "PRAGMA integrity_check"`, classify the page by walking from the header
 * and sqlite_schema (b-tree pages, overflow chains, freelist trunks and leaves, ptrmap pages) and
 * check that encode(decode(page)) is the page. Freelist leaf and lock-byte pages hold no structure:
 * they are counted, not re-encoded.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  decodeBtreePage,
  decodeFreelistTrunk,
  decodeOverflowPage,
  decodePtrmapPage,
  encodeBtreePage,
  encodeFreelistTrunk,
  encodeOverflowPage,
  encodePtrmapPage,
  PTRMAP_ENTRY_BYTES,
} from '../../src/format/index.js';
import { corpusFiles } from './corpus-files.js';
import { HAVE_SHARED, SHARED } from './shared.js';
import { mapFile, pageOf, type PageKind } from './walk.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-corpus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** integrity_check on a private copy (the database file alone), so no journal or WAL beside it is touched. */
function integrityOk(path: string): boolean {
  const copy = join(dir, basename(path));
  copyFileSync(path, copy);
  try {
    return execFileSync('sqlite3', ['-readonly', copy, 'PRAGMA integrity_check'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === 'ok';
  } catch {
    return false;
  } finally {
    rmSync(copy, { force: true });
  }
}

function roundTrip(page: Uint8Array, pgno: number, kind: PageKind, usableSize: number): Uint8Array | undefined {
  const size = page.length;
  switch (kind) {
    case 'btree':
      return encodeBtreePage(decodeBtreePage(page, pgno, usableSize), size);
    case 'overflow':
      return encodeOverflowPage(decodeOverflowPage(page, pgno, usableSize), size);
    case 'freelist-trunk':
      return encodeFreelistTrunk(decodeFreelistTrunk(page, pgno, usableSize), size);
    case 'ptrmap': {
      const entries = decodePtrmapPage(page, pgno, usableSize);
      return encodePtrmapPage(entries, size, page.subarray(PTRMAP_ENTRY_BYTES * entries.length));
    }
    default:
      return undefined; // freelist leaves and the lock-byte page carry no structure
  }
}

describe.skipIf(!HAVE_SHARED)('byte-exact corpus', () => {
  it('encode(decode(page)) is the page, for every classified page of every well-formed file', () => {
    const files = corpusFiles();
    const skipped: string[] = [];
    const byKind = new Map<string, number>();
    let filesChecked = 0;
    let pagesChecked = 0;
    let unclassified = 0;
    for (const path of files) {
      const name = relative(join(SHARED, '..'), path);
      if (!integrityOk(path)) {
        skipped.push(name);
        continue;
      }
      const file = new Uint8Array(readFileSync(path));
      const m = mapFile(file);
      for (const [pgno, kind] of m.kinds) {
        const page = pageOf(file, m.pageSize, pgno);
        const again = roundTrip(page, pgno, kind, m.usableSize);
        if (again) {
          if (Buffer.compare(again, page) !== 0) {
            const at = again.findIndex((b, i) => b !== page[i]);
            expect.fail(`${name} page ${pgno} (${kind}) differs at byte ${at}`);
          }
          pagesChecked++;
        }
        byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
      }
      unclassified += m.pageCount - m.kinds.size;
      filesChecked++;
    }
    console.log(
      `byte-exact corpus: ${filesChecked} files, ${pagesChecked} pages re-encoded exactly ` +
        `(${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}; ${unclassified} pages unreferenced); ` +
        `${skipped.length} of ${files.length} candidates skipped for failing integrity_check: ${skipped.join(' ')}`,
    );
    expect(filesChecked).toBeGreaterThan(50);
  });
});
