/**
 * The rollback journal `<db>-journal` (fileformat2 §3; pager.c's journal format).
 *
 * The journal is a sequence of segments. Each starts with a header, padded to the sector size, then
 * nRec page records.
 *
 * Journal header:
 * | offset | size | field         | notes                                                         |
 * |--------|------|---------------|---------------------------------------------------------------|
 * | 0      | 8    | magic         | d9 d5 05 f9 20 a1 63 d7                                       |
 * | 8      | 4    | nRec          | page records in this segment (0xffffffff: as many as fit)     |
 * | 12     | 4    | nonce         | random checksum initializer                                   |
 * | 16     | 4    | initialPages  | database size in pages before the transaction                 |
 * | 20     | 4    | sectorSize    | bytes; the header occupies one sector                         |
 * | 24     | 4    | pageSize      | bytes                                                         |
 *
 * Page record (pageSize + 8 bytes):
 * | offset       | size     | field                                                       |
 * |--------------|----------|-------------------------------------------------------------|
 * | 0            | 4        | pgno                                                        |
 * | 4            | pageSize | the page's original content                                 |
 * | 4 + pageSize | 4        | checksum: nonce + page[i] for i = pageSize−200, −400, … > 0 |
 *
 * All integers big-endian. A journal whose header does not start with the magic (zeroed in
 * persist mode, truncated in truncate mode) is not hot: check with {@link isJournalHeader} first.
 *
 * @module
 */
import { corrupt, SqliteError } from '../error.js';

/** The 8 journal magic bytes. */
export const JOURNAL_MAGIC = new Uint8Array([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);
/** Bytes of the journal header fields (the header then pads to the sector size). */
export const JOURNAL_HEADER_BYTES = 28;

/** A decoded journal header; see the module table. */
export interface JournalHeader {
  nRec: number;
  nonce: number;
  /** Pages. */
  initialPages: number;
  /** Bytes. */
  sectorSize: number;
  /** Bytes. */
  pageSize: number;
}

/** One page record of a journal. `data` is a subarray, no copy. */
export interface JournalPageRecord {
  pgno: number;
  data: Uint8Array;
  checksum: number;
}

/** True when `buf` holds the journal magic at `offset`. */
export function isJournalHeader(buf: Uint8Array, offset = 0): boolean {
  if (offset < 0 || offset + JOURNAL_HEADER_BYTES > buf.length) return false;
  for (let i = 0; i < 8; i++) if (buf[offset + i] !== JOURNAL_MAGIC[i]) return false;
  return true;
}

/**
 * Decodes the journal header at `offset` (a multiple of the sector size).
 *
 * @throws SQLITE_CORRUPT (file offset) when the magic is absent or fewer than 28 bytes remain.
 */
export function decodeJournalHeader(buf: Uint8Array, offset = 0): JournalHeader {
  if (!isJournalHeader(buf, offset)) throw corrupt('no journal header magic', undefined, offset);
  const dv = new DataView(buf.buffer, buf.byteOffset + offset, JOURNAL_HEADER_BYTES);
  return { nRec: dv.getUint32(8), nonce: dv.getUint32(12), initialPages: dv.getUint32(16), sectorSize: dv.getUint32(20), pageSize: dv.getUint32(24) };
}

/** Encodes the 28 header bytes (the caller pads to the sector size). Inverse of {@link decodeJournalHeader}. */
export function encodeJournalHeader(h: JournalHeader): Uint8Array {
  const out = new Uint8Array(JOURNAL_HEADER_BYTES);
  out.set(JOURNAL_MAGIC, 0);
  const dv = new DataView(out.buffer);
  [h.nRec, h.nonce, h.initialPages, h.sectorSize, h.pageSize].forEach((v, i) => dv.setUint32(8 + 4 * i, v >>> 0));
  return out;
}

/**
 * The page-record checksum: `nonce` plus every 200th byte of the page counted back from its end
 * (offsets pageSize−200, pageSize−400, …, all above 0), as unsigned bytes, mod 2^32.
 */
export function journalChecksum(nonce: number, page: Uint8Array): number {
  let sum = nonce >>> 0;
  for (let i = page.length - 200; i > 0; i -= 200) sum = (sum + page[i]) >>> 0;
  return sum;
}

/**
 * Decodes the page record at `offset` of a journal with `pageSize`-byte pages.
 *
 * @throws SQLITE_CORRUPT (file offset) when the record runs past the end of `buf`.
 */
export function decodeJournalPageRecord(buf: Uint8Array, offset: number, pageSize: number): JournalPageRecord {
  if (offset < 0 || offset + pageSize + 8 > buf.length) throw corrupt('journal page record runs past the end', undefined, offset);
  const dv = new DataView(buf.buffer, buf.byteOffset + offset, pageSize + 8);
  return { pgno: dv.getUint32(0), data: buf.subarray(offset + 4, offset + 4 + pageSize), checksum: dv.getUint32(4 + pageSize) };
}

/**
 * Encodes a page record; the checksum is computed from `nonce` unless `checksum` is given.
 *
 * @throws SQLITE_MISUSE when neither a checksum nor a nonce is given.
 */
export function encodeJournalPageRecord(r: { pgno: number; data: Uint8Array; checksum?: number }, nonce?: number): Uint8Array {
  const sum = r.checksum ?? (nonce !== undefined ? journalChecksum(nonce, r.data) : undefined);
  if (sum === undefined) throw new SqliteError('SQLITE_MISUSE', 'journal page record needs a checksum or a nonce');
  const out = new Uint8Array(r.data.length + 8);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, r.pgno >>> 0);
  out.set(r.data, 4);
  dv.setUint32(4 + r.data.length, sum >>> 0);
  return out;
}
