/**
 * Adding and removing one cell of a page (SQLite's insertCell and dropCell).
 *
 * - {@link dropCell} frees the cell's bytes (cell-area.ts) and closes the gap in the pointer array;
 *   it does not touch overflow pages (overflow-write.ts `clearCell` does).
 * - {@link insertCell} writes the cell and its pointer when it fits; when it does not, or when the
 *   page already has overflow cells (so that their order is kept), it records the cell in
 *   `page.ovfl` for the balancer (mem-page.ts invariant).
 *
 * @module
 */
import { corrupt } from '../../error.js';
import { allocateSpace, freeSpace, freeSpaceOf } from './cell-area.js';
import { get2, put2, put4, type MemPage } from './mem-page.js';
import type { PageOverlay } from './page-overlay.js';
import { ptrmapPutOvflPtr } from './ptrmap-write.js';

/**
 * Removes cell `idx` (of `size` bytes) from `page`, which must be writable.
 * @throws SQLITE_CORRUPT when the cell runs past the usable area or overlaps a freeblock.
 */
export function dropCell(page: MemPage, idx: number, size: number): void {
  const d = page.data;
  const hdr = page.hdr;
  const at = page.cellOffset + 2 * idx;
  const pc = get2(d, at);
  if (pc + size > page.usableSize) throw corrupt(`cell ${idx} runs past the usable area`, page.pgno, pc);
  freeSpaceOf(page);
  freeSpace(page, pc, size);
  page.nCell--;
  if (page.nCell === 0) {
    d.fill(0, hdr + 1, hdr + 5);
    d[hdr + 7] = 0;
    put2(d, hdr + 5, page.usableSize);
    page.nFree = page.usableSize - page.cellOffset;
  } else {
    d.copyWithin(at, at + 2, page.cellOffset + 2 * (page.nCell + 1));
    put2(d, hdr + 3, page.nCell);
    page.nFree += 2;
  }
}

/**
 * Inserts `cell` as cell `i` of `page`. When `child` is given, it replaces the first 4 bytes (the
 * left-child pointer of an interior cell). In an auto_vacuum database the ptrmap entry of the cell's
 * first overflow page is set when the cell lands on the page.
 *
 * `cell` may be kept by reference in `page.ovfl`; callers pass bytes they do not reuse.
 */
export function insertCell(ov: PageOverlay, page: MemPage, i: number, cell: Uint8Array, child?: number): void {
  if (child !== undefined) put4(cell, 0, child);
  const sz = cell.length;
  if (page.ovfl.length > 0 || sz + 2 > freeSpaceOf(page)) {
    page.ovfl.push({ idx: i, cell });
    return;
  }
  ov.makeWritable(page);
  const d = page.data;
  const at = allocateSpace(page, sz);
  page.nFree -= 2 + sz;
  d.set(cell, at);
  const ins = page.cellOffset + 2 * i;
  d.copyWithin(ins + 2, ins, page.cellOffset + 2 * page.nCell);
  put2(d, ins, at);
  page.nCell++;
  put2(d, page.hdr + 3, page.nCell);
  ptrmapPutOvflPtr(ov, page, at);
}
