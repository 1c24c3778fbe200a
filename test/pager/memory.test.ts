/**
 * In-memory databases (pager.ts invariant 11: no WAL, the page cache is the database and never
 * evicts): the same statements run on Strata's ':memory:' and better-sqlite3's, with
 * transactions, rollbacks and savepoints, under cache sizes far below the database's, must give
 * the same rows after every step; the database's bytes (Database.serialize) must be a file SQLite
 * reads as valid (integrity_check ok) with the same rows, and equal SQLite's own in-memory
 * database's bytes (header included: versions 1, no change counter, as SQLite's MEMDB).
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database as Strata } from '../../src/api/index.js';
import { MemoryIO, runSync } from '../../src/io/index.js';
import { Pager } from '../../src/pager/pager.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The MemoryIO and path behind a Strata ':memory:' database (test-only look inside). */
function memoryFile(db: Strata): { io: MemoryIO; path: string } {
  const plan = (db as unknown as { conn: { plan: { io: MemoryIO; path: string } } }).conn.plan;
  return { io: plan.io, path: plan.path };
}

type Op =
  | { k: 'insert'; rows: [number, string][]; end: 'commit' | 'rollback' | 'auto' }
  | { k: 'delete'; m: number; r: number }
  | { k: 'update'; m: number; s: string }
  | { k: 'savepoint'; rows: [number, string][]; undo: boolean }
  | { k: 'index' };

const rowsArb = fc.array(fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.string({ maxLength: 300 })), { minLength: 1, maxLength: 40 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ k: fc.constant('insert' as const), rows: rowsArb, end: fc.constantFrom('commit' as const, 'rollback' as const, 'auto' as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('delete' as const), m: fc.integer({ min: 2, max: 5 }), r: fc.integer({ min: 0, max: 1 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('update' as const), m: fc.integer({ min: 2, max: 5 }), s: fc.string({ maxLength: 600 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('savepoint' as const), rows: rowsArb, undo: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ k: 'index' as const }) },
);

interface Db {
  exec(sql: string): unknown;
  prepare(sql: string): { run(...a: unknown[]): unknown; raw(b: boolean): { all(...a: unknown[]): unknown[][] } };
}

/** Runs `op` on `db`; index names are numbered by `n` (the same on both sides). */
function apply(db: Db, op: Op, n: number): void {
  const ins = (rows: [number, string][]) => {
    const st = db.prepare('INSERT INTO t(a, b) VALUES (?, ?)');
    for (const [a, b] of rows) st.run(a, b);
  };
  switch (op.k) {
    case 'insert':
      if (op.end === 'auto') ins(op.rows);
      else {
        db.exec('BEGIN');
        ins(op.rows);
        db.exec(op.end === 'commit' ? 'COMMIT' : 'ROLLBACK');
      }
      return;
    case 'delete':
      db.exec(`DELETE FROM t WHERE id % ${op.m} = ${op.r}`);
      return;
    case 'update':
      db.prepare(`UPDATE t SET b = ? WHERE id % ${op.m} = 0`).run(op.s);
      return;
    case 'savepoint':
      db.exec('BEGIN; INSERT INTO t(a, b) VALUES (0, \'before\'); SAVEPOINT s');
      ins(op.rows);
      db.exec(op.undo ? 'ROLLBACK TO s; RELEASE s; COMMIT' : 'RELEASE s; COMMIT');
      return;
    case 'index':
      db.exec(`CREATE INDEX i${n} ON t(a, b)`);
      return;
  }
}

const SELECT_ALL = 'SELECT id, a, b FROM t ORDER BY id';

/** The first offset where `a` and `b` differ (a length difference at the shorter one's end), or −1. */
function firstDiff(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

describe(':memory: databases (no WAL)', () => {
  it('give the rows better-sqlite3 gives, and the bytes of its in-memory database', () => {
    let run = 0;
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 12 }), fc.constantFrom(10, 2000), (ops, cachePages) => {
        const mine = new Strata(':memory:');
        const theirs = new Database(':memory:');
        try {
          mine.exec(`PRAGMA cache_size = ${cachePages}`);
          for (const db of [mine, theirs] as Db[]) db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT)');
          ops.forEach((op, i) => {
            apply(mine as unknown as Db, op, i);
            apply(theirs as unknown as Db, op, i);
            expect(mine.prepare(SELECT_ALL).raw(true).all()).toEqual(theirs.prepare(SELECT_ALL).raw(true).all());
          });
          expect(mine.prepare('PRAGMA wal_checkpoint').raw(true).all()).toEqual(theirs.prepare('PRAGMA wal_checkpoint').raw(true).all());
          expect(mine.prepare('PRAGMA integrity_check').raw(true).all()).toEqual([['ok']]);
          const { io, path } = memoryFile(mine);
          expect(io.exists(`${path}-wal`)).toBe(false);
          const file = join(dir, `m${run++}.db`);
          const image = mine.serialize();
          expect(image.length).toBe((mine.pragma('page_count', { simple: true }) as number) * (mine.pragma('page_size', { simple: true }) as number));
          writeFileSync(file, image);
          // SQLite's in-memory database after the same statements: the same bytes.
          const diff = firstDiff(image, theirs.serialize());
          expect(diff).toBe(-1);
          const back = new Database(file, { readonly: true });
          try {
            expect(back.prepare('PRAGMA integrity_check').raw(true).all()).toEqual([['ok']]);
            expect(back.prepare(SELECT_ALL).raw(true).all()).toEqual(theirs.prepare(SELECT_ALL).raw(true).all());
          } finally {
            back.close();
          }
        } finally {
          mine.close();
          theirs.close();
        }
      }),
      { numRuns: 40, seed: 3 },
    );
  });

  it('a commit that shrinks the database cuts the file to the new size', () => {
    const io = new MemoryIO();
    const p = Pager.open(io, ':memory:x', { readonly: false, memory: true });
    runSync(() => p.beginWrite());
    for (let i = 0; i < 5; i++) p.appendPage();
    runSync(() => p.commit());
    expect(io.get(':memory:x')!.length).toBe(6 * p.pageSize);
    runSync(() => p.beginWrite());
    p.truncate(2);
    runSync(() => p.commit());
    expect(io.get(':memory:x')!.length).toBe(2 * p.pageSize);
    runSync(() => p.beginRead());
    expect(p.pageCount).toBe(2);
    expect(io.exists(':memory:x-wal')).toBe(false);
    p.close();
  });
});
