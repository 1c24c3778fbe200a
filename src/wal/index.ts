/**
 * `strata/wal`: scanning a WAL file frame by frame and the in-memory wal-index.
 * @module
 */
export { scanWal, WalIndex, WAL_HEADER_SIZE_BYTES, WAL_FRAME_HEADER_SIZE_BYTES, type WalScan, type WalFrameInfo, type WalStop } from './wal-index.js';
