/**
 * Row triggers (sqlite.org/lang_createtrigger.html; SQLite's trigger.c), coded **inline**: where
 * SQLite calls a trigger's sub-program (OP_Program with its own registers and cursors), Strata
 * emits the trigger's code at each firing point of the statement being translated. The program
 * grows with every firing point, but no frame machinery is needed in the VM.
 *
 * One firing (`fireTriggers`):
 * ```
 *   OLD / NEW   registers → MakeRecord → OpenPseudo (a pseudo-table read by Column)
 *   WHEN        IfNot → past this trigger
 *   body        each INSERT/UPDATE/DELETE/SELECT coded with OLD/NEW in an enclosing scope
 *   RAISE       IGNORE: Goto the firing row's "ignore" label (the rest of that row is skipped);
 *               ABORT/FAIL/ROLLBACK: Halt SQLITE_CONSTRAINT_TRIGGER with the message (a literal
 *               in P4, or an expression's value in r[P3])
 * ```
 *
 * Rules kept, as SQLite has them:
 * 1. Order: the triggers of one table, event and time fire most recently created first.
 * 2. recursive_triggers is off: a trigger already on the firing stack does not fire again.
 * 3. Rows written by trigger bodies count in total_changes() but not in changes() (kept even when
 *    the statement fails once their trigger has ended: ResetCount 1/2 mark a trigger's start and
 *    end, as SQLite adds a sub-program's count when it halts), and leave
 *    last_insert_rowid() as it was once the trigger ends (SQLite restores it when the sub-program
 *    ends); inside the body, last_insert_rowid() reads a register set at the firing and by each
 *    row the body inserts (`noteInsert`).
 * 4. `NEW.x` / `OLD.x` must be qualified; `NEW.rowid` is −1 in a BEFORE INSERT trigger when the
 *    rowid is not given (insert.c).
 * 5. A trigger body sees no CTE of the statement that fired it.
 * 6. `Once` in a trigger body runs at every firing (SQLite's sub-program frames have their own
 *    once-flags): inlined, each `Once` becomes `Noop`.
 * 7. EXPLAIN QUERY PLAN shows no line of a trigger body (SQLite's sub-programs have their own).
 *
 * RAISE(ROLLBACK) ends the transaction, RAISE(FAIL) keeps the rows the statement changed before
 * it, RAISE(ABORT) undoes the statement (Halt P2 = OE_Rollback / OE_Fail / OE_Abort, acted on by
 * the connection through VmHost.onErrorAction).
 *
 * @module
 */
import { AFF_REAL } from '../vdbe/opcodes.js';
import type { Expr, RaiseExpr, TriggerStep } from '../parser/ast.js';
import type { Trigger } from '../schema/types.js';
import type { Label } from '../vdbe/program.js';
import { sqlError, type Ctx } from './context.js';
import { codeExpr } from './expr.js';
import { Scope, type Source, type SourceColumn } from './scope.js';

/** When a trigger fires relative to the row's change. */
export type TriggerTime = 'BEFORE' | 'AFTER' | 'INSTEAD OF';

/** A row as triggers see it: n column registers from `cols`, and the rowid (0: no rowid, a view). */
export interface TriggerRow {
  cols: number;
  rowid: number;
}

/** The columns of the table or view a trigger is on (names and affinities for OLD/NEW). */
export interface TriggerShape {
  columns: SourceColumn[];
  /** Position of the INTEGER PRIMARY KEY column (it reads as the rowid), −1 when none. */
  rowidAlias: number;
  hasRowid: boolean;
}

interface FiringState {
  active: Trigger[];
  ignore: Label[];
  /** Per firing: the register holding last_insert_rowid() as the body sees it, and its record (rule 3). */
  lastRowid: { reg: number; rec: number }[];
}

const states = new WeakMap<Ctx, FiringState>();

function stateOf(ctx: Ctx): FiringState {
  let s = states.get(ctx);
  if (!s) states.set(ctx, (s = { active: [], ignore: [], lastRowid: [] }));
  return s;
}

/**
 * Called after a row is inserted (not rewritten by UPDATE) with its rowid in r[rowid]: inside a
 * trigger body, last_insert_rowid() reads it from now on (rule 3).
 */
export function noteInsert(ctx: Ctx, rowid: number): void {
  const s = states.get(ctx);
  const top = s?.lastRowid[s.lastRowid.length - 1];
  if (!top) return;
  ctx.b.emit('SCopy', rowid, top.reg);
  ctx.b.emit('MakeRecord', top.reg, 1, top.rec);
}

/** True while a trigger body is being coded (its writes are not counted, rule 3). */
export function inTrigger(ctx: Ctx): boolean {
  return (states.get(ctx)?.active.length ?? 0) > 0;
}

/**
 * The triggers that fire on `event` at `time` for table or view `table`, in firing order (rule 1),
 * without those already firing (rule 2). `setNames`: for UPDATE, the columns the SET list names
 * (an `UPDATE OF` trigger fires only when it lists one of them).
 */
export function triggersFor(ctx: Ctx, table: string, event: 'INSERT' | 'UPDATE' | 'DELETE', time: TriggerTime, setNames: string[] | null = null): Trigger[] {
  const active = states.get(ctx)?.active ?? [];
  const out: Trigger[] = [];
  for (const tr of ctx.schema.triggers.values()) {
    const st = tr.stmt;
    if (tr.tableName.toLowerCase() !== table.toLowerCase() || st.event !== event || (st.time ?? 'BEFORE') !== time) continue;
    if (active.includes(tr)) continue;
    if (event === 'UPDATE' && st.columns && setNames && !st.columns.some((c) => setNames.some((n) => n.toLowerCase() === c.toLowerCase()))) continue;
    out.push(tr);
  }
  return out.reverse();
}

const ROWID_NAMES = ['rowid', 'oid', '_rowid_'];
/** Prefix of the pseudo-tables' names and columns: no SQL name can reach them unqualified (rule 4). */
const P = '\u0001';

/** Opens OLD or NEW as a pseudo-table over r[row.cols…] (+ the rowid three times) and returns its source. */
function pseudoSource(ctx: Ctx, name: 'old' | 'new', shape: TriggerShape, row: TriggerRow): Source {
  const b = ctx.b;
  const n = shape.columns.length;
  const extra = shape.hasRowid ? ROWID_NAMES.length : 0;
  const regs = b.regs(n + extra);
  for (let i = 0; i < n; i++) {
    b.emit('SCopy', i === shape.rowidAlias ? row.rowid : row.cols + i, regs + i);
    // NEW.x / OLD.x of a REAL column read as REAL (expr.c's TK_TRIGGER read): an INTEGER becomes REAL,
    // and a whole number REAL affinity marked intReal loses the mark, so it is a plain REAL wherever
    // the body stores it.
    if (shape.columns[i].affinity === AFF_REAL) b.emit('RealAffinity', regs + i);
  }
  for (let i = 0; i < extra; i++) b.emit('SCopy', row.rowid, regs + n + i);
  const rec = b.reg();
  b.emit('MakeRecord', regs, n + extra, rec);
  const cursor = b.cursor();
  b.emit('OpenPseudo', cursor, rec, n + extra);
  const columns = shape.columns.map((c) => ({ ...c, name: P + c.name }));
  if (extra) for (const r of ROWID_NAMES) columns.push({ name: P + r, affinity: 0x44, collation: 'BINARY', declType: null });
  return { name: P + name, cursor, columns, table: null, covering: null, hidden: new Set(), leftJoin: false, alsoNull: [], autoIndex: null };
}

/**
 * A copy of `node` where `new.x` / `old.x` name the pseudo-tables.
 * @throws SqliteError "no such column: NEW.x" for a column the table lacks or a pseudo-table the
 *   event does not have (NEW in DELETE, OLD in INSERT).
 */
function rewrite<T>(node: T, shape: TriggerShape, have: { old: boolean; new: boolean }): T {
  if (Array.isArray(node)) return node.map((x: unknown) => rewrite(x, shape, have)) as T;
  if (node === null || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  if (o.type === 'function' && typeof o.name === 'string' && o.name.toLowerCase() === 'last_insert_rowid' && Array.isArray(o.args) && o.args.length === 0 && !o.over) {
    return { type: 'column', schema: null, table: P + 'lir', name: P + 'v', quote: null, offset: o.offset } as T;
  }
  if (o.type === 'column' && o.schema === null && typeof o.table === 'string') {
    const which = o.table.toLowerCase();
    if (which === 'new' || which === 'old') {
      const name = (o.name as string).toLowerCase();
      const known = shape.columns.some((c) => c.name.toLowerCase() === name) || (shape.hasRowid && ROWID_NAMES.includes(name));
      if (!have[which] || !known) throw sqlError(`no such column: ${o.table}.${o.name as string}`);
      return { ...o, table: P + which, name: P + (o.name as string) } as T;
    }
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) out[k] = rewrite(o[k], shape, have);
  return out as T;
}

/** The DML coders a trigger body needs (dml.ts passes them, so that this module does not import it). */
export interface StepCoders {
  step(ctx: Ctx, st: TriggerStep, outer: Scope): void;
}

/**
 * Emits the code of `triggers` firing for one row (see the module doc). `ignore` is where
 * RAISE(IGNORE) continues: past the rest of the firing row's processing.
 * @throws SqliteError for errors in the trigger bodies (unknown tables or columns, …).
 */
export function fireTriggers(ctx: Ctx, triggers: Trigger[], shape: TriggerShape, oldRow: TriggerRow | null, newRow: TriggerRow | null, ignore: Label, coders: StepCoders): void {
  if (!triggers.length) return;
  const b = ctx.b;
  const state = stateOf(ctx);
  const savedRaise = ctx.raise;
  const savedCtes = ctx.ctes.splice(0, ctx.ctes.length);
  ctx.raise = raiseCoder(ctx);
  try {
    for (const tr of triggers) {
      const start = b.addr;
      const planLines = b.plan.length;
      state.active.push(tr);
      state.ignore.push(ignore);
      state.lastRowid.push(lastRowidAtFiring(ctx, state.lastRowid[state.lastRowid.length - 1]));
      b.emit('ResetCount', 1);
      try {
        const scope = new Scope(null);
        scope.sources.push(lastRowidSource(ctx, state.lastRowid[state.lastRowid.length - 1].rec));
        if (oldRow) scope.sources.push(pseudoSource(ctx, 'old', shape, oldRow));
        if (newRow) scope.sources.push(pseudoSource(ctx, 'new', shape, newRow));
        const have = { old: oldRow !== null, new: newRow !== null };
        const end = b.label();
        const st = tr.stmt;
        if (st.when) {
          const r = b.reg();
          codeExpr(ctx, scope, rewrite(st.when, shape, have), r);
          b.emit('IfNot', r, end, 1);
        }
        for (const step of st.body) coders.step(ctx, rewrite(step, shape, have), scope);
        b.resolve(end);
        b.emit('ResetCount', 2);
      } finally {
        state.active.pop();
        state.ignore.pop();
        state.lastRowid.pop();
      }
      // Rule 6.
      for (let a = start; a < b.addr; a++) if (b.insns[a].opcode === 'Once') b.insns[a].opcode = 'Noop';
      // Rule 7.
      b.plan.length = planLines;
    }
  } finally {
    ctx.raise = savedRaise;
    ctx.ctes.push(...savedCtes);
  }
}

/**
 * last_insert_rowid() at the firing, in a register and a one-column record: the connection's, or
 * inside another trigger's body the value that body sees (`outer`).
 */
function lastRowidAtFiring(ctx: Ctx, outer: { reg: number } | undefined): { reg: number; rec: number } {
  const reg = ctx.b.reg();
  const rec = ctx.b.reg();
  if (outer) ctx.b.emit('SCopy', outer.reg, reg);
  else codeExpr(ctx, new Scope(null), { type: 'function', name: 'last_insert_rowid', distinct: false, star: false, args: [], orderBy: [], filter: null, over: null, offset: 0 }, reg);
  ctx.b.emit('MakeRecord', reg, 1, rec);
  return { reg, rec };
}

/** The pseudo-table the body's last_insert_rowid() calls read (rewritten by `rewrite`). */
function lastRowidSource(ctx: Ctx, rec: number): Source {
  const cursor = ctx.b.cursor();
  ctx.b.emit('OpenPseudo', cursor, rec, 1);
  return { name: P + 'lir', cursor, columns: [{ name: P + 'v', affinity: 0, collation: 'BINARY', declType: null }], table: null, covering: null, hidden: new Set(), leftJoin: false, alsoNull: [], autoIndex: null };
}

/** RAISE(…) inside a trigger body being coded in `ctx`. */
function raiseCoder(ctx: Ctx): (scope: Scope, e: RaiseExpr, target: number) => void {
  return (scope: Scope, e: RaiseExpr, target: number) => {
    const b = ctx.b;
    const state = stateOf(ctx);
    if (e.action === 'IGNORE') {
      // The trigger program ends normally (its rows count), then the firing row is skipped.
      b.emit('ResetCount', 2);
      b.emit('Goto', 0, state.ignore[state.ignore.length - 1]);
      return;
    }
    const msg: Expr | null = e.message;
    // P2: OE_Rollback 1, OE_Abort 2, OE_Fail 3 (sqliteInt.h).
    const onError = e.action === 'ROLLBACK' ? 1 : e.action === 'FAIL' ? 3 : 2;
    if (msg && msg.type === 'string') b.emit('Halt', 1811, onError, 0, { kind: 'string', value: msg.value });
    else {
      // An expression (SQLite 3.47+): its text is the message.
      const r = b.reg();
      if (msg) codeExpr(ctx, scope, msg, r);
      else b.emit('Null', 0, r);
      b.emit('Halt', 1811, onError, r);
    }
    b.emit('Null', 0, target);
  };
}
