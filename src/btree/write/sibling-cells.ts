/**
 * The cell array of one balance (edit-page.ts {@link CellArray}, SQLite's CellArray) kept as runs,
 * not as one entry per cell: a balance gathers every cell of two or three siblings (about 700 on
 * 4 KiB index leaves) and touches a few of them, those at the pages' edges.
 *
 * ```
 *   index  0 ……… a)  [a ……… b)  [b] [b+1 ……… c)  …
 *   run    page 0     page 0     divider  page 1
 *          ptrs 0…    ptrs a…    (bytes)  ptrs 0…        (an overflow cell is a run of bytes too)
 * ```
 *
 * A page run is a sibling slot, the copy of that page's bytes the cells are read from (`image`),
 * and the pointer of its first cell; cell i of the run lies at the offset its pointer holds. A
 * pointer is read, and checked against the cell content area, when the cell is first asked for;
 * a cell's size is computed once (SQLite's cachedCellSize). A bytes run is one cell given whole.
 *
 * One instance serves every balance ({@link siblingCells}): {@link SiblingCells.reset} empties it.
 *
 * @module
 */
import { corrupt, SqliteError } from '../../error.js';
import type { PageType } from '../../format/index.js';
import type { CellArray } from './edit-page.js';
import { cellSizeOf } from './mem-page.js';
import { settleFields } from '../../keep-shape.js';

/**
 * Most runs: per sibling (≤ 3) its cells before and after its overflow cells (≤ 4, one run each),
 * and the dividers between siblings.
 */
const MAX_RUNS = 24;

/** See the module doc. */
export class SiblingCells implements CellArray {
  private type: PageType = 13;
  private usable = 0;
  private n = 0;
  private nRuns = 0;
  /** Per run: index of its first cell, slot (−1: bytes), first pointer's index, pointer array offset. */
  private readonly runStart = new Int32Array(MAX_RUNS + 1);
  private readonly runSlot = new Int32Array(MAX_RUNS);
  private readonly runPtr = new Int32Array(MAX_RUNS);
  private readonly runBase = new Int32Array(MAX_RUNS);
  /** Per run: the page copy (page runs) or the cell (bytes runs). */
  private readonly runBytes: Uint8Array[] = [];
  /** Per slot: page number (for errors), lowest and highest valid cell offset. */
  private readonly slotPgno = new Int32Array(8);
  private readonly slotLo = new Int32Array(8);
  /** Cell sizes, −1 until computed; grown as needed. */
  private sizes = new Int32Array(1024);
  /** The run the last lookup found (lookups come in order, mostly). */
  private last = 0;

  /** Empties the array for a balance of pages of `type` with `usable` bytes each. */
  reset(type: PageType, usable: number): void {
    this.type = type;
    this.usable = usable;
    this.n = 0;
    this.nRuns = 0;
    this.last = 0;
    this.runStart[0] = 0;
    for (let i = 0; i < this.runBytes.length; i++) this.runBytes[i] = EMPTY;
  }

  /** Cells gathered so far. */
  get length(): number {
    return this.n;
  }

  /**
   * Sibling `slot` (page `pgno`, bytes `image`, `nCell` cells, pointer array at `base`): its cells
   * are read from `image` from now on.
   */
  addPage(slot: number, pgno: number, base: number, nCell: number): void {
    this.slotPgno[slot] = pgno;
    this.slotLo[slot] = base + 2 * nCell;
  }

  /** Cells `from` … `to` − 1 of sibling `slot` (pointer array at `base` of `image`), in order. */
  pushPage(slot: number, image: Uint8Array, base: number, from: number, to: number): void {
    if (to <= from) return;
    const r = this.newRun(to - from);
    this.runSlot[r] = slot;
    this.runPtr[r] = from;
    this.runBase[r] = base;
    this.runBytes[r] = image;
  }

  /** A cell given whole: a divider or an overflow cell. */
  pushBytes(c: Uint8Array): void {
    const r = this.newRun(1);
    this.runSlot[r] = -1;
    this.runBytes[r] = c;
    this.sizes[this.n - 1] = c.length;
  }

  private newRun(count: number): number {
    const r = this.nRuns++;
    if (r >= MAX_RUNS) throw new SqliteError('SQLITE_INTERNAL', `a balance gathered more than ${MAX_RUNS} runs of cells`);
    const n = this.n + count;
    if (n > this.sizes.length) {
      const s = new Int32Array(Math.max(n, 2 * this.sizes.length));
      s.set(this.sizes.subarray(0, this.n));
      this.sizes = s;
    }
    this.sizes.fill(-1, this.n, n);
    this.n = n;
    this.runStart[r + 1] = n;
    return r;
  }

  /** The run holding cell `i`. */
  private runOf(i: number): number {
    let r = this.last;
    if (i < this.runStart[r]) r = 0;
    while (i >= this.runStart[r + 1]) r++;
    this.last = r;
    return r;
  }

  homeOf(i: number): number {
    return this.runSlot[this.runOf(i)];
  }

  /** @throws SQLITE_CORRUPT when the cell's pointer lies outside the cell content area. */
  offsetOf(i: number): number {
    const r = this.runOf(i);
    if (this.runSlot[r] < 0) return 0;
    const d = this.runBytes[r];
    const at = this.runBase[r] + 2 * (this.runPtr[r] + i - this.runStart[r]);
    const pc = (d[at] << 8) | d[at + 1];
    const slot = this.runSlot[r];
    if (pc < this.slotLo[slot] || pc > this.usable - 4) throw corrupt(`cell pointer ${(at - this.runBase[r]) / 2} = ${pc} outside the cell content area`, this.slotPgno[slot], at);
    return pc;
  }

  /** @throws SQLITE_CORRUPT when the cell runs past the usable area. */
  size(i: number): number {
    let n = this.sizes[i];
    if (n < 0) {
      const o = this.offsetOf(i);
      const r = this.last;
      n = cellSizeOf(this.type, this.runBytes[r], o, this.usable);
      if (o + n > this.usable) throw corrupt(`cell at ${o} (${n} bytes) runs past the usable area`, this.slotPgno[this.runSlot[r]], o);
      this.sizes[i] = n;
    }
    return n;
  }

  cell(i: number): Uint8Array {
    const r = this.runOf(i);
    if (this.runSlot[r] < 0) return this.runBytes[r];
    const n = this.size(i);
    const o = this.offsetOf(i);
    return this.runBytes[r].subarray(o, o + n);
  }
}

const EMPTY = new Uint8Array(0);

/** The instance every balance uses in turn (a balance runs to its end before the next starts). */
export const siblingCells = new SiblingCells();

// Every balance rewrites its fields: written once more when the module loads, then emptied
// (keep-shape.ts settleFields).
settleFields(siblingCells, { type: 10, usable: 1, n: 1, nRuns: 1, last: 1, sizes: new Int32Array(1024) }).reset(13, 0);
