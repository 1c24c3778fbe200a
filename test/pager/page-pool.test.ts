/**
 * Reuse of replaced page buffers by an in-memory database (page-pool.ts, pager.ts invariant 12):
 * the pool's own rules, then whole databases whose commits feed it and whose writes take from it,
 * checked row for row against better-sqlite3 (the oracle) after every step, with SQLite's
 * integrity_check on the bytes Strata keeps; a statement iterating while writes commit, whose
 * pages must never be reused under it; and a closed database's pages feeding the next database
 * (the pool is the process's), whose bytes must still equal SQLite's in-memory database's.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Database as Strata } from '../../src/api/index.js';
import { PagePool, sharedPagePool, sharedPoolPages } from '../../src/pager/page-pool.js';
import type { Pager } from '../../src/pager/pager.js';

/** The pager behind a Strata database (test-only look inside). */
function pagerOf(db: Strata): Pager {
  return (db as unknown as { conn: { pager: Pager } }).conn.pager;
}

/** What these tests use of a Strata or better-sqlite3 database. */
interface Db {
  exec(sql: string): unknown;
  prepare(sql: string): { run(...a: unknown[]): unknown; raw(b: boolean): { all(...a: unknown[]): unknown[] } };
}

const rowsOf = (db: Db) => db.prepare('SELECT id, a, b FROM t ORDER BY id').raw(true).all();

/** Runs `fn` between BEGIN and COMMIT. */
function inTransaction(db: Db, fn: () => void): void {
  db.exec('BEGIN');
  fn();
  db.exec('COMMIT');
}

describe('PagePool', () => {
  it('keeps only whole buffers of its page size, at most maxPages, last given first taken', () => {
    const pool = new PagePool(512, 2);
    pool.give(new Uint8Array(256)); // another size
    pool.give(new Uint8Array(1024).subarray(0, 512)); // a view into a larger buffer
    pool.give(new Uint8Array(new ArrayBuffer(1024), 512, 512)); // a view at an offset
    expect(pool.size).toBe(0);
    const a = new Uint8Array(512);
    const b = new Uint8Array(512);
    const c = new Uint8Array(512);
    pool.give(a);
    pool.give(b);
    pool.give(c); // over maxPages: left to the collector
    expect(pool.size).toBe(2);
    expect(pool.take()).toBe(b);
    expect(pool.take()).toBe(a);
    expect(pool.take()).toBeUndefined();
  });
});

describe('in-memory databases reuse replaced pages', () => {
  it('a commit with no statement running feeds the pool, the next write transaction takes from it; rows equal SQLite\'s', () => {
    const s = new Strata(':memory:');
    const o = new Database(':memory:');
    for (const db of [s, o] as Db[]) {
      db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT); CREATE INDEX t_a ON t(a)');
      const ins = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
      inTransaction(db, () => {
        for (let i = 1; i <= 5000; i++) ins.run(i, (i * 7919) % 1000, `row ${i} `.padEnd(40, 'x'));
      });
    }
    const pager = pagerOf(s);
    const before = pager.pooledPages; // the schema's commits replaced page 1 and the roots only
    expect(before).toBeLessThan(10);
    for (const db of [s, o]) db.exec("UPDATE t SET b = b || 'y'");
    expect(pager.pooledPages).toBeGreaterThan(before + 50); // every table leaf was rewritten
    for (const db of [s, o]) db.exec('DELETE FROM t WHERE id % 3 = 0');
    // The DELETE's copies came from the pool; its commit gave back the pages it replaced.
    expect(rowsOf(s)).toEqual(rowsOf(o));
    expect(s.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    s.close();
    o.close();
  });

  it('seeded random write transactions (commit, rollback, savepoints) give SQLite\'s rows after each step', () => {
    type Op = { k: 'update'; m: number; pad: number } | { k: 'delete'; m: number } | { k: 'insert'; n: number; end: 'commit' | 'rollback' } | { k: 'savepoint'; m: number; undo: boolean };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ k: fc.constant('update' as const), m: fc.integer({ min: 1, max: 7 }), pad: fc.integer({ min: 0, max: 900 }) }),
      fc.record({ k: fc.constant('delete' as const), m: fc.integer({ min: 2, max: 9 }) }),
      fc.record({ k: fc.constant('insert' as const), n: fc.integer({ min: 1, max: 400 }), end: fc.constantFrom('commit' as const, 'rollback' as const) }),
      fc.record({ k: fc.constant('savepoint' as const), m: fc.integer({ min: 1, max: 5 }), undo: fc.boolean() }),
    );
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 12 }), (ops) => {
        const s = new Strata(':memory:');
        const o = new Database(':memory:');
        const both = (f: (db: Db) => void) => {
          f(s);
          f(o);
        };
        both((db) => {
          db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT); CREATE INDEX t_a ON t(a); CREATE INDEX t_b ON t(b)');
          const ins = db.prepare('INSERT INTO t(a, b) VALUES (?, ?)');
          inTransaction(db, () => {
            for (let i = 1; i <= 1500; i++) ins.run((i * 31) % 97, `v${i}`.padEnd(30, 'z'));
          });
        });
        for (const x of ops) {
          both((db) => {
            if (x.k === 'update') db.prepare('UPDATE t SET b = substr(b, 1, 20) || printf(\'%.*c\', ?, \'u\'), a = a + 1 WHERE id % ? = 0').run(x.pad, x.m);
            else if (x.k === 'delete') db.prepare('DELETE FROM t WHERE id % ? = 1').run(x.m);
            else if (x.k === 'insert') {
              db.exec('BEGIN');
              const ins = db.prepare("INSERT INTO t(a, b) VALUES (?, 'n' || ?)");
              for (let i = 0; i < x.n; i++) ins.run(i % 50, i);
              db.exec(x.end === 'commit' ? 'COMMIT' : 'ROLLBACK');
            } else {
              db.exec('BEGIN; SAVEPOINT p');
              db.prepare("UPDATE t SET b = b || 's' WHERE id % ? = 0").run(x.m);
              db.exec(x.undo ? 'ROLLBACK TO p; RELEASE p; COMMIT' : 'RELEASE p; COMMIT');
            }
          });
          expect(rowsOf(s)).toEqual(rowsOf(o));
        }
        expect(s.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
        s.close();
        o.close();
      }),
      { seed: 20261126, numRuns: 12 },
    );
  });

  it('a statement iterating while writes commit keeps reading its own pages: no page is reused under it', () => {
    const s = new Strata(':memory:');
    const o = new Database(':memory:');
    for (const db of [s, o] as Db[]) {
      db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT)');
      const ins = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
      inTransaction(db, () => {
        for (let i = 1; i <= 3000; i++) ins.run(i, i % 10, 'x'.repeat(60));
      });
    }
    // Fill the pool first, so that any reuse while the SELECT runs would find buffers to hand out.
    for (const db of [s, o]) db.exec("UPDATE t SET b = 'y' || substr(b, 2)");
    expect(pagerOf(s).pooledPages).toBeGreaterThan(0);
    const upd = s.prepare('UPDATE t SET b = ? WHERE id = ?');
    const far = s.prepare('UPDATE t SET a = a + 1 WHERE id > ?');
    const seen: number[] = [];
    s.exec('BEGIN');
    for (const row of s.prepare('SELECT id, b FROM t').iterate() as Iterable<{ id: number; b: string }>) {
      seen.push(row.id);
      // Every row reads as one of the values it ever held (never another page's bytes).
      expect(['y' + 'x'.repeat(59), 'z'.repeat(20)]).toContain(row.b);
      // The next row, most often on the leaf the SELECT stands on: the commit below replaces that
      // leaf's cached page, which the SELECT still reads.
      upd.run('z'.repeat(20), row.id + 1);
      if (row.id % 50 === 0) {
        // A commit inside the loop (the SELECT still runs), then an UPDATE that copies every leaf
        // further on: were the replaced pages reused, those copies would overwrite the SELECT's.
        s.exec('COMMIT; BEGIN');
        far.run(row.id + 100);
      }
    }
    s.exec('COMMIT');
    expect(seen).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1));
    // The same updates, one after the other, in SQLite.
    const oupd = o.prepare('UPDATE t SET b = ? WHERE id = ?');
    const ofar = o.prepare('UPDATE t SET a = a + 1 WHERE id > ?');
    for (let id = 1; id <= 3000; id++) {
      oupd.run('z'.repeat(20), id + 1);
      if (id % 50 === 0) ofar.run(id + 100);
    }
    expect(rowsOf(s)).toEqual(rowsOf(o));
    expect(s.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    s.close();
    o.close();
  });
});

describe('a closed in-memory database gives its pages to the next one', () => {
  it('close with no statement running feeds the process pool; the next database builds from it, byte for byte as SQLite', () => {
    const fill = (db: Db, n: number) =>
      inTransaction(db, () => {
        const ins = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
        for (let i = 1; i <= n; i++) ins.run(i, (i * 7919) % 1000, `row ${i} `.padEnd(40 + (i % 30), 'x'));
      });
    const a = new Strata(':memory:');
    a.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT); CREATE INDEX t_a ON t(a)');
    fill(a, 4000);
    const held = a.pragma('page_count', { simple: true }) as number;
    const pool = sharedPagePool(4096);
    const before = pool.size;
    a.close();
    const s = new Strata(':memory:');
    expect(pool.size).toBe(Math.min(before + held, sharedPoolPages(4096)));
    const o = new Database(':memory:');
    for (const db of [s, o] as Db[]) {
      db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT); CREATE INDEX t_a ON t(a)');
      fill(db, 3000);
    }
    // The new database's pages came from the pool (its new pages took buffers, not fresh memory).
    expect(pool.size).toBeLessThanOrEqual(Math.min(before + held, sharedPoolPages(4096)) - (s.pragma('page_count', { simple: true }) as number) + 2);
    for (const db of [s, o] as Db[]) db.exec('DELETE FROM t WHERE id % 4 = 0');
    expect(rowsOf(s)).toEqual(rowsOf(o));
    // Reused buffers carry nothing of the closed database: the bytes are SQLite's in-memory bytes.
    expect(Buffer.compare(s.serialize(), o.serialize())).toBe(0);
    s.close();
    o.close();
  });

  it('close while a statement runs throws TypeError as better-sqlite3 does, and gives nothing away', () => {
    const s = new Strata(':memory:');
    const o = new Database(':memory:');
    for (const db of [s, o] as Db[]) db.exec('CREATE TABLE t(a); INSERT INTO t VALUES (1), (2), (3)');
    const si = s.prepare('SELECT a FROM t').pluck().iterate() as Iterator<number>;
    const oi = o.prepare('SELECT a FROM t').pluck().iterate() as Iterator<number>;
    expect(si.next().value).toBe(oi.next().value);
    const pooled = pagerOf(s).pooledPages;
    let theirs: unknown = null;
    try {
      o.close();
    } catch (e) {
      theirs = e;
    }
    expect(theirs).toBeInstanceOf(TypeError);
    expect(() => s.close()).toThrow(new TypeError((theirs as TypeError).message));
    expect(pagerOf(s).pooledPages).toBe(pooled);
    // The statement goes on reading its pages; once it is done, close works.
    expect([si.next().value, si.next().value, si.next().done]).toEqual([oi.next().value, oi.next().value, oi.next().done]);
    s.close();
    o.close();
    expect(s.open).toBe(false);
  });
});
