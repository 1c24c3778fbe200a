/**
 * The write-ahead log file `<db>-wal` (fileformat2 §4.1 "WAL File Format"; walformat).
 *
 * A 32-byte WAL header, then frames of 24-byte frame header + one page. All fields big-endian.
 *
 * WAL header:
 * | offset | size | field         | notes                                                     |
 * |--------|------|---------------|-----------------------------------------------------------|
 * | 0      | 4    | magic         | 0x377f0682: checksums over little-endian words; 0x377f0683: big-endian |
 * | 4      | 4    | formatVersion | 3007000                                                   |
 * | 8      | 4    | pageSize      | bytes (65536 stored as is)                                |
 * | 12     | 4    | checkpointSeq | checkpoint sequence number                                |
 * | 16     | 4    | salt1         | incremented by each checkpoint that restarts the log      |
 * | 20     | 4    | salt2         | random, changed by each restart                           |
 * | 24     | 4    | checksum1     | checksum of bytes 0..23                                   |
 * | 28     | 4    | checksum2     |                                                           |
 *
 * Frame header:
 * | offset | size | field      | notes                                                         |
 * |--------|------|------------|---------------------------------------------------------------|
 * | 0      | 4    | pgno       | database page number of the page that follows                 |
 * | 4      | 4    | commitSize | for a commit frame, the database size in pages after it; else 0 |
 * | 8      | 4    | salt1      | copied from the WAL header                                    |
 * | 12     | 4    | salt2      |                                                               |
 * | 16     | 4    | checksum1  | cumulative checksum through this frame                         |
 * | 20     | 4    | checksum2  |                                                               |
 *
 * Checksum (fileformat2 §4.1): over 32-bit words in pairs, s1 += x[i] + s2; s2 += x[i+1] + s1 (mod 2^32),
 * starting from (0, 0) for the header and, for each frame, from the previous frame's checksum (the
 * header's for frame 1), over frame-header bytes 0..7 then the page.
 *
 * Decoders do not judge validity (magic, version, checksums, salts): they return what is stored,
 * so the WAL reader and the inspector can say what is wrong.
 *
 * @module
 */
import { corrupt, SqliteError } from '../error.js';

/** Size of the WAL header in bytes. */
export const WAL_HEADER_BYTES = 32;
/** Size of a frame header in bytes. */
export const WAL_FRAME_HEADER_BYTES = 24;
/** WAL magic with checksums over little-endian words. */
export const WAL_MAGIC_LE = 0x377f0682;
/** WAL magic with checksums over big-endian words. */
export const WAL_MAGIC_BE = 0x377f0683;
/** The only WAL format version. */
export const WAL_FORMAT_VERSION = 3007000;

/** The decoded WAL header; see the module table. */
export interface WalHeader {
  magic: number;
  formatVersion: number;
  /** Bytes. */
  pageSize: number;
  checkpointSeq: number;
  salt1: number;
  salt2: number;
  checksum1: number;
  checksum2: number;
}

/** The decoded frame header; see the module table. */
export interface WalFrameHeader {
  pgno: number;
  /** Database size in pages after a commit frame, else 0. */
  commitSize: number;
  salt1: number;
  salt2: number;
  checksum1: number;
  checksum2: number;
}

/**
 * SQLite's WAL checksum over `data` (a multiple of 8 bytes), continuing from `(s1, s2)`.
 *
 * @param bigEndian - read words big-endian (magic 0x377f0683) or little-endian (0x377f0682).
 * @returns the new `[s1, s2]`, unsigned 32-bit.
 * @throws SQLITE_MISUSE when `data.length` is not a multiple of 8.
 */
export function walChecksum(data: Uint8Array, bigEndian: boolean, s1: number, s2: number): [number, number] {
  if (data.length % 8 !== 0) throw new SqliteError('SQLITE_MISUSE', `WAL checksum over ${data.length} bytes, not a multiple of 8`);
  const dv = new DataView(data.buffer, data.byteOffset, data.length);
  const le = !bigEndian;
  for (let i = 0; i < data.length; i += 8) {
    s1 = (s1 + dv.getUint32(i, le) + s2) >>> 0;
    s2 = (s2 + dv.getUint32(i + 4, le) + s1) >>> 0;
  }
  return [s1, s2];
}

/** True when the magic says checksums use big-endian words. */
export function walIsBigEndian(magic: number): boolean {
  return (magic & 1) === 1;
}

/**
 * Decodes the WAL header at the start of `buf`.
 *
 * @throws SQLITE_CORRUPT (offset 0) when `buf` is shorter than 32 bytes.
 */
export function decodeWalHeader(buf: Uint8Array): WalHeader {
  if (buf.length < WAL_HEADER_BYTES) throw corrupt(`WAL header needs 32 bytes, got ${buf.length}`, undefined, 0);
  const dv = new DataView(buf.buffer, buf.byteOffset, WAL_HEADER_BYTES);
  return {
    magic: dv.getUint32(0),
    formatVersion: dv.getUint32(4),
    pageSize: dv.getUint32(8),
    checkpointSeq: dv.getUint32(12),
    salt1: dv.getUint32(16),
    salt2: dv.getUint32(20),
    checksum1: dv.getUint32(24),
    checksum2: dv.getUint32(28),
  };
}

/**
 * Encodes a WAL header (32 bytes). By default the checksum is computed from bytes 0..23 with the
 * byte order the magic gives; with `keepChecksum` the given checksum fields are written as they are
 * (the byte-exact inverse of {@link decodeWalHeader}).
 */
export function encodeWalHeader(
  h: Omit<WalHeader, 'checksum1' | 'checksum2'> & Partial<Pick<WalHeader, 'checksum1' | 'checksum2'>>,
  opts: { keepChecksum?: boolean } = {},
): Uint8Array {
  const out = new Uint8Array(WAL_HEADER_BYTES);
  const dv = new DataView(out.buffer);
  [h.magic, h.formatVersion, h.pageSize, h.checkpointSeq, h.salt1, h.salt2].forEach((v, i) => dv.setUint32(4 * i, v >>> 0));
  const [c1, c2] = opts.keepChecksum ? [h.checksum1 ?? 0, h.checksum2 ?? 0] : walChecksum(out.subarray(0, 24), walIsBigEndian(h.magic), 0, 0);
  dv.setUint32(24, c1 >>> 0);
  dv.setUint32(28, c2 >>> 0);
  return out;
}

/**
 * Decodes the frame header at `offset` of `buf` (the WAL file, or a frame).
 *
 * @param frame - 1-based frame number, for the error.
 * @throws SQLITE_CORRUPT when fewer than 24 bytes remain at `offset`.
 */
export function decodeWalFrameHeader(buf: Uint8Array, offset = 0, frame?: number): WalFrameHeader {
  if (offset < 0 || offset + WAL_FRAME_HEADER_BYTES > buf.length) {
    throw new SqliteError('SQLITE_CORRUPT', 'database disk image is malformed: WAL frame header runs past the end', { offset, frame });
  }
  const dv = new DataView(buf.buffer, buf.byteOffset + offset, WAL_FRAME_HEADER_BYTES);
  return {
    pgno: dv.getUint32(0),
    commitSize: dv.getUint32(4),
    salt1: dv.getUint32(8),
    salt2: dv.getUint32(12),
    checksum1: dv.getUint32(16),
    checksum2: dv.getUint32(20),
  };
}

/** Encodes a frame header (24 bytes) with the fields as given: the inverse of {@link decodeWalFrameHeader}. */
export function encodeWalFrameHeader(fh: WalFrameHeader): Uint8Array {
  const out = new Uint8Array(WAL_FRAME_HEADER_BYTES);
  const dv = new DataView(out.buffer);
  [fh.pgno, fh.commitSize, fh.salt1, fh.salt2, fh.checksum1, fh.checksum2].forEach((v, i) => dv.setUint32(4 * i, v >>> 0));
  return out;
}

/**
 * The checksum a frame must carry: continues from `prev` (the previous frame's checksum, or the WAL
 * header's for frame 1) over frame-header bytes 0..7 (pgno, commitSize) and the page.
 *
 * @returns `[checksum1, checksum2]`.
 */
export function walFrameChecksum(
  fh: Pick<WalFrameHeader, 'pgno' | 'commitSize'>,
  page: Uint8Array,
  bigEndian: boolean,
  prev: readonly [number, number],
): [number, number] {
  const head = new Uint8Array(8);
  const dv = new DataView(head.buffer);
  dv.setUint32(0, fh.pgno >>> 0);
  dv.setUint32(4, fh.commitSize >>> 0);
  const [a, b] = walChecksum(head, bigEndian, prev[0], prev[1]);
  return walChecksum(page, bigEndian, a, b);
}

/**
 * Builds a whole frame (24-byte header + page) with its checksum computed from `prev`.
 *
 * @returns the frame bytes and its checksum (the `prev` of the next frame).
 */
export function encodeWalFrame(
  fh: Pick<WalFrameHeader, 'pgno' | 'commitSize' | 'salt1' | 'salt2'>,
  page: Uint8Array,
  bigEndian: boolean,
  prev: readonly [number, number],
): { bytes: Uint8Array; checksum: [number, number] } {
  const checksum = walFrameChecksum(fh, page, bigEndian, prev);
  const bytes = new Uint8Array(WAL_FRAME_HEADER_BYTES + page.length);
  bytes.set(encodeWalFrameHeader({ ...fh, checksum1: checksum[0], checksum2: checksum[1] }), 0);
  bytes.set(page, WAL_FRAME_HEADER_BYTES);
  return { bytes, checksum };
}
