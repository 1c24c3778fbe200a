/**
 * The b-tree write API the SQL engine uses (the VDBE's Insert, Delete, IdxInsert, IdxDelete,
 * NewRowid, CreateBtree, Destroy, Clear, IncrVacuum), over a {@link WritablePageStore} — a Pager
 * inside a write transaction.
 *
 * Every method is one restartable operation (page-overlay.ts): it returns pending having changed
 * nothing, or runs to the end in one synchronous stretch and publishes its pages to the store.
 * After a pending result, repeat the same call (with the same arguments) before any other write
 * to the store: the writer keeps the pages the attempt read, so that a small page cache cannot
 * make the retries wait forever; {@link BTreeWriter.reset} forgets them.
 *
 * ```ts
 * runSync(() => pager.beginWrite());
 * const w = new BTreeWriter(pager);
 * const root = runSync(() => w.createTree('table'));
 * runSync(() => w.insert(root, 1, recordFromValues(['hello'], 1)));
 * runSync(() => w.beforeCommit());   // full auto_vacuum, when the database has it
 * runSync(() => pager.commit());
 * ```
 *
 * @module
 */
import { SqliteError } from '../../error.js';
import { keepShape } from '../../keep-shape.js';
import { decodeRecord, type SqlValue, type TextEncoding } from '../../format/index.js';
import { ready, type IODone, type IOResult } from '../../io/io-result.js';
import type { KeyInfo } from '../compare.js';
import type { WritablePageStore } from '../page-store.js';
import { indexAppend, indexAppendRun, tableAboveLast, tableAppend, type EdgeHints, type IndexEdge, type IndexRecordRun, type LeafEdge } from './append.js';
import { clearTree, createTree, dropTree, type BTreeKind } from './create-drop.js';
import { indexDelete, tableDelete } from './delete.js';
import { indexDeleteInPlace, tableDeleteInPlace, type DroppedEntry, type EntryHint } from './delete-in-place.js';
import { tableReplaceInPlace } from './replace-in-place.js';
import { indexInsert, tableInsert } from './insert.js';
import { PageOverlay, runOp } from './page-overlay.js';
import { seekRowidPath, type IndexKeyDef } from './seek-path.js';
import { autoVacuumCommit, incrementalVacuumStep } from './vacuum.js';
import { cellRowid } from './mem-page.js';

/** How an index's keys compare (defaults: every field ASC, BINARY, all fields make the key). */
export interface IndexKeyOptions {
  /** DESC flags and collations per field (compare.ts). */
  keyInfo?: KeyInfo;
  /**
   * Leading fields that make the key: entries equal on them are the same entry (a WITHOUT ROWID
   * table's primary key columns). Default: all fields.
   */
  keyFields?: number;
  /**
   * A hint that the key is likely larger than every key of the tree (OPFLAG_APPEND): try the
   * append fast path (append.ts) first. Default false.
   */
  append?: boolean;
}

/** auto_vacuum modes (PRAGMA auto_vacuum: 0 NONE, 1 FULL, 2 INCREMENTAL). */
export type AutoVacuumMode = 'none' | 'full' | 'incremental';

/** The results of the fast paths (in place, append), shared: no allocation per row. */
const READY_TRUE: IODone<boolean> = ready(true);
const READY_FALSE: IODone<boolean> = ready(false);

/** Largest rowid (2^63 − 1). */
const MAX_ROWID = 0x7fffffffffffffffn;

/** Writes to the b-trees of one database through a store in a write transaction. */
export class BTreeWriter {
  /** Pages read by a pending attempt, for its retry (page-overlay.ts invariant 5). */
  private readonly carry = new Map<number, Uint8Array>();
  /**
   * Pages freed as freelist leaves through this writer (PageOverlay.hasContent; one writer per
   * write transaction, as SQLite's BtShared.pHasContent lives for one). Tests running operations
   * through runOp beside the writer pass it along to share that state.
   */
  readonly hasContent = new Set<number>();
  /** Largest rowid seen at each table's right edge, for the append fast path (append.ts). */
  private readonly edgeHints: EdgeHints = new Map();
  /** The last table and index appends, for the next ones (append.ts {@link LeafEdge}). */
  private readonly tableEdge: { last: LeafEdge | null } = { last: null };
  private readonly indexEdge: { last: IndexEdge | null } = { last: null };
  /** The last {@link keyDef} result and what it was built from (IdxInsert asks for the same one row after row). */
  private lastDef: { def: IndexKeyDef; keyInfo: KeyInfo | undefined; keyFields: number | undefined } | null = null;

  /**
   * @param store - the pager in a write transaction.
   * @param encoding - the database's text encoding (header offset 56), for decoding index records.
   */
  constructor(
    readonly store: WritablePageStore,
    readonly encoding: TextEncoding = 1,
  ) {}

  /**
   * Table b-trees: inserts `record` (the payload bytes) under `rowid`, replacing any entry with that
   * rowid. Resolves to true when an entry was replaced. `hint`: where a cursor rests on the entry
   * being replaced, for the in-place fast path (replace-in-place.ts); pass one only from a cursor
   * that nothing has moved the tree under since it got there.
   * @throws SqliteError SQLITE_CORRUPT on a malformed tree.
   */
  insert(root: number, rowid: number | bigint, record: Uint8Array, hint: EntryHint | null = null): IOResult<boolean> {
    this.lastInPlaceReplace = hint && this.carry.size === 0 && tableReplaceInPlace(this.store, root, rowid, record, hint, this.replaced) ? this.replaced : null;
    if (this.lastInPlaceReplace) return READY_TRUE;
    if (this.carry.size === 0 && tableAppend(this.store, root, rowid, record, this.edgeHints, this.tableEdge)) return READY_FALSE;
    return this.insertGeneral(root, rowid, record);
  }

  /** The general path of the table inserts, a method of its own (a closure in theirs would make V8 allocate its context on every call). */
  private insertGeneral(root: number, rowid: number | bigint, record: Uint8Array): IOResult<boolean> {
    return this.run((ov) => tableInsert(ov, root, rowid, record));
  }

  /**
   * {@link insert} without a hint, of the record at `rec.buf[rec.start, rec.end)` (an encoder's
   * scratch buffer, record-codec.ts encodeValuesInScratch): the append fast path copies it from
   * there; only the general path takes a view of it.
   * @throws SqliteError SQLITE_CORRUPT on a malformed tree.
   */
  insertBytes(root: number, rowid: number | bigint, rec: { readonly buf: Uint8Array; readonly start: number; readonly end: number }): IOResult<boolean> {
    this.lastInPlaceReplace = null;
    const { buf, start, end } = rec;
    if (this.carry.size === 0 && tableAppend(this.store, root, rowid, buf, this.edgeHints, this.tableEdge, start, end - start)) return READY_FALSE;
    return this.insertGeneral(root, rowid, buf.subarray(start, end));
  }

  /**
   * {@link insert} with the hint as two numbers (where a cursor rests on the entry replaced: leaf
   * `pgno`, cell `cell`), of the record at `rec.buf[rec.start, rec.end)` (an encoder's scratch
   * buffer, as for {@link insertBytes}): the in-place replace copies it from there, and
   * {@link lastInPlaceReplace} is an object the writer reuses; the other paths take a view of it.
   * @throws SqliteError SQLITE_CORRUPT on a malformed tree.
   */
  insertBytesAt(root: number, rowid: number | bigint, rec: { readonly buf: Uint8Array; readonly start: number; readonly end: number }, pgno: number, cell: number): IOResult<boolean> {
    const { buf, start, end } = rec;
    const hint = this.hint;
    hint.pgno = pgno;
    hint.cell = cell;
    this.lastInPlaceReplace = this.carry.size === 0 && tableReplaceInPlace(this.store, root, rowid, buf, hint, this.replaced, start, end - start) ? this.replaced : null;
    if (this.lastInPlaceReplace) return READY_TRUE;
    return this.insert(root, rowid, buf.subarray(start, end));
  }

  /** The hint {@link insertBytesAt} hands the in-place replace, and where that replace went (both reused). */
  private readonly hint: EntryHint = { pgno: 0, cell: 0 };
  private readonly replaced: DroppedEntry = { pgno: 0, cell: 0, page: new Uint8Array(0) };

  /**
   * Table b-trees: deletes the entry with `rowid`. Resolves to false when there was none.
   * `hint`: where a cursor rests on that entry (leaf page and cell), for the in-place fast path
   * (delete-in-place.ts); any hint is safe, a stale one is ignored.
   */
  delete(root: number, rowid: number | bigint, hint: EntryHint | null = null): IOResult<boolean> {
    return this.deleteAt(root, rowid, hint ? hint.pgno : 0, hint ? hint.cell : -1);
  }

  /**
   * {@link delete} with the hint as two numbers (`pgno` 0: none), for the VDBE's per-row Delete:
   * no hint object, and {@link lastInPlaceDelete} is an object the writer reuses.
   */
  deleteAt(root: number, rowid: number | bigint, pgno: number, cell: number): IOResult<boolean> {
    if (this.carry.size === 0 && tableDeleteInPlace(this.store, root, rowid, pgno, cell, this.dropped)) {
      this.lastInPlaceDelete = this.dropped;
      return READY_TRUE;
    }
    this.lastInPlaceDelete = null;
    return this.deleteGeneral(root, rowid);
  }

  /** The general path of {@link deleteAt}, a method of its own: a closure in deleteAt would make V8 allocate its context on every call. */
  private deleteGeneral(root: number, rowid: number | bigint): IOResult<boolean> {
    return this.run((ov) => tableDelete(ov, root, rowid));
  }

  /** The object {@link lastInPlaceDelete} points at after an in-place delete (rewritten by the next one). */
  private readonly dropped: DroppedEntry = { pgno: 0, cell: 0, page: new Uint8Array(0) };

  /**
   * Where the last {@link insert} rewrote its entry in place (replace-in-place.ts: same leaf, same
   * cell index, nothing else touched), for the cursor on it to stay; null otherwise.
   */
  lastInPlaceReplace: DroppedEntry | null = null;

  /**
   * Where the last {@link delete} removed its entry in place (delete-in-place.ts: no balance, the
   * rest of the tree untouched), for a cursor on that entry to follow without a seek; null when it
   * took the general path. One object the writer rewrites at each in-place delete: read it right
   * after the call.
   */
  lastInPlaceDelete: DroppedEntry | null = null;

  /**
   * Index b-trees and WITHOUT ROWID tables: inserts the record `record`, replacing an entry whose
   * key is equal (per `opts`). Resolves to true when an entry was replaced.
   * @param values - the record's fields when the caller has them (they must decode from `record`
   *   exactly: a REAL as its number), which saves decoding the record again.
   * @throws SqliteError SQLITE_CORRUPT for a malformed record or tree.
   */
  insertIndexKey(root: number, record: Uint8Array, opts: IndexKeyOptions = {}, values?: readonly SqlValue[]): IOResult<boolean> {
    const key = values ?? decodeRecord(record, this.encoding).values;
    const def = this.keyDef(opts);
    if (opts.append && this.carry.size === 0 && indexAppend(this.store, root, key, record, def, this.indexEdge)) return READY_FALSE;
    return this.run((ov) => indexInsert(ov, root, key, record, def, opts.append === true));
  }

  /**
   * {@link insertIndexKey} of the record at `rec.buf[rec.start, rec.end)` whose fields are `values`
   * (as for {@link insertBytes}: the append fast path copies it from there).
   * @throws SqliteError SQLITE_CORRUPT for a malformed tree.
   */
  insertIndexKeyBytes(root: number, rec: { readonly buf: Uint8Array; readonly start: number; readonly end: number }, opts: IndexKeyOptions, values: readonly SqlValue[]): IOResult<boolean> {
    const def = this.keyDef(opts);
    const { buf, start, end } = rec;
    if (opts.append && this.carry.size === 0 && indexAppend(this.store, root, values, buf, def, this.indexEdge, start, end - start)) return READY_FALSE;
    const record = buf.subarray(start, end);
    return this.run((ov) => indexInsert(ov, root, values, record, def, opts.append === true));
  }

  /**
   * Index b-trees: appends records of `run` in place after the entry the last index append put at
   * the right edge of `root` (append.ts indexAppendRun: while that leaf is still the right-most one
   * and each record fits there). Returns how many were appended; 0 when none could be (the caller
   * inserts the next record with {@link insertIndexKeyBytes}). Never waits on I/O.
   * Precondition: the last index append through this writer was to `root`, of the record just
   * before the run's first, and the run's records increase from it (append.ts IndexRecordRun).
   */
  appendIndexRun(root: number, run: IndexRecordRun): number {
    if (this.carry.size !== 0) return 0;
    return indexAppendRun(this.store, root, this.indexEdge, run);
  }

  /**
   * Index b-trees: deletes the entry whose key equals `key` (a record's bytes or its values).
   * Resolves to false when there was none.
   */
  deleteIndexKey(root: number, key: Uint8Array | readonly SqlValue[], opts: IndexKeyOptions = {}): IOResult<boolean> {
    const values = key instanceof Uint8Array ? decodeRecord(key, this.encoding).values : key;
    const def = this.keyDef(opts);
    if (this.carry.size === 0 && indexDeleteInPlace(this.store, root, values, def)) return READY_TRUE;
    return this.deleteIndexGeneral(root, values, def);
  }

  /** The general path of {@link deleteIndexKey} (a method of its own, as {@link deleteGeneral}). */
  private deleteIndexGeneral(root: number, values: readonly SqlValue[], def: IndexKeyDef): IOResult<boolean> {
    return this.run((ov) => indexDelete(ov, root, values, def));
  }

  /**
   * Table b-trees: the rowid OP_NewRowid would pick without its random fallback — one more than the
   * largest rowid, 1 for an empty tree.
   * @throws SqliteError SQLITE_FULL when the largest rowid is already 2^63 − 1.
   */
  newRowid(root: number): IOResult<number | bigint> {
    return this.run((ov) => {
      const s = seekRowidPath(ov, root, MAX_ROWID);
      let max: number | bigint = 0;
      const top = s.path[s.path.length - 1];
      const page = top.page;
      if (s.loc === 0) throw new SqliteError('SQLITE_FULL', 'database or disk is full: the largest rowid is taken');
      if (page.nCell > 0 && top.idx > 0) max = cellRowid(page.type, page.data, page.cellPtr(top.idx - 1));
      const next = BigInt(max) + 1n;
      return next <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(next) : next;
    });
  }

  /**
   * Table b-trees: true when `rowid` is known, without reading a page, to be larger than every rowid
   * of tree `root` (the last write was an append to it: append.ts tableAboveLast); false when not
   * known. OP_NotExists then jumps without a seek.
   */
  rowidAboveLast(root: number, rowid: number | bigint): boolean {
    return this.carry.size === 0 && tableAboveLast(this.store, root, rowid, this.edgeHints, this.tableEdge);
  }

  /** Creates an empty b-tree; resolves to its root page number. */
  createTree(kind: BTreeKind): IOResult<number> {
    return this.run((ov) => createTree(ov, kind));
  }

  /** Removes every entry of a tree, keeping its root; resolves to the number of entries removed. */
  clearTree(root: number): IOResult<number> {
    return this.run((ov) => clearTree(ov, root));
  }

  /**
   * Drops a tree (all its pages to the freelist). In auto_vacuum databases the largest root may be
   * moved into the freed root's place: `moved` is its old page number (update sqlite_schema from
   * `moved` to `root`), 0 when nothing moved.
   */
  dropTree(root: number): IOResult<{ moved: number }> {
    return this.run((ov) => dropTree(ov, root));
  }

  /**
   * `PRAGMA incremental_vacuum(n)`: gives up to `n` free pages back (all of them when n ≤ 0).
   * Resolves to the number of steps taken (pages taken off the end). A no-op without auto_vacuum.
   */
  incrementalVacuum(n: number): IOResult<number> {
    return this.run((ov) => {
      let steps = 0;
      while ((n <= 0 || steps < n) && incrementalVacuumStep(ov)) steps++;
      return steps;
    });
  }

  /** Call before the pager's commit: runs full auto_vacuum when the database has it. */
  beforeCommit(): IOResult<void> {
    if (this.store.header.largestRootPage === 0 || this.store.header.incrementalVacuum !== 0) return ready(undefined);
    return this.run((ov) => autoVacuumCommit(ov));
  }

  /**
   * Forgets the pages a pending call read. Call it when abandoning a pending call instead of
   * repeating it (e.g. after a rollback); repeating it or finishing it does this by itself.
   */
  reset(): void {
    this.carry.clear();
  }

  private run<T>(op: (ov: PageOverlay) => T): IOResult<T> {
    return runOp(this.store, op, this.carry, this.hasContent);
  }

  private keyDef(opts: IndexKeyOptions): IndexKeyDef {
    const last = this.lastDef;
    const ki = opts.keyInfo;
    if (last && last.keyFields === opts.keyFields && (last.keyInfo === ki || (ki && last.keyInfo && sameKeyInfo(ki, last.keyInfo)))) return last.def;
    const def = newKeyDef(this.encoding, ki, opts.keyFields);
    this.lastDef = { def, keyInfo: ki, keyFields: opts.keyFields };
    return def;
  }
}

/** An index's key definition for the write paths: `ki` with the database's encoding filled in. */
function newKeyDef(encoding: TextEncoding, ki: KeyInfo | undefined, keyFields: number | undefined): IndexKeyDef {
  return { keyInfo: { encoding, ...ki }, keyFields, encoding };
}

/** A store that holds no page, for the objects {@link keepShape} keeps below. */
const NO_STORE = {
  pageSize: 4096,
  usableSize: 4096,
  pageCount: 0,
  header: { freelistTrunk: 0, freelistCount: 0, largestRootPage: 0, incrementalVacuum: 0, schemaCookie: 0 },
} as unknown as WritablePageStore;

// A writer and an overlay live for one write transaction or operation, a key definition as long
// as its writer: one of each kept, the definition of an index cursor's options (btree-cursor.ts
// idxOpts), so that their shapes outlive a full garbage collection between transactions
// (keep-shape.ts).
keepShape(new BTreeWriter(NO_STORE));
keepShape(new PageOverlay(NO_STORE));
keepShape(newKeyDef(1, { desc: [false], collations: [] }, undefined));

/** Two KeyInfos with the same arrays and encoding (callers build a new object around the same arrays). */
function sameKeyInfo(a: KeyInfo, b: KeyInfo): boolean {
  return a.desc === b.desc && a.collations === b.collations && a.encoding === b.encoding;
}

/**
 * Sets the auto_vacuum mode (header offsets 52 and 64). Switching between FULL and INCREMENTAL is
 * always allowed; turning auto_vacuum on or off only while the database has no b-tree but
 * sqlite_schema (one page), as SQLite allows outside VACUUM.
 * @throws SqliteError SQLITE_MISUSE when the database already has more pages.
 */
export function setAutoVacuum(store: WritablePageStore, mode: AutoVacuumMode): void {
  const h = store.header;
  const on = h.largestRootPage !== 0;
  if (on !== (mode !== 'none') && store.pageCount > 1) {
    throw new SqliteError('SQLITE_MISUSE', 'auto_vacuum can be turned on or off only in an empty database');
  }
  if (mode === 'none') {
    h.largestRootPage = 0;
    h.incrementalVacuum = 0;
  } else {
    if (!on) h.largestRootPage = 1;
    h.incrementalVacuum = mode === 'incremental' ? 1 : 0;
  }
}
