/**
 * In-memory cursors: ephemeral tables and indexes (OpenEphemeral), sorters (SorterOpen) and pseudo
 * cursors (OpenPseudo). They never wait for I/O.
 *
 * ```
 *  MemIndex   rows: Value[][] kept sorted by KeyInfo (IdxInsert), or appended then sorted
 *             once (SorterInsert … SorterSort); seeks by binary search.
 *  MemTable   rows: { rowid, values } in rowid order (NewRowid hands out last + 1).
 *  Pseudo     one row: the Rec in a register (SorterData's output).
 * ```
 *
 * Several cursors may share one store (OpenDup); each cursor has its own position.
 *
 * @module
 */
import type { SeekOp } from '../../btree/cursor.js';
import type { Value } from '../value/value.js';
import type { KeyInfo } from './insn.js';
import { compareRecords } from './mem.js';

/** The rows of an ephemeral index or sorter. */
export class MemIndexStore {
  rows: Value[][] = [];
  sorted = true;
  constructor(readonly keyInfo: KeyInfo | null) {}

  cmp(a: readonly Value[], b: readonly Value[]): number {
    return compareRecords(a, b, this.keyInfo);
  }

  /** Index of the first row whose key is ≥ `key` (or > when `strict`), comparing a prefix. */
  lowerBound(key: readonly Value[], strict: boolean): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = compareRecords(this.rows[mid], key, this.keyInfo, key.length);
      if (c < 0 || (strict && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Inserts keeping the order (IdxInsert); equal keys go after the existing ones. */
  insert(rec: Value[]): void {
    if (!this.sorted) {
      this.rows.push(rec);
      return;
    }
    const n = this.rows.length;
    if (n === 0 || this.cmp(this.rows[n - 1], rec) <= 0) {
      this.rows.push(rec);
      return;
    }
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cmp(this.rows[mid], rec) <= 0) lo = mid + 1;
      else hi = mid;
    }
    this.rows.splice(lo, 0, rec);
  }

  /** Sorts appended rows (stable, so equal keys keep insertion order). */
  sort(): void {
    if (!this.sorted) {
      if (!countingSort(this.rows, this.keyInfo)) this.rows.sort((a, b) => this.cmp(a, b));
      this.sorted = true;
    }
  }
}

/** Rows below this are left to Array.prototype.sort. */
const COUNTING_SORT_MIN_ROWS = 256;

/**
 * Sorts `rows` in place by a one-field key when every key is an INTEGER held as a JS number and
 * the keys span a range of at most a few times the row count (a GROUP BY on a small domain):
 * a stable counting sort, the same order as the stable comparison sort. Returns false, leaving
 * `rows` as they were, when the rows do not qualify.
 */
function countingSort(rows: Value[][], info: KeyInfo | null): boolean {
  const n = rows.length;
  if (n < COUNTING_SORT_MIN_ROWS || !info || info.nKeyField !== 1) return false;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const k = rows[i][0];
    if (typeof k !== 'number' || !Number.isSafeInteger(k)) return false;
    if (k < lo) lo = k;
    if (k > hi) hi = k;
  }
  const span = hi - lo + 1;
  if (span > 4 * n + 1024) return false;
  const desc = info.desc[0] === true;
  const counts = new Uint32Array(span + 1);
  for (let i = 0; i < n; i++) {
    const k = rows[i][0] as number;
    counts[(desc ? hi - k : k - lo) + 1]++;
  }
  for (let b = 1; b <= span; b++) counts[b] += counts[b - 1];
  const out = new Array<Value[]>(n);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    const k = row[0] as number;
    out[counts[desc ? hi - k : k - lo]++] = row;
  }
  for (let i = 0; i < n; i++) rows[i] = out[i];
  return true;
}

/** A cursor over a {@link MemIndexStore}. */
export class MemIndexCursor {
  pos = -1;
  nullRow = false;
  constructor(readonly store: MemIndexStore) {}

  get valid(): boolean {
    return !this.nullRow && this.pos >= 0 && this.pos < this.store.rows.length;
  }
  first(): boolean {
    this.nullRow = false;
    this.pos = 0;
    return this.valid;
  }
  last(): boolean {
    this.nullRow = false;
    this.pos = this.store.rows.length - 1;
    return this.valid;
  }
  next(): boolean {
    this.pos++;
    return this.valid;
  }
  prev(): boolean {
    this.pos--;
    return this.valid;
  }
  /** Positions by `op` relative to the key prefix; true when on a row. */
  seekKey(key: readonly Value[], op: SeekOp): boolean {
    this.nullRow = false;
    const s = this.store;
    if (op === 'GE') this.pos = s.lowerBound(key, false);
    else if (op === 'GT') this.pos = s.lowerBound(key, true);
    else if (op === 'LE') this.pos = s.lowerBound(key, true) - 1;
    else this.pos = s.lowerBound(key, false) - 1;
    return this.valid;
  }
  /** True when some row's key starts with `key` (Found / NotFound); positions on it. */
  found(key: readonly Value[]): boolean {
    const i = this.store.lowerBound(key, false);
    this.pos = i;
    return i < this.store.rows.length && compareRecords(this.store.rows[i], key, this.store.keyInfo, key.length) === 0;
  }
  record(): Value[] {
    return this.store.rows[this.pos];
  }
  /** Removes every row whose key starts with `key`. */
  deleteKey(key: readonly Value[]): void {
    const s = this.store;
    s.sort();
    const from = s.lowerBound(key, false);
    const to = s.lowerBound(key, true);
    if (to > from) s.rows.splice(from, to - from);
  }
}

/** The rows of an ephemeral table, in rowid order. */
export class MemTableStore {
  rowids: (number | bigint)[] = [];
  rows: Value[][] = [];
  nextRowid = 1;
}

/** A cursor over a {@link MemTableStore}. */
export class MemTableCursor {
  pos = -1;
  nullRow = false;
  constructor(readonly store: MemTableStore) {}

  get valid(): boolean {
    return !this.nullRow && this.pos >= 0 && this.pos < this.store.rows.length;
  }
  first(): boolean {
    this.nullRow = false;
    this.pos = 0;
    return this.valid;
  }
  last(): boolean {
    this.nullRow = false;
    this.pos = this.store.rows.length - 1;
    return this.valid;
  }
  next(): boolean {
    this.pos++;
    return this.valid;
  }
  prev(): boolean {
    this.pos--;
    return this.valid;
  }
  /** Appends a row (rowids handed out by NewRowid are increasing). */
  insert(rowid: number | bigint, values: Value[]): void {
    this.store.rowids.push(rowid);
    this.store.rows.push(values);
  }
  newRowid(): number {
    return this.store.nextRowid++;
  }
  record(): Value[] {
    return this.store.rows[this.pos];
  }
  rowid(): number | bigint {
    return this.store.rowids[this.pos];
  }
  /** Removes the current row; the cursor then rests before the row that followed it. */
  deleteCurrent(): void {
    this.store.rowids.splice(this.pos, 1);
    this.store.rows.splice(this.pos, 1);
    this.pos--;
  }
}

/** A cursor whose one row is the record held in a register (OpenPseudo). */
export class PseudoCursor {
  nullRow = false;
  constructor(readonly reg: number) {}
}
