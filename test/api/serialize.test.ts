/**
 * `Database.serialize()` (better-sqlite3's, SQLite's sqlite3_serialize): the main database's bytes.
 * - A file database: equal to the file after a TRUNCATE checkpoint, and to better-sqlite3's
 *   serialize of the same file (a WAL's committed frames included before the checkpoint).
 * - An in-memory database, whose pages live only in its page cache (pager.ts invariant 11):
 *   better-sqlite3 opens the bytes (`new Database(buffer)`) and reads the same rows, integrity ok,
 *   also after rollbacks, savepoints and a cache_size far below the database's size.
 * - Errors: a closed connection (TypeError, as better-sqlite3), another schema name.
 */
import BetterSqlite3 from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/api/index.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-serialize-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS = 'SELECT id, a, b FROM t ORDER BY id';

function fill(db: { exec(sql: string): unknown; prepare(sql: string): { run(...a: unknown[]): unknown } }, n: number, from = 0): void {
  db.exec('BEGIN');
  const st = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
  for (let i = from; i < from + n; i++) st.run(i, i * 7, `row ${i} `.padEnd(20 + (i % 50), 'q'));
  db.exec('COMMIT');
}

describe('Database.serialize', () => {
  it('a file database: the bytes of the file (WAL frames included), as better-sqlite3 serializes it', () => {
    const path = join(dir, 'file.db');
    const db = new Database(path);
    db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a, b)');
    fill(db, 500);
    db.exec('CREATE INDEX t_a ON t(a)');
    const before = db.serialize();
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
    // better-sqlite3 on a copy of the file and its WAL (a -shm beside the original would keep
    // Strata from checkpointing it below).
    const copy = join(dir, 'copy.db');
    copyFileSync(path, copy);
    copyFileSync(`${path}-wal`, `${copy}-wal`);
    const theirs = new BetterSqlite3(copy, { readonly: true });
    expect(Buffer.compare(before, theirs.serialize())).toBe(0);
    theirs.close();
    expect(db.pragma('wal_checkpoint(TRUNCATE)')).toEqual([{ busy: 0, log: 0, checkpointed: 0 }]);
    expect(Buffer.compare(db.serialize(), readFileSync(path))).toBe(0);
    expect(Buffer.compare(db.serialize(), before)).toBe(0);
    db.close();
  });

  it('an in-memory database: bytes better-sqlite3 opens, with the same rows, after rollbacks and savepoints under a small cache', () => {
    const db = new Database(':memory:');
    db.pragma('cache_size = 10');
    db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a, b)');
    fill(db, 2000);
    db.exec('CREATE INDEX t_a ON t(a)');
    db.exec('BEGIN; DELETE FROM t WHERE id % 3 = 0; ROLLBACK');
    db.exec("BEGIN; UPDATE t SET b = 'x' WHERE id % 5 = 0; SAVEPOINT s; DELETE FROM t WHERE id < 1000; ROLLBACK TO s; RELEASE s; COMMIT");
    db.exec('DELETE FROM t WHERE id % 7 = 0');
    fill(db, 300, 5000);
    const image = db.serialize();
    const pages = db.pragma('page_count', { simple: true }) as number;
    expect(pages).toBeGreaterThan(40);
    expect(image.length).toBe(pages * (db.pragma('page_size', { simple: true }) as number));
    const theirs = new BetterSqlite3(image);
    expect(theirs.prepare('PRAGMA integrity_check').pluck().all()).toEqual(['ok']);
    expect(theirs.prepare(ROWS).raw(true).all()).toEqual(db.prepare(ROWS).raw(true).all());
    expect(theirs.prepare('SELECT count(*) FROM t WHERE a % 7 = 0').pluck().get()).toBe(db.prepare('SELECT count(*) FROM t WHERE a % 7 = 0').pluck().get());
    theirs.close();
    expect(db.pragma('cache_size', { simple: true })).toBe(10);
    db.close();
  });

  it('errors: a closed connection, another schema', () => {
    const db = new Database(':memory:');
    expect(() => db.serialize({ attached: 'aux' })).toThrow(/unknown database aux/);
    db.close();
    expect(() => db.serialize()).toThrow(TypeError);
  });
});
