/**
 * Immediate FOREIGN KEY constraints when `PRAGMA foreign_keys` is on (foreignkeys.html; SQLite's
 * fkey.c, reduced). Off by default, as in SQLite; the connection says which when a statement is
 * translated ({@link setTranslationForeignKeys}).
 *
 * SQLite's statement counter: each DML statement keeps one register counting the violations it
 * has open. Writing a child row whose parent key is missing adds 1; removing such a row (before
 * its parent is back) takes 1 away; deleting or re-keying a parent row adds the number of child
 * rows that pointed at it; inserting or re-keying a parent row to a key takes away the number of
 * child rows that already point at that key. At the end of the top-level statement a non-zero
 * counter is "FOREIGN KEY constraint failed" (SQLITE_CONSTRAINT_FOREIGNKEY). RESTRICT fails at
 * once. CASCADE, SET NULL and SET DEFAULT run as AFTER triggers on the parent (dml.ts fires the
 * statements {@link fkActionTriggers} gives), as fkActionTrigger builds them.
 *
 * ```
 *   child row r:   any child key column NULL → ok
 *                  EXISTS (SELECT 1 FROM parent WHERE parent.pk = r.fk …) → ok   (a row that is its
 *                  own parent → ok)                else counter += incr
 *   parent row r:  any parent key column NULL → ok
 *                  n = (SELECT count(*) FROM child WHERE r.pk = child.fk … [AND child.rowid <> r.rowid])
 *                  RESTRICT and n > 0 → Halt;      else counter += incr × n
 * ```
 * Invariants:
 * 1. The counter register is set to 0 by the top-level statement before its loops; statements
 *    coded inside triggers and FK actions share it and do not check it.
 * 2. Child and parent checks of a row run before the row is written or deleted.
 *
 * Not done: DEFERRABLE INITIALLY DEFERRED constraints (refused with an error), FK actions on a
 * table that reach the same action again (self-referencing CASCADE chains: refused), statements
 * prepared before the pragma changed keep the setting they were prepared with.
 *
 * @module
 */
import type { CreateTriggerStatement, Expr, Select, Statement } from '../parser/ast.js';
import { parseStatement } from '../parser/index.js';
import type { ForeignKey, Table, Trigger } from '../schema/types.js';
import { sqlError, type Ctx } from './context.js';
import { codeExpr } from './expr.js';
import { registerScope } from './generated.js';

/** SQLITE_CONSTRAINT_FOREIGNKEY (sqlite3.h). */
export const SQLITE_CONSTRAINT_FOREIGNKEY = 787;
const FK_FAILED = 'FOREIGN KEY constraint failed';
/** SQLITE_CONSTRAINT_TRIGGER (sqlite3.h): a RAISE(ABORT) in a trigger program. */
const SQLITE_CONSTRAINT_TRIGGER = 1811;
/** Name of the register source FK subqueries read the row from (not a name SQL text can reach by chance). */
const ROW = 'sqlite_fk_row\u0001';

let enabled = false;

/** Whether the statement being translated enforces foreign keys (translate() sets it). */
export function setTranslationForeignKeys(on: boolean): void {
  enabled = on;
}

/** True when foreign keys are enforced for the statement being translated. */
export function foreignKeysOn(): boolean {
  return enabled;
}

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A foreign key with its tables and the parent key's column indexes resolved. */
interface ResolvedFk {
  fk: ForeignKey;
  child: Table;
  parent: Table;
  parentCols: number[];
}

function resolveFk(ctx: Ctx, child: Table, fk: ForeignKey): ResolvedFk {
  const parent = ctx.schema.tables.get(fk.parent.toLowerCase());
  if (!parent) throw sqlError(`no such table: main.${fk.parent}`);
  const cols = parentKeyColumns(child, fk, parent);
  return { fk, child, parent, parentCols: cols };
}

/**
 * The parent key of `fk` (a foreign key of `child`) in `parent`: its column indexes, in the
 * order of the child columns — the named columns, else the parent's PRIMARY KEY (its INTEGER
 * PRIMARY KEY alias) — which must be the parent's rowid or the columns of one of its UNIQUE
 * indexes without WHERE (sqlite3FkLocateIndex; PRAGMA foreign_key_check asks it too).
 * @throws SqliteError `foreign key mismatch - "child" referencing "parent"` otherwise.
 */
export function parentKeyColumns(child: Table, fk: ForeignKey, parent: Table): number[] {
  const mismatch = (): Error => sqlError(`foreign key mismatch - "${child.name}" referencing "${parent.name}"`);
  let cols: number[];
  if (fk.parentColumns === null) cols = parent.rowidAlias >= 0 ? [parent.rowidAlias] : parent.pkColumns;
  else cols = fk.parentColumns.map((n) => parent.columns.findIndex((c) => c.name.toLowerCase() === n.toLowerCase()));
  if (!cols.length || cols.length !== fk.columns.length || cols.some((c) => c < 0)) throw mismatch();
  const key = [...cols].sort().join(',');
  // A WITHOUT ROWID table's PRIMARY KEY is no entry of `indexes` (its b-tree is the table's).
  const keys = parent.pkIndex ? [parent.pkIndex, ...parent.indexes] : parent.indexes;
  const isKey = (cols.length === 1 && cols[0] === parent.rowidAlias) || keys.some((ix) => ix.unique && !ix.where && ix.columns.length === cols.length && ix.columns.map((c) => c.column).sort().join(',') === key);
  if (!isKey) throw mismatch();
  return cols;
}

/**
 * The foreign keys that name `t` as their parent, newest first: SQLite links each new FK at the
 * head of the parent's list (sqlite3FkReferences), so the last declared acts first.
 */
function referencing(ctx: Ctx, t: Table, deferredOnly = false): ResolvedFk[] {
  const out: ResolvedFk[] = [];
  const seen = new Set<Table>();
  for (const c of ctx.schema.tables.values()) {
    if (seen.has(c)) continue;
    seen.add(c);
    // Only the keys asked for are resolved (a mismatch elsewhere is no error here, as in SQLite).
    for (const fk of c.foreignKeys ?? []) if (fk.parent.toLowerCase() === t.name.toLowerCase() && (!deferredOnly || fk.deferred)) out.push(resolveFk(ctx, c, fk));
  }
  return out.reverse();
}

/** True when writing `t` involves a foreign key (as child or parent) while they are enforced. */
export function fkInvolved(ctx: Ctx, t: Table): boolean {
  if (!enabled) return false;
  if (t.foreignKeys?.length) return true;
  for (const c of ctx.schema.tables.values()) if (c.foreignKeys?.some((fk) => fk.parent.toLowerCase() === t.name.toLowerCase())) return true;
  return false;
}

const counters = new WeakMap<Ctx, { reg: number; used: boolean }>();

/** Starts a top-level statement's counter (invariant 1); a no-op inside triggers or when off. */
export function fkBegin(ctx: Ctx, nested: boolean): void {
  if (!enabled || nested || counters.has(ctx)) return;
  const reg = ctx.b.reg();
  ctx.b.emit('Integer', 0, reg);
  counters.set(ctx, { reg, used: false });
}

/** Ends a top-level statement: a non-zero counter fails it. */
export function fkEnd(ctx: Ctx, nested: boolean): void {
  if (nested) return;
  const c = counters.get(ctx);
  if (!c) return;
  counters.delete(ctx);
  if (!c.used) return;
  const ok = ctx.b.label();
  ctx.b.emit('IfNot', c.reg, ok, 0);
  ctx.b.emit('Halt', SQLITE_CONSTRAINT_FOREIGNKEY, 2, 0, { kind: 'string', value: FK_FAILED });
  ctx.b.resolve(ok);
}

function counter(ctx: Ctx): number {
  const c = counters.get(ctx);
  if (!c) throw sqlError('foreign key check outside a statement');
  c.used = true;
  return c.reg;
}

function exprOf(sql: string): Expr {
  const st = parseStatement(`SELECT ${sql}`) as Select;
  const core = st.first;
  if (core.type !== 'select-core' || core.columns[0].type !== 'expr') throw sqlError('internal: foreign key expression');
  return core.columns[0].expr;
}

/** Codes `sql` (naming the row as ROW) over the row of `t` in r[cols…] / r[rowid]; returns the register. */
function codeOverRow(ctx: Ctx, t: Table, cols: number, rowid: number, sql: string): number {
  const r = ctx.b.reg();
  codeExpr(ctx, registerScope(t, cols, rowid, ROW), exprOf(sql), r);
  return r;
}

/** Jumps to `skip` when any of columns `idx` of the row is NULL. */
function skipIfNull(ctx: Ctx, t: Table, cols: number, rowid: number, idx: number[], skip: number): void {
  for (const i of idx) ctx.b.emit('IsNull', i === t.rowidAlias ? rowid : cols + i, skip);
}

/**
 * The child side for the row of `t` in registers: `incr` +1 for a row being written, −1 for one
 * being removed. `changed` (UPDATE) limits it to the keys whose columns may change. `immediate`
 * (a single-row INSERT at top level, SQLite's !isMultiWrite): a missing parent halts at once.
 */
export function fkChildCheck(ctx: Ctx, t: Table, cols: number, rowid: number, incr: 1 | -1, changed: ((i: number) => boolean) | null = null, immediate = false): void {
  if (!enabled) return;
  const b = ctx.b;
  for (const fk of t.foreignKeys ?? []) {
    if (changed && !fk.columns.some((i) => changed(i) || (i === t.rowidAlias && changed(-1)))) continue;
    const r = resolveFk(ctx, t, fk);
    const ok = b.label();
    skipIfNull(ctx, t, cols, rowid, fk.columns, ok);
    if (r.parent === t && incr > 0) {
      // A row that is its own parent.
      const other = b.label();
      fk.columns.forEach((c, k) => {
        const p = r.parentCols[k];
        b.emit('Ne', c === t.rowidAlias ? rowid : cols + c, other, p === t.rowidAlias ? rowid : cols + p, null, 0);
      });
      b.emit('Goto', 0, ok);
      b.resolve(other);
    }
    const where = fk.columns.map((c, k) => `${q(r.parent.name)}.${q(r.parent.columns[r.parentCols[k]].name)} = ${q(ROW)}.${q(t.columns[c].name)}`).join(' AND ');
    const found = codeOverRow(ctx, t, cols, rowid, `EXISTS (SELECT 1 FROM ${q(r.parent.name)} WHERE ${where})`);
    b.emit('If', found, ok, 0);
    if (fk.deferred) {
      // DEFERRABLE INITIALLY DEFERRED: counted for the transaction's COMMIT, not this statement.
      const one = b.reg();
      b.emit('Integer', incr, one);
      b.emit('FkCounter', 1, 0, one);
      b.resolve(ok);
      continue;
    }
    if (incr > 0 && immediate) {
      // A single-row INSERT fails before it writes anything (last_insert_rowid unchanged).
      b.emit('Halt', SQLITE_CONSTRAINT_FOREIGNKEY, 2, 0, { kind: 'string', value: FK_FAILED });
      b.resolve(ok);
      continue;
    }
    const one = b.reg();
    b.emit('Integer', incr, one);
    const c = counter(ctx);
    b.emit('Add', one, c, c);
    b.resolve(ok);
  }
}

/**
 * The parent side for the row of `t` in registers: `incr` +1 for a key going away (DELETE, the
 * old key of an UPDATE), −1 for a key arriving (INSERT, the new key of an UPDATE). `deferredOnly`:
 * the deferred keys alone (a single-row INSERT: an immediate violation it could resolve cannot
 * exist, a deferred one left by earlier statements can).
 */
export function fkParentCheck(ctx: Ctx, t: Table, cols: number, rowid: number, incr: 1 | -1, event: 'DELETE' | 'UPDATE' | 'INSERT', changed: ((i: number) => boolean) | null = null, deferredOnly = false): void {
  if (!enabled) return;
  const b = ctx.b;
  for (const r of referencing(ctx, t, deferredOnly)) {
    if (changed && !r.parentCols.some((i) => changed(i) || (i === t.rowidAlias && changed(-1)))) continue;
    const ok = b.label();
    skipIfNull(ctx, t, cols, rowid, r.parentCols, ok);
    const action = event === 'DELETE' ? r.fk.onDelete : event === 'UPDATE' ? r.fk.onUpdate : 'NO ACTION';
    const where = r.fk.columns.map((c, k) => `${q(ROW)}.${q(t.columns[r.parentCols[k]].name)} = ${q(r.child.name)}.${q(r.child.columns[c].name)}`);
    // The row itself is no child of its old key when it goes (DELETE) or when its own reference
    // changes too (then the child check of its new values covers it).
    const selfGoes = event === 'DELETE' || (changed !== null && r.fk.columns.some((i) => changed(i) || (i === t.rowidAlias && changed(-1))));
    if (r.child === t && incr > 0 && selfGoes && !t.withoutRowid) where.push(`${q(r.child.name)}.rowid <> ${q(ROW)}.rowid`);
    const n = codeOverRow(ctx, t, cols, rowid, `(SELECT count(*) FROM ${q(r.child.name)} WHERE ${where.join(' AND ')})`);
    if (action === 'RESTRICT' && incr > 0) {
      // SQLite raises it from the RESTRICT action's trigger (fkActionTrigger's RAISE(ABORT)):
      // SQLITE_CONSTRAINT_TRIGGER, as better-sqlite3 reports it; a deferred key too (RESTRICT acts at once).
      b.emit('IfNot', n, ok, 0);
      b.emit('Halt', SQLITE_CONSTRAINT_TRIGGER, 2, 0, { kind: 'string', value: FK_FAILED });
    } else if (r.fk.deferred) {
      if (incr < 0) {
        const minus = b.reg();
        b.emit('Integer', -1, minus);
        b.emit('Multiply', minus, n, n);
      }
      b.emit('FkCounter', 1, 0, n);
    } else {
      const c = counter(ctx);
      b.emit(incr > 0 ? 'Add' : 'Subtract', n, c, c);
    }
    b.resolve(ok);
  }
}

/**
 * The CASCADE / SET NULL / SET DEFAULT actions of the foreign keys referencing `t` for `event`,
 * as AFTER triggers on `t` (fkActionTrigger): for UPDATE each fires only when its key changed.
 */
export function fkActionTriggers(ctx: Ctx, t: Table, event: 'DELETE' | 'UPDATE', changed: ((i: number) => boolean) | null = null): Trigger[] {
  if (!enabled) return [];
  const out: Trigger[] = [];
  for (const r of referencing(ctx, t)) {
    const action = event === 'DELETE' ? r.fk.onDelete : r.fk.onUpdate;
    if (action !== 'CASCADE' && action !== 'SET NULL' && action !== 'SET DEFAULT') continue;
    if (changed && !r.parentCols.some((i) => changed(i) || (i === t.rowidAlias && changed(-1)))) continue;
    const child = q(r.child.name);
    const pcol = (k: number): string => q(t.columns[r.parentCols[k]].name);
    const ccol = (k: number): string => q(r.child.columns[r.fk.columns[k]].name);
    const where = r.fk.columns.map((_, k) => `${child}.${ccol(k)} = old.${pcol(k)}`).join(' AND ');
    let step: string;
    if (action === 'CASCADE' && event === 'DELETE') step = `DELETE FROM ${child} WHERE ${where}`;
    else {
      const value = (k: number): string => {
        if (action === 'CASCADE') return `new.${pcol(k)}`;
        const d = action === 'SET DEFAULT' ? r.child.columns[r.fk.columns[k]].defaultSpan : null;
        return d === null ? 'NULL' : `(${d})`;
      };
      step = `UPDATE ${child} SET ${r.fk.columns.map((_, k) => `${ccol(k)} = ${value(k)}`).join(', ')} WHERE ${where}`;
    }
    const when = event === 'UPDATE' ? ` WHEN ${r.parentCols.map((_, k) => `old.${pcol(k)} IS NOT new.${pcol(k)}`).join(' OR ')}` : '';
    const sql = `CREATE TRIGGER ${q(`sqlite_fk_${r.child.name}_${event}`)} AFTER ${event} ON ${q(t.name)}${when} BEGIN ${step}; END`;
    const stmt = parseStatement(sql) as Statement as CreateTriggerStatement;
    out.push({ name: stmt.trigger.name, tableName: t.name, stmt, sql });
  }
  return out;
}
