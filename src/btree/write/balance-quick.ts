/**
 * The append fast path (SQLite's balance_quick): a table leaf on the right edge of its parent
 * overflowed with a single cell that sorts after all its cells. Instead of redistributing, that cell
 * goes alone onto a new right sibling:
 *
 * ```
 *   parent [… | right→ leaf]            parent [… | (leaf, maxRowid(leaf)) | right→ new]
 *   leaf   [c1 … cn] + overflow x  ──▶   leaf   [c1 … cn]      new [x]
 * ```
 *
 * Sequential inserts thus leave every leaf but the last full, as in SQLite files.
 *
 * @module
 */
import { corrupt } from '../../error.js';
import { putVarint } from '../../format/index.js';
import { dropCell, insertCell } from './cell-edit.js';
import { allocatePage } from './freelist-alloc.js';
import { cellRowid, type MemPage } from './mem-page.js';
import type { PageOverlay } from './page-overlay.js';
import { ptrmapPut, ptrmapPutOvflPtr, PTRMAP_BTREE } from './ptrmap-write.js';
import { rebuildPage } from './rebuild-page.js';

/** Applies the fast path to `page` (a table leaf with one overflow cell at its end) under `parent`. */
export function balanceQuick(ov: PageOverlay, parent: MemPage, page: MemPage): void {
  if (page.nCell === 0) throw corrupt('table leaf with only an overflow cell', page.pgno);
  const newPgno = allocatePage(ov, 0, 'any');
  const next = ov.newBtreePage(newPgno, 13);
  const cell = page.ovfl[0].cell;
  rebuildPage(next, [cell], 0, 1);
  ptrmapPut(ov, newPgno, PTRMAP_BTREE, parent.pgno);
  ptrmapPutOvflPtr(ov, next, next.cellPtr(0));
  const divider = new Uint8Array(13);
  const n = 4 + putVarint(divider, 4, cellRowid(13, page.data, page.cellPtr(page.nCell - 1)));
  insertCell(ov, parent, parent.nCell, divider.slice(0, n), page.pgno);
  ov.makeWritable(parent);
  parent.rightChild = newPgno;
  page.ovfl = [];
}

/**
 * The same fast path for an index leaf during a bulk load (SQLite's balance_nonroot with bBulk, the
 * OPFLAG_APPEND hint of CREATE INDEX's sorted inserts): the leaf on the right edge of `parent`
 * overflowed with one cell after all its cells. In an index tree the divider is an entry itself,
 * so the leaf's last cell moves up into the parent and the new cell goes alone onto a new right
 * sibling — the cells per page SQLite's bulk packing gives (left page as full as it was, the last
 * page never empty):
 *
 * ```
 *   parent [… | right→ leaf]              parent [… | (leaf, cn) | right→ new]
 *   leaf   [c1 … cn] + overflow x  ──▶     leaf   [c1 … cn−1]      new [x]
 * ```
 */
export function balanceQuickIndex(ov: PageOverlay, parent: MemPage, page: MemPage): void {
  if (page.nCell < 2) throw corrupt('index leaf with fewer than 2 cells and an overflow cell', page.pgno);
  const newPgno = allocatePage(ov, 0, 'any');
  const next = ov.newBtreePage(newPgno, 10);
  rebuildPage(next, [page.ovfl[0].cell], 0, 1);
  ptrmapPut(ov, newPgno, PTRMAP_BTREE, parent.pgno);
  ptrmapPutOvflPtr(ov, next, next.cellPtr(0));
  ov.makeWritable(page);
  const last = page.nCell - 1;
  const leafCell = page.cellBytes(last);
  dropCell(page, last, leafCell.length);
  const divider = new Uint8Array(4 + leafCell.length);
  divider.set(leafCell, 4);
  insertCell(ov, parent, parent.nCell, divider, page.pgno);
  ov.makeWritable(parent);
  parent.rightChild = newPgno;
  page.ovfl = [];
}
