/**
 * SQL's operators on Values, as the VDBE runs them (vdbe.c OP_Add, OP_Subtract, OP_Multiply,
 * OP_Divide, OP_Remainder, OP_Concat, OP_BitAnd, OP_BitOr, OP_ShiftLeft, OP_ShiftRight, OP_BitNot,
 * OP_Not; unary minus is `0 - x`, as the code generator emits it).
 *
 * Arithmetic, in order:
 * 1. TEXT and BLOB operands take their numeric value (coerce.ts {@link arithmeticValue}).
 * 2. Both INTEGER: 64-bit integer arithmetic; on overflow (and for −2^63 / −1) fall to step 4.
 *    x / 0 and x % 0 are NULL; x % −1 is x % 1 (= 0).
 * 3. Either NULL: NULL.
 * 4. Otherwise doubles (a TEXT or BLOB operand as the double its text spells, so '-0' stays −0.0):
 *    x / 0.0 is NULL; `%` reads both original operands as INTEGER (a TEXT by
 *    its integer prefix, a REAL truncated; a zero divisor gives NULL) and returns a REAL; a NaN
 *    result is NULL.
 *
 * Bit operators and shifts read both operands as INTEGER (coerce.ts {@link intOf}); NULL gives NULL.
 * A shift by a negative amount shifts the other way; by 64 or more gives 0 (or −1 shifting a
 * negative value right).
 *
 * @module
 */
import { arithmeticValue, intOf, realOf, textOf } from './coerce.js';
import type { Int } from './int64.js';
import { MIN_INT64, addInt, divInt, intFromBigInt, mulInt, remInt, subInt, toBigInt } from './int64.js';
import { utf8Decode, utf8Encode } from './utf8.js';
import type { Value } from './value.js';
import { isInt, realOrNull } from './value.js';

type ArithOp = 'add' | 'sub' | 'mul' | 'div' | 'rem';

function arith(op: ArithOp, a: Value, b: Value): Value {
  const x = arithmeticValue(a);
  const y = arithmeticValue(b);
  if (isInt(x) && isInt(y)) {
    let r: Int | undefined;
    switch (op) {
      case 'add':
        r = addInt(x, y);
        break;
      case 'sub':
        r = subInt(x, y);
        break;
      case 'mul':
        r = mulInt(x, y);
        break;
      case 'div':
        if (y === 0) return null;
        if (!(y === -1 && x === MIN_INT64)) r = divInt(x, y);
        break;
      default:
        if (y === 0) return null;
        return remInt(x, y === -1 ? 1 : y);
    }
    if (r !== undefined) return r;
  } else if (x === null || y === null) return null;
  // In floating point a TEXT or BLOB operand is read as the double its text spells (SQLite 3.53's
  // sqlite3VdbeRealValue on the original operand), not through its INTEGER value: '-0' * 1.0 is
  // -0.0 (SQLite 3.40 gave 0.0).
  const rx = realOf(typeof a === 'string' || a instanceof Uint8Array ? a : x);
  const ry = realOf(typeof b === 'string' || b instanceof Uint8Array ? b : y);
  switch (op) {
    case 'add':
      return realOrNull(rx + ry);
    case 'sub':
      return realOrNull(rx - ry);
    case 'mul':
      return realOrNull(rx * ry);
    case 'div':
      return ry === 0 ? null : realOrNull(rx / ry);
    default: {
      // The original operands, not their numeric values: '-5e-324' reads as the INTEGER prefix −5.
      const ix = intOf(a);
      let iy = intOf(b);
      if (iy === 0) return null;
      if (iy === -1) iy = 1;
      return realOrNull(Number(remInt(ix, iy)));
    }
  }
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** `a + b` (OP_Add). */
export function add(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b; // exact while safe (module invariant 1 of value.ts)
    if (s <= MAX_SAFE && s >= -MAX_SAFE) return s;
  }
  return arith('add', a, b);
}
/** `a - b` (OP_Subtract). */
export function subtract(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a - b;
    if (s <= MAX_SAFE && s >= -MAX_SAFE) return s + 0;
  }
  return arith('sub', a, b);
}
/** `a * b` (OP_Multiply). */
export function multiply(a: Value, b: Value): Value {
  return arith('mul', a, b);
}
/** `a / b` (OP_Divide): NULL for a zero divisor. */
export function divide(a: Value, b: Value): Value {
  return arith('div', a, b);
}
/** `a % b` (OP_Remainder): NULL for a zero divisor. */
export function remainder(a: Value, b: Value): Value {
  return arith('rem', a, b);
}
/** Unary `-a`: `0 - a`. */
export function negate(a: Value): Value {
  return arith('sub', 0, a);
}

/**
 * `a || b` (OP_Concat): NULL if either is NULL, else TEXT: both operands as text (a BLOB's bytes
 * taken as UTF-8), joined.
 */
export function concat(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    const x = a instanceof Uint8Array ? a : utf8Encode(textOf(a)!);
    const y = b instanceof Uint8Array ? b : utf8Encode(textOf(b)!);
    const out = new Uint8Array(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return utf8Decode(out);
  }
  return textOf(a)! + textOf(b)!;
}

/** `a & b` (OP_BitAnd). */
export function bitAnd(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  const x = intOf(a);
  const y = intOf(b);
  if (typeof x === 'number' && typeof y === 'number' && (x | 0) === x && (y | 0) === y) return x & y;
  return intFromBigInt(toBigInt(x) & toBigInt(y));
}

/** `a | b` (OP_BitOr). */
export function bitOr(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  const x = intOf(a);
  const y = intOf(b);
  if (typeof x === 'number' && typeof y === 'number' && (x | 0) === x && (y | 0) === y) return x | y;
  return intFromBigInt(toBigInt(x) | toBigInt(y));
}

/** `~a` (OP_BitNot). */
export function bitNot(a: Value): Value {
  if (a === null) return null;
  return intFromBigInt(-toBigInt(intOf(a)) - 1n);
}

function shift(left: boolean, a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  const x = toBigInt(intOf(a));
  const y = intOf(b);
  let n = typeof y === 'bigint' ? (y < 0n ? -65 : 65) : y;
  if (n < 0) {
    left = !left;
    n = n < -64 ? 64 : -n;
  }
  if (n >= 64) return left || x >= 0n ? 0 : -1;
  const r = left ? BigInt.asIntN(64, x << BigInt(n)) : x >> BigInt(n);
  return intFromBigInt(r);
}

/** `a << b` (OP_ShiftLeft). */
export function shiftLeft(a: Value, b: Value): Value {
  return shift(true, a, b);
}
/** `a >> b` (OP_ShiftRight; arithmetic, sign-filling). */
export function shiftRight(a: Value, b: Value): Value {
  return shift(false, a, b);
}

/**
 * sqlite3VdbeBooleanValue: the truth of a non-NULL value (an INTEGER ≠ 0, else its REAL value ≠ 0,
 * so '0.5' is true and 'abc' false); `ifNull` for NULL.
 */
export function isTrue(v: Value, ifNull = false): boolean {
  if (v === null) return ifNull;
  if (isInt(v)) return v !== 0;
  return realOf(v) !== 0;
}

/** `NOT a` (OP_Not): NULL for NULL, else 1 or 0. */
export function not(a: Value): Value {
  return a === null ? null : isTrue(a) ? 0 : 1;
}

/** `a AND b` with SQL's three-valued logic. */
export function and(a: Value, b: Value): Value {
  const x = a === null ? null : isTrue(a);
  const y = b === null ? null : isTrue(b);
  if (x === false || y === false) return 0;
  return x === null || y === null ? null : 1;
}

/** `a OR b` with SQL's three-valued logic. */
export function or(a: Value, b: Value): Value {
  const x = a === null ? null : isTrue(a);
  const y = b === null ? null : isTrue(b);
  if (x === true || y === true) return 1;
  return x === null || y === null ? null : 0;
}
