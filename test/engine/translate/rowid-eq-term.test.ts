/**
 * A `rowid = expr` (or `IS`) term that drives a SeekRowid is not tested again after the seek
 * (where.ts openPath, SQLite's disableTerm): the seek alone must keep the term's meaning. Against
 * better-sqlite3, fast-check values of every class (integers, integral and fractional REALs, -0,
 * past 2^53 and 2^63, TEXT that is or is not a number, BLOBs, NULL) bound in SELECT, UPDATE and
 * DELETE by rowid, the term in WHERE, in the ON of a LEFT JOIN and against another table's column:
 * rows and changes equal.
 *
 * `npm test` runs a seeded sample (STRATA_ROWIDEQ_RUNS, default 60).
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';

const RUNS = Number(process.env.STRATA_ROWIDEQ_RUNS ?? 60);

const SETUP = [
  'CREATE TABLE t(id INTEGER PRIMARY KEY, b TEXT)',
  "INSERT INTO t VALUES (-9223372036854775808, 'min'), (-1, 'm1'), (0, 'z'), (1, 'one'), (5, 'five'), (9007199254740992, 'p53'), (9007199254740993, 'p53+1'), (9223372036854775807, 'max')",
  'CREATE TABLE u(k, v)',
];

const value = fc.oneof(
  fc.constantFrom(0, 1, 5, -1, 5.0, 5.5, -0, 2 ** 53, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 1e300, null),
  fc.constantFrom('5', ' 5', '5 ', '5.0', '5e0', '0x5', 'five', '', '9223372036854775807', '9223372036854775808', '-0'),
  fc.constantFrom(9007199254740993n, 9223372036854775807n, -9223372036854775808n),
  fc.uint8Array({ maxLength: 2 }).map((a) => Buffer.from(a)),
  fc.integer({ min: -3, max: 8 }),
);

const STATEMENTS = [
  'SELECT id, b FROM t WHERE id = ?',
  'SELECT id, b FROM t WHERE ? = rowid',
  'SELECT id, b FROM t WHERE id IS ?',
  'SELECT u.k, t.b FROM u LEFT JOIN t ON t.id = u.k ORDER BY 1, 2',
  'SELECT u.k, t.b FROM u LEFT JOIN t ON t.id = u.k WHERE t.id = u.k ORDER BY 1, 2',
  'SELECT u.k, t.b FROM u, t WHERE t.id = u.k ORDER BY 1, 2',
  'SELECT u.k, t.b FROM u, t WHERE t.id = u.v ORDER BY 1, 2',
];

type Bound = number | bigint | string | Buffer | null;

function strata(db: Database, sql: string, v: Bound): unknown {
  try {
    return db.prepare(sql).safeIntegers(true).raw(true).all(...(sql.includes('?') ? [v] : []));
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function oracle(db: BetterSqlite3.Database, sql: string, v: Bound): unknown {
  try {
    return db.prepare(sql).safeIntegers(true).raw(true).all(...(sql.includes('?') ? [v] : []));
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Results compared as JSON (bigints and buffers spelled out). */
const norm = (x: unknown): string => JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? Array.from(v) : v));

describe('a rowid term that drives the seek', () => {
  it(`keeps its meaning (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 4 }), fc.array(value, { minLength: 1, maxLength: 4 }), (vs, ks) => {
        const a = new Database(':memory:');
        const o = new BetterSqlite3(':memory:');
                try {
          for (const s of SETUP) {
            a.exec(s);
            o.exec(s);
          }
          ks.forEach((k, i) => {
            const ins = 'INSERT INTO u VALUES (?, ?)';
            const v = vs[i % vs.length];
            a.prepare(ins).run(k, v);
            o.prepare(ins).run(k, v);
          });
          for (const v of vs) {
            for (const sql of STATEMENTS) expect(norm(strata(a, sql, v)), `${sql} with ${norm(v)}`).toBe(norm(oracle(o, sql, v)));
            for (const sql of ["UPDATE t SET b = b || '+' WHERE id = ?", 'DELETE FROM t WHERE rowid IS ?']) {
              const x = a.prepare(sql).run(v).changes;
              const y = o.prepare(sql).run(v).changes;
              expect(Number(x), `${sql} with ${norm(v)}`).toBe(Number(y));
            }
            const all = 'SELECT id, b FROM t ORDER BY id';
            expect(norm(strata(a, all, null))).toBe(norm(oracle(o, all, null)));
          }
        } finally {
          a.close();
          o.close();
        }
      }),
      { numRuns: RUNS, seed: 20261126 },
    );
  });
});
