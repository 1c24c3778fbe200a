/**
 * Differential test: fast-check generates rows for a small fixed schema (written into a file by
 * better-sqlite3) and SELECTs over it (expressions, WHERE, joins, LEFT JOIN, GROUP BY with
 * aggregates, DISTINCT, ORDER BY + LIMIT, IN/EXISTS/scalar subqueries, compounds); Strata and
 * better-sqlite3 must give the same rows (as multisets; in order when ORDER BY covers every result
 * column) or both fail.
 *
 * `npm test` runs a seeded sample (STRATA_DIFF_QUERIES, default 300 queries); the full mode is
 * `STRATA_DIFF_QUERIES=10000 npx vitest run test/engine/translate/differential.test.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BothEngines } from './run-both.js';

const QUERIES = Number(process.env.STRATA_DIFF_QUERIES ?? 300);
const SEED = Number(process.env.STRATA_DIFF_SEED ?? 20261126);

const T1 = ['a', 'b', 'c', 'd'];
const T2 = ['x', 'y', 'z'];

const intArb = fc.oneof(fc.integer({ min: -5, max: 12 }), fc.constant(null), fc.constantFrom(9223372036854775807n, -9223372036854775808n, 4294967296n));
const textArb = fc.oneof(fc.constantFrom('', 'a', 'A', 'b', 'ab', 'B ', '10', '3', ' 7', 'x y'), fc.constant(null));
const realArb = fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }), fc.constantFrom(0.5, -0.0, 3.0, 1e300), fc.constant(null));

/** Rows of t1 (a is the INTEGER PRIMARY KEY) and t2. */
const dataArb = fc.record({
  t1: fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), intArb, textArb, realArb), { maxLength: 25 }),
  t2: fc.array(fc.tuple(intArb, textArb, intArb), { maxLength: 25 }),
});

let dbCounter = 0;

function buildDb(dir: string, data: { t1: unknown[][]; t2: unknown[][] }): string {
  const file = join(dir, `diff-${++dbCounter}.db`);
  const db = new BetterSqlite3(file);
  db.exec('CREATE TABLE t1(a INTEGER PRIMARY KEY, b INTEGER, c TEXT, d REAL); CREATE INDEX t1b ON t1(b); CREATE TABLE t2(x INTEGER, y TEXT, z INT); CREATE INDEX t2xz ON t2(x, z); CREATE INDEX t2y ON t2(y COLLATE NOCASE)');
  const i1 = db.prepare('INSERT OR IGNORE INTO t1 VALUES (?, ?, ?, ?)');
  for (const r of data.t1) i1.run(BigInt(r[0] as number), typeof r[1] === 'number' ? BigInt(r[1]) : r[1], r[2], r[3]);
  const i2 = db.prepare('INSERT INTO t2 VALUES (?, ?, ?)');
  for (const r of data.t2) i2.run(typeof r[0] === 'number' ? BigInt(r[0]) : r[0], r[1], typeof r[2] === 'number' ? BigInt(r[2]) : r[2]);
  db.close();
  return file;
}

const literal = fc.oneof(
  fc.integer({ min: -3, max: 12 }).map(String),
  fc.constantFrom("'a'", "'10'", "'B '", 'NULL', '2.5', '-1', '0', "''", '9223372036854775807', "x'41'"),
);

function exprArb(cols: string[]): fc.Arbitrary<string> {
  const leaf = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...cols) }, { weight: 2, arbitrary: literal });
  return fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '/', '%', '||', '&', '|', '<<'), tie('e')).map(([a, o, b]) => `(${a} ${o} ${b})`),
      fc.tuple(tie('e'), fc.constantFrom('=', '<>', '<', '<=', '>', '>=', 'IS', 'IS NOT'), tie('e')).map(([a, o, b]) => `(${a} ${o} ${b})`),
      fc.tuple(tie('e'), fc.constantFrom('AND', 'OR'), tie('e')).map(([a, o, b]) => `(${a} ${o} ${b})`),
      tie('e').map((a) => `(NOT ${a})`),
      tie('e').map((a) => `(-${a})`),
      tie('e').map((a) => `(${a} IS NULL)`),
      fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => `(${a} BETWEEN ${b} AND ${c})`),
      fc.tuple(tie('e'), fc.array(literal, { minLength: 1, maxLength: 3 })).map(([a, l]) => `(${a} IN (${l.join(', ')}))`),
      fc.tuple(tie('e'), tie('e'), tie('e')).map(([a, b, c]) => `CASE WHEN ${a} THEN ${b} ELSE ${c} END`),
      fc.tuple(tie('e'), fc.constantFrom('INTEGER', 'TEXT', 'REAL', 'NUMERIC', 'BLOB')).map(([a, t]) => `CAST(${a} AS ${t})`),
      // Not abs(): on −2^63 it raises "integer overflow", and whether a query evaluates it on that
      // row depends on the join order, which is each engine's own choice.
      fc.tuple(fc.constantFrom('sign', 'coalesce', 'length', 'upper', 'typeof'), tie('e')).map(([f, a]) => (f === 'coalesce' ? `coalesce(${a}, 0)` : `${f}(${a})`)),
      fc.tuple(tie('e'), fc.constantFrom('NOCASE', 'RTRIM')).map(([a, c]) => `(${a} COLLATE ${c})`),
    ),
  })).e;
}

const fromArb: fc.Arbitrary<{ from: string; cols: string[] }> = fc.constantFrom(
  { from: 't1', cols: T1 },
  { from: 't2', cols: T2 },
  { from: 't1 JOIN t2 ON t1.b = t2.x', cols: [...T1, ...T2] },
  { from: 't1, t2', cols: [...T1, ...T2] },
  { from: 't1 LEFT JOIN t2 ON t2.x = t1.a', cols: [...T1, ...T2] },
  { from: 't2 LEFT JOIN t1 ON t1.b = t2.z AND t1.c IS NOT NULL', cols: [...T1, ...T2] },
  { from: '(SELECT b AS p, c AS q FROM t1 WHERE a > 3) AS s', cols: ['p', 'q'] },
);

const queryArb = fromArb.chain(({ from, cols }) => {
  const e = exprArb(cols);
  return fc.oneof(
    // plain: columns, WHERE, optional DISTINCT, optional ORDER BY all + LIMIT
    fc.record({ res: fc.array(e, { minLength: 1, maxLength: 3 }), where: fc.option(e), distinct: fc.boolean(), order: fc.boolean(), limit: fc.option(fc.integer({ min: 0, max: 5 })) }).map(({ res, where, distinct, order, limit }) => {
      const ord = order ? ` ORDER BY ${res.map((_, i) => i + 1).join(', ')}` : '';
      const lim = order && limit !== null ? ` LIMIT ${limit}` : '';
      return { sql: `SELECT ${distinct ? 'DISTINCT ' : ''}${res.join(', ')} FROM ${from}${where ? ` WHERE ${where}` : ''}${ord}${lim}`, ordered: order };
    }),
    // aggregate, with or without GROUP BY
    // Over a join, sum/avg/total are left out: the join order (each engine's choice) orders the
    // additions, and integer overflow and REAL rounding depend on that order.
    fc.record({ key: fc.option(fc.constantFrom(...cols)), arg: e, fn: from.includes('t1') && from.includes('t2') ? fc.constantFrom('count', 'min', 'max', 'count(DISTINCT') : fc.constantFrom('count', 'sum', 'min', 'max', 'avg', 'total', 'count(DISTINCT'), where: fc.option(e), having: fc.boolean() }).map(({ key, arg, fn, where, having }) => {
      const agg = fn === 'count(DISTINCT' ? `count(DISTINCT ${arg})` : `${fn}(${arg})`;
      const g = key ? ` GROUP BY ${key}${having ? ' HAVING count(*) > 1' : ''}` : '';
      return { sql: `SELECT ${key ? key + ', ' : ''}${agg}, count(*) FROM ${from}${where ? ` WHERE ${where}` : ''}${g}`, ordered: false };
    }),
    // subqueries
    fc.record({ res: e, op: fc.constantFrom('IN', 'NOT IN', 'EXISTS', 'scalar') }).map(({ res, op }) => {
      const sub = op === 'EXISTS' ? `EXISTS (SELECT 1 FROM t2 WHERE t2.x = ${cols[0]})` : op === 'scalar' ? `(SELECT max(z) FROM t2 WHERE t2.x < ${cols[0]}) > 3` : `${res} ${op} (SELECT z FROM t2)`;
      return { sql: `SELECT ${res} FROM ${from} WHERE ${sub}`, ordered: false };
    }),
    // compounds
    fc.record({ a: e, b: fc.constantFrom('x', 'y', 'z', 'NULL', '1'), op: fc.constantFrom('UNION', 'UNION ALL', 'EXCEPT', 'INTERSECT') }).map(({ a, b, op }) => ({ sql: `SELECT ${a} FROM ${from} ${op} SELECT ${b} FROM t2 ORDER BY 1`, ordered: true })),
  );
});

describe('differential: generated SELECTs agree with better-sqlite3', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'strata-diff-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`${QUERIES} queries over generated data`, () => {
    let compared = 0;
    const perDb = 20;
    fc.assert(
      fc.property(dataArb, fc.array(queryArb, { minLength: perDb, maxLength: perDb }), (data, queries) => {
        const file = buildDb(dir, data as never);
        const both = new BothEngines(file);
        try {
          for (const q of queries) {
            const exp = both.expected(q.sql, q.ordered);
            const act = both.actual(q.sql, q.ordered);
            if ('error' in exp) expect('error' in act, `${q.sql}: oracle failed (${exp.error}), Strata did not`).toBe(true);
            else expect(act, q.sql).toEqual(exp);
            compared++;
          }
        } finally {
          both.close();
          rmSync(file, { force: true });
        }
      }),
      { numRuns: Math.ceil(QUERIES / perDb), seed: SEED },
    );
    expect(compared).toBeGreaterThanOrEqual(QUERIES);
  }, 600_000);
});
