/**
 * Pages after balancing are SQLite's bytes: Strata and SQLite 3.53 (better-sqlite3) run the same
 * seeded statements (balance-bytes.ts: random rowids, two indexes, a table with a UNIQUE index,
 * payloads up to overflow, deletes and updates), WAL then checkpoint TRUNCATE, secure_delete OFF;
 * the files are compared page by page (page 1's version fields excepted, named in balance-bytes.ts).
 *
 * With one index on t (t_b; plus w's UNIQUE index) every page must be the same bytes: header,
 * pointer array, cells, freeblocks, fragments and the stale bytes of the gap, freelist and overflow
 * pages. With two indexes on t, SQLite and Strata write the two index entries of a row in opposite
 * orders (balance-bytes.ts `indexes`; the SQL layer's, not the b-tree's), so page numbers diverge;
 * there the test asserts that every b-tree page holding the same cells in both files has the same
 * live bytes (header, pointer array, each cell at the same offset, freeblock chain) and prints the
 * other differing pages under a ceiling above the figures measured when it was written.
 * `STRATA_BTREE_LONG=1` runs more seeds and larger workloads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measure, type Workload } from './balance-bytes.js';

const LONG = process.env.STRATA_BTREE_LONG === '1';
const dir = mkdtempSync(join(tmpdir(), 'strata-balance-bytes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases: Workload[] = [];
const seeds = LONG ? [1, 2, 3, 4, 5, 6, 7, 8] : [1, 2];
for (const seed of seeds) {
  cases.push({ pageSize: 1024, autoVacuum: 'NONE', seed, txns: LONG ? 8 : 4, rows: LONG ? 600 : 250, indexes: 1 });
  cases.push({ pageSize: 4096, autoVacuum: 'NONE', seed: seed + 100, txns: LONG ? 6 : 3, rows: LONG ? 2000 : 500, indexes: 1 });
  cases.push({ pageSize: 1024, autoVacuum: 'FULL', seed: seed + 200, txns: LONG ? 8 : 4, rows: LONG ? 600 : 250, indexes: 1 });
  cases.push({ pageSize: 2048, autoVacuum: 'INCREMENTAL', seed: seed + 300, txns: LONG ? 6 : 3, rows: LONG ? 800 : 300, indexes: 1 });
  if (LONG) {
    cases.push({ pageSize: 512, autoVacuum: 'NONE', seed: seed + 400, txns: 6, rows: 300, indexes: 1 });
    cases.push({ pageSize: 65536, autoVacuum: 'FULL', seed: seed + 500, txns: 4, rows: 3000, indexes: 1 });
  }
}
const twoIndexes: Workload[] = [
  { pageSize: 1024, autoVacuum: 'NONE', seed: 1, txns: 4, rows: 250, indexes: 2 },
  { pageSize: 4096, autoVacuum: 'NONE', seed: 102, txns: 3, rows: 500, indexes: 2 },
  { pageSize: 1024, autoVacuum: 'FULL', seed: 201, txns: 4, rows: 250, indexes: 2 },
];

describe('balance: page bytes equal SQLite 3.53', () => {
  for (const w of cases) {
    it(`page ${w.pageSize}, auto_vacuum ${w.autoVacuum}, seed ${w.seed}, one index on t: every page`, () => {
      const { diffs, pages } = measure(w, dir);
      if (diffs.length) console.log(`page ${w.pageSize} av ${w.autoVacuum} seed ${w.seed}: ${diffs.length} of ${pages} pages differ`, diffs.slice(0, 5));
      expect(diffs).toEqual([]);
    }, 120_000);
  }
  for (const w of twoIndexes) {
    it(`page ${w.pageSize}, auto_vacuum ${w.autoVacuum}, seed ${w.seed}, two indexes on t: pages with the same cells`, () => {
      const { diffs, layout, stale, content, pages } = measure(w, dir);
      if (diffs.length) console.log(`two indexes, page ${w.pageSize} av ${w.autoVacuum} seed ${w.seed}: ${diffs.length} of ${pages} pages differ (${layout.length} layout, ${stale.length} dead bytes only, ${content.length} other content)`);
      expect(layout).toEqual([]);
      // Ceilings, not targets: 3 and 35 of 1,468 pages over these 3 cases when written.
      expect(stale.length).toBeLessThanOrEqual(Math.ceil(pages * 0.01));
      expect(content.length).toBeLessThanOrEqual(Math.ceil(pages * 0.05));
    }, 60_000);
  }
});
