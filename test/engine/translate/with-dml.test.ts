/**
 * INSERT / UPDATE / DELETE prefixed by WITH (lang_with.html, lang_insert.html): the common table
 * expressions are visible to the statement's SELECT, its subqueries, UPDATE … FROM and RETURNING.
 * Every statement runs on Strata and on better-sqlite3; changes, RETURNING rows, errors and the
 * tables afterwards must be the same.
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';

const SETUP = "CREATE TABLE t(x, y); CREATE TABLE s(v); INSERT INTO s VALUES ('table s'); INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')";

const STATEMENTS = [
  'WITH RECURSIVE s(x) AS (SELECT 10 UNION ALL SELECT x + 1 FROM s WHERE x < 14) INSERT INTO t(x) SELECT x FROM s',
  'WITH s(v) AS (SELECT 3) UPDATE t SET y = upper(y) WHERE x IN (SELECT v FROM s)',
  'WITH s(v) AS (SELECT 2) DELETE FROM t WHERE x IN (SELECT v FROM s) RETURNING x, y',
  'WITH s(v) AS (SELECT 7) INSERT INTO t VALUES ((SELECT v FROM s), (SELECT count(*) FROM s)) RETURNING *',
  "WITH m(k, w) AS (VALUES (1, 'one'), (3, 'three')) UPDATE t SET y = m.w FROM m WHERE m.k = t.x RETURNING x, y",
  'WITH a(n) AS (SELECT 1), b(n) AS (SELECT n + 1 FROM a) DELETE FROM t WHERE x > (SELECT n FROM b) + 10',
  "WITH s(v) AS (SELECT 'cte s') INSERT INTO s SELECT v FROM s", // the CTE shadows table s
  'WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c LIMIT 3) UPDATE t SET x = x + (SELECT sum(i) FROM c)',
  'WITH s(v) AS (SELECT 1) INSERT INTO t(x) SELECT v FROM nope', // error: no such table
  'WITH s(a, b) AS (SELECT 1) INSERT INTO t SELECT * FROM s', // error: column count
];

type Outcome = { changes?: number; rows?: unknown[]; error?: string };

function run(db: BetterSqlite3.Database, sql: string): Outcome {
  try {
    const st = db.prepare(sql);
    if (st.reader) return { rows: st.raw().all() };
    return { changes: st.run().changes };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('WITH before INSERT / UPDATE / DELETE agrees with better-sqlite3', () => {
  it(`${STATEMENTS.length} statements in sequence: results and tables`, () => {
    const strata = new Database(':memory:') as unknown as BetterSqlite3.Database;
    const oracle = new BetterSqlite3(':memory:');
    strata.exec(SETUP);
    oracle.exec(SETUP);
    for (const sql of STATEMENTS) {
      expect(run(strata, sql), sql).toEqual(run(oracle, sql));
      for (const table of ['t', 's']) {
        const q = `SELECT * FROM ${table} ORDER BY rowid`;
        expect(strata.prepare(q).raw().all(), `${table} after ${sql}`).toEqual(oracle.prepare(q).raw().all());
      }
    }
    strata.close();
    oracle.close();
  });
});
