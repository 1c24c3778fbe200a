/**
 * Comparing an index cell's record with a probe key where it lies on the page, one field at a time,
 * stopping at the first field that differs (SQLite's sqlite3VdbeRecordCompare): the read cursor's
 * key seeks (cursor.ts seekKey), the write path's seeks (write/seek-path.ts), the in-place delete
 * (write/delete-in-place.ts) and the append check (write/append.ts) thus decode one or two fields
 * per probe instead of a whole cell and record.
 *
 * Record layout (fileformat2 §2.1):
 *
 * | offset | size     | content                                                     |
 * |--------|----------|-------------------------------------------------------------|
 * | 0      | varint   | header size H (bytes, this varint included)                  |
 * | …      | varints  | serial type of each field, up to offset H                    |
 * | H      | …        | field bodies in order (serialTypeSize bytes each)            |
 *
 * The result is that of `compareKeys(decodeRecord(payload).values, probe, keyInfo)` (btree/compare.ts):
 * fields compared over the shorter of record and probe, collations and DESC from `keyInfo`, fields
 * without a collation as the encoding's BINARY. A record that does not parse gives NaN, and the
 * caller takes the decoding path, which reports the corruption.
 *
 * @module
 */
import { decodeText, lastVarintLength, readSerialInt, readVarint32, serialTypeSize, type SqlValue, type TextEncoding } from '../format/index.js';
import { binaryCollation, compareValues, type KeyInfo } from './compare.js';

/** The value of serial type `st` whose body is at `b[o]` (`size` bytes). */
function fieldValue(b: Uint8Array, o: number, st: number, size: number, encoding: TextEncoding): SqlValue {
  if (st === 0) return null;
  if (st <= 6) return readSerialInt(b, o, size);
  if (st === 7) return new DataView(b.buffer, b.byteOffset + o, 8).getFloat64(0);
  if (st === 8) return 0;
  if (st === 9) return 1;
  if (st % 2 === 0) return b.subarray(o, o + size);
  return decodeText(b.subarray(o, o + size), encoding);
}

/**
 * Compares the record of `n` bytes at `b[start]` with `probe` (module doc).
 * @returns negative, zero or positive; NaN when the record does not parse.
 */
export function compareRecordToKey(b: Uint8Array, start: number, n: number, probe: readonly SqlValue[], info: KeyInfo, encoding: TextEncoding): number {
  const end = start + n;
  if (n < 1 || end > b.length) return NaN;
  let headerSize = b[start];
  let off = start + 1;
  if (headerSize >= 0x80) {
    headerSize = readVarint32(b, start, end);
    off = start + lastVarintLength();
  }
  const headerEnd = start + headerSize;
  if (headerSize < 1 || headerEnd > end) return NaN;
  let body = headerEnd;
  for (let i = 0; i < probe.length && off < headerEnd; i++) {
    let st = b[off];
    if (st < 0x80) off++;
    else {
      st = readVarint32(b, off, headerEnd);
      off += lastVarintLength();
    }
    if (st === 10 || st === 11) return NaN;
    const size = serialTypeSize(st);
    if (body + size > end) return NaN;
    const p = probe[i];
    if (typeof p === 'number' && ((st >= 1 && st <= 5) || st === 8 || st === 9)) {
      // An integer of at most 48 bits (a number, exact) against a number: no collation applies
      // (the usual case of a rowid or INTEGER key).
      const v = st === 8 ? 0 : st === 9 ? 1 : (readSerialInt(b, body, size) as number);
      if (v !== p) {
        const c = v < p ? -1 : 1;
        return info.desc?.[i] ? -c : c;
      }
      body += size;
      continue;
    }
    const coll = info.collations?.[i] ?? (info.encoding === undefined ? null : binaryCollation(info.encoding));
    let c = coll ? compareValues(fieldValue(b, body, st, size, encoding), probe[i], coll) : compareValues(fieldValue(b, body, st, size, encoding), probe[i]);
    if (c !== 0) {
      if (info.desc?.[i]) c = -c;
      return c;
    }
    body += size;
  }
  return 0;
}

/**
 * {@link compareRecordToKey} for a probe of numbers only, every field ASC: fields of at most 48-bit
 * integers (serial types 1–5, 8, 9) compare in a tight loop; any other field, a header varint of more
 * than one byte or DESC leaves the comparison to compareRecordToKey. The same result, NaN included.
 */
export function compareRecordToNumbers(b: Uint8Array, start: number, n: number, probe: readonly number[], info: KeyInfo, encoding: TextEncoding): number {
  const end = start + n;
  const headerSize = b[start];
  if (n < 2 || end > b.length || headerSize >= 0x80 || headerSize < 1 || start + headerSize > end) return compareRecordToKey(b, start, n, probe, info, encoding);
  const headerEnd = start + headerSize;
  let off = start + 1;
  let body = headerEnd;
  for (let i = 0; i < probe.length && off < headerEnd; i++) {
    const st = b[off++];
    let v: number;
    switch (st) {
      case 1:
        v = (b[body] << 24) >> 24;
        body += 1;
        break;
      case 2:
        v = (((b[body] << 8) | b[body + 1]) << 16) >> 16;
        body += 2;
        break;
      case 3:
        v = (((b[body] << 16) | (b[body + 1] << 8) | b[body + 2]) << 8) >> 8;
        body += 3;
        break;
      case 4:
        v = (b[body] << 24) | (b[body + 1] << 16) | (b[body + 2] << 8) | b[body + 3];
        body += 4;
        break;
      case 5:
        v = ((((b[body] << 8) | b[body + 1]) << 16) >> 16) * 0x100000000 + (((b[body + 2] << 24) | (b[body + 3] << 16) | (b[body + 4] << 8) | b[body + 5]) >>> 0);
        body += 6;
        break;
      case 8:
        v = 0;
        break;
      case 9:
        v = 1;
        break;
      default:
        return compareRecordToKey(b, start, n, probe, info, encoding);
    }
    if (body > end) return NaN;
    const p = probe[i];
    if (v !== p) return v < p ? -1 : 1;
  }
  return 0;
}

/**
 * Body bytes of serial types 0–9 for {@link firstIntOrder}: 1–4 are the integers it decodes, 8
 * and 9 the constants 0 and 1; −1 marks the others (NULL, 6- and 8-byte integers, REAL).
 */
const FIRST_INT_BYTES = [-1, 1, 2, 3, 4, -1, -1, -1, 0, 0];

/**
 * The first field of the record `b[start, start + n)` when it is an integer of serial type 1–4, 8
 * or 9 (fileformat2 §2.1) and the header is one byte long; NaN otherwise (another type, a longer
 * header, a record too short for the field). Small enough for V8 to inline into a search loop
 * (delete-in-place.ts), which calls it at every step.
 */
export function firstIntValue(b: Uint8Array, start: number, n: number): number {
  const hs = b[start];
  const st = b[start + 1];
  const len = st <= 9 ? FIRST_INT_BYTES[st] : -1;
  const body = start + hs;
  if (len < 0 || hs < 2 || hs >= 0x80 || n < 2 || body + len > start + n) return NaN;
  if (st === 1) return (b[body] << 24) >> 24;
  if (st === 2) return (((b[body] << 8) | b[body + 1]) << 16) >> 16;
  if (st === 3) return (((b[body] << 16) | (b[body + 1] << 8) | b[body + 2]) << 8) >> 8;
  if (st === 4) return (b[body] << 24) | (b[body + 1] << 16) | (b[body + 2] << 8) | b[body + 3];
  return st === 8 ? 0 : 1;
}

/**
 * The order of the record `b[start, start + n)` against a probe whose first field is the number
 * `p0` (ASC), decided by the record's first field alone when that is an integer of serial type
 * 1–4, 8 or 9 different from `p0`: −1 or 1 as {@link compareRecordToNumbers} would answer.
 * 0 when it cannot tell (the fields are equal, or {@link firstIntValue} is NaN): then ask
 * compareRecordToNumbers.
 */
export function firstIntOrder(b: Uint8Array, start: number, n: number, p0: number): number {
  const v = firstIntValue(b, start, n);
  return v !== v || v === p0 ? 0 : v < p0 ? -1 : 1;
}
