/**
 * The math functions against SQLite 3.53 (better-sqlite3) on generated arguments of every storage
 * class. Exact functions must agree bit for bit; the transcendental ones within 2 ulps (JavaScript's
 * Math and the C library SQLite links may round the last bit differently; math.ts says so).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findFunction } from '../../../src/engine/functions/index.js';
import type { ScalarFunction } from '../../../src/engine/functions/registry.js';
import type { Value } from '../../../src/engine/value/value.js';
import { Real } from '../../../src/engine/value/value.js';
import { arbReal, arbValue, fcParams, mismatch, outcome, show, sqliteEval } from '../value/oracle.js';
import { testContext } from './context.js';

const ctx = testContext();
const EXACT = ['sqrt', 'ceil', 'ceiling', 'floor', 'trunc', 'degrees', 'radians', 'mod'];
const ONE = ['acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'ceil', 'ceiling', 'cos', 'cosh', 'degrees', 'exp', 'floor', 'ln', 'log', 'log10', 'log2', 'radians', 'sin', 'sinh', 'sqrt', 'tan', 'tanh', 'trunc'];
const TWO = ['atan2', 'pow', 'power', 'mod', 'log'];
const arg = fc.oneof(arbValue, arbReal, fc.double({ min: -2, max: 2, noNaN: true }).map((r) => new Real(r) as Value), fc.constantFrom<Value>('4', ' 2.5 ', '1e2', '-1', 'x', 0, 1, -1, 2, 10));

/** Distance in units in the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const buf = new DataView(new ArrayBuffer(16));
  buf.setFloat64(0, a);
  buf.setFloat64(8, b);
  return Math.abs(Number(buf.getBigInt64(0) - buf.getBigInt64(8)));
}

function check(name: string, args: Value[]): void {
  const fn = findFunction(name, args.length) as ScalarFunction;
  const ours = outcome(() => fn.call(args, ctx));
  const theirs = sqliteEval(`${name}(${args.map((_, i) => `?${i + 1}`).join(', ')})`, args);
  const label = `${name}(${args.map(show).join(', ')})`;
  if (!EXACT.includes(name) && 'value' in ours && 'value' in theirs && ours.value instanceof Real && theirs.value instanceof Real) {
    expect(ulps(ours.value.value, theirs.value.value), `${label}: ${ours.value.value} vs ${theirs.value.value}`).toBeLessThanOrEqual(2);
    return;
  }
  expect(mismatch(ours, theirs), label).toBeUndefined();
}

describe('math functions vs SQLite', () => {
  for (const name of ONE) it(`${name}(X)`, () => fc.assert(fc.property(arg, (x) => check(name, [x])), fcParams(300)));
  for (const name of TWO) it(`${name}(X, Y)`, () => fc.assert(fc.property(arg, arg, (x, y) => check(name, [x, y])), fcParams(300)));
  it('pi()', () => check('pi', []));
});
