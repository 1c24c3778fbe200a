/**
 * The seam between the b-tree write side and the pager (what btree.c needs from pager.c).
 *
 * The b-tree layer owns the structure of pages (cells, balancing, overflow chains, the freelist,
 * ptrmap entries); the pager owns where bytes live (cache, dirty tracking, WAL frames, transactions).
 * A {@link WritablePageStore} is the pager inside a write transaction.
 *
 * Restartability (DESIGN.md, "I/O"): a b-tree write first makes sure every page it will touch is
 * loaded — calling `getPage` / `getMutablePage` until they are — and only then mutates, in one
 * synchronous stretch. `getMutablePage` on a page already in memory never returns pending.
 *
 * @module
 */
import type { IOResult } from '../io/io-result.js';
import type { PageSource } from './payload.js';

/** Header fields the b-tree layer reads and writes (fileformat2 §1.3; all counts in pages). */
export interface HeaderFields {
  /** Offset 32: first freelist trunk page, 0 when none. */
  freelistTrunk: number;
  /** Offset 36: total number of freelist pages (trunks and leaves). */
  freelistCount: number;
  /** Offset 52: largest root page when auto_vacuum is on (non-zero means auto_vacuum), else 0. */
  largestRootPage: number;
  /** Offset 64: non-zero for incremental vacuum. */
  incrementalVacuum: number;
  /** Offset 40: schema cookie, bumped by every schema change. */
  schemaCookie: number;
}

/** A pager in a write transaction. */
export interface WritablePageStore extends PageSource {
  /** Page size in bytes. */
  readonly pageSize: number;
  /** Database size in pages, including pages appended in this transaction. */
  readonly pageCount: number;
  /**
   * The page's bytes, made writable: the page is marked dirty and the returned buffer is the one the
   * pager will write at commit (modify it in place). Pages past the old end of the file that were
   * appended in this transaction are writable too.
   * @throws SqliteError SQLITE_CORRUPT when pgno is outside 1..pageCount.
   */
  getMutablePage(pgno: number): IOResult<Uint8Array>;
  /**
   * Extends the database by one zeroed, dirty page and returns its number. Skips the lock-byte page
   * (fileformat2 §1.4) — the pager never hands that one out. Does not touch the freelist: taking a
   * page from the freelist is the b-tree layer's job.
   */
  appendPage(): number;
  /** Shrinks the database to `pageCount` pages at commit (auto_vacuum). */
  truncate(pageCount: number): void;
  /** The header fields the b-tree layer keeps up to date; writes reach page 1 at commit. */
  readonly header: HeaderFields;
  /**
   * Optional: a count that changes whenever a page may have changed (every getMutablePage,
   * appendPage, truncate, savepoint restore), so that the b-tree layer can tell that nothing moved
   * since it last looked (append.ts). Stores without it get no such shortcut.
   */
  readonly changeCount?: number;
  /**
   * Optional: the bytes {@link getPage} would return when the store holds page `pgno` in memory,
   * else undefined (then ask getPage) — no I/O and no IOResult object, for the b-tree writer's
   * per-row fast paths (delete-in-place.ts). Never a page getPage would not return.
   */
  peekPage?(pgno: number): Uint8Array | undefined;
  /**
   * Optional: {@link getMutablePage} of a page already made writable in this transaction and held
   * in memory — the same effects (change count, savepoint journal) and the same bytes, without an
   * IOResult object; undefined otherwise (then call getMutablePage). For the per-row fast paths
   * (append.ts).
   */
  peekMutablePage?(pgno: number): Uint8Array | undefined;
}
