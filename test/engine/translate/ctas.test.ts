/**
 * CREATE TABLE … AS SELECT against SQLite (alter-oracle.ts): the stored CREATE TABLE text (names,
 * quoting, declared types from affinities, one-line or multi-line layout), the rows with their
 * storage classes, PRAGMA table_info, and SQLite's integrity_check of Strata's file.
 */
import { describe, expect, it } from 'vitest';
import { runBoth } from './alter-oracle.js';

const BASE = [
  'CREATE TABLE t(a INT, "b c" TEXT, d REAL, e, f BLOB, g NUMERIC, h VARCHAR(10), i INTEGER PRIMARY KEY, j DECIMAL(5,2))',
  "INSERT INTO t VALUES (1, 'x', 2, 3, x'00', 4, 'h', 5, 6.5), (7, '8', 9.5, 'ten', NULL, '11', 12, 13, '14.0')",
];

function check(script: readonly string[]): void {
  const { strata, oracle, cli } = runBoth(script);
  expect(strata.outcomes).toEqual(oracle.outcomes);
  expect(strata.schema).toEqual(oracle.schema);
  expect(strata.rows).toEqual(oracle.rows);
  expect(strata.tableInfo).toEqual(oracle.tableInfo);
  expect(strata.live).toEqual(oracle.live);
  expect(strata.integrity).toEqual(['ok']);
  expect(cli.strata).toBe(cli.oracle);
}

describe('CREATE TABLE … AS SELECT', () => {
  it('copies every column with its declared type turned into an affinity type', () => {
    check([...BASE, 'CREATE TABLE u AS SELECT * FROM t', 'CREATE TABLE u2 AS SELECT a, d FROM t WHERE a > 1']);
  });
  it('names and types expressions as SQLite does', () => {
    check([
      ...BASE,
      'CREATE TABLE u AS SELECT a, a, a AS "a:1", 1+1, CAST(a AS INT), CAST(a AS TEXT) AS ct, CAST(a AS REAL) cr, CAST(a AS NUMERIC) cn, CAST(a AS BLOB) cb, (SELECT d FROM t) sq, true, false, rowid, t.i, -a, +a, a COLLATE nocase AS col, abs(a) FROM t',
      'CREATE TABLE "w x" AS SELECT 1 AS "select", 2 AS "1a", 3 AS "a b", 4 AS "é", 6 AS "q""q", 7 AS abc_1',
      'CREATE TABLE v1 AS VALUES (1, \'x\'), (2.5, NULL)',
      'CREATE TABLE s AS SELECT a AS aaaaaaaaaaaaaaaaaaa, a AS bbbbbbbbbbbbbbbbbbbbb, a AS c FROM t',
      'CREATE TABLE s2 AS SELECT a AS aaaaaaaaaaaaaaa, a AS bbbbbbbbbbbbb FROM t',
    ]);
  });
  // ORDER BY on UNION ALL: Strata's compounds give UNION ALL rows in key order, SQLite in part
  // order, and CREATE TABLE … AS numbers the rows in the order they come.
  it('types compound columns from the first part that has an affinity', () => {
    check([
      ...BASE,
      'CREATE TABLE c1 AS SELECT a AS x FROM t UNION SELECT d FROM t',
      'CREATE TABLE c2 AS SELECT 1 AS x UNION SELECT d FROM t',
      "CREATE TABLE c3 AS SELECT \"b c\" AS x FROM t UNION ALL SELECT 5 ORDER BY 1",
      "CREATE TABLE c4 AS SELECT a AS x FROM t UNION ALL SELECT 'y' ORDER BY 1",
      'CREATE TABLE c5 AS SELECT CAST(e AS INT) AS x FROM t UNION ALL SELECT 2 ORDER BY 1',
      'CREATE TABLE c6 AS SELECT NULL AS x UNION ALL SELECT h FROM t ORDER BY 1',
      'CREATE TABLE c7 AS SELECT a AS x, "b c" AS y FROM t UNION SELECT \'z\', 3 UNION SELECT d, e FROM t',
    ]);
  });
  it('applies the column affinities to the inserted rows', () => {
    check([...BASE, "CREATE TABLE u AS SELECT CAST(e AS TEXT) AS e, d, g, h, '5' AS lit FROM t ORDER BY i DESC", 'INSERT INTO u VALUES (1, 2, 3, 4, 5)']);
  });
  it('reports SQLite errors', () => {
    check([...BASE, 'CREATE TABLE t AS SELECT 1', 'CREATE TABLE IF NOT EXISTS t AS SELECT 1', 'CREATE TABLE sqlite_x AS SELECT 1', 'CREATE TABLE u AS SELECT nope FROM t', 'CREATE TABLE u AS SELECT 1 FROM nope']);
  });
});
