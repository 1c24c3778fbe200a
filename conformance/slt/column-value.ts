/**
 * What SQLite's `sqlite3_column_int`, `sqlite3_column_double` and `sqlite3_column_text` return for
 * a value of each storage class: the conversions the C driver (slt_sqlite.c) makes before it
 * prints. Sources: the SQLite C API docs ("Result Values From A Query", the conversion table)
 * and src/vdbemem.c's behaviour.
 *
 * | from \ to | int (32-bit)                          | double                 | text                |
 * |-----------|---------------------------------------|------------------------|---------------------|
 * | INTEGER   | low 32 bits of the 64-bit value       | nearest double         | `%lld`              |
 * | REAL      | toward zero, clamped to 64 bits, low 32 | itself               | `%!.15g`            |
 * | TEXT      | leading integer (clamped), else 0     | leading real, else 0.0 | itself              |
 * | BLOB      | as TEXT over its bytes                | as TEXT                | its bytes           |
 *
 * Text here is the UTF-8 bytes SQLite would hand to C; C strings end at the first NUL byte.
 *
 * @module
 */
import type { SltValue } from './engine.js';
import { formatReal15 } from './printf.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// Leading whitespace is SQLite's isspace set: space, \t, \n, \v, \f, \r.
const LEADING_INTEGER = /^[ \t\n\v\f\r]*([+-]?)(\d+)/;
const LEADING_REAL = /^[ \t\n\v\f\r]*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/;

const utf8 = new TextEncoder();
const latin1 = new TextDecoder('latin1');

/** The bytes of a TEXT or BLOB as SQLite hands them to C, cut at the first NUL. */
export function cBytes(v: string | Uint8Array): Uint8Array {
  const bytes = typeof v === 'string' ? utf8.encode(v) : v;
  const nul = bytes.indexOf(0);
  return nul < 0 ? bytes : bytes.subarray(0, nul);
}

/** TEXT/BLOB bytes as a JS string of one char per byte (for the ASCII parsers below). */
function byteString(v: string | Uint8Array): string {
  return latin1.decode(cBytes(v));
}

/** A double to a 64-bit integer as SQLite does: toward zero, clamped; NaN → 0. */
function realToInt64(r: number): bigint {
  if (Number.isNaN(r)) return 0n;
  if (r <= -(2 ** 63)) return INT64_MIN;
  if (r >= 2 ** 63) return INT64_MAX;
  return BigInt(Math.trunc(r));
}

/** sqlite3Atoi64 on a C string: optional spaces and sign, then digits; clamped to 64 bits. */
function textToInt64(s: string): bigint {
  const m = LEADING_INTEGER.exec(s);
  if (!m) return 0n;
  const n = BigInt(m[1] + m[2]);
  return n < INT64_MIN ? INT64_MIN : n > INT64_MAX ? INT64_MAX : n;
}

/** sqlite3AtoF on a C string: the longest leading real literal, else 0.0. */
function textToDouble(s: string): number {
  const m = LEADING_REAL.exec(s);
  return m ? Number(m[1]) : 0;
}

/** `sqlite3_column_int64`. NULL gives 0. */
export function columnInt64(v: SltValue): bigint {
  if (v === null) return 0n;
  if (typeof v === 'bigint') return BigInt.asIntN(64, v);
  if (typeof v === 'number') return realToInt64(v);
  return textToInt64(byteString(v));
}

/** `sqlite3_column_int`: the 64-bit value cut to its low 32 bits, as a signed number. */
export function columnInt(v: SltValue): number {
  return Number(BigInt.asIntN(32, columnInt64(v)));
}

/** `sqlite3_column_double`. NULL gives 0.0. */
export function columnDouble(v: SltValue): number {
  if (v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return textToDouble(byteString(v));
}

/**
 * `sqlite3_column_text` as the C driver sees it: the bytes up to the first NUL, one JS char per
 * byte (so non-ASCII text shows up as its UTF-8 bytes, each above `~`). NULL gives `undefined`.
 */
export function columnTextBytes(v: SltValue): string | undefined {
  if (v === null) return undefined;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return formatReal15(v);
  return byteString(v);
}
