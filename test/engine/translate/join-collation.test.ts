/**
 * A join term between columns of different collations compares under the collation of the operand
 * written first (sqlite3BinaryCompareCollSeq: a left column's own collation, BINARY by default),
 * whichever table the planner looks up through it: the planner may use an index, a WITHOUT ROWID
 * primary key or an automatic index only when its collation is the comparison's (SQLite's
 * sqlite3ExprCompareCollSeq, EP_Commuted for terms it turned round). Strata used the collation of
 * the looked-up column for a term written the other way round (`s.k = t.k` seeking t's NOCASE
 * index): wrong rows for `=`, `<`, `>`. Oracle: better-sqlite3 (SQLite 3.53) — rows as a multiset
 * and the EXPLAIN QUERY PLAN text.
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';

const SCHEMA = `
CREATE TABLE t(k TEXT COLLATE NOCASE, v INTEGER);
CREATE INDEX t_k ON t(k);
CREATE TABLE r(k TEXT COLLATE RTRIM, v INTEGER);
CREATE INDEX r_k ON r(k);
CREATE TABLE w(k TEXT COLLATE NOCASE PRIMARY KEY, v INTEGER) WITHOUT ROWID;
CREATE TABLE s(k TEXT, v INTEGER);
CREATE TABLE b(k TEXT COLLATE BINARY, v INTEGER);
CREATE INDEX b_k ON b(k);
`;
const TABLES = ['t', 'r', 'w', 's', 'b'];
const WORDS = ['abc', 'ABC', 'Abc ', 'abc  ', 'xyz', 'XYZ', 'b', 'B', '', ' a'];

const rowsArb = fc.array(fc.tuple(fc.constantFrom(...WORDS), fc.integer({ min: 0, max: 9 })), { maxLength: 12 });
const queryArb = fc
  .tuple(fc.constantFrom(...TABLES), fc.constantFrom(...TABLES), fc.constantFrom('=', '<', '>', '<=', '>=', 'IS'), fc.boolean())
  .filter(([x, y]) => x !== y)
  .map(([x, y, op, swap]) => `SELECT ${x}.k, ${x}.v, ${y}.k, ${y}.v FROM ${x}, ${y} WHERE ${swap ? `${y}.k ${op} ${x}.k` : `${x}.k ${op} ${y}.k`}`);

describe('join terms between columns of different collations, as SQLite', () => {
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

  const rowsOf = (db: { prepare(s: string): { raw(b: boolean): { all(): unknown[] } } }, q: string): string[] => (db.prepare(q).raw(true).all() as unknown[][]).map((r) => JSON.stringify(r)).sort();
  const planOf = (db: { prepare(s: string): { raw(b: boolean): { all(): unknown[] } } }, q: string): string => (db.prepare(`EXPLAIN QUERY PLAN ${q}`).raw(true).all() as unknown[][]).map((r) => r[3]).join(' / ');

  it('the fixed cases: rows and plans', () => {
    for (const db of [oracle, strata] as const) {
      db.exec('DELETE FROM t; DELETE FROM s; DELETE FROM w');
      db.exec("INSERT INTO t VALUES ('abc', 1), ('XYZ', 2); INSERT INTO s VALUES ('ABC', 10), ('xyz', 20), ('abc', 30); INSERT INTO w SELECT * FROM t");
    }
    for (const q of [
      'SELECT s.v, t.v FROM s, t WHERE s.k = t.k',
      'SELECT s.v, t.v FROM s, t WHERE t.k = s.k',
      'SELECT s.v, t.v FROM s, t WHERE s.k > t.k',
      'SELECT s.v, t.v FROM s, t WHERE t.k < s.k',
      'SELECT s.v, w.v FROM s, w WHERE s.k = w.k',
      'SELECT s.v, w.v FROM s, w WHERE w.k = s.k',
    ]) {
      expect(rowsOf(strata, q), q).toEqual(rowsOf(oracle, q));
      expect(planOf(strata, q), q).toBe(planOf(oracle, q));
    }
  });

  it('random rows and join terms (seeded fast-check)', () => {
    fc.assert(
      fc.property(fc.tuple(...TABLES.map(() => rowsArb)), fc.array(queryArb, { minLength: 1, maxLength: 6 }), (tables, queries) => {
        for (const db of [oracle, strata] as const) {
          TABLES.forEach((name, i) => {
            db.exec(`DELETE FROM ${name}`);
            const ins = db.prepare(`INSERT OR IGNORE INTO ${name} VALUES (?, ?)`);
            for (const r of tables[i]) ins.run(...r);
          });
        }
        for (const q of queries) expect(rowsOf(strata, q), q).toEqual(rowsOf(oracle, q));
      }),
      { numRuns: Number(process.env.STRATA_JOIN_COLL_RUNS ?? 120), seed: 20261127 },
    );
  });
});
