/**
 * The record format: how a row or index key is laid out as payload (fileformat2 §2.1).
 *
 * | offset      | size         | description                                             |
 * |-------------|--------------|---------------------------------------------------------|
 * | 0           | varint (1–9) | header size H in bytes, counting this varint itself     |
 * | …           | varints      | one serial type per column, up to offset H              |
 * | H           | Σ body sizes | the column bodies, in column order (see serial-type.ts) |
 *
 * Invariants a decoded record keeps (violations are SQLITE_CORRUPT, offsets relative to the payload):
 * 1. The header size varint fits within the payload, and H lies between its own length and the payload size.
 * 2. No serial type varint crosses offset H; serial types 10 and 11 do not appear.
 * 3. The bodies end exactly at the end of the payload (SQLite's OP_Column check): no shortfall, no trailing bytes.
 *
 * A REAL that is NaN is returned as `NaN` (SQLite itself reads it as NULL; SQLite never writes one),
 * so the record round-trips; other NaN bit patterns re-encode as the canonical quiet NaN.
 *
 * @module
 */
import { corrupt, SqliteError } from '../error.js';
import { storageClassOf, serialTypeSize } from './serial-type.js';
import { decodeText, encodeText } from './text.js';
import { isIntegerNumber, type SqlValue, type TextEncoding } from './value.js';
import { lastVarintLength, putVarint, readVarint32, varintLength } from './varint.js';

/** The largest record header SQLite accepts (bytes): OP_Column rejects more than 98307. */
export const MAX_RECORD_HEADER_BYTES = 98307;

/** A decoded record: its header size (bytes), one serial type per column and the column values. */
export interface DecodedRecord {
  headerSize: number;
  serialTypes: number[];
  values: SqlValue[];
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * The signed big-endian integer of serial types 1–6 (fileformat2 §2.1): `n` = 1, 2, 3, 4, 6 or 8
 * bytes at `b[o]`; a JS number when it is a safe integer, else a bigint.
 */
export function readSerialInt(b: Uint8Array, o: number, n: number): number | bigint {
  switch (n) {
    case 1:
      return (b[o] << 24) >> 24;
    case 2:
      return (((b[o] << 8) | b[o + 1]) << 16) >> 16;
    case 3:
      return (((b[o] << 16) | (b[o + 1] << 8) | b[o + 2]) << 8) >> 8;
    case 4:
      return (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
    case 6:
      return ((((b[o] << 8) | b[o + 1]) << 16) >> 16) * 0x100000000 + (((b[o + 2] << 24) | (b[o + 3] << 16) | (b[o + 4] << 8) | b[o + 5]) >>> 0);
    default: {
      const v = new DataView(b.buffer, b.byteOffset + o, 8).getBigInt64(0);
      return v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : v;
    }
  }
}

/** Body bytes of serial types 0–11 (serial-type.ts; 10 and 11 are rejected before use). */
const FIXED_BODY_BYTES = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0];

const float64Bytes = new Uint8Array(8);
const float64View = new DataView(float64Bytes.buffer);

/** The big-endian IEEE-754 double at `b[o]` (serial type 7), without a DataView per value. */
function readFloat64(b: Uint8Array, o: number): number {
  for (let i = 0; i < 8; i++) float64Bytes[i] = b[o + i];
  return float64View.getFloat64(0);
}

/**
 * Decodes a whole record payload (fileformat2 §2.1).
 *
 * @param payload - the complete payload (local part plus overflow, already joined).
 * @param encoding - the database text encoding, used for TEXT values.
 * @param pgno - page number for errors, when known.
 * @throws SQLITE_CORRUPT (offset relative to the payload) when an invariant in the module doc fails.
 */
export function decodeRecord(payload: Uint8Array, encoding: TextEncoding, pgno?: number): DecodedRecord {
  const n = payload.length;
  let headerSize: number;
  let off: number;
  // One-byte varints (header sizes below 128, serial types below 128) are read inline.
  if (n > 0 && payload[0] < 0x80) {
    headerSize = payload[0];
    off = 1;
  } else {
    headerSize = readVarint32(payload, 0, n, pgno);
    off = lastVarintLength();
  }
  if (headerSize < off || headerSize > n || headerSize > MAX_RECORD_HEADER_BYTES) {
    throw corrupt(`record header size ${headerSize} outside [${off}, ${Math.min(n, MAX_RECORD_HEADER_BYTES)}]`, pgno, 0);
  }
  const serialTypes: number[] = [];
  const values: SqlValue[] = [];
  let body = headerSize;
  while (off < headerSize) {
    let st = payload[off];
    let stLength = 1;
    if (st >= 0x80) {
      st = readVarint32(payload, off, headerSize, pgno);
      stLength = lastVarintLength();
    }
    if (st === 10 || st === 11) throw corrupt(`reserved serial type ${st} in record`, pgno, off);
    off += stLength;
    const size = st < 12 ? FIXED_BODY_BYTES[st] : Math.floor((st - 12) / 2);
    if (body + size > n) throw corrupt(`record body for serial type ${st} ends past the payload (${n} bytes)`, pgno, body);
    serialTypes.push(st);
    if (st === 0) values.push(null);
    else if (st <= 6) values.push(readSerialInt(payload, body, size));
    else if (st === 7) values.push(readFloat64(payload, body));
    else if (st === 8) values.push(0);
    else if (st === 9) values.push(1);
    else if (st % 2 === 0) values.push(payload.slice(body, body + size));
    else values.push(decodeText(payload.subarray(body, body + size), encoding));
    body += size;
  }
  if (body !== n) throw corrupt(`record body ends at ${body} but the payload has ${n} bytes`, pgno, body);
  return { headerSize, serialTypes, values };
}

/**
 * The serial type SQLite would choose for `value` (fileformat2 §2.1): NULL 0; integers the smallest
 * of 1–6, or 8/9 for 0/1 when `schemaFormat` ≥ 4; REAL 7; TEXT 2·bytes+13 (bytes in `encoding`);
 * BLOB 2·bytes+12. A `number` is an INTEGER when `Number.isSafeInteger` and not `-0`, else a REAL.
 *
 * @param schemaFormat - db header offset 44 (default 4).
 * @throws SQLITE_MISUSE for a bigint outside the signed 64-bit range.
 */
export function serialTypeFor(value: SqlValue, encoding: TextEncoding, schemaFormat = 4): number {
  if (value === null) return 0;
  if (typeof value === 'string') return encodedTextLength(value, encoding) * 2 + 13;
  if (value instanceof Uint8Array) return value.length * 2 + 12;
  if (typeof value === 'number' && !isIntegerNumber(value)) return 7;
  return intSerialType(value, schemaFormat);
}

function encodedTextLength(s: string, encoding: TextEncoding): number {
  if (encoding !== 1) return s.length * 2;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3; // BMP, or a lone surrogate that TextEncoder turns into U+FFFD
  }
  return n;
}

function intSerialType(v: number | bigint, schemaFormat: number): number {
  if (typeof v === 'bigint') {
    if (v < -(1n << 63n) || v >= 1n << 63n) throw new SqliteError('SQLITE_MISUSE', `integer ${v} does not fit in 64 bits`);
    if (v >= MIN_SAFE && v <= MAX_SAFE) v = Number(v);
    else return 6;
  }
  if (schemaFormat >= 4 && (v === 0 || v === 1)) return v === 0 ? 8 : 9;
  return sizedIntSerialType(v);
}

/**
 * Serial type 1–6 of a safe-integer JS number: the fewest bytes that hold it (fileformat2 §2.1).
 * Callers that use the 0/1 constants (schema format 4: serial types 8 and 9) test those first.
 */
export function sizedIntSerialType(v: number): number {
  const u = v < 0 ? -v - 1 : v; // magnitude test that treats −2^(k−1) as fitting in k bits
  if (u <= 0x7f) return 1;
  if (u <= 0x7fff) return 2;
  if (u <= 0x7fffff) return 3;
  if (u <= 0x7fffffff) return 4;
  if (u <= 0x7fffffffffff) return 5;
  return 6;
}

function misuse(msg: string): SqliteError {
  return new SqliteError('SQLITE_MISUSE', msg);
}

const TWO_POW_32 = 0x100000000;

/**
 * Writes the integer body of serial types 1–6 (`size` = 1, 2, 3, 4, 6 or 8 bytes, big-endian two's
 * complement) at `out[o]`; `v` must fit (see {@link serialTypeFor}). Numbers are written without
 * BigInt (a safe integer's high word is exact).
 */
export function putSerialInt(out: Uint8Array, o: number, size: number, v: number | bigint): void {
  if (typeof v === 'bigint') {
    if (size === 8) {
      new DataView(out.buffer, out.byteOffset + o, 8).setBigInt64(0, v);
      return;
    }
    v = Number(v); // serial types 1–5 hold at most 48 bits: exact
  }
  if (size <= 4) {
    for (let i = size - 1; i >= 0; i--) {
      out[o + i] = v & 0xff;
      v >>= 8;
    }
    return;
  }
  const hi = Math.floor(v / TWO_POW_32);
  const lo = v - hi * TWO_POW_32;
  if (size === 6) {
    out[o] = (hi >> 8) & 0xff;
    out[o + 1] = hi & 0xff;
  } else {
    out[o] = (hi >> 24) & 0xff;
    out[o + 1] = (hi >> 16) & 0xff;
    out[o + 2] = (hi >> 8) & 0xff;
    out[o + 3] = hi & 0xff;
  }
  const p = o + size - 4;
  out[p] = lo >>> 24;
  out[p + 1] = (lo >>> 16) & 0xff;
  out[p + 2] = (lo >>> 8) & 0xff;
  out[p + 3] = lo & 0xff;
}

const INT_RANGE: Record<number, bigint> = { 1: 1n << 7n, 2: 1n << 15n, 3: 1n << 23n, 4: 1n << 31n, 5: 1n << 47n, 6: 1n << 63n };
/** INT_RANGE of serial types 1–5 as numbers (exact: below 2^53). */
const INT_RANGE_NUMBER: Record<number, number> = { 1: 2 ** 7, 2: 2 ** 15, 3: 2 ** 23, 4: 2 ** 31, 5: 2 ** 47 };

/** The error for a value that serial type `st` cannot hold (column `i`). */
function badValue(i: number, value: SqlValue, st: number): SqliteError {
  return misuse(`column ${i}: value ${String(value)} cannot be stored with serial type ${st}`);
}

/**
 * Checks that `value` can be stored with `st`, returning the body bytes for TEXT (encoded once).
 * (No closure per call: this runs for every field of every record written.)
 */
function checkValue(st: number, value: SqlValue, encoding: TextEncoding, i: number): Uint8Array | undefined {
  const cls = storageClassOf(st);
  switch (cls) {
    case 'null':
      if (value !== null) throw badValue(i, value, st);
      return undefined;
    case 'real':
      if (typeof value !== 'number' && typeof value !== 'bigint') throw badValue(i, value, st);
      return undefined;
    case 'integer': {
      if (typeof value !== 'number' && typeof value !== 'bigint') throw badValue(i, value, st);
      if (typeof value === 'number' && !Number.isInteger(value)) throw badValue(i, value, st);
      if (st === 8 || st === 9) {
        if (Number(value) !== st - 8) throw badValue(i, value, st);
        return undefined;
      }
      if (typeof value === 'number' && st < 6) {
        const l = INT_RANGE_NUMBER[st];
        if (value < -l || value >= l) throw badValue(i, value, st);
        return undefined;
      }
      const lim = INT_RANGE[st];
      const b = BigInt(value);
      if (b < -lim || b >= lim) throw badValue(i, value, st);
      return undefined;
    }
    case 'text': {
      if (typeof value !== 'string') throw badValue(i, value, st);
      const bytes = encodeText(value, encoding);
      const size = serialTypeSize(st);
      if (bytes.length !== size) throw misuse(`column ${i}: text is ${bytes.length} bytes but serial type ${st} says ${size}`);
      return bytes;
    }
    case 'blob':
      if (!(value instanceof Uint8Array) || value.length !== serialTypeSize(st)) throw badValue(i, value, st);
      return value;
  }
}

/** Header size H of a record whose serial-type varints take `typesBytes` bytes (H counts its own varint). */
export function headerSizeFor(typesBytes: number): number {
  let h = typesBytes + 1;
  while (varintLength(h) + typesBytes !== h) h = typesBytes + varintLength(h);
  return h;
}

/**
 * Encodes a record with the given serial types (fileformat2 §2.1): the byte-exact inverse of
 * {@link decodeRecord} for minimal varints. The header size varint is the shortest that works.
 *
 * @throws SQLITE_MISUSE when the arrays differ in length or a value does not fit its serial type.
 */
export function encodeRecord(rec: { serialTypes: number[]; values: SqlValue[] }, encoding: TextEncoding): Uint8Array {
  const { serialTypes, values } = rec;
  if (serialTypes.length !== values.length) throw misuse(`${serialTypes.length} serial types for ${values.length} values`);
  const bodies: (Uint8Array | undefined)[] = new Array(values.length);
  let typesBytes = 0;
  let bodyBytes = 0;
  for (let i = 0; i < values.length; i++) {
    const st = serialTypes[i];
    bodies[i] = checkValue(st, values[i], encoding, i);
    typesBytes += varintLength(st);
    bodyBytes += serialTypeSize(st);
  }
  const h = headerSizeFor(typesBytes);
  const out = new Uint8Array(h + bodyBytes);
  let off = putVarint(out, 0, h);
  let body = h;
  for (let i = 0; i < values.length; i++) {
    const st = serialTypes[i];
    off += putVarint(out, off, st);
    const v = values[i];
    const size = serialTypeSize(st);
    if (st >= 1 && st <= 6) putSerialInt(out, body, size, v as number | bigint);
    else if (st === 7) new DataView(out.buffer, body, 8).setFloat64(0, Number(v));
    else if (st >= 12) out.set(bodies[i] as Uint8Array, body);
    body += size;
  }
  return out;
}

/**
 * Builds the record SQLite would write for `values`: serial types from {@link serialTypeFor}, then
 * {@link encodeRecord}.
 *
 * @param schemaFormat - db header offset 44 (default 4: 0 and 1 take no body bytes).
 */
export function recordFromValues(values: SqlValue[], encoding: TextEncoding, schemaFormat = 4): Uint8Array {
  const serialTypes = values.map((v) => serialTypeFor(v, encoding, schemaFormat));
  return encodeRecord({ serialTypes, values }, encoding);
}
