/**
 * Access paths that replace a sorter or a scan (where.ts): ORDER BY … DESC walked backwards over
 * the table or an index (Last/Prev, SeekLE/SeekLT, IdxLE/IdxLT), `rowid IN (…)` through an
 * ephemeral index, ranges on an index chosen over a scan, ORDER BY the rowid after an equality on
 * every column of an index (its entries end with the rowid: no sorter) and equality terms the
 * index seek already tests (not tested again, SQLite's disableTerm). Oracle: better-sqlite3
 * (SQLite 3.53) on the same rows — the rows in the order ORDER BY fixes (the key sequence; rows
 * with equal keys as a multiset), the EXPLAIN QUERY PLAN text, and for the last two (and for seek
 * keys' Affinity, SQLite's codeAllEqualityTerms) no opcode in Strata's EXPLAIN that SQLite's lacks.
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';

const SCHEMA = `
CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c REAL, d INT, e);
CREATE INDEX t_b ON t(b);
CREATE INDEX t_cd ON t(c, d);
CREATE INDEX t_e ON t(e COLLATE NOCASE);
CREATE TABLE u(x INT, y TEXT, z, w REAL);
`;

type Cell = number | string | null;

/** Values of every storage class, with ties, NULLs and numbers stored as text. */
const cell: fc.Arbitrary<Cell> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(1.5, -0.5, 2.0, 3.25),
  fc.constantFrom('a', 'B', 'b', 'abc', '3', '10', ' 2', 'x'),
);

const rowsArb = fc.array(fc.tuple(cell, cell, cell, cell), { minLength: 0, maxLength: 40 });

const bound: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: -6, max: 6 }).map(String),
  fc.constantFrom("'b'", "'3'", '2.5', 'NULL', "'10'"),
);

/** One query whose order a backwards walk or a rowid IN list must produce (LIMIT only on the unique key: ties at the cut may differ). */
const queryArb: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(fc.constantFrom('a', 'b', 'c', 'e'), fc.constantFrom('ASC', 'DESC'), fc.option(fc.integer({ min: 0, max: 5 }))).map(([col, dir, lim]) => `SELECT * FROM t ORDER BY ${col} ${dir}${lim === null || col !== 'a' ? '' : ` LIMIT ${lim}`}`),
  fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('>', '>=', '<', '<='), bound, fc.option(fc.tuple(fc.constantFrom('<', '<='), bound)), fc.constantFrom('ASC', 'DESC')).map(
    ([col, op, v, hi, dir]) => `SELECT * FROM t WHERE ${col} ${op} ${v}${hi ? ` AND ${col} ${hi[0]} ${hi[1]}` : ''} ORDER BY ${col} ${dir}`,
  ),
  fc.tuple(bound, fc.constantFrom('>', '<', '>=', '<='), bound, fc.constantFrom('ASC', 'DESC')).map(([v, op, w, dir]) => `SELECT a, d FROM t WHERE c = ${v} AND d ${op} ${w} ORDER BY d ${dir}`),
  fc.tuple(bound, fc.constantFrom('ASC', 'DESC')).map(([v, dir]) => `SELECT * FROM t WHERE c = ${v} ORDER BY d ${dir}`),
  // The rowid after an equality on every column of an index.
  fc.tuple(bound, fc.constantFrom('ASC', 'DESC')).map(([v, dir]) => `SELECT a, b FROM t WHERE b = ${v} ORDER BY a ${dir}`),
  fc.tuple(bound, bound, fc.constantFrom('ASC', 'DESC')).map(([v, w, dir]) => `SELECT * FROM t WHERE c = ${v} AND d = ${w} ORDER BY a ${dir}`),
  fc.tuple(bound, fc.constantFrom('ASC', 'DESC')).map(([v, dir]) => `SELECT a FROM t WHERE e = ${v} COLLATE NOCASE ORDER BY a ${dir}`),
  fc.tuple(fc.array(bound, { minLength: 1, maxLength: 5 }), fc.constantFrom('', ' ORDER BY a', ' ORDER BY a DESC')).map(([list, ord]) => `SELECT * FROM t WHERE a IN (${list.join(', ')})${ord}`),
  // x IN (SELECT …): every affinity pairing of t's indexed columns with u's columns, duplicates and
  // NULLs in the subquery, filters and joins inside it, a correlated one (left to the probe).
  fc
    .tuple(
      fc.constantFrom('a', 'b', 'c', 'e'),
      fc.constantFrom('x', 'y', 'z', 'w', 'x + 0', "y || ''", 'CAST(z AS INT)', 'y COLLATE NOCASE'),
      fc.constantFrom('', ' WHERE x > 0', ' WHERE y IS NOT NULL', ' GROUP BY 1', ' WHERE t.d = u.x', ' ORDER BY 1 LIMIT 2'),
      fc.constantFrom('', ' AND d > 0', ' ORDER BY a', ' ORDER BY a DESC'),
    )
    .map(([col, sub, tail, rest]) => `SELECT * FROM t WHERE ${col} IN (SELECT ${sub} FROM u${tail})${rest}`),
  fc.constantFrom('a', 'b', 'c').map((col) => `SELECT * FROM t WHERE ${col} IN (SELECT u.y FROM u JOIN u AS v ON v.x = u.x)`),
);

/** Rows as tagged strings; with `orderCol`, the key sequence in order plus the multiset. */
function outcome(rows: unknown[][], orderIndex: number | null): { keys: string[]; rows: string[] } {
  const tag = (v: unknown): string => (typeof v === 'bigint' ? `i${v}` : typeof v === 'number' ? `r${v}` : JSON.stringify(v));
  return { keys: orderIndex === null ? [] : rows.map((r) => tag(r[orderIndex])), rows: rows.map((r) => r.map(tag).join('|')).sort() };
}

function orderIndexOf(sql: string): number | null {
  const m = / ORDER BY (\w)/.exec(sql);
  if (!m) return null;
  return sql.startsWith('SELECT a, d') ? (m[1] === 'd' ? 1 : 0) : 'abcde'.indexOf(m[1]);
}

describe('ORDER BY … DESC, rowid IN and index ranges vs SQLite', () => {
  let oracle: BetterSqlite3.Database;
  let strata: Database;
  beforeAll(() => {
    oracle = new BetterSqlite3(':memory:');
    strata = new Database(':memory:');
    oracle.exec(SCHEMA);
    strata.exec(SCHEMA);
  });
  afterAll(() => {
    oracle.close();
    strata.close();
  });

  function load(rows: Cell[][]): void {
    for (const db of [oracle, strata] as const) {
      db.exec('DELETE FROM t; DELETE FROM u');
      const ins = db.prepare('INSERT INTO t(b, c, d, e) VALUES (?, ?, ?, ?)');
      const insU = db.prepare('INSERT INTO u VALUES (?, ?, ?, ?)');
      for (const r of rows) ins.run(...r);
      // u holds t's values shifted, so that IN sets overlap t's columns with other storage classes.
      for (const r of rows) insU.run(r[3], r[0], r[1], r[2]);
    }
  }

  it('the plans read as SQLite 3.53 writes them', () => {
    const queries = [
      'SELECT * FROM t ORDER BY a DESC LIMIT 3',
      'SELECT * FROM t WHERE a > 10 ORDER BY a DESC',
      'SELECT * FROM t WHERE a IN (1, 2) ORDER BY a DESC',
      'SELECT * FROM t WHERE b > 5 ORDER BY b DESC',
      'SELECT * FROM t WHERE b > 5',
      'SELECT * FROM t ORDER BY b',
      'SELECT * FROM t WHERE c = 5 ORDER BY d DESC',
      'SELECT b FROM t WHERE b > 3 ORDER BY b DESC',
      'SELECT * FROM t LEFT JOIN t AS u ON u.a = t.d',
      'SELECT * FROM t WHERE a IN (SELECT x FROM u)',
      'SELECT * FROM t WHERE b IN (SELECT y FROM u)',
      'SELECT * FROM t WHERE b IN (SELECT z FROM u WHERE x > 1)',
      'SELECT * FROM t WHERE c IN (SELECT y FROM u)',
      'SELECT a FROM t WHERE b = 5 ORDER BY a',
      'SELECT a, b FROM t WHERE b = 5 ORDER BY a DESC',
      'SELECT * FROM t WHERE c = 1 AND d = 2 ORDER BY a',
      'SELECT * FROM t WHERE c = 1 ORDER BY a',
      "SELECT a FROM t WHERE e = 'x' COLLATE NOCASE ORDER BY a",
    ];
    for (const q of queries) {
      const plan = (db: { prepare(s: string): { raw(b: boolean): { all(): unknown[] } } }): unknown[] => (db.prepare(`EXPLAIN QUERY PLAN ${q}`).raw(true).all() as unknown[][]).map((r) => r[3]);
      expect(plan(strata), q).toEqual(plan(oracle));
    }
  });

  it('no sorter after an equality on a whole index, no test again of what the seek tested: no opcode SQLite lacks', () => {
    const queries = [
      'SELECT a FROM t WHERE b = ? ORDER BY a',
      'SELECT a FROM t WHERE b = ? ORDER BY a DESC',
      'SELECT a, b FROM t WHERE b = ?',
      'SELECT a FROM t WHERE c = ? AND d = ? ORDER BY a',
      "SELECT a FROM t WHERE e = 'x' COLLATE NOCASE ORDER BY a",
      'SELECT d FROM t WHERE c = ? AND d > 2',
      // Literal keys the index affinity would not change take none (no Affinity opcode).
      "SELECT a FROM t WHERE b = 'x'",
      'SELECT a FROM t WHERE c = 1 AND d > -2',
      "SELECT a FROM t WHERE b > 'a' AND b < 'c'",
    ];
    const ops = (db: { prepare(s: string): { raw(b: boolean): { all(...a: unknown[]): unknown[] } } }, q: string): string[] =>
      (db.prepare(`EXPLAIN ${q}`).raw(true).all(...Array.from({ length: (q.match(/\?/g) ?? []).length }, () => 1)) as unknown[][]).map((r) => String(r[1]));
    for (const q of queries) {
      const theirs = ops(oracle, q);
      expect(
        ops(strata, q).filter((op) => !theirs.includes(op)),
        q,
      ).toEqual([]);
    }
  });

  it('x IN (SELECT y COLLATE NOCASE …) over an index: the rows and the plan SQLite gives (values equal under NOCASE kept once, looked up under the index\'s BINARY)', () => {
    for (const rows of [
      [['B', 0, 0, null], ['b', 0, 'a', 'a']],
      [['b', null, 1.5, 0], ['B', null, 0, 'a']],
    ] as Cell[][][]) {
      load(rows);
      for (const q of ['SELECT * FROM t WHERE b IN (SELECT y COLLATE NOCASE FROM u)', 'SELECT * FROM t WHERE b IN (SELECT y COLLATE NOCASE FROM u) ORDER BY a']) {
        expect(strata.prepare(q).raw(true).all(), q).toEqual(oracle.prepare(q).raw(true).all());
        const plan = (db: { prepare(s: string): { raw(b: boolean): { all(): unknown[] } } }): unknown[] => (db.prepare(`EXPLAIN QUERY PLAN ${q}`).raw(true).all() as unknown[][]).map((r) => r[3]);
        expect(plan(strata), q).toEqual(plan(oracle));
      }
    }
  });

  it('rows in the order SQLite gives them (seeded fast-check)', () => {
    fc.assert(
      fc.property(rowsArb, fc.array(queryArb, { minLength: 1, maxLength: 6 }), (rows, queries) => {
        load(rows);
        for (const q of queries) {
          const idx = orderIndexOf(q);
          const want = outcome(oracle.prepare(q).raw(true).safeIntegers(true).all() as unknown[][], idx);
          const got = outcome(strata.prepare(q).raw(true).safeIntegers(true).all() as unknown[][], idx);
          expect(got, q).toEqual(want);
        }
      }),
      { numRuns: Number(process.env.STRATA_ORDER_RUNS ?? 150), seed: 20261126 },
    );
  });
});
