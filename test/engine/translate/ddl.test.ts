/**
 * Writes land in files SQLite reads as its own: the same DDL and DML script run by Strata and by
 * better-sqlite3 into two files gives the same sqlite_schema rows (type, name, tbl_name, rootpage,
 * sql) and the same table contents, and SQLite's integrity_check finds nothing wrong with Strata's
 * file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-ddl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCRIPT = [
  'CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, age INT, score REAL DEFAULT 1.5, note)',
  'CREATE INDEX people_age ON people(age DESC, name)',
  "CREATE TABLE IF NOT EXISTS tags(person INTEGER, tag TEXT COLLATE NOCASE, PRIMARY KEY(person, tag))",
  "CREATE VIEW adults AS SELECT name FROM people WHERE age >= 18",
  "INSERT INTO people(name, age, note) VALUES ('ann', 31, x'00ff'), ('bob', 17, NULL), ('cy', 45, 'x'), ('dee', NULL, 3)",
  "INSERT INTO tags VALUES (1, 'Admin'), (1, 'dev'), (3, 'ops')",
  "INSERT OR IGNORE INTO people(name, age) VALUES ('ann', 99)",
  "INSERT OR REPLACE INTO people(id, name, age) VALUES (2, 'bob', 18)",
  'UPDATE people SET score = score * 2, age = age + 1 WHERE age > 20',
  "DELETE FROM tags WHERE tag = 'ADMIN'",
  'INSERT INTO people(name, age) SELECT name || name, age FROM people WHERE age IS NOT NULL ORDER BY id',
  'CREATE TABLE scratch(a)',
  'INSERT INTO scratch VALUES (1), (2)',
  'DROP TABLE scratch',
  'CREATE INDEX tags_tag ON tags(tag)',
  'DROP INDEX tags_tag',
];

function dumpState(file: string): { schema: unknown[]; rows: Record<string, unknown[]> } {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    expect(db.prepare('PRAGMA integrity_check').pluck().all()).toEqual(['ok']);
    const schema = db.prepare('SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema ORDER BY rowid').raw().all();
    const rows: Record<string, unknown[]> = {};
    for (const t of db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]) {
      rows[t] = db.prepare(`SELECT * FROM "${t}" ORDER BY 1, 2`).raw().safeIntegers().all();
    }
    return { schema, rows };
  } finally {
    db.close();
  }
}

describe('Strata writes what SQLite writes', () => {
  it('schema rows, contents and integrity after a DDL/DML script', () => {
    const mine = join(dir, 'strata.db');
    const theirs = join(dir, 'sqlite.db');
    const db = new Database(mine);
    const ref = new BetterSqlite3(theirs);
    ref.pragma('journal_mode = WAL');
    for (const sql of SCRIPT) {
      ref.exec(sql);
      db.exec(sql);
    }
    db.close();
    ref.close();
    expect(dumpState(mine)).toEqual(dumpState(theirs));
  });

  it('constraint failures leave nothing behind', () => {
    const db = new Database(join(dir, 'constraints.db'));
    db.exec("CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT NOT NULL UNIQUE); INSERT INTO t VALUES (1, 'x')");
    expect(() => db.exec("INSERT INTO t VALUES (2, 'y'), (3, 'x')")).toThrow(/UNIQUE constraint failed: t.b/);
    expect(() => db.exec('INSERT INTO t VALUES (4, NULL)')).toThrow(/NOT NULL constraint failed: t.b/);
    db.close();
    const check = new BetterSqlite3(join(dir, 'constraints.db'), { readonly: true });
    expect(check.prepare('SELECT a, b FROM t').raw().all()).toEqual([[1, 'x']]);
    expect(check.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    check.close();
  });
});
