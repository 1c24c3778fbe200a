/**
 * leaf-fold.ts against the format's own decoders (format/cell.ts decodeCell, format/record.ts
 * decodeRecord, themselves checked against SQLite's files): tables written by better-sqlite3 with
 * values of every serial type in one column (NULL, 0 and 1, INTEGERs of 1 to 8 bytes, 6-byte
 * ones near ±2^47 whose sums pass 2^52, REALs, TEXT and BLOBs short or spilling), some rows
 * older than an ALTER TABLE ADD COLUMN (records without the field), page sizes 512 to 4096. For
 * every table leaf page and start cell, foldIntField must stop at the first cell the module doc
 * excludes and give the count, the non-NULL count, the sum and the last value decoding gives.
 *
 * `npm test` runs a seeded sample (STRATA_FOLD_RUNS, default 25).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FOLD_SUM_LIMIT, foldIntField, type IntFoldResult } from '../../src/btree/leaf-fold.js';
import { decodeCell } from '../../src/format/cell.js';
import { maxLocalPayload } from '../../src/format/payload.js';
import { decodeRecord } from '../../src/format/record.js';
import { NodeSyncIO } from '../../src/io/node-sync.js';
import { runSync } from '../../src/io/io-result.js';
import { Pager } from '../../src/pager/pager.js';

const RUNS = Number(process.env.STRATA_FOLD_RUNS ?? 25);
const dir = mkdtempSync(join(tmpdir(), 'strata-fold-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const value = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -300, max: 300 }).map(String) },
  { weight: 3, arbitrary: fc.constantFrom('0', '1', 'NULL') },
  { weight: 2, arbitrary: fc.integer().map(String) },
  { weight: 3, arbitrary: fc.constantFrom('140737488355327', '-140737488355328', '70368744177664', '8388607', '-8388608', '2147483648') },
  { weight: 1, arbitrary: fc.constantFrom('9007199254740993', '-9223372036854775808', '281474976710656') },
  { weight: 1, arbitrary: fc.constantFrom('0.5', '2.0', '-1e300') },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 99 }), fc.constantFrom(1, 30, 900, 5000)).map(([n, l]) => `'${`t${n}`.padEnd(l, 'x')}'`) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2000 }).map((l) => `zeroblob(${l})`) },
);

/** What foldIntField should give for cells `from` … of a leaf, read through the format decoders. */
function model(page: Uint8Array, pgno: number, ptrBase: number, from: number, nCell: number, usable: number, field: number): IntFoldResult {
  let rows = 0;
  let n = 0;
  let sum = 0;
  let last: number | null = null;
  for (let i = from; i < nCell; i++) {
    const cell = decodeCell(page, pgno, 13, (page[ptrBase + 2 * i] << 8) | page[ptrBase + 2 * i + 1], usable);
    if (cell.overflowPgno !== undefined || cell.payloadSize! >= 0x80) break;
    const rec = decodeRecord(cell.localPayload!, 1, pgno);
    if (rec.headerSize >= 0x80 || field >= rec.serialTypes.length || rec.serialTypes.slice(0, field + 1).some((t) => t >= 0x80)) break;
    const st = rec.serialTypes[field];
    if (!(st <= 5 || st === 8 || st === 9)) break;
    const v = rec.values[field] as number | null;
    if (v !== null) {
      if (Math.abs(sum + v) >= FOLD_SUM_LIMIT) break;
      sum += v;
      n++;
    }
    last = v;
    rows++;
  }
  return { rows, n, sum, last };
}

describe('foldIntField', () => {
  it(`reads what decoding reads, and stops where the module doc says (${RUNS} files)`, () => {
    let fileNo = 0;
    let folded = 0;
    let stopped = 0;
    fc.assert(
      fc.property(fc.constantFrom(512, 1024, 4096), fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 400 }), fc.integer({ min: 0, max: 30 }), (pageSize, rows, later) => {
        const file = join(dir, `f${fileNo++}.db`);
        const db = new BetterSqlite3(file);
        db.exec(`PRAGMA page_size = ${pageSize}; CREATE TABLE t(id INTEGER PRIMARY KEY, a, b)`);
        db.exec('BEGIN');
        for (const [a, b] of rows) db.exec(`INSERT INTO t(a, b) VALUES (${a}, ${b})`);
        db.exec('COMMIT');
        db.exec('ALTER TABLE t ADD COLUMN c DEFAULT 5');
        for (let i = 0; i < later; i++) db.exec(`INSERT INTO t(a, b, c) VALUES (${i}, ${i * 3}, ${i % 4 === 0 ? 'NULL' : i})`);
        db.close();
        const pager = Pager.open(new NodeSyncIO(), file, { readonly: true });
        try {
          const usable = pager.usableSize;
          const maxLocal = maxLocalPayload(usable, 'table');
          for (let pgno = 2; pgno <= pager.pageCount; pgno++) {
            const page = runSync(() => pager.getPage(pgno));
            if (page[0] !== 13) continue;
            const nCell = (page[3] << 8) | page[4];
            for (const field of [1, 2, 3]) {
              for (let from = 0; from < nCell; from++) {
                const out: IntFoldResult = { rows: -1, n: -1, sum: NaN, last: -1 };
                foldIntField(page, 8, from, nCell, Math.min(usable, page.length), maxLocal, field, out);
                const want = model(page, pgno, 8, from, nCell, usable, field);
                // No rows folded: n, sum and last as a fold of nothing leaves them.
                expect(out, `page ${pgno} field ${field} from ${from}`).toEqual(want.rows === 0 ? { rows: 0, n: 0, sum: 0, last: null } : want);
                folded += out.rows;
                if (from + out.rows < nCell) stopped++;
              }
            }
          }
        } finally {
          pager.close();
        }
      }),
      { numRuns: RUNS, seed: 20261127 },
    );
    // Both the folding and the stopping were exercised.
    expect(folded).toBeGreaterThan(0);
    expect(stopped).toBeGreaterThan(0);
  });
});
