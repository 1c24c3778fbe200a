/**
 * SQLite's ordering of values and of index keys (datatype3 §4.1, §7; vdbeaux.c's record comparison).
 *
 * Storage classes order as NULL < INTEGER/REAL (compared numerically, exactly, also between a
 * 64-bit integer and a double) < TEXT (by collation) < BLOB (memcmp, then length).
 *
 * An index key is compared field by field; a field's sort order may be DESC, and when one key is a
 * prefix of the other the shorter one is considered equal (the caller decides what equal means for
 * a seek).
 *
 * @module
 */
import type { SqlValue, TextEncoding } from '../format/index.js';

/** A collating function: negative, zero or positive, like `memcmp`. */
export type Collation = (a: string, b: string) => number;

/** BINARY: compares the UTF-8 bytes (for valid strings this equals code-point order). */
export const BINARY: Collation = (a, b) => {
  if (a === b) return 0;
  // UTF-16 code-unit order differs from code-point order only around surrogates; compare by code point.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs === ys) return x - y;
      return xs ? 1 : -1; // a surrogate (≥ U+10000) sorts after any BMP character
    }
  }
  return a.length - b.length;
};

/** NOCASE: BINARY after folding ASCII A–Z to lower case (only ASCII, as SQLite does). */
export const NOCASE: Collation = (a, b) => BINARY(asciiLower(a), asciiLower(b));

/** RTRIM: BINARY ignoring trailing spaces. */
export const RTRIM: Collation = (a, b) => BINARY(a.replace(/ +$/, ''), b.replace(/ +$/, ''));

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/** The built-in collations by upper-case name, for UTF-8 databases (see {@link collationFor}). */
export const COLLATIONS: ReadonlyMap<string, Collation> = new Map([
  ['BINARY', BINARY],
  ['NOCASE', NOCASE],
  ['RTRIM', RTRIM],
]);

/** BINARY in a UTF-16be database: memcmp of big-endian code units is code-unit order. */
const BINARY_UTF16BE: Collation = (a, b) => (a === b ? 0 : a < b ? -1 : 1);

/** BINARY in a UTF-16le database: memcmp of little-endian code units (low byte first). */
const BINARY_UTF16LE: Collation = (a, b) => {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return ((x & 0xff) << 8 | x >> 8) - ((y & 0xff) << 8 | y >> 8);
  }
  return a.length - b.length;
};

/**
 * BINARY as SQLite applies it in a database of text encoding `encoding` (header offset 56): memcmp
 * of the stored bytes, so UTF-8 sorts by code point, UTF-16be by code unit, UTF-16le by swapped
 * code units.
 */
export function binaryCollation(encoding: TextEncoding = 1): Collation {
  return encoding === 2 ? BINARY_UTF16LE : encoding === 3 ? BINARY_UTF16BE : BINARY;
}

/**
 * A built-in collation by name (case-insensitive) for a database of text encoding `encoding`, as
 * SQLite registers them (main.c): BINARY for all three encodings, comparing the stored bytes; NOCASE
 * and RTRIM only for UTF-8, so text of a UTF-16 database is converted and compared in code point
 * order (checked against sqlite3 in test/btree/collation-encoding.test.ts). Undefined for an
 * unknown name.
 */
export function collationFor(name: string, encoding: TextEncoding = 1): Collation | undefined {
  switch (name.toUpperCase()) {
    case 'BINARY':
      return binaryCollation(encoding);
    case 'NOCASE':
      return NOCASE;
    case 'RTRIM':
      return RTRIM;
    default:
      return undefined;
  }
}

function classRank(v: SqlValue): number {
  if (v === null) return 0;
  const t = typeof v;
  if (t === 'number' || t === 'bigint') return 1;
  if (t === 'string') return 2;
  return 3;
}

/** Compares an integer (number or bigint) or double to another, exactly. */
export function compareNumbers(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  // One bigint, one number: compare exactly without losing precision.
  const big = (typeof a === 'bigint' ? a : b) as bigint;
  const num = (typeof a === 'number' ? a : b) as number;
  let r: number;
  if (Number.isNaN(num)) r = 1; // NaN is stored as NULL by SQLite; never reached for real data
  else if (num === Infinity) r = -1;
  else if (num === -Infinity) r = 1;
  else {
    const fl = Math.floor(num);
    const bf = BigInt(fl);
    r = big < bf ? -1 : big > bf ? 1 : fl < num ? -1 : 0;
  }
  return typeof a === 'bigint' ? r : -r;
}

function compareBlobs(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * Compares two values in SQLite's order.
 * @param collation - used when both are TEXT (default BINARY).
 */
export function compareValues(a: SqlValue, b: SqlValue, collation: Collation = BINARY): number {
  const ra = classRank(a);
  const rb = classRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return compareNumbers(a as number | bigint, b as number | bigint);
    case 2:
      return collation(a as string, b as string);
    default:
      return compareBlobs(a as Uint8Array, b as Uint8Array);
  }
}

/** How the fields of an index key compare: one entry per field (missing entries: ASC, BINARY). */
export interface KeyInfo {
  /** true where the field sorts DESC. */
  desc?: readonly boolean[];
  /** Collation per field (build them with {@link collationFor} for the database's encoding). */
  collations?: readonly Collation[];
  /**
   * Text encoding of the database (header offset 56): fields without a collation compare as its
   * BINARY (see {@link binaryCollation}); default UTF-8.
   */
  encoding?: TextEncoding;
}

/**
 * Compares record `a` against key `b` field by field over the shorter of the two.
 * @returns negative, zero or positive; zero also when one is a prefix of the other.
 */
export function compareKeys(a: readonly SqlValue[], b: readonly SqlValue[], info: KeyInfo = {}): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    // Two numbers (the usual integer keys) compare directly, as compareNumbers would.
    let c =
      typeof x === 'number' && typeof y === 'number'
        ? x < y
          ? -1
          : x > y
            ? 1
            : 0
        : compareValues(x, y, info.collations?.[i] ?? (info.encoding === undefined ? BINARY : binaryCollation(info.encoding)));
    if (c !== 0) {
      if (info.desc?.[i]) c = -c;
      return c;
    }
  }
  return 0;
}
