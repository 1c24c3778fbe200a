/**
 * The output loop of a GROUP BY read back from its sorter, found in a program so that the VM runs
 * the rows of one group as one step (hot-codes.ts GROUP_SCAN, hot-ops.ts groupScan):
 * `SELECT a % 100, count(*), sum(id) FROM t GROUP BY 1`.
 *
 * ```
 *  top:  SorterData  S, reg, P         the sorted row handed to pseudo cursor P (SORTER_DATA_PSEUDO)
 *        Column      P, k0, g0         ┐ one or more: the row's group key
 *        Column      P, k1, g1         ┘
 *        IfNot       flag, …           no row seen yet: the general code starts the first group
 *        Compare     prev, g0, n, K    the key against the previous row's
 *        Jump        lt, eq, gt        another key: the general code ends the group, starts the next
 *  eq:   Column      P, k, a           ┐ zero or more: the aggregates' arguments
 *        AggStep     0, a, acc, f      ┐ one or more
 *        AggStep     …                 ┘
 *        SorterNext  S, top            the loop's way back
 * ```
 *
 * The handler at `top` runs, row after row, exactly what these instructions do one by one while
 * each row's key equals the previous row's: the instructions from `top` to the Jump, then those
 * from `eq` to the SorterNext. Where the instructions would go anywhere else (the flag false, a key
 * that differs, the sorter's end) it returns that address with the registers as the instructions
 * would have left them, and the general code goes on from there. Any other state (another cursor
 * class, a row not held flat by the sorter) runs the instructions one by one as before. Jumps into
 * the loop from elsewhere change nothing: only `top`'s handler is replaced.
 *
 * @module
 */
import { aggStepsAt, type AggSteps } from './agg-scan.js';
import type { Insn } from './insn.js';

/** A GROUP BY output loop; see the module doc. Operands are copied out of the instructions. */
export interface GroupScan extends AggSteps {
  /** The sorter (P1 of the SorterData and the SorterNext), the data register and pseudo cursor. */
  readonly sorter: number;
  readonly reg: number;
  readonly pseudo: number;
  /** The Columns reading the group key, in order. */
  readonly keyColumns: readonly Insn[];
  /** The IfNot: its address and instruction. */
  readonly ifNotAt: number;
  readonly ifNot: Insn;
  /** The Compare, and the Jump's address. */
  readonly compare: Insn;
  readonly jumpAt: number;
  /** The Columns reading the aggregates' arguments (from the Jump's "equal" address), in order. */
  readonly argColumns: readonly Insn[];
  /** Address of the SorterNext, and of the instruction after it. */
  readonly next: number;
  readonly after: number;
}

/**
 * The GROUP BY output loop whose first instruction, a SorterData, is at `top`, or null when the
 * instructions there do not have the shape of the module doc. The kinds of cursors are not checked
 * here: the caller knows how each cursor is opened, the handler checks the cursors' classes.
 */
export function groupScanAt(insns: readonly Insn[], top: number): GroupScan | null {
  const data = insns[top];
  if (data === undefined || data.opcode !== 'SorterData') return null;
  const pseudo = data.p3;
  let k = top + 1;
  while (k < insns.length && insns[k].opcode === 'Column' && insns[k].p1 === pseudo) k++;
  if (k === top + 1 || k + 2 >= insns.length) return null;
  const keyColumns = insns.slice(top + 1, k);
  const ifNot = insns[k];
  const compare = insns[k + 1];
  const jump = insns[k + 2];
  if (ifNot.opcode !== 'IfNot' || compare.opcode !== 'Compare' || jump.opcode !== 'Jump') return null;
  const eq = jump.p2;
  if (eq <= k + 2 || eq >= insns.length) return null;
  let e = eq;
  while (e < insns.length && insns[e].opcode === 'Column' && insns[e].p1 === pseudo) e++;
  const firstStep = e;
  while (e < insns.length && insns[e].opcode === 'AggStep') e++;
  if (e === firstStep || e >= insns.length) return null;
  const next = insns[e];
  if (next.opcode !== 'SorterNext' || next.p1 !== data.p1 || next.p2 !== top) return null;
  const steps = aggStepsAt(insns, firstStep, e);
  if (steps === null) return null;
  return {
    sorter: data.p1,
    reg: data.p2,
    pseudo,
    keyColumns,
    ifNotAt: k,
    ifNot,
    compare,
    jumpAt: k + 2,
    argColumns: insns.slice(eq, firstStep),
    ...steps,
    next: e,
    after: e + 1,
  };
}
