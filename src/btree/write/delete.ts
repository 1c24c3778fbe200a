/**
 * Deleting an entry (SQLite's sqlite3BtreeDelete).
 *
 * ```
 *   leaf entry:      free its overflow chain, drop the cell, balance from the leaf
 *   interior entry:  (index trees) the largest entry of its left subtree — the last cell of the
 *                    right-most leaf below — replaces it (with the old left child), then the leaf is
 *                    balanced, then, if the loop stopped below it, the interior page
 * ```
 *
 * @module
 */
import { corrupt } from '../../error.js';
import type { SqlValue } from '../../format/index.js';
import { balance } from './balance.js';
import { freeSpaceOf } from './cell-area.js';
import { dropCell, insertCell } from './cell-edit.js';
import { clearCell } from './overflow-write.js';
import type { PageOverlay } from './page-overlay.js';
import { descendRightmost, seekKeyPath, seekRowidPath, type IndexKeyDef, type SeekResult } from './seek-path.js';

/** Table trees: deletes the entry with `rowid`. @returns false when there is none. */
export function tableDelete(ov: PageOverlay, root: number, rowid: number | bigint): boolean {
  const s = seekRowidPath(ov, root, rowid);
  if (s.loc !== 0) return false;
  deleteAt(ov, s);
  return true;
}

/** Index trees: deletes the entry whose key equals `key` under `def`. @returns false when there is none. */
export function indexDelete(ov: PageOverlay, root: number, key: readonly SqlValue[], def: IndexKeyDef): boolean {
  const s = seekKeyPath(ov, root, key, def);
  if (s.loc !== 0) return false;
  deleteAt(ov, s);
  return true;
}

/** Deletes the entry the path's last frame is on (loc 0). */
function deleteAt(ov: PageOverlay, s: SeekResult): void {
  const path = s.path;
  const iCellDepth = path.length - 1;
  const page = path[iCellDepth].page;
  const iCellIdx = path[iCellDepth].idx;
  if (iCellIdx >= page.nCell) throw corrupt(`cell ${iCellIdx} past the ${page.nCell} cells of the page`, page.pgno);
  if (!page.leaf) descendRightmost(ov, path, 'index');
  ov.makeWritable(page);
  const o = page.cellPtr(iCellIdx);
  const size = page.cellSize(o);
  clearCell(ov, page, o);
  dropCell(page, iCellIdx, size);
  if (!page.leaf) {
    // Replace the dropped interior entry with its predecessor, the last cell of the leaf.
    const leafFrame = path[path.length - 1];
    const leaf = leafFrame.page;
    ov.makeWritable(leaf);
    freeSpaceOf(leaf);
    const child = path[iCellDepth + 1].page.pgno;
    const last = leaf.nCell - 1;
    const lo = leaf.cellPtr(last);
    const lsize = leaf.cellSize(lo);
    const cell = new Uint8Array(4 + lsize);
    cell.set(leaf.data.subarray(lo, lo + lsize), 4);
    insertCell(ov, page, iCellIdx, cell, child);
    dropCell(leaf, last, lsize);
  }
  balance(ov, path);
  if (path.length - 1 > iCellDepth) {
    path.length = iCellDepth + 1;
    balance(ov, path);
  }
}
