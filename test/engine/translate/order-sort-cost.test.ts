/**
 * A one-table SELECT with ORDER BY and no LIMIT: SQLite weighs the cheapest loop plus a sort
 * against a loop that delivers the order (where.ts orderedInsteadOfSort, after where.c
 * wherePathSolver and whereSortingCost). A range keeping a quarter of the table loses to a scan
 * in rowid order or an index walked whole; a closed range (1/64) or an equality keeps its search
 * and sorts. Against better-sqlite3: the same plans and the same rows in order.
 */
import { describe, it } from 'vitest';
import { expectSamePlansAndRowsAfter } from '../../support/query-plan.js';

describe('ORDER BY: sort or read in order, as SQLite weighs it', () => {
  it('one table, ranges and equalities against indexes that deliver the order', () => {
    expectSamePlansAndRowsAfter(
      [
        'CREATE TABLE t(x, y, z)',
        'CREATE INDEX tx ON t(x)',
        'CREATE INDEX ty ON t(y)',
        'INSERT INTO t WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 200) SELECT i % 13, (i * 7) % 31, i FROM s',
      ],
      [
        'SELECT rowid FROM t WHERE x > 3 ORDER BY rowid',
        'SELECT rowid, z FROM t WHERE x > 3 ORDER BY rowid DESC',
        'SELECT rowid FROM t WHERE x BETWEEN 2 AND 5 ORDER BY rowid',
        'SELECT * FROM t WHERE x > 3 ORDER BY y',
        'SELECT * FROM t WHERE x > 3 ORDER BY y DESC, rowid DESC',
        'SELECT * FROM t WHERE x = 4 ORDER BY y',
        'SELECT * FROM t WHERE x IN (1, 2, 3) ORDER BY y',
        'SELECT * FROM t WHERE rowid > 50 ORDER BY y',
        'SELECT * FROM t WHERE x > 3 ORDER BY y LIMIT 5',
        'SELECT * FROM t WHERE x < 5 AND y > 2 ORDER BY y',
        'SELECT x, y FROM t WHERE x >= 3 AND x < 9 ORDER BY y',
      ],
    );
  });
});
