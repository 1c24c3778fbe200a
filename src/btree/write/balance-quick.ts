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
import { insertCell } from './cell-edit.js';
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
