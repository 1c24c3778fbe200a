/**
 * FlatIntRun (src/engine/vdbe/sorted-run.ts), the records CREATE INDEX appends as a run, against
 * a model of its two rules and the VM's record encoder (record-codec.ts encodeValues, whose bytes
 * record-codec.test.ts checks against SQLite's payloads): over random sorters' INTEGER records of
 * 1–4 fields in a Float64Array (INTEGERs at every serial-type boundary, sorted under random DESC
 * flags, with duplicates and now and then a −0), the run hands out exactly the records the rules
 * allow, in order, each with encodeValues' bytes, stops at the first it cannot vouch for, and
 * `back`/`lastKey` name the right records. The SQL-level oracle (the index as better-sqlite3 builds
 * it, integrity_check) is create-index.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeValues } from '../../../src/engine/vdbe/record-codec.js';
import { FlatIntRun } from '../../../src/engine/vdbe/sorted-run.js';
import type { Value } from '../../../src/engine/value/value.js';

const RUNS = Number(process.env.STRATA_SORTEDRUN_RUNS ?? 200);
const SEED = Number(process.env.STRATA_SORTEDRUN_SEED ?? 20261126);

/** INTEGERs around each serial type's bounds, small ones (duplicates), random safe ones. */
const intArb: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, 1, -1, 2, 127, 128, -128, -129, 32767, 32768, -32768, -32769, 8388607, 8388608, -8388608, 2147483647, 2147483648, -2147483648, -2147483649, 140737488355327, 140737488355328, -140737488355328, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
  fc.integer({ min: -5, max: 5 }),
  fc.maxSafeInteger(),
);
const oddArb: fc.Arbitrary<number> = fc.constant(-0);

/** Lexicographic order of two all-number records under `desc`. */
function cmp(a: readonly Value[], b: readonly Value[], desc: readonly boolean[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x !== y) return (x < y ? -1 : 1) * (desc[i] ? -1 : 1);
  }
  return 0;
}

const isInt = (v: Value): boolean => typeof v === 'number' && !Object.is(v, -0);

const sorter = fc
  .record({ w: fc.integer({ min: 1, max: 4 }), n: fc.integer({ min: 2, max: 60 }), descBits: fc.integer({ min: 0, max: 15 }) })
  .chain(({ w, n, descBits }) =>
    fc.record({
      w: fc.constant(w),
      desc: fc.constant(Array.from({ length: w }, (_, i) => (descBits & (1 << i)) !== 0)),
      rows: fc.array(fc.array(intArb, { minLength: w, maxLength: w }), { minLength: n, maxLength: n }),
      // Where a field is replaced by a value the run must stop at: [row, field, value], maybe none.
      odd: fc.option(fc.tuple(fc.nat(), fc.nat(), oddArb)),
      // Sort the rows (the common case), or leave them as drawn (order broken somewhere, likely).
      sorted: fc.boolean(),
      start: fc.integer({ min: 1, max: 5 }),
    }),
  );

describe('FlatIntRun vs its rules and the record encoder', () => {
  it('hands out the records the rules allow, with encodeValues bytes', () => {
    fc.assert(
      fc.property(sorter, ({ w, desc, rows, odd, sorted, start }) => {
        const recs: number[][] = rows.map((r) => [...r]);
        if (sorted) recs.sort((a, b) => cmp(a, b, desc));
        if (odd) recs[odd[0] % recs.length][odd[1] % w] = odd[2];
        const pos = Math.min(start, recs.length - 1);
        const flat = Float64Array.from(recs.flat());
        const run = new FlatIntRun();
        expect(run.reset(flat, w, recs.length, pos, w, desc)).toBe(true);
        // The model: record i goes while it has no −0 and is larger than record i - 1 on their first
        // differing field (numerically: a −0 before it compares as the REAL 0.0 it is stored as).
        const larger = (prev: readonly Value[], cur: readonly Value[]): boolean => {
          for (let f = 0; f < w; f++) {
            if (prev[f] !== cur[f]) return cmp([prev[f]], [cur[f]], [desc[f]]) < 0;
          }
          return false;
        };
        let expectEnd = pos;
        while (expectEnd < recs.length && recs[expectEnd].every(isInt) && larger(recs[expectEnd - 1], recs[expectEnd])) expectEnd++;
        let i = pos;
        for (let span = run.next(); span !== null; span = run.next()) {
          expect(i).toBeLessThan(expectEnd);
          expect(Buffer.from(span.buf.subarray(span.start, span.end))).toEqual(Buffer.from(encodeValues(recs[i], 1)));
          i++;
          expect(run.lastKey()).toEqual(recs[i - 1]);
          if (i % 3 === 0) {
            // A record not appended is handed out again.
            run.back();
            expect(run.lastKey()).toEqual(recs[i - 2]);
            const again = run.next()!;
            expect(Buffer.from(again.buf.subarray(again.start, again.end))).toEqual(Buffer.from(encodeValues(recs[i - 1], 1)));
          }
        }
        expect(i).toBe(expectEnd);
        expect(run.pos).toBe(expectEnd);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('refuses records of no field, too many fields, or a start before the second record', () => {
    const run = new FlatIntRun();
    expect(run.reset(new Float64Array(0), 0, 0, 1, 0, [])).toBe(false);
    expect(run.reset(new Float64Array(101 * 2).fill(1), 101, 2, 1, 101, [])).toBe(false);
    expect(run.reset(Float64Array.of(1, 2), 1, 2, 0, 1, [])).toBe(false);
  });
});
