/**
 * The append fast path: an insert whose key is larger than every key of the tree goes straight to
 * the right-most leaf and is written there in place, without a seek from the root, without the
 * operation's private page copies (page-overlay.ts) and without a balance (SQLite's BTREE_APPEND
 * hint, which OP_Insert / OP_IdxInsert pass with OPFLAG_APPEND: rowids from NewRowid, sorted keys
 * of CREATE INDEX).
 *
 * ```
 *   root ─rightChild─▶ … ─rightChild─▶ right-most leaf
 *                                      │ ptr ptr … ptr │ gap ≥ cell + 2 │ content … │
 *                                                      └── new cell taken from the top of the gap
 * ```
 *
 * It is taken only when the result is byte for byte what the general path (insert.ts) writes:
 * 1. every page on the right edge is in memory (no I/O can be pending: the path changes nothing
 *    unless it runs to the end in one synchronous stretch);
 * 2. the leaf's last key is smaller than the new key (so the entry is new, not a replacement, and
 *    its place is after the last cell); an empty leaf only when it is the root;
 * 3. the payload has no overflow page (payload ≤ maxLocal, fileformat2 §1.6);
 * 4. the leaf has no freeblock (rule 1 of cell-area.ts would look there first) and the gap holds
 *    the cell and its 2-byte pointer (rule 2 takes the cell from the top of the gap, no defragment).
 * When any test fails the caller runs the general path, which also reports any corruption.
 *
 * Table inserts try the path without a hint from the VDBE, so that a walk down the right edge is not
 * paid (nor, under a small cache, pages loaded) for every insert in the middle of a tree: the caller
 * keeps, per root, the largest rowid last seen at the right edge ({@link EdgeHints}), and a rowid not
 * above it goes to the general path at once. The hint only filters: a stale one makes an append take
 * the general path, never a wrong write.
 *
 * Appends also remember where the last one went ({@link LeafEdge}, {@link IndexEdge}): its leaf
 * (and for an index its key), with the store's change count right after it. While the count is
 * unchanged no page has changed since, so that leaf is still the right-most one and its last cell is
 * that entry: the next append to the tree skips the walk down the right edge and the decode of the
 * last cell (a table's last rowid is then its hint; an index compares with the remembered key).
 *
 * A run of index records already known to be in increasing order (CREATE INDEX's sorted keys) is
 * appended by {@link indexAppendRun}: record after record into the remembered leaf while each fits
 * in its gap, the leaf made writable once, no compare per record: the source vouches for the order,
 * from the record the last append put there (the remembered key) on.
 *
 * @module
 */
import { readVarint, readVarint32, lastVarintLength, maxLocalPayload, putVarint, varintLength, type SqlValue } from '../../format/index.js';
import { compareKeys, compareNumbers } from '../compare.js';
import { compareRecordToKey } from '../key-compare.js';
import { MAX_BTREE_DEPTH } from '../cursor.js';
import type { WritablePageStore } from '../page-store.js';
import { get2, get4, put2, put4, varintSpan } from './mem-page.js';
import { SqliteError } from '../../error.js';
import { settleFields } from '../../keep-shape.js';
import type { IndexKeyDef } from './seek-path.js';
import { objectArray, resizeValues } from '../../format/value-array.js';
import { indexAppendSplit } from './index-append-split.js';

/** Least cell size on a page (fileformat2 §1.6: a cell takes at least 4 bytes). */
const MIN_CELL_BYTES = 4;

/** The right-most leaf of a tree: page number, bytes, header offset (100 on page 1). */
interface EdgeLeaf {
  pgno: number;
  d: Uint8Array;
  hdr: number;
  nCell: number;
}

/**
 * Follows right-most child pointers from `root` to a leaf of type `leafType`; null when a page is
 * not in memory or the shape is not that of a valid tree (the general path then decides).
 */
function rightmostLeaf(store: WritablePageStore, root: number, leafType: number, interiorType: number): EdgeLeaf | null {
  let pgno = root;
  for (let depth = 0; depth < MAX_BTREE_DEPTH; depth++) {
    const r = store.getPage(pgno);
    if (!r.done) return null;
    const d = r.value;
    const hdr = pgno === 1 ? 100 : 0;
    const t = d[hdr];
    if (t === leafType) {
      const nCell = get2(d, hdr + 3);
      if (nCell === 0 && pgno !== root) return null;
      return { pgno, d, hdr, nCell };
    }
    if (t !== interiorType) return null;
    pgno = get4(d, hdr + 8);
    if (pgno < 1 || pgno > store.pageCount || pgno === root) return null;
  }
  return null;
}

/** Offset of the last cell of `leaf`, or −1 when its pointer is out of range. */
function lastCellOffset(leaf: EdgeLeaf, usableSize: number): number {
  const cellOffset = leaf.hdr + 8;
  const pc = get2(leaf.d, cellOffset + 2 * (leaf.nCell - 1));
  return pc < cellOffset + 2 * leaf.nCell || pc > usableSize - MIN_CELL_BYTES ? -1 : pc;
}

/**
 * Rule 4: the offset where a `size`-byte cell goes in the gap of `leaf`, or −1 when it does not fit
 * there or the leaf has freeblocks.
 */
function gapSlot(leaf: EdgeLeaf, size: number, usableSize: number): number {
  const { d, hdr } = leaf;
  if (d[hdr + 1] !== 0 || d[hdr + 2] !== 0) return -1;
  const top = ((get2(d, hdr + 5) - 1) & 0xffff) + 1;
  if (top > usableSize) return -1;
  const gap = hdr + 8 + 2 * leaf.nCell;
  return gap + 2 + size <= top ? top - size : -1;
}

/** Payloads up to this size (bytes) are copied byte by byte (cheaper than `set` for short ones). */
const SMALL_PAYLOAD_BYTES = 16;

/**
 * Payloads that lie inside a larger buffer are copied byte by byte up to this size (bytes): `set`
 * would need a view of them first (an allocation, ~70 ns).
 */
const INNER_PAYLOAD_BYTES = 64;

/** Copies the `n` payload bytes at `src[from]` to `d[p]`. */
function copyPayload(d: Uint8Array, p: number, src: Uint8Array, from: number, n: number): void {
  if (n <= SMALL_PAYLOAD_BYTES || (n <= INNER_PAYLOAD_BYTES && n !== src.length)) for (let i = 0; i < n; i++) d[p + i] = src[from + i];
  else d.set(n === src.length ? src : src.subarray(from, from + n), p);
}

/** Writes the pointer to the cell at `at` after the last one and the new cell count and content start. */
function commitCell(d: Uint8Array, leaf: EdgeLeaf, at: number): void {
  const hdr = leaf.hdr;
  put2(d, hdr + 8 + 2 * leaf.nCell, at);
  put2(d, hdr + 3, leaf.nCell + 1);
  put2(d, hdr + 5, at);
}

/** Per root page, the largest rowid last seen at the right edge of a table tree (module doc). */
export type EdgeHints = Map<number, number | bigint>;

/**
 * The last append (module doc): tree `root`, its right-most leaf `pgno`, valid while the store's
 * change count is `stamp`.
 */
export interface LeafEdge {
  root: number;
  pgno: number;
  stamp: number;
}

/**
 * The leaf `edge` remembers, of type `leafType`, when it is still valid for `root` (module doc);
 * else null.
 */
function rememberedLeaf(store: WritablePageStore, root: number, edge: LeafEdge | null, leafType: number): EdgeLeaf | null {
  if (edge === null || edge.root !== root || store.changeCount === undefined || edge.stamp !== store.changeCount) return null;
  let d = store.peekPage?.(edge.pgno);
  if (d === undefined) {
    const r = store.getPage(edge.pgno);
    if (!r.done) return null;
    d = r.value;
  }
  const hdr = edge.pgno === 1 ? 100 : 0;
  const nCell = get2(d, hdr + 3);
  if (d[hdr] !== leafType || nCell === 0) return null;
  // One object for every call (its caller is done with it before the next): no allocation per row.
  const leaf = REMEMBERED;
  leaf.pgno = edge.pgno;
  leaf.d = d;
  leaf.hdr = hdr;
  leaf.nCell = nCell;
  return leaf;
}

/** What {@link rememberedLeaf} returns, rewritten by each call. */
const REMEMBERED: EdgeLeaf = { pgno: 0, d: new Uint8Array(0), hdr: 0, nCell: 0 };

/**
 * Remembers that the last append to `root` went to leaf `pgno` (module doc), in `edge.last` (made
 * by `make` the first time, then rewritten in place); null when the store keeps no change count.
 */
function rememberLeaf<E extends LeafEdge>(store: WritablePageStore, edge: { last: E | null }, root: number, pgno: number, make: () => E): E | null {
  if (store.changeCount === undefined) return null;
  const e = edge.last ?? (edge.last = make());
  e.root = root;
  e.pgno = pgno;
  e.stamp = store.changeCount;
  return e;
}

const newLeafEdge = (): LeafEdge => ({ root: 0, pgno: 0, stamp: 0 });
/** A new edge; its key array keeps one layout (format/value-array.ts). */
const newIndexEdge = (): IndexEdge => ({ root: 0, pgno: 0, stamp: 0, key: objectArray<SqlValue>(0) });

// Edges live as long as their writer (one write transaction): one of each kept, its fields written
// once more as each append rewrites them (keep-shape.ts settleFields); REMEMBERED's too.
settleFields(newLeafEdge(), { root: 1, pgno: 1, stamp: 1 });
settleFields(newIndexEdge(), { root: 1, pgno: 1, stamp: 1 });
settleFields(REMEMBERED, { pgno: 1, d: new Uint8Array(1), hdr: 1, nCell: 1 }, { pgno: 0, d: new Uint8Array(0), hdr: 0, nCell: 0 });

/**
 * Table trees: appends (`rowid`, `payload`) in place when `rowid` is larger than every rowid of the
 * tree and the module doc's conditions hold, updating `hints`. Returns false, having changed
 * nothing in the store, otherwise.
 * `from`/`n`: where the payload lies in `payload` (bytes; default all of it), as for
 * {@link indexAppend}.
 */
export function tableAppend(store: WritablePageStore, root: number, rowid: number | bigint, payload: Uint8Array, hints: EdgeHints, edge: { last: LeafEdge | null } = { last: null }, from = 0, n = payload.length - from): boolean {
  const known = hints.get(root);
  if (known !== undefined && compareNumbers(known, rowid) >= 0) return false;
  const usable = store.usableSize;
  if (n > maxLocalPayload(usable, 'table')) return false;
  // A remembered leaf's last rowid is `known` (the append that set the edge set the hint).
  let leaf = known === undefined ? null : rememberedLeaf(store, root, edge.last, 13);
  const remembered = leaf !== null;
  leaf ??= rightmostLeaf(store, root, 13, 5);
  if (!leaf) return false;
  if (!remembered && leaf.nCell > 0) {
    const pc = lastCellOffset(leaf, usable);
    if (pc < 0) return false;
    const last = readVarint(leaf.d, pc + varintSpan(leaf.d, pc));
    if (compareNumbers(last, rowid) >= 0) {
      hints.set(root, last);
      return false;
    }
  }
  const head = varintLength(n) + varintLength(rowid);
  const size = Math.max(head + n, MIN_CELL_BYTES);
  const at = gapSlot(leaf, size, usable);
  // The general path appends (and balances): afterwards the edge holds `rowid`.
  hints.set(root, rowid);
  if (at < 0) return remembered && appendToNewLeaf(store, root, leaf, rowid, payload, from, n, size, usable, edge);
  // The leaf the last append wrote is writable already: no IOResult for it.
  let d = store.peekMutablePage?.(leaf.pgno);
  if (d === undefined) {
    const m = store.getMutablePage(leaf.pgno);
    if (!m.done) return false;
    d = m.value;
  }
  let p = at + putVarint(d, at, n);
  p += putVarint(d, p, rowid);
  copyPayload(d, p, payload, from, n);
  if (head + n < size) d.fill(0, p + n, at + size);
  commitCell(d, leaf, at);
  rememberLeaf(store, edge, root, leaf.pgno, newLeafEdge);
  return true;
}

/**
 * The append when the cell does not fit on the remembered right-most leaf: what the general path
 * does then (insert.ts, balance.ts: the cell overflows the leaf, balance-quick.ts moves it alone to
 * a new right sibling and adds the divider (leaf, `lastRowid`) to the parent), done in place on the
 * store's pages, byte for byte the same, when no other step of the general path can follow:
 * - the tree's root is not page 1 and the leaf is not the root (balance-quick's parent is not page 1;
 *   a root leaf goes to balance-deeper);
 * - the leaf has no freeblock and no fragmented byte (its free space is its gap, which the cell and
 *   its pointer overflow: insertCell's overflow);
 * - the freelist is empty and the database is not auto_vacuum (allocatePage rule 1, no pointer map):
 *   the new page is the store's next one;
 * - the parent, found down the right edge in memory, has no freeblock and its gap takes the divider
 *   and its pointer (no overflow, no defragment), and afterwards is the root or at most ⅔ free
 *   (balance() stops there);
 * - page 1 (its size field changes), the parent and the leaf are writable in this transaction
 *   already (peekMutablePage: no I/O, as the overlay's commit would make them writable).
 * Returns false, having changed no byte, otherwise.
 */
function appendToNewLeaf(store: WritablePageStore, root: number, leaf: EdgeLeaf, rowid: number | bigint, payload: Uint8Array, from: number, n: number, size: number, usable: number, edge: { last: LeafEdge | null }): boolean {
  if (root === 1 || leaf.pgno === root || store.peekPage === undefined || store.peekMutablePage === undefined) return false;
  const h = store.header;
  if (h.freelistCount !== 0 || h.largestRootPage !== 0) return false;
  const ld = leaf.d;
  const lh = leaf.hdr;
  if (ld[lh + 1] !== 0 || ld[lh + 2] !== 0 || ld[lh + 7] !== 0) return false;
  if (((get2(ld, lh + 5) - 1) & 0xffff) + 1 > usable) return false;
  const lpc = lastCellOffset(leaf, usable);
  if (lpc < 0) return false;
  const lastRowid = readVarint(ld, lpc + varintSpan(ld, lpc));
  // The parent: the interior page whose right child is the leaf.
  let parent = root;
  let pd = store.peekPage(root);
  for (let depth = 0; ; depth++) {
    if (pd === undefined || pd[0] !== 5 || depth >= MAX_BTREE_DEPTH) return false;
    const child = get4(pd, 8);
    if (child === leaf.pgno) break;
    if (child < 2 || child > store.pageCount || child === root) return false;
    parent = child;
    pd = store.peekPage(child);
  }
  const dsz = 4 + varintLength(lastRowid);
  const pn = get2(pd, 3);
  if (pd[1] !== 0 || pd[2] !== 0) return false;
  const ptop = ((get2(pd, 5) - 1) & 0xffff) + 1;
  const pgap = 12 + 2 * pn;
  if (ptop > usable || pgap + 2 + dsz > ptop) return false;
  if (parent !== root && ptop - pgap - 2 - dsz + pd[7] > Math.floor((usable * 2) / 3)) return false;
  if (store.peekMutablePage(1) === undefined) return false;
  const pm = store.peekMutablePage(parent);
  if (pm === undefined) return false;
  const lm = store.peekMutablePage(leaf.pgno);
  if (lm === undefined) return false;
  // The new leaf: the one cell at the end of the usable area (rebuildPage's layout).
  const next = store.appendPage();
  const r = store.getMutablePage(next);
  if (!r.done) throw new SqliteError('SQLITE_INTERNAL', `appended page ${next} is not in memory`);
  const nd = r.value;
  const at = usable - size;
  nd[0] = 13;
  let p = at + putVarint(nd, at, n);
  p += putVarint(nd, p, rowid);
  copyPayload(nd, p, payload, from, n);
  put2(nd, 3, 1);
  put2(nd, 5, at);
  put2(nd, 8, at);
  // The divider at the top of the parent's gap, its pointer last; the new leaf its right child.
  const dat = ptop - dsz;
  put4(pm, dat, leaf.pgno);
  putVarint(pm, dat + 4, lastRowid);
  put2(pm, pgap, dat);
  put2(pm, 3, pn + 1);
  put2(pm, 5, dat);
  put4(pm, 8, next);
  rememberLeaf(store, edge, root, next, newLeafEdge);
  return true;
}

/**
 * Table trees: true when `rowid` is known to be larger than every rowid of tree `root` without a
 * page read: the last append went to `root` and the store's change count is still the one right
 * after it (module doc), so that append's rowid — `hints`' entry for `root` — is the largest. A seek
 * for `rowid` would find nothing (OP_NotExists, SQLite's BTCF_AtLast test in
 * sqlite3BtreeTableMoveto). False: not known (the caller seeks).
 */
export function tableAboveLast(store: WritablePageStore, root: number, rowid: number | bigint, hints: EdgeHints, edge: { last: LeafEdge | null }): boolean {
  const e = edge.last;
  if (e === null || e.root !== root || store.changeCount === undefined || e.stamp !== store.changeCount) return false;
  const known = hints.get(root);
  return known !== undefined && (typeof known === 'number' && typeof rowid === 'number' ? known < rowid : compareNumbers(known, rowid) < 0);
}

/**
 * The last index append (module doc): a {@link LeafEdge} and the key of that leaf's last cell.
 */
export interface IndexEdge extends LeafEdge {
  /** A copy, rewritten in place by the next append. */
  key: SqlValue[];
}

/**
 * Index trees: appends the record `payload` (fields `key`) in place when its key is larger than
 * every key of the tree under `def` and the module doc's conditions hold. Returns false, having
 * changed nothing, otherwise.
 * @param edge - the last append's {@link IndexEdge} (null: none), updated here after an append.
 * @param from - where the record starts in `payload` (bytes; default 0), `n` its size (default the
 *   rest): a record encoded into a larger buffer is appended without a view of it.
 */
export function indexAppend(store: WritablePageStore, root: number, key: readonly SqlValue[], payload: Uint8Array, def: IndexKeyDef, edge: { last: IndexEdge | null } = { last: null }, from = 0, n = payload.length - from): boolean {
  const usable = store.usableSize;
  if (n > maxLocalPayload(usable, 'index')) return false;
  const probe = def.keyFields === undefined ? key : key.slice(0, def.keyFields);
  let leaf = rememberedLeaf(store, root, edge.last, 10);
  if (leaf) {
    if (!(compareKeys(edge.last!.key, probe, def.keyInfo) < 0)) return false;
  } else {
    leaf = rightmostLeaf(store, root, 10, 2);
    if (!leaf) return false;
    if (leaf.nCell > 0) {
      const pc = lastCellOffset(leaf, usable);
      if (pc < 0) return false;
      const n = readVarint32(leaf.d, pc);
      const start = pc + lastVarintLength();
      if (n > maxLocalPayload(usable, 'index') || start + n > usable) return false;
      // NaN (a record that does not parse) fails the test below: the general path reports it.
      const c = compareRecordToKey(leaf.d, start, n, probe, def.keyInfo, def.encoding);
      if (!(c < 0)) return false;
    }
  }
  const head = varintLength(n);
  const size = Math.max(head + n, MIN_CELL_BYTES);
  const at = gapSlot(leaf, size, usable);
  if (at < 0) {
    const next = indexAppendSplit(store, root, leaf, payload, from, n, size);
    if (next === 0) return false;
    rememberIndexKey(rememberLeaf(store, edge, root, next, newIndexEdge), key);
    return true;
  }
  const m = store.getMutablePage(leaf.pgno);
  if (!m.done) return false;
  const d = m.value;
  const p = at + putVarint(d, at, n);
  copyPayload(d, p, payload, from, n);
  if (head + n < size) d.fill(0, p + n, at + size);
  commitCell(d, leaf, at);
  rememberIndexKey(rememberLeaf(store, edge, root, leaf.pgno, newIndexEdge), key);
  return true;
}

/** Copies `key` into the remembered edge `e` (none: nothing): the caller's array may be reused. */
function rememberIndexKey(e: IndexEdge | null, key: readonly SqlValue[]): void {
  if (e === null) return;
  const k = e.key;
  if (k.length !== key.length) resizeValues(k, key.length);
  for (let i = 0; i < key.length; i++) k[i] = key[i];
}

/** Where a record lies: bytes `buf[start, end)` (the engine's encoder writes records so). */
export interface RecordSpan {
  readonly buf: Uint8Array;
  readonly start: number;
  readonly end: number;
}

/**
 * Index records handed to {@link indexAppendRun} one at a time, each larger than the one before it
 * under the tree's key definition (all of its key fields: no two equal keys), the first larger
 * than the one handed out last by an earlier run or insert.
 */
export interface IndexRecordRun {
  /**
   * The next record (its bytes valid until the next call), or null when the run stops here: no
   * record left, or one the source cannot vouch for (the caller inserts that one the general way).
   */
  next(): RecordSpan | null;
  /** The record last returned by {@link next} was not appended: {@link next} hands it out again. */
  back(): void;
  /**
   * The fields of the record before the next one {@link next} would hand out (the last one
   * appended), as decoding it gives them; read at once (the array may be reused).
   */
  lastKey(): readonly SqlValue[];
}

/**
 * Index trees: appends records of `run` in place to the leaf the last append to `root` went to,
 * while that leaf is still the right-most one (`edge` valid, module doc) and each record fits in
 * its gap (rule 4) without an overflow page. Returns how many were appended (0: none, the store
 * unchanged); the run is then positioned on the first record not appended.
 * Precondition (the caller's): `edge`'s remembered key is the key of the record before the run's
 * first, and the run's records increase from it (see {@link IndexRecordRun}). The leaf is made
 * writable once; the edge then remembers the last record appended.
 */
export function indexAppendRun(store: WritablePageStore, root: number, edge: { last: IndexEdge | null }, run: IndexRecordRun): number {
  const leaf = rememberedLeaf(store, root, edge.last, 10);
  if (leaf === null) return 0;
  const usable = store.usableSize;
  const maxLocal = maxLocalPayload(usable, 'index');
  if (leaf.d[leaf.hdr + 1] !== 0 || leaf.d[leaf.hdr + 2] !== 0) return 0; // freeblocks: rule 1
  let top = ((get2(leaf.d, leaf.hdr + 5) - 1) & 0xffff) + 1;
  if (top > usable) return 0;
  let d: Uint8Array | null = null;
  const hdr = leaf.hdr;
  let nCell = leaf.nCell;
  let count = 0;
  for (;;) {
    const rec = run.next();
    if (rec === null) break;
    const n = rec.end - rec.start;
    const head = n < 0x80 ? 1 : varintLength(n);
    const size = head + n < MIN_CELL_BYTES ? MIN_CELL_BYTES : head + n;
    if (n > maxLocal || hdr + 8 + 2 * nCell + 2 + size > top) {
      run.back();
      break;
    }
    if (d === null) {
      const m = store.getMutablePage(leaf.pgno);
      if (!m.done) {
        run.back();
        return 0;
      }
      d = m.value;
    }
    const at = top - size;
    let p = at;
    if (head === 1) d[p++] = n;
    else p += putVarint(d, p, n);
    const src = rec.buf;
    for (let i = rec.start; i < rec.end; i++) d[p++] = src[i];
    for (; p < at + size; p++) d[p] = 0;
    put2(d, hdr + 8 + 2 * nCell, at);
    nCell++;
    top = at;
    count++;
  }
  if (d === null) return 0;
  put2(d, hdr + 3, nCell);
  put2(d, hdr + 5, top);
  rememberIndexKey(rememberLeaf(store, edge, root, leaf.pgno, newIndexEdge), run.lastKey());
  return count;
}
