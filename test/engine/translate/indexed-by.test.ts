/**
 * `INDEXED BY` honoured as SQLite does (lang_indexedby.html; where.c whereLoopAddBtree with
 * isIndexedBy): the table is read through the named index alone — a seek when the WHERE terms
 * allow it, else the whole index ("SCAN t USING INDEX t_a"), never a rowid lookup, a table scan, a
 * covering scan of another index or an automatic index; an unknown name is "no such index: X", a
 * partial index whose WHERE the query does not imply "no query solution". The same in DELETE,
 * UPDATE and UPDATE … FROM (the loop that finds the rows to change), and NOT INDEXED there too.
 * A WITHOUT ROWID table keeps the planner's own path for now (its other indexes are not read
 * through yet), but an unknown name is an error there as well. Oracle: better-sqlite3 (SQLite
 * 3.53): plans, rows in order, the tables after each change, and errors.
 */
import { describe, expect, it } from 'vitest';
import { rowsOrError } from '../../support/outcome.js';
import { expectSamePlansAndRows, openPair, planOf } from '../../support/query-plan.js';

const SETUP = [
  'CREATE TABLE t(id INTEGER PRIMARY KEY, a, b, c)',
  'CREATE INDEX t_a ON t(a)',
  'CREATE INDEX t_b ON t(b)',
  'CREATE INDEX t_p ON t(c) WHERE c > 0',
  "INSERT INTO t(a, b, c) VALUES (5, 1, 2), (3, 2, 0), (9, 1, 0), (1, 7, 7), (3, 3, 1), (NULL, 'x', NULL), (7, 2, 3)",
];

describe('INDEXED BY, as SQLite', () => {
  it('reads through the named index only: plans and rows', () => {
    const { ref, db } = openPair(SETUP);
    expectSamePlansAndRows(db, ref, [
      'SELECT * FROM t INDEXED BY t_a WHERE a > 1',
      'SELECT * FROM t INDEXED BY t_a',
      'SELECT a FROM t INDEXED BY t_a',
      'SELECT * FROM t INDEXED BY t_a WHERE b = 1',
      'SELECT * FROM t INDEXED BY t_b WHERE a = 1 AND b = 2',
      'SELECT * FROM t INDEXED BY t_a WHERE id = 5',
      'SELECT * FROM t INDEXED BY t_a ORDER BY a',
      'SELECT * FROM t INDEXED BY t_a ORDER BY b',
      'SELECT count(*) FROM t INDEXED BY t_b',
      'SELECT b, count(*) FROM t INDEXED BY t_b GROUP BY b',
      'SELECT DISTINCT a FROM t INDEXED BY t_b',
      'SELECT * FROM t INDEXED BY t_a, t AS u INDEXED BY t_b WHERE t.a = u.b',
      'SELECT * FROM t AS x INDEXED BY t_b JOIN t AS y ON x.id = y.id WHERE x.b > 3',
      'SELECT * FROM t INDEXED BY t_p WHERE c > 0',
      'SELECT * FROM t NOT INDEXED WHERE a = 3',
    ]);
    ref.close();
    db.close();
  });

  it('a WITHOUT ROWID table keeps the planner\'s own path (not honoured there yet): the same rows', () => {
    const { ref, db } = openPair(['CREATE TABLE w(k INTEGER PRIMARY KEY, x, y) WITHOUT ROWID', 'CREATE INDEX w_x ON w(x)', "INSERT INTO w VALUES (1, 5, 'a'), (2, 3, 'b'), (3, 5, 'c')"]);
    for (const q of ['SELECT * FROM w INDEXED BY w_x WHERE x = 5', 'SELECT y FROM w INDEXED BY w_x WHERE x > 3 ORDER BY x']) {
      expect({ q, rows: db.prepare(q).raw(true).all() }).toEqual({ q, rows: ref.prepare(q).raw(true).all() });
    }
    ref.close();
    db.close();
  });

  it('an unknown index and an unusable partial index are errors', () => {
    const { ref, db } = openPair(SETUP);
    for (const q of ['SELECT * FROM t INDEXED BY nope', 'SELECT * FROM t INDEXED BY t_p', 'SELECT * FROM t INDEXED BY t_p WHERE a = 1']) {
      const want = rowsOrError(() => ref.prepare(q).raw(true).all());
      expect(want).toHaveProperty('error');
      expect({ q, got: rowsOrError(() => db.prepare(q).raw(true).all() as unknown[]) }).toEqual({ q, got: want });
    }
    ref.close();
    db.close();
  });
});

describe('INDEXED BY and NOT INDEXED in DELETE and UPDATE, as SQLite', () => {
  const DML = [
    'DELETE FROM t INDEXED BY t_a WHERE a > 4',
    'DELETE FROM t INDEXED BY t_b WHERE a = 3',
    'DELETE FROM t NOT INDEXED WHERE a = 9',
    'UPDATE t INDEXED BY t_b SET c = c + 1 WHERE a = 3 AND b > 1',
    'UPDATE t INDEXED BY t_a SET b = 0',
    'UPDATE t NOT INDEXED SET a = a + 1 WHERE a = 1',
    'UPDATE t INDEXED BY t_p SET a = 0 WHERE c > 0 AND c > 2',
    'UPDATE t INDEXED BY t_a SET b = u.x FROM (SELECT 3 AS x) AS u WHERE t.a = u.x',
  ];

  it('plans the loop through the named index (or none), and changes the same rows', () => {
    const { ref, db } = openPair(SETUP);
    for (const q of DML) {
      expect({ q, plan: planOf(db, q) }).toEqual({ q, plan: planOf(ref, q) });
      const want = ref.prepare(q).run().changes;
      expect({ q, changes: db.prepare(q).run().changes }).toEqual({ q, changes: want });
      const all = 'SELECT * FROM t ORDER BY id';
      expect({ q, rows: db.prepare(all).raw(true).all() }).toEqual({ q, rows: ref.prepare(all).raw(true).all() });
    }
    ref.close();
    db.close();
  });

  it('an unknown index and an unusable partial index are errors, the table untouched', () => {
    const { ref, db } = openPair([...SETUP, 'CREATE TABLE w(k PRIMARY KEY, v) WITHOUT ROWID', "INSERT INTO w VALUES (1, 'a')"]);
    for (const q of [
      'DELETE FROM t INDEXED BY nope WHERE a = 1',
      'UPDATE t INDEXED BY nope SET b = 1 WHERE a = 1',
      'UPDATE t INDEXED BY nope SET b = 1 FROM (SELECT 1 AS x) AS u WHERE t.a = u.x',
      'UPDATE t INDEXED BY t_p SET a = 0 WHERE a = 1',
      'DELETE FROM w INDEXED BY nope WHERE v = 1',
      'UPDATE w INDEXED BY nope SET v = 2',
    ]) {
      const want = rowsOrError(() => [ref.prepare(q).run().changes]);
      expect(want).toHaveProperty('error');
      expect({ q, got: rowsOrError(() => [db.prepare(q).run().changes]) }).toEqual({ q, got: want });
    }
    for (const all of ['SELECT * FROM t ORDER BY id', 'SELECT * FROM w']) expect(db.prepare(all).raw(true).all()).toEqual(ref.prepare(all).raw(true).all());
    ref.close();
    db.close();
  });
});
