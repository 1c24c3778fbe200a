/**
 * The wal-index `<db>-shm` header (walformat §2 "The WAL-Index Format"; wal.c WalIndexHdr and
 * WalCkptInfo). Fields are in the writer's native byte order; this decoder reads little-endian (x86,
 * ARM). Decode only: Strata keeps its wal index in memory and reads a -shm just to show it.
 *
 * | offset | size | field                                                                       |
 * |--------|------|-----------------------------------------------------------------------------|
 * | 0      | 48   | WalIndexHdr, first copy                                                     |
 * | 48     | 48   | WalIndexHdr, second copy (readers trust the header only when both match)    |
 * | 96     | 4    | nBackfill: frames already copied back into the database                     |
 * | 100    | 20   | aReadMark[5]: one mxFrame per reader lock slot (0xffffffff = unused)        |
 * | 120    | 8    | aLock[8]: bytes SQLite locks with fcntl; their content means nothing        |
 * | 128    | 4    | nBackfillAttempted: frames a checkpoint tried to copy                       |
 * | 132    | 4    | notUsed0                                                                    |
 *
 * WalIndexHdr:
 * | offset | size | field                                                                 |
 * |--------|------|-----------------------------------------------------------------------|
 * | 0      | 4    | iVersion (3007000)                                                    |
 * | 4      | 4    | unused                                                                |
 * | 8      | 4    | iChange: counter bumped by each transaction                           |
 * | 12     | 1    | isInit                                                                |
 * | 13     | 1    | bigEndCksum: 1 when WAL checksums use big-endian words                |
 * | 14     | 2    | szPage: page size in bytes, 65536 stored as 1 (bits 8–15 plus bit 16 in bit 0) |
 * | 16     | 4    | mxFrame: last valid commit frame                                      |
 * | 20     | 4    | nPage: database size in pages                                         |
 * | 24     | 8    | aFrameCksum[2]: checksum of frame mxFrame                              |
 * | 32     | 8    | aSalt[2]: the WAL header's salts, copied as bytes (so big-endian)     |
 * | 40     | 8    | aCksum[2]: checksum of bytes 0..39 (native words)                     |
 *
 * @module
 */
import { corrupt } from '../error.js';
import { walChecksum } from './wal.js';

/** Bytes of the -shm this decoder reads: two headers and the checkpoint info. */
export const SHM_HEADER_BYTES = 136;

/** One copy of the wal-index header; see the module table. */
export interface WalIndexHeader {
  iVersion: number;
  unused: number;
  iChange: number;
  isInit: number;
  bigEndCksum: number;
  /** Bytes (the stored 1 decoded as 65536). */
  szPage: number;
  mxFrame: number;
  nPage: number;
  aFrameCksum: [number, number];
  aSalt: [number, number];
  aCksum: [number, number];
  /** True when aCksum matches bytes 0..39 of this copy. */
  checksumValid: boolean;
}

/** The checkpoint info after the two headers; see the module table. */
export interface WalCheckpointInfo {
  nBackfill: number;
  aReadMark: number[];
  aLock: Uint8Array;
  nBackfillAttempted: number;
  notUsed0: number;
}

/** A decoded -shm header region. */
export interface ShmInfo {
  headers: [WalIndexHeader, WalIndexHeader];
  /** True when the two header copies are byte-for-byte equal (readers require it). */
  headersMatch: boolean;
  checkpoint: WalCheckpointInfo;
}

function decodeWalIndexHeader(buf: Uint8Array, off: number): WalIndexHeader {
  const dv = new DataView(buf.buffer, buf.byteOffset + off, 48);
  const sz = dv.getUint16(14, true);
  const [c1, c2] = walChecksum(buf.subarray(off, off + 40), false, 0, 0);
  const aCksum: [number, number] = [dv.getUint32(40, true), dv.getUint32(44, true)];
  return {
    iVersion: dv.getUint32(0, true),
    unused: dv.getUint32(4, true),
    iChange: dv.getUint32(8, true),
    isInit: dv.getUint8(12),
    bigEndCksum: dv.getUint8(13),
    szPage: (sz & 0xfe00) | ((sz & 1) << 16),
    mxFrame: dv.getUint32(16, true),
    nPage: dv.getUint32(20, true),
    aFrameCksum: [dv.getUint32(24, true), dv.getUint32(28, true)],
    aSalt: [dv.getUint32(32), dv.getUint32(36)], // copied byte-for-byte from the WAL header: big-endian
    aCksum,
    checksumValid: c1 === aCksum[0] && c2 === aCksum[1],
  };
}

/**
 * Decodes the first 136 bytes of a -shm file (little-endian).
 *
 * @throws SQLITE_CORRUPT (offset 0) when `buf` is shorter than 136 bytes.
 */
export function decodeShm(buf: Uint8Array): ShmInfo {
  if (buf.length < SHM_HEADER_BYTES) throw corrupt(`-shm header needs ${SHM_HEADER_BYTES} bytes, got ${buf.length}`, undefined, 0);
  const dv = new DataView(buf.buffer, buf.byteOffset, SHM_HEADER_BYTES);
  let headersMatch = true;
  for (let i = 0; i < 48; i++) if (buf[i] !== buf[48 + i]) headersMatch = false;
  return {
    headers: [decodeWalIndexHeader(buf, 0), decodeWalIndexHeader(buf, 48)],
    headersMatch,
    checkpoint: {
      nBackfill: dv.getUint32(96, true),
      aReadMark: [0, 1, 2, 3, 4].map((i) => dv.getUint32(100 + 4 * i, true)),
      aLock: buf.slice(120, 128),
      nBackfillAttempted: dv.getUint32(128, true),
      notUsed0: dv.getUint32(132, true),
    },
  };
}
