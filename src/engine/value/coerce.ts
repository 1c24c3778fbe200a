/**
 * Reading a Value as another class without changing it: the sqlite3_value_int64 /
 * sqlite3_value_double / sqlite3_value_text / sqlite3_value_blob / sqlite3_value_bytes family, and
 * the "numeric type" a TEXT or BLOB has in arithmetic (vdbe.c computeNumericType) and as a
 * function argument (sqlite3_value_numeric_type).
 *
 * | from \ to | INTEGER (intOf)            | REAL (realOf)        | TEXT (textOf)          |
 * |-----------|----------------------------|----------------------|------------------------|
 * | NULL      | 0                          | 0.0                  | null                   |
 * | INTEGER   | itself                     | nearest double       | decimal digits         |
 * | REAL      | truncated, saturating      | itself               | realToText ("%!.17g")  |
 * | TEXT      | atoi64 of the text's prefix| atoF of the prefix   | itself                 |
 * | BLOB      | same, on the bytes         | same, on the bytes   | bytes as UTF-8         |
 *
 * @module
 */
import { realToText } from './format-real.js';
import type { Int } from './int64.js';
import { intToReal, realToInt } from './int64.js';
import { ATOF_NOT_INTEGER, atoF, atoi64 } from './text-to-number.js';
import { latin1, utf8ByteLength, utf8Decode, utf8Encode } from './utf8.js';
import type { Value } from './value.js';
import { Real } from './value.js';

/** sqlite3VdbeIntValue: `v` as an INTEGER (see the module table). */
export function intOf(v: Value): Int {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (v === null) return 0;
  if (v instanceof Real) return realToInt(v.value);
  return atoi64(typeof v === 'string' ? v : latin1(v)).value;
}

/** sqlite3VdbeRealValue: `v` as a double (see the module table). */
export function realOf(v: Value): number {
  if (typeof v === 'number') return v;
  if (v instanceof Real) return v.value;
  if (typeof v === 'bigint') return intToReal(v);
  if (v === null) return 0;
  return atoF(typeof v === 'string' ? v : latin1(v)).value;
}

/** sqlite3_value_text: `v` as TEXT, or null for NULL. */
export function textOf(v: Value): string | null {
  if (typeof v === 'string') return v;
  if (v === null) return null;
  if (typeof v === 'number' || typeof v === 'bigint') return v.toString();
  if (v instanceof Real) return realToText(v.value);
  return utf8Decode(v);
}

/** sqlite3_value_blob: `v` as bytes (TEXT as UTF-8, numbers as their text); null for NULL. */
export function bytesOf(v: Value): Uint8Array | null {
  if (v instanceof Uint8Array) return v;
  if (v === null) return null;
  return utf8Encode(textOf(v)!);
}

/** sqlite3_value_bytes: size in bytes of `v` as a BLOB or UTF-8 TEXT; 0 for NULL. */
export function byteLength(v: Value): number {
  if (typeof v === 'string') return utf8ByteLength(v);
  if (v instanceof Uint8Array) return v.length;
  if (v === null) return 0;
  return textOf(v)!.length; // numbers render in ASCII
}

/**
 * The numeric value a TEXT or BLOB takes in arithmetic (vdbe.c computeNumericType): an INTEGER when
 * the text, or its longest numeric prefix, has no decimal point or exponent and fits in 64 bits;
 * else a REAL. `'12abc'` → 12, `'1.5e'` → 1.5, `'abc'` → 0, `'9223372036854775808'` → 9.2e18.
 * Numbers and NULL are returned unchanged.
 */
export function arithmeticValue(v: Value): Value {
  if (typeof v !== 'string' && !(v instanceof Uint8Array)) return v;
  const z = typeof v === 'string' ? v : latin1(v);
  const { rc, value } = atoF(z);
  if ((rc & ATOF_NOT_INTEGER) === 0) {
    const r = value;
    const i = atoi64(z);
    if (rc <= 0 ? i.rc <= 1 : i.rc === 0) return i.value;
    return new Real(r);
  }
  return new Real(value);
}

/**
 * sqlite3VdbeMemNumerify (CAST(x AS NUMERIC)): a TEXT or BLOB becomes an INTEGER when it is a plain
 * integer that fits, or when its numeric prefix's double is a small exact integer ('1e5' → 100000,
 * '12abc' → 12); else the REAL of its prefix. Numbers and NULL are returned unchanged.
 */
export function numerify(v: Value): Value {
  if (typeof v !== 'string' && !(v instanceof Uint8Array)) return v;
  const z = typeof v === 'string' ? v : latin1(v);
  const { rc, value } = atoF(z);
  if ((rc & ATOF_NOT_INTEGER) === 0) {
    const i = atoi64(z);
    if (i.rc <= 1) return i.value;
  }
  const ix = realToInt(value);
  return realSameAsInt(value, ix) ? ix : new Real(value);
}

/**
 * sqlite3_value_numeric_type's conversion: a TEXT that is entirely a well-formed number (leading and
 * trailing spaces allowed) becomes INTEGER when it has no point or exponent and fits, else REAL;
 * other TEXT, BLOBs, NULL and numbers are returned unchanged (applyNumericAffinity without the
 * try-for-integer step).
 */
export function numericValue(v: Value): Value {
  if (typeof v !== 'string') return v;
  return textToNumeric(v, false) ?? v;
}

/**
 * applyNumericAffinity: the number `text` converts to without loss, or undefined when it is not a
 * well-formed number. With `tryForInt`, a REAL result that is an exact integer in
 * (−2^63, 2^63 − 1) becomes INTEGER ('48.00' → 48).
 */
export function textToNumeric(text: string, tryForInt: boolean): Value | undefined {
  const { rc, value } = atoF(text);
  if (rc <= 0) return undefined;
  if ((rc & ATOF_NOT_INTEGER) === 0) {
    const ix = realToInt(value);
    if (realSameAsInt(value, ix)) return ix;
    const i = atoi64(text);
    if (i.rc === 0) return i.value;
  }
  if (tryForInt) {
    const ix = realToInt(value);
    if (value === intToReal(ix) && ix > MIN_INT64_REAL_GUARD && ix < MAX_INT64_REAL_GUARD) return ix;
  }
  return new Real(value);
}

const MIN_INT64_REAL_GUARD = -0x8000000000000000n;
const MAX_INT64_REAL_GUARD = 0x7fffffffffffffffn;

/**
 * sqlite3RealSameAsInt: `r` equals `i` and |i| < 2^51, or `r` is ±0 (only then is a REAL taken to be
 * the INTEGER it equals, when reading integer-looking text).
 */
export function realSameAsInt(r: number, i: Int): boolean {
  return r === 0 || (typeof i === 'number' && r === i && i >= -2251799813685248 && i < 2251799813685248);
}
