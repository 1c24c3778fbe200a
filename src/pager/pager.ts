/**
 * The pager: hands out database pages by number, with the WAL applied and a bounded cache, and runs
 * read and write transactions over the WAL (SQLite's pager.c + wal.c, Turso's core/storage/pager.rs).
 *
 * ```
 *   getPage(pgno) ─ dirty (write txn) ─────────────────────────────────────────▶ bytes
 *        │ cache hit ─────────────────────────────────────────────────────────▶ bytes
 *        ├─ a frame ≤ my snapshot holds pgno ─▶ read WAL frame ─┐
 *        └─ else ─────────────────────────────▶ read db page ───┤
 *                                             codec.decrypt ◀────┘ ─▶ cache ─▶ bytes
 *
 *   states:  idle ──beginRead──▶ reading ──beginWrite──▶ writing ──commit / rollback──▶ reading
 *              ▲                    │                                                     │
 *              └──────endRead───────┴─────────────────────────────────────────────────────┘
 * ```
 *
 * Invariants:
 * 1. A page number is valid when 1 ≤ pgno ≤ pageCount; anything else is SQLITE_CORRUPT.
 * 2. pageCount is the WAL's commit size at my snapshot when the snapshot is > 0; else the header's
 *    in-header database size when non-zero and the change counter equals version-valid-for
 *    (fileformat2 §1.3.8); else the file size divided by the page size.
 * 3. An operation that returns pending has changed no state (the IOResult contract of src/io);
 *    commits and checkpoints are {@link IOJob}s that resume where they stopped.
 * 4. Bytes handed out are plaintext; ciphertext never enters the cache, plaintext never reaches disk.
 * 5. Cached pages are valid for my snapshot: beginRead drops pages other connections changed since
 *    my previous snapshot (all of them after a WAL restart).
 * 6. Dirty pages live only in this connection until commit publishes them as WAL frames; a failed
 *    or rolled-back transaction leaves nothing visible. Under a bounded cache, {@link Pager.spill}
 *    writes the least recently dirtied pages to the WAL as uncommitted frames past mxFrame (as
 *    SQLite's pagerStress does in WAL mode; SQLite does spill there, and so do we): only this
 *    connection indexes them, recovery ignores them (no commit frame follows them), and a rollback
 *    simply forgets them — the next transaction writes over them, its different commit frame
 *    breaking the checksum chain to anything left beyond.
 * 7. The database file is written only by a checkpoint, by creating a new database (page 1, see 8),
 *    by switching a legacy file to WAL (header bytes 18–19) and back ({@link Pager.leaveWal}), and
 *    by rolling back a hot journal — never by a transaction commit.
 * 8. A new database is created atomically: a rollback journal saying "0 pages" is synced, page 1
 *    of an empty database is written and synced, the first commit's frames are synced (whatever
 *    `synchronous` says), and only then is the journal deleted — the commit point. A cut before it
 *    rolls the file back to 0 bytes, and a WAL beside a 0-byte file is deleted on open (as SQLite's
 *    pagerOpenWalIfPresent does).
 * 9. A fresh WAL generation's header is synced before any frame of it is written (wal-shared.ts),
 *    and a checkpoint syncs the WAL before backfilling and the database file before the WAL is
 *    reset — under every `synchronous` mode.
 * 10. Savepoints (savepoint.ts) see every change of a write transaction's pages first, through
 *    {@link Pager.savepointHook} in getMutablePage and truncate; {@link Pager.restoreSavepoint}
 *    puts the saved images back.
 * 11. An in-memory database (option `memory`) has no WAL, and its page cache is the database, as
 *    SQLite's in-memory page cache is (not purgeable): the cache never evicts (PRAGMA cache_size
 *    is recorded, not applied), and a commit hands the dirty pages to the cache and sets the
 *    file's size, writing no page into the file (memory, which cannot fail halfway). The file
 *    holds only what the database was opened with; {@link Pager.image} gives the database's
 *    bytes. A rollback just drops the dirty pages (invariant 6), savepoints work as in 10. With no
 *    other connection, no read transaction can find the database changed under its cache, so
 *    beginRead keeps the cache (invariant 5 holds trivially) and, after the first, reads nothing:
 *    commit and rollback leave the snapshot fields current. There is nothing to checkpoint.
 *    Invariants 7, 8 and 9 do not apply.
 * 12. An in-memory database's commit made with `reusePages` (the connection runs no statement, so
 *    no cursor holds a page) hands each cached page it replaces to the process's {@link PagePool}
 *    for its page size, whose buffers later copies and new pages of any in-memory database take
 *    (page-pool.ts): no other connection shares the database (invariant 11) and the pager keeps
 *    no other reference to a replaced page. Its close with `reusePages` hands over every cached
 *    page. Without `reusePages`, and for file databases, pages are left to the garbage collector.
 *
 * `PRAGMA synchronous` (pragma.html#pragma_synchronous), what each mode guarantees after a power
 * cut (tested by test/crash with a fault-injecting backend):
 * - FULL: a commit that returned survives; the file is never corrupt. The WAL is synced at every
 *   commit.
 * - NORMAL: the last commits may be lost (back to the last checkpoint or close at worst), the
 *   file is never corrupt. Commits do not sync; checkpoints do (invariant 9).
 * - OFF: the same guarantee as NORMAL — Strata keeps the checkpoint and WAL-restart syncs of
 *   invariant 9 even here, because without them a power cut can corrupt the file (SQLite skips
 *   them at OFF and accepts that); in WAL mode OFF therefore syncs exactly what NORMAL syncs.
 *
 * Transactions (the Turso manual, "Transactions"; {@link Pager.begin}): DEFERRED takes its read
 * snapshot at its first read and the write lock at its first write — a transaction that has read
 * cannot upgrade past a newer commit (SQLITE_BUSY_SNAPSHOT); IMMEDIATE takes the newest snapshot
 * and the write lock at once (SQLITE_BUSY when another connection writes); EXCLUSIVE is IMMEDIATE
 * in WAL mode — readers carry on.
 *
 * Other processes (src/wal/foreign-check.ts): Strata writes no `-shm` and takes no file locks, so
 * another process (the sqlite3 CLI, better-sqlite3, another Strata process) can commit to the same
 * WAL unseen. Decisions, so that no commit reported successful is ever written over:
 * - beginRead (file databases; `memory` skips all of this) compares the `-wal` at its path with
 *   what this process knows: commits appended in the same generation are indexed (every snapshot
 *   stays valid); a WAL restarted, truncated, removed or created by the other process is read
 *   again as recovery reads it ({@link WalShared.reload}; this process's readers move to snapshot
 *   0, the database file the other process checkpointed into). Skipped while a writer of this
 *   process holds the write lock.
 * - A write transaction checks again at its first WAL write (its commit, or its first spill) and,
 *   when it upgrades a read transaction that has read since its check, at beginWrite: any change
 *   fails it with SQLITE_BUSY_SNAPSHOT (a commit is rolled back) instead of refreshing under it.
 *   With a snapshot of the database file alone (no WAL, or an empty one) the file's size and
 *   first 100 bytes must be as the snapshot read them.
 * - While `<db>-shm` exists (a SQLite library has the file open) writes fail with SQLITE_BUSY:
 *   SQLite would never see Strata's frames (its wal-index lives in that file), overwrite them and
 *   delete them at its last close. Checkpoints report busy then, and the last close of Strata
 *   neither checkpoints nor removes the WAL when a `-shm` exists or the WAL holds unknown changes.
 * - Without locks the window between the check and the frames it guards cannot be closed; it is
 *   one commit long. Another process's checkpoint can still overwrite database pages a Strata
 *   reader of an older snapshot reads (SQLite's readers are protected by `-shm` read marks).
 *
 * Why one file this long: the snapshot, the write transaction and the commit, spill and checkpoint
 * jobs all share the connection's private state. What needs none of it lives beside: journals in
 * hot-journal.ts, page 1 of a new database in new-database.ts, checkpoints in checkpoint.ts, the
 * cache in page-cache.ts, the per-file shared state in shared-database.ts.
 *
 * @module
 */
import { corrupt, SqliteError } from '../error.js';
import { keepShape, settleFields } from '../keep-shape.js';
import { decodeDatabaseHeader, decodeTursoHeader, encodeDatabaseHeader, isTursoHeader, lockBytePage, type DatabaseHeader } from '../format/index.js';
import type { HeaderFields, WritablePageStore } from '../btree/page-store.js';
import { Completion } from '../io/completion.js';
import type { File, IO } from '../io/file.js';
import { IOJob, type IOPhase } from '../io/io-job.js';
import { pending, ready, runAsync, runSync, type IOResult } from '../io/io-result.js';
import { WalShared, type ReadMark, type WalTxn } from '../wal/wal-shared.js';
import { scanWal } from '../wal/wal-index.js';
import { ForeignWalCheck, type ForeignChange } from '../wal/foreign-check.js';
import { checkpointJob, type CheckpointMode, type CheckpointResult } from './checkpoint.js';
import { PageCache } from './page-cache.js';
import { sharedPagePool, type PagePool } from './page-pool.js';
import type { PageCodec } from './page-codec.js';
import { emptyFileJournal, rollbackJournal } from './hot-journal.js';
import { newDatabaseHeader, newDatabasePage, WRITER_VERSION_NUMBER } from './new-database.js';
import { acquireShared, releaseShared, type SharedDatabase } from './shared-database.js';
import type { PageWriteHook, SavepointMark } from './savepoint.js';

const SQLITE_MAGIC_BYTES = new TextEncoder().encode('SQLite format 3\0');

/** Default cache capacity in pages. */
export const DEFAULT_CACHE_SIZE_PAGES = 2000;
/** Frames after which a commit runs a PASSIVE checkpoint (SQLite's wal_autocheckpoint default). */
export const DEFAULT_AUTOCHECKPOINT_FRAMES = 1000;
export { WRITER_VERSION_NUMBER } from './new-database.js';

/** What the pager noticed about a rollback journal beside the database. */
export interface HotJournalInfo {
  /** Path of the `-journal` file. */
  path: string;
  /** Its size in bytes. */
  sizeBytes: number;
}

/** `PRAGMA synchronous`: when commits and checkpoints fsync; the guarantees are in the module doc. */
export type SynchronousMode = 'off' | 'normal' | 'full';

/** `BEGIN DEFERRED | IMMEDIATE | EXCLUSIVE` (see the module doc, "Transactions"). */
export type TransactionMode = 'deferred' | 'immediate' | 'exclusive';

/** Options of {@link Pager.open}. */
export interface PagerOptions {
  /** Cache capacity in pages (default {@link DEFAULT_CACHE_SIZE_PAGES}). */
  cacheSizePages?: number;
  /** Ignore any `-wal` file and read the database file as it is (showdb --raw). Implies read-only. */
  ignoreWal?: boolean;
  /** Open read-only (default true: write transactions need `readonly: false`). */
  readonly?: boolean;
  /** Decrypts/encrypts pages of a Turso-encrypted file. */
  codec?: PageCodec;
  /** Page size in bytes for a new database (default 4096). */
  newPageSize?: number;
  /**
   * Reserved bytes per page (header byte 20) for a new database without a codec (default 0; a
   * codec's own reservation wins). VACUUM's temporary copy keeps the source's reservation with it.
   */
  newReservedBytes?: number;
  /**
   * Open a Turso-encrypted file without its key (the inspector's "sealed" view): the header's clear
   * bytes 16–99 are decoded, and every page read throws SQLITE_NOTADB naming the cipher.
   */
  allowSealed?: boolean;
  /**
   * The database lives only in this process's memory and no other connection ever opens it
   * (":memory:" on a MemoryIO of its own): invariant 11. Default false.
   */
  memory?: boolean;
}

/** Encryption details read from the 16-byte Turso header of page 1. */
export interface TursoEncryptionInfo {
  /** Turso header version (byte 5; 0 is the only one defined). */
  version: number;
  /** Cipher id (byte 6): 1 aes128gcm … 8 aegis128x4. */
  cipherId: number;
  /** Turso's cipher name for the id, or `id N` for an id Turso does not define. */
  cipherName: string;
}

/** What a snapshot was, for PRAGMA data_version (Pager.dataVersion). */
interface VersionKey {
  /** Read through a WAL; then its generation and the snapshot's last frame. */
  wal: boolean;
  generation: number;
  snapshot: number;
  /** The database file's change counter (header offset 24) and size in bytes. */
  changeCounter: number;
  fileSize: number;
}

/**
 * One connection's pager. Construct with {@link Pager.open} (sync backends) or {@link Pager.openAsync}.
 * Opening starts a read transaction at the newest commit; {@link Pager.beginRead} moves it forward.
 */
export class Pager implements WritablePageStore {
  /** Page size in bytes. */
  pageSize = 0;
  /** Usable bytes per page: pageSize − reserved bytes (fileformat2 §1.3.4). */
  usableSize = 0;
  /** Database size in pages (invariant 2; includes pages appended by my write transaction). */
  pageCount = 0;
  /** The decoded 100-byte header as of my snapshot, or null for an empty database. */
  dbHeader: DatabaseHeader | null = null;
  /** Set when a hot rollback journal lies beside a file opened read-only (recovery needs write access). */
  hotJournal: HotJournalInfo | null = null;
  /** Set when page 1 starts with the Turso encryption header. */
  encryption: TursoEncryptionInfo | null = null;
  /** Size of the database file in bytes when the snapshot was taken. */
  fileSizeBytes = 0;
  /** True when the file is encrypted and no codec was given (opened with `allowSealed`). */
  sealed = false;
  /** `PRAGMA synchronous` (default FULL). */
  synchronous: SynchronousMode = 'full';
  /** Pages written to the WAL by {@link spill} since opening (a statistic for tests). */
  spilledPages = 0;
  /** `PRAGMA wal_autocheckpoint` in frames; 0 turns it off. */
  autoCheckpointFrames = DEFAULT_AUTOCHECKPOINT_FRAMES;

  private readonly cache: PageCache;
  /** Replaced page buffers of an in-memory database, for reuse (invariant 12); null until its first commit. */
  /** The process's pool for an in-memory database's page size (invariant 12); null for file databases. */
  private get pagePool(): PagePool | null {
    return this.options.memory && this.pageSize > 0 ? sharedPagePool(this.pageSize) : null;
  }
  private readonly inflight = new Map<number, Completion<Uint8Array>>();
  private mark: ReadMark | null = null;
  private lastSeen = { generation: -1, snapshot: 0 };
  /**
   * PRAGMA data_version (pragma.html#pragma_data_version): 1 at first, one more each time a read
   * transaction finds that another connection committed since this one's last snapshot or commit;
   * this connection's own commits leave it. Memory databases: always 1.
   */
  dataVersion = 1;
  /** What the last snapshot taken or made was (beginRead's key), or null before the first. */
  private versionKey: VersionKey | null = null;
  private write: WriteState | null = null;
  private commitJob: IOJob<void> | null = null;
  private readonly readonly: boolean;
  private closed = false;

  private constructor(
    readonly io: IO,
    readonly path: string,
    private readonly shared: SharedDatabase,
    private readonly options: PagerOptions,
  ) {
    this.readonly = options.readonly ?? true;
    this.requestedCachePages = options.cacheSizePages ?? DEFAULT_CACHE_SIZE_PAGES;
    // Invariant 11: an in-memory database's cache holds every page.
    this.cache = new PageCache(options.memory ? Infinity : this.requestedCachePages, (pgno) => this.write?.dirty.has(pgno) ?? false);
  }

  /** The cache capacity asked for (pages): the cache's own, but for an in-memory database (invariant 11). */
  private requestedCachePages: number;

  /**
   * Opens `path` and starts a read transaction at the newest commit.
   * @throws SqliteError SQLITE_CANTOPEN (missing file when read-only), SQLITE_NOTADB (not a database,
   *   or encrypted without a codec), SQLITE_CORRUPT (header contradictions), SQLITE_IOERR.
   */
  static open(io: IO, path: string, options: PagerOptions = {}): Pager {
    const p = Pager.create(io, path, options);
    try {
      runSync(() => p.attach());
    } catch (e) {
      p.close();
      throw e;
    }
    return p;
  }

  /** Like {@link Pager.open} for asynchronous backends. */
  static async openAsync(io: IO, path: string, options: PagerOptions = {}): Promise<Pager> {
    const p = Pager.create(io, path, options);
    try {
      await runAsync(() => p.attach());
    } catch (e) {
      p.close();
      throw e;
    }
    return p;
  }

  private static create(io: IO, path: string, options: PagerOptions): Pager {
    const readonly = options.ignoreWal ? true : (options.readonly ?? true);
    const open = () => io.open(path, { readonly, create: !readonly });
    // The raw view (ignoreWal) never joins the shared state: it reads the file alone.
    const shared: SharedDatabase = options.ignoreWal
      ? { path, dbFile: open(), wal: null, walFile: null, refs: 1, readonly: true, checkpointing: false }
      : acquireShared(io, path, readonly, open);
    return new Pager(io, path, shared, { ...options, readonly });
  }

  /** Opening: hot journal, WAL recovery (first connection), then the first read transaction. */
  private attachJob: IOJob<void> | null = null;
  private journal: { file: File; size: number; bytes: Uint8Array } | null = null;
  private walBytes: Uint8Array | null = null;

  private attach(): IOResult<void> {
    const s = this.shared;
    const journalPath = `${this.path}-journal`;
    const walPath = `${this.path}-wal`;
    this.attachJob ??= new IOJob<void>(
      [
        () => {
          if (this.options.ignoreWal || !this.io.exists(journalPath)) return;
          const file = this.io.open(journalPath, { readonly: true });
          this.journal = { file, size: 0, bytes: new Uint8Array(0) };
          return [file.size().map((n) => (this.journal!.size = n))];
        },
        () => {
          const j = this.journal;
          if (!j || j.size === 0) return;
          return [j.file.read(0, j.size).map((b) => (j.bytes = b))];
        },
        () => {
          const j = this.journal;
          if (!j) return;
          j.file.close();
          // pager.c hasHotJournal: a journal that exists, is non-empty and whose first byte is not 0.
          if (j.size > 0 && j.bytes.length > 0 && j.bytes[0] !== 0) this.hotJournal = { path: journalPath, sizeBytes: j.size };
          if (this.hotJournal && !this.readonly) return rollbackJournal(this.shared.dbFile, j.bytes);
        },
        () => {
          if (this.hotJournal && !this.readonly) {
            this.io.remove(journalPath);
            this.hotJournal = null;
          }
          this.journal = null;
          if (this.options.ignoreWal || s.wal || !this.io.exists(walPath)) return;
          return [s.dbFile.size().map((n) => (this.dbSizeAtOpen = n))];
        },
        () => {
          if (this.options.ignoreWal || s.wal || !this.io.exists(walPath)) return;
          // As SQLite (pagerOpenWalIfPresent): a WAL beside a 0-byte database file is deleted by a
          // writer — such a WAL never held a durable commit (see the new-database commit).
          if (this.dbSizeAtOpen === 0 && !this.readonly) {
            this.io.remove(walPath);
            return;
          }
          s.walFile ??= this.io.open(walPath, { readonly: s.readonly, create: false });
          const wf = s.walFile;
          return [wf.size().map((n) => (this.walSize = n))];
        },
        () => {
          if (this.walSize <= 0 || s.wal) return;
          return [s.walFile!.read(0, this.walSize).map((b) => (this.walBytes = b))];
        },
      ],
      () => undefined,
    );
    const r = this.attachJob.step();
    if (!r.done) return r;
    return this.beginRead();
  }

  private walSize = 0;
  private dbSizeAtOpen = -1;

  /**
   * Starts (or moves forward) this connection's read transaction at the newest commit.
   * @throws SqliteError SQLITE_MISUSE inside a write transaction.
   */
  beginRead(): IOResult<void> {
    if (this.write) throw new SqliteError('SQLITE_MISUSE', 'cannot begin a read transaction inside a write transaction');
    this.deferredRead = false;
    // Invariant 11: an in-memory database's state after my last read, commit or rollback is the
    // newest snapshot; the header is read once.
    if (this.memoryCurrent) return ready(undefined);
    const s = this.shared;
    if (this.mark) s.wal?.endRead(this.mark);
    this.mark = null;
    const other = this.syncWithOtherProcesses();
    if (!other.done) return other;
    const headR = this.readSnapshotHeader();
    if (!headR.done) return headR;
    this.memoryCurrent = this.options.memory === true;
    this.readsAtCheck = this.cache.hits + this.cache.misses;
    return ready(undefined);
  }

  // ---------------------------------------------------------------- other processes

  /** Cache lookups (hits + misses) when beginRead last checked the WAL against the disk. */
  private readsAtCheck = -1;
  /** The db file's first 100 bytes when my snapshot was taken (empty for an empty file). */
  private snapshotHead: Uint8Array = new Uint8Array(0);
  private foreignCheck: ForeignWalCheck | null = null;
  private reloadJob: IOJob<void> | null = null;

  private newForeignCheck(ownFirstChecksum?: [number, number]): ForeignWalCheck {
    const s = this.shared;
    const wal = s.wal;
    return new ForeignWalCheck(this.io, {
      walPath: `${this.path}-wal`,
      pageSize: wal?.pageSize ?? (this.pageSize || 512),
      disk: wal ? wal.disk : null,
      holdsWritableFile: !s.readonly && s.walFile !== null,
      held: s.walFile,
      quiet: wal?.quiet?.disk === wal?.disk ? wal?.quiet?.stat : null,
      ownFirstChecksum,
    });
  }

  /** Runs the foreign-writer check (foreign-check.ts) against what this process knows. */
  private runForeignCheck(): IOResult<ForeignChange> {
    this.foreignCheck ??= this.newForeignCheck();
    try {
      const check = this.foreignCheck;
      const r = check.step();
      if (r.done) {
        this.foreignCheck = null;
        const wal = this.shared.wal;
        if (wal && r.value.kind === 'none' && check.stat) wal.quiet = { disk: wal.disk, stat: check.stat };
      }
      return r;
    } catch (e) {
      this.foreignCheck = null;
      throw e;
    }
  }

  /** Indexes another process's commits when they continue my generation's index; true when done. */
  private absorbForeign(v: ForeignChange): boolean {
    const wal = this.shared.wal;
    if (v.kind !== 'append' || !wal?.canIndexForeign(this)) return false;
    wal.indexForeign(v);
    return true;
  }

  /**
   * Before a new snapshot or a checkpoint: takes in what other processes did to the WAL (module
   * doc, "Other processes"). Their commits in my WAL generation are indexed; a WAL they restarted,
   * truncated, removed or created is read again as recovery reads it ({@link WalShared.reload}).
   * Skipped while a writer of this process holds the write lock (its commit check guards it) or
   * a checkpoint runs.
   */
  private syncWithOtherProcesses(): IOResult<void> {
    if (this.options.memory || this.options.ignoreWal) return ready(undefined);
    const s = this.shared;
    if (!this.reloadJob) {
      if ((s.wal?.writer && s.wal.writer !== this) || s.checkpointing) return ready(undefined);
      const r = this.runForeignCheck();
      if (!r.done) return r;
      if (r.value.kind === 'none' || this.absorbForeign(r.value)) return ready(undefined);
      this.reloadJob = this.buildReloadJob();
    }
    let r: IOResult<void>;
    try {
      r = this.reloadJob.step();
    } catch (e) {
      this.reloadJob = null;
      throw e;
    }
    if (!r.done) return r;
    this.reloadJob = null;
    return ready(undefined);
  }

  /** Opens the `-wal` at its path again, reads it whole and rebuilds the shared wal-index from it. */
  private buildReloadJob(): IOJob<void> {
    const s = this.shared;
    const walPath = `${this.path}-wal`;
    let file: File | null = null;
    let size = 0;
    let bytes: Uint8Array = new Uint8Array(0);
    return new IOJob<void>(
      [
        () => {
          if (this.io.exists(walPath)) file = this.io.open(walPath, { readonly: s.readonly, create: false });
          else if (!s.readonly) file = this.io.open(walPath, { create: true });
          if (file) return [file.size().map((n) => (size = n))];
        },
        () => {
          if (file && size > 0) return [file.read(0, size).map((b) => (bytes = b))];
        },
      ],
      () => {
        const scan = scanWal(bytes);
        if (!file) {
          // Read-only, and the WAL is gone: the other process checkpointed it all into the file.
          s.wal?.reload(s.wal.file, null);
          return;
        }
        if (s.walFile && s.walFile !== file) s.walFile.close();
        s.walFile = file;
        if (s.wal) s.wal.reload(file, scan);
        else if (this.pageSize) s.wal = WalShared.recover(file, this.pageSize, scan);
        else this.walBytes = bytes; // readSnapshotHeader learns the page size from it
      },
    );
  }

  /**
   * The check of a write transaction's first WAL write (its commit, or its first spill when
   * `onlyFirst`): the WAL must hold nothing another process committed after my snapshot, and with
   * a snapshot of the database file alone that file must be as my snapshot read it. Throws SQLITE_BUSY_SNAPSHOT otherwise
   * (the caller rolls back); commits found in my generation are indexed first.
   */
  private commitCheckPhases(w: WriteState, onlyFirst: boolean): IOPhase[] {
    if (this.options.memory) return [];
    const s = this.shared;
    let check: ForeignWalCheck | null = null;
    let verdict: ForeignChange | null = null;
    let skip = false;
    const db: { size: number; head: Uint8Array } = { size: -1, head: new Uint8Array(0) };
    const advance = (): Completion<unknown>[] | void => {
      if (skip || verdict) return;
      const out: Completion<unknown>[] = [];
      if (!check) {
        if (onlyFirst && w.txn) {
          skip = true;
          return;
        }
        this.refuseBesideSqlite();
        check = this.newForeignCheck(w.txn?.firstChecksum);
        // A snapshot of the database file alone (no WAL, or an empty one): another process may
        // have written the file itself (rollback journal mode) or committed, checkpointed and
        // truncated its WAL since — the file's size and header show it.
        if (this.snapshot === 0) out.push(s.dbFile.size().map((n) => (db.size = n)), s.dbFile.read(0, 100).map((b) => (db.head = b)));
      }
      const r = check.step();
      if (r.done) verdict = r.value;
      else out.push(...r.pending);
      return out;
    };
    const judge = (): void => {
      if (skip) return;
      if (!verdict) throw new SqliteError('SQLITE_INTERNAL', 'foreign WAL check did not finish');
      if (db.size >= 0 && (db.size !== this.fileSizeBytes || !sameBytes(db.head, this.snapshotHead))) throw busySnapshot('the database file changed');
      if (verdict.kind !== 'none') {
        this.absorbForeign(verdict);
        throw busySnapshot(verdict);
      }
    };
    return [advance, advance, advance, judge];
  }

  /**
   * A write while a SQLite library has the database open: SQLite keeps its wal-index in the
   * `-shm`, which Strata does not write, so it would never see Strata's frames — its next commit
   * would overwrite them and its last close would checkpoint without them and delete the WAL.
   * Decision: refuse (SQLITE_BUSY) while `<db>-shm` exists. SQLite removes it at its last close; a
   * `-shm` left by a crashed process is cleared by opening and closing the file with sqlite3.
   * @throws SqliteError SQLITE_BUSY.
   */
  private refuseBesideSqlite(): void {
    if (this.options.memory || !this.io.exists(`${this.path}-shm`)) return;
    throw new SqliteError('SQLITE_BUSY', `database is locked: another process has the database open with SQLite (${this.path}-shm exists); Strata does not share a WAL with it and writes only when it has closed`);
  }

  /**
   * At the last close: true when another process may be using the WAL — its `-shm` exists (SQLite
   * removes it at its own last close) or the WAL holds what this process does not know — so the
   * WAL must be neither checkpointed from a stale index nor removed.
   */
  private otherProcessUsesWal(): boolean {
    if (this.options.memory) return false;
    if (this.io.exists(`${this.path}-shm`)) return true;
    try {
      return runSync(() => this.runForeignCheck()).kind !== 'none';
    } catch {
      return true;
    }
  }

  /** An in-memory database whose snapshot fields (pageCount, dbHeader, …) are current (invariant 11). */
  private memoryCurrent = false;

  private snapshotJob: IOJob<{ head: Uint8Array; fileSize: number }> | null = null;

  /** Reads the db file's first 100 bytes and size, builds the WAL index if needed, takes a mark. */
  private readSnapshotHeader(): IOResult<void> {
    const s = this.shared;
    const got: { head: Uint8Array; fileSize: number } = { head: new Uint8Array(0), fileSize: 0 };
    this.snapshotJob ??= new IOJob<typeof got>([() => [s.dbFile.size().map((n) => (got.fileSize = n)), s.dbFile.read(0, 100).map((b) => (got.head = b))]], () => got);
    const r = this.snapshotJob.step();
    if (!r.done) return r;
    this.snapshotJob = null;
    const { head, fileSize } = r.value;
    this.fileSizeBytes = fileSize;
    this.snapshotHead = head;

    // Page size: from the db file header, else from the WAL header (a database still only in the WAL).
    let dbHead: Uint8Array | null = fileSize >= 100 ? head : null;
    if (dbHead && isTursoHeader(dbHead)) {
      const t = decodeTursoHeader(dbHead);
      this.encryption = { version: t.version, cipherId: t.cipherId, cipherName: t.cipherName ?? `id ${t.cipherId}` };
      if (this.options.codec) dbHead = this.options.codec.decryptHeader(dbHead);
      else if (this.options.allowSealed) {
        this.sealed = true;
        dbHead = dbHead.slice();
        dbHead.set(SQLITE_MAGIC_BYTES, 0); // bytes 16–99 are stored in the clear
      } else throw new SqliteError('SQLITE_NOTADB', `file is encrypted (Turso header, cipher ${t.cipherName ?? `id ${t.cipherId}`}): give its cipher and hexkey`, { pgno: 1, offset: 0 });
    }
    if (fileSize > 0 && fileSize < 100) throw new SqliteError('SQLITE_NOTADB', 'file is not a database: shorter than the 100-byte header', { offset: 0 });
    const fileHeader = dbHead ? decodeDatabaseHeader(dbHead) : null;
    if (fileHeader && !this.pageSize) {
      this.pageSize = fileHeader.pageSize;
      this.usableSize = fileHeader.pageSize - fileHeader.reservedSpace;
      if (this.usableSize < 480) throw corrupt(`usable page size ${this.usableSize} is below 480 bytes`, 1, 20);
    }
    if (!s.wal && s.walFile && (this.walBytes || this.pageSize)) {
      // An empty WAL file still gets its shared state, so that the last close removes it.
      const scan = scanWal(this.walBytes ?? new Uint8Array(0));
      this.walBytes = null;
      const walPageSize = scan.headerValid && scan.header ? scan.header.pageSize : 0;
      if (!this.pageSize && walPageSize && scan.mxFrame > 0) {
        this.pageSize = walPageSize;
      }
      if (this.pageSize) {
        if (walPageSize && scan.mxFrame > 0 && walPageSize !== this.pageSize)
          throw corrupt(`WAL page size ${walPageSize} differs from the database page size ${this.pageSize}`, 1, 16);
        s.wal = WalShared.recover(s.walFile, this.pageSize, scan);
      }
    }
    const wal = s.wal;
    this.mark = wal ? wal.beginRead() : null;
    const snapshot = this.mark?.snapshot ?? 0;
    // Invariant 5: drop what others changed since my previous snapshot.
    if (wal && this.lastSeen.generation === wal.generation) {
      for (const pgno of wal.pagesChangedBetween(this.lastSeen.snapshot, snapshot)) this.cache.delete(pgno);
    } else if (this.options.memory) {
      // Invariant 11: only this connection ever wrote the file, through the cache.
    } else if (this.lastSeen.generation !== -1 || snapshot === 0) {
      this.cache.clear();
    }
    if (snapshot === 0 && !this.options.memory) this.cache.clear(); // the database file may have been checkpointed into
    this.lastSeen = { generation: wal?.generation ?? 0, snapshot };
    // PRAGMA data_version: another connection's commit moved the snapshot (or, no WAL, the file's
    // change counter) since the last one this connection took or made. A file another connection
    // moved into WAL mode counts twice, as in SQLite, whose pager resets once for the file's new
    // change counter and once more on opening the WAL. A re-entry (page 1 pending below) finds the
    // same key and counts nothing again.
    const key: VersionKey = { wal: wal !== null, generation: wal?.generation ?? 0, snapshot, changeCounter: fileHeader?.changeCounter ?? 0, fileSize };
    const was = this.versionKey;
    if (was !== null) {
      if (key.wal && !was.wal) this.dataVersion += was.changeCounter !== key.changeCounter ? 2 : 1;
      else if (key.wal ? was.generation !== key.generation || was.snapshot !== key.snapshot : was.wal || was.changeCounter !== key.changeCounter || was.fileSize !== key.fileSize) this.dataVersion++;
    }
    this.versionKey = key;

    if (snapshot > 0) {
      this.pageCount = wal!.dbSizeAt(snapshot);
      // The header as of the snapshot: page 1 comes from the WAL when a frame holds it.
      if (!this.pageSize) throw corrupt('no page size', 1, 16);
      this.usableSize ||= this.pageSize;
    } else if (fileHeader) {
      this.pageCount = fileHeader.pageCount > 0 && fileHeader.changeCounter === fileHeader.versionValidFor ? fileHeader.pageCount : Math.floor(fileSize / this.pageSize);
    } else {
      this.pageCount = 0;
    }
    if (this.pageCount === 0) {
      this.dbHeader = null;
      return ready(undefined);
    }
    if (this.sealed) {
      this.dbHeader = fileHeader;
      return ready(undefined);
    }
    const p1 = this.getPage(1);
    if (!p1.done) {
      // Re-entry redoes the snapshot: give the mark back first (invariant 3).
      wal?.endRead(this.mark!);
      this.mark = null;
      return p1;
    }
    const h = decodeDatabaseHeader(p1.value);
    if (h.pageSize !== this.pageSize) throw corrupt(`page 1 says page size ${h.pageSize}, expected ${this.pageSize}`, 1, 16);
    this.usableSize = h.pageSize - h.reservedSpace;
    if (this.usableSize < 480) throw corrupt(`usable page size ${this.usableSize} is below 480 bytes`, 1, 20);
    this.dbHeader = h;
    return ready(undefined);
  }

  /** @see WritablePageStore.header: the b-tree's header fields, inside a write transaction. */
  get header(): HeaderFields {
    return this.requireWrite().header;
  }

  /** Ends the read transaction (a later getPage without beginRead is an error). */
  endRead(): void {
    if (this.write) throw new SqliteError('SQLITE_MISUSE', 'cannot end a read transaction inside a write transaction');
    if (this.mark) this.shared.wal?.endRead(this.mark);
    this.mark = null;
  }

  /** My snapshot: the last WAL frame I may read (0: the database file alone). */
  get snapshot(): number {
    return this.mark?.snapshot ?? 0;
  }

  /** The shared WAL state (null when there is no WAL yet or in raw mode). */
  get walShared(): WalShared | null {
    return this.shared.wal;
  }

  /** Cache capacity in pages (as asked for: an in-memory database's cache is not bounded, invariant 11). */
  get cacheSizePages(): number {
    return this.requestedCachePages;
  }

  /** Changes the cache capacity (pages); recorded only for an in-memory database (invariant 11). */
  set cacheSizePages(pages: number) {
    this.requestedCachePages = pages;
    if (!this.options.memory) this.cache.resize(pages);
  }

  /** Dirty pages of the write transaction held in memory (not spilled), 0 outside one. */
  get dirtyPagesHeld(): number {
    return this.write ? this.write.dirty.size + [...this.write.spilling.values()].filter((x) => !x.write.finished).length : 0;
  }

  /** Page buffers the in-memory databases of this page size hold for reuse (invariant 12), for tests and benchmarks. */
  get pooledPages(): number {
    return this.pagePool?.size ?? 0;
  }

  /** Cache hit and miss counters, for tests and benchmarks. */
  get cacheStats(): { hits: number; misses: number; size: number } {
    return { hits: this.cache.hits, misses: this.cache.misses, size: this.cache.size };
  }

  /**
   * The bytes of page `pgno` (pageSize bytes; do not modify them), as of my snapshot and my own
   * uncommitted writes.
   * @throws SqliteError SQLITE_CORRUPT when pgno is outside 1..pageCount or the page is cut short.
   */
  /**
   * @see WritablePageStore.peekPage: getPage's in-memory hits (the write transaction's dirty page,
   * else the cache) without an IOResult; undefined for a spilled page, before a deferred read took
   * its snapshot, or when the page is not held (getPage then does the work).
   */
  peekPage(pgno: number): Uint8Array | undefined {
    if (this.deferredRead) return undefined;
    const w = this.write;
    if (w) {
      const d = w.dirty.get(pgno);
      if (d) return d;
      if (w.spilled.has(pgno)) return undefined;
    }
    return this.cache.get(pgno);
  }

  /**
   * The database's bytes as of this pager's snapshot, its own uncommitted writes included:
   * `pageCount` pages of `pageSize` bytes, each as the file stores it (encrypted when a codec is
   * set), the lock-byte page zeros — SQLite's sqlite3_serialize. The only way to an in-memory
   * database's bytes (invariant 11). Pending while a page is read: call again.
   * @throws SqliteError as {@link getPage}.
   */
  image(): IOResult<Uint8Array> {
    const size = this.pageSize;
    const out = new Uint8Array(this.pageCount * size);
    const lockByte = lockBytePage(size);
    for (let pgno = 1; pgno <= this.pageCount; pgno++) {
      if (pgno === lockByte) continue;
      const r = this.getPage(pgno);
      if (!r.done) return r;
      out.set(this.encode(pgno, r.value), (pgno - 1) * size);
    }
    return ready(out);
  }

  getPage(pgno: number): IOResult<Uint8Array> {
    if (this.deferredRead) {
      // A DEFERRED transaction's first read takes its snapshot.
      this.deferredRead = false;
      const r = this.beginRead();
      if (!r.done) {
        this.deferredRead = true;
        return r;
      }
    }
    const dirty = this.write?.dirty.get(pgno);
    if (dirty) return ready(dirty);
    if (this.write?.spilled.has(pgno)) return this.readSpilled(this.write, pgno);
    const hit = this.cache.get(pgno);
    if (hit) return ready(hit);
    // An empty file reads as SQLite reads it: a database whose sqlite_schema is an empty leaf.
    if (pgno === 1 && this.pageCount === 0 && !this.sealed) return ready(this.emptyPage1());
    if (!Number.isInteger(pgno) || pgno < 1 || pgno > this.pageCount) throw corrupt(`page number ${pgno} is outside 1..${this.pageCount}`, pgno);
    if (this.sealed) throw this.sealedError(pgno);
    let c = this.inflight.get(pgno);
    if (!c) {
      c = this.startRead(pgno);
      this.inflight.set(pgno, c);
    }
    if (!c.finished) return pending(c);
    this.inflight.delete(pgno);
    const raw = c.value; // throws the I/O error of a failed read
    const page = this.finishRead(pgno, raw);
    if (pgno === 1) this.page1Counter = ((page[24] << 24) | (page[25] << 16) | (page[26] << 8) | page[27]) >>> 0;
    this.cache.set(pgno, page);
    return ready(page);
  }

  /**
   * The file change counter (header offset 24) of page 1 as this pager last read it from the file
   * or the WAL, SQLite's Pager.dbFileVers: a commit to the WAL that writes page 1 stamps it plus
   * one (pagerWalFrames' pager_write_changecounter), so WAL commits while page 1 stays cached all
   * write the same value; 0 before page 1 was read (a new database's first commit writes 1).
   */
  private page1Counter = 0;

  private sealedError(pgno: number): SqliteError {
    return new SqliteError('SQLITE_NOTADB', `page ${pgno} is sealed: the file is encrypted (cipher ${this.encryption?.cipherName}); give its cipher and hexkey`, { pgno });
  }

  /**
   * The on-disk bytes of page `pgno` as of my snapshot (ciphertext, tag and nonce of an encrypted
   * page; not cached, not decrypted): what the inspector's raw hex view shows.
   */
  readRawPage(pgno: number): IOResult<Uint8Array> {
    if (!Number.isInteger(pgno) || pgno < 1 || pgno > this.pageCount) throw corrupt(`page number ${pgno} is outside 1..${this.pageCount}`, pgno);
    const key = -pgno; // raw reads share the in-flight table under negative keys
    let c = this.inflight.get(key);
    if (!c) {
      c = this.startRead(pgno);
      this.inflight.set(key, c);
    }
    if (!c.finished) return pending(c);
    this.inflight.delete(key);
    return ready(c.value);
  }

  /** Where page `pgno` is read from: a WAL frame (1-based) or the database file. */
  sourceOf(pgno: number): { wal: true; frame: number } | { wal: false } {
    const frame = this.shared.wal?.frameFor(pgno, this.snapshot) ?? 0;
    return frame ? { wal: true, frame } : { wal: false };
  }

  private startRead(pgno: number): Completion<Uint8Array> {
    const wal = this.shared.wal;
    const frame = wal ? wal.frameFor(pgno, this.snapshot) : 0;
    if (frame) return wal!.readFrame(frame);
    return this.shared.dbFile.read((pgno - 1) * this.pageSize, this.pageSize);
  }

  private finishRead(pgno: number, raw: Uint8Array): Uint8Array {
    let page = raw;
    if (page.length < this.pageSize) {
      // A page past the end of the file reads as zeros in SQLite; a page cut short is corruption.
      if (page.length !== 0) throw corrupt(`page ${pgno} is cut short: ${page.length} of ${this.pageSize} bytes`, pgno, page.length);
      page = new Uint8Array(this.pageSize);
    } else if (this.options.codec) {
      page = this.options.codec.decrypt(pgno, page);
    }
    return page;
  }

  // ---------------------------------------------------------------- write transactions

  /** True inside a write transaction. */
  get inWriteTransaction(): boolean {
    return this.write !== null;
  }

  private deferredRead = false;

  /**
   * `BEGIN [DEFERRED | IMMEDIATE | EXCLUSIVE]` at the pager level. DEFERRED gives up the current
   * snapshot: the next {@link getPage} takes the newest one, the next {@link beginWrite} takes the
   * write lock on top of it (pageCount and dbHeader keep their old values until then). IMMEDIATE
   * and EXCLUSIVE move to the newest snapshot and take the write lock now. End the transaction with
   * {@link commit} / {@link rollback} (a DEFERRED one that never wrote needs neither).
   * @throws SqliteError SQLITE_MISUSE inside a write transaction; SQLITE_BUSY (IMMEDIATE or
   *   EXCLUSIVE while another connection writes); SQLITE_READONLY.
   */
  begin(mode: TransactionMode = 'deferred'): IOResult<void> {
    if (this.write) throw new SqliteError('SQLITE_MISUSE', 'cannot start a transaction within a transaction');
    if (mode === 'deferred') {
      this.endRead();
      this.deferredRead = true;
      return ready(undefined);
    }
    if (this.readonly) throw new SqliteError('SQLITE_READONLY', 'attempt to write a readonly database');
    const r = this.beginRead();
    if (!r.done) return r;
    return this.beginWrite();
  }

  /**
   * Starts a write transaction on top of my read snapshot (of the newest commit when a DEFERRED
   * transaction has not read yet).
   * @throws SqliteError SQLITE_READONLY (opened read-only), SQLITE_BUSY (another connection is
   *   writing), SQLITE_BUSY_SNAPSHOT (another connection committed after my snapshot: a read
   *   transaction cannot be upgraded past a newer commit).
   */
  beginWrite(): IOResult<void> {
    if (this.readonly) throw new SqliteError('SQLITE_READONLY', 'attempt to write a readonly database');
    if (this.write) return ready(undefined);
    const snapshotTaken = this.deferredRead;
    if (this.deferredRead) {
      this.deferredRead = false;
      const r = this.beginRead();
      if (!r.done) {
        this.deferredRead = true;
        return r;
      }
    }
    // Refused before the transaction starts: a refusal at COMMIT is the rarer, later failure.
    this.refuseBesideSqlite();
    if (!snapshotTaken && !this.options.memory && this.cache.hits + this.cache.misses !== this.readsAtCheck) {
      // A read transaction upgraded after it read: another process may have committed since its
      // snapshot (foreign-check.ts). Fail now rather than at COMMIT (which checks in any case).
      const r = this.runForeignCheck();
      if (!r.done) return r;
      if (r.value.kind !== 'none') {
        this.absorbForeign(r.value);
        throw busySnapshot(r.value);
      }
    }
    const s = this.shared;
    try {
      s.wal?.lockWriter(this);
    } catch (e) {
      // As SQLite: a DEFERRED transaction whose first statement found the database busy has still
      // not read — it gives the snapshot back and may later write on top of a newer commit.
      if (snapshotTaken) {
        this.endRead();
        this.deferredRead = true;
      }
      throw e;
    }
    const wal = s.wal;
    if (wal && this.mark && (this.mark.snapshot !== wal.mxFrame || this.mark.generation !== wal.generation)) {
      wal.unlockWriter(this);
      throw new SqliteError('SQLITE_BUSY_SNAPSHOT', 'database is locked: another connection committed after this transaction began reading');
    }
    this.write = newWriteState(this.pageCount, this.dbHeader ? headerFieldsOf(this.dbHeader) : noHeaderFields());
    if (this.pageCount === 0) this.initNewDatabase();
    return ready(undefined);
  }

  /**
   * Page 1 as a read of an empty (0-page) database sees it: {@link initNewDatabase}'s page, never
   * written or cached (a write transaction makes its own).
   */
  private emptyPage1(): Uint8Array {
    const pageSize = this.pageSize || this.options.newPageSize || 4096;
    const reserved = this.options.codec?.reservedBytes ?? this.options.newReservedBytes ?? 0;
    return newDatabasePage(this.newHeader(pageSize, reserved), pageSize, pageSize - reserved);
  }

  /**
   * A new database's header: WAL mode (read and write versions 2); for an in-memory database the
   * legacy versions 1 and no version number (offset 96), as SQLite's in-memory databases
   * (journal_mode=memory, no change counter written) have them.
   */
  private newHeader(pageSize: number, reserved: number): DatabaseHeader {
    const h = newDatabaseHeader(pageSize, reserved);
    if (this.options.memory) {
      h.writeVersion = h.readVersion = 1;
      h.sqliteVersion = 0;
    }
    return h;
  }

  /** Page 1 of a new, empty database: the header and an empty sqlite_schema leaf (fileformat2 §1.3). */
  private initNewDatabase(): void {
    const pageSize = this.pageSize || this.options.newPageSize || 4096;
    this.pageSize = pageSize;
    const reserved = this.options.codec?.reservedBytes ?? this.options.newReservedBytes ?? 0;
    this.usableSize = pageSize - reserved;
    const h = this.newHeader(pageSize, reserved);
    const page = newDatabasePage(h, pageSize, this.usableSize);
    this.pageCount = 1;
    this.dbHeader = h;
    this.write!.dirty.set(1, page);
  }

  private requireWrite(): WriteState {
    if (!this.write) throw new SqliteError('SQLITE_MISUSE', 'no write transaction is open');
    return this.write;
  }

  /** Connections of this process that have the file open (1: only this one). */
  get sharedRefs(): number {
    return this.shared.refs;
  }

  /** @see WritablePageStore.getMutablePage */
  getMutablePage(pgno: number): IOResult<Uint8Array> {
    const w = this.requireWrite();
    this.changeCount++;
    const d = w.dirty.get(pgno);
    if (d) {
      this.touchWritable(w, pgno, d);
      return ready(d);
    }
    const r = this.getPage(pgno);
    if (!r.done) return r;
    this.savepointHook?.beforeWrite(pgno, r.value);
    const copy = this.pooledCopy(r.value);
    w.dirty.set(pgno, copy);
    noteRecent(w, pgno);
    return ready(copy);
  }

  /** @see WritablePageStore.peekMutablePage */
  peekMutablePage(pgno: number): Uint8Array | undefined {
    const w = this.write;
    const d = w?.dirty.get(pgno);
    if (d === undefined) return undefined;
    this.changeCount++;
    this.touchWritable(w!, pgno, d);
    return d;
  }

  /** A dirty page is made writable again (getMutablePage, peekMutablePage): its place in the spill order, the savepoint journal. */
  private touchWritable(w: WriteState, pgno: number, d: Uint8Array): void {
    // Most recently made writable last: spill() takes victims from the front. A page among the
    // last RECENT_MUTABLE put at the end (a table leaf and its index leaves made writable in
    // turn by a DELETE) is near enough to the end already: no reordering.
    // An in-memory database never spills (invariant 11): its order does not matter.
    const rc = w.recent;
    if (!this.options.memory && rc[0] !== pgno && rc[1] !== pgno && rc[2] !== pgno && rc[3] !== pgno && rc[4] !== pgno && rc[5] !== pgno && rc[6] !== pgno && rc[7] !== pgno) {
      w.dirty.delete(pgno);
      w.dirty.set(pgno, d);
      noteRecent(w, pgno);
    }
    this.savepointHook?.beforeWrite(pgno, d);
  }

  /** @see WritablePageStore.appendPage */
  appendPage(): number {
    const w = this.requireWrite();
    this.changeCount++;
    let pgno = this.pageCount + 1;
    if (pgno === lockBytePage(this.pageSize)) {
      w.dirty.set(pgno, new Uint8Array(this.pageSize)); // the lock-byte page is never used, but counted
      pgno++;
    }
    this.pageCount = pgno;
    const reused = this.pagePool?.take();
    w.dirty.set(pgno, reused !== undefined && reused.length === this.pageSize ? reused.fill(0) : new Uint8Array(this.pageSize));
    noteRecent(w, pgno);
    return pgno;
  }

  /** A copy of `page` to write on: in a buffer of the pool when it has one (invariant 12), else a new one. */
  private pooledCopy(page: Uint8Array): Uint8Array {
    const reused = this.pagePool?.take();
    if (reused === undefined || reused.length !== page.length) return page.slice();
    reused.set(page);
    return reused;
  }

  /** @see WritablePageStore.truncate */
  truncate(pageCount: number): void {
    const w = this.requireWrite();
    this.changeCount++;
    const hook = this.savepointHook;
    for (const [pgno, data] of [...w.dirty]) {
      if (pgno <= pageCount) continue;
      hook?.beforeWrite(pgno, data);
      w.dirty.delete(pgno);
    }
    // Their spilled frames stay in the WAL; a checkpoint skips frames past the database size.
    for (const [pgno, frame] of [...w.spilled]) {
      if (pgno <= pageCount) continue;
      if (!w.dirty.has(pgno)) hook?.beforeWrite(pgno, frame);
      w.spilled.delete(pgno);
    }
    this.pageCount = pageCount;
  }

  /**
   * Called before a page of the write transaction changes or is dropped by {@link truncate}, with
   * its current bytes (or its WAL frame when it is spilled): the savepoint journal (savepoint.ts)
   * keeps images there. Null when no savepoint is open.
   */
  savepointHook: PageWriteHook | null = null;

  /**
   * Calls that may change the write transaction's pages or size (getMutablePage, appendPage,
   * truncate), ever: equal before and after a statement when it changed nothing (the connection's
   * test whether a statement without a statement journal can fail without undoing the transaction).
   */
  changeCount = 0;

  /**
   * ROLLBACK TO (savepoint.ts): truncates to the mark's size, puts back the pages it saved (in place
   * when the page is held in memory) and its header fields and decoded header.
   * @throws SqliteError SQLITE_MISUSE outside a write transaction.
   */
  restoreSavepoint(mark: SavepointMark): void {
    const w = this.requireWrite();
    const hook = this.savepointHook;
    this.savepointHook = null; // restoring is not a change to journal
    try {
      this.truncate(Math.min(this.pageCount, mark.pageCount));
      this.pageCount = mark.pageCount;
      for (const [pgno, image] of mark.images) {
        if (pgno > mark.pageCount) continue;
        if (typeof image === 'number') {
          w.dirty.delete(pgno);
          w.spilled.set(pgno, image);
          continue;
        }
        const held = w.dirty.get(pgno);
        if (held) held.set(image);
        else w.dirty.set(pgno, image.slice());
      }
      Object.assign(w.header, mark.header);
      this.dbHeader = mark.dbHeader ? { ...mark.dbHeader } : null;
    } finally {
      this.savepointHook = hook;
    }
  }

  /** Sets user_version / application_id / schema format / text encoding… on page 1 in this transaction. */
  updateHeader(change: (h: DatabaseHeader) => void): IOResult<void> {
    const r = this.getMutablePage(1);
    if (!r.done) return r;
    const h = decodeDatabaseHeader(r.value);
    change(h);
    r.value.set(encodeDatabaseHeader(h), 0);
    this.dbHeader = h;
    return ready(undefined);
  }

  /**
   * Commits the write transaction: dirty pages become WAL frames (page 1's header updated when the
   * b-tree fields or the size changed), synced per `synchronous`, then published to other
   * connections; a PASSIVE checkpoint follows past `autoCheckpointFrames`.
   * @param reusePages - in-memory databases: no statement of the connection is running, so the
   *   cached pages this commit replaces may be written again (invariant 12). Default false.
   * @throws SqliteError SQLITE_IOERR (the transaction is rolled back; nothing committed is lost).
   */
  commit(reusePages = false): IOResult<void> {
    // Called again after the commit itself ended and its auto-checkpoint waited on I/O: go on
    // with the checkpoint (the write transaction is over).
    if (this.autoRun && !this.write) return this.maybeAutoCheckpoint();
    const w = this.requireWrite();
    if (!this.commitJob) {
      if (w.dirty.size === 0 && w.spilled.size === 0 && this.pageCount === w.startPageCount) {
        this.endWrite();
        return ready(undefined);
      }
      this.commitJob = this.options.memory ? this.buildMemoryCommitJob(w, reusePages) : this.buildCommitJob(w);
    }
    try {
      const r = this.commitJob.step();
      if (!r.done) return r;
    } catch (e) {
      this.commitJob = null;
      this.rollback();
      throw e;
    }
    this.commitJob = null;
    return this.maybeAutoCheckpoint();
  }

  private buildCommitJob(w: WriteState): IOJob<void> {
    const s = this.shared;
    const journalPath = `${this.path}-journal`;
    const phases = [
      // A spill still writing must finish (and succeed) first.
      () => {
        const c = w.spillWrites.filter((x) => !x.finished);
        return c.length ? c : w.spillWrites.filter((x) => x.state === 'failed');
      },
      // Another process may have committed since my snapshot: never write over its frames.
      ...this.commitCheckPhases(w, false),
      // Page 1 is in memory before the header fields are applied (on asynchronous backends too).
      () => {
        if (w.newDatabase || w.dirty.has(1)) return;
        const r = this.getPage(1);
        return r.done ? undefined : (r.pending as Completion<unknown>[]);
      },
      // A new database (invariant 8): a rollback journal saying "the file was empty" is made durable
      // before page 1 reaches the database file, so that a cut anywhere before the commit is
      // durable rolls the file back to 0 bytes, as SQLite's first write of a new file does.
      () => {
        if (!w.newDatabase) return;
        this.newDbJournal = this.io.open(journalPath, { create: true });
        return [this.newDbJournal.write(0, emptyFileJournal(this.pageSize)), this.newDbJournal.sync()];
      },
      // Then page 1 of an empty database goes to the database file (never a WAL beside an empty
      // file: SQLite deletes such a WAL). A legacy file is switched to WAL (bytes 18–19 = 2).
      () => {
        if (w.newDatabase) return [s.dbFile.write(0, this.encode(1, this.emptyPageOne())), s.dbFile.sync()];
        if (this.dbHeader && (this.dbHeader.writeVersion !== 2 || this.dbHeader.readVersion !== 2) && !s.wal?.mxFrame) {
          return [s.dbFile.write(18, new Uint8Array([2, 2])), s.dbFile.sync()];
        }
      },
      () => {
        this.applyHeaderFields(w);
        if (!s.wal) {
          s.walFile ??= this.io.open(`${this.path}-wal`, { create: true });
          s.wal = WalShared.recover(s.walFile, this.pageSize, null);
          this.mark = s.wal.beginRead();
          this.lastSeen = { generation: s.wal.generation, snapshot: 0 };
        }
        return this.startWalTxn(w);
      },
      () => {
        const pages = [...w.dirty.entries()].filter(([pgno]) => pgno <= this.pageCount).sort((a, b) => a[0] - b[0]);
        // A commit needs one frame to carry the size: a transaction that spilled everything
        // writes page 1 again.
        if (pages.length === 0) pages.push([1, runSync(() => this.getMutablePage(1))]);
        const sync = this.synchronous === 'full' || w.newDatabase;
        return this.shared.wal!.appendFrames(w.txn!, pages.map(([pgno, data]) => ({ pgno, data: this.encode(pgno, data) })), this.pageCount, sync);
      },
    ];
    return new IOJob<void>(phases, () => {
      const wal = s.wal!;
      wal.commitTxn(w.txn!);
      if (w.newDatabase) {
        this.newDbJournal?.close();
        this.newDbJournal = null;
        this.io.remove(journalPath); // the commit point of a new database
      }
      // My own pages are the newest: keep them cached; my snapshot moves to my commit. Cached
      // copies of spilled pages are older than the WAL now.
      for (const pgno of w.spilled.keys()) this.cache.delete(pgno);
      for (const [pgno, data] of w.dirty) if (pgno <= this.pageCount) this.cache.set(pgno, data);
      if (this.mark) {
        this.mark.snapshot = wal.mxFrame;
        this.mark.generation = wal.generation;
      }
      this.lastSeen = { generation: wal.generation, snapshot: wal.mxFrame };
      if (this.versionKey) this.versionKey = { ...this.versionKey, wal: true, generation: wal.generation, snapshot: wal.mxFrame };
      this.endWrite();
    });
  }

  /**
   * The commit of an in-memory database (invariant 11): page 1 in memory, the header fields
   * applied, the file set to its new size, every dirty page handed to the cache.
   */
  private buildMemoryCommitJob(w: WriteState, reusePages: boolean): IOJob<void> {
    const s = this.shared;
    const phases = [
      () => {
        if (w.newDatabase || w.dirty.has(1)) return;
        const r = this.getPage(1);
        return r.done ? undefined : (r.pending as Completion<unknown>[]);
      },
      () => {
        this.applyHeaderFields(w);
        const out: Completion<unknown>[] = [];
        // The file takes its new size first: one resize, not one per page written past its end.
        const size = this.pageCount * this.pageSize;
        if (size !== this.fileSizeBytes) out.push(s.dbFile.truncate(size));
        return out;
      },
    ];
    return new IOJob<void>(phases, () => {
      const pool = reusePages ? this.pagePool : null;
      for (const [pgno, data] of w.dirty) {
        if (pgno > this.pageCount) continue;
        const replaced = this.cache.set(pgno, data);
        if (pool !== null && replaced !== undefined && replaced !== data) pool.give(replaced);
      }
      this.fileSizeBytes = this.pageCount * this.pageSize;
      this.endWrite();
    });
  }

  private newDbJournal: File | null = null;

  /** Page 1 of an empty database (header + empty sqlite_schema leaf), for the database file. */
  private emptyPageOne(): Uint8Array {
    const page1 = this.write?.dirty.get(1);
    const h = { ...(page1 ? decodeDatabaseHeader(page1) : this.dbHeader!), pageCount: 1, changeCounter: 1, versionValidFor: 1, freelistTrunk: 0, freelistCount: 0, largestRootPage: 0, incrementalVacuum: 0, schemaCookie: 0 };
    return newDatabasePage(h, this.pageSize, this.usableSize);
  }

  /**
   * The transaction's first WAL write: the WAL restarts if it may (invariant 3 of wal-shared.ts)
   * and a fresh generation gets its header. Returns the completions to wait on.
   */
  private startWalTxn(w: WriteState): Completion<unknown>[] {
    const wal = this.shared.wal!;
    if (!w.txn) {
      const { txn, restarted } = wal.beginTxn(!this.shared.checkpointing);
      w.txn = txn;
      if (restarted) this.lastSeen = { generation: wal.generation, snapshot: 0 };
    }
    return wal.writeHeader(w.txn);
  }

  /**
   * A spill point: when more dirty pages are held than the cache holds, the least recently made
   * writable ones are written to the WAL as uncommitted frames and dropped from memory (SQLite's
   * pagerStress in WAL mode). Call it only where no buffer from {@link getMutablePage} is still
   * going to be modified — between b-tree operations — because a spilled page's later changes must
   * come through a new getMutablePage. Spilling needs an existing WAL: the first transaction of a
   * new database, or of a legacy file without one, keeps its pages in memory.
   *
   * Decision (invariant 6): spilled frames lie past mxFrame and are indexed only by this
   * connection until commit; recovery ignores them (no commit frame follows), a rollback forgets
   * them and the next transaction writes over them.
   */
  spill(): IOResult<void> {
    const w = this.requireWrite();
    if (!w.spillJob) {
      const limit = this.cache.capacity;
      if (w.dirty.size <= limit || w.newDatabase || !this.shared.wal || this.shared.checkpointing) return ready(undefined);
      w.spillJob = new IOJob<void>(
        [
          ...this.commitCheckPhases(w, true),
          () => this.startWalTxn(w),
          () => {
            const victims: Array<[number, Uint8Array]> = [];
            const keep = Math.max(1, limit >> 1);
            for (const [pgno, data] of w.dirty) {
              if (w.dirty.size - victims.length <= keep) break;
              if (pgno !== 1 && pgno <= this.pageCount) victims.push([pgno, data]);
            }
            if (victims.length === 0) return;
            const wal = this.shared.wal!;
            const first = w.txn!.frames.length;
            const writes = wal.appendFrames(w.txn!, victims.map(([pgno, data]) => ({ pgno, data: this.encode(pgno, data) })), 0, false);
            victims.forEach(([pgno, data], i) => {
              w.dirty.delete(pgno);
              w.spilled.set(pgno, wal.txnFrame(w.txn!, first + i));
              w.spilling.set(pgno, { data, write: writes[0] });
            });
            w.spillWrites.push(...writes);
            this.spilledPages += victims.length;
            return writes;
          },
        ],
        () => undefined,
      );
    }
    const r = w.spillJob.step();
    if (r.done) w.spillJob = null;
    return r;
  }

  /** A spilled page's bytes: from memory while its frame is being written, else from the frame. */
  private readSpilled(w: WriteState, pgno: number): IOResult<Uint8Array> {
    const held = w.spilling.get(pgno);
    if (held && !held.write.finished) return ready(held.data);
    w.spilling.delete(pgno);
    const key = -pgno - 0x100000000; // shares the in-flight table, apart from page and raw reads
    let c = this.inflight.get(key);
    if (!c) {
      c = this.shared.wal!.readFrame(w.spilled.get(pgno)!, w.txn!.header);
      this.inflight.set(key, c);
    }
    if (!c.finished) return pending(c);
    this.inflight.delete(key);
    const raw = c.value;
    return ready(this.options.codec ? this.options.codec.decrypt(pgno, raw) : raw);
  }

  /** Writes the b-tree header fields and the database size into page 1 (fileformat2 §1.3). */
  private applyHeaderFields(w: WriteState): void {
    const old = this.dbHeader;
    const f = w.header;
    const changed =
      !old ||
      w.dirty.has(1) ||
      old.freelistTrunk !== f.freelistTrunk ||
      old.freelistCount !== f.freelistCount ||
      old.largestRootPage !== f.largestRootPage ||
      old.incrementalVacuum !== f.incrementalVacuum ||
      old.schemaCookie !== f.schemaCookie ||
      old.pageCount !== this.pageCount;
    if (!changed) return;
    const page = w.dirty.get(1) ?? runSync(() => this.getMutablePage(1));
    const h = decodeDatabaseHeader(page);
    h.freelistTrunk = f.freelistTrunk;
    h.freelistCount = f.freelistCount;
    h.largestRootPage = f.largestRootPage;
    h.incrementalVacuum = f.incrementalVacuum;
    h.schemaCookie = f.schemaCookie;
    h.pageCount = this.pageCount;
    if (!this.options.memory) {
      // As pager_write_changecounter, whenever page 1 is written to the WAL: one more than page 1
      // held when it was last read (page1Counter). SQLite's commit of an in-memory database
      // (MEMDB) skips it: there the counter, version-valid-for and version number stay as they are.
      h.changeCounter = (this.page1Counter + 1) >>> 0;
      h.versionValidFor = h.changeCounter;
      h.sqliteVersion = WRITER_VERSION_NUMBER;
    }
    // WAL mode (versions 2), but in memory (invariant 11: no WAL; SQLite's journal_mode=memory).
    h.writeVersion = h.readVersion = this.options.memory ? 1 : 2;
    page.set(encodeDatabaseHeader(h), 0);
    w.dirty.set(1, page);
    this.dbHeader = h;
  }

  private encode(pgno: number, plain: Uint8Array): Uint8Array {
    return this.options.codec ? this.options.codec.encrypt(pgno, plain) : plain;
  }

  /** Abandons the write transaction: dirty pages are dropped, the size and header are restored. */
  rollback(): void {
    const w = this.write;
    if (!w) return;
    // A new database's journal stays on disk (hot) if its commit failed halfway: reopening rolls
    // the file back to 0 bytes.
    this.newDbJournal?.close();
    this.newDbJournal = null;
    this.pageCount = w.startPageCount;
    if (w.newDatabase) {
      this.dbHeader = null;
    } else if (w.dirty.has(1)) {
      // The committed page 1: re-read, but from the cache for an in-memory database, whose file
      // does not hold it (invariant 11).
      if (!this.options.memory) this.cache.delete(1);
      const p1 = runSync(() => this.getPage(1));
      this.dbHeader = decodeDatabaseHeader(p1);
    }
    this.endWrite();
  }

  private endWrite(): void {
    this.shared.wal?.unlockWriter(this);
    this.write = null;
  }

  // ---------------------------------------------------------------- checkpoints

  private checkpointRun: IOJob<CheckpointResult> | null = null;

  /**
   * Runs a checkpoint (`PRAGMA wal_checkpoint(MODE)`), returning SQLite's three numbers.
   * @throws SqliteError SQLITE_LOCKED inside my own write transaction.
   */
  checkpoint(mode: CheckpointMode = 'PASSIVE'): IOResult<CheckpointResult> {
    if (this.write) throw new SqliteError('SQLITE_LOCKED', 'database table is locked: cannot checkpoint inside a write transaction');
    const s = this.shared;
    if (!this.checkpointRun) {
      // A SQLite process's readers are invisible to us: leave checkpoints to it while it is open.
      if (s.wal && !this.options.memory && this.io.exists(`${this.path}-shm`)) return ready({ busy: 1, log: s.wal.mxFrame, checkpointed: s.wal.nBackfill });
      // Never copy frames of an index another process has made stale into the database file.
      const other = this.syncWithOtherProcesses();
      if (!other.done) return other;
    }
    // Not in WAL mode: log and checkpointed −1, as SQLite. A file in WAL mode (header bytes 18–19)
    // whose WAL does not exist yet has an empty one for SQLite, which opens it on the first read: 0, 0.
    if (!s.wal || !s.walFile) return ready(this.dbHeader?.writeVersion === 2 ? { busy: 0, log: 0, checkpointed: 0 } : { busy: 0, log: -1, checkpointed: -1 });
    this.checkpointRun ??= checkpointJob(s, this.pageSize, mode, this.options.codec !== undefined);
    try {
      const r = this.checkpointRun.step();
      if (!r.done) return r;
      this.checkpointRun = null;
      return r;
    } catch (e) {
      this.checkpointRun = null;
      throw e;
    }
  }

  private leaveWalJob: IOJob<void> | null = null;

  /**
   * `PRAGMA journal_mode = DELETE` on a file in WAL mode: when this is the only connection, every
   * frame is checkpointed (TRUNCATE), header bytes 18–19 go back to 1 (legacy), the database file is
   * synced and the WAL removed; resolves to true. Resolves to false, changing nothing, when another
   * connection has the file open or the checkpoint could not copy everything, as SQLite keeps WAL
   * mode then. A later write transaction switches the file back to WAL (invariant 7).
   * @throws SqliteError SQLITE_ERROR inside a write transaction; SQLITE_READONLY.
   */
  leaveWal(): IOResult<boolean> {
    if (this.write) throw new SqliteError('SQLITE_ERROR', 'cannot change out of wal mode from within a transaction');
    if (this.readonly) throw new SqliteError('SQLITE_READONLY', 'attempt to write a readonly database');
    const s = this.shared;
    if (s.refs > 1) return ready(false);
    if (!this.leaveWalJob) {
      if (s.wal) {
        const r = this.checkpoint('TRUNCATE');
        if (!r.done) return r;
        if (r.value.busy !== 0 || s.wal.mxFrame !== 0) return ready(false);
      }
      const legacy = this.pageCount > 0;
      this.leaveWalJob = new IOJob<void>([() => (legacy ? [s.dbFile.write(18, new Uint8Array([1, 1])), s.dbFile.sync()] : undefined)], () => undefined);
    }
    const r = this.leaveWalJob.step();
    if (!r.done) return r;
    this.leaveWalJob = null;
    if (this.mark) s.wal?.endRead(this.mark);
    this.mark = null;
    if (s.walFile) {
      s.walFile.close();
      s.walFile = null;
      this.io.remove(`${this.path}-wal`);
    }
    s.wal = null;
    this.lastSeen = { generation: -1, snapshot: 0 };
    this.cache.clear();
    const b = this.beginRead();
    if (!b.done) return b;
    return ready(true);
  }

  private autoRun = false;
  private maybeAutoCheckpoint(): IOResult<void> {
    const wal = this.shared.wal;
    if (!this.autoRun && (!wal || this.autoCheckpointFrames <= 0 || wal.mxFrame < this.autoCheckpointFrames)) return ready(undefined);
    this.autoRun = true;
    const r = this.checkpoint('PASSIVE');
    if (!r.done) return r;
    this.autoRun = false;
    return ready(undefined);
  }

  /**
   * Releases the files. The last connection of a writable database checkpoints and removes the WAL,
   * as SQLite does on its last close.
   * @param reusePages - an in-memory database whose connection runs no statement: its cached
   *   pages go to the process's page pool (invariant 12). Default false.
   */
  close(reusePages = false): void {
    if (this.closed) return;
    this.closed = true;
    try {
      if (this.write) this.rollback();
      // Invariant 12: an in-memory database closed while nothing reads it gives its pages away.
      const pool = reusePages ? this.pagePool : null;
      if (pool !== null) this.cache.forEachPage((page) => pool.give(page));
      if (this.mark) this.shared.wal?.endRead(this.mark);
      this.mark = null;
      const s = this.shared;
      if (s.refs === 1 && !s.readonly && s.wal && s.walFile && !this.otherProcessUsesWal()) {
        try {
          const r = runSync(() => this.checkpoint('TRUNCATE'));
          if (r.busy === 0 && s.wal.mxFrame === 0) {
            s.walFile.close();
            s.walFile = null;
            this.io.remove(`${this.path}-wal`);
          }
        } catch {
          // An asynchronous backend cannot checkpoint here; the WAL stays and recovery reads it.
        }
      }
    } finally {
      if (this.options.ignoreWal) this.shared.dbFile.close();
      else releaseShared(this.io, this.shared);
      this.cache.clear();
    }
  }
}

/** Pages of the ring {@link WriteState.recent}: as many as a table leaf and 7 index leaves. */
const RECENT_MUTABLE = 8;

/** Puts `pgno`, just put at the end of `w.dirty`, into the ring of recent pages. */
function noteRecent(w: WriteState, pgno: number): void {
  w.recent[w.recentAt] = pgno;
  w.recentAt = (w.recentAt + 1) & (RECENT_MUTABLE - 1);
}

/** The dirty state of one write transaction. */
interface WriteState {
  /** Pages made writable and held in memory, least recently made writable first. */
  dirty: Map<number, Uint8Array>;
  /**
   * The last {@link RECENT_MUTABLE} pages put at the end of `dirty` by getMutablePage or
   * appendPage (a ring; 0: none), so that making one of them writable again needs no reordering:
   * each lies among the last RECENT_MUTABLE entries of `dirty` (every page put at the end enters
   * the ring), unless another insertion into `dirty` or a removal made the ring stale. The order
   * is then only approximate, which only changes which pages a spill picks.
   */
  recent: number[];
  /** Where the next page enters {@link recent}. */
  recentAt: number;
  /** Pages spilled to the WAL as uncommitted frames: pgno → frame (invariant 6). */
  spilled: Map<number, number>;
  /** Bytes of spilled pages whose frame write has not finished yet. */
  spilling: Map<number, { data: Uint8Array; write: Completion<unknown> }>;
  /** Every spill write; a failed one fails the commit. */
  spillWrites: Completion<unknown>[];
  /** This transaction's frames in the WAL (null before its first WAL write). */
  txn: WalTxn | null;
  /** A spill in progress. */
  spillJob: IOJob<void> | null;
  startPageCount: number;
  header: HeaderFields;
  newDatabase: boolean;
}

/** The state of a write transaction begun on `startPageCount` pages with `header`'s fields. */
function newWriteState(startPageCount: number, header: HeaderFields): WriteState {
  return {
    dirty: new Map(),
    spilled: new Map(),
    spilling: new Map(),
    spillWrites: [],
    txn: null,
    spillJob: null,
    recent: [0, 0, 0, 0, 0, 0, 0, 0],
    recentAt: 0,
    startPageCount,
    header,
    newDatabase: startPageCount === 0,
  };
}

/** The header fields of a database of no page. */
function noHeaderFields(): HeaderFields {
  return { freelistTrunk: 0, freelistCount: 0, largestRootPage: 0, incrementalVacuum: 0, schemaCookie: 0 };
}

// A write transaction's state is garbage after its commit: one kept, so that its shape outlives a
// full garbage collection between transactions (keep-shape.ts).
keepShape(newWriteState(0, noHeaderFields()));
// The header fields a transaction changes (a page freed, a table made): written once more when the
// module loads (keep-shape.ts settleFields).
settleFields(noHeaderFields(), { freelistTrunk: 1, freelistCount: 1, largestRootPage: 1, incrementalVacuum: 1, schemaCookie: 1 });

function headerFieldsOf(h: DatabaseHeader): HeaderFields {
  return {
    freelistTrunk: h.freelistTrunk,
    freelistCount: h.freelistCount,
    largestRootPage: h.largestRootPage,
    incrementalVacuum: h.incrementalVacuum,
    schemaCookie: h.schemaCookie,
  };
}

/** SQLITE_BUSY_SNAPSHOT for a change another process made (foreign-check.ts). */
function busySnapshot(v: ForeignChange | string): SqliteError {
  const why = typeof v === 'string' ? v : v.kind === 'append' ? `it committed ${v.frames.length} WAL frame(s) after this connection's snapshot` : v.kind === 'reset' ? v.why : 'no change';
  return new SqliteError('SQLITE_BUSY_SNAPSHOT', `database is locked: another process changed the database (${why}); this transaction was not written — retry it`);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
