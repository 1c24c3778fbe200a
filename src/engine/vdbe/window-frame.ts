/**
 * The AggWindow opcode's work: one window function over one buffered partition
 * (windowfunctions.html §2–§3; SQLite's window.c computes the same frames with three cursors
 * over an ephemeral table, this does it over the rows of that table at once).
 *
 * A partition row is a record of the window stage (see translate/window-code.ts): the function's
 * arguments sit at `argCol…`, the FILTER value at `filterCol`, the ORDER BY values at `orderCols`.
 * The rows arrive in window order (PARTITION BY, ORDER BY); peers are rows equal on every ORDER
 * BY value (all rows when there is no ORDER BY).
 *
 * Frame of row i, as a half-open row range [lo, hi) of the partition (n rows, G peer groups,
 * g = group of row i, starts[k] = first row of group k, starts[G] = n):
 *
 * | bound              | ROWS        | GROUPS                  | RANGE                                   |
 * |--------------------|-------------|-------------------------|-----------------------------------------|
 * | UNBOUNDED PRECEDING| 0           | 0                       | 0                                       |
 * | N PRECEDING  start | i − N       | starts[g − N]           | first row with value ≥ v − N (ASC)      |
 * | N PRECEDING  end   | i − N + 1   | starts[g − N + 1]       | first row with value > v − N (ASC)      |
 * | CURRENT ROW  start | i           | starts[g]               | starts[g]                               |
 * | CURRENT ROW  end   | i + 1       | starts[g + 1]           | starts[g + 1]                           |
 * | N FOLLOWING  start | i + N       | starts[g + N]           | first row with value ≥ v + N (ASC)      |
 * | N FOLLOWING  end   | i + N + 1   | starts[g + N + 1]       | first row with value > v + N (ASC)      |
 * | UNBOUNDED FOLLOWING| n           | n                       | n                                       |
 *
 * (clamped to [0, n]; lo > hi is an empty frame.) RANGE arithmetic follows windowCodeRangeTest: v ± N
 * only when v is a number (TEXT, BLOB and NULL stay as they are), the sign flips for DESC, and
 * values compare in the sort order of the ORDER BY term, NULLs where NULLS FIRST/LAST puts them.
 *
 * How the function is run (invariants):
 * 1. Sliding: when there is no EXCLUDE clause and the function has an inverse, or the frame starts
 *    UNBOUNDED PRECEDING: one state for the partition; for each row, rows entering the frame are
 *    stepped, then rows leaving it inverted, then `value()` is read. Bounds only move forward.
 * 2. min()/max() sliding with a moving start keep the frame's values as SQLite's ephemeral index
 *    does (window.c windowAggStep): entries ordered by value, then by insertion; a leaving row
 *    deletes the oldest entry equal to it; the result is the newest of the smallest (min) or of
 *    the largest (max) entries, so of 1 and 1.0 the later one, unlike the plain aggregate.
 * 3. Otherwise (any EXCLUDE clause, even EXCLUDE NO OTHERS, as SQLite's windowFullScan; or no
 *    inverse): each row's frame is stepped from a fresh state, skipping excluded rows, and
 *    finalized. (Observable: sum() of 'k' then 0 over ROWS CURRENT ROW is REAL then INTEGER here,
 *    REAL twice when sliding.)
 * 4. FILTER: a row whose FILTER value is not true is neither stepped nor inverted.
 * 5. Built-in window functions (row_number, rank, …) run over their fixed `windowFrame` with no
 *    EXCLUDE, whatever the OVER clause says (sqlite3WindowUpdate).
 * 6. nth_value(X, N) is computed directly, as SQLite's windowReturnOneRow does: N comes from the
 *    current row (checked even when the frame is empty) and the result is X of the frame's N-th
 *    row not excluded, NULL when there are fewer.
 *
 * @module
 */
import { SqliteError } from '../../error.js';
import type { AggregateFunction, WindowFrame as FixedFrame } from '../functions/registry.js';
import type { Collation } from '../value/compare.js';
import { Real, type Value } from '../value/value.js';
import { applyAffinity, arith, truth } from './arith.js';
import { compareValue } from './mem.js';
import { AFF_NUMERIC } from './opcodes.js';

/** A frame boundary kind (windowfunctions.html §2.2). */
export type BoundKind = 'unbounded-preceding' | 'preceding' | 'current-row' | 'following' | 'unbounded-following';

/** Everything AggWindow needs to know about one window function call (its P4). */
export interface WindowSpec {
  func: AggregateFunction;
  /** Arguments passed to the function. */
  nArg: number;
  /** Column of the first argument in a partition row; the others follow it. */
  argCol: number;
  /** Column of the FILTER value, −1 without FILTER. */
  filterCol: number;
  /** Columns of the ORDER BY values. */
  orderCols: number[];
  /** Per ORDER BY term: collation, DESC, and whether NULLs sort first in the output. */
  order: { collation: Collation; desc: boolean; nullsFirst: boolean }[];
  units: 'ROWS' | 'RANGE' | 'GROUPS';
  start: BoundKind;
  end: BoundKind;
  /** 'none' without an EXCLUDE clause; an explicit EXCLUDE NO OTHERS still recomputes (invariant 3). */
  exclude: 'none' | 'no-others' | 'current-row' | 'group' | 'ties';
  /** Collation of the argument (min/max's ephemeral index, invariant 2). */
  argCollation: Collation;
  /** The SQL text of the call, for EXPLAIN. */
  text: string;
}

const err = (m: string): SqliteError => new SqliteError('SQLITE_ERROR', m);

/**
 * A frame offset as SQLite checks it (windowCheckValue): ROWS and GROUPS need a non-negative
 * INTEGER (after numeric affinity), RANGE a non-negative number.
 * @throws SqliteError "frame starting offset must be a non-negative integer" and the like.
 */
function frameOffset(v: Value, which: 'starting' | 'ending', range: boolean): Value {
  const n = applyAffinity(v, AFF_NUMERIC);
  if (range) {
    const x = typeof n === 'number' || typeof n === 'bigint' ? Number(n) : n instanceof Real ? n.value : NaN;
    if (!(x >= 0)) throw err(`frame ${which} offset must be a non-negative number`);
    return n;
  }
  let i: number | bigint | null = typeof n === 'number' || typeof n === 'bigint' ? n : null;
  if (n instanceof Real && Number.isInteger(n.value) && Math.abs(n.value) < 2 ** 63) i = n.value;
  if (i === null || i < 0) throw err(`frame ${which} offset must be a non-negative integer`);
  return i;
}

const rowsOffset = (v: Value): number => Number(v as number | bigint);

/** The frame a built-in window function runs over (invariant 5). */
function fixedFrame(f: FixedFrame): { units: WindowSpec['units']; start: BoundKind; end: BoundKind; offsets: [Value, Value] } {
  return { units: f.units, start: f.start, end: f.end, offsets: f.offset ?? [0, 0] };
}

/**
 * Computes `spec` for every row of one partition and stores each row's result at `outCol`.
 * `startOffset` / `endOffset` are the N of `N PRECEDING|FOLLOWING` bounds (ignored otherwise).
 * @throws SqliteError SQLITE_ERROR for a bad frame offset or a function error.
 */
export function computeWindow(rows: Value[][], spec: WindowSpec, startOffset: Value, endOffset: Value, outCol: number): void {
  const n = rows.length;
  if (n === 0) return;
  const f = spec.func;
  let { units, start, end, exclude } = spec;
  let offsets: [Value, Value];
  if (f.windowFrame) {
    ({ units, start, end, offsets } = fixedFrame(f.windowFrame));
    exclude = 'none';
  } else {
    const range = units === 'RANGE';
    offsets = [
      start === 'preceding' || start === 'following' ? frameOffset(startOffset, 'starting', range) : 0,
      end === 'preceding' || end === 'following' ? frameOffset(endOffset, 'ending', range) : 0,
    ];
  }

  // Peer groups.
  const groupOf = new Int32Array(n);
  const starts = [0];
  for (let i = 1; i < n; i++) {
    if (!peers(rows[i - 1], rows[i], spec)) starts.push(i);
    groupOf[i] = starts.length - 1;
  }
  const nGroups = starts.length;
  starts.push(n);
  const groupStart = (g: number): number => starts[Math.max(0, Math.min(g, nGroups))];

  const bound = (kind: BoundKind, off: Value, i: number, isEnd: boolean): number => {
    const e = isEnd ? 1 : 0;
    const g = groupOf[i];
    switch (kind) {
      case 'unbounded-preceding':
        return 0;
      case 'unbounded-following':
        return n;
      case 'current-row':
        return units === 'ROWS' ? i + e : groupStart(g + e);
      default: {
        const sign = kind === 'preceding' ? -1 : 1;
        if (units === 'ROWS') return clamp(i + sign * rowsOffset(off) + e, n);
        if (units === 'GROUPS') return groupStart(g + sign * rowsOffset(off) + e);
        return rangeBound(rows, spec, i, sign, off, isEnd);
      }
    }
  };

  const passes = (row: Value[]): boolean => spec.filterCol < 0 || truth(row[spec.filterCol]) === true;
  const args = (row: Value[]): Value[] => row.slice(spec.argCol, spec.argCol + spec.nArg);
  const excluded = (j: number, i: number): boolean => {
    switch (exclude) {
      case 'none':
      case 'no-others':
        return false;
      case 'current-row':
        return j === i;
      case 'group':
        return groupOf[j] === groupOf[i];
      case 'ties':
        return j !== i && groupOf[j] === groupOf[i];
    }
  };

  if (f.windowOnly && f.name === 'nth_value') {
    for (let i = 0; i < n; i++) {
      const hi = bound(end, offsets[1], i, true);
      const lo = bound(start, offsets[0], i, false);
      rows[i][outCol] = nthValue(rows, spec, i, lo, hi, (j) => excluded(j, i));
    }
    return;
  }
  const minMax = !f.windowFrame && spec.nArg === 1 && (f.name === 'min' || f.name === 'max') && start !== 'unbounded-preceding';
  const sliding = exclude === 'none' && (f.inverse !== undefined || start === 'unbounded-preceding' || minMax);

  if (sliding) {
    const index = minMax ? new ValueIndex(spec.argCollation) : null;
    let state = index ? null : f.init();
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      const wantHi = Math.max(hi, bound(end, offsets[1], i, true));
      const wantLo = Math.max(lo, Math.min(bound(start, offsets[0], i, false), wantHi));
      for (; hi < wantHi; hi++) {
        if (!passes(rows[hi])) continue;
        if (index) index.insert(rows[hi][spec.argCol]);
        else state = f.step(state, args(rows[hi]));
      }
      for (; lo < wantLo; lo++) {
        if (!passes(rows[lo])) continue;
        if (index) index.delete(rows[lo][spec.argCol]);
        else if (f.inverse) state = f.inverse(state, args(rows[lo]));
      }
      rows[i][outCol] = index ? index.end(f.name === 'max') : f.value ? f.value(state) : f.final(state);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const lo = bound(start, offsets[0], i, false);
    const hi = bound(end, offsets[1], i, true);
    let state = f.init();
    for (let j = Math.max(lo, 0); j < hi; j++) {
      if (excluded(j, i) || !passes(rows[j])) continue;
      state = f.step(state, args(rows[j]));
    }
    rows[i][outCol] = f.final(state);
  }
}

const clamp = (x: number, n: number): number => (x < 0 ? 0 : x > n ? n : x);

/** nth_value's N as SQLite reads it: an INTEGER, or a REAL with an integral value, > 0. */
function nthOf(v: Value): number {
  const x = applyAffinity(v, AFF_NUMERIC);
  const k = typeof x === 'number' || typeof x === 'bigint' ? Number(x) : x instanceof Real && Number.isInteger(x.value) ? x.value : 0;
  if (!(k > 0)) throw err('second argument to nth_value must be a positive integer');
  return k;
}

/** nth_value (invariant 6): the N-th row of row i's frame, N taken from row i. */
function nthValue(rows: Value[][], spec: WindowSpec, i: number, lo: number, hi: number, excluded: (j: number) => boolean): Value {
  let k = nthOf(rows[i][spec.argCol + 1]);
  for (let j = Math.max(lo, 0); j < hi; j++) {
    if (!excluded(j) && --k === 0) return rows[j][spec.argCol];
  }
  return null;
}

function peers(a: Value[], b: Value[], spec: WindowSpec): boolean {
  for (let k = 0; k < spec.orderCols.length; k++) {
    const c = spec.orderCols[k];
    if (compareValue(a[c], b[c], spec.order[k].collation) !== 0) return false;
  }
  return true;
}

/**
 * A RANGE bound for row `i` (the module table): the first row whose ORDER BY value is ≥ the target
 * (start bound) or > it (end bound), in the term's sort order.
 */
function rangeBound(rows: Value[][], spec: WindowSpec, i: number, sign: 1 | -1, off: Value, isEnd: boolean): number {
  const col = spec.orderCols[0];
  const { collation, desc, nullsFirst } = spec.order[0];
  const v = rows[i][col];
  const numeric = typeof v === 'number' || typeof v === 'bigint' || v instanceof Real;
  const target = numeric ? arith((sign < 0) !== desc ? '-' : '+', v, off) : v;
  const cmp = (a: Value, b: Value): number => {
    if (a === null || b === null) {
      if (a === null && b === null) return 0;
      return (a === null) === nullsFirst ? -1 : 1;
    }
    const c = compareValue(a, b, collation);
    return desc ? -c : c;
  };
  // Rows are sorted by cmp: binary search for the first row past (or at) the target.
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = cmp(rows[mid][col], target);
    if (isEnd ? c <= 0 : c < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * min()/max()'s frame values as SQLite's ephemeral index holds them (invariant 2): entries
 * (value, insertion number) in value order, equal values in insertion order.
 */
class ValueIndex {
  private keys: Value[] = [];
  constructor(private readonly coll: Collation) {}

  /** First entry ≥ v (`after`: > v). */
  private bound(v: Value, after: boolean): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = compareValue(this.keys[mid], v, this.coll);
      if (c < 0 || (after && c === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** IdxInsert of (v, next number): after every equal entry. NULLs are skipped. */
  insert(v: Value): void {
    if (v !== null) this.keys.splice(this.bound(v, true), 0, v);
  }

  /** SeekGE v then Delete: removes the oldest entry equal to v. */
  delete(v: Value): void {
    if (v === null) return;
    const at = this.bound(v, false);
    if (at < this.keys.length) this.keys.splice(at, 1);
  }

  /**
   * min(): the newest of the smallest entries (SQLite reads the last entry of an index sorted DESC);
   * max(): the last entry. NULL when empty.
   */
  end(last: boolean): Value {
    if (this.keys.length === 0) return null;
    if (last) return this.keys[this.keys.length - 1];
    return this.keys[this.bound(this.keys[0], true) - 1];
  }
}
