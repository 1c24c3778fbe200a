/**
 * The per-row opcodes of the VDBE, one small function each, dispatched by the hot loop of the
 * {@link Vm} through a table indexed by hot code (hot-codes.ts).
 *
 * ```
 *  handlersFor(codes): the handler of each address (HANDLERS[code], or `cold`), once per Vm
 *  Vm.runHot:  loop { pc = handlers[pc](vm, insns[pc], pc); if pc = EXIT → leave with vm.exit }
 *  handler:    does the instruction and returns the next pc, or EXIT (−1) after setting vm.pc and
 *              vm.exit (a Row, or the IO the instruction waits on: then vm.pc is unchanged;
 *              `cold` leaves with vm.exit null: the general switch of Vm.step runs the instruction)
 * ```
 *
 * Why functions rather than switch cases: each handler is compiled and optimized on its own, so a
 * statement that reaches an opcode for the first time does not throw away the optimized code of
 * every other one (one big switch is deoptimized and recompiled whole each time).
 *
 * The operand use of each opcode is written beside it, as in vm.ts (sqlite.org/opcode.html).
 *
 * @module
 */
import { objectArray, resizeValues } from '../../format/value-array.js';
import type { AggregateFunction } from '../functions/registry.js';
import { Real, toSqlValue, type Value } from '../value/value.js';
import type { SqlValue, TextEncoding } from '../../format/index.js';
import { applyAffinity, arith, truth } from './arith.js';
import { BtreeVdbeCursor } from './btree-cursor.js';
import type { SeekOp } from '../../btree/cursor.js';
import type { IntFoldResult } from '../../btree/leaf-fold.js';
import { AGG_SCAN, GROUP_SCAN, SORTER_DATA_PSEUDO, COLD, COLUMN_BTREE, COLUMN_PSEUDO, DELETE_BTREE, IDX_DELETE_BTREE, HALT_OK, HOT, IDX_INSERT_BTREE, INSERT_BTREE, INSERT_SEEK_RESULT, MAKE_RECORD_INSERT, MAKE_RECORD_REPLACE, MAKE_RECORD_SORTER, NOT_EXISTS_WRITE, OPEN_BTREE, SORTER_DATA_IDX_INSERT, SORTER_SCAN, TRANSACTION, WRITE } from './hot-codes.js';
import type { Insn, KeyInfo } from './insn.js';
import type { IOPending } from '../../io/io-result.js';
import { AggCell, compareRecords, compareRegisters, Rec, type Mem } from './mem.js';
import { aggScanAt, type AggScan, type AggSteps } from './agg-scan.js';
import { sorterScanAt, type SorterScan } from './sorter-scan.js';
import { groupScanAt, type GroupScan } from './group-scan.js';
import type { MemIndexCursor, MemIndexStore, PseudoCursor } from './memory-cursor.js';
import { isAggCell, isBtreeCursor, isMemIndexCursor, isMemTableCursor, isPseudoCursor } from './class-tests.js';
import { NOT_PEEKED } from './record-view.js';
import { BUSY, DONE, ROW } from './step-result.js';
import { AFF_BLOB, AFF_INTEGER, AFF_NUMERIC, AFF_TEXT, OPFLAG_APPEND, OPFLAG_SAVEPOSITION, OPFLAG_TOTAL_ONLY } from './opcodes.js';
import { encodeRangeInScratch, encodeValuesInScratch, recordFields, type RecordBytes } from './record-codec.js';
import { FlatIntRun } from './sorted-run.js';
import { SqliteError } from '../../error.js';
import type { Vm } from './vm.js';
import { keyInfoOf, p4Int, p4Value, rowidKey } from './operands.js';

/** Returned by a handler that leaves the loop (vm.exit says why). */
export const EXIT = -1;

/** Runs the instruction `op` at address `pc`; returns the next address or {@link EXIT}. */
export type Handler = (vm: Vm, op: Insn, pc: number) => number;

function io(vm: Vm, pc: number, pending: NonNullable<ReturnType<BtreeVdbeCursor['header']>>['pending']): number {
  vm.pc = pc;
  vm.exit = { kind: 'io', pending };
  return EXIT;
}

function goto(_vm: Vm, op: Insn): number {
  return op.p2;
}

function integer(vm: Vm, op: Insn, pc: number): number {
  vm.mem[op.p2] = op.p1; // r[P2] = P1
  return pc + 1;
}

function nul(vm: Vm, op: Insn, pc: number): number {
  // r[P2..P3] = NULL
  const r = vm.mem;
  r[op.p2] = null;
  for (let i = op.p2 + 1; i <= op.p3; i++) r[i] = null;
  return pc + 1;
}

function copy(vm: Vm, op: Insn, pc: number): number {
  // r[P2..P2+P3] = r[P1..P1+P3]
  const r = vm.mem;
  for (let i = 0; i <= op.p3; i++) r[op.p2 + i] = r[op.p1 + i];
  return pc + 1;
}

function scopy(vm: Vm, op: Insn, pc: number): number {
  vm.mem[op.p2] = vm.mem[op.p1]; // SCopy, IntCopy: r[P2] = r[P1]
  return pc + 1;
}

function variable(vm: Vm, op: Insn, pc: number): number {
  vm.mem[op.p2] = vm.params[op.p1] ?? null; // r[P2] = parameter P1
  return pc + 1;
}

function gosub(vm: Vm, op: Insn, pc: number): number {
  vm.mem[op.p1] = pc; // r[P1] = return address; jump to P2
  return op.p2;
}

function ret(vm: Vm, op: Insn): number {
  // jump to r[P1] + 1
  return (vm.mem[op.p1] as number) + 1;
}

function ifTrue(vm: Vm, op: Insn, pc: number): number {
  // jump to P2 when r[P1] is true; NULL jumps when P3 is non-zero
  const t = truth(vm.mem[op.p1] as Value);
  return (t === null ? op.p3 !== 0 : t) ? op.p2 : pc + 1;
}

function ifNot(vm: Vm, op: Insn, pc: number): number {
  // jump to P2 when r[P1] is false; NULL jumps when P3 is non-zero
  const t = truth(vm.mem[op.p1] as Value);
  return (t === null ? op.p3 !== 0 : !t) ? op.p2 : pc + 1;
}

function isNull(vm: Vm, op: Insn, pc: number): number {
  // jump to P2 when r[P1] is NULL
  return vm.mem[op.p1] === null ? op.p2 : pc + 1;
}

function notNull(vm: Vm, op: Insn, pc: number): number {
  // jump to P2 when r[P1] is not NULL
  return vm.mem[op.p1] !== null ? op.p2 : pc + 1;
}

function resultRow(vm: Vm, op: Insn, pc: number): number {
  // r[P1..P1+P2-1] is a result row
  vm.rowStart = op.p1;
  vm.rowCount = op.p2;
  vm.pc = pc + 1;
  vm.exit = ROW;
  return EXIT;
}

function column(vm: Vm, op: Insn, pc: number): number {
  // r[P3] = column P2 of cursor P1 (P4: default when the record is shorter)
  const r = vm.mem;
  const c = vm.cursors[op.p1];
  if (isBtreeCursor(c) && !c.nullRow && c.cur.valid) {
    const cached = c.cache;
    if (cached !== null) r[op.p3] = op.p2 < cached.length ? cached[op.p2] : op.p4 ? p4Value(op) : null;
    else {
      const wait = c.header();
      if (wait) return io(vm, pc, wait.pending);
      const v = c.view;
      r[op.p3] = op.p2 < v.n ? v.column(op.p2) : op.p4 ? p4Value(op) : null;
    }
    return pc + 1;
  }
  if (isPseudoCursor(c) && !c.nullRow) return columnPseudo(vm, op, pc);
  const rec = vm.recordOf(op.p1);
  if (rec === undefined) r[op.p3] = null;
  else if ('pending' in rec) return io(vm, pc, rec.pending);
  else r[op.p3] = op.p2 < rec.length ? rec[op.p2] : op.p4 ? p4Value(op) : null;
  return pc + 1;
}

function columnBtree(vm: Vm, op: Insn, pc: number): number {
  // Column on a cursor opened by OpenRead/OpenWrite (hot-codes.ts COLUMN_BTREE)
  const c = vm.cursors[op.p1];
  if (!isBtreeCursor(c) || c.nullRow || c.cache !== null) return column(vm, op, pc);
  if (!c.viewLive) {
    const cur = c.cur;
    if (!cur.valid) return column(vm, op, pc);
    const wait = cur.loadPayload();
    if (wait) return io(vm, pc, wait.pending);
    // The first field read on this entry: walk the header to it only (a scan reading one column).
    if (!c.peeked) {
      c.peeked = true;
      const v = c.view.peek(cur.payloadBuf, cur.payloadStart, cur.payloadLength, op.p2);
      if (v !== NOT_PEEKED) {
        vm.mem[op.p3] = v;
        return pc + 1;
      }
    }
    const w = c.header();
    if (w) return io(vm, pc, w.pending);
  }
  const v = c.view;
  vm.mem[op.p3] = op.p2 < v.n ? v.column(op.p2) : op.p4 ? p4Value(op) : null;
  return pc + 1;
}

function columnPseudo(vm: Vm, op: Insn, pc: number): number {
  // Column on a cursor opened by OpenPseudo (hot-codes.ts COLUMN_PSEUDO)
  const c = vm.cursors[op.p1];
  if (!isPseudoCursor(c) || c.nullRow) return column(vm, op, pc);
  const f = c.flat;
  if (f !== null) {
    // A sorter's row handed over in place (sorterDataPseudo)
    vm.mem[op.p3] = op.p2 < c.width ? f[c.base + op.p2] : op.p4 ? p4Value(op) : null;
    return pc + 1;
  }
  const rec = (vm.mem[c.reg] as Rec).values;
  vm.mem[op.p3] = op.p2 < rec.length ? rec[op.p2] : op.p4 ? p4Value(op) : null;
  return pc + 1;
}

function rowid(vm: Vm, op: Insn, pc: number): number {
  // r[P2] = rowid of cursor P1
  const c = vm.cursors[op.p1]!;
  let v: Value = null;
  if (c.nullRow) v = null;
  else if (isBtreeCursor(c)) v = c.rowid();
  else if (isMemTableCursor(c)) v = c.rowid();
  vm.mem[op.p2] = v;
  return pc + 1;
}

function idxRowid(vm: Vm, op: Insn, pc: number): number {
  // r[P2] = the rowid (last field) of index cursor P1's entry
  const c = vm.cursors[op.p1];
  if (isBtreeCursor(c) && !c.nullRow && c.cur.valid && c.cache === null) {
    if (!c.viewLive) {
      // The rowid alone: the header walked to its end, not parsed into the view (a peek, as columnBtree's).
      const cur = c.cur;
      const p = cur.loadPayload();
      if (p) return io(vm, pc, p.pending);
      c.peeked = true;
      const v = c.view.peekLast(cur.payloadBuf, cur.payloadStart, cur.payloadLength);
      if (v !== NOT_PEEKED) {
        vm.mem[op.p2] = v;
        return pc + 1;
      }
    }
    const wait = c.header();
    if (wait) return io(vm, pc, wait.pending);
    const v = c.view;
    vm.mem[op.p2] = v.n > 0 ? v.column(v.n - 1) : null;
    return pc + 1;
  }
  const rec = vm.recordOf(op.p1);
  if (rec === undefined) vm.mem[op.p2] = null;
  else if ('pending' in rec) return io(vm, pc, rec.pending);
  else vm.mem[op.p2] = rec[rec.length - 1];
  return pc + 1;
}

function sorterNext(vm: Vm, op: Insn, pc: number): number {
  // advance sorter P1; jump to P2 while there is a row
  const c = vm.cursors[op.p1];
  if (!isMemIndexCursor(c)) return next(vm, op, pc);
  return c.next() ? op.p2 : pc + 1;
}

function next(vm: Vm, op: Insn, pc: number): number {
  // advance; jump to P2 while there is a row
  const c = vm.cursors[op.p1]!;
  let ok: boolean;
  if (isBtreeCursor(c)) {
    const m = c.next();
    if (!m.done) return io(vm, pc, m.pending);
    ok = m.value;
  } else if (isPseudoCursor(c)) ok = false;
  else ok = c.next();
  return ok ? op.p2 : pc + 1;
}

function prev(vm: Vm, op: Insn, pc: number): number {
  // step back; jump to P2 while there is a row
  const c = vm.cursors[op.p1]!;
  let ok: boolean;
  if (isBtreeCursor(c)) {
    const m = c.prev();
    if (!m.done) return io(vm, pc, m.pending);
    ok = m.value;
  } else if (isPseudoCursor(c)) ok = false;
  else ok = c.prev();
  return ok ? op.p2 : pc + 1;
}

function seekRowid(vm: Vm, op: Insn, pc: number): number {
  // SeekRowid, NotExists: move table cursor P1 to rowid r[P3]; jump to P2 when there is no such row
  const c = vm.cursors[op.p1]!;
  const key = rowidKey(vm.mem[op.p3] as Value);
  if (key === null) return op.p2;
  let ok: boolean;
  if (isBtreeCursor(c)) {
    const m = c.seekRowid(key);
    if (!m.done) return io(vm, pc, m.pending);
    ok = m.value;
  } else if (isMemTableCursor(c)) {
    const i = c.store.rowids.findIndex((x) => x == key);
    c.pos = i;
    ok = i >= 0;
  } else ok = false;
  return ok ? pc + 1 : op.p2;
}

/** The b-tree seek of each Seek opcode. */
function seekOpOf(name: string): SeekOp {
  return name === 'SeekGE' ? 'GE' : name === 'SeekGT' ? 'GT' : name === 'SeekLE' ? 'LE' : 'LT';
}

function seekIndex(vm: Vm, op: Insn, pc: number): number {
  // SeekGE/GT/LE/LT on an index b-tree: position cursor P1 by the key r[P3..P3+P4-1]; jump to P2
  // when no entry qualifies. A table cursor (its key a rowid of any type) or a memory index: the
  // general switch.
  const c = vm.cursors[op.p1];
  if (!isBtreeCursor(c) || !c.isIndex) return cold(vm, op, pc);
  const m = c.seekKey(vm.mem.slice(op.p3, op.p3 + p4Int(op)) as Value[], seekOpOf(op.opcode));
  if (!m.done) return io(vm, pc, m.pending);
  return m.value ? pc + 1 : op.p2;
}

function idxCompare(vm: Vm, op: Insn, pc: number): number {
  // IdxGE/GT/LE/LT: compare the index entry's key with r[P3..P3+P4-1]; jump to P2 when it is ≥ / > / ≤ / <
  const rec = vm.recordOf(op.p1);
  if (rec === undefined) return pc + 1;
  if ('pending' in rec) return io(vm, pc, rec.pending);
  const n = p4Int(op);
  const cur = vm.cursors[op.p1]!;
  const ki: KeyInfo | null = isBtreeCursor(cur) ? cur.keyInfo : isMemIndexCursor(cur) ? cur.store.keyInfo : null;
  const cmp = compareRecords(rec, vm.mem.slice(op.p3, op.p3 + n) as Value[], ki, n);
  const name = op.opcode;
  return (name === 'IdxGE' ? cmp >= 0 : name === 'IdxGT' ? cmp > 0 : name === 'IdxLE' ? cmp <= 0 : cmp < 0) ? op.p2 : pc + 1;
}

function makeRecord(vm: Vm, op: Insn, pc: number): number {
  // r[P3] = record of r[P1..P1+P2-1], P4 affinities applied first
  const vals = vm.mem.slice(op.p1, op.p1 + op.p2) as Value[];
  if (op.p4 !== null) {
    const codes = affinityCodes(vm, op, pc);
    for (let i = 0; i < codes.length && i < vals.length; i++) {
      const a = codes[i];
      if (!affinityKeeps(vals[i], a)) vals[i] = withAffinity(vals[i], a);
    }
  }
  vm.mem[op.p3] = new Rec(vals);
  return pc + 1;
}

function makeRecordSorter(vm: Vm, op: Insn, pc: number): number {
  // MakeRecord then SorterInsert of its record (hot-codes.ts MAKE_RECORD_SORTER): the fields of
  // r[P1..P1+P2-1] go into the sorter of the SorterInsert at pc + 1, which is skipped
  const c = vm.cursors[vm.insns[pc + 1].p1];
  if (!isMemIndexCursor(c)) return makeRecord(vm, op, pc);
  c.store.appendFields(vm.mem, op.p1, op.p2, op.p4 && op.p4.kind === 'affinity' ? op.p4.value : '');
  return pc + 2;
}

function makeRecordInsert(vm: Vm, op: Insn, pc: number): number {
  // MakeRecord of r[P1..P1+P2-1] then the Insert at pc + 1 of that record (hot-codes.ts
  // MAKE_RECORD_INSERT): encoded from the registers, the Insert skipped. Anything but the common
  // case makes the record and lets the Insert run on its own.
  const ins = vm.insns[pc + 1];
  const c = vm.cursors[ins.p1];
  if (!isBtreeCursor(c) || c.pendingSeek !== null) return makeRecord(vm, op, pc);
  const root = c.cur.rootPgno;
  detachTree(vm, root);
  const rowid = vm.mem[ins.p3] as number | bigint;
  const m = vm.host.writer().insertBytes(root, rowid, encodeRangeInScratch(vm.mem, op.p1, op.p2, c.cur.encoding));
  if (!m.done) return io(vm, pc, m.pending); // runs again from the MakeRecord, which changes nothing
  if (ins.p5 & 1) vm.host.countChange(ins.p5 & 0x20 ? rowid : null);
  else if (ins.p5 & OPFLAG_TOTAL_ONLY) vm.host.countTotalChange?.();
  return pc + 2;
}

function makeRecordReplace(vm: Vm, op: Insn, pc: number): number {
  // MakeRecord of r[P1..P1+P2-1] then the Insert with OPFLAG_USESEEKRESULT at pc + 1 of that record
  // (hot-codes.ts MAKE_RECORD_REPLACE): encoded from the registers, the Insert skipped. Anything but
  // the common case makes the record and lets the Insert run on its own.
  const ins = vm.insns[pc + 1];
  const c = vm.cursors[ins.p1];
  if (!isBtreeCursor(c) || c.pendingSeek !== null) return makeRecord(vm, op, pc);
  // Waiting on I/O, it runs again from the MakeRecord, which changes nothing.
  const next = replaceRow(vm, ins, c, encodeRangeInScratch(vm.mem, op.p1, op.p2, c.cur.encoding), pc);
  if (next === EXIT) return EXIT;
  if (next === COLD_EXIT) {
    // The cursor must seek back onto the row: the general switch runs the Insert (which then only
    // seeks and counts), with the record it reads from r[P2].
    makeRecord(vm, op, pc);
    return cold(vm, ins, pc + 1);
  }
  return pc + 2;
}

/**
 * The write of an Insert with OPFLAG_USESEEKRESULT (`ins`) on b-tree cursor `c`, which rests on
 * the row being replaced and has no pending seek, of the record `rec`: the cursors on the tree but
 * `c` copy their records out (as Vm.detachViews), the writer replaces the row (in place when it
 * can, BTreeWriter.insertBytesAt), and `c` stays on it. Returns 0 when done (the change counted),
 * {@link EXIT} when the write waits on I/O (nothing changed; the VM re-runs address `pc`), or
 * {@link COLD_EXIT} when the row was written but the cursor must seek back to it (`c.pendingSeek`
 * set; the general switch seeks and counts the change).
 */
function replaceRow(vm: Vm, ins: Insn, c: BtreeVdbeCursor, rec: RecordBytes, pc: number): number {
  const root = c.cur.rootPgno;
  const cursors = vm.cursors;
  for (let i = 0; i < cursors.length; i++) {
    const x = cursors[i];
    if (x !== c && isBtreeCursor(x) && x.cur.rootPgno === root) x.detach();
  }
  const rowid = vm.mem[ins.p3] as number | bigint;
  const writer = vm.host.writer();
  const pgno = c.cur.positionPgno;
  const m = pgno !== 0 ? writer.insertBytesAt(root, rowid, rec, pgno, c.cur.positionCell) : writer.insertBytes(root, rowid, rec);
  if (!m.done) return io(vm, pc, m.pending);
  const d = pgno !== 0 ? writer.lastInPlaceReplace : null;
  if (d === null || !c.replacedInPlace(d.pgno, d.cell, d.page)) {
    c.pendingSeek = rowid;
    return COLD_EXIT;
  }
  if (ins.p5 & 1) vm.host.countChange(ins.p5 & 0x20 ? rowid : null);
  else if (ins.p5 & OPFLAG_TOTAL_ONLY) vm.host.countTotalChange?.();
  return 0;
}

/** What {@link replaceRow} returns when the general switch must finish the Insert. */
const COLD_EXIT = -2;

function insertSeekResult(vm: Vm, op: Insn, pc: number): number {
  // Insert record r[P2] with rowid r[P3] into table cursor P1 with OPFLAG_USESEEKRESULT: the cursor
  // rests on the row replaced (hot-codes.ts INSERT_SEEK_RESULT); anything else goes to the general
  // switch
  const c = vm.cursors[op.p1];
  if (!isBtreeCursor(c) || c.pendingSeek !== null) {
    vm.detachViews(op);
    return cold(vm, op, pc);
  }
  const next = replaceRow(vm, op, c, encodeValuesInScratch((vm.mem[op.p2] as Rec).values, c.cur.encoding), pc);
  if (next === EXIT) return EXIT;
  if (next === COLD_EXIT) return cold(vm, op, pc);
  return pc + 1;
}

function sorterInsert(vm: Vm, op: Insn, pc: number): number {
  (vm.cursors[op.p1] as MemIndexCursor).store.insert((vm.mem[op.p2] as Rec).values); // add record r[P2] to sorter P1
  return pc + 1;
}

function sorterData(vm: Vm, op: Insn, pc: number): number {
  vm.mem[op.p2] = new Rec((vm.cursors[op.p1] as MemIndexCursor).record()); // r[P2] = the sorter's current record
  return pc + 1;
}

function sorterDataPseudo(vm: Vm, op: Insn, pc: number): number {
  // SorterData into r[P2] whose only reader is pseudo cursor P3 (hot-codes.ts SORTER_DATA_PSEUDO):
  // a flat sorter's current row is handed to the pseudo cursor in place; any other case writes the
  // register as SorterData does (and the pseudo cursor reads it again)
  const s = vm.cursors[op.p1];
  const p = vm.cursors[op.p3];
  if (!isPseudoCursor(p) || p.reg !== op.p2) return sorterData(vm, op, pc);
  if (isMemIndexCursor(s)) {
    const st = s.store;
    const f = st.flat ?? st.ints;
    const pos = s.pos;
    if (f !== null && pos >= 0 && pos < st.flatCount) {
      const w = st.width;
      p.flat = f;
      p.base = pos * w;
      p.width = w;
      return pc + 1;
    }
  }
  p.flat = null;
  return sorterData(vm, op, pc);
}

/**
 * The key fields of the record {@link sorterDataIdxInsert} inserts, refilled row after row (the
 * writer's append path copies what it keeps; a new array after an insert that waited on I/O).
 */
let sortedKey: SqlValue[] = objectArray<SqlValue>(0);

function sorterDataIdxInsert(vm: Vm, op: Insn, pc: number): number {
  // SorterData into r[P2] then the IdxInsert at pc + 1 of that record (hot-codes.ts
  // SORTER_DATA_IDX_INSERT): encoded from the flat sorter's fields, the IdxInsert skipped. Anything
  // but the common case (a sorter not flat, another cursor class) sets r[P2] and lets the IdxInsert run.
  // When the SorterNext at pc + 2 loops back here (CREATE INDEX's fill loop), the loop runs here
  // too, row after row, until the sorter ends or an insert waits on I/O.
  const s = vm.cursors[op.p1];
  const insns = vm.insns;
  const ins = insns[pc + 1];
  const c = vm.cursors[ins.p1];
  if (!isMemIndexCursor(s) || !isBtreeCursor(c)) return sorterData(vm, op, pc);
  const st = s.store;
  const f = st.flat;
  const a = st.ints;
  let pos = s.pos;
  if ((f === null && a === null) || s.nullRow || pos < 0 || pos >= st.flatCount) return sorterData(vm, op, pc);
  const nx = insns[pc + 2];
  const loops = nx !== undefined && nx.opcode === 'SorterNext' && nx.p1 === op.p1 && nx.p2 === pc;
  const w = st.width;
  const n = st.flatCount;
  const root = c.cur.rootPgno;
  // No cursor moves in the loop: one detach covers every row.
  detachTree(vm, root);
  const writer = vm.host.writer();
  const opts = c.insertOpts((ins.p5 & OPFLAG_APPEND) !== 0);
  const enc = c.cur.encoding;
  const desc = c.keyInfo?.desc ?? ALL_ASC;
  const key = sortedKey;
  if (key.length !== w) resizeValues(key, w);
  for (;;) {
    // The record's fields (a REAL as its number) in `key`, and its bytes: INTEGERs of the typed
    // layout are encoded from `key`, Values from the sorter (a REAL keeps its serial type 7).
    const rec = a !== null ? intsRecord(a, pos, w, key, enc) : valuesRecord(f!, pos, w, key, enc);
    const m = writer.insertIndexKeyBytes(root, rec, opts, key);
    if (!m.done) {
      sortedKey = objectArray<SqlValue>(0);
      s.pos = pos;
      return io(vm, pc, m.pending); // runs again from the SorterData, which changes nothing
    }
    if (!loops) return pc + 2;
    // SorterNext: on to the next record, or out of the loop after the last.
    pos++;
    s.pos = pos;
    if (pos >= n) return pc + 3;
    // The records after it in increasing order go into the index's right-most leaf as a run, as
    // many as it holds (sorted-run.ts); the next one the general way.
    if (a !== null && run.reset(a, w, n, pos, w, desc)) {
      pos += writer.appendIndexRun(root, run);
      s.pos = pos;
      if (pos >= n) return pc + 3;
    }
  }
}

/** Record `pos` of a sorter's INTEGERs `a` (`w` fields each): its fields into `key`, its bytes encoded from there. */
function intsRecord(a: Float64Array, pos: number, w: number, key: SqlValue[], enc: TextEncoding): RecordBytes {
  const from = pos * w;
  for (let i = 0; i < w; i++) key[i] = a[from + i];
  return encodeRangeInScratch(key, 0, w, enc);
}

/** Record `pos` of a flat sorter's Values `f` (`w` fields each): its fields into `key` (a REAL as its number), its bytes. */
function valuesRecord(f: readonly Value[], pos: number, w: number, key: SqlValue[], enc: TextEncoding): RecordBytes {
  const from = pos * w;
  for (let i = 0; i < w; i++) {
    const v = f[from + i];
    key[i] = v instanceof Real ? v.value : (v as SqlValue);
  }
  return encodeRangeInScratch(f, from, w, enc);
}

/** The run {@link sorterDataIdxInsert} appends from (repointed at each use). */
const run = new FlatIntRun();

/** No DESC field. */
const ALL_ASC: readonly boolean[] = [];

/** The argument array of argument-less aggregate steps (never written). */
const NO_ARGS: Value[] = [];

function aggStep(vm: Vm, op: Insn, pc: number): number {
  // accumulator r[P3] folds in r[P2..P2+P5-1] (the argument array is reused row after row)
  const r = vm.mem;
  const f = (op.p4 as { func: AggregateFunction }).func;
  let cell = r[op.p3];
  if (!isAggCell(cell)) r[op.p3] = cell = new AggCell(f, f.init());
  const n = op.p5;
  // count(*) and other argument-less steps share one empty array (no per-pc lookup)
  if (n === 0) {
    cell.state = f.step(cell.state, NO_ARGS);
    return pc + 1;
  }
  // one argument and a step that takes it alone (sum, total, avg): no argument array
  if (n === 1 && f.step1 !== undefined) {
    cell.state = f.step1(cell.state, r[op.p2] as Value);
    return pc + 1;
  }
  let args = vm.aggArgs[pc];
  if (args === undefined) vm.aggArgs[pc] = args = new Array<Value>(n);
  if (n === 1) args[0] = r[op.p2] as Value;
  else for (let i = 0; i < n; i++) args[i] = r[op.p2 + i] as Value;
  cell.state = f.step(cell.state, args);
  return pc + 1;
}

/** The aggregate scan loop starting at `pc` (agg-scan.ts), found once per Vm (Vm.opData). */
function aggScanOf(vm: Vm, pc: number): AggScan | null {
  let s = vm.opData[pc] as AggScan | null | undefined;
  if (s === undefined) vm.opData[pc] = s = aggScanAt(vm.insns, pc, () => false);
  return s;
}

/** The accumulators of the loop `s`, each created on its first use as aggStep does. */
function aggCells(vm: Vm, s: AggSteps): AggCell[] {
  const r = vm.mem;
  const cells: AggCell[] = [];
  for (let i = 0; i < s.funcs.length; i++) {
    const f = s.funcs[i];
    let cell = r[s.accs[i]];
    if (!isAggCell(cell)) r[s.accs[i]] = cell = new AggCell(f, f.init());
    cells.push(cell);
  }
  return cells;
}

/** Step `i` of the loop `s` with its arguments in an array (two or more, or a step without step1). */
function aggStepArgs(vm: Vm, s: AggSteps, i: number, cell: AggCell): void {
  const n = s.nArgs[i];
  const at = s.stepPcs[i];
  let args = vm.aggArgs[at];
  if (args === undefined) vm.aggArgs[at] = args = new Array<Value>(n);
  for (let j = 0; j < n; j++) args[j] = vm.mem[s.args[i] + j] as Value;
  cell.state = cell.func.step(cell.state, args);
}

/** Every AggStep of a fused loop `s` on its accumulators `cells`, with the arguments in `r` (as aggStep). */
function stepCells(vm: Vm, r: Mem[], s: AggSteps, cells: AggCell[]): void {
  const funcs = s.funcs;
  const nArgs = s.nArgs;
  const args = s.args;
  for (let i = 0; i < funcs.length; i++) {
    const f = funcs[i];
    const cell = cells[i];
    const n = nArgs[i];
    if (n === 0) cell.state = f.step(cell.state, NO_ARGS);
    else if (n === 1 && f.step1 !== undefined) cell.state = f.step1(cell.state, r[args[i]] as Value);
    else aggStepArgs(vm, s, i, cell);
  }
}

/** Reads the Columns of the loop `s` from the current entry of `c` (header parsed); undefined, or the I/O to wait for. */
function aggScanColumns(vm: Vm, s: AggScan, c: BtreeVdbeCursor, from: number): IOPending | undefined {
  const w = c.header();
  if (w) return w;
  const view = c.view;
  const cols = s.columns;
  for (let k = from; k < cols.length; k++) {
    const col = cols[k];
    vm.mem[col.p3] = col.p2 < view.n ? view.column(col.p2) : col.p4 ? p4Value(col) : null;
  }
  return undefined;
}

/** What {@link aggScanRows} returns after the last row of a leaf page: the cursor must cross to the next page. */
const NEXT_PAGE = -2;

/** What {@link aggScanRows} returns after its count of rows, the cursor on a row not run yet. */
const MORE_ROWS = -3;

/** Rows {@link aggScanRows} runs per call at most. */
const ROWS_PER_CALL = 256;

function aggScan(vm: Vm, op: Insn, pc: number): number {
  // The first instruction of an aggregate scan loop (hot-codes.ts AGG_SCAN, agg-scan.ts): while
  // the cursor is a b-tree cursor on a row in the common state, the rows of each leaf page run in
  // aggScanRows and the move to the next page here; otherwise (and after I/O is waited for) the
  // instruction runs on its own.
  const s = aggScanOf(vm, pc);
  const c = s === null ? null : vm.cursors[s.cursor];
  if (s === null || !isBtreeCursor(c) || c.nullRow || c.cache !== null || c.viewLive || c.peeked || c.skipNext || !c.cur.valid) {
    return op.opcode === 'Column' ? columnBtree(vm, op, pc) : aggStep(vm, op, pc);
  }
  const cells = aggCells(vm, s);
  for (;;) {
    const at = aggScanRows(vm, vm.mem, s, c, cells, pc);
    if (at === MORE_ROWS) continue;
    if (at !== NEXT_PAGE) return at;
    // The leaf's last row ran: the Next, as its handler runs it.
    const m = c.next();
    if (!m.done) return io(vm, s.next, m.pending);
    if (!m.value) return s.after;
  }
}

/**
 * Runs the rows of the loop `s` on cursor `c` (its accumulators `cells`) while they lie on the
 * current leaf page, at most {@link ROWS_PER_CALL}: returns {@link NEXT_PAGE} after the leaf's last
 * row (its columns read and steps run, the cursor not moved: aggScan moves it), {@link MORE_ROWS}
 * after its count of rows (the cursor on a row not run yet), else {@link EXIT} for I/O. Why a function of its own, called
 * per page: one called once per scan is optimized on stack (OSR) with no feedback for the code
 * before its loop (V8 allocates feedback only after a function ran a while), and its regular
 * optimized code then deoptimized on the next scan's first line; and moving within a leaf reads no
 * page, so this code depends on no pager object whose layout a later write may change (which throws
 * away the optimized code of every function depending on it).
 */
function aggScanRows(vm: Vm, r: Mem[], s: AggScan, c: BtreeVdbeCursor, cells: AggCell[], pc: number): number {
  const nCols = s.columns.length;
  const field = s.peekField;
  const target = s.peekTarget;
  const cur = c.cur;
  // Folding (agg-scan.ts AggScan.foldField): the rows from the current one up to the first the fold
  // does not take go at once, whenever the accumulators are ready for it (a sum grown past 2^52 is
  // not: it goes on row by row); that row is stepped, and folding goes on after it. A fold that
  // takes nothing (the row after a stepped one is not foldable either) stops folding for the rest
  // of the call.
  const foldField = s.foldField;
  let fold = foldField >= 0;
  for (let row = 0; row < ROWS_PER_CALL; row++) {
    if (fold && foldReady(s, cells)) {
      const k = cur.foldIntsInLeaf(foldField, folded);
      if (k === 0) fold = false;
      else {
        foldCells(s, cells, folded);
        // The Columns' registers hold the last row's value, as after stepping it.
        const cols = s.columns;
        for (let i = 0; i < nCols; i++) r[cols[i].p3] = folded.last;
        c.movedInLeaf();
        // Folded through the leaf's last row: aggScan crosses to the next page. Else now on the
        // row the fold stopped at, stepped below.
        if (!c.nextInLeaf()) return NEXT_PAGE;
      }
    }
    if (nCols > 0) {
      const wait = cur.loadPayload();
      if (wait) return io(vm, pc, wait.pending);
      let k = 0;
      if (field >= 0) {
        // One column: the header walked to its field only (columnBtree's peek).
        c.peeked = true;
        const v = c.view.peek(cur.payloadBuf, cur.payloadStart, cur.payloadLength, field);
        if (v !== NOT_PEEKED) {
          r[target] = v;
          k = 1;
        }
      }
      if (k < nCols) {
        const w = aggScanColumns(vm, s, c, k);
        if (w) return io(vm, pc, w.pending);
      }
    }
    stepCells(vm, r, s, cells);
    if (!c.nextInLeaf()) return NEXT_PAGE;
  }
  return MORE_ROWS;
}

/** What the last fold read (BTreeCursor.foldIntsInLeaf), reused. */
const folded: IntFoldResult = { rows: 0, n: 0, sum: 0, last: null };

/** True when every accumulator of `s` takes a folded run now (IntFold.ready). */
function foldReady(s: AggScan, cells: AggCell[]): boolean {
  for (let i = 0; i < cells.length; i++) if (!s.funcs[i].intFold!.ready(cells[i].state)) return false;
  return true;
}

/** Each accumulator of `s` takes the run `f` (its sum below 2^52, as foldReady assumed). */
function foldCells(s: AggScan, cells: AggCell[], f: IntFoldResult): void {
  for (let i = 0; i < cells.length; i++) s.funcs[i].intFold!.add(cells[i].state, f.rows, f.n, f.sum);
}

/** The GROUP BY output loop starting at `pc` (group-scan.ts), found once per Vm (Vm.opData). */
function groupScanOf(vm: Vm, pc: number): GroupScan | null {
  let s = vm.opData[pc] as GroupScan | null | undefined;
  if (s === undefined) vm.opData[pc] = s = groupScanAt(vm.insns, pc);
  return s;
}

function groupScan(vm: Vm, op: Insn, pc: number): number {
  // The SorterData of a GROUP BY output loop (hot-codes.ts GROUP_SCAN, group-scan.ts): while the
  // sorter is a memory sorter holding its rows flat and the pseudo cursor reads them in place, the
  // rows whose key equals the previous row's run in groupScanRows; anything else runs as
  // sorterDataPseudo does, and the loop's instructions one by one.
  const s = groupScanOf(vm, pc);
  const so = s === null ? null : vm.cursors[s.sorter];
  const p = s === null ? null : vm.cursors[s.pseudo];
  if (s === null || !isMemIndexCursor(so) || !isPseudoCursor(p) || p.reg !== s.reg || p.nullRow) return sorterDataPseudo(vm, op, pc);
  for (;;) {
    const at = groupScanRows(vm, vm.mem, s, so, p);
    if (at === MORE_ROWS) continue;
    return at === EXIT ? sorterDataPseudo(vm, op, pc) : at;
  }
}

/**
 * Runs rows of the loop `s` (group-scan.ts), at most {@link ROWS_PER_CALL}, each from the loop's
 * first instruction: returns the address where the instructions leave the loop (the IfNot's or the
 * Jump's target, the one after the SorterNext), {@link MORE_ROWS} after its count of rows (the
 * sorter on a row not run yet), or {@link EXIT} when the current row is not held flat (nothing of
 * that row done: groupScan runs the SorterData as usual).
 */
function groupScanRows(vm: Vm, r: Mem[], s: GroupScan, so: MemIndexCursor, p: PseudoCursor): number {
  const st = so.store;
  const keys = s.keyColumns;
  const cols = s.argColumns;
  const ifNot = s.ifNot;
  const cmp = s.compare;
  const info = keyInfoOf(cmp);
  // Every exit address read here, where each call runs: one read first on a rare path (the last
  // row's) would leave optimized code without feedback for it, thrown away when that row comes.
  const firstRow = ifNot.p2;
  const nullJumps = ifNot.p3 !== 0;
  const flag = ifNot.p1;
  const jumpAt = s.jumpAt;
  const after = s.after;
  // The accumulators, made by the general code's AggSteps on each group's first row (so there on
  // every call but the first, which leaves at its first row's IfNot).
  let cells = groupCellsMade(vm.mem, s);
  for (let row = 0; row < ROWS_PER_CALL; row++) {
    // SorterData, as sorterDataPseudo: the row handed to the pseudo cursor in place.
    const f = st.flat ?? st.ints;
    const pos = so.pos;
    if (f === null || !(pos >= 0 && pos < st.flatCount)) return EXIT;
    const w = st.width;
    const base = pos * w;
    p.flat = f;
    p.base = base;
    p.width = w;
    // The key's Columns, as columnPseudo.
    for (let k = 0; k < keys.length; k++) {
      const col = keys[k];
      r[col.p3] = col.p2 < w ? f[base + col.p2] : col.p4 ? p4Value(col) : null;
    }
    // IfNot: the first row goes to the general code.
    const t = truth(r[flag] as Value);
    if (t === null ? nullJumps : !t) return firstRow;
    // Compare; another key goes to the Jump.
    const c = compareRegisters(r, cmp.p1, cmp.p2, cmp.p3, info);
    vm.lastCompare = c;
    if (c !== 0) return jumpAt;
    // The Jump's "equal" branch: the arguments' Columns, the AggSteps (as aggStep), the SorterNext.
    for (let k = 0; k < cols.length; k++) {
      const col = cols[k];
      r[col.p3] = col.p2 < w ? f[base + col.p2] : col.p4 ? p4Value(col) : null;
    }
    if (cells === null) cells = aggCells(vm, s);
    stepCells(vm, r, s, cells);
    if (!so.next()) return after;
  }
  return MORE_ROWS;
}

/** The accumulators of the loop `s` when every one is made already, else null. */
function groupCellsMade(r: Mem[], s: AggSteps): AggCell[] | null {
  const accs = s.accs;
  const cells: AggCell[] = [];
  for (let i = 0; i < accs.length; i++) {
    const cell = r[accs[i]];
    if (!isAggCell(cell)) return null;
    cells.push(cell);
  }
  return cells;
}


/** The sorter scan loop starting at `pc` (sorter-scan.ts), found once per Vm (Vm.opData). */
function sorterScanOf(vm: Vm, pc: number): SorterScan | null {
  let s = vm.opData[pc] as SorterScan | null | undefined;
  if (s === undefined) vm.opData[pc] = s = sorterScanAt(vm.insns, pc, () => false);
  return s;
}

/** Reads the Columns of the loop `s` from `from` on, from the current entry of `c` (header parsed); undefined, or the I/O to wait for. */
function sorterScanColumns(vm: Vm, s: SorterScan, c: BtreeVdbeCursor, from: number): IOPending | undefined {
  const w = c.header();
  if (w) return w;
  const view = c.view;
  const cols = s.columns;
  for (let k = from; k < cols.length; k++) {
    const col = cols[k];
    vm.mem[col.p3] = col.p2 < view.n ? view.column(col.p2) : col.p4 ? p4Value(col) : null;
  }
  return undefined;
}

function sorterScan(vm: Vm, op: Insn, pc: number): number {
  // The first instruction of a sorter scan loop (hot-codes.ts SORTER_SCAN, sorter-scan.ts): while
  // the cursor is a b-tree cursor on a row in the common state and the sorter a memory sorter, the
  // rows of each leaf page run in sorterScanRows and the move to the next page here; otherwise (and
  // after I/O is waited for) the instruction runs on its own. (As aggScan: this runs once per scan,
  // the per-row code is in a function called per leaf, optimized with full feedback.)
  const s = sorterScanOf(vm, pc);
  const c = s === null ? null : vm.cursors[s.cursor];
  const so = s === null ? null : vm.cursors[s.sorter];
  if (s === null || !isBtreeCursor(c) || !isMemIndexCursor(so) || c.nullRow || c.cache !== null || c.viewLive || c.peeked || c.skipNext || !c.cur.valid) {
    return op.opcode === 'Column' ? columnBtree(vm, op, pc) : rowid(vm, op, pc);
  }
  const store = so.store;
  for (;;) {
    const at = sorterScanRows(vm, vm.mem, s, c, store, pc);
    if (at === MORE_ROWS) continue;
    if (at !== NEXT_PAGE) return at;
    // The leaf's last row ran: the Next, as its handler runs it.
    const m = c.next();
    if (!m.done) return io(vm, s.next, m.pending);
    if (!m.value) return s.after;
  }
}

/**
 * Runs the rows of the sorter scan loop `s` on cursor `c` into `store` while they lie on the
 * current leaf page, at most {@link ROWS_PER_CALL}: returns {@link NEXT_PAGE} after the leaf's last
 * row (appended, the cursor not moved: sorterScan moves it), {@link MORE_ROWS} after its count of
 * rows (the cursor on a row not run yet), else {@link EXIT} for I/O (as aggScanRows).
 */
function sorterScanRows(vm: Vm, r: Mem[], s: SorterScan, c: BtreeVdbeCursor, store: MemIndexStore, pc: number): number {
  const nCols = s.columns.length;
  // One column: the header is walked to its field only (columnBtree's peek).
  const field = nCols === 1 ? s.columns[0].p2 : -1;
  const target = nCols === 1 ? s.columns[0].p3 : -1;
  const rowidReg = s.rowidReg;
  const from = s.from;
  const n = s.count;
  const aff = s.affinity;
  const cur = c.cur;
  for (let row = 0; row < ROWS_PER_CALL; row++) {
    if (nCols > 0) {
      const wait = cur.loadPayload();
      if (wait) return io(vm, pc, wait.pending);
      let k = 0;
      if (field >= 0) {
        c.peeked = true;
        const v = c.view.peek(cur.payloadBuf, cur.payloadStart, cur.payloadLength, field);
        if (v !== NOT_PEEKED) {
          r[target] = v;
          k = 1;
        }
      }
      if (k < nCols) {
        const w = sorterScanColumns(vm, s, c, k);
        if (w) return io(vm, pc, w.pending);
      }
    }
    if (rowidReg >= 0) r[rowidReg] = c.rowid();
    store.appendFields(r, from, n, aff);
    if (!c.nextInLeaf()) return NEXT_PAGE;
  }
  return MORE_ROWS;
}

function compare(vm: Vm, op: Insn, pc: number): number {
  // compare r[P1..P1+P3-1] with r[P2..P2+P3-1] under KeyInfo P4
  vm.lastCompare = compareRegisters(vm.mem, op.p1, op.p2, op.p3, keyInfoOf(op));
  return pc + 1;
}

function jump(vm: Vm, op: Insn): number {
  // to P1, P2 or P3 as the last Compare was <, = or >
  return vm.lastCompare < 0 ? op.p1 : vm.lastCompare === 0 ? op.p2 : op.p3;
}

function compareJump(vm: Vm, op: Insn, pc: number): number {
  // Eq, Ne, Lt, Le, Gt, Ge: jump to P2 when r[P3] op r[P1]. Two INTEGERs compare as numbers
  // whatever the affinity (it converts only when an operand is TEXT) and collation (TEXT only), and
  // neither is NULL: no call to the general comparison (which looks up the BINARY collation).
  const l = vm.mem[op.p3];
  const r = vm.mem[op.p1];
  if (typeof l === 'number' && typeof r === 'number') {
    const name = op.opcode;
    const yes = name === 'Eq' ? l === r : name === 'Ne' ? l !== r : name === 'Lt' ? l < r : name === 'Le' ? l <= r : name === 'Gt' ? l > r : l >= r;
    return yes ? op.p2 : pc + 1;
  }
  // An INTEGER and a REAL, or two REALs (a bound JS number is a REAL): numbers too, compared
  // exactly (a safe integer is a double; SQLite's sqlite3IntFloatCompare gives the same order).
  const lr = l instanceof Real;
  const rr = r instanceof Real;
  if ((lr || rr) && (lr || typeof l === 'number') && (rr || typeof r === 'number')) {
    const a = lr ? (l as Real).value : (l as number);
    const b = rr ? (r as Real).value : (r as number);
    const name = op.opcode;
    const yes = name === 'Eq' ? a === b : name === 'Ne' ? a !== b : name === 'Lt' ? a < b : name === 'Le' ? a <= b : name === 'Gt' ? a > b : a >= b;
    return yes ? op.p2 : pc + 1;
  }
  return vm.compareJump(op) ? op.p2 : pc + 1;
}

function arithmetic(sym: '+' | '-' | '*' | '/' | '%'): Handler {
  // r[P3] = r[P2] op r[P1]
  return (vm, op, pc) => {
    vm.mem[op.p3] = arith(sym, vm.mem[op.p2] as Value, vm.mem[op.p1] as Value);
    return pc + 1;
  };
}

function add(vm: Vm, op: Insn, pc: number): number {
  // r[P3] = r[P2] + r[P1]; two INTEGERs whose sum is a safe integer need no overflow check
  const r = vm.mem;
  const a = r[op.p2];
  const b = r[op.p1];
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    if (s <= Number.MAX_SAFE_INTEGER && s >= -Number.MAX_SAFE_INTEGER) {
      r[op.p3] = s;
      return pc + 1;
    }
  }
  r[op.p3] = arith('+', a as Value, b as Value);
  return pc + 1;
}

function remainder(vm: Vm, op: Insn, pc: number): number {
  // r[P3] = r[P2] % r[P1]; two INTEGERs (divisor ≠ 0): the sign of the dividend, as C's %
  const r = vm.mem;
  const a = r[op.p2];
  const b = r[op.p1];
  if (typeof a === 'number' && typeof b === 'number' && b !== 0) {
    const m = a % b;
    r[op.p3] = m === 0 ? 0 : m;
    return pc + 1;
  }
  r[op.p3] = arith('%', a as Value, b as Value);
  return pc + 1;
}

function mustBeInt(vm: Vm, op: Insn, pc: number): number {
  // r[P1] must be an INTEGER (after numeric affinity), else jump to P2 or fail
  const v = vm.mem[op.p1];
  if (typeof v === 'number' && Number.isInteger(v)) return pc + 1;
  const n = withAffinity(v, AFF_NUMERIC);
  if (typeof n === 'number' || typeof n === 'bigint') {
    vm.mem[op.p1] = n;
    return pc + 1;
  }
  if (op.p2) return op.p2;
  throw new SqliteError('SQLITE_MISMATCH', 'datatype mismatch');
}

/**
 * True when applyAffinity(v, a) is `v` itself, for the common cases tested without a call: NULL, any
 * value under BLOB or no affinity, TEXT under TEXT, INTEGER under NUMERIC or INTEGER.
 */
function affinityKeeps(v: unknown, a: number): boolean {
  return v === null || a <= AFF_BLOB || (a === AFF_TEXT ? typeof v === 'string' : (a === AFF_NUMERIC || a === AFF_INTEGER) && typeof v === 'number');
}

/**
 * applyAffinity(v, a), the most common conversion done without the call: a REAL holding a safe
 * integer under NUMERIC or INTEGER affinity is that INTEGER (sqlite3VdbeIntegerAffinity; −0.0 gives
 * 0). A JS number binds as REAL (better-sqlite3's rule), so every integer an INSERT is given takes
 * this path.
 */
function withAffinity(v: unknown, a: number): Value {
  if ((a === AFF_NUMERIC || a === AFF_INTEGER) && v instanceof Real) {
    const x = v.value;
    if (Number.isSafeInteger(x)) return x + 0;
  }
  return applyAffinity(v as Value, a);
}

/**
 * The AFF_* codes of the affinity string P4 of the instruction at `pc` (none: empty), read from
 * the operand once per Vm (Vm.opData): P4 is a union whose `kind` and `value` reads do not stay
 * monomorphic.
 */
function affinityCodes(vm: Vm, op: Insn, pc: number): Uint8Array {
  const cached = vm.opData[pc];
  if (cached instanceof Uint8Array) return cached;
  const aff = op.p4 && op.p4.kind === 'affinity' ? op.p4.value : '';
  const codes = new Uint8Array(aff.length);
  for (let i = 0; i < aff.length; i++) codes[i] = aff.charCodeAt(i);
  vm.opData[pc] = codes;
  return codes;
}

function affinity(vm: Vm, op: Insn, pc: number): number {
  // apply affinity string P4 to r[P1..P1+P2-1] (registers past the string's end are left alone)
  const r = vm.mem;
  const codes = affinityCodes(vm, op, pc);
  const n = Math.min(op.p2, codes.length);
  for (let i = 0; i < n; i++) {
    const v = r[op.p1 + i];
    const a = codes[i];
    if (!affinityKeeps(v, a)) r[op.p1 + i] = withAffinity(v, a);
  }
  return pc + 1;
}

function newRowid(vm: Vm, op: Insn, pc: number): number {
  // r[P2] = a new rowid for table cursor P1 (one more than the largest)
  const c = vm.cursors[op.p1];
  if (!isBtreeCursor(c)) return cold(vm, op, pc);
  const m = vm.host.writer().newRowid(c.cur.rootPgno);
  if (!m.done) return io(vm, pc, m.pending);
  vm.mem[op.p2] = m.value;
  return pc + 1;
}

function notExistsWrite(vm: Vm, op: Insn, pc: number): number {
  // NotExists on an OpenWrite cursor (hot-codes.ts NOT_EXISTS_WRITE): a rowid above the table's
  // last one (known from the last append, no page read) is absent without a seek
  const c = vm.cursors[op.p1];
  if (isBtreeCursor(c) && c.unmoved) {
    const key = rowidKey(vm.mem[op.p3] as Value);
    if (key !== null && vm.host.writer().rowidAboveLast(c.cur.rootPgno, key)) {
      c.missedPastLast();
      return op.p2;
    }
  }
  return seekRowid(vm, op, pc);
}

/** Before a write to tree `root`: cursors on it copy their current records out (Vm.detachViews). */
function detachTree(vm: Vm, root: number): void {
  for (const x of vm.cursors) if (isBtreeCursor(x) && x.cur.rootPgno === root) x.detach();
}

function insertBtree(vm: Vm, op: Insn, pc: number): number {
  // Insert record r[P2] with rowid r[P3] into table cursor P1, P5 without OPFLAG_SAVEPOSITION and
  // OPFLAG_USESEEKRESULT (hot-codes.ts INSERT_BTREE); anything else goes to the general switch
  const c = vm.cursors[op.p1];
  if (!isBtreeCursor(c)) {
    vm.detachViews(op);
    return cold(vm, op, pc);
  }
  const root = c.cur.rootPgno;
  detachTree(vm, root);
  if (c.pendingSeek !== null) return cold(vm, op, pc);
  const rowid = vm.mem[op.p3] as number | bigint;
  const m = vm.host.writer().insertBytes(root, rowid, encodeValuesInScratch((vm.mem[op.p2] as Rec).values, c.cur.encoding));
  if (!m.done) return io(vm, pc, m.pending);
  if (op.p5 & 1) vm.host.countChange(op.p5 & 0x20 ? rowid : null);
  else if (op.p5 & OPFLAG_TOTAL_ONLY) vm.host.countTotalChange?.();
  return pc + 1;
}

function idxInsertBtree(vm: Vm, op: Insn, pc: number): number {
  // IdxInsert of record r[P2] into index cursor P1 opened by OpenWrite (hot-codes.ts IDX_INSERT_BTREE)
  const c = vm.cursors[op.p1];
  if (!isBtreeCursor(c)) {
    vm.detachViews(op);
    return cold(vm, op, pc);
  }
  const root = c.cur.rootPgno;
  detachTree(vm, root);
  const vals = (vm.mem[op.p2] as Rec).values;
  // The cursor's encoding is the connection's (checked when opened); host.encoding is a getter.
  const m = vm.host.writer().insertIndexKeyBytes(root, encodeValuesInScratch(vals, c.cur.encoding), c.insertOpts((op.p5 & OPFLAG_APPEND) !== 0), recordFields(vals));
  if (!m.done) return io(vm, pc, m.pending);
  return pc + 1;
}

function deleteBtree(vm: Vm, op: Insn, pc: number): number {
  // Delete the row cursor P1 (opened by OpenWrite) is on (hot-codes.ts DELETE_BTREE). P5 with
  // OPFLAG_SAVEPOSITION (one-pass DELETE): the cursor follows an in-place drop without a seek.
  // A pending seek, or a drop the cursor cannot follow, goes to the general switch, which seeks
  // and counts the change.
  const c = vm.cursors[op.p1];
  if (!isBtreeCursor(c) || c.pendingSeek !== null) {
    vm.detachViews(op);
    return cold(vm, op, pc);
  }
  const root = c.cur.rootPgno;
  const save = (op.p5 & OPFLAG_SAVEPOSITION) !== 0;
  // As Vm.detachViews: the cursors on the tree copy their records out, but a saving cursor itself.
  for (const x of vm.cursors) if (isBtreeCursor(x) && x.cur.rootPgno === root && (x !== c || !save)) x.detach();
  const rowid = c.rowid();
  const writer = vm.host.writer();
  const m = save ? writer.deleteAt(root, rowid, c.cur.positionPgno, c.cur.positionCell) : writer.deleteAt(root, rowid, 0, -1);
  if (!m.done) return io(vm, pc, m.pending);
  if (save) {
    const d = writer.lastInPlaceDelete;
    if (!d || !c.droppedInPlace(d.pgno, d.cell, d.page)) {
      c.pendingSeek = rowid;
      return cold(vm, op, pc);
    }
  }
  if (op.p5 & 1) vm.host.countChange(null);
  else if (op.p5 & OPFLAG_TOTAL_ONLY) vm.host.countTotalChange?.();
  return pc + 1;
}

/** IdxDelete's key arrays by length (idxDeleteBtree). */
const idxDeleteKeys: SqlValue[][] = [];

function idxDeleteBtree(vm: Vm, op: Insn, pc: number): number {
  // Delete the entries of index cursor P1 (opened by OpenWrite) whose key is r[P2..P2+P3-1]
  // (hot-codes.ts IDX_DELETE_BTREE)
  const c = vm.cursors[op.p1];
  if (!isBtreeCursor(c)) {
    vm.detachViews(op);
    return cold(vm, op, pc);
  }
  const root = c.cur.rootPgno;
  detachTree(vm, root);
  const n = op.p3;
  // One key array per key length, reused row after row: the writer keeps no reference to it.
  // Made holding objects (null) from the start: an array of small integers changed its layout on
  // the first other value, and the IdxDelete code V8 had optimized deoptimized in the next DELETE.
  const key = (idxDeleteKeys[n] ??= objectArray<SqlValue>(n));
  for (let i = 0; i < n; i++) key[i] = toSqlValue(vm.mem[op.p2 + i] as Value);
  const m = vm.host.writer().deleteIndexKey(root, key, c.insertOpts(false));
  if (!m.done) return io(vm, pc, m.pending);
  return pc + 1;
}

function haltOk(vm: Vm, _op: Insn, pc: number): number {
  // Halt with P1 = 0: the program ends without an error
  vm.halted = true;
  vm.pc = pc;
  vm.exit = DONE;
  return EXIT;
}

function transaction(vm: Vm, op: Insn, pc: number): number {
  // P1 database, P2 non-zero for a write transaction; P5 ≠ 0: P3 is the schema cookie the program
  // was compiled with (another one in this snapshot: SQLITE_SCHEMA, the API compiles again)
  const t = vm.host.begin(op.p2 !== 0);
  if (!t.done) return io(vm, pc, t.pending);
  if (!t.value) {
    vm.pc = pc;
    vm.exit = BUSY;
    return EXIT;
  }
  if (op.p5 !== 0 && op.p3 !== vm.host.readCookie(1)) throw new SqliteError('SQLITE_SCHEMA', 'database schema has changed');
  return pc + 1;
}

function openBtree(vm: Vm, op: Insn, pc: number): number {
  // OpenRead/OpenWrite: cursor P1 on root page P2 (P3 ≠ 0: the root is in r[P2]); P4 KeyInfo for an index
  const root = op.p3 ? Number(vm.mem[op.p2]) : op.p2;
  const ki = keyInfoOf(op);
  const host = vm.host;
  // The cursor this instruction opened on the last run, when on the same tree: reopened, not rebuilt.
  let c = vm.reusable[pc];
  if (c !== undefined && c.cur.rootPgno === root && c.keyInfo === ki && c.cur.source === host.source && c.cur.encoding === host.encoding) c.reopen();
  else vm.reusable[pc] = c = new BtreeVdbeCursor(host.source, root, ki !== null, host.encoding, ki);
  vm.cursors[op.p1] = c;
  return pc + 1;
}

/** The handler of each hot code (hot-codes.ts); index 0 (cold) is unused. */
export const HANDLERS: Handler[] = (() => {
  const t: Handler[] = new Array<Handler>(256).fill(goto);
  t[HOT.Goto] = goto;
  t[HOT.Integer] = integer;
  t[HOT.Null] = nul;
  t[HOT.Copy] = copy;
  t[HOT.SCopy] = scopy;
  t[HOT.Variable] = variable;
  t[HOT.Gosub] = gosub;
  t[HOT.Return] = ret;
  t[HOT.If] = ifTrue;
  t[HOT.IfNot] = ifNot;
  t[HOT.IsNull] = isNull;
  t[HOT.NotNull] = notNull;
  t[HOT.ResultRow] = resultRow;
  t[HOT.Column] = column;
  t[COLUMN_BTREE] = columnBtree;
  t[COLUMN_PSEUDO] = columnPseudo;
  t[MAKE_RECORD_SORTER] = makeRecordSorter;
  t[HOT.Rowid] = rowid;
  t[HOT.IdxRowid] = idxRowid;
  t[HOT.Next] = next;
  t[HOT.SorterNext] = sorterNext;
  t[HOT.Prev] = prev;
  t[HOT.AggStep] = aggStep;
  t[HOT.MakeRecord] = makeRecord;
  t[HOT.SorterInsert] = sorterInsert;
  t[HOT.SorterData] = sorterData;
  t[SORTER_DATA_PSEUDO] = sorterDataPseudo;
  t[GROUP_SCAN] = groupScan;
  t[HOT.Compare] = compare;
  t[HOT.Jump] = jump;
  t[HOT.Eq] = compareJump;
  t[HOT.Add] = add;
  t[HOT.Subtract] = arithmetic('-');
  t[HOT.Multiply] = arithmetic('*');
  t[HOT.Divide] = arithmetic('/');
  t[HOT.Remainder] = remainder;
  t[HOT.IdxGE] = idxCompare;
  t[HOT.SeekRowid] = seekRowid;
  t[HOT.SeekGE] = seekIndex;
  t[HOT.MustBeInt] = mustBeInt;
  t[HOT.Affinity] = affinity;
  t[HOT.NewRowid] = newRowid;
  t[NOT_EXISTS_WRITE] = notExistsWrite;
  t[INSERT_BTREE] = insertBtree;
  t[IDX_INSERT_BTREE] = idxInsertBtree;
  t[DELETE_BTREE] = deleteBtree;
  t[IDX_DELETE_BTREE] = idxDeleteBtree;
  t[HALT_OK] = haltOk;
  t[TRANSACTION] = transaction;
  t[OPEN_BTREE] = openBtree;
  t[MAKE_RECORD_INSERT] = makeRecordInsert;
  t[MAKE_RECORD_REPLACE] = makeRecordReplace;
  t[INSERT_SEEK_RESULT] = insertSeekResult;
  t[SORTER_DATA_IDX_INSERT] = sorterDataIdxInsert;
  t[AGG_SCAN] = aggScan;
  t[SORTER_SCAN] = sorterScan;
  return t;
})();

/** Hands the instruction at `pc` to the general switch of Vm.step (a cold opcode, or past the end). */
function cold(vm: Vm, _op: Insn, pc: number): number {
  vm.pc = pc;
  vm.exit = null;
  return EXIT;
}

/**
 * The handler of each address of a program whose hot codes are `codes` (hot-codes.ts), and
 * {@link cold} for the address one past the end, where a program without a Halt stops.
 */
export function handlersFor(codes: Uint8Array): Handler[] {
  const out = new Array<Handler>(codes.length + 1);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    out[i] = c === COLD || c === WRITE ? cold : HANDLERS[c];
  }
  out[codes.length] = cold;
  return out;
}
