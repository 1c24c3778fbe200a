/**
 * A crash workload through the b-tree writer (src/btree/write): a new database gets a rowid table
 * `t(a, b)` and an index `i ON t(a)`, then each transaction inserts, replaces and deletes rows with
 * payloads from a few bytes to several pages (overflow chains written and freed, the freelist
 * reused), optionally in a full auto_vacuum file, with spill points between b-tree operations,
 * checkpoints, and a close at the end.
 *
 * Its oracle states are the database images after each commit of a run without faults, each
 * checked by sqlite3 (integrity_check ok, rows equal to a model map) before any crash is judged.
 */
import { BTreeWriter, setAutoVacuum } from '../../src/btree/write/btree-writer.js';
import { recordFromValues, type SqlValue } from '../../src/format/index.js';
import type { IO } from '../../src/io/index.js';
import { MemoryIO, runSync } from '../../src/io/index.js';
import type { CheckpointMode } from '../../src/pager/checkpoint.js';
import { Pager, type SynchronousMode } from '../../src/pager/pager.js';
import type { Workload } from './crash-runner.js';
import { DB_PATH, type Progress } from './pager-workload.js';

/** Workload knobs. */
export interface BtreeWorkloadSpec {
  seed: number;
  pageSize: number;
  /** Transactions after the one creating the schema. */
  transactions: number;
  opsPerTransaction: number;
  synchronous: SynchronousMode;
  cacheSizePages: number;
  checkpointEvery: number;
  autoVacuum: boolean;
}

/** One row change. */
export type RowOp = { kind: 'put'; rowid: number; a: string; b: Uint8Array } | { kind: 'del'; rowid: number };

/** The schema the workload creates (stored as written, SQLite parses it on open). */
export const SCHEMA = ['CREATE TABLE t(a, b)', 'CREATE INDEX i ON t(a)'];

/** The row changes of each transaction (index 0: the schema transaction, no rows), seeded. */
export function planTransactions(spec: BtreeWorkloadSpec): RowOp[][] {
  let x = spec.seed >>> 0 || 1;
  const rnd = (n: number): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
  const plan: RowOp[][] = [[]];
  const live = new Set<number>();
  for (let t = 0; t < spec.transactions; t++) {
    const ops: RowOp[] = [];
    for (let i = 0; i < spec.opsPerTransaction; i++) {
      if (live.size > 4 && rnd(4) === 0) {
        const rowid = [...live][rnd(live.size)];
        live.delete(rowid);
        ops.push({ kind: 'del', rowid });
        continue;
      }
      const rowid = 1 + rnd(60);
      live.add(rowid);
      const size = rnd(5) === 0 ? rnd(spec.pageSize * 4) : rnd(120);
      const b = new Uint8Array(size);
      for (let k = 0; k < size; k++) b[k] = rnd(256);
      ops.push({ kind: 'put', rowid, a: `k${rnd(1000)}`.repeat(1 + rnd(3)), b });
    }
    plan.push(ops);
  }
  return plan;
}

/** The model after applying transactions 0..upTo of `plan`: rowid → [a, b]. */
export function modelAfter(plan: RowOp[][], upTo: number): Map<number, [string, Uint8Array]> {
  const m = new Map<number, [string, Uint8Array]>();
  for (let t = 0; t <= upTo; t++) {
    for (const op of plan[t]) {
      if (op.kind === 'put') m.set(op.rowid, [op.a, op.b]);
      else m.delete(op.rowid);
    }
  }
  return m;
}

const MODES: CheckpointMode[] = ['PASSIVE', 'TRUNCATE', 'FULL', 'RESTART'];

/**
 * The workload. `onCommit(pager, i)` runs after commit i returned (the states builder reads the
 * images there).
 */
export function btreeWorkload(spec: BtreeWorkloadSpec, plan: RowOp[][], onCommit?: (p: Pager, i: number) => void): Workload {
  return (io: IO, progress: Progress, poweredOn: () => boolean) => {
    const p = Pager.open(io, DB_PATH, { readonly: false, newPageSize: spec.pageSize, cacheSizePages: spec.cacheSizePages });
    p.synchronous = spec.synchronous;
    p.autoCheckpointFrames = 40;
    const rec = (v: SqlValue[]): Uint8Array => recordFromValues(v, 1);
    const model = new Map<number, string>();
    let roots = { t: 0, i: 0 };
    let checkpoints = 0;
    for (let i = 0; i < plan.length; i++) {
      progress.started = i + 1;
      runSync(() => p.beginRead());
      runSync(() => p.beginWrite());
      const w = new BTreeWriter(p);
      if (i === 0) {
        if (spec.autoVacuum) setAutoVacuum(p, 'full');
        roots = { t: runSync(() => w.createTree('table')), i: runSync(() => w.createTree('index')) };
        runSync(() => w.insert(1, 1, rec(['table', 't', 't', roots.t, SCHEMA[0]])));
        runSync(() => w.insert(1, 2, rec(['index', 'i', 't', roots.i, SCHEMA[1]])));
        p.header.schemaCookie++;
      }
      for (const op of plan[i]) {
        const old = model.get(op.rowid);
        if (old !== undefined) runSync(() => w.deleteIndexKey(roots.i, [old, op.rowid]));
        if (op.kind === 'put') {
          runSync(() => w.insertIndexKey(roots.i, rec([op.a, op.rowid])));
          runSync(() => w.insert(roots.t, op.rowid, rec([op.a, op.b])));
          model.set(op.rowid, op.a);
        } else {
          if (old !== undefined) runSync(() => w.delete(roots.t, op.rowid));
          model.delete(op.rowid);
        }
        runSync(() => p.spill()); // between b-tree operations: no page buffer is held
      }
      runSync(() => w.beforeCommit());
      runSync(() => p.commit());
      progress.returned = i + 1;
      if (spec.synchronous === 'full') progress.durable = i + 1;
      onCommit?.(p, i + 1);
      if (spec.checkpointEvery > 0 && (i + 1) % spec.checkpointEvery === 0) {
        const r = runSync(() => p.checkpoint(MODES[checkpoints++ % MODES.length]));
        if (r.busy === 0 && r.checkpointed === r.log) progress.durable = i + 1;
      }
    }
    p.close();
    if (poweredOn()) progress.durable = plan.length;
  };
}

/** The database image after each commit of a fault-free run (index 0: the empty file). */
export function btreeImages(spec: BtreeWorkloadSpec, plan: RowOp[][]): Uint8Array[] {
  const images: Uint8Array[] = [new Uint8Array(0)];
  const capture = (p: Pager): void => {
    const out = new Uint8Array(p.pageCount * p.pageSize);
    for (let pgno = 1; pgno <= p.pageCount; pgno++) out.set(runSync(() => p.getPage(pgno)), (pgno - 1) * p.pageSize);
    images.push(out);
  };
  btreeWorkload(spec, plan, capture)(new MemoryIO(), { returned: 0, started: 0, durable: 0 }, () => true);
  return images;
}
