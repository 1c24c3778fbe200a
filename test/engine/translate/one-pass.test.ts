/**
 * One-pass DELETE and UPDATE (translate/one-pass.ts) and the in-place b-tree delete
 * (btree/write/delete-in-place.ts), against better-sqlite3:
 * - property: fast-check builds a table (with or without an INTEGER PRIMARY KEY, with none or some
 *   of three indexes, one of them UNIQUE), fills it with rows whose texts are short, page-sized or
 *   spilling to overflow pages, and runs DELETEs and UPDATEs whose WHERE reads the rowid (=, range,
 *   IN, modulo), an indexed or a plain column, or nothing; both engines must agree on every
 *   changes() and error and on the files (rows, integrity_check through better-sqlite3, which
 *   checks each index entry against its row);
 * - the loop's cursor after a delete: every row, every other row, every third row at each offset
 *   (rows sized so that a leaf holds two or three of them: the first, middle and last cell of
 *   leaves), rows with overflow chains;
 * - the async driver over delayed, shuffled I/O with a 10-page cache (pages missing in the middle of
 *   a one-pass loop, the in-place paths falling back): the file ends as better-sqlite3's;
 * - EXPLAIN: where SQLite writes in one pass (no ephemeral table), so does Strata.
 *
 * `npm test` runs a seeded sample (STRATA_ONEPASS_RUNS, default 30 scripts; STRATA_ONEPASS_SEED).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, Database } from '../../../src/api/index.js';
import { DelayedIO } from '../../../src/io/delayed.js';
import { NodeSyncIO } from '../../../src/io/node-sync.js';
import { dumpFile, runScript } from './dml-oracle.js';

const RUNS = Number(process.env.STRATA_ONEPASS_RUNS ?? 30);
const SEED = Number(process.env.STRATA_ONEPASS_SEED ?? 20261126);
const dir = mkdtempSync(join(tmpdir(), 'strata-onepass-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TABLES = ['CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT, c REAL)', 'CREATE TABLE t(a INT, b TEXT, c REAL)'];
const INDEXES = ['CREATE INDEX t_a ON t(a)', 'CREATE INDEX t_ba ON t(b, a)', 'CREATE UNIQUE INDEX t_c ON t(c)'];

/** A text of about `len` bytes, made by SQL from the row number i (deterministic on both engines). */
const textOf = (len: string): string => `substr(replace(hex(zeroblob(${len})), '0', char(97 + i % 26)), 1, ${len}) || i`;

/** The integers lo..hi as a FROM term with column i (Strata has no WITH before INSERT yet). */
const series = (lo: number, hi: number): string => `(WITH RECURSIVE s(i) AS (SELECT ${lo} UNION ALL SELECT i + 1 FROM s WHERE i < ${hi}) SELECT i FROM s)`;

/** Rows n..n+count−1: a from a modulus, b of a length class, c unique (i / 4.0). */
function fill(count: number, from: number, aMod: number, lenMod: number): string {
  return `INSERT INTO t(a, b, c) SELECT (i * 7) % ${aMod}, ${textOf(`(i * 37) % ${lenMod}`)}, i / 4.0 FROM ${series(from, from + count - 1)}`;
}

const small = fc.integer({ min: 0, max: 60 });
const where = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 4 })).map(([k, r]) => `rowid % ${k} = ${r % k}`),
  fc.tuple(small, small).map(([x, y]) => `rowid BETWEEN ${Math.min(x, y)} AND ${Math.max(x, y) * 3}`),
  small.map((x) => `rowid > ${x * 4}`),
  small.map((x) => `rowid < ${x}`),
  small.map((x) => `rowid = ${x}`),
  fc.array(small, { minLength: 1, maxLength: 6 }).map((xs) => `rowid IN (${xs.join(', ')})`),
  small.map((x) => `a = ${x % 13}`),
  small.map((x) => `a < ${x % 13} AND rowid % 2 = 0`),
  small.map((x) => `length(b) > ${x * 50}`),
  fc.constantFrom('1', 'c > 3', 'b LIKE \'%5\'', 'a IS NULL'),
);
const stmt = fc.oneof(
  where.map((w) => `DELETE FROM t WHERE ${w}`),
  fc.constant('DELETE FROM t'),
  fc.tuple(fc.constantFrom("b = b || 'y'", "b = b || printf('%.500c', 'z')", 'b = substr(b, 1, 3)', 'a = a + 1', 'c = c + 1000', 'a = NULL, c = -c', 'b = NULL'), where).map(([set, w]) => `UPDATE t SET ${set} WHERE ${w}`),
  fc.tuple(fc.constantFrom('', ' OR IGNORE'), where).map(([or, w]) => `UPDATE${or} t SET c = 1.25 WHERE ${w}`),
  fc.tuple(fc.integer({ min: 1, max: 40 }), fc.constantFrom(7, 200, 1500, 5000)).map(([n, len]) => fill(n, 1000, 13, len)),
  fc.constant('SELECT count(*), sum(a), sum(length(b)), total(c) FROM t'),
);

describe('one-pass DELETE / UPDATE as SQLite', () => {
  it(`${RUNS} scripts`, () => {
    let n = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...TABLES),
        fc.subarray(INDEXES),
        fc.integer({ min: 0, max: 400 }),
        fc.constantFrom(7, 200, 1300, 5000),
        fc.array(stmt, { minLength: 1, maxLength: 8 }),
        (table, indexes, rows, lenMod, script) => {
          const setup = [table, ...indexes, ...(rows ? [fill(rows, 1, 13, lenMod)] : [])];
          const { mine, theirs } = runScript(dir, `p${n++}`, [...setup, ...script]);
          expect(mine).toEqual(theirs);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

describe('the cursor after a one-pass delete', () => {
  // Each case: row length (bytes), how many rows, the DELETE; with and without an index.
  const cases: [number, number, string][] = [];
  for (const len of [1300, 1900, 5000, 30]) {
    const n = len > 1000 ? 120 : 1200;
    cases.push([len, n, 'DELETE FROM t WHERE 1'], [len, n, 'DELETE FROM t WHERE rowid % 2 = 0'], [len, n, 'DELETE FROM t WHERE rowid % 2 = 1']);
    for (let r = 0; r < 3; r++) cases.push([len, n, `DELETE FROM t WHERE rowid % 3 = ${r}`]);
    cases.push([len, n, `DELETE FROM t WHERE rowid > ${n >> 1}`], [len, n, `DELETE FROM t WHERE rowid <= ${n >> 2} OR rowid % 5 = 0`]);
  }
  let k = 0;
  it.each(cases)('rows of %i bytes × %i: %s', (len, n, del) => {
    for (const index of [[], ['CREATE INDEX t_a ON t(a)', 'CREATE INDEX t_b ON t(b)']]) {
      const { mine, theirs } = runScript(dir, `c${k++}`, [
        'CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT)',
        ...index,
        `INSERT INTO t SELECT i, i % 17, ${textOf(String(len))} FROM ${series(1, n)}`,
        del,
        'SELECT count(*), sum(id), sum(length(b)) FROM t',
      ]);
      expect(mine).toEqual(theirs);
    }
  });
});

describe('one-pass DML through connect() over delayed I/O', () => {
  it.each([1, 2, 3])('seed %i', async (seed) => {
    const script = [
      'CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT)',
      'CREATE INDEX t_a ON t(a)',
      `INSERT INTO t SELECT i, i % 17, ${textOf('(i * 37) % 700')} FROM ${series(1, 1500)}`,
      'DELETE FROM t WHERE id % 3 = 0',
      "UPDATE t SET b = b || 'y' WHERE id % 5 = 1",
      'UPDATE t SET a = a + 1 WHERE id = 10',
      'DELETE FROM t WHERE id > 1200 OR id % 7 = 2',
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
    expect(dumpFile(mine)).toEqual(dumpFile(theirs));
  }, 60_000);
});

describe('EXPLAIN: one pass where SQLite takes it', () => {
  const setup = 'CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT); CREATE INDEX t_a ON t(a)';
  const opcodes = (db: { prepare(sql: string): { all(...p: unknown[]): unknown[] } }, sql: string): string[] => (db.prepare(`EXPLAIN ${sql}`).all(...[1, 2].slice(0, sql.split('?').length - 1)) as { opcode: string }[]).map((r) => r.opcode);
  it.each(['DELETE FROM t WHERE id % 3 = 0', 'DELETE FROM t WHERE id = ?', 'DELETE FROM t WHERE id > ?', 'UPDATE t SET b = ? WHERE id = ?', 'UPDATE t SET b = b || ? WHERE id < ?', 'UPDATE t SET a = ? WHERE id = ?'])('%s', (sql) => {
    const ref = new BetterSqlite3(':memory:');
    const db = new Database(':memory:');
    try {
      ref.exec(setup);
      db.exec(setup);
      const theirs = opcodes(ref, sql);
      const mine = opcodes(db, sql);
      // SQLite's program has no ephemeral table and opens the table for writing only: so must ours.
      expect(theirs).not.toContain('OpenEphemeral');
      expect(theirs).not.toContain('OpenRead');
      expect(mine.includes('OpenEphemeral')).toBe(theirs.includes('OpenEphemeral'));
      expect(mine.includes('OpenRead')).toBe(theirs.includes('OpenRead'));
      // and opens the same b-trees for writing (an UPDATE leaves an index on unchanged columns shut)
      expect(mine.filter((o) => o === 'OpenWrite').length).toBe(theirs.filter((o) => o === 'OpenWrite').length);
    } finally {
      ref.close();
      db.close();
    }
  });
});
