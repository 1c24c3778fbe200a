/**
 * The built-in window functions (windowfunctions.html §3): row_number, rank, dense_rank,
 * percent_rank, cume_dist, ntile, lag, lead, first_value, last_value, nth_value.
 *
 * Each runs over a fixed frame, given in `windowFrame` (SQLite's sqlite3WindowUpdate choices, so
 * the VM needs no special case): `step()` for each row entering the frame, `inverse()` for each
 * leaving, `value()` once or more per row. States are designed so that repeated `value()` calls for
 * one row, or for the peers of a row, give the same answer.
 *
 * | function      | frame                                          | state → value                           |
 * |---------------|------------------------------------------------|-----------------------------------------|
 * | row_number()  | ROWS UNBOUNDED PRECEDING … CURRENT ROW         | rows stepped                            |
 * | rank()        | RANGE UNBOUNDED PRECEDING … CURRENT ROW        | rows before the current peer group + 1  |
 * | dense_rank()  | RANGE UNBOUNDED PRECEDING … CURRENT ROW        | peer groups seen                        |
 * | percent_rank()| GROUPS CURRENT ROW … UNBOUNDED FOLLOWING       | removed / (partition rows − 1), 0.0 if 1 |
 * | cume_dist()   | GROUPS 1 FOLLOWING … UNBOUNDED FOLLOWING       | removed / partition rows                |
 * | ntile(N)      | ROWS CURRENT ROW … UNBOUNDED FOLLOWING         | bucket of row `removed` of `stepped`    |
 * | lag(X,O,D)    | ROWS CURRENT ROW … UNBOUNDED FOLLOWING         | X of the row O before the current one   |
 * | lead(X,O,D)   | ROWS CURRENT ROW … UNBOUNDED FOLLOWING         | X of the row O after the current one    |
 *
 * lag and lead keep every row of the partition (the current one is the number inverted so far), so a
 * negative offset looks the other way, as in SQLite. first_value, last_value and nth_value use the
 * OVER clause's frame and keep its rows in a queue.
 *
 * @module
 */
import { intOf, numericValue } from '../value/coerce.js';
import type { Value } from '../value/value.js';
import { Real, isInt } from '../value/value.js';
import { fnError } from './define.js';
import type { AggregateFunction, WindowFrame } from './registry.js';
import { registerFunction } from './store.js';

function windowFn(
  name: string,
  nArg: number,
  windowFrame: WindowFrame | undefined,
  init: () => unknown,
  step: (s: never, args: Value[]) => void,
  inverse: (s: never, args: Value[]) => void,
  value: (s: never) => Value,
): AggregateFunction {
  const fn: AggregateFunction = {
    kind: 'aggregate',
    name,
    nArg,
    windowOnly: true,
    init,
    step: (s, a) => (step(s as never, a), s),
    inverse: (s, a) => (inverse(s as never, a), s),
    value: (s) => value(s as never),
    final: (s) => value(s as never),
  };
  if (windowFrame !== undefined) fn.windowFrame = windowFrame;
  registerFunction(fn);
  return fn;
}

const noop = (): void => {};

interface Counts {
  /** Rows stepped. */
  n: number;
  /** Rows removed by inverse. */
  removed: number;
  /** `n` when value() last saw it change (a new peer group began). */
  lastN: number;
  /** The answer for the current peer group. */
  current: number;
  /** ntile's bucket count. */
  param: number;
}

const counts = (): Counts => ({ n: 0, removed: 0, lastN: 0, current: 0, param: 0 });
const countStep = (s: Counts): void => void s.n++;
const countInverse = (s: Counts): void => void s.removed++;

windowFn('row_number', 0, { units: 'ROWS', start: 'unbounded-preceding', end: 'current-row' }, counts, countStep, noop, (s: Counts) => s.n);

windowFn('rank', 0, { units: 'RANGE', start: 'unbounded-preceding', end: 'current-row' }, counts, countStep, noop, (s: Counts) => {
  if (s.n !== s.lastN) {
    s.current = s.lastN + 1;
    s.lastN = s.n;
  }
  return s.current;
});

windowFn('dense_rank', 0, { units: 'RANGE', start: 'unbounded-preceding', end: 'current-row' }, counts, countStep, noop, (s: Counts) => {
  if (s.n !== s.lastN) {
    s.current++;
    s.lastN = s.n;
  }
  return s.current;
});

windowFn('percent_rank', 0, { units: 'GROUPS', start: 'current-row', end: 'unbounded-following' }, counts, countStep, countInverse, (s: Counts) =>
  new Real(s.n > 1 ? s.removed / (s.n - 1) : 0),
);

windowFn(
  'cume_dist',
  0,
  { units: 'GROUPS', start: 'following', end: 'unbounded-following', offset: [1, 0] },
  counts,
  countStep,
  countInverse,
  (s: Counts) => new Real(s.n > 0 ? s.removed / s.n : 0),
);

windowFn(
  'ntile',
  1,
  { units: 'ROWS', start: 'current-row', end: 'unbounded-following' },
  counts,
  (s: Counts, [x]) => {
    if (s.n === 0) {
      const p = intOf(x);
      if (p <= 0 || x === null) throw fnError('argument of ntile must be a positive integer');
      s.param = p > 0x7fffffff ? 0x7fffffff : Number(p);
    }
    s.n++;
  },
  countInverse,
  (s: Counts) => {
    if (s.param <= 0) return null; // not stepped yet
    const size = Math.floor(s.n / s.param);
    if (size === 0) return s.removed + 1;
    const nLarge = s.n - s.param * size;
    const iSmall = nLarge * (size + 1);
    const row = s.removed;
    return row < iSmall ? 1 + Math.floor(row / (size + 1)) : 1 + nLarge + Math.floor((row - iSmall) / size);
  },
);

interface Queue {
  rows: Value[][];
  head: number;
}

const queue = (): Queue => ({ rows: [], head: 0 });
const push = (q: Queue, args: Value[]): void => void q.rows.push(args);
const shift = (q: Queue): void => {
  q.head++;
  if (q.head > 1024 && q.head * 2 > q.rows.length) {
    q.rows = q.rows.slice(q.head);
    q.head = 0;
  }
};

/**
 * lag/lead's offset: an INTEGER (TEXT and integral REALs read as numbers; negative looks the other
 * way), or undefined for anything else (NULL, 1.5, 'abc'), which gives the default.
 */
function offsetOf(args: Value[]): number | undefined {
  if (args.length < 2) return 1;
  const o = numericValue(args[1]);
  if (isInt(o)) return Number(o);
  if (o instanceof Real && Number.isInteger(o.value)) return o.value;
  return undefined;
}

interface Partition {
  /** Every row stepped so far (never dropped: lag looks back, lead forward). */
  rows: Value[][];
  /** Index of the current row (rows removed by inverse). */
  current: number;
}

const partition = (): Partition => ({ rows: [], current: 0 });
const keep = (p: Partition, args: Value[]): void => void p.rows.push(args);
const advance = (p: Partition): void => void p.current++;

function lagLead(sign: 1 | -1): (p: Partition) => Value {
  return (p) => {
    const cur = p.rows[p.current];
    if (cur === undefined) return null;
    const off = offsetOf(cur);
    const k = off === undefined ? -1 : p.current + sign * off;
    return k >= 0 && k < p.rows.length ? p.rows[k][0] : cur.length > 2 ? cur[2] : null;
  };
}

for (const nArg of [1, 2, 3]) {
  const frame: WindowFrame = { units: 'ROWS', start: 'current-row', end: 'unbounded-following' };
  windowFn('lag', nArg, frame, partition, keep, advance, lagLead(-1));
  windowFn('lead', nArg, frame, partition, keep, advance, lagLead(1));
}

windowFn('first_value', 1, undefined, queue, push, shift, (q: Queue) => (q.head < q.rows.length ? q.rows[q.head][0] : null));
windowFn('last_value', 1, undefined, queue, push, shift, (q: Queue) => (q.head < q.rows.length ? q.rows[q.rows.length - 1][0] : null));
windowFn('nth_value', 2, undefined, queue, push, shift, (q: Queue) => {
  if (q.head >= q.rows.length) return null;
  const nv = numericValue(q.rows[q.head][1]);
  const n = isInt(nv) ? nv : nv instanceof Real && Number.isInteger(nv.value) ? nv.value : -1;
  if (n <= 0) throw fnError('second argument to nth_value must be a positive integer');
  const k = q.head + Number(n) - 1;
  return k < q.rows.length ? q.rows[k][0] : null;
});
