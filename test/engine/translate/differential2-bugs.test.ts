/**
 * Regression tests for the wrong answers the wider differential generator (differential2-gen.ts)
 * found, one describe per bug, each statement checked against better-sqlite3 (SQLite 3.53).
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';

type Result = { rows: unknown[][] } | { error: true };

const key = (row: unknown[]): string => JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

/** Rows of `sql`; sorted (a multiset) unless the statement has an ORDER BY. */
function run(db: { prepare(sql: string): { raw(b: boolean): { safeIntegers(b: boolean): { all(): unknown[] } } } }, sql: string): Result {
  try {
    const rows = db.prepare(sql).raw(true).safeIntegers(true).all() as unknown[][];
    return { rows: /\bORDER BY\b/i.test(sql) ? rows : rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)) };
  } catch {
    return { error: true };
  }
}

/** Runs `setup` on both engines, then every query; results (or "both fail") must agree. */
function agree(setup: string, queries: string[]): void {
  const oracle = new BetterSqlite3(':memory:');
  const strata = new Database(':memory:');
  try {
    oracle.exec(setup);
    strata.exec(setup);
    for (const q of queries) {
      const exp = run(oracle, q);
      const act = run(strata as never, q);
      if ('error' in exp) expect('error' in act, `${q}: SQLite fails, Strata answered`).toBe(true);
      else expect(act, q).toEqual(exp);
    }
  } finally {
    strata.close();
    oracle.close();
  }
}

const T2 = "CREATE TABLE t2(x INTEGER, y TEXT, z INT); INSERT INTO t2 VALUES (1,'aB',1),(2,'3',2),(3,'',3),(0,'-0',0),(5,' 7',1),(6,NULL,1),(7,'a',NULL),(8,'A',2);";

describe('aggregate ORDER BY was ignored (group_concat(y ORDER BY y) gave scan order)', () => {
  it('orders the inputs of group_concat, string_agg and json_group_array, with and without GROUP BY', () => {
    agree(T2, [
      "SELECT group_concat(y, '/' ORDER BY y, x) FROM t2",
      "SELECT group_concat(y, '/' ORDER BY y DESC NULLS FIRST) FROM t2",
      "SELECT z, group_concat(y, '/' ORDER BY y DESC NULLS FIRST) FROM t2 GROUP BY z",
      "SELECT z, string_agg(y, ',' ORDER BY y COLLATE NOCASE, x DESC) FROM t2 GROUP BY z",
      'SELECT json_group_array(x ORDER BY y NULLS LAST, x DESC) FILTER (WHERE x > 1), count(*) FROM t2',
      'SELECT group_concat(x ORDER BY z, y) FROM t2 WHERE x > 100',
      "SELECT z, group_concat(x, y ORDER BY x DESC) FROM t2 GROUP BY z HAVING group_concat(x ORDER BY x DESC) LIKE '%1%'",
      "SELECT (SELECT group_concat(y, '' ORDER BY x DESC) FROM t2 WHERE z = o.z) FROM t2 o",
      'SELECT sum(x ORDER BY y), count(DISTINCT z ORDER BY z), group_concat(DISTINCT z ORDER BY z DESC) FROM t2',
      "SELECT group_concat(y ORDER BY 1) FROM t2",
      "SELECT z % 2, group_concat(x ORDER BY y, x), group_concat(x ORDER BY x DESC) FROM t2 GROUP BY 1",
    ]);
  });
});

describe('abs(-0.0) gave 0.0 (SQLite negates only values below zero, so -0.0 stays -0.0)', () => {
  it('keeps the sign of a REAL or text negative zero', () => {
    agree("CREATE TABLE t(k); INSERT INTO t VALUES ('-0'), (-0.0), (0.0), ('-0.0e5'), (-2.5), (x'2d30');", [
      "SELECT abs('-0'), abs(-0.0), abs(trim(' -0 ')), abs(0.0), abs(-1.5)",
      'SELECT abs(k), quote(abs(k)), typeof(abs(k)) FROM t',
    ]);
  });
});

describe('aggregate FILTER under GROUP BY read NULL columns (every FILTER was false)', () => {
  it('evaluates FILTER (WHERE …) per input row with GROUP BY, over joins and with DISTINCT/ORDER BY', () => {
    agree(
      "CREATE TABLE t1(a INTEGER PRIMARY KEY, b INTEGER, c TEXT, d REAL); CREATE TABLE t2(x INTEGER, y TEXT, z INT); INSERT INTO t1 VALUES (28,-2147483648,NULL,NULL),(4,-9223372036854775808,'aB',0.5),(26,NULL,'',0.5),(7,3,'x',0.5); INSERT INTO t2 VALUES (3,'a%b',-4),(9223372036854775807,NULL,0),(3,'q',2);",
      [
        'SELECT t1.d, count(*) FILTER (WHERE t1.c NOTNULL) FROM t1 GROUP BY t1.d',
        'SELECT t1.d, count(t1.b) FILTER (WHERE t1.c NOTNULL), sum(a) FILTER (WHERE a > 5) FROM t1 GROUP BY t1.d',
        'SELECT t1.d, count(DISTINCT t1.b) FILTER (WHERE t2.y NOTNULL) FROM t1 FULL JOIN t2 ON 1 GROUP BY t1.d',
        'SELECT t1.d, count(t1.b) FILTER (WHERE t2.y NOTNULL) FROM t1 LEFT JOIN t2 ON t2.x = t1.b GROUP BY t1.d',
        "SELECT x, group_concat(a, ',' ORDER BY a DESC) FILTER (WHERE a % 2 = 0), max(c) FILTER (WHERE c > 'a') FROM t2 JOIN t1 GROUP BY x",
        "SELECT d, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM t2 WHERE z = t1.b)) FROM t1 GROUP BY d HAVING count(*) FILTER (WHERE c = '') >= 0",
        "SELECT d, total(a) FILTER (WHERE '1'), avg(a) FILTER (WHERE NULL) FROM t1 GROUP BY 1",
      ],
    );
  });
});

describe('a FROM-subquery/CTE column made of an expression had BLOB affinity instead of none', () => {
  it('compares such a column with a TEXT column under TEXT affinity (q <= p where p = b + 1)', () => {
    agree(
      "CREATE TABLE t1(a INTEGER PRIMARY KEY, b INTEGER, c TEXT, d REAL); INSERT INTO t1 VALUES (1, 5, ' b', 1.5), (2, 7, '10', 2.0), (3, NULL, '8', 8); CREATE VIEW vv AS SELECT c AS q, b + 1 AS p, d * 1 AS r FROM t1;",
      [
        'SELECT q <= p, q < 5, q = 10 FROM (SELECT c AS q, b + 1 AS p FROM t1)',
        'SELECT q BETWEEN q AND p, p >= q FROM (SELECT c AS q, b + 1 AS p FROM t1 ORDER BY a LIMIT 5)',
        'WITH s AS (SELECT c AS q, b + 1 AS p FROM t1) SELECT q <= p FROM s',
        'WITH RECURSIVE r(q, p) AS (SELECT c, b + 1 FROM t1 UNION ALL SELECT q, p FROM r WHERE 0) SELECT q <= p, p >= q FROM r',
        'SELECT q <= p, q = r FROM vv',
        'SELECT * FROM (SELECT c AS q, b + 1 AS p FROM t1) WHERE q < p',
        'SELECT p IN (SELECT q FROM (SELECT c AS q FROM t1)), q = p FROM (SELECT c AS q, a + 7 AS p FROM t1)',
      ],
    );
  });
});

describe("x IN (list) compared items under each pair's affinity and collation (SQLite: the left operand's alone)", () => {
  it('uses the left affinity and collation for every item, in results and in WHERE (with an index too)', () => {
    agree(
      "CREATE TABLE t(b INTEGER, c TEXT, d REAL, n); CREATE INDEX tc ON t(c); INSERT INTO t VALUES (5, '3', 3.0, '5'), (3, 'A', 1.5, 3), (NULL, '3.0', 3, NULL);",
      [
        'SELECT c IN (CAST(3.0 AS REAL)), c IN (d), c NOT IN (3.0, 1), c IN (d, 1) FROM t',
        "SELECT '5' IN (b), '5' IN (b, 1), 5 IN (c), '3' IN (d, 0), n IN (b), b IN (n), b IN (n, 0) FROM t",
        "SELECT 'a' IN (c COLLATE NOCASE, 1), c IN ('a' COLLATE NOCASE, 2), (c COLLATE NOCASE) IN ('a', 2) FROM t",
        "SELECT c IN ('a' COLLATE NOCASE), c IN (lower('A') COLLATE NOCASE), c IN (n COLLATE NOCASE), c IN (+'a' COLLATE NOCASE, 'x') FROM t",
        'SELECT n IN (c, 0), c IN (n, NULL), d IN (c, 9), c IN (b, 7) FROM t',
        'SELECT rowid FROM t WHERE c IN (d)',
        'SELECT rowid FROM t WHERE c IN (3.0, 1)',
        "SELECT rowid FROM t WHERE c IN ('a' COLLATE NOCASE, 3)",
        'SELECT rowid FROM t WHERE b IN (n, 0)',
      ],
    );
  });
});

describe("a compound FROM subquery's column took only the first arm's affinity", () => {
  it('takes the first arm that has one, as sqlite3SubqueryColumnTypes', () => {
    agree(
      "CREATE TABLE t1(a INTEGER PRIMARY KEY, b INTEGER, c TEXT, d REAL); INSERT INTO t1 VALUES (1, 5, ' b', 1.5), (2, 7, '10', 2.0), (3, NULL, '8', 8);",
      [
        "SELECT q, p, q <= p FROM (SELECT 'x' AS q, 3 AS p UNION ALL SELECT c, b + 1 FROM t1)",
        "SELECT q <= p, q = 10 FROM (SELECT NULL AS q, 3 AS p UNION ALL SELECT c, b + 1 FROM t1 UNION SELECT 5, 'z')",
        'SELECT q <= p, q = 10, q > 2 FROM (SELECT c AS q, d AS p FROM t1 UNION ALL SELECT 7, 1)',
        "SELECT q < 20 FROM (SELECT CAST(c AS INTEGER) AS q FROM t1 UNION ALL SELECT '8')",
        "SELECT (SELECT count(*) FROM (SELECT o.c AS q UNION ALL SELECT 'x') WHERE q = 10) FROM t1 AS o",
        "WITH s(q, p) AS (SELECT 1, 'a' UNION ALL SELECT c, d FROM t1) SELECT q = 10, p < 2 FROM s",
      ],
    );
  });
});
