/**
 * ORDER BY … NULLS FIRST / NULLS LAST (lang_select.html §2.9; KeyInfo.bigNull) against
 * better-sqlite3 (SQLite 3.53): plain SELECTs, with GROUP BY, DISTINCT, compound SELECTs and
 * indexed columns (whose index order must not be used when the NULL placement differs from it).
 * The ORDER BY keys must come out in the same sequence; rows with equal keys compare as a multiset.
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';

const SCHEMA = 'CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c REAL, d); CREATE INDEX t_b ON t(b)';

type Cell = number | string | null;
const cell: fc.Arbitrary<Cell> = fc.oneof(fc.constant(null), fc.integer({ min: -3, max: 3 }), fc.constantFrom('a', 'B', 'x', '2'), fc.constantFrom(0.5, -1.5));

const term = fc.tuple(fc.constantFrom('b', 'c', 'd', 'b COLLATE NOCASE', 'c + 1'), fc.constantFrom('', ' ASC', ' DESC'), fc.constantFrom('', ' NULLS FIRST', ' NULLS LAST')).map(([e, dir, nulls]) => ({ e, sql: `${e}${dir}${nulls}` }));

const query = fc.oneof(
  fc.array(term, { minLength: 1, maxLength: 3 }).map((ts) => ({ sql: `SELECT ${ts.map((t) => t.e).join(', ')} FROM t ORDER BY ${ts.map((t) => t.sql).join(', ')}`, nKeys: ts.length })),
  term.map((t) => ({ sql: `SELECT ${t.e}, count(*) FROM t GROUP BY 1 ORDER BY 1${t.sql.slice(t.e.length)}`, nKeys: 1 })),
  term.map((t) => ({ sql: `SELECT DISTINCT ${t.e} FROM t ORDER BY 1${t.sql.slice(t.e.length)}`, nKeys: 1 })),
  term.map((t) => ({ sql: `SELECT b FROM t UNION ALL SELECT d FROM t ORDER BY 1${t.sql.slice(t.e.length)}`, nKeys: 1 })),
  term.map((t) => ({ sql: `SELECT ${t.e} FROM t WHERE a > 1 ORDER BY ${t.sql} LIMIT 4`, nKeys: 1 })),
);

function tag(v: unknown): string {
  return typeof v === 'bigint' ? `i${v}` : typeof v === 'number' ? `r${v}` : JSON.stringify(v);
}

describe('NULLS FIRST / NULLS LAST vs SQLite', () => {
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

  it('keys come out in SQLite’s order (seeded fast-check)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell, cell), { maxLength: 25 }), fc.array(query, { minLength: 1, maxLength: 5 }), (rows, queries) => {
        for (const db of [oracle, strata] as const) {
          db.exec('DELETE FROM t');
          const ins = db.prepare('INSERT INTO t(b, c, d) VALUES (?, ?, ?)');
          for (const r of rows) ins.run(...r);
        }
        for (const q of queries) {
          const run = (db: typeof oracle | typeof strata): { keys: string[]; rows: string[] } => {
            const all = db.prepare(q.sql).raw(true).safeIntegers(true).all() as unknown[][];
            return { keys: all.map((r) => r.slice(0, q.nKeys).map(tag).join('|')), rows: all.map((r) => r.map(tag).join('|')).sort() };
          };
          const want = run(oracle);
          // LIMIT cuts ties differently: compare the keys only.
          if (q.sql.includes('LIMIT')) expect(run(strata).keys, q.sql).toEqual(want.keys);
          else expect(run(strata), q.sql).toEqual(want);
        }
      }),
      { numRuns: Number(process.env.STRATA_NULLS_RUNS ?? 150), seed: 20261126 },
    );
  });
});
