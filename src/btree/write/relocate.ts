/**
 * Moving a page to another page number in an auto_vacuum database (SQLite's relocatePage and
 * modifyPagePointer), as creating a table, dropping one, and vacuuming need.
 *
 * ```
 *   before:  parent ──ptr──▶ [page at iFrom]      ptrmap[iFrom] = (type, parent)
 *   after:   parent ──ptr──▶ [page at iTo]        ptrmap[iTo]   = (type, parent)
 * ```
 *
 * The one pointer to the page lives, by ptrmap type:
 * - ROOTPAGE: in the schema, not in the file — the caller updates sqlite_schema;
 * - BTREE: a child pointer of an interior cell, or the right-child field, of the parent;
 * - OVERFLOW1: the last 4 bytes of a cell of the parent b-tree page;
 * - OVERFLOW2: the first 4 bytes (next-page number) of the previous overflow page.
 * Pages the moved page points to get their ptrmap entries re-pointed at `iTo`.
 *
 * @module
 */
import { corrupt } from '../../error.js';
import type { PtrmapType } from '../../format/index.js';
import { cellOverflowPgno, get4, put4 } from './mem-page.js';
import type { PageOverlay } from './page-overlay.js';
import {
  ptrmapPut,
  setChildPtrmaps,
  PTRMAP_BTREE,
  PTRMAP_OVERFLOW1,
  PTRMAP_OVERFLOW2,
  PTRMAP_ROOTPAGE,
} from './ptrmap-write.js';

/**
 * Moves the content of page `iFrom` (whose ptrmap entry is `type`, `parent`) to page `iTo`, fixing
 * the pointer to it and the ptrmap entries. Page `iFrom` is left as it was (the caller frees or
 * truncates it).
 * @throws SQLITE_CORRUPT when `iFrom` < 3 or the parent holds no pointer to it.
 */
export function relocatePage(ov: PageOverlay, iFrom: number, type: PtrmapType, parent: number, iTo: number): void {
  if (iFrom < 3) throw corrupt(`cannot move page ${iFrom}`, iFrom);
  const bytes = ov.read(iFrom);
  ov.writeRaw(iTo).set(bytes);
  ov.forget(iFrom);
  if (type === PTRMAP_BTREE || type === PTRMAP_ROOTPAGE) {
    setChildPtrmaps(ov, ov.btreePage(iTo));
  } else {
    const next = get4(bytes, 0);
    if (next !== 0) ptrmapPut(ov, next, PTRMAP_OVERFLOW2, iTo);
  }
  if (type !== PTRMAP_ROOTPAGE) {
    modifyPagePointer(ov, parent, iFrom, iTo, type);
    ptrmapPut(ov, iTo, type, parent);
  } else {
    ptrmapPut(ov, iTo, PTRMAP_ROOTPAGE, 0);
  }
}

/** In page `pgno`, replaces the pointer to `iFrom` of kind `type` by `iTo`. */
function modifyPagePointer(ov: PageOverlay, pgno: number, iFrom: number, iTo: number, type: PtrmapType): void {
  if (type === PTRMAP_OVERFLOW2) {
    if (get4(ov.read(pgno), 0) !== iFrom) throw corrupt(`overflow page ${pgno} does not point to page ${iFrom}`, pgno, 0);
    put4(ov.writeRaw(pgno), 0, iTo);
    return;
  }
  const page = ov.btreePage(pgno);
  for (let i = 0; i < page.nCell; i++) {
    const o = page.cellPtr(i);
    if (type === PTRMAP_OVERFLOW1) {
      if (cellOverflowPgno(page.type, page.data, o, ov.usableSize) === iFrom) {
        const at = o + page.cellSize(o) - 4;
        ov.makeWritable(page);
        put4(page.data, at, iTo);
        return;
      }
    } else if (!page.leaf && get4(page.data, o) === iFrom) {
      ov.makeWritable(page);
      put4(page.data, o, iTo);
      return;
    }
  }
  if (type === PTRMAP_BTREE && !page.leaf && page.rightChild === iFrom) {
    ov.makeWritable(page);
    page.rightChild = iTo;
    return;
  }
  throw corrupt(`page ${pgno} holds no pointer to page ${iFrom}`, pgno);
}
