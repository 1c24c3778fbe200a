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
import type { SqlValue } from '../format/index.js';

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

/** The built-in collations by upper-case name. */
export const COLLATIONS: ReadonlyMap<string, Collation> = new Map([
  ['BINARY', BINARY],
  ['NOCASE', NOCASE],
  ['RTRIM', RTRIM],
]);

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
  /** Collation per field. */
  collations?: readonly Collation[];
}

/**
 * Compares record `a` against key `b` field by field over the shorter of the two.
 * @returns negative, zero or positive; zero also when one is a prefix of the other.
 */
export function compareKeys(a: readonly SqlValue[], b: readonly SqlValue[], info: KeyInfo = {}): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let c = compareValues(a[i], b[i], info.collations?.[i] ?? BINARY);
    if (c !== 0) {
      if (info.desc?.[i]) c = -c;
      return c;
    }
  }
  return 0;
}
