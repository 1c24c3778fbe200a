/**
 * The VDBE: runs a {@link Program} one instruction at a time over registers and cursors
 * (SQLite's vdbe.c sqlite3VdbeExec, Turso's core/vdbe/execute.rs).
 *
 * ```
 *   step() ──▶ loop { insn = insns[pc]; switch (opcode) … }
 *                 ├─ ResultRow ──────────────▶ Row   (pc already past it; row() reads the registers)
 *                 ├─ Halt ───────────────────▶ Done  (or throws SqliteError for a non-zero P1)
 *                 ├─ cursor op pending on I/O ▶ IO    (pc unchanged: the instruction re-runs)
 *                 └─ Transaction, db locked ─▶ Busy
 * ```
 *
 * Invariants:
 * 1. An instruction that returns IO has changed neither pc nor any register or cursor position
 *    (b-tree cursor moves are restartable; the VM writes registers only after a move is done).
 * 2. Comparisons take their left operand from P3 and right from P1, as SQLite's do (Lt jumps when
 *    r[P3] < r[P1]).
 * 3. Arithmetic stores r[P2] op r[P1] into r[P3].
 *
 * This file is long because it is one switch over the opcodes, each case a few lines; operand use
 * is written beside each case (sqlite.org/opcode.html has the full descriptions).
 *
 * @module
 */
import { filterAdd, filterMayHold } from './bloom-filter.js';
import type { SeekOp } from '../../btree/cursor.js';
import type { BTreeWriter } from '../../btree/write/btree-writer.js';
import type { PageSource } from '../../btree/payload.js';
import { SqliteError } from '../../error.js';
import type { SqlValue, TextEncoding } from '../../format/index.js';
import type { Completion } from '../../io/completion.js';
import type { IOResult } from '../../io/io-result.js';
import type { AggregateFunction, FunctionContext, ScalarFunction } from '../functions/registry.js';
import { realToInt, intToReal } from '../value/int64.js';
import { Real, toSqlValue, type Value } from '../value/value.js';
import { textToNumeric } from '../value/coerce.js';
import { affinityName, applyAffinity, bitNot, bitwise, cast, concat, truth } from './arith.js';
import { compareOp, type CompareOp } from '../value/compare.js';
import { BtreeVdbeCursor } from './btree-cursor.js';
import type { Insn } from './insn.js';
import { AggCell, compareRecords, Rec, type Mem } from './mem.js';
import { binaryCollation } from '../../btree/compare.js';
import { MemIndexCursor, MemIndexStore, MemTableCursor, MemTableStore, PseudoCursor } from './memory-cursor.js';
import { AFF_MASK, AFF_NUMERIC, JUMP_IF_NULL, NULL_EQ, OPFLAG_APPEND, OPFLAG_SAVEPOSITION, OPFLAG_TOTAL_ONLY, OPFLAG_USESEEKRESULT } from './opcodes.js';
import type { Program } from './program.js';
import { BUSY, DONE, type StepResult } from './step-result.js';
import { encodeValuesTransient, recordFields } from './record-codec.js';
import { hotCodes, WRITE } from './hot-codes.js';
import { EXIT, handlersFor, type Handler } from './hot-ops.js';
import { keyInfoOf, p4Int, p4String, p4Value } from './operands.js';
import { computeWindow, type WindowSpec } from './window-frame.js';

/** What the VM needs from its connection. */
export interface VmHost {
  /** Pages of the main database (the pager). */
  readonly source: PageSource;
  /** Text encoding of the database (header offset 56). */
  readonly encoding: TextEncoding;
  /**
   * Starts a read (or, with `write`, a write) transaction if none is open (the Transaction opcode).
   * Resolves to false when the database is locked (BUSY).
   */
  begin(write: boolean): IOResult<boolean>;
  /** changes(), last_insert_rowid(), now … for functions. */
  readonly functionContext: FunctionContext;
  /** The b-tree writer of the current write transaction (after a Transaction with P2 ≠ 0). */
  writer(): BTreeWriter;
  /** A row was inserted (P5 of Insert has OPFLAG_NCHANGE) / deleted: for changes() and run(). */
  countChange(rowid: number | bigint | null): void;
  /**
   * A row written by a trigger body (P5 of Insert/Delete has {@link OPFLAG_TOTAL_ONLY}): counted in
   * total_changes() only, as SQLite counts trigger rows. Absent: not counted.
   */
  countTotalChange?(): void;
  /**
   * A Halt with an error and P2 OE_Rollback or OE_Fail (RAISE(ROLLBACK|FAIL), sqlite.org/lang_createtrigger.html):
   * 'rollback' ends the whole transaction; 'fail' keeps (and counts) what the statement changed
   * before the error. Absent: the statement is undone as for OE_Abort.
   */
  onErrorAction?(action: 'rollback' | 'fail'): void;
  /**
   * ResetCount with P1 1 / 2: an inlined trigger program starts / ends. The rows it wrote
   * (countTotalChange) join total_changes() for good when it ends, as SQLite adds a sub-program's
   * count when the sub-program halts.
   */
  triggerFrame?(begin: boolean): void;
  /** The schema changed (ParseSchema): reload it once the statement ends. */
  schemaChanged(): void;
  /**
   * FkCounter with P1 ≠ 0: adds `n` to the connection's count of deferred foreign-key violations,
   * which COMMIT (or an autocommit statement's end) requires to be 0 (foreignkeys.html §4.2).
   */
  fkDeferred?(n: number): void;
  /** Header field `field` (1 schema cookie, 6 user version) as SetCookie/ReadCookie see it. */
  setCookie(field: number, value: number): void;
  readCookie(field: number): number;
  /**
   * The Savepoint opcode: `op` 0 opens savepoint `name`, 1 releases it, 2 rolls back to it
   * (lang_savepoint.html). Absent: the host has no savepoints (the opcode raises SQLITE_ERROR).
   */
  savepoint?(op: number, name: string): IOResult<void>;
  /**
   * The Vacuum opcode (SQLite's OP_Vacuum → sqlite3RunVacuum): rebuilds the main database in place
   * (`into` undefined) or writes a compact copy to the file named by `into` (VACUUM INTO; any
   * other value than text is the host's error). Absent: the host cannot vacuum (SQLITE_ERROR).
   */
  vacuum?(into: Value | undefined): IOResult<void>;
}

type Cursor = BtreeVdbeCursor | MemIndexCursor | MemTableCursor | PseudoCursor;

const SEEK_OPS: Record<string, SeekOp> = { SeekGE: 'GE', SeekGT: 'GT', SeekLE: 'LE', SeekLT: 'LT' };

/** One execution of a Program. */
export class Vm {
  pc = 0;
  readonly mem: Mem[];
  /** @internal Cursors by number (hot-ops.ts reads them). */
  readonly cursors: (Cursor | null)[];
  /** @internal First register and size of the current result row. */
  rowStart = 0;
  /** @internal */
  rowCount = 0;
  /** @internal The result of the last Compare, for Jump. */
  lastCompare = 0;
  private onceFlags = new Set<number>();
  /** @internal Bound parameters by number. */
  params: Value[] = [];
  /** @internal Why a hot handler left the loop (hot-ops.ts EXIT). */
  exit: StepResult | null = null;
  /** @internal Set by Halt (hot-ops.ts haltOk too); step() returns Done from then on. */
  halted = false;
  private seq = new Map<number, number>();
  /** Hot-loop code per address (hot-codes.ts). */
  private readonly codes: Uint8Array;
  /** The hot-loop handler of each address and of the one past the end (hot-ops.ts handlersFor). */
  private readonly handlers: Handler[];
  /** @internal program.insns, held here so that the hot loop and hot-ops.ts read one field of the Vm. */
  readonly insns: readonly Insn[];
  /**
   * @internal The b-tree cursor each OpenRead/OpenWrite address opened on an earlier run, which
   * hot-ops.ts openBtree reopens on the next run instead of building another (never two at once:
   * reset() closes every cursor of the run before).
   */
  readonly reusable: (BtreeVdbeCursor | undefined)[] = [];
  /** @internal What a hot handler derives from its instruction's operands, once per Vm, by address (hot-ops.ts). */
  readonly opData: unknown[] = [];
  /** @internal AggStep's argument arrays, one per address, reused for every row. */
  readonly aggArgs: (Value[] | undefined)[] = [];

  constructor(
    readonly program: Program,
    readonly host: VmHost,
  ) {
    this.mem = new Array<Mem>(program.nMem + 1).fill(null);
    this.cursors = new Array<Cursor | null>(program.nCursor).fill(null);
    this.codes = hotCodes(program);
    this.handlers = handlersFor(this.codes);
    this.insns = program.insns;
    // Written once with another value: V8 then treats the field as mutable from the first Vm on. A
    // field never written after construction counts as constant, and the first Compare (a GROUP BY)
    // threw away the optimized code of every hot handler reading the Vm.
    this.lastCompare = -1;
    this.lastCompare = 0;
  }

  /** Binds parameter `index` (1-based). */
  bind(index: number, v: Value): void {
    this.params[index] = v;
  }

  /** Clears every binding to NULL. */
  clearBindings(): void {
    this.params = [];
  }

  /** Back to the start: registers NULL, cursors closed; bindings are kept. */
  reset(): void {
    this.pc = 0;
    // Loops rather than fill(): a builtin call costs more than a few stores (statements run 100k times).
    const mem = this.mem;
    for (let i = 0; i < mem.length; i++) mem[i] = null;
    const cursors = this.cursors;
    for (let i = 0; i < cursors.length; i++) cursors[i] = null;
    // clear() gives a collection a new table even when it is empty: most programs never use them.
    if (this.onceFlags.size > 0) this.onceFlags.clear();
    if (this.seq.size > 0) this.seq.clear();
    this.halted = false;
  }

  /** The values of the current result row (valid after step() returned Row). */
  row(): Value[] {
    return this.mem.slice(this.rowStart, this.rowStart + this.rowCount) as Value[];
  }

  /** Runs until a row, the end, I/O or a lock. @throws SqliteError on a runtime error. */
  step(): StepResult {
    if (this.halted) return DONE;
    for (;;) {
      const hot = this.runHot();
      if (hot !== null) return hot;
      const out = this.runGeneral();
      if (out !== null) return out;
    }
  }

  /**
   * Runs the instruction at `pc` through the general switch (the instructions without a handler of
   * their own in hot-ops.ts, and those a handler hands back). Returns what {@link step} returns
   * when the instruction ends the step, else null with `pc` at the next instruction. Kept apart
   * from step(): V8 optimizes a function once it has run enough of its own code, and this switch
   * runs rarely in most statements, so step(), with the switch inside, ran unoptimized through
   * rounds of 100,000 INSERTs (runHot, which step() then inlines, ran behind a call each time).
   */
  private runGeneral(): StepResult | null {
    const insns = this.program.insns;
    const r = this.mem;
    const op: Insn = insns[this.pc];
    if (op === undefined) {
      this.halted = true;
      return DONE;
    }
    if (this.codes[this.pc] === WRITE) this.detachViews(op);
    switch (op.opcode) {
      // ---- control
      case 'Init': // jump to P2
        this.pc = op.p2;
        return null;
      case 'Halt': // P1 error code (0 = ok), P4 message (P3 > 0: the message is r[P3], RAISE's expression)
        this.halted = true;
        if (op.p1 !== 0) {
          // P2 OE_Rollback (1) / OE_Fail (3): tell the connection how the error ends the statement.
          if (op.p2 === 1 || op.p2 === 3) this.host.onErrorAction?.(op.p2 === 1 ? 'rollback' : 'fail');
          throw new SqliteError(haltCode(op.p1), op.p3 > 0 ? String(r[op.p3] ?? '') : p4String(op) || 'error');
        }
        return DONE;
      case 'Transaction': {
        // P1 database, P2 non-zero for a write transaction
        const t = this.host.begin(op.p2 !== 0);
        if (!t.done) return { kind: 'io', pending: t.pending };
        if (!t.value) return BUSY;
        // P5 ≠ 0: P3 is the schema cookie the program was compiled with; another one in this
        // snapshot means another connection changed the schema (the API compiles again and retries).
        if (op.p5 !== 0 && op.p3 !== this.host.readCookie(1)) throw new SqliteError('SQLITE_SCHEMA', 'database schema has changed');
        break;
      }
      case 'Noop':
      case 'Explain':
      case 'CollSeq':
        break;
      case 'Once': // fall through the first time, jump to P2 afterwards
        if (this.onceFlags.has(this.pc)) {
          this.pc = op.p2;
          return null;
        }
        this.onceFlags.add(this.pc);
        break;
      case 'InitCoroutine': // r[P1] = P3 − 1; jump to P2 when non-zero
        r[op.p1] = op.p3 - 1;
        if (op.p2) {
          this.pc = op.p2;
          return null;
        }
        break;
      case 'Yield': {
        // swap pc with r[P1]
        const back = r[op.p1] as number;
        r[op.p1] = this.pc;
        this.pc = back + 1;
        return null;
      }
      case 'EndCoroutine': {
        // return to the Yield that called, then to its P2
        const caller = insns[r[op.p1] as number];
        r[op.p1] = null;
        this.pc = caller.p2;
        return null;
      }
      // ---- constants and register moves
      case 'Int64':
      case 'Real':
      case 'String8':
        r[op.p2] = p4Value(op);
        break;
      case 'Blob': // r[P2] = the BLOB P4; without P4, P1 zero bytes (a Bloom filter's, bloom-filter.ts)
        r[op.p2] = op.p4 === null ? new Uint8Array(op.p1) : p4Value(op);
        break;
      case 'FilterAdd': // add the key r[P3..P3+P4-1] to the Bloom filter in r[P1]
        filterAdd(r[op.p1] as Uint8Array, r, op.p3, p4Int(op));
        break;
      case 'Filter': // jump to P2 when the key r[P3..P3+P4-1] was never added to the filter in r[P1]
        if (!filterMayHold(r[op.p1] as Uint8Array, r, op.p3, p4Int(op))) {
          this.pc = op.p2;
          return null;
        }
        break;
      case 'Move': // P3 registers from P1 to P2
        for (let i = 0; i < op.p3; i++) {
          r[op.p2 + i] = r[op.p1 + i];
          r[op.p1 + i] = null;
        }
        break;
      // ---- cursors
      case 'OpenRead': // cursor P1 on root page P2 (P3 ≠ 0: the root is in r[P2]); P4 KeyInfo for an index
      case 'OpenWrite': {
        const root = op.p3 ? Number(r[op.p2]) : op.p2;
        this.cursors[op.p1] = new BtreeVdbeCursor(this.host.source, root, keyInfoOf(op) !== null, this.host.encoding, keyInfoOf(op));
        break;
      }
      case 'CreateBtree': {
        // r[P2] = root page of a new b-tree (P3 = 1 table, 2 index)
        const m = this.host.writer().createTree(op.p3 === 2 ? 'index' : 'table');
        if (!m.done) return { kind: 'io', pending: m.pending };
        r[op.p2] = m.value;
        break;
      }
      case 'Destroy': {
        // drop the b-tree rooted at P1 (r[P2] = the root moved into its place, 0 for none)
        const m = this.host.writer().dropTree(op.p1);
        if (!m.done) return { kind: 'io', pending: m.pending };
        r[op.p2] = m.value.moved;
        break;
      }
      case 'Clear': {
        const m = this.host.writer().clearTree(op.p1);
        if (!m.done) return { kind: 'io', pending: m.pending };
        break;
      }
      case 'SetCookie': // header field P2 = P3
        this.host.setCookie(op.p2, op.p3);
        break;
      case 'ReadCookie': // r[P2] = header field P3
        r[op.p2] = this.host.readCookie(op.p3);
        break;
      case 'ParseSchema':
        this.host.schemaChanged();
        break;
      case 'ResetCount': // P1 1: a trigger program starts; 2: it ends (its rows now count in total_changes())
        if (op.p1) this.host.triggerFrame?.(op.p1 === 1);
        break;
      case 'Savepoint': {
        // P1 0 begin, 1 release, 2 rollback to; P4 the savepoint's name
        if (!this.host.savepoint) throw new SqliteError('SQLITE_ERROR', 'savepoints are not supported here');
        const s = this.host.savepoint(op.p1, p4String(op));
        if (!s.done) return { kind: 'io', pending: s.pending };
        break;
      }
      case 'Vacuum': {
        // P1 the database (0 main), P2 the register holding VACUUM INTO's file name (0: in place)
        if (!this.host.vacuum) throw new SqliteError('SQLITE_ERROR', 'VACUUM is not supported here');
        const v = this.host.vacuum(op.p2 ? (r[op.p2] as Value) : undefined);
        if (!v.done) return { kind: 'io', pending: v.pending };
        break;
      }
      case 'HaltIfNull': // halt with P4's message when r[P3] is NULL; P2 as Halt's
        if (r[op.p3] === null) {
          this.halted = true;
          if (op.p2 === 1 || op.p2 === 3) this.host.onErrorAction?.(op.p2 === 1 ? 'rollback' : 'fail');
          throw new SqliteError(op.p1 === 1299 ? 'SQLITE_CONSTRAINT_NOTNULL' : 'SQLITE_CONSTRAINT', p4String(op));
        }
        break;
      case 'OpenEphemeral': {
        // P1 cursor, P2 columns, P4 KeyInfo for an index (else a rowid table)
        const ki = keyInfoOf(op);
        this.cursors[op.p1] = ki ? new MemIndexCursor(new MemIndexStore(ki)) : new MemTableCursor(new MemTableStore());
        break;
      }
      case 'SorterOpen': {
        const store = new MemIndexStore(keyInfoOf(op));
        store.sorted = false;
        this.cursors[op.p1] = new MemIndexCursor(store);
        break;
      }
      case 'OpenDup': {
        const c = this.cursors[op.p2];
        if (c instanceof MemIndexCursor) this.cursors[op.p1] = new MemIndexCursor(c.store);
        else if (c instanceof MemTableCursor) this.cursors[op.p1] = new MemTableCursor(c.store);
        break;
      }
      case 'OpenPseudo': // P1 cursor reading the record in r[P2]
        this.cursors[op.p1] = new PseudoCursor(op.p2);
        break;
      case 'Close':
        this.cursors[op.p1] = null;
        break;
      case 'NullRow': {
        const c = this.cursors[op.p1];
        if (c) c.nullRow = true;
        else this.cursors[op.p1] = Object.assign(new PseudoCursor(0), { nullRow: true });
        break;
      }
      case 'Rewind':
      case 'Last':
      case 'Sort':
      case 'SorterSort': {
        // position on the first (last) row; jump to P2 when there is none
        const c = this.cursors[op.p1]!;
        let ok: boolean;
        if (c instanceof BtreeVdbeCursor) {
          const m = op.opcode === 'Last' ? c.last() : c.first();
          if (!m.done) return { kind: 'io', pending: m.pending };
          ok = m.value;
        } else if (c instanceof PseudoCursor) ok = false;
        else {
          if (c instanceof MemIndexCursor) c.store.sort();
          ok = op.opcode === 'Last' ? c.last() : c.first();
        }
        if (!ok) {
          this.pc = op.p2;
          return null;
        }
        break;
      }
      case 'SeekGE':
      case 'SeekGT':
      case 'SeekLE':
      case 'SeekLT': {
        // position cursor P1 by the key r[P3..P3+P4-1]; jump to P2 when no entry qualifies
        const c = this.cursors[op.p1]!;
        const sop = SEEK_OPS[op.opcode];
        let ok: boolean;
        if (c instanceof BtreeVdbeCursor && !c.isIndex) {
          const m = this.seekTable(c, r[op.p3] as Value, sop);
          if (!m.done) return { kind: 'io', pending: m.pending };
          ok = m.value;
        } else {
          const key = r.slice(op.p3, op.p3 + p4Int(op)) as Value[];
          if (c instanceof BtreeVdbeCursor) {
            const m = c.seekKey(key, sop);
            if (!m.done) return { kind: 'io', pending: m.pending };
            ok = m.value;
          } else ok = (c as MemIndexCursor).seekKey(key, sop);
        }
        if (!ok) {
          this.pc = op.p2;
          return null;
        }
        break;
      }
      case 'Found':
      case 'NotFound':
      case 'NoConflict': {
        // is there an entry whose key starts with r[P3..P3+P4-1] (P4 = 0: the record in r[P3])?
        const n = p4Int(op);
        const key = n > 0 ? (r.slice(op.p3, op.p3 + n) as Value[]) : (r[op.p3] as Rec).values;
        let found: boolean;
        if (op.opcode === 'NoConflict' && key.some((v) => v === null)) found = false;
        else {
          const c = this.cursors[op.p1]!;
          if (c instanceof BtreeVdbeCursor) {
            const m = c.seekKey(key, 'GE');
            if (!m.done) return { kind: 'io', pending: m.pending };
            if (!m.value) found = false;
            else {
              const rec = c.record();
              if (!rec.done) return { kind: 'io', pending: rec.pending };
              found = compareRecords(rec.value, key, c.keyInfo, key.length) === 0;
            }
          } else found = (c as MemIndexCursor).found(key);
        }
        if (found === (op.opcode === 'Found')) {
          this.pc = op.p2;
          return null;
        }
        break;
      }
      case 'IdxInsert': {
        // add the record r[P2] to index P1 (an ephemeral one, or a b-tree)
        const c = this.cursors[op.p1];
        if (c instanceof BtreeVdbeCursor) {
          const ki = c.keyInfo;
          const opts = ki ? { keyInfo: { desc: ki.desc, collations: ki.collations }, append: (op.p5 & OPFLAG_APPEND) !== 0 } : {};
          const vals = (r[op.p2] as Rec).values;
          const m = this.host.writer().insertIndexKey(c.cur.rootPgno, encodeValuesTransient(vals, this.host.encoding), opts, recordFields(vals));
          if (!m.done) return { kind: 'io', pending: m.pending };
          // A WITHOUT ROWID table's row (OPFLAG_NCHANGE, as SQLite's IdxInsert): counted, no rowid.
          if (op.p5 & 1) this.host.countChange(null);
          else if (op.p5 & OPFLAG_TOTAL_ONLY) this.host.countTotalChange?.();
          break;
        }
        (c as MemIndexCursor).store.insert((r[op.p2] as Rec).values);
        break;
      }
      case 'NewRowid': {
        const c = this.cursors[op.p1];
        if (c instanceof BtreeVdbeCursor) {
          const m = this.host.writer().newRowid(c.cur.rootPgno);
          if (!m.done) return { kind: 'io', pending: m.pending };
          r[op.p2] = m.value;
          break;
        }
        r[op.p2] = (c as MemTableCursor).newRowid();
        break;
      }
      case 'Insert': {
        // insert record r[P2] with rowid r[P3] into table cursor P1
        const c = this.cursors[op.p1];
        const rowid = r[op.p3] as number | bigint;
        if (c instanceof BtreeVdbeCursor) {
          if (c.pendingSeek === null) {
            const writer = this.host.writer();
            const seekResult = (op.p5 & OPFLAG_USESEEKRESULT) !== 0;
            const m = writer.insert(c.cur.rootPgno, rowid, encodeValuesTransient((r[op.p2] as Rec).values, this.host.encoding), seekResult ? c.cur.position : null);
            if (!m.done) return { kind: 'io', pending: m.pending };
            if (seekResult) {
              // The cursor was not detached (detachViews): it stays on the row rewritten in place,
              // or seeks back to it.
              const d = writer.lastInPlaceReplace;
              if (!d || !c.replacedInPlace(d.pgno, d.cell, d.page)) c.pendingSeek = rowid;
            } else if (op.p5 & OPFLAG_SAVEPOSITION) c.pendingSeek = rowid;
          }
          if (c.pendingSeek !== null) {
            // OPFLAG_SAVEPOSITION: back onto the row written (a one-pass UPDATE's loop goes on from it)
            const s = c.seekRowid(c.pendingSeek);
            if (!s.done) return { kind: 'io', pending: s.pending };
            c.pendingSeek = null;
          }
          if (op.p5 & 1) this.host.countChange(op.p5 & 0x20 ? rowid : null);
          else if (op.p5 & OPFLAG_TOTAL_ONLY) this.host.countTotalChange?.();
          break;
        }
        (c as MemTableCursor).insert(rowid, (r[op.p2] as Rec).values);
        break;
      }
      case 'Delete': {
        // delete the row cursor P1 is on
        const c = this.cursors[op.p1];
        if (c instanceof BtreeVdbeCursor) {
          if (c.pendingSeek === null) {
            const rowid = c.rowid();
            // A one-pass loop's cursor was moved by that loop, with only index writes since: its
            // position is the row's, a hint for the in-place delete (delete-in-place.ts).
            const writer = this.host.writer();
            const m = writer.delete(c.cur.rootPgno, rowid, op.p5 & OPFLAG_SAVEPOSITION ? c.cur.position : null);
            if (!m.done) return { kind: 'io', pending: m.pending };
            if (op.p5 & OPFLAG_SAVEPOSITION) {
              // Dropped in place from the cursor's leaf: the cursor follows without a seek.
              const d = writer.lastInPlaceDelete;
              if (!d || !c.droppedInPlace(d.pgno, d.cell, d.page)) c.pendingSeek = rowid;
            }
          }
          if (c.pendingSeek !== null) {
            // OPFLAG_SAVEPOSITION: onto the entry after the deleted one, which the loop's next
            // Next keeps (one-pass DELETE, SQLite's CURSOR_SKIPNEXT)
            const s = c.seekRowid(c.pendingSeek);
            if (!s.done) return { kind: 'io', pending: s.pending };
            c.pendingSeek = null;
            c.skipNext = true;
          }
          if (op.p5 & 1) this.host.countChange(null);
          else if (op.p5 & OPFLAG_TOTAL_ONLY) this.host.countTotalChange?.();
          break;
        }
        (c as MemTableCursor).deleteCurrent();
        break;
      }
      case 'IdxDelete': {
        // delete the entries of index P1 whose key starts with r[P2..P2+P3-1]
        const c = this.cursors[op.p1];
        if (c instanceof BtreeVdbeCursor) {
          // One array of the key's SqlValues (no register slice); the cursor's options object,
          // the same row after row (the writer then reuses its key definition).
          const n = op.p3;
          const key = new Array<SqlValue>(n);
          for (let i = 0; i < n; i++) key[i] = toSqlValue(r[op.p2 + i] as Value);
          const m = this.host.writer().deleteIndexKey(c.cur.rootPgno, key, c.insertOpts(false));
          if (!m.done) return { kind: 'io', pending: m.pending };
          // A WITHOUT ROWID table's row deleted by key (Strata's P5 OPFLAG_NCHANGE here): counted.
          if (op.p5 & 1) this.host.countChange(null);
          else if (op.p5 & OPFLAG_TOTAL_ONLY) this.host.countTotalChange?.();
          break;
        }
        (c as MemIndexCursor).deleteKey(r.slice(op.p2, op.p2 + op.p3) as Value[]);
        break;
      }
      case 'FkCounter': {
        // P1 ≠ 0: the deferred constraint counter (the connection's) += r[P3] (Strata's: SQLite adds
        // the constant P2, one child at a time; here a parent key's count of children goes in one
        // step). The statement's counter (P1 = 0) is coded with Add/Subtract on a register.
        if (op.p1 !== 0) this.host.fkDeferred?.(Number(r[op.p3] ?? 0));
        break;
      }
      case 'Sequence': {
        const n = this.seq.get(op.p1) ?? 0;
        this.seq.set(op.p1, n + 1);
        r[op.p2] = n;
        break;
      }
      // ---- functions
      case 'Function': {
        // r[P3] = func(r[P2..P2+P5-1])
        const f = (op.p4 as { func: ScalarFunction }).func;
        r[op.p3] = f.call(r.slice(op.p2, op.p2 + op.p5) as Value[], this.host.functionContext);
        break;
      }
      case 'AggFinal': {
        // r[P1] = final value of the accumulator in r[P1]
        const f = (op.p4 as { func: AggregateFunction }).func;
        const cell = r[op.p1];
        r[op.p1] = cell instanceof AggCell ? cell.func.final(cell.state) : f.final(f.init());
        break;
      }
      case 'AggWindow': {
        // window function P4 over the partition in ephemeral table P1, result into column P2 of
        // each row; r[P3], r[P3+1] = the frame's start and end offsets (window-frame.ts)
        const spec = (op.p4 as { spec: WindowSpec }).spec;
        computeWindow((this.cursors[op.p1] as MemTableCursor).store.rows, spec, r[op.p3] as Value, r[op.p3 + 1] as Value, op.p2);
        break;
      }
      // ---- comparisons and jumps
      case 'ZeroOrNull': // r[P2] = NULL if r[P1] or r[P3] is NULL, else 0
        r[op.p2] = r[op.p1] === null || r[op.p3] === null ? null : 0;
        break;
      case 'IsTrue': {
        // r[P2] = (r[P1] is true, NULL counts as P3) XOR P4
        const t = truth(r[op.p1] as Value);
        r[op.p2] = ((t === null ? op.p3 : t ? 1 : 0) ^ p4Int(op)) as number;
        break;
      }
      case 'IfPos': {
        // if r[P1] > 0: r[P1] −= P3, jump to P2
        const v = r[op.p1] as number;
        if (v > 0) {
          r[op.p1] = v - op.p3;
          this.pc = op.p2;
          return null;
        }
        break;
      }
      case 'IfNotZero': {
        const v = r[op.p1] as number;
        if (v !== 0) {
          if (v > 0) r[op.p1] = v - 1;
          this.pc = op.p2;
          return null;
        }
        break;
      }
      case 'DecrJumpZero': {
        const v = (r[op.p1] as number) - 1;
        r[op.p1] = v;
        if (v === 0) {
          this.pc = op.p2;
          return null;
        }
        break;
      }
      case 'MustBeInt': {
        // r[P1] must be an INTEGER (after numeric affinity), else jump to P2 or fail
        const v = applyAffinity(r[op.p1] as Value, AFF_NUMERIC);
        if (typeof v === 'number' || typeof v === 'bigint') r[op.p1] = v;
        else if (op.p2) {
          this.pc = op.p2;
          return null;
        } else throw new SqliteError('SQLITE_MISMATCH', 'datatype mismatch');
        break;
      }
      case 'OffsetLimit': {
        // r[P2] = LIMIT r[P1] + OFFSET r[P3] (−1 when there is no limit)
        const lim = Number(r[op.p1]);
        const off = Number(r[op.p3]);
        r[op.p2] = lim <= 0 ? -1 : lim + Math.max(off, 0);
        break;
      }
      // ---- arithmetic
      case 'Concat':
        r[op.p3] = concat(r[op.p2] as Value, r[op.p1] as Value);
        break;
      case 'BitAnd':
        r[op.p3] = bitwise('&', r[op.p1] as Value, r[op.p2] as Value);
        break;
      case 'BitOr':
        r[op.p3] = bitwise('|', r[op.p1] as Value, r[op.p2] as Value);
        break;
      case 'ShiftLeft':
        r[op.p3] = bitwise('<<', r[op.p2] as Value, r[op.p1] as Value);
        break;
      case 'ShiftRight':
        r[op.p3] = bitwise('>>', r[op.p2] as Value, r[op.p1] as Value);
        break;
      case 'BitNot':
        r[op.p2] = bitNot(r[op.p1] as Value);
        break;
      case 'Not': {
        const t = truth(r[op.p1] as Value);
        r[op.p2] = t === null ? null : t ? 0 : 1;
        break;
      }
      case 'And':
      case 'Or': {
        // r[P3] = r[P1] AND/OR r[P2], three-valued
        const a = truth(r[op.p1] as Value);
        const b = truth(r[op.p2] as Value);
        if (op.opcode === 'And') r[op.p3] = a === false || b === false ? 0 : a === null || b === null ? null : 1;
        else r[op.p3] = a === true || b === true ? 1 : a === null || b === null ? null : 0;
        break;
      }
      case 'Cast': // r[P1] = CAST(r[P1] AS affinity P2)
        r[op.p1] = cast(r[op.p1] as Value, op.p2);
        break;
      case 'Affinity': {
        // apply affinity string P4 to r[P1..P1+P2-1]
        const aff = op.p4 && op.p4.kind === 'affinity' ? op.p4.value : '';
        for (let i = 0; i < op.p2; i++) r[op.p1 + i] = applyAffinity(r[op.p1 + i] as Value, aff.charCodeAt(i));
        break;
      }
      case 'RealAffinity': {
        const v = r[op.p1];
        if (typeof v === 'number' || typeof v === 'bigint') r[op.p1] = new Real(intToReal(v));
        else if (v instanceof Real && v.intReal) r[op.p1] = new Real(v.value); // MEM_IntReal → MEM_Real
        break;
      }
      default:
        throw new SqliteError('SQLITE_INTERNAL', `opcode ${op.opcode} is not implemented`);
    }
    this.pc++;
    return null;
  }

  /**
   * Runs the per-row opcodes (hot-codes.ts, handlers in hot-ops.ts) until an instruction the
   * general switch must run, a row, or I/O. Returns null to hand the instruction at `pc` to the
   * general switch. Each address has its handler (one indirect call per instruction, no switch):
   * the cold ones and the address past the end have hot-ops.ts's `cold`, which leaves with no exit.
   */
  private runHot(): StepResult | null {
    const insns = this.insns;
    const handlers = this.handlers;
    let pc = this.pc;
    for (;;) {
      pc = handlers[pc](this, insns[pc], pc);
      if (pc === EXIT) {
        const e = this.exit;
        this.exit = null;
        return e;
      }
    }
  }

  /**
   * A b-tree write is about to run: cursors copy their current records out of the pages. A row or
   * index entry written or deleted (Insert, Delete, IdxInsert, IdxDelete on a b-tree cursor) changes
   * the pages of that cursor's tree only, besides freelist and pointer-map pages and page 1's header
   * (whose cell bytes stay as they were): only cursors on the same tree copy theirs. Other writes
   * (CreateBtree, Destroy, Clear, which may move or free any page) detach every cursor.
   * @internal hot-ops.ts calls it before a write it hands back to the general switch.
   */
  detachViews(op: Insn): void {
    const w = ROW_WRITES.has(op.opcode) ? this.cursors[op.p1] : undefined;
    const root = w instanceof BtreeVdbeCursor ? w.cur.rootPgno : -1;
    // Delete with OPFLAG_SAVEPOSITION and Insert with OPFLAG_USESEEKRESULT (one-pass DELETE and
    // UPDATE) move their own cursor right after the write, or re-read its entry: no copy.
    const moves = (op.opcode === 'Delete' && (op.p5 & OPFLAG_SAVEPOSITION) !== 0) || (op.opcode === 'Insert' && (op.p5 & OPFLAG_USESEEKRESULT) !== 0) ? w : undefined;
    for (const c of this.cursors) if (c instanceof BtreeVdbeCursor && c !== moves && (root < 0 || c.cur.rootPgno === root)) c.detach();
  }

  /** The current record of cursor `i`: undefined on a null row, pending, or its fields. */
  /** @internal */
  recordOf(i: number): Value[] | undefined | { pending: readonly Completion<unknown>[] } {
    const c = this.cursors[i];
    if (!c || c.nullRow) return undefined;
    if (c instanceof BtreeVdbeCursor) {
      if (!c.cur.valid) return undefined;
      const rec = c.record();
      return rec.done ? rec.value : { pending: rec.pending };
    }
    if (c instanceof PseudoCursor) return c.values(this.mem);
    if (!c.valid) return undefined;
    return c.record();
  }

  /** Eq/Ne/Lt/Le/Gt/Ge: whether to jump (left operand r[P3], right r[P1]; see the module doc). */
  /** @internal */
  compareJump(op: Insn): boolean {
    const left = this.mem[op.p3] as Value;
    const right = this.mem[op.p1] as Value;
    // Without a P4 collation: BINARY of the database's encoding (memcmp of the stored bytes).
    const coll = op.p4 && op.p4.kind === 'collseq' ? op.p4.collation : binaryCollation(this.host.encoding);
    const nullEq = (op.p5 & NULL_EQ) !== 0;
    const r = compareOp(op.opcode as CompareOp, left, right, affinityName(op.p5 & AFF_MASK), coll, nullEq);
    if (r === null) return (op.p5 & JUMP_IF_NULL) !== 0;
    return r === 1;
  }

  /** SeekGE/GT/LE/LT on a table b-tree: the key is a rowid, possibly REAL or TEXT. */
  private seekTable(c: BtreeVdbeCursor, v: Value, op: SeekOp): IOResult<boolean> {
    let key: number | bigint;
    let n = typeof v === 'string' ? (textToNumeric(v, false) ?? v) : v;
    if (n instanceof Uint8Array || typeof n === 'string') {
      // TEXT and BLOB sort after every number: nothing is ≥ them, everything is ≤.
      return op === 'GE' || op === 'GT' ? { done: true, value: false } : c.last();
    }
    if (n === null) return { done: true, value: false };
    if (n instanceof Real) {
      const x = n.value;
      if (x !== Math.floor(x)) {
        n = realToInt(op === 'GE' || op === 'GT' ? Math.ceil(x) : Math.floor(x));
        if (op === 'GT') op = 'GE';
        if (op === 'LT') op = 'LE';
      } else n = realToInt(x);
    }
    key = n;
    const big = BigInt(key);
    if (op === 'GT') {
      if (big >= 0x7fffffffffffffffn) return { done: true, value: false };
      key = big + 1n;
      op = 'GE';
    }
    if (op === 'LT') {
      if (big <= -0x8000000000000000n) return { done: true, value: false };
      key = big - 1n;
      op = 'LE';
    }
    const k = typeof key === 'bigint' && key >= BigInt(Number.MIN_SAFE_INTEGER) && key <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(key) : key;
    if (op === 'GE') {
      const m = c.seekRowid(k);
      if (!m.done) return m;
      return { done: true, value: c.valid };
    }
    // LE: the last row ≤ key: seek to the first row > key, then step back.
    const kb = BigInt(k);
    if (kb >= 0x7fffffffffffffffn) return c.last();
    const kn = kb + 1n;
    const m = c.seekRowid(kn >= BigInt(Number.MIN_SAFE_INTEGER) && kn <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(kn) : kn);
    if (!m.done) return m;
    if (!c.valid) return c.last();
    return c.prev();
  }
}

/** SQLite result codes a Halt may carry (P1), as better-sqlite3 names them. */
function haltCode(rc: number): SqliteError['code'] {
  switch (rc) {
    case 19:
      return 'SQLITE_CONSTRAINT';
    case 275:
      return 'SQLITE_CONSTRAINT_CHECK';
    case 1299:
      return 'SQLITE_CONSTRAINT_NOTNULL';
    case 1555:
      return 'SQLITE_CONSTRAINT_PRIMARYKEY';
    case 1811:
      return 'SQLITE_CONSTRAINT_TRIGGER';
    case 787:
      return 'SQLITE_CONSTRAINT_FOREIGNKEY';
    case 2067:
      return 'SQLITE_CONSTRAINT_UNIQUE';
    case 13:
      return 'SQLITE_FULL';
    default:
      return 'SQLITE_ERROR';
  }
}

/** The writes that change one tree's entries (see Vm.detachViews). */
const ROW_WRITES: ReadonlySet<string> = new Set(['Insert', 'Delete', 'IdxInsert', 'IdxDelete']);
