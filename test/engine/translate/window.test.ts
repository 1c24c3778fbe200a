/**
 * Window functions against better-sqlite3 (SQLite 3.53): a table of hand-picked queries covering
 * every built-in window function, aggregates as window functions, each frame kind and EXCLUDE,
 * FILTER, named windows and chaining, several windows in one SELECT, GROUP BY under windows,
 * windows in ORDER BY, subqueries and CTEs; and the error messages SQLite gives. Rows compare in
 * order (every query fixes its order, and every order-sensitive window orders by a unique key).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, Database } from '../../../src/api/index.js';
import { WindowPair } from './window-oracle.js';

const SETUP = `
CREATE TABLE t(id INTEGER PRIMARY KEY, g TEXT, x INT, y REAL, s TEXT COLLATE NOCASE);
INSERT INTO t VALUES
  (1, 'a', 1, 1.5, 'p'), (2, 'a', 2, NULL, 'Q'), (3, 'a', 2, 2.5, 'r'), (4, 'b', NULL, 0.5, NULL),
  (5, 'b', 5, 4.5, 's'), (6, 'b', 5, 4.5, 'S'), (7, 'c', 9, -1.5, 't'), (8, NULL, 3, 3.5, 'u'),
  (9, 'a', NULL, NULL, 'v'), (10, 'c', 7, 7.5, 'w');
CREATE TABLE e(a, b);
CREATE TABLE sales(region TEXT, month INT, amount INT);
INSERT INTO sales VALUES ('n', 1, 10), ('n', 2, 20), ('n', 3, 5), ('s', 1, 7), ('s', 2, 7), ('s', 3, 30), ('s', 4, NULL);
`;

const QUERIES: string[] = [
  // built-in window functions
  'SELECT id, row_number() OVER (ORDER BY id DESC) FROM t ORDER BY id',
  'SELECT id, rank() OVER (ORDER BY x), dense_rank() OVER (ORDER BY x) FROM t ORDER BY id',
  'SELECT id, percent_rank() OVER (PARTITION BY g ORDER BY x), cume_dist() OVER (PARTITION BY g ORDER BY x) FROM t ORDER BY id',
  'SELECT id, ntile(3) OVER (ORDER BY id), ntile(4) OVER (PARTITION BY g ORDER BY id), ntile(20) OVER (ORDER BY id) FROM t ORDER BY id',
  'SELECT id, lag(x) OVER (ORDER BY id), lag(x, 2) OVER (ORDER BY id), lag(x, 1, -1) OVER (PARTITION BY g ORDER BY id) FROM t ORDER BY id',
  "SELECT id, lead(s) OVER (ORDER BY id), lead(s, 3, 'z') OVER (ORDER BY id), lead(x, -1) OVER (ORDER BY id), lag(x, 0) OVER (ORDER BY id) FROM t ORDER BY id",
  'SELECT id, first_value(x) OVER (ORDER BY id), last_value(x) OVER (ORDER BY id), nth_value(x, 3) OVER (ORDER BY id) FROM t ORDER BY id',
  'SELECT id, first_value(s) OVER w, last_value(s) OVER w, nth_value(s, 2) OVER w FROM t WINDOW w AS (PARTITION BY g ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) ORDER BY id',
  'SELECT id, nth_value(y, 2) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE CURRENT ROW) FROM t ORDER BY id',
  'SELECT id, nth_value(x, id % 3 + 1) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 2 FOLLOWING), nth_value(x, 11 - id) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE CURRENT ROW) FROM t ORDER BY id',
  'SELECT id, row_number() OVER (), rank() OVER (), dense_rank() OVER (), percent_rank() OVER (), cume_dist() OVER () FROM t ORDER BY id',
  'SELECT id, row_number() OVER (ORDER BY id ROWS BETWEEN 2 FOLLOWING AND 3 FOLLOWING) FROM t ORDER BY id',
  // aggregates as window functions
  'SELECT id, sum(x) OVER (ORDER BY id), count(x) OVER (ORDER BY id), count(*) OVER (ORDER BY id), avg(x) OVER (ORDER BY id), total(x) OVER (ORDER BY id) FROM t ORDER BY id',
  'SELECT id, min(x) OVER (PARTITION BY g), max(y) OVER (PARTITION BY g), sum(y) OVER (PARTITION BY g) FROM t ORDER BY id',
  'SELECT id, group_concat(s) OVER (ORDER BY id), group_concat(s, \'-\') OVER (PARTITION BY g ORDER BY id ROWS 1 PRECEDING), string_agg(s, \'+\') OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING) FROM t ORDER BY id',
  'SELECT id, min(s) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), max(s) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM t ORDER BY id',
  'SELECT id, min(x) OVER (ORDER BY id ROWS BETWEEN 1 FOLLOWING AND 3 FOLLOWING), max(x) OVER (ORDER BY id ROWS BETWEEN 3 PRECEDING AND 1 PRECEDING) FROM t ORDER BY id',
  'SELECT id, sum(x) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING), avg(y) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 2 PRECEDING) FROM t ORDER BY id',
  'SELECT id, json_group_array(x) OVER (ORDER BY id ROWS 1 PRECEDING), json_group_object(s, y) OVER (PARTITION BY g ORDER BY id ROWS UNBOUNDED PRECEDING EXCLUDE CURRENT ROW) FROM t WHERE s IS NOT NULL ORDER BY id',
  // frames: RANGE and GROUPS
  'SELECT id, x, sum(id) OVER (ORDER BY x RANGE BETWEEN 2 PRECEDING AND 1 FOLLOWING) FROM t ORDER BY id',
  'SELECT id, x, sum(id) OVER (ORDER BY x DESC RANGE BETWEEN 2 PRECEDING AND CURRENT ROW) FROM t ORDER BY id',
  'SELECT id, y, count(*) OVER (ORDER BY y RANGE BETWEEN 1.5 PRECEDING AND 0.5 FOLLOWING) FROM t ORDER BY id',
  'SELECT id, x, count(*) OVER (ORDER BY x NULLS LAST RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING), count(*) OVER (ORDER BY x DESC NULLS FIRST RANGE 3 PRECEDING) FROM t ORDER BY id',
  "SELECT id, s, count(*) OVER (ORDER BY s RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM t ORDER BY id",
  'SELECT id, x, sum(id) OVER (ORDER BY x RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING), sum(id) OVER (ORDER BY x RANGE BETWEEN 1 FOLLOWING AND 3 FOLLOWING) FROM t ORDER BY id',
  'SELECT id, x, sum(id) OVER (ORDER BY x GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING), sum(id) OVER (ORDER BY x GROUPS 2 PRECEDING) FROM t ORDER BY id',
  'SELECT id, x, count(*) OVER (PARTITION BY g ORDER BY x GROUPS BETWEEN CURRENT ROW AND 1 FOLLOWING) FROM t ORDER BY id',
  // EXCLUDE
  'SELECT id, x, sum(id) OVER (ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE CURRENT ROW) FROM t ORDER BY id',
  'SELECT id, x, sum(id) OVER (ORDER BY x RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING EXCLUDE GROUP) FROM t ORDER BY id',
  'SELECT id, x, sum(id) OVER (ORDER BY x GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE TIES) FROM t ORDER BY id',
  'SELECT id, x, max(id) OVER (ORDER BY x RANGE CURRENT ROW EXCLUDE CURRENT ROW), min(id) OVER (ORDER BY x RANGE CURRENT ROW EXCLUDE NO OTHERS) FROM t ORDER BY id',
  'SELECT id, group_concat(id) OVER (ORDER BY x, id ROWS BETWEEN 2 PRECEDING AND 2 FOLLOWING EXCLUDE GROUP) FROM t ORDER BY id',
  // FILTER
  "SELECT id, sum(x) FILTER (WHERE g = 'a') OVER (ORDER BY id), count(*) FILTER (WHERE y > 2) OVER (ORDER BY id ROWS 2 PRECEDING) FROM t ORDER BY id",
  'SELECT id, group_concat(id) FILTER (WHERE id % 2 = 0) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 2 FOLLOWING) FROM t ORDER BY id',
  // named windows, chaining, several windows
  'SELECT id, sum(x) OVER w, count(*) OVER w FROM t WINDOW w AS (PARTITION BY g ORDER BY id) ORDER BY id',
  'SELECT id, sum(x) OVER (w ORDER BY id ROWS 1 PRECEDING), rank() OVER (w ORDER BY x) FROM t WINDOW w AS (PARTITION BY g) ORDER BY id',
  'SELECT id, sum(x) OVER v FROM t WINDOW w AS (PARTITION BY g), v AS (w ORDER BY id) ORDER BY id',
  'SELECT id, row_number() OVER (ORDER BY x, id), row_number() OVER (ORDER BY y DESC, id), sum(id) OVER (PARTITION BY g), lag(id) OVER (PARTITION BY s ORDER BY id) FROM t ORDER BY id',
  // expressions around and inside window calls
  'SELECT id, x + sum(x) OVER (ORDER BY id) * 2, CASE WHEN row_number() OVER (ORDER BY id) % 2 = 0 THEN s END, coalesce(lag(x) OVER (ORDER BY id), 0) + 1 FROM t ORDER BY id',
  'SELECT id, sum(x * 2 + 1) OVER (PARTITION BY upper(g) ORDER BY -id), max(y) OVER (PARTITION BY x IS NULL) FROM t ORDER BY id',
  // GROUP BY, HAVING, DISTINCT, LIMIT
  'SELECT g, sum(x), rank() OVER (ORDER BY sum(x) DESC), sum(sum(x)) OVER (ORDER BY g) FROM t GROUP BY g ORDER BY g',
  'SELECT g, count(*) AS n, row_number() OVER (ORDER BY count(*), g) FROM t GROUP BY g HAVING count(*) > 1 ORDER BY g',
  'SELECT region, sum(amount), avg(sum(amount)) OVER () FROM sales GROUP BY region ORDER BY region',
  'SELECT DISTINCT g, count(*) OVER (PARTITION BY g) FROM t ORDER BY 1',
  'SELECT id, row_number() OVER (ORDER BY id DESC) AS rn FROM t ORDER BY rn LIMIT 3 OFFSET 2',
  'SELECT count(*) OVER () FROM t WHERE x > 2 ORDER BY 1',
  'SELECT sum(id) OVER () FROM t LIMIT 1',
  // window in ORDER BY, subqueries, CTEs, compounds
  'SELECT id, s FROM t ORDER BY row_number() OVER (ORDER BY s, id DESC)',
  'SELECT id FROM t ORDER BY sum(x) OVER (PARTITION BY g), id',
  'SELECT * FROM (SELECT id, g, row_number() OVER (PARTITION BY g ORDER BY x DESC, id) AS rn FROM t) WHERE rn = 1 ORDER BY id',
  'WITH r AS (SELECT region, month, sum(amount) OVER (PARTITION BY region ORDER BY month) AS running FROM sales) SELECT * FROM r ORDER BY region, month',
  'SELECT id, (SELECT count(*) OVER () FROM e), (SELECT max(x) OVER () FROM t AS u WHERE u.id <= t.id), (SELECT max(t.x) OVER ()) FROM t ORDER BY id',
  'SELECT id, row_number() OVER (ORDER BY id) FROM t WHERE id < 3 UNION ALL SELECT id, rank() OVER (ORDER BY x) FROM t WHERE id > 8 ORDER BY 1, 2',
  'SELECT a, row_number() OVER () FROM e',
  'SELECT region, month, amount, amount - lag(amount, 1, 0) OVER (PARTITION BY region ORDER BY month), sum(amount) OVER (PARTITION BY region ORDER BY month ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM sales ORDER BY region, month',
  'SELECT id AS x, sum(x) OVER (ORDER BY x) FROM t ORDER BY id',
  'SELECT x AS a, rank() OVER (ORDER BY x) AS r FROM t ORDER BY r, a, id',
  'SELECT id, median(x) OVER (ORDER BY id ROWS 2 PRECEDING), percentile(y, 25) OVER (PARTITION BY g), percentile_disc(y, 0.5) OVER (ORDER BY id) FROM t ORDER BY id',
  'SELECT count(*) OVER (), row_number() OVER ()',
  'SELECT CASE WHEN 1 THEN row_number() OVER (ORDER BY id) END, coalesce(NULL, rank() OVER (ORDER BY x)) FROM t ORDER BY 1',
  'SELECT (SELECT row_number() OVER ()) FROM t',
  'SELECT id FROM t WHERE x IN (SELECT row_number() OVER () FROM t) ORDER BY id',
  'SELECT id, (SELECT sum(u.x) OVER (PARTITION BY t.g) FROM t AS u WHERE u.id = t.id) FROM t ORDER BY id',
  'SELECT id, x, sum(x) OVER (ORDER BY x COLLATE NOCASE RANGE BETWEEN 1 PRECEDING AND CURRENT ROW), rank() OVER (ORDER BY s DESC, id) FROM t ORDER BY id',
  'SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 9223372036854775807 PRECEDING AND CURRENT ROW), sum(id) OVER (ORDER BY x RANGE BETWEEN 9223372036854775807 PRECEDING AND CURRENT ROW) FROM t ORDER BY id',
  // frame offsets as expressions
  "SELECT id, sum(id) OVER (ORDER BY id ROWS BETWEEN 1 + 1 PRECEDING AND '1' FOLLOWING), sum(id) OVER (ORDER BY id ROWS 2.0 PRECEDING) FROM t ORDER BY id",
];

const ERRORS: string[] = [
  'SELECT row_number() FROM t',
  'SELECT abs(x) OVER () FROM t',
  'SELECT id FROM t WHERE row_number() OVER () > 1',
  'SELECT sum(row_number() OVER ()) FROM t',
  'SELECT sum(x) OVER (w) FROM t',
  'SELECT sum(x) OVER w FROM t',
  'SELECT count(DISTINCT x) OVER () FROM t',
  'SELECT row_number() FILTER (WHERE x) OVER () FROM t',
  'SELECT id FROM t GROUP BY row_number() OVER ()',
  'SELECT g FROM t GROUP BY g HAVING row_number() OVER () > 1',
  'SELECT sum(x) OVER (ROWS BETWEEN 1 FOLLOWING AND CURRENT ROW) FROM t',
  'SELECT sum(x) OVER (ROWS BETWEEN CURRENT ROW AND 1 PRECEDING) FROM t',
  'SELECT sum(x) OVER (ROWS BETWEEN 2 FOLLOWING AND 1 PRECEDING) FROM t',
  'SELECT sum(x) OVER (RANGE 1 PRECEDING) FROM t',
  'SELECT sum(x) OVER (ORDER BY x, y RANGE 1 PRECEDING) FROM t',
  'SELECT sum(x) OVER (ROWS -1 PRECEDING) FROM t',
  'SELECT sum(x) OVER (ROWS 1.5 PRECEDING) FROM t',
  "SELECT sum(x) OVER (ROWS 'x' PRECEDING) FROM t",
  'SELECT sum(x) OVER (ROWS NULL PRECEDING) FROM t',
  'SELECT sum(x) OVER (ORDER BY x RANGE -1 PRECEDING) FROM t',
  "SELECT sum(x) OVER (ORDER BY x RANGE 'x' PRECEDING) FROM t",
  'SELECT sum(x) OVER (ROWS BETWEEN 1 PRECEDING AND -1 FOLLOWING) FROM t',
  'SELECT sum(x) OVER (ROWS x PRECEDING) FROM t',
  'SELECT sum(x) OVER (w ORDER BY y) FROM t WINDOW w AS (ORDER BY x)',
  'SELECT sum(x) OVER (w ROWS CURRENT ROW) FROM t WINDOW w AS (ROWS CURRENT ROW)',
  'SELECT sum(x) OVER (w PARTITION BY y) FROM t WINDOW w AS (ORDER BY x)',
  'SELECT ntile(0) OVER () FROM t',
  "SELECT ntile('a') OVER (ORDER BY id) FROM t",
  'SELECT lag(x, 1, 2, 3) OVER () FROM t',
  'SELECT nth_value(x, 0) OVER () FROM t',
  'SELECT nth_value(x, 3 - id) OVER (ORDER BY id ROWS BETWEEN 5 FOLLOWING AND 6 FOLLOWING) FROM t',
  'SELECT min(x) OVER (ORDER BY row_number() OVER ()) FROM t',
  'SELECT nosuch(x) OVER () FROM t',
  'SELECT sum(x, y) OVER () FROM t',
  'SELECT id FROM t ORDER BY lag(id) OVER (ORDER BY sum(x) OVER ())',
  'SELECT min(id) OVER (ORDER BY x EXCLUDE NO OTHERS) FROM t',
  'SELECT sum(x) OVER (ROWS BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW) FROM t',
  'SELECT sum(x) OVER (ROWS BETWEEN CURRENT ROW AND UNBOUNDED PRECEDING) FROM t',
  'SELECT avg(x) OVER () AS a FROM t GROUP BY g HAVING a > 0',
  'SELECT id AS a, sum(a) OVER () FROM t',
  'SELECT id AS a, sum(x) OVER (PARTITION BY a) FROM t',
  'SELECT id AS a, sum(x) FILTER (WHERE a > 1) OVER () FROM t',
  'SELECT x AS a, sum(x) OVER w FROM t WINDOW w AS (ORDER BY a)',
  'SELECT group_concat(x ORDER BY y) OVER () FROM t',
  'UPDATE t SET x = row_number() OVER () RETURNING *',
  'DELETE FROM t WHERE row_number() OVER () > 1 RETURNING *',
  'INSERT INTO t(x) VALUES (row_number() OVER ()) RETURNING *',
  'SELECT * FROM t JOIN t AS u ON row_number() OVER () = 1',
  'SELECT x FROM t GROUP BY x HAVING sum(x) OVER () > 0',
  'SELECT max(x, y) OVER () FROM t',
  'SELECT row_number(x) OVER () FROM t',
  'SELECT lag() OVER () FROM t',
  'SELECT first_value(x, y) OVER () FROM t',
  'SELECT sum(*) OVER () FROM t',
  'SELECT random() OVER () FROM t',
];

const pair = new WindowPair(SETUP);
afterAll(() => pair.close());

describe('window functions vs better-sqlite3', () => {
  it.each(QUERIES)('%s', (sql) => {
    const expected = pair.expected(sql);
    expect('rows' in expected, `oracle failed: ${JSON.stringify(expected)}`).toBe(true);
    expect(pair.actual(sql)).toEqual(expected);
  });

  it.each(ERRORS)('error: %s', (sql) => {
    const expected = pair.expected(sql);
    expect('error' in expected, `oracle gave rows: ${JSON.stringify(expected)}`).toBe(true);
    expect(pair.actual(sql)).toEqual(expected);
  });

  it('EXPLAIN shows the AggWindow opcode with the call in P4', () => {
    const rows = pair.strata.prepare('EXPLAIN SELECT sum(x) OVER (ORDER BY id) FROM t').all() as { opcode: string; p4: string }[];
    const win = rows.filter((r) => r.opcode === 'AggWindow');
    expect(win.map((r) => r.p4)).toEqual([expect.stringMatching(/^sum\(x\) OVER/i)]);
  });

  it('EXPLAIN QUERY PLAN nests a co-routine per window as SQLite shows its rewrite', () => {
    const tree = (rows: { id: number; parent: number; detail: string }[]): string[] => {
      const depth = new Map<number, number>([[0, 0]]);
      return rows.map((r) => {
        const d = (depth.get(r.parent) ?? 0) + 1;
        depth.set(r.id, d);
        return `${'  '.repeat(d)}${r.detail}`;
      });
    };
    for (const sql of [
      'SELECT row_number() OVER ()',
      'SELECT sum(x) OVER (ORDER BY id), rank() OVER (PARTITION BY g ORDER BY x) FROM t ORDER BY y',
      'SELECT id, (SELECT sum(x) OVER ()) FROM t',
    ]) {
      const eqp = `EXPLAIN QUERY PLAN ${sql}`;
      expect(tree(pair.strata.prepare(eqp).all() as never), sql).toEqual(tree(pair.oracle.prepare(eqp).all() as never));
    }
  });

  it('columns() reports names, origins and declared types as better-sqlite3', () => {
    for (const sql of ['SELECT id, g AS gg, row_number() OVER () AS rn, x + sum(x) OVER (PARTITION BY g) FROM t', 'SELECT g, count(*), rank() OVER (ORDER BY count(*)) FROM t GROUP BY g']) {
      expect(pair.strata.prepare(sql).columns()).toEqual(pair.oracle.prepare(sql).columns());
    }
  });

  it('frame offsets from bound parameters, the statement re-run with new values', () => {
    const sql = 'SELECT id, sum(x) OVER (ORDER BY id ROWS BETWEEN ? PRECEDING AND ? FOLLOWING) FROM t ORDER BY id';
    const mine = pair.strata.prepare(sql);
    const theirs = pair.oracle.prepare(sql);
    for (const [a, b] of [[1, 0], [0, 2], [5, 5], [-1, 0]]) {
      let expected: unknown;
      try {
        expected = theirs.raw(true).all(a, b);
      } catch (e) {
        expected = (e as Error).message;
      }
      let actual: unknown;
      try {
        actual = mine.raw(true).all(a, b);
      } catch (e) {
        actual = (e as Error).message;
      }
      expect(actual).toEqual(expected);
    }
  });

  it('the async driver (connect) gives the same rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strata-window-'));
    try {
      const file = join(dir, 'w.db');
      const setup = new Database(file);
      setup.exec(SETUP);
      setup.close();
      const sql = 'SELECT id, lag(x) OVER w, sum(y) OVER (w ROWS 2 PRECEDING), rank() OVER (ORDER BY g) FROM t WINDOW w AS (PARTITION BY g ORDER BY id) ORDER BY id';
      const oracle = new BetterSqlite3(file, { readonly: true });
      const expected = oracle.prepare(sql).all();
      oracle.close();
      const db = await connect(file);
      expect(await db.prepare(sql).all()).toEqual(expected);
      await db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
