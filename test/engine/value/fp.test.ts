/**
 * The decimal → binary conversion of SQLite 3.53 (fp-decimal.ts): the Clinger fast path and the
 * 128-bit algorithm agree wherever both apply, and both round correctly (as JavaScript's own
 * correctly rounded parser does) for mantissas of up to 19 digits; and text → REAL through
 * sqlite3AtoF matches SQLite on generated decimal strings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fp10Convert2, fp10Convert2Slow } from '../../../src/engine/value/fp-decimal.js';
import { atoF } from '../../../src/engine/value/text-to-number.js';
import { Real } from '../../../src/engine/value/value.js';
import { fcParams, mismatch, sqliteEval } from './oracle.js';

describe('fp10Convert2', () => {
  it('fast path equals the 128-bit algorithm', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 2n ** 53n }), fc.integer({ min: -22, max: 22 }), (d, p) => {
        expect(fp10Convert2(Number(d), p), `${d}e${p}`).toBe(fp10Convert2Slow(d, p));
      }),
      fcParams(3000),
    );
  });

  it('rounds d·10^p correctly for 19-digit mantissas', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 9999999999999999999n }), fc.integer({ min: -340, max: 300 }), (d, p) => {
        expect(fp10Convert2Slow(d, p), `${d}e${p}`).toBe(Number(`${d}e${p}`));
      }),
      fcParams(3000),
    );
  });

  it('text → REAL as SQLite reads it', () => {
    const digits = fc.stringMatching(/^[0-9]{1,25}$/);
    const text = fc.tuple(fc.constantFrom('', '-', '+'), digits, fc.option(digits), fc.option(fc.integer({ min: -400, max: 400 }))).map(
      ([s, a, b, e]) => `${s}${a}${b === null ? '' : '.' + b}${e === null ? '' : 'e' + e}`,
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(mismatch({ value: new Real(atoF(t).value) }, sqliteEval('CAST(?1 AS REAL)', [t])), t).toBeUndefined();
      }),
      fcParams(3000),
    );
  });
});
