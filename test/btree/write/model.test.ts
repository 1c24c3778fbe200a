/**
 * Model-based runs of the b-tree write side against SQLite, both ways:
 * - Strata writes (BTreeWriter) → `sqlite3 PRAGMA integrity_check` is ok, and sqlite3 (3.40 CLI) and
 *   better-sqlite3 read exactly the model: rows of t, order of index i (against SQLite's own
 *   ORDER BY), rows of the WITHOUT ROWID table w in NOCASE order, the short-lived tables;
 * - better-sqlite3 runs the same operations as SQL → Strata's read cursor finds the same;
 * - and both files have the same page layout (every tree and overflow page at the same page
 *   number and tree position, same page and freelist counts): Strata balances, allocates and frees
 *   as SQLite does. (The operations are issued in SQLite's order: index entries before rows.)
 *
 * Every page size 512 … 65536, auto_vacuum NONE / FULL / INCREMENTAL. `npm test` runs a seeded
 * sample; `npm run test:btree` (STRATA_BTREE_LONG=1) runs every configuration with more and longer runs.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { setOverlayChecks } from '../../../src/btree/write/page-overlay.js';
import { sqlite3Available } from '../../support/sqlite3-cli.js';
import { checkSqliteFileThroughStrata, checkStrataFile, expectSameLayout, sqliteIndexOrder } from './checks.js';
import { expectedT, expectSameRows, modelOf, opsArb, readWithStrata, removeDb, writeWithSqlite, writeWithStrata, type Config } from './harness.js';

const LONG = process.env.STRATA_BTREE_LONG === '1';
const dir = mkdtempSync(join(tmpdir(), 'strata-btree-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Every page an operation read without making it writable must be unchanged at its commit.
beforeAll(() => setOverlayChecks(true));
afterAll(() => setOverlayChecks(false));

const PAGE_SIZES = [512, 1024, 2048, 4096, 8192, 16384, 32768, 65536];
const MODES = ['none', 'full', 'incremental'] as const;

/** The sample in `npm test`: every page size once, modes rotated; the long run: all 24. */
const CONFIGS: Config[] = LONG
  ? PAGE_SIZES.flatMap((pageSize) => MODES.map((av) => ({ pageSize, av })))
  : PAGE_SIZES.map((pageSize, i) => ({ pageSize, av: MODES[i % 3] }));
const RUNS = LONG ? 6 : 2;
const MAX_OPS = LONG ? 2000 : 500;

describe.skipIf(!sqlite3Available())('b-tree writes against SQLite (model-based)', () => {
  for (const cfg of CONFIGS) {
    it(`page size ${cfg.pageSize}, auto_vacuum ${cfg.av}`, { timeout: LONG ? 3_600_000 : 60_000 }, () => {
      const a = join(dir, `strata-${cfg.pageSize}-${cfg.av}.db`);
      const b = join(dir, `sqlite-${cfg.pageSize}-${cfg.av}.db`);
      fc.assert(
        fc.property(opsArb(cfg, MAX_OPS), (ops) => {
          writeWithStrata(a, cfg, ops);
          checkStrataFile(a, cfg, ops);
          // Strata reads its own file the same way.
          const own = readWithStrata(a);
          expectSameRows(own.t, expectedT(modelOf(ops)), 'Strata on Strata file: t');
          expectSameRows(own.i, sqliteIndexOrder(a), 'Strata on Strata file: i');
          writeWithSqlite(b, cfg, ops);
          checkSqliteFileThroughStrata(b, ops);
          expectSameLayout(a, b);
        }),
        { numRuns: RUNS, seed: LONG ? undefined : 0x5eed + cfg.pageSize, endOnFailure: true },
      );
      removeDb(a);
      removeDb(b);
    });
  }
});
