/**
 * Keeping the pointer map right in auto_vacuum databases (fileformat2 §1.7; layout in
 * format/ptrmap.ts). Every page past page 2 has an entry naming what points at it:
 *
 * | type | constant          | set when                                                   |
 * |------|-------------------|------------------------------------------------------------|
 * | 1    | PTRMAP_ROOTPAGE   | a b-tree is created (parent 0)                             |
 * | 2    | PTRMAP_FREEPAGE   | a page joins the freelist (parent 0)                       |
 * | 3    | PTRMAP_OVERFLOW1  | a cell with an overflow chain lands on a page (parent = it) |
 * | 4    | PTRMAP_OVERFLOW2  | an overflow page is chained after another (parent = that)  |
 * | 5    | PTRMAP_BTREE      | a child page is linked under an interior page              |
 *
 * All functions are no-ops in a database without auto_vacuum. An entry is written only when it
 * changes, so that unchanged ptrmap pages stay clean (as SQLite's ptrmapPut).
 *
 * @module
 */
import { corrupt } from '../../error.js';
import { ptrmapPageFor, type PtrmapType } from '../../format/index.js';
import { cellOverflowPgno, get4, put4, type MemPage } from './mem-page.js';
import type { PageOverlay } from './page-overlay.js';

export const PTRMAP_ROOTPAGE = 1;
export const PTRMAP_FREEPAGE = 2;
export const PTRMAP_OVERFLOW1 = 3;
export const PTRMAP_OVERFLOW2 = 4;
export const PTRMAP_BTREE = 5;

/** True when `pgno` is a pointer-map page of this (auto_vacuum) database. */
export function isPtrmapPage(ov: PageOverlay, pgno: number): boolean {
  return pgno >= 2 && ptrmapPageFor(pgno, ov.usableSize, ov.pageSize) === pgno;
}

/** The pointer-map page holding the entry of page `pgno` (0 for pages 0 and 1). */
export function ptrmapPageOf(ov: PageOverlay, pgno: number): number {
  return ptrmapPageFor(pgno, ov.usableSize, ov.pageSize);
}

function locate(ov: PageOverlay, key: number): { map: number; off: number } {
  const map = ptrmapPageFor(key, ov.usableSize, ov.pageSize);
  const off = 5 * (key - map - 1);
  if (key < 3 || off < 0) throw corrupt(`page ${key} has no pointer-map entry`, key);
  if (map > ov.pageCount) throw corrupt(`pointer-map page ${map} for page ${key} lies past the end of the database`, map);
  return { map, off };
}

/**
 * Sets the entry of page `key` to (`type`, `parent`).
 * @throws SQLITE_CORRUPT when `key` has no entry (0, 1, 2 or a ptrmap page).
 */
export function ptrmapPut(ov: PageOverlay, key: number, type: PtrmapType, parent: number): void {
  if (!ov.autoVacuum) return;
  const { map, off } = locate(ov, key);
  const cur = ov.read(map);
  if (cur[off] === type && get4(cur, off + 1) === parent) return;
  const w = ov.writeRaw(map);
  w[off] = type;
  put4(w, off + 1, parent);
}

/**
 * The entry of page `key`.
 * @throws SQLITE_CORRUPT when it has none or its type is not 1..5.
 */
export function ptrmapGet(ov: PageOverlay, key: number): { type: PtrmapType; parent: number } {
  const { map, off } = locate(ov, key);
  const d = ov.read(map);
  const type = d[off];
  if (type < 1 || type > 5) throw corrupt(`pointer-map entry of page ${key} has type ${type}`, map, off);
  return { type: type as PtrmapType, parent: get4(d, off + 1) };
}

/** The cell at offset `o` of `page` spills: its first overflow page now has `page` as parent. */
export function ptrmapPutOvflPtr(ov: PageOverlay, page: MemPage, o: number): void {
  if (!ov.autoVacuum) return;
  const ovfl = cellOverflowPgno(page.type, page.data, o, ov.usableSize);
  if (ovfl) ptrmapPut(ov, ovfl, PTRMAP_OVERFLOW1, page.pgno);
}

/** Points the entries of every child and first overflow page referenced by `page` at it. */
export function setChildPtrmaps(ov: PageOverlay, page: MemPage): void {
  if (!ov.autoVacuum) return;
  for (let i = 0; i < page.nCell; i++) {
    const o = page.cellPtr(i);
    ptrmapPutOvflPtr(ov, page, o);
    if (!page.leaf) ptrmapPut(ov, get4(page.data, o), PTRMAP_BTREE, page.pgno);
  }
  if (!page.leaf) ptrmapPut(ov, page.rightChild, PTRMAP_BTREE, page.pgno);
}
