/**
 * Triggers (BEFORE/AFTER/INSTEAD OF × INSERT/UPDATE [OF]/DELETE, WHEN, OLD/NEW, RAISE, firing
 * order, recursion off, changes()/last_insert_rowid()) against better-sqlite3: the same scripts
 * give the same results, errors, changes()/last_insert_rowid() after every statement, and the
 * same file contents.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { Database } from '../../../src/api/index.js';
import { runScript } from './dml-oracle.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-trigger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CASES: Record<string, string[]> = {
  afterInsertOrder: [
    'CREATE TABLE t(a, b)',
    'CREATE TABLE log(x)',
    "CREATE TRIGGER t1 AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('t1 ' || new.rowid || ' ' || new.a); END",
    "CREATE TRIGGER t2 AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('t2 ' || new.rowid); END",
    "CREATE TRIGGER t0 BEFORE INSERT ON t BEGIN INSERT INTO log VALUES ('t0 ' || new.rowid || ' ' || typeof(new.a)); END",
    'INSERT INTO t VALUES (1, 2), (3, 4)',
    'INSERT INTO t SELECT a + 10, b FROM t',
    'SELECT * FROM log ORDER BY rowid',
    'SELECT changes(), last_insert_rowid()',
  ],
  beforeInsertRowid: [
    'CREATE TABLE u(id INTEGER PRIMARY KEY, v REAL, w TEXT)',
    'CREATE TABLE log(x)',
    "CREATE TRIGGER u0 BEFORE INSERT ON u BEGIN INSERT INTO log VALUES (quote(new.rowid) || ' ' || quote(new.id) || ' ' || quote(new.v) || ' ' || quote(new.w)); END",
    "CREATE TRIGGER u1 AFTER INSERT ON u BEGIN INSERT INTO log VALUES (quote(new.rowid) || ' ' || quote(new.id) || ' ' || quote(new.v) || ' ' || quote(new.w)); END",
    'INSERT INTO u(v, w) VALUES (1, 2)',
    "INSERT INTO u VALUES (7, '3', 4)",
    "INSERT INTO u VALUES ('9', 'x', NULL)",
    "INSERT INTO u VALUES ('z', 1, 1)",
    'SELECT * FROM log ORDER BY rowid',
  ],
  updateOldNew: [
    'CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT)',
    'CREATE TABLE log(x)',
    "CREATE TRIGGER bu BEFORE UPDATE ON t BEGIN INSERT INTO log VALUES ('before ' || old.id || ':' || old.a || '->' || new.id || ':' || new.a); END",
    "CREATE TRIGGER au AFTER UPDATE ON t BEGIN INSERT INTO log VALUES ('after ' || old.a || '->' || new.a || ' ' || typeof(new.a)); END",
    "CREATE TRIGGER ub AFTER UPDATE OF b ON t BEGIN INSERT INTO log VALUES ('b ' || quote(old.b) || '->' || quote(new.b)); END",
    "INSERT INTO t VALUES (1, 10, 'x'), (2, 20, 'y'), (3, 30, 'z')",
    "UPDATE t SET a = a + '1' WHERE id >= 2",
    "UPDATE t SET b = upper(b), id = id + 10 WHERE id = 1",
    'UPDATE t SET a = 0',
    'SELECT * FROM t ORDER BY id',
    'SELECT * FROM log ORDER BY rowid',
    'SELECT changes(), last_insert_rowid()',
  ],
  deleteAndWhen: [
    'CREATE TABLE t(k TEXT PRIMARY KEY, n INT)',
    'CREATE TABLE log(x, y)',
    "CREATE TRIGGER bd BEFORE DELETE ON t WHEN old.n > 1 BEGIN INSERT INTO log VALUES ('bd', old.k); END",
    "CREATE TRIGGER ad AFTER DELETE ON t BEGIN INSERT INTO log SELECT 'ad', count(*) FROM t; END",
    "INSERT INTO t VALUES ('a', 1), ('b', 2), ('c', 3)",
    "DELETE FROM t WHERE k <> 'b'",
    'DELETE FROM t',
    'SELECT * FROM log ORDER BY rowid',
    'SELECT changes(), total_changes()',
  ],
  cascadeAndRecursionOff: [
    'CREATE TABLE a(x)',
    'CREATE TABLE b(y)',
    'CREATE TABLE c(z)',
    'CREATE TRIGGER ta AFTER INSERT ON a BEGIN INSERT INTO b VALUES (new.x * 2); INSERT INTO a VALUES (new.x + 100); END',
    'CREATE TRIGGER tb AFTER INSERT ON b BEGIN INSERT INTO c VALUES (new.y + 1); INSERT INTO a VALUES (-new.y); END',
    'INSERT INTO a VALUES (1)',
    'SELECT rowid, * FROM a ORDER BY rowid',
    'SELECT * FROM b',
    'SELECT * FROM c',
    'SELECT changes(), last_insert_rowid()',
  ],
  raise: [
    'CREATE TABLE t(a INT, b)',
    'CREATE TABLE log(x)',
    "CREATE TRIGGER chk BEFORE INSERT ON t BEGIN SELECT RAISE(ABORT, 'negative a') WHERE new.a < 0; END",
    "CREATE TRIGGER ign BEFORE INSERT ON t WHEN new.a = 0 BEGIN INSERT INTO log VALUES ('ignored ' || new.b); SELECT RAISE(IGNORE); END",
    "CREATE TRIGGER aft AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('after ' || new.a); SELECT RAISE(IGNORE) WHERE new.a = 5; INSERT INTO log VALUES ('not for 5'); END",
    "INSERT INTO t VALUES (1, 'x'), (0, 'y'), (2, 'z'), (5, 'w')",
    "INSERT INTO t VALUES (-1, 'bad')",
    "INSERT INTO t VALUES (3, 'ok'), (-3, 'bad')",
    "CREATE TRIGGER nodel BEFORE DELETE ON t WHEN old.a = 2 BEGIN SELECT RAISE(FAIL, 'keep 2'); END",
    'DELETE FROM t WHERE a = 1',
    'DELETE FROM t WHERE a = 2',
    "CREATE TRIGGER noup BEFORE UPDATE ON t BEGIN SELECT CASE WHEN new.a > 100 THEN RAISE(ROLLBACK, 'too big') END; END",
    'UPDATE t SET a = a * 10',
    'UPDATE t SET a = a * 100',
    'SELECT rowid, * FROM t ORDER BY rowid',
    'SELECT * FROM log ORDER BY rowid',
  ],
  insteadOfView: [
    'CREATE TABLE t(id INTEGER PRIMARY KEY, a, b)',
    'CREATE TABLE log(x)',
    'CREATE VIEW v AS SELECT id, a, b, a + b AS s FROM t',
    'CREATE TRIGGER vi INSTEAD OF INSERT ON v BEGIN INSERT INTO t(a, b) VALUES (new.a, coalesce(new.b, new.s)); END',
    'CREATE TRIGGER vu INSTEAD OF UPDATE ON v BEGIN UPDATE t SET a = new.a, b = new.b WHERE id = old.id; INSERT INTO log VALUES (old.s || \'->\' || new.s); END',
    "CREATE TRIGGER vd INSTEAD OF DELETE ON v BEGIN DELETE FROM t WHERE id = old.id; INSERT INTO log VALUES ('del ' || old.id); END",
    'INSERT INTO v(a, b) VALUES (1, 2), (3, 4)',
    'INSERT INTO v(a, s) VALUES (5, 6)',
    'INSERT INTO v SELECT NULL, a * 10, b, NULL FROM t',
    'UPDATE v SET a = a + 100 WHERE s > 5',
    'DELETE FROM v WHERE a > 100',
    'SELECT * FROM v ORDER BY id',
    'SELECT * FROM log ORDER BY rowid',
    'SELECT changes(), last_insert_rowid()',
    'UPDATE v SET s = 1',
    'CREATE VIEW w AS SELECT 1 AS one',
    'INSERT INTO w VALUES (2)',
  ],
  upsertAndConflictOverride: [
    'CREATE TABLE u(k INTEGER PRIMARY KEY, v)',
    'CREATE TABLE ul(x UNIQUE)',
    "CREATE TRIGGER uu AFTER UPDATE ON u BEGIN INSERT INTO ul VALUES ('upd ' || old.v || '->' || new.v); END",
    "CREATE TRIGGER ub BEFORE UPDATE OF v ON u BEGIN INSERT INTO ul VALUES ('before ' || new.v); END",
    "CREATE TRIGGER ui AFTER INSERT ON u BEGIN INSERT INTO ul VALUES ('ins ' || new.v); END",
    "INSERT INTO u VALUES (1, 'a') ON CONFLICT(k) DO UPDATE SET v = excluded.v",
    "INSERT INTO u VALUES (1, 'b') ON CONFLICT(k) DO UPDATE SET v = excluded.v",
    "INSERT INTO u VALUES (1, 'c') ON CONFLICT(k) DO UPDATE SET k = 5",
    "INSERT INTO u VALUES (2, 'a')",
    "INSERT OR IGNORE INTO u VALUES (3, 'a')",
    "INSERT OR REPLACE INTO u VALUES (4, 'a')",
    "UPDATE OR IGNORE u SET v = 'b'",
    'SELECT * FROM u ORDER BY k',
    'SELECT * FROM ul ORDER BY rowid',
    'SELECT changes(), total_changes(), last_insert_rowid()',
  ],
  returningAndSameTable: [
    'CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, n INT DEFAULT 0)',
    'CREATE TABLE log(x)',
    'CREATE TRIGGER bump AFTER INSERT ON t BEGIN UPDATE t SET n = n + 1 WHERE a = new.a; END',
    "CREATE TRIGGER bd BEFORE DELETE ON t BEGIN DELETE FROM t WHERE id = old.id + 1; INSERT INTO log VALUES ('bd ' || old.id); END",
    'INSERT INTO t(a) VALUES (1), (1), (2) RETURNING id, a, n',
    'UPDATE t SET a = a * 10 RETURNING *',
    'DELETE FROM t WHERE id IN (1, 2) RETURNING id',
    'SELECT * FROM t ORDER BY id',
    'SELECT * FROM log ORDER BY rowid',
    'SELECT changes(), total_changes(), last_insert_rowid()',
  ],
  lastInsertRowid: [
    'CREATE TABLE t(a)',
    'CREATE TABLE log(x, y)',
    'CREATE TABLE log2(x)',
    "CREATE TRIGGER li AFTER INSERT ON t BEGIN INSERT INTO log VALUES ('first', last_insert_rowid()); INSERT INTO log VALUES ('second', last_insert_rowid()); INSERT INTO log2 VALUES (last_insert_rowid()); END",
    "CREATE TRIGGER l2 AFTER INSERT ON log2 BEGIN INSERT INTO log VALUES ('nested', last_insert_rowid()); END",
    "CREATE TRIGGER bi BEFORE INSERT ON t WHEN last_insert_rowid() > 0 BEGIN INSERT INTO log VALUES ('before', last_insert_rowid()); END",
    'INSERT INTO t VALUES (5)',
    'INSERT INTO t VALUES (6), (7)',
    'SELECT * FROM log ORDER BY rowid',
    'SELECT last_insert_rowid()',
  ],
  raiseFailAndRollback: [
    'CREATE TABLE t(a)',
    'CREATE TABLE log(x)',
    "CREATE TRIGGER r BEFORE INSERT ON t WHEN new.a < 0 BEGIN SELECT RAISE(ROLLBACK, 'rb'); END",
    "CREATE TRIGGER f BEFORE INSERT ON t WHEN new.a = 99 BEGIN SELECT RAISE(FAIL, 'fl'); END",
    'CREATE TRIGGER l AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.a); END',
    'BEGIN',
    'INSERT INTO t VALUES (1)',
    'INSERT INTO t VALUES (-1)',
    'INSERT INTO t VALUES (2)',
    'COMMIT',
    'INSERT INTO t VALUES (3), (99), (4)',
    'BEGIN',
    'INSERT INTO t VALUES (5), (99), (6)',
    'INSERT INTO t VALUES (7), (-7)',
    'COMMIT',
    'BEGIN',
    'INSERT INTO t VALUES (8), (99)',
    'COMMIT',
    'SELECT * FROM t',
    'SELECT * FROM log',
  ],
  raiseExpression: [
    'CREATE TABLE t(a, b)',
    "CREATE TRIGGER tr BEFORE INSERT ON t BEGIN SELECT RAISE(ABORT, 'bad ' || new.a || printf(' (%d)', new.b)) WHERE new.a < 0; END",
    "CREATE TRIGGER tr2 BEFORE DELETE ON t BEGIN SELECT RAISE(FAIL, old.b) WHERE old.a = 1; END",
    'INSERT INTO t VALUES (1, 2), (-1, 5)',
    'INSERT INTO t VALUES (1, 2), (2, 3)',
    'DELETE FROM t WHERE a = 1',
    'SELECT * FROM t',
  ],
  errors: [
    'CREATE TABLE t(a)',
    'CREATE TABLE log(x)',
    'CREATE TRIGGER bad AFTER DELETE ON t BEGIN INSERT INTO log VALUES (new.a); END',
    'INSERT INTO t VALUES (1)',
    'DELETE FROM t',
    'DROP TRIGGER bad',
    'CREATE TRIGGER bad2 AFTER INSERT ON t BEGIN INSERT INTO log VALUES (new.nope); END',
    'INSERT INTO t VALUES (2)',
    'DROP TRIGGER bad2',
    'CREATE TRIGGER bad3 AFTER INSERT ON t BEGIN INSERT INTO nosuch VALUES (1); END',
    'INSERT INTO t VALUES (3)',
    'DROP TRIGGER bad3',
    'CREATE TRIGGER unq AFTER INSERT ON t BEGIN INSERT INTO log VALUES (a); END',
    'INSERT INTO t VALUES (4)',
    'SELECT * FROM t',
  ],
};

describe('triggers as SQLite', () => {
  for (const [name, script] of Object.entries(CASES)) {
    it(name, () => {
      const { mine, theirs } = runScript(dir, name, script);
      expect(mine).toEqual(theirs);
    });
  }
  it('leaves trigger bodies out of EXPLAIN QUERY PLAN, as SQLite', () => {
    const setup = 'CREATE TABLE t(a); CREATE TABLE log(x); CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log SELECT a FROM t WHERE a = new.a; END;';
    const mine = new Database(':memory:');
    const ref = new BetterSqlite3(':memory:');
    mine.exec(setup);
    ref.exec(setup);
    for (const sql of ['EXPLAIN QUERY PLAN INSERT INTO t VALUES (1)', 'EXPLAIN QUERY PLAN DELETE FROM t WHERE a = 1']) {
      const details = (db: { prepare(s: string): { raw(on: boolean): { all(): unknown[] } } }): unknown[] => db.prepare(sql).raw(true).all().map((r) => (r as unknown[])[3]);
      expect(details(mine as never)).toEqual(details(ref));
    }
    mine.close();
    ref.close();
  });
});
