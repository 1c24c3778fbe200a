/**
 * Statements prepared before the schema changes: SQLite (sqlite3_prepare_v2, which better-sqlite3
 * uses) compiles them again before they run, so they see the new schema. The same assertions run
 * against better-sqlite3 and Strata; the file-level checks use SQLite's own integrity_check through
 * better-sqlite3 where Strata wrote the file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/api/index.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-reprepare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Db = BetterSqlite3.Database;
let n = 0;
const engines: [string, (file: string) => Db][] = [
  ['better-sqlite3', (f) => new BetterSqlite3(f)],
  ['strata', (f) => new Database(f) as unknown as Db],
];

/** SQLite's verdict on a file, read by better-sqlite3 after the engine under test closed it. */
function sqliteIntegrity(file: string): string {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return (db.prepare('PRAGMA integrity_check').pluck().all() as string[]).join('\n');
  } finally {
    db.close();
  }
}

describe.each(engines)('statements prepared before a schema change: %s', (_name, open) => {
  const file = (): string => join(dir, `r-${++n}.db`);

  it('an INSERT prepared before CREATE INDEX fills the new index', () => {
    const f = file();
    const db = open(f);
    db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT)');
    const ins = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
    ins.run(1, 10, 'x');
    db.exec('CREATE INDEX t_a ON t(a)');
    ins.run(2, 20, 'y');
    db.exec('BEGIN; CREATE UNIQUE INDEX t_b ON t(b)');
    ins.run(3, 30, 'z');
    expect(() => ins.run(4, 40, 'z')).toThrow(/UNIQUE constraint failed: t\.b/);
    db.exec('COMMIT');
    expect(db.prepare('SELECT id FROM t WHERE a = 20').pluck().all()).toEqual([2]);
    expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    db.close();
    expect(sqliteIntegrity(f)).toBe('ok');
  });

  it('UPDATE and DELETE prepared before CREATE INDEX keep it in step', () => {
    const f = file();
    const db = open(f);
    db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER); INSERT INTO t VALUES (1, 1), (2, 2), (3, 3), (4, 4)");
    const upd = db.prepare('UPDATE t SET a = a + 100 WHERE id = ?');
    const del = db.prepare('DELETE FROM t WHERE id = ?');
    db.exec('CREATE INDEX t_a ON t(a)');
    upd.run(1);
    del.run(2);
    expect(db.prepare('SELECT a FROM t ORDER BY a').pluck().all()).toEqual([3, 4, 101]);
    expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    db.close();
    expect(sqliteIntegrity(f)).toBe('ok');
  });

  it('SELECT * prepared before ADD COLUMN returns the new column; before DROP TABLE fails', () => {
    const db = open(file());
    db.exec('CREATE TABLE t(a); INSERT INTO t VALUES (1)');
    const star = db.prepare('SELECT * FROM t');
    expect(star.all()).toEqual([{ a: 1 }]);
    db.exec("ALTER TABLE t ADD COLUMN b DEFAULT 'd'");
    expect(star.all()).toEqual([{ a: 1, b: 'd' }]);
    db.exec('DROP TABLE t');
    expect(() => star.all()).toThrow(/no such table: t/);
    db.exec('CREATE TABLE t(z); INSERT INTO t VALUES (9)');
    expect(star.all()).toEqual([{ z: 9 }]);
    db.close();
  });

  it('a schema change rolled back is undone for prepared statements too', () => {
    const db = open(file());
    db.exec('CREATE TABLE t(a); INSERT INTO t VALUES (1)');
    const star = db.prepare('SELECT * FROM t');
    db.exec('BEGIN; ALTER TABLE t ADD COLUMN b');
    expect(star.all()).toEqual([{ a: 1, b: null }]);
    db.exec('ROLLBACK');
    expect(star.all()).toEqual([{ a: 1 }]);
    db.close();
  });

  it('PRAGMA statements give fresh rows on every run', () => {
    const db = open(file());
    db.exec('CREATE TABLE t(a)');
    const info = db.prepare('PRAGMA table_info(t)').pluck();
    expect(info.all()).toEqual([0]);
    db.exec('ALTER TABLE t ADD COLUMN b');
    expect(info.all()).toEqual([0, 1]);
    const count = db.prepare('PRAGMA page_count').pluck();
    const before = count.get() as number;
    db.exec('CREATE TABLE u(x); CREATE TABLE v(y)');
    expect(count.get()).toBe(before + 2);
    db.close();
  });

  it('a statement prepared before PRAGMA foreign_keys = ON enforces foreign keys after it', () => {
    const db = open(file());
    db.exec('PRAGMA foreign_keys = OFF; CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(pid REFERENCES p(id))');
    const ins = db.prepare('INSERT INTO c VALUES (?)');
    ins.run(5);
    db.exec('PRAGMA foreign_keys = ON');
    expect(() => ins.run(6)).toThrow(/FOREIGN KEY constraint failed/);
    expect(db.prepare('SELECT count(*) FROM c').pluck().get()).toBe(1);
    db.close();
  });

  it("another connection's CREATE INDEX is seen by a statement prepared before it", () => {
    const f = file();
    const a = open(f);
    a.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER)');
    const ins = a.prepare('INSERT INTO t(id, a) VALUES (?, ?)');
    const sel = a.prepare('SELECT * FROM t ORDER BY id');
    ins.run(1, 10);
    const b = open(f);
    b.exec('CREATE INDEX t_a ON t(a); ALTER TABLE t ADD COLUMN c');
    b.close();
    ins.run(2, 20);
    expect(sel.all()).toEqual([
      { id: 1, a: 10, c: null },
      { id: 2, a: 20, c: null },
    ]);
    expect(a.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    a.close();
    expect(sqliteIntegrity(f)).toBe('ok');
  });
});

describe.each(engines)('two connections to one file in one process: %s', (_name, open) => {
  it("each sees the other's commits; a transaction reads one snapshot from its first statement", () => {
    const f = join(dir, `c-${++n}.db`);
    const a = open(f);
    a.pragma('journal_mode = WAL');
    a.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, v)');
    a.exec("INSERT INTO t VALUES (1, 'a')");
    const b = open(f);
    b.exec("INSERT INTO t VALUES (2, 'b')");
    const ids = (db: Db): number[] => db.prepare('SELECT id FROM t ORDER BY id').pluck().all() as number[];
    expect(ids(a)).toEqual([1, 2]);
    a.exec("INSERT INTO t VALUES (3, 'a')");
    expect(ids(b)).toEqual([1, 2, 3]);

    a.exec('BEGIN');
    b.exec("INSERT INTO t VALUES (4, 'b')"); // before a's first read: a's snapshot includes it
    expect(ids(a)).toEqual([1, 2, 3, 4]);
    b.exec("INSERT INTO t VALUES (5, 'b')"); // after: a keeps its snapshot
    expect(ids(a)).toEqual([1, 2, 3, 4]);
    expect(() => a.exec("INSERT INTO t VALUES (6, 'a')")).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY_SNAPSHOT' }));
    a.exec('ROLLBACK');
    expect(ids(a)).toEqual([1, 2, 3, 4, 5]);
    a.close();
    b.close();
    expect(sqliteIntegrity(f)).toBe('ok');
    const o = new BetterSqlite3(f, { readonly: true });
    expect(o.prepare('SELECT id FROM t ORDER BY id').pluck().all()).toEqual([1, 2, 3, 4, 5]);
    o.close();
  });
});
