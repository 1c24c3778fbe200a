/**
 * UNION ALL rows in the order SQLite emits them (part by part, each part in its own order) — not
 * sorted — so that INSERT … SELECT … UNION ALL and CREATE TABLE … AS number rows as SQLite does;
 * changes() read by a running INSERT (the previous statement's count); and two DDL errors worded
 * as SQLite's. Oracle: better-sqlite3 (SQLite 3.53), rows compared in
 * order.
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';

function outcome(db: { prepare(s: string): { reader: boolean; raw(b: boolean): { all(): unknown[] }; run(): unknown } }, sql: string): string {
  try {
    const st = db.prepare(sql);
    return st.reader ? JSON.stringify(st.raw(true).all()) : 'ok';
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

describe('UNION ALL order and DDL errors vs SQLite', () => {
  let oracle: BetterSqlite3.Database;
  let strata: Database;
  beforeAll(() => {
    oracle = new BetterSqlite3(':memory:');
    strata = new Database(':memory:');
    for (const db of [oracle, strata] as const) db.exec('CREATE TABLE t(a, b); CREATE TABLE u(x)');
  });
  afterAll(() => {
    oracle.close();
    strata.close();
  });

  it('hand-picked statements', () => {
    for (const db of [oracle, strata] as const) db.exec('DELETE FROM t; INSERT INTO t VALUES (3, 1), (-1, 2), (2, NULL)');
    for (const sql of [
      'SELECT a FROM t UNION ALL SELECT b FROM t',
      'SELECT b FROM t UNION ALL SELECT a FROM t UNION ALL SELECT 7',
      'SELECT a FROM t UNION ALL SELECT b FROM t LIMIT 4 OFFSET 1',
      'SELECT * FROM (SELECT a FROM t UNION ALL SELECT b FROM t)',
      'INSERT INTO u SELECT b FROM t UNION ALL SELECT a FROM t',
      'SELECT rowid, x FROM u',
      // changes() inside a running INSERT is the previous statement's count (6 rows).
      'INSERT INTO u VALUES (changes()), (total_changes())',
      'SELECT rowid, x FROM u',
      'CREATE INDEX i ON t(nope)',
      'CREATE TABLE g(a AS (1))',
      'CREATE TABLE g2(a AS (1), b)',
    ])
      expect(outcome(strata, sql), sql).toBe(outcome(oracle, sql));
  });

  it('random UNION ALL chains give SQLite’s row order (seeded fast-check)', () => {
    const part = fc.tuple(fc.constantFrom('a', 'b', 'a + b', "'k'", 'NULL'), fc.constantFrom('', ' WHERE a > 0', ' WHERE b IS NULL', ' WHERE a < b')).map(([e, w]) => `SELECT ${e} FROM t${w}`);
    const rows = fc.array(fc.tuple(fc.integer({ min: -3, max: 3 }), fc.option(fc.integer({ min: -3, max: 3 }))), { maxLength: 8 });
    fc.assert(
      fc.property(rows, fc.array(part, { minLength: 2, maxLength: 4 }), fc.option(fc.integer({ min: 0, max: 6 })), (rs, parts, limit) => {
        for (const db of [oracle, strata] as const) {
          db.exec('DELETE FROM t');
          for (const r of rs) db.prepare('INSERT INTO t VALUES (?, ?)').run(...r);
        }
        const sql = parts.join(' UNION ALL ') + (limit === null ? '' : ` LIMIT ${limit}`);
        expect(outcome(strata, sql), sql).toBe(outcome(oracle, sql));
      }),
      { numRuns: Number(process.env.STRATA_COMPOUND_RUNS ?? 150), seed: 20261126 },
    );
  });
});
