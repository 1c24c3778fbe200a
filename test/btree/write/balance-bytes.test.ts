/**
 * Pages after balancing are SQLite's bytes: Strata and SQLite 3.53 (better-sqlite3) run the same
 * seeded statements (balance-bytes.ts: random rowids, two indexes, a table with a UNIQUE index,
 * payloads up to overflow, deletes and updates), WAL then checkpoint TRUNCATE, secure_delete OFF;
 * the files are compared page by page (page 1's version fields excepted, named in balance-bytes.ts).
 *
 * Asserted: every b-tree page that holds the same cells in both files (same type, same cells in the
 * same order, same right child) has the same live bytes — header, pointer array, each cell at the
 * same offset, the freeblock chain, the fragment count. Pages that differ only in dead bytes (the
 * gap, freeblock bodies, fragments: leftovers of earlier layouts) and pages whose content differs
 * because a page number was allocated differently (known gaps) are counted and printed, and must
 * not grow past a ceiling above the figures measured when this test was written.
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
  cases.push({ pageSize: 1024, autoVacuum: 'NONE', seed, txns: LONG ? 8 : 4, rows: LONG ? 600 : 250 });
  cases.push({ pageSize: 4096, autoVacuum: 'NONE', seed: seed + 100, txns: LONG ? 6 : 3, rows: LONG ? 2000 : 500 });
  cases.push({ pageSize: 1024, autoVacuum: 'FULL', seed: seed + 200, txns: LONG ? 8 : 4, rows: LONG ? 600 : 250 });
  cases.push({ pageSize: 2048, autoVacuum: 'INCREMENTAL', seed: seed + 300, txns: LONG ? 6 : 3, rows: LONG ? 800 : 300 });
}

describe('balance: page bytes equal SQLite 3.53', () => {
  for (const w of cases) {
    it(`page ${w.pageSize}, auto_vacuum ${w.autoVacuum}, seed ${w.seed}`, () => {
      const { diffs, layout, stale, content, pages } = measure(w, dir);
      if (diffs.length) console.log(`page ${w.pageSize} av ${w.autoVacuum} seed ${w.seed}: ${diffs.length} of ${pages} pages differ (${layout.length} layout, ${stale.length} dead bytes only, ${content.length} other content)`);
      expect(layout).toEqual([]);
      // Ceilings, not targets: 4 and 64 of 3,232 pages over the 8 cases in npm test when written.
      expect(stale.length).toBeLessThanOrEqual(Math.ceil(pages * 0.01));
      expect(content.length).toBeLessThanOrEqual(Math.ceil(pages * 0.05));
    }, 60_000);
  }
});
