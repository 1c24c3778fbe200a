/**
 * 64-bit signed INTEGER arithmetic on the canonical {@link Int} form (value.ts): a `number` when the
 * value is a safe integer (|v| ≤ 2^53 − 1), a `bigint` otherwise, never both for one value.
 *
 * Follows SQLite's util.c: sqlite3AddInt64 / sqlite3SubInt64 / sqlite3MulInt64 report overflow
 * instead of wrapping, and sqlite3RealToI64 converts a double to the nearest representable integer
 * by truncation, saturating outside ±9223372036854774784 (the largest double below 2^63).
 *
 * @module
 */

/** An SQL INTEGER: `number` iff `Number.isSafeInteger(v)`, else a `bigint` in [−2^63, 2^63 − 1]. */
export type Int = number | bigint;

/** Largest INTEGER, 2^63 − 1. */
export const MAX_INT64 = 0x7fffffffffffffffn;
/** Smallest INTEGER, −2^63. */
export const MIN_INT64 = -0x8000000000000000n;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

/** The canonical {@link Int} for a bigint already inside the 64-bit range. */
export function intFromBigInt(b: bigint): Int {
  return b >= MIN_SAFE && b <= MAX_SAFE ? Number(b) : b;
}

/** Wraps any bigint to 64-bit two's complement, then canonicalizes (C's u64 → i64 reinterpretation). */
export function wrapInt64(b: bigint): Int {
  return intFromBigInt(BigInt.asIntN(64, b));
}

/** `a` as a bigint. */
export function toBigInt(a: Int): bigint {
  return typeof a === 'bigint' ? a : BigInt(a);
}

/** a + b, or `undefined` on 64-bit overflow (sqlite3AddInt64). */
export function addInt(a: Int, b: Int): Int | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    if (s <= Number.MAX_SAFE_INTEGER && s >= -Number.MAX_SAFE_INTEGER) return s;
  }
  const s = toBigInt(a) + toBigInt(b);
  return s > MAX_INT64 || s < MIN_INT64 ? undefined : intFromBigInt(s);
}

/** a − b, or `undefined` on 64-bit overflow (sqlite3SubInt64). */
export function subInt(a: Int, b: Int): Int | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a - b;
    if (s <= Number.MAX_SAFE_INTEGER && s >= -Number.MAX_SAFE_INTEGER) return s;
  }
  const s = toBigInt(a) - toBigInt(b);
  return s > MAX_INT64 || s < MIN_INT64 ? undefined : intFromBigInt(s);
}

/** a × b, or `undefined` on 64-bit overflow (sqlite3MulInt64). */
export function mulInt(a: Int, b: Int): Int | undefined {
  if (typeof a === 'number' && typeof b === 'number') {
    // If the exact product exceeded 2^53 its rounding would too (2^53 is a double), so a product
    // that comes out safe is the exact one.
    const p = a * b;
    if (p <= Number.MAX_SAFE_INTEGER && p >= -Number.MAX_SAFE_INTEGER) return p + 0; // + 0 turns −0 into 0
  }
  const p = toBigInt(a) * toBigInt(b);
  return p > MAX_INT64 || p < MIN_INT64 ? undefined : intFromBigInt(p);
}

/** The double nearest to an INTEGER (C's `(double)i`). */
export function intToReal(a: Int): number {
  return typeof a === 'number' ? a : Number(a);
}

const REAL_MAX_BELOW_2_63 = 9223372036854774784;

/**
 * sqlite3RealToI64: truncates a double toward zero; below −9223372036854774784 gives −2^63, above
 * +9223372036854774784 gives 2^63 − 1; NaN gives 0 (x86-64 would give −2^63, but SQLite never holds NaN).
 */
export function realToInt(r: number): Int {
  if (r < -REAL_MAX_BELOW_2_63) return MIN_INT64;
  if (r > REAL_MAX_BELOW_2_63) return MAX_INT64;
  if (r !== r) return 0;
  const t = Math.trunc(r);
  return Number.isSafeInteger(t) ? t + 0 : BigInt(t);
}

/** C's truncating i64 division for the INTEGER operands of `/` (caller excludes b = 0 and MIN/−1). */
export function divInt(a: Int, b: Int): Int {
  // fl(a / b) truncates correctly while |a| + |b| < 2^53: the quotient then stays at least 1/|b|
  // away from the next integer, more than half an ulp.
  if (typeof a === 'number' && typeof b === 'number' && Math.abs(a) + Math.abs(b) < 9007199254740992) {
    return Math.trunc(a / b) + 0;
  }
  return intFromBigInt(toBigInt(a) / toBigInt(b));
}

/** C's i64 remainder (sign of the dividend) for the INTEGER operands of `%` (caller excludes b = 0). */
export function remInt(a: Int, b: Int): Int {
  if (typeof a === 'number' && typeof b === 'number') return (a % b) + 0;
  return intFromBigInt(toBigInt(a) % toBigInt(b));
}
