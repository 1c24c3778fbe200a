/**
 * CREATE [UNIQUE] INDEX over existing rows (ddl.ts fillIndex: the sorter, then SorterData +
 * IdxInsert run as one hot step, hot-ops.ts sorterDataIdxInsert, over the flat sorter sorted by
 * memory-cursor.ts countingSortFlat when the first key field is a small-range INTEGER) against
 * better-sqlite3: random rows with duplicates, NULLs, TEXTs in mixed case, REALs and INTEGERs in
 * one column, indexes ASC/DESC, COLLATE NOCASE, several columns, UNIQUE. Both engines build the
 * same script on files; SQLite's integrity_check is ok on Strata's file, the index read in b-tree
 * order by SQLite (INDEXED BY) is the same on both files, a UNIQUE index fails on both or on
 * neither, and an ORDER BY through Strata equals better-sqlite3's. Half the scripts have 256 rows or
 * more whose column a is a never-NULL INTEGER of a small range (the counting sort's case).
 *
 * The fill loop also runs through connect() over delayed, shuffled I/O with a 10-page cache: the
 * index's leaves leave the cache while it is built, so inserts in the middle of the loop wait on I/O
 * and run again; the index must come out as SQLite builds it.
 *
 * `npm test` runs a seeded sample (STRATA_CREATEINDEX_RUNS, default 30; STRATA_CREATEINDEX_SEED).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, Database } from '../../../src/api/index.js';
import { DelayedIO } from '../../../src/io/delayed.js';
import { parseStatement } from '../../../src/engine/parser/index.js';
import { translate } from '../../../src/engine/translate/index.js';
import { buildSchema } from '../../../src/engine/schema/build.js';
import { hotCodes, SORTER_DATA_IDX_INSERT, SORTER_SCAN } from '../../../src/engine/vdbe/hot-codes.js';
import { NodeSyncIO } from '../../../src/io/node-sync.js';

const RUNS = Number(process.env.STRATA_CREATEINDEX_RUNS ?? 30);
const SEED = Number(process.env.STRATA_CREATEINDEX_SEED ?? 20261126);
const dir = mkdtempSync(join(tmpdir(), 'strata-createindex-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TABLES = ['CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT, c REAL, d)', 'CREATE TABLE t(id INT, a INT, b TEXT, c REAL, d)'];
/** Index column lists (the indexed expressions as SQL) and the ORDER BY that reads in their order. */
const INDEXES: readonly (readonly [string, string])[] = [
  ['a', 'a, rowid'],
  ['a DESC', 'a DESC, rowid'],
  ['b COLLATE NOCASE', 'b COLLATE NOCASE, rowid'],
  ['b COLLATE NOCASE DESC', 'b COLLATE NOCASE DESC, rowid'],
  ['c', 'c, rowid'],
  ['d', 'd, rowid'],
  ['d DESC, a', 'd DESC, a, rowid'],
  ['a, b', 'a, b, rowid'],
  ['id', 'id, rowid'],
];

const value = (domain: number): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant('NULL') },
    { weight: 4, arbitrary: fc.integer({ min: -domain, max: domain }).map(String) },
    { weight: 2, arbitrary: fc.integer({ min: -domain, max: domain }).map((n) => `${n / 4}`) },
    { weight: 2, arbitrary: fc.constantFrom("'abc'", "'ABC'", "'Abd'", "'x'", "'X'", "''", "'10'", "'ß'") },
    { weight: 1, arbitrary: fc.constantFrom('9007199254740993', '-9223372036854775808', "x'00ff'", '1e300') },
  );
/** A row's values after the id; `dense`: column a never NULL and within ±domain/16 (the counting sort's keys). */
const row = (domain: number, dense: boolean): fc.Arbitrary<string> =>
  fc
    .tuple(
      dense ? fc.integer({ min: -(domain >> 4), max: domain >> 4 }) : fc.oneof(fc.integer({ min: -domain, max: domain }), fc.constant(null)),
      fc.constantFrom("'abc'", "'ABC'", "'Abd'", "'x'", 'NULL', "'zz'", "'Zz'"),
      value(domain),
      value(domain),
    )
    .map(([a, b, c, d]) => `${a === null ? 'NULL' : a}, ${b}, ${c}, ${d}`);
const script = fc.record({
  table: fc.constantFrom(...TABLES),
  rows: fc
    .tuple(fc.integer({ min: 1, max: 5000 }), fc.boolean())
    .chain(([domain, dense]) => fc.array(row(domain, dense), { minLength: dense ? 256 : 0, maxLength: 700 })),
  index: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(INDEXES[0], INDEXES[1]) }, { weight: 3, arbitrary: fc.constantFrom(...INDEXES) }),
  unique: fc.boolean(),
});

/** Runs the script on `db`; the CREATE INDEX error message, or null. */
function build(db: { exec(sql: string): unknown }, s: { table: string; rows: string[]; unique: boolean; index: readonly [string, string] }): string | null {
  db.exec(s.table);
  db.exec('BEGIN');
  s.rows.forEach((r, i) => db.exec(`INSERT INTO t VALUES (${i * 3 + 1}, ${r})`));
  db.exec('COMMIT');
  try {
    db.exec(`CREATE ${s.unique ? 'UNIQUE ' : ''}INDEX i ON t(${s.index[0]})`);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('CREATE INDEX over existing rows as SQLite', () => {
  it('builds the same index, valid for SQLite', () => {
    let n = 0;
    fc.assert(
      fc.property(script, (s) => {
        n++;
        const pathS = join(dir, `s${n}.db`);
        const pathB = join(dir, `b${n}.db`);
        const strata = new Database(pathS);
        const better = new BetterSqlite3(pathB);
        const errS = build(strata, s);
        const errB = build(better, s);
        expect(errS === null).toBe(errB === null);
        if (errB !== null) expect(errS).toContain('UNIQUE constraint failed');
        const order = `SELECT id, a, b, c, d FROM t ORDER BY ${s.index[1]}`;
        expect(strata.prepare(order).raw(true).all()).toEqual(better.prepare(order).raw(true).all());
        strata.close();
        better.close();
        const check = new BetterSqlite3(pathS, { readonly: true });
        const ref = new BetterSqlite3(pathB, { readonly: true });
        try {
          expect(check.prepare('PRAGMA integrity_check').pluck().all()).toEqual(['ok']);
          if (errB === null) {
            const cols = s.index[0].replace(/ COLLATE NOCASE| DESC/g, '');
            const scan = `SELECT ${cols}, rowid FROM t INDEXED BY i`;
            expect(check.prepare(scan).raw(true).all()).toEqual(ref.prepare(scan).raw(true).all());
          } else {
            expect(check.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'i'").pluck().get()).toBe(0);
          }
        } finally {
          check.close();
          ref.close();
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 120_000);
});

describe('CREATE INDEX through connect() over delayed I/O', () => {
  it.each([1, 2])('seed %i', async (seed) => {
    const rows = 4000;
    const script = [
      'CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT)',
      `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${rows}) INSERT INTO t SELECT i, (i * 7919) % ${rows}, substr('${'xyz'.repeat(30)}', 1, 20 + i % 50) || i FROM s`,
      // Free pages for the index to take: an allocation from the freelist reads its trunk page.
      'CREATE TABLE u AS SELECT * FROM t',
      'DROP TABLE u',
      'CREATE INDEX t_a ON t(a)',
      'CREATE INDEX t_ab ON t(a DESC, b)',
      // Rows of a few bytes: hundreds on a leaf, more than the scan loop runs per call (256).
      'CREATE TABLE u(a INT)',
      `WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${rows}) INSERT INTO u SELECT (i * 31) % 97 FROM s`,
      'CREATE INDEX u_a ON u(a)',
    ];
    const mine = join(dir, `async${seed}-strata.db`);
    const theirs = join(dir, `async${seed}-sqlite.db`);
    const io = new DelayedIO(new NodeSyncIO(), seed);
    const db = await connect(mine, { io });
    await db.exec('PRAGMA cache_size = 10');
    for (const sql of script) await db.exec(sql);
    await db.close();
    const ref = new BetterSqlite3(theirs);
    for (const sql of script) ref.exec(sql);
    ref.close();
    expect(io.delayed).toBeGreaterThan(0);
    const check = new BetterSqlite3(mine, { readonly: true });
    const other = new BetterSqlite3(theirs, { readonly: true });
    try {
      expect(check.prepare('PRAGMA integrity_check').pluck().all()).toEqual(['ok']);
      for (const scan of ['SELECT a, rowid FROM t INDEXED BY t_a', 'SELECT a, b, rowid FROM t INDEXED BY t_ab', 'SELECT a, rowid FROM u INDEXED BY u_a']) {
        expect(check.prepare(scan).raw(true).all()).toEqual(other.prepare(scan).raw(true).all());
      }
    } finally {
      check.close();
      other.close();
    }
  }, 60_000);
});

describe('CREATE INDEX runs its two loops as one step each', () => {
  it('the scan into the sorter carries SORTER_SCAN, the fill SORTER_DATA_IDX_INSERT, unless the shape differs', () => {
    const schema = buildSchema([{ rowid: 1, type: 'table', name: 't', tblName: 't', rootpage: 2, sql: 'CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT, c REAL, d AS (a + 1))' }], 1);
    const codes = (sql: string): number[] => [...hotCodes(translate(parseStatement(sql), schema))];
    // A REAL column is read without RealAffinity (the key keeps the row's serial types, as SQLite's).
    for (const sql of ['CREATE INDEX i ON t(a)', 'CREATE INDEX i ON t(a DESC, b)', 'CREATE INDEX i ON t(c)']) {
      expect(codes(sql).filter((c) => c === SORTER_SCAN).length, sql).toBe(1);
      expect(codes(sql).filter((c) => c === SORTER_DATA_IDX_INSERT).length, sql).toBe(1);
    }
    // A generated column's expression, a second Rowid (the INTEGER PRIMARY KEY indexed) sit inside
    // the loop: one by one.
    for (const sql of ['CREATE INDEX i ON t(d)', 'CREATE INDEX i ON t(id)']) expect(codes(sql).filter((c) => c === SORTER_SCAN).length, sql).toBe(0);
  });
});
