/**
 * The 100-byte database header at the start of page 1 (fileformat2 §1.3).
 *
 * | offset | size | field                 | notes                                              |
 * |--------|------|-----------------------|----------------------------------------------------|
 * | 0      | 16   | magic                 | "SQLite format 3\0", else SQLITE_NOTADB            |
 * | 16     | 2    | pageSize              | power of two 512..32768, or 1 meaning 65536        |
 * | 18     | 1    | writeVersion          | 1 legacy, 2 WAL                                    |
 * | 19     | 1    | readVersion           | 1 legacy, 2 WAL                                    |
 * | 20     | 1    | reservedSpace         | bytes reserved at the end of every page            |
 * | 21     | 1    | maxPayloadFraction    | must be 64                                         |
 * | 22     | 1    | minPayloadFraction    | must be 32                                         |
 * | 23     | 1    | leafPayloadFraction   | must be 32                                         |
 * | 24     | 4    | changeCounter         |                                                    |
 * | 28     | 4    | pageCount             | "in-header database size", pages                   |
 * | 32     | 4    | freelistTrunk         | first freelist trunk page, 0 if none               |
 * | 36     | 4    | freelistCount         | total freelist pages                               |
 * | 40     | 4    | schemaCookie          |                                                    |
 * | 44     | 4    | schemaFormat          | 1..4                                               |
 * | 48     | 4    | defaultCacheSize      | pages                                              |
 * | 52     | 4    | largestRootPage       | non-zero in auto/incremental vacuum mode           |
 * | 56     | 4    | textEncoding          | 1 UTF-8, 2 UTF-16le, 3 UTF-16be (0 in a new file)  |
 * | 60     | 4    | userVersion           | signed                                             |
 * | 64     | 4    | incrementalVacuum     | non-zero for incremental vacuum                    |
 * | 68     | 4    | applicationId         | signed                                             |
 * | 72     | 20   | reserved              | zero in files SQLite writes                        |
 * | 92     | 4    | versionValidFor       | change counter when sqliteVersion was stored       |
 * | 96     | 4    | sqliteVersion         | SQLITE_VERSION_NUMBER of the last writer           |
 *
 * All multi-byte fields are big-endian; 4-byte fields are unsigned except userVersion and applicationId.
 * Decoding is forensic-friendly: only a wrong magic or an impossible page size is fatal (SQLITE_NOTADB);
 * odd values elsewhere are returned as stored. A text encoding outside 0..3 is read as SQLite reads it
 * (the low two bits) and the stored value kept in `textEncodingRaw` so the header re-encodes exactly.
 *
 * The table is coded once below (FIELDS) and drives the encoder and the decoder of unusual headers;
 * the decoder's common case (encoding 0..3) spells the same fields out in one object literal.
 *
 * @module
 */
import { SqliteError } from '../error.js';
import type { TextEncoding } from './value.js';

/** Size of the database header in bytes. */
export const DB_HEADER_BYTES = 100;

/** The 16 magic bytes "SQLite format 3\0" as a string. */
export const SQLITE_MAGIC = 'SQLite format 3\0';

/** The decoded database header; see the module table for offsets and units. */
export interface DatabaseHeader {
  magic: string;
  /** Bytes; the stored value 1 means 65536. */
  pageSize: number;
  writeVersion: number;
  readVersion: number;
  /** Bytes at the end of each page. */
  reservedSpace: number;
  maxPayloadFraction: number;
  minPayloadFraction: number;
  leafPayloadFraction: number;
  changeCounter: number;
  /** Pages. */
  pageCount: number;
  freelistTrunk: number;
  /** Pages. */
  freelistCount: number;
  schemaCookie: number;
  schemaFormat: number;
  defaultCacheSize: number;
  largestRootPage: number;
  textEncoding: TextEncoding | 0;
  /** Present only when the stored text encoding is outside 0..3: the stored value (its low 2 bits are `textEncoding`). */
  textEncodingRaw?: number;
  userVersion: number;
  incrementalVacuum: number;
  applicationId: number;
  /** 20 bytes at offset 72. */
  reserved: Uint8Array;
  versionValidFor: number;
  sqliteVersion: number;
}

type NumericField = Exclude<keyof DatabaseHeader, 'magic' | 'reserved' | 'pageSize' | 'textEncoding' | 'textEncodingRaw'>;

/** [field, offset, size in bytes, signed] for every plain numeric field. */
const FIELDS: readonly (readonly [NumericField, number, 1 | 4, boolean])[] = [
  ['writeVersion', 18, 1, false],
  ['readVersion', 19, 1, false],
  ['reservedSpace', 20, 1, false],
  ['maxPayloadFraction', 21, 1, false],
  ['minPayloadFraction', 22, 1, false],
  ['leafPayloadFraction', 23, 1, false],
  ['changeCounter', 24, 4, false],
  ['pageCount', 28, 4, false],
  ['freelistTrunk', 32, 4, false],
  ['freelistCount', 36, 4, false],
  ['schemaCookie', 40, 4, false],
  ['schemaFormat', 44, 4, false],
  ['defaultCacheSize', 48, 4, false],
  ['largestRootPage', 52, 4, false],
  ['userVersion', 60, 4, true],
  ['incrementalVacuum', 64, 4, false],
  ['applicationId', 68, 4, true],
  ['versionValidFor', 92, 4, false],
  ['sqliteVersion', 96, 4, false],
];

/**
 * Decodes a page size as stored in a 2-byte field (db header offset 16; also the wal-index):
 * 1 means 65536. Returns 0 when the value is not a power of two in 512..65536.
 */
export function decodePageSize(stored: number): number {
  const size = stored === 1 ? 65536 : stored;
  return size >= 512 && size <= 65536 && (size & (size - 1)) === 0 ? size : 0;
}

/**
 * Decodes the first 100 bytes of `buf` (fileformat2 §1.3).
 *
 * @throws SQLITE_NOTADB when `buf` is shorter than 100 bytes, the magic is wrong or the page size is impossible.
 */
export function decodeDatabaseHeader(buf: Uint8Array): DatabaseHeader {
  if (buf.length < DB_HEADER_BYTES) {
    throw new SqliteError('SQLITE_NOTADB', `file is not a database: header needs 100 bytes, got ${buf.length}`, { offset: 0 });
  }
  for (let i = 0; i < 16; i++) if (buf[i] !== SQLITE_MAGIC.charCodeAt(i)) throw new SqliteError('SQLITE_NOTADB', 'file is not a database: bad magic', { offset: 0 });
  const magic = SQLITE_MAGIC;
  const dv = new DataView(buf.buffer, buf.byteOffset, DB_HEADER_BYTES);
  const stored = dv.getUint16(16);
  const pageSize = decodePageSize(stored);
  if (pageSize === 0) throw new SqliteError('SQLITE_NOTADB', `file is not a database: page size ${stored}`, { offset: 16 });
  const rawEnc = dv.getUint32(56);
  // Every statement's read snapshot decodes the header (pager.ts): the usual header, with an
  // encoding in 0..3, as one object literal (the same fields, in the same order, as the loop below).
  if (rawEnc <= 3) {
    return {
      magic,
      pageSize,
      textEncoding: rawEnc as TextEncoding | 0,
      reserved: buf.slice(72, 92),
      writeVersion: buf[18],
      readVersion: buf[19],
      reservedSpace: buf[20],
      maxPayloadFraction: buf[21],
      minPayloadFraction: buf[22],
      leafPayloadFraction: buf[23],
      changeCounter: dv.getUint32(24),
      pageCount: dv.getUint32(28),
      freelistTrunk: dv.getUint32(32),
      freelistCount: dv.getUint32(36),
      schemaCookie: dv.getUint32(40),
      schemaFormat: dv.getUint32(44),
      defaultCacheSize: dv.getUint32(48),
      largestRootPage: dv.getUint32(52),
      userVersion: dv.getInt32(60),
      incrementalVacuum: dv.getUint32(64),
      applicationId: dv.getInt32(68),
      versionValidFor: dv.getUint32(92),
      sqliteVersion: dv.getUint32(96),
    };
  }
  const h = {
    magic,
    pageSize,
    textEncoding: (rawEnc & 3) as TextEncoding | 0,
    reserved: buf.slice(72, 92),
  } as DatabaseHeader;
  if (rawEnc > 3) h.textEncodingRaw = rawEnc;
  for (const [name, off, size, signed] of FIELDS) {
    h[name] = size === 1 ? buf[off] : signed ? dv.getInt32(off) : dv.getUint32(off);
  }
  return h;
}

/**
 * Encodes a header to 100 bytes: the byte-exact inverse of {@link decodeDatabaseHeader}.
 * Numbers are written modulo their field width; `reserved` must be 20 bytes.
 *
 * @throws SQLITE_MISUSE for a magic that is not 16 one-byte characters, an invalid page size or a
 * `reserved` of the wrong length.
 */
export function encodeDatabaseHeader(h: DatabaseHeader): Uint8Array {
  const out = new Uint8Array(DB_HEADER_BYTES);
  const dv = new DataView(out.buffer);
  if (h.magic.length !== 16) throw new SqliteError('SQLITE_MISUSE', 'magic must be 16 characters');
  for (let i = 0; i < 16; i++) out[i] = h.magic.charCodeAt(i) & 0xff;
  if (decodePageSize(h.pageSize) !== h.pageSize || h.pageSize === 1) {
    throw new SqliteError('SQLITE_MISUSE', `page size ${h.pageSize} is not a power of two in 512..65536`);
  }
  dv.setUint16(16, h.pageSize === 65536 ? 1 : h.pageSize);
  const raw = h.textEncodingRaw;
  dv.setUint32(56, raw !== undefined && (raw & 3) === h.textEncoding ? raw >>> 0 : h.textEncoding);
  if (h.reserved.length !== 20) throw new SqliteError('SQLITE_MISUSE', 'reserved must be 20 bytes');
  out.set(h.reserved, 72);
  for (const [name, off, size] of FIELDS) {
    const v = h[name] as number;
    if (size === 1) out[off] = v & 0xff;
    else dv.setUint32(off, v >>> 0);
  }
  return out;
}
