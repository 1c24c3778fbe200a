/**
 * Encoding a register record (a {@link Rec}'s values) into the bytes a b-tree cell stores
 * (fileformat2 §2.1). A REAL is stored with serial type 7, so that it reads back as REAL whatever
 * the column's affinity, except one marked {@link Real.intReal} (REAL column affinity gave it, it has
 * no fraction and fits 6 bytes), which is stored as the INTEGER it equals, as SQLite stores it (the
 * column's RealAffinity makes it REAL again when read); every other value takes the smallest serial
 * type that holds it (schema format 4: the integers 0 and 1 take serial types 8 and 9).
 *
 * One pass over the values, into a scratch buffer, then one copy out:
 *
 * ```
 *  scratch: │ … unused … │ H │ serial types │ bodies, in column order │
 *           0            start             maxHeader = 9 + 5·n       end
 * ```
 *
 * Bodies are written from `maxHeader` on as each value's serial type is found (TEXT is encoded
 * once, by TextEncoder.encodeInto, which also gives its byte length); the header, whose size is
 * known only then, goes right in front of them, and the record is `scratch[start, end)`. A serial
 * type below 2^35 takes at most 5 varint bytes, and H itself at most 9, hence `maxHeader`. No
 * record is encoded while another is (the VM is single-threaded and this does not re-enter), so one
 * scratch buffer serves every call.
 *
 * @module
 */
import { headerSizeFor, putSerialInt, putVarint, serialTypeFor, sizedIntSerialType, type SqlValue, type TextEncoding } from '../../format/index.js';
import { Real, type Value } from '../value/value.js';

/** Body bytes of serial types 0–11 (fileformat2 §2.1). */
const FIXED_SIZES = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0];

/** Size of the scratch buffer kept between records (bytes); a larger record gets its own. */
const SCRATCH_BYTES = 64 * 1024;

/** Records up to this size (bytes) are copied out byte by byte rather than by slice(). */
const SMALL_RECORD_BYTES = 16;

let scratch = new Uint8Array(SCRATCH_BYTES);
/** Serial types of the record being encoded (scratch). */
let types: number[] = [];

/** A Buffer over the scratch buffer's bytes (made again when the scratch buffer is replaced). */
let scratchBuf = Buffer.from(scratch.buffer, scratch.byteOffset, scratch.byteLength);
const realBytes = new DataView(new ArrayBuffer(8));

/** Makes room for `need` more bytes at `p` in the scratch buffer (copying what is written). */
function room(p: number, need: number): void {
  if (p + need <= scratch.length) return;
  const grown = new Uint8Array(Math.max(2 * scratch.length, p + need));
  grown.set(scratch.subarray(0, p));
  scratch = grown;
}

/** Serial type of an INTEGER held as a safe JS number (schema format 4). */
function intType(v: number): number {
  return v === 0 || v === 1 ? v + 8 : sizedIntSerialType(v);
}

/** Writes TEXT `s` at `scratch[p]` in `encoding`; returns its length in bytes. */
function putText(s: string, encoding: TextEncoding, p: number): number {
  const len = s.length;
  room(p, 3 * len);
  const out = scratch;
  if (encoding === 1) {
    if (len <= 16) {
      let i = 0;
      for (; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        out[p + i] = c;
      }
      if (i === len) return len;
    }
    // Lone surrogates become U+FFFD, as TextEncoder.encode makes them (3 bytes ≤ 3 per unit).
    // Buffer's write encodes the same bytes in place: no view of the scratch buffer and no
    // result object per string, as TextEncoder.encodeInto needs.
    if (scratchBuf.buffer !== out.buffer) scratchBuf = Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    return scratchBuf.write(s, p, 'utf8');
  }
  const hi = encoding === 2 ? 1 : 0;
  for (let i = 0; i < len; i++) {
    const u = s.charCodeAt(i);
    out[p + 2 * i + hi] = u >>> 8;
    out[p + 2 * i + 1 - hi] = u & 0xff;
  }
  return 2 * len;
}

/**
 * The record bytes of `values` (the same bytes as format's `encodeRecord` with the serial types
 * described in the module doc), in an array of their own.
 * @throws SQLITE_MISUSE for a bigint outside the signed 64-bit range (never a VM value).
 */
export function encodeValues(values: readonly Value[], encoding: TextEncoding): Uint8Array {
  const start = encodeToScratch(values, encoding);
  const out = scratch;
  const len = recordEnd - start;
  let rec: Uint8Array;
  if (len <= SMALL_RECORD_BYTES) {
    rec = new Uint8Array(len); // cheaper than slice() for the shortest records
    for (let i = 0; i < len; i++) rec[i] = out[start + i];
  } else rec = out.slice(start, recordEnd);
  if (scratch.length > SCRATCH_BYTES) scratch = new Uint8Array(SCRATCH_BYTES);
  return rec;
}

/**
 * {@link encodeValues} without the copy: a view of the scratch buffer, valid only until the next
 * record is encoded. For a caller that hands the bytes straight to a b-tree write, which copies
 * them into a page or cell before returning (a copy of more than 64 bytes is an off-heap
 * allocation, several times dearer than the view).
 */
export function encodeValuesTransient(values: readonly Value[], encoding: TextEncoding): Uint8Array {
  const start = encodeToScratch(values, encoding);
  const rec = scratch.subarray(start, recordEnd);
  if (scratch.length > SCRATCH_BYTES) scratch = new Uint8Array(SCRATCH_BYTES); // the view keeps the large one
  return rec;
}

/** Where a record lies: bytes `buf[start, end)`. */
export interface RecordBytes {
  buf: Uint8Array;
  start: number;
  end: number;
}

/** What {@link encodeValuesInScratch} returns, rewritten by each call. */
const inScratch: RecordBytes = { buf: scratch, start: 0, end: 0 };

/**
 * {@link encodeValuesTransient} without even the view: where the record lies in the scratch buffer,
 * in one object rewritten by the next call (valid until the next record is encoded). A view costs
 * an allocation (~70 ns) per row; a b-tree append copies the bytes from here.
 */
export function encodeValuesInScratch(values: readonly Value[], encoding: TextEncoding): RecordBytes {
  const start = encodeToScratch(values, encoding);
  inScratch.buf = scratch;
  inScratch.start = start;
  inScratch.end = recordEnd;
  if (scratch.length > SCRATCH_BYTES) scratch = new Uint8Array(SCRATCH_BYTES); // inScratch keeps the large one
  return inScratch;
}

/**
 * {@link encodeValuesInScratch} of the `n` values at `values[from]` (the VM's registers of a
 * MakeRecord, encoded without copying them into an array first).
 */
export function encodeRangeInScratch(values: readonly unknown[], from: number, n: number, encoding: TextEncoding): RecordBytes {
  const start = encodeToScratch(values as readonly Value[], encoding, from, n);
  inScratch.buf = scratch;
  inScratch.start = start;
  inScratch.end = recordEnd;
  if (scratch.length > SCRATCH_BYTES) scratch = new Uint8Array(SCRATCH_BYTES);
  return inScratch;
}

/** End (exclusive) in the scratch buffer of the record {@link encodeToScratch} wrote last. */
let recordEnd = 0;

/** Encodes `values` into the scratch buffer (module doc); returns the record's start, sets {@link recordEnd}. */
function encodeToScratch(values: readonly Value[], encoding: TextEncoding, from = 0, n = values.length - from): number {
  if (types.length < n) types = new Array<number>(n).fill(0);
  const maxHeader = 9 + 5 * n;
  room(0, maxHeader);
  let p = maxHeader;
  let typesBytes = 0;
  for (let i = 0; i < n; i++) {
    const v = values[from + i];
    let st: number;
    if (typeof v === 'number') {
      if (Number.isSafeInteger(v) && (v !== 0 || 1 / v > 0)) {
        st = intType(v);
        if (st <= 6) {
          room(p, 8);
          putSerialInt(scratch, p, FIXED_SIZES[st], v);
          p += FIXED_SIZES[st];
        }
      } else st = putReal(v, p);
    } else if (typeof v === 'string') {
      const bytes = putText(v, encoding, p);
      p += bytes;
      st = bytes * 2 + 13;
    } else if (v === null) st = 0;
    else if (v instanceof Real) {
      if (v.intReal) {
        // REAL column affinity's MEM_IntReal: an INTEGER serial type (Real.intReal).
        st = intType(v.value);
        if (st <= 6) {
          room(p, 8);
          putSerialInt(scratch, p, FIXED_SIZES[st], v.value);
          p += FIXED_SIZES[st];
        }
      } else st = putReal(v.value, p);
    }
    else {
      st = serialTypeFor(v, encoding); // bigint, BLOB
      if (typeof v === 'bigint') {
        room(p, 8);
        putSerialInt(scratch, p, FIXED_SIZES[st], v);
        p += FIXED_SIZES[st];
      } else {
        room(p, v.length);
        scratch.set(v, p);
        p += v.length;
      }
    }
    if (st === 7) p += 8;
    types[i] = st;
    typesBytes += st < 0x80 ? 1 : st < 0x4000 ? 2 : st < 0x200000 ? 3 : st < 0x10000000 ? 4 : 5;
  }
  const h = typesBytes < 0x7f ? typesBytes + 1 : headerSizeFor(typesBytes);
  const start = maxHeader - h;
  const out = scratch;
  let off = start + putVarint(out, start, h);
  for (let i = 0; i < n; i++) {
    const st = types[i];
    if (st < 0x80) out[off++] = st;
    else off += putVarint(out, off, st);
  }
  recordEnd = p;
  return start;
}

/** Writes `x` as a big-endian IEEE-754 double at `scratch[p]`; returns serial type 7. */
function putReal(x: number, p: number): number {
  room(p, 8);
  realBytes.setFloat64(0, x);
  for (let i = 0; i < 8; i++) scratch[p + i] = realBytes.getUint8(i);
  return 7;
}

/**
 * The fields of `values` as decoding their record gives them (a REAL as its number): `values`
 * itself when it holds no REAL.
 */
export function recordFields(values: readonly Value[]): readonly SqlValue[] {
  for (let i = 0; i < values.length; i++) {
    if (values[i] instanceof Real) return values.map((v) => (v instanceof Real ? v.value : v)); // an intReal's number is the INTEGER its record holds
  }
  return values as readonly SqlValue[];
}
