/**
 * A VDBE cursor over a b-tree in the file (OpenRead): a table b-tree keyed by rowid, or an index
 * b-tree whose entries are records (the last field the rowid of the table row).
 *
 * The current entry's record header is parsed once per position into a {@link RecordView} (SQLite's
 * VdbeCursor aType/aOffset cache, cacheStatus) and Column decodes only the field it asks for, in
 * place on the page when the payload does not spill. The first Column on an entry only peeks at
 * its field (RecordView.peek: the header walked up to it, nothing kept); a second one parses. The
 * parsed header is dropped when the cursor moves. Before any b-tree write the VM calls
 * {@link BtreeVdbeCursor.detach}: the fields are copied out ({@link BtreeVdbeCursor.cache}) while
 * the page bytes are still those the header describes, and Column reads the copy until the cursor
 * moves. Every method returns {@link IOResult}: a move that
 * is pending has changed nothing (the BTreeCursor contract), so the VM simply re-runs the
 * instruction.
 *
 * `nullRow` is set by NullRow (the missing right side of a LEFT JOIN): Column then gives NULL and
 * Rowid NULL.
 *
 * @module
 */
import { BTreeCursor, type SeekOp } from '../../btree/cursor.js';
import type { IndexKeyOptions } from '../../btree/write/btree-writer.js';
import type { PageSource } from '../../btree/payload.js';
import type { TextEncoding } from '../../format/index.js';
import { ready, type IODone, type IOPending, type IOResult } from '../../io/io-result.js';
import { keepShape } from '../../keep-shape.js';
import { toSqlValue, type Value } from '../value/value.js';
import type { KeyInfo } from './insn.js';
import { RecordView } from './record-view.js';

/** The results {@link BtreeVdbeCursor.next} hands back after a drop (never written by a caller). */
const READY_TRUE: IODone<boolean> = ready(true);
const READY_FALSE: IODone<boolean> = ready(false);

/** An empty record (see the constructor). */
const NO_VALUES: Value[] = [];

/** A cursor on a table or index b-tree of the database file. */
export class BtreeVdbeCursor {
  readonly cur: BTreeCursor;
  /** Set by NullRow; cleared by any move. */
  nullRow = false;
  /** The current entry's fields, once decoded whole (record(), detach()); null after a move. */
  cache: Value[] | null = null;
  /** The current entry's parsed header; meaningful while {@link viewLive}. */
  readonly view: RecordView;
  /** @internal True when {@link view} describes the current entry (hot-ops.ts reads it). */
  viewLive = false;
  /**
   * @internal True once a Column read a field of the current entry with RecordView.peek, leaving
   * {@link view} unparsed: the next Column parses the header (hot-ops.ts columnBtree).
   */
  peeked = false;
  /** The current table entry's rowid once read; null after a move or a write. */
  private rowidCache: number | bigint | null = null;
  /**
   * Set by Delete with OPFLAG_SAVEPOSITION once the cursor rests on the entry after the deleted
   * one: the next {@link next} stays there (SQLite's CURSOR_SKIPNEXT). Cleared by any move.
   */
  skipNext = false;
  /** Delete/Insert with OPFLAG_SAVEPOSITION: the rowid to seek back to, once the write is done. */
  pendingSeek: number | bigint | null = null;

  constructor(
    source: PageSource,
    root: number,
    readonly isIndex: boolean,
    encoding: TextEncoding,
    readonly keyInfo: KeyInfo | null,
  ) {
    this.cur = new BTreeCursor(source, root, isIndex ? 'index' : 'table', encoding, keyInfo ? { desc: keyInfo.desc, collations: keyInfo.collations } : {});
    this.view = new RecordView(encoding);
    // Each field that is null now but later holds an array or a number holds one first: V8 then
    // lays it out for both from the first cursor on. Otherwise the first statement to store one
    // (an UPDATE, a GROUP BY's Rowid) changes the field's layout, and every optimized function that
    // stores to the field (any scan's Next) is thrown away and compiled again.
    this.cache = NO_VALUES;
    this.cache = null;
    this.rowidCache = 0;
    this.rowidCache = null;
    this.pendingSeek = 0;
    this.pendingSeek = null;
    const ki = keyInfo ? { desc: keyInfo.desc, collations: keyInfo.collations } : undefined;
    this.idxOpts = ki ? { keyInfo: ki, append: false } : {};
    this.idxAppendOpts = ki ? { keyInfo: ki, append: true } : {};
  }

  /**
   * @internal True until the cursor first moves (or is reopened): it rests on no entry, as a new
   * one. hot-ops.ts notExistsWrite skips its seek only then.
   */
  unmoved = true;

  /**
   * IdxInsert's and IdxDelete's options for this index, without and with OPFLAG_APPEND, built with
   * the cursor ({@link insertOpts}): built on first use, the branch that built them had never run
   * when V8 optimized the handlers of the first statement, and the next statement's new cursor
   * deoptimized them there.
   */
  private readonly idxOpts: IndexKeyOptions;
  private readonly idxAppendOpts: IndexKeyOptions;

  /**
   * @internal The options IdxInsert hands the b-tree writer for this index (its KeyInfo's DESC
   * flags and collations; `append` for OPFLAG_APPEND), the same object row after row (the writer
   * then reuses its key definition at once).
   */
  insertOpts(append: boolean): IndexKeyOptions {
    // Both read on every call: a field read first on the rarer branch (CREATE INDEX's appends
    // take the other) would be one V8 has no feedback for, and optimized callers deoptimize there.
    const appendOpts = this.idxAppendOpts;
    const opts = this.idxOpts;
    return append ? appendOpts : opts;
  }

  /**
   * Back to the state of a new cursor on the same tree (BTreeCursor.reset), for the next run of the
   * statement that opened it (Vm.reusableCursor): saves building the cursor, its b-tree cursor and
   * record view on every run of a statement run row after row.
   */
  reopen(): void {
    this.cur.reset();
    this.forgetEntry();
    this.pendingSeek = null;
    this.unmoved = true;
  }

  private moved<T>(r: IOResult<T>): IOResult<T> {
    this.unmoved = false;
    if (r.done) this.forgetEntry();
    return r;
  }

  /** Drops what was known about the entry the cursor rested on (its record, rowid, peek, null row, skip). */
  private forgetEntry(): void {
    this.cache = null;
    this.viewLive = false;
    this.peeked = false;
    this.rowidCache = null;
    this.nullRow = false;
    this.skipNext = false;
  }

  /**
   * Makes {@link view} describe the current entry (the cursor must be valid). Returns the pending
   * I/O of an overflow chain, else undefined.
   * @throws SqliteError SQLITE_CORRUPT for a malformed cell or record.
   */
  header(): IOPending | undefined {
    if (this.viewLive) return undefined;
    const c = this.cur;
    const p = c.loadPayload();
    if (p) return p;
    this.view.parse(c.payloadBuf, c.payloadStart, c.payloadLength, c.payloadPgno);
    this.viewLive = true;
    return undefined;
  }

  /**
   * A b-tree write is about to run: copies the current entry's fields out of the page when its
   * header is parsed ({@link cache}), and forgets the header.
   */
  detach(): void {
    // A peeked entry's payload was read whole before: parsing it needs no I/O.
    if (this.peeked && !this.viewLive && this.cache === null && this.cur.valid) this.header();
    if (this.viewLive && this.cache === null) {
      const v = this.view;
      const out = new Array<Value>(v.n);
      for (let i = 0; i < v.n; i++) out[i] = v.column(i);
      this.cache = out;
    }
    this.viewLive = false;
    this.rowidCache = null;
  }

  /** True when the cursor rests on an entry. */
  get valid(): boolean {
    return !this.nullRow && this.cur.valid;
  }

  first(): IOResult<boolean> {
    return this.moved(this.cur.first());
  }

  last(): IOResult<boolean> {
    return this.moved(this.cur.last());
  }

  next(): IOResult<boolean> {
    if (this.skipNext) {
      this.skipNext = false;
      // Shared results: a one-pass DELETE takes this way once per row it drops.
      return this.cur.valid ? READY_TRUE : READY_FALSE;
    }
    return this.moved(this.cur.next());
  }

  /**
   * {@link next} within the current leaf page (BTreeCursor.nextInLeaf): true once on the next cell,
   * false, unmoved, on the leaf's last cell (then {@link next} crosses to the next page) or when a
   * Delete left {@link skipNext} set.
   */
  nextInLeaf(): boolean {
    if (this.skipNext || !this.cur.nextInLeaf()) return false;
    this.unmoved = false;
    this.forgetEntry();
    return true;
  }

  /**
   * The b-tree cursor moved within its leaf by itself (BTreeCursor.foldIntsInLeaf, a fused scan's
   * fold): forget what was known of the entry it rested on, as {@link nextInLeaf} does.
   */
  movedInLeaf(): void {
    this.unmoved = false;
    this.forgetEntry();
  }

  prev(): IOResult<boolean> {
    return this.moved(this.cur.prev());
  }

  /**
   * Delete with OPFLAG_SAVEPOSITION after the b-tree removed the current entry in place (cell
   * `cell` of leaf `pgno`, whose bytes are now `page`): rests on the next entry with
   * {@link skipNext} set, or, the entry having been the leaf's last, on the one before it without
   * (the next Next leaves the leaf), and returns true; false when the cursor must seek instead
   * (BTreeCursor.entryDroppedInPlace / entryDroppedLast). Only a forward loop (Next) follows it.
   */
  droppedInPlace(pgno: number, cell: number, page: Uint8Array): boolean {
    if (this.cur.entryDroppedInPlace(pgno, cell, page)) {
      this.unmoved = false;
      // Now on the next entry: no peek of it yet (a peek of the dropped one would claim its payload read).
      this.forgetEntry();
      this.skipNext = true;
      return true;
    }
    // The leaf's last entry: back on the one before it, and the next Next moves on as usual
    // (no seek from the root for the loop's next row).
    if (!this.cur.entryDroppedLast(pgno, cell, page)) return false;
    this.unmoved = false;
    this.forgetEntry();
    this.skipNext = false;
    return true;
  }

  /**
   * Insert with OPFLAG_USESEEKRESULT after the b-tree rewrote the current entry in place (cell
   * `cell` of leaf `pgno`, whose bytes are now `page`): stays on it, its caches dropped, and returns
   * true; false when the cursor must seek instead (BTreeCursor.entryReplacedInPlace).
   */
  replacedInPlace(pgno: number, cell: number, page: Uint8Array): boolean {
    if (!this.cur.entryReplacedInPlace(pgno, cell, page)) return false;
    this.unmoved = false;
    const skip = this.skipNext;
    this.forgetEntry();
    this.skipNext = skip;
    return true;
  }

  /**
   * NotExists learned without a seek that no entry has its rowid (BTreeWriter.rowidAboveLast); the
   * cursor, not on an entry (callers check), stays off any entry with its caches dropped, as after
   * a seek that found nothing past the last entry.
   */
  missedPastLast(): void {
    this.forgetEntry();
  }

  /** Table trees: moves to `rowid`; true when it exists. */
  seekRowid(rowid: number | bigint): IOResult<boolean> {
    return this.moved(this.cur.seekRowid(rowid));
  }

  /** Index trees: positions by `op` relative to the key prefix `key`. */
  seekKey(key: readonly Value[], op: SeekOp): IOResult<boolean> {
    return this.moved(this.cur.seekKey(key.map(toSqlValue), op));
  }

  /** The current entry's fields (decoded once per position). */
  record(): IOResult<Value[]> {
    if (this.cache) return ready(this.cache);
    const p = this.header();
    if (p) return p;
    const v = this.view;
    const out = new Array<Value>(v.n);
    for (let i = 0; i < v.n; i++) out[i] = v.column(i);
    this.cache = out;
    return ready(out);
  }

  /** Rowid of the current table entry. */
  rowid(): number | bigint {
    return (this.rowidCache ??= this.cur.rowid());
  }
}

/** A page source that holds no page, for the cursors {@link keepShape} keeps. */
const NO_PAGES: PageSource = {
  usableSize: 4096,
  pageCount: 0,
  getPage: () => {
    throw new Error('a kept cursor reads no page');
  },
  peekPage: () => undefined,
};

// A table and an index cursor, their BTreeCursor, RecordView and options kept (keep-shape.ts):
// every cursor of a finished statement is garbage, and their shapes must outlive a collection.
keepShape(new BtreeVdbeCursor(NO_PAGES, 2, false, 1, null));
keepShape(new BtreeVdbeCursor(NO_PAGES, 2, true, 1, { nKeyField: 1, desc: [false], collNames: ['BINARY'], collations: [] }));
