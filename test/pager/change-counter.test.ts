/**
 * The file change counter (header offsets 24 and 92) as SQLite's pager writes it in WAL mode: a
 * commit that writes page 1 stamps the counter page 1 held when the pager last read it, plus one
 * (pagerWalFrames' pager_write_changecounter of Pager.dbFileVers), so commits while page 1 stays
 * cached write the same value and a connection opened afresh counts on from the file. Copies of one
 * file made by better-sqlite3 (SQLite 3.53, WAL) get the same statements from Strata and from
 * better-sqlite3, with closes and reopens between them; after a TRUNCATE checkpoint the counters in
 * the two files must be equal.
 */
import BetterSqlite3 from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/api/index.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-change-counter-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Offsets 24 and 92 of `file` (the change counter and version-valid-for). */
function counters(file: string): [number, number] {
  const b = readFileSync(file);
  return [b.readUInt32BE(24), b.readUInt32BE(92)];
}

/** What these tests use of either engine. */
interface Db {
  exec(sql: string): unknown;
  close(): unknown;
}

describe('file change counter in WAL mode, as SQLite', () => {
  it('the same commits, closes and reopens on copies of one WAL file give the same counters', () => {
    const base = join(dir, 'base.db');
    const made = new BetterSqlite3(base);
    made.pragma('journal_mode = WAL');
    made.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, b TEXT); CREATE INDEX t_b ON t(b); INSERT INTO t(b) VALUES (1), (2)');
    made.pragma('wal_checkpoint(TRUNCATE)');
    made.close();
    const files = { strata: join(dir, 's.db'), sqlite: join(dir, 'o.db') };
    copyFileSync(base, files.strata);
    copyFileSync(base, files.sqlite);
    const open = { strata: (): Db => new Database(files.strata), sqlite: (): Db => new BetterSqlite3(files.sqlite) };
    // Sessions of statements; each session is one connection, closed at its end.
    const sessions = [
      ["INSERT INTO t(b) VALUES ('a')", "UPDATE t SET b = 'bb' WHERE id = 1", 'CREATE TABLE u(x)', 'INSERT INTO u VALUES (1)'],
      ["INSERT INTO t(b) SELECT printf('%.500c', 'x') FROM t", 'DELETE FROM t WHERE id % 2 = 0', 'DROP TABLE u'],
      ["UPDATE t SET b = b || 'z'", 'CREATE INDEX t_id ON t(id, b)', 'PRAGMA user_version = 7'],
      ['DELETE FROM t', "INSERT INTO t(b) VALUES ('again')"],
    ];
    for (const stmts of sessions) {
      for (const which of ['strata', 'sqlite'] as const) {
        const db = open[which]();
        for (const sql of stmts) db.exec(sql);
        db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
        db.close();
      }
      expect(counters(files.strata), stmts.join('; ')).toEqual(counters(files.sqlite));
    }
  });
});
