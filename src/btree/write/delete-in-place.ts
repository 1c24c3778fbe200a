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
 * 2. the entry lies on a leaf (an index entry found on an interior page goes the general way);
 * 3. its payload has no overflow page (no chain to free);
 * 4. the leaf then needs no balance: it is the root, or its free space after the drop is at most
 *    ⅔ of the usable size (balance.ts's first row).
 * Otherwise it returns false having changed nothing, and the caller runs the general path, which
 * also reports any corruption it meets.
 *
 * The pages are read through {@link MemPage}s over the store's own bytes. A MemPage reads nothing
 * of its overlay but the usable size, so a stand-in carrying only that is passed (with what
 * insertCell asks of it for replace-in-place.ts); none of the overlay's copy-on-write methods is
 * reached on this path: a page is written only after the store made it writable.
 *
 * @module
 */
import { SqliteError } from '../../error.js';
import { lastVarintLength, localPayloadSize, maxLocalPayload, readVarint32, type SqlValue } from '../../format/index.js';
import { compareNumbers } from '../compare.js';
import { MAX_BTREE_DEPTH } from '../cursor.js';
import type { WritablePageStore } from '../page-store.js';
import { freeSpaceOf } from './cell-area.js';
import { dropCell } from './cell-edit.js';
import { compareRecordToKey, compareRecordToNumbers } from './key-compare.js';
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
 * `hint` is where a cursor saw it ({@link findRowid}); pass one only from a cursor that nothing
 * has moved the tree under since it got there (a freed page may still show the row). Returns
 * where the entry was, or null, having changed nothing, when the conditions do not hold.
 * @throws SqliteError SQLITE_CORRUPT for a malformed leaf.
 */
export function tableDeleteInPlace(store: WritablePageStore, root: number, rowid: number | bigint, hint: EntryHint | null): DroppedEntry | null {
  const at = findRowid(store, root, rowid, hint);
  return at !== null && dropInPlace(store, root, at.leaf, at.idx) ? { pgno: at.leaf.pgno, cell: at.idx, page: at.leaf.data } : null;
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
  const maxLocal = maxLocalPayload(usable, 'index');
  // A key of numbers only, every field ASC (an INTEGER column and the rowid): the tight compare.
  const numbers = allAscNumbers(probe, def.keyInfo.desc);
  let pgno = root;
  for (let depth = 0; depth < MAX_BTREE_DEPTH; depth++) {
    // The page read where it lies (a MemPage only for the leaf that changes); anything out of
    // shape goes the general way, which reports it.
    if (!(pgno >= 1 && pgno <= store.pageCount)) return false;
    const r = store.getPage(pgno);
    if (!r.done) return false;
    const d = r.value;
    const h = pgno === 1 ? 100 : 0;
    const t = d[h];
    if (t !== 10 && t !== 2) return false;
    const ptrs = h + (t === 10 ? 8 : 12);
    const nCell = (d[h + 3] << 8) | d[h + 4];
    const first = ptrs + 2 * nCell;
    if (first > usable) return false;
    let lo = 0;
    let hi = nCell;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
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
      const c = numbers ? compareRecordToNumbers(d, start, n, probe as readonly number[], def.keyInfo, def.encoding) : compareRecordToKey(d, start, n, probe, def.keyInfo, def.encoding);
      if (Number.isNaN(c)) return false;
      if (c < 0) lo = mid + 1;
      else if (c > 0) hi = mid;
      else return t === 10 && dropInPlace(store, root, new MemPage(standIn(store), pgno, d).init(), mid);
    }
    if (t === 10) return false;
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

/** Rules 3 and 4 for cell `idx` of `leaf`, then the drop on the store's writable bytes. */
function dropInPlace(store: WritablePageStore, root: number, leaf: MemPage, idx: number): boolean {
  const o = leaf.cellPtr(idx);
  const size = leaf.cellSize(o);
  const payload = readVarint32(leaf.data, o);
  if (localPayloadSize(payload, store.usableSize, leaf.type === 13 ? 'table' : 'index') !== payload) return false;
  const nMin = Math.floor((store.usableSize * 2) / 3);
  // Rule 4. Each cell left takes at least MIN_CELL_BYTES of the content area, which bounds the free
  // space after the drop: when that bound is within nMin the freeblock chain need not be walked.
  const left = leaf.nCell - 1;
  const bound = leaf.usableSize - leaf.cellOffset - (2 + MIN_CELL_BYTES) * left;
  const walk = leaf.pgno !== root && bound > nMin;
  if (walk) {
    const after = left === 0 ? leaf.usableSize - leaf.cellOffset : freeSpaceOf(leaf) + size + 2;
    if (after > nMin) return false;
  }
  const m = store.getMutablePage(leaf.pgno);
  if (!m.done) return false;
  // The writable bytes are the page's current bytes (the pager's first copy of a clean page).
  leaf.data = m.value;
  leaf.writable = true;
  // dropCell keeps nFree up to date for the balancer; this MemPage ends here, so when the chain was
  // not walked nothing needs its value (0 keeps dropCell from walking it).
  if (!walk) leaf.nFree = 0;
  dropCell(leaf, idx, size);
  return true;
}
