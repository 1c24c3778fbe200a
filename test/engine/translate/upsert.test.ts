/**
 * UPSERT (ON CONFLICT … DO NOTHING / DO UPDATE, several clauses, `excluded.`) against
 * better-sqlite3: the same statements give the same rows, changes()/last_insert_rowid(), errors,
 * files and a clean integrity_check of Strata's file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from './dml-oracle.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-upsert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES: Record<string, string[]> = {
  counter: [
    'CREATE TABLE hits(page TEXT PRIMARY KEY, n INT NOT NULL DEFAULT 0, last TEXT)',
    "INSERT INTO hits(page, n) VALUES ('a', 1) ON CONFLICT(page) DO UPDATE SET n = n + 1",
    "INSERT INTO hits(page, n) VALUES ('a', 1) ON CONFLICT(page) DO UPDATE SET n = n + 1",
    "INSERT INTO hits(page, n, last) VALUES ('a', 5, 'x'), ('b', 2, 'y'), ('a', 7, 'z') ON CONFLICT(page) DO UPDATE SET n = n + excluded.n, last = excluded.last",
    "INSERT INTO hits(page, n) VALUES ('b', 100) ON CONFLICT DO NOTHING",
    "INSERT INTO hits(page, n) VALUES ('b', 100) ON CONFLICT(page) DO UPDATE SET n = excluded.n WHERE excluded.n < n",
    "INSERT INTO hits(page, n) VALUES ('b', 1) ON CONFLICT(page) DO UPDATE SET n = excluded.n WHERE excluded.n < hits.n RETURNING *",
    "INSERT INTO hits(page, n) VALUES ('c', 1) ON CONFLICT(n) DO NOTHING",
    "INSERT INTO hits(page, n) VALUES ('c', NULL) ON CONFLICT(page) DO NOTHING",
    "INSERT INTO hits(page) VALUES ('a') ON CONFLICT(page) DO UPDATE SET n = NULL",
  ],
  rowidAndMulti: [
    'CREATE TABLE t(id INTEGER PRIMARY KEY, email TEXT UNIQUE, name TEXT, UNIQUE(name))',
    "INSERT INTO t VALUES (1, 'a@x', 'ann'), (2, 'b@x', 'bob')",
    "INSERT INTO t VALUES (1, 'c@x', 'cy') ON CONFLICT(id) DO UPDATE SET email = excluded.email RETURNING *",
    "INSERT INTO t VALUES (3, 'b@x', 'dee') ON CONFLICT(id) DO NOTHING ON CONFLICT(email) DO UPDATE SET name = excluded.name",
    "INSERT INTO t VALUES (5, 'e@x', 'dee') ON CONFLICT(email) DO NOTHING ON CONFLICT DO UPDATE SET email = 'z' || excluded.email",
    "INSERT INTO t VALUES (2, 'q@x', 'ann') ON CONFLICT(email) DO NOTHING",
    "INSERT INTO t VALUES (9, 'q@x', 'new') ON CONFLICT(name) DO UPDATE SET id = 20",
    "INSERT INTO t VALUES (1, 'x@x', 'x') ON CONFLICT(id) DO UPDATE SET id = excluded.id + 100, name = 'moved'",
    "INSERT INTO t VALUES (2, 'x@x', 'x') ON CONFLICT(id) DO UPDATE SET email = 'e@x'",
    "INSERT INTO t(email, name) SELECT email, name || '!' FROM t WHERE id < 100 ON CONFLICT(email) DO UPDATE SET name = excluded.name",
    "SELECT changes(), last_insert_rowid()",
  ],
  autoinc: [
    'CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, k UNIQUE, v)',
    "INSERT INTO t(k, v) VALUES ('a', 1), ('b', 2)",
    "INSERT INTO t(k, v) VALUES ('a', 3) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
    "INSERT INTO t(k, v) VALUES ('c', 4)",
    "INSERT INTO t AS z (k, v) VALUES ('c', 5) ON CONFLICT(k) DO UPDATE SET v = z.v * 10 + excluded.v RETURNING *",
    "INSERT INTO t(k) VALUES ('c') ON CONFLICT(v) DO NOTHING",
    "INSERT INTO t(k) VALUES ('d') RETURNING t.*",
    "DELETE FROM t WHERE k = 'a' RETURNING count(*)",
  ],
  excludedTypes: [
    'CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT UNIQUE, r REAL, i INT, n NUMERIC, x)',
    "INSERT INTO t VALUES (1, 'a', 1, 1, 1, 1)",
    "INSERT INTO t VALUES (2, 'a', 2, '3', '4.0', '5') ON CONFLICT(k) DO UPDATE SET x = typeof(excluded.r) || typeof(excluded.i) || typeof(excluded.n) || typeof(excluded.x) || excluded.id || excluded.rowid, r = excluded.r + r RETURNING *",
    // A rowid conflict is found before the column affinities are applied (no CHECK constraint):
    // excluded holds the values as given.
    "INSERT INTO t VALUES (1, 7, '2.5', '3', '4.0', -0.0) ON CONFLICT(id) DO UPDATE SET x = typeof(excluded.k) || typeof(excluded.r) || typeof(excluded.i) || typeof(excluded.n), i = excluded.x, n = excluded.r RETURNING *",
    'CREATE TABLE c(id INTEGER PRIMARY KEY, k TEXT, r REAL CHECK(r > 0), x)',
    "INSERT INTO c VALUES (1, 'a', 1, 1)",
    "INSERT INTO c VALUES (1, 7, '2.5', -0.0) ON CONFLICT(id) DO UPDATE SET x = typeof(excluded.k) || typeof(excluded.r) RETURNING *",
  ],
};

describe('UPSERT as SQLite', () => {
  for (const [name, script] of Object.entries(CASES)) {
    it(name, () => {
      const { mine, theirs } = runScript(dir, name, script);
      expect(mine).toEqual(theirs);
    });
  }
});
