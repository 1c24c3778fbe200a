/**
 * The math functions (lang_mathfunc.html; func.c math1Func, math2Func, ceilingFunc, logFunc).
 *
 * Arguments are read as sqlite3_value_numeric_type reads them: an INTEGER, a REAL, or a TEXT that is
 * wholly a number; anything else (NULL, other TEXT, BLOB) gives NULL. Results are REAL, and a NaN
 * result is NULL (sqlite3_result_double); ceil/ceiling/floor/trunc return an INTEGER argument
 * unchanged. ln/log/log2/log10 of a value ≤ 0 (or a base ≤ 0) give NULL; log(X) is log10(X);
 * log(B, X) is ln(X)/ln(B), NULL for B ≤ 1, X read
 * as any value reads as a double ('100x' → 100) (as SQLite 3.53). pow follows C's pow (1^y = x^0 = 1, (−1)^±∞ = 1).
 *
 * The transcendental functions come from JavaScript's Math (V8's fdlibm port), which can differ
 * from the C library SQLite links in the last bit of a few results; sqrt, ceil, floor, trunc, mod,
 * degrees, radians and pi are exact.
 *
 * @module
 */
import { numericValue, realOf } from '../value/coerce.js';
import type { Value } from '../value/value.js';
import { isInt, Real, realOrNull } from '../value/value.js';
import { scalar } from './define.js';

/** The double of a numeric argument, or undefined when it is not a number (→ NULL). */
function num(v: Value): number | undefined {
  const n = numericValue(v);
  return isInt(n) || n instanceof Real ? realOf(n) : undefined;
}

function math1(name: string, f: (x: number) => number): void {
  scalar(name, 1, ([x]) => {
    const v = num(x);
    return v === undefined ? null : realOrNull(f(v));
  });
}

function math2(name: string, f: (x: number, y: number) => number): void {
  scalar(name, 2, ([x, y]) => {
    const a = num(x);
    const b = num(y);
    return a === undefined || b === undefined ? null : realOrNull(f(a, b));
  });
}

math1('acos', Math.acos);
math1('acosh', Math.acosh);
math1('asin', Math.asin);
math1('asinh', Math.asinh);
math1('atan', Math.atan);
math1('atanh', Math.atanh);
math1('cos', Math.cos);
math1('cosh', Math.cosh);
math1('sin', Math.sin);
math1('sinh', Math.sinh);
math1('tan', Math.tan);
math1('tanh', Math.tanh);
math1('exp', Math.exp);
math1('sqrt', Math.sqrt);
math1('degrees', (x) => x * (180 / Math.PI));
math1('radians', (x) => x * (Math.PI / 180));
math2('atan2', Math.atan2);
/** C's pow: unlike JavaScript's `**`, 1^y and x^±0 are 1 for every y and x, and (−1)^±∞ is 1. */
function cPow(x: number, y: number): number {
  if (x === 1 || y === 0) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

math2('pow', cPow);
math2('power', cPow);
math2('mod', (x, y) => x % y);
scalar('pi', 0, () => new Real(Math.PI));

for (const [name, f] of [
  ['ceil', Math.ceil],
  ['ceiling', Math.ceil],
  ['floor', Math.floor],
  ['trunc', Math.trunc],
] as const) {
  scalar(name, 1, ([x]) => {
    const n = numericValue(x);
    if (isInt(n)) return n;
    return n instanceof Real ? realOrNull(f(n.value)) : null;
  });
}

function logOf(x: Value, f: (v: number) => number): Value {
  const v = num(x);
  return v === undefined || v <= 0 ? null : realOrNull(f(v));
}

scalar('ln', 1, ([x]) => logOf(x, Math.log));
scalar('log', 1, ([x]) => logOf(x, Math.log10));
scalar('log10', 1, ([x]) => logOf(x, Math.log10));
scalar('log2', 1, ([x]) => logOf(x, Math.log2));
scalar('log', 2, ([b, x]) => {
  const base = num(b);
  if (base === undefined || base <= 1 || x === null) return null;
  // X is read loosely here (SQLite 3.53): any non-NULL value as sqlite3_value_double reads it.
  const v = realOf(x);
  return v <= 0 ? null : realOrNull(Math.log(v) / Math.log(base));
});
