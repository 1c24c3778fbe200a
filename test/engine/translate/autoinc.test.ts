/**
 * AUTOINCREMENT and sqlite_sequence against better-sqlite3: the same scripts give the same
 * run() results, changes()/last_insert_rowid(), errors, files (sqlite_sequence included) and a
 * clean integrity_check of Strata's file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from './dml-oracle.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-autoinc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES: Record<string, string[]> = {
  basic: [
    'CREATE TABLE plain(x)',
    'CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)',
    'CREATE TABLE u(id INTEGER PRIMARY KEY AUTOINCREMENT, w UNIQUE)',
    "INSERT INTO t(v) VALUES ('a'), ('b')",
    "INSERT INTO t VALUES (10, 'c')",
    "DELETE FROM t WHERE id = 10",
    "INSERT INTO t(v) VALUES ('d')",
    "INSERT INTO t VALUES (5, 'e')",
    "INSERT INTO t VALUES (-3, 'neg')",
    "INSERT INTO t(v) VALUES ('f')",
    'DELETE FROM t',
    "INSERT INTO t(v) VALUES ('g')",
    "INSERT INTO u(w) SELECT v FROM t",
    "INSERT OR IGNORE INTO u VALUES (100, 'g')",
    "INSERT INTO u(w) VALUES ('h')",
    "INSERT INTO u VALUES (NULL, 'i')",
    "INSERT INTO u(w) SELECT v FROM t WHERE 0",
    "INSERT INTO u(w) VALUES ('h')",
    "INSERT INTO u(w) VALUES ('j')",
    'CREATE TABLE z(id INTEGER PRIMARY KEY AUTOINCREMENT, v)',
    'INSERT INTO z(v) SELECT 1 WHERE 0',
    'CREATE TABLE y(id INTEGER PRIMARY KEY AUTOINCREMENT, v)',
    'INSERT INTO y VALUES (0, 1), (-4, 2)',
  ],
  sequenceEdits: [
    'CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, v)',
    "INSERT INTO t(v) VALUES (1)",
    "UPDATE sqlite_sequence SET seq = 1000 WHERE name = 't'",
    "INSERT INTO t(v) VALUES (2)",
    "DELETE FROM sqlite_sequence",
    "INSERT INTO t(v) VALUES (3)",
    "INSERT INTO t VALUES (9223372036854775806, 4)",
    "INSERT INTO t(v) VALUES (5)",
    "INSERT INTO t(v) VALUES (6)",
    "SELECT * FROM sqlite_sequence",
  ],
  drop: [
    'CREATE TABLE a(id INTEGER PRIMARY KEY AUTOINCREMENT, v)',
    'CREATE TABLE b(id INTEGER PRIMARY KEY AUTOINCREMENT, v)',
    'INSERT INTO a(v) VALUES (1), (2)',
    'INSERT INTO b(v) VALUES (1)',
    "INSERT INTO sqlite_sequence VALUES ('a', 50)",
    // changes() = 0 before each DROP: Strata's API resets it on DDL, SQLite does not (dml-oracle.ts).
    'DELETE FROM b WHERE 0',
    'DROP TABLE a',
    'SELECT * FROM sqlite_sequence',
    'CREATE TABLE a(id INTEGER PRIMARY KEY AUTOINCREMENT, v)',
    'INSERT INTO a(v) VALUES (3)',
    'DELETE FROM b WHERE 0',
    'DROP TABLE b',
    'DROP TABLE a',
    'CREATE TABLE c(id INTEGER PRIMARY KEY AUTOINCREMENT, v)',
    'INSERT INTO c(v) VALUES (4)',
  ],
  full: [
    'CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, v)',
    "INSERT INTO t VALUES (9223372036854775807, 1)",
    "DELETE FROM t",
    "INSERT INTO t(v) VALUES (2)",
    "INSERT INTO t VALUES (7, 3)",
    "INSERT INTO t(v) VALUES (4)",
  ],
};

describe('AUTOINCREMENT as SQLite', () => {
  for (const [name, script] of Object.entries(CASES)) {
    it(name, () => {
      const { mine, theirs } = runScript(dir, name, script);
      expect(mine).toEqual(theirs);
    });
  }
});
