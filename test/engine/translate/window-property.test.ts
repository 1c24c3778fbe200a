/**
 * Property: random small tables (NULLs, ties, duplicates, INTEGER, REAL and TEXT) × random window
 * specifications (PARTITION BY, ORDER BY with ASC/DESC and NULLS FIRST/LAST, ROWS/RANGE/GROUPS
 * frames with every bound kind, EXCLUDE, FILTER) × every window function give the same rows in
 * Strata as in better-sqlite3 (SQLite 3.53), errors included (invalid frames are generated too).
 *
 * Order-sensitive cases are made deterministic as SQLite leaves peers unordered: a window whose
 * function or ROWS frame depends on the order of peers gets `id` as its last ORDER BY term; a
 * RANGE frame with an offset (one ORDER BY term only) gets an order-insensitive function. REALs are
 * never integral, so no INTEGER equals a REAL (min/max of 1 vs 1.0 depends on peer order).
 *
 * Query shapes: inline windows, named and chained windows, a window call as the outer ORDER BY,
 * and windows over GROUP BY (see querySql).
 *
 * `npm test` runs a seeded sample; STRATA_WINDOW_RUNS=N runs N (npm run test:window).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WindowPair } from './window-oracle.js';

const RUNS = Number(process.env.STRATA_WINDOW_RUNS ?? 150);
const SEED = Number(process.env.STRATA_WINDOW_SEED ?? 20261126);

const xValue = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -3, max: 5 }).map(String) },
  { weight: 2, arbitrary: fc.integer({ min: -4, max: 6 }).map((n) => `${n}.5`) },
  { weight: 2, arbitrary: fc.constant('NULL') },
  { weight: 1, arbitrary: fc.constantFrom("'k'", "'Z'", "'10'") },
);
const gValue = fc.constantFrom("'a'", "'b'", "'c'", 'NULL');
// s is TEXT COLLATE NOCASE: 'a' and 'A' are peers, and min(s)/max(s) pick among equals.
const sValue = fc.constantFrom("'a'", "'A'", "'b'", "'B'", "'c'", 'NULL');
const row = fc.tuple(gValue, xValue, xValue, sValue);
const table = fc.array(row, { minLength: 0, maxLength: 12 });

const COLUMNS = ['x', 'y', 'g', 'id', 's'];
const term = fc.record({
  col: fc.constantFrom(...COLUMNS, 'x + 1', 'abs(y)'),
  dir: fc.constantFrom('', ' ASC', ' DESC'),
  nulls: fc.constantFrom('', '', ' NULLS FIRST', ' NULLS LAST'),
});
const bound = (end: boolean): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(end ? 'UNBOUNDED FOLLOWING' : 'UNBOUNDED PRECEDING'),
    fc.constant('CURRENT ROW'),
    fc.constantFrom('0', '1', '2', '3', '1.5').chain((n) => fc.constantFrom(`${n} PRECEDING`, `${n} FOLLOWING`)),
  );
const frame = fc.option(
  fc.record({
    units: fc.constantFrom('ROWS', 'RANGE', 'GROUPS'),
    start: bound(false),
    end: fc.option(bound(true), { nil: null }),
    exclude: fc.constantFrom('', '', ' EXCLUDE NO OTHERS', ' EXCLUDE CURRENT ROW', ' EXCLUDE GROUP', ' EXCLUDE TIES'),
  }),
  { nil: null },
);
const spec = fc.record({
  partition: fc.subarray(['g', 'x IS NULL', 'y > 1']),
  order: fc.array(term, { maxLength: 2 }),
  frame,
  sensitive: fc.constantFrom(
    'row_number()', 'ntile(3)', 'lag(x)', 'lead(y, 2, -1)', 'lag(x, 0)', 'first_value(x)', 'last_value(y)', 'nth_value(x, 2)', 'nth_value(y, id % 3 + 1)',
    'group_concat(x)', "string_agg(g, '-')", 'sum(x)', 'min(x)', 'max(y)', 'min(s)', 'max(s)', 'first_value(s)',
  ),
  insensitive: fc.constantFrom('count(*)', 'count(x)', 'sum(x)', 'total(y)', 'avg(x)', 'min(x)', 'max(y)', 'rank()', 'dense_rank()', 'percent_rank()', 'cume_dist()'),
  pickSensitive: fc.boolean(),
  filter: fc.constantFrom('', '', '', ' FILTER (WHERE x > 0)', " FILTER (WHERE g <> 'b')"),
});

type Spec = typeof spec extends fc.Arbitrary<infer T> ? T : never;

const WINDOW_ONLY = /^(row_number|ntile|lag|lead|first_value|last_value|nth_value|rank|dense_rank|percent_rank|cume_dist)\(/;

/** A window call's parts, made deterministic as the module doc says. */
function callParts(s: Spec): { fn: string; filter: string; partition: string; order: string; frame: string } {
  const f = s.frame;
  const rangeOffset = f !== null && f.units === 'RANGE' && /\d/.test(f.start + (f.end ?? ''));
  const fn = rangeOffset || !s.pickSensitive ? s.insensitive : s.sensitive;
  const peersMatter = !rangeOffset && (s.pickSensitive || (f !== null && f.units === 'ROWS'));
  const order = s.order.map((t) => t.col + t.dir + t.nulls);
  if (rangeOffset) {
    order.splice(1);
    if (order.length === 0) order.push('x');
  } else if (peersMatter) order.push('id');
  return {
    fn,
    filter: WINDOW_ONLY.test(fn) ? '' : s.filter,
    partition: s.partition.length ? `PARTITION BY ${s.partition.join(', ')}` : '',
    order: order.length ? `ORDER BY ${order.join(', ')}` : '',
    frame: f ? `${f.units} ${f.end === null ? f.start : `BETWEEN ${f.start} AND ${f.end}`}${f.exclude}` : '',
  };
}

const join = (...xs: string[]): string => xs.filter((x) => x).join(' ');

/**
 * The query of one case. Shapes: `plain` (OVER (…) inline); `named` (the first window's PARTITION BY
 * in `WINDOW w AS (…)`, chained as `OVER (w ORDER BY … frame)`, the second one named whole and
 * used as `OVER v`); `outer-order` (the outer ORDER BY sorts by the first call, then id);
 * `grouped` (windows over GROUP BY g: columns become aggregates, min(id) the unique key).
 */
function querySql(shape: string, specs: Spec[]): string {
  const calls = specs.map(callParts);
  const windows: string[] = [];
  const texts = calls.map((c, i) => {
    if (shape === 'named' && i === 0) {
      windows.push(`w AS (${c.partition})`);
      return `${c.fn}${c.filter} OVER (${join('w', c.order, c.frame)})`;
    }
    if (shape === 'named' && i === 1) {
      windows.push(`v AS (${join(c.partition, c.order, c.frame)})`);
      return `${c.fn}${c.filter} OVER v`;
    }
    return `${c.fn}${c.filter} OVER (${join(c.partition, c.order, c.frame)})`;
  });
  const window = windows.length ? ` WINDOW ${windows.join(', ')}` : '';
  if (shape === 'grouped') {
    const agg = (t: string): string => t.replace(/\b(x|y|id|s)\b/g, (m) => ({ x: 'sum(x)', y: 'max(y)', id: 'min(id)', s: 'count(s)' })[m as 'x' | 'y' | 'id' | 's']);
    return `SELECT g, ${texts.map(agg).join(', ')} FROM t GROUP BY g ORDER BY g`;
  }
  const orderBy = shape === 'outer-order' ? `${texts[0]}, id` : 'id';
  return `SELECT id, ${texts.join(', ')} FROM t${window} ORDER BY ${orderBy}`;
}

describe('window functions: random tables × random windows vs better-sqlite3', () => {
  it(`${RUNS} generated queries`, () => {
    let errors = 0;
    fc.assert(
      fc.property(table, fc.constantFrom('plain', 'plain', 'named', 'outer-order', 'grouped'), fc.array(spec, { minLength: 1, maxLength: 3 }), (rows, shape, specs) => {
        const values = rows.map((r, i) => `(${i + 1}, ${r.join(', ')})`).join(', ');
        const setup = `CREATE TABLE t(id INTEGER PRIMARY KEY, g TEXT, x, y, s TEXT COLLATE NOCASE);${rows.length ? ` INSERT INTO t VALUES ${values};` : ''}`;
        const sql = querySql(shape, specs);
        const pair = new WindowPair(setup);
        try {
          const expected = pair.expected(sql);
          if ('error' in expected) errors++;
          expect(pair.actual(sql), sql).toEqual(expected);
        } finally {
          pair.close();
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // Most generated windows are valid: the property is about results, not only errors.
    expect(errors).toBeLessThan(RUNS / 2);
  }, 60_000 + RUNS * 50);
});
