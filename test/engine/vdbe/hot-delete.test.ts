/**
 * Delete and IdxDelete run by the VDBE's hot loop (hot-ops.ts deleteBtree / idxDeleteBtree,
 * hot-codes.ts DELETE_BTREE / IDX_DELETE_BTREE) against better-sqlite3: fast-check scripts that
 * fill a table (rows short, leaf-splitting or spilling to overflow pages) with 0–3 indexes (ASC,
 * DESC, NOCASE TEXT), then one-pass DELETEs by rowid residue, range or column (deletes at page
 * boundaries: the in-place drop emptying leaves, or leaving them for the balancer), in and out of
 * transactions and around SAVEPOINT / ROLLBACK TO, and a prepared DELETE by rowid run row after
 * row. Both engines agree on every result, error and changes(), and on the files (rows,
 * integrity_check through better-sqlite3).
 *
 * A second property fills an untyped column with values of every serial type (NULL, 0 and 1,
 * integers of 1 to 8 bytes, REALs, TEXT, BLOBs) under one- and two-column indexes, the keys the
 * in-place IdxDelete's search compares by their first field (key-compare.ts firstIntOrder).
 *
 * `npm test` runs a seeded sample (STRATA_HOTDELETE_RUNS, default 25; STRATA_HOTDELETE_SEED).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from '../translate/dml-oracle.js';

const RUNS = Number(process.env.STRATA_HOTDELETE_RUNS ?? 25);
const SEED = Number(process.env.STRATA_HOTDELETE_SEED ?? 20261126);
const dir = mkdtempSync(join(tmpdir(), 'strata-hotdelete-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TABLES = ['CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT)', 'CREATE TABLE t(id INT, a INT, b TEXT)'];
const INDEXES = ['CREATE INDEX t_a ON t(a)', 'CREATE INDEX t_ad ON t(a DESC, id)', 'CREATE INDEX t_b ON t(b COLLATE NOCASE)'];

/** Rows k+1..k+n: a a pseudo-random residue, b a text of `len` bytes (some upper case). */
const fill = (k: number, n: number, len: number): string =>
  `INSERT INTO t WITH RECURSIVE s(x) AS (SELECT ${k + 1} UNION ALL SELECT x + 1 FROM s WHERE x < ${k + n}) ` +
  `SELECT x, (x * 7919) % 101, CASE WHEN x % 4 = 0 THEN upper('R' || x) ELSE 'r' || x END || printf('%.${len}c', 'x') FROM s`;

const where = fc.oneof(
  fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 4 })).map(([k, r]) => `id % ${k} = ${r % k}`),
  fc.tuple(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 300 })).map(([x, n]) => `id BETWEEN ${x} AND ${x + n}`),
  fc.integer({ min: 0, max: 100 }).map((a) => `a < ${a}`),
  fc.constantFrom("b LIKE 'R%'", 'a IS NULL', '1'),
);
const stmt = fc.oneof(
  { weight: 5, arbitrary: where.map((w) => `DELETE FROM t WHERE ${w}`) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 1, max: 200 }), fc.constantFrom(5, 60, 1500, 5000)).map(([k, n, l]) => fill(k + 1000, n, l)) },
  { weight: 1, arbitrary: fc.constantFrom('BEGIN', 'COMMIT', 'SAVEPOINT s', 'ROLLBACK TO s', 'RELEASE s', 'ROLLBACK') },
  { weight: 1, arbitrary: fc.constant('SELECT count(*), sum(a), sum(length(b)) FROM t') },
);

describe('hot Delete / IdxDelete as SQLite', () => {
  it(`${RUNS} scripts`, () => {
    let n = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...TABLES),
        fc.subarray(INDEXES),
        fc.integer({ min: 0, max: 900 }),
        fc.constantFrom(5, 60, 1500, 5000),
        fc.array(stmt, { minLength: 1, maxLength: 8 }),
        (table, indexes, rows, len, script) => {
          const { mine, theirs } = runScript(dir, `d${n++}`, [table, ...indexes, fill(0, rows, len), ...script, 'SELECT * FROM t ORDER BY 1, 2, 3']);
          expect(mine).toEqual(theirs);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

/** Row x's value of the untyped column `a`: one storage class / serial type per residue. */
const mixedA = (m: number): string =>
  `CASE (x * ${m}) % 13 WHEN 0 THEN NULL WHEN 1 THEN 0 WHEN 2 THEN 1 WHEN 3 THEN x % 7 - 3 WHEN 4 THEN x * 1000 ` +
  `WHEN 5 THEN -x * 100000 WHEN 6 THEN x * 4294967296 WHEN 7 THEN 9223372036854775807 - x WHEN 8 THEN x + 0.5 ` +
  `WHEN 9 THEN 'k' || (x % 50) WHEN 10 THEN x'00ff' WHEN 11 THEN -x ELSE x % 5 END`;

describe('hot IdxDelete over keys of every serial type as SQLite', () => {
  it(`${Math.max(4, RUNS >> 2)} scripts`, () => {
    let n = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('CREATE INDEX t_a ON t(a)', 'CREATE INDEX t_ab ON t(a, b)', 'CREATE INDEX t_ba ON t(b, a)'),
        fc.integer({ min: 200, max: 3000 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(
          fc.oneof(
            fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 4 })).map(([k, r]) => `DELETE FROM t WHERE id % ${k} = ${r % k}`),
            fc.constantFrom('DELETE FROM t WHERE a > 0', 'DELETE FROM t WHERE a IS NULL', "DELETE FROM t WHERE typeof(a) = 'real'", 'BEGIN', 'COMMIT'),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        (index, rows, m, script) => {
          const fillMixed = `INSERT INTO t WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < ${rows}) SELECT x, ${mixedA(m)}, x % 3 FROM s`;
          const { mine, theirs } = runScript(dir, `m${n++}`, ['CREATE TABLE t(id INTEGER PRIMARY KEY, a, b)', index, fillMixed, ...script, 'SELECT * FROM t ORDER BY 1']);
          expect(mine).toEqual(theirs);
        },
      ),
      { numRuns: Math.max(4, RUNS >> 2), seed: SEED + 1 },
    );
  });
});
