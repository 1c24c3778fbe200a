/**
 * The sorter's layouts (src/engine/vdbe/memory-cursor.ts MemIndexStore: INTEGERs in a Float64Array,
 * flat Values, rows) against a model: whatever is appended (appendFields with affinities, insert),
 * the sorted store reads back, row by row, as a stable sort of the records with the affinities
 * applied (Array.prototype.sort is stable) under the store's own comparison. Random records of 1–3
 * fields, mostly INTEGERs (dense keys: the counting sorts; wide ones: the comparison sort), now and
 * then a NULL, REAL, TEXT, BLOB, bigint or −0, or a record of another width, at any point of the
 * appends; 1 or 2 key fields, ASC/DESC. The SQL-level oracles (GROUP BY, ORDER BY, CREATE INDEX vs
 * better-sqlite3) are read-path.test.ts and create-index.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyAffinity } from '../../../src/engine/vdbe/arith.js';
import { compareRecords } from '../../../src/engine/vdbe/mem.js';
import { MemIndexCursor, MemIndexStore } from '../../../src/engine/vdbe/memory-cursor.js';
import type { KeyInfo } from '../../../src/engine/vdbe/insn.js';
import { Real, type Value } from '../../../src/engine/value/value.js';

const RUNS = Number(process.env.STRATA_SORTER_RUNS ?? 150);
const SEED = Number(process.env.STRATA_SORTER_SEED ?? 20261126);

const odd: fc.Arbitrary<Value> = fc.constantFrom<Value>(null, new Real(2.5), new Real(7), 'abc', '', new Uint8Array([1, 2]), 2n ** 60n, -(2n ** 62n), -0);
const script = fc
  .record({
    width: fc.integer({ min: 1, max: 3 }),
    n: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 256, max: 700 })),
    dense: fc.boolean(),
    keyFields: fc.integer({ min: 1, max: 2 }),
    desc: fc.tuple(fc.boolean(), fc.boolean()),
    aff: fc.constantFrom('', '', '', 'D', 'E', 'C', 'B', 'A'),
    seed: fc.integer(),
    // [record index, field, value]: an odd value somewhere (or none); a record of another width.
    oddAt: fc.option(fc.tuple(fc.nat(), fc.nat(), odd), { freq: 2 }),
    otherWidthAt: fc.option(fc.nat(), { freq: 3 }),
    viaInsert: fc.boolean(),
  })
  .map((s) => {
    let x = s.seed >>> 0 || 1;
    const rnd = (): number => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) / 0x100000000;
    };
    const domain = s.dense ? Math.max(4, s.n >> 2) : 2 ** 40;
    const recs: Value[][] = Array.from({ length: s.n }, () => Array.from({ length: s.width }, () => Math.floor(rnd() * domain) - (domain >> 1)));
    if (s.oddAt && s.n > 0) recs[s.oddAt[0] % s.n][s.oddAt[1] % s.width] = s.oddAt[2];
    if (s.otherWidthAt !== null && s.n > 0) recs[s.otherWidthAt % s.n].push(1);
    return { ...s, recs };
  });

describe('MemIndexStore sorter layouts vs a stable sort', () => {
  it('reads back the appended records sorted, whatever their values', () => {
    fc.assert(
      fc.property(script, (s) => {
        const ki: KeyInfo = { nKeyField: s.keyFields, desc: [s.desc[0], s.desc[1]], collNames: [], collations: [] };
        const store = new MemIndexStore(ki);
        store.sorted = false;
        const mem: Value[] = new Array<Value>(8).fill(null);
        for (const r of s.recs) {
          if (s.viaInsert) store.insert(r.map((v, i) => (i < s.aff.length ? applyAffinity(v, s.aff.charCodeAt(i)) : v)));
          else {
            for (let i = 0; i < r.length; i++) mem[2 + i] = r[i];
            store.appendFields(mem, 2, r.length, s.aff);
          }
        }
        const expected = s.recs.map((r) => r.map((v, i) => (i < s.aff.length ? applyAffinity(v, s.aff.charCodeAt(i)) : v))).sort((a, b) => compareRecords(a, b, ki));
        store.sort();
        expect(store.length).toBe(expected.length);
        const got: Value[][] = [];
        const cur = new MemIndexCursor(store);
        for (let ok = cur.first(); ok; ok = cur.next()) got.push(cur.record());
        expect(got).toEqual(expected);
        // Each row read twice is the same (a fresh copy each time for a flat layout).
        for (let i = 0; i < expected.length; i += 37) expect(store.row(i)).toEqual(expected[i]);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
