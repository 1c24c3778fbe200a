/**
 * Name resolution corners against better-sqlite3 (SQLite 3.53):
 *
 * - a FROM subquery or CTE inside a subquery that reads a column of an enclosing query is run
 *   again for every outer row (it was materialized once: every row got the first row's answer);
 * - a result column alias is not a name in the result list itself (`SELECT 1 AS a, a + 1` is
 *   "no such column: a"), while WHERE, GROUP BY, HAVING and ORDER BY may use it;
 * - the columns of a view, FROM subquery or CTE get unique names (`a`, `a:1`, …) as
 *   sqlite3ColumnsFromExprList gives them;
 * - `t.*` lists t's USING / NATURAL columns too (only `*` shows each once).
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';

const SETUP = 'CREATE TABLE t(x, z); CREATE TABLE u(y, k)';

const CASES = [
  'SELECT x, (SELECT max(b) FROM (SELECT t.x AS b)) FROM t ORDER BY 1',
  'SELECT x, (SELECT count(*) FROM (SELECT y FROM u WHERE y > t.x * 5)) FROM t ORDER BY 1',
  'SELECT x, (SELECT s FROM (SELECT sum(y) + t.x AS s FROM u)) FROM t ORDER BY 1',
  'SELECT x, (WITH c AS (SELECT t.x * 2 AS v) SELECT v FROM c) FROM t ORDER BY 1',
  'SELECT x, (SELECT v FROM (SELECT y + t.x AS v FROM u ORDER BY 1 LIMIT 1)) FROM t ORDER BY 1',
  'SELECT x, EXISTS (SELECT 1 FROM (SELECT t.x AS q) WHERE q = 2) FROM t ORDER BY 1',
  'SELECT x FROM t WHERE x IN (SELECT w FROM (SELECT y - t.z AS w FROM u)) ORDER BY 1',
  'SELECT x, (SELECT count(*) FROM (SELECT * FROM (SELECT y FROM u WHERE u.k = t.z))) FROM t ORDER BY 1',
  'SELECT 1 AS a, a + 1',
  'SELECT x AS a, a FROM t',
  'SELECT x AS a, z AS b, b FROM t',
  'SELECT x AS a FROM t WHERE a > 1 ORDER BY a',
  'SELECT x + 1 AS a, count(*) FROM t GROUP BY a HAVING a > 1 ORDER BY a',
  'SELECT x AS z, z FROM t ORDER BY 1, 2',
  'SELECT q.* FROM t AS p JOIN t AS q USING (x) ORDER BY 1, 2',
  'SELECT p.*, q.* FROM t AS p LEFT JOIN t AS q USING (x, z) ORDER BY 1, 2',
  'SELECT q.* FROM t AS p NATURAL JOIN t AS q ORDER BY 1, 2',
  'SELECT * FROM t AS p JOIN t AS q USING (x) ORDER BY 1, 2, 3',
];

function outcome(db: { prepare(s: string): { raw(b: boolean): { all(): unknown[] } } }, sql: string): string {
  try {
    return JSON.stringify(db.prepare(sql).raw(true).all());
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

describe('correlated FROM subqueries and result aliases vs SQLite', () => {
  let oracle: BetterSqlite3.Database;
  let strata: Database;
  beforeAll(() => {
    oracle = new BetterSqlite3(':memory:');
    strata = new Database(':memory:');
    for (const db of [oracle, strata] as const) {
      db.exec(SETUP);
      db.exec('INSERT INTO t VALUES (1, 10), (2, 20), (3, 10); INSERT INTO u VALUES (10, 10), (20, 20), (15, 10)');
    }
  });
  afterAll(() => {
    oracle.close();
    strata.close();
  });

  it('hand-picked statements give SQLite’s rows or error', () => {
    for (const sql of CASES) expect(outcome(strata, sql), sql).toBe(outcome(oracle, sql));
  });

  it('columns of views, FROM subqueries and CTEs are made unique as SQLite does (a, a:1, a:2)', () => {
    for (const db of [oracle, strata] as const) db.exec('CREATE VIEW j AS SELECT * FROM t AS p, t AS q; CREATE VIEW k AS SELECT x, x, x AS "x:1", z AS "Z" , x AS z FROM t');
    const named = (db: typeof oracle | typeof strata, sql: string): string => {
      try {
        const st = db.prepare(sql);
        return JSON.stringify([st.columns().map((c) => c.name), st.raw(true).all()]);
      } catch (e) {
        return `error: ${(e as Error).message}`;
      }
    };
    for (const sql of [
      'SELECT * FROM j ORDER BY 1, 2, 3, 4',
      'SELECT * FROM k ORDER BY 1, 4',
      'SELECT * FROM (SELECT x, x, x FROM t) ORDER BY 1',
      'WITH c AS (SELECT x, z, x FROM t) SELECT * FROM c ORDER BY 1, 2',
      'WITH RECURSIVE r AS (SELECT 1 AS n, 1 AS n UNION ALL SELECT n + 1, n FROM r WHERE n < 3) SELECT * FROM r',
      'SELECT "x:1", "z:1" FROM j ORDER BY 1, 2',
      'SELECT s."x:1" FROM (SELECT x, x FROM t) AS s ORDER BY 1',
    ])
      expect(named(strata, sql), sql).toBe(named(oracle, sql));
  });

  it('random correlated FROM subqueries (seeded fast-check)', () => {
    const agg = fc.constantFrom('count(*)', 'sum(v)', 'max(v)', 'min(v)', 'total(v)');
    const inner = fc.tuple(fc.constantFrom('y + t.x', 'y * t.z', 't.x', 'y - t.z', 'k'), fc.constantFrom('', ' WHERE y > t.x', ' WHERE k = t.z', ' WHERE y < 15')).map(([e, w]) => `SELECT ${e} AS v FROM u${w}`);
    const query = fc.tuple(agg, inner, fc.boolean()).map(([a, i, cte]) => (cte ? `SELECT x, z, (WITH c AS (${i}) SELECT ${a} FROM c) FROM t ORDER BY 1, 2` : `SELECT x, z, (SELECT ${a} FROM (${i})) FROM t ORDER BY 1, 2`));
    const rowsT = fc.array(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.constantFrom(10, 20, null)), { maxLength: 8 });
    const rowsU = fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.constantFrom(10, 20, null)), { maxLength: 8 });
    fc.assert(
      fc.property(rowsT, rowsU, fc.array(query, { minLength: 1, maxLength: 4 }), (ts, us, qs) => {
        for (const db of [oracle, strata] as const) {
          db.exec('DELETE FROM t; DELETE FROM u');
          for (const r of ts) db.prepare('INSERT INTO t VALUES (?, ?)').run(...r);
          for (const r of us) db.prepare('INSERT INTO u VALUES (?, ?)').run(...r);
        }
        for (const q of qs) expect(outcome(strata, q), q).toBe(outcome(oracle, q));
      }),
      { numRuns: Number(process.env.STRATA_CORRELATED_RUNS ?? 100), seed: 20261126 },
    );
  });
});
