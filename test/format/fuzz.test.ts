/**
 * Fuzz: decoders fed arbitrary bytes and mutated real pages either succeed or throw a SqliteError
 * with code SQLITE_CORRUPT (SQLITE_NOTADB for the database and Turso headers) carrying the page
 * number and an offset, within bounded time. A mutated page that still decodes must re-encode to
 * exactly its bytes.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSqliteError, type SqliteErrorCode } from '../../src/error.js';
import {
  cellPointer,
  decodeBtreePage,
  decodeBtreePageHeader,
  decodeCell,
  decodeDatabaseHeader,
  decodeFreelistTrunk,
  decodeOverflowPage,
  decodePtrmapPage,
  decodeRecord,
  decodeTursoHeader,
  decodeVarint,
  encodeBtreePage,
} from '../../src/format/index.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fillRandom, prng } from './arbitraries.js';
import { HAVE_SHARED, SHARED } from './shared.js';
import { mapFile, pageOf } from './walk.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const MAX_MS_PER_CALL = 200;

/** Runs `f`; it must return, or throw a SqliteError with `code`, `pgno` (when given) and an offset. */
function expectCleanFailure(f: () => unknown, pgno: number | undefined, code: SqliteErrorCode = 'SQLITE_CORRUPT'): boolean {
  const t0 = performance.now();
  try {
    f();
    return true;
  } catch (e) {
    if (!isSqliteError(e)) throw e;
    expect(e.code).toBe(code);
    if (pgno !== undefined) expect(e.pgno).toBe(pgno);
    expect(typeof e.offset).toBe('number');
    return false;
  } finally {
    expect(performance.now() - t0).toBeLessThan(MAX_MS_PER_CALL);
  }
}

/** Everything the format layer can decode on one page, as a cursor and the inspector would. */
function decodeEverything(page: Uint8Array, pgno: number, usableSize: number): void {
  expectCleanFailure(() => decodeBtreePageHeader(page, pgno), pgno);
  expectCleanFailure(() => {
    const h = decodeBtreePageHeader(page, pgno);
    for (let i = 0; i < h.cellCount; i++) {
      const c = decodeCell(page, pgno, h.pageType, cellPointer(page, pgno, i), usableSize);
      if (c.localPayload && c.localPayload.length === c.payloadSize) decodeRecord(c.localPayload, 1, pgno);
    }
  }, pgno);
  const ok = expectCleanFailure(() => decodeBtreePage(page, pgno, usableSize), pgno);
  if (ok) expect(hex(encodeBtreePage(decodeBtreePage(page, pgno, usableSize), page.length))).toBe(hex(page));
  expectCleanFailure(() => decodeOverflowPage(page, pgno, usableSize), pgno);
  expectCleanFailure(() => decodeFreelistTrunk(page, pgno, usableSize), pgno);
  expectCleanFailure(() => decodePtrmapPage(page, pgno, usableSize), pgno);
}

function sampleFile(): Uint8Array {
  const db = new Database(':memory:');
  db.pragma('page_size = 1024');
  db.exec(`CREATE TABLE t(a, b); CREATE INDEX i ON t(b, a);
    WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 400)
    INSERT INTO t SELECT x * 1234567, CASE x % 3 WHEN 0 THEN randomblob(x * 7) WHEN 1 THEN 'v' || x ELSE x / 3.0 END FROM n;
    DELETE FROM t WHERE a % 5 = 0;`);
  const file = new Uint8Array(db.serialize());
  db.close();
  return file;
}

describe('fuzz', () => {
  it('arbitrary bytes: only SQLITE_CORRUPT / SQLITE_NOTADB, with place, in bounded time', () => {
    fc.assert(
      fc.property(fc.constantFrom(512, 1024, 4096), fc.integer(), fc.integer({ min: 1, max: 5 }), fc.nat({ max: 64 }), (size, seed, pgno, reserved) => {
        const rnd = prng(seed);
        const page = fillRandom(new Uint8Array(size), rnd);
        // bias towards plausible headers so the deeper checks run
        page[pgno === 1 ? 100 : 0] = [2, 5, 10, 13][seed & 3];
        decodeEverything(page, pgno, size - reserved);
        expectCleanFailure(() => decodeRecord(page.subarray(0, Math.floor(rnd() * 64)), 1, pgno), pgno);
        expectCleanFailure(() => decodeVarint(page, 0, Math.floor(rnd() * 10)), undefined);
        expectCleanFailure(() => decodeDatabaseHeader(page), undefined, 'SQLITE_NOTADB');
        expectCleanFailure(() => decodeTursoHeader(page), 1, 'SQLITE_NOTADB');
      }),
      { numRuns: 300 },
    );
  });

  it('mutated real pages: decode and re-encode exactly, or fail cleanly', () => {
    const file = sampleFile();
    const m = mapFile(file);
    const pages = [...m.kinds].filter(([, k]) => k === 'btree').map(([p]) => p);
    expect(pages.length).toBeGreaterThan(10);
    let decoded = 0;
    let rejected = 0;
    fc.assert(
      fc.property(fc.constantFrom(...pages), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 6 }), fc.boolean(), (pgno, flips, nearHeader) => {
        const page = pageOf(file, m.pageSize, pgno).slice();
        const h = pgno === 1 ? 100 : 0;
        for (const [at, v] of flips) page[nearHeader ? h + (at % 24) : at % page.length] = v;
        if (expectCleanFailure(() => decodeBtreePage(page, pgno, m.usableSize), pgno)) decoded++;
        else rejected++;
        decodeEverything(page, pgno, m.usableSize);
        const db = page.slice(0, 100);
        if (pgno === 1) expectCleanFailure(() => decodeDatabaseHeader(db), undefined, 'SQLITE_NOTADB');
      }),
      { numRuns: 1500 },
    );
    expect(decoded).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });
});

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

describe.skipIf(!HAVE_SHARED)('broken files of the corpus', () => {
  it('every page of every corpus file, anti-forensic and fuzzed ones included, fails cleanly or decodes', () => {
    const files = allFiles(join(SHARED, 'corpus')).filter((p) => /\.(db|sqlite)$|sqlittle\/corpus\//.test(p));
    let pages = 0;
    let notadb = 0;
    for (const path of files) {
      const file = new Uint8Array(readFileSync(path));
      let pageSize = 4096;
      let reserved = 0;
      if (expectCleanFailure(() => decodeDatabaseHeader(file), undefined, 'SQLITE_NOTADB')) {
        const h = decodeDatabaseHeader(file);
        pageSize = h.pageSize;
        reserved = h.reservedSpace;
      } else notadb++;
      for (let pgno = 1; pgno * pageSize <= file.length; pgno++, pages++) decodeEverything(pageOf(file, pageSize, pgno), pgno, pageSize - reserved);
    }
    console.log(`corpus fuzz: ${files.length} files, ${pages} pages decoded or cleanly rejected, ${notadb} files not a database`);
    expect(files.length).toBeGreaterThan(140);
  });
});
