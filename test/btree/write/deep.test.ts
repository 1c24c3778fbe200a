/**
 * Deep trees: grow t, its index and w to three or more levels (checked with SQLite's dbstat), then
 * shrink them by deleting and resizing entries in random order — so that interior pages split,
 * merge and the root grows and shrinks — and check the result against SQLite both ways
 * (checks.ts). `npm test` runs a seeded sample; `npm run test:btree` every configuration.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqlite3Available } from '../../support/sqlite3-cli.js';
import { sqliteDbstat, sqliteIntegrityCheck } from '../../support/sqlite3.js';
import { checkSqliteFileThroughStrata, checkStrataFile, expectSameLayout } from './checks.js';
import { removeDb, wkeyOf, writeWithSqlite, writeWithStrata, type Config, type Op } from './harness.js';
import { rng } from '../../support/rng.js';

const LONG = process.env.STRATA_BTREE_LONG === '1';
const dir = mkdtempSync(join(tmpdir(), 'strata-btree-deep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PAGE_SIZES = [512, 1024, 2048, 4096, 8192, 16384, 32768, 65536];
const MODES = ['none', 'full', 'incremental'] as const;
const CONFIGS: Config[] = LONG
  ? PAGE_SIZES.flatMap((pageSize) => MODES.map((av) => ({ pageSize, av })))
  : [
      { pageSize: 512, av: 'full' },
      { pageSize: 1024, av: 'none' },
      { pageSize: 4096, av: 'incremental' },
      { pageSize: 16384, av: 'none' },
    ];
const RUNS = LONG ? 6 : 1;

/** Rows in t: enough for three levels up to 4 KiB pages; above, a few hundred (two levels). */
function tRows(pageSize: number): number {
  return pageSize <= 4096 ? Math.ceil(pageSize * 0.9) : 300;
}

const W_ROWS = 400;

function growOps(cfg: Config, seed: number): Op[] {
  const r = rng(seed);
  const ops: Op[] = [];
  const n = tRows(cfg.pageSize);
  for (let i = 1; i <= n; i++) {
    const size = Math.floor(cfg.pageSize / 8 + (r() * cfg.pageSize) / 8);
    ops.push({ kind: 'put', rowid: i, a: r() < 0.5 ? Math.floor(r() * 1000) : `a${Math.floor(r() * 500)}`, b: 'b'.repeat(size) });
    if (i % 997 === 0) ops.push({ kind: 'commit' });
  }
  for (let i = 0; i < W_ROWS; i++) ops.push({ kind: 'wput', k: wkeyOf(i, cfg.pageSize), v: i });
  return ops;
}

function shrinkOps(cfg: Config, seed: number, keep: number): Op[] {
  const r = rng(seed ^ 0x9e3779b9);
  const n = tRows(cfg.pageSize);
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  const ops: Op[] = [{ kind: 'commit' }];
  for (const id of ids.slice(0, Math.floor(n * (1 - keep)))) ops.push({ kind: 'del', rowid: id });
  for (const id of ids.slice(Math.floor(n * (1 - keep))).slice(0, 50)) {
    ops.push({ kind: 'put', rowid: id, a: id, b: r() < 0.3 ? 'x'.repeat(Math.floor(cfg.pageSize * 2.5)) : 'y'.repeat(Math.floor(r() * 20)) });
  }
  for (let i = 0; i < W_ROWS; i++) if (r() > keep) ops.push({ kind: 'wdel', k: wkeyOf(i, cfg.pageSize, r() < 0.5) });
  ops.push({ kind: 'vacuum', n: 0 });
  return ops;
}

function depthOf(file: string, name: string): number {
  return Math.max(...sqliteDbstat(file).filter((p) => p.name === name && p.pagetype !== 'overflow').map((p) => p.path.split('/').length - 1));
}

describe.skipIf(!sqlite3Available())('deep b-trees grown and shrunk', () => {
  for (const cfg of CONFIGS) {
    it(`page size ${cfg.pageSize}, auto_vacuum ${cfg.av}`, { timeout: LONG ? 3_600_000 : 60_000 }, () => {
      const a = join(dir, `strata-${cfg.pageSize}-${cfg.av}.db`);
      const b = join(dir, `sqlite-${cfg.pageSize}-${cfg.av}.db`);
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 0x7fffffff }), fc.double({ min: 0, max: 0.3, noNaN: true }), (seed, keep) => {
          const grow = growOps(cfg, seed);
          writeWithStrata(a, cfg, grow);
          expect(sqliteIntegrityCheck(a)).toEqual(['ok']);
          expect(depthOf(a, 'w')).toBeGreaterThanOrEqual(3);
          if (cfg.pageSize <= 4096) expect(depthOf(a, 't')).toBeGreaterThanOrEqual(3);
          const ops = [...grow, ...shrinkOps(cfg, seed, keep)];
          writeWithStrata(a, cfg, ops);
          checkStrataFile(a, cfg, ops);
          writeWithSqlite(b, cfg, ops);
          checkSqliteFileThroughStrata(b, ops);
          expectSameLayout(a, b);
        }),
        { numRuns: RUNS, seed: LONG ? undefined : 0xdee9 + cfg.pageSize, endOnFailure: true },
      );
      removeDb(a);
      removeDb(b);
    });
  }
});
