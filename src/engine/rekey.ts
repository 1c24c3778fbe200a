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
 * Reserved bytes: when the new cipher reserves as many bytes per page (nonce + tag, header byte 20)
 * as the file already does (AEGIS-256 variants 48, AEGIS-128 variants 32, AES-GCM 28), every page
 * keeps its layout and is re-sealed as it is (step 2 above). Decrypting to a plain file keeps the
 * reserved bytes (zeroed; SQLite reads such files). When the reserved size must change (a plain file
 * with none, AES-GCM ⇄ AEGIS), every b-tree is rebuilt into the new file instead, as VACUUM INTO
 * does (vacuum-into.ts), and step 3 compares every tree entry by entry.
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
import { lockBytePage } from '../format/lock-byte.js';
import type { PageCodec } from '../pager/page-codec.js';
import { Pager } from '../pager/pager.js';
import { BTreeCursor } from '../btree/cursor.js';
import { readSchemaTable } from '../btree/schema-table.js';
import { treeKindAt, vacuumInto } from './vacuum-into.js';

/** Options of {@link rekeyFile} and {@link rewriteDatabase}. */
export interface RekeyOptions {
  /** Codec of the file as it is; omit for a plain file. */
  from?: PageCodec;
  /** Codec to seal the new file with; omit to write a plain file. */
  to?: PageCodec;
  /**
   * Called as the copy goes: `(done, total, unit)`, counted in pages for a page-by-page copy and in
   * b-tree entries when the trees are rebuilt.
   */
  onProgress?: (done: number, total: number, unit: 'pages' | 'entries') => void;
}

/** What a rekey did. */
export interface RekeyResult {
  /** Pages rewritten (the database size in pages). */
  pages: number;
  /** Page size in bytes. */
  pageSize: number;
  /** Reserved bytes per page of the new file. */
  reservedBytes: number;
  /** True when the b-trees were rebuilt (the reserved size changed), false for a page-by-page copy. */
  rebuilt: boolean;
}

/**
 * Writes a copy of the database at `srcPath` (WAL applied, as of now) to `dstPath`, every page
 * decrypted with `from` and sealed with `to` (fresh nonces), synced, then read back and checked
 * page by page with `to`. `dstPath` is created or overwritten. `srcPath` is only read.
 *
 * @throws SqliteError the source's errors (SQLITE_NOTADB for a wrong or missing key, naming the
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
  if (wanted !== reserved) return rebuild(io, src, dstPath, options);
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
      options.onProgress?.(pgno, total, 'pages');
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
  } finally {
    out.close();
  }
  return { pages: total, pageSize, reservedBytes: reserved, rebuilt: false };
}

/** The reserved size changes: rebuild every b-tree into `dstPath`, then compare tree by tree. */
function rebuild(io: IO, src: Pager, dstPath: string, options: RekeyOptions): RekeyResult {
  for (const suffix of ['', '-wal']) if (io.exists(dstPath + suffix)) io.remove(dstPath + suffix);
  const dst = Pager.open(io, dstPath, { readonly: false, codec: options.to, newPageSize: src.pageSize });
  try {
    const encoding = src.dbHeader!.textEncoding || 1;
    // Progress counts entries: count them first (a read-only walk, cheap beside the writes).
    let total = 0;
    for (const row of runSync(() => readSchemaTable(src, encoding))) {
      if (row.rootpage <= 0) continue;
      const c = new BTreeCursor(src, row.rootpage, treeKindAt(src, row.rootpage), encoding);
      for (let ok = runSync(() => c.first()); ok; ok = runSync(() => c.next())) total++;
    }
    vacuumInto(src, dst, (n) => options.onProgress?.(n, total, 'entries'));
    // The copy must hold, tree by tree, the same entries (rowids and payload bytes) in the same order.
    runSync(() => dst.beginRead());
    const a = runSync(() => readSchemaTable(src, encoding));
    const b = runSync(() => readSchemaTable(dst, encoding));
    // vacuumInto writes sqlite_schema in VACUUM's order (vacuumOrder): rows are matched by type and name.
    const copies = new Map(b.map((r) => [`${r.type}\0${r.name}`, r]));
    if (a.length !== b.length || copies.size !== b.length) throw new SqliteError('SQLITE_CORRUPT', 'the rebuilt copy has another schema');
    for (let i = 0; i < a.length; i++) {
      if (a[i].rootpage <= 0) continue;
      const copy = copies.get(`${a[i].type}\0${a[i].name}`);
      if (!copy) throw new SqliteError('SQLITE_CORRUPT', `the rebuilt copy has no ${a[i].name}`);
      const k = treeKindAt(src, a[i].rootpage);
      const ca = new BTreeCursor(src, a[i].rootpage, k, encoding);
      const cb = new BTreeCursor(dst, copy.rootpage, k, encoding);
      let okA = runSync(() => ca.first());
      let okB = runSync(() => cb.first());
      for (; okA && okB; okA = runSync(() => ca.next()), okB = runSync(() => cb.next())) {
        if (k === 'table' && ca.rowid() !== cb.rowid()) throw new SqliteError('SQLITE_CORRUPT', `the rebuilt copy of ${a[i].name} differs at rowid ${String(ca.rowid())}`);
        if (Buffer.compare(runSync(() => ca.payload()), runSync(() => cb.payload())) !== 0) throw new SqliteError('SQLITE_CORRUPT', `the rebuilt copy of ${a[i].name} differs`);
      }
      if (okA !== okB) throw new SqliteError('SQLITE_CORRUPT', `the rebuilt copy of ${a[i].name} has another number of entries`);
    }
    const pages = dst.pageCount;
    dst.endRead();
    runSync(() => dst.checkpoint('TRUNCATE'));
    return { pages, pageSize: src.pageSize, reservedBytes: options.to?.reservedBytes ?? 0, rebuilt: true };
  } finally {
    dst.close();
  }
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
