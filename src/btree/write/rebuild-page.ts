/**
 * Refilling a page from a list of cells (SQLite's rebuildPage): the pointer array from the header
 * on, the cells packed against the end of the usable area in order (the first cell highest), no
 * freeblocks, no fragments, the gap zeroed.
 *
 * ```
 *   hdr │ ptr0 ptr1 … │ 0 0 0 … 0 │ cell(n−1) … cell1 cell0 │ usableSize
 * ```
 *
 * The page keeps its type and right-child pointer. The balancer uses this for every sibling it
 * rewrites (SQLite edits pages in place where it can; the layout differs, the cells per page do not).
 *
 * @module
 */
import { corrupt } from '../../error.js';
import { put2, type MemPage } from './mem-page.js';

/** Rewrites writable `page` to hold `cells[from..to)`; sets nCell and nFree, clears overflow cells. */
export function rebuildPage(page: MemPage, cells: readonly Uint8Array[], from: number, to: number): void {
  const d = page.data;
  const hdr = page.hdr;
  const n = to - from;
  const ptrEnd = page.cellOffset + 2 * n;
  let top = page.usableSize;
  for (let i = 0; i < n; i++) {
    const c = cells[from + i];
    top -= c.length;
    if (top < ptrEnd) throw corrupt(`${n} cells do not fit on the page`, page.pgno, page.cellOffset);
    d.set(c, top);
    put2(d, page.cellOffset + 2 * i, top);
  }
  d.fill(0, ptrEnd, top);
  put2(d, hdr + 1, 0);
  put2(d, hdr + 3, n);
  put2(d, hdr + 5, top);
  d[hdr + 7] = 0;
  page.nCell = n;
  page.nFree = top - ptrEnd;
  page.ovfl = [];
}
