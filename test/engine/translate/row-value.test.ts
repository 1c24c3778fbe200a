/**
 * Row values (lang_expr.html "Row Values") against better-sqlite3 (SQLite 3.53): comparisons
 * (=, <>, IS, IS NOT, <, <=, >, >=), BETWEEN, IN lists of row values and IN (SELECT …) of several
 * columns, with literals, columns (affinities, collations) and subqueries on either side, NULLs
 * anywhere; then fast-check draws row values, operators and data. Same results (storage classes
 * included) or the same error message. ROW_VALUE_RUNS / ROW_VALUE_SEED set the random part (100, 2026).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';
import { runScript } from './dml-oracle.js';

const SCHEMA = [
  'CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT COLLATE NOCASE, c REAL, d)',
  "INSERT INTO t VALUES (1, 1, 'x', 1.5, NULL), (2, 1, 'Y', 2, 'y'), (3, 2, 'x', NULL, 3), (4, NULL, 'z', 0, '1'), (5, 2, NULL, 2.5, x'01'), (6, 3, 'X', 3, 3.0)",
  'CREATE TABLE u(p, q TEXT, r INT)',
  "INSERT INTO u VALUES (1, 'x', 1), (2, 'y', NULL), (NULL, 'z', 3), ('2', 'X', 2), (3, NULL, 3)",
  'CREATE INDEX t_ab ON t(a, b)',
];

const strata = new Database(':memory:');
const oracle = new BetterSqlite3(':memory:');
for (const s of SCHEMA) {
  strata.exec(s);
  oracle.exec(s);
}
const dir = mkdtempSync(join(tmpdir(), 'strata-row-value-'));
afterAll(() => {
  strata.close();
  oracle.close();
  rmSync(dir, { recursive: true, force: true });
});

function tag(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return `i:${v}`;
  if (typeof v === 'number') return `r:${Object.is(v, -0) ? '-0' : String(v)}`;
  if (typeof v === 'string') return `t:${JSON.stringify(v)}`;
  if (v instanceof Uint8Array) return `b:${Buffer.from(v).toString('hex')}`;
  return `?:${String(v)}`;
}

type Runner = { prepare(sql: string): { raw(on: boolean): { safeIntegers(on: boolean): { all(): unknown[] } } } };
function outcome(db: Runner, sql: string): string[] | string {
  try {
    return (db.prepare(sql).raw(true).safeIntegers(true).all() as unknown[][]).map((r) => r.map(tag).join(',')).sort();
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

const FIXED = [
  'SELECT (1, 2) = (1, 2), (1, 2) = (1, 3), (1, NULL) = (1, 2), (2, NULL) = (1, 2), (NULL, 1) IS (NULL, 1), (1, 2) IS NOT (1, NULL)',
  'SELECT (1, 2) <> (1, 2), (1, NULL) != (2, NULL), (1, NULL) <> (1, 2)',
  'SELECT (1, NULL) < (1, 2), (1, NULL) < (2, 1), (NULL, 1) < (2, 1), (1, 2, 3) <= (1, 2, 3), (1, 2, 3) < (1, 2, 3), (2, 0) > (1, 9), (1, 2) >= (1, 3)',
  "SELECT ('a', 1) = ('A', 1), ('a' COLLATE NOCASE, 1) = ('A', 1), (1, '1') = (1, 1), (CAST(1 AS REAL), 2) = (1, 2)",
  'SELECT id FROM t WHERE (a, b) = (1, \'y\')',
  'SELECT id FROM t WHERE (b, a) = (\'X\', 2)',
  'SELECT id FROM t WHERE (a, id) > (1, 1) ORDER BY id',
  'SELECT id FROM t WHERE (a, b) < (2, \'Y\')',
  'SELECT id FROM t WHERE (a, c) BETWEEN (1, 2) AND (2, 100)',
  'SELECT id FROM t WHERE (a, b) NOT BETWEEN (1, \'x\') AND (2, \'x\')',
  'SELECT id FROM t WHERE (a, b) IN ((1, \'X\'), (2, \'x\'), (3, NULL))',
  'SELECT id FROM t WHERE (a, b) NOT IN ((1, \'X\'), (2, \'x\'))',
  'SELECT id, (a, b) IN ((1, \'X\'), (NULL, \'z\')) FROM t',
  'SELECT id, (a, b) IN (SELECT r, q FROM u) FROM t',
  'SELECT id, (a, b) NOT IN (SELECT r, q FROM u WHERE r IS NOT NULL AND q IS NOT NULL) FROM t',
  'SELECT id, (a, d) IN (SELECT p, r FROM u) FROM t',
  'SELECT id, (d, a) IN (SELECT q, r FROM u) FROM t',
  'SELECT id FROM t WHERE (a, b) = (SELECT r, q FROM u WHERE p = 1)',
  'SELECT id, (SELECT r, q FROM u WHERE u.r = t.a) = (a, b) FROM t',
  'SELECT id, (a, b) IN (SELECT r, q FROM u WHERE u.r >= t.a) FROM t',
  'SELECT (SELECT 1, 2) IN (SELECT 1, 2), (SELECT 1, 2 WHERE 0) = (1, 2), (SELECT * FROM u WHERE r = 1) = (1, \'x\', 1)',
  'SELECT (1, 2) IN (VALUES (1, 2), (3, 4)), (5, 2) IN (VALUES (1, 2), (3, 4)), (NULL, 2) IN (VALUES (1, 2)), (1, 2) IN (SELECT 1, 2 WHERE 0)',
  'SELECT (1, 2) = (1, 2, 3)',
  'SELECT (1, 2) = (SELECT 1, 2, 3)',
  'SELECT (1, 2) IN (SELECT 1, 2, 3)',
  'SELECT (1, 2) IN ((1, 2, 3))',
  'SELECT 1 IN ((1, 2))',
  'SELECT (1, (2, 3)) = (1, (2, 3))',
  "SELECT CASE (1, 2) WHEN (1, 3) THEN 'a' WHEN (1, 2) THEN 'b' END, CASE (1, NULL) WHEN (1, NULL) THEN 'x' ELSE 'y' END",
  "SELECT id, CASE (a, b) WHEN (1, 'x') THEN 1 WHEN (2, 'X') THEN 2 WHEN (NULL, 'z') THEN 3 WHEN (SELECT r, q FROM u WHERE r = 3) THEN 4 ELSE 0 END FROM t",
  'SELECT CASE (1, 2) WHEN 1 THEN 0 END',
  'SELECT CASE 1 WHEN (1, 2) THEN 0 END',
  'SELECT (1, 2)',
  'SELECT (1, 2) + 1',
];

describe('row values as SQLite', () => {
  it.each(FIXED)('%s', (sql) => {
    expect(outcome(strata as unknown as Runner, sql)).toEqual(outcome(oracle as unknown as Runner, sql));
  });

  it('random row-value comparisons and IN, as values and in WHERE (fast-check, 100 seeded queries)', () => {
    const scalar = fc.oneof(
      fc.constantFrom('NULL', '1', '2', '3', "'x'", "'X'", "'1'", '1.0', '2.5', "x'01'"),
      fc.constantFrom('a', 'b', 'c', 'd', 'id', 'a + 1', "b || ''", 'b COLLATE BINARY'),
    );
    const row = (n: number) => fc.array(scalar, { minLength: n, maxLength: n }).map((xs) => `(${xs.join(', ')})`);
    const expr = fc.integer({ min: 2, max: 3 }).chain((n) =>
      fc.oneof(
        fc.tuple(row(n), fc.constantFrom('=', '<>', 'IS', 'IS NOT', '<', '<=', '>', '>='), row(n)).map(([l, op, r]) => `${l} ${op} ${r}`),
        fc.tuple(row(n), fc.boolean(), row(n), row(n)).map(([x, not, lo, hi]) => `${x} ${not ? 'NOT ' : ''}BETWEEN ${lo} AND ${hi}`),
        fc.tuple(row(n), fc.boolean(), fc.array(row(n), { minLength: 1, maxLength: 3 })).map(([x, not, items]) => `${x} ${not ? 'NOT ' : ''}IN (${items.join(', ')})`),
        fc.tuple(row(n), fc.boolean(), fc.constantFrom('p, q', 'r, q', 'q, p', 'p, r', 'p || \'\', q COLLATE NOCASE'), fc.constantFrom('', ' WHERE r IS NOT NULL', ' WHERE 0', ' WHERE q > \'x\'')).map(
          ([x, not, cols, where]) => (n === 2 ? `${x} ${not ? 'NOT ' : ''}IN (SELECT ${cols} FROM u${where})` : `${x} IN (SELECT ${cols}, r FROM u${where})`),
        ),
      ),
    );
    fc.assert(
      fc.property(fc.array(expr, { minLength: 1, maxLength: 3 }), fc.boolean(), (es, where) => {
        const sql = where ? `SELECT id, ${es.slice(1).concat('0').join(', ')} FROM t WHERE ${es[0]}` : `SELECT id, ${es.join(', ')} FROM t`;
        expect(outcome(strata as unknown as Runner, sql), sql).toEqual(outcome(oracle as unknown as Runner, sql));
      }),
      { numRuns: Number(process.env.ROW_VALUE_RUNS ?? 100), seed: Number(process.env.ROW_VALUE_SEED ?? 2026) },
    );
  });
});

describe('UPDATE … SET (a, b) = … as SQLite', () => {
  it('row values and multi-column subqueries assigned, errors for widths', () => {
    const script = [
      'CREATE TABLE t(id INTEGER PRIMARY KEY, a, b TEXT, c INT)',
      'CREATE TABLE u(p, q)',
      "INSERT INTO t VALUES (1, 1, 'x', 3), (2, 4, 'y', 6), (3, NULL, NULL, 9)",
      "INSERT INTO u VALUES (3, 'three'), (6, 66), (9, NULL)",
      'UPDATE t SET (a, b) = (b, a) WHERE id = 1',
      'UPDATE t SET (b, c) = (SELECT q, p * 10 FROM u WHERE u.p = t.c) WHERE id > 1',
      'UPDATE t SET (a) = (5), (c, a) = (7, a + 1) WHERE id = 2',
      'UPDATE t SET (a, a) = (1, 2) WHERE id = 3',
      'UPDATE t SET (a, b) = (SELECT p, q FROM u ORDER BY p DESC LIMIT 1) WHERE id = 1',
      'UPDATE t SET (a, b) = (1, 2, 3)',
      'UPDATE t SET (a, b) = 1',
      'UPDATE t SET (a, b) = (SELECT 1, 2, 3)',
      'UPDATE t SET a = (1, 2)',
      'INSERT INTO t VALUES (1, 0, 0, 0) ON CONFLICT(id) DO UPDATE SET (a, b) = (excluded.c + 100, excluded.a)',
      'UPDATE t SET (a, b) = (b, a) RETURNING *',
      'SELECT * FROM t',
    ];
    const { mine, theirs } = runScript(dir, 'update-set-row', script);
    expect(mine).toEqual(theirs);
  });
});

describe('(a, b) IN (SELECT …) on a miss, with and without NULLs among the rows, as SQLite', () => {
  it('NULL rows first, last or absent; correlated; the same statement run again after a NULL row arrives', () => {
    const s = new Database(':memory:');
    const o = new BetterSqlite3(':memory:');
    const setup = [
      'CREATE TABLE p(id INTEGER PRIMARY KEY, a, b, g)',
      "INSERT INTO p(a, b, g) VALUES (1, 'x', 1), (2, 'y', 1), (3, NULL, 2), (NULL, 'z', 2), (9, 'q', 3), (1, 'y', 3)",
      'CREATE TABLE r(x, y, g)',
      "INSERT INTO r VALUES (1, 'x', 1), (2, 'z', 1), (5, 'w', 2), (7, 'v', 3)",
    ];
    for (const q of setup) {
      s.exec(q);
      o.exec(q);
    }
    const queries = [
      'SELECT id, (a, b) IN (SELECT x, y FROM r), (a, b) NOT IN (SELECT x, y FROM r) FROM p',
      'SELECT id FROM p WHERE (a, b) IN (SELECT x, y FROM r)',
      'SELECT id FROM p WHERE (a, b) NOT IN (SELECT x, y FROM r)',
      'SELECT id, (a, b) IN (SELECT x, y FROM r WHERE r.g = p.g) FROM p',
      'SELECT id, (a, b) NOT IN (SELECT x, y FROM r WHERE r.g <= p.g) FROM p',
    ];
    const check = () => {
      for (const q of queries) expect(outcome(s as unknown as Runner, q), q).toEqual(outcome(o as unknown as Runner, q));
    };
    // No NULL among the rows; then one in the last row (by key order), then one in the first.
    const prepared = s.prepare('SELECT id, (a, b) IN (SELECT x, y FROM r) FROM p').raw(true);
    const oprepared = o.prepare('SELECT id, (a, b) IN (SELECT x, y FROM r) FROM p').raw(true);
    check();
    expect(prepared.all()).toEqual(oprepared.all());
    for (const row of ["(9, NULL, 3)", "(NULL, 'x', 1)"] as const) {
      s.exec(`INSERT INTO r VALUES ${row}`);
      o.exec(`INSERT INTO r VALUES ${row}`);
      check();
      // The same statement again: what it learnt about NULLs in its last run is not kept.
      expect(prepared.all()).toEqual(oprepared.all());
    }
    s.close();
    o.close();
  });
});
