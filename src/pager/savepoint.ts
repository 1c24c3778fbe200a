/**
 * Savepoints of a write transaction at the pager level (lang_savepoint.html; SQLite keeps them in
 * pager.c as PagerSavepoint records over the rollback journal, Turso in its pager): ROLLBACK TO
 * puts back every page, the database size and the header fields as they were when the savepoint
 * opened.
 *
 * ```
 *   open() ──▶ mark k { pageCount, header fields, dbHeader, images: pgno → image }
 *   pager.getMutablePage(pgno) ─▶ beforeWrite(pgno, bytes) ─▶ innermost marks lacking pgno get
 *                                                               a copy of `bytes` (one copy, shared)
 *   pager.truncate(n)          ─▶ beforeWrite for every dirty page dropped (bytes) and every
 *                                 spilled page dropped (its WAL frame number)
 *   rollbackTo(k) ─▶ pager.restoreSavepoint(mark k); marks above k are gone, k stays open
 *   release(k)    ─▶ marks k and above are gone (their images are not needed by the outer ones:
 *                    invariant 2)
 * ```
 *
 * Invariants:
 * 1. A mark's image of a page is the page as it was when the mark opened: it is taken on the first
 *    change after the opening (copy-on-write), before the b-tree writer touches the buffer.
 * 2. Marks are ordered oldest first. A page saved by mark k is saved by every older mark j < k (it
 *    changed after k opened, hence after j opened), so {@link SavepointJournal.beforeWrite} walks
 *    from the newest mark down and stops at the first one that has the page: O(1) per write once a
 *    page is saved.
 * 3. Pages appended after a mark opened lie past its pageCount: restoring truncates them away
 *    instead of keeping images of them.
 *
 * The journal lives only for one write transaction; its owner clears it when the transaction ends.
 *
 * @module
 */
import type { DatabaseHeader } from '../format/index.js';
import type { HeaderFields } from '../btree/page-store.js';

/**
 * A page's image kept by a savepoint: its bytes (pageSize bytes), or the number of the WAL frame
 * that holds it (a spilled page dropped by a truncation).
 */
export type SavedPage = Uint8Array | number;

/** One savepoint's record: what ROLLBACK TO restores. */
export interface SavepointMark {
  /** Database size in pages when the savepoint opened. */
  readonly pageCount: number;
  /** The b-tree header fields (fileformat2 §1.3) when it opened. */
  readonly header: HeaderFields;
  /** The decoded database header when it opened (user_version, application_id …); the pager replaces, never edits, it. */
  readonly dbHeader: DatabaseHeader | null;
  /** Images of the pages changed since it opened (invariant 1). */
  readonly images: Map<number, SavedPage>;
}

/** A mark as the journal fills it (reused between statements). */
type MutableMark = { -readonly [K in keyof SavepointMark]: SavepointMark[K] };

/** The pager's view of an open journal (the hook it calls before changing a page). */
export interface PageWriteHook {
  /** Called before page `pgno` is changed or dropped; `image` is its current content. */
  beforeWrite(pgno: number, image: SavedPage): void;
}

/** What the journal needs from the pager (Pager implements it). */
export interface SavepointPager {
  readonly pageCount: number;
  readonly header: HeaderFields;
  readonly dbHeader: DatabaseHeader | null;
  readonly inWriteTransaction: boolean;
  /** Puts back the pages, size and header fields of `mark` (pager.ts). */
  restoreSavepoint(mark: SavepointMark): void;
}

/** Page buffers kept for reuse by a journal (invariant 2 of the pool: none is held by a live mark). */
const MAX_POOLED_PAGES = 64;

/** The stack of savepoint marks of one write transaction. */
export class SavepointJournal implements PageWriteHook {
  private readonly marks: SavepointMark[] = [];
  /**
   * Page buffers of forgotten marks, reused for new images: a statement journal opens and releases
   * a mark per statement, and allocating a page copy each time costs more than the copy.
   */
  private readonly pool: Uint8Array[] = [];
  /** A forgotten mark object, reused by the next {@link open}. */
  private spare: MutableMark | null = null;

  constructor(private readonly pager: SavepointPager) {}

  /** Open marks. */
  get depth(): number {
    return this.marks.length;
  }

  /**
   * Opens a mark at the pager's current state; returns its depth (1 for the first).
   * @throws SqliteError SQLITE_MISUSE (from the pager's header) outside a write transaction.
   */
  open(): number {
    const p = this.pager;
    const spare = this.spare;
    if (spare) {
      // A statement journal opens a mark per statement: reuse the last forgotten one.
      this.spare = null;
      spare.pageCount = p.pageCount;
      Object.assign(spare.header, p.header);
      spare.dbHeader = p.dbHeader;
      this.marks.push(spare);
    } else {
      this.marks.push({ pageCount: p.pageCount, header: { ...p.header }, dbHeader: p.dbHeader, images: new Map() });
    }
    return this.marks.length;
  }

  /** @see PageWriteHook.beforeWrite (invariant 2). */
  beforeWrite(pgno: number, image: SavedPage): void {
    let copy: SavedPage | null = null;
    for (let k = this.marks.length - 1; k >= 0; k--) {
      const m = this.marks[k];
      if (m.images.has(pgno)) return;
      if (pgno > m.pageCount) continue; // invariant 3
      if (copy === null) {
        if (typeof image === 'number') copy = image;
        else {
          const b = this.pool.pop();
          if (b && b.length === image.length) {
            b.set(image);
            copy = b;
          } else copy = image.slice();
        }
      }
      m.images.set(pgno, copy);
    }
  }

  /** ROLLBACK TO mark `depth`: restores it and forgets the newer marks; mark `depth` stays open. */
  rollbackTo(depth: number): void {
    const m = this.marks[depth - 1];
    this.pager.restoreSavepoint(m);
    this.drop(depth);
  }

  /** RELEASE mark `depth`: it and every newer mark are forgotten; the changes stay. */
  release(depth: number): void {
    this.drop(Math.max(0, depth - 1));
  }

  /** Forgets the marks above `keep`, keeping their page buffers (those no kept mark holds) for reuse. */
  private drop(keep: number): void {
    const below = keep > 0 ? this.marks[keep - 1].images : null;
    for (let k = this.marks.length - 1; k >= keep; k--) {
      for (const [pgno, img] of this.marks[k].images) {
        // An image is shared by consecutive marks (beforeWrite): give it back once, from the oldest
        // dropped mark that holds it, and never while a kept mark holds it.
        if (typeof img === 'number' || this.pool.length >= MAX_POOLED_PAGES || below?.get(pgno) === img) continue;
        if (k > keep && this.marks[k - 1].images.get(pgno) === img) continue;
        this.pool.push(img);
      }
    }
    if (this.marks.length > keep) {
      const last = this.marks[this.marks.length - 1] as MutableMark;
      last.images.clear();
      this.spare = last;
    }
    this.marks.length = keep;
  }

  /** Forgets every mark (the write transaction ended). */
  clear(): void {
    this.marks.length = 0;
  }
}
