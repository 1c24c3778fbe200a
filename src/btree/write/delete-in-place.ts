/**
 * The in-place delete fast path: an entry whose removal leaves its leaf needing no balance is
 * dropped straight from the store's page, without the operation's private page copies
 * (page-overlay.ts) and without a MemPage per page of the path. One-pass DELETE removes a row and
 * one entry per index this way, where each general delete would copy its leaf twice.
 *
 * ```
 *   root ─▶ … ─▶ leaf: │ ptr … ptr(idx) … ptr │ … │ cell(idx) │ …
 *                      └ pointer array closed up; cell bytes freed (cell-area.ts rule 3)
 * ```
 *
 * It is taken only when the result is byte for byte what the general path (delete.ts) writes:
 * 1. every page on the path is in memory (nothing pends; the path changes nothing until it has
 *    found and checked the entry);
 * 2. the entry lies on a leaf; or, in an index, on an interior page, when its predecessor (the
 *    last cell of the right-most leaf below its left child) can take its place without a
 *    balance (dropInteriorInPlace: the new cell fits, neither page ends more than ⅔ free but a
 *    root, no auto_vacuum);
 * 3. its payload has no overflow page (no chain to free), nor has the predecessor's;
 * 4. the leaf then needs no balance: it is the root, or its free space after the drop is at most
 *    ⅔ of the usable size (balance.ts's first row).
 * Otherwise it returns false having changed nothing, and the caller runs the general path, which
 * also reports any corruption it meets.
 *
 * The deletes read and edit the store's bytes where they lie, without a MemPage or any other
 * object per row (dropLeafCell: cell-area.ts releaseSpace and freeBytesOf on raw bytes; pages
 * through the store's peekPage when it has one, no IOResult per page); the results go into an
 * object the caller owns (BTreeWriter reuses one). {@link findRowid}, for replace-in-place.ts when
 * its cursor's hint misses, and dropInteriorInPlace (a rare case: one key per separator) still use {@link MemPage}s over the
 * store's bytes. A MemPage reads nothing of its overlay but the usable size, so a stand-in
 * carrying only that is passed (with what insertCell asks of it); none of the overlay's
 * copy-on-write methods is reached on this path: a page is written only after the store made it
 * writable.
 *
 * @module
 */
import { SqliteError } from '../../error.js';
import { lastVarintLength, readVarint32, type SqlValue } from '../../format/index.js';
import { compareNumbers } from '../compare.js';
import { estimatedProbes, SEARCH, searchStep } from '../search-step.js';
import { MAX_BTREE_DEPTH } from '../cursor.js';
import type { WritablePageStore } from '../page-store.js';
import { dropCellBytes, freeBytesOf, freeSpaceOf } from './cell-area.js';
import { dropCell, insertCell } from './cell-edit.js';
import { compareRecordToKey, compareRecordToNumbers, firstIntValue } from '../key-compare.js';
import { cellRowid, get4, MemPage } from './mem-page.js';
import type { PageOverlay } from './page-overlay.js';
import type { IndexKeyDef } from './seek-path.js';

/** Least bytes a cell takes on a page (fileformat2 §1.6). */
const MIN_CELL_BYTES = 4;

/** Where an entry was last seen: a leaf page and a cell index (a cursor's position). */
export interface EntryHint {
  pgno: number;
  cell: number;
}

/** Page `pgno` of the store as a read-only MemPage, or null when not in memory or not a b-tree page. */
export function storePage(store: WritablePageStore, pgno: number): MemPage | null {
  if (!(pgno >= 1 && pgno <= store.pageCount)) return null;
  const r = store.getPage(pgno);
  if (!r.done) return null;
  const hdr = pgno === 1 ? 100 : 0;
  const t = r.value[hdr];
  if (t !== 2 && t !== 5 && t !== 10 && t !== 13) return null;
  return new MemPage(standIn(store), pgno, r.value).init();
}

/**
 * A MemPage over `w`, the bytes of page `pgno` that the store has already made writable
 * (getMutablePage), for an in-place path that leaves its raw-byte edits to insertCell half way.
 */
export function writableStorePage(store: WritablePageStore, pgno: number, w: Uint8Array): MemPage {
  const p = new MemPage(standIn(store), pgno, w).init();
  p.writable = true;
  return p;
}

/**
 * The overlay stand-in of the module doc: `usableSize`; `autoVacuum` false (no ptrmap entry
 * changes on these paths: a delete here frees no chain, and replace-in-place.ts leaves auto_vacuum
 * databases to the general path); `makeWritable`, which insertCell calls, for pages the caller
 * has already made writable on the store.
 */
function standIn(store: WritablePageStore): PageOverlay {
  const known = standIns.get(store);
  if (known && known.usableSize === store.usableSize) return known;
  const made = makeStandIn(store);
  standIns.set(store, made);
  return made;
}

/** One stand-in per store (its usable size checked on reuse). */
const standIns = new WeakMap<WritablePageStore, PageOverlay>();

function makeStandIn(store: WritablePageStore): PageOverlay {
  const makeWritable = (page: MemPage): void => {
    if (!page.writable) throw new SqliteError('SQLITE_INTERNAL', `page ${page.pgno} written in place before it was made writable`);
  };
  return { usableSize: store.usableSize, autoVacuum: false, makeWritable } as unknown as PageOverlay;
}

/**
 * Table trees: deletes the entry with `rowid` in place when the module doc's conditions hold.
 * `hintPgno`/`hintCell`: where a cursor saw it (0/−1: no hint); pass them only from a cursor that
 * nothing has moved the tree under since it got there (a freed page may still show the row); a
 * hint that no longer shows the row is ignored. On success fills `out` (where the entry was, the
 * leaf's bytes now) and returns true; false, having changed nothing, when the conditions do not hold.
 * No allocation on the way (one-pass DELETE calls it once per row).
 * @throws SqliteError SQLITE_CORRUPT for a malformed leaf's freeblock chain.
 */
export function tableDeleteInPlace(store: WritablePageStore, root: number, rowid: number | bigint, hintPgno: number, hintCell: number, out: DroppedEntry): boolean {
  const usable = store.usableSize;
  let pgno = hintPgno;
  let idx = -1;
  let d = hintPgno > 0 ? pageBytes(store, hintPgno) : null;
  if (d !== null) {
    const h = pgno === 1 ? 100 : 0;
    const nCell = (d[h + 3] << 8) | d[h + 4];
    if (d[h] === 13 && hintCell >= 0 && hintCell < nCell && h + 8 + 2 * nCell <= usable) {
      const o = (d[h + 8 + 2 * hintCell] << 8) | d[h + 9 + 2 * hintCell];
      if (o >= h + 8 + 2 * nCell && o <= usable - 4 && sameRowid(cellRowid(13, d, o), rowid)) idx = hintCell;
    }
  }
  if (idx < 0) {
    // Down from the root through pages in memory, reading each where it lies.
    pgno = root;
    d = null;
    for (let depth = 0; depth < MAX_BTREE_DEPTH; depth++) {
      const p = pageBytes(store, pgno);
      if (p === null) return false;
      const h = pgno === 1 ? 100 : 0;
      const t = p[h];
      if (t !== 13 && t !== 5) return false;
      const ptrs = h + (t === 13 ? 8 : 12);
      const nCell = (p[h + 3] << 8) | p[h + 4];
      const first = ptrs + 2 * nCell;
      if (first > usable) return false;
      let lo = 0;
      let hi = nCell;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const o = (p[ptrs + 2 * mid] << 8) | p[ptrs + 2 * mid + 1];
        if (o < first || o > usable - 4) return false;
        if (compareNumbers(cellRowid(t, p, o), rowid) < 0) lo = mid + 1;
        else hi = mid;
      }
      if (t === 13) {
        if (lo >= nCell) return false;
        const o = (p[ptrs + 2 * lo] << 8) | p[ptrs + 2 * lo + 1];
        if (!sameRowid(cellRowid(13, p, o), rowid)) return false;
        d = p;
        idx = lo;
        break;
      }
      if (lo < nCell) {
        const o = (p[ptrs + 2 * lo] << 8) | p[ptrs + 2 * lo + 1];
        pgno = get4(p, o);
      } else pgno = get4(p, h + 8);
      if (pgno === root) return false;
    }
    if (d === null) return false;
  }
  const after = dropLeafCell(store, root, pgno, d!, idx);
  if (after === null) return false;
  out.pgno = pgno;
  out.cell = idx;
  out.page = after;
  return true;
}

/** Equal rowids (a number and a bigint of the same value included). */
function sameRowid(a: number | bigint, b: number | bigint): boolean {
  return a === b || compareNumbers(a, b) === 0;
}

/** The bytes of page `pgno` of the store when in memory and a page of the database, else null. */
export function pageBytes(store: WritablePageStore, pgno: number): Uint8Array | null {
  if (!(pgno >= 1 && pgno <= store.pageCount)) return null;
  const held = store.peekPage?.(pgno);
  if (held !== undefined) return held;
  const r = store.getPage(pgno);
  return r.done ? r.value : null;
}

/** Where an entry was removed or rewritten in place: its leaf, its cell index, the leaf's bytes now. */
export interface DroppedEntry {
  pgno: number;
  cell: number;
  page: Uint8Array;
}

/**
 * Table trees: the leaf and cell holding `rowid` — at `hint` when that leaf still holds it there,
 * else searched from the root through pages in memory. Null when absent or a page is not in memory.
 * @throws SqliteError SQLITE_CORRUPT for a malformed page.
 */
export function findRowid(store: WritablePageStore, root: number, rowid: number | bigint, hint: EntryHint | null): { leaf: MemPage; idx: number } | null {
  if (hint) {
    const p = storePage(store, hint.pgno);
    if (p && p.type === 13 && hint.cell < p.nCell && compareNumbers(cellRowid(13, p.data, p.cellPtr(hint.cell)), rowid) === 0) return { leaf: p, idx: hint.cell };
  }
  let pgno = root;
  for (let depth = 0; depth < MAX_BTREE_DEPTH; depth++) {
    const p = storePage(store, pgno);
    if (!p || (p.type !== 13 && p.type !== 5)) return null;
    let lo = 0;
    let hi = p.nCell;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareNumbers(cellRowid(p.type, p.data, p.cellPtr(mid)), rowid) < 0) lo = mid + 1;
      else hi = mid;
    }
    if (p.leaf) return lo < p.nCell && compareNumbers(cellRowid(13, p.data, p.cellPtr(lo)), rowid) === 0 ? { leaf: p, idx: lo } : null;
    pgno = p.childAt(lo);
    if (pgno === root) return null;
  }
  return null;
}

/**
 * Index trees: deletes the entry equal to `key` under `def` in place when the module doc's
 * conditions hold (every record on the way compared where it lies, key-compare.ts). Returns false,
 * having changed nothing, otherwise.
 * @throws SqliteError SQLITE_CORRUPT for a malformed leaf.
 */
export function indexDeleteInPlace(store: WritablePageStore, root: number, key: readonly SqlValue[], def: IndexKeyDef): boolean {
  const probe = def.keyFields === undefined ? key : key.slice(0, def.keyFields);
  const usable = store.usableSize;
  const maxLocal = maxIndexLocal(usable);
  // A key of numbers only, every field ASC (an INTEGER column and the rowid): the tight compare.
  const numbers = allAscNumbers(probe, def.keyInfo.desc) && probe.length > 0;
  const p0 = numbers ? (probe[0] as number) : 0;
  let pgno = root;
  // The first fields of the keys below `pgno` lie in [floor, ceil]: the parent's dividers around
  // the child taken (NaN: not known, or not a small integer), for searchStep's estimate
  // (search-step.ts).
  let floor = NaN;
  let ceil = NaN;
  for (let depth = 0; depth < MAX_BTREE_DEPTH; depth++) {
    // The page read where it lies (a MemPage only for the leaf that changes); anything out of
    // shape goes the general way, which reports it.
    const d = pageBytes(store, pgno);
    if (d === null) return false;
    const h = pgno === 1 ? 100 : 0;
    const t = d[h];
    if (t !== 10 && t !== 2) return false;
    const ptrs = h + (t === 10 ? 8 : 12);
    const nCell = (d[h + 3] << 8) | d[h + 4];
    const first = ptrs + 2 * nCell;
    if (first > usable) return false;
    let lo = 0;
    let hi = nCell;
    // First fields of cells lo − 1 and hi (the nearest cells probed below and above the key).
    let vlo = floor;
    let vhi = ceil;
    // Estimated probes first, then halving ones (search-step.ts).
    let estimates = numbers && SEARCH.estimate ? estimatedProbes(nCell) : 0;
    while (lo < hi) {
      const mid = estimates-- > 0 ? searchStep(lo, hi, vlo, vhi, p0) : (lo + hi) >> 1;
      const o = (d[ptrs + 2 * mid] << 8) | d[ptrs + 2 * mid + 1];
      if (o < first || o > usable - 4) return false;
      const at = t === 2 ? o + 4 : o;
      let n = d[at];
      let start = at + 1;
      if (n >= 0x80) {
        n = readVarint32(d, at);
        start = at + lastVarintLength();
      }
      // Records that spill, or do not parse, go the general way (it decodes and reports them).
      if (n > maxLocal || start + n > usable) return false;
      let c: number;
      let v = NaN;
      if (numbers) {
        // The first field decides almost every step of the search: read without a call when it
        // is a small integer; equal, or anything else, the whole compare (same order).
        v = firstIntValue(d, start, n);
        c = v !== v || v === p0 ? compareRecordToNumbers(d, start, n, probe as readonly number[], def.keyInfo, def.encoding) : v < p0 ? -1 : 1;
      } else c = compareRecordToKey(d, start, n, probe, def.keyInfo, def.encoding);
      if (Number.isNaN(c)) return false;
      if (c < 0) {
        lo = mid + 1;
        vlo = v;
      } else if (c > 0) {
        hi = mid;
        vhi = v;
      } else return t === 10 ? dropLeafCell(store, root, pgno, d, mid) !== null : dropInteriorInPlace(store, root, pgno, d, mid);
    }
    if (t === 10) return false;
    floor = vlo;
    ceil = vhi;
    if (lo < nCell) {
      const o = (d[ptrs + 2 * lo] << 8) | d[ptrs + 2 * lo + 1];
      if (o < first || o > usable - 4) return false;
      pgno = get4(d, o);
    } else pgno = get4(d, h + 8);
    if (pgno === root) return false;
  }
  return false;
}

/** True when every value of `probe` is a number and no field is DESC (no closure per call). */
function allAscNumbers(probe: readonly SqlValue[], desc: readonly boolean[] | undefined): boolean {
  if (desc !== undefined) for (let i = 0; i < desc.length; i++) if (desc[i]) return false;
  for (let i = 0; i < probe.length; i++) if (typeof probe[i] !== 'number') return false;
  return true;
}

/** SQLite's maxLocal of an index page (format/payload.ts maxLocalPayload 'index'), without the kind string. */
function maxIndexLocal(usable: number): number {
  return Math.floor(((usable - 12) * 64) / 255) - 23;
}

/**
 * The free bytes (freeBytesOf's count) of the leaf the last in-place drop wrote, SQLite's
 * MemPage.nFree kept between calls: a one-pass DELETE drops cell after cell from one table leaf,
 * and walking its freeblock chain for rule 4 at each drop (a chain one block longer each time) was
 * most of a table drop. Valid only while `stamp` is the store's changeCount (no page made writable
 * since: every other write bumps it, a savepoint restore too) and the leaf's bytes are `page`
 * (a rollback, a commit or a new copy gives other bytes); then those bytes are as that drop left
 * them. A drop on another page moves the stamp on (it writes that page alone). Page 1 is never kept.
 */
interface FreeMemo {
  /** The store of the last drop kept, or {@link NO_STORE}. */
  store: WritablePageStore;
  pgno: number;
  page: Uint8Array;
  stamp: number;
  free: number;
}
/**
 * "No store": a stand-in object rather than null, so that `memo.store === store` always compares
 * two objects (V8 optimized that compare for objects and deoptimized dropLeafCell when the memo
 * held null, once per database).
 */
const NO_STORE = Object.freeze({}) as WritablePageStore;
const freeMemo: FreeMemo = { store: NO_STORE, pgno: 0, page: new Uint8Array(0), stamp: -1, free: 0 };

/**
 * Rules 3 and 4 for cell `idx` of the leaf `pgno` (table or index) whose bytes in the store are
 * `d`, then the drop on the store's writable bytes, on raw bytes (SQLite's dropCell: the cell's
 * bytes join the freeblock chain, the pointer array closes up). Returns the leaf's bytes after
 * the drop, or null, having changed nothing, when a rule does not hold or the cell is out of shape
 * (the general path reports that).
 * @throws SqliteError SQLITE_CORRUPT for a malformed freeblock chain.
 */
function dropLeafCell(store: WritablePageStore, root: number, pgno: number, d: Uint8Array, idx: number): Uint8Array | null {
  const usable = store.usableSize;
  const h = pgno === 1 ? 100 : 0;
  const t = d[h];
  if (t !== 13 && t !== 10) return null;
  const ptrs = h + 8;
  const nCell = (d[h + 3] << 8) | d[h + 4];
  const first = ptrs + 2 * nCell;
  if (idx < 0 || idx >= nCell || first > usable) return null;
  const o = (d[ptrs + 2 * idx] << 8) | d[ptrs + 2 * idx + 1];
  if (o < first || o > usable - 4) return null;
  // Rule 3: the payload lies on the page (at most maxLocal bytes) — no overflow chain to free.
  let p = o;
  let payload = d[p];
  if (payload < 0x80) p++;
  else {
    payload = readVarint32(d, p);
    p += lastVarintLength();
  }
  if (t === 13) {
    let k = 0;
    while (k < 8 && d[p + k] >= 0x80) k++;
    p += k + 1;
    if (payload > usable - 35) return null;
  } else if (payload > maxIndexLocal(usable)) return null;
  let size = p - o + payload;
  if (size < MIN_CELL_BYTES) size = MIN_CELL_BYTES;
  if (o + size > usable) return null;
  // Rule 4. Each cell left takes at least MIN_CELL_BYTES of the content area, which bounds the free
  // space after the drop: when that bound is within nMin the freeblock chain need not be walked.
  const nMin = Math.floor((usable * 2) / 3);
  const left = nCell - 1;
  // Free bytes before the drop, when known (freeMemo) or walked; -1 when not needed.
  const stamp = store.changeCount;
  const memo = freeMemo;
  const known = stamp !== undefined && memo.store === store && memo.stamp === stamp;
  let before = known && memo.pgno === pgno && memo.page === d ? memo.free : -1;
  if (pgno !== root && usable - ptrs - (2 + MIN_CELL_BYTES) * left > nMin) {
    if (left > 0 && before < 0) before = freeBytesOf(d, h, usable, first, pgno);
    const after = left === 0 ? usable - ptrs : before + size + 2;
    if (after > nMin) return null;
  }
  // The writable bytes are the page's current bytes (the pager's first copy of a clean page); a
  // page already writable in this transaction without an IOResult (peekMutablePage).
  let w = store.peekMutablePage?.(pgno);
  if (w === undefined) {
    const m = store.getMutablePage(pgno);
    if (!m.done) return null;
    w = m.value;
  }
  dropCellBytes(w, h, usable, pgno, o, size, ptrs, idx, first, nCell);
  if (stamp !== undefined && pgno !== 1) {
    // The drop adds the cell and its pointer to the free bytes (freeblock, gap or fragments).
    if (left === 0 || before >= 0) {
      memo.store = store;
      memo.pgno = pgno;
      memo.page = w;
      memo.free = left === 0 ? usable - ptrs : before + size + 2;
      memo.stamp = store.changeCount!;
    } else if (known && memo.pgno !== pgno) memo.stamp = store.changeCount!;
    else memo.store = NO_STORE;
  } else memo.store = NO_STORE;
  return w;
}

/**
 * Index trees: the entry is cell `idx` of the interior page `pgno` (bytes `d`): SQLite's
 * sqlite3BtreeDelete of an interior cell, in place. Its predecessor, the last cell of the
 * right-most leaf below its left child, takes its place (with the same left child), then leaves
 * that leaf: the bytes delete.ts's deleteAt writes, taken only when its balance() would stop at
 * once — the leaf then at most ⅔ free, the interior page holding the new cell without overflow and
 * at most ⅔ free unless it is the root — with no overflow chain on either cell, every page in
 * memory and no auto_vacuum (no ptrmap entry moves). Returns false, having changed nothing,
 * otherwise (the general path then runs; a one-pass DELETE meets one such key per leaf it
 * empties of a separator, ~90 of 33k rows in the bench, each a full page-overlay operation).
 * @throws SqliteError SQLITE_CORRUPT for a malformed cell or freeblock chain.
 */
function dropInteriorInPlace(store: WritablePageStore, root: number, pgno: number, d: Uint8Array, idx: number): boolean {
  if (store.header.largestRootPage !== 0) return false;
  const usable = store.usableSize;
  const maxLocal = maxIndexLocal(usable);
  const nMin = Math.floor((usable * 2) / 3);
  const parent = new MemPage(standIn(store), pgno, d).init();
  if (parent.type !== 2 || idx >= parent.nCell) return false;
  const o = parent.cellPtr(idx);
  const size = parent.cellSize(o);
  if (readVarint32(d, o + 4) > maxLocal) return false;
  const child = get4(d, o);
  // Down the right edge of the left child to its right-most leaf.
  let lpgno = child;
  let leafBytes: Uint8Array | null = null;
  for (let depth = 0; depth < MAX_BTREE_DEPTH && leafBytes === null; depth++) {
    if (lpgno === root || lpgno === pgno) return false;
    const b = pageBytes(store, lpgno);
    if (b === null) return false;
    const h = lpgno === 1 ? 100 : 0;
    if (b[h] === 10) leafBytes = b;
    else if (b[h] === 2) lpgno = get4(b, h + 8);
    else return false;
  }
  if (leafBytes === null) return false;
  const leaf = new MemPage(standIn(store), lpgno, leafBytes).init();
  if (leaf.nCell === 0) return false;
  const last = leaf.nCell - 1;
  const lo = leaf.cellPtr(last);
  const lsize = leaf.cellSize(lo);
  if (readVarint32(leafBytes, lo) > maxLocal) return false;
  // The leaf after its drop: at most ⅔ free (it is never the root).
  const leafFree = last === 0 ? usable - leaf.cellOffset : freeSpaceOf(leaf) + lsize + 2;
  if (leafFree > nMin) return false;
  // The interior page: the new cell (left child + the leaf's cell) fits after the old one's drop
  // (else insertCell would make it an overflow cell), and the page is then at most ⅔ free or the root.
  const free = freeSpaceOf(parent) + size + 2;
  const cellSize = 4 + lsize;
  if (cellSize + 2 > free) return false;
  if (pgno !== root && free - (cellSize + 2) > nMin) return false;
  const mp = store.getMutablePage(pgno);
  if (!mp.done) return false;
  const ml = store.getMutablePage(lpgno);
  if (!ml.done) return false;
  // delete.ts deleteAt's order: drop from the interior page, copy the predecessor, insert it, drop it from the leaf.
  parent.data = mp.value;
  parent.writable = true;
  dropCell(parent, idx, size);
  leaf.data = ml.value;
  leaf.writable = true;
  const cell = new Uint8Array(cellSize);
  cell.set(leaf.data.subarray(lo, lo + lsize), 4);
  insertCell(parent.ov, parent, idx, cell, child);
  if (parent.ovfl.length !== 0) throw new SqliteError('SQLITE_INTERNAL', `in-place interior delete overflowed page ${pgno}`);
  dropCell(leaf, last, lsize);
  return true;
}
