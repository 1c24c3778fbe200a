/**
 * Re-keying as a whole-file rewrite: change the key or the cipher of a Turso-encrypted database,
 * or decrypt it to a plain SQLite file, or encrypt a plain file whose pages already reserve room
 * for the nonce and tag. Turso has none of these (its issues #3595 and #8687).
 *
 * ```
 *   FILE (+ -wal)                               FILE-rekey                       FILE
 *   ───────────── 1. checkpoint(TRUNCATE) ──▶   2. every page:                   4. rename(FILE-rekey, FILE)
 *   old key       (the WAL is folded in          plain = from.decrypt(page)       5. fsync the directory
 *                  and emptied)                   write to.encrypt(plain)
 *                                                3. fsync; re-read and decrypt
 *                                                   every page with the new key
 * ```
 *
 * Crash safety (invariants, by step):
 * 1. Until step 4, FILE is never written except by the checkpoint, which is an ordinary SQLite
 *    checkpoint (crash-safe by the WAL's rules); a crash leaves FILE readable with the old key.
 *    A leftover FILE-rekey from an earlier crash is discarded at the next start.
 * 2. The rename (POSIX rename(2)) is atomic: after a crash FILE is either the old file or the new,
 *    complete and synced one. There is no WAL beside FILE at that moment (step 1 emptied and
 *    removed it), so no frame sealed with the old key can ever be replayed onto the new file.
 *
 * Reserved bytes: every page keeps its layout, so the new cipher must reserve exactly as many bytes
 * per page (nonce + tag, header byte 20) as the file already does: any AEGIS-256 variant to another
 * (48), any AEGIS-128 variant to another (32), AES-GCM to AES-GCM (28). Decrypting to a plain file
 * always works (the reserved bytes stay reserved, zeroed; SQLite reads such files). Changing the
 * reserved size re-lays out every b-tree page: a VACUUM, which this rewrite does not do.
 *
 * @module
 */
import { closeSync, fsyncSync, openSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { SqliteError } from '../error.js';
import { pending, ready, runSync, type IOResult } from '../io/io-result.js';
import type { Completion } from '../io/completion.js';
import type { IO } from '../io/file.js';
import { NodeSyncIO } from '../io/node-sync.js';
import { decodeDatabaseHeader } from '../format/db-header.js';
import { lockBytePage } from '../format/lock-byte.js';
import type { PageCodec } from './page-codec.js';
import { Pager } from './pager.js';

/** Options of {@link rekeyFile} and {@link rewriteDatabase}. */
export interface RekeyOptions {
  /** Codec of the file as it is; omit for a plain file. */
  from?: PageCodec;
  /** Codec to seal the new file with; omit to write a plain file. */
  to?: PageCodec;
  /** Called after each page is written: `(pagesDone, pagesTotal)`. */
  onProgress?: (done: number, total: number) => void;
}

/** What a rekey did. */
export interface RekeyResult {
  /** Pages rewritten (the database size in pages). */
  pages: number;
  /** Page size in bytes. */
  pageSize: number;
  /** Reserved bytes per page (unchanged by the rewrite). */
  reservedBytes: number;
}

/**
 * Writes a copy of the database at `srcPath` (WAL applied, as of now) to `dstPath`, every page
 * decrypted with `from` and sealed with `to` (fresh nonces), synced, then read back and checked
 * page by page with `to`. `dstPath` is created or overwritten. `srcPath` is only read.
 *
 * @throws SqliteError SQLITE_MISUSE when the reserved bytes per page of the file and of `to` differ
 *   (that needs a VACUUM); the source's errors (SQLITE_NOTADB for a wrong or missing key, naming the
 *   page; SQLITE_CORRUPT); SQLITE_IOERR; SQLITE_CORRUPT when the written copy does not read back.
 */
export function rewriteDatabase(io: IO, srcPath: string, dstPath: string, options: RekeyOptions = {}): RekeyResult {
  const src = Pager.open(io, srcPath, { codec: options.from });
  try {
    return copyPages(io, src, dstPath, options);
  } finally {
    src.close();
  }
}

function copyPages(io: IO, src: Pager, dstPath: string, options: RekeyOptions): RekeyResult {
  const header = src.dbHeader;
  if (!header) throw new SqliteError('SQLITE_NOTADB', 'the database is empty: nothing to rekey');
  const pageSize = src.pageSize;
  const reserved = header.reservedSpace;
  const wanted = options.to?.reservedBytes ?? reserved;
  if (wanted !== reserved)
    throw new SqliteError(
      'SQLITE_MISUSE',
      `the file reserves ${reserved} bytes per page but the new cipher needs ${wanted}: changing the reserved bytes needs a VACUUM into a new file`,
    );
  const total = src.pageCount;
  const lockByte = lockBytePage(pageSize);
  if (io.exists(dstPath)) io.remove(dstPath);
  const out = io.open(dstPath, { create: true });
  try {
    for (let pgno = 1; pgno <= total; pgno++) {
      if (pgno !== lockByte) {
        const plain = runSync(() => src.getPage(pgno)).slice();
        // The decrypted page's reserved tail held the old tag and nonce: a plain copy gets zeros.
        if (options.from && !options.to) plain.fill(0, pageSize - reserved);
        const sealed = options.to ? options.to.encrypt(pgno, plain) : plain;
        wait(out.write((pgno - 1) * pageSize, sealed));
      }
      options.onProgress?.(pgno, total);
    }
    wait(out.truncate(total * pageSize));
    wait(out.sync());
    // Read the copy back: every page must open with the new codec and equal what was written.
    for (let pgno = 1; pgno <= total; pgno++) {
      if (pgno === lockByte) continue;
      const onDisk = wait(out.read((pgno - 1) * pageSize, pageSize));
      const plain = options.to ? options.to.decrypt(pgno, onDisk) : onDisk;
      const expected = runSync(() => src.getPage(pgno));
      for (let i = 0; i < pageSize - reserved; i++)
        if (plain[i] !== expected[i]) throw new SqliteError('SQLITE_CORRUPT', `the rewritten copy differs from the source at page ${pgno}`, { pgno, offset: i });
    }
    if (pageSize !== decodeDatabaseHeader(runSync(() => src.getPage(1))).pageSize) throw new SqliteError('SQLITE_CORRUPT', 'page size changed while copying');
  } finally {
    out.close();
  }
  return { pages: total, pageSize, reservedBytes: reserved };
}

/** Waits for one completion of a synchronous backend (its result, or its I/O error thrown). */
function wait<T>(c: Completion<T>): T {
  const step = (): IOResult<T> => (c.finished ? ready(c.value) : pending(c));
  return runSync(step);
}

/**
 * Re-keys the database file at `path` in place, crash-safely (see the module doc): checkpoints and
 * removes its WAL, rewrites it into `path-rekey` with {@link rewriteDatabase}, then renames that over
 * `path` and syncs the directory. No other connection may have the file open.
 *
 * @throws SqliteError SQLITE_BUSY when the WAL cannot be checkpointed completely (another
 *   connection reads it); the errors of {@link rewriteDatabase}.
 */
export function rekeyFile(path: string, options: RekeyOptions = {}): RekeyResult {
  const io = new NodeSyncIO();
  const tmp = `${path}-rekey`;
  if (io.exists(tmp)) io.remove(tmp); // left by a crashed rekey: FILE is intact (invariant 1)
  // 1. Fold the WAL into the file; the last connection's close removes the emptied WAL.
  const src = Pager.open(io, path, { codec: options.from, readonly: false });
  let result: RekeyResult;
  try {
    const cp = runSync(() => src.checkpoint('TRUNCATE'));
    if (cp.busy) throw new SqliteError('SQLITE_BUSY', 'the WAL could not be checkpointed: another connection is using the database');
    runSync(() => src.beginRead());
    result = copyPages(io, src, tmp, options);
  } catch (e) {
    src.close();
    if (io.exists(tmp)) io.remove(tmp);
    throw e;
  }
  src.close();
  if (io.exists(`${path}-wal`)) throw new SqliteError('SQLITE_BUSY', `${path}-wal still exists after the checkpoint; the file was left as it was`);
  // 4–5. Atomic switch, then make the rename itself durable.
  renameSync(tmp, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
  return result;
}
