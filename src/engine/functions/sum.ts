/**
 * sum(), total() and avg() (lang_aggfunc.html; func.c SumCtx), with the window inverse.
 *
 * State: an exact 64-bit INTEGER sum while every input is an INTEGER; at the first REAL, TEXT or
 * BLOB input (or an INTEGER overflow) the sum switches to a double with Kahan–Babuška–Neumaier
 * error compensation, INTEGERs beyond 2^52 being split into a multiple of 16384 and a remainder so
 * that no bits are lost. Inputs are read as sqlite3_value_numeric_type reads them ('5' counts as
 * INTEGER 5).
 *
 * Results: sum() is NULL for no input, the INTEGER when exact, "integer overflow" (SQLITE_ERROR)
 * when an INTEGER-only sum overflowed, else the REAL sum; total() is always REAL (0.0 for no input);
 * avg() is the REAL sum over the count, NULL for no input.
 *
 * @module
 */
import { keepShape } from '../../keep-shape.js';
import { numericValue, realOf } from '../value/coerce.js';
import type { Int } from '../value/int64.js';
import { addInt, subInt } from '../value/int64.js';
import type { Value } from '../value/value.js';
import { isInt, realOrNull } from '../value/value.js';
import { fnError } from './define.js';
import { registerFunction } from './store.js';

/**
 * The running state. A class, so that every state has one hidden class whose `iSum` field holds a
 * double in place: the exact sum of INTEGERs is kept as a double while it is a safe integer
 * (|sum| ≤ 2^53 − 1, where double addition is exact), and moves to the bigint `iBig` only beyond.
 * A scan summing 100k INTEGERs thus allocates nothing per row.
 */
class SumState {
  /** Non-NULL inputs counted (minus those removed by inverse). */
  cnt = 0;
  /**
   * The exact sum while !approx and iBig is null: a safe integer held as a double. Set to a
   * fraction first (the constructor then stores 0), so that V8 lays the field out as a double from
   * the first state on: a field first holding small integers changes its layout when a sum passes
   * 2^31, which deprecates the hidden class and aborts code being optimized meanwhile (a scan's
   * loop compiled on stack was thrown away that way).
   */
  iSum = 0.5;
  /** The exact sum while !approx, when it is not a safe integer (then iSum is unused). */
  iBig: bigint | null = null;
  /** Compensated double sum and its error term once approx. */
  rSum = 0;
  rErr = 0;
  approx = false;
  /** An INTEGER-only sum overflowed. */
  overflow = false;

  constructor() {
    this.iSum = 0;
  }
}

/** The exact INTEGER sum of a state that is not approx, in the canonical {@link Int} form. */
function exactSum(p: SumState): Int {
  return p.iBig === null ? p.iSum : p.iBig;
}

/** Stores the exact sum `s` (canonical {@link Int}) into `p`. */
function setExact(p: SumState, s: Int): void {
  if (typeof s === 'number') {
    p.iSum = s;
    p.iBig = null;
  } else p.iBig = s;
}

const TWO_52 = 4503599627370496;

function kbnStep(p: SumState, r: number): void {
  const s = p.rSum;
  const t = s + r;
  if (Math.abs(s) > Math.abs(r)) p.rErr += s - t + r;
  else p.rErr += r - t + s;
  p.rSum = t;
}

/** Splits a large INTEGER so both parts are exact doubles. */
function split(i: Int): [number, number] | undefined {
  if (typeof i === 'number' && i > -TWO_52 && i < TWO_52) return undefined;
  const b = BigInt(i);
  const small = b % 16384n;
  return [Number(b - small), Number(small)];
}

function kbnStepInt(p: SumState, i: Int): void {
  const parts = split(i);
  if (parts === undefined) kbnStep(p, Number(i));
  else {
    kbnStep(p, parts[0]);
    kbnStep(p, parts[1]);
  }
}

function kbnInit(p: SumState, i: Int): void {
  const parts = split(i);
  if (parts === undefined) {
    p.rSum = Number(i);
    p.rErr = 0;
  } else {
    p.rSum = parts[0];
    p.rErr = parts[1];
  }
}

function init(): SumState {
  return new SumState();
}

// A state lives for one statement: one kept, so that its shape outlives a full garbage collection
// between statements (keep-shape.ts).
keepShape(init());

function step(state: unknown, args: Value[]): unknown {
  return step1(state, args[0]);
}

/** {@link step} with its argument alone (AggregateFunction.step1). */
function step1(state: unknown, a: Value): unknown {
  const p = state as SumState;
  // The usual input: a safe INTEGER added to a safe exact sum (double addition is exact when the
  // true sum is safe; when it is not, the rounded result is not either, 2^53 being a double).
  if (typeof a === 'number' && !p.approx && p.iBig === null) {
    const s = p.iSum + a;
    if (s <= Number.MAX_SAFE_INTEGER && s >= -Number.MAX_SAFE_INTEGER) {
      p.iSum = s;
      p.cnt++;
      return p;
    }
  }
  return stepOther(p, a);
}

/** {@link step} for every input but a safe INTEGER added to a safe exact sum. */
function stepOther(p: SumState, a: Value): SumState {
  const v = numericValue(a);
  if (v === null) return p;
  p.cnt++;
  if (isInt(v)) {
    if (!p.approx) {
      const s = addInt(exactSum(p), v);
      if (s === undefined) {
        p.overflow = true;
        p.approx = true;
        kbnInit(p, exactSum(p));
        kbnStepInt(p, v);
      } else setExact(p, s);
    } else kbnStepInt(p, v);
  } else {
    if (!p.approx) {
      p.approx = true;
      kbnInit(p, exactSum(p));
    }
    p.overflow = false; // a non-INTEGER input makes the result REAL: no "integer overflow" (lang_aggfunc)
    kbnStep(p, realOf(v));
  }
  return p;
}

function inverse(state: unknown, args: Value[]): unknown {
  const p = state as SumState;
  const v = numericValue(args[0]);
  if (v === null) return p;
  p.cnt--;
  if (!p.approx) {
    // Rows leave in the order they entered, so while the sum is exact every input was an INTEGER.
    const s = subInt(exactSum(p), isInt(v) ? v : 0);
    if (s !== undefined) {
      setExact(p, s);
      return p;
    }
    p.overflow = true;
    p.approx = true;
    kbnInit(p, exactSum(p));
  }
  if (isInt(v)) {
    if (v === -0x8000000000000000n) {
      // −(−2^63) does not fit: subtract it as 2^63 − 1, then 1.
      kbnStepInt(p, 0x7fffffffffffffffn);
      kbnStepInt(p, 1);
    } else kbnStepInt(p, typeof v === 'number' ? -v : -v);
  } else kbnStep(p, -realOf(v));
  return p;
}

/** The compensated double sum (the error term dropped when it is not finite). */
function approxSum(p: SumState): number {
  return Number.isFinite(p.rErr) ? p.rSum + p.rErr : p.rSum;
}

function sumFinal(state: unknown): Value {
  const p = state as SumState;
  if (p.cnt <= 0) return null;
  if (!p.approx) return exactSum(p);
  if (p.overflow) throw fnError('integer overflow');
  return realOrNull(approxSum(p));
}

function totalFinal(state: unknown): Value {
  const p = state as SumState;
  return realOrNull(p.approx ? approxSum(p) : Number(exactSum(p)));
}

function avgFinal(state: unknown): Value {
  const p = state as SumState;
  if (p.cnt <= 0) return null;
  return realOrNull((p.approx ? approxSum(p) : Number(exactSum(p))) / p.cnt);
}

/**
 * IntFold.ready: the sum is exact and held as a double of magnitude below 2^52, so adding a batch
 * sum below 2^52 stays a safe integer at every partial sum, as step1 would keep it.
 */
function foldReady(state: unknown): boolean {
  const p = state as SumState;
  return !p.approx && p.iBig === null && p.iSum < FOLD_LIMIT && p.iSum > -FOLD_LIMIT;
}

/** IntFold.add: `n` INTEGERs summing to `sum` (the other rows NULL, which step1 passes over). */
function foldAdd(state: unknown, _rows: number, n: number, sum: number): void {
  const p = state as SumState;
  p.iSum += sum;
  p.cnt += n;
}

/** Magnitude below which both an exact sum and a batch sum must lie for {@link foldAdd}. */
const FOLD_LIMIT = 2 ** 52;

const intFold = { ready: foldReady, add: foldAdd };

for (const [name, final] of [
  ['sum', sumFinal],
  ['total', totalFinal],
  ['avg', avgFinal],
] as const) {
  registerFunction({ kind: 'aggregate', name, nArg: 1, init, step, step1, inverse, value: final, final, intFold });
}
