/**
 * INSERT, UPDATE and DELETE → bytecode (SQLite's insert.c, update.c, delete.c, reduced).
 *
 * Writing one row (`emitWriteRow`):
 * ```
 *   values → r[cols]; rowid: the INTEGER PRIMARY KEY value (MustBeInt) or NewRowid
 *   Affinity r[cols] (column affinities)          NOT NULL: HaltIfNull
 *   rowid taken?  NotExists … else ABORT "UNIQUE constraint failed: t.id" | IGNORE | REPLACE
 *   UNIQUE index: NoConflict … else ABORT / IGNORE / REPLACE (delete the other row)
 *   IdxInsert into every index; MakeRecord; Insert (counts a change)
 * ```
 * An UPDATE checks, deletes and re-inserts the entries of the indexes whose key changes only
 * (`updatedIndexes`, as update.c's aRegIdx); the others already hold the right entry.
 * Keys of partial indexes and indexes on expressions are coded over the row's registers by
 * index-key.ts: a row whose partial WHERE is not true has no entry (no uniqueness check, no
 * IdxInsert, no IdxDelete), and an UPDATE rewrites such an index when its expressions or WHERE
 * name a SET column.
 * UPDATE and DELETE write in one pass where SQLite does (one-pass.ts: no triggers, foreign keys,
 * RETURNING or subqueries, a loop on the table cursor itself): the loop's cursor is opened for
 * writing and each matching row is rewritten or deleted where the loop stands (Delete/Insert with
 * OPFLAG_SAVEPOSITION keep the loop going; the Insert of an UPDATE carries OPFLAG_USESEEKRESULT).
 * Otherwise they run in two passes: the rowids that match WHERE are collected in an ephemeral
 * index first (visited in rowid order, as SQLite's RowSet returns them), then each row is re-found
 * by rowid and rewritten or deleted (so no cursor walks a tree while it changes).
 *
 * INSERT … SELECT materializes the SELECT first for the same reason.
 *
 * @module
 */
import type { ConflictResolution, DeleteStatement, Expr, InsertStatement, SetClause, TriggerStep, UpdateStatement } from '../parser/ast.js';
import type { Index, Table, Trigger } from '../schema/types.js';
import type { Label } from '../vdbe/program.js';
import { defaultP4 } from './alter-default.js';
import { sqlError, type Ctx } from './context.js';
import { autoincBegin, autoincEnd, autoincNewRowid, autoincStep, type AutoincRegs } from './autoinc.js';
import { affCode } from './expr-info.js';
import { OPFLAG_SAVEPOSITION, OPFLAG_TOTAL_ONLY, OPFLAG_USESEEKRESULT } from '../vdbe/opcodes.js';
import { upsertHook } from './upsert.js';
import { returningBegin, returningEnd, returningRow, type Returning } from './returning.js';
import { codeExpr, collationFn } from './expr.js';
import { Scope } from './scope.js';
import { codeSelect } from './select.js';
import { emitLoops, indexKeyInfo } from './where.js';
import { codeIndexKey, exprColumnNames, isComplexIndex, uniqueIndexMessage } from './index-key.js';
import { onePassKind, openLoopForWrite, planDmlLoop, type DmlLoop } from './one-pass.js';
import { fireTriggers, inTrigger, noteInsert, triggersFor, type StepCoders, type TriggerShape } from './trigger.js';
import { codeUpdateFrom } from './update-from.js';
import { codeChecks } from './check.js';
import { fkActionTriggers, fkBegin, fkChildCheck, fkEnd, fkInvolved, fkParentCheck } from './check-fk.js';
import { computeGenerated, isVirtual, recordRegs } from './generated.js';
import { deleteWor, insertWor, updateWor } from './wor-dml.js';
import { codeViewDelete, codeViewInsert, codeViewUpdate, insteadOf } from './trigger-view.js';

/** Insert's P5 flags (sqliteInt.h): count the row in changes(); set last_insert_rowid(). */
const OPFLAG_NCHANGE = 0x01;
const OPFLAG_LASTROWID = 0x20;

export interface WriteTarget {
  table: Table;
  cur: number;
  /** Cursor of each index of the table, in `table.indexes` order. */
  idxCurs: number[];
}

/**
 * The table `name` as a DML target.
 * @throws SqliteError "no such table", "cannot modify X because it is a view", "table X may not be
 *   modified" (sqlite_schema).
 */
export function writableTable(ctx: Ctx, name: string): Table {
  const t = ctx.schema.tables.get(name.toLowerCase());
  if (!t) {
    if (ctx.schema.views.has(name.toLowerCase())) throw sqlError(`cannot modify ${name} because it is a view`);
    throw sqlError(`no such table: ${name}`);
  }
  if (t.rootPage === 1) throw sqlError(`table ${t.name} may not be modified`);
  return t;
}

/** Opens `t` and each of its indexes with OpenWrite. */
export function openTarget(ctx: Ctx, t: Table): WriteTarget {
  const b = ctx.b;
  const cur = b.cursor();
  b.emit('OpenWrite', cur, t.rootPage, 0, { kind: 'int', value: t.columns.length }, 0, t.name);
  return { table: t, cur, idxCurs: openIndexes(ctx, t) };
}

/**
 * Opens each index of `t` with OpenWrite (with `only`, those it accepts; −1 stands for the others);
 * returns their cursors in `table.indexes` order.
 */
function openIndexes(ctx: Ctx, t: Table, only: ((i: number) => boolean) | null = null): number[] {
  const b = ctx.b;
  const out = new Array<number>(t.indexes.length).fill(-1);
  eachIndexNewestFirst(t, (ix, i) => {
    if (only && !only(i)) return;
    const c = b.cursor();
    b.emit('OpenWrite', c, ix.rootPage, 0, { kind: 'keyinfo', info: indexKeyInfo(ix) }, 0, ix.name);
    out[i] = c;
  });
  return out;
}

/**
 * Calls `fn` for each index of `t` (with its position in `table.indexes`), the newest first: the
 * order SQLite keeps a table's indexes in (CREATE INDEX puts each at the head of Table.pIndex), in
 * which it opens them and writes and deletes a row's entries. The entries of one row then land in
 * the same order as SQLite's, so pages are allocated, split and filled as in SQLite's file.
 */
function eachIndexNewestFirst(t: Table, fn: (ix: Index, i: number) => void): void {
  for (let i = t.indexes.length - 1; i >= 0; i--) fn(t.indexes[i], i);
}

function uniqueMessage(t: Table, cols: number[]): string {
  return `UNIQUE constraint failed: ${cols.map((c) => `${t.name}.${c < 0 ? 'rowid' : t.columns[c].name}`).join(', ')}`;
}

/**
 * Reads the row the table cursor is on into r[cols…] (the IPK column as the rowid); with `only`,
 * just those columns (none of them generated: their expressions may read any column).
 */
function readRow(ctx: Ctx, w: WriteTarget, cols: number, rowid: number, only: ReadonlySet<number> | null = null): void {
  const b = ctx.b;
  w.table.columns.forEach((c, i) => {
    if (only && !only.has(i)) return;
    if (i === w.table.rowidAlias) b.emit('SCopy', rowid, cols + i);
    else if (!isVirtual(w.table, i)) {
      b.emit('Column', w.cur, w.table.recordIndex[i], cols + i, defaultP4(c.defaultExpr, c.affinity));
      if (c.affinity === 'REAL') b.emit('RealAffinity', cols + i);
    }
  });
  if (!only) computeGenerated(ctx, w.table, cols, rowid, true);
}

/**
 * The columns the index keys of `t` read, or null when one is generated or an index is partial or
 * on an expression (then read the whole row: index-key.ts codes those over it).
 */
function indexColumns(t: Table): Set<number> | null {
  if (t.indexes.some(isComplexIndex)) return null;
  const need = new Set<number>();
  for (const ix of t.indexes) for (const c of ix.columns) need.add(c.column);
  for (const i of need) if (i >= 0 && t.columns[i].generated) return null;
  return need;
}

/** Deletes the row the table cursor is on (index entries first), reading its values. */
function deleteCurrentRow(ctx: Ctx, w: WriteTarget, count: boolean, flags = 0): void {
  const b = ctx.b;
  const t = w.table;
  const fk = fkInvolved(ctx, t);
  const flagsP5 = flags | (!count ? 0 : inTrigger(ctx) ? OPFLAG_TOTAL_ONLY : OPFLAG_NCHANGE);
  if (t.indexes.length && !fk && indexColumns(t) !== null) {
    // Each index key read straight into its registers, as SQLite's sqlite3GenerateIndexKey
    // (Column …, Rowid, IdxDelete): no copy of the row first.
    eachIndexNewestFirst(t, (ix, i) => {
      const n = ix.columns.length;
      const regs = b.regs(n + 1);
      ix.columns.forEach((c, j) => {
        if (c.column < 0 || c.column === t.rowidAlias) b.emit('Rowid', w.cur, regs + j);
        else {
          const col = t.columns[c.column];
          b.emit('Column', w.cur, t.recordIndex[c.column], regs + j, defaultP4(col.defaultExpr, col.affinity));
          if (col.affinity === 'REAL') b.emit('RealAffinity', regs + j);
        }
      });
      b.emit('Rowid', w.cur, regs + n);
      b.emit('IdxDelete', w.idxCurs[i], regs, n + 1);
    });
    b.emit('Delete', w.cur, 0, 0, null, flagsP5);
    return;
  }
  const rowid = b.reg();
  b.emit('Rowid', w.cur, rowid);
  if (t.indexes.length || fk) {
    const cols = b.regs(t.columns.length);
    // Without foreign keys only the index keys are needed (delete.c reads just those columns).
    readRow(ctx, w, cols, rowid, fk ? null : indexColumns(t));
    if (fk) {
      // Foreign keys (check-fk.ts, invariant 2): checked before the row goes; actions after.
      fkChildCheck(ctx, t, cols, rowid, -1);
      fkParentCheck(ctx, t, cols, rowid, 1, 'DELETE');
    }
    eachIndexNewestFirst(t, (ix, i) => deleteIndexEntry(ctx, t, ix, w.idxCurs[i], cols, rowid));
    b.emit('Delete', w.cur, 0, 0, null, flags | (!count ? 0 : inTrigger(ctx) ? OPFLAG_TOTAL_ONLY : OPFLAG_NCHANGE));
    if (fk) fireFkActions(ctx, t, 'DELETE', { cols, rowid }, null, null);
    return;
  }
  b.emit('Delete', w.cur, 0, 0, null, flags | (!count ? 0 : inTrigger(ctx) ? OPFLAG_TOTAL_ONLY : OPFLAG_NCHANGE));
}

/**
 * Deletes the entry of the row in r[cols…] (rowid r[rowid]) from index `ix` open on `cur`; for a
 * partial index only when the row satisfies its WHERE (sqlite3GenerateRowIndexDelete).
 */
function deleteIndexEntry(ctx: Ctx, t: Table, ix: Index, cur: number, cols: number, rowid: number): void {
  const skip = ix.where ? ctx.b.label() : null;
  ctx.b.emit('IdxDelete', cur, codeIndexKey(ctx, t, ix, cols, rowid, skip), ix.columns.length + 1);
  if (skip) ctx.b.resolve(skip);
}

/** Fires the foreign-key actions of `t` for one row as AFTER triggers (check-fk.ts), with ABORT as their OR. */
export function fireFkActions(ctx: Ctx, t: Table, event: 'DELETE' | 'UPDATE', oldRow: { cols: number; rowid: number }, newRow: { cols: number; rowid: number } | null, changed: ((i: number) => boolean) | null): void {
  const actions = fkActionTriggers(ctx, t, event, changed);
  if (!actions.length) return;
  let active = activeFkActions.get(ctx);
  if (!active) activeFkActions.set(ctx, (active = new Set()));
  const key = `${t.name.toLowerCase()}\u0000${event}`;
  if (active.has(key)) throw sqlError(`foreign key actions that reach ${t.name} again are not supported yet`);
  active.add(key);
  const done = ctx.b.label();
  try {
    withOr(ctx, 'ABORT', () => fireTriggers(ctx, actions, tableShape(t), oldRow, newRow, done, TRIGGER_STEPS));
  } finally {
    active.delete(key);
  }
  ctx.b.resolve(done);
}

/** Foreign-key actions being coded (table and event), against unbounded inlining. */
const activeFkActions = new WeakMap<Ctx, Set<string>>();

/**
 * P2 of the Halt that ends a statement on a failed constraint (sqlite.org/opcode.html Halt):
 * OE_Rollback 1 (the whole transaction is rolled back), OE_Fail 3 (the statement's earlier changes
 * stay), else OE_Abort 2 (the statement's changes are undone). REPLACE lands here only for a NOT
 * NULL column without a default, which SQLite then treats as ABORT.
 */
function haltAction(oc: ConflictResolution): number {
  return oc === 'ROLLBACK' ? 1 : oc === 'FAIL' ? 3 : 2;
}

/**
 * Writes the row in r[cols…] under r[rowid] with conflict handling `onConflict`; `skip` is where
 * an ignored row continues; `checkRowid` when the rowid may collide (given explicitly).
 */
function emitWriteRow(ctx: Ctx, w: WriteTarget, cols: number, rowid: number, onConflict: ConflictResolution, skip: Label, checkRowid: boolean, selfRowid = 0, ret: Returning | null = null, upsert: UpsertHook | null = null, beforeWrite: (() => void) | null = null, changed: ((i: number) => boolean) | null = null, indexAffected: ((i: number) => boolean) | null = null): void {
  const insertFlags = inTrigger(ctx) ? OPFLAG_TOTAL_ONLY : selfRowid ? OPFLAG_NCHANGE : OPFLAG_NCHANGE | OPFLAG_LASTROWID;
  const b = ctx.b;
  const t = w.table;
  const n = t.columns.length;
  const affinity = () => b.emit('Affinity', cols, n, 0, { kind: 'affinity', value: t.columns.map((c) => String.fromCharCode(affCode(c.affinity))).join('') });
  // SQLite applies the column affinities before the CHECK constraints when the table has some, else
  // only after the rowid's uniqueness check (insert.c sqlite3GenerateConstraintChecks,
  // bAffinityDone): the `excluded` row of an UPSERT whose rowid conflicts holds the values as given.
  const lateAffinity = upsert !== null && checkRowid && !(t.checks ?? []).length && !t.columns.some((c) => c.generated);
  if (!lateAffinity) affinity();
  computeGenerated(ctx, t, cols, rowid);
  // Without an OR clause each constraint's own ON CONFLICT applies (lang_conflict.html); an UPSERT's
  // DO UPDATE always aborts (sqlite3UpsertDoUpdate passes OE_Abort).
  const byConstraint = onConflict === 'ABORT' && (firingOr.get(ctx) ?? null) === null && !inDoUpdate.get(ctx);
  const resolve = (own: ConflictResolution | undefined): ConflictResolution => (byConstraint && own ? own : onConflict);
  const handle = (which: number, other: number): boolean => {
    const saved = inDoUpdate.get(ctx) ?? false;
    inDoUpdate.set(ctx, true);
    try {
      return upsert?.handle(which, other, skip) ?? false;
    } finally {
      inDoUpdate.set(ctx, saved);
    }
  };
  t.columns.forEach((c, i) => {
    if (!c.notNull || i === t.rowidAlias) return;
    const oc = resolve(c.notNullConflict);
    if (oc === 'IGNORE') b.emit('IsNull', cols + i, skip);
    else if (oc === 'REPLACE' && c.defaultExpr) {
      // OR REPLACE puts the column's default in place of a NULL (insert.c, OE_Replace).
      const ok = b.label();
      b.emit('NotNull', cols + i, ok);
      codeExpr(ctx, new Scope(null), c.defaultExpr, cols + i);
      b.emit('Affinity', cols + i, 1, 0, { kind: 'affinity', value: String.fromCharCode(affCode(c.affinity)) });
      b.emit('HaltIfNull', 1299, 2, cols + i, { kind: 'string', value: `NOT NULL constraint failed: ${t.name}.${c.name}` });
      b.resolve(ok);
    } else b.emit('HaltIfNull', 1299, haltAction(oc), cols + i, { kind: 'string', value: `NOT NULL constraint failed: ${t.name}.${c.name}` });
  });
  codeChecks(ctx, t, cols, rowid, onConflict, skip, changed);
  if (checkRowid) {
    const ok = b.label();
    if (selfRowid) b.emit('Eq', selfRowid, ok, rowid, null, 0x44);
    b.emit('NotExists', w.cur, ok, rowid);
    const oc = resolve(t.rowidConflict);
    if (handle(-1, rowid)) {
      // handled by an ON CONFLICT clause
    } else if (oc === 'IGNORE') b.emit('Goto', 0, skip);
    else if (oc === 'REPLACE') deleteCurrentRow(ctx, w, false);
    else b.emit('Halt', 1555, haltAction(oc), 0, { kind: 'string', value: uniqueMessage(t, [t.rowidAlias]) });
    b.resolve(ok);
  }
  if (lateAffinity) affinity();
  // SQLite keeps a table's indexes newest first (sqlite3CreateIndex prepends to pTab->pIndex) and
  // checks them in that order, after an UPSERT's targets: the last UNIQUE constraint declared is
  // the one an error names when several fail.
  // Indexes whose own resolution is REPLACE come last (sqlite3CreateIndex appends those).
  const newestFirst = t.indexes.map((_, i) => i).reverse();
  if (byConstraint) newestFirst.sort((x, y) => Number(t.indexes[x].onConflict === 'REPLACE') - Number(t.indexes[y].onConflict === 'REPLACE'));
  const order = upsert ? [...upsert.first, ...newestFirst.filter((i) => !upsert.first.includes(i))] : newestFirst;
  order.forEach((i) => {
    const ix = t.indexes[i];
    if (!ix.unique || (indexAffected && !indexAffected(i))) return;
    const ok = b.label();
    // A row outside a partial index conflicts with nothing there (insert.c: IfFalse → addrUniqueOk).
    const keys = codeIndexKey(ctx, t, ix, cols, rowid, ok);
    for (let k = 0; k < ix.columns.length; k++) b.emit('IsNull', keys + k, ok);
    b.emit('NoConflict', w.idxCurs[i], ok, keys, { kind: 'int', value: ix.columns.length });
    const other = b.reg();
    b.emit('IdxRowid', w.idxCurs[i], other);
    b.emit('Eq', other, ok, rowid, null, 0x44);
    // An UPDATE's old entry is still in the index until the checks pass: not a conflict.
    if (selfRowid) b.emit('Eq', other, ok, selfRowid, null, 0x44);
    const oc = resolve(ix.onConflict);
    if (handle(i, other)) {
      // handled by an ON CONFLICT clause
    } else if (oc === 'IGNORE') b.emit('Goto', 0, skip);
    else if (oc === 'REPLACE') {
      b.emit('NotExists', w.cur, ok, other);
      deleteCurrentRow(ctx, w, false);
    } else b.emit('Halt', ix.origin === 'pk' ? 1555 : 2067, haltAction(oc), 0, { kind: 'string', value: uniqueIndexMessage(t, ix) });
    b.resolve(ok);
  });
  if (fkInvolved(ctx, t)) {
    fkChildCheck(ctx, t, cols, rowid, 1, changed, !selfRowid && fkMultiWrite.get(ctx) === false);
    if (selfRowid) fkParentCheck(ctx, t, cols, rowid, -1, 'UPDATE', changed);
    else fkParentCheck(ctx, t, cols, rowid, -1, 'INSERT', null, !(fkMultiWrite.get(ctx) ?? true));
  }
  beforeWrite?.();
  eachIndexNewestFirst(t, (ix, i) => {
    if (indexAffected && !indexAffected(i)) return;
    const outside = ix.where ? b.label() : null;
    const keys = codeIndexKey(ctx, t, ix, cols, rowid, outside);
    const rec = b.reg();
    b.emit('MakeRecord', keys, ix.columns.length + 1, rec);
    b.emit('IdxInsert', w.idxCurs[i], rec);
    if (outside) b.resolve(outside);
  });
  const rec = b.reg();
  if (t.rowidAlias >= 0) b.emit('Null', 0, cols + t.rowidAlias);
  const fields = recordRegs(ctx, t, cols);
  b.emit('MakeRecord', fields.start, fields.n, rec);
  b.emit('Insert', w.cur, rec, rowid, null, insertFlags);
  if (!selfRowid) noteInsert(ctx, rowid);
  if (ret) {
    // Position the cursor on the row just written and compute its RETURNING values.
    const gone = b.label();
    b.emit('NotExists', w.cur, gone, rowid);
    returningRow(ctx, ret);
    b.resolve(gone);
  }
}

/**
 * UPSERT's part in the uniqueness checks (upsert.ts): the unique indexes to check first (in ON
 * CONFLICT clause order), and the code run on a conflict with constraint `which` (−1: the rowid,
 * else a position in `table.indexes`) against the row whose rowid is in r[other]; returns false
 * when no clause covers that constraint (the statement's conflict resolution applies).
 */
export interface UpsertHook {
  first: number[];
  handle(which: number, other: number, skip: Label): boolean;
}

/** Codes the column defaults (or NULL) into r[cols…]. */
function codeDefaults(ctx: Ctx, t: Table, cols: number, only: (i: number) => boolean): void {
  const scope = new Scope(null);
  t.columns.forEach((c, i) => {
    if (!only(i)) return;
    if (c.defaultExpr && !c.generated) codeExpr(ctx, scope, c.defaultExpr, cols + i);
    else ctx.b.emit('Null', 0, cols + i);
  });
}

/**
 * INSERT (with AUTOINCREMENT bookkeeping around it, autoinc.ts, and the table's triggers,
 * trigger.ts); `outer` is the scope of a trigger body's OLD/NEW when coded inside a trigger.
 */
export function codeInsert(ctx: Ctx, st: InsertStatement, outer: Scope | null = null): void {
  noteDml(ctx);
  withOr(ctx, st.or, () => insertStatement(ctx, st, outer));
}

function insertStatement(ctx: Ctx, st: InsertStatement, outer: Scope | null): void {
  if (insteadOf(ctx, st.table.name, 'INSERT')) return codeViewInsert(ctx, st, outer, TRIGGER_STEPS);
  const t = writableTable(ctx, st.table.name);
  if (t.withoutRowid) return insertWor(ctx, st, t, outer, ownConflict(ctx, st.or ?? 'ABORT'), (rows, width, scope, count) => materializeValues(ctx, rows, width, scope, count));
  const a = autoincBegin(ctx, t);
  fkBegin(ctx, inTrigger(ctx));
  const w = openTarget(ctx, t);
  const ret = returningBegin(ctx, t, st.returning, st.alias ?? null, w.cur);
  const sel = st.select;
  const oneRow = !!sel && sel.first.type === 'values' && sel.first.rows.length === 1 && !sel.compounds.length;
  if (oneRow && !st.upsert.length && !a && !st.returning?.length && !fkInvolved(ctx, t) && !mayReplace(t, st.or) && !hasSub(sel!.first) && !triggersFor(ctx, t.name, 'INSERT', 'BEFORE').length && !triggersFor(ctx, t.name, 'INSERT', 'AFTER').length) markSingleWrite(ctx);
  const savedMulti = fkMultiWrite.get(ctx);
  fkMultiWrite.set(ctx, !oneRow || inTrigger(ctx) || triggersFor(ctx, t.name, 'INSERT', 'BEFORE').length > 0 || triggersFor(ctx, t.name, 'INSERT', 'AFTER').length > 0);
  try {
    codeInsertBody(ctx, st, t, a, w, ret, outer);
  } finally {
    if (savedMulti === undefined) fkMultiWrite.delete(ctx);
    else fkMultiWrite.set(ctx, savedMulti);
  }
  if (a) autoincEnd(ctx, a);
  fkEnd(ctx, inTrigger(ctx));
  if (ret) returningEnd(ctx, ret);
}

function codeInsertBody(ctx: Ctx, st: InsertStatement, t: Table, a: AutoincRegs | null, w: WriteTarget, ret: Returning | null, outer: Scope | null): void {
  ctx.writes = true;
  const b = ctx.b;
  const onConflict: ConflictResolution = st.or ?? 'ABORT';
  const n = t.columns.length;
  let target: number[];
  if (st.columns) {
    target = st.columns.map((name) => {
      const i = t.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
      if (i < 0) {
        if (['rowid', 'oid', '_rowid_'].includes(name.toLowerCase())) return -1;
        throw sqlError(`table ${t.name} has no column named ${name}`);
      }
      if (t.columns[i].generated) throw sqlError(`cannot INSERT into generated column "${t.columns[i].name}"`);
      return i;
    });
  } else if (!st.select) target = []; // DEFAULT VALUES: every column takes its default
  else target = t.columns.map((_, i) => i).filter((i) => !t.columns[i].generated);
  const cols = b.regs(n);
  const rowid = b.reg();
  const updateTriggers = (names: string[]): UpdateTriggers => ({ before: triggersFor(ctx, t.name, 'UPDATE', 'BEFORE', names), after: triggersFor(ctx, t.name, 'UPDATE', 'AFTER', names) });
  const upsert = st.upsert.length ? upsertHook(ctx, w, st.upsert, st.alias ?? null, cols, rowid, ret, updateTriggers) : null;
  const explicitRowid = target.includes(t.rowidAlias >= 0 ? t.rowidAlias : -1) || target.includes(-1);
  const rowidSource = target.includes(-1) ? -1 : t.rowidAlias;

  const newRowid = (): void => {
    if (a) autoincNewRowid(ctx, a, w.cur, rowid);
    else b.emit('NewRowid', w.cur, rowid);
  };
  const before = triggersFor(ctx, t.name, 'INSERT', 'BEFORE');
  const after = triggersFor(ctx, t.name, 'INSERT', 'AFTER');
  const shape = tableShape(t);
  const writeFrom = (values: (i: number) => void, skip: Label): void => {
    codeDefaults(ctx, t, cols, (i) => !target.includes(i));
    target.forEach((_, j) => values(j));
    if (before.length) {
      // NEW for BEFORE triggers: the values with the column affinities, the rowid −1 when not given.
      const nv = b.regs(n);
      const nr = b.reg();
      b.emit('Copy', cols, nv, n - 1);
      b.emit('Integer', -1, nr);
      if (explicitRowid) {
        const none = b.label();
        b.emit('SCopy', rowidSource === -1 ? rowid : cols + rowidSource, nr);
        b.emit('NotNull', nr, none);
        b.emit('Integer', -1, nr);
        b.resolve(none);
        b.emit('MustBeInt', nr, 0);
      }
      b.emit('Affinity', nv, n, 0, { kind: 'affinity', value: t.columns.map((c) => String.fromCharCode(affCode(c.affinity))).join('') });
      fireTriggers(ctx, before, shape, null, { cols: nv, rowid: nr }, skip, TRIGGER_STEPS);
    }
    if (explicitRowid) {
      const has = b.label();
      const done = b.label();
      const src = rowidSource === -1 ? rowid : cols + rowidSource;
      if (rowidSource !== -1) b.emit('SCopy', src, rowid);
      b.emit('NotNull', rowid, has);
      newRowid();
      b.emit('Goto', 0, done);
      b.resolve(has);
      b.emit('MustBeInt', rowid, 0);
      if (a) autoincStep(ctx, a, rowid);
      b.resolve(done);
    } else newRowid();
    emitWriteRow(ctx, w, cols, rowid, onConflict, skip, explicitRowid, 0, ret, upsert);
    fireTriggers(ctx, after, shape, null, { cols, rowid }, skip, TRIGGER_STEPS);
  };
  const regOf = (j: number): number => (target[j] === -1 ? rowid : cols + target[j]);

  const sel = st.select;
  if (!sel) {
    const skip = b.label();
    writeFrom(() => {}, skip);
    b.resolve(skip);
    return;
  }
  const rows = sel.first.type === 'values' && sel.compounds.length === 0 && !sel.orderBy.length && !sel.limit && !sel.with ? sel.first.rows : null;
  const count = (k: number): void => {
    if (k !== target.length) throw sqlError(st.columns ? `${k} values for ${target.length} columns` : `table ${t.name} has ${target.length} columns but ${k} values were supplied`);
  };
  // With triggers, several VALUES rows are materialized and looped over, so that the triggers'
  // code is emitted once rather than once per row (trigger.ts inlines it at each firing point);
  // so are rows with subqueries (they must not see the rows being inserted).
  const inlineRows = rows !== null && (rows.length === 1 || (before.length === 0 && after.length === 0)) && !rows.some((r) => r.some(hasSub));
  if (rows && inlineRows) {
    const scope = new Scope(outer);
    for (const row of rows) {
      count(row.length);
      const skip = b.label();
      writeFrom((j) => codeExpr(ctx, scope, row[j], regOf(j)), skip);
      b.resolve(skip);
    }
    return;
  }
  // INSERT … SELECT: materialize, then insert each row.
  let eph: number;
  if (rows) eph = materializeValues(ctx, rows, target.length, new Scope(outer), count);
  else {
    eph = b.cursor();
    b.emit('OpenEphemeral', eph, target.length);
    const info = codeSelect(ctx, sel, { kind: 'table', cursor: eph }, outer);
    count(info.columns.length);
  }
  const end = b.label();
  b.emit('Rewind', eph, end);
  const top = b.addr;
  const skip = b.label();
  writeFrom((j) => b.emit('Column', eph, j, regOf(j)), skip);
  b.resolve(skip);
  b.emit('Next', eph, top);
  b.resolve(end);
}

/**
 * Codes VALUES rows, in order, into a new ephemeral table of `width` columns; returns its cursor.
 * `count` checks each row's length (throwing the statement's error).
 */
export function materializeValues(ctx: Ctx, rows: Expr[][], width: number, scope: Scope, count: (k: number) => void): number {
  const b = ctx.b;
  const eph = b.cursor();
  b.emit('OpenEphemeral', eph, width);
  const regs = b.regs(width);
  const rec = b.reg();
  const rid = b.reg();
  for (const row of rows) {
    count(row.length);
    row.forEach((e, j) => codeExpr(ctx, scope, e, regs + j));
    b.emit('MakeRecord', regs, width, rec);
    b.emit('NewRowid', eph, rid);
    b.emit('Insert', eph, rec, rid);
  }
  return eph;
}

function hasSub(e: unknown): boolean {
  return JSON.stringify(e).includes('"select"');
}

/** Collects the rowids of the rows the planned loop visits into a new ephemeral table; returns its cursor. */
function collectRowids(ctx: Ctx, loop: DmlLoop, where: Expr | null): { rowids: number; single: boolean } {
  const b = ctx.b;
  const { scope, plan, terms } = loop;
  const rowids = b.cursor();
  b.emit('OpenEphemeral', rowids, 1, 0, { kind: 'keyinfo', info: { nKeyField: 1, desc: [false], collNames: ['BINARY'], collations: [collationFn('BINARY')] } });
  const start = b.addr;
  emitLoops(ctx, scope, plan, terms, () => {
    // An index on the rowid: the rows are then visited in rowid order, as SQLite's RowSet gives
    // them back (the order decides which of two conflicting rows an OR IGNORE keeps, and the order
    // triggers fire in).
    const r = b.reg();
    const rec = b.reg();
    b.emit(scope.sources[0].covering ? 'IdxRowid' : 'Rowid', scope.sources[0].covering?.cursor ?? scope.sources[0].cursor, r);
    const seen = b.label();
    b.emit('Found', rowids, seen, r, { kind: 'int', value: 1 });
    b.emit('MakeRecord', r, 1, rec);
    b.emit('IdxInsert', rowids, rec);
    b.resolve(seen);
  });
  const src = scope.sources[0];
  src.covering = null;
  src.autoIndex = null;
  return { rowids, single: !hasSub(where) && atMostOnce(b.insns.slice(start), start) };
}

/**
 * Instructions that visit the WHERE matches at most once: straight-line code of the whitelisted
 * opcodes a rowid lookup emits, every jump forward (an unresolved label is a forward one; a loop
 * needs a backward jump or Next/Rewind).
 */
function atMostOnce(insns: readonly { opcode: string; p2: number }[], start: number): boolean {
  return insns.every((x, k) => STRAIGHT_OPS.has(x.opcode) && (!JUMP_OPS.has(x.opcode) || x.p2 < 0 || x.p2 > start + k));
}
const JUMP_OPS = new Set(['SeekRowid', 'NotExists', 'Found', 'NotFound', 'Eq', 'Ne', 'Lt', 'Le', 'Gt', 'Ge', 'IsNull', 'NotNull', 'If', 'IfNot', 'Goto']);
const STRAIGHT_OPS = new Set([...JUMP_OPS, 'OpenRead', 'Integer', 'Int64', 'Real', 'String8', 'Null', 'Variable', 'Rowid', 'IdxRowid', 'Column', 'SCopy', 'Copy', 'Affinity', 'RealAffinity', 'MustBeInt', 'MakeRecord', 'IdxInsert']);

/** True when a conflict may be resolved by REPLACE (deleting other rows before the statement can still fail). */
function mayReplace(t: Table, or: ConflictResolution | null): boolean {
  if (or) return or === 'REPLACE';
  return t.rowidConflict === 'REPLACE' || t.indexes.some((ix) => ix.onConflict === 'REPLACE') || t.columns.some((c) => c.notNullConflict === 'REPLACE');
}

/**
 * The statement journal decision (SQLite's usesStmtJournal = isMultiWrite && mayAbort, build.c
 * sqlite3MultiWrite / sqlite3MayAbort). Every INSERT/UPDATE/DELETE coded for one program counts
 * (`n`, trigger bodies and FK actions included); the program needs no statement journal only when
 * exactly one was coded, it was the program's first write, and it marked itself a single write
 * (`markSingleWrite`): one row by key (one VALUES row, or WHERE a rowid lookup), no triggers,
 * foreign keys, REPLACE resolution, AUTOINCREMENT, UPSERT, RETURNING or subqueries. Such a
 * statement does all its checks before its first b-tree change, so it cannot abort halfway (an
 * I/O error then rolls the whole transaction back, connection.ts).
 */
const dmlCoded = new WeakMap<Ctx, { n: number; clean: boolean; single: boolean }>();

function noteDml(ctx: Ctx): void {
  const s = dmlCoded.get(ctx);
  if (s) {
    s.n++;
    s.single = false;
  } else dmlCoded.set(ctx, { n: 1, clean: !ctx.writes, single: false });
}

function markSingleWrite(ctx: Ctx): void {
  const s = dmlCoded.get(ctx);
  if (s && s.n === 1 && s.clean) s.single = true;
}

/**
 * True when the program coded in `ctx` must run under a statement journal when it runs inside a
 * transaction (EXPLAIN's Transaction comment "usesStmtJournal"); false only for the single-row
 * writes described at `dmlCoded`.
 */
export function usesStmtJournal(ctx: Ctx): boolean {
  const s = dmlCoded.get(ctx);
  return !(s && s.n === 1 && s.single);
}

/** DELETE, firing the table's DELETE triggers; `outer` as for {@link codeInsert}. */
export function codeDelete(ctx: Ctx, st: DeleteStatement, outer: Scope | null = null): void {
  noteDml(ctx);
  withOr(ctx, null, () => deleteStatement(ctx, st, outer));
}

function deleteStatement(ctx: Ctx, st: DeleteStatement, outer: Scope | null): void {
  if (st.limit || st.orderBy.length) throw sqlError('DELETE … ORDER BY/LIMIT is not supported yet');
  if (insteadOf(ctx, st.table.name, 'DELETE')) return codeViewDelete(ctx, st, outer, TRIGGER_STEPS);
  const t = writableTable(ctx, st.table.name);
  if (t.withoutRowid) return deleteWor(ctx, st, t, outer);
  ctx.writes = true;
  const b = ctx.b;
  fkBegin(ctx, inTrigger(ctx));
  const before = triggersFor(ctx, t.name, 'DELETE', 'BEFORE');
  const after = triggersFor(ctx, t.name, 'DELETE', 'AFTER');
  const loop = planDmlLoop(ctx, t, st.alias, st.where, outer, st);
  // delete.c: one pass unless triggers or foreign keys are involved (RETURNING is a trigger there).
  const onePass = !before.length && !after.length && !st.returning?.length && !fkInvolved(ctx, t) ? onePassKind(loop, st.where, true) : null;
  if (onePass) {
    const w: WriteTarget = { table: t, cur: openLoopForWrite(ctx, loop), idxCurs: openIndexes(ctx, t) };
    if (onePass === 'single') markSingleWrite(ctx);
    emitLoops(ctx, loop.scope, loop.plan, loop.terms, () => deleteCurrentRow(ctx, w, true, onePass === 'multi' ? OPFLAG_SAVEPOSITION : 0));
    fkEnd(ctx, inTrigger(ctx));
    return;
  }
  const { rowids, single } = collectRowids(ctx, loop, st.where);
  if (single && !before.length && !after.length && !st.returning?.length && !fkInvolved(ctx, t)) markSingleWrite(ctx);
  const w = openTarget(ctx, t);
  const ret = returningBegin(ctx, t, st.returning, st.alias, w.cur);
  const end = b.label();
  const rid = b.reg();
  b.emit('Rewind', rowids, end);
  const top = b.addr;
  const next = b.label();
  b.emit('Column', rowids, 0, rid);
  b.emit('NotExists', w.cur, next, rid);
  const old = before.length || after.length ? b.regs(t.columns.length) : 0;
  if (old) readRow(ctx, w, old, rid);
  if (before.length) {
    fireTriggers(ctx, before, tableShape(t), { cols: old, rowid: rid }, null, next, TRIGGER_STEPS);
    // The trigger may have deleted or moved the row.
    b.emit('NotExists', w.cur, next, rid);
  }
  if (ret) returningRow(ctx, ret);
  deleteCurrentRow(ctx, w, true);
  fireTriggers(ctx, after, tableShape(t), { cols: old, rowid: rid }, null, next, TRIGGER_STEPS);
  b.resolve(next);
  b.emit('Next', rowids, top);
  b.resolve(end);
  fkEnd(ctx, inTrigger(ctx));
  if (ret) returningEnd(ctx, ret);
}

/**
 * The SET clauses by column (−1: the rowid of a table without an INTEGER PRIMARY KEY); a later
 * clause for the same column wins. `SET (a, b) = (x, y)` sets a to x and b to y; `SET (a, b) =
 * (SELECT p, q …)` sets a to `(SELECT p …)` and b to `(SELECT q …)` (the subquery runs once per
 * column: a `*`, a compound or an ORDER BY by position there is refused).
 * @throws SqliteError "n columns assigned k values", "row value misused", "no such column: x".
 */
export function setTargets(t: Table, set: SetClause[]): Map<number, Expr> {
  const sets = new Map<number, Expr>();
  for (const s of set) {
    const values = setValues(s);
    s.columns.forEach((name, k) => {
      let i = t.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
      if (i < 0 && ['rowid', 'oid', '_rowid_'].includes(name.toLowerCase())) i = t.rowidAlias >= 0 ? t.rowidAlias : -1;
      else if (i < 0) throw sqlError(`no such column: ${name}`);
      else if (t.columns[i].generated) throw sqlError(`cannot UPDATE generated column "${t.columns[i].name}"`);
      sets.set(i, values[k]);
    });
  }
  return sets;
}

/** The value of each column of a SET clause (see {@link setTargets}). */
function setValues(s: SetClause): Expr[] {
  const n = s.columns.length;
  if (n === 1) return [s.expr];
  const e = s.expr;
  if (e.type === 'vector') {
    if (e.exprs.length !== n) throw sqlError(`${n} columns assigned ${e.exprs.length} values`);
    return e.exprs;
  }
  if (e.type !== 'subquery') throw sqlError(`${n} columns assigned 1 values`);
  const sel = e.select;
  const core = sel.first;
  if (core.type !== 'select-core' || sel.compounds.length > 0 || core.columns.some((c) => c.type !== 'expr') || sel.orderBy.some((o) => o.expr.type === 'integer')) throw sqlError('row value misused');
  if (core.columns.length !== n) throw sqlError(`${n} columns assigned ${core.columns.length} values`);
  return core.columns.map((c) => ({ ...e, select: { ...sel, first: { ...core, columns: [c] } } }));
}

/** The UPDATE triggers of one statement (trigger.ts), in firing order. */
export interface UpdateTriggers {
  before: Trigger[];
  after: Trigger[];
}

/**
 * Rewrites the row the table cursor is on (rowid in r[oldRowid]) with the SET values `sets`,
 * coded in `scope`; `next` is where an ignored row continues. With `trig`, BEFORE triggers fire
 * once NEW is computed (then the row is sought again and its columns not in SET re-read, as
 * update.c does), AFTER triggers once it is written.
 */
export function emitUpdateRow(ctx: Ctx, w: WriteTarget, scope: Scope, sets: Map<number, Expr>, oldRowid: number, onConflict: ConflictResolution, next: Label, ret: Returning | null, trig: UpdateTriggers | null = null): void {
  const b = ctx.b;
  const t = w.table;
  const n = t.columns.length;
  const newRowid = b.reg();
  const oldCols = b.regs(n);
  const cols = b.regs(n);
  const fires = trig !== null && (trig.before.length > 0 || trig.after.length > 0);
  const fk = fkInvolved(ctx, t);
  const rowidChanges = sets.has(-1) || (t.rowidAlias >= 0 && sets.has(t.rowidAlias));
  const affected = updatedIndexes(t, sets, rowidChanges, fk);
  readRow(ctx, w, oldCols, oldRowid, fires || fk ? null : oldColumnsNeeded(t, sets, affected));
  for (let i = 0; i < n; i++) {
    const e = sets.get(i);
    if (e) codeExpr(ctx, scope, e, cols + i);
    else b.emit('SCopy', oldCols + i, cols + i);
  }
  const rowidSet = sets.has(-1) ? sets.get(-1)! : t.rowidAlias >= 0 && sets.has(t.rowidAlias) ? null : undefined;
  if (rowidSet !== undefined) {
    if (rowidSet) codeExpr(ctx, scope, rowidSet, newRowid);
    else b.emit('SCopy', cols + t.rowidAlias, newRowid);
    b.emit('MustBeInt', newRowid, 0);
  } else b.emit('SCopy', oldRowid, newRowid);
  const trigOld = fires ? b.regs(n) : 0;
  if (fires) b.emit('Copy', oldCols, trigOld, n - 1);
  if (trig?.before.length) {
    const nv = b.regs(n);
    b.emit('Copy', cols, nv, n - 1);
    b.emit('Affinity', nv, n, 0, { kind: 'affinity', value: t.columns.map((c) => String.fromCharCode(affCode(c.affinity))).join('') });
    fireTriggers(ctx, trig.before, tableShape(t), { cols: trigOld, rowid: oldRowid }, { cols: nv, rowid: newRowid }, next, TRIGGER_STEPS);
    b.emit('NotExists', w.cur, next, oldRowid);
    readRow(ctx, w, oldCols, oldRowid);
    for (let i = 0; i < n; i++) if (!sets.has(i)) b.emit('SCopy', oldCols + i, cols + i);
  }
  // Once the constraint checks pass (SQLite checks before touching the old row): remove the old
  // row's index entries and, when the rowid changes, the old row itself.
  const removeOld = (): void => {
    eachIndexNewestFirst(t, (ix, i) => affected(i) && deleteIndexEntry(ctx, t, ix, w.idxCurs[i], oldCols, oldRowid));
    if (rowidSet !== undefined) {
      const same = b.label();
      b.emit('Eq', oldRowid, same, newRowid, null, 0x44);
      b.emit('NotExists', w.cur, same, oldRowid);
      b.emit('Delete', w.cur);
      b.resolve(same);
    }
  };
  const changed = (i: number): boolean => sets.has(i) || (i === -1 && rowidSet !== undefined);
  if (fk) {
    fkChildCheck(ctx, t, oldCols, oldRowid, -1, changed);
    fkParentCheck(ctx, t, oldCols, oldRowid, 1, 'UPDATE', changed);
  }
  emitWriteRow(ctx, w, cols, newRowid, onConflict, next, rowidSet !== undefined, oldRowid, ret, null, removeOld, changed, affected);
  if (fk) fireFkActions(ctx, t, 'UPDATE', { cols: oldCols, rowid: oldRowid }, { cols, rowid: newRowid }, changed);
  if (trig?.after.length) fireTriggers(ctx, trig.after, tableShape(t), { cols: trigOld, rowid: oldRowid }, { cols, rowid: newRowid }, next, TRIGGER_STEPS);
}

/**
 * The old values an UPDATE without triggers or foreign keys reads (update.c reads a SET column's
 * old value only when something needs it): the columns outside SET, and the key columns of the
 * indexes it rewrites. Null (read them all) when `t` has generated columns, whose old values are
 * computed from the others.
 */
function oldColumnsNeeded(t: Table, sets: Map<number, Expr>, affected: (i: number) => boolean): Set<number> | null {
  if (t.columns.some((c) => c.generated) || t.indexes.some((ix, i) => affected(i) && isComplexIndex(ix))) return null;
  const need = new Set<number>();
  t.columns.forEach((_, i) => {
    if (!sets.has(i)) need.add(i);
  });
  t.indexes.forEach((ix, i) => {
    if (affected(i)) for (const c of ix.columns) need.add(c.column);
  });
  return need;
}

/**
 * Which indexes of `t` (by position in `table.indexes`) an UPDATE setting the columns `sets` must
 * rewrite, as sqlite3Update decides (update.c, aRegIdx / indexColumnIsBeingUpdated): every index
 * when the rowid changes (each entry ends with it); else an index whose key reads a changed
 * column, a generated column counting as changed when its expression names a changed column
 * (update.c's aXRef closure over generated columns). Every index when foreign-key actions are
 * involved (SQLite's hasFK > 1, taken broadly: an action may rewrite this very row). BEFORE
 * triggers need no more: the columns outside SET are re-read after them and written back
 * unchanged, so their entries stay right.
 */
function updatedIndexes(t: Table, sets: Map<number, Expr>, rowidChanges: boolean, fk: boolean): (i: number) => boolean {
  if (rowidChanges || fk) return () => true;
  const changed = new Set(sets.keys());
  for (let progress = true; progress; ) {
    progress = false;
    t.columns.forEach((c, i) => {
      if (!c.generated || changed.has(i)) return;
      const names = columnNames(c.generated.expr);
      if (t.columns.some((o, j) => changed.has(j) && names.has(o.name.toLowerCase()))) {
        changed.add(i);
        progress = true;
      }
    });
  }
  // An expression column or a partial index's WHERE counts when it names a changed column
  // (update.c indexColumnIsBeingUpdated / sqlite3ExprReferencesUpdatedColumn).
  const changedNames = new Set([...changed].filter((i) => i >= 0).map((i) => t.columns[i].name.toLowerCase()));
  const names = (e: Expr | null): boolean => [...exprColumnNames(e)].some((x) => changedNames.has(x));
  const hit = t.indexes.map((ix) => ix.columns.some((c) => (c.column === -2 ? names(c.expr) : changed.has(c.column))) || names(ix.where));
  return (i) => hit[i];
}

/** The (lower-cased) column names an expression refers to. */
function columnNames(e: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(e)) for (const x of e) columnNames(x, into);
  else if (e && typeof e === 'object') {
    const o = e as { type?: unknown; name?: unknown };
    if (o.type === 'column' && typeof o.name === 'string') into.add(o.name.toLowerCase());
    for (const v of Object.values(o)) columnNames(v, into);
  }
  return into;
}

/** UPDATE, firing the table's UPDATE triggers; `outer` as for {@link codeInsert}. */
export function codeUpdate(ctx: Ctx, st: UpdateStatement, outer: Scope | null = null): void {
  noteDml(ctx);
  withOr(ctx, st.or, () => updateStatement(ctx, st, outer));
}

function updateStatement(ctx: Ctx, st: UpdateStatement, outer: Scope | null): void {
  if (st.limit || st.orderBy.length) throw sqlError('UPDATE … ORDER BY/LIMIT is not supported yet');
  if (insteadOf(ctx, st.table.name, 'UPDATE')) return codeViewUpdate(ctx, st, outer, TRIGGER_STEPS);
  const t = writableTable(ctx, st.table.name);
  ctx.writes = true;
  const b = ctx.b;
  const sets = setTargets(t, st.set);
  if (t.withoutRowid) return updateWor(ctx, st, t, outer, sets, ownConflict(ctx, st.or ?? 'ABORT'));
  const names = st.set.flatMap((s) => s.columns);
  const trig = { before: triggersFor(ctx, t.name, 'UPDATE', 'BEFORE', names), after: triggersFor(ctx, t.name, 'UPDATE', 'AFTER', names) };
  fkBegin(ctx, inTrigger(ctx));
  if (st.from) {
    codeUpdateFrom(ctx, st, outer, trig);
    return fkEnd(ctx, inTrigger(ctx));
  }
  const loop = planDmlLoop(ctx, t, st.alias, st.where, outer, st);
  const scope = loop.scope;
  const rowidChanges = sets.has(-1) || (t.rowidAlias >= 0 && sets.has(t.rowidAlias));
  // update.c: one pass without triggers, foreign keys, a changing rowid, REPLACE or subqueries.
  const simple = !rowidChanges && !trig.before.length && !trig.after.length && !st.returning?.length && !fkInvolved(ctx, t) && !mayReplace(t, st.or) && !st.set.some((x) => hasSub(x.expr));
  const onePass = simple ? onePassKind(loop, st.where, true) : null;
  if (onePass) {
    // Only the indexes whose entries change are opened (update.c's aToOpen): the others are
    // neither checked nor written (emitWriteRow's indexAffected).
    const w: WriteTarget = { table: t, cur: openLoopForWrite(ctx, loop), idxCurs: openIndexes(ctx, t, updatedIndexes(t, sets, false, false)) };
    if (onePass === 'single') markSingleWrite(ctx);
    emitLoops(ctx, scope, loop.plan, loop.terms, ({ cont }) => {
      const oldRowid = b.reg();
      b.emit('Rowid', w.cur, oldRowid);
      const from = b.addr;
      emitUpdateRow(ctx, w, scope, sets, oldRowid, st.or ?? 'ABORT', cont, null);
      // The Insert replaces the row the loop's cursor rests on (its position stands in for a
      // seek); in a multi-row loop it keeps the cursor there, for the loop's Next.
      const flags = OPFLAG_USESEEKRESULT | (onePass === 'multi' ? OPFLAG_SAVEPOSITION : 0);
      for (let a = from; a < b.addr; a++) if (b.insns[a].opcode === 'Insert' && b.insns[a].p1 === w.cur) b.insns[a].p5 |= flags;
    });
    fkEnd(ctx, inTrigger(ctx));
    return;
  }
  const { rowids, single } = collectRowids(ctx, loop, st.where);
  if (single && simple) markSingleWrite(ctx);
  const src = scope.sources[0];
  const w = openTarget(ctx, t);
  src.cursor = w.cur;
  const ret = returningBegin(ctx, t, st.returning, st.alias, w.cur);
  const end = b.label();
  const oldRowid = b.reg();
  b.emit('Rewind', rowids, end);
  const top = b.addr;
  const next = b.label();
  b.emit('Column', rowids, 0, oldRowid);
  b.emit('NotExists', w.cur, next, oldRowid);
  emitUpdateRow(ctx, w, scope, sets, oldRowid, st.or ?? 'ABORT', next, ret, trig);
  b.resolve(next);
  b.emit('Next', rowids, top);
  b.resolve(end);
  fkEnd(ctx, inTrigger(ctx));
  if (ret) returningEnd(ctx, ret);
}

/** OLD/NEW of a table's triggers: its columns, the INTEGER PRIMARY KEY reading as the rowid (none for a WITHOUT ROWID table). */
export function tableShape(t: Table): TriggerShape {
  return { columns: t.columns.map((c) => ({ name: c.name, affinity: affCode(c.affinity), collation: c.collation, declType: c.declType })), rowidAlias: t.rowidAlias, hasRowid: !t.withoutRowid };
}

/** Codes one statement of a trigger body, with OLD/NEW in `outer`; a SELECT's rows are discarded. */
function codeTriggerStep(ctx: Ctx, step: TriggerStep, outer: Scope): void {
  // The firing statement's OR clause overrides a body statement's own (lang_createtrigger.html).
  const or = firingOr.get(ctx) ?? null;
  const st = or && (step.type === 'insert' || step.type === 'update') ? { ...step, or } : step;
  if (st.type !== 'select') {
    // A trigger step's target lives in the trigger's schema; SQLite names it so in the error.
    const name = st.table.name.toLowerCase();
    if (!ctx.schema.tables.has(name) && !ctx.schema.views.has(name)) throw sqlError(`no such table: main.${st.table.name}`);
  }
  switch (st.type) {
    case 'insert':
      return codeInsert(ctx, st, outer);
    case 'update':
      return codeUpdate(ctx, st, outer);
    case 'delete':
      return codeDelete(ctx, st, outer);
    case 'select': {
      const b = ctx.b;
      const eph = b.cursor();
      const open = b.emit('OpenEphemeral', eph, 0);
      const info = codeSelect(ctx, st, { kind: 'table', cursor: eph }, outer);
      b.insns[open].p2 = info.columns.length;
      return;
    }
  }
}

/** The DML coders trigger bodies are coded with (trigger.ts StepCoders). */
export const TRIGGER_STEPS: StepCoders = { step: codeTriggerStep };

/** The OR clause of the statement being coded, for the trigger bodies it fires. */
const firingOr = new WeakMap<Ctx, ConflictResolution | null>();
/**
 * False while a single-row INSERT … VALUES without triggers is coded at top level: inserting one
 * parent row cannot resolve an immediate FK violation, so SQLite skips the children scan.
 */
const fkMultiWrite = new WeakMap<Ctx, boolean>();
/** True while an UPSERT's DO UPDATE is coded (its constraint checks abort). */
const inDoUpdate = new WeakMap<Ctx, boolean>();

/** True when each constraint's own ON CONFLICT applies to a statement resolving with `onConflict` (see emitWriteRow). */
function ownConflict(ctx: Ctx, onConflict: ConflictResolution): boolean {
  return onConflict === 'ABORT' && (firingOr.get(ctx) ?? null) === null && !inDoUpdate.get(ctx);
}

function withOr(ctx: Ctx, or: ConflictResolution | null, fn: () => void): void {
  const saved = firingOr.get(ctx) ?? null;
  const savedUpsert = inDoUpdate.get(ctx) ?? false;
  firingOr.set(ctx, or);
  inDoUpdate.set(ctx, false);
  try {
    fn();
  } finally {
    firingOr.set(ctx, saved);
    inDoUpdate.set(ctx, savedUpsert);
  }
}
