/**
 * A VDBE cursor over a b-tree in the file (OpenRead): a table b-tree keyed by rowid, or an index
 * b-tree whose entries are records (the last field the rowid of the table row).
 *
 * The current entry's record is decoded once per position and kept until the cursor moves (SQLite's
 * VdbeCursor payload cache). Every method returns {@link IOResult}: a move that is pending has changed
 * nothing (the BTreeCursor contract), so the VM simply re-runs the instruction.
 *
 * `nullRow` is set by NullRow (the missing right side of a LEFT JOIN): Column then gives NULL and
 * Rowid NULL.
 *
 * @module
 */
import { BTreeCursor, type SeekOp } from '../../btree/cursor.js';
import type { PageSource } from '../../btree/payload.js';
import type { TextEncoding } from '../../format/index.js';
import { ready, type IOResult } from '../../io/io-result.js';
import { fromRecordValue, toSqlValue, type Value } from '../value/value.js';
import type { KeyInfo } from './insn.js';

/** A cursor on a table or index b-tree of the database file. */
export class BtreeVdbeCursor {
  readonly cur: BTreeCursor;
  /** Set by NullRow; cleared by any move. */
  nullRow = false;
  private cache: Value[] | null = null;

  constructor(
    source: PageSource,
    root: number,
    readonly isIndex: boolean,
    encoding: TextEncoding,
    readonly keyInfo: KeyInfo | null,
  ) {
    this.cur = new BTreeCursor(source, root, isIndex ? 'index' : 'table', encoding, keyInfo ? { desc: keyInfo.desc, collations: keyInfo.collations } : {});
  }

  private moved<T>(r: IOResult<T>): IOResult<T> {
    if (r.done) {
      this.cache = null;
      this.nullRow = false;
    }
    return r;
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
    return this.moved(this.cur.next());
  }

  prev(): IOResult<boolean> {
    return this.moved(this.cur.prev());
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
    const r = this.cur.record();
    if (!r.done) return r;
    const { values, serialTypes } = r.value;
    const out = new Array<Value>(values.length);
    for (let i = 0; i < values.length; i++) out[i] = fromRecordValue(values[i], serialTypes[i]);
    this.cache = out;
    return ready(out);
  }

  /** Rowid of the current table entry. */
  rowid(): number | bigint {
    return this.cur.rowid();
  }
}
