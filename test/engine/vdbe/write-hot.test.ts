/**
 * The write opcodes run by the VDBE's hot loop (hot-ops.ts: NotExists on an OpenWrite cursor,
 * Insert, IdxInsert, NewRowid, MustBeInt, Affinity, Transaction, OpenRead/OpenWrite, Halt) against
 * better-sqlite3:
 * - property: fast-check scripts of INSERTs whose rowid is above, equal to or below the table's
 *   last one (NotExists skips its seek only when the last write was an append to that table:
 *   BTreeWriter.rowidAboveLast), NULL (NewRowid), TEXT or REAL rowids, OR REPLACE / OR IGNORE,
 *   DELETEs of the last rows, inside and across transactions and around SAVEPOINT / ROLLBACK TO,
 *   with and without indexes, rows short, leaf-splitting or spilling to overflow pages: both
 *   engines agree on every result, error, changes() and last_insert_rowid(), and on the files
 *   (rows, integrity_check through better-sqlite3);
 * - one prepared INSERT run row after row in a transaction (the bench's shape), rowids climbing
 *   with gaps, repeats (some right after a row spilling to overflow pages, which the append path
 *   leaves to the general one) and steps back, across COMMIT, ROLLBACK TO and a DELETE.
 *
 * `npm test` runs a seeded sample (STRATA_WRITEHOT_RUNS, default 40 scripts; STRATA_WRITEHOT_SEED).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';
import { dumpFile, runScript } from '../translate/dml-oracle.js';

const RUNS = Number(process.env.STRATA_WRITEHOT_RUNS ?? 40);
const SEED = Number(process.env.STRATA_WRITEHOT_SEED ?? 20261126);
const dir = mkdtempSync(join(tmpdir(), 'strata-writehot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TABLES = ['CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT)', 'CREATE TABLE t(id INT, a INT, b TEXT)'];
const INDEXES = ['CREATE INDEX t_a ON t(a)', 'CREATE UNIQUE INDEX t_b ON t(b)'];

/** A text of `len` bytes made from `n` (unique per n, as t_b may be UNIQUE). */
const text = (n: number, len: number): string => `'${`r${n}-`.padEnd(len, 'x')}'`;

const len = fc.constantFrom(5, 30, 900, 1800, 5000);
const insert = fc.tuple(
  fc.constantFrom('INSERT', 'INSERT OR REPLACE', 'INSERT OR IGNORE'),
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 3 }).map((d) => `(SELECT coalesce(max(id), 0) FROM t) + ${d}`) },
    { weight: 1, arbitrary: fc.constant('(SELECT max(id) FROM t)') },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 10 }).map((d) => `(SELECT coalesce(max(id), 0) FROM t) - ${d}`) },
    { weight: 1, arbitrary: fc.constantFrom('NULL', "'900'", '901.0', "'x'", '2.5', '-3') },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 400 }).map(String) },
  ),
  fc.integer({ min: 0, max: 20 }),
  fc.integer({ min: 0, max: 1_000_000 }),
  len,
);
const stmt = fc.oneof(
  { weight: 8, arbitrary: insert.map(([verb, id, a, n, l]) => `${verb} INTO t VALUES (${id}, ${a}, ${text(n, l)})`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 20 }).map((k) => `INSERT INTO t SELECT coalesce(max(id), 0) + 1, 7, 'm' || coalesce(max(id), 0) FROM t UNION ALL SELECT ${k}, 1, 'k${k}'`) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).map((k) => `DELETE FROM t WHERE id > (SELECT max(id) FROM t) - ${k}`) },
  { weight: 1, arbitrary: fc.constantFrom('BEGIN', 'COMMIT', 'SAVEPOINT s', 'ROLLBACK TO s', 'RELEASE s', 'ROLLBACK') },
  { weight: 1, arbitrary: fc.constant('SELECT count(*), max(id), sum(a), sum(length(b)) FROM t') },
);

describe('hot write opcodes as SQLite', () => {
  it(`${RUNS} scripts`, () => {
    let n = 0;
    fc.assert(
      fc.property(fc.constantFrom(...TABLES), fc.subarray(INDEXES), fc.array(stmt, { minLength: 1, maxLength: 40 }), (table, indexes, script) => {
        const { mine, theirs } = runScript(dir, `p${n++}`, [table, ...indexes, ...script, 'SELECT * FROM t ORDER BY 1']);
        expect(mine).toEqual(theirs);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

describe('one prepared INSERT row after row', () => {
  it.each([
    ['no index', []],
    ['with an index', ['CREATE INDEX t_a ON t(a)']],
  ])('%s', (name, indexes) => {
    const mineFile = join(dir, `prep-${name}-strata.db`);
    const theirFile = join(dir, `prep-${name}-sqlite.db`);
    const mine = new Database(mineFile);
    const ref = new BetterSqlite3(theirFile);
    const outcomes: unknown[][] = [[], []];
    // Rowids climbing with gaps; now and then the last one again, or one below it.
    const ids: number[] = [];
    let last = 0;
    for (let i = 0; i < 3000; i++) {
      const k = i % 97;
      ids.push(k === 13 ? last : k === 41 ? last - 5 : (last += 1 + (i % 3)));
    }
    [mine, ref].forEach((db, j) => {
      db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT)');
      for (const s of indexes) db.exec(s);
      const st = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
      const run = (from: number, to: number) => {
        for (let i = from; i < to; i++) {
          try {
            // Now and then a row spilling to overflow pages (no append: the general path writes
            // it), right before the step that repeats the last rowid.
            st.run(ids[i], i % 11, `row ${i} `.padEnd(i % 97 === 12 ? 5000 : 20 + (i % 50), 'y'));
            outcomes[j].push(i);
          } catch (e) {
            outcomes[j].push((e as { code?: string }).code);
          }
        }
      };
      db.exec('BEGIN');
      run(0, 1000);
      db.exec('COMMIT');
      db.exec('BEGIN');
      run(1000, 1500);
      db.exec('SAVEPOINT s');
      run(1500, 1800);
      db.exec('ROLLBACK TO s');
      db.exec('RELEASE s');
      db.exec('DELETE FROM t WHERE id > 2500');
      run(1800, 3000);
      db.exec('COMMIT');
      db.close();
    });
    expect(outcomes[0]).toEqual(outcomes[1]);
    expect(dumpFile(mineFile)).toEqual(dumpFile(theirFile));
  });
});

describe('cursors reopened by the next run of a statement', () => {
  it('lookups, partial iterations and writes interleaved give better-sqlite3 rows', () => {
    const mine = new Database(':memory:');
    const ref = new BetterSqlite3(':memory:');
    const out: unknown[][] = [[], []];
    [mine, ref].forEach((db, j) => {
      db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT)');
      db.exec('CREATE INDEX t_a ON t(a)');
      const ins = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
      const byId = db.prepare('SELECT b FROM t WHERE id = ?');
      const byA = db.prepare('SELECT id, b FROM t WHERE a = ? ORDER BY id');
      const upd = db.prepare('UPDATE t SET b = ? WHERE id = ?');
      for (let i = 1; i <= 600; i++) {
        ins.run(i * 3, i % 17, `v${i}`);
        if (i % 5 === 0) out[j].push(byId.raw(true).all(i * 3 - 6));
        if (i % 7 === 0) {
          // A run left in the middle, then the next run of the same statement.
          const it = byA.raw(true).iterate(i % 17);
          out[j].push(it.next().value);
          it.return?.();
          out[j].push(byA.raw(true).all((i + 1) % 17));
        }
        if (i % 11 === 0) out[j].push(upd.run(`u${i}`, i * 3 - 30).changes);
        if (i === 300) db.exec('DROP INDEX t_a; CREATE INDEX t_a ON t(a, b)');
      }
      out[j].push(db.prepare('SELECT count(*), sum(id), group_concat(b) FROM t').raw(true).all());
      db.close();
    });
    expect(out[0]).toEqual(out[1]);
  });
});
