/**
 * Refilling a page from a list of cells (SQLite's rebuildPage): the pointer array from the header
 * on, the cells packed against the end of the usable area in order (the first cell highest), no
 * freeblocks, no fragments. The gap between the pointer array and the cells keeps whatever bytes
 * it held, as in SQLite (stale pointers and old cell bytes; zeros on a fresh page).
 *
 * ```
 *   hdr │ ptr0 ptr1 … │ (old bytes) │ cell(n−1) … cell1 cell0 │ usableSize
 * ```
 *
 * The page keeps its type and right-child pointer. balance_quick uses this for its new page; the
 * balancer edits pages in place first and rebuilds when that fails (edit-page.ts).
 *
 * @module
 */
import { rebuildCells } from './edit-page.js';
import type { MemPage } from './mem-page.js';

/**
 * Rewrites writable `page` to hold `cells[from..to)`; sets nCell and nFree, clears overflow cells.
 * @throws SQLITE_CORRUPT when the cells do not fit.
 */
export function rebuildPage(page: MemPage, cells: readonly Uint8Array[], from: number, to: number): void {
  const top = rebuildCells(page.data, page.hdr, page.cellOffset, page.usableSize, page.pgno, cells, from, to);
  page.nCell = to - from;
  page.nFree = top - (page.cellOffset + 2 * page.nCell);
  page.ovfl = [];
}
