/**
 * A bounded page cache with least-recently-used eviction.
 *
 * Capacity is counted in pages, as SQLite's `cache_size` is when positive. A `Map` keeps insertion
 * order, so a hit re-inserts the page to mark it most recently used and eviction takes the first key.
 * Pages pinned by the caller (`pinned` predicate, e.g. dirty pages of an open write transaction) are
 * never evicted; the cache may then grow past its capacity until they are released.
 *
 * @module
 */

/** LRU map from page number to page bytes. */
export class PageCache {
  private readonly pages = new Map<number, Uint8Array>();
  /** Pages found in the cache since it was made. */
  hits = 0;
  /** Pages asked for and not found. */
  misses = 0;

  /**
   * @param capacityPages - how many pages to keep (at least 1).
   * @param pinned - pages for which this returns true are never evicted.
   */
  constructor(
    private capacityPages: number,
    private readonly pinned: (pgno: number) => boolean = () => false,
  ) {
    this.capacityPages = Math.max(1, Math.floor(capacityPages));
  }

  /** Capacity in pages. */
  get capacity(): number {
    return this.capacityPages;
  }

  /** Pages currently held. */
  get size(): number {
    return this.pages.size;
  }

  /** Changes the capacity (pages), evicting as needed. */
  resize(capacityPages: number): void {
    this.capacityPages = Math.max(1, Math.floor(capacityPages));
    this.evict();
  }

  /** The cached bytes of `pgno`, marking it most recently used; undefined on a miss. */
  get(pgno: number): Uint8Array | undefined {
    const page = this.pages.get(pgno);
    if (page === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.pages.delete(pgno);
    this.pages.set(pgno, page);
    return page;
  }

  /** True when `pgno` is cached (does not change recency). */
  has(pgno: number): boolean {
    return this.pages.has(pgno);
  }

  /** Caches `page` as the bytes of `pgno`, evicting least recently used pages beyond capacity. */
  set(pgno: number, page: Uint8Array): void {
    this.pages.delete(pgno);
    this.pages.set(pgno, page);
    this.evict();
  }

  /** Drops `pgno` from the cache. */
  delete(pgno: number): void {
    this.pages.delete(pgno);
  }

  /** Drops every page. */
  clear(): void {
    this.pages.clear();
  }

  private evict(): void {
    if (this.pages.size <= this.capacityPages) return;
    for (const pgno of this.pages.keys()) {
      if (this.pages.size <= this.capacityPages) break;
      if (!this.pinned(pgno)) this.pages.delete(pgno);
    }
  }
}
