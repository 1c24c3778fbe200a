/**
 * Property test: fast-check generates a parent table, a child table (plain or self-referencing
 * through a second key) with random ON DELETE / ON UPDATE actions, and scripts of multi-row
 * INSERT (… SELECT too), UPDATE of keys and DELETE on both, with PRAGMA foreign_keys = ON; a second
 * property makes either key DEFERRABLE INITIALLY DEFERRED and mixes in BEGIN, COMMIT, ROLLBACK and
 * savepoints (a deferred violation fails the COMMIT, a committing RELEASE or an autocommit statement).
 * Strata and better-sqlite3 run them statement by statement and must agree on every result,
 * changes(), last_insert_rowid(), error, and on the files (integrity_check clean).
 *
 * `npm test` runs a seeded sample (STRATA_FK_RUNS, default 20 scripts; STRATA_FK_SEED).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from './dml-oracle.js';

const RUNS = Number(process.env.STRATA_FK_RUNS ?? 20);
const SEED = Number(process.env.STRATA_FK_SEED ?? 20261126);
const dir = mkdtempSync(join(tmpdir(), 'strata-fkprop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ACTIONS = ['', ' ON DELETE CASCADE', ' ON DELETE SET NULL', ' ON DELETE RESTRICT', ' ON DELETE SET DEFAULT', ' ON UPDATE CASCADE', ' ON UPDATE SET NULL', ' ON DELETE CASCADE ON UPDATE CASCADE'];
const PARENTS = [
  'CREATE TABLE p(id INTEGER PRIMARY KEY, k TEXT UNIQUE, v)',
  'CREATE TABLE p(id INT PRIMARY KEY, k TEXT UNIQUE, v)',
];

const small = fc.integer({ min: 0, max: 6 });
const key = fc.oneof(small.map(String), fc.constantFrom('NULL', "'3'"));
const kText = fc.constantFrom("'a'", "'b'", "'c'", 'NULL');

const stmt = fc.oneof(
  fc.array(fc.tuple(small, kText), { minLength: 1, maxLength: 3 }).map((rows) => `INSERT OR IGNORE INTO p(id, k) VALUES ${rows.map(([i, k]) => `(${i}, ${k})`).join(', ')}`),
  fc.array(fc.tuple(key, kText), { minLength: 1, maxLength: 3 }).map((rows) => `INSERT INTO c(pid, pk) VALUES ${rows.map(([i, k]) => `(${i}, ${k})`).join(', ')}`),
  fc.tuple(key, kText).map(([i, k]) => `INSERT INTO c(pid, pk) VALUES (${i}, ${k})`),
  small.map((d) => `INSERT INTO c(pid, pk) SELECT id + ${d} % 2, k FROM p ORDER BY id`),
  small.map((a) => `DELETE FROM p WHERE id = ${a}`),
  small.map((a) => `DELETE FROM p WHERE id >= ${a}`),
  fc.tuple(small, small).map(([a, d]) => `UPDATE p SET id = id + ${d} WHERE id = ${a}`),
  fc.tuple(small, kText).map(([a, k]) => `UPDATE p SET k = ${k} WHERE id = ${a}`),
  fc.tuple(small, key).map(([a, v]) => `UPDATE c SET pid = ${v} WHERE rowid = ${a}`),
  small.map((a) => `DELETE FROM c WHERE pid = ${a}`),
  fc.constant('INSERT OR REPLACE INTO p(id, k) SELECT id, k FROM p WHERE id < 3 ORDER BY id'),
);

const DEFERRED = ['', ' DEFERRABLE INITIALLY DEFERRED'];
/** Transaction control, for the deferred keys (checked at COMMIT, a committing RELEASE, or an autocommit statement's end). */
const txn = fc.constantFrom('BEGIN', 'COMMIT', 'COMMIT', 'ROLLBACK', 'SAVEPOINT s', 'ROLLBACK TO s', 'RELEASE s', 'SAVEPOINT t', 'RELEASE t');
const stmtOrTxn = fc.oneof({ weight: 3, arbitrary: stmt }, { weight: 1, arbitrary: txn });

describe('foreign keys × DML scripts as SQLite', () => {
  it(`${RUNS} scripts`, () => {
    let n = 0;
    let failed = 0;
    fc.assert(
      fc.property(fc.constantFrom(...PARENTS), fc.constantFrom(...ACTIONS), fc.constantFrom(...ACTIONS), fc.array(stmt, { minLength: 3, maxLength: 12 }), (parent, a1, a2, script) => {
        const child = `CREATE TABLE c(pid DEFAULT 1 REFERENCES p(id)${a1}, pk TEXT REFERENCES p(k)${a2})`;
        const { mine, theirs } = runScript(dir, `f${n++}`, ['PRAGMA foreign_keys = ON', parent, child, ...script, 'SELECT rowid, * FROM c ORDER BY rowid', 'SELECT * FROM p ORDER BY id']);
        expect(mine).toEqual(theirs);
        if (JSON.stringify(theirs, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).includes('FOREIGN KEY constraint failed')) failed++;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.log(`${RUNS} scripts: ${failed} with a FOREIGN KEY failure`);
    expect(failed).toBeGreaterThan(0);
  }, 60_000 + RUNS * 1_000);

  it(`${RUNS} scripts with deferred keys (DEFERRABLE INITIALLY DEFERRED) and transactions`, () => {
    let n = 0;
    let commitsRefused = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...PARENTS),
        fc.constantFrom(...ACTIONS),
        fc.constantFrom(...ACTIONS),
        fc.constantFrom(...DEFERRED),
        fc.constantFrom(...DEFERRED),
        fc.array(stmtOrTxn, { minLength: 3, maxLength: 16 }),
        (parent, a1, a2, d1, d2, script) => {
          const child = `CREATE TABLE c(pid DEFAULT 1 REFERENCES p(id)${a1}${d1}, pk TEXT REFERENCES p(k)${a2}${d2})`;
          const { mine, theirs } = runScript(dir, `d${n++}`, ['PRAGMA foreign_keys = ON', parent, child, ...script, 'SELECT rowid, * FROM c ORDER BY rowid', 'SELECT * FROM p ORDER BY id']);
          expect(mine).toEqual(theirs);
          const text = JSON.stringify(theirs, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
          if (d1 || d2) commitsRefused += text.split('FOREIGN KEY constraint failed').length - 1;
        },
      ),
      { numRuns: RUNS, seed: SEED + 1 },
    );
    console.log(`${RUNS} deferred scripts: ${commitsRefused} FOREIGN KEY failures with a deferred key`);
    expect(commitsRefused).toBeGreaterThan(0);
  }, 60_000 + RUNS * 1_000);
});
