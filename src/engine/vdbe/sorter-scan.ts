/**
 * The loop that feeds a sorter from a full scan of one b-tree, found in a program so that the VM
 * runs it as one step (hot-codes.ts SORTER_SCAN, hot-ops.ts sorterScan): CREATE INDEX's first loop
 * (ddl.ts fillIndex), which reads each row's indexed columns and rowid into the sorter.
 *
 * ```
 *  top:  Column       C, k0, r0       ┐ zero or more, all on cursor C (opened by OpenRead/OpenWrite)
 *        Column       C, k1, r1       ┘
 *        Rowid        C, rr           zero or one (one Column or Rowid at least)
 *        MakeRecord   r, n, rec, aff  ┐ the record of r .. r + n − 1 into the sorter
 *        SorterInsert S, rec          ┘ (hot-codes.ts MAKE_RECORD_SORTER: one step already)
 *        Next         C, top          the loop's only way back
 * ```
 *
 * No instruction jumps into the loop below `top` (nor onto the Next), so the body always runs whole
 * and in order. The handler at `top` loops over the rows itself while the cursor is in the common
 * state; anything else (another cursor class, a null row, I/O) runs the instructions one by one as
 * before. The sorter gets the same records either way.
 *
 * @module
 */
import type { Insn } from './insn.js';

/** A sorter scan loop; see the module doc. Operands are copied out of the instructions. */
export interface SorterScan {
  /** The cursor scanned (P1 of the Columns, the Rowid and the Next). */
  readonly cursor: number;
  /** The Column instructions, in order. */
  readonly columns: readonly Insn[];
  /** The Rowid's output register, or −1 when the loop has none. */
  readonly rowidReg: number;
  /** MakeRecord's registers: `count` from `from` (its P1, P2). */
  readonly from: number;
  readonly count: number;
  /** The sorter cursor (P1 of the SorterInsert). */
  readonly sorter: number;
  /** MakeRecord's affinity string ('' for none). */
  readonly affinity: string;
  /** Address of the Next, and the one after it (where the loop ends). */
  readonly next: number;
  readonly after: number;
}

/**
 * The sorter scan loop whose first instruction is at `top`, or null when the instructions there do
 * not have the shape of the module doc. `jumpsInto(a)` tells whether some instruction may jump to
 * address `a` (hot-codes.ts jumpTarget). The kinds of cursors are not checked here: the caller
 * knows how each cursor is opened, the handler checks the cursors' classes.
 */
export function sorterScanAt(insns: readonly Insn[], top: number, jumpsInto: (a: number) => boolean): SorterScan | null {
  let k = top;
  while (k < insns.length && insns[k].opcode === 'Column') k++;
  const columnsEnd = k;
  let rowidReg = -1;
  if (k < insns.length && insns[k].opcode === 'Rowid') rowidReg = insns[k++].p2;
  if (k === top || k + 2 >= insns.length) return null;
  const mk = insns[k];
  const ins = insns[k + 1];
  const next = insns[k + 2];
  if (mk.opcode !== 'MakeRecord' || ins.opcode !== 'SorterInsert' || ins.p2 !== mk.p3) return null;
  if (next.opcode !== 'Next' || next.p2 !== top) return null;
  const cursor = next.p1;
  for (let i = top; i < k; i++) if (insns[i].p1 !== cursor) return null;
  if (mk.p4 !== null && mk.p4.kind !== 'affinity') return null;
  for (let a = top + 1; a <= k + 2; a++) if (jumpsInto(a)) return null;
  return {
    cursor,
    columns: insns.slice(top, columnsEnd),
    rowidReg,
    from: mk.p1,
    count: mk.p2,
    sorter: ins.p1,
    affinity: mk.p4 === null ? '' : mk.p4.value,
    next: k + 2,
    after: k + 3,
  };
}
