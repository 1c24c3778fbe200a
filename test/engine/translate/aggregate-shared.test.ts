/**
 * Aggregates written twice share one accumulator, and GROUP BY terms inside result expressions read
 * the group key instead of carrying their columns through the sorter (select.ts dedupeAggregates,
 * collectBareColumns). Oracle: better-sqlite3 (SQLite 3.53) for every result, in order, with storage
 * classes; and its EXPLAIN for the number of AggStep instructions (Strata must not step more).
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';
import { rng } from '../../support/rng.js';

const SETUP = [
  'CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT, c REAL)',
  'CREATE TABLE u(x INTEGER, y TEXT)',
];

const QUERIES = [
  'SELECT count(*), sum(a) FROM t',
  'SELECT a % 7, count(*), sum(id) FROM t GROUP BY 1 ORDER BY 3 DESC, 1',
  'SELECT a % 7 AS k, sum(id) AS s FROM t GROUP BY k ORDER BY s, k',
  'SELECT a % 7, sum(id), sum(id) + 1, sum( id ) FROM t GROUP BY a % 7 ORDER BY 1',
  'SELECT a % 5, sum(a) FROM t GROUP BY a % 5 HAVING sum(a) > 10 ORDER BY sum(a) DESC, 1',
  'SELECT (a % 5) * 2, a % 5 + 1, count(*) FROM t GROUP BY a % 5 ORDER BY 1',
  'SELECT a % 5, a % 5 = 1, count(*) FROM t GROUP BY a % 5 ORDER BY 1',
  'SELECT b, upper(b), count(*), max(c) FROM t GROUP BY b ORDER BY 2, 1',
  'SELECT b COLLATE NOCASE, count(*) FROM t GROUP BY b COLLATE NOCASE ORDER BY 1',
  'SELECT a % 3, (SELECT count(*) FROM u WHERE u.x = t.a % 3), count(*) FROM t GROUP BY a % 3 ORDER BY 1',
  'SELECT a % 4, sum(a) FILTER (WHERE id > 5), sum(a), sum(a) FILTER (WHERE id > 5) FROM t GROUP BY 1 ORDER BY 1',
  'SELECT a % 4, count(DISTINCT b), count(b), count(DISTINCT b) FROM t GROUP BY 1 ORDER BY 4, 1',
  'SELECT a % 4, group_concat(b, \'A\'), group_concat(b, \'a\') FROM t GROUP BY 1 ORDER BY 1',
  'SELECT a % 4, sum(a * 2), sum(a * 2), total(c), avg(c) FROM t GROUP BY 1 ORDER BY 2, 1',
  'SELECT a % 4, max(c), id FROM t GROUP BY 1 ORDER BY 2, 1',
  'SELECT min(a), b FROM t',
  'SELECT sum(a), sum(a) * 2, count(*) FROM t WHERE id > 3 ORDER BY 1',
  'SELECT x, sum(x), sum(x) FROM u GROUP BY x HAVING sum(x) IS NOT NULL ORDER BY 2 DESC, 1',
];

function build(seed: number): { oracle: BetterSqlite3.Database; strata: Database } {
  const oracle = new BetterSqlite3(':memory:');
  const strata = new Database(':memory:');
  const r = rng(seed);
  const stmts = [...SETUP];
  const n = 50 + Math.floor(r() * 150);
  for (let i = 1; i <= n; i++) {
    const a = r() < 0.1 ? 'NULL' : String(Math.floor(r() * 40) - 10);
    const b = r() < 0.1 ? 'NULL' : `'${['x', 'X', 'y', 'Y', 'zz', 'Zz'][Math.floor(r() * 6)]}'`;
    const c = r() < 0.2 ? 'NULL' : String(Math.round(r() * 1000) / 8);
    stmts.push(`INSERT INTO t VALUES (${i}, ${a}, ${b}, ${c})`);
  }
  for (let i = 0; i < 10; i++) stmts.push(`INSERT INTO u VALUES (${Math.floor(r() * 5)}, 'v${Math.floor(r() * 9)}')`);
  for (const s of stmts) {
    oracle.exec(s);
    strata.exec(s);
  }
  return { oracle, strata };
}

function rowsOf(run: () => unknown[][]): unknown {
  try {
    return run();
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('aggregates written twice and GROUP BY keys inside result expressions', () => {
  for (const seed of [1, 2, 3]) {
    it(`matches better-sqlite3 on seeded data ${seed}`, () => {
      const { oracle, strata } = build(seed);
      for (const q of QUERIES) {
        const want = rowsOf(() => oracle.prepare(q).safeIntegers(true).raw(true).all() as unknown[][]);
        const got = rowsOf(() => strata.prepare(q).safeIntegers(true).raw(true).all() as unknown[][]);
        expect(got, q).toEqual(want);
      }
      oracle.close();
      strata.close();
    });
  }

  it('steps no more aggregates per row than SQLite', () => {
    const { oracle, strata } = build(9);
    for (const q of QUERIES) {
      const count = (rows: unknown[]): number => rows.filter((r) => (r as { opcode: string }).opcode === 'AggStep').length;
      const mine = count(strata.prepare(`EXPLAIN ${q}`).all());
      const theirs = count(oracle.prepare(`EXPLAIN ${q}`).all());
      expect(mine, q).toBeLessThanOrEqual(theirs);
    }
  });
});
