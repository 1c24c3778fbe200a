/**
 * Text → number, as SQLite 3.53's util.c parses it: sqlite3AtoF (text → REAL, with a code telling
 * what was seen), sqlite3Atoi64 (text → INTEGER) and sqlite3DecOrHexToI64 (integer literals).
 *
 * Accepted by {@link atoF}, with optional leading and trailing whitespace (space, \t \n \v \f \r):
 *
 *     [+-]digits[E[+-]digits]     [+-]digits.[digits][E[+-]digits]     [+-].digits[E[+-]digits]
 *
 * Only about the first 19 significant digits count: digits are taken while the mantissa is below
 * 1844674407370955160 (so it stays within 64 bits), the rest only move the decimal exponent; the
 * exponent saturates at 10000. The double is then the correctly rounded mantissa·10^exponent
 * (fp-decimal.ts). Hexadecimal is not accepted by either parser; only {@link decOrHexToI64} (SQL
 * literals) reads `0x…`. A NUL character ends the text for {@link atoF}, as it does for the C
 * string SQLite hands to sqlite3AtoF; {@link atoi64} sees the whole text (a NUL is extra text).
 *
 * @module
 */
import { fp10Convert2 } from './fp-decimal.js';
import type { Int } from './int64.js';
import { MAX_INT64, MIN_INT64, intFromBigInt } from './int64.js';

/** Bits of {@link AtoFResult.rc} (sqlite3AtoF's return value). */
export const ATOF_PREFIX_VALID = 1;
/** The text has a decimal point or an exponent (it is not an integer). */
export const ATOF_NOT_INTEGER = 2;
/** The value is exactly zero (not an underflow). */
export const ATOF_EXACT_ZERO = 4;
/** More than about 19 significant digits were given. */
export const ATOF_TOO_MANY_DIGITS = 8;

/** Result of {@link atoF}; the object is reused by the next call. */
export interface AtoFResult {
  /** The double (of the valid prefix; 0 when there is none). */
  value: number;
  /**
   * sqlite3AtoF's code: > 0 when the whole text is a number, < 0 when only a prefix is (then
   * `rc | 0xfffffff0` as a signed 32-bit integer), 0 when no prefix is. The low bits are the
   * ATOF_* flags.
   */
  rc: number;
}

const result: AtoFResult = { value: 0, rc: 0 };

/** sqlite3Isspace: space, \t, \n, \v, \f, \r. */
export function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** Mantissa limit: digits are added while the mantissa is below this, (2^64 − 1 − 9) / 10. */
const MANTISSA_LIMIT = 1844674407370955160n;
/** While a number mantissa is at most this, one more digit keeps it below 2^53 (exact). */
const NUMBER_MANTISSA_MAX = 900719925474098;

/**
 * sqlite3AtoF: parses `z` (up to its first NUL) as a REAL. Returns a shared object holding the
 * value and the code (see {@link AtoFResult}); read it before the next call.
 */
export function atoF(z: string): AtoFResult {
  let end = z.indexOf('\0');
  if (end < 0) end = z.length;
  let i = 0;
  let neg = false;
  let s = 0; // mantissa while small
  let big: bigint | null = null; // mantissa once it outgrows s
  let d = 0; // decimal exponent: value = mantissa × 10^d
  let mState = 0;
  let c = i < end ? z.charCodeAt(i) : 0;

  while (isSpace(c)) c = ++i < end ? z.charCodeAt(i) : 0;
  if (c === 0x2d || c === 0x2b) {
    neg = c === 0x2d;
    c = ++i < end ? z.charCodeAt(i) : 0;
  }
  // Integer part.
  if (c >= 0x30 && c <= 0x39) {
    mState = 1;
    for (;;) {
      if (big === null) {
        if (s <= NUMBER_MANTISSA_MAX) s = s * 10 + (c - 0x30);
        else big = BigInt(s) * 10n + BigInt(c - 0x30);
      } else big = big * 10n + BigInt(c - 0x30);
      c = ++i < end ? z.charCodeAt(i) : 0;
      if (big !== null && big >= MANTISSA_LIMIT) {
        mState = 9;
        while (c >= 0x30 && c <= 0x39) {
          d++;
          c = ++i < end ? z.charCodeAt(i) : 0;
        }
        break;
      }
      if (!(c >= 0x30 && c <= 0x39)) break;
    }
  }
  // Fraction.
  if (c === 0x2e) {
    c = ++i < end ? z.charCodeAt(i) : 0;
    if (c >= 0x30 && c <= 0x39) {
      mState |= 1;
      do {
        if (big === null) {
          if (s <= NUMBER_MANTISSA_MAX) s = s * 10 + (c - 0x30);
          else big = BigInt(s) * 10n + BigInt(c - 0x30);
          d--;
        } else if (big < MANTISSA_LIMIT) {
          big = big * 10n + BigInt(c - 0x30);
          d--;
        } else mState = 11;
        c = ++i < end ? z.charCodeAt(i) : 0;
      } while (c >= 0x30 && c <= 0x39);
    } else if (mState === 0) {
      return done(0, 0);
    }
    mState |= 2;
  } else if (mState === 0) {
    return done(0, 0);
  }
  // Exponent.
  if (c === 0x65 || c === 0x45) {
    const iE = i;
    c = ++i < end ? z.charCodeAt(i) : 0;
    let esign = 1;
    if (c === 0x2d || c === 0x2b) {
      esign = c === 0x2d ? -1 : 1;
      c = ++i < end ? z.charCodeAt(i) : 0;
    }
    if (c >= 0x30 && c <= 0x39) {
      let exp = 0;
      mState |= 2;
      do {
        exp = exp < 10000 ? exp * 10 + (c - 0x30) : 10000;
        c = ++i < end ? z.charCodeAt(i) : 0;
      } while (c >= 0x30 && c <= 0x39);
      d += esign * exp;
    } else {
      i = iE; // leave the 'e' unconsumed: the text then has a trailing part
      c = z.charCodeAt(i);
    }
  }
  let value: number;
  if (big === null ? s === 0 : big === 0n) {
    value = 0;
    mState |= 4;
  } else value = fp10Convert2(big ?? s, d);
  if (neg) value = -value;
  while (isSpace(c)) c = ++i < end ? z.charCodeAt(i) : 0;
  return done(value, i >= end ? mState : (0xfffffff0 | mState) | 0);
}

function done(value: number, rc: number): AtoFResult {
  result.value = value;
  result.rc = rc;
  return result;
}

/** Result of {@link atoi64}; the object is reused by the next call. */
export interface Atoi64Result {
  /** The INTEGER (clamped to the 64-bit range on overflow; the prefix's value when rc is 1). */
  value: Int;
  /**
   * sqlite3Atoi64's code: −1 no digits at all, 0 an integer that fits, 1 extra non-space text
   * after the integer, 2 too large (or more than 19 digits), 3 exactly 9223372036854775808.
   */
  rc: number;
}

const intResult: Atoi64Result = { value: 0, rc: 0 };

/** sqlite3Atoi64: parses all of `z` (NULs included) as a decimal INTEGER. Returns a shared object. */
export function atoi64(z: string): Atoi64Result {
  const end = z.length;
  let i = 0;
  while (i < end && isSpace(z.charCodeAt(i))) i++;
  let neg = false;
  if (i < end) {
    const c = z.charCodeAt(i);
    if (c === 0x2d) {
      neg = true;
      i++;
    } else if (c === 0x2b) i++;
  }
  const start = i;
  while (i < end && z.charCodeAt(i) === 0x30) i++;
  const digitsStart = i;
  while (i < end) {
    const c = z.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    i++;
  }
  const nDigits = i - digitsStart;
  let rc = 0;
  if (nDigits === 0 && start === digitsStart) rc = -1;
  else {
    for (let k = i; k < end; k++) {
      if (!isSpace(z.charCodeAt(k))) {
        rc = 1;
        break;
      }
    }
  }
  if (nDigits < 16) {
    const u = nDigits === 0 ? 0 : Number(z.slice(digitsStart, i));
    intResult.value = neg ? -u + 0 : u;
    intResult.rc = rc;
    return intResult;
  }
  const u = BigInt(z.slice(digitsStart, i));
  const pow63 = 0x8000000000000000n;
  if (nDigits < 19 || (nDigits === 19 && u < pow63)) {
    intResult.value = intFromBigInt(neg ? -u : u);
    intResult.rc = rc;
  } else {
    intResult.value = neg ? MIN_INT64 : MAX_INT64;
    intResult.rc = nDigits > 19 || u > pow63 ? 2 : neg ? rc : 3;
  }
  return intResult;
}

function isHexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

/**
 * sqlite3DecOrHexToI64: an SQL integer literal, decimal or `0x` hexadecimal (hex wraps as a 64-bit
 * two's-complement pattern: 0xffffffffffffffff is −1). Same codes as {@link atoi64}; hex gives 2
 * for more than 16 significant digits and 1 for trailing text.
 */
export function decOrHexToI64(z: string): Atoi64Result {
  if (z.length > 1 && z.charCodeAt(0) === 0x30 && (z.charCodeAt(1) | 0x20) === 0x78) {
    let i = 2;
    while (i < z.length && z.charCodeAt(i) === 0x30) i++;
    let k = i;
    while (k < z.length && isHexDigit(z.charCodeAt(k))) k++;
    const u = k > i ? BigInt('0x' + z.slice(i, k)) : 0n;
    intResult.value = intFromBigInt(BigInt.asIntN(64, u));
    intResult.rc = k - i > 16 ? 2 : k < z.length && z.charCodeAt(k) !== 0 ? 1 : 0;
    return intResult;
  }
  let n = 0;
  while (n < z.length && '+- \n\t0123456789'.includes(z[n])) n++;
  if (n < z.length) n++;
  return atoi64(z.slice(0, n));
}
