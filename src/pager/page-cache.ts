/**
 * A bounded page cache with approximately least-recently-used eviction (second chance, "CLOCK").
 *
 * Capacity is counted in pages, as SQLite's `cache_size` is when positive. A `Map` keeps the slots
 * in insertion order, the oldest first; a hit only sets its slot's reference mark (re-inserting on
 * every hit, an exact LRU, cost a Map delete and insert per page read, a large share of every
 * b-tree seek). Eviction walks from the oldest slot: a marked slot loses its mark and moves to the
 * back (its second chance), an unmarked one is dropped. A new page enters marked.
 *
 * Pages pinned by the caller (`pinned` predicate, e.g. dirty pages of an open write transaction) are
 * never evicted; the cache may then grow past its capacity until they are released.
 *
 * @module
 */

/** A cached page and its reference mark. */
interface Slot {
  page: Uint8Array;
  ref: boolean;
}

/**
 * Rewrites a slot's `page` once when the module loads. V8 treats a field never written after the
 * object's creation as constant, and optimized code reading it depends on that: the first commit
 * that replaced a cached page (set() on a held page number, e.g. after an UPDATE) then threw away
 * every optimized function that had inlined a cache read (b-tree seeks and scans), which ran
 * unoptimized until compiled again. All slots come from newSlot, so they share the layout this
 * settles.
 */
function settleSlotLayout(): Slot {
  const s = newSlot(new Uint8Array(0));
  s.page = new Uint8Array(0);
  return s;
}

/** Every slot is made here (set(), settleSlotLayout): one object literal, one hidden class. */
function newSlot(page: Uint8Array): Slot {
  return { page, ref: true };
}
/** @internal Kept alive: a layout no live object has may be collected, and the next slot would start afresh. */
export const SETTLED_SLOT: unknown = settleSlotLayout();

/** Map from page number to page bytes, bounded by second-chance eviction (module doc). */
export class PageCache {
  private readonly pages = new Map<number, Slot>();
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

  /** The cached bytes of `pgno`, marking it referenced; undefined on a miss. */
  get(pgno: number): Uint8Array | undefined {
    const slot = this.pages.get(pgno);
    if (slot === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    slot.ref = true;
    return slot.page;
  }

  /** True when `pgno` is cached (does not change recency). */
  has(pgno: number): boolean {
    return this.pages.has(pgno);
  }

  /**
   * Caches `page` as the bytes of `pgno` (marked referenced), evicting pages beyond capacity.
   * @returns the bytes it held for `pgno` before, if any (evicted pages are not returned).
   */
  set(pgno: number, page: Uint8Array): Uint8Array | undefined {
    const slot = this.pages.get(pgno);
    if (slot) {
      const before = slot.page;
      slot.page = page;
      slot.ref = true;
      return before;
    }
    this.pages.set(pgno, newSlot(page));
    this.evict(pgno);
    return undefined;
  }

  /** Drops `pgno` from the cache. */
  delete(pgno: number): void {
    this.pages.delete(pgno);
  }

  /** Calls `fn` with every cached page's bytes. */
  forEachPage(fn: (page: Uint8Array) => void): void {
    for (const slot of this.pages.values()) fn(slot.page);
  }

  /** Drops every page. */
  clear(): void {
    this.pages.clear();
  }

  /**
   * Drops unpinned pages, oldest first, giving marked ones a second chance, until the capacity is
   * met or two rounds are done (after one round every unpinned mark is cleared, so the second one
   * evicts; only pinned pages, and `keep`, can keep the cache above its capacity). `keep`: the page
   * just cached, which stays even when every other page is pinned (a write transaction's dirty
   * pages filling the cache): dropping it at once would make the read that brought it in useless,
   * and an operation waiting on I/O for that page would ask for it again, forever.
   */
  private evict(keep = 0): void {
    if (this.pages.size <= this.capacityPages) return;
    let visits = 2 * this.pages.size;
    for (const [pgno, slot] of this.pages) {
      if (this.pages.size <= this.capacityPages || visits-- <= 0) break;
      if (pgno === keep || this.pinned(pgno)) continue;
      this.pages.delete(pgno);
      if (slot.ref) {
        slot.ref = false;
        this.pages.set(pgno, slot);
      }
    }
  }
}
