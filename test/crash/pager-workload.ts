/**
 * A crash workload at the pager level: transaction i replays the pages of SQLite's image Si (see
 * sqlite-states.ts) through Strata's pager — getMutablePage for every page that differs from S(i-1),
 * appendPage / truncate for size changes, the b-tree header fields from Si's header — and commits.
 * Between commits the schedule runs checkpoints of every mode, keeps a second connection reading an
 * old snapshot across some of them, closes and reopens the database, and finally closes it.
 *
 * The workload tells the checker what may be on disk when the power goes: `returned` commits have
 * returned, commit `started` may have been cut halfway, and every commit ≤ `durable` must survive
 * (all returned commits under synchronous=FULL; under NORMAL/OFF those a complete checkpoint or a
 * close made durable).
 */
import { decodeDatabaseHeader } from '../../src/format/index.js';
import type { IO } from '../../src/io/index.js';
import { runSync } from '../../src/io/index.js';
import type { CheckpointMode } from '../../src/pager/checkpoint.js';
import { Pager, type SynchronousMode } from '../../src/pager/pager.js';
import type { States } from './sqlite-states.js';

/** Path of the database inside the fault backend. */
export const DB_PATH = '/crash/test.db';

/** Workload knobs. */
export interface WorkloadSpec {
  synchronous: SynchronousMode;
  /** Pager cache capacity in pages (small values make transactions spill). */
  cacheSizePages: number;
  /** wal_autocheckpoint in frames (0: off). */
  autoCheckpointFrames: number;
  /** Run an explicit checkpoint after every this many commits (cycling through the modes). */
  checkpointEvery: number;
  /** Keep a reader on an old snapshot from commit 2 to commit K−2. */
  reader: boolean;
  /** Close and reopen the database after this commit (0: never). */
  reopenAfter: number;
}

/** How far the workload got. */
export interface Progress {
  /** Commits that returned. */
  returned: number;
  /** The commit in progress (returned + 1 inside a commit), else returned. */
  started: number;
  /** Every commit ≤ this one is durable. */
  durable: number;
}

const MODES: CheckpointMode[] = ['PASSIVE', 'FULL', 'RESTART', 'TRUNCATE'];

/**
 * Runs the workload on `io` (which holds S0 at {@link DB_PATH}, or nothing when S0 is empty),
 * updating `progress` as it goes. Throws whatever the I/O throws (a PowerCut ends it).
 * `poweredOn` says whether the I/O still works (close() cannot report a failed checkpoint).
 */
export function runWorkload(io: IO, states: States, spec: WorkloadSpec, progress: Progress, poweredOn: () => boolean = () => true): void {
  const { pageSize, images } = states;
  const open = (): Pager => {
    const p = Pager.open(io, DB_PATH, { readonly: false, newPageSize: pageSize, cacheSizePages: spec.cacheSizePages });
    p.synchronous = spec.synchronous;
    p.autoCheckpointFrames = spec.autoCheckpointFrames;
    return p;
  };
  let p = open();
  let reader: Pager | null = null;
  const k = images.length - 1;
  let checkpoints = 0;
  for (let i = 1; i <= k; i++) {
    if (spec.reader && i === 2) reader = Pager.open(io, DB_PATH, { readonly: false });
    if (reader && i === k - 1) {
      reader.close();
      reader = null;
    }
    progress.started = i;
    commitImage(p, images[i - 1], images[i], pageSize);
    progress.returned = i;
    if (spec.synchronous === 'full') progress.durable = i;
    if (spec.checkpointEvery > 0 && i % spec.checkpointEvery === 0) {
      const r = runSync(() => p.checkpoint(MODES[checkpoints++ % MODES.length]));
      if (r.busy === 0 && r.checkpointed === r.log) progress.durable = i;
    }
    if (i === spec.reopenAfter) {
      if (reader) reader.close();
      reader = null;
      p.close(); // swallows the I/O errors of its checkpoint: durable only if the power stayed on
      if (poweredOn()) progress.durable = i;
      p = open();
    }
  }
  if (reader) reader.close();
  p.close();
  if (poweredOn()) progress.durable = k;
}

/** One transaction: make the pager's pages those of `next` (its predecessor image is `prev`). */
export function commitImage(p: Pager, prev: Uint8Array, next: Uint8Array, pageSize: number): void {
  runSync(() => p.beginRead());
  runSync(() => p.beginWrite());
  const nPrev = prev.length / pageSize;
  const nNext = next.length / pageSize;
  while (p.pageCount < nNext) p.appendPage();
  if (nNext < p.pageCount) p.truncate(nNext);
  for (let pgno = 1; pgno <= nNext; pgno++) {
    const page = next.subarray((pgno - 1) * pageSize, pgno * pageSize);
    if (pgno <= nPrev && equalBytes(page, prev.subarray((pgno - 1) * pageSize, pgno * pageSize))) continue;
    runSync(() => p.getMutablePage(pgno)).set(page);
    runSync(() => p.spill()); // a spill point: no page buffer is held here
  }
  const h = decodeDatabaseHeader(next);
  Object.assign(p.header, {
    freelistTrunk: h.freelistTrunk,
    freelistCount: h.freelistCount,
    largestRootPage: h.largestRootPage,
    incrementalVacuum: h.incrementalVacuum,
    schemaCookie: h.schemaCookie,
  });
  runSync(() => p.commit());
}

/** True when `a` and `b` hold the same bytes. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
