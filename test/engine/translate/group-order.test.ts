/**
 * GROUP BY in the loop's order and GROUP BY with a like ORDER BY, as SQLite plans them
 * (select.c groupBySort, orderByGrp): a GROUP BY whose terms an index delivers in order, or that
 * `=` terms hold fixed, forms its groups as the rows come, with no "USE TEMP B-TREE FOR GROUP BY";
 * an ORDER BY that is the GROUP BY (same terms, same order, any directions) sorts the groups in
 * its directions with no sorter of its own; one-row loops and `=`-held ORDER BY terms need no
 * sorter. Oracle: better-sqlite3 (SQLite 3.53): EXPLAIN QUERY PLAN and the rows in order (a
 * GROUP BY without ORDER BY gives its groups in key order on both).
 *
 * The property compares plans where the loop lines agree (SQLite weighs costs Strata's planner
 * does not model, e.g. a covering index against a table scan plus sort; those are counted and left
 * out) and rows always. `npm test` runs a seeded sample (STRATA_GROUPORDER_RUNS, default 60;
 * STRATA_GROUPORDER_SEED).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectSamePlansAndRowsAfter, indexSpecs, isTempLine, openPair, planOf } from '../../support/query-plan.js';

const RUNS = Number(process.env.STRATA_GROUPORDER_RUNS ?? 60);
const SEED = Number(process.env.STRATA_GROUPORDER_SEED ?? 20261127);

const plan = planOf;
const isTemp = isTempLine;

describe('GROUP BY and ORDER BY ordering, as SQLite', () => {
  it('fixed cases: plans and rows', () => {
    const schema = ['CREATE TABLE t(id INTEGER PRIMARY KEY, a, b, c)', 'CREATE INDEX t_a ON t(a)', 'CREATE TABLE u(x, y)'];
    const rows = [
      "INSERT INTO t(a, b, c) VALUES (5, 1, 2), (3, 2, 2), (9, 1, 0), (1, 7, 7), (3, 3, 1), (5, 1, 2), (NULL, NULL, 1), (3.0, 'x', 4), (5, 'X', 0)",
      'INSERT INTO u VALUES (1, 2), (1, 3), (2, 3), (NULL, 1)',
    ];
    const queries = [
      'SELECT a, count(*) FROM t GROUP BY a',
      'SELECT a, count(*), sum(b) FROM t GROUP BY a ORDER BY a DESC',
      'SELECT a, sum(b) FROM t WHERE a > 3 GROUP BY a',
      'SELECT a, count(DISTINCT b) FROM t GROUP BY a',
      'SELECT a, max(b), c FROM t GROUP BY a',
      'SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > 1 LIMIT 2',
      'SELECT a, count(*) FROM t GROUP BY a ORDER BY 2, 1',
      'SELECT b, count(*) FROM t WHERE b = 1 GROUP BY b',
      'SELECT b, count(*) FROM t GROUP BY b ORDER BY b',
      'SELECT b, count(*) FROM t GROUP BY b ORDER BY b DESC',
      'SELECT b, c, count(*) FROM t GROUP BY b, c ORDER BY b DESC, c',
      'SELECT b, c, count(*) FROM t GROUP BY b, c ORDER BY c, b',
      'SELECT b AS k, sum(a) FROM t GROUP BY 1 ORDER BY k DESC LIMIT 3',
      'SELECT a % 3, count(*) FROM t GROUP BY 1 ORDER BY 1',
      'SELECT x, group_concat(y) FROM u GROUP BY x ORDER BY x',
      'SELECT * FROM u WHERE x = 1 ORDER BY x',
      'SELECT * FROM u WHERE x = 1 AND y = 2 ORDER BY y DESC, x',
      'SELECT * FROM t WHERE id = 2 ORDER BY b',
      'SELECT id, b FROM t WHERE a = 3 ORDER BY id DESC, b',
    ];
    expectSamePlansAndRowsAfter([...schema, ...rows], queries);
  });

  it('random schemas and GROUP BY queries: rows in order, and the temporary b-trees where the loops agree (property)', () => {
    const column = fc.constantFrom('a', 'b', 'c');
    const caseArb = fc.record({
      nocase: fc.subarray(['a', 'b', 'c'], { maxLength: 1 }),
      indexes: indexSpecs(['a', 'b', 'c']),
      rows: fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom('1.0', "'x'", "'X'", 'NULL')), fc.integer({ min: 0, max: 3 })), { maxLength: 25 }),
      queries: fc.array(
        fc.record({
          group: fc.uniqueArray(column, { minLength: 1, maxLength: 2 }),
          where: fc.constantFrom('', 'a = 1', 'b = 2', 'a > 1', 'c = 0 AND a = 1', 'id = 3', 'b IS NULL'),
          order: fc.constantFrom('none', 'same', 'same-desc', 'reversed', 'count'),
          // (No group_concat: the order within a group is the loop's, and which loop SQLite picks
          // for some GROUP BY … ORDER BY … DESC is a cost Strata does not model.)
          agg: fc.constantFrom('count(*)', 'sum(c)', 'max(id), c', 'count(DISTINCT c)', 'total(id)'),
          having: fc.boolean(),
          limit: fc.boolean(),
        }),
        { minLength: 1, maxLength: 5 },
      ),
    });
    let compared = 0;
    let skipped = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const schema = [`CREATE TABLE t(id INTEGER PRIMARY KEY, ${['a', 'b', 'c'].map((n) => `${n}${c.nocase.includes(n) ? ' COLLATE NOCASE' : ''}`).join(', ')})`];
        c.indexes.forEach((ix, i) => schema.push(`CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX i${i} ON t(${ix.cols.join(', ')})`));
        const { ref, db } = openPair([...schema, ...c.rows.map((r) => `INSERT OR IGNORE INTO t(a, b, c) VALUES (${r.join(', ')})`)]);
        for (const qq of c.queries) {
          const g = qq.group.join(', ');
          const order =
            qq.order === 'same' ? ` ORDER BY ${g}` : qq.order === 'same-desc' ? ` ORDER BY ${qq.group.map((x) => `${x} DESC`).join(', ')}` : qq.order === 'reversed' ? ` ORDER BY ${[...qq.group].reverse().join(', ')}` : qq.order === 'count' ? ` ORDER BY count(*), ${g}` : '';
          const q = `SELECT ${g}, ${qq.agg} FROM t${qq.where ? ` WHERE ${qq.where}` : ''} GROUP BY ${g}${qq.having ? ' HAVING count(*) > 1' : ''}${order}${qq.limit ? ' LIMIT 3' : ''}`;
          // Rows in order: groups come in key order (or the ORDER BY's) on both engines. A bare c
          // beside max(id) and group_concat's order are SQLite's too (the row read last / in scan order).
          const mine = plan(db, q);
          const theirs = plan(ref, q);
          expect({ q, schema, plan: mine, rows: db.prepare(q).raw(true).all() }).toEqual({ q, schema, plan: mine, rows: ref.prepare(q).raw(true).all() });
          // Left out too: a DISTINCT aggregate beside an ORDER BY … DESC read backwards, whose
          // "(DISTINCT)" line SQLite sometimes drops and sometimes keeps (not modeled).
          const distinctDesc = qq.agg.includes('DISTINCT') && qq.order === 'same-desc';
          if (distinctDesc || JSON.stringify(mine.filter((l) => !isTemp(l))) !== JSON.stringify(theirs.filter((l) => !isTemp(l)))) {
            skipped++;
            continue;
          }
          compared++;
          expect({ q, schema, plan: mine }).toEqual({ q, schema, plan: theirs });
        }
        ref.close();
        db.close();
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.log(`GROUP BY plans compared: ${compared}; left out for another loop choice: ${skipped}`);
    expect(compared).toBeGreaterThan(skipped * 2);
  });
});
