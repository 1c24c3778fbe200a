/**
 * Statements that need no statement journal (Program.usesStmtJournal false: one row by key, no
 * triggers / FK / REPLACE / AUTOINCREMENT / RETURNING / subqueries, dml.ts) run inside BEGIN
 * without one; when such a statement fails (UNIQUE, NOT NULL, CHECK, datatype mismatch), its
 * checks came before any change, so the transaction and its earlier changes stay, as in SQLite.
 * Property test: fast-check scripts mixing those single-row writes with multi-row ones (which keep
 * their journal) inside BEGIN … COMMIT/ROLLBACK, run statement by statement on Strata and on
 * better-sqlite3 (the oracle): every result and error, and the files (rows, `PRAGMA
 * integrity_check`), must agree.
 *
 * `npm test` runs a seeded sample (STRATA_STMTJ_RUNS, default 25; STRATA_STMTJ_SEED).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/api/index.js';
import { runScript } from '../engine/translate/dml-oracle.js';

const RUNS = Number(process.env.STRATA_STMTJ_RUNS ?? 25);
const SEED = Number(process.env.STRATA_STMTJ_SEED ?? 20261126);
const dir = mkdtempSync(join(tmpdir(), 'strata-stmtj-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCHEMA = [
  'CREATE TABLE t(id INTEGER PRIMARY KEY, a INT NOT NULL, b TEXT UNIQUE, c INT CHECK (c < 50), d INTEGER)',
  'CREATE INDEX t_a ON t(a)',
  'CREATE UNIQUE INDEX t_cd ON t(c, d)',
];

const small = fc.integer({ min: 0, max: 9 });
const val = fc.oneof(small.map(String), fc.constantFrom('NULL', "'x'", "'y'", '60'));
const single = fc.oneof(
  fc.tuple(small, val, val, val, val).map(([id, a, b, c, d]) => `INSERT INTO t VALUES (${id}, ${a}, ${b}, ${c}, ${d})`),
  fc.tuple(val, val, val).map(([a, b, c]) => `INSERT INTO t(a, b, c) VALUES (${a}, ${b}, ${c})`),
  fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), val, small).map(([col, v, id]) => `UPDATE t SET ${col} = ${v} WHERE id = ${id}`),
  fc.tuple(val, val, small).map(([b, c, id]) => `UPDATE t SET b = ${b}, c = ${c} WHERE id = ${id}`),
  small.map((id) => `DELETE FROM t WHERE id = ${id}`),
);
const multi = fc.oneof(
  fc.tuple(small, val, val).map(([id, b, b2]) => `INSERT INTO t VALUES (${id + 20}, 1, ${b}, 1, ${id}), (${id + 21}, 2, ${b2}, 2, ${id})`),
  fc.tuple(val, small).map(([c, k]) => `UPDATE t SET c = ${c} WHERE a >= ${k}`),
  small.map((k) => `DELETE FROM t WHERE a = ${k}`),
);
const script = fc.tuple(
  fc.array(single, { minLength: 0, maxLength: 5 }),
  fc.array(fc.oneof(single, single, single, multi, fc.constant('SELECT * FROM t ORDER BY id')), { minLength: 3, maxLength: 15 }),
  fc.constantFrom('COMMIT', 'ROLLBACK'),
);

describe('statement journal only where a statement may abort halfway', () => {
  it('EXPLAIN marks single-row writes by key usesStmtJournal=0, the others 1', () => {
    const db = new Database(':memory:');
    for (const s of SCHEMA) db.exec(s);
    const mark = (sql: string): unknown => (db.prepare(`EXPLAIN ${sql}`).raw(true).all() as unknown[][]).find((r) => r[1] === 'Transaction')?.[7];
    expect(mark('INSERT INTO t VALUES (1, 2, 3, 4, 5)')).toBe('usesStmtJournal=0');
    expect(mark('UPDATE t SET b = 1 WHERE id = 2')).toBe('usesStmtJournal=0');
    expect(mark('DELETE FROM t WHERE id = 2')).toBe('usesStmtJournal=0');
    expect(mark('INSERT INTO t VALUES (1, 2, 3, 4, 5), (2, 2, 3, 4, 5)')).toBe('usesStmtJournal=1');
    expect(mark('INSERT OR REPLACE INTO t VALUES (1, 2, 3, 4, 5)')).toBe('usesStmtJournal=1');
    expect(mark('UPDATE t SET b = 1 WHERE a = 2')).toBe('usesStmtJournal=1');
    expect(mark('UPDATE t SET id = 1 WHERE id = 2')).toBe('usesStmtJournal=1');
    expect(mark('DELETE FROM t WHERE id IN (1, 2)')).toBe('usesStmtJournal=1');
    expect(mark('INSERT INTO t VALUES (1, 2, 3, 4, 5) RETURNING id')).toBe('usesStmtJournal=1');
    db.close();
  });

  it('failing statements inside BEGIN leave the transaction as better-sqlite3 does', () => {
    let n = 0;
    fc.assert(
      fc.property(script, ([before, body, end]) => {
        const sql = [...SCHEMA, ...before, 'BEGIN', ...body, end, 'SELECT * FROM t ORDER BY id'];
        const { mine, theirs } = runScript(dir, `s${n++}`, sql);
        expect(mine).toEqual(theirs);
        expect((mine as { file: { integrity: unknown } }).file.integrity).toEqual(['ok']);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 60_000 + RUNS * 2_000);
});
