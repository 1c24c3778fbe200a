/**
 * ORDER BY on columns of a join's outer table, delivered by the outer loop (where.ts
 * outerLoopOrdered): no sorter when the outer path yields rows in that order, as SQLite's
 * wherePathSatisfiesOrderBy; and the join turned round to put the ORDER BY's table outside when
 * SQLite's costs prefer that to a sort (orderedJoinPlan). Against better-sqlite3: fixed plans, then a property over data with
 * duplicates and NULLs, indexes and directions where the ORDER BY keys must come in SQLite's order
 * and the rows be the same (ties may come in another order: the keys decide nothing there).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openPair, planOf } from '../../support/query-plan.js';

describe('ORDER BY delivered by the outer loop of a join', () => {
  it('fixed plans as SQLite', () => {
    const { ref, db } = openPair(['CREATE TABLE t(a, b, c)', 'CREATE TABLE u(x, y, z)', 'CREATE INDEX t_0 ON t(a, b)', 'CREATE INDEX u_0 ON u(x)']);
    for (const q of [
      'SELECT t.a, t.b FROM t, u WHERE t.b BETWEEN 2 AND 8 AND t.b = u.z ORDER BY t.a, t.b',
      'SELECT * FROM t, u WHERE t.c = u.x ORDER BY t.rowid DESC',
      'SELECT * FROM t LEFT JOIN u ON t.c = u.x ORDER BY t.rowid',
      'SELECT * FROM t, u WHERE t.a = 3 AND t.c = u.x ORDER BY t.b',
      'SELECT * FROM t, u WHERE t.c = u.y ORDER BY t.rowid, u.rowid',
      'SELECT * FROM t, u WHERE t.c = u.x ORDER BY u.rowid',
      'SELECT * FROM u, t WHERE t.a = u.x ORDER BY u.rowid DESC',
      'SELECT * FROM t, u WHERE t.c = u.x ORDER BY u.y',
      'SELECT * FROM t, u WHERE t.c = u.x ORDER BY u.x DESC',
      'SELECT t.a, t.b FROM t, u WHERE t.a < 5 AND t.c = u.y ORDER BY t.rowid',
      'SELECT t.a FROM t, u WHERE t.a BETWEEN 1 AND 3 AND t.c = u.y ORDER BY t.rowid',
      'SELECT * FROM t, u WHERE t.c = u.z ORDER BY t.a',
    ]) {
      expect({ q, plan: planOf(db, q) }).toEqual({ q, plan: planOf(ref, q) });
    }
    ref.close();
    db.close();
  });

  it('random data, indexes and directions: the keys in SQLite’s order, the same rows (property)', () => {
    const v = fc.option(fc.integer({ min: 0, max: 5 }), { nil: null });
    const lit = (x: number | null): string => (x === null ? 'NULL' : String(x));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(v, v, v), { minLength: 1, maxLength: 15 }),
        fc.array(fc.tuple(v, v), { minLength: 1, maxLength: 15 }),
        fc.subarray(['CREATE INDEX ta ON t(a)', 'CREATE INDEX tab ON t(a, b)', 'CREATE INDEX tb ON t(b)', 'CREATE INDEX ux ON u(x)']),
        fc.constantFrom('t.rowid', 't.a', 't.a, t.b', 't.b', 't.a DESC', 't.a DESC, t.b DESC', 't.rowid DESC', 'u.rowid', 'u.x', 'u.rowid DESC', 'u.x DESC, u.y DESC'),
        fc.constantFrom('t.c = u.x', 't.a = u.x', 't.b = u.y', 't.c = u.x AND t.a > 1', 't.a = 2 AND t.c = u.y'),
        fc.boolean(),
        (tr, ur, idx, ob, on, left) => {
          const setup = ['CREATE TABLE t(a, b, c)', 'CREATE TABLE u(x, y)', ...idx];
          setup.push(`INSERT INTO t VALUES ${tr.map((r) => `(${r.map(lit).join(', ')})`).join(', ')}`);
          setup.push(`INSERT INTO u VALUES ${ur.map((r) => `(${r.map(lit).join(', ')})`).join(', ')}`);
          const keys = ob.split(', ').map((k) => k.replace(' DESC', ''));
          const q = left
            ? `SELECT ${keys.join(', ')}, t.rowid, u.rowid FROM t LEFT JOIN u ON ${on} ORDER BY ${ob}`
            : `SELECT ${keys.join(', ')}, t.rowid, u.rowid FROM t, u WHERE ${on} ORDER BY ${ob}`;
          const { ref, db } = openPair(setup);
          try {
            const mine = db.prepare(q).raw(true).all() as unknown[][];
            const theirs = ref.prepare(q).raw(true).all() as unknown[][];
            const keyOf = (r: unknown[]): string => JSON.stringify(r.slice(0, keys.length));
            const all = (rs: unknown[][]): string[] => rs.map((r) => JSON.stringify(r)).sort();
            expect({ setup, q, keys: mine.map(keyOf), rows: all(mine) }).toEqual({ setup, q, keys: theirs.map(keyOf), rows: all(theirs) });
          } finally {
            ref.close();
            db.close();
          }
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 150), seed: 2711 },
    );
  });
});
