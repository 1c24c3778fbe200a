/**
 * CHECK constraints against better-sqlite3 (SQLite 3.53): column and table CHECKs, named and
 * unnamed (the message names the constraint or quotes its text), NULL passing, affinity applied
 * first, SQLite's order relative to NOT NULL and UNIQUE, every conflict resolution (REPLACE acting
 * as ABORT), INSERT … SELECT, UPDATE (only CHECKs naming a changed column), UPSERT DO UPDATE,
 * CHECKs over generated columns. Each statement's outcome (rows, changes, error code and message),
 * the files and integrity_check must match (dml-oracle.ts). Also constraint-level ON CONFLICT
 * clauses (NOT NULL, UNIQUE, PRIMARY KEY) and the order SQLite checks UNIQUE constraints in.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from './dml-oracle.js';

/** A transcript as text (bigints as decimals), to check that a case hits what it is about. */
const text = (x: unknown): string => JSON.stringify(x, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

const dir = mkdtempSync(join(tmpdir(), 'strata-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES: Record<string, string[]> = {
  columnAndTable: [
    'CREATE TABLE c(a CHECK (a > 0), b, CONSTRAINT pos CHECK( b <> 3 ) ON CONFLICT IGNORE, CHECK (a + b < 100))',
    'INSERT INTO c VALUES (-1, 0)',
    'INSERT INTO c VALUES (1, 3)',
    'INSERT INTO c VALUES (50, 60)',
    'INSERT INTO c VALUES (NULL, NULL)',
    'INSERT INTO c VALUES (5, NULL), (6, 7)',
    'SELECT rowid, * FROM c',
  ],
  declarationOrder: [
    'CREATE TABLE c(a CHECK (a > 0), b CHECK (b>0), CHECK (a+b>10), CONSTRAINT x CHECK (a<>b))',
    'INSERT INTO c VALUES (-1, -1)',
    'INSERT INTO c VALUES (1, -1)',
    'INSERT INTO c VALUES (1, 1)',
    'INSERT INTO c VALUES (6, 6)',
    'INSERT INTO c VALUES (6, 7)',
  ],
  affinityFirst: [
    "CREATE TABLE e(a TEXT CHECK (typeof(a) = 'text'), b INTEGER CHECK (typeof(b) IN ('integer', 'null')), r REAL CHECK (typeof(r) <> 'integer'))",
    "INSERT INTO e VALUES (5, '7', 1)",
    "INSERT INTO e VALUES (x'01', 1, 2)",
    "INSERT INTO e VALUES ('x', 'seven', 3)",
    "INSERT INTO e VALUES ('x', 2.0, '4')",
    'SELECT a, typeof(a), b, typeof(b), r, typeof(r) FROM e',
  ],
  orderVsNotNullAndUnique: [
    'CREATE TABLE o(id INTEGER PRIMARY KEY, u UNIQUE CHECK (u < 10), n NOT NULL CHECK (n > 0))',
    'INSERT INTO o VALUES (1, 1, 1)',
    'INSERT INTO o VALUES (2, 20, NULL)',
    'INSERT INTO o VALUES (3, 1, -1)',
    'INSERT INTO o VALUES (1, 20, 1)',
    'INSERT INTO o VALUES (1, 2, 1)',
  ],
  conflictModes: [
    'CREATE TABLE m(id INTEGER PRIMARY KEY, a CHECK (a >= 0), k UNIQUE)',
    'INSERT INTO m VALUES (1, 1, 1)',
    'INSERT OR IGNORE INTO m VALUES (2, -1, 2), (3, 3, 3)',
    'INSERT OR REPLACE INTO m VALUES (1, -5, 9)',
    'INSERT OR REPLACE INTO m VALUES (4, 4, 1)',
    'INSERT OR ABORT INTO m VALUES (5, -1, 5)',
    'INSERT OR FAIL INTO m VALUES (5, -1, 5)',
    'INSERT OR ROLLBACK INTO m VALUES (5, -1, 5)',
    'UPDATE OR IGNORE m SET a = a - 3',
    'UPDATE OR REPLACE m SET a = -1 WHERE id = 4',
    'SELECT * FROM m ORDER BY id',
  ],
  // OR FAIL keeps the rows written before the failing one; OR ROLLBACK ends the transaction.
  failAndRollback: [
    'CREATE TABLE c(a CHECK (a > 0))',
    'INSERT INTO c VALUES (1)',
    'INSERT OR FAIL INTO c VALUES (2), (-1), (3)',
    'SELECT * FROM c',
    'BEGIN',
    'INSERT INTO c VALUES (10)',
    'INSERT OR ROLLBACK INTO c VALUES (11), (-1)',
    'SELECT * FROM c',
    'UPDATE OR FAIL c SET a = a - 2',
    'SELECT * FROM c',
  ],
  insertSelect: [
    'CREATE TABLE src(x)',
    "INSERT INTO src VALUES (1), (-2), (3), (NULL), ('4'), ('q')",
    'CREATE TABLE d(v INTEGER CHECK (v > 0))',
    'INSERT INTO d SELECT x FROM src',
    'INSERT OR IGNORE INTO d SELECT x FROM src',
    'SELECT rowid, v, typeof(v) FROM d',
  ],
  update: [
    'CREATE TABLE u(id INTEGER PRIMARY KEY, a, b, CHECK (a < b), CHECK (id < 100))',
    'INSERT INTO u VALUES (1, 1, 2), (2, 3, 4)',
    'UPDATE u SET a = 10 WHERE id = 1',
    'UPDATE u SET b = b - 5',
    'UPDATE u SET a = b - 1, b = a + 5',
    'UPDATE u SET id = id + 100',
    'UPDATE u SET id = id + 10',
    'UPDATE u SET rowid = 200 WHERE id = 11',
    'SELECT * FROM u',
  ],
  upsert: [
    'CREATE TABLE h(k TEXT PRIMARY KEY, n INT CHECK (n <= 3))',
    "INSERT INTO h VALUES ('a', 1)",
    "INSERT INTO h VALUES ('a', 1) ON CONFLICT(k) DO UPDATE SET n = n + 1",
    "INSERT INTO h VALUES ('a', 1) ON CONFLICT(k) DO UPDATE SET n = n + 1",
    "INSERT INTO h VALUES ('a', 1) ON CONFLICT(k) DO UPDATE SET n = n + 1",
    "INSERT INTO h VALUES ('b', 9) ON CONFLICT(k) DO NOTHING",
    "INSERT OR IGNORE INTO h VALUES ('a', 1) ON CONFLICT(k) DO UPDATE SET n = n + 1",
    'SELECT * FROM h',
  ],
  expressions: [
    "CREATE TABLE x(s TEXT CHECK (length(s) BETWEEN 1 AND 3 AND s = lower(s)), t CHECK (t IN (1, 2, 'three')), g CHECK (g IS NULL OR g LIKE 'a%') COLLATE NOCASE)",
    "INSERT INTO x VALUES ('abc', 1, NULL)",
    "INSERT INTO x VALUES ('ABC', 1, NULL)",
    "INSERT INTO x VALUES ('abcd', 2, 'A1')",
    "INSERT INTO x VALUES ('ab', 'three', 'Abc')",
    "INSERT INTO x VALUES ('ab', 4, 'b')",
    "INSERT INTO x VALUES ('', 1, 'b')",
    'SELECT * FROM x',
  ],
  // SQLite's parser keeps a CONSTRAINT name pending: later constraints of the same column, and
  // the first table constraint after the last column, take it.
  constraintNames: [
    'CREATE TABLE t(a CONSTRAINT x CHECK (a > 0), CHECK (a < 10), CHECK (a <> 5))',
    'INSERT INTO t VALUES (11)',
    'INSERT INTO t VALUES (5)',
    'CREATE TABLE u(a CONSTRAINT x NOT NULL CHECK (a > 0))',
    'INSERT INTO u VALUES (-1)',
    'CREATE TABLE v(a CONSTRAINT x NOT NULL, b CHECK (b > 0))',
    'INSERT INTO v VALUES (1, -1)',
    'CREATE TABLE w(a, b CONSTRAINT y NOT NULL, CHECK (a > 0), CHECK (a <> 5))',
    'INSERT INTO w VALUES (-1, 1)',
    'INSERT INTO w VALUES (5, 1)',
    'CREATE TABLE w2(a, CONSTRAINT z UNIQUE (a), CHECK (a > 0))',
    'INSERT INTO w2 VALUES (-1)',
  ],
  generatedAndTriggers: [
    'CREATE TABLE gc(a, b AS (a * 2) CHECK (b < 10), c AS (a + 1) STORED, CHECK (c <> 3))',
    'INSERT INTO gc VALUES (1)',
    'INSERT INTO gc VALUES (2)',
    'INSERT INTO gc VALUES (7)',
    'UPDATE gc SET a = 4',
    'UPDATE gc SET a = 2',
    'CREATE TABLE log(m)',
    "CREATE TRIGGER tr AFTER INSERT ON gc BEGIN INSERT INTO log VALUES ('ins ' || new.a); END",
    'INSERT INTO gc VALUES (3)',
    'INSERT INTO gc VALUES (9)',
    'SELECT * FROM gc',
    'SELECT * FROM log',
  ],
};

/** Constraint-level ON CONFLICT clauses (lang_conflict.html) and SQLite's UNIQUE check order. */
const ON_CONFLICT: Record<string, string[]> = {
  columnClauses: [
    'CREATE TABLE t(a NOT NULL ON CONFLICT IGNORE, b UNIQUE ON CONFLICT REPLACE, c NOT NULL ON CONFLICT REPLACE DEFAULT 5, d UNIQUE ON CONFLICT IGNORE, e CHECK (e > 0))',
    'INSERT INTO t VALUES (NULL, 1, 1, 1, 1)',
    'INSERT INTO t VALUES (1, 1, NULL, 1, 1)',
    'INSERT INTO t VALUES (2, 1, NULL, 2, 1)',
    'INSERT OR ABORT INTO t VALUES (NULL, 1, 1, 1, 1)',
    'INSERT INTO t VALUES (3, 1, 1, 2, -1)',
    'INSERT INTO t VALUES (3, 1, 1, 2, 1)',
    'UPDATE t SET a = NULL',
    'UPDATE t SET d = 9',
    'SELECT rowid, * FROM t',
  ],
  keys: [
    'CREATE TABLE p(id INTEGER PRIMARY KEY ON CONFLICT IGNORE, v)',
    'INSERT INTO p VALUES (1, 1)',
    'INSERT INTO p VALUES (1, 2)',
    'INSERT INTO p VALUES (1, 2) ON CONFLICT DO UPDATE SET v = 7',
    'CREATE TABLE q(id PRIMARY KEY ON CONFLICT REPLACE, v)',
    'INSERT INTO q VALUES (1, 1)',
    'INSERT INTO q VALUES (1, 2)',
    'CREATE TABLE r(a, b, UNIQUE(a) ON CONFLICT IGNORE, PRIMARY KEY(b) ON CONFLICT ABORT)',
    'INSERT INTO r VALUES (1, 1)',
    'INSERT INTO r VALUES (1, 2)',
    'INSERT INTO r VALUES (2, 1)',
    'CREATE TABLE u(k UNIQUE, v UNIQUE ON CONFLICT IGNORE)',
    'INSERT INTO u VALUES (1, 1), (2, 2)',
    'INSERT INTO u VALUES (1, 5) ON CONFLICT(k) DO UPDATE SET v = 2',
  ],
  uniqueOrder: [
    'CREATE TABLE s(a UNIQUE ON CONFLICT REPLACE, b UNIQUE, c UNIQUE ON CONFLICT IGNORE)',
    'INSERT INTO s VALUES (1, 1, 1), (2, 2, 2)',
    'INSERT INTO s VALUES (1, 2, 3)',
    'INSERT INTO s VALUES (1, 3, 2)',
    'INSERT INTO s VALUES (2, 1, 5)',
    'CREATE TABLE o(b, x UNIQUE, y UNIQUE)',
    'CREATE UNIQUE INDEX ob ON o(b)',
    'INSERT INTO o VALUES (1, 1, 1)',
    'INSERT INTO o VALUES (1, 1, 1)',
    'INSERT INTO o VALUES (2, 1, 1)',
    'INSERT INTO o VALUES (2, 1, 2)',
    'INSERT INTO o VALUES (1, 1, 1) ON CONFLICT(x) DO NOTHING',
    'INSERT INTO o VALUES (1, 1, 1) ON CONFLICT(y) DO UPDATE SET b = 9',
    'UPDATE o SET x = 5, y = 5',
  ],
};

describe('constraint ON CONFLICT clauses as SQLite', () => {
  for (const [name, script] of Object.entries(ON_CONFLICT)) {
    it(name, () => {
      const { mine, theirs } = runScript(dir, name, script);
      expect(mine).toEqual(theirs);
      expect(text(theirs)).toContain('constraint failed');
    });
  }
});

describe('CHECK constraints as SQLite', () => {
  for (const [name, script] of Object.entries(CASES)) {
    it(name, () => {
      const { mine, theirs } = runScript(dir, name, script);
      expect(mine).toEqual(theirs);
      expect(text(theirs)).toContain('CHECK constraint failed');
    });
  }
});

// OR FAIL / OR ROLLBACK (and ON CONFLICT FAIL / ROLLBACK) for NOT NULL, UNIQUE and the rowid: by the statement's OR clause or the constraint's own ON CONFLICT.
const FAIL_ROLLBACK: string[] = [
  'CREATE TABLE n(id INTEGER PRIMARY KEY, a NOT NULL, k UNIQUE)',
  'INSERT INTO n VALUES (1, 1, 1)',
  'INSERT OR FAIL INTO n VALUES (2, 2, 2), (3, NULL, 3), (4, 4, 4)',
  'INSERT OR FAIL INTO n VALUES (5, 5, 5), (6, 6, 1), (7, 7, 7)',
  'INSERT OR FAIL INTO n VALUES (8, 8, 8), (1, 9, 9), (10, 10, 10)',
  'UPDATE OR FAIL n SET k = 5 WHERE id >= 2',
  'UPDATE OR FAIL n SET a = NULL WHERE id > 4',
  'SELECT * FROM n ORDER BY id',
  'BEGIN',
  'INSERT INTO n VALUES (20, 20, 20)',
  'INSERT OR ROLLBACK INTO n VALUES (21, 21, 21), (22, NULL, 22)',
  'SELECT * FROM n ORDER BY id',
  'BEGIN',
  'INSERT INTO n VALUES (30, 30, 30)',
  'UPDATE OR ROLLBACK n SET k = 1 WHERE id = 30',
  'SELECT * FROM n ORDER BY id',
  'BEGIN',
  'INSERT INTO n VALUES (40, 40, 40)',
  'INSERT OR ROLLBACK INTO n VALUES (41, 41, 41), (40, 0, 0)',
  'COMMIT',
  'CREATE TABLE o(id INTEGER PRIMARY KEY ON CONFLICT FAIL, a NOT NULL ON CONFLICT FAIL, k UNIQUE ON CONFLICT ROLLBACK)',
  'INSERT INTO o VALUES (1, 1, 1), (2, NULL, 2), (3, 3, 3)',
  'INSERT INTO o VALUES (4, 4, 4), (1, 5, 5), (6, 6, 6)',
  'BEGIN',
  'INSERT INTO o VALUES (7, 7, 7)',
  'INSERT INTO o VALUES (8, 8, 8), (9, 9, 1)',
  'SELECT * FROM o ORDER BY id',
  'INSERT OR ABORT INTO o VALUES (10, 10, 10), (11, NULL, 11)',
  'SELECT * FROM o ORDER BY id',
  ];

describe('NOT NULL and UNIQUE failures end the statement as SQLite', () => {
  it('OR FAIL keeps the rows before the failing one, OR ROLLBACK ends the transaction', () => {
    const { mine, theirs } = runScript(dir, 'failRollbackUnique', FAIL_ROLLBACK);
    expect(mine).toEqual(theirs);
    expect(text(theirs)).toContain('cannot commit - no transaction is active');
  });
});
