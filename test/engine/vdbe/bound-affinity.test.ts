/**
 * JS numbers bound to a prepared INSERT (they bind as REAL, better-sqlite3's rule) and the column
 * affinity the VDBE applies to them (hot-ops.ts: Affinity, MustBeInt and MakeRecord convert a REAL
 * holding a safe integer under INTEGER/NUMERIC affinity without the general applyAffinity) against
 * better-sqlite3, fast-check: doubles of every kind (integers up to and past 2^53, −0, fractions,
 * huge, tiny, ±Infinity) into an INTEGER PRIMARY KEY and into INTEGER, NUMERIC, REAL, TEXT and
 * untyped columns, row after row in one transaction: the same error or none per row, and the same
 * rows with typeof() of every column. Then comparisons of such REALs with INTEGER and REAL columns
 * (hot-ops.ts compareJump compares an INTEGER with a REAL, or two REALs, as numbers without the
 * general comparison; SeekRowid/NotExists take an integral REAL as the rowid) in WHERE clauses,
 * against columns holding INTEGERs, REALs, TEXT and NULL: the same rows.
 *
 * Known difference left out: −0.0 into a REAL column reads back as −0 from Strata and +0 from SQLite
 * (SQLite stores an integral REAL of a REAL-affinity column as an integer; Strata's record encoder
 * always writes serial type 7), so the REAL column is never given −0 here.
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';

const RUNS = Number(process.env.STRATA_BOUNDAFF_RUNS ?? 30);
const SEED = Number(process.env.STRATA_BOUNDAFF_SEED ?? 20261126);

const num = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.constantFrom(0, -0, 1, -1, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 2 ** 53 + 2, 2 ** 63, -(2 ** 63), 1e20, 0.5, -2.5, 1e-300, Infinity, -Infinity),
  fc.double({ noNaN: true }),
);

function run(db: Database | BetterSqlite3.Database, rows: readonly (readonly number[])[]): unknown[] {
  db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, i INTEGER, n NUMERIC, r REAL, x TEXT, b)');
  const ins = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)');
  const out: unknown[] = [];
  db.exec('BEGIN');
  for (const row of rows) {
    try {
      out.push(ins.run(...row).changes);
    } catch (e) {
      out.push((e as { code?: string }).code);
    }
  }
  db.exec('COMMIT');
  out.push(db.prepare('SELECT id, typeof(i), i, typeof(n), n, typeof(r), r, typeof(x), x, typeof(b), b FROM t ORDER BY id').raw(true).all());
  return out;
}

describe('bound numbers under column affinity, as SQLite', () => {
  it(`${RUNS} scripts`, () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(num, num, num, num.map((x) => (Object.is(x, -0) ? 0 : x)), num, num), { minLength: 1, maxLength: 60 }), (rows) => {
        const mine = new Database(':memory:');
        const ref = new BetterSqlite3(':memory:');
        expect(run(mine, rows)).toEqual(run(ref, rows));
        mine.close();
        ref.close();
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

const OPS = ['=', '<>', '<', '<=', '>', '>='] as const;

function compareRows(db: Database | BetterSqlite3.Database, rows: readonly (readonly number[])[], probes: readonly [number, number][]): unknown[] {
  db.exec('CREATE TABLE u(id INTEGER PRIMARY KEY, i INTEGER, r REAL, b)');
  const ins = db.prepare('INSERT OR IGNORE INTO u VALUES (?, ?, ?, ?)');
  db.exec('BEGIN');
  rows.forEach((row, k) => ins.run(k + 1, row[0], row[1], k % 5 === 0 ? null : k % 5 === 1 ? `t${row[2]}` : row[2]));
  db.exec('COMMIT');
  const out: unknown[] = [];
  for (const [op, x] of probes) {
    const o = OPS[op];
    for (const col of ['id', 'i', 'r', 'b']) out.push(db.prepare(`SELECT id FROM u WHERE ${col} ${o} ? ORDER BY id`).raw(true).all(x));
  }
  out.push(db.prepare('UPDATE u SET b = 1 WHERE id = ?').run(probes.length ? probes[0][1] : 1).changes);
  return out;
}

describe('bound REALs compared with INTEGER and REAL columns, as SQLite', () => {
  it(`${RUNS} scripts`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(num, num, num), { minLength: 1, maxLength: 30 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.oneof(num, fc.integer({ min: 0, max: 31 }))), { minLength: 1, maxLength: 8 }),
        (rows, probes) => {
          const mine = new Database(':memory:');
          const ref = new BetterSqlite3(':memory:');
          expect(compareRows(mine, rows, probes)).toEqual(compareRows(ref, rows, probes));
          mine.close();
          ref.close();
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
