/**
 * INSERT, UPDATE and DELETE on a WITHOUT ROWID table → bytecode (insert.c, update.c, delete.c
 * with HasRowid false); one row is written or deleted by wor-row.ts.
 *
 * ```
 *   INSERT  values → r[cols]; writeWorRow (checks, index entries, IdxInsert of the table record)
 *   DELETE  WHERE loop → the PKs of the matching rows into an ephemeral index (PK order);
 *           for each: NotFound on the table by PK, deleteWorRow
 *   UPDATE  as DELETE's loop; for each: read the old row, code the new one, writeWorRow with the
 *           old row (its entries go once the checks passed)
 * ```
 * Always two passes (no one-pass write on the loop's cursor); the rows are visited in PK order,
 * as SQLite's ephemeral PK index returns them, except where SQLite's UPDATE writes in one pass
 * along an index's order (wor-order.ts): the rows are then collected keyed like that index. UPSERT: wor-upsert.ts.
 * Triggers fire and foreign keys are checked as on a rowid table (check-fk.ts), OLD/NEW without
 * a rowid. UPDATE … FROM: wor-update-from.ts.
 *
 * @module
 */
import type { ConflictResolution, DeleteStatement, Expr, InsertStatement, UpdateStatement } from '../parser/ast.js';
import type { Index, Table } from '../schema/types.js';
import type { Label } from '../vdbe/program.js';
import { sqlError, type Ctx } from './context.js';
import { codeColumn, codeExpr } from './expr.js';
import { fkBegin, fkChildCheck, fkEnd, fkInvolved, fkParentCheck } from './check-fk.js';
import { isComplexIndex } from './index-key.js';
import { planDmlLoop, type IndexHint } from './one-pass.js';
import { returningBegin, returningEnd, returningRow } from './returning.js';
import { Scope } from './scope.js';
import { codeSelect } from './select.js';
import { fireTriggers, inTrigger, triggersFor } from './trigger.js';
import { fireFkActions, TRIGGER_STEPS } from './dml.js';
import { emitLoops } from './where.js';
import { affinityCopy, worShape, deleteWorRow, openWorTarget, pkKeyInfo, pkTailOf, readWorRow, worIndexKeyInfo, writeWorRow, type WorTarget } from './wor-row.js';
import { updateVisitOrder } from './wor-order.js';
import { updateFromWor } from './wor-update-from.js';
import { primaryKeyIndex } from './where.js';
import { worUpsert } from './wor-upsert.js';


/**
 * INSERT into WITHOUT ROWID table `t`; `byConstraint` when each constraint's own ON CONFLICT
 * applies (no OR clause in force), `materialize` codes VALUES rows into an ephemeral table.
 */
export function insertWor(ctx: Ctx, st: InsertStatement, t: Table, outer: Scope | null, byConstraint: boolean, materialize: (rows: Expr[][], width: number, scope: Scope, count: (k: number) => void) => number): void {
  ctx.writes = true;
  fkBegin(ctx, inTrigger(ctx));
  const b = ctx.b;
  const onConflict: ConflictResolution = st.or ?? 'ABORT';
  const n = t.columns.length;
  let target: number[];
  if (st.columns) {
    target = st.columns.map((name) => {
      const i = t.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
      if (i < 0) throw sqlError(`table ${t.name} has no column named ${name}`);
      if (t.columns[i].generated) throw sqlError(`cannot INSERT into generated column "${t.columns[i].name}"`);
      return i;
    });
  } else if (!st.select) target = [];
  else target = t.columns.map((_, i) => i).filter((i) => !t.columns[i].generated);
  const w = openWorTarget(ctx, t);
  const ret = returningBegin(ctx, t, st.returning, st.alias ?? null, w.cur);
  const cols = b.regs(n);
  const upsert = st.upsert.length ? worUpsert(ctx, w, st.upsert, st.alias ?? null, cols, ret) : null;
  const before = triggersFor(ctx, t.name, 'INSERT', 'BEFORE');
  const after = triggersFor(ctx, t.name, 'INSERT', 'AFTER');
  const shape = worShape(t);
  // SQLite's isMultiWrite: one VALUES row at top level without triggers or REPLACE (which may
  // delete other rows) skips the FK parent scan.
  const sel0 = st.select;
  const oneRow = !!sel0 && sel0.first.type === 'values' && sel0.first.rows.length === 1 && !sel0.compounds.length;
  const replace = onConflict === 'REPLACE' || (byConstraint && [w.pk, ...t.indexes].some((ix) => ix.onConflict === 'REPLACE'));
  const multiWrite = !oneRow || replace || inTrigger(ctx) || before.length > 0 || after.length > 0;
  const writeFrom = (values: (j: number) => void, skip: Label): void => {
    const scope = new Scope(null);
    t.columns.forEach((c, i) => {
      if (target.includes(i)) return;
      if (c.defaultExpr && !c.generated) codeExpr(ctx, scope, c.defaultExpr, cols + i);
      else b.emit('Null', 0, cols + i);
    });
    target.forEach((_, j) => values(j));
    if (before.length) fireTriggers(ctx, before, shape, null, { cols: affinityCopy(ctx, t, cols), rowid: 0 }, skip, TRIGGER_STEPS);
    writeWorRow(ctx, w, cols, onConflict, byConstraint, skip, null, ret, upsert, multiWrite);
    fireTriggers(ctx, after, shape, null, { cols, rowid: 0 }, skip, TRIGGER_STEPS);
  };
  const count = (k: number): void => {
    if (k !== target.length) throw sqlError(st.columns ? `${k} values for ${target.length} columns` : `table ${t.name} has ${target.length} columns but ${k} values were supplied`);
  };
  const sel = st.select;
  if (!sel) {
    const skip = b.label();
    writeFrom(() => {}, skip);
    b.resolve(skip);
  } else {
    const rows = sel.first.type === 'values' && sel.compounds.length === 0 && !sel.orderBy.length && !sel.limit && !sel.with ? sel.first.rows : null;
    if (rows && !rows.some((r) => JSON.stringify(r).includes('"select"'))) {
      const scope = new Scope(outer);
      for (const row of rows) {
        count(row.length);
        const skip = b.label();
        writeFrom((j) => codeExpr(ctx, scope, row[j], cols + target[j]), skip);
        b.resolve(skip);
      }
    } else {
      let eph: number;
      if (rows) eph = materialize(rows, target.length, new Scope(outer), count);
      else {
        eph = b.cursor();
        b.emit('OpenEphemeral', eph, target.length);
        count(codeSelect(ctx, sel, { kind: 'table', cursor: eph }, outer).columns.length);
      }
      const end = b.label();
      b.emit('Rewind', eph, end);
      const top = b.addr;
      const skip = b.label();
      writeFrom((j) => b.emit('Column', eph, j, cols + target[j]), skip);
      b.resolve(skip);
      b.emit('Next', eph, top);
      b.resolve(end);
    }
  }
  fkEnd(ctx, inTrigger(ctx));
  if (ret) returningEnd(ctx, ret);
}

/** The rows a DELETE/UPDATE visits, collected: the ephemeral index, its entries' PK positions. */
interface Collected {
  eph: number;
  scope: Scope;
  /** Field of each PK column (key order) in the ephemeral index's entries. */
  pkAt: number[];
  /** Whether the loop over the PK alone was a full scan. */
  fullScan: boolean;
}

/**
 * Codes the WHERE loop over `t` collecting its rows into a new ephemeral index keyed like the PK,
 * or with `order`, like that index's entries (its columns, then its PK tail): the rows are then
 * visited in that index's order. Returns it with the loop's scope (its source then free to point
 * at another cursor).
 */
function collectKeys(ctx: Ctx, t: Table, alias: string | null, where: Expr | null, outer: Scope | null, hint: IndexHint, order: ((fullScan: boolean) => Index) | null = null): Collected {
  const b = ctx.b;
  const pk = primaryKeyIndex(t);
  const loop = planDmlLoop(ctx, t, alias, where, outer, hint);
  const fullScan = loop.plan.paths[0].kind === 'scan';
  const by = order ? order(fullScan) : pk;
  const isPk = by.rootPage === t.rootPage && by.origin === 'pk';
  const cols = isPk ? pk.columns : [...by.columns, ...pkTailOf(pk, by)];
  const pkAt = pk.columns.map((p) => (isPk ? pk.columns.indexOf(p) : cols.findIndex((c) => c.column === p.column && c.collation.toUpperCase() === p.collation.toUpperCase())));
  const width = cols.length;
  const eph = b.cursor();
  b.emit('OpenEphemeral', eph, width, 0, { kind: 'keyinfo', info: isPk ? pkKeyInfo({ table: t }) : worIndexKeyInfo(pk, by) });
  const src = loop.scope.sources[0];
  emitLoops(ctx, loop.scope, loop.plan, loop.terms, () => {
    const r = b.regs(width);
    const rec = b.reg();
    cols.forEach((c, k) => codeColumn(ctx, src, c.column, r + k));
    const seen = b.label();
    b.emit('Found', eph, seen, r, { kind: 'int', value: width });
    b.emit('MakeRecord', r, width, rec);
    b.emit('IdxInsert', eph, rec);
    b.resolve(seen);
  });
  src.covering = null;
  src.autoIndex = null;
  return { eph, scope: loop.scope, pkAt, fullScan };
}

/** Walks the collected rows: each one found in the table (else skipped) is handed to `each`. */
function eachCollected(ctx: Ctx, w: WorTarget, c: Collected, each: (pk: number, next: Label) => void): void {
  const b = ctx.b;
  const eph = c.eph;
  const nPk = w.pk.columns.length;
  const end = b.label();
  const pk = b.regs(nPk);
  b.emit('Rewind', eph, end);
  const top = b.addr;
  const next = b.label();
  for (let k = 0; k < nPk; k++) b.emit('Column', eph, c.pkAt[k], pk + k);
  b.emit('NotFound', w.cur, next, pk, { kind: 'int', value: nPk });
  each(pk, next);
  b.resolve(next);
  b.emit('Next', eph, top);
  b.resolve(end);
}

/** DELETE from WITHOUT ROWID table `t`. */
export function deleteWor(ctx: Ctx, st: DeleteStatement, t: Table, outer: Scope | null): void {
  ctx.writes = true;
  const b = ctx.b;
  fkBegin(ctx, inTrigger(ctx));
  const before = triggersFor(ctx, t.name, 'DELETE', 'BEFORE');
  const after = triggersFor(ctx, t.name, 'DELETE', 'AFTER');
  const shape = worShape(t);
  const c = collectKeys(ctx, t, st.alias, st.where, outer, st);
  const w = openWorTarget(ctx, t);
  const ret = returningBegin(ctx, t, st.returning, st.alias, w.cur);
  eachCollected(ctx, w, c, (pk, next) => {
    const old = before.length || after.length ? b.regs(t.columns.length) : 0;
    if (old) readWorRow(ctx, w, old);
    if (before.length) {
      fireTriggers(ctx, before, shape, { cols: old, rowid: 0 }, null, next, TRIGGER_STEPS);
      // The trigger may have deleted or moved the row.
      b.emit('NotFound', w.cur, next, pk, { kind: 'int', value: w.pk.columns.length });
    }
    if (ret) returningRow(ctx, ret);
    deleteWorRow(ctx, w, true);
    fireTriggers(ctx, after, shape, { cols: old, rowid: 0 }, null, next, TRIGGER_STEPS);
  });
  fkEnd(ctx, inTrigger(ctx));
  if (ret) returningEnd(ctx, ret);
}

/** UPDATE of WITHOUT ROWID table `t` with the SET targets `sets` (dml.ts setTargets). */
export function updateWor(ctx: Ctx, st: UpdateStatement, t: Table, outer: Scope | null, sets: Map<number, Expr>, byConstraint: boolean): void {
  if (sets.has(-1)) throw sqlError('no such column: rowid');
  ctx.writes = true;
  const b = ctx.b;
  fkBegin(ctx, inTrigger(ctx));
  const fk = fkInvolved(ctx, t);
  const n = t.columns.length;
  const pk = primaryKeyIndex(t);
  const pkChanged = pk.columns.some((c) => sets.has(c.column));
  const generated = t.columns.some((c) => c.generated);
  const changed = (i: number): boolean => sets.has(i) || (i >= 0 && !!t.columns[i].generated);
  const hit = t.indexes.map((ix) => pkChanged || generated || isComplexIndex(ix) || ix.columns.some((c) => sets.has(c.column)));
  const names = st.set.flatMap((x) => x.columns);
  const before = triggersFor(ctx, t.name, 'UPDATE', 'BEFORE', names);
  const after = triggersFor(ctx, t.name, 'UPDATE', 'AFTER', names);
  const fires = before.length > 0 || after.length > 0;
  const shape = worShape(t);
  const fireBefore = (w: WorTarget, oldCols: number, trigOld: number, cols: number, oldPk: number, next: Label): void => {
    if (!before.length) return;
    fireTriggers(ctx, before, shape, { cols: trigOld, rowid: 0 }, { cols: affinityCopy(ctx, t, cols), rowid: 0 }, next, TRIGGER_STEPS);
    // The trigger may have changed or deleted the row: found again, its columns outside SET re-read.
    b.emit('NotFound', w.cur, next, oldPk, { kind: 'int', value: pk.columns.length });
    readWorRow(ctx, w, oldCols);
    for (let i = 0; i < n; i++) if (!sets.has(i)) b.emit('SCopy', oldCols + i, cols + i);
  };
  const fireAfter = (trigOld: number, cols: number, next: Label): void => fireTriggers(ctx, after, shape, { cols: trigOld, rowid: 0 }, { cols, rowid: 0 }, next, TRIGGER_STEPS);
  if (st.from) {
    updateFromWor(ctx, st, t, outer, { sets, byConstraint, fk, fires, before: fireBefore, after: fireAfter });
    fkEnd(ctx, inTrigger(ctx));
    return;
  }
  // RETURNING and triggers make SQLite's UPDATE two-pass (RETURNING is a trigger there): PK order.
  const order = st.returning?.length || fires || fk ? null : (fullScan: boolean) => updateVisitOrder({ table: t, pk, where: st.where, fullScan, or: st.or, pkChanged, rewritten: (i) => hit[i] });
  const c = collectKeys(ctx, t, st.alias, st.where, outer, st, order);
  const w = openWorTarget(ctx, t);
  const src = c.scope.sources[0];
  src.cursor = w.cur;
  const scope = c.scope;
  const ret = returningBegin(ctx, t, st.returning, st.alias, w.cur);
  eachCollected(ctx, w, c, (oldPk, next) => {
    const oldCols = b.regs(n);
    readWorRow(ctx, w, oldCols);
    const cols = b.regs(n);
    for (let i = 0; i < n; i++) {
      const e = sets.get(i);
      if (e) codeExpr(ctx, scope, e, cols + i);
      else b.emit('SCopy', oldCols + i, cols + i);
    }
    const trigOld = fires ? b.regs(n) : 0;
    if (fires) b.emit('Copy', oldCols, trigOld, n - 1);
    fireBefore(w, oldCols, trigOld, cols, oldPk, next);
    const noRowid = b.reg();
    if (fk) {
      b.emit('Null', 0, noRowid);
      fkChildCheck(ctx, t, oldCols, noRowid, -1, changed);
      fkParentCheck(ctx, t, oldCols, noRowid, 1, 'UPDATE', changed);
    }
    writeWorRow(ctx, w, cols, st.or ?? 'ABORT', byConstraint, next, { cols: oldCols, pk: oldPk, pkChanged, changed, affected: (i) => hit[i] }, ret);
    if (fk) fireFkActions(ctx, t, 'UPDATE', { cols: oldCols, rowid: noRowid }, { cols, rowid: noRowid }, changed);
    fireAfter(trigOld, cols, next);
  });
  fkEnd(ctx, inTrigger(ctx));
  if (ret) returningEnd(ctx, ret);
}
