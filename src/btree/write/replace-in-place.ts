/**
 * The in-place replace fast path: an UPDATE's new row for a rowid that a cursor rests on is
 * written over its old cell on the same leaf, when no balance can follow, straight into the store's
 * page (no private page copies, page-overlay.ts; no seek from the root when the hint holds).
 *
 * It is taken only when the result is byte for byte what the general path (insert.ts `insertAt`,
 * for a key present) writes:
 * 1. the leaf holding the rowid is found in memory (delete-in-place.ts `findRowid`);
 * 2. the old cell has no overflow page and the new payload needs none (≤ maxLocal);
 * 3. the database is not auto_vacuum (no ptrmap entry can change);
 * 4. then, as insertAt: a payload of the same size is copied over the old one; a cell of the same
 *    size over the old cell; otherwise the old cell is dropped and the new one inserted at its
 *    index, which must fit in the free space then (no overflow cell, so no balance: insertAt
 *    balances only when the page overflows).
 * Otherwise it returns false having changed nothing.
 *
 * At a cursor's hint the leaf is edited as raw bytes (replaceAtHint: cell-area.ts freeBytesOf,
 * dropCellBytes (cell-area.ts) and findSlotIn where dropCell and insertCell would run; no MemPage, no cell copy,
 * the page through the store's peekPage); without a hint, or one that no longer shows the row,
 * findRowid searches from the root and the edit goes through a MemPage.
 *
 * @module
 */
import { corrupt } from '../../error.js';
import { putVarint, varintLength, maxLocalPayload, readVarint32, lastVarintLength } from '../../format/index.js';
import { compareNumbers } from '../compare.js';
import type { WritablePageStore } from '../page-store.js';
import { dropCellBytes, freeBytesOf, freeSpaceOf, findSlotIn } from './cell-area.js';
import { dropCell, insertCell } from './cell-edit.js';
import { findRowid, pageBytes, writableStorePage, type DroppedEntry, type EntryHint } from './delete-in-place.js';
import { cellOverflowPgno, cellRowid, get2, put2 } from './mem-page.js';

/** Least cell size on a page (fileformat2 §1.6). */
const MIN_CELL_BYTES = 4;

/**
 * Table trees: replaces the payload of the entry `rowid` with `payload` in place when the module
 * doc's conditions hold. `hint` as for delete-in-place.ts `findRowid` (only from a cursor that
 * nothing has moved the tree under). Fills `out` with where the entry is (its leaf, cell index, the
 * leaf's bytes now) and returns true; false, having changed nothing, when the conditions do not
 * hold. `from`/`n`: where the payload lies in `payload` (bytes; default all of it): a record
 * encoded into a larger buffer is written without a view of it.
 * @throws SqliteError SQLITE_CORRUPT for a malformed leaf.
 */
export function tableReplaceInPlace(store: WritablePageStore, root: number, rowid: number | bigint, payload: Uint8Array, hint: EntryHint | null, out: DroppedEntry, from = 0, n = payload.length - from): boolean {
  if (store.header.largestRootPage !== 0) return false;
  const usable = store.usableSize;
  if (n > maxLocalPayload(usable, 'table')) return false;
  if (hint !== null) {
    const r = replaceAtHint(store, rowid, payload, from, n, hint.pgno, hint.cell, out);
    if (r !== null) return r;
  }
  const at = findRowid(store, root, rowid, hint);
  if (!at) return false;
  const { leaf, idx } = at;
  const o = leaf.cellPtr(idx);
  const oldSize = leaf.cellSize(o);
  if (cellOverflowPgno(13, leaf.data, o, usable) !== 0) return false;
  const head = varintLength(n) + varintLength(rowid);
  const size = Math.max(head + n, MIN_CELL_BYTES);
  const samePayload = readVarint32(leaf.data, o) === n;
  if (!samePayload && size !== oldSize) {
    const free = freeSpaceOf(leaf);
    const afterDrop = leaf.nCell === 1 ? usable - leaf.cellOffset : free + oldSize + 2;
    if (size + 2 > afterDrop) return false;
  }
  // insertAt's overwriteCell leaves a page whose bytes would not change untouched (not dirty).
  if (samePayload && sameBytes(leaf.data, o + head, payload, from, n)) return done(out, leaf.pgno, idx, leaf.data);
  const m = store.getMutablePage(leaf.pgno);
  if (!m.done) return false;
  leaf.data = m.value;
  leaf.writable = true;
  const d = leaf.data;
  if (samePayload) {
    // insertAt's overwriteCell: the payload bytes where the old ones were.
    copyBytes(d, o + head, payload, from, n);
    return done(out, leaf.pgno, idx, d);
  }
  const cell = new Uint8Array(size);
  const p = putVarint(cell, 0, n);
  putVarint(cell, p, rowid);
  copyBytes(cell, head, payload, from, n);
  if (size === oldSize) {
    d.set(cell, o);
    return done(out, leaf.pgno, idx, d);
  }
  dropCell(leaf, idx, oldSize);
  insertCell(leaf.ov, leaf, idx, cell);
  return done(out, leaf.pgno, idx, d);
}

/**
 * {@link tableReplaceInPlace} at the hint, on the leaf's raw bytes (no MemPage, no cell copy, the
 * page through the store's peekPage): the same checks and the same bytes as the MemPage path
 * below it (dropCell then insertCell at the same index: the freed cell joins the freeblock chain,
 * cell-area.ts rule 3, and the new one is allocated by rules 1-2; the pointer array ends as it
 * was but for the cell's own pointer). A drop whose new cell would need the page defragmented
 * hands the rest to insertCell on a MemPage over the bytes. Null, having changed nothing, when
 * the hint does not show the entry, its cell has an overflow page or looks out of shape, or the
 * store cannot make the page writable now: the caller's general search then decides.
 * @throws SqliteError SQLITE_CORRUPT for a malformed freeblock chain.
 */
function replaceAtHint(store: WritablePageStore, rowid: number | bigint, payload: Uint8Array, from: number, n: number, pgno: number, idx: number, out: DroppedEntry): boolean | null {
  const d = pgno > 0 ? pageBytes(store, pgno) : null;
  if (d === null) return null;
  const usable = store.usableSize;
  const h = pgno === 1 ? 100 : 0;
  if (d[h] !== 13) return null;
  const ptrs = h + 8;
  const nCell = (d[h + 3] << 8) | d[h + 4];
  const first = ptrs + 2 * nCell;
  if (idx < 0 || idx >= nCell || first > usable) return null;
  const o = (d[ptrs + 2 * idx] << 8) | d[ptrs + 2 * idx + 1];
  if (o < first || o > usable - 4) return null;
  const k = cellRowid(13, d, o);
  if (k !== rowid && compareNumbers(k, rowid) !== 0) return null;
  // The old cell: payload size, rowid, payload; on the page whole (no overflow page).
  let p = o;
  let oldN = d[p];
  if (oldN < 0x80) p++;
  else {
    oldN = readVarint32(d, p);
    p += lastVarintLength();
  }
  let q = 0;
  while (q < 8 && d[p + q] >= 0x80) q++;
  p += q + 1;
  if (oldN > usable - 35) return null;
  let oldSize = p - o + oldN;
  if (oldSize < MIN_CELL_BYTES) oldSize = MIN_CELL_BYTES;
  if (o + oldSize > usable) return null;
  const head = varintLength(n) + varintLength(rowid);
  const size = Math.max(head + n, MIN_CELL_BYTES);
  const samePayload = oldN === n;
  let free = 0;
  if (!samePayload && size !== oldSize) {
    free = freeBytesOf(d, h, usable, first, pgno);
    const afterDrop = nCell === 1 ? usable - ptrs : free + oldSize + 2;
    if (size + 2 > afterDrop) return false;
  }
  if (samePayload && sameBytes(d, o + head, payload, from, n)) return done(out, pgno, idx, d);
  const m = store.getMutablePage(pgno);
  if (!m.done) return null;
  // The writable bytes are the page's current bytes (the pager's first copy of a clean page).
  const w = m.value;
  if (samePayload) {
    copyBytes(w, o + head, payload, from, n);
    return done(out, pgno, idx, w);
  }
  if (size === oldSize) {
    writeCell(w, o, n, rowid, head, size, payload, from);
    return done(out, pgno, idx, w);
  }
  // dropCell: the old cell's bytes freed, the count one less.
  dropCellBytes(w, h, usable, pgno, o, oldSize, ptrs, idx, first, nCell);
  // insertCell at idx: allocateSpace (rules 1-2) for the new cell.
  const gap = first - 2;
  const top = get2(w, h + 5);
  let at = 0;
  if (gap <= top && top <= usable) {
    if ((w[h + 1] || w[h + 2]) && gap + 2 <= top) {
      at = findSlotIn(w, h, usable, pgno, size);
      if (at !== 0 && at <= gap) throw corrupt(`freeblock at ${at} overlaps the cell pointer array`, pgno, at);
    }
    if (at === 0 && gap + 2 + size <= top) {
      at = top - size;
      put2(w, h + 5, at);
    }
  }
  if (at === 0) {
    // A defragment (or a header out of shape, which insertCell reports): the MemPage path.
    const cell = new Uint8Array(size);
    writeCell(cell, 0, n, rowid, head, size, payload, from);
    const page = writableStorePage(store, pgno, w);
    insertCell(page.ov, page, idx, cell);
    return done(out, pgno, idx, w);
  }
  writeCell(w, at, n, rowid, head, size, payload, from);
  const ins = ptrs + 2 * idx;
  w.copyWithin(ins + 2, ins, gap);
  put2(w, ins, at);
  put2(w, h + 3, nCell);
  return done(out, pgno, idx, w);
}

/** Writes a table leaf cell of `size` bytes at `d[o]`: payload size `n`, `rowid`, the payload (at `payload[from]`), zeros up to `size`. */
function writeCell(d: Uint8Array, o: number, n: number, rowid: number | bigint, head: number, size: number, payload: Uint8Array, from: number): void {
  putVarint(d, o + putVarint(d, o, n), rowid);
  copyBytes(d, o + head, payload, from, n);
  for (let i = o + head + n; i < o + size; i++) d[i] = 0;
}

/** Fills `out` (leaf `pgno`, cell `cell`, the leaf's bytes `page`) and returns true. */
function done(out: DroppedEntry, pgno: number, cell: number, page: Uint8Array): boolean {
  out.pgno = pgno;
  out.cell = cell;
  out.page = page;
  return true;
}

function sameBytes(d: Uint8Array, at: number, b: Uint8Array, from: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (d[at + i] !== b[from + i]) return false;
  return true;
}

/** Payloads up to this size (bytes) are copied byte by byte: `set` would need a view of them first. */
const LOOP_COPY_BYTES = 64;

/** Copies the `n` bytes at `src[from]` to `d[p]`. */
function copyBytes(d: Uint8Array, p: number, src: Uint8Array, from: number, n: number): void {
  if (n <= LOOP_COPY_BYTES || (from === 0 && n === src.length)) {
    if (n <= LOOP_COPY_BYTES) for (let i = 0; i < n; i++) d[p + i] = src[from + i];
    else d.set(src, p);
  } else d.set(src.subarray(from, from + n), p);
}
