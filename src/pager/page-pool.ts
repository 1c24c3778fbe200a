/**
 * Page buffers in-memory databases' pagers write again instead of allocating new ones.
 *
 * A write transaction copies each page it changes (copy-on-write: readers keep the committed
 * bytes); at its commit the copy becomes the cached page and the page it replaces is garbage. A
 * fresh 4 KiB buffer per copy is an off-heap allocation whose memory the kernel must hand over
 * (a page fault per page on first touch) and whose release waits for a full garbage collection;
 * a DELETE that touches 1,500 pages spent 2–8 ms in those copies, varying with what the
 * collector had last freed. The pool keeps replaced pages for the next copies (SQLite's page cache
 * recycles its buffers the same way).
 *
 * The pool is the process's, one per page size ({@link sharedPagePool}), shared by its in-memory
 * databases: a database closed while none of its statements runs gives it every page it held, so
 * the next database's pages need no fresh memory either (as freed memory returns to malloc's free
 * lists in C: a new 4 KiB buffer costs ~4 µs, most of a 100k-row insert's page allocation).
 *
 * ```
 *   commit (no statement running) ─▶ cache.set(pgno, copy) returns the page it replaced ─▶ give()
 *   close (no statement running)  ─▶ every cached page                                  ─▶ give()
 *   getMutablePage / appendPage   ─▶ take() ?? new buffer
 * ```
 *
 * Invariants (the pager's side, pager.ts invariant 12):
 * 1. A page is given only when nothing can read it again: it left the cache at a commit made while
 *    no statement of the connection was running (their cursors hold page buffers), or its database
 *    was closed while none was; of a database no other connection shares (an in-memory one); and
 *    the pager kept no other reference to it (values handed out are copies, never page views).
 * 2. Only buffers the pool can own whole are kept: exactly `pageSize` bytes over an ArrayBuffer of
 *    their own (no view into a larger buffer, whose other bytes belong to something else).
 * 3. At most `maxPages` are kept; the rest are left to the garbage collector.
 *
 * @module
 */

/** The stand-in the free list is made with (see {@link PagePool}). */
const NO_PAGE = new Uint8Array(0);

/** Replaced page buffers of one pager, for reuse (module doc). */
export class PagePool {
  /**
   * The buffers, last given last. Made holding one object and emptied, so that every pool's array
   * holds objects from the start: an array made empty holds small integers until its first push,
   * and code V8 optimized on one pool's array deoptimized on the next pool's (a "wrong map").
   */
  private readonly free: Uint8Array[] = [NO_PAGE];

  /**
   * @param pageSize - bytes per page; buffers of another size are never kept.
   * @param maxPages - most buffers kept at once.
   */
  constructor(
    readonly pageSize: number,
    readonly maxPages: number,
  ) {
    this.free.pop();
  }

  /** Buffers held now. */
  get size(): number {
    return this.free.length;
  }

  /** A buffer of `pageSize` bytes with stale contents (the caller overwrites it), or undefined. */
  take(): Uint8Array | undefined {
    return this.free.pop();
  }

  /** Keeps `page` for reuse when invariants 2 and 3 allow; the caller must hold it to invariant 1. */
  give(page: Uint8Array): void {
    if (this.free.length < this.maxPages && page.length === this.pageSize && page.byteOffset === 0 && page.buffer.byteLength === this.pageSize) this.free.push(page);
  }

  /** Drops every buffer. */
  clear(): void {
    this.free.length = 0;
  }
}

/**
 * Most bytes the process-wide pool of one page size keeps: 16 MiB, 4,096 pages of 4 KiB. A write
 * transaction copies each page it changes once, so a pool smaller than the pages a transaction
 * touches sends the rest to fresh memory: a 10,000-row UPDATE on a 100,000-row table touches ~1,280
 * of its ~1,800 pages, and with 8 MiB (2,000 pages, which the next database's INSERT and CREATE
 * INDEX had mostly taken) 848 of its copies were fresh buffers, ~4–14 µs each against ~0.3 µs.
 */
export const SHARED_POOL_BYTES = 16 * 1024 * 1024;

/** Most buffers the process-wide pool of `pageSize`-byte pages keeps ({@link SHARED_POOL_BYTES}, at least one). */
export function sharedPoolPages(pageSize: number): number {
  return Math.max(1, Math.floor(SHARED_POOL_BYTES / pageSize));
}

const shared = new Map<number, PagePool>();

/** The process-wide pool of `pageSize`-byte buffers the in-memory databases share (module doc). */
export function sharedPagePool(pageSize: number): PagePool {
  let p = shared.get(pageSize);
  if (p === undefined) shared.set(pageSize, (p = new PagePool(pageSize, sharedPoolPages(pageSize))));
  return p;
}
