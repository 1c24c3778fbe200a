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
 * @module
 */
import { putVarint, varintLength, maxLocalPayload, readVarint32 } from '../../format/index.js';
import type { WritablePageStore } from '../page-store.js';
import { freeSpaceOf } from './cell-area.js';
import { dropCell, insertCell } from './cell-edit.js';
import { findRowid, type DroppedEntry, type EntryHint } from './delete-in-place.js';
import { cellOverflowPgno } from './mem-page.js';

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
