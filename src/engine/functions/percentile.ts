/**
 * median(Y), percentile(Y, P), percentile_cont(Y, P), percentile_disc(Y, P) (SQLite 3.51+
 * built-ins; percentile.html), as aggregates with a window inverse.
 *
 * - P is a fraction in [0, 1] (in [0, 100] for percentile()), read as a number (TEXT '50'
 *   counts); it must be the same, within 0.001 as a fraction, on every row.
 * - NULL Y is skipped; any other Y must be an INTEGER or REAL ("input to F() is not numeric"),
 *   and finite ("Inf input to F()").
 * - With the non-NULL values sorted a[0 … n−1] and ix = P·(n − 1): percentile/percentile_cont/
 *   median interpolate between a[⌊ix⌋] and a[⌈ix⌉]; percentile_disc returns a[⌊ix⌋]. The result
 *   is REAL; NULL for no values.
 *
 * @module
 */
import { numericValue, realOf } from '../value/coerce.js';
import type { Value } from '../value/value.js';
import { Real, isInt } from '../value/value.js';
import { fnError } from './define.js';
import type { AggregateFunction } from './registry.js';
import { registerFunction } from './store.js';

interface PercentileState {
  /** The values in the frame, sorted ascending. */
  sorted: number[];
  /** The fraction in [0, 1], or −1 before the first row. */
  frac: number;
}

/** Index of the first element ≥ x in the sorted array. */
function lowerBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function percentileAggregate(name: string, nArg: number, scale: number, discrete: boolean): AggregateFunction {
  const readY = (y: Value): number | undefined => {
    if (y === null) return undefined;
    if (!(isInt(y) || y instanceof Real)) throw fnError(`input to ${name}() is not numeric`);
    const r = realOf(y);
    if (!Number.isFinite(r)) throw fnError(`Inf input to ${name}()`);
    return r;
  };
  const readFrac = (s: PercentileState, p: Value | undefined): void => {
    if (p === undefined) {
      s.frac = 0.5;
      return;
    }
    const n = numericValue(p);
    const f = isInt(n) || n instanceof Real ? realOf(n) / scale : NaN;
    if (!(f >= 0 && f <= 1)) {
      throw fnError(`the fraction argument to ${name}() is not between 0.0 and ${scale === 100 ? '100.0' : '1.0'}`);
    }
    if (s.frac < 0) s.frac = f;
    else if (Math.abs(s.frac - f) > 0.001) throw fnError(`the fraction argument to ${name}() is not the same for all input rows`);
  };
  const result = (state: unknown): Value => {
    const s = state as PercentileState;
    const a = s.sorted;
    if (a.length === 0) return null;
    const ix = s.frac * (a.length - 1);
    const i1 = Math.floor(ix);
    if (discrete) return new Real(a[i1]);
    const i2 = ix === i1 ? i1 : i1 + 1;
    return new Real(a[i1] + (a[i2] - a[i1]) * (ix - i1));
  };
  return {
    kind: 'aggregate',
    name,
    nArg,
    init: (): PercentileState => ({ sorted: [], frac: -1 }),
    step: (state, [y, p]) => {
      const s = state as PercentileState;
      readFrac(s, p);
      const r = readY(y);
      if (r !== undefined) s.sorted.splice(lowerBound(s.sorted, r), 0, r);
      return s;
    },
    inverse: (state, [y]) => {
      const s = state as PercentileState;
      if (y === null || !(isInt(y) || y instanceof Real)) return s;
      const r = realOf(y);
      const k = lowerBound(s.sorted, r);
      if (k < s.sorted.length && s.sorted[k] === r) s.sorted.splice(k, 1);
      return s;
    },
    value: result,
    final: result,
  };
}

registerFunction(percentileAggregate('median', 1, 1, false));
registerFunction(percentileAggregate('percentile', 2, 100, false));
registerFunction(percentileAggregate('percentile_cont', 2, 1, false));
registerFunction(percentileAggregate('percentile_disc', 2, 1, true));
