/**
 * The aggregate scan loop run as one step (agg-scan.ts, hot-codes.ts AGG_SCAN, hot-ops.ts aggScan)
 * against better-sqlite3: fast-check tables written by better-sqlite3 into a file (rowid tables,
 * INTEGER PRIMARY KEY, WITHOUT ROWID; INTEGERs near ±2^53 and the int64 bounds, REALs, TEXT and
 * BLOBs short or spilling to overflow pages, NULLs; columns added by ALTER TABLE … DEFAULT so that
 * older records are shorter; 0 to ~700 rows over many leaves), then aggregates over a full scan
 * (count(*), count(x), sum, total, avg, min, max, group_concat with one and two arguments, several
 * columns, none) read by Strata's synchronous API and by connect() (node-async: page reads wait
 * on I/O inside the loop), with safe integers: the same rows or the same error. A second test checks
 * that the statements do take the one-step path (their programs carry the AGG_SCAN code) and that
 * a loop of another shape does not, and a third that the loop folds runs of INTEGER rows off the
 * leaves (leaf-fold.ts) rather than stepping each.
 *
 * `npm test` runs a seeded sample (STRATA_AGGSCAN_RUNS, default 30; STRATA_AGGSCAN_SEED).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, Database } from '../../../src/api/index.js';
import { parseStatement } from '../../../src/engine/parser/index.js';
import { translate } from '../../../src/engine/translate/index.js';
import { buildSchema } from '../../../src/engine/schema/build.js';
import { AGG_SCAN, hotCodes } from '../../../src/engine/vdbe/hot-codes.js';
import { aggScanAt } from '../../../src/engine/vdbe/agg-scan.js';
import { BTreeCursor } from '../../../src/btree/cursor.js';
import { rowsOrError, rowsOrErrorAsync } from '../../support/outcome.js';

const RUNS = Number(process.env.STRATA_AGGSCAN_RUNS ?? 30);
const SEED = Number(process.env.STRATA_AGGSCAN_SEED ?? 20261126);
const dir = mkdtempSync(join(tmpdir(), 'strata-aggscan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TABLES = [
  'CREATE TABLE t(id INTEGER PRIMARY KEY, a, b, c)',
  'CREATE TABLE t(a INT, b REAL, c TEXT)',
  'CREATE TABLE t(k INTEGER PRIMARY KEY, a, b, c) WITHOUT ROWID',
];

/** The statements compared: full-scan aggregates of several shapes (all but the last two take the one-step loop). */
const QUERIES = [
  'SELECT count(*) FROM t',
  'SELECT count(*), sum(a) FROM t',
  'SELECT sum(a), total(b), avg(c), count(b) FROM t',
  'SELECT min(a), max(b), count(c), sum(c) FROM t',
  'SELECT group_concat(c), group_concat(a, b) FROM t',
  'SELECT count(*), sum(d), max(d), min(d) FROM t',
  'SELECT sum(a), sum(a), avg(a) FROM t',
  'SELECT total(a) + 1, count(*) * 2 FROM t',
  'SELECT count(a), total(a), avg(a), count(*) FROM t',
  'SELECT sum(d), count(d), count(*) FROM t',
  'SELECT count(a), sum(length(c)) FROM t',
  'SELECT max(a), a FROM t',
];

const bigs = ['9007199254740991', '9007199254740992', '-9007199254740993', '9223372036854775807', '-9223372036854775808', '4611686018427387904'];
const value = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -1000, max: 1000 }).map(String) },
  { weight: 2, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.constantFrom(...bigs) },
  { weight: 1, arbitrary: fc.constantFrom('140737488355327', '-140737488355328', '70368744177664', '8388607', '-8388608', '0', '1') },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }).map((x) => (Number.isInteger(x) ? `${x}.0` : String(x))) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 999 }), fc.constantFrom(1, 20, 60, 1500, 5000)).map(([n, l]) => `'${`v${n}`.padEnd(l, 'x')}'`) },
  { weight: 1, arbitrary: fc.constantFrom("'12'", "' 7 '", "'3.5'", "'-0'") },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3000 }).map((l) => `zeroblob(${l})`) },
  { weight: 2, arbitrary: fc.constant('NULL') },
);
const row = fc.tuple(value, value, value);
const script = fc.record({
  table: fc.constantFrom(...TABLES),
  rows: fc.array(row, { maxLength: 200 }),
  /** Filler rows (small integers, some text) so that tables span many leaves. */
  fill: fc.constantFrom(0, 0, 100, 500),
  /** Filler a values near 2^47 (6-byte INTEGERs), whose sum passes 2^52, 2^53 and more. */
  bigFill: fc.boolean(),
  /** Rows added after ALTER TABLE ADD COLUMN d DEFAULT 7 (older records lack d). */
  later: fc.array(fc.tuple(value, value, value, value), { maxLength: 20 }),
});

const outcome = rowsOrError;
const outcomeAsync = rowsOrErrorAsync;

let fileNo = 0;

describe('aggregate scan loop as SQLite', () => {
  it('full-scan aggregates give better-sqlite3 rows and errors (sync and node-async)', async () => {
    await fc.assert(
      fc.asyncProperty(script, async ({ table, rows, fill, bigFill, later }) => {
        const file = join(dir, `t${fileNo++}.db`);
        const oracle = new BetterSqlite3(file);
        oracle.exec(table);
        const cols = table.includes('WITHOUT ROWID') ? 'k, a, b, c' : 'a, b, c';
        let k = 0;
        const values = (vs: string[]): string => (cols.startsWith('k') ? [String(++k), ...vs] : vs).join(', ');
        oracle.exec('BEGIN');
        for (const r of rows) oracle.exec(`INSERT INTO t(${cols}) VALUES (${values(r)})`);
        for (let i = 0; i < fill; i++) oracle.exec(`INSERT INTO t(${cols}) VALUES (${values([String(bigFill ? 2 ** 47 - 1 - i * 977 : i % 97), String(i), `'f${i}'`])})`);
        oracle.exec('COMMIT');
        oracle.exec('ALTER TABLE t ADD COLUMN d DEFAULT 7');
        for (const r of later) oracle.exec(`INSERT INTO t(${cols}, d) VALUES (${values(r.slice(0, 3))}, ${r[3]})`);
        const expected = QUERIES.map((q) => outcome(() => oracle.prepare(q).raw(true).safeIntegers(true).all()));
        oracle.close();

        const adb = await connect(file);
        const gotAsync: unknown[] = [];
        for (const q of QUERIES) gotAsync.push(await outcomeAsync(() => adb.prepare(q).raw(true).safeIntegers(true).all()));
        await adb.close();
        expect(gotAsync).toEqual(expected);

        const db = new Database(file);
        const got = QUERIES.map((q) => outcome(() => db.prepare(q).raw(true).safeIntegers(true).all() as unknown[]));
        db.close();
        expect(got).toEqual(expected);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 120_000);

  it('folds runs of INTEGER rows straight off the leaves (leaf-fold.ts), and steps the rest', () => {
    const proto = BTreeCursor.prototype as unknown as { foldIntsInLeaf: (field: number, out: { rows: number }) => number };
    const original = proto.foldIntsInLeaf;
    let folded = 0;
    proto.foldIntsInLeaf = function (this: unknown, field: number, out: { rows: number }) {
      const k = original.call(this, field, out);
      folded += k;
      return k;
    };
    try {
      const db = new Database(':memory:');
      db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, a, b); INSERT INTO t WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 20000) SELECT x, CASE WHEN x % 1000 = 0 THEN x || '' WHEN x % 777 = 0 THEN NULL ELSE x * 37 END, 'row ' || x FROM s");
      const oracle = new BetterSqlite3(':memory:');
      oracle.exec(db.prepare('SELECT sql FROM sqlite_schema').pluck().get() as string);
      oracle.prepare('INSERT INTO t VALUES (?, ?, ?)');
      const ins = oracle.prepare('INSERT INTO t VALUES (?, ?, ?)');
      for (const r of db.prepare('SELECT id, a, b FROM t').raw(true).all() as unknown[][]) ins.run(...r);
      const q = 'SELECT count(*), sum(a), count(a), avg(a), total(a) FROM t';
      expect(db.prepare(q).raw(true).all()).toEqual(oracle.prepare(q).raw(true).all());
      // Every row folded but the TEXT ones ('1000', '2000', …), which are stepped.
      expect(folded).toBe(19_980);
      db.close();
      oracle.close();
    } finally {
      proto.foldIntsInLeaf = original;
    }
  });

  it('the loops of full-scan aggregates carry the AGG_SCAN code; other loops do not', () => {
    const schema = buildSchema(
      [
        { rowid: 1, type: 'table', name: 't', tblName: 't', rootpage: 2, sql: 'CREATE TABLE t(id INTEGER PRIMARY KEY, a, b, c, d DEFAULT 7)' },
        { rowid: 2, type: 'table', name: 'w', tblName: 'w', rootpage: 3, sql: 'CREATE TABLE w(k INTEGER PRIMARY KEY, a) WITHOUT ROWID' },
      ],
      1,
    );
    const fused = (sql: string): number => [...hotCodes(translate(parseStatement(sql), schema))].filter((c) => c === AGG_SCAN).length;
    // The fold: Columns of one field, foldable functions (not min, max, group_concat).
    const foldField = (sql: string): number => {
      const program = translate(parseStatement(sql), schema);
      return aggScanAt(program.insns, hotCodes(program).indexOf(AGG_SCAN), () => false)?.foldField ?? -2;
    };
    expect(foldField('SELECT count(*), sum(a) FROM t')).toBe(1);
    expect(foldField('SELECT sum(a), sum(a), avg(a) FROM t')).toBe(1);
    expect(foldField('SELECT sum(d), count(d), count(*) FROM t')).toBe(4);
    expect(foldField('SELECT sum(a), total(b), avg(c), count(b) FROM t')).toBe(-1);
    expect(foldField('SELECT min(a), count(*) FROM t')).toBe(-1);

    for (const q of QUERIES.slice(0, 10)) expect(fused(q), q).toBe(1);
    expect(fused('SELECT count(*), sum(a) FROM w')).toBe(1);
    // A Function between the Columns and the AggSteps, a bare column, a WHERE, a GROUP BY, DISTINCT: not this loop.
    for (const q of [...QUERIES.slice(10), 'SELECT sum(a) FROM t WHERE b > 0', 'SELECT a, count(*) FROM t GROUP BY a', 'SELECT count(DISTINCT a) FROM t']) expect(fused(q), q).toBe(0);
  });
});
