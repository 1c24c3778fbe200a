/**
 * RETURNING on INSERT/UPDATE/DELETE against better-sqlite3: the same statements give the same
 * rows (a RETURNING statement is a reader: `all()`), the same changes()/last_insert_rowid(), the
 * same errors, and files with the same contents and a clean integrity_check. One case runs
 * `run()` on a RETURNING statement, as better-sqlite3 allows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';
import { runScript } from './dml-oracle.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-returning-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES: Record<string, string[]> = {
  insert: [
    'CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT UNIQUE, c REAL DEFAULT 2)',
    "INSERT INTO t(a, b) VALUES ('7', 'x'), (8, 'y') RETURNING *",
    "INSERT INTO t(a, b) VALUES (1, 'z') RETURNING id, a * 2 AS dbl, upper(b), c, rowid, typeof(a)",
    "INSERT INTO t VALUES (NULL, 3, 'w', 5) RETURNING T.B, t.c + 1",
    "INSERT OR IGNORE INTO t(a, b) VALUES (9, 'x'), (10, 'v') RETURNING id, b",
    "INSERT OR REPLACE INTO t(id, a, b) VALUES (1, 11, 'q') RETURNING *",
    "INSERT INTO t(a, b) SELECT a + 100, b || '2' FROM t WHERE a < 10 ORDER BY id RETURNING id, a",
    "INSERT INTO t(a, b) VALUES (0, 'x') RETURNING id",
    "INSERT INTO t(a, b) VALUES (0, 'u') RETURNING (SELECT count(*) FROM t) AS n, id",
  ],
  updateDelete: [
    'CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT)',
    "INSERT INTO t(a, b) VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')",
    "UPDATE t SET a = a * 10 WHERE a > 2 RETURNING id, a, b",
    "UPDATE t SET id = id + 10 WHERE b = 'a' RETURNING *, 'k'",
    "UPDATE t SET b = NULL WHERE 0 RETURNING *",
    "DELETE FROM t WHERE a >= 20 RETURNING b, a + id",
    "DELETE FROM t RETURNING *",
    "SELECT * FROM t",
  ],
  autoinc: [
    'CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, v)',
    "INSERT INTO t(v) VALUES ('a'), ('b') RETURNING id, v",
    "DELETE FROM t RETURNING id",
    "INSERT INTO t(v) VALUES ('c') RETURNING id",
  ],
};

describe('RETURNING as SQLite', () => {
  for (const [name, script] of Object.entries(CASES)) {
    it(name, () => {
      const { mine, theirs } = runScript(dir, name, script);
      expect(mine).toEqual(theirs);
    });
  }

  it('an iterator stopped after the first row keeps all the changes', () => {
    const outcome = (db: { exec(s: string): unknown; prepare(s: string): { iterate(): IterableIterator<unknown>; raw(on?: boolean): unknown; all(): unknown[] } }): unknown => {
      db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY AUTOINCREMENT, v)');
      const it = db.prepare("INSERT INTO t(v) VALUES ('a'), ('b'), ('c') RETURNING id").iterate();
      const first = it.next().value as unknown;
      it.return?.();
      const st = db.prepare('SELECT * FROM t UNION ALL SELECT * FROM sqlite_sequence');
      st.raw(true);
      return { first, rows: st.all() };
    };
    const mine = new Database(join(dir, 'iter-strata.db'));
    const ref = new BetterSqlite3(join(dir, 'iter-sqlite.db'));
    try {
      expect(outcome(mine as never)).toEqual(outcome(ref as never));
    } finally {
      mine.close();
      ref.close();
    }
  });

  it('column names, and run() on a RETURNING statement', () => {
    const setup = 'CREATE TABLE t(id INTEGER PRIMARY KEY, Aa INT, b)';
    const sql = "INSERT INTO t(aa, b) VALUES (1, 'x'), (2, 'y') RETURNING aa, b AS bee, id + 1, *";
    const outcome = (db: { exec(s: string): unknown; prepare(s: string): { reader: boolean; columns(): { name: string }[]; run(): { changes: number; lastInsertRowid: number | bigint } } }): unknown => {
      db.exec(setup);
      const st = db.prepare(sql);
      const run = st.run();
      return { reader: st.reader, names: st.columns().map((c) => c.name), run: { changes: run.changes, lastInsertRowid: Number(run.lastInsertRowid) } };
    };
    const mine = new Database(join(dir, 'names-strata.db'));
    const ref = new BetterSqlite3(join(dir, 'names-sqlite.db'));
    try {
      expect(outcome(mine as never)).toEqual(outcome(ref as never));
    } finally {
      mine.close();
      ref.close();
    }
  });
});
