/**
 * Crash safety through the b-tree writer: power cuts during workloads of row inserts, replacements
 * and deletes (btree-workload.ts) on a new database, under FULL and NORMAL, with spills and
 * checkpoints. The oracle states are the images after each commit of a fault-free run, each first
 * checked by sqlite3 — integrity_check ok and rows equal to the model — and every crash image must
 * then reopen as one allowed state, by Strata and by sqlite3 (crash-check.ts).
 *
 * `npm test` runs a seeded sample of cut points; `npm run test:crash` cuts at every operation.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSqlite3, sqlite3Available } from '../support/sqlite3-cli.js';
import { btreeImages, btreeWorkload, modelAfter, planTransactions, type BtreeWorkloadSpec } from './btree-workload.js';
import { cleanupCrashScratch, newStats } from './crash-check.js';
import { countOps, runCrashes, sampleCuts, VARIANTS } from './crash-runner.js';
import { DUMP_SQL, type States } from './sqlite-states.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-bcrash-'));
const stats = newStats();
let cutPoints = 0;
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  cleanupCrashScratch();
  console.log(`b-tree crash points: ${stats.images} (${cutPoints} cut operations × ${VARIANTS.length} variants), plus ${stats.secondCuts} second cuts during recovery; sqlite3 runs ${stats.sqlite3Runs}`);
});

const SPECS: Array<Omit<BtreeWorkloadSpec, 'seed'>> = [
  { pageSize: 1024, transactions: 6, opsPerTransaction: 12, synchronous: 'full', cacheSizePages: 6, checkpointEvery: 3, autoVacuum: false },
  { pageSize: 512, transactions: 6, opsPerTransaction: 10, synchronous: 'normal', cacheSizePages: 10, checkpointEvery: 2, autoVacuum: true },
];

const FULL_RUN = process.env.STRATA_CRASH_FULL === '1';

/** The oracle states, each checked against the model by sqlite3 first. */
function checkedStates(spec: BtreeWorkloadSpec): States {
  const plan = planTransactions(spec);
  const images = btreeImages(spec, plan);
  const dumps = images.map((img, i) => {
    const file = join(dir, `s${spec.seed}-${i}.db`);
    writeFileSync(file, img);
    if (i > 0) {
      const rows = [...modelAfter(plan, i - 1)].sort((x, y) => x[0] - y[0]).map(([rowid, [a, b]]) => `${rowid}|${a}|${Buffer.from(b).toString('hex').toUpperCase()}\n`);
      expect(runSqlite3(file, 'PRAGMA integrity_check;\nSELECT rowid, a, hex(b) FROM t ORDER BY rowid;\n', { readonly: false })).toBe(`ok\n${rows.join('')}`);
    }
    return runSqlite3(file, DUMP_SQL, { readonly: false });
  });
  return { pageSize: spec.pageSize, images, dumps };
}

describe.skipIf(!sqlite3Available())('power cuts during b-tree workloads', () => {
  const seeds = FULL_RUN ? [1, 2, 3, 4, 5, 6] : [41];
  for (const seed of seeds) {
    SPECS.forEach((s) => {
      it(`${s.synchronous}, ${s.pageSize}-byte pages${s.autoVacuum ? ', auto_vacuum' : ''}, cache ${s.cacheSizePages}, seed ${seed}`, () => {
        const spec = { ...s, seed };
        const states = checkedStates(spec);
        const workload = btreeWorkload(spec, planTransactions(spec));
        const total = countOps(states, workload);
        const cuts = sampleCuts(total, FULL_RUN ? total : 10, seed);
        cutPoints += cuts.length;
        const failures = runCrashes(states, workload, cuts, seed, stats);
        expect(failures.slice(0, 3)).toEqual([]);
      });
    });
  }
});
