/**
 * The index append that does not fit on the right-most leaf, done in place: what the general path
 * (insert.ts → balance.ts → balance-nonroot.ts with `bulk`, SQLite's balance_nonroot with bBulk)
 * writes for it, byte for byte, without the overlay, the seek from the root or the MemPages.
 * CREATE INDEX's sorted keys meet this about twice per leaf (some 500 times for 100,000 keys on
 * 4 KiB pages).
 *
 * ```
 *   parent P [ … D ]─right→ R                     parent P [ … d0 (d1) ]─right→ R or N
 *            │                        ──▶                  │    │
 *            L                                             L    R
 *   L [l_1 … l_n]  R [r_1 … r_m] + x              L, R (and N) as the packing says
 * ```
 *
 * R overflows with the new cell x after its last cell; P is R's parent, D its last cell, L = D's
 * child. With bBulk the siblings are L and R (nOld = 2), the cell array l_1 … l_n, D (child
 * stripped), r_1 … r_m, x. The decisions are the general path's own code: pack-cells.ts over the
 * same cell array (sibling-cells.ts), edit-page.ts on each page. Typically either L takes D back
 * and r_1 goes up (2 pages), or L keeps its cells, r_m goes up and x moves to a new page N (3).
 * The edits are made on copies of L, R, N and P; the store's pages are written only once every
 * step has succeeded.
 *
 * It is taken only when the general path would do exactly this and nothing more:
 * 1. R is not the root and the tree's root is not page 1; the freelist is empty and the database
 *    is not auto_vacuum (a new page is the next one; no pointer map);
 * 2. x (with its pointer) does not fit in R's free space (the general path would not balance);
 * 3. P, found down the right edge in memory, has at least one cell; L is an index leaf in memory
 *    and L < R (the new page, if any, is the largest: page numbers stay with their pages);
 * 4. the packing gives 2 or 3 pages, P takes the dividers without an overflow cell or a
 *    defragmentation, and P is afterwards the root or at most ⅔ free (balance() stops there);
 * 5. pages 1, P, L and R are writable in this transaction already (peekMutablePage, as the
 *    overlay's commit would make them).
 * Otherwise (or when a page does not parse) nothing is changed and the caller takes the general
 * path, which also reports any corruption.
 *
 * Oracle: test/btree/write/bulk-bytes.test.ts, CREATE INDEX files equal to SQLite 3.53's.
 *
 * @module
 */
import { SqliteError } from '../../error.js';
import { lockBytePage, putVarint } from '../../format/index.js';
import { MAX_BTREE_DEPTH } from '../cursor.js';
import type { WritablePageStore } from '../page-store.js';
import { dropCellBytes, findSlotIn, freeBytesOf } from './cell-area.js';
import { editPage, type EditedPage } from './edit-page.js';
import { cellSizeOf, get2, get4, put2, put4 } from './mem-page.js';
import { packCells } from './pack-cells.js';
import { siblingCells } from './sibling-cells.js';

/** Index leaf and interior page types (fileformat2 §1.6). */
const INDEX_LEAF = 10;
const INDEX_INTERIOR = 2;
/** Offset of the cell pointer array on interior pages (bytes; header at 0, not page 1). */
const INTERIOR_PTRS = 12;
/** Offset of the cell pointer array on leaf pages (bytes). */
const LEAF_PTRS = 8;

/** Copies the edits are made on (module doc): L, R, N, P; and the cells built here. Reused. */
const work: Uint8Array[] = [];
let xCell = new Uint8Array(0);
let divider = new Uint8Array(0);

/** Scratch buffer `i` holding a copy of `src` (or zeros when `src` is null), `size` bytes. */
function workCopy(i: number, src: Uint8Array | null, size: number): Uint8Array {
  let b = work[i];
  if (b === undefined || b.length !== size) work[i] = b = new Uint8Array(size);
  if (src === null) b.fill(0);
  else b.set(src);
  return b;
}

/** The right-most leaf, as the caller found it: page number, bytes (header at 0), cell count. */
export interface RightLeaf {
  readonly pgno: number;
  readonly d: Uint8Array;
  readonly nCell: number;
}

/**
 * Appends the index cell [varint n][record `payload[from, from + n)`] (`size` bytes with its
 * padding to 4) to tree `root` whose right-most leaf `leaf` cannot take it, balancing as the
 * module doc says. Returns the page number of the right-most leaf afterwards (which ends with the
 * new cell), or 0 having changed nothing.
 * Precondition (the caller's): the record sorts after every key of the tree, and `n` ≤ maxLocal.
 */
export function indexAppendSplit(store: WritablePageStore, root: number, leaf: RightLeaf, payload: Uint8Array, from: number, n: number, size: number): number {
  if (root === 1 || leaf.pgno === root || leaf.pgno === 1 || store.peekPage === undefined || store.peekMutablePage === undefined) return 0;
  const h = store.header;
  if (h.freelistCount !== 0 || h.largestRootPage !== 0) return 0;
  const usable = store.usableSize;
  const rPgno = leaf.pgno;
  const rd = leaf.d;
  const m = leaf.nCell;
  // P: the interior page whose right child is R.
  let parent = root;
  let pd = store.peekPage(root);
  for (let depth = 0; ; depth++) {
    if (pd === undefined || pd[0] !== INDEX_INTERIOR || depth >= MAX_BTREE_DEPTH) return 0;
    const child = get4(pd, 8);
    if (child === rPgno) break;
    if (child < 2 || child > store.pageCount || child === root) return 0;
    parent = child;
    pd = store.peekPage(child);
  }
  const pn = get2(pd, 3);
  if (pn < 1) return 0;
  const pageSize = pd.length;
  let k: number;
  let next = 0;
  const cntNew: number[] = [];
  try {
    // 2. x overflows R.
    const rFree = freeBytesOf(rd, 0, usable, LEAF_PTRS + 2 * m, rPgno);
    if (2 + size <= rFree) return 0;
    // 3. D and L.
    const dAt = get2(pd, INTERIOR_PTRS + 2 * (pn - 1));
    if (dAt < INTERIOR_PTRS + 2 * pn || dAt > usable - 4) return 0;
    const dSize = cellSizeOf(INDEX_INTERIOR, pd, dAt, usable);
    if (dAt + dSize > usable) return 0;
    const lPgno = get4(pd, dAt);
    if (lPgno < 2 || lPgno >= rPgno || lPgno === parent) return 0;
    const ld = store.peekPage(lPgno);
    if (ld === undefined || ld[0] !== INDEX_LEAF) return 0;
    const ln = get2(ld, 3);
    const lFree = freeBytesOf(ld, 0, usable, LEAF_PTRS + 2 * ln, lPgno);
    // The cell array: L's cells, D without its child pointer (at least 4 bytes), R's cells, x.
    if (xCell.length < size) xCell = new Uint8Array(size + 64);
    const x = xCell.subarray(0, size);
    let p = putVarint(x, 0, n);
    for (let i = from; i < from + n; i++) x[p++] = payload[i];
    x.fill(0, p);
    let dLeaf = pd.subarray(dAt + 4, dAt + dSize);
    if (dLeaf.length < 4) {
      const padded = new Uint8Array(4);
      padded.set(dLeaf);
      dLeaf = padded;
    }
    const arr = siblingCells;
    arr.reset(INDEX_LEAF, usable);
    arr.addPage(0, lPgno, LEAF_PTRS, ln);
    arr.pushPage(0, ld, LEAF_PTRS, 0, ln);
    arr.pushBytes(dLeaf);
    arr.addPage(1, rPgno, LEAF_PTRS, m);
    arr.pushPage(1, rd, LEAF_PTRS, 0, m);
    arr.pushBytes(x);
    const nCell = arr.length;
    const cntOld0 = ln;
    // 4. The packing.
    const usableSpace = usable - 8;
    const szNew = [usableSpace - lFree, usableSpace - rFree + 2 + size];
    cntNew.push(ln, nCell);
    k = packCells(arr, 2, nCell, szNew, cntNew, usableSpace, false, true, parent);
    if (k !== 2 && k !== 3) return 0;
    if (k === 3) {
      next = store.pageCount + 1;
      if (next === lockBytePage(pageSize)) next++;
    }
    const right = k === 3 ? next : rPgno;
    // The pages, edited on copies (edit-page.ts reads the cells from L's and R's own bytes).
    const wl = workCopy(0, ld, pageSize);
    editPage(edited(wl, lPgno, 0, ln, NO_OVERFLOW, usable), arr, 0, 0, cntNew[0]);
    const wr = workCopy(1, rd, pageSize);
    const rNew = cntNew[0] + 1;
    editPage(edited(wr, rPgno, 1, m, overflowAt(m), usable), arr, cntOld0 + 1, rNew, cntNew[1] - rNew);
    if (k === 3) {
      const wn = workCopy(2, null, pageSize);
      wn[0] = INDEX_LEAF;
      put2(wn, 5, usable);
      const nNew = cntNew[1] + 1;
      editPage(edited(wn, next, -2, 0, NO_OVERFLOW, usable), arr, nCell, nNew, cntNew[2] - nNew);
    }
    // P: D out, the dividers in (each the first cell after a page, given that page as left child).
    const sc = workCopy(3, pd, pageSize);
    dropCellBytes(sc, 0, usable, parent, dAt, dSize, INTERIOR_PTRS, pn - 1, INTERIOR_PTRS + 2 * pn, pn);
    for (let i = 0; i < k - 1; i++) {
      const c = arr.cell(cntNew[i]);
      if (divider.length < 4 + c.length) divider = new Uint8Array(4 + c.length + 64);
      put4(divider, 0, i === 0 ? lPgno : rPgno);
      divider.set(c, 4);
      if (!insertLast(sc, usable, parent, pn - 1 + i, divider, cellSizeOf(INDEX_INTERIOR, divider, 0, usable))) return 0;
    }
    put4(sc, 8, right);
    const pFree = freeBytesOf(sc, 0, usable, INTERIOR_PTRS + 2 * (pn + k - 2), parent);
    if (parent !== root && pFree > Math.floor((usable * 2) / 3)) return 0;
    // 5. Writable pages; then the writes, none of which can fail.
    if (store.peekMutablePage(1) === undefined || store.peekMutablePage(parent) !== pd || store.peekMutablePage(lPgno) !== ld || store.peekMutablePage(rPgno) !== rd) return 0;
    if (k === 3) {
      const got = store.appendPage();
      if (got !== next) throw new SqliteError('SQLITE_INTERNAL', `store appended page ${got}, expected ${next}`);
      const r = store.getMutablePage(next);
      if (!r.done) throw new SqliteError('SQLITE_INTERNAL', `appended page ${next} is not in memory`);
      r.value.set(work[2]);
    }
    ld.set(wl);
    rd.set(wr);
    pd.set(sc);
    return right;
  } catch (e) {
    if (!(e instanceof SqliteError) || e.code !== 'SQLITE_CORRUPT') throw e;
    return 0; // a page that does not parse: the general path reports it
  }
}

const NO_OVERFLOW: readonly number[] = [];
const OVERFLOW_AT: number[] = [0];

/** R's overflow cell x, after its `m` cells. */
function overflowAt(m: number): readonly number[] {
  OVERFLOW_AT[0] = m;
  return OVERFLOW_AT;
}

/** The {@link EditedPage} of leaf copy `d`. */
function edited(d: Uint8Array, pgno: number, slot: number, nCell: number, ovflIdx: readonly number[], usable: number): EditedPage {
  return { d, pgno, slot, cellOffset: LEAF_PTRS, usable, nCell, ovflIdx };
}

/**
 * insertCell of `cell[0, sz)` as the last of the `nCell` cells of interior page `d` (header at 0):
 * allocateSpace's first-fit freeblock, else the top of the gap. Returns false, the page
 * part-edited, when the cell would overflow or the gap needs defragmenting (the general path's
 * cases). `pgno` is for errors.
 * @throws SQLITE_CORRUPT from the freeblock chain (cell-area.ts).
 */
function insertLast(d: Uint8Array, usable: number, pgno: number, nCell: number, cell: Uint8Array, sz: number): boolean {
  const gap = INTERIOR_PTRS + 2 * nCell;
  if (sz + 2 > freeBytesOf(d, 0, usable, gap, pgno)) return false;
  let top = get2(d, 5);
  if (gap > top) {
    if (top === 0 && usable === 65536) top = 65536;
    else return false;
  } else if (top > usable) return false;
  let slot = 0;
  if ((d[1] !== 0 || d[2] !== 0) && gap + 2 <= top) {
    slot = findSlotIn(d, 0, usable, pgno, sz);
    if (slot !== 0 && slot <= gap) return false;
  }
  if (slot === 0) {
    if (gap + 2 + sz > top) return false;
    slot = top - sz;
    put2(d, 5, slot);
  }
  for (let i = 0; i < sz; i++) d[slot + i] = cell[i];
  put2(d, gap, slot);
  put2(d, 3, nCell + 1);
  return true;
}
