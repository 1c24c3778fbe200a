/**
 * One set of API tests run against better-sqlite3 and against Strata's Database, unchanged: both
 * must pass (DESIGN.md: Database / Statement compatible with better-sqlite3).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/api/index.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Db = BetterSqlite3.Database;
let n = 0;
const engines: [string, (file: string) => Db][] = [
  ['better-sqlite3', (f) => new BetterSqlite3(f)],
  ['strata', (f) => new Database(f) as unknown as Db],
];

describe.each(engines)('Database API: %s', (_name, open) => {
  const fresh = (): Db => {
    const db = open(join(dir, `api-${++n}.db`));
    db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT UNIQUE, score REAL, data BLOB); INSERT INTO t VALUES (1, 'ann', 1.5, x'0102'), (2, 'bob', NULL, NULL), (3, 'cy', 3.0, x'')");
    return db;
  };

  it('get / all / iterate return objects keyed by column name', () => {
    const db = fresh();
    expect(db.prepare('SELECT id, name FROM t WHERE id = 2').get()).toEqual({ id: 2, name: 'bob' });
    expect(db.prepare('SELECT id FROM t WHERE id > 5').get()).toBeUndefined();
    expect(db.prepare('SELECT name FROM t ORDER BY id').all()).toEqual([{ name: 'ann' }, { name: 'bob' }, { name: 'cy' }]);
    expect([...db.prepare('SELECT id FROM t ORDER BY id DESC').iterate()]).toEqual([{ id: 3 }, { id: 2 }, { id: 1 }]);
    db.close();
  });

  it('raw, pluck, columns and value types', () => {
    const db = fresh();
    const st = db.prepare('SELECT id, score, data, name FROM t ORDER BY id');
    const rows = st.raw().all() as unknown[][];
    expect(rows[0]).toEqual([1, 1.5, Buffer.from([1, 2]), 'ann']);
    expect(Buffer.isBuffer(rows[0][2])).toBe(true);
    expect(rows[1]).toEqual([2, null, null, 'bob']);
    expect(db.prepare('SELECT name FROM t ORDER BY id').pluck().all()).toEqual(['ann', 'bob', 'cy']);
    expect(st.columns().map((c) => c.name)).toEqual(['id', 'score', 'data', 'name']);
    expect(db.prepare('SELECT 1 AS one, 2.5 AS x').reader).toBe(true);
    expect(db.prepare('SELECT id, name AS n, 1 FROM t').columns()).toEqual([
      { name: 'id', column: 'id', table: 't', database: 'main', type: 'INTEGER' },
      { name: 'n', column: 'name', table: 't', database: 'main', type: 'TEXT' },
      { name: '1', column: null, table: null, database: null, type: null },
    ]);
    db.close();
  });

  it('safeIntegers gives bigint INTEGERs, REALs stay numbers', () => {
    const db = fresh();
    expect(db.prepare('SELECT 9007199254740993 AS big, 1.0 AS r').safeIntegers().get()).toEqual({ big: 9007199254740993n, r: 1 });
    db.close();
  });

  it('binds positional and named parameters as better-sqlite3 does', () => {
    const db = fresh();
    expect(db.prepare('SELECT typeof(?), typeof(?), typeof(?), typeof(?), typeof(?)').raw().get(1, 2n, 'x', Buffer.from([1]), null)).toEqual(['real', 'integer', 'text', 'blob', 'null']);
    expect(db.prepare('SELECT name FROM t WHERE id = :id OR name = @n').pluck().all({ id: 1n, n: 'cy' })).toEqual(['ann', 'cy']);
    expect(db.prepare('SELECT ? + ?').pluck().get([1n, 2n])).toBe(3);
    expect(() => db.prepare('SELECT ?').get()).toThrow(RangeError);
    expect(() => db.prepare('SELECT ?').get(1, 2)).toThrow(RangeError);
    const bound = db.prepare('SELECT name FROM t WHERE id = ?').pluck().bind(3n);
    expect(bound.get()).toBe('cy');
    expect(() => bound.get(1n)).toThrow(TypeError);
    db.close();
  });

  it('run reports changes and lastInsertRowid', () => {
    const db = fresh();
    expect(db.prepare("INSERT INTO t(name) VALUES ('dee')").run()).toEqual({ changes: 1, lastInsertRowid: 4 });
    expect(db.prepare('UPDATE t SET score = 0 WHERE id < 3').run().changes).toBe(2);
    expect(db.prepare('DELETE FROM t WHERE id > 2').run().changes).toBe(2);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2);
    db.close();
  });

  it('errors carry better-sqlite3 codes', () => {
    const db = fresh();
    const code = (fn: () => unknown): unknown => {
      try {
        fn();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return 'no error';
    };
    expect(code(() => db.prepare("INSERT INTO t(name) VALUES ('ann')").run())).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect(code(() => db.prepare('INSERT INTO t(id) VALUES (1)').run())).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
    expect(code(() => db.prepare('SELEC 1'))).toBe('SQLITE_ERROR');
    expect(code(() => db.prepare('SELECT nope FROM t'))).toBe('SQLITE_ERROR');
    expect(() => db.prepare('SELECT 1; SELECT 2')).toThrow(RangeError);
    db.close();
  });

  it('transaction commits, and rolls back when the function throws', () => {
    const db = fresh();
    const add = db.transaction((name: string) => db.prepare('INSERT INTO t(name) VALUES (?)').run(name));
    add('eve');
    expect(db.prepare("SELECT count(*) FROM t WHERE name = 'eve'").pluck().get()).toBe(1);
    const bad = db.transaction(() => {
      db.prepare("INSERT INTO t(name) VALUES ('fay')").run();
      throw new Error('boom');
    });
    expect(() => bad()).toThrow('boom');
    expect(db.prepare("SELECT count(*) FROM t WHERE name = 'fay'").pluck().get()).toBe(0);
    expect(db.inTransaction).toBe(false);
    db.close();
  });

  it('a statement failing inside BEGIN leaves none of its rows behind', () => {
    const db = fresh();
    db.exec('BEGIN');
    expect(() => db.exec("INSERT INTO t(name) VALUES ('new1'), ('ann')")).toThrow(/UNIQUE/);
    if (db.inTransaction) db.exec('COMMIT');
    expect(db.prepare("SELECT count(*) FROM t WHERE name = 'new1'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(3);
    db.close();
  });

  it('pragma, exec and close', () => {
    const db = fresh();
    expect(db.pragma('page_size', { simple: true })).toBe(4096);
    expect((db.pragma('table_info(t)') as { name: string }[]).map((c) => c.name)).toEqual(['id', 'name', 'score', 'data']);
    db.exec('CREATE INDEX ts ON t(score); CREATE VIEW v AS SELECT name FROM t WHERE score > 1');
    expect(db.prepare('SELECT name FROM v ORDER BY name').pluck().all()).toEqual(['ann', 'cy']);
    expect(db.open).toBe(true);
    db.close();
    expect(db.open).toBe(false);
    expect(() => db.prepare('SELECT 1')).toThrow(TypeError);
  });

  it('a new, empty database (file or :memory:) has an empty sqlite_schema to read', () => {
    for (const db of [open(join(dir, `empty-${++n}.db`)), open(':memory:')]) {
      expect(db.prepare('SELECT count(*) AS n FROM sqlite_schema').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT * FROM sqlite_master').all()).toEqual([]);
      expect(db.prepare('SELECT name FROM sqlite_schema WHERE type = ?').pluck().all('table')).toEqual([]);
      db.exec('CREATE TABLE t(a)');
      expect(db.prepare('SELECT name FROM sqlite_schema').pluck().all()).toEqual(['t']);
      db.close();
    }
  });
});
