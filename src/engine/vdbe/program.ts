/**
 * A compiled statement: the instruction array with the number of registers and cursors it uses, the
 * result column names, and the parameters it binds (SQLite's Vdbe after sqlite3VdbeMakeReady).
 *
 * {@link ProgramBuilder} is how the translator writes one: `emit` appends an instruction, jump
 * targets not yet known are {@link Label}s (negative numbers) resolved by `resolve` when the builder
 * is finished, as SQLite's sqlite3VdbeMakeLabel / sqlite3VdbeResolveLabel.
 *
 * Invariants of a finished Program:
 * 1. Every jump operand (P2 of a jump opcode, P3 of InitCoroutine) is an address 0..insns.length.
 * 2. Registers are numbered 1..nMem (register 0 is unused, as in SQLite); cursors 0..nCursor−1.
 *
 * @module
 */
import type { Insn, P4 } from './insn.js';
import type { Opcode } from './opcodes.js';

/** A compiled statement (see the module doc). */
export interface Program {
  readonly insns: readonly Insn[];
  /** Registers used, numbered 1..nMem. */
  readonly nMem: number;
  /** Cursors used, numbered 0..nCursor−1. */
  readonly nCursor: number;
  /** Result column names (empty for statements that return no rows). */
  readonly columnNames: readonly string[];
  /** Declared type of each result column that is a plain column reference, else null. */
  readonly columnTypes: readonly (string | null)[];
  /** Table and column a result column comes from (sqlite3_column_table_name / _origin_name), else null. */
  readonly columnOrigins?: readonly ({ table: string; column: string } | null)[];
  /** Highest parameter number used (?NNN). */
  readonly nParam: number;
  /** Parameter names by number (`:a` → `{ 1: ':a' }`); nameless `?` are absent. */
  readonly paramNames: ReadonlyMap<number, string>;
  /** True when the statement writes nothing (sqlite3_stmt_readonly). */
  readonly readonly: boolean;
  /**
   * False when a writing statement cannot abort after a partial change, so that inside a
   * transaction it runs without a statement journal (SQLite's Vdbe.usesStmtJournal); absent: true.
   */
  readonly usesStmtJournal?: boolean;
  /** EXPLAIN QUERY PLAN lines: id, parent, detail. */
  readonly queryPlan: readonly { id: number; parent: number; detail: string }[];
}

/**
 * Writes every field of an instruction once when the module loads (as page-cache.ts's
 * settleSlotLayout). V8 treats a field never written after the object's creation as constant, and
 * optimized code reading it depends on that: the first program whose Jump had its P1 and P3
 * resolved by {@link ProgramBuilder.finish} (a GROUP BY's) made those fields writable and threw
 * away the optimized code of every VDBE handler that reads `op.p1` or `op.p3` (some thirty
 * functions, compiled again in the next statements). All instructions come from
 * {@link ProgramBuilder.emit}'s one object literal, so they share the layout this settles.
 */
function settleInsnLayout(): Insn {
  const b = new ProgramBuilder();
  b.emit('Goto');
  const op = b.insns[0];
  op.opcode = 'Noop';
  op.p1 = 0;
  op.p2 = 0;
  op.p3 = 0;
  op.p4 = null;
  op.p5 = 0;
  op.comment = '';
  return op;
}

/** A forward jump target; negative until resolved. */
export type Label = number;

/** Appends instructions, hands out registers and cursors, and resolves labels. */
export class ProgramBuilder {
  readonly insns: Insn[] = [];
  private nMem = 0;
  private nCursor = 0;
  private labels: number[] = [];
  /** EXPLAIN QUERY PLAN lines. */
  readonly plan: { id: number; parent: number; detail: string }[] = [];

  /** Appends an instruction and returns its address. */
  emit(opcode: Opcode, p1 = 0, p2 = 0, p3 = 0, p4: P4 = null, p5 = 0, comment = ''): number {
    this.insns.push({ opcode, p1, p2, p3, p4, p5, comment });
    return this.insns.length - 1;
  }

  /** Address the next instruction will get. */
  get addr(): number {
    return this.insns.length;
  }

  /** A fresh register. */
  reg(): number {
    return ++this.nMem;
  }

  /** `n` consecutive fresh registers; returns the first. */
  regs(n: number): number {
    const first = this.nMem + 1;
    this.nMem += n;
    return first;
  }

  /** A fresh cursor number. */
  cursor(): number {
    return this.nCursor++;
  }

  /** A label for a jump target not known yet. */
  label(): Label {
    this.labels.push(-1);
    return -this.labels.length;
  }

  /** Binds `label` to the next instruction's address. */
  resolve(label: Label): void {
    this.labels[-label - 1] = this.insns.length;
  }

  /** Sets P2 of the instruction at `addr` (for jumps emitted before their target). */
  patchP2(addr: number, p2: number): void {
    this.insns[addr].p2 = p2;
  }

  /** Adds an EXPLAIN QUERY PLAN line under `parent`; returns its id. */
  planLine(parent: number, detail: string): number {
    const id = this.plan.length ? this.plan[this.plan.length - 1].id + 1 : 2;
    this.plan.push({ id, parent, detail });
    return id;
  }

  /**
   * Finishes the program: replaces labels by addresses (P2 of every instruction, P3 of
   * InitCoroutine, P1 and P3 of Jump).
   * @throws Error for a label never resolved (a translator bug).
   */
  finish(meta: Omit<Program, 'insns' | 'nMem' | 'nCursor' | 'queryPlan'>): Program {
    const fix = (v: number): number => {
      if (v >= 0) return v;
      const a = this.labels[-v - 1];
      if (a === undefined || a < 0) throw new Error(`unresolved label ${v}`);
      return a;
    };
    for (const insn of this.insns) {
      if (insn.p2 < 0) insn.p2 = fix(insn.p2);
      if ((insn.opcode === 'InitCoroutine' || insn.opcode === 'Jump') && insn.p3 < 0) insn.p3 = fix(insn.p3);
      if (insn.opcode === 'Jump' && insn.p1 < 0) insn.p1 = fix(insn.p1);
    }
    // One object literal, every field always present and in one order: every Program shares one
    // hidden class. A spread of `meta` gave each Program a map of its own, and the VM's handlers
    // and the API, optimized for one statement's Program, deoptimized on the next statement's
    // ("wrong map" at vm.program.insns, statement.columnNames) in every round of a benchmark.
    return {
      insns: this.insns,
      nMem: this.nMem,
      nCursor: this.nCursor,
      columnNames: meta.columnNames,
      columnTypes: meta.columnTypes,
      columnOrigins: meta.columnOrigins,
      nParam: meta.nParam,
      paramNames: meta.paramNames,
      readonly: meta.readonly,
      usesStmtJournal: meta.usesStmtJournal,
      queryPlan: this.plan,
    };
  }
}

/** @internal Kept alive: a layout no live object has may be collected, and the next instruction would start afresh. */
export const SETTLED_INSN: unknown = settleInsnLayout();
