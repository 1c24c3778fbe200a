/**
 * Scanning a WAL file the way SQLite recovers its wal-index (walIndexRecover in wal.c, described in
 * walformat.html §2.1–2.2), frame by frame. The in-memory index built from a scan lives in
 * wal-shared.ts (`WalShared.recover`).
 *
 * 1. The 32-byte WAL header must have a known magic (0x377f0682: checksums over little-endian words,
 *    0x377f0683: big-endian), format version 3007000, a page size that is a power of two in
 *    512..65536, and a checksum over its first 24 bytes equal to the one it stores. Otherwise the WAL
 *    is ignored as a whole (it holds no valid frames).
 * 2. Frame i (1-based) is valid when its salts equal the header's and its checksum equals the
 *    cumulative checksum over (the previous checksum, its first 8 header bytes, its page bytes).
 *    Scanning stops at the first frame that is invalid or cut short.
 * 3. A frame whose "commit size" field is non-zero is a commit frame. Only frames up to the last valid
 *    commit frame (mxFrame) count; later valid frames belong to a transaction that never committed.
 * 4. For each page, the newest frame ≤ mxFrame wins.
 *
 * @module
 */
import { decodeWalFrameHeader, decodeWalHeader, walChecksum, type WalHeader } from '../format/index.js';

/** Bytes in the WAL header (walformat §1). */
export const WAL_HEADER_SIZE_BYTES = 32;
/** Bytes in each frame header (walformat §1). */
export const WAL_FRAME_HEADER_SIZE_BYTES = 24;

/** One frame as found by the scan. Frame numbers start at 1, as SQLite counts them. */
export interface WalFrameInfo {
  /** 1-based frame number. */
  frame: number;
  /** Page the frame holds. */
  pgno: number;
  /** Database size in pages after this commit, or 0 when not a commit frame. */
  commitSize: number;
  salt1: number;
  salt2: number;
  checksum1: number;
  checksum2: number;
  /** The checksums the frame should have, given the frames before it. */
  expectedChecksum1: number;
  expectedChecksum2: number;
  /** Salts match the header's and the checksum matches. */
  valid: boolean;
  /** Valid and a commit frame. */
  commit: boolean;
  /** Byte offset of the frame header in the WAL file. */
  offset: number;
}

/** Why a WAL holds no usable frames, or where its valid frames end. */
export type WalStop =
  | { code: 'empty' }
  | { code: 'bad_header'; why: string }
  | { code: 'end_of_file'; frame: number }
  | { code: 'short_frame'; frame: number; bytes: number }
  | { code: 'salt_mismatch'; frame: number }
  | { code: 'checksum_mismatch'; frame: number }
  | { code: 'zero_pgno'; frame: number };

/** The result of scanning a WAL file. */
export interface WalScan {
  /** Decoded header, or null when the file is shorter than 32 bytes. */
  header: WalHeader | null;
  /** Header checksum verdict (false also when the magic or version is wrong). */
  headerValid: boolean;
  /** Every frame whose header could be read, valid or not, in file order. */
  frames: WalFrameInfo[];
  /** Last valid commit frame (0 when none): SQLite's mxFrame after recovery. */
  mxFrame: number;
  /** Database size in pages as of mxFrame (0 when there is no commit). */
  dbSizePages: number;
  /** Where and why the run of valid frames ended. */
  stop: WalStop;
}

/**
 * Scans a whole WAL file image and reports every frame with its checksum verdict.
 *
 * Frames after the first invalid one are still listed (with the checksum recomputed from the stored
 * checksum of the frame before, as showwal does, so one bad frame does not flag all later ones) but
 * are never `valid`.
 *
 * @param wal - the bytes of the `-wal` file.
 * @returns the scan; never throws on bad input (a WAL that cannot be used holds no valid frames).
 */
export function scanWal(wal: Uint8Array): WalScan {
  if (wal.length === 0) return { header: null, headerValid: false, frames: [], mxFrame: 0, dbSizePages: 0, stop: { code: 'empty' } };
  if (wal.length < WAL_HEADER_SIZE_BYTES)
    return { header: null, headerValid: false, frames: [], mxFrame: 0, dbSizePages: 0, stop: { code: 'bad_header', why: 'shorter than 32 bytes' } };
  const header = decodeWalHeader(wal);
  const why = headerProblem(wal, header);
  const bigEndian = header.magic === 0x377f0683;
  const frames: WalFrameInfo[] = [];
  let mxFrame = 0;
  let dbSizePages = 0;
  let stop: WalStop | undefined = why ? { code: 'bad_header', why } : undefined;
  const pageSize = header.pageSize;
  const frameSize = WAL_FRAME_HEADER_SIZE_BYTES + pageSize;
  if (!why) {
    let s1 = header.checksum1;
    let s2 = header.checksum2;
    let stillValid = true;
    for (let frame = 1, off = WAL_HEADER_SIZE_BYTES; ; frame++, off += frameSize) {
      if (off >= wal.length) {
        stop ??= { code: 'end_of_file', frame };
        break;
      }
      if (off + frameSize > wal.length) {
        stop ??= { code: 'short_frame', frame, bytes: wal.length - off };
        break;
      }
      const fh = decodeWalFrameHeader(wal, off);
      const [c1, c2] = walChecksum(wal.subarray(off + WAL_FRAME_HEADER_SIZE_BYTES, off + frameSize), bigEndian, ...walChecksum(wal.subarray(off, off + 8), bigEndian, s1, s2));
      const saltsOk = fh.salt1 === header.salt1 && fh.salt2 === header.salt2;
      const sumOk = c1 === fh.checksum1 && c2 === fh.checksum2;
      const valid = stillValid && saltsOk && sumOk && fh.pgno !== 0;
      if (stillValid && !valid) {
        stop = !saltsOk ? { code: 'salt_mismatch', frame } : fh.pgno === 0 ? { code: 'zero_pgno', frame } : { code: 'checksum_mismatch', frame };
        stillValid = false;
      }
      const commit = valid && fh.commitSize !== 0;
      if (commit) {
        mxFrame = frame;
        dbSizePages = fh.commitSize;
      }
      frames.push({ frame, pgno: fh.pgno, commitSize: fh.commitSize, salt1: fh.salt1, salt2: fh.salt2, checksum1: fh.checksum1, checksum2: fh.checksum2, expectedChecksum1: c1, expectedChecksum2: c2, valid, commit, offset: off });
      // Carry on from the stored checksum, as showwal does, so later frames get a fair verdict.
      s1 = fh.checksum1;
      s2 = fh.checksum2;
    }
  }
  return { header, headerValid: !why, frames, mxFrame, dbSizePages, stop: stop ?? { code: 'empty' } };
}

function headerProblem(wal: Uint8Array, h: WalHeader): string | undefined {
  if (h.magic !== 0x377f0682 && h.magic !== 0x377f0683) return `bad magic 0x${h.magic.toString(16)}`;
  if (h.formatVersion !== 3007000) return `unknown format version ${h.formatVersion}`;
  if (h.pageSize < 512 || h.pageSize > 65536 || (h.pageSize & (h.pageSize - 1)) !== 0) return `bad page size ${h.pageSize}`;
  const [c1, c2] = walChecksum(wal.subarray(0, 24), h.magic === 0x377f0683, 0, 0);
  if (c1 !== h.checksum1 || c2 !== h.checksum2) return 'header checksum mismatch';
  return undefined;
}
