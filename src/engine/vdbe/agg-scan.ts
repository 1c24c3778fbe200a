/**
 * The loop of an aggregate over a full scan of one b-tree, found in a program so that the VM runs
 * it as one step (hot-codes.ts AGG_SCAN, hot-ops.ts aggScan): `SELECT count(*), sum(a) FROM t`.
 *
 * ```
 *  top:  Column  C, k0, r0        ┐ zero or more, all on cursor C (opened by OpenRead/OpenWrite)
 *        Column  C, k1, r1        ┘
 *        AggStep 0, args, acc, f  ┐ one or more
 *        AggStep …                ┘
 *        Next    C, top           the loop's only way back
 * ```
 *
 * No instruction jumps into the loop below `top` (nor onto the Next), so the body always runs
 * whole and in order: each row's columns are read, every accumulator stepped, then the cursor
 * moves. With Columns of one field and aggregates that fold INTEGERs ({@link AggScan.foldField}:
 * count, sum, total, avg), runs of rows whose column is a small INTEGER or NULL are folded straight
 * off the leaf page (btree/leaf-fold.ts), each accumulator taking the run at once. The handler at
 * `top` loops over the rows itself, with no dispatch per instruction, while the cursor is in the
 * common state; anything else (another cursor class, a null row, I/O) runs
 * the instructions one by one as before. A program's results are the same either way.
 *
 * @module
 */
import type { AggregateFunction } from '../functions/registry.js';
import type { Insn } from './insn.js';

/** An aggregate scan loop; see the module doc. Operands are copied out of the instructions. */
export interface AggScan {
  /** The cursor scanned (P1 of the Columns and the Next). */
  readonly cursor: number;
  /** The Column instructions, in order. */
  readonly columns: readonly Insn[];
  /** With one Column, its field (P2) and register (P3), read by a peek at the header; else −1. */
  readonly peekField: number;
  readonly peekTarget: number;
  /** Per AggStep, in order: the function (P4), its first argument register (P2), accumulator (P3), argument count (P5), address. */
  readonly funcs: readonly AggregateFunction[];
  readonly args: Int32Array;
  readonly accs: Int32Array;
  readonly nArgs: Int32Array;
  readonly stepPcs: Int32Array;
  /** Address of the Next, and of the instruction after it. */
  readonly next: number;
  readonly after: number;
  /**
   * The field the loop may fold, or −1: set when every Column reads that one field (SQLite codes a
   * Column per argument, `sum(a), avg(a)` reads a twice), every AggStep reads one of their
   * registers or nothing (count(*)), every function folds INTEGERs a batch at a time (registry.ts
   * IntFold). The handler then folds runs of a leaf's rows read straight off the page
   * (btree/leaf-fold.ts) instead of stepping each, leaving the last one's value in the Columns'
   * registers as the stepped loop would.
   */
  readonly foldField: number;
}

/**
 * The aggregate scan loop whose first instruction is at `top`, or null when the instructions there
 * do not have the shape of the module doc. `jumpsInto(a)` tells whether some instruction may jump
 * to address `a` (hot-codes.ts jumpTarget). The kind of cursor is not checked here: the caller
 * knows how each cursor is opened, the handler checks the cursor's class.
 */
export function aggScanAt(insns: readonly Insn[], top: number, jumpsInto: (a: number) => boolean): AggScan | null {
  let k = top;
  while (k < insns.length && insns[k].opcode === 'Column') k++;
  const firstStep = k;
  while (k < insns.length && insns[k].opcode === 'AggStep') k++;
  if (k === firstStep || k >= insns.length) return null;
  const next = insns[k];
  if (next.opcode !== 'Next' || next.p2 !== top) return null;
  const cursor = next.p1;
  for (let i = top; i < firstStep; i++) if (insns[i].p1 !== cursor) return null;
  const steps = aggStepsAt(insns, firstStep, k);
  if (steps === null) return null;
  for (let a = top + 1; a <= k; a++) if (jumpsInto(a)) return null;
  const one = firstStep - top === 1 ? insns[top] : null;
  const field = firstStep > top ? insns[top].p2 : -1;
  const targets = new Set<number>();
  let fold = field >= 0;
  for (let i = top; fold && i < firstStep; i++) {
    fold = insns[i].p2 === field;
    targets.add(insns[i].p3);
  }
  for (let i = 0; fold && i < steps.funcs.length; i++) {
    const n = steps.nArgs[i];
    fold = steps.funcs[i].intFold !== undefined && (n === 0 || (n === 1 && targets.has(steps.args[i])));
  }
  return {
    cursor,
    columns: insns.slice(top, firstStep),
    peekField: one ? one.p2 : -1,
    peekTarget: one ? one.p3 : -1,
    ...steps,
    next: k,
    after: k + 1,
    foldField: fold ? field : -1,
  };
}

/** The AggSteps of a fused loop (agg-scan.ts, group-scan.ts), operands copied out; see {@link AggScan}. */
export interface AggSteps {
  readonly funcs: readonly AggregateFunction[];
  readonly args: Int32Array;
  readonly accs: Int32Array;
  readonly nArgs: Int32Array;
  readonly stepPcs: Int32Array;
}

/**
 * The AggSteps at addresses `from` … `to` − 1 (each with an aggregate function as P4), or null when
 * one has another P4.
 */
export function aggStepsAt(insns: readonly Insn[], from: number, to: number): AggSteps | null {
  const n = to - from;
  const funcs: AggregateFunction[] = [];
  const args = new Int32Array(n);
  const accs = new Int32Array(n);
  const nArgs = new Int32Array(n);
  const stepPcs = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const op = insns[from + i];
    if (op.p4 === null || op.p4.kind !== 'func' || op.p4.func.kind !== 'aggregate') return null;
    funcs.push(op.p4.func);
    args[i] = op.p2;
    accs[i] = op.p3;
    nArgs[i] = op.p5;
    stepPcs[i] = from + i;
  }
  return { funcs, args, accs, nArgs, stepPcs };
}
