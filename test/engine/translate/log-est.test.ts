/**
 * translate/log-est.ts against the values SQLite's own source asserts (where.c, build.c, util.c:
 * `assert( 43==sqlite3LogEst(20) )` and the like) and the rules its comments state for
 * sqlite3LogEstAdd (doubling adds 10; a term more than 49 below the other vanishes); estLog of a
 * table's rows is the LogEst of its b-tree depth.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estLog, logEst, logEstAdd } from '../../../src/engine/translate/log-est.js';

describe('LogEst arithmetic as SQLite computes it', () => {
  it('sqlite3LogEst at the constants SQLite asserts', () => {
    const asserted: [number, number][] = [[28, 48], [2, 10], [20, 43], [18, 42], [10, 33], [15, 39], [1000, 99], [5, 23], [1, 0], [1048576, 200]];
    expect(asserted.map(([x]) => [x, logEst(x)])).toEqual(asserted);
  });

  it('estLog of 1,000 / 100,000 / 1,000,000 / 100,000,000 rows', () => {
    expect([1000, 100_000, 1_000_000, 100_000_000].map((n) => estLog(logEst(n)))).toEqual([33, 40, 43, 47]);
  });

  it('sqlite3LogEstAdd: symmetric, doubling adds 10, a term 50 or more below the other vanishes, near the true sum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 400 }), (a, b) => {
        expect(logEstAdd(a, b)).toBe(logEstAdd(b, a));
        if (a === b) expect(logEstAdd(a, b)).toBe(a + 10);
        if (a > b + 49) expect(logEstAdd(a, b)).toBe(a);
        // Within about one unit of 10·log2(2^(a/10) + 2^(b/10)).
        const exact = 10 * Math.log2(2 ** (a / 10) + 2 ** (b / 10));
        expect(Math.abs(logEstAdd(a, b) - exact)).toBeLessThanOrEqual(1.5);
      }),
      { seed: 27, numRuns: 500 },
    );
  });
});
