/**
 * The planner reading sqlite_stat1: on a file analyzed by the sqlite3 CLI (3.40, no STAT4, so only
 * sqlite_stat1 exists), Strata's EXPLAIN QUERY PLAN equals better-sqlite3's (3.53) on the same file.
 * The queries are ones whose plan depends on the statistics: for each, SQLite's plan on the file
 * before ANALYZE is also taken, and the set as a whole must hold plans that changed. Hand-written
 * sqlite_stat1 rows (odd ones too) check that both engines read the table alike.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';
import { runSqlite3, sqlite3Available } from '../../support/sqlite3-cli.js';

const SETUP = [
  'CREATE TABLE t(a, b, c)',
  'CREATE INDEX ta ON t(a)',
  'CREATE INDEX tb ON t(b)',
  'WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1999) INSERT INTO t SELECT i % 2, i, i % 50 FROM n',
  'CREATE TABLE s(x, y)',
  'CREATE INDEX sx ON s(x)',
  'WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 49) INSERT INTO s SELECT i, i % 5 FROM n',
  'CREATE TABLE u(k, v)',
  'CREATE INDEX uk ON u(k)',
  'WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 2999) INSERT INTO u SELECT i % 10, i FROM n',
  'CREATE TABLE big(p, q, r)',
  'CREATE INDEX bq ON big(q)',
  'CREATE INDEX bp ON big(p)',
  'CREATE INDEX bqr ON big(q, r)',
  'WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999) INSERT INTO big SELECT i % 500, i % 3, i % 7 FROM n',
  // Indexes sharing a first column, of other widths (INTEGER 1, TEXT 5, VARCHAR(100) 26, none 1).
  'CREATE TABLE wt(a INTEGER, b TEXT, c VARCHAR(100), d)',
  'CREATE INDEX wt_a ON wt(a)',
  'CREATE INDEX wt_ab ON wt(a, b)',
  'CREATE INDEX wt_ac ON wt(a, c)',
  'WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 499) INSERT INTO wt SELECT i % 20, i % 7, i, i % 3 FROM n',
  'CREATE TABLE wu(a, b, c, d)',
  'CREATE INDEX wu_ab ON wu(a, b)',
  'CREATE INDEX wu_a ON wu(a)',
  'WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 499) INSERT INTO wu SELECT i % 50, i % 7, i, i % 3 FROM n',
  'CREATE TABLE w(k1, k2, v, PRIMARY KEY(k1, k2)) WITHOUT ROWID',
  'CREATE INDEX wv ON w(v)',
  'WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999) INSERT INTO w SELECT i % 2, i, i % 400 FROM n',
];

const QUERIES = [
  'SELECT * FROM t WHERE a = 1 AND b = 5',
  'SELECT * FROM t WHERE b = 1 AND a = 5',
  'SELECT * FROM t WHERE a = 1 AND b > 5',
  'SELECT * FROM t WHERE c = 3 AND a = 1',
  'SELECT * FROM s, u WHERE s.x = u.k',
  'SELECT * FROM u, s WHERE s.x = u.k',
  'SELECT * FROM big WHERE p = 3 AND q = 1',
  'SELECT * FROM big WHERE q = 1 AND p = 3',
  'SELECT * FROM big WHERE q = 1 AND r = 2 AND p = 3',
  'SELECT * FROM w WHERE k1 = 1 AND k2 > 3',
  'SELECT * FROM t WHERE a = 1',
  'SELECT * FROM big WHERE q IN (1, 2) AND p = 3',
  'SELECT * FROM big WHERE p IN (1, 2, 3, 4, 5, 6, 7, 8, 9, 10) AND q = 1',
  'SELECT * FROM t WHERE a = 1 ORDER BY b',
  'SELECT * FROM s, u, big WHERE s.x = u.k AND big.p = u.v',
  'SELECT * FROM big, s WHERE big.q = s.y AND s.x = 3',
  'SELECT * FROM s JOIN big ON big.p = s.x WHERE big.q = 2',
  'SELECT * FROM wt WHERE a = 1',
  'SELECT * FROM wt WHERE a > 1',
  'SELECT d FROM wt WHERE a > 1 AND a < 9',
  'SELECT a FROM wt WHERE a >= 3',
  'SELECT a, b FROM wt WHERE a = 4',
  'SELECT * FROM wt WHERE a IN (1, 2, 3)',
  'SELECT * FROM wu WHERE a = 1',
  'SELECT * FROM wu WHERE a > 1 AND a < 9',
  'SELECT a FROM wu WHERE a > 1',
  'SELECT * FROM wu, wt WHERE wu.a = wt.b AND wt.a = 2',
];

const available = sqlite3Available();

describe.skipIf(!available)('EXPLAIN QUERY PLAN on a file with sqlite_stat1, vs better-sqlite3', () => {
  let dir = '';
  let before = '';
  let after = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'strata-analyze-plan-'));
    before = join(dir, 'before.db');
    after = join(dir, 'after.db');
    const b = new BetterSqlite3(before);
    for (const s of SETUP) b.exec(s);
    b.close();
    copyFileSync(before, after);
    runSqlite3(after, 'ANALYZE;\n', { readonly: false });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const plan = (db: BetterSqlite3.Database | Database, sql: string): string =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' / ');
  const oracle = (file: string, sql: string): string => {
    const db = new BetterSqlite3(file, { readonly: true });
    try {
      return plan(db, sql);
    } finally {
      db.close();
    }
  };
  const strata = (file: string, sql: string): string => {
    const copy = join(dir, 'strata.db');
    copyFileSync(file, copy);
    const db = new Database(copy);
    try {
      return plan(db, sql);
    } finally {
      db.close();
    }
  };

  it('the file holds only sqlite_stat1', () => {
    const db = new BetterSqlite3(after, { readonly: true });
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name LIKE 'sqlite_stat%'").pluck().all()).toEqual(['sqlite_stat1']);
    db.close();
  });

  for (const sql of QUERIES) it(sql, () => expect(strata(after, sql)).toBe(oracle(after, sql)));

  it('the statistics change SQLite plans among these queries', () => {
    const changed = QUERIES.filter((q) => oracle(before, q) !== oracle(after, q));
    expect(changed.length).toBeGreaterThanOrEqual(4);
  });

  it('ANALYZE changes the plan of a statement prepared before it, as in SQLite', () => {
    // Before ANALYZE the two engines break the tie between bq, bp and bqr differently (SQLite takes
    // the index created last): only the plan after it is compared, and that it changed.
    const sql = 'SELECT * FROM big WHERE q = 1 AND p = 3';
    for (const open of [(f: string) => new BetterSqlite3(f), (f: string) => new Database(f)]) {
      const copy = join(dir, 'reprepare.db');
      copyFileSync(before, copy);
      const db = open(copy);
      const st = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
      const first = (st.all() as { detail: string }[]).map((r) => r.detail).join(' / ');
      db.exec('ANALYZE');
      const second = (st.all() as { detail: string }[]).map((r) => r.detail).join(' / ');
      db.close();
      expect(second).toBe(oracle(after, sql));
      expect(second).not.toBe(first);
    }
  });

  it('hand-written sqlite_stat1 rows are read as SQLite reads them (odd rows skipped, words ignored)', () => {
    const stats: [string, string[]][] = [
      ['bp unselective, bq selective', ["('big', 'bp', '1000 500')", "('big', 'bq', '1000 1 sz=12')", "('big', 'bqr', '1000 900 1')"]],
      ['bq wins through its later row', ["('big', 'bq', '1000 900')", "('big', 'bp', '1000 2 unordered')", "('big', 'bq', '1000 1')"]],
      ['junk rows', ["('big', NULL, NULL)", "(NULL, 'bp', '1 1')", "('nosuch', 'bp', '1 1')", "('big', 'nosuch', '1 1')", "('big', 'bp', 7)", "('BIG', 'BQ', '1000 3')"]],
      ['small table count', ["('s', NULL, '1')", "('big', NULL, '5')", "('u', 'uk', '3000 1')"]],
      ['missing numbers', ["('big', 'bqr', '1000')", "('big', 'bp', '')", "('t', 'ta', '2000 x')"]],
    ];
    const queries = ['SELECT * FROM big WHERE q = 1 AND p = 3', 'SELECT * FROM big WHERE p = 1 AND q = 2 AND r = 3', 'SELECT * FROM s, u WHERE s.x = u.k', 'SELECT * FROM big, s WHERE big.p = s.x', 'SELECT * FROM t WHERE a = 1 AND b > 3'];
    const mismatches: string[] = [];
    for (const [label, rows] of stats) {
      const file = join(dir, 'hand.db');
      copyFileSync(before, file);
      runSqlite3(file, `ANALYZE sqlite_schema;\nINSERT INTO sqlite_stat1 VALUES ${rows.join(', ')};\n`, { readonly: false });
      for (const q of queries) {
        const [mine, theirs] = [strata(file, q), oracle(file, q)];
        if (mine !== theirs) mismatches.push(`${label}: ${q}: ${mine} ≠ ${theirs}`);
      }
    }
    // bq, bp and bqr without statistics on a 5-row table tie in Strata's estimates (10 rows each);
    // SQLite's LogEst cost (log-est.ts indexLoop) and its newest-first index order part them.
    expect(mismatches).toEqual([]);
  });
});
