/**
 * Giving a sibling its new cells after a balance the way SQLite does (btree.c editPage,
 * pageFreeArray, pageInsertArray, rebuildPage): the page is edited in place where it can be, so
 * that its bytes — freeblocks, fragments, stale bytes in the gap — are SQLite's, not a compact
 * rebuild's.
 *
 * ```
 *   cell array   … │ iOld ……………… iOldEnd) │ …        cells on the page before
 *   cell array   … │ iNew ……… iNewEnd) │ …           cells on the page after
 * ```
 *
 * Steps of {@link editPage}, in SQLite's order:
 * 1. Cells leaving at the front [iOld, iNew) and at the back [iNewEnd, iOldEnd) that lie on this
 *    page are freed (runs of adjacent cells, up to 10 at a time, each freed as one block through
 *    cell-area.ts releaseSpace). The pointer array shifts left by the cells freed at the front —
 *    as many 2-byte slots as the page had cells are moved, so bytes past the old array's end come
 *    along into the slots that are rewritten next or left in the gap.
 * 2. Cells arriving at the front [iNew, iOld) are inserted (pointer array shifted right first),
 *    then the page's overflow cells at their positions, then cells arriving at the back.
 *    Each inserted cell takes a freeblock slot when the page has freeblocks (first fit,
 *    cell-area.ts findSlotIn) and else the top of the gap; when the gap would run into the final
 *    pointer array the page is rebuilt instead (step 3).
 * 3. {@link rebuildCells}: the cells packed against the end of the usable area, the first cell
 *    highest; no freeblocks, no fragments; the gap keeps whatever bytes it held.
 *
 * A cell "lies on this page" when it was read from this sibling (its {@link CellArray.homeOf} is the page's slot):
 * cells from other siblings, divider cells taken from the parent and overflow cells never do.
 * Pages edited here are never page 1 (header at offset 0).
 *
 * @module
 */
import { corrupt } from '../../error.js';
import { findSlotIn, releaseSpace } from './cell-area.js';
import { put2, get2 } from './mem-page.js';
import { settleFields } from '../../keep-shape.js';

/**
 * The cells being redistributed (SQLite's CellArray): bytes, and where each one lies. A cell's
 * bytes and size are read when first asked for (as SQLite's cachedCellSize): a balance touches few
 * of the cells it gathers (sibling-cells.ts).
 */
export interface CellArray {
  /** Cell `i`'s bytes (do not modify them). */
  cell(i: number): Uint8Array;
  /** Cell `i`'s size in bytes. */
  size(i: number): number;
  /** The slot of the sibling cell `i` was read from; −1 for a divider or an overflow cell. */
  homeOf(i: number): number;
  /** Cell `i`'s offset on the sibling {@link homeOf} names (bytes). */
  offsetOf(i: number): number;
}

/** The sibling being edited: its bytes (header at 0) and what SQLite's MemPage knows of it. */
export interface EditedPage {
  d: Uint8Array;
  pgno: number;
  /** Slot of this page among the siblings (matched against {@link CellArray.homeOf}). */
  slot: number;
  /** Offset of the cell pointer array: 8 on leaves, 12 on interior pages. */
  cellOffset: number;
  usable: number;
  /** Cells on the page (not counting overflow cells). */
  nCell: number;
  /** Positions of the page's overflow cells among all its cells, ascending. */
  ovflIdx: readonly number[];
}

/** Most runs of adjacent cells pageFreeArray gathers before freeing them. */
const FREE_RUNS = 10;

/**
 * Frees the cells `[first, first + n)` of `arr` that lie on `pg` (step 1) and returns how many did.
 * @throws SQLITE_CORRUPT as cell-area.ts releaseSpace.
 */
function freeArray(pg: EditedPage, arr: CellArray, first: number, n: number): number {
  const ofs: number[] = [];
  const after: number[] = [];
  let freed = 0;
  for (let i = first; i < first + n; i++) {
    if (arr.homeOf(i) !== pg.slot) continue;
    const o = arr.offsetOf(i);
    const end = o + arr.size(i);
    let j = 0;
    for (; j < ofs.length; j++) {
      if (ofs[j] === end) {
        ofs[j] = o;
        break;
      } else if (after[j] === o) {
        after[j] = end;
        break;
      }
    }
    if (j >= ofs.length) {
      if (ofs.length >= FREE_RUNS) {
        for (let k = 0; k < ofs.length; k++) releaseSpace(pg.d, 0, pg.usable, pg.pgno, ofs[k], after[k] - ofs[k]);
        ofs.length = 0;
        after.length = 0;
      }
      if (end > pg.usable) throw corrupt(`cell at ${o} runs past the usable area`, pg.pgno, o);
      ofs.push(o);
      after.push(end);
    }
    freed++;
  }
  for (let k = 0; k < ofs.length; k++) releaseSpace(pg.d, 0, pg.usable, pg.pgno, ofs[k], after[k] - ofs[k]);
  return freed;
}

/**
 * Inserts cells `[first, first + n)` of `arr` into `pg` (step 2), their pointers written from
 * offset `ptrAt`; `top.v` is the content start, lowered as cells come from the gap. Returns false,
 * having possibly changed the page, when a cell would cross `begin` (end of the final pointer array).
 */
function insertArray(pg: EditedPage, arr: CellArray, begin: number, top: { v: number }, ptrAt: number, first: number, n: number): boolean {
  const d = pg.d;
  for (let i = first; i < first + n; i++) {
    const c = arr.cell(i);
    const sz = c.length;
    let slot = 0;
    if (d[1] !== 0 || d[2] !== 0) slot = findSlotIn(d, 0, pg.usable, pg.pgno, sz);
    if (slot === 0) {
      if (top.v - begin < sz) return false;
      top.v -= sz;
      slot = top.v;
    }
    d.set(c, slot);
    put2(d, ptrAt, slot);
    ptrAt += 2;
  }
  return true;
}

/**
 * Makes `pg` hold cells `[iNew, iNew + nNew)` of `arr`, where it held `[iOld, iOld + nCell +
 * overflow cells)` (module doc); the header's cell count and content start are set, the caller
 * recomputes nFree. For a page new to the balance, `iOld` is the array's length and the page is empty.
 * @throws SQLITE_CORRUPT when the page's bytes are inconsistent or the cells do not fit.
 */
export function editPage(pg: EditedPage, arr: CellArray, iOld: number, iNew: number, nNew: number): void {
  const d = pg.d;
  const ptrs = pg.cellOffset;
  const begin = ptrs + 2 * nNew;
  let nCell = pg.nCell;
  const iOldEnd = iOld + pg.nCell + pg.ovflIdx.length;
  const iNewEnd = iNew + nNew;
  if (iOld < iNew) {
    const nShift = freeArray(pg, arr, iOld, iNew - iOld);
    if (nShift > nCell) throw corrupt('more cells freed than the page holds', pg.pgno);
    d.copyWithin(ptrs, ptrs + 2 * nShift, ptrs + 2 * nShift + 2 * nCell);
    nCell -= nShift;
  }
  if (iNewEnd < iOldEnd) nCell -= freeArray(pg, arr, iNewEnd, iOldEnd - iNewEnd);
  const top = { v: get2(d, 5) };
  let ok = top.v >= begin && top.v <= pg.usable;
  if (ok && iNew < iOld) {
    const nAdd = Math.min(nNew, iOld - iNew);
    d.copyWithin(ptrs + 2 * nAdd, ptrs, ptrs + 2 * nCell);
    ok = insertArray(pg, arr, begin, top, ptrs, iNew, nAdd);
    nCell += nAdd;
  }
  for (let i = 0; ok && i < pg.ovflIdx.length; i++) {
    const iCell = iOld + pg.ovflIdx[i] - iNew;
    if (iCell >= 0 && iCell < nNew) {
      const at = ptrs + 2 * iCell;
      if (nCell > iCell) d.copyWithin(at + 2, at, ptrs + 2 * nCell);
      nCell++;
      ok = insertArray(pg, arr, begin, top, at, iCell + iNew, 1);
    }
  }
  if (ok) ok = insertArray(pg, arr, begin, top, ptrs + 2 * nCell, iNew + nCell, nNew - nCell);
  if (!ok) {
    if (nNew < 1) throw corrupt('no cells to rebuild the page from', pg.pgno);
    const list: Uint8Array[] = [];
    for (let i = iNew; i < iNewEnd; i++) list.push(arr.cell(i));
    rebuildCells(d, 0, ptrs, pg.usable, pg.pgno, list, 0, list.length);
    return;
  }
  put2(d, 3, nNew);
  put2(d, 5, top.v);
}

/**
 * Refills page bytes `d` (header at `hdr`, pointer array at `ptrs`) with `cells[from..to)`:
 * SQLite's rebuildPage (module doc, step 3). Returns the new content start.
 * @throws SQLITE_CORRUPT when the cells do not fit.
 */
export function rebuildCells(d: Uint8Array, hdr: number, ptrs: number, usable: number, pgno: number, cells: readonly Uint8Array[], from: number, to: number): number {
  let top = usable;
  let ptr = ptrs;
  for (let i = from; i < to; i++) {
    const c = cells[i];
    top -= c.length;
    put2(d, ptr, top);
    ptr += 2;
    if (top < ptr) throw corrupt(`${to - from} cells do not fit on the page`, pgno, ptrs);
    d.set(c, top);
  }
  put2(d, hdr + 1, 0);
  put2(d, hdr + 3, to - from);
  put2(d, hdr + 5, top);
  d[hdr + 7] = 0;
  return top;
}

// insertArray lowers `top.v` as it places cells: a literal of that shape, its field written once
// more when the module loads (keep-shape.ts settleFields).
settleFields({ v: 0 }, { v: 1 });
