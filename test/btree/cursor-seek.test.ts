/**
 * BTreeCursor.seekRowid's in-place path (every page of the path in memory, PageSource.peekPage: the
 * cursor's own frames refilled, nothing allocated) against better-sqlite3, fast-check: tables of a
 * few to a few thousand rows with gaps in their rowids (one to three levels), prepared lookups by
 * rowid (SeekRowid), range starts (SeekGE/SeekGT/SeekLE/SeekLT on the rowid, then Next/Prev across
 * leaves from the seek's frames) and UPDATEs by rowid (the seek inside a write transaction, pages
 * dirty), for rowids present, absent, below the first and above the last: the same rows.
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/api/index.js';

const RUNS = Number(process.env.STRATA_CURSORSEEK_RUNS ?? 20);
const SEED = Number(process.env.STRATA_CURSORSEEK_SEED ?? 20261126);

type Probe = { kind: 'get' | 'ge' | 'gt' | 'le' | 'lt' | 'update'; id: number };

function run(db: Database | BetterSqlite3.Database, n: number, gap: number, len: number, probes: readonly Probe[]): unknown[] {
  db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT)');
  const ins = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
  db.exec('BEGIN');
  for (let i = 1; i <= n; i++) ins.run(i * gap, i % 7, `r${i}`.padEnd(len, 'x'));
  db.exec('COMMIT');
  const st = {
    get: db.prepare('SELECT id, b FROM t WHERE id = ?').raw(true),
    ge: db.prepare('SELECT id FROM t WHERE id >= ? ORDER BY id LIMIT 40').raw(true),
    gt: db.prepare('SELECT id FROM t WHERE id > ? ORDER BY id LIMIT 40').raw(true),
    le: db.prepare('SELECT id FROM t WHERE id <= ? ORDER BY id DESC LIMIT 40').raw(true),
    lt: db.prepare('SELECT id FROM t WHERE id < ? ORDER BY id DESC LIMIT 40').raw(true),
  };
  const upd = db.prepare('UPDATE t SET b = ? WHERE id = ?');
  const out: unknown[] = [];
  db.exec('BEGIN');
  probes.forEach((p, i) => {
    if (p.kind === 'update') out.push(upd.run(`u${i}`.padEnd(len + (i % 5) - 2, 'y'), p.id).changes);
    else out.push(st[p.kind].all(p.id));
  });
  db.exec('COMMIT');
  out.push(db.prepare('SELECT count(*), sum(length(b)) FROM t').raw(true).get());
  return out;
}

describe('seekRowid in place, as SQLite', () => {
  it(`${RUNS} tables`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom(8, 40, 300),
        fc.array(fc.record({ kind: fc.constantFrom('get', 'ge', 'gt', 'le', 'lt', 'update') as fc.Arbitrary<Probe['kind']>, at: fc.double({ min: -0.01, max: 1.01, noNaN: true }) }), { minLength: 60, maxLength: 150 }),
        (n, gap, len, picks) => {
          // Rowids spread over the table (and a little past both ends).
          const probes: Probe[] = picks.map(({ kind, at }) => ({ kind, id: Math.round(at * n * gap) }));
          const mine = new Database(':memory:');
          const ref = new BetterSqlite3(':memory:');
          expect(run(mine, n, gap, len, probes)).toEqual(run(ref, n, gap, len, probes));
          mine.close();
          ref.close();
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
