/**
 * A read cursor over one b-tree: a table b-tree (keys are rowids, data in the leaves) or an index
 * b-tree (keys are records, entries in interior cells too) — fileformat2 §1.6.
 *
 * The cursor is a stack of frames from the root to the current page. In a frame below the top,
 * `idx` is the child followed: 0..cellCount−1 is the left child of that cell, cellCount the right
 * child. In the top frame `idx` is the cell the cursor is on; the top frame is a leaf, except in an
 * index tree where the cursor may rest on an interior cell (that cell is an entry).
 *
 * Every move is restartable (the IOResult contract): it works on a copy of the stack, and only when
 * every page it needs is in memory does it replace the cursor's stack. A move that returns pending
 * has changed nothing.
 *
 * In-order traversal of an index tree visits: left subtree of cell 0, cell 0, left subtree of
 * cell 1, cell 1, …, right subtree.
 *
 * Corruption guards: depth is bounded by {@link MAX_BTREE_DEPTH}, every child's page type must
 * match its tree (table 5/13, index 2/10), and overflow chains are bounded by the payload size.
 *
 * @module
 */
import { corrupt } from '../error.js';
import { btreeHeaderOffset, cellPointer, type PageType } from '../format/btree-page-header.js';
import { decodeCell, type Cell } from '../format/cell.js';
import { maxLocalPayload } from '../format/payload.js';
import { decodeRecord, type DecodedRecord } from '../format/record.js';
import type { SqlValue, TextEncoding } from '../format/value.js';
import { lastVarintLength, readVarint, readVarint32 } from '../format/varint.js';
import { ready, type IODone, type IOPending, type IOResult } from '../io/io-result.js';
import { compareKeys, compareNumbers, type KeyInfo } from './compare.js';
import { compareRecordToKey, firstIntValue } from './key-compare.js';
import { keepShape, settleFields } from '../keep-shape.js';
import { readPayload, type PageSource } from './payload.js';
import { estimatedProbes, SEARCH, searchStep } from './search-step.js';
import { foldIntField, type IntFoldResult } from './leaf-fold.js';

/** Deepest b-tree the cursor follows before calling the file corrupt (SQLite allows 20). */
export const MAX_BTREE_DEPTH = 40;

/** Which kind of b-tree a cursor walks. */
export type TreeKind = 'table' | 'index';

interface Frame {
  pgno: number;
  page: Uint8Array;
  type: PageType;
  cellCount: number;
  rightChild: number;
  idx: number;
  /** Offset of the cell pointer array in the page. */
  ptrBase: number;
  /** End of the usable area: min(usable size, page length), in bytes. */
  end: number;
  /** The largest payload kept whole on this page (bytes); −1 when the usable size is invalid. */
  maxLocal: number;
}

const LEAF_TYPE: Record<TreeKind, PageType> = { table: 13, index: 10 };
const INTERIOR_TYPE: Record<TreeKind, PageType> = { table: 5, index: 2 };

const NO_BYTES = new Uint8Array(0);

/**
 * The stack of a cursor on no entry, shared (reset() allocates nothing). Never changed: every move
 * builds its stack in an array of its own, or in one of the cursor's two seek stacks (seekRowid), and
 * then assigns it.
 */
const NO_FRAMES: Frame[] = [];

/** Shared results of moves that need no I/O (no allocation per row). */
const TRUE: IODone<boolean> = ready(true);
const FALSE: IODone<boolean> = ready(false);

/** Seek comparison, as the SeekGE/SeekGT/SeekLE/SeekLT opcodes. */
export type SeekOp = 'GE' | 'GT' | 'LE' | 'LT';

/**
 * Cursor over the b-tree rooted at `rootPgno`.
 *
 * ```ts
 * const c = new BTreeCursor(pager, 2, 'table', 1);
 * for (let ok = runSync(() => c.first()); ok; ok = runSync(() => c.next())) console.log(c.rowid());
 * ```
 */
export class BTreeCursor {
  private stack: Frame[] = [];

  /**
   * @param source - where pages come from (a Pager).
   * @param rootPgno - root page of the tree.
   * @param kind - 'table' for rowid tables, 'index' for indexes and WITHOUT ROWID tables.
   * @param encoding - text encoding of the database, for decoding records.
   * @param keyInfo - DESC flags and collations of an index's fields, for seeks.
   */
  constructor(
    readonly source: PageSource,
    readonly rootPgno: number,
    readonly kind: TreeKind,
    readonly encoding: TextEncoding = 1,
    readonly keyInfo: KeyInfo = {},
  ) {
    // A literal, not a spread: a spread's result has a hidden class of its own, and the compares
    // V8 optimized for one cursor's info deoptimized on the next cursor's. Built here, not on first
    // use: code optimized before that branch ever ran deoptimized there on each new cursor.
    this.compareInfo = keyInfo.encoding === undefined ? { desc: keyInfo.desc, collations: keyInfo.collations, encoding } : keyInfo;
  }

  /** keyInfo with the database's encoding filled in: BINARY compares stored bytes (compare.ts). */
  private readonly compareInfo: KeyInfo;

  /** True when the cursor rests on an entry. */
  get valid(): boolean {
    const top = this.stack[this.stack.length - 1];
    return top !== undefined && top.idx >= 0 && top.idx < top.cellCount;
  }

  /** Page number and cell index of the current entry (for the inspector), or null. */
  get position(): { pgno: number; cell: number } | null {
    if (!this.valid) return null;
    const top = this.stack[this.stack.length - 1];
    return { pgno: top.pgno, cell: top.idx };
  }

  /** {@link position}'s page number without an object (the VDBE's per-row Delete): 0 when on no entry. */
  get positionPgno(): number {
    const top = this.stack[this.stack.length - 1];
    return top !== undefined && top.idx >= 0 && top.idx < top.cellCount ? top.pgno : 0;
  }

  /** {@link position}'s cell index without an object: −1 when on no entry. */
  get positionCell(): number {
    const top = this.stack[this.stack.length - 1];
    return top !== undefined && top.idx >= 0 && top.idx < top.cellCount ? top.idx : -1;
  }

  /**
   * Back to the state of a new cursor (on no entry, no payload held), for a cursor object the next
   * run of the same statement reuses (the VDBE's OpenRead/OpenWrite).
   */
  reset(): void {
    // The length setter is a runtime call: a cursor reopened without having moved skips it.
    if (this.stack.length !== 0) this.stack = NO_FRAMES;
    this.payloadBuf = NO_BYTES;
  }

  /** Moves to the first entry. Resolves to false when the tree is empty. */
  first(): IOResult<boolean> {
    const s: Frame[] = [];
    const r = this.descend(s, this.rootPgno, 'left');
    if (r) return r;
    return this.commit(s);
  }

  /** Moves to the last entry. Resolves to false when the tree is empty. */
  last(): IOResult<boolean> {
    const s: Frame[] = [];
    const r = this.descend(s, this.rootPgno, 'right');
    if (r) return r;
    return this.commit(s);
  }

  /** Moves to the next entry; false (and invalid) past the last one. */
  next(): IOResult<boolean> {
    // The next cell of the same leaf here (small enough to be inlined into a scan's loop); the rest
    // in nextAcross.
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined && (top.type === 13 || top.type === 10) && top.idx >= 0 && top.idx + 1 < top.cellCount) {
      top.idx++;
      return TRUE;
    }
    return this.nextAcross(top);
  }

  /**
   * For a fused aggregate scan (leaf-fold.ts): folds INTEGER field `field` of the table leaf's
   * cells from the current entry to the leaf's last one into `out`, stopping before the first
   * cell leaf-fold.ts does not read, and moves the cursor to the last cell folded (as that many
   * {@link nextInLeaf} calls less one). Returns the cells folded: 0, unmoved, when none was or the
   * cursor is not on a table leaf entry.
   */
  foldIntsInLeaf(field: number, out: IntFoldResult): number {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined || top.type !== 13 || top.idx < 0 || top.idx >= top.cellCount) return 0;
    foldIntField(top.page, top.ptrBase, top.idx, top.cellCount, top.end, top.maxLocal, field, out);
    if (out.rows > 0) top.idx += out.rows - 1;
    return out.rows;
  }

  /**
   * Moves to the next cell of the leaf page the cursor rests on and returns true; false, unmoved,
   * when it rests on the leaf's last cell (or on no leaf entry): {@link next} then crosses to the
   * next page. Reads no page, so a scan's inner loop that moves with it depends on nothing but the
   * frame.
   */
  nextInLeaf(): boolean {
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined && (top.type === 13 || top.type === 10) && top.idx >= 0 && top.idx + 1 < top.cellCount) {
      top.idx++;
      return true;
    }
    return false;
  }

  /** {@link next} from the last cell of a leaf, an interior entry of an index, or no entry. */
  private nextAcross(top: Frame | undefined): IOResult<boolean> {
    if (top === undefined || top.idx < 0 || top.idx >= top.cellCount) return FALSE;
    if (isLeaf(top)) {
      const fast = this.nextLeafInPlace();
      if (fast !== null) return fast;
    }
    const s = copyFrames(this.stack);
    const t = s[s.length - 1];
    if (isLeaf(t)) {
      t.idx++;
      const r = this.settleForward(s);
      if (r) return r;
    } else {
      // On an interior entry of an index tree: the next entry is the leftmost of the next child.
      t.idx++;
      const r = this.descend(s, this.childAt(t, t.idx), 'left');
      if (r) return r;
    }
    return this.commit(s);
  }

  /**
   * The entry the cursor rests on, cell `cell` of leaf `pgno`, was just removed in place with no
   * balance (btree/write/delete-in-place.ts), the leaf's bytes now being `page`: the cursor rests
   * on the entry that followed it on that leaf and true is returned. False, with the cursor left
   * as it was (to be sought again), when it rests elsewhere or the entry was the leaf's last.
   */
  entryDroppedInPlace(pgno: number, cell: number, page: Uint8Array): boolean {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined || top.pgno !== pgno || top.idx !== cell || !isLeaf(top) || cell + 1 >= top.cellCount) return false;
    const h = pgno === 1 ? 100 : 0;
    if (((page[h + 3] << 8) | page[h + 4]) !== top.cellCount - 1) return false;
    top.page = page;
    top.cellCount--;
    return true;
  }

  /**
   * {@link entryDroppedInPlace} for the leaf's last entry (`cell` ≥ 1, the leaf's bytes now `page`):
   * the cursor moves back onto the entry before it, now the leaf's last, so that the next
   * {@link next} leaves the leaf as it would have (SQLite's CURSOR_SKIPNEXT with skipNext −1), and
   * true is returned. False, unmoved, when the cursor rests elsewhere or that is not the case.
   */
  entryDroppedLast(pgno: number, cell: number, page: Uint8Array): boolean {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined || top.pgno !== pgno || top.idx !== cell || !isLeaf(top) || cell < 1 || cell + 1 !== top.cellCount) return false;
    const h = pgno === 1 ? 100 : 0;
    if (((page[h + 3] << 8) | page[h + 4]) !== top.cellCount - 1) return false;
    top.page = page;
    top.cellCount--;
    top.idx = cell - 1;
    return true;
  }

  /**
   * The entry the cursor rests on, cell `cell` of leaf `pgno`, was just rewritten in place on that
   * leaf at the same index (btree/write/replace-in-place.ts), the leaf's bytes now being `page`: the
   * cursor stays on it and true is returned. False, unmoved, when it rests elsewhere.
   */
  entryReplacedInPlace(pgno: number, cell: number, page: Uint8Array): boolean {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined || top.pgno !== pgno || top.idx !== cell || !isLeaf(top)) return false;
    const h = pgno === 1 ? 100 : 0;
    if (((page[h + 3] << 8) | page[h + 4]) !== top.cellCount) return false;
    top.page = page;
    return true;
  }

  /** Moves to the previous entry; false (and invalid) before the first one. */
  prev(): IOResult<boolean> {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined || top.idx < 0 || top.idx >= top.cellCount) return FALSE;
    if ((top.type === 13 || top.type === 10) && top.idx > 0) {
      top.idx--;
      return TRUE;
    }
    const s = copyFrames(this.stack);
    const t = s[s.length - 1];
    if (isLeaf(t)) {
      t.idx--;
      const r = this.settleBackward(s);
      if (r) return r;
    } else {
      // On an interior entry: the previous entry is the rightmost of its left child.
      const r = this.descend(s, this.childAt(t, t.idx), 'right');
      if (r) return r;
    }
    return this.commit(s);
  }

  /**
   * Table trees: positions on `rowid` or, when absent, on the first entry after it.
   * Resolves to true when an entry with exactly that rowid exists.
   */
  seekRowid(rowid: number | bigint): IOResult<boolean> {
    const fast = this.seekRowidInPlace(rowid);
    if (fast !== null) return fast;
    const s: Frame[] = [];
    let pgno = this.rootPgno;
    const num = typeof rowid === 'number';
    for (;;) {
      const fr = this.frame(pgno, s.length);
      if (!fr.done) return fr;
      const f = fr.value;
      s.push(f);
      // First cell whose rowid is ≥ the target.
      let lo = 0;
      let hi = f.cellCount;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const k = this.rowidAt(f, mid);
        const c = num && typeof k === 'number' ? k - (rowid as number) : compareNumbers(k, rowid);
        if (c < 0) lo = mid + 1;
        else hi = mid;
      }
      f.idx = lo;
      if (f.type === 13) break;
      pgno = this.childAt(f, lo);
    }
    const r = this.settleForward(s);
    if (r) return r;
    this.stack = s;
    if (!this.valid) return FALSE;
    const k = this.rowid();
    return k === rowid || compareNumbers(k, rowid) === 0 ? TRUE : FALSE;
  }

  /**
   * {@link nextAcross} from a leaf's last cell without an allocation, when the source hands pages in
   * memory (PageSource.peekPage), an ancestor has a later entry or child, and every page down to
   * the next leaf is in memory: the new path is built in the seek stack that is not the cursor's
   * stack (as {@link seekRowidInPlace}), which then becomes the stack. A table scan crosses ~1,250
   * leaves per 100k rows, and the copied path and frames of the general way were ~0.5 KB each, most
   * of what a `SELECT count(*), sum(a)` allocated. Null, the stack untouched, otherwise (past the
   * last entry, a page to read, an empty leaf): the general way runs, and reports any corruption.
   * @throws SqliteError SQLITE_CORRUPT as {@link fillFrame} does.
   */
  private nextLeafInPlace(): IOResult<boolean> | null {
    const src = this.source;
    const cur = this.stack;
    if (src.peekPage === undefined) return null;
    // The deepest ancestor with an entry (index) or a child (table) after the path's.
    let d = cur.length - 2;
    while (d >= 0 && cur[d].idx >= cur[d].cellCount) d--;
    if (d < 0) return null;
    const alt = cur === this.seekStackA ? this.seekStackB : this.seekStackA;
    for (let i = 0; i <= d; i++) {
      const f = cur[i];
      if (i < alt.length) copyFrameInto(alt[i], f);
      else alt.push(newFrame(f.pgno, f.page, f.type, f.cellCount, f.rightChild, f.idx, f.ptrBase, f.end, f.maxLocal));
    }
    let depth = d + 1;
    const t = alt[d];
    if (this.kind === 'table') {
      // Down the leftmost edge of the next child.
      t.idx++;
      let pgno = this.childAt(t, t.idx);
      for (;;) {
        if (depth >= MAX_BTREE_DEPTH) return null;
        const page = src.peekPage(pgno);
        if (page === undefined) return null;
        const f = this.fillFrame(depth < alt.length ? alt[depth] : null, pgno, page);
        if (depth === alt.length) alt.push(f);
        depth++;
        if (isLeaf(f)) {
          if (f.cellCount === 0) return null;
          break;
        }
        pgno = this.childAt(f, 0);
      }
    }
    // An index rests on the ancestor's interior entry.
    if (alt.length > depth) alt.length = depth;
    this.stack = alt;
    return TRUE;
  }

  /**
   * The two frame stacks {@link seekRowidInPlace} fills in turn, root first: the one that is not the
   * cursor's stack is filled as the path is walked, and becomes the stack when the seek succeeds.
   */
  private readonly seekStackA: Frame[] = [];
  private readonly seekStackB: Frame[] = [];

  /**
   * {@link seekRowid} without an allocation, when the source hands pages in memory without an
   * IOResult (PageSource.peekPage), every page of the path is in memory and the rowid's place is
   * on the leaf reached (a cell with a rowid ≥ it there): the path is walked in the frames of the
   * seek stack ({@link seekStackA} / {@link seekStackB}) that is not the cursor's stack, which then
   * becomes the stack. Null, the cursor's stack untouched, otherwise (a bigint rowid, a page not in
   * memory, a rowid past the leaf's last cell): the general seek runs.
   * @throws SqliteError SQLITE_CORRUPT as {@link frame} and the cell reads do.
   */
  private seekRowidInPlace(rowid: number | bigint): IOResult<boolean> | null {
    const src = this.source;
    if (typeof rowid !== 'number' || src.peekPage === undefined) return null;
    const stack = this.stack === this.seekStackA ? this.seekStackB : this.seekStackA;
    let pgno = this.rootPgno;
    let depth = 0;
    // The rowids below `pgno` lie in [floor, ceil]: the parent's keys around the child taken (NaN:
    // not known), for searchStep's estimate (search-step.ts).
    let floor = NaN;
    let ceil = NaN;
    for (;;) {
      if (depth >= MAX_BTREE_DEPTH) throw corrupt(`b-tree deeper than ${MAX_BTREE_DEPTH} pages (a loop?)`, pgno);
      const page = src.peekPage(pgno);
      if (page === undefined) return null;
      const f = this.fillFrame(depth < stack.length ? stack[depth] : null, pgno, page);
      if (depth === stack.length) stack.push(f);
      // First cell whose rowid is ≥ the target; estimated probes first, then halving ones. vlo and
      // vhi: the rowids of cells lo − 1 and hi (the nearest probed below and above the target).
      let lo = 0;
      let hi = f.cellCount;
      let vlo = floor;
      let vhi = ceil;
      let estimates = SEARCH.estimate ? estimatedProbes(hi) : 0;
      while (lo < hi) {
        const mid = estimates-- > 0 ? searchStep(lo, hi, vlo, vhi, rowid) : (lo + hi) >> 1;
        const k = this.rowidAt(f, mid);
        if ((typeof k === 'number' ? k - rowid : compareNumbers(k, rowid)) < 0) {
          lo = mid + 1;
          vlo = typeof k === 'number' ? k : NaN;
        } else {
          hi = mid;
          vhi = typeof k === 'number' ? k : NaN;
        }
      }
      floor = vlo;
      ceil = vhi;
      f.idx = lo;
      depth++;
      if (f.type === 13) {
        if (lo >= f.cellCount) return null;
        break;
      }
      pgno = this.childAt(f, lo);
    }
    if (stack.length > depth) stack.length = depth;
    this.stack = stack;
    const t = stack[depth - 1];
    const k = this.rowidAt(t, t.idx);
    return k === rowid || compareNumbers(k, rowid) === 0 ? TRUE : FALSE;
  }

  /**
   * Index trees: positions by `op` relative to `key` (compared as a prefix, with keyInfo).
   * GE/GT land on the first entry ≥ / > `key`; LE/LT on the last entry ≤ / < `key`. Resolves to
   * true when the cursor rests on an entry.
   */
  seekKey(key: readonly SqlValue[], op: SeekOp): IOResult<boolean> {
    const info = this.compareInfo;
    const strict = op === 'GT' || op === 'LE';
    // A number first, in an ASC first field: the search estimates where it lies (search-step.ts).
    const k0 = key.length > 0 && typeof key[0] === 'number' && info.desc?.[0] !== true && SEARCH.estimate ? key[0] : NaN;
    const s: Frame[] = [];
    let pgno = this.rootPgno;
    // The first fields of the keys below `pgno` lie in [floor, ceil] (NaN: not known).
    let floor = NaN;
    let ceil = NaN;
    for (;;) {
      const fr = this.frame(pgno, s.length);
      if (!fr.done) return fr;
      const f = fr.value;
      s.push(f);
      // First cell whose key is ≥ target (or > target when strict); vlo and vhi: the first fields
      // of cells lo − 1 and hi.
      let lo = 0;
      let hi = f.cellCount;
      let vlo = floor;
      let vhi = ceil;
      let estimates = k0 === k0 ? estimatedProbes(hi) : 0;
      while (lo < hi) {
        const mid = estimates-- > 0 ? searchStep(lo, hi, vlo, vhi, k0) : (lo + hi) >> 1;
        const wait = this.payloadOf(f, mid);
        if (wait) return wait;
        const c = this.compareEntry(key, f);
        const v = k0 === k0 ? firstIntValue(this.payloadBuf, this.payloadStart, this.payloadLength) : NaN;
        if (c < 0 || (strict && c === 0)) {
          lo = mid + 1;
          vlo = v;
        } else {
          hi = mid;
          vhi = v;
        }
      }
      floor = vlo;
      ceil = vhi;
      f.idx = lo;
      if (isLeaf(f)) break;
      pgno = this.childAt(f, lo);
    }
    return this.seekEnd(s, op);
  }

  /**
   * The order of the entry whose payload {@link payloadOf} just located against `key` (with
   * keyInfo, `key` a prefix). A record that does not parse where it lies is decoded whole, which
   * reports the corruption.
   */
  private compareEntry(key: readonly SqlValue[], f: Frame): number {
    const start = this.payloadStart;
    const c = compareRecordToKey(this.payloadBuf, start, this.payloadLength, key, this.compareInfo, this.encoding);
    if (c === c) return c;
    const rec = decodeRecord(this.payloadBuf.subarray(start, start + this.payloadLength), this.encoding, f.pgno);
    return compareKeys(rec.values, key, this.compareInfo);
  }

  /**
   * The end of {@link seekKey}, once the path `s` reaches the first entry ≥ the key (> when
   * strict): GE/GT settle there, LE/LT one entry back.
   */
  private seekEnd(s: Frame[], op: SeekOp): IOResult<boolean> {
    const r = this.settleForward(s);
    if (r) return r;
    if (op === 'GE' || op === 'GT') return this.commit(s);
    // LE / LT: one step back from the first entry past the target.
    if (!isValidStack(s)) {
      const t: Frame[] = [];
      const r2 = this.descend(t, this.rootPgno, 'right');
      if (r2) return r2;
      return this.commit(t);
    }
    const t = s[s.length - 1];
    if (isLeaf(t)) {
      t.idx--;
      const r3 = this.settleBackward(s);
      if (r3) return r3;
    } else {
      const r4 = this.descend(s, this.childAt(t, t.idx), 'right');
      if (r4) return r4;
    }
    return this.commit(s);
  }

  /** Rowid of the current entry (table trees). */
  rowid(): number | bigint {
    if (this.kind !== 'table') throw new Error('rowid() on an index cursor');
    const top = this.stack[this.stack.length - 1];
    if (!this.valid) throw new Error('cursor is not on an entry');
    return this.rowidAt(top, top.idx);
  }

  /**
   * Where the current entry's payload lies, for reading it without copying: sets
   * {@link payloadBuf} (the page itself when the payload does not spill, else the reassembled
   * payload), {@link payloadStart} and {@link payloadLength} (bytes). Returns the pending I/O of an
   * overflow chain, else undefined. The view stays valid until the page changes.
   * @throws SqliteError SQLITE_CORRUPT for a cell or overflow chain out of bounds.
   */
  loadPayload(): IOPending | undefined {
    const f = this.stack[this.stack.length - 1];
    // The common table leaf cell here (small enough to be inlined into a scan's loop): its cell
    // pointer and cell inside the usable area, a payload size below 128 (one varint byte), a rowid
    // varint of at most 9 bytes, the payload whole on the page. Anything else, and every check
    // that fails, goes to payloadOf, which reads it or reports the corruption.
    if (f.type === 13) {
      const page = f.page;
      const p = f.ptrBase + 2 * f.idx;
      const end = f.end;
      if (p + 1 < end) {
        const o = (page[p] << 8) | page[p + 1];
        const size = page[o];
        if (o + 10 < end && size < 0x80 && size <= f.maxLocal) {
          let q = o + 1;
          while (q < o + 9 && page[q] >= 0x80) q++;
          q++;
          if (q + size <= end) {
            this.payloadBuf = page;
            this.payloadStart = q;
            this.payloadLength = size;
            this.payloadPgno = f.pgno;
            return undefined;
          }
        }
      }
    }
    return this.payloadOf(f, f.idx);
  }

  /** {@link loadPayload} for cell `idx` of frame `f`. */
  private payloadOf(f: Frame, idx: number): IOPending | undefined {
    const page = f.page;
    const end = f.end;
    let o = this.cellOffset(f, idx);
    if (f.type === 2) o += 4;
    let size = page[o];
    if (size < 0x80 && o < end) o++;
    else {
      size = readVarint32(page, o, end, f.pgno);
      o += lastVarintLength();
    }
    if (f.type === 13) {
      // skip the rowid varint (at most 9 bytes)
      let n = 0;
      while (n < 8 && o + n < end && page[o + n] >= 0x80) n++;
      if (o + n >= end) throw corrupt('varint runs past the end of its buffer', f.pgno, o);
      o += n + 1;
    }
    if (size <= f.maxLocal && o + size <= end) {
      this.payloadBuf = page;
      this.payloadStart = o;
      this.payloadLength = size;
      this.payloadPgno = f.pgno;
      return undefined;
    }
    const p = readPayload(this.source, this.cellAt(f, idx), f.pgno);
    if (!p.done) return p;
    this.payloadBuf = p.value;
    this.payloadStart = 0;
    this.payloadLength = p.value.length;
    this.payloadPgno = f.pgno;
    return undefined;
  }

  /** Set by {@link loadPayload}: the page the entry lies on (for errors). */
  payloadPgno = 0;
  /** Set by {@link loadPayload}. */
  payloadBuf: Uint8Array = NO_BYTES;
  /** Set by {@link loadPayload}: offset of the payload in {@link payloadBuf}. */
  payloadStart = 0;
  /** Set by {@link loadPayload}: payload size in bytes. */
  payloadLength = 0;

  /** Page number of the page the cursor rests on (valid cursors only). */
  get pgno(): number {
    return this.stack[this.stack.length - 1].pgno;
  }

  /** The decoded current cell (local part only). */
  cell(): Cell {
    const top = this.stack[this.stack.length - 1];
    if (!this.valid) throw new Error('cursor is not on an entry');
    return this.cellAt(top, top.idx);
  }

  /** The whole payload of the current entry, overflow chain reassembled. */
  payload(): IOResult<Uint8Array> {
    const top = this.stack[this.stack.length - 1];
    return this.payloadAt(top, top.idx);
  }

  /** The current entry's record, decoded. */
  record(): IOResult<DecodedRecord> {
    const top = this.stack[this.stack.length - 1];
    return this.recordAtFrame(top, top.idx);
  }

  private recordAtFrame(f: Frame, idx: number): IOResult<DecodedRecord> {
    const p = this.payloadAt(f, idx);
    if (!p.done) return p;
    return ready(decodeRecord(p.value, this.encoding, f.pgno));
  }

  private payloadAt(f: Frame, idx: number): IOResult<Uint8Array> {
    return readPayload(this.source, this.cellAt(f, idx), f.pgno);
  }

  private cellAt(f: Frame, idx: number): Cell {
    return decodeCell(f.page, f.pgno, f.type, cellPointer(f.page, f.pgno, idx), this.source.usableSize);
  }

  /** Offset of cell `idx` within the page, checked to lie in the usable area. */
  private cellOffset(f: Frame, idx: number): number {
    const page = f.page;
    const p = f.ptrBase + 2 * idx;
    const o = p + 1 < page.length ? (page[p] << 8) | page[p + 1] : cellPointer(page, f.pgno, idx);
    if (o >= f.end) throw corrupt(`cell offset ${o} outside the usable area (${f.end} bytes)`, f.pgno, o);
    return o;
  }

  /** The rowid of cell `idx` of a table page (leaf or interior), read in place. */
  private rowidAt(f: Frame, idx: number): number | bigint {
    const page = f.page;
    const end = f.end;
    let o = this.cellOffset(f, idx);
    if (f.type === 5) o += 4;
    else if (f.type === 13) {
      // skip the payload size varint (at most 9 bytes)
      let n = 0;
      while (n < 8 && o + n < end && page[o + n] >= 0x80) n++;
      if (o + n >= end) throw corrupt('varint runs past the end of its buffer', f.pgno, o);
      o += n + 1;
    } else throw new Error('rowid() on an index cursor');
    // Rowids below 2^28 (four varint bytes) are read here; longer ones by readVarint.
    if (o + 4 <= end) {
      const b0 = page[o];
      if (b0 < 0x80) return b0;
      const b1 = page[o + 1];
      if (b1 < 0x80) return ((b0 & 0x7f) << 7) | b1;
      const b2 = page[o + 2];
      if (b2 < 0x80) return ((b0 & 0x7f) << 14) | ((b1 & 0x7f) << 7) | b2;
      const b3 = page[o + 3];
      if (b3 < 0x80) return ((b0 & 0x7f) << 21) | ((b1 & 0x7f) << 14) | ((b2 & 0x7f) << 7) | b3;
    }
    return readVarint(page, o, end, f.pgno);
  }

  private childAt(f: Frame, idx: number): number {
    if (idx >= f.cellCount) return f.rightChild;
    const o = this.cellOffset(f, idx);
    const page = f.page;
    if (o + 4 > Math.min(this.source.usableSize, page.length)) throw corrupt('cell left child pointer runs past the usable area', f.pgno, o);
    return ((page[o] << 24) | (page[o + 1] << 16) | (page[o + 2] << 8) | page[o + 3]) >>> 0;
  }

  /** Loads `pgno` as a frame at `depth`, checking its type belongs to this tree. */
  private frame(pgno: number, depth: number): IOResult<Frame> {
    if (depth >= MAX_BTREE_DEPTH) throw corrupt(`b-tree deeper than ${MAX_BTREE_DEPTH} pages (a loop?)`, pgno);
    const pr = this.source.getPage(pgno);
    if (!pr.done) return pr;
    return ready(this.fillFrame(null, pgno, pr.value));
  }

  /**
   * The frame of page `pgno` (bytes `page`) on its first cell (idx 0), checking its type belongs to
   * this tree: `f` refilled, or a new frame when `f` is null.
   * @throws SqliteError SQLITE_CORRUPT for a page type of another tree or a page too short.
   */
  private fillFrame(f: Frame | null, pgno: number, page: Uint8Array): Frame {
    const h = pgno === 1 ? 100 : 0;
    const t = page[h];
    const leaf = t === LEAF_TYPE[this.kind];
    if (!leaf && t !== INTERIOR_TYPE[this.kind]) {
      if (t !== 2 && t !== 5 && t !== 10 && t !== 13) throw corrupt(`invalid b-tree page type ${t}`, pgno, btreeHeaderOffset(pgno));
      throw corrupt(`page type ${t} in a ${this.kind} b-tree rooted at page ${this.rootPgno}`, pgno, btreeHeaderOffset(pgno));
    }
    if (page.length < h + (leaf ? 8 : 12)) throw corrupt(leaf ? 'page too short for a b-tree header' : 'page too short for an interior b-tree header', pgno, h);
    const cellCount = (page[h + 3] << 8) | page[h + 4];
    const rightChild = leaf ? 0 : ((page[h + 8] << 24) | (page[h + 9] << 16) | (page[h + 10] << 8) | page[h + 11]) >>> 0;
    const usable = this.source.usableSize;
    const maxLocal = usable < 480 ? -1 : maxLocalPayload(usable, t === 13 ? 'table' : 'index');
    const end = usable < page.length ? usable : page.length;
    const ptrBase = h + (leaf ? 8 : 12);
    if (f === null) return newFrame(pgno, page, t as PageType, cellCount, rightChild, 0, ptrBase, end, maxLocal);
    f.pgno = pgno;
    f.page = page;
    f.type = t as PageType;
    f.cellCount = cellCount;
    f.rightChild = rightChild;
    f.idx = 0;
    f.ptrBase = ptrBase;
    f.end = end;
    f.maxLocal = maxLocal;
    return f;
  }

  /** Pushes frames from `pgno` down to the leftmost or rightmost entry. Returns a pending result or undefined. */
  private descend(s: Frame[], pgno: number, side: 'left' | 'right'): IOResult<never> | undefined {
    for (;;) {
      const fr = this.frame(pgno, s.length);
      if (!fr.done) return fr;
      const f = fr.value;
      s.push(f);
      if (isLeaf(f)) {
        f.idx = side === 'left' ? 0 : f.cellCount - 1;
        if (f.cellCount === 0 && s.length > 1) throw corrupt('empty leaf page below the root', f.pgno);
        return undefined;
      }
      f.idx = side === 'left' ? 0 : f.cellCount;
      pgno = this.childAt(f, f.idx);
    }
  }

  /** After the top leaf's idx ran past its end, climbs to the next entry (or leaves the stack invalid). */
  private settleForward(s: Frame[]): IOResult<never> | undefined {
    let t = s[s.length - 1];
    if (t.idx < t.cellCount) return undefined;
    while (s.length > 1) {
      s.pop();
      t = s[s.length - 1];
      if (this.kind === 'index') {
        if (t.idx < t.cellCount) return undefined; // rest on the interior entry
      } else if (t.idx < t.cellCount) {
        t.idx++;
        return this.descend(s, this.childAt(t, t.idx), 'left');
      }
    }
    // Past the last entry: leave the root frame with idx = cellCount (invalid).
    s.length = 1;
    s[0].idx = s[0].cellCount;
    return undefined;
  }

  /** After the top leaf's idx ran below 0, climbs to the previous entry (or leaves the stack invalid). */
  private settleBackward(s: Frame[]): IOResult<never> | undefined {
    let t = s[s.length - 1];
    if (t.idx >= 0) return undefined;
    while (s.length > 1) {
      s.pop();
      t = s[s.length - 1];
      if (t.idx > 0) {
        t.idx--;
        if (this.kind === 'index') return undefined; // rest on interior cell idx
        return this.descend(s, this.childAt(t, t.idx), 'right');
      }
    }
    s.length = 1;
    s[0].idx = -1;
    return undefined;
  }

  private commit(s: Frame[]): IOResult<boolean> {
    this.stack = s;
    return this.valid ? TRUE : FALSE;
  }
}

/**
 * Every frame is made here (frame(), copyFrames, settleFrameLayout): one object literal, so that
 * every frame has one hidden class.
 */
function newFrame(pgno: number, page: Uint8Array, type: PageType, cellCount: number, rightChild: number, idx: number, ptrBase: number, end: number, maxLocal: number): Frame {
  return { pgno, page, type, cellCount, rightChild, idx, ptrBase, end, maxLocal };
}

// Frames live as long as their cursor's move: one kept, so that their shape outlives a full
// garbage collection between statements (keep-shape.ts).
keepShape(newFrame(2, new Uint8Array(8), 13, 0, 0, 0, 8, 8, 4061));

// A cursor's payload fields change with each entry it reads: written once more when the module
// loads, as the frames' (settleFrameLayout).
settleFields(new BTreeCursor({} as PageSource, 2, 'table'), { payloadBuf: new Uint8Array(1), payloadStart: 1, payloadLength: 1, payloadPgno: 1 });

/**
 * A copy of the frames of `stack` (a move that may wait on I/O works on a copy), field by field: no
 * generic object spread runs at each leaf boundary of a scan.
 */
/** Copies every field of frame `f` into frame `to`. */
function copyFrameInto(to: Frame, f: Frame): void {
  to.pgno = f.pgno;
  to.page = f.page;
  to.type = f.type;
  to.cellCount = f.cellCount;
  to.rightChild = f.rightChild;
  to.idx = f.idx;
  to.ptrBase = f.ptrBase;
  to.end = f.end;
  to.maxLocal = f.maxLocal;
}

function copyFrames(stack: Frame[]): Frame[] {
  const s: Frame[] = [];
  for (let i = 0; i < stack.length; i++) {
    const f = stack[i];
    s.push(newFrame(f.pgno, f.page, f.type, f.cellCount, f.rightChild, f.idx, f.ptrBase, f.end, f.maxLocal));
  }
  return s;
}

/**
 * Writes every field of a frame once more when the module loads (keep-shape.ts settleFields). V8
 * treats a field never written after the object's creation as constant, and optimized code reading
 * it depends on that: the first frame reused by a move (fillFrame) or written in place (a one-pass
 * UPDATE or DELETE: entryReplacedInPlace, entryDroppedInPlace) then threw away every optimized
 * function reading frames (a scan's loop, the VDBE's Column and Next), which ran unoptimized until
 * compiled again, often in the next statement. All frames come from newFrame, so they share the
 * layout this settles.
 */
function settleFrameLayout(): Frame {
  // Other values than those held: writing a field's own value back leaves it constant.
  return settleFields(newFrame(0, NO_BYTES, 13, 0, 0, 0, 0, 0, 0), { pgno: 1, page: new Uint8Array(0), type: 10, cellCount: 1, rightChild: 1, idx: 1, ptrBase: 1, end: 1, maxLocal: 1 });
}

/** @internal Kept alive: a layout no live object has may be collected, and the next frame would start afresh. */
export const SETTLED_FRAME: unknown = settleFrameLayout();

function isLeaf(f: Frame): boolean {
  return f.type === 13 || f.type === 10;
}

function isValidStack(s: Frame[]): boolean {
  const t = s[s.length - 1];
  return t !== undefined && t.idx >= 0 && t.idx < t.cellCount;
}

