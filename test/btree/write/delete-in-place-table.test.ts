/**
 * delete-in-place.ts's table drops against delete.ts, byte for byte, with the leaf's free-byte
 * memo (freeMemo) in play: two identical databases (page sizes 512 and 1024, two tables of rows of
 * 1-120 bytes, an index), one losing rows through BTreeWriter.deleteAt (the in-place drop when it
 * applies, its rule 4 answered from the memo when the same leaf was the last one dropped from),
 * the other through the general path (runOp + tableDelete, itself checked against SQLite in this
 * folder). Between deletes, at random: an index delete (the memo moves on), a row inserted into
 * the table, into the leaf just dropped from or at its end (the memo is dropped), the next row
 * deleted through the general path on both (the leaf changes behind the memo), a delete from the
 * other table. After every
 * step every page of the two databases must be the same bytes: a memo that kept a wrong count
 * drops in place where the general path balances.
 *
 * `npm test` runs a seeded sample (STRATA_DIP_RUNS, default 6).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BTreeCursor } from '../../../src/btree/cursor.js';
import { BTreeWriter } from '../../../src/btree/write/btree-writer.js';
import { indexDelete, tableDelete } from '../../../src/btree/write/delete.js';
import { runOp } from '../../../src/btree/write/page-overlay.js';
import { recordFromValues, type SqlValue } from '../../../src/format/index.js';
import { MemoryIO } from '../../../src/io/memory.js';
import { runSync } from '../../../src/io/io-result.js';
import { Pager } from '../../../src/pager/pager.js';

const RUNS = Number(process.env.STRATA_DIP_RUNS ?? 6);

interface Db {
  pager: Pager;
  w: BTreeWriter;
  t1: number;
  t2: number;
  ix: number;
}

function row(rowid: number, len: number): Uint8Array {
  return recordFromValues([rowid, 'y'.repeat(len)], 1);
}

function openDb(pageSize: number, lens: readonly number[]): Db {
  const pager = Pager.open(new MemoryIO(), 'x.db', { readonly: false, newPageSize: pageSize });
  runSync(() => pager.beginWrite());
  const w = new BTreeWriter(pager);
  const t1 = runSync(() => w.createTree('table'));
  const t2 = runSync(() => w.createTree('table'));
  const ix = runSync(() => w.createTree('index'));
  lens.forEach((len, i) => {
    runSync(() => w.insert(t1, i + 1, row(i + 1, len)));
    runSync(() => w.insert(t2, i + 1, row(i + 1, len >> 1)));
    const k: SqlValue[] = [(i * 7919) % 1000, i + 1];
    runSync(() => w.insertIndexKey(ix, recordFromValues(k, 1), {}, k));
  });
  return { pager, w, t1, t2, ix };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function samePages(A: Db, B: Db, what: string): void {
  expect(A.pager.pageCount).toBe(B.pager.pageCount);
  for (let p = 1; p <= A.pager.pageCount; p++) {
    if (!sameBytes(runSync(() => A.pager.getPage(p)), runSync(() => B.pager.getPage(p)))) expect.fail(`page ${p} differs after ${what}`);
  }
}

function rowids(db: Db, root: number): number[] {
  const out: number[] = [];
  const c = new BTreeCursor(db.pager, root, 'table');
  for (let ok = runSync(() => c.first()); ok; ok = runSync(() => c.next())) out.push(Number(c.rowid()));
  return out;
}

describe('in-place table deletes write what the general path writes', () => {
  it(`${RUNS} databases`, () => {
    const def = { keyInfo: { encoding: 1 as const }, keyFields: undefined, encoding: 1 as const };
    fc.assert(
      fc.property(
        fc.constantFrom(512, 1024),
        fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 200, maxLength: 600, size: 'max' }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (pageSize, lens, step, seed) => {
          const A = openDb(pageSize, lens);
          const B = openDb(pageSize, lens);
          let x = seed | 1;
          const rnd = (n: number): number => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 16) % n;
          const n = lens.length;
          const left = new Set(lens.map((_, i) => i + 1));
          let nextRowid = n + 1;
          let lastDeleted = 0;
          const ixLeft = lens.map((_, i) => [(i * 7919) % 1000, i + 1] as SqlValue[]);
          // Rows in rowid order, every `step`-th of each run (as DELETE … WHERE id % k = 0 does), twice over.
          for (let pass = 0; pass < 2; pass++) {
            for (let id = 1 + pass; id <= n; id += step + pass) {
              if (!left.has(id)) continue;
              const what = rnd(8);
              if (what === 0 && ixLeft.length > 0) {
                const k = ixLeft.splice(rnd(ixLeft.length), 1)[0];
                runSync(() => A.w.deleteIndexKey(A.ix, k, {}));
                runSync(() => runOp(B.pager, (ov) => indexDelete(ov, B.ix, k, def), undefined, B.w.hasContent));
              } else if (what === 1 || what === 3) {
                // A row back into the leaf just dropped from (the last rowid deleted), or at the end.
                const len = 1 + rnd(120);
                const r = what === 1 && lastDeleted > 0 ? lastDeleted : nextRowid++;
                if (r === lastDeleted) left.add(r);
                lastDeleted = 0;
                runSync(() => A.w.insert(A.t1, r, row(r, len)));
                runSync(() => B.w.insert(B.t1, r, row(r, len)));
              } else if (what === 4 || what === 5) {
                // The next row dropped through the general path on both: its leaf's bytes change
                // behind the memo (more free bytes than it counted).
                const r = id + 1;
                if (left.has(r)) {
                  runSync(() => runOp(A.pager, (ov) => tableDelete(ov, A.t1, r), undefined, A.w.hasContent));
                  runSync(() => runOp(B.pager, (ov) => tableDelete(ov, B.t1, r), undefined, B.w.hasContent));
                  left.delete(r);
                }
              } else if (what === 2) {
                runSync(() => A.w.deleteAt(A.t2, id, 0, -1));
                runSync(() => runOp(B.pager, (ov) => tableDelete(ov, B.t2, id), undefined, B.w.hasContent));
              }
              expect(runSync(() => A.w.deleteAt(A.t1, id, 0, -1))).toBe(true);
              expect(runSync(() => runOp(B.pager, (ov) => tableDelete(ov, B.t1, id), undefined, B.w.hasContent))).toBe(true);
              left.delete(id);
              lastDeleted = id;
              samePages(A, B, `deleting row ${id}`);
            }
          }
          const want = [...left];
          for (let r = n + 1; r < nextRowid; r++) want.push(r);
          expect(rowids(A, A.t1)).toEqual(want.sort((p, q) => p - q));
        },
      ),
      { numRuns: RUNS, seed: 2612 },
    );
  });
});
