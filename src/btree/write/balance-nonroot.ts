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
import { editPage, type CellArray, type EditedPage } from './edit-page.js';
import { allocatePage, freePage } from './freelist-alloc.js';
import { cellRowid, cellSizeOf, get4, put4, type MemPage } from './mem-page.js';
import type { PageOverlay } from './page-overlay.js';
import { ptrmapPut, setChildPtrmaps, PTRMAP_BTREE } from './ptrmap-write.js';

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
  // Cells are views into one copy of each old page (SQLite's apCopy), not a copy per cell: the
  // refill below rewrites the old pages' own bytes, never these copies, and nothing writes to a view.
  // A cell's view and size are made when first asked for (LazyCells).
  let capacity = 0;
  for (const p of old) capacity += p.nCell + p.ovfl.length + 1;
  const arr = new LazyCells(type, ov.usableSize, capacity);
  const cntOld: number[] = [];
  for (let i = 0; i < nOld; i++) {
    const p = old[i];
    if (p.type !== type) throw corrupt(`sibling page type ${p.type} differs from ${type}`, p.pgno, p.hdr);
    const firstOvfl = p.ovfl.length ? p.ovfl[0].idx : p.nCell;
    if (firstOvfl > p.nCell) throw corrupt('overflow cell past the end of its page', p.pgno);
    const image = scratchCopy(i, p.data, ov.usableSize);
    arr.addPage(image, p.pgno);
    // The cell pointers read from the copy, checked as MemPage.cellPtr checks them.
    const base = p.cellOffset;
    const lo = base + 2 * p.nCell;
    const hi = ov.usableSize - 4;
    const ptr = (j: number): number => {
      const pc = (image[base + 2 * j] << 8) | image[base + 2 * j + 1];
      if (pc < lo || pc > hi) throw corrupt(`cell pointer ${j} = ${pc} outside the cell content area`, p.pgno, base + 2 * j);
      return pc;
    };
    for (let j = 0; j < firstOvfl; j++) arr.pushOnPage(i, ptr(j));
    for (const o of p.ovfl) arr.pushBytes(o.cell);
    for (let j = firstOvfl; j < p.nCell; j++) arr.pushOnPage(i, ptr(j));
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
  const size = (i: number): number => arr.size(i);

  // 3. Packing.
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
  let k = nOld;
  for (let i = 0; i < k; i++) {
    while (szNew[i] > usableSpace) {
      if (i + 1 >= k) {
        k = i + 2;
        if (k > NB + 2) throw corrupt('cells do not fit on five sibling pages', parent.pgno);
        szNew[k - 1] = 0;
        cntNew[k - 1] = nCell;
      }
      let sz = 2 + size(cntNew[i] - 1);
      szNew[i] -= sz;
      if (!leafData) sz = cntNew[i] < nCell ? 2 + size(cntNew[i]) : 0;
      szNew[i + 1] += sz;
      cntNew[i]--;
    }
    while (cntNew[i] < nCell) {
      let sz = 2 + size(cntNew[i]);
      if (szNew[i] + sz > usableSpace) break;
      szNew[i] += sz;
      cntNew[i]++;
      if (!leafData) sz = cntNew[i] < nCell ? 2 + size(cntNew[i]) : 0;
      szNew[i + 1] -= sz;
    }
    if (cntNew[i] >= nCell) k = i + 1;
    else if (cntNew[i] <= (i > 0 ? cntNew[i - 1] : 0)) throw corrupt('sibling pages cannot be packed', parent.pgno);
  }
  // The adjust loop: shift cells right while the right page stays no fuller than the left.
  for (let i = k - 1; i > 0; i--) {
    let szRight = szNew[i];
    let szLeft = szNew[i - 1];
    let r = cntNew[i - 1] - 1;
    let d = r + 1 - (leafData ? 1 : 0);
    do {
      const szR = size(r);
      const szD = size(d);
      if (szRight !== 0 && (bulk || szRight + szD + 2 > szLeft - (szR + (i === k - 1 ? 0 : 2)))) break;
      szRight += szD + 2;
      szLeft -= szR + 2;
      cntNew[i - 1] = r;
      r--;
      d--;
    } while (r >= 0);
    szNew[i] = szRight;
    szNew[i - 1] = szLeft;
    if (cntNew[i - 1] <= (i > 1 ? cntNew[i - 2] : 0)) throw corrupt('sibling pages cannot be packed', parent.pgno);
  }

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
  const sortedPgnos = newPages.map((p) => p.pgno).sort((a, b) => a - b);
  const targets = sortedPgnos.map((pgno) => newPages.find((q) => q.pgno === pgno)!);

  // Each slot keeps its own page's bytes and is edited in place (edit-page.ts); SQLite then gives
  // the slot's page the page number sortedPgnos[i] (sqlite3PagerRekey), so slot i's bytes are
  // written to targets[i]. The cell array holds copies: the order of editing does not matter.
  const work = newPages.map((p, i) => scratchCopy(NB + i, p.data, p.data.length));
  const counts: number[] = [];
  for (let i = 0; i < k; i++) {
    const p = newPages[i];
    const iNew = i === 0 ? 0 : cntNew[i - 1] + (leafData ? 0 : 1);
    const iOld = i === 0 ? 0 : i < nOld ? cntOld[i - 1] + (leafData ? 0 : 1) : nCell;
    const nNew = cntNew[i] - iNew;
    if (!leaf) put4(work[i], 8, i < k - 1 ? get4(arr.cell(cntNew[i]), 0) : oldRightChild);
    const pg: EditedPage = {
      d: work[i],
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
    p.data.set(work[i]);
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

/**
 * The cell array of one balance (edit-page.ts CellArray): cells on the old pages are known by their
 * sibling slot and offset, and read from a copy of that page (`images`) when first asked for —
 * their view and their size (cellSizeOf, bounds checked as MemPage.cellSize) — as SQLite's
 * CellArray computes szCell lazily (cachedCellSize); a bulk load's balance touches a few cells at
 * the pages' edges of the hundreds it gathers. Dividers and overflow cells are given whole.
 */
class LazyCells implements CellArray {
  /** Typed arrays of `capacity` entries, filled in order (a balance gathers ~700 cells). */
  readonly home: Int32Array;
  readonly offset: Int32Array;
  private readonly sizes: Int32Array;
  private readonly views: (Uint8Array | undefined)[] = [];
  private readonly images: Uint8Array[] = [];
  private readonly pgnos: number[] = [];
  private n = 0;

  /** @param type - the siblings' page type; `usable` their usable size (bytes); `capacity` the most cells. */
  constructor(
    private readonly type: PageType,
    private readonly usable: number,
    capacity: number,
  ) {
    this.home = new Int32Array(capacity);
    this.offset = new Int32Array(capacity);
    this.sizes = new Int32Array(capacity);
  }

  /** Cells gathered so far. */
  get length(): number {
    return this.n;
  }

  /** The copy of the next sibling's bytes (its slot is the number of pages added before). */
  addPage(image: Uint8Array, pgno: number): void {
    this.images.push(image);
    this.pgnos.push(pgno);
  }

  /** The cell at offset `o` of sibling `slot`. */
  pushOnPage(slot: number, o: number): void {
    const i = this.n++;
    this.home[i] = slot;
    this.offset[i] = o;
    this.sizes[i] = -1;
  }

  /** A cell given whole: a divider or an overflow cell. */
  pushBytes(c: Uint8Array): void {
    const i = this.n++;
    this.home[i] = -1;
    this.offset[i] = 0;
    this.sizes[i] = c.length;
    this.views[i] = c;
  }

  /** @throws SQLITE_CORRUPT when the cell runs past the usable area. */
  size(i: number): number {
    let n = this.sizes[i];
    if (n < 0) {
      const slot = this.home[i];
      const o = this.offset[i];
      n = cellSizeOf(this.type, this.images[slot], o, this.usable);
      if (o + n > this.usable) throw corrupt(`cell at ${o} (${n} bytes) runs past the usable area`, this.pgnos[slot], o);
      this.sizes[i] = n;
    }
    return n;
  }

  cell(i: number): Uint8Array {
    let c = this.views[i];
    if (c === undefined) {
      const o = this.offset[i];
      c = this.images[this.home[i]].subarray(o, o + this.size(i));
      this.views[i] = c;
    }
    return c;
  }
}

/** The interior page type above leaves of type `t`. */
function parentType(t: PageType): PageType {
  return t === 13 || t === 5 ? 5 : 2;
}
