/**
 * The collation `x IN (SELECT …)` compares under, against better-sqlite3 (SQLite 3.53): an explicit
 * COLLATE on the left, else one on the subquery's column, else the left's column collation, else
 * the subquery column's (sqlite3BinaryCompareCollSeq) — where "the subquery's column" is its head
 * SELECT's, the LAST part of a compound (sqlite3CodeRhsOfIN builds the IN index's KeyInfo from
 * pSelect->pEList). Scalar IN and NOT IN, row values, and IN driving a lookup in the WHERE clause;
 * fast-check draws left operands and compound subqueries over columns of every collation. The
 * compound operators themselves (UNION, INTERSECT, EXCEPT and a compound's ORDER BY) compare each
 * column under the left-most part's collation that has one (multiSelectCollSeq).
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';

const SCHEMA = [
  'CREATE TABLE c(bin TEXT, nc TEXT COLLATE NOCASE, rt TEXT COLLATE RTRIM)',
  "INSERT INTO c VALUES ('A', 'A', 'A '), ('b', 'b', 'b'), ('x ', 'X', 'x')",
  'CREATE TABLE probe(id INTEGER PRIMARY KEY, v TEXT, vn TEXT COLLATE NOCASE)',
  "INSERT INTO probe(v, vn) VALUES ('a', 'a'), ('A', 'A'), ('x', 'x'), ('B', 'B')",
].join('; ');
const strata = new Database(':memory:');
const oracle = new BetterSqlite3(':memory:');
strata.exec(SCHEMA);
oracle.exec(SCHEMA);
afterAll(() => {
  strata.close();
  oracle.close();
});

type Runner = { prepare(sql: string): { raw(on: boolean): { all(): unknown[] } } };
function outcome(db: Runner, sql: string): string {
  try {
    return JSON.stringify(db.prepare(sql).raw(true).all());
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}
const same = (sql: string) => expect(outcome(strata as unknown as Runner, sql), sql).toBe(outcome(oracle as unknown as Runner, sql));

describe('IN (SELECT compound) compares under the head SELECT\'s collation, as SQLite', () => {
  it.each([
    "SELECT 'a' IN (SELECT 'A' COLLATE NOCASE UNION ALL SELECT 'b'), 'a' IN (SELECT 'b' UNION ALL SELECT 'A' COLLATE NOCASE)",
    "SELECT 'a' IN (SELECT nc FROM c UNION ALL SELECT bin FROM c), 'a' IN (SELECT bin FROM c UNION ALL SELECT nc FROM c)",
    "SELECT 'a' IN (SELECT nc FROM c UNION SELECT bin FROM c), 'a' NOT IN (SELECT bin FROM c UNION SELECT nc FROM c)",
    "SELECT 'x' IN (SELECT rt FROM c INTERSECT SELECT rt FROM c), 'x  ' IN (SELECT bin FROM c EXCEPT SELECT nc FROM c WHERE 0 UNION ALL SELECT rt FROM c)",
    "SELECT ('a', 1) IN (SELECT nc, 1 FROM c UNION ALL SELECT bin, 1 FROM c), ('a', 1) IN (SELECT bin, 1 FROM c UNION ALL SELECT nc, 1 FROM c)",
    'SELECT v FROM probe WHERE v IN (SELECT bin FROM c UNION ALL SELECT nc FROM c) ORDER BY id',
    'SELECT v FROM probe WHERE vn IN (SELECT bin FROM c UNION ALL SELECT rt FROM c) ORDER BY id',
    "SELECT v FROM probe WHERE v COLLATE BINARY IN (SELECT nc FROM c UNION ALL SELECT 'q' COLLATE NOCASE) ORDER BY id",
  ])('%s', same);

  it('random left operands against compound subqueries (fast-check, 150 seeded queries)', () => {
    const lit = fc.constantFrom("'a'", "'A'", "'x'", "'x '", "'b '", "'B'", "'a' COLLATE NOCASE", "'x' COLLATE RTRIM", "'A' COLLATE BINARY", 'NULL');
    const left = fc.oneof(lit, fc.constantFrom('v', 'vn', 'v COLLATE NOCASE', 'vn COLLATE BINARY'));
    const col = fc.constantFrom('bin', 'nc', 'rt', 'bin COLLATE NOCASE', 'nc COLLATE BINARY', 'rt COLLATE NOCASE', "'A'", "'a' COLLATE NOCASE", 'upper(nc)');
    const part = fc.tuple(col, fc.constantFrom('', " WHERE bin <> 'b'", ' WHERE 0')).map(([x, w]) => `SELECT ${x} FROM c${w}`);
    const sub = fc.tuple(fc.array(part, { minLength: 1, maxLength: 3 }), fc.constantFrom('UNION ALL', 'UNION', 'EXCEPT', 'INTERSECT')).map(([ps, op]) => ps.join(` ${op} `));
    const test = fc.tuple(left, fc.constantFrom('IN', 'NOT IN'), sub).map(([l, op, s]) => `${l} ${op} (${s})`);
    fc.assert(
      fc.property(fc.array(test, { minLength: 1, maxLength: 3 }), (ts) => {
        same(`SELECT ${ts.join(', ')} FROM probe ORDER BY id`);
      }),
      { numRuns: Number(process.env.SUBQ_COLL_RUNS ?? 150), seed: Number(process.env.SUBQ_COLL_SEED ?? 23) },
    );
  });
});

describe('compound operators compare under the left-most part\'s collation, as SQLite', () => {
  it.each([
    'SELECT upper(nc) FROM c INTERSECT SELECT rt FROM c',
    'SELECT upper(nc) FROM c EXCEPT SELECT rt FROM c',
    'SELECT upper(bin) FROM c UNION SELECT nc FROM c ORDER BY 1 DESC',
    'SELECT bin FROM c UNION SELECT nc FROM c',
    "SELECT 'a' UNION SELECT nc FROM c UNION SELECT 'B' COLLATE BINARY ORDER BY 1",
  ])('%s', same);

  it('random compounds of parts with and without collations (fast-check, 100 seeded queries)', () => {
    const col = fc.constantFrom('bin', 'nc', 'rt', 'upper(bin)', 'lower(nc)', "rt || ''", 'bin COLLATE NOCASE', 'nc COLLATE BINARY', "'a'", "'x '", "'B' COLLATE RTRIM");
    const part = fc.tuple(col, fc.constantFrom('', " WHERE bin <> 'b'")).map(([x, w]) => `SELECT ${x} FROM c${w}`);
    const query = fc
      .tuple(part, fc.array(fc.tuple(fc.constantFrom('UNION ALL', 'UNION', 'EXCEPT', 'INTERSECT'), part), { minLength: 1, maxLength: 3 }), fc.constantFrom('', ' ORDER BY 1', ' ORDER BY 1 DESC', ' ORDER BY 1 COLLATE NOCASE'))
      .map(([p0, rest, ob]) => p0 + rest.map(([op, p]) => ` ${op} ${p}`).join('') + ob);
    fc.assert(
      fc.property(query, (q) => {
        // The rows as a multiset: without ORDER BY the order is not SQL's to fix (SQLite streams a
        // trailing UNION ALL part after the rest).
        const rows = (db: Runner) => {
          const out = outcome(db, q);
          return out.startsWith('error') ? [out] : (JSON.parse(out) as [string | null][]).map((r) => r[0]);
        };
        const s = rows(strata as unknown as Runner);
        const o = rows(oracle as unknown as Runner);
        expect([...s].sort(), q).toEqual([...o].sort());
        // With ORDER BY, the order up to ties: rows equal under NOCASE or RTRIM (all the
        // collations drawn) may come in either order, so each is compared by its lower-cased,
        // right-trimmed text.
        const key = (v: string | null) => (v === null ? null : v.toLowerCase().replace(/ +$/, ''));
        if (q.includes('ORDER BY')) expect(s.map(key), q).toEqual(o.map(key));
      }),
      { numRuns: Number(process.env.SUBQ_COLL_RUNS ?? 100), seed: Number(process.env.SUBQ_COLL_SEED ?? 29) },
    );
  });
});
