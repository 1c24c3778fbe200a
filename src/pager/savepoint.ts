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
  /** The decoded database header when it opened (user_version, application_id …). */
  readonly dbHeader: DatabaseHeader | null;
  /** Images of the pages changed since it opened (invariant 1). */
  readonly images: Map<number, SavedPage>;
}

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

/** The stack of savepoint marks of one write transaction. */
export class SavepointJournal implements PageWriteHook {
  private readonly marks: SavepointMark[] = [];

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
    this.marks.push({ pageCount: p.pageCount, header: { ...p.header }, dbHeader: p.dbHeader ? { ...p.dbHeader } : null, images: new Map() });
    return this.marks.length;
  }

  /** @see PageWriteHook.beforeWrite (invariant 2). */
  beforeWrite(pgno: number, image: SavedPage): void {
    let copy: SavedPage | null = null;
    for (let k = this.marks.length - 1; k >= 0; k--) {
      const m = this.marks[k];
      if (m.images.has(pgno)) return;
      if (pgno > m.pageCount) continue; // invariant 3
      copy ??= typeof image === 'number' ? image : image.slice();
      m.images.set(pgno, copy);
    }
  }

  /** ROLLBACK TO mark `depth`: restores it and forgets the newer marks; mark `depth` stays open. */
  rollbackTo(depth: number): void {
    const m = this.marks[depth - 1];
    this.marks.length = depth;
    this.pager.restoreSavepoint(m);
  }

  /** RELEASE mark `depth`: it and every newer mark are forgotten; the changes stay. */
  release(depth: number): void {
    this.marks.length = Math.max(0, depth - 1);
  }

  /** Forgets every mark (the write transaction ended). */
  clear(): void {
    this.marks.length = 0;
  }
}
