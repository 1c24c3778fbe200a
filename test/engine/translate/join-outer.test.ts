/**
 * RIGHT JOIN and FULL OUTER JOIN (SQLite 3.39 semantics) against better-sqlite3: hand-picked
 * queries over small tables with NULLs, duplicates and empty tables, mixed with INNER/LEFT joins,
 * USING/NATURAL coalescing, WHERE terms on either side, subqueries and aggregates. Rows compare as
 * multisets unless the query has ORDER BY.
 */
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';

const SETUP = `
  CREATE TABLE a(x INT, y TEXT);
  CREATE TABLE b(x INT, z TEXT);
  CREATE TABLE c(x INT, w TEXT);
  CREATE TABLE e(x INT);
  CREATE TABLE k(id INTEGER PRIMARY KEY, x INT UNIQUE, v TEXT);
  INSERT INTO a VALUES (1, 'a1'), (2, 'a2'), (2, 'a2bis'), (NULL, 'an');
  INSERT INTO b VALUES (2, 'b2'), (3, 'b3'), (NULL, 'bn'), (3, 'b3bis');
  INSERT INTO c VALUES (3, 'c3'), (1, 'c1'), (4, 'c4');
  INSERT INTO e VALUES (3), (5), (NULL);
  CREATE INDEX cx ON c(x);
  INSERT INTO k VALUES (1, 1, 'k1'), (5, 5, 'k5'), (6, NULL, 'k6');
`;

const QUERIES = [
  'SELECT * FROM a RIGHT JOIN b ON a.x = b.x',
  'SELECT * FROM a FULL JOIN b ON a.x = b.x',
  'SELECT * FROM a FULL OUTER JOIN b ON a.x = b.x AND b.z <> \'b3\'',
  'SELECT * FROM a RIGHT JOIN b USING (x)',
  'SELECT x, a.x, b.x, y, z FROM a RIGHT JOIN b USING (x)',
  'SELECT * FROM a FULL JOIN b USING (x)',
  'SELECT x FROM a FULL JOIN b USING (x)',
  'SELECT * FROM a NATURAL FULL JOIN b',
  'SELECT * FROM a NATURAL RIGHT JOIN c',
  'SELECT * FROM a FULL JOIN b USING (x) FULL JOIN c USING (x)',
  'SELECT x, y, z, w FROM a FULL JOIN b USING (x) FULL JOIN c USING (x)',
  'SELECT * FROM a LEFT JOIN b USING (x) RIGHT JOIN c USING (x)',
  'SELECT * FROM a JOIN b ON a.x = b.x RIGHT JOIN c ON c.x = b.x',
  'SELECT * FROM a, b RIGHT JOIN c ON b.x = c.x',
  'SELECT * FROM a RIGHT JOIN b ON a.x = b.x JOIN c ON c.x = b.x',
  'SELECT * FROM a RIGHT JOIN b ON a.x = b.x LEFT JOIN c ON c.x = coalesce(a.x, b.x)',
  'SELECT * FROM a RIGHT JOIN b ON a.x = b.x RIGHT JOIN c ON c.x = b.x',
  'SELECT * FROM a FULL JOIN b ON a.x = b.x FULL JOIN c ON c.x = a.x',
  'SELECT * FROM a RIGHT JOIN b ON a.x = b.x WHERE a.y IS NULL',
  "SELECT * FROM a RIGHT JOIN b ON a.x = b.x WHERE a.y = 'a2' OR a.y IS NULL",
  'SELECT * FROM a FULL JOIN b ON a.x = b.x WHERE b.z IS NOT NULL AND a.x IS NULL',
  'SELECT * FROM a FULL JOIN b ON 0',
  'SELECT * FROM a FULL JOIN b ON 1',
  'SELECT * FROM e FULL JOIN a ON e.x = a.x',
  'SELECT * FROM a FULL JOIN e ON e.x = a.x',
  'SELECT * FROM e RIGHT JOIN e AS f ON e.x = f.x',
  'SELECT * FROM a RIGHT JOIN k ON a.x = k.x',
  'SELECT * FROM k FULL JOIN a ON a.x = k.id',
  'SELECT k.v, a.y FROM a FULL JOIN k ON k.x = a.x WHERE k.id IS NULL OR k.id > 1',
  'SELECT * FROM (SELECT x, count(*) AS n FROM a GROUP BY x) AS s FULL JOIN (SELECT DISTINCT x FROM b) AS t ON s.x = t.x',
  'SELECT count(*), count(a.x), count(b.x), sum(b.x) FROM a FULL JOIN b ON a.x = b.x',
  'SELECT b.z, count(a.y) FROM a RIGHT JOIN b ON a.x = b.x GROUP BY b.z ORDER BY b.z',
  'SELECT DISTINCT b.x FROM a RIGHT JOIN b ON a.x = b.x ORDER BY 1',
  'SELECT a.y, b.z FROM a FULL JOIN b ON a.x = b.x ORDER BY a.y, b.z LIMIT 3',
  'SELECT a.y, b.z FROM a FULL JOIN b ON a.x = b.x ORDER BY b.z DESC, a.y LIMIT 2 OFFSET 2',
  'SELECT (SELECT count(*) FROM a RIGHT JOIN b ON a.x = b.x WHERE b.x = c.x) FROM c',
  'SELECT * FROM c WHERE c.x IN (SELECT b.x FROM a RIGHT JOIN b ON a.x = b.x WHERE a.x IS NULL)',
  'SELECT * FROM a FULL JOIN b ON a.x = b.x LIMIT 1',
  'SELECT a.*, z FROM a RIGHT JOIN b USING (x)',
  'SELECT a.*, z FROM a FULL JOIN b USING (x)',
  'SELECT * FROM a FULL JOIN b USING (x), c',
  'SELECT * FROM a, b FULL JOIN c USING (x)',
  'SELECT * FROM a FULL JOIN b USING (x) WHERE x > 1',
  'SELECT x, count(*) FROM a FULL JOIN b USING (x) GROUP BY x',
  'SELECT * FROM a RIGHT JOIN (SELECT * FROM b WHERE z > \'b2\') AS s ON a.x = s.x',
  'SELECT * FROM a RIGHT JOIN b ON a.x = b.x AND a.y IN (SELECT y FROM a WHERE x = 2)',
  // USING / NATURAL terms read columns the statement's text does not name: no covering index on cx.
  'SELECT count(*) FROM c AS c1 JOIN c AS c2 USING (x, w)',
  'SELECT count(*) FROM c AS c1 NATURAL JOIN c AS c2',
  'SELECT count(*) FROM a FULL JOIN c AS c1 USING (x) LEFT JOIN c AS c2 USING (x, w) WHERE a.x IS c2.x',
  'SELECT * FROM (a RIGHT JOIN b ON a.x = b.x), c',
  // A RIGHT/FULL join in parentheses after other tables: matched within the group, per outer row.
  'SELECT * FROM c, (a RIGHT JOIN b ON a.x = b.x)',
  'SELECT * FROM c JOIN (a RIGHT JOIN b ON a.x = b.x) ON c.x > 1',
  'SELECT * FROM c JOIN (a FULL JOIN b ON a.x = b.x) ON c.x = coalesce(a.x, b.x)',
  'SELECT * FROM c, (a FULL JOIN b ON a.x = b.x AND b.z <> c.w) WHERE c.x < 4',
  'SELECT * FROM c, (a RIGHT JOIN b ON a.x = b.x) RIGHT JOIN e ON e.x = c.x',
  'SELECT * FROM a RIGHT JOIN b ON a.x = b.x, (c RIGHT JOIN e ON c.x = e.x)',
  'SELECT * FROM c CROSS JOIN (a, (b FULL JOIN e ON b.x = e.x))',
  'SELECT * FROM (a FULL JOIN b ON a.x = b.x) JOIN c ON c.x = coalesce(a.x, b.x)',
];

/** A parenthesized RIGHT/FULL join joined by LEFT/RIGHT/FULL: refused (see from.ts), never answered wrongly. */
const REFUSED = ['SELECT * FROM c LEFT JOIN (a FULL JOIN b ON a.x = b.x) ON c.x = 3', 'SELECT * FROM c RIGHT JOIN (a RIGHT JOIN b ON a.x = b.x) ON c.x = 3'];

/** EXPLAIN QUERY PLAN lines compared with SQLite 3.53's (detail text and nesting). */
const PLANS = ['SELECT * FROM a RIGHT JOIN b ON a.x = b.x', 'SELECT * FROM a FULL JOIN b ON a.x = b.x', 'SELECT * FROM a RIGHT JOIN b USING (x)'];

let mine: Database;
let ref: BetterSqlite3.Database;
beforeAll(() => {
  mine = new Database(':memory:');
  ref = new BetterSqlite3(':memory:');
  mine.exec(SETUP);
  ref.exec(SETUP);
});
afterAll(() => {
  mine.close();
  ref.close();
});

function run(db: { prepare(sql: string): { raw(on: boolean): { all(): unknown[] } } }, sql: string): unknown {
  try {
    return db.prepare(sql).raw(true).all();
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const sortRows = (rows: unknown): unknown => (Array.isArray(rows) ? rows.map((r) => JSON.stringify(r)).sort() : rows);

describe('RIGHT and FULL OUTER JOIN as SQLite', () => {
  for (const sql of QUERIES) {
    it(sql, () => {
      const theirs = run(ref, sql);
      const got = run(mine as never, sql);
      if (/ORDER BY/.test(sql)) expect(got).toEqual(theirs);
      else expect(sortRows(got)).toEqual(sortRows(theirs));
    });
  }
  it('refuses a parenthesized RIGHT/FULL join joined by an outer join (SQLite runs them)', () => {
    for (const sql of REFUSED) {
      expect(Array.isArray(run(ref, sql))).toBe(true);
      expect(run(mine as never, sql)).toEqual({ error: 'a parenthesized RIGHT or FULL JOIN joined by LEFT, RIGHT or FULL JOIN is not supported yet' });
    }
  });
  it('plans as SQLite does', () => {
    const tree = (rows: unknown[]): string[] => {
      const depth = new Map<number, number>();
      return (rows as [number, number, number, string][]).map(([id, parent, , detail]) => {
        const d = parent === 0 ? 0 : (depth.get(parent) ?? 0) + 1;
        depth.set(id, d);
        return `${'  '.repeat(d)}${detail}`;
      });
    };
    for (const sql of PLANS) expect(tree(mine.prepare(`EXPLAIN QUERY PLAN ${sql}`).raw(true).all())).toEqual(tree(ref.prepare(`EXPLAIN QUERY PLAN ${sql}`).raw(true).all()));
  });
  it('names the columns as SQLite does', () => {
    for (const sql of QUERIES.slice(0, 12)) expect(mine.prepare(sql).columns().map((c) => c.name)).toEqual(ref.prepare(sql).columns().map((c) => c.name));
  });
});

/**
 * Bare columns of an aggregate over outer joins (lang_select.html "bare columns"): with a min() or
 * max() beside other aggregates the row holding the minimum or maximum supplies them (the last
 * min/max decides), with a FILTER that rejects the row or without min/max the group's first row.
 * The first query is the differential suite's case: HAVING's `k` names t3.k (a table column wins
 * over the result alias), read from the row of max(t1.b), not from the group's last row.
 */
const BARE_SETUP = `
  CREATE TABLE t1(a INTEGER PRIMARY KEY, b INTEGER, c TEXT, d REAL);
  CREATE INDEX t1b ON t1(b);
  CREATE TABLE t2(x, y, z);
  CREATE INDEX t2xz ON t2(x, z);
  CREATE TABLE t3(k, v);
`;
const BARE_DATA = [
  'INSERT INTO t1 VALUES (1, -3, NULL, 0.5); INSERT INTO t3 VALUES (-3, NULL), (NULL, NULL);',
  `INSERT INTO t1 VALUES (1, -3, NULL, 0.5), (2, 5, 'x', 1.0), (3, NULL, NULL, NULL), (4, 5, 'y', 2.0);
   INSERT INTO t2 VALUES (1, 2, 3), (-3, 1, 1), (4, NULL, 'z');
   INSERT INTO t3 VALUES (-3, NULL), (NULL, NULL), (7, 2), (1, 9), (7, 1), (5, 0);`,
];
const BARE_QUERIES = [
  'SELECT t1.b AS k, count(*) FROM t1 FULL JOIN t2 ON 0 CROSS JOIN t3 GROUP BY t1.b HAVING max(t1.b) = k',
  'SELECT t1.b AS k, count(*) FROM t1 LEFT JOIN t2 ON 0 CROSS JOIN t3 GROUP BY t1.b HAVING max(t1.b) = k',
  'SELECT t1.b AS k, count(*) FROM t2 RIGHT JOIN t1 ON 0 CROSS JOIN t3 GROUP BY t1.b HAVING max(t1.b) = k',
  'SELECT t1.b AS k, count(*) FROM t1 FULL JOIN t2 ON t2.x = t1.a CROSS JOIN t3 GROUP BY t1.b HAVING min(t1.b) = k',
  'SELECT t1.b AS k, count(*) FROM t1 FULL JOIN t2 ON 0 CROSS JOIN t3 GROUP BY t1.b HAVING max(t1.b) = t1.b',
  'SELECT t1.b AS k, count(*), max(t3.k) FROM t1 FULL JOIN t2 ON 0 CROSS JOIN t3 GROUP BY t1.b HAVING max(t3.k) = t3.k',
  'SELECT t1.b AS k, t3.v, count(*) FROM t1 FULL JOIN t2 ON 0 CROSS JOIN t3 LEFT JOIN t2 AS u ON u.x = t3.k GROUP BY t1.b HAVING max(t1.b) = k',
  'SELECT t1.b, t3.k, t3.v, count(*), sum(t1.a), max(t3.v) FROM t1 FULL JOIN t2 ON t2.x = t1.a CROSS JOIN t3 GROUP BY t1.b',
  'SELECT t1.b, t3.k, t3.v, min(t3.k), max(t3.v) FROM t1 CROSS JOIN t3 GROUP BY t1.b',
  'SELECT t1.b, t3.k, t3.v, max(t3.v), count(*), min(t3.k) FROM t1 CROSS JOIN t3 GROUP BY t1.b',
  'SELECT t3.k, t3.v, count(*), max(t3.v) FROM t1 CROSS JOIN t3',
  'SELECT t3.k, t3.v, max(t3.k), min(t3.v) FROM t1 LEFT JOIN t2 ON t2.x = t1.a CROSS JOIN t3',
  'SELECT t1.b, t3.k, t3.v, count(*), max(t3.v) FILTER (WHERE t3.k > 0) FROM t1 CROSS JOIN t3 GROUP BY t1.b',
  'SELECT t3.k, t3.v, min(t3.v) FILTER (WHERE t3.k <> 1), count(*) FROM t3 GROUP BY t3.k IS NULL',
  'SELECT t1.b, t3.k, t3.v, count(DISTINCT t3.v), max(DISTINCT t3.v) FROM t1 CROSS JOIN t3 GROUP BY t1.b',
  'SELECT t1.b, t3.k, t3.v, count(*) FROM t1 FULL JOIN t2 ON 0 CROSS JOIN t3 GROUP BY t1.b',
  'SELECT t3.k, t3.v, count(*) FROM t1 RIGHT JOIN t3 ON t3.k = t1.b',
  'SELECT t1.b, t3.k, t3.v, max(t3.v ORDER BY t3.k), group_concat(t3.v ORDER BY t3.k) FROM t1 FULL JOIN t2 ON 0 CROSS JOIN t3 GROUP BY t1.b',
  'SELECT t3.k, t3.v, count(*), min(t3.v ORDER BY t3.k DESC) FROM t1 RIGHT JOIN t3 ON t3.k = t1.b',
];

describe('bare columns of an aggregate over outer joins as SQLite', () => {
  BARE_DATA.forEach((data, i) => {
    it(`data set ${i}`, () => {
      const db = new Database(':memory:');
      const oracle = new BetterSqlite3(':memory:');
      try {
        for (const d of [db, oracle]) d.exec(BARE_SETUP + data);
        for (const sql of BARE_QUERIES) expect([sql, sortRows(run(db as never, sql))]).toEqual([sql, sortRows(run(oracle, sql))]);
      } finally {
        db.close();
        oracle.close();
      }
    });
  });
});
