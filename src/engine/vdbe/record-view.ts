/**
 * A parsed record header over a payload, for reading single columns without decoding the whole
 * record (SQLite's VdbeCursor aType/aOffset cache, filled by OP_Column; fileformat2 §2.1).
 *
 * ```
 *  buf:      … [ H | st0 st1 … st(n−1) | body0 | body1 | … ] …   (the payload at start, length bytes)
 *  parse():  types[i]  = st(i)
 *            offsets[i] = byte offset of body i within buf (offsets[n] = the payload's end)
 *  column(i): decodes body i only: INTEGER as a JS number (bigint beyond 2^53), REAL boxed as
 *            Real (NaN read as NULL, as SQLite does), TEXT decoded, BLOB copied out of the page.
 *  peek(…, i): the first field read on an entry: walks the serial types up to field i and decodes
 *            it, leaving the view alone (a scan reading one column parses no more than it needs)
 * ```
 *
 * Invariants {@link RecordView.parse} checks, as decodeRecord does (SQLITE_CORRUPT with the page
 * number and the offset within the payload):
 * 1. The header size H fits the payload and is at least its own varint's length.
 * 2. No serial type crosses H; serial types 10 and 11 do not appear.
 * 3. The bodies end exactly at the end of the payload.
 *
 * One view is reused for every row a cursor visits: `parse` overwrites the arrays in place, so
 * reading a row allocates nothing but the values it returns.
 *
 * @module
 */
import { corrupt, type SqliteError } from '../../error.js';
import { decodeText } from '../../format/text.js';
import type { TextEncoding } from '../../format/value.js';
import { lastVarintLength, readVarint32 } from '../../format/varint.js';
import { Real, type Value } from '../value/value.js';

/** The largest record header SQLite accepts (bytes), as in format/record.ts. */
const MAX_RECORD_HEADER_BYTES = 98307;

/** Body bytes of serial types 0..11 (10 and 11 are reserved). */
const FIXED_SIZE = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0];

/** Fields a new view has room for before its arrays grow (records wider than this are rare). */
const PREALLOCATED_FIELDS = 32;

/** A reusable parsed header over one payload; see the module doc. */
export class RecordView {
  /** Number of fields in the record. */
  n = 0;
  /**
   * Serial type of each field. Both arrays start with room for {@link PREALLOCATED_FIELDS} fields:
   * a parse that grew them (a new view's first record) deoptimized the Column code V8 had
   * optimized on views grown already, once per new cursor.
   */
  types: number[] = new Array<number>(PREALLOCATED_FIELDS).fill(0);
  /** Byte offset of each field's body in {@link buf}; `offsets[n]` is the payload's end. */
  offsets: number[] = new Array<number>(PREALLOCATED_FIELDS + 1).fill(0);
  /** The bytes holding the payload (a page, or a reassembled payload). */
  buf: Uint8Array = EMPTY;

  constructor(readonly encoding: TextEncoding) {}

  /**
   * Parses the header of the payload at `buf[start .. start + length)` (the whole payload,
   * overflow joined). Error offsets are relative to the payload.
   * @param pgno - page number for errors.
   * @throws SqliteError SQLITE_CORRUPT when an invariant of the module doc fails.
   */
  parse(buf: Uint8Array, start: number, length: number, pgno: number): void {
    const end = start + length;
    let h = length > 0 ? buf[start] : 0;
    let off = 1;
    if (h >= 0x80) {
      h = readVarint32(buf, start, end, pgno);
      off = lastVarintLength();
    }
    if (length === 0 || h < off || h > length || h > MAX_RECORD_HEADER_BYTES) throw badHeaderSize(h, off, length, pgno);
    const types = this.types;
    const offsets = this.offsets;
    let n = 0;
    let body = start + h;
    off += start;
    const hEnd = start + h;
    // The error paths are calls to the functions below the class, so that this loop stays small
    // enough for the optimizing compiler to inline it into Column.
    while (off < hEnd) {
      let st = buf[off];
      if (st < 0x80) off++;
      else if (off + 1 < hEnd && buf[off + 1] < 0x80) {
        // two-byte serial types: TEXT and BLOB bodies of 58..8185 bytes
        st = ((st & 0x7f) << 7) | buf[off + 1];
        off += 2;
      } else {
        st = readVarint32(buf, off, hEnd, pgno);
        off += lastVarintLength();
      }
      const size = st >= 12 ? (st - 12) >>> 1 : st === 10 || st === 11 ? -1 : FIXED_SIZE[st];
      if (size < 0) throw reservedType(st, pgno, off - start);
      types[n] = st;
      offsets[n] = body;
      body += size;
      if (body > end) throw bodyPastEnd(st, length, pgno, offsets[n] - start);
      n++;
    }
    if (body !== end) throw bodyEnd(body - start, length, pgno);
    offsets[n] = body;
    this.n = n;
    this.buf = buf;
  }

  /** Field `i` (0-based, below `n`) as a register value. */
  column(i: number): Value {
    return decodeField(this.types[i], this.buf, this.offsets[i], this.offsets[i + 1], this.encoding);
  }

  /**
   * Field `i` of the payload at `buf[start .. start + length)` read without parsing the header
   * into this view: the serial types before it are walked, the body decoded. The record's later
   * fields are not looked at (SQLite's OP_Column parses no further than the field it reads); the
   * invariants are checked up to field `i`. {@link NOT_PEEKED} when the header is unusual (a
   * varint longer than two bytes, a field missing, anything malformed): {@link parse} then reads
   * it, or reports the corruption.
   */
  peek(buf: Uint8Array, start: number, length: number, i: number): Value | typeof NOT_PEEKED {
    const h = length > 0 ? buf[start] : 0;
    if (h === 0 || h >= 0x80 || h > length) return NOT_PEEKED;
    const hEnd = start + h;
    const end = start + length;
    let off = start + 1;
    let body = hEnd;
    for (let k = 0; off < hEnd; k++) {
      let st = buf[off];
      if (st < 0x80) off++;
      else if (off + 1 < hEnd && buf[off + 1] < 0x80) {
        st = ((st & 0x7f) << 7) | buf[off + 1];
        off += 2;
      } else return NOT_PEEKED;
      const size = st >= 12 ? (st - 12) >>> 1 : st === 10 || st === 11 ? -1 : FIXED_SIZE[st];
      if (size < 0 || body + size > end) return NOT_PEEKED;
      if (k === i) return decodeField(st, buf, body, body + size, this.encoding);
      body += size;
    }
    return NOT_PEEKED;
  }
  /**
   * The last field of the payload at `buf[start .. start + length)` read without parsing the header
   * into this view (an index entry's rowid, OP_IdxRowid): the serial types are walked to the end of
   * the header and the body of the last one decoded. The record must end exactly where the last
   * field's body does, as {@link parse} requires. {@link NOT_PEEKED} when the header is unusual (as
   * {@link peek}), when the record has no field, or when anything is malformed: {@link parse} then
   * reads it, or reports the corruption.
   */
  peekLast(buf: Uint8Array, start: number, length: number): Value | typeof NOT_PEEKED {
    const h = length > 0 ? buf[start] : 0;
    if (h <= 1 || h >= 0x80 || h > length) return NOT_PEEKED;
    const hEnd = start + h;
    let off = start + 1;
    let body = hEnd;
    let st = 0;
    let size = 0;
    while (off < hEnd) {
      body += size;
      st = buf[off];
      if (st < 0x80) off++;
      else if (off + 1 < hEnd && buf[off + 1] < 0x80) {
        st = ((st & 0x7f) << 7) | buf[off + 1];
        off += 2;
      } else return NOT_PEEKED;
      size = st >= 12 ? (st - 12) >>> 1 : st === 10 || st === 11 ? -1 : FIXED_SIZE[st];
      if (size < 0) return NOT_PEEKED;
    }
    if (off !== hEnd || body + size !== start + length) return NOT_PEEKED;
    return decodeField(st, buf, body, body + size, this.encoding);
  }
}

/** What {@link RecordView.peek} returns when it leaves the field to the full parse. */
export const NOT_PEEKED: unique symbol = Symbol('not peeked');

/** The body of serial type `st` at `b[o .. end)` as a register value (see the module doc). */
function decodeField(st: number, b: Uint8Array, o: number, end: number, encoding: TextEncoding): Value {
  // The common small INTEGERs here (small enough to inline); the rest in decodeOther.
  switch (st) {
    case 0:
      return null;
    case 1:
      return (b[o] << 24) >> 24;
    case 2:
      return (((b[o] << 8) | b[o + 1]) << 16) >> 16;
    case 3:
      return (((b[o] << 16) | (b[o + 1] << 8) | b[o + 2]) << 8) >> 8;
    case 4:
      return (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
    case 8:
      return 0;
    case 9:
      return 1;
    default:
      return decodeOther(st, b, o, end, encoding);
  }
}

/** {@link decodeField} for serial types 5, 6, 7 and TEXT / BLOB bodies. */
function decodeOther(st: number, b: Uint8Array, o: number, end: number, encoding: TextEncoding): Value {
  switch (st) {
    case 5:
      return ((((b[o] << 8) | b[o + 1]) << 16) >> 16) * 0x100000000 + (((b[o + 2] << 24) | (b[o + 3] << 16) | (b[o + 4] << 8) | b[o + 5]) >>> 0);
    case 6: {
      const hi = (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
      const lo = ((b[o + 4] << 24) | (b[o + 5] << 16) | (b[o + 6] << 8) | b[o + 7]) >>> 0;
      // Exact as a double when −2^53 ≤ value ≤ 2^53 − 1… checked on the high word: |hi| < 2^21.
      if (hi >= -0x200000 && hi < 0x200000) {
        const v = hi * 0x100000000 + lo;
        if (Number.isSafeInteger(v)) return v;
      }
      return (BigInt(hi) << 32n) | BigInt(lo);
    }
    case 7: {
      const r = new DataView(b.buffer, b.byteOffset + o, 8).getFloat64(0);
      return r === r ? new Real(r) : null;
    }
    default:
      if ((st & 1) === 0) return b.slice(o, end);
      return encoding === 1 ? utf8(b, o, end) : decodeText(b.subarray(o, end), encoding);
  }
}

/** Invariant 1 failed (the messages as decodeRecord's). */
function badHeaderSize(h: number, min: number, length: number, pgno: number): SqliteError {
  return corrupt(`record header size ${h} outside [${min}, ${Math.min(length, MAX_RECORD_HEADER_BYTES)}]`, pgno, 0);
}

/** Invariant 2 failed: a reserved serial type at `offset` (in the payload). */
function reservedType(st: number, pgno: number, offset: number): SqliteError {
  return corrupt(`reserved serial type ${st} in record`, pgno, offset);
}

/** Invariant 2 failed: the body of serial type `st`, at `offset`, ends past the payload. */
function bodyPastEnd(st: number, length: number, pgno: number, offset: number): SqliteError {
  return corrupt(`record body for serial type ${st} ends past the payload (${length} bytes)`, pgno, offset);
}

/** Invariant 3 failed: the bodies end at `at`, not at the payload's end. */
function bodyEnd(at: number, length: number, pgno: number): SqliteError {
  return corrupt(`record body ends at ${at} but the payload has ${length} bytes`, pgno, at);
}

const EMPTY = new Uint8Array(0);

/** Node's Buffer#latin1Slice, which copies bytes 0..255 to a string without a decoder. */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: (this: Uint8Array, from: number, to: number) => string }).latin1Slice;

/** UTF-8 TEXT: an all-ASCII run of up to 64 bytes is copied as Latin-1 (the same string), else decoded. */
function utf8(b: Uint8Array, from: number, to: number): string {
  if (to - from <= 64 && latin1Slice !== undefined) {
    let ascii = true;
    for (let i = from; i < to; i++) {
      if (b[i] >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return latin1Slice.call(b, from, to);
  }
  return decodeText(b.subarray(from, to), 1);
}
