/**
 * Small-integer codes for the opcodes the VM runs per row: hot-ops.ts handlersFor turns them into
 * one handler function per address, so that the inner loop dispatches with one indirect call
 * instead of comparing opcode names one by one.
 *
 * ```
 *  Program.insns ──hotCodes()──▶ Uint8Array, one code per address
 *                                 COLD (0):   run by the general switch in Vm.step
 *                                 WRITE (255): likewise, and it may change b-tree pages
 *                                 1..n:       run by Vm's hot loop (vm.ts, runHot)
 * ```
 *
 * Only the opcodes listed in {@link HOT} are hot; every other opcode (DDL, writes, rarely used
 * ones) keeps its name-based case. Some get a code by their context: Column by the kind of cursor
 * (COLUMN_BTREE, COLUMN_PSEUDO), a MakeRecord feeding the SorterInsert after it
 * (MAKE_RECORD_SORTER), the first instruction of an aggregate scan loop (AGG_SCAN) or of a sorter
 * scan loop (SORTER_SCAN). The table is
 * computed once per Vm. Before a {@link WRITE} opcode runs, the VM makes every b-tree cursor copy
 * out its current record (a write may move the bytes its parsed header points at).
 *
 * @module
 */
import { OPFLAG_SAVEPOSITION, OPFLAG_TOTAL_ONLY, OPFLAG_USESEEKRESULT, type Opcode } from './opcodes.js';
import type { Program } from './program.js';
import { aggScanAt } from './agg-scan.js';
import { sorterScanAt } from './sorter-scan.js';
import { groupScanAt } from './group-scan.js';

/** Not a hot opcode: the general switch runs it. */
export const COLD = 0;

/** A cold opcode that writes b-tree pages. */
export const WRITE = 255;

const WRITES: readonly Opcode[] = ['Insert', 'Delete', 'IdxInsert', 'IdxDelete', 'Clear', 'Destroy', 'CreateBtree'];

/** The hot opcodes and their codes (the numbers are arbitrary but fixed, 1..255). */
export const HOT = {
  Goto: 1,
  Integer: 2,
  Null: 3,
  Copy: 4,
  SCopy: 5,
  IntCopy: 5,
  Variable: 6,
  Gosub: 7,
  Return: 8,
  If: 9,
  IfNot: 10,
  IsNull: 11,
  NotNull: 12,
  ResultRow: 13,
  Column: 14,
  Rowid: 15,
  IdxRowid: 16,
  Next: 17,
  SorterNext: 33,
  Prev: 18,
  AggStep: 19,
  MakeRecord: 20,
  SorterInsert: 21,
  SorterData: 22,
  Compare: 23,
  Jump: 24,
  Eq: 25,
  Ne: 25,
  Lt: 25,
  Le: 25,
  Gt: 25,
  Ge: 25,
  Add: 26,
  Subtract: 27,
  Multiply: 28,
  Divide: 29,
  Remainder: 30,
  IdxGE: 31,
  IdxGT: 31,
  IdxLE: 31,
  IdxLT: 31,
  SeekRowid: 32,
  NotExists: 32,
  Init: 1,
  MustBeInt: 34,
  Affinity: 35,
  NewRowid: 36,
  SeekGE: 37,
  SeekGT: 37,
  SeekLE: 37,
  SeekLT: 37,
} as const satisfies Partial<Record<Opcode, number>>;

/**
 * Column specialized by the kind of cursor its P1 is opened as (the only Open* of that cursor
 * number in the program): handlers that see one cursor class stay monomorphic. The handler still
 * checks the class and falls back to the general Column.
 */
export const COLUMN_BTREE = 40;
export const COLUMN_PSEUDO = 41;

/**
 * MakeRecord whose record only feeds the SorterInsert right after it (P3 of the one = P2 of the
 * other, no jump lands on the SorterInsert): the fields go into the sorter in one step and the
 * SorterInsert is skipped (hot-ops.ts makeRecordSorter).
 */
export const MAKE_RECORD_SORTER = 44;

/**
 * The per-statement and write opcodes of a statement run once per row by the API (an INSERT, an
 * UPDATE by rowid): hot by their context, each handler falling back to the general switch for
 * anything but the common case.
 * - NOT_EXISTS_WRITE: NotExists on a cursor opened by OpenWrite; skips the seek when the rowid is
 *   above every rowid of the table (BTreeWriter.rowidAboveLast, SQLite's BTCF_AtLast test).
 * - INSERT_BTREE: Insert on an OpenWrite cursor without OPFLAG_SAVEPOSITION/USESEEKRESULT.
 * - IDX_INSERT_BTREE: IdxInsert on an OpenWrite cursor.
 * - HALT_OK: Halt with P1 = 0.
 * - TRANSACTION, OPEN_BTREE (OpenRead/OpenWrite).
 * The write codes copy the records of the cursors on the written tree out first, as the general
 * switch does before a {@link WRITE} (Vm.detachViews).
 */
export const NOT_EXISTS_WRITE = 45;
export const INSERT_BTREE = 46;
export const IDX_INSERT_BTREE = 47;
export const HALT_OK = 48;
export const TRANSACTION = 49;
export const OPEN_BTREE = 50;

/**
 * The row writes of a one-pass DELETE, run in the hot loop (hot-ops.ts deleteBtree,
 * idxDeleteBtree), each falling back to the general switch for anything but the common case:
 * - DELETE_BTREE: Delete on a cursor opened by OpenWrite;
 * - IDX_DELETE_BTREE: IdxDelete on a cursor opened by OpenWrite.
 */
export const DELETE_BTREE = 53;
export const IDX_DELETE_BTREE = 54;

/**
 * MakeRecord without affinities whose record only the INSERT_BTREE Insert right after it reads (P3
 * of the one = P2 of the other, no other instruction names that register in any operand, no jump
 * lands on the Insert): the registers are encoded straight into the writer's input and the Insert
 * done in the same step (hot-ops.ts makeRecordInsert), no array or Rec per row.
 */
export const MAKE_RECORD_INSERT = 51;

/**
 * SorterData whose record only the IDX_INSERT_BTREE IdxInsert right after it reads (P2 of both, no
 * other instruction names that register, no jump lands on the IdxInsert; CREATE INDEX's fill loop):
 * the sorter's current record is encoded from its flat fields and inserted in the same step
 * (hot-ops.ts sorterDataIdxInsert), no array or Rec per row.
 */
export const SORTER_DATA_IDX_INSERT = 52;

/**
 * The first instruction of an aggregate scan loop (agg-scan.ts: Columns and AggSteps on a cursor
 * opened by OpenRead/OpenWrite, closed by its Next): the handler (hot-ops.ts aggScan) runs the
 * loop's rows itself.
 */
export const AGG_SCAN = 55;

/**
 * The row write of an UPDATE by rowid, run in the hot loop (hot-ops.ts insertSeekResult,
 * makeRecordReplace), each falling back to the general switch for anything but the common case:
 * - INSERT_SEEK_RESULT: Insert with OPFLAG_USESEEKRESULT on an OpenWrite cursor (the cursor rests
 *   on the row the new record replaces: BTreeWriter.insert's in-place hint);
 * - MAKE_RECORD_REPLACE: a MakeRecord without affinities whose record only that Insert, right after
 *   it, reads (as {@link MAKE_RECORD_INSERT}): encoded straight into the writer's input, the Insert
 *   done in the same step.
 */
export const INSERT_SEEK_RESULT = 56;
export const MAKE_RECORD_REPLACE = 57;

/**
 * The first instruction of a sorter scan loop (sorter-scan.ts: Columns and a Rowid on a cursor
 * opened by OpenRead/OpenWrite, a MakeRecord into a sorter's SorterInsert, closed by its Next;
 * CREATE INDEX's first loop): the handler (hot-ops.ts sorterScan) runs the loop's rows itself.
 */
export const SORTER_SCAN = 58;

/**
 * SorterData into a register whose only reader is the pseudo cursor P3 (its OpenPseudo's P2; no
 * other instruction names the register but SorterData into it and that OpenPseudo): the handler
 * (hot-ops.ts sorterDataPseudo) hands a flat sorter's current row to the pseudo cursor in place,
 * with no row array or Rec per row (the GROUP BY and ORDER BY output loops).
 */
export const SORTER_DATA_PSEUDO = 59;

/**
 * A SORTER_DATA_PSEUDO SorterData that starts a GROUP BY output loop (group-scan.ts: the group
 * key's Columns, IfNot, Compare, Jump; on an equal key the arguments' Columns, AggSteps and the
 * SorterNext back to it): the handler (hot-ops.ts groupScan) runs the rows of a group itself.
 */
export const GROUP_SCAN = 60;

/** Opcodes whose P2 is a jump address and never a register (sqlite.org/opcode.html); Jump's P1–P3 all are. */
const P2_JUMPS: ReadonlySet<string> = new Set([
  'Goto', 'Gosub', 'If', 'IfNot', 'IsNull', 'NotNull', 'Rewind', 'Last', 'Next', 'Prev', 'SorterSort', 'SorterNext', 'Eq', 'Ne', 'Lt', 'Le',
  'Gt', 'Ge', 'IfPos', 'IfNotZero', 'DecrJumpZero', 'Once', 'SeekRowid', 'NotExists', 'Found', 'NotFound', 'NoConflict', 'IdxGE', 'IdxGT',
  'IdxLE', 'IdxLT', 'SeekGE', 'SeekGT', 'SeekLE', 'SeekLT', 'Init',
]);

/** True when register `reg` is named only by SorterData into it for pseudo cursor `pseudo` and by that cursor's OpenPseudo on it. */
function onlyPseudoReads(insns: Program['insns'], reg: number, pseudo: number): boolean {
  for (const op of insns) {
    const jump = op.opcode === 'Jump';
    const p2 = jump || P2_JUMPS.has(op.opcode) ? -1 : op.p2;
    if ((jump || op.p1 !== reg) && p2 !== reg && (jump || op.p3 !== reg)) {
      if (op.opcode === 'OpenPseudo' && op.p1 === pseudo) return false; // the cursor reads another register
      continue;
    }
    if (op.opcode === 'SorterData' && op.p2 === reg && op.p3 === pseudo && op.p1 !== reg) continue;
    if (op.opcode === 'OpenPseudo' && op.p2 === reg && op.p1 === pseudo && op.p3 !== reg) continue;
    return false;
  }
  return true;
}

const CODES: Partial<Record<string, number>> = HOT;

/** Opcodes whose P2 is a register, a count or a page, never a jump (sqlite.org/opcode.html). */
const P2_NOT_A_JUMP: ReadonlySet<string> = new Set([
  'Compare', 'Column', 'Integer', 'Null', 'Copy', 'SCopy', 'IntCopy', 'Move', 'Variable', 'MakeRecord', 'SorterData', 'Rowid', 'IdxRowid',
  'String8', 'Real', 'Int64', 'Blob', 'Function', 'AggStep', 'AggFinal', 'Add', 'Subtract', 'Multiply', 'Divide', 'Remainder', 'Concat',
  'BitAnd', 'BitOr', 'ShiftLeft', 'ShiftRight', 'BitNot', 'Not', 'And', 'Or', 'Cast', 'Affinity', 'ResultRow', 'SorterInsert', 'IdxInsert',
  'Insert', 'NewRowid', 'OpenRead', 'OpenWrite', 'OpenEphemeral', 'SorterOpen', 'OpenPseudo', 'OpenDup', 'ZeroOrNull', 'IsTrue', 'Sequence',
  'Transaction', 'Halt', 'OffsetLimit', 'Close', 'NullRow', 'FilterAdd',
]);

/**
 * True when some instruction may jump to address `a` (conservatively: a P2 equal to it unless the
 * opcode's P2 is no jump, and the other jump operands: P1/P3 of Jump, P3 of InitCoroutine).
 */
function jumpTarget(insns: Program['insns'], a: number): boolean {
  for (const op of insns) {
    if (op.p2 === a && !P2_NOT_A_JUMP.has(op.opcode)) return true;
    if (op.opcode === 'Jump' && (op.p1 === a || op.p3 === a)) return true;
    if (op.opcode === 'InitCoroutine' && op.p3 === a) return true;
  }
  return false;
}

/** True when no instruction but those at `a` and `b` has `reg` as P1, P2 or P3 (conservatively: operands that are not registers count too). */
function onlyUsers(insns: Program['insns'], reg: number, a: number, b: number): boolean {
  for (let i = 0; i < insns.length; i++) {
    if (i === a || i === b) continue;
    const op = insns[i];
    if (op.p1 === reg || op.p2 === reg || op.p3 === reg) return false;
  }
  return true;
}

/** The hot code of each instruction of `program` ({@link COLD} for the others). */
export function hotCodes(program: Program): Uint8Array {
  const insns = program.insns;
  const out = new Uint8Array(insns.length);
  // The Open* opcode of each cursor number; null when it is opened by two different ones.
  const opener = new Map<number, Opcode | null>();
  for (const op of insns) {
    if (op.opcode.startsWith('Open') || op.opcode === 'SorterOpen') opener.set(op.p1, opener.has(op.p1) && opener.get(op.p1) !== op.opcode ? null : op.opcode);
  }
  for (let i = 0; i < out.length; i++) {
    const op = insns[i];
    const name = op.opcode;
    out[i] = CODES[name] ?? (WRITES.includes(name) ? WRITE : COLD);
    if (name === 'Column') {
      const o = opener.get(op.p1);
      if (o === 'OpenRead' || o === 'OpenWrite') out[i] = COLUMN_BTREE;
      else if (o === 'OpenPseudo') out[i] = COLUMN_PSEUDO;
    } else if (name === 'NotExists') {
      if (opener.get(op.p1) === 'OpenWrite') out[i] = NOT_EXISTS_WRITE;
    } else if (name === 'Insert') {
      if (opener.get(op.p1) === 'OpenWrite' && (op.p5 & (OPFLAG_SAVEPOSITION | OPFLAG_USESEEKRESULT)) === 0) out[i] = INSERT_BTREE;
      else if (opener.get(op.p1) === 'OpenWrite' && (op.p5 & OPFLAG_USESEEKRESULT) !== 0) out[i] = INSERT_SEEK_RESULT;
    } else if (name === 'IdxInsert') {
      // A counted IdxInsert (a WITHOUT ROWID row, P5 OPFLAG_NCHANGE / TOTAL_ONLY) takes vm.ts's path.
      if (opener.get(op.p1) === 'OpenWrite' && (op.p5 & (1 | OPFLAG_TOTAL_ONLY)) === 0) out[i] = IDX_INSERT_BTREE;
    } else if (name === 'Delete') {
      if (opener.get(op.p1) === 'OpenWrite') out[i] = DELETE_BTREE;
    } else if (name === 'IdxDelete') {
      if (opener.get(op.p1) === 'OpenWrite' && (op.p5 & (1 | OPFLAG_TOTAL_ONLY)) === 0) out[i] = IDX_DELETE_BTREE;
    } else if (name === 'Halt') {
      if (op.p1 === 0) out[i] = HALT_OK;
    } else if (name === 'SorterData' && i + 1 < insns.length) {
      const ins = insns[i + 1];
      if (
        ins.opcode === 'IdxInsert' &&
        ins.p2 === op.p2 &&
        opener.get(op.p1) === 'SorterOpen' &&
        opener.get(ins.p1) === 'OpenWrite' &&
        !jumpTarget(insns, i + 1) &&
        onlyUsers(insns, op.p2, i, i + 1)
      )
        out[i] = SORTER_DATA_IDX_INSERT;
      else if (opener.get(op.p1) === 'SorterOpen' && opener.get(op.p3) === 'OpenPseudo' && onlyPseudoReads(insns, op.p2, op.p3)) {
        out[i] = groupScanAt(insns, i) !== null ? GROUP_SCAN : SORTER_DATA_PSEUDO;
      }
    } else if (name === 'Transaction') out[i] = TRANSACTION;
    else if (name === 'OpenRead' || name === 'OpenWrite') out[i] = OPEN_BTREE;
    else if (name === 'MakeRecord' && i + 1 < insns.length) {
      const ins = insns[i + 1];
      if (ins.opcode === 'SorterInsert' && ins.p2 === op.p3 && opener.get(ins.p1) === 'SorterOpen' && !jumpTarget(insns, i + 1)) out[i] = MAKE_RECORD_SORTER;
      else if (ins.opcode === 'Insert' && op.p4 === null && ins.p2 === op.p3 && opener.get(ins.p1) === 'OpenWrite' && !jumpTarget(insns, i + 1) && onlyUsers(insns, op.p3, i, i + 1)) {
        if ((ins.p5 & (OPFLAG_SAVEPOSITION | OPFLAG_USESEEKRESULT)) === 0) out[i] = MAKE_RECORD_INSERT;
        else if ((ins.p5 & OPFLAG_USESEEKRESULT) !== 0) out[i] = MAKE_RECORD_REPLACE;
      }
    }
  }
  for (const op of insns) {
    if (op.opcode !== 'Next' || op.p2 < 0 || op.p2 >= insns.length) continue;
    const o = opener.get(op.p1);
    if ((o === 'OpenRead' || o === 'OpenWrite') && aggScanAt(insns, op.p2, (a) => jumpTarget(insns, a)) !== null) out[op.p2] = AGG_SCAN;
    else if (o === 'OpenRead' || o === 'OpenWrite') {
      const scan = sorterScanAt(insns, op.p2, (a) => jumpTarget(insns, a));
      if (scan !== null && opener.get(scan.sorter) === 'SorterOpen') out[op.p2] = SORTER_SCAN;
    }
  }
  return out;
}
