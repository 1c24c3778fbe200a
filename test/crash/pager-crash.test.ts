/**
 * Crash safety of the pager: power cut at write, truncate, sync and remove points of workloads that
 * replay SQLite-made database images through Strata's pager (sqlite-states.ts, pager-workload.ts),
 * under synchronous FULL / NORMAL / OFF, with small caches (spills), checkpoints of every mode, an
 * old reader held across checkpoints, a close and reopen, a new database and a legacy file switched
 * to WAL. Each crash image must reopen as exactly one allowed state, by Strata and by sqlite3
 * (integrity_check ok, same `.dump`) — crash-check.ts.
 *
 * `npm test` runs a seeded sample of cut points; `npm run test:crash` (STRATA_CRASH_FULL=1) cuts at
 * every operation of many more workloads (≥ 10,000 crash points) and prints the counts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { sqlite3Available } from '../support/sqlite3-cli.js';
import { cleanupCrashScratch, newStats, type CrashStats } from './crash-check.js';
import { countOps, pagerWorkload, runCrashes, sampleCuts, VARIANTS } from './crash-runner.js';
import type { WorkloadSpec } from './pager-workload.js';
import { buildStates, type StatesSpec } from './sqlite-states.js';

interface Config {
  name: string;
  states: Omit<StatesSpec, 'seed'>;
  workload: WorkloadSpec;
}

const CONFIGS: Config[] = [
  {
    name: 'new database, FULL, 1 KiB pages, auto-checkpoint, reader, reopen',
    states: { pageSize: 1024, transactions: 10, fromEmpty: true },
    workload: { synchronous: 'full', cacheSizePages: 50, autoCheckpointFrames: 30, checkpointEvery: 3, reader: true, reopenAfter: 6 },
  },
  {
    name: 'legacy file, NORMAL, 512 B pages, auto_vacuum (shrinking), spilling cache of 4 pages',
    states: { pageSize: 512, transactions: 10, autoVacuum: true },
    workload: { synchronous: 'normal', cacheSizePages: 4, autoCheckpointFrames: 0, checkpointEvery: 2, reader: true, reopenAfter: 0 },
  },
  {
    name: 'legacy file, OFF, 4 KiB pages, checkpoint after every commit',
    states: { pageSize: 4096, transactions: 10 },
    workload: { synchronous: 'off', cacheSizePages: 8, autoCheckpointFrames: 0, checkpointEvery: 1, reader: false, reopenAfter: 5 },
  },
  {
    name: 'legacy file, FULL, 1 KiB pages, spilling cache of 3 pages, reader held across checkpoints',
    states: { pageSize: 1024, transactions: 12 },
    workload: { synchronous: 'full', cacheSizePages: 3, autoCheckpointFrames: 12, checkpointEvery: 4, reader: true, reopenAfter: 0 },
  },
  {
    name: 'legacy file, NORMAL, 1 KiB pages, WAL generations of three commits restarted after each checkpoint',
    states: { pageSize: 1024, transactions: 12 },
    workload: { synchronous: 'normal', cacheSizePages: 40, autoCheckpointFrames: 0, checkpointEvery: 3, reader: false, reopenAfter: 0 },
  },
];

const FULL_RUN = process.env.STRATA_CRASH_FULL === '1';
const totals: CrashStats = newStats();
let cutPoints = 0;

afterAll(() => {
  cleanupCrashScratch();
  console.log(
    `crash points: ${totals.images} (${cutPoints} cut operations × ${VARIANTS.length} variants), plus ${totals.secondCuts} second cuts during recovery; sqlite3 runs ${totals.sqlite3Runs}; ` +
      `recovered the last returned commit ${totals.recoveredLatest}, the commit in flight ${totals.recoveredInFlight}, an older durable one ${totals.recoveredOlder}`,
  );
});

function run(config: Config, seed: number, sample: number | null): void {
  const states = buildStates({ ...config.states, seed });
  const workload = pagerWorkload(states, config.workload);
  const total = countOps(states, workload);
  const cuts = sample === null ? sampleCuts(total, total, seed) : sampleCuts(total, sample, seed);
  const stats = newStats();
  const failures = runCrashes(states, workload, cuts, seed, stats);
  cutPoints += cuts.length;
  for (const k of Object.keys(totals) as Array<keyof CrashStats>) totals[k] += stats[k];
  expect(stats.images).toBe(cuts.length * VARIANTS.length);
  expect(failures.slice(0, 3)).toEqual([]);
}

describe.skipIf(!sqlite3Available())('power cuts during pager workloads (seeded sample)', () => {
  if (!sqlite3Available()) console.warn('skipped: the sqlite3 CLI is not on PATH');
  CONFIGS.forEach((config, i) => {
    it(config.name, () => run(config, 101 + i, 10));
  });
});

describe.runIf(FULL_RUN && sqlite3Available())('power cuts during pager workloads (every operation, many seeds)', () => {
  for (let seed = 1; seed <= 6; seed++) {
    CONFIGS.forEach((config) => {
      it(`${config.name}, seed ${seed}`, () => run(config, seed * 1000 + 7, null));
    });
  }
});
