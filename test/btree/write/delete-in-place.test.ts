/**
 * delete-in-place.ts against delete.ts, byte for byte: two identical index trees (page sizes 512
 * and 1024, keys of integers, reals, text and blobs, some long enough to spill), one losing its
 * entries through BTreeWriter.deleteIndexKey (the in-place leaf and interior drops when they
 * apply), the other through the general path (runOp + indexDelete, itself checked against SQLite
 * in this folder); after every delete every page of the two databases must be the same bytes, and
 * at the end a cursor scan gives the entries left. The interior in-place drop must have run.
 *
 * `npm test` runs a seeded sample (STRATA_DIP_RUNS, default 6).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareKeys } from '../../../src/btree/compare.js';
import { BTreeCursor } from '../../../src/btree/cursor.js';
import { BTreeWriter } from '../../../src/btree/write/btree-writer.js';
import { indexDelete } from '../../../src/btree/write/delete.js';
import { SEARCH } from '../../../src/btree/search-step.js';
import { lcg, SPREADS, spreadValue } from '../../support/key-spread.js';
import { runOp } from '../../../src/btree/write/page-overlay.js';
import { recordFromValues, type SqlValue } from '../../../src/format/index.js';
import { MemoryIO } from '../../../src/io/memory.js';
import { runSync } from '../../../src/io/io-result.js';
import { Pager } from '../../../src/pager/pager.js';

const RUNS = Number(process.env.STRATA_DIP_RUNS ?? 6);

function openTree(pageSize: number, keys: readonly SqlValue[][]): { pager: Pager; w: BTreeWriter; root: number } {
  const pager = Pager.open(new MemoryIO(), 'x.db', { readonly: false, newPageSize: pageSize });
  runSync(() => pager.beginWrite());
  const w = new BTreeWriter(pager);
  const root = runSync(() => w.createTree('index'));
  for (const k of keys) runSync(() => w.insertIndexKey(root, recordFromValues(k, 1), {}, k));
  return { pager, w, root };
}

const keyArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -1000, max: 100000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 1, 2 ** 31, -(2 ** 40), 0.5, null) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.integer({ min: 20, max: 700 }).map((n) => 'x'.repeat(n)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 8 }) },
);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Copies of the interior pages (type 2) of the database, by page number. */
function interiorPages(pager: Pager): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  for (let p = 1; p <= pager.pageCount; p++) {
    const b = runSync(() => pager.getPage(p));
    if (b[p === 1 ? 100 : 0] === 2) out.set(p, b.slice());
  }
  return out;
}

/**
 * Counts the calls of BTreeWriter's general index delete (the path taken when the in-place one
 * declines) until `restore()`.
 */
function countGeneralDeletes(): { calls: () => number; restore: () => void } {
  const proto = BTreeWriter.prototype as unknown as { deleteIndexGeneral: (...a: unknown[]) => unknown };
  const general = proto.deleteIndexGeneral;
  let n = 0;
  proto.deleteIndexGeneral = function (this: unknown, ...a: unknown[]) {
    n++;
    return general.apply(this, a);
  };
  return { calls: () => n, restore: () => void (proto.deleteIndexGeneral = general) };
}

describe('in-place index deletes write what the general path writes', () => {
  it(`${RUNS} trees`, () => {
    const counter = countGeneralDeletes();
    let interior = 0;
    try {
      fc.assert(
        fc.property(
          fc.constantFrom(512, 1024),
          fc.array(keyArb, { minLength: 300, maxLength: 900, size: 'max' }),
          fc.integer({ min: 0, max: 2 ** 31 }),
          (pageSize, as, seed) => {
            const keys = as.map((a, i) => [a, i + 1] as SqlValue[]);
            const A = openTree(pageSize, keys);
            const B = openTree(pageSize, keys);
            // Delete about three quarters of the entries, in rowid order (random in key order).
            let x = seed | 1;
            const order = keys.filter(() => (((x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 16) & 3) !== 0);
            const def = { keyInfo: { encoding: 1 as const }, keyFields: undefined, encoding: 1 as const };
            const left = new Set(keys);
            for (const k of order) {
              const before = counter.calls();
              const prev = interiorPages(A.pager);
              expect(runSync(() => A.w.deleteIndexKey(A.root, k, {}))).toBe(true);
              expect(runSync(() => runOp(B.pager, (ov) => indexDelete(ov, B.root, k, def), undefined, B.w.hasContent))).toBe(true);
              left.delete(k);
              // In place (no general path) and an interior page changed: the interior drop ran.
              if (counter.calls() === before && [...prev].some(([p, b]) => !sameBytes(runSync(() => A.pager.getPage(p)), b))) interior++;
              expect(A.pager.pageCount).toBe(B.pager.pageCount);
              for (let p = 1; p <= A.pager.pageCount; p++) {
                if (!sameBytes(runSync(() => A.pager.getPage(p)), runSync(() => B.pager.getPage(p)))) expect.fail(`page ${p} differs after deleting ${String(k)}`);
              }
            }
            const want = [...left].sort((p, q) => compareKeys(p, q, { encoding: 1 }));
            const got: SqlValue[][] = [];
            const c = new BTreeCursor(A.pager, A.root, 'index');
            for (let ok = runSync(() => c.first()); ok; ok = runSync(() => c.next())) got.push(runSync(() => c.record()).values as SqlValue[]);
            expect(got).toEqual(want);
          },
        ),
        { numRuns: RUNS, seed: 2611 },
      );
    } finally {
      counter.restore();
    }
    expect(interior).toBeGreaterThan(0);
  });
});

describe('the in-place search estimates where a key lies, and finds what a binary search finds', () => {
  it(`${RUNS} trees: the same pages, the same deletes in place, with and without estimates`, () => {
    const counter = countGeneralDeletes();
    let inPlace = 0;
    try {
      fc.assert(
        fc.property(fc.constantFrom(512, 1024, 4096), fc.constantFrom(...SPREADS), fc.integer({ min: 300, max: 3000 }), fc.integer({ min: 1, max: 2 ** 31 }), (pageSize, spread, n, seed) => {
          const next = lcg(seed);
          const keys = Array.from({ length: n }, (_, i) => [spreadValue(spread, i, next()), i + 1] as SqlValue[]);
          const A = openTree(pageSize, keys);
          const B = openTree(pageSize, keys);
          const order = keys.filter(() => next() % 3 === 0);
          for (const k of order) {
            const before = counter.calls();
            SEARCH.estimate = true;
            expect(runSync(() => A.w.deleteIndexKey(A.root, k, {}))).toBe(true);
            const generalA = counter.calls() - before;
            SEARCH.estimate = false;
            expect(runSync(() => B.w.deleteIndexKey(B.root, k, {}))).toBe(true);
            expect(generalA, `the key ${String(k)} went ${generalA ? 'the general way' : 'in place'} with estimates only`).toBe(counter.calls() - before - generalA);
            if (generalA === 0) inPlace++;
          }
          expect(A.pager.pageCount).toBe(B.pager.pageCount);
          for (let p = 1; p <= A.pager.pageCount; p++) {
            if (!sameBytes(runSync(() => A.pager.getPage(p)), runSync(() => B.pager.getPage(p)))) expect.fail(`page ${p} differs (${spread})`);
          }
        }),
        { numRuns: RUNS * 2, seed: 2711 },
      );
    } finally {
      SEARCH.estimate = true;
      counter.restore();
    }
    expect(inPlace).toBeGreaterThan(0);
  });
});
