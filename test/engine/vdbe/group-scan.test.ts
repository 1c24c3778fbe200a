/**
 * The GROUP BY output loop run a group at a time (group-scan.ts, hot-codes.ts GROUP_SCAN,
 * hot-ops.ts groupScan) against better-sqlite3: fast-check tables (group keys that are small
 * INTEGERs, REALs equal to them, TEXT differing in case, BLOBs and NULLs; values of every class;
 * up to 80 rows with many small groups, or 300 to 1,200 rows in a few groups, so that a group
 * outlasts the handler's 256 rows per call) and GROUP BY statements of several shapes (one and two
 * key columns, expressions and COLLATE NOCASE as keys, aggregates of no, one and two arguments,
 * HAVING, a GROUP BY under an ORDER BY, bare columns and GROUP BY terms beside a min() or max()):
 * the same rows or the same error, with safe integers, through the synchronous API and through
 * connect(). A second test checks which programs carry the GROUP_SCAN code and which do not.
 *
 * `npm test` runs a seeded sample (STRATA_GROUPSCAN_RUNS, default 30; STRATA_GROUPSCAN_SEED).
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connect, Database } from '../../../src/api/index.js';
import { parseStatement } from '../../../src/engine/parser/index.js';
import { translate } from '../../../src/engine/translate/index.js';
import { buildSchema } from '../../../src/engine/schema/build.js';
import { GROUP_SCAN, hotCodes } from '../../../src/engine/vdbe/hot-codes.js';
import { rowsOrError, rowsOrErrorAsync } from '../../support/outcome.js';

const RUNS = Number(process.env.STRATA_GROUPSCAN_RUNS ?? 30);
const SEED = Number(process.env.STRATA_GROUPSCAN_SEED ?? 20261127);

const DDL = 'CREATE TABLE t(id INTEGER PRIMARY KEY, k, a, b, c)';

/** Statements with a total order on their output (the GROUP_SCAN ones first; see the last test). */
const QUERIES = [
  'SELECT k, count(*), sum(a), total(b), avg(a), count(b) FROM t GROUP BY k ORDER BY k',
  'SELECT a % 100, count(*), sum(id) FROM t GROUP BY 1 ORDER BY 3 DESC, 1',
  'SELECT k, b, count(*), sum(id) FROM t GROUP BY k, b ORDER BY 1, 2',
  "SELECT k % 3, group_concat(a, '-'), count(a) FROM t GROUP BY 1 ORDER BY 1",
  'SELECT c COLLATE NOCASE AS x, count(*), sum(id) FROM t GROUP BY x ORDER BY x',
  'SELECT lower(c), count(*), total(id) FROM t GROUP BY lower(c) ORDER BY 1',
  'SELECT k, sum(a) FROM t GROUP BY k HAVING count(*) > 2 ORDER BY k',
  'SELECT count(*) FROM t GROUP BY k ORDER BY 1',
  // Not the fused shape: a DISTINCT aggregate; a min() or max(), whose row gives the bare columns and
  // the GROUP BY terms (k = 1 and 1.0, c = 'x' and 'X' under NOCASE are one group each).
  'SELECT k, count(DISTINCT a) FROM t GROUP BY k ORDER BY k',
  'SELECT k, max(a), id FROM t GROUP BY k ORDER BY k',
  'SELECT k, min(c), max(c), count(*) FROM t GROUP BY k ORDER BY k',
  'SELECT c COLLATE NOCASE AS x, count(*), max(id) FROM t GROUP BY x ORDER BY x',
  "SELECT k, typeof(k), min(id) FROM t GROUP BY k HAVING typeof(k) <> 'null' ORDER BY k",
];
/** How many of {@link QUERIES}, from the first, take the GROUP_SCAN loop. */
const FUSED = 8;

const value = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: -50, max: 50 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('9007199254740993', '-9223372036854775808', '4611686018427387904') },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((x) => (Number.isInteger(x) ? `${x}.0` : String(x))) },
  { weight: 2, arbitrary: fc.constantFrom("'x'", "'X'", "'Abc'", "'abc'", "''", "'10'") },
  { weight: 1, arbitrary: fc.constantFrom("x'00ff'", "x''") },
  { weight: 2, arbitrary: fc.constant('NULL') },
);
/** A group key: mostly a few INTEGERs, with REALs equal to them, TEXT, a BLOB and NULL. */
const key = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 5 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('1.0', '2.5', "'1'", "'k'", "'K'", "x'01'", 'NULL') },
);
const table = fc.oneof(
  fc.record({ rows: fc.array(fc.tuple(fc.oneof(key, value), value, value, value), { maxLength: 80 }) }),
  fc.record({ rows: fc.array(fc.tuple(key, value, value, value), { minLength: 300, maxLength: 1200 }) }),
);

const outcome = rowsOrError;
const outcomeAsync = rowsOrErrorAsync;

describe('GROUP BY output loop a group at a time, as SQLite', () => {
  it('GROUP BY statements give better-sqlite3 rows and errors (sync and connect())', async () => {
    await fc.assert(
      fc.asyncProperty(table, async ({ rows }) => {
        const script = [DDL, ...(rows.length ? [`INSERT INTO t VALUES ${rows.map((r, i) => `(${i + 1}, ${r.join(', ')})`).join(', ')}`] : [])];
        const oracle = new BetterSqlite3(':memory:');
        for (const s of script) oracle.exec(s);
        const want = QUERIES.map((q) => outcome(() => oracle.prepare(q).raw(true).safeIntegers(true).all()));
        oracle.close();

        const db = new Database(':memory:');
        for (const s of script) db.exec(s);
        const got = QUERIES.map((q) => outcome(() => db.prepare(q).raw(true).safeIntegers(true).all() as unknown[]));
        db.close();
        for (let i = 0; i < QUERIES.length; i++) expect(got[i], QUERIES[i]).toEqual(want[i]);

        const adb = await connect(':memory:');
        for (const s of script) await adb.exec(s);
        for (let i = 0; i < QUERIES.length; i++) {
          expect(await outcomeAsync(() => adb.prepare(QUERIES[i]).raw(true).safeIntegers(true).all()), QUERIES[i]).toEqual(want[i]);
        }
        await adb.close();
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 180_000);

  it('GROUP BY loops of the fused shape carry the GROUP_SCAN code; others do not', () => {
    const schema = buildSchema([{ rowid: 1, type: 'table', name: 't', tblName: 't', rootpage: 2, sql: DDL }], 1);
    const fused = (sql: string): number => [...hotCodes(translate(parseStatement(sql), schema))].filter((c) => c === GROUP_SCAN).length;
    for (const q of QUERIES.slice(0, FUSED)) expect(fused(q), q).toBe(1);
    // DISTINCT aggregates, bare columns, no GROUP BY, an ORDER BY alone: not this loop.
    for (const q of [...QUERIES.slice(FUSED), 'SELECT count(*) FROM t', 'SELECT id FROM t ORDER BY a']) expect(fused(q), q).toBe(0);
  });
});
