/**
 * PRAGMA foreign_key_check (src/api/pragma-fk-check.ts) against SQLite:
 * - fast-check schemas (parents keyed by an INTEGER PRIMARY KEY, a TEXT or NOCASE PRIMARY KEY, a
 *   composite UNIQUE, a WITHOUT ROWID table; children with column and table foreign keys, several
 *   per table, self-references, a missing parent; WITHOUT ROWID children) filled by better-sqlite3
 *   with foreign_keys off (values of every type, NULLs, matches and misses) — per table, Strata's
 *   rows equal better-sqlite3's (SQLite 3.53), and all tables' rows as a multiset; a parent key
 *   with no unique index fails both alike ("foreign key mismatch");
 * - the same through connect() over delayed I/O (pages read first, as integrity_check);
 * - the order of the tables when none is named: the sqlite3 CLI's (3.40; its schema hash order,
 *   which integrity_check follows too; better-sqlite3's 3.53 iterates them in another order).
 *
 * `npm test` runs a seeded sample (STRATA_FKCHECK_RUNS, default 40).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, Database } from '../../src/api/index.js';
import { DelayedIO } from '../../src/io/delayed.js';
import { NodeSyncIO } from '../../src/io/node-sync.js';
import { sqlite3Available } from '../support/sqlite3-cli.js';

const RUNS = Number(process.env.STRATA_FKCHECK_RUNS ?? 40);
const dir = mkdtempSync(join(tmpdir(), 'strata-fkcheck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

const PARENTS = [
  'CREATE TABLE pi(id INTEGER PRIMARY KEY, v)',
  'CREATE TABLE pt(k TEXT PRIMARY KEY, v)',
  'CREATE TABLE pn(k TEXT COLLATE NOCASE PRIMARY KEY, v)',
  'CREATE TABLE pu(a INT, b TEXT, c, UNIQUE(a, b))',
  'CREATE TABLE pw(k INT PRIMARY KEY, v) WITHOUT ROWID',
  'CREATE TABLE pm(x, y)',
];
const CHILDREN = [
  'CREATE TABLE c1(id INTEGER PRIMARY KEY, r REFERENCES pi, s TEXT REFERENCES pt(k), u REFERENCES pn ON DELETE CASCADE)',
  'CREATE TABLE c2(a, b, w INT REFERENCES pw, FOREIGN KEY (a, b) REFERENCES pu(a, b), FOREIGN KEY (w) REFERENCES gone)',
  'CREATE TABLE c3(id INTEGER PRIMARY KEY, up INTEGER REFERENCES c3(id), k REFERENCES pi(id))',
  'CREATE TABLE c4(k TEXT PRIMARY KEY, r INT REFERENCES pi, s REFERENCES pt) WITHOUT ROWID',
  'CREATE TABLE c5(v, x REFERENCES c1(id), y REFERENCES pw(k))',
];
/** A table whose foreign key names no unique key of its parent. */
const MISMATCH = 'CREATE TABLE cm(x REFERENCES pm(x))';

const value = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 12 }).map(String) },
  { weight: 2, arbitrary: fc.constant('NULL') },
  { weight: 2, arbitrary: fc.constantFrom("'k1'", "'K1'", "'k2'", "'3'", "'x'", "' 4'", "'abc'") },
  { weight: 1, arbitrary: fc.constantFrom('2.0', '2.5', "x'01'", '-1') },
);

/** Rows for every table: parents keyed 0–9 partly, children pointing anywhere. */
const script = fc.record({
  parents: fc.array(fc.tuple(fc.constantFrom(0, 1, 2, 3, 4), fc.integer({ min: 0, max: 9 }), value), { maxLength: 30 }),
  children: fc.array(fc.tuple(fc.constantFrom(0, 1, 2, 3, 4), value, value, value), { maxLength: 60 }),
  withMismatch: fc.boolean(),
});

/** The file: schema and rows written by better-sqlite3 with foreign keys off. */
function build(s: { parents: [number, number, string][]; children: [number, string, string, string][]; withMismatch: boolean }): string {
  const file = join(dir, `f${++n}.db`);
  const db = new BetterSqlite3(file);
  db.pragma('foreign_keys = OFF');
  db.exec([...PARENTS, ...CHILDREN, ...(s.withMismatch ? [MISMATCH] : [])].join(';'));
  const run = (sql: string): void => {
    try {
      db.exec(sql);
    } catch {
      // a duplicate key: the row is simply not there
    }
  };
  for (const [t, k, v] of s.parents) {
    const key = [`${k}`, `'k${k}'`, `'K${k}'`, `${k}, 'k${k}'`, `${k}`][t];
    run(['INSERT INTO pi VALUES (', 'INSERT INTO pt VALUES (', 'INSERT INTO pn VALUES (', 'INSERT INTO pu VALUES (', 'INSERT INTO pw VALUES ('][t] + `${key}, ${v})`);
  }
  let id = 0;
  for (const [t, a, b, c] of s.children) {
    id++;
    run(
      [
        `INSERT INTO c1 VALUES (${id}, ${a}, ${b}, ${c})`,
        `INSERT INTO c2 VALUES (${a}, ${b}, ${c})`,
        `INSERT INTO c3 VALUES (${id}, ${a}, ${b})`,
        `INSERT INTO c4 VALUES ('r${id}', ${a}, ${b})`,
        `INSERT INTO c5 VALUES (${id}, ${a}, ${b})`,
      ][t],
    );
  }
  if (s.withMismatch) run('INSERT INTO cm VALUES (1)');
  db.close();
  return file;
}

const TABLES = ['pi', 'pt', 'pn', 'pu', 'pw', 'c1', 'c2', 'c3', 'c4', 'c5', 'cm'];

type Outcome = { rows: unknown[] } | { error: string };
const outcome = (fn: () => unknown[]): Outcome => {
  try {
    return { rows: fn() };
  } catch (e) {
    return { error: (e as Error).message };
  }
};
const sorted = (o: Outcome): Outcome => ('rows' in o ? { rows: [...o.rows].map((r) => JSON.stringify(r)).sort() } : o);

describe('PRAGMA foreign_key_check as SQLite', () => {
  it(`per table and over all tables, as better-sqlite3 (${RUNS} files)`, () => {
    let violations = 0;
    fc.assert(
      fc.property(script, (s) => {
        const file = build(s);
        const b = new BetterSqlite3(file, { readonly: true });
        const db = new Database(file, { readonly: true });
        try {
          for (const t of TABLES) {
            const q = `PRAGMA foreign_key_check(${t})`;
            const want = outcome(() => b.prepare(q).raw(true).all());
            expect(outcome(() => db.prepare(q).raw(true).all() as unknown[]), q).toEqual(want);
            if ('rows' in want) violations += want.rows.length;
          }
          const all = 'PRAGMA foreign_key_check';
          expect(sorted(outcome(() => db.prepare(all).raw(true).all() as unknown[]))).toEqual(sorted(outcome(() => b.prepare(all).raw(true).all())));
        } finally {
          db.close();
          b.close();
        }
      }),
      { numRuns: RUNS, seed: 20261127 },
    );
    expect(violations).toBeGreaterThan(RUNS);
  });

  it('through connect() over delayed I/O, the synchronous rows', { timeout: 60_000 }, async () => {
    const samples = fc.sample(script, { numRuns: 4, seed: 7 });
    for (const [i, s] of samples.entries()) {
      const file = build({ ...s, withMismatch: i === 3 });
      const sync = new Database(file, { readonly: true });
      const db = await connect(file, { io: new DelayedIO(new NodeSyncIO(), i + 1), readonly: true });
      try {
        await db.exec('PRAGMA cache_size = 10');
        for (const q of ['PRAGMA foreign_key_check', 'PRAGMA foreign_key_check(c2)', 'PRAGMA foreign_key_check(nosuch)']) {
          let got: Outcome;
          try {
            got = { rows: await db.prepare(q).raw(true).all() };
          } catch (e) {
            got = { error: (e as Error).message };
          }
          expect(got, q).toEqual(outcome(() => sync.prepare(q).raw(true).all() as unknown[]));
        }
      } finally {
        await db.close();
        sync.close();
      }
    }
  });

  it.skipIf(!sqlite3Available())('names the tables in the sqlite3 CLI’s order when none is named', () => {
    for (const s of fc.sample(script, { numRuns: 6, seed: 11 })) {
      const file = build({ ...s, withMismatch: false });
      const cli = execFileSync('sqlite3', [file, 'PRAGMA foreign_key_check'], { encoding: 'utf8' });
      const db = new Database(file, { readonly: true });
      const mine = (db.prepare('PRAGMA foreign_key_check').raw(true).all() as unknown[][]).map((r) => r.map((v) => (v === null ? '' : String(v))).join('|'));
      db.close();
      expect(mine.map((l) => `${l}\n`).join('')).toBe(cli);
    }
  });
});
