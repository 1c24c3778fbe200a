/**
 * CREATE INDEX over existing rows (sorted keys appended with OPFLAG_APPEND, balanced as SQLite's
 * bBulk: balance-nonroot.ts and its in-place form index-append-split.ts) writes SQLite 3.53's
 * bytes: Strata and better-sqlite3 fill the same table in WAL files made by SQLite, build the same
 * indexes, checkpoint, and the files are compared page by page (balance-bytes.ts diffPages: page
 * 1's version fields excepted). Seeded cases over page sizes 512 … 65536 and key kinds (integers,
 * texts, NULL/number/text mixes with duplicates, keys long enough to overflow, DESC and
 * multi-column keys), and a fast-check property over random tables.
 *
 * The in-place split must also be the path taken: the test counts the b-tree operations that go
 * through the general path (BTreeWriter's overlay runs) while an index is built, and requires them
 * to be a small fraction of the leaves written. `STRATA_BTREE_LONG=1` runs more property cases.
 */
import BS from 'better-sqlite3';
import fc from 'fast-check';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { Database } from '../../../src/api/index.js';
import { BTreeWriter } from '../../../src/btree/write/btree-writer.js';
import { rng } from '../../support/rng.js';
import { diffPages } from './balance-bytes.js';

const LONG = process.env.STRATA_BTREE_LONG === '1';
const dir = mkdtempSync(join(tmpdir(), 'strata-bulk-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

type Cell = null | number | string;
type Kind = 'int' | 'text' | 'mixed' | 'long';

/** The value of column a for row i of a table of kind `kind`. */
function value(kind: Kind, r: () => number, n: number, pageSize: number): Cell {
  switch (kind) {
    case 'int':
      return Math.floor(r() * n);
    case 'text':
      return 'k' + Math.floor(r() * 1e9).toString(36).repeat(1 + Math.floor(r() * 4));
    case 'mixed':
      return r() < 0.3 ? null : r() < 0.5 ? Math.floor(r() * 100) : 'x'.repeat(Math.floor(r() * 200));
    case 'long':
      // Now and then past the index's local payload limit (overflow pages).
      return Math.floor(r() * 1e6).toString(36) + 'y'.repeat(r() < 0.1 ? Math.floor(r() * pageSize * 1.5) : Math.floor(r() * 80));
  }
}

/** Builds `rows` then `indexes` on both engines in fresh WAL files of `pageSize`; returns the differing pages and the page count. */
function build(name: string, pageSize: number, rows: readonly Cell[][], indexes: readonly string[]): { diffs: ReturnType<typeof diffPages>; pages: number } {
  const sp = join(dir, `${name}-s.db`);
  const op = join(dir, `${name}-o.db`);
  for (const f of [sp, op]) for (const x of ['', '-wal', '-shm']) rmSync(f + x, { force: true });
  const init = new BS(op);
  init.exec(`PRAGMA page_size=${pageSize}`);
  init.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a, b TEXT)');
  init.pragma('journal_mode = WAL');
  init.pragma('wal_checkpoint(TRUNCATE)');
  init.close();
  copyFileSync(op, sp);
  const s = new Database(sp);
  const o = new BS(op);
  for (const db of [s, o] as const) {
    const st = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
    db.exec('BEGIN');
    for (const p of rows) st.run(...p);
    db.exec('COMMIT');
    for (const ix of indexes) db.exec(ix);
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    db.close();
  }
  const a = readFileSync(sp);
  const b = readFileSync(op);
  return { diffs: diffPages(a, b, pageSize), pages: b.length / pageSize };
}

/** `n` rows of kind `kind` from seed `seed`: [id, a, b]. */
function table(kind: Kind, n: number, seed: number, pageSize: number): Cell[][] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => [i + 1, value(kind, r, n, pageSize), `row ${i} `.padEnd(5 + Math.floor(r() * 30), 'z')]);
}

const INDEXES = ['CREATE INDEX t_a ON t(a)', 'CREATE INDEX t_ba ON t(b, a DESC)'];

describe('CREATE INDEX pages equal SQLite 3.53 (bBulk)', () => {
  const cases: [pageSize: number, rows: number, kind: Kind, seed: number][] = [
    [4096, 20_000, 'int', 1],
    [1024, 5_000, 'text', 2],
    [4096, 8_000, 'text', 3],
    [512, 3_000, 'mixed', 4],
    [65536, 30_000, 'text', 5],
    [1024, 3_000, 'long', 6],
  ];
  for (const [pageSize, n, kind, seed] of cases) {
    it(`page ${pageSize}, ${n} rows of ${kind} keys: every page`, () => {
      const { diffs, pages } = build(`c${seed}`, pageSize, table(kind, n, seed, pageSize), INDEXES);
      if (diffs.length) console.log(`page ${pageSize} ${kind}: ${diffs.length} of ${pages} pages differ`, diffs.slice(0, 5));
      expect(diffs).toEqual([]);
      expect(pages).toBeGreaterThan(20);
    }, 60_000);
  }

  it('random tables (fast-check): every page', () => {
    let run = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(512, 1024, 4096),
        fc.constantFrom<Kind>('int', 'text', 'mixed', 'long'),
        fc.integer({ min: 0, max: 4000 }),
        fc.integer(),
        (pageSize, kind, n, seed) => {
          const { diffs } = build(`p${run++}`, pageSize, table(kind, n, seed, pageSize), INDEXES);
          expect(diffs).toEqual([]);
        },
      ),
      { numRuns: LONG ? 60 : 8, seed: 20261126 },
    );
  }, 120_000);
});

describe('CREATE INDEX splits leaves in place', () => {
  it('few of the appends go through the general path', () => {
    const path = join(dir, 'count.db');
    rmSync(path, { force: true });
    const db = new Database(path);
    db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a, b TEXT)');
    const st = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
    db.transaction(() => {
      for (const row of table('int', 30_000, 9, 4096)) st.run(...row);
    })();
    const before = db.pragma('page_count', { simple: true }) as number;
    const general = vi.spyOn(BTreeWriter.prototype as unknown as { run: (op: unknown) => unknown }, 'run');
    db.exec('CREATE INDEX t_a ON t(a)');
    const calls = general.mock.calls.length;
    general.mockRestore();
    const indexPages = (db.pragma('page_count', { simple: true }) as number) - before;
    db.close();
    // Every index page but the root was made by a split on the right edge (one or two per leaf).
    // Measured: 1 general-path operation (the index's creation) and a few inserts into a freeblock.
    expect(indexPages).toBeGreaterThan(60);
    expect(calls).toBeLessThan(indexPages / 4);
  });
});
