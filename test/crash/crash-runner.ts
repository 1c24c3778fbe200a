/**
 * The crash loop: a dry run counts the workload's operations (writes, truncates, syncs, removes);
 * then for each chosen cut point the workload runs again on a fresh {@link FaultIO} until the power
 * goes at that operation, and every crash variant of the resulting disk is checked (crash-check.ts).
 * A crash point is one (cut operation, variant) pair.
 */
import { FaultIO, PowerCut, type CrashVariant } from '../../src/io/fault-io.js';
import { checkCrashImage, type CrashStats } from './crash-check.js';
import type { IO } from '../../src/io/index.js';
import { DB_PATH, runWorkload, type Progress, type WorkloadSpec } from './pager-workload.js';
import type { States } from './sqlite-states.js';

/** The variants checked at every cut (model points 2–4 of fault-io.ts). */
export const VARIANTS: ReadonlyArray<Omit<CrashVariant, 'seed'>> = [
  { unsynced: 'none', inFlight: 'lost' },
  { unsynced: 'all', inFlight: 'lost' },
  { unsynced: 'all', inFlight: 'whole' },
  { unsynced: 'all', inFlight: 'sector-prefix' },
  { unsynced: 'none', inFlight: 'sector-suffix' },
  { unsynced: 'some', inFlight: 'sector-subset' },
  { unsynced: 'some', inFlight: 'byte-prefix' },
];

/** One failed crash point, with what is needed to replay it. */
export interface CrashFailure {
  cut: number;
  op: string;
  variant: CrashVariant;
  progress: Progress;
  why: string;
}

/**
 * A workload: runs on `io` (holding S0 at DB_PATH unless S0 is empty), keeping `progress` up to
 * date; `poweredOn` says whether the I/O still works.
 */
export type Workload = (io: IO, progress: Progress, poweredOn: () => boolean) => void;

/** The pager-level workload replaying `states` (pager-workload.ts). */
export function pagerWorkload(states: States, spec: WorkloadSpec): Workload {
  return (io, progress, poweredOn) => runWorkload(io, states, spec, progress, poweredOn);
}

/** Operations the workload issues when nothing fails. */
export function countOps(states: States, workload: Workload): number {
  const io = new FaultIO();
  if (states.images[0].length) io.put(DB_PATH, states.images[0]);
  workload(io, { returned: 0, started: 0, durable: 0 }, () => true);
  return io.ops;
}

/**
 * Cuts the power at each operation in `cuts` (1-based) and checks every variant.
 * @returns the failures (empty when every crash point recovered an allowed state).
 */
export function runCrashes(states: States, workload: Workload, cuts: readonly number[], seed: number, stats: CrashStats): CrashFailure[] {
  const failures: CrashFailure[] = [];
  for (const cut of cuts) {
    const io = new FaultIO(cut, true);
    if (states.images[0].length) io.put(DB_PATH, states.images[0]);
    const progress: Progress = { returned: 0, started: 0, durable: 0 };
    try {
      workload(io, progress, () => io.cut === null);
      // close() swallows I/O errors of its last checkpoint (it cannot report them), PowerCut too.
      if (io.cut === null) throw new Error(`the workload ended before operation ${cut}`);
    } catch (e) {
      if (!(e instanceof PowerCut)) {
        failures.push({ cut, op: describe(io, cut), variant: { ...VARIANTS[0], seed }, progress, why: `workload threw ${(e as Error).stack}` });
        continue;
      }
    }
    VARIANTS.forEach((v, i) => {
      const variant = { ...v, seed: (seed * 7919 + cut * 31 + i) >>> 0 };
      const why = checkCrashImage(io.crashImage(variant), states, progress, stats);
      if (why) failures.push({ cut, op: describe(io, cut), variant, progress: { ...progress }, why });
    });
  }
  return failures;
}

function describe(io: FaultIO, cut: number): string {
  const op = io.log[cut - 1];
  if (!op) return '?';
  const file = op.path.slice(DB_PATH.length) || 'db';
  if (op.kind === 'write') return `write ${file} @${op.offset} +${op.data.length}`;
  if (op.kind === 'truncate') return `truncate ${file} to ${op.length}`;
  return `${op.kind} ${file}`;
}

/** `count` cut points spread over 1..total (all of them when count ≥ total), seeded. */
export function sampleCuts(total: number, count: number, seed: number): number[] {
  if (count >= total) return Array.from({ length: total }, (_, i) => i + 1);
  let x = seed >>> 0 || 1;
  const picked = new Set<number>();
  while (picked.size < count) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    picked.add(1 + (x % total));
  }
  return [...picked].sort((a, b) => a - b);
}
