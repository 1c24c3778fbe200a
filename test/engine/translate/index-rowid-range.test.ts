/**
 * A range on the rowid after an index matched whole by `=` (where.ts bestPathOf): the index's
 * entries for one key run in rowid order, the rowid being the last field of each (fileformat2
 * §2.5), so the seek and the loop's end test bound the rowid too, as SQLite's
 * "SEARCH t USING INDEX tb (b=? AND rowid>?)". Against better-sqlite3: the same plans and the same
 * rows, in order, for bounds of every storage class (a TEXT or REAL bound, NULL, one past the
 * 64-bit range), both directions, IN lists and covering reads.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { expectSamePlansAndRows, openPair } from '../../support/query-plan.js';

const SETUP = ['CREATE TABLE t(a, b, c)', 'CREATE INDEX tb ON t(b)', 'CREATE INDEX tab ON t(a, b)', 'CREATE TABLE u(x, y)'];

describe('a rowid range after an index matched by =', () => {
  it('fixed cases: the same plans and rows as SQLite', () => {
    const { ref, db } = openPair([
      ...SETUP,
      'INSERT INTO t WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 300) SELECT i % 4, i % 5, i FROM s',
      'INSERT INTO u VALUES (1, 2), (3, 4), (2, 90)',
    ]);
    expectSamePlansAndRows(db, ref, [
      'SELECT rowid, * FROM t WHERE b = 3 AND rowid > 40',
      'SELECT rowid, * FROM t WHERE b = 3 AND rowid >= 40 AND rowid <= 120',
      'SELECT rowid, * FROM t WHERE b = 3 AND rowid BETWEEN 40.5 AND 120',
      "SELECT rowid, * FROM t WHERE b = 3 AND rowid > '40'",
      "SELECT rowid, * FROM t WHERE b = 3 AND rowid < 'x'",
      'SELECT rowid, * FROM t WHERE b = 3 AND rowid > NULL',
      'SELECT rowid, * FROM t WHERE b = 3 AND rowid < 9223372036854775808',
      'SELECT rowid, * FROM t WHERE b = 3 AND rowid > -9223372036854775809',
      'SELECT rowid, * FROM t WHERE b = 3 AND rowid > 40 ORDER BY rowid DESC',
      'SELECT rowid, * FROM t WHERE b IN (1, 3) AND rowid < 50',
      'SELECT a, b, rowid FROM t WHERE a = 2 AND b = 2 AND rowid > 100 AND rowid < 250',
      'SELECT * FROM u, t WHERE t.b = u.x AND t.rowid > u.y',
      'SELECT count(*) FROM t WHERE b = 1 AND rowid <= 150',
    ]);
    ref.close();
    db.close();
  });

  it('random bounds and keys: the same rows as SQLite (property)', () => {
    const bound = fc.oneof(fc.integer({ min: -5, max: 320 }), fc.double({ min: -5, max: 320, noNaN: true }), fc.constantFrom('50', 'abc', '', null, 9.5e18, -9.5e18));
    const lit = (v: number | string | null): string => (v === null ? 'NULL' : typeof v === 'string' ? `'${v}'` : String(v));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.option(bound, { nil: undefined }), fc.option(bound, { nil: undefined }), fc.boolean(), fc.boolean(), (b, lo, hi, inclusive, desc) => {
        const { ref, db } = openPair([...SETUP, 'INSERT INTO t WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 300) SELECT i % 4, i % 5, i FROM s']);
        const terms = [`b = ${b}`];
        if (lo !== undefined) terms.push(`rowid ${inclusive ? '>=' : '>'} ${lit(lo)}`);
        if (hi !== undefined) terms.push(`rowid ${inclusive ? '<=' : '<'} ${lit(hi)}`);
        try {
          expectSamePlansAndRows(db, ref, [`SELECT rowid, c FROM t WHERE ${terms.join(' AND ')} ORDER BY rowid${desc ? ' DESC' : ''}`]);
        } finally {
          ref.close();
          db.close();
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 60), seed: 20261127 },
    );
  });
});
