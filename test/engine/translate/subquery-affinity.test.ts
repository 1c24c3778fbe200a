/**
 * The affinity a subquery brings to a comparison, against better-sqlite3 (SQLite 3.53): a scalar
 * subquery compares with its first column's affinity (`5 = (SELECT s …)` with s TEXT is true), and
 * for a compound it is the LAST part's column (SQLite's head SELECT), for `=`, `IN (SELECT …)`,
 * row values and VALUES lists alike. fast-check draws left operands and compound subqueries over
 * columns of every affinity.
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';

const SCHEMA = "CREATE TABLE x(i INTEGER, s TEXT, r REAL, n NUMERIC, b BLOB); INSERT INTO x VALUES (5, '5', 5.0, '5', '5'), (1, '1.0', 1.5, 'abc', x'35')";
const strata = new Database(':memory:');
const oracle = new BetterSqlite3(':memory:');
strata.exec(SCHEMA);
oracle.exec(SCHEMA);
afterAll(() => {
  strata.close();
  oracle.close();
});

type Runner = { prepare(sql: string): { raw(on: boolean): { safeIntegers(on: boolean): { all(): unknown[] } } } };
function outcome(db: Runner, sql: string): string {
  try {
    return JSON.stringify(db.prepare(sql).raw(true).safeIntegers(true).all(), (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}
const same = (sql: string) => expect(outcome(strata as unknown as Runner, sql), sql).toBe(outcome(oracle as unknown as Runner, sql));

describe('subquery affinity in comparisons as SQLite', () => {
  it.each([
    "SELECT 5 = (SELECT s FROM x WHERE i = 5), (SELECT s FROM x WHERE i = 5) = 5, '5' = (SELECT i FROM x WHERE i = 5), (SELECT i FROM x WHERE i = 5) > '4'",
    'SELECT 5.0 = (SELECT s FROM x WHERE i = 5 UNION ALL SELECT i FROM x WHERE i = 5), 5.0 = (SELECT i FROM x WHERE i = 5 UNION ALL SELECT s FROM x WHERE i = 5)',
    'SELECT 5.0 IN (SELECT i FROM x UNION ALL SELECT s FROM x), 5.0 IN (SELECT s FROM x UNION ALL SELECT i FROM x), 5.0 IN (SELECT s FROM x UNION SELECT i FROM x)',
    'SELECT (5.0, 1) IN (SELECT i, 1 FROM x UNION ALL SELECT s, 1 FROM x), (5.0, 1) IN (SELECT s, 1 FROM x UNION ALL SELECT i, 1 FROM x)',
    "SELECT 5.0 IN (VALUES ('5'), (5)), 5.0 IN (VALUES (5), ('5')), (5.0, 1) = (SELECT s, 1 FROM x WHERE i = 5 UNION ALL SELECT i, 1 FROM x WHERE 0)",
  ])('%s', same);

  it('random left operands against compound subqueries (fast-check, 150 seeded queries)', () => {
    const lit = fc.constantFrom('5', '5.0', "'5'", "'5.0'", '1', "'1.0'", '1.5', "'abc'", "x'35'", 'NULL');
    const col = fc.constantFrom('i', 's', 'r', 'n', 'b', "s || ''", 'CAST(i AS TEXT)', 'i + 0');
    const part = fc.tuple(col, fc.constantFrom('', ' WHERE i = 5', ' WHERE i = 1')).map(([c, w]) => `SELECT ${c} FROM x${w}`);
    const sub = fc.tuple(fc.array(part, { minLength: 1, maxLength: 3 }), fc.constantFrom('UNION ALL', 'UNION', 'EXCEPT', 'INTERSECT')).map(([ps, op]) => ps.join(` ${op} `));
    const test = fc.tuple(lit, fc.constantFrom('=', '<', '>=', 'IN', 'NOT IN'), sub).map(([l, op, s]) => (op.endsWith('IN') ? `${l} ${op} (${s})` : `${l} ${op} (${s} LIMIT 1)`));
    fc.assert(
      fc.property(fc.array(test, { minLength: 1, maxLength: 4 }), (ts) => {
        same(`SELECT ${ts.join(', ')}`);
      }),
      { numRuns: Number(process.env.SUBQ_AFF_RUNS ?? 150), seed: Number(process.env.SUBQ_AFF_SEED ?? 11) },
    );
  });
});
