/**
 * Exact emulation of the x87 80-bit `long double` (64-bit significand, round to nearest, ties to
 * even) for the few operations SQLite 3.40's printf does on it (src/printf.c, etGENERIC): add,
 * subtract, multiply, divide, compare and truncate to an integer.
 *
 * Why: the sqlite3 CLI (3.40, x86-64 Linux, the shell's oracle) renders REALs with `%!.15g` and
 * `%!.20g`, whose digits come from repeated long double arithmetic, not from a correctly rounded
 * conversion. JavaScript has no long double, so the digits can only be reproduced by doing the same
 * arithmetic on the same 64-bit significands.
 *
 * Representation: a non-negative value `m × 2^e` with `m` a bigint of at most 64 bits (0 ⇔ zero).
 * Exponents are unbounded (no overflow or subnormal range is needed: the values printf sees are
 * finite doubles scaled by powers of ten, well inside the x87 exponent range).
 *
 * @module
 */

/** A non-negative x87 extended value `m × 2^e`, `m` < 2^64. */
export interface Ext {
  readonly m: bigint;
  readonly e: number;
}

const SIGNIFICAND_BITS = 64;
const ZERO: Ext = { m: 0n, e: 0 };

function bitLength(m: bigint): number {
  return m === 0n ? 0 : m.toString(2).length;
}

/** Rounds the exact value `m × 2^e` (plus a sticky "something below" flag) to 64 significant bits, ties to even. */
function round(m: bigint, e: number, sticky = false): Ext {
  if (m === 0n) return ZERO;
  const extra = bitLength(m) - SIGNIFICAND_BITS;
  if (extra <= 0) return { m, e };
  const big = BigInt(extra);
  let q = m >> big;
  const rem = m - (q << big);
  const half = 1n << (big - 1n);
  if (rem > half || (rem === half && (sticky || (q & 1n) === 1n))) q += 1n;
  // q may have grown to 2^64: still exact, one bit more than needed, so renormalise.
  if (bitLength(q) > SIGNIFICAND_BITS) return { m: q >> 1n, e: e + extra + 1 };
  return { m: q, e: e + extra };
}

/** The exact value of a finite non-negative double. */
export function fromDouble(x: number): Ext {
  if (x === 0) return ZERO;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  if (biased === 0) return { m: frac, e: -1074 };
  return { m: frac | (1n << 52n), e: biased - 1075 };
}

/** The value as a double (for the few places C converts back; exact when it fits). */
export function toNumber(a: Ext): number {
  return Number(a.m) * 2 ** a.e;
}

/** a + b, rounded. */
export function add(a: Ext, b: Ext): Ext {
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  const e = Math.min(a.e, b.e);
  return round((a.m << BigInt(a.e - e)) + (b.m << BigInt(b.e - e)), e);
}

/** a − b for a ≥ b, rounded. */
export function sub(a: Ext, b: Ext): Ext {
  if (b.m === 0n) return a;
  const e = Math.min(a.e, b.e);
  const d = (a.m << BigInt(a.e - e)) - (b.m << BigInt(b.e - e));
  if (d < 0n) throw new RangeError('x87.sub: negative result');
  return round(d, e);
}

/** a × b, rounded. */
export function mul(a: Ext, b: Ext): Ext {
  return round(a.m * b.m, a.e + b.e);
}

/** a ÷ b (b ≠ 0), rounded. */
export function div(a: Ext, b: Ext): Ext {
  if (a.m === 0n) return ZERO;
  // Enough quotient bits for 64 significant ones plus guard bits; the remainder is the sticky bit.
  const shift = SIGNIFICAND_BITS + 2 + Math.max(0, bitLength(b.m) - bitLength(a.m));
  const num = a.m << BigInt(shift);
  const q = num / b.m;
  const sticky = q * b.m !== num;
  // Fold the sticky bit in as a low bit below everything that round() keeps.
  return round((q << 1n) | (sticky ? 1n : 0n), a.e - b.e - shift - 1);
}

/** -1, 0 or 1 as a <, =, > b. */
export function cmp(a: Ext, b: Ext): number {
  if (a.m === 0n || b.m === 0n) return a.m === b.m ? 0 : a.m === 0n ? -1 : 1;
  const la = bitLength(a.m) + a.e;
  const lb = bitLength(b.m) + b.e;
  if (la !== lb) return la < lb ? -1 : 1;
  const e = Math.min(a.e, b.e);
  const x = a.m << BigInt(a.e - e);
  const y = b.m << BigInt(b.e - e);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** C's `(int)value`: truncation toward zero, for values below 2^31. */
export function trunc(a: Ext): number {
  if (a.e >= 0) return Number(a.m << BigInt(a.e));
  return Number(a.m >> BigInt(-a.e));
}

/** A small non-negative integer as an exact Ext. */
export function fromInt(n: number): Ext {
  return n === 0 ? ZERO : round(BigInt(n), 0);
}
