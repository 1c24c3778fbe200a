/**
 * The pager: hands out database pages by number, with the WAL applied and a bounded cache.
 *
 * Read path (this module), following SQLite's pager.c and Turso's core/storage/pager.rs:
 *
 * ```
 *   getPage(pgno) ──cache hit──────────────────────────────────────────▶ bytes
 *        │ miss
 *        ├─ WAL index has a committed frame for pgno ─▶ read frame body ─┐
 *        └─ else ───────────────────────────────────▶ read db page ─────┤
 *                                                      page codec (decrypt) ◀┘ ─▶ cache ─▶ bytes
 * ```
 *
 * Invariants:
 * 1. A page number is valid when 1 ≤ pgno ≤ pageCount; anything else is SQLITE_CORRUPT.
 * 2. pageCount comes from the WAL's last commit frame when there is one; else from the header's
 *    "in-header database size" when it is non-zero and the change counter equals version-valid-for
 *    (fileformat2 §1.3.8); else from the file size divided by the page size.
 * 3. A read that has not finished changes no state: `getPage` returns pending and the caller calls
 *    again (the IOResult contract of src/io).
 * 4. Bytes handed out are the decrypted plaintext; ciphertext never enters the cache.
 *
 * @module
 */
import { corrupt, SqliteError } from '../error.js';
import { decodeDatabaseHeader, isTursoHeader, decodeTursoHeader, type DatabaseHeader } from '../format/index.js';
import { Completion } from '../io/completion.js';
import type { File, IO } from '../io/file.js';
import { pending, ready, type IOResult } from '../io/io-result.js';
import { scanWal, WalIndex } from '../wal/wal-index.js';
import { PageCache } from './page-cache.js';
import type { PageCodec } from './page-codec.js';

/** Default cache capacity in pages (SQLite's default cache_size of -2000 KiB is about 500 4-KiB pages). */
export const DEFAULT_CACHE_SIZE_PAGES = 2000;

/** What the pager noticed about a rollback journal beside the database. */
export interface HotJournalInfo {
  /** Path of the `-journal` file. */
  path: string;
  /** Its size in bytes. */
  sizeBytes: number;
}

/** Options of {@link Pager.open}. */
export interface PagerOptions {
  /** Cache capacity in pages (default {@link DEFAULT_CACHE_SIZE_PAGES}). */
  cacheSizePages?: number;
  /** Ignore any `-wal` file and read the database file as it is (showdb --raw). */
  ignoreWal?: boolean;
  /** Decrypts pages of a Turso-encrypted file. */
  codec?: PageCodec;
}

/** Encryption details read from the 16-byte Turso header of page 1. */
export interface TursoEncryptionInfo {
  version: number;
  cipherId: number;
}

/**
 * Read-only pager over a database file and its WAL.
 *
 * Construct with {@link Pager.open} (sync backends) or {@link Pager.openAsync}; then `getPage`.
 */
export class Pager {
  /** Page size in bytes. */
  pageSize = 0;
  /** Usable bytes per page: pageSize − reserved bytes (fileformat2 §1.3.4). */
  usableSize = 0;
  /** Database size in pages (invariant 2). */
  pageCount = 0;
  /** The decoded 100-byte header (with the WAL applied), or null for an empty database. */
  header: DatabaseHeader | null = null;
  /** The WAL's committed view, or null when there is no usable WAL. */
  wal: WalIndex | null = null;
  /** Set when a hot rollback journal lies beside the file (recovering it is the write path's job). */
  hotJournal: HotJournalInfo | null = null;
  /** Set when page 1 starts with the Turso encryption header. */
  encryption: TursoEncryptionInfo | null = null;
  /** Size of the database file in bytes. */
  fileSizeBytes = 0;

  private readonly cache: PageCache;
  private readonly inflight = new Map<number, Completion<Uint8Array>>();

  private constructor(
    readonly file: File,
    readonly walFile: File | null,
    private readonly options: PagerOptions,
  ) {
    this.cache = new PageCache(options.cacheSizePages ?? DEFAULT_CACHE_SIZE_PAGES);
  }

  /**
   * Opens `path` read-only through `io`, with its `-wal` unless `options.ignoreWal`.
   * @throws SqliteError SQLITE_CANTOPEN (missing file), SQLITE_NOTADB (not a database, or encrypted
   *   without a codec), SQLITE_CORRUPT (header contradictions), SQLITE_IOERR.
   */
  static open(io: IO, path: string, options: PagerOptions = {}): Pager {
    const p = Pager.create(io, path, options);
    p.load(syncValue(p.file.size()), (off, len) => syncValue(p.file.read(off, len)), p.walFile ? syncValue(p.walFile.read(0, syncValue(p.walFile.size()))) : null);
    return p;
  }

  /** Like {@link Pager.open} for asynchronous backends. */
  static async openAsync(io: IO, path: string, options: PagerOptions = {}): Promise<Pager> {
    const p = Pager.create(io, path, options);
    const size = await asyncValue(p.file.size());
    const head = await asyncValue(p.file.read(0, 100));
    let wal: Uint8Array | null = null;
    if (p.walFile) wal = await asyncValue(p.walFile.read(0, await asyncValue(p.walFile.size())));
    p.load(size, () => head, wal);
    return p;
  }

  private static create(io: IO, path: string, options: PagerOptions): Pager {
    const file = io.open(path, { readonly: true });
    const walPath = `${path}-wal`;
    const walFile = !options.ignoreWal && io.exists(walPath) ? io.open(walPath, { readonly: true }) : null;
    const p = new Pager(file, walFile, options);
    const journalPath = `${path}-journal`;
    if (io.exists(journalPath)) {
      const j = io.open(journalPath, { readonly: true });
      try {
        const size = syncValueOr(j.size(), 0);
        const first = size > 0 ? syncValueOr(j.read(0, 1), new Uint8Array(0)) : new Uint8Array(0);
        // pager.c hasHotJournal: a journal that exists, is non-empty and whose first byte is not zero.
        if (size > 0 && first.length === 1 && first[0] !== 0) p.hotJournal = { path: journalPath, sizeBytes: size };
      } finally {
        j.close();
      }
    }
    return p;
  }

  private load(fileSize: number, readHead: (off: number, len: number) => Uint8Array, walBytes: Uint8Array | null): void {
    this.fileSizeBytes = fileSize;
    const scan = walBytes ? scanWal(walBytes) : null;
    const wal = scan && scan.mxFrame > 0 ? new WalIndex(scan) : null;
    if (fileSize === 0 && !wal) return; // an empty database: zero pages
    let head: Uint8Array;
    if (wal && wal.frameFor(1)) {
      head = walBytes!.subarray(wal.pageOffset(wal.frameFor(1)), wal.pageOffset(wal.frameFor(1)) + 100);
    } else {
      if (fileSize < 100) throw new SqliteError('SQLITE_NOTADB', 'file is not a database: shorter than the 100-byte header', { offset: 0 });
      head = readHead(0, 100);
    }
    if (isTursoHeader(head)) {
      const t = decodeTursoHeader(head);
      this.encryption = { version: t.version, cipherId: t.cipherId };
      if (!this.options.codec)
        throw new SqliteError('SQLITE_NOTADB', `file is encrypted (Turso header, cipher ${t.cipherName ?? `id ${t.cipherId}`}): give its cipher and hexkey`, { pgno: 1, offset: 0 });
      head = this.options.codec.decryptHeader(head);
    }
    const header = decodeDatabaseHeader(head);
    this.pageSize = header.pageSize;
    this.usableSize = header.pageSize - header.reservedSpace;
    if (this.usableSize < 480) throw corrupt(`usable page size ${this.usableSize} is below 480 bytes`, 1, 20);
    if (wal && wal.pageSize !== this.pageSize) throw corrupt(`WAL page size ${wal.pageSize} differs from the database page size ${this.pageSize}`, 1, 16);
    this.wal = wal;
    this.header = header;
    if (wal) this.pageCount = wal.dbSizePages;
    else if (header.pageCount > 0 && header.changeCounter === header.versionValidFor) this.pageCount = header.pageCount;
    else this.pageCount = Math.floor(fileSize / this.pageSize);
  }

  /** Cache capacity in pages. */
  get cacheSizePages(): number {
    return this.cache.capacity;
  }

  /** Changes the cache capacity (pages). */
  set cacheSizePages(pages: number) {
    this.cache.resize(pages);
  }

  /** Cache hit and miss counters, for tests and benchmarks. */
  get cacheStats(): { hits: number; misses: number; size: number } {
    return { hits: this.cache.hits, misses: this.cache.misses, size: this.cache.size };
  }

  /**
   * The bytes of page `pgno` (pageSize bytes; do not modify them), WAL applied.
   * @throws SqliteError SQLITE_CORRUPT when pgno is outside 1..pageCount or the page is cut short.
   */
  getPage(pgno: number): IOResult<Uint8Array> {
    const hit = this.cache.get(pgno);
    if (hit) return ready(hit);
    if (!Number.isInteger(pgno) || pgno < 1 || pgno > this.pageCount) throw corrupt(`page number ${pgno} is outside 1..${this.pageCount}`, pgno);
    let c = this.inflight.get(pgno);
    if (!c) {
      c = this.startRead(pgno);
      this.inflight.set(pgno, c);
    }
    if (!c.finished) return pending(c);
    this.inflight.delete(pgno);
    const raw = c.value; // throws the I/O error of a failed read
    const page = this.finishRead(pgno, raw);
    this.cache.set(pgno, page);
    return ready(page);
  }

  /** Where page `pgno` is read from: a WAL frame (1-based) or the database file. */
  sourceOf(pgno: number): { wal: true; frame: number } | { wal: false } {
    const frame = this.wal?.frameFor(pgno) ?? 0;
    return frame ? { wal: true, frame } : { wal: false };
  }

  private startRead(pgno: number): Completion<Uint8Array> {
    const frame = this.wal?.frameFor(pgno) ?? 0;
    if (frame && this.walFile) return this.walFile.read(this.wal!.pageOffset(frame), this.pageSize);
    return this.file.read((pgno - 1) * this.pageSize, this.pageSize);
  }

  private finishRead(pgno: number, raw: Uint8Array): Uint8Array {
    let page = raw;
    if (page.length < this.pageSize) {
      // A page past the end of the file reads as zeros in SQLite (the file may be shorter than the
      // header's page count only when it is corrupt or truncated).
      if (page.length !== 0 || pgno <= Math.ceil(this.fileSizeBytes / this.pageSize))
        throw corrupt(`page ${pgno} is cut short: ${page.length} of ${this.pageSize} bytes`, pgno, page.length);
      page = new Uint8Array(this.pageSize);
    } else if (this.options.codec) {
      page = this.options.codec.decrypt(pgno, page);
    }
    return page;
  }

  /** Releases the files. */
  close(): void {
    this.file.close();
    this.walFile?.close();
    this.cache.clear();
  }
}

function syncValue<T>(c: Completion<T>): T {
  if (!c.finished) throw new Error('Pager.open needs a synchronous backend; use Pager.openAsync');
  return c.value;
}

function syncValueOr<T>(c: Completion<T>, fallback: T): T {
  return c.state === 'done' ? c.value : fallback;
}

async function asyncValue<T>(c: Completion<T>): Promise<T> {
  await c.wait();
  return c.value;
}
