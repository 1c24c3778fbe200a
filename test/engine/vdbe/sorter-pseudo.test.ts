/**
 * SorterData handing a flat sorter's row to its pseudo cursor in place (hot-codes.ts
 * SORTER_DATA_PSEUDO, hot-ops.ts sorterDataPseudo, memory-cursor.ts PseudoCursor.flat) against
 * better-sqlite3: fast-check tables (INTEGERs, REALs, TEXT, BLOBs, NULLs; up to 60 rows with keys of
 * every class, or 256 to 600 rows with an INTEGER GROUP BY key of a small range, which the counting
 * sort keeps flat) and GROUP BY / ORDER BY statements whose output
 * loops read the sorter through a pseudo cursor (aggregates, bare columns, HAVING, LIMIT, a GROUP BY
 * feeding an ORDER BY, a subquery): the same rows, with safe integers. A second test checks that
 * their programs carry the code.
 *
 * `npm test` runs a seeded sample (STRATA_SORTERPSEUDO_RUNS, default 30; STRATA_SORTERPSEUDO_SEED).
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';
import { parseStatement } from '../../../src/engine/parser/index.js';
import { translate } from '../../../src/engine/translate/index.js';
import { buildSchema } from '../../../src/engine/schema/build.js';
import { GROUP_SCAN, hotCodes, SORTER_DATA_PSEUDO } from '../../../src/engine/vdbe/hot-codes.js';
import { rowsOrError } from '../../support/outcome.js';

const RUNS = Number(process.env.STRATA_SORTERPSEUDO_RUNS ?? 30);
const SEED = Number(process.env.STRATA_SORTERPSEUDO_SEED ?? 20261126);

/** Statements with a total order on their output (ties would leave the order to each engine). */
const QUERIES = [
  'SELECT a % 7, count(*), sum(id) FROM t GROUP BY 1 ORDER BY 3 DESC, 1',
  'SELECT k, count(*), sum(b), total(c), min(c), max(b) FROM t GROUP BY k ORDER BY k',
  'SELECT k, group_concat(id) FROM t GROUP BY k HAVING count(*) > 1 ORDER BY 2, 1',
  'SELECT k, max(a), id FROM t GROUP BY k ORDER BY k',
  'SELECT id, a, b, c FROM t ORDER BY c, b DESC, id',
  'SELECT id, c FROM t ORDER BY a DESC, id LIMIT 7',
  'SELECT k, b, count(*) FROM t GROUP BY k, b ORDER BY k DESC, b',
  'SELECT x, count(*) FROM (SELECT k * 2 AS x FROM t ORDER BY id) GROUP BY x ORDER BY x',
];

const value = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -50, max: 50 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('9007199254740993', '-9223372036854775808', '4611686018427387904') },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((x) => (Number.isInteger(x) ? `${x}.0` : String(x))) },
  { weight: 2, arbitrary: fc.constantFrom("'x'", "'Y'", "'abc'", "''", "'10'") },
  { weight: 1, arbitrary: fc.constantFrom("x'00ff'", "x''") },
  { weight: 2, arbitrary: fc.constant('NULL') },
);
/**
 * Small tables with keys of every class, and tables of 256 to 600 rows whose key k is an INTEGER of
 * a small range: only those the counting sort keeps flat (memory-cursor.ts), the case handed over in
 * place.
 */
const table = fc.oneof(
  fc.record({ rows: fc.array(fc.tuple(fc.oneof(fc.integer({ min: 0, max: 12 }).map(String), value), value, value, value), { maxLength: 60 }) }),
  fc.record({ rows: fc.array(fc.tuple(fc.integer({ min: -3, max: 40 }).map(String), value, value, value), { minLength: 256, maxLength: 600 }) }),
);

const outcome = rowsOrError;

describe('SorterData into a pseudo cursor in place, as SQLite', () => {
  it('GROUP BY and ORDER BY outputs give better-sqlite3 rows', () => {
    fc.assert(
      fc.property(table, ({ rows }) => {
        const ddl = 'CREATE TABLE t(id INTEGER PRIMARY KEY, k, a, b, c)';
        const oracle = new BetterSqlite3(':memory:');
        const db = new Database(':memory:');
        const script = [ddl, ...(rows.length ? [`INSERT INTO t VALUES ${rows.map((r, i) => `(${i + 1}, ${r.join(', ')})`).join(', ')}`] : [])];
        for (const s of script) {
          oracle.exec(s);
          db.exec(s);
        }
        for (const q of QUERIES) {
          // Rows, or the error (sum() of big INTEGERs overflows in both)
          const want = outcome(() => oracle.prepare(q).raw(true).safeIntegers(true).all());
          const got = outcome(() => db.prepare(q).raw(true).safeIntegers(true).all() as unknown[]);
          expect(got, q).toEqual(want);
        }
        oracle.close();
        db.close();
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 120_000);

  it('the output loops of these statements carry the SORTER_DATA_PSEUDO code (GROUP_SCAN for a GROUP BY loop, which falls back to it)', () => {
    const schema = buildSchema([{ rowid: 1, type: 'table', name: 't', tblName: 't', rootpage: 2, sql: 'CREATE TABLE t(id INTEGER PRIMARY KEY, k, a, b, c)' }], 1);
    const codes = (sql: string): number[] => [...hotCodes(translate(parseStatement(sql), schema))];
    const count = (sql: string): number => codes(sql).filter((c) => c === SORTER_DATA_PSEUDO || c === GROUP_SCAN).length;
    expect(count(QUERIES[0])).toBe(2); // the GROUP BY sorter and the ORDER BY sorter
    expect(codes(QUERIES[0]).filter((c) => c === GROUP_SCAN)).toHaveLength(1);
    expect(count(QUERIES[4])).toBe(1);
    expect(count('SELECT k, count(*) FROM t GROUP BY k')).toBe(1);
  });
});
