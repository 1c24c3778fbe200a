/**
 * Join order and access paths against SQLite's (better-sqlite3, SQLite 3.53), with and without
 * statistics (ANALYZE): a table with an index on the join column is searched from a scan of the
 * other rather than scanned with an automatic index built on the other (SQLite's tuning: building
 * an automatic index costs 7·N·log2 N, each of its lookups yields 20 rows; where.ts bestPathOf).
 * Plans must be the same line for line, and rows the same in order. SQLite 3.38+ also prints a
 * "BLOOM FILTER ON …" line before some automatic-index searches (a filter that skips lookups that
 * cannot match: the rows and their order are the same without it); Strata has none, so those lines
 * are left out of SQLite's plan here.
 */
import { describe, expect, it } from 'vitest';
import { openPair, planOf } from '../../support/query-plan.js';

const SETUP = ['CREATE TABLE t(a, b, c)', 'CREATE INDEX t_a ON t(a)', 'CREATE TABLE u(x, y)', 'CREATE TABLE v(p, q)', 'CREATE INDEX v_p ON v(p)', 'CREATE TABLE w(k INTEGER PRIMARY KEY, m)'];

const ROWS = [
  'INSERT INTO t WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 300) SELECT i % 50, i % 7, i FROM s',
  'INSERT INTO u WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 40) SELECT i, i % 3 FROM s',
  'INSERT INTO v WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000) SELECT i % 100, i FROM s',
  'INSERT INTO w WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 60) SELECT i, i % 9 FROM s',
];

const QUERIES = [
  'SELECT * FROM t, u WHERE t.a = u.x',
  'SELECT t.b FROM u, t WHERE t.a = u.x',
  'SELECT * FROM t JOIN u ON t.a = u.x WHERE u.y > 1',
  'SELECT * FROM t, u, v WHERE t.a = u.x AND u.y = v.p',
  'SELECT * FROM u, v WHERE u.x = v.q',
  'SELECT * FROM u, v, t WHERE u.x = v.q AND v.p = t.c',
  'SELECT * FROM u LEFT JOIN t ON t.a = u.x',
  'SELECT * FROM t LEFT JOIN u ON t.a = u.x',
  'SELECT * FROM w, u WHERE w.k = u.x',
  'SELECT * FROM u, w WHERE w.m = u.x',
  'SELECT * FROM t, u WHERE t.a = u.x AND t.b = 3',
  'SELECT count(*) FROM t, u, v WHERE t.c = u.y AND u.x = v.q',
];

describe('join order as SQLite chooses it', () => {
  for (const analyzed of [false, true]) {
    it(`${analyzed ? 'with' : 'without'} statistics: the same plans and the same rows in order`, () => {
      const { ref, db } = openPair([...SETUP, ...(analyzed ? [...ROWS, 'ANALYZE'] : [])]);
      for (const q of QUERIES) {
        const want = planOf(ref, q).filter((line) => !line.startsWith('BLOOM FILTER'));
        expect({ q, plan: planOf(db, q) }).toEqual({ q, plan: want });
        expect({ q, rows: db.prepare(q).raw(true).all() }).toEqual({ q, rows: ref.prepare(q).raw(true).all() });
      }
      ref.close();
      db.close();
    });
  }

  it('UPDATE … FROM reads the target through an index holding what the join reads of it', () => {
    const { ref, db } = openPair([...SETUP, ...ROWS]);
    for (const q of ['UPDATE t SET b = u.y FROM u WHERE t.a = u.x', 'UPDATE t SET c = t.a + u.y FROM u WHERE t.a = u.x']) {
      expect({ q, plan: planOf(db, q) }).toEqual({ q, plan: planOf(ref, q).filter((line) => !line.startsWith('BLOOM FILTER')) });
      expect({ q, changes: db.prepare(q).run().changes }).toEqual({ q, changes: ref.prepare(q).run().changes });
      const all = 'SELECT * FROM t ORDER BY rowid';
      expect(db.prepare(all).raw(true).all()).toEqual(ref.prepare(all).raw(true).all());
    }
    ref.close();
    db.close();
  });
});
