/**
 * `strata/wal`: scanning a WAL file frame by frame (recovery), and the process-shared WAL that
 * connections read snapshots from and append commits to.
 * @module
 */
export { scanWal, WAL_HEADER_SIZE_BYTES, WAL_FRAME_HEADER_SIZE_BYTES, type WalScan, type WalFrameInfo, type WalStop } from './wal-index.js';
export { WalShared, type ReadMark, type FramePage, type WalTxn } from './wal-shared.js';
