/**
 * The row write of an UPDATE by rowid run by the VDBE's hot loop (hot-ops.ts: Insert with
 * OPFLAG_USESEEKRESULT, alone or fused with the MakeRecord before it; the b-tree's in-place replace,
 * replace-in-place.ts, with the record read from the encoder's scratch buffer) against
 * better-sqlite3, fast-check: one prepared `UPDATE t SET … WHERE id = ?` (and multi-row UPDATEs)
 * run row after row inside transactions, savepoints and rollbacks, new values of the same bytes,
 * the same size, shorter, longer, far longer (the leaf must split: the general path) and spilling to
 * overflow pages, with and without an index on the column set or on another one, with a trigger
 * that reads the table (another cursor on the tree) — every run's changes, the rows read between
 * the writes, and the files (rows, integrity_check) equal.
 *
 * `npm test` runs a seeded sample (STRATA_UPDATEHOT_RUNS, default 25 scripts; STRATA_UPDATEHOT_SEED).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';
import { dumpFile } from '../translate/dml-oracle.js';

const RUNS = Number(process.env.STRATA_UPDATEHOT_RUNS ?? 25);
const SEED = Number(process.env.STRATA_UPDATEHOT_SEED ?? 20261126);
const dir = mkdtempSync(join(tmpdir(), 'strata-updatehot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The database each script starts from, besides the table. */
const EXTRAS = [
  [],
  ['CREATE INDEX t_a ON t(a)'],
  ['CREATE INDEX t_b ON t(b)'],
  ['CREATE TABLE log(n INT)', "CREATE TRIGGER tr AFTER UPDATE ON t BEGIN INSERT INTO log SELECT count(*) FROM t WHERE id <= new.id; END"],
];

/** One step of a script: an UPDATE run through the prepared statement, or a statement of its own. */
type Step = { kind: 'update'; id: number; len: number; same: boolean } | { kind: 'sql'; sql: string };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('update' as const),
      id: fc.integer({ min: 0, max: 420 }),
      len: fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 70 }) }, { weight: 1, arbitrary: fc.constantFrom(600, 2500, 6000) }),
      same: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        'BEGIN',
        'COMMIT',
        'SAVEPOINT s',
        'ROLLBACK TO s',
        'RELEASE s',
        'ROLLBACK',
        "UPDATE t SET b = b || 'z' WHERE id % 7 = 3",
        "UPDATE t SET b = substr(b, 1, 10) WHERE id BETWEEN 50 AND 90",
        'DELETE FROM t WHERE id % 13 = 5',
        "INSERT OR REPLACE INTO t VALUES (17, 3, 'back')",
        'SELECT count(*), sum(length(b)), sum(a) FROM t',
      )
      .map((sql) => ({ kind: 'sql' as const, sql })),
  },
);

/** The new value of b for an update step: `same` keeps the length of the row's text (`len` otherwise). */
function value(i: number, s: Extract<Step, { kind: 'update' }>): string {
  return s.same ? `u${i}`.padEnd(24, 'q') : `v${i} `.padEnd(s.len, String.fromCharCode(97 + (i % 26)));
}

function run(db: Database | BetterSqlite3.Database, extras: readonly string[], steps: readonly Step[], setClause: string): unknown[] {
  const out: unknown[] = [];
  db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT)');
  for (const s of extras) db.exec(s);
  db.exec('BEGIN');
  const ins = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
  for (let i = 1; i <= 400; i++) ins.run(i, i % 17, `text ${i} `.padEnd(24, 'x'));
  db.exec('COMMIT');
  const upd = db.prepare(`UPDATE t SET ${setClause} WHERE id = ?`);
  steps.forEach((s, i) => {
    try {
      if (s.kind === 'update') out.push(upd.run(value(i, s), s.id).changes);
      else if (s.sql.startsWith('SELECT')) out.push(db.prepare(s.sql).raw(true).all());
      else out.push(db.prepare(s.sql).run().changes);
    } catch (e) {
      out.push((e as { code?: string }).code);
    }
  });
  if (db.inTransaction) db.exec('COMMIT');
  out.push(db.prepare('SELECT * FROM t ORDER BY id').raw(true).all());
  return out;
}

describe('UPDATE by rowid, row after row, as SQLite', () => {
  it.each([
    ['SET b = ?', 'b = ?'],
    ['SET b = ?, a = a + 1', 'b = ?, a = a + 1'],
  ])(`${RUNS} scripts, %s`, (_name, setClause) => {
    let n = 0;
    fc.assert(
      fc.property(fc.constantFrom(...EXTRAS.keys()), fc.array(step, { minLength: 1, maxLength: 120 }), (e, steps) => {
        const k = n++;
        const mineFile = join(dir, `u${k}-${setClause.length}-strata.db`);
        const theirFile = join(dir, `u${k}-${setClause.length}-sqlite.db`);
        const mine = new Database(mineFile);
        const ref = new BetterSqlite3(theirFile);
        const got = run(mine, EXTRAS[e], steps, setClause);
        const want = run(ref, EXTRAS[e], steps, setClause);
        mine.close();
        ref.close();
        expect(got).toEqual(want);
        expect(dumpFile(mineFile)).toEqual(dumpFile(theirFile));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
