/**
 * One b-tree write operation's private view of the database: how the write side stays restartable
 * (DESIGN.md, "I/O").
 *
 * ```
 *   runOp(store, op) ─▶ op(overlay) ──reads──▶ store.getPage ──pending──▶ NeedIO thrown
 *        │                   │                                               │
 *        │                   └──writes──▶ private copies (dirty map)          ▼
 *        │                                                        return pending; nothing changed
 *        └─ op returned ─▶ commit(): getMutablePage × dirty, appendPage/truncate, copy bytes, header
 * ```
 *
 * Invariants:
 * 1. Until {@link PageOverlay.commit} the store sees no write: page edits go to copies, appended
 *    pages and truncation are simulated (`pageCount` here), header fields are a copy.
 * 2. An operation that meets a page not yet in memory stops with {@link NeedIO}; {@link runOp}
 *    turns that into the pending IOResult and drops the overlay, so the caller's retry starts over
 *    and, once every page it touches is loaded, runs in one synchronous stretch.
 * 3. Page numbers handed out by {@link PageOverlay.append} are those the store's `appendPage`
 *    will return at commit: the next page, skipping the lock-byte page (fileformat2 §1.4).
 * 4. Commit first obtains every mutable buffer (the only step that may still be pending: then it
 *    returns pending having only marked pages dirty, which changes no bytes), then truncates,
 *    appends and copies.
 *
 * 5. A bounded page cache may evict a page while the operation waits for another one; then the
 *    retry would wait for the first one again, forever. So a pending attempt hands the pages it
 *    read to the retry ({@link runOp}'s `carry`), which therefore only ever waits for new pages.
 *    The carried pages are valid only if the store did not change in between: the retry must be
 *    the next write to the store (the IOResult contract), and nothing is carried across a commit,
 *    a failure or a rollback (the caller drops the carry then).
 *
 * Decision: the truncation an auto-vacuum asks for is passed to `store.truncate(n)` at commit,
 * and the store's `pageCount` is expected to be `n` from then on (pages past it gone).
 *
 * @module
 */
import { corrupt, SqliteError } from '../../error.js';
import { lockBytePage, type PageType } from '../../format/index.js';
import { ready, type IOPending, type IOResult } from '../../io/io-result.js';
import type { PageSource } from '../payload.js';
import type { HeaderFields, WritablePageStore } from '../page-store.js';
import { MemPage } from './mem-page.js';

/** Thrown inside an operation when a page is not in memory yet; carries the pending result. */
export class NeedIO {
  constructor(readonly result: IOPending) {}
}

let checkReadOnly = false;

/**
 * Test aid: when on, every page an operation read without asking to write is snapshotted and
 * compared at commit, so an edit that bypassed copy-on-write raises SQLITE_INTERNAL.
 */
export function setOverlayChecks(on: boolean): void {
  checkReadOnly = on;
}

/** The private view of one operation; see the module doc. */
export class PageOverlay implements PageSource {
  readonly pageSize: number;
  readonly usableSize: number;
  /** A copy of the store's header fields; written back at commit. */
  readonly header: HeaderFields;
  /** Database size in pages as this operation sees it. */
  pageCount: number;
  /** True in auto_vacuum (full or incremental) databases: header offset 52 is non-zero. */
  readonly autoVacuum: boolean;
  /** True in incremental-vacuum databases. */
  readonly incrVacuum: boolean;
  private readonly basePageCount: number;
  private lowWater: number;
  private readonly originals = new Map<number, Uint8Array>();
  private readonly dirty = new Map<number, Uint8Array>();
  private readonly memPages = new Map<number, MemPage>();
  private readonly snapshots: Map<number, Uint8Array> | null = checkReadOnly ? new Map() : null;
  /**
   * Pages put on the freelist as leaves in this write transaction (SQLite's BtShared.pHasContent):
   * reused, they keep their bytes instead of being zeroed (freelist-alloc.ts). Undefined: none known.
   */
  hasContent?: Set<number>;

  /**
   * @param carried - pages an earlier, pending attempt of the same operation read (invariant 5);
   *   they are used instead of asking the store again.
   */
  constructor(
    readonly store: WritablePageStore,
    carried?: ReadonlyMap<number, Uint8Array>,
  ) {
    if (carried) for (const [pgno, page] of carried) this.originals.set(pgno, page);
    this.pageSize = store.pageSize;
    this.usableSize = store.usableSize;
    const h = store.header;
    this.header = {
      freelistTrunk: h.freelistTrunk,
      freelistCount: h.freelistCount,
      largestRootPage: h.largestRootPage,
      incrementalVacuum: h.incrementalVacuum,
      schemaCookie: h.schemaCookie,
    };
    this.autoVacuum = h.largestRootPage !== 0;
    this.incrVacuum = this.autoVacuum && h.incrementalVacuum !== 0;
    this.pageCount = store.pageCount;
    this.basePageCount = store.pageCount;
    this.lowWater = store.pageCount;
  }

  /** The lock-byte page of this database (never used for data). */
  get pendingBytePage(): number {
    return lockBytePage(this.pageSize);
  }

  /**
   * Page `pgno` for reading: the operation's own copy when it wrote the page, else the store's bytes.
   * @throws SQLITE_CORRUPT when pgno is outside 1..pageCount; {@link NeedIO} when not in memory.
   */
  read(pgno: number): Uint8Array {
    if (!(pgno >= 1 && pgno <= this.pageCount)) throw corrupt(`page ${pgno} is outside the database (1..${this.pageCount})`, pgno);
    const d = this.dirty.get(pgno);
    if (d) return d;
    const o = this.originals.get(pgno);
    if (o) return o;
    const r = this.store.getPage(pgno);
    if (!r.done) throw new NeedIO(r);
    this.originals.set(pgno, r.value);
    this.snapshots?.set(pgno, r.value.slice());
    return r.value;
  }

  /** PageSource view (for readPayload): pages through {@link read}. */
  getPage(pgno: number): IOResult<Uint8Array> {
    return ready(this.read(pgno));
  }

  /** The operation's writable copy of page `pgno` (made on first call). */
  private writeCopy(pgno: number): Uint8Array {
    let d = this.dirty.get(pgno);
    if (!d) {
      const src = this.read(pgno);
      d = takeBuffer(src.length);
      d.set(src);
      this.dirty.set(pgno, d);
    }
    return d;
  }

  /**
   * Page `pgno` for raw writing (overflow, freelist, ptrmap pages, relocation). Forgets any MemPage
   * of that page: whatever it was, the caller is giving it a new meaning.
   */
  writeRaw(pgno: number): Uint8Array {
    this.memPages.delete(pgno);
    return this.writeCopy(pgno);
  }

  /** Makes `page` writable (SQLite's sqlite3PagerWrite): its bytes become the operation's copy. */
  makeWritable(page: MemPage): void {
    if (page.writable) return;
    page.data = this.writeCopy(page.pgno);
    page.writable = true;
  }

  /** The b-tree page `pgno`, decoded once per operation. @throws SQLITE_CORRUPT for a bad header. */
  btreePage(pgno: number): MemPage {
    let p = this.memPages.get(pgno);
    if (!p) {
      const data = this.read(pgno);
      p = new MemPage(this, pgno, data);
      p.writable = this.dirty.get(pgno) === data;
      p.init();
      this.memPages.set(pgno, p);
    }
    return p;
  }

  /** Makes page `pgno` an empty, writable b-tree page of type `t` (zeroPage on a fresh page). */
  newBtreePage(pgno: number, t: PageType): MemPage {
    const p = new MemPage(this, pgno, this.writeRaw(pgno));
    p.writable = true;
    p.zero(t);
    this.memPages.set(pgno, p);
    return p;
  }

  /** Forgets the decoded MemPage of `pgno` (after it was freed or moved). */
  forget(pgno: number): void {
    this.memPages.delete(pgno);
  }

  /** Extends the database by one zeroed page (invariant 3) and returns its number. */
  append(): number {
    let n = this.pageCount + 1;
    if (n === this.pendingBytePage) n++;
    this.pageCount = n;
    this.dirty.set(n, takeBuffer(this.pageSize).fill(0));
    this.memPages.delete(n);
    return n;
  }

  /** Shrinks the database to `n` pages (auto-vacuum); pages past `n` are forgotten. */
  truncate(n: number): void {
    for (const pgno of [...this.dirty.keys()]) if (pgno > n) this.dirty.delete(pgno);
    for (const pgno of [...this.memPages.keys()]) if (pgno > n) this.memPages.delete(pgno);
    this.pageCount = n;
    this.lowWater = Math.min(this.lowWater, n);
  }

  /**
   * Gives this operation's private copies back to the buffer pool. Only after {@link commit} has
   * copied them into the store, or when the operation is abandoned; the overlay is dead afterwards.
   */
  release(): void {
    for (const b of this.dirty.values()) giveBuffer(b);
    this.dirty.clear();
    this.memPages.clear();
  }

  /** Hands the pages this attempt read to the next attempt (invariant 5). */
  carryInto(carry: Map<number, Uint8Array> | undefined): void {
    if (!carry) return;
    for (const [pgno, page] of this.originals) carry.set(pgno, page);
  }

  /** Applies the operation to the store (invariant 4). */
  commit(): IOResult<void> {
    if (this.snapshots) {
      for (const [pgno, snap] of this.snapshots) {
        const o = this.originals.get(pgno)!;
        if (!equalBytes(o, snap)) throw new SqliteError('SQLITE_INTERNAL', `page ${pgno} was changed without being made writable`);
      }
    }
    const kept = Math.min(this.lowWater, this.basePageCount);
    const targets = new Map<number, Uint8Array>();
    for (const pgno of this.dirty.keys()) {
      if (pgno > kept) continue;
      const r = this.store.getMutablePage(pgno);
      if (!r.done) return r;
      targets.set(pgno, r.value);
    }
    // A header field or the size that changes makes page 1 dirty now, as SQLite writes page 1 when
    // it changes the freelist, the largest root or the database size (so the pager need not load
    // it at commit).
    const h0 = this.store.header;
    if ((this.pageCount !== this.basePageCount || HEADER_KEYS.some((k) => h0[k] !== this.header[k])) && !targets.has(1)) {
      const r = this.store.getMutablePage(1);
      if (!r.done) return r;
    }
    if (kept < this.basePageCount) this.store.truncate(kept);
    while (this.store.pageCount < this.pageCount) {
      const n = this.store.appendPage();
      if (n > this.pageCount) throw new SqliteError('SQLITE_INTERNAL', `store appended page ${n}, expected at most ${this.pageCount}`);
      const r = this.store.getMutablePage(n);
      if (!r.done) throw new SqliteError('SQLITE_INTERNAL', `appended page ${n} is not in memory`);
      targets.set(n, r.value);
    }
    if (this.store.pageCount !== this.pageCount) {
      throw new SqliteError('SQLITE_INTERNAL', `store has ${this.store.pageCount} pages, the operation ${this.pageCount}`);
    }
    for (const [pgno, bytes] of this.dirty) {
      const t = targets.get(pgno);
      if (t && t !== bytes) t.set(bytes);
    }
    const h = this.store.header;
    for (const k of HEADER_KEYS) if (h[k] !== this.header[k]) h[k] = this.header[k];
    return ready(undefined);
  }
}

const HEADER_KEYS = ['freelistTrunk', 'freelistCount', 'largestRootPage', 'incrementalVacuum', 'schemaCookie'] as const;

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Runs `op` on a fresh overlay over `store` and commits it: the restartable shape of every b-tree
 * write (module doc). Errors other than pending I/O propagate and leave the store untouched.
 * @param carry - when given, receives the pages a pending attempt read and feeds them to the retry
 *   (invariant 5); emptied when the operation ends, in success or failure.
 * @param hasContent - the write transaction's set of pages freed as freelist leaves
 *   ({@link PageOverlay.hasContent}); the operation adds to it.
 */
export function runOp<T>(store: WritablePageStore, op: (ov: PageOverlay) => T, carry?: Map<number, Uint8Array>, hasContent?: Set<number>): IOResult<T> {
  const ov = new PageOverlay(store, carry);
  ov.hasContent = hasContent;
  let value: T;
  try {
    value = op(ov);
  } catch (e) {
    if (e instanceof NeedIO) {
      ov.carryInto(carry);
      ov.release();
      return e.result;
    }
    carry?.clear();
    ov.release();
    throw e;
  }
  let c: IOResult<void>;
  try {
    c = ov.commit();
  } catch (e) {
    carry?.clear();
    ov.release();
    throw e;
  }
  if (!c.done) {
    ov.carryInto(carry);
    ov.release();
    return c;
  }
  carry?.clear();
  ov.release();
  return ready(value);
}

/**
 * Page-sized buffers for the overlays' private copies, reused from one operation to the next (an
 * insert copies a page or two; allocating them afresh each time is most of its garbage).
 */
const pool = new Map<number, Uint8Array[]>();
const POOL_MAX_BUFFERS = 64;

function takeBuffer(size: number): Uint8Array {
  return pool.get(size)?.pop() ?? new Uint8Array(size);
}

function giveBuffer(b: Uint8Array): void {
  let list = pool.get(b.length);
  if (!list) pool.set(b.length, (list = []));
  if (list.length < POOL_MAX_BUFFERS) list.push(b);
}
