/**
 * UPSERT on a WITHOUT ROWID table (upsert.c; the rowid table's version is upsert.ts): each ON
 * CONFLICT clause's target names the PRIMARY KEY or a UNIQUE index by its columns (the last
 * clause may omit it: every constraint); the targeted constraints are checked first, in clause
 * order. On a conflict the first matching clause acts: DO NOTHING skips the row; DO UPDATE finds
 * the existing row by the PK read from the conflicting entry, makes the proposed row the
 * `excluded` pseudo-table, tests the WHERE, and rewrites that row as an UPDATE would (ABORT on
 * its own conflicts; counted in changes(); its UPDATE triggers fire, foreign keys are checked).
 *
 * Constraint numbers are wor-row.ts's: −1 the PRIMARY KEY, else a position in `table.indexes`.
 *
 * @module
 */
import type { UpsertClause } from '../parser/ast.js';
import type { Index, Table } from '../schema/types.js';
import type { Label } from '../vdbe/program.js';
import { sqlError, type Ctx } from './context.js';
import { setTargets } from './dml.js';
import { codeExpr } from './expr.js';
import type { Returning } from './returning.js';
import { Scope } from './scope.js';
import { indexMatchesTarget, sourceOf, upsertTargetTerms } from './upsert.js';
import { affinityCopy, readWorRow, worIndexList, worShape, writeWorRow, type WorTarget } from './wor-row.js';
import { fkChildCheck, fkInvolved, fkParentCheck } from './check-fk.js';
import { fireFkActions, TRIGGER_STEPS } from './dml.js';
import { fireTriggers, triggersFor } from './trigger.js';

/** UPSERT's part in writeWorRow's checks: constraints checked first, and the conflict handler. */
export interface WorUpsert {
  first: number[];
  /** Codes the action for a conflict with constraint `which` against the row whose PK is in r[otherPk…]; false when no clause covers it. */
  handle(which: number, otherPk: number, skip: Label): boolean;
}

/** The constraint a clause's target names (sqlite3UpsertAnalyzeTarget); null: any. */
function resolveTarget(t: Table, clause: UpsertClause): number | null {
  if (!clause.target) return null;
  const terms = upsertTargetTerms(t, clause);
  const matches = (ix: Index): boolean => indexMatchesTarget(ix, terms, clause);
  // The first match in Table.pIndex order (a term without COLLATE matches any collation).
  const found = worIndexList(t).find(matches);
  if (!found) throw sqlError('ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint');
  return found.origin === 'pk' && found.rootPage === t.rootPage ? -1 : t.indexes.indexOf(found);
}


/**
 * The UPSERT hook of an INSERT into WITHOUT ROWID table `w.table` whose proposed row is in
 * r[cols…]; `alias` names the target table in the clauses.
 * @throws SqliteError "ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint",
 *   unknown columns.
 */
export function worUpsert(ctx: Ctx, w: WorTarget, clauses: UpsertClause[], alias: string | null, cols: number, ret: Returning | null): WorUpsert {
  const t = w.table;
  const targets = clauses.map((c) => resolveTarget(t, c));
  const sets = clauses.map((c) => (c.action.type === 'update' ? setTargets(t, c.action.set) : null));
  for (const s of sets) if (s?.has(-1)) throw sqlError('no such column: rowid');
  const first: number[] = [];
  for (const x of targets) if (x !== null && !first.includes(x)) first.push(x);
  return {
    first,
    handle(which, otherPk, skip) {
      const k = targets.findIndex((x) => x === which || x === null);
      if (k < 0) return false;
      const clause = clauses[k];
      const b = ctx.b;
      if (clause.action.type === 'nothing') {
        b.emit('Goto', 0, skip);
        return true;
      }
      const nPk = w.pk.columns.length;
      b.emit('NotFound', w.cur, skip, otherPk, { kind: 'int', value: nPk });
      const n = t.columns.length;
      const exc = b.regs(n);
      for (let i = 0; i < n; i++) {
        b.emit('SCopy', cols + i, exc + i);
        if (t.columns[i].affinity === 'REAL') b.emit('RealAffinity', exc + i);
      }
      const rec = b.reg();
      b.emit('MakeRecord', exc, n, rec);
      const pc = b.cursor();
      b.emit('OpenPseudo', pc, rec, n);
      const outer = new Scope(null);
      outer.sources.push(sourceOf(t, 'excluded', pc));
      const scope = new Scope(outer);
      scope.sources.push({ ...sourceOf(t, alias ?? t.name, w.cur), table: t });
      if (clause.action.where) {
        const r = b.reg();
        codeExpr(ctx, scope, clause.action.where, r);
        b.emit('IfNot', r, skip, 1);
      }
      const set = sets[k]!;
      const oldCols = b.regs(n);
      readWorRow(ctx, w, oldCols);
      const oldPk = b.regs(nPk);
      w.pk.columns.forEach((c, j) => b.emit('SCopy', oldCols + c.column, oldPk + j));
      const next = b.regs(n);
      for (let i = 0; i < n; i++) {
        const e = set.get(i);
        if (e) codeExpr(ctx, scope, e, next + i);
        else b.emit('SCopy', oldCols + i, next + i);
      }
      const pkChanged = w.pk.columns.some((c) => set.has(c.column));
      const generated = t.columns.some((c) => c.generated);
      const hit = t.indexes.map((ix) => pkChanged || generated || ix.where !== null || ix.columns.some((c) => c.column < 0 || set.has(c.column)));
      const changed = (i: number): boolean => set.has(i) || (i >= 0 && !!t.columns[i].generated);
      // The UPDATE triggers and foreign keys of the rewrite, as wor-dml.ts's UPDATE codes them.
      const names = (clause.action as { set: { columns: string[] }[] }).set.flatMap((c) => c.columns);
      const before = triggersFor(ctx, t.name, 'UPDATE', 'BEFORE', names);
      const after = triggersFor(ctx, t.name, 'UPDATE', 'AFTER', names);
      const shape = worShape(t);
      const trigOld = before.length || after.length ? b.regs(n) : 0;
      if (trigOld) b.emit('Copy', oldCols, trigOld, n - 1);
      if (before.length) {
        fireTriggers(ctx, before, shape, { cols: trigOld, rowid: 0 }, { cols: affinityCopy(ctx, t, next), rowid: 0 }, skip, TRIGGER_STEPS);
        b.emit('NotFound', w.cur, skip, oldPk, { kind: 'int', value: nPk });
        readWorRow(ctx, w, oldCols);
        for (let i = 0; i < n; i++) if (!set.has(i)) b.emit('SCopy', oldCols + i, next + i);
      }
      const fk = fkInvolved(ctx, t);
      const noRowid = b.reg();
      if (fk) {
        b.emit('Null', 0, noRowid);
        fkChildCheck(ctx, t, oldCols, noRowid, -1, changed);
        fkParentCheck(ctx, t, oldCols, noRowid, 1, 'UPDATE', changed);
      }
      writeWorRow(ctx, w, next, 'ABORT', false, skip, { cols: oldCols, pk: oldPk, pkChanged, changed, affected: (i) => hit[i] }, ret);
      if (fk) fireFkActions(ctx, t, 'UPDATE', { cols: oldCols, rowid: noRowid }, { cols: next, rowid: noRowid }, changed);
      fireTriggers(ctx, after, shape, { cols: trigOld, rowid: 0 }, { cols: next, rowid: 0 }, skip, TRIGGER_STEPS);
      b.emit('Goto', 0, skip);
      return true;
    },
  };
}
