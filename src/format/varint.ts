/**
 * SQLite's variable-length integer (fileformat2 §1.6, "varint").
 *
 * A varint is 1 to 9 bytes, big-endian. Bytes 1–8 give 7 bits each and their high bit says "another
 * byte follows"; a 9th byte, when reached, gives all 8 bits. So 9 bytes carry exactly 64 bits, read as
 * a two's-complement signed 64-bit integer (how SQLite reads rowids).
 *
 * | bytes | bits | largest unsigned value |
 * |-------|------|------------------------|
 * | 1     | 7    | 0x7f                   |
 * | n ≤ 8 | 7n   | 2^(7n) − 1             |
 * | 9     | 64   | 2^64 − 1               |
 *
 * Decoded values are `number` when `Number.isSafeInteger`, else `bigint`. Encoding always writes the
 * shortest form, as SQLite does.
 *
 * @module
 */
import { corrupt, SqliteError } from '../error.js';

const TWO_POW_49 = 562949953421312; // 2^(7*7): any 7-byte varint is below this, so a number holds it exactly

/** The largest number of bytes a varint takes. */
export const MAX_VARINT_BYTES = 9;

let lastLength = 0;

/**
 * Reads the varint at `offset` without allocating: returns its value and leaves its length (bytes)
 * for {@link lastVarintLength}. Use it on hot paths (cell headers, record headers).
 *
 * @param end - first offset the varint may not touch (default `buf.length`).
 * @param pgno - page number for the error, when the buffer is a page.
 * @throws SQLITE_CORRUPT when the varint runs past `end`.
 */
export function readVarint(buf: Uint8Array, offset: number, end: number = buf.length, pgno?: number): number | bigint {
  let v = 0;
  const limit = Math.min(end, buf.length);
  for (let i = 0; i < 7; i++) {
    if (offset + i >= limit) throw corrupt('varint runs past the end of its buffer', pgno, offset);
    const b = buf[offset + i];
    v = v * 128 + (b & 0x7f);
    if (b < 0x80) {
      lastLength = i + 1;
      return v;
    }
  }
  // 8th and 9th bytes: beyond 2^53, so finish in bigint.
  if (offset + 7 >= limit) throw corrupt('varint runs past the end of its buffer', pgno, offset);
  const b7 = buf[offset + 7];
  if (b7 < 0x80) {
    lastLength = 8;
    const n = v * 128 + b7; // < 2^56; exact when below 2^53
    return Number.isSafeInteger(n) ? n : (BigInt(v) << 7n) | BigInt(b7);
  }
  if (offset + 8 >= limit) throw corrupt('varint runs past the end of its buffer', pgno, offset);
  lastLength = 9;
  const u = (BigInt(v) << 15n) | (BigInt(b7 & 0x7f) << 8n) | BigInt(buf[offset + 8]);
  const s = BigInt.asIntN(64, u);
  return s >= BigInt(Number.MIN_SAFE_INTEGER) && s <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(s) : s;
}

/** Length in bytes of the varint most recently read by {@link readVarint} (1–9). */
export function lastVarintLength(): number {
  return lastLength;
}

/**
 * Reads a varint that must be a small non-negative count (a payload size, header size or serial
 * type): returns it as a number, or throws when it is a `bigint`, negative or above `max`.
 * Its length is left for {@link lastVarintLength}.
 *
 * @param max - largest acceptable value (default 2^32 − 1).
 * @throws SQLITE_CORRUPT when out of range or running past `end`.
 */
export function readVarint32(buf: Uint8Array, offset: number, end?: number, pgno?: number, max = 0xffffffff): number {
  // One byte, the usual payload size, header size or serial type.
  const b0 = buf[offset];
  if (b0 < 0x80 && (end === undefined || offset < end) && b0 <= max) {
    lastLength = 1;
    return b0;
  }
  const v = readVarint(buf, offset, end, pgno);
  if (typeof v !== 'number' || v < 0 || v > max) throw corrupt(`varint ${v} out of range (max ${max})`, pgno, offset);
  return v;
}

/**
 * Decodes the varint at `offset` (fileformat2 §1.6).
 *
 * @param end - first offset the varint may not touch (default `buf.length`).
 * @returns `value` (number when safe, else bigint, two's-complement signed 64-bit) and `length` in bytes.
 * @throws SQLITE_CORRUPT when the varint runs past `end`.
 */
export function decodeVarint(buf: Uint8Array, offset: number, end?: number): { value: number | bigint; length: number } {
  const value = readVarint(buf, offset, end);
  return { value, length: lastLength };
}

function toUint64(value: number | bigint): bigint {
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new SqliteError('SQLITE_MISUSE', `varint value ${value} is not an integer`);
    value = BigInt(value);
  }
  if (value < -(1n << 63n) || value >= 1n << 64n) {
    throw new SqliteError('SQLITE_MISUSE', `varint value ${value} does not fit in 64 bits`);
  }
  return BigInt.asUintN(64, value);
}

/**
 * Length in bytes (1–9) of the shortest varint for `value`. Negative values take 9 bytes.
 * Accepts −2^63 ≤ value < 2^64 (unsigned values above 2^63 − 1 are the same bits as negatives).
 *
 * @throws SQLITE_MISUSE when the value is not an integer or does not fit in 64 bits.
 */
export function varintLength(value: number | bigint): number {
  // Small counts and rowids (below 2^28, held as int32): 1–4 bytes by comparison.
  if (typeof value === 'number' && (value | 0) === value && value >= 0) {
    return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;
  }
  if (typeof value === 'number' && value >= 0 && value < TWO_POW_49 && Number.isInteger(value)) {
    let n = 1;
    while (value >= 128) {
      value = Math.floor(value / 128);
      n++;
    }
    return n;
  }
  const u = toUint64(value);
  if (u >= 1n << 56n) return 9;
  let n = 1;
  for (let x = u >> 7n; x > 0n; x >>= 7n) n++;
  return n;
}

/**
 * Writes the shortest varint for `value` at `offset`.
 *
 * @returns the number of bytes written (1–9).
 * @throws SQLITE_MISUSE when the value does not fit in 64 bits. The caller leaves room (up to 9 bytes).
 */
export function putVarint(buf: Uint8Array, offset: number, value: number | bigint): number {
  if (typeof value === 'number' && (value | 0) === value && value >= 0) {
    // Below 2^31: 7-bit groups by shifts, most significant first.
    if (value < 0x80) {
      buf[offset] = value;
      return 1;
    }
    if (value < 0x4000) {
      buf[offset] = (value >>> 7) | 0x80;
      buf[offset + 1] = value & 0x7f;
      return 2;
    }
    if (value < 0x200000) {
      buf[offset] = (value >>> 14) | 0x80;
      buf[offset + 1] = ((value >>> 7) & 0x7f) | 0x80;
      buf[offset + 2] = value & 0x7f;
      return 3;
    }
  }
  const n = varintLength(value);
  if (n < 8 && typeof value === 'number') {
    let v = value;
    for (let i = n - 1; i >= 0; i--) {
      buf[offset + i] = (v % 128) | (i === n - 1 ? 0 : 0x80);
      v = Math.floor(v / 128);
    }
    return n;
  }
  let u = toUint64(value);
  if (n === 9) {
    buf[offset + 8] = Number(u & 0xffn);
    u >>= 8n;
    for (let i = 7; i >= 0; i--) {
      buf[offset + i] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    return 9;
  }
  for (let i = n - 1; i >= 0; i--) {
    buf[offset + i] = Number(u & 0x7fn) | (i === n - 1 ? 0 : 0x80);
    u >>= 7n;
  }
  return n;
}

/**
 * Writes `value` as a varint of exactly `width` bytes, padding with leading zero groups (0x80 bytes)
 * when `width` exceeds the shortest form. SQLite never writes such varints but reads them; forensic
 * files may hold them, and byte-exact re-encoding needs this.
 *
 * @returns `width`.
 * @throws SQLITE_MISUSE when `width` is below {@link varintLength}(value) or above 9.
 */
export function putVarintWidth(buf: Uint8Array, offset: number, value: number | bigint, width: number): number {
  const min = varintLength(value);
  if (width < min || width > MAX_VARINT_BYTES) throw new SqliteError('SQLITE_MISUSE', `varint ${value} cannot take ${width} bytes`);
  if (width === min) return putVarint(buf, offset, value);
  let u = toUint64(value);
  if (width === 9) {
    buf[offset + 8] = Number(u & 0xffn);
    u >>= 8n;
  }
  const groups = width === 9 ? 8 : width;
  for (let i = groups - 1; i >= 0; i--) {
    buf[offset + i] = Number(u & 0x7fn) | (i === groups - 1 && width !== 9 ? 0 : 0x80);
    u >>= 7n;
  }
  return width;
}

/** The shortest varint for `value`, as a new array. @throws SQLITE_MISUSE as {@link putVarint}. */
export function encodeVarint(value: number | bigint): Uint8Array {
  const out = new Uint8Array(varintLength(value));
  putVarint(out, 0, value);
  return out;
}
