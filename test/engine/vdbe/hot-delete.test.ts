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
