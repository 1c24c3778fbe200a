/**
 * The page image a WAL frame holds (walformat §1: a 24-byte frame header, then one page), read
 * straight from the `-wal` file, whatever the frame's verdict: the WAL pane opens any frame.
 *
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { SqliteError } from '../../src/error.js';
import { WAL_FRAME_HEADER_SIZE_BYTES } from '../../src/wal/wal-index.js';
import type { InspectSession } from '../model/session.js';

/**
 * The page bytes of WAL frame `frame` (1-based) of session `s` (WAL page size bytes).
 * @throws SqliteError SQLITE_RANGE when the WAL has no such frame; SQLITE_IOERR_SHORT_READ when the
 *   file ends inside it.
 */
export function walFrameImage(s: InspectSession, frame: number): Uint8Array {
  const scan = s.walScan();
  const f = scan?.frames[frame - 1];
  if (!scan?.header || !f) throw new SqliteError('SQLITE_RANGE', `the WAL has no frame ${frame}`);
  const size = scan.header.pageSize;
  const out = new Uint8Array(size);
  const fd = openSync(`${s.path}-wal`, 'r');
  try {
    const n = readSync(fd, out, 0, size, f.offset + WAL_FRAME_HEADER_SIZE_BYTES);
    if (n !== size) throw new SqliteError('SQLITE_IOERR_SHORT_READ', `WAL frame ${frame} is cut short: ${n} of ${size} bytes`, { frame });
  } finally {
    closeSync(fd);
  }
  return out;
}
