/**
 * The fast read path against better-sqlite3 (SQLite 3.53) as oracle:
 * - Column through the parsed record header (record-view.ts): every storage class, payloads that
 *   spill to overflow pages (512-byte pages), records shorter than the table after ALTER TABLE ADD
 *   COLUMN (SQLite's column defaults), index cursors (IdxRowid, covering reads);
 * - cursors that copy their record out before a b-tree write (detach): UPDATE, UPDATE OR REPLACE,
 *   DELETE and INSERT … SELECT reading and writing the same table;
 * - the sorter's counting sort for GROUP BY on dense integer keys (ASC and DESC, negative keys, and
 *   the fallbacks: wide spans, mixed types), over its flat record layout (memory-cursor.ts): GROUP BY,
 *   DISTINCT and window partitions over many rows, CREATE [UNIQUE] INDEX through the sorter.
 * Seeded fast-check over generated rows; every query is checked row for row.
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-read-path-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

type Cell = number | bigint | string | Buffer | null;

const cell: fc.Arbitrary<Cell> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -200, max: 200 }),
  fc.integer(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', minLength: 100, maxLength: 900 }),
  fc.uint8Array({ maxLength: 1500 }).map((b) => Buffer.from(b)),
);

const row = fc.tuple(cell, cell, cell);

/** Runs `sql` on both engines and expects the same rows (raw, exact integers). */
function same(bs: BetterSqlite3.Database, st: Database, sql: string): void {
  const want = bs.prepare(sql).raw(true).safeIntegers(true).all();
  const got = st.prepare(sql).raw(true).safeIntegers(true).all();
  expect(got, sql).toEqual(want);
}

/** A file written by SQLite: 512-byte pages, rows before and after two ADD COLUMNs, an index. */
function build(rows: Cell[][], later: Cell[][]): string {
  const file = join(dir, `db${fileNo++}.db`);
  const db = new BetterSqlite3(file);
  db.pragma('page_size = 512');
  db.exec('CREATE TABLE t(a, b, c)');
  const ins = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
  db.transaction(() => rows.forEach((r) => ins.run(...r)))();
  db.exec("ALTER TABLE t ADD COLUMN d DEFAULT 7; ALTER TABLE t ADD COLUMN e DEFAULT 'dflt'; ALTER TABLE t ADD COLUMN f");
  const ins2 = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => later.forEach((r) => ins2.run(...r, r[0], r[2], r[1])))();
  db.exec('CREATE INDEX t_b ON t(b)');
  db.close();
  return file;
}

describe('Column through the parsed record header', () => {
  it('reads every column as SQLite does (overflow, short records, index cursors)', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 40 }), fc.array(row, { maxLength: 20 }), (rows, later) => {
        const file = build(rows, later);
        const bs = new BetterSqlite3(file, { readonly: true });
        const st = new Database(file, { readonly: true });
        try {
          for (const sql of [
            'SELECT rowid, * FROM t',
            'SELECT e, a, f, d FROM t',
            'SELECT c FROM t WHERE rowid % 2 = 0',
            'SELECT b, rowid FROM t ORDER BY b, rowid',
            'SELECT rowid, b FROM t WHERE b > 0 ORDER BY b, rowid',
            "SELECT rowid, e FROM t WHERE b >= '' ORDER BY b, rowid",
            'SELECT count(*), count(a), typeof(c), length(c) FROM t GROUP BY typeof(c), length(c) ORDER BY 3, 4',
          ])
            same(bs, st, sql);
        } finally {
          bs.close();
          st.close();
        }
      }),
      { seed: 5101, numRuns: 12 },
    );
  });
});

describe('cursors around writes (detach)', () => {
  it('UPDATE, UPDATE OR REPLACE, DELETE and INSERT … SELECT on the table being read', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: -50, max: 50 }), fc.string({ maxLength: 30 })), { minLength: 1, maxLength: 60 }), (rows) => {
        const bs = new BetterSqlite3(':memory:');
        const st = new Database(':memory:');
        for (const db of [bs, st]) {
          db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a, b TEXT, c)');
          db.exec('CREATE UNIQUE INDEX t_c ON t(c)');
          const ins = db.prepare('INSERT INTO t(a, b) VALUES (?, ?)');
          for (const [a, b] of rows) ins.run(a, b);
          db.exec("UPDATE t SET b = b || hex(zeroblob(150)), a = a + id WHERE id % 3 = 0");
          db.exec('UPDATE OR REPLACE t SET c = a % 7 WHERE a > 0');
          db.exec('DELETE FROM t WHERE length(b) > 100 AND a % 2 = 0');
          db.exec('INSERT INTO t(a, b) SELECT a * 2, substr(b, 1, 5) FROM t WHERE id % 2 = 1');
        }
        try {
          same(bs, st, 'SELECT * FROM t ORDER BY id');
        } finally {
          bs.close();
          st.close();
        }
      }),
      { seed: 5102, numRuns: 15 },
    );
  });
});

describe('GROUP BY sorter', () => {
  it('orders groups as SQLite for dense and sparse integer keys, ASC and DESC', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: -300, max: 300 }), fc.integer(), fc.string({ maxLength: 2 }), fc.constant(null)), { minLength: 200, maxLength: 700 }), fc.integer({ min: 1, max: 120 }), (vals, k) => {
        const bs = new BetterSqlite3(':memory:');
        const st = new Database(':memory:');
        for (const db of [bs, st]) {
          db.exec('CREATE TABLE g(id INTEGER PRIMARY KEY, v)');
          const ins = db.prepare('INSERT INTO g(v) VALUES (?)');
          for (const v of vals) ins.run(v);
        }
        try {
          same(bs, st, `SELECT v % ${k}, count(*), sum(id) FROM g GROUP BY 1 ORDER BY 3 DESC, 1`);
          same(bs, st, `SELECT v % ${k}, count(*), min(id) FROM g GROUP BY 1`);
          same(bs, st, `SELECT id % ${k}, count(*), sum(id) FROM g GROUP BY 1 ORDER BY 1 DESC`);
          same(bs, st, 'SELECT v, count(*) FROM g GROUP BY v ORDER BY 2 DESC, 1');
        } finally {
          bs.close();
          st.close();
        }
      }),
      { seed: 5103, numRuns: 15 },
    );
  });
});

describe('flat sorter records', () => {
  it('GROUP BY, DISTINCT aggregates, window partitions and CREATE [UNIQUE] INDEX as SQLite', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(fc.integer({ min: -40, max: 400 }), fc.constant(null), fc.string({ maxLength: 2 })), fc.integer({ min: -5, max: 5 })), { minLength: 260, maxLength: 600 }), fc.boolean(), (rows, unique) => {
        const bs = new BetterSqlite3(':memory:');
        const st = new Database(':memory:');
        const outcome: string[] = [];
        for (const db of [bs, st]) {
          db.exec('CREATE TABLE g(id INTEGER PRIMARY KEY, v, w)');
          const ins = db.prepare('INSERT INTO g(v, w) VALUES (?, ?)');
          for (const [v, w] of rows) ins.run(v, w);
          try {
            db.exec(`CREATE ${unique ? 'UNIQUE ' : ''}INDEX g_w ON g(w, v)`);
            outcome.push('ok');
          } catch (e) {
            outcome.push(String((e as Error).message));
          }
        }
        try {
          expect(outcome[1]).toBe(outcome[0]);
          if (outcome[0] === 'ok') same(bs, st, 'SELECT w, v, id FROM g INDEXED BY g_w WHERE w >= -5 ORDER BY w, v, id');
          same(bs, st, 'SELECT id % 300, count(*), sum(w), max(v) FROM g GROUP BY 1 ORDER BY 2 DESC, 1');
          same(bs, st, 'SELECT w, count(DISTINCT v), sum(id), count(*) FROM g GROUP BY w ORDER BY w');
          same(bs, st, 'SELECT id, sum(w) OVER (PARTITION BY id % 270 ORDER BY id) FROM g ORDER BY id');
        } finally {
          bs.close();
          st.close();
        }
      }),
      { seed: 5104, numRuns: 8 },
    );
  });
});
