/**
 * INSERT, UPDATE and DELETE on a view with INSTEAD OF triggers (lang_createtrigger.html §"INSTEAD
 * OF triggers"): nothing is written to the view; for every row the statement would change, its
 * INSTEAD OF triggers fire (trigger.ts) with OLD and NEW holding view rows.
 *
 * ```
 *   INSERT   each VALUES / SELECT row → NEW (columns not named: NULL; no affinity, as insert.c)
 *   DELETE   view rows matching WHERE → ephemeral table (OLD); then fire per row
 *   UPDATE   view rows matching WHERE → ephemeral table (OLD ‖ NEW, 2n columns); then fire per row
 * ```
 * The rows are collected before any trigger fires, since the triggers may change the tables the
 * view reads. No change is counted (changes() stays 0), as in SQLite.
 *
 * @module
 */
import type { DeleteStatement, Expr, FromClause, InsertStatement, UpdateStatement } from '../parser/ast.js';
import type { Label } from '../vdbe/program.js';
import { sqlError, type Ctx } from './context.js';
import { codeExpr } from './expr.js';
import { materializeValues } from './dml.js';
import { buildFrom } from './from.js';
import { Scope, type Source } from './scope.js';
import { codeSelect } from './select.js';
import { fireTriggers, triggersFor, type StepCoders, type TriggerShape } from './trigger.js';
import { emitLoops, exprMask, planJoin, splitAnd, type WhereTerm } from './where.js';

/** True when `name` is a view with an INSTEAD OF trigger for `event` that may fire now. */
export function insteadOf(ctx: Ctx, name: string, event: 'INSERT' | 'UPDATE' | 'DELETE'): boolean {
  return ctx.schema.views.has(name.toLowerCase()) && triggersFor(ctx, name, event, 'INSTEAD OF').length > 0;
}

function viewFrom(name: string, alias: string | null): FromClause {
  return { items: [{ join: null, source: { type: 'table', name: { schema: null, name, offset: 0 }, indexedBy: null, notIndexed: false }, alias, on: null, using: null }] };
}

function shapeOf(src: Source): TriggerShape {
  return { columns: src.columns, rowidAlias: -1, hasRowid: false };
}

/** The view's columns, from code that never runs (only the names and count are wanted). */
function viewColumns(ctx: Ctx, name: string, outer: Scope | null): Source {
  const b = ctx.b;
  const over = b.label();
  b.emit('Goto', 0, over);
  const scope = new Scope(outer);
  buildFrom(ctx, scope, viewFrom(name, null));
  b.resolve(over);
  return scope.sources[0];
}

/** INSERT INTO view … with INSTEAD OF INSERT triggers. */
export function codeViewInsert(ctx: Ctx, st: InsertStatement, outer: Scope | null, coders: StepCoders): void {
  if (st.upsert.length) throw sqlError(`cannot UPSERT a view`);
  if (st.returning) throw sqlError('RETURNING on a view is not supported yet');
  ctx.writes = true;
  const b = ctx.b;
  const src = viewColumns(ctx, st.table.name, outer);
  const n = src.columns.length;
  const target = st.columns
    ? st.columns.map((name) => {
        const i = src.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
        if (i < 0) throw sqlError(`table ${st.table.name} has no column named ${name}`);
        return i;
      })
    : src.columns.map((_, i) => i);
  const triggers = triggersFor(ctx, st.table.name, 'INSERT', 'INSTEAD OF');
  const cols = b.regs(n);
  const fire = (values: (j: number) => void): void => {
    const skip = b.label();
    b.emit('Null', 0, cols, cols + n - 1);
    target.forEach((_, j) => values(j));
    fireTriggers(ctx, triggers, shapeOf(src), null, { cols, rowid: 0 }, skip, coders);
    b.resolve(skip);
  };
  const count = (k: number): void => {
    if (k !== target.length) throw sqlError(st.columns ? `${k} values for ${target.length} columns` : `table ${st.table.name} has ${n} columns but ${k} values were supplied`);
  };
  const sel = st.select;
  if (!sel) return fire(() => {});
  const rows = sel.first.type === 'values' && sel.compounds.length === 0 && !sel.orderBy.length && !sel.limit && !sel.with ? sel.first.rows : null;
  // One row is coded in line; several go through the loop below, so that the triggers' code is
  // emitted once.
  if (rows && rows.length === 1 && !JSON.stringify(rows).includes('"select"')) {
    const scope = new Scope(outer);
    count(rows[0].length);
    fire((j) => codeExpr(ctx, scope, rows[0][j], cols + target[j]));
    return;
  }
  let eph: number;
  if (rows) eph = materializeValues(ctx, rows, target.length, new Scope(outer), count);
  else {
    eph = b.cursor();
    const open = b.emit('OpenEphemeral', eph, 0);
    const info = codeSelect(ctx, sel, { kind: 'table', cursor: eph }, outer);
    b.insns[open].p2 = info.columns.length;
    count(info.columns.length);
  }
  const end = b.label();
  b.emit('Rewind', eph, end);
  const top = b.addr;
  fire((j) => b.emit('Column', eph, j, cols + target[j]));
  b.emit('Next', eph, top);
  b.resolve(end);
}

/**
 * Collects the view rows matching `where` into a new ephemeral table, `width` columns each as
 * `row` codes them from the view source; returns the table's cursor and the view source.
 */
function collectViewRows(ctx: Ctx, name: string, alias: string | null, where: Expr | null, outer: Scope | null, width: (src: Source) => number, row: (scope: Scope, src: Source, regs: number) => void): { eph: number; src: Source } {
  const b = ctx.b;
  const scope = new Scope(outer);
  buildFrom(ctx, scope, viewFrom(name, alias));
  const src = scope.sources[0];
  const w = width(src);
  const eph = b.cursor();
  b.emit('OpenEphemeral', eph, w);
  const terms: WhereTerm[] = splitAnd(where).map((expr) => ({ expr, mask: exprMask(expr, scope), onSource: -1, coded: false }));
  const plan = planJoin(scope, terms, [null], true);
  emitLoops(ctx, scope, plan, terms, () => {
    const regs = b.regs(w);
    row(scope, src, regs);
    const rec = b.reg();
    const rid = b.reg();
    b.emit('MakeRecord', regs, w, rec);
    b.emit('NewRowid', eph, rid);
    b.emit('Insert', eph, rec, rid);
  });
  return { eph, src };
}

/** Loops over the collected rows, reading `w` columns into fresh registers for `body`. */
function eachRow(ctx: Ctx, eph: number, w: number, body: (regs: number, next: Label) => void): void {
  const b = ctx.b;
  const end = b.label();
  b.emit('Rewind', eph, end);
  const top = b.addr;
  const next = b.label();
  const regs = b.regs(w);
  for (let i = 0; i < w; i++) b.emit('Column', eph, i, regs + i);
  body(regs, next);
  b.resolve(next);
  b.emit('Next', eph, top);
  b.resolve(end);
}

/** DELETE FROM view … with INSTEAD OF DELETE triggers. */
export function codeViewDelete(ctx: Ctx, st: DeleteStatement, outer: Scope | null, coders: StepCoders): void {
  if (st.returning) throw sqlError('RETURNING on a view is not supported yet');
  ctx.writes = true;
  const triggers = triggersFor(ctx, st.table.name, 'DELETE', 'INSTEAD OF');
  const copy = (src: Source, regs: number): void => src.columns.forEach((_, i) => ctx.b.emit('Column', src.cursor, i, regs + i));
  const { eph, src } = collectViewRows(ctx, st.table.name, st.alias, st.where, outer, (s) => s.columns.length, (_scope, s, regs) => copy(s, regs));
  eachRow(ctx, eph, src.columns.length, (regs, next) => fireTriggers(ctx, triggers, shapeOf(src), { cols: regs, rowid: 0 }, null, next, coders));
}

/** UPDATE view … with INSTEAD OF UPDATE triggers. */
export function codeViewUpdate(ctx: Ctx, st: UpdateStatement, outer: Scope | null, coders: StepCoders): void {
  if (st.returning) throw sqlError('RETURNING on a view is not supported yet');
  if (st.from) throw sqlError('UPDATE … FROM on a view is not supported yet');
  ctx.writes = true;
  const names = st.set.flatMap((s) => s.columns);
  const triggers = triggersFor(ctx, st.table.name, 'UPDATE', 'INSTEAD OF', names);
  const { eph, src } = collectViewRows(
    ctx,
    st.table.name,
    st.alias,
    st.where,
    outer,
    (s) => 2 * s.columns.length,
    (scope, s, regs) => {
      const n = s.columns.length;
      const sets = new Map<number, Expr>();
      for (const c of st.set) {
        if (c.columns.length !== 1) throw sqlError('row value misused');
        const i = s.columns.findIndex((x) => x.name.toLowerCase() === c.columns[0].toLowerCase());
        if (i < 0) throw sqlError(`no such column: ${c.columns[0]}`);
        sets.set(i, c.expr);
      }
      for (let i = 0; i < n; i++) ctx.b.emit('Column', s.cursor, i, regs + i);
      for (let i = 0; i < n; i++) {
        const e = sets.get(i);
        if (e) codeExpr(ctx, scope, e, regs + n + i);
        else ctx.b.emit('SCopy', regs + i, regs + n + i);
      }
    },
  );
  const n = src.columns.length;
  eachRow(ctx, eph, 2 * n, (regs, next) => fireTriggers(ctx, triggers, shapeOf(src), { cols: regs, rowid: 0 }, { cols: regs + n, rowid: 0 }, next, coders));
}
