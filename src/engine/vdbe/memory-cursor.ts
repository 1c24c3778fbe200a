/**
 * In-memory cursors: ephemeral tables and indexes (OpenEphemeral), sorters (SorterOpen) and pseudo
 * cursors (OpenPseudo). They never wait for I/O.
 *
 * ```
 *  MemIndex   rows: Value[][] kept sorted by KeyInfo (IdxInsert), or appended then sorted
 *             once (SorterInsert … SorterSort); seeks by binary search.
 *             A sorter whose records all have one width keeps them flat instead (row i's fields
 *             at flat[i·width …]), sorted by a counting sort into a new flat array: no array per
 *             row lives through the build, and rows are read back in memory order. Anything but
 *             append / sort / read turns it into rows first (unflatten).
 *             While every field appended is an INTEGER held as a number, the flat records
 *             live in a Float64Array instead (ints; exact for safe integers): no GC work
 *             per field, a typed counting sort; the first other value turns them into
 *             the Value[] layout (flat) and the store goes on from there.
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
import { applyAffinity } from './arith.js';
import { compareRecords } from './mem.js';
import { keepShape, settleFields } from '../../keep-shape.js';

/** The rows of an ephemeral index or sorter. */
export class MemIndexStore {
  /** The rows, unless the store is flat (then empty: read through {@link row}). */
  rows: Value[][] = [];
  sorted = true;
  /**
   * A sorter's records laid out flat (see the module doc), or null. Read by hot-ops.ts
   * sorterDataIdxInsert, which encodes a record from here without copying it; written only here.
   */
  flat: Value[] | null = null;
  /**
   * The flat records while all are INTEGER numbers (module doc), or null; never set with
   * {@link flat}. Its length is the capacity: records beyond {@link flatCount} are unused. Read by
   * hot-ops.ts sorterDataIdxInsert; written only here.
   */
  ints: Float64Array | null = null;
  /** Fields per record of {@link flat} or {@link ints}. */
  width = 0;
  /** Records in {@link flat} or {@link ints}. */
  flatCount = 0;
  constructor(readonly keyInfo: KeyInfo | null) {}

  cmp(a: readonly Value[], b: readonly Value[]): number {
    return compareRecords(a, b, this.keyInfo);
  }

  /** Number of rows. */
  get length(): number {
    return this.flat !== null || this.ints !== null ? this.flatCount : this.rows.length;
  }

  /** Row `i` (below {@link length}); a flat sorter's is a fresh copy. */
  row(i: number): Value[] {
    const f = this.flat;
    if (f === null) return this.ints !== null ? this.intsRow(i) : this.rows[i];
    const w = this.width;
    return f.slice(i * w, i * w + w);
  }

  /** Row `i` of {@link ints}, as an array of its own. */
  private intsRow(i: number): Value[] {
    const a = this.ints!;
    const w = this.width;
    const out = new Array<Value>(w);
    for (let j = 0; j < w; j++) out[j] = a[i * w + j];
    return out;
  }

  /** Turns {@link ints} into {@link flat} (the first record with another value has come). */
  private intsToFlat(): void {
    const a = this.ints;
    if (a === null) return;
    const n = this.flatCount * this.width;
    const f = new Array<Value>(n);
    for (let i = 0; i < n; i++) f[i] = a[i];
    this.flat = f;
    this.ints = null;
  }

  /** Room in {@link ints} for one more record (doubling its capacity when full). */
  private intsRoom(): Float64Array {
    const a = this.ints!;
    const need = (this.flatCount + 1) * this.width;
    if (need <= a.length) return a;
    const b = new Float64Array(Math.max(2 * a.length, need));
    b.set(a);
    this.ints = b;
    return b;
  }

  /** Turns flat records into {@link rows}. */
  private unflatten(): void {
    this.intsToFlat();
    const f = this.flat;
    if (f === null) return;
    const w = this.width;
    const rows = new Array<Value[]>(this.flatCount);
    for (let i = 0; i < rows.length; i++) rows[i] = f.slice(i * w, i * w + w);
    this.rows = rows;
    this.flat = null;
  }

  /** Index of the first row whose key is ≥ `key` (or > when `strict`), comparing a prefix. */
  lowerBound(key: readonly Value[], strict: boolean): number {
    this.unflatten();
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

  /**
   * Inserts keeping the order (IdxInsert): a row equal in every field replaces the one there,
   * rows equal in the key fields only go after the existing ones; or appends to an unsorted sorter.
   */
  insert(rec: Value[]): void {
    if (!this.sorted) {
      if (this.ints !== null || (this.flat === null && this.rows.length === 0)) {
        if (this.appendInts(rec, 0, rec.length, '')) return;
        this.intsToFlat();
      }
      const f = this.flat;
      if (f !== null && rec.length === this.width) {
        for (let i = 0; i < rec.length; i++) f.push(rec[i]);
        this.flatCount++;
        return;
      }
      if (f === null && this.rows.length === 0) {
        this.flat = rec.slice();
        this.width = rec.length;
        this.flatCount = 1;
        return;
      }
      this.unflatten();
      this.rows.push(rec);
      return;
    }
    this.unflatten();
    const n = this.rows.length;
    const last = n === 0 ? -1 : this.cmp(this.rows[n - 1], rec);
    if (last < 0) {
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
    // An entry equal in every field (under the KeyInfo's collations) is replaced, as an index
    // b-tree's insert overwrites the cell it lands on (sqlite3BtreeInsert, loc == 0).
    if (lo > 0 && compareRecords(this.rows[lo - 1], rec, this.keyInfo, Math.max(rec.length, this.rows[lo - 1].length)) === 0 && this.rows[lo - 1].length === rec.length) {
      this.rows[lo - 1] = rec;
      return;
    }
    this.rows.splice(lo, 0, rec);
  }

  /**
   * Appends the record of registers `mem[from .. from + n)`, affinity `aff` applied to its first
   * fields as MakeRecord applies it, to an unsorted sorter (or inserts it): MakeRecord and
   * SorterInsert in one step, without the record as an array of its own (hot-ops.ts
   * makeRecordSorter).
   */
  appendFields(mem: readonly unknown[], from: number, n: number, aff: string): void {
    // Every field the test reads is read on every call: the sorter's first append is the only one
    // that finds `ints` null, and runs before V8 has feedback for this function (it allocates that
    // lazily): a read only that append makes would deoptimize the next statement's optimized loop.
    const ints = this.ints;
    const empty = this.flat === null && this.rows.length === 0;
    if (!this.sorted && (ints !== null || empty)) {
      if (this.appendInts(mem, from, n, aff)) return;
      this.intsToFlat();
    }
    const f = this.flat;
    if (!this.sorted && f !== null && n === this.width) {
      for (let i = 0; i < n; i++) {
        const v = mem[from + i] as Value;
        f.push(i < aff.length ? applyAffinity(v, aff.charCodeAt(i)) : v);
      }
      this.flatCount++;
      return;
    }
    const rec = new Array<Value>(n);
    for (let i = 0; i < n; i++) {
      const v = mem[from + i] as Value;
      rec[i] = i < aff.length ? applyAffinity(v, aff.charCodeAt(i)) : v;
    }
    this.insert(rec);
  }

  /**
   * Appends the record of `mem[from .. from + n)` (affinity `aff` applied as by {@link appendFields})
   * to {@link ints} when it is empty or holds records of `n` fields and every field is an INTEGER
   * number; false, changing nothing, otherwise. Only while the sorter is unsorted and has no rows
   * in another layout.
   */
  private appendInts(mem: readonly unknown[], from: number, n: number, aff: string): boolean {
    if (n === 0) return false;
    for (let i = 0; i < n; i++) {
      const v = mem[from + i];
      if (typeof v !== 'number') return false;
      // An affinity changes no INTEGER but REAL's (to a REAL): that one goes the general way.
      if (i < aff.length && applyAffinity(v, aff.charCodeAt(i)) !== v) return false;
    }
    if (this.ints === null) {
      this.ints = new Float64Array(n * 64);
      this.width = n;
      this.flatCount = 0;
    } else if (n !== this.width) return false;
    const a = this.intsRoom();
    const at = this.flatCount * n;
    for (let i = 0; i < n; i++) a[at + i] = mem[from + i] as number;
    this.flatCount++;
    return true;
  }

  /** Sorts appended rows (stable, so equal keys keep insertion order). */
  sort(): void {
    if (this.sorted) return;
    this.sorted = true;
    const a = this.ints;
    if (a !== null) {
      const out = countingSortInts(a, this.width, this.flatCount, this.keyInfo);
      if (out !== null) {
        this.ints = out;
        return;
      }
      this.intsToFlat();
    }
    const f = this.flat;
    if (f !== null) {
      const out = countingSortFlat(f, this.width, this.flatCount, this.keyInfo);
      if (out !== null) {
        this.flat = out;
        return;
      }
      this.unflatten();
    }
    if (!countingSort(this.rows, this.keyInfo)) this.rows.sort((a, b) => this.cmp(a, b));
  }

  /** Removes the rows from `from` (included) to `to` (excluded). */
  removeRange(from: number, to: number): void {
    this.unflatten();
    this.rows.splice(from, to - from);
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

/**
 * {@link countingSort} over `n` flat records of `w` fields: the sorted records in a new flat array,
 * or null when they do not qualify. Each pass is a function of its own: V8 compiles a long loop
 * on stack (OSR) with the type feedback of the passes run so far, and a later pass without
 * feedback then deoptimized the whole sort in every round (--trace-deopt: "Insufficient type
 * feedback"); one loop per function keeps each compiled with its own feedback.
 */
function countingSortFlat(flat: readonly Value[], w: number, n: number, info: KeyInfo | null): Value[] | null {
  if (n < COUNTING_SORT_MIN_ROWS || !info || info.nKeyField !== 1 || w === 0) return null;
  if (!flatKeyRange(flat, w, n)) return null;
  const lo = rangeLo;
  const hi = rangeHi;
  const span = hi - lo + 1;
  if (span > 4 * n + 1024) return null;
  const desc = info.desc[0] === true;
  const counts = new Uint32Array(span + 1);
  countFlatKeys(flat, w, n, counts, desc ? hi : lo, desc);
  prefixSums(counts, span);
  return scatterFlat(flat, w, n, counts, desc ? hi : lo, desc);
}

/** Smallest and largest key of the last {@link flatKeyRange} that returned true. */
let rangeLo = 0;
let rangeHi = 0;

/** Sets {@link rangeLo}/{@link rangeHi} to the range of the first fields; false when one is not a safe integer. */
function flatKeyRange(flat: readonly Value[], w: number, n: number): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const k = flat[i * w];
    if (typeof k !== 'number' || !Number.isSafeInteger(k)) return false;
    if (k < lo) lo = k;
    if (k > hi) hi = k;
  }
  rangeLo = lo;
  rangeHi = hi;
  return true;
}

/** Counts each key in `counts[bucket + 1]`, the bucket `key - base` (or `base - key` when `desc`). */
function countFlatKeys(flat: readonly Value[], w: number, n: number, counts: Uint32Array, base: number, desc: boolean): void {
  for (let i = 0; i < n; i++) {
    const k = flat[i * w] as number;
    counts[(desc ? base - k : k - base) + 1]++;
  }
}

/** Turns bucket counts into each bucket's first output slot. */
function prefixSums(counts: Uint32Array, span: number): void {
  for (let b = 1; b <= span; b++) counts[b] += counts[b - 1];
}

/** The records placed at their buckets' slots (stable). */
function scatterFlat(flat: readonly Value[], w: number, n: number, counts: Uint32Array, base: number, desc: boolean): Value[] {
  const out = new Array<Value>(n * w).fill(null);
  for (let i = 0; i < n; i++) {
    const src = i * w;
    const k = flat[src] as number;
    const dst = counts[desc ? base - k : k - base]++ * w;
    for (let j = 0; j < w; j++) out[dst + j] = flat[src + j];
  }
  return out;
}

/**
 * {@link countingSortFlat} over `n` records of `w` INTEGER fields in a Float64Array (a store's
 * {@link MemIndexStore.ints}): the sorted records in a new one, or null when they do not qualify
 * (the range of the first field is too wide, or the key has more than one field). Each pass is a
 * function of its own, as there.
 */
function countingSortInts(a: Float64Array, w: number, n: number, info: KeyInfo | null): Float64Array | null {
  if (n < COUNTING_SORT_MIN_ROWS || !info || info.nKeyField !== 1 || w === 0) return null;
  intKeyRange(a, w, n);
  const lo = rangeLo;
  const hi = rangeHi;
  const span = hi - lo + 1;
  if (span > 4 * n + 1024) return null;
  const desc = info.desc[0] === true;
  const counts = new Uint32Array(span + 1);
  countIntKeys(a, w, n, counts, desc ? hi : lo, desc);
  prefixSums(counts, span);
  const out = new Float64Array(n * w);
  if (w === 2) scatterInts2(a, n, counts, desc ? hi : lo, desc, out);
  else scatterInts(a, w, n, counts, desc ? hi : lo, desc, out);
  return out;
}

/** Sets {@link rangeLo}/{@link rangeHi} to the range of the first fields of `a`'s `n` records. */
function intKeyRange(a: Float64Array, w: number, n: number): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const k = a[i * w];
    if (k < lo) lo = k;
    if (k > hi) hi = k;
  }
  rangeLo = lo;
  rangeHi = hi;
}

/** {@link countFlatKeys} over a Float64Array. */
function countIntKeys(a: Float64Array, w: number, n: number, counts: Uint32Array, base: number, desc: boolean): void {
  for (let i = 0; i < n; i++) {
    const k = a[i * w];
    counts[(desc ? base - k : k - base) + 1]++;
  }
}

/**
 * {@link scatterFlat} over a Float64Array, into `out`. The loop alone in the function, as the
 * passes above (called once per sort, it is compiled on stack: code before its loop would have no
 * type feedback and throw the compiled code away on the next sort).
 */
function scatterInts(a: Float64Array, w: number, n: number, counts: Uint32Array, base: number, desc: boolean, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const src = i * w;
    const k = a[src];
    const dst = counts[desc ? base - k : k - base]++ * w;
    for (let j = 0; j < w; j++) out[dst + j] = a[src + j];
  }
}

/** {@link scatterInts} of records of two fields (an index on one column and the rowid). */
function scatterInts2(a: Float64Array, n: number, counts: Uint32Array, base: number, desc: boolean, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const k = a[2 * i];
    const dst = counts[desc ? base - k : k - base]++ * 2;
    out[dst] = k;
    out[dst + 1] = a[2 * i + 1];
  }
}

/** A cursor over a {@link MemIndexStore}. */
export class MemIndexCursor {
  pos = -1;
  nullRow = false;
  constructor(readonly store: MemIndexStore) {}

  get valid(): boolean {
    return !this.nullRow && this.pos >= 0 && this.pos < this.store.length;
  }
  first(): boolean {
    this.nullRow = false;
    this.pos = 0;
    return this.valid;
  }
  last(): boolean {
    this.nullRow = false;
    this.pos = this.store.length - 1;
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
    return this.store.row(this.pos);
  }
  /** Removes every row whose key starts with `key`. */
  deleteKey(key: readonly Value[]): void {
    const s = this.store;
    s.sort();
    const from = s.lowerBound(key, false);
    const to = s.lowerBound(key, true);
    if (to > from) s.removeRange(from, to);
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

/**
 * A cursor whose one row is the record held in a register (OpenPseudo), or, once a SorterData hands
 * it a flat sorter's row in place (hot-ops.ts sorterDataPseudo), the fields `flat[base .. base +
 * width)`: the register is then not written (no other instruction reads it; hot-codes.ts
 * SORTER_DATA_PSEUDO), no row array or Rec is made per row.
 */
export class PseudoCursor {
  nullRow = false;
  /**
   * The flat sorter array holding the current row (a store's flat Values or its INTEGERs,
   * MemIndexStore.ints), or null: the row is the Rec in register {@link reg}.
   */
  flat: Value[] | Float64Array | null = null;
  /** Where the row starts in {@link flat}, and its number of fields. */
  base = 0;
  width = 0;
  constructor(readonly reg: number) {}

  /** The fields of the current row (`mem` the VM's registers); a row in place is copied out. */
  values(mem: readonly unknown[]): Value[] {
    const f = this.flat;
    if (f !== null) return f instanceof Float64Array ? Array.from(f.subarray(this.base, this.base + this.width)) : f.slice(this.base, this.base + this.width);
    return (mem[this.reg] as { values: Value[] }).values;
  }
}

// Ephemeral tables and indexes, their cursors and pseudo-cursors live for one statement: one of
// each kept, so that their shapes outlive a full garbage collection between statements
// (keep-shape.ts).
keepShape(new MemIndexCursor(settleFields(new MemIndexStore(null), { rows: [[]], sorted: false, flat: [], ints: new Float64Array(0), width: 1, flatCount: 1 })));
keepShape(new MemTableCursor(new MemTableStore()));
settleFields(new PseudoCursor(0), { nullRow: true, flat: [], base: 1, width: 1 });
