/**
 * `UPDATE t SET … FROM …` on a WITHOUT ROWID table: update-from.ts's two passes with the PRIMARY
 * KEY in place of the rowid (update.c keeps the PK and the SET values in its ephemeral table):
 * ```
 *   pass 1  loop over t, FROM… WHERE …: PK of t already collected? skip;
 *           else record [pk0 … pkK-1, v0, v1, …] → IdxInsert (ephemeral index keyed like the PK)
 *   pass 2  for each record, in PK order: NotFound t → skip; read the old row, take the SET
 *           values from the record, writeWorRow (wor-row.ts) with the old row
 * ```
 * The first joining FROM row supplies the values, as in update-from.ts. Triggers and foreign keys
 * are handled as wor-dml.ts's UPDATE handles them.
 *
 * @module
 */
import type { Expr, UpdateStatement } from '../parser/ast.js';
import type { Table } from '../schema/types.js';
import type { Label } from '../vdbe/program.js';
import type { Ctx } from './context.js';
import { fkChildCheck, fkParentCheck } from './check-fk.js';
import { fireFkActions } from './dml.js';
import { codeColumn, codeExpr } from './expr.js';
import { returningBegin, returningEnd } from './returning.js';
import { Scope } from './scope.js';
import { emitLoops, primaryKeyIndex } from './where.js';
import { joinUpdateFrom } from './update-from.js';
import { openWorTarget, pkKeyInfo, readWorRow, writeWorRow, type WorTarget } from './wor-row.js';

/** What wor-dml.ts's UPDATE decided for the statement (SET targets, triggers, FK, conflict rule). */
export interface WorUpdatePlan {
  sets: Map<number, Expr>;
  byConstraint: boolean;
  fk: boolean;
  /** Fires the BEFORE triggers (old, new registers; `next` skips the row) and re-reads the row; none: no-op. */
  before: (w: WorTarget, oldCols: number, trigOld: number, cols: number, oldPk: number, next: Label) => void;
  /** Fires the AFTER triggers. */
  after: (trigOld: number, cols: number, next: Label) => void;
  fires: boolean;
}

/**
 * Codes UPDATE … FROM on WITHOUT ROWID table `t` (see the module doc); `outer` is a trigger
 * body's OLD/NEW scope.
 * @throws SqliteError "ambiguous column name", unknown FROM sources or columns.
 */
export function updateFromWor(ctx: Ctx, st: UpdateStatement, t: Table, outer: Scope | null, plan: WorUpdatePlan): void {
  const b = ctx.b;
  const pk = primaryKeyIndex(t);
  const nPk = pk.columns.length;
  const n = t.columns.length;
  const order = [...plan.sets.keys()];
  const { scope, tsrc, terms, plan: joinPlan } = joinUpdateFrom(ctx, st, t, outer);
  const width = nPk + order.length;
  const eph = b.cursor();
  b.emit('OpenEphemeral', eph, width, 0, { kind: 'keyinfo', info: pkKeyInfo({ table: t }) });
  emitLoops(ctx, scope, joinPlan, terms, (exits) => {
    const regs = b.regs(width);
    pk.columns.forEach((c, k) => codeColumn(ctx, tsrc, c.column, regs + k));
    b.emit('Found', eph, exits.cont, regs, { kind: 'int', value: nPk });
    order.forEach((c, i) => codeExpr(ctx, scope, plan.sets.get(c)!, regs + nPk + i));
    const rec = b.reg();
    b.emit('MakeRecord', regs, width, rec);
    b.emit('IdxInsert', eph, rec);
  });
  for (const s of scope.sources) {
    s.covering = null;
    s.autoIndex = null;
  }
  const w = openWorTarget(ctx, t);
  const ret = returningBegin(ctx, t, st.returning, st.alias, w.cur);
  const pkChanged = pk.columns.some((c) => plan.sets.has(c.column));
  const generated = t.columns.some((c) => c.generated);
  const changed = (i: number): boolean => plan.sets.has(i) || (i >= 0 && !!t.columns[i].generated);
  const hit = t.indexes.map((ix) => pkChanged || generated || ix.where !== null || ix.columns.some((c) => c.column < 0 || plan.sets.has(c.column)));
  const end = b.label();
  const oldPk = b.regs(nPk);
  b.emit('Rewind', eph, end);
  const top = b.addr;
  const next = b.label();
  for (let k = 0; k < nPk; k++) b.emit('Column', eph, k, oldPk + k);
  b.emit('NotFound', w.cur, next, oldPk, { kind: 'int', value: nPk });
  const oldCols = b.regs(n);
  readWorRow(ctx, w, oldCols);
  const cols = b.regs(n);
  for (let i = 0; i < n; i++) {
    const at = order.indexOf(i);
    if (at >= 0) b.emit('Column', eph, nPk + at, cols + i);
    else b.emit('SCopy', oldCols + i, cols + i);
  }
  const trigOld = plan.fires ? b.regs(n) : 0;
  if (plan.fires) b.emit('Copy', oldCols, trigOld, n - 1);
  plan.before(w, oldCols, trigOld, cols, oldPk, next);
  const noRowid = b.reg();
  if (plan.fk) {
    b.emit('Null', 0, noRowid);
    fkChildCheck(ctx, t, oldCols, noRowid, -1, changed);
    fkParentCheck(ctx, t, oldCols, noRowid, 1, 'UPDATE', changed);
  }
  writeWorRow(ctx, w, cols, st.or ?? 'ABORT', plan.byConstraint, next, { cols: oldCols, pk: oldPk, pkChanged, changed, affected: (i) => hit[i] }, ret);
  if (plan.fk) fireFkActions(ctx, t, 'UPDATE', { cols: oldCols, rowid: noRowid }, { cols, rowid: noRowid }, changed);
  plan.after(trigOld, cols, next);
  b.resolve(next);
  b.emit('Next', eph, top);
  b.resolve(end);
  if (ret) returningEnd(ctx, ret);
}
