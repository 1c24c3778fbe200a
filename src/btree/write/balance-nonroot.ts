/**
 * Redistributing cells among a page and up to two siblings (SQLite's balance_nonroot, btree.c).
 *
 * ```
 *   parent  [ … d0 d1 … ]                   parent [ … d0' d1' d2' … ]
 *            /   |   \            ──▶               /   |    |    \
 *        old0  old1  old2                       new0  new1  new2  new3   (1 … 5 pages)
 * ```
 *
 * Steps, as SQLite takes them:
 * 1. Siblings: the child at `iParentIdx` and one neighbour on each side (both from one side at an
 *    edge); with fewer than three children, all of them. Their divider cells are taken out of the
 *    parent (an overflow cell of the parent at `iParentIdx`, left by a delete, counts as one).
 * 2. One cell array: the siblings' cells (overflow cells in place) and, except in table leaves,
 *    the dividers between them — stripped of their child pointer for leaves, given the left
 *    sibling's right child for interior pages. Cells shorter than 4 bytes are padded to 4.
 * 3. Packing: fill pages left to right up to `usableSpace` (usable size − 12, + 4 on leaves), then
 *    move cells right while that makes the right page no fuller than the left one (the "adjust"
 *    loop; it keeps the last page from being empty).
 * 4. Pages: the old pages are reused in order, extra pages allocated near the previous one, page
 *    numbers handed out in ascending order (so that a scan reads the file forwards); old pages left
 *    over are freed. As SQLite's sqlite3PagerRekey, a page number moves with its slot: slot i keeps
 *    the bytes of the page that was in it (the i-th old page, or the i-th new one) and is written
 *    to the i-th smallest page number.
 * 5. Dividers go back into the parent: for table leaves a new (child, largest rowid) cell, else
 *    the first cell after each page (a cell of an interior page gives its child to the page on its
 *    left as right child). The parent may overflow: the caller balances it next.
 * 6. When the parent is the root and is left with no cell, the single child's content moves up
 *    into the root (balance-shallower) and the child is freed.
 *
 * Each sibling is edited in place as SQLite's editPage does (edit-page.ts: cells leaving freed,
 * cells arriving allocated from freeblocks and the gap, a rebuild when that fails), so the pages'
 * bytes are SQLite's. Pointer-map entries are rewritten for every cell that lands on a page
 * (ptrmapPut skips unchanged entries).
 *
 * @module
 */
import { corrupt } from '../../error.js';
import { putVarint, type PageType } from '../../format/index.js';
import { copyNodeContent } from './balance-deeper.js';
import { computeFreeSpace, defragmentPage, freeSpaceOf } from './cell-area.js';
import { dropCell, insertCell } from './cell-edit.js';
import { editPage, type EditedPage } from './edit-page.js';
import { allocatePage, freePage } from './freelist-alloc.js';
import { cellRowid, cellSizeOf, get4, put4, type MemPage } from './mem-page.js';
import type { PageOverlay } from './page-overlay.js';
import { packCells } from './pack-cells.js';
import { ptrmapPut, setChildPtrmaps, PTRMAP_BTREE } from './ptrmap-write.js';
import { siblingCells } from './sibling-cells.js';

/** Siblings taken on each side of the page being balanced (SQLite's NN); NB = 2·NN + 1 = 3. */
const NB = 3;

/**
 * Scratch buffers for the copies a balance works on (the old pages' images, slots 0–2, and the
 * pages being edited, slots 3–7), reused by every balance: a new 4 KiB buffer per copy cost a page
 * fault each (most of a bulk load's balance). Nothing keeps them past one call: dividers are
 * copied out, and the edited bytes are copied back into the pages.
 */
const scratch: Uint8Array[] = [];

/** The first `n` bytes of `src` in scratch buffer `k`. */
function scratchCopy(k: number, src: Uint8Array, n: number): Uint8Array {
  let b = scratch[k];
  if (b === undefined || b.length !== n) scratch[k] = b = new Uint8Array(n);
  b.set(n === src.length ? src : src.subarray(0, n));
  return b;
}

/** The logical children of `parent` (cells plus its overflow cells), as page numbers. */
function childOfParent(parent: MemPage, logical: number, nOverflow: number, ovflIdx: number): number {
  // Logical index → pointer in the page or in the overflow cell.
  if (nOverflow && logical === ovflIdx) return get4(parent.ovfl[0].cell, 0);
  const i = nOverflow && logical > ovflIdx ? logical - 1 : logical;
  return parent.childAt(i);
}

/**
 * Balances child `iParentIdx` of `parent` with its siblings (module doc). `parent` must be writable
 * or become so; it may hold at most one overflow cell, at `iParentIdx`.
 * @param isRoot - true when `parent` is the root of its tree (allows balance-shallower).
 * @param bulk - a sorted bulk load (SQLite's bBulk, BTREE_BULKLOAD): a right-most child is balanced
 *   with its left sibling only, new pages are allocated near page 1, and the adjust loop moves cells
 *   right only to keep the last page from being empty, so every page but the last stays full.
 * @throws SQLITE_CORRUPT when the siblings are of different types or their cells do not fit.
 */
export function balanceNonroot(ov: PageOverlay, parent: MemPage, iParentIdx: number, isRoot: boolean, bulk = false): void {
  ov.makeWritable(parent);
  freeSpaceOf(parent);
  if (parent.ovfl.length > 1 || (parent.ovfl.length === 1 && parent.ovfl[0].idx !== iParentIdx)) {
    throw corrupt(`parent page has overflow cells away from child ${iParentIdx}`, parent.pgno);
  }
  // 1. Siblings and dividers.
  let nOverflow = parent.ovfl.length;
  const ovflIdx = nOverflow ? parent.ovfl[0].idx : -1;
  const total = nOverflow + parent.nCell;
  let nxDiv: number;
  let nOld: number;
  if (total < 2) {
    nxDiv = 0;
    nOld = total + 1;
  } else {
    const b = bulk ? 1 : 0;
    nxDiv = iParentIdx === 0 ? 0 : iParentIdx === total ? total - 2 + b : iParentIdx - 1;
    nOld = NB - b;
  }
  const lastChildPos = nOld - 1 + nxDiv; // logical position of the right-most sibling's pointer
  const rightIsRightChild = lastChildPos - nOverflow === parent.nCell;
  const oldPgnos: number[] = new Array<number>(nOld);
  oldPgnos[nOld - 1] = rightIsRightChild ? parent.rightChild : childOfParent(parent, lastChildPos, nOverflow, ovflIdx);
  const dividers: Uint8Array[] = new Array<Uint8Array>(nOld - 1);
  for (let i = nOld - 2; i >= 0; i--) {
    const logical = i + nxDiv;
    if (nOverflow && logical === ovflIdx) {
      dividers[i] = parent.ovfl[0].cell;
      parent.ovfl = [];
      nOverflow = 0;
    } else {
      const inPage = logical - nOverflow;
      dividers[i] = parent.cellBytes(inPage);
      dropCell(parent, inPage, dividers[i].length);
    }
    oldPgnos[i] = get4(dividers[i], 0);
  }
  const old: MemPage[] = oldPgnos.map((pgno) => {
    if (pgno < 2 || pgno > ov.pageCount) throw corrupt(`child page ${pgno} is outside the database`, parent.pgno);
    const p = ov.btreePage(pgno);
    freeSpaceOf(p);
    return p;
  });
  for (const p of old) if (p === parent || p.pgno === parent.pgno) throw corrupt(`page ${p.pgno} is its own child`, p.pgno);

  // 2. The cell array.
  const type = old[0].type;
  const leaf = old[0].leaf;
  const leafData = type === 13;
  const leafCorrection = leaf ? 4 : 0;
  // Cells are read from one copy of each old page (SQLite's apCopy), not a copy per cell: the
  // refill below rewrites the old pages' own bytes, never these copies, and nothing writes to a
  // cell's view. The array keeps runs of cells, not one entry per cell (sibling-cells.ts).
  const arr = siblingCells;
  arr.reset(type, ov.usableSize);
  const cntOld: number[] = [];
  for (let i = 0; i < nOld; i++) {
    const p = old[i];
    if (p.type !== type) throw corrupt(`sibling page type ${p.type} differs from ${type}`, p.pgno, p.hdr);
    const firstOvfl = p.ovfl.length ? p.ovfl[0].idx : p.nCell;
    if (firstOvfl > p.nCell) throw corrupt('overflow cell past the end of its page', p.pgno);
    const image = scratchCopy(i, p.data, ov.usableSize);
    arr.addPage(i, p.pgno, p.cellOffset, p.nCell);
    arr.pushPage(i, image, p.cellOffset, 0, firstOvfl);
    for (const o of p.ovfl) arr.pushBytes(o.cell);
    arr.pushPage(i, image, p.cellOffset, firstOvfl, p.nCell);
    cntOld.push(arr.length);
    if (i < nOld - 1 && !leafData) {
      const d = dividers[i];
      let c: Uint8Array;
      if (leaf) {
        c = d.slice(4);
        if (c.length < 4) {
          const padded = new Uint8Array(4);
          padded.set(c);
          c = padded;
        }
      } else {
        c = d.slice();
        put4(c, 0, p.rightChild);
      }
      arr.pushBytes(c);
    }
  }
  const nCell = arr.length;

  // 3. Packing (pack-cells.ts).
  const usableSpace = ov.usableSize - 12 + leafCorrection;
  const szNew: number[] = [];
  const cntNew: number[] = [];
  for (let i = 0; i < nOld; i++) {
    const p = old[i];
    let sz = usableSpace - p.nFree;
    for (const o of p.ovfl) sz += 2 + o.cell.length;
    szNew.push(sz);
    cntNew.push(cntOld[i]);
  }
  const k = packCells(arr, nOld, nCell, szNew, cntNew, usableSpace, leafData, bulk, parent.pgno);

  // 4. Pages: reuse, allocate, sort page numbers.
  const pageFlags: PageType = type;
  const newPages: MemPage[] = [];
  let near = old[0].pgno;
  for (let i = 0; i < k; i++) {
    if (i < nOld) {
      ov.makeWritable(old[i]);
      newPages.push(old[i]);
    } else {
      near = allocatePage(ov, bulk ? 1 : near, 'any');
      newPages.push(ov.newBtreePage(near, pageFlags));
      ptrmapPut(ov, near, PTRMAP_BTREE, parent.pgno);
    }
  }
  const oldRightChild = leaf ? 0 : old[nOld - 1].rightChild;
  // Pages are refilled below; their identities are only their numbers, so sort those.
  const targets = sortedByPgno(newPages);

  // Each slot keeps its own page's bytes and is edited in place (edit-page.ts); SQLite then gives
  // the slot's page the page number of targets[i] (sqlite3PagerRekey), so slot i's bytes are
  // written to targets[i]. The cell array holds copies: the order of editing does not matter.
  // When every slot's page is its own target (page numbers already ascending), the pages are
  // edited where they are; else on copies, then copied to their targets.
  let inPlace = true;
  for (let i = 0; i < k; i++) if (targets[i] !== newPages[i]) inPlace = false;
  const counts: number[] = [];
  for (let i = 0; i < k; i++) {
    const p = newPages[i];
    const work = inPlace ? p.data : scratchCopy(NB + i, p.data, p.data.length);
    const iNew = i === 0 ? 0 : cntNew[i - 1] + (leafData ? 0 : 1);
    const iOld = i === 0 ? 0 : i < nOld ? cntOld[i - 1] + (leafData ? 0 : 1) : nCell;
    const nNew = cntNew[i] - iNew;
    if (!leaf) put4(work, 8, i < k - 1 ? get4(arr.cell(cntNew[i]), 0) : oldRightChild);
    const pg: EditedPage = {
      d: work,
      pgno: p.pgno,
      slot: i < nOld ? i : -2,
      cellOffset: p.cellOffset,
      usable: ov.usableSize,
      nCell: i < nOld ? p.nCell : 0,
      ovflIdx: i < nOld ? p.ovfl.map((o) => o.idx) : [],
    };
    editPage(pg, arr, iOld, iNew, nNew);
    counts.push(nNew);
  }
  for (let i = 0; i < k; i++) {
    const p = targets[i];
    if (!inPlace) p.data.set(scratch[NB + i]);
    p.nCell = counts[i];
    p.ovfl = [];
    computeFreeSpace(p);
  }
  if (rightIsRightChild) parent.rightChild = targets[k - 1].pgno;
  else {
    // The right-most sibling's pointer is the left child of the cell now at position nxDiv.
    put4(parent.data, parent.cellPtr(nxDiv), targets[k - 1].pgno);
  }

  // 5. Dividers back into the parent.
  for (let i = 0; i < k - 1; i++) {
    const j = cntNew[i];
    let cell: Uint8Array;
    if (leafData) {
      const last = arr.cell(j - 1);
      const tmp = new Uint8Array(13);
      const n = 4 + putVarint(tmp, 4, cellRowid(13, last, 0));
      cell = tmp.slice(0, n);
    } else if (leaf) {
      const c = arr.cell(j);
      const full = new Uint8Array(4 + c.length);
      full.set(c, 4);
      cell = full.slice(0, cellSizeOf(parentType(type), full, 0, ov.usableSize));
    } else {
      cell = arr.cell(j).slice();
    }
    insertCell(ov, parent, nxDiv + i, cell, targets[i].pgno);
  }

  // Pointer-map entries of everything the rebuilt pages reference.
  for (const p of targets) setChildPtrmaps(ov, p);

  // 6. Shallower, or free what is left over.
  if (isRoot && parent.nCell === 0 && parent.ovfl.length === 0 && parent.hdr <= targets[0].nFree) {
    if (k !== 1) throw corrupt('root lost its dividers while several children remain', parent.pgno);
    defragmentPage(targets[0], -1);
    copyNodeContent(ov, targets[0], parent);
    freePage(ov, targets[0].pgno);
  }
  for (let i = k; i < nOld; i++) freePage(ov, old[i].pgno);
}

/** `pages` ordered by page number, ascending (at most five: an insertion sort). */
function sortedByPgno(pages: readonly MemPage[]): MemPage[] {
  const out = pages.slice();
  for (let i = 1; i < out.length; i++) {
    const p = out[i];
    let j = i - 1;
    for (; j >= 0 && out[j].pgno > p.pgno; j--) out[j + 1] = out[j];
    out[j + 1] = p;
  }
  return out;
}

/** The interior page type above leaves of type `t`. */
function parentType(t: PageType): PageType {
  return t === 13 || t === 5 ? 5 : 2;
}
