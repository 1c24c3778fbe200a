/**
 * A cursor that writes where it stands: the shape the VDBE's Insert / IdxInsert / Delete / IdxDelete
 * use (SQLite's BtCursor with sqlite3BtreeInsert / sqlite3BtreeDelete).
 *
 * It is a {@link BTreeCursor} (seek, first/last/next/prev, record) plus:
 * - `insert(rowid, record)` / `insertIndexKey(record)`: write, then rest on the new entry;
 * - `delete()`: deletes the entry the cursor is on, then rests on the entry after it with a
 *   "skip next" mark (SQLite's CURSOR_SKIPNEXT), so that the usual `delete(); next()` loop visits
 *   every entry once; after deleting the last entry, `prev()` goes to the new last one.
 *
 * Every write goes through {@link BTreeWriter} (restartable). A write is followed by a re-seek; when
 * the re-seek returns pending the write is already done, so the same call must be repeated — it
 * then only finishes the seek — before any other call on this cursor.
 *
 * Other cursors on the same tree see a changed tree and must seek again before moving.
 *
 * @module
 */
import { SqliteError } from '../../error.js';
import { decodeRecord, type SqlValue, type TextEncoding } from '../../format/index.js';
import { ready, type IOResult } from '../../io/io-result.js';
import type { KeyInfo } from '../compare.js';
import { BTreeCursor, type SeekOp, type TreeKind } from '../cursor.js';
import type { WritablePageStore } from '../page-store.js';
import { BTreeWriter } from './btree-writer.js';

/** A read cursor that can also insert and delete; see the module doc. */
export class BTreeWriteCursor extends BTreeCursor {
  private readonly writer: BTreeWriter;
  /** The seek still owed after a write whose re-seek returned pending. */
  private resume: (() => IOResult<boolean>) | null = null;
  private skipNext = false;
  private pastLastAfterDelete = false;

  /**
   * @param store - the pager in a write transaction.
   * @param rootPgno - root page of the tree.
   * @param kind - 'table' (rowid keys) or 'index' (indexes and WITHOUT ROWID tables).
   * @param encoding - the database's text encoding.
   * @param keyInfo - DESC flags and collations of an index's fields.
   * @param keyFields - leading fields that make an index key (WITHOUT ROWID primary key); default all.
   */
  constructor(
    readonly store: WritablePageStore,
    rootPgno: number,
    kind: TreeKind,
    encoding: TextEncoding = 1,
    keyInfo: KeyInfo = {},
    readonly keyFields?: number,
  ) {
    super(store, rootPgno, kind, encoding, keyInfo);
    this.writer = new BTreeWriter(store, encoding);
  }

  /**
   * Table trees: inserts or replaces (`rowid`, `record`) and rests on it.
   * @throws SqliteError SQLITE_MISUSE on an index cursor.
   */
  insert(rowid: number | bigint, record: Uint8Array): IOResult<void> {
    if (this.kind !== 'table') throw new SqliteError('SQLITE_MISUSE', 'insert(rowid, record) on an index cursor');
    return this.writeThenSeek(
      () => this.writer.insert(this.rootPgno, rowid, record),
      () => this.seekRowid(rowid),
    );
  }

  /**
   * Index trees: inserts or replaces the entry `record` and rests on it.
   * @throws SqliteError SQLITE_MISUSE on a table cursor.
   */
  insertIndexKey(record: Uint8Array): IOResult<void> {
    if (this.kind !== 'index') throw new SqliteError('SQLITE_MISUSE', 'insertIndexKey(record) on a table cursor');
    const key = this.keyOf(decodeRecord(record, this.encoding).values);
    return this.writeThenSeek(
      () => this.writer.insertIndexKey(this.rootPgno, record, this.opts()),
      () => this.seekKey(key, 'GE'),
    );
  }

  /**
   * Deletes the entry the cursor is on (module doc for where it rests afterwards).
   * @throws SqliteError SQLITE_MISUSE when the cursor is not on an entry.
   */
  delete(): IOResult<void> {
    if (this.resume) return this.finishSeek(true);
    if (!this.valid) throw new SqliteError('SQLITE_MISUSE', 'delete() with the cursor on no entry');
    if (this.kind === 'table') {
      const rowid = this.rowid();
      return this.writeThenSeek(
        () => this.writer.delete(this.rootPgno, rowid),
        () => this.seekRowid(rowid),
        true,
      );
    }
    const rec = this.record();
    if (!rec.done) return rec;
    const key = this.keyOf(rec.value.values);
    return this.writeThenSeek(
      () => this.writer.deleteIndexKey(this.rootPgno, key, this.opts()),
      () => this.seekKey(key, 'GE'),
      true,
    );
  }

  /** As {@link BTreeCursor.next}, except right after a delete, when the cursor already rests on the next entry. */
  override next(): IOResult<boolean> {
    if (this.skipNext) {
      this.skipNext = false;
      return ready(this.valid);
    }
    return super.next();
  }

  /** As {@link BTreeCursor.prev}; after deleting the last entry, moves to the new last one. */
  override prev(): IOResult<boolean> {
    this.skipNext = false;
    if (this.pastLastAfterDelete) {
      const r = super.last();
      if (r.done) this.pastLastAfterDelete = false;
      return r;
    }
    return super.prev();
  }

  /** As {@link BTreeCursor.first} (forgets any delete mark). */
  override first(): IOResult<boolean> {
    this.clearMarks();
    return super.first();
  }

  /** As {@link BTreeCursor.last} (forgets any delete mark). */
  override last(): IOResult<boolean> {
    this.clearMarks();
    return super.last();
  }

  /** As {@link BTreeCursor.seekRowid} (forgets any delete mark). */
  override seekRowid(rowid: number | bigint): IOResult<boolean> {
    this.clearMarks();
    return super.seekRowid(rowid);
  }

  /** As {@link BTreeCursor.seekKey} (forgets any delete mark). */
  override seekKey(key: readonly SqlValue[], op: SeekOp): IOResult<boolean> {
    this.clearMarks();
    return super.seekKey(key, op);
  }

  private clearMarks(): void {
    this.skipNext = false;
    this.pastLastAfterDelete = false;
  }

  private writeThenSeek(write: () => IOResult<unknown>, seek: () => IOResult<boolean>, deleting = false): IOResult<void> {
    if (this.resume) return this.finishSeek(deleting);
    const w = write();
    if (!w.done) return w;
    this.resume = seek;
    return this.finishSeek(deleting);
  }

  private finishSeek(deleting: boolean): IOResult<void> {
    const r = this.resume!();
    if (!r.done) return r;
    this.resume = null;
    this.skipNext = deleting && this.valid;
    this.pastLastAfterDelete = deleting && !this.valid;
    return ready(undefined);
  }

  private keyOf(values: readonly SqlValue[]): SqlValue[] {
    return this.keyFields === undefined ? [...values] : values.slice(0, this.keyFields);
  }

  private opts(): { keyInfo: KeyInfo; keyFields?: number } {
    return { keyInfo: this.keyInfo, keyFields: this.keyFields };
  }
}
