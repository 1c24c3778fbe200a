/**
 * Generated columns (gencol.html; SQLite's sqlite3ComputeGeneratedColumns and
 * sqlite3ExprCodeGeneratedColumn, insert.c / expr.c).
 *
 * A generated column's value is its expression over the other columns of the same row, with the
 * column's affinity applied to the result. A STORED column's value is computed when the row is
 * written and kept in the record; a VIRTUAL column has no place in the record (schema/types.ts,
 * invariant 2) and is computed each time it is read.
 *
 * Reading (`codeVirtualColumn`): the expression is coded in a scope whose one source is the row's
 * own source (same cursor, same covering index), so its column references read the same row.
 * Writing (`computeGenerated`): the row is in registers r[cols + i]; the generated columns are
 * computed in dependency order (a column after the generated columns it names: CREATE TABLE
 * refuses loops, build.ts), each through a scope over those registers (Source.regs).
 *
 * Invariants:
 * 1. Before `computeGenerated`, the ordinary columns' registers already hold their values with the
 *    column affinities applied (SQLite applies affinity first, so `b AS (typeof(a))` sees the
 *    converted a).
 * 2. A register source reads the INTEGER PRIMARY KEY column as r[rowid].
 *
 * @module
 */
import type { Table } from '../schema/types.js';
import type { Ctx } from './context.js';
import { codeColumn, codeExpr } from './expr.js';
import { affCode } from './expr-info.js';
import { Scope, type Source } from './scope.js';

/** True when column `i` of `t` is a VIRTUAL generated column (no record position). */
export function isVirtual(t: Table, i: number): boolean {
  const g = t.columns[i].generated;
  return !!g && !g.stored;
}

/** True when `t` has a generated column. */
export function hasGenerated(t: Table): boolean {
  return t.columns.some((c) => c.generated);
}

const ownScopes = new WeakMap<Source, Scope>();

/**
 * A scope holding only `source` (the same object: its covering index may change while the
 * statement is coded). Unqualified names, the only kind SQLite's generated columns use, resolve.
 */
function ownScope(source: Source): Scope {
  let s = ownScopes.get(source);
  if (!s) {
    s = new Scope(null);
    s.sources.push(source);
    ownScopes.set(source, s);
  }
  return s;
}

function applyColumnAffinity(ctx: Ctx, t: Table, i: number, reg: number): void {
  const aff = affCode(t.columns[i].affinity);
  // BLOB affinity (none) changes nothing: SQLite emits no Affinity for it.
  if (t.columns[i].affinity !== 'BLOB') ctx.b.emit('Affinity', reg, 1, 0, { kind: 'affinity', value: String.fromCharCode(aff) });
}

/** Codes the value of VIRTUAL column `column` of the row `source` is on into r[target]. */
export function codeVirtualColumn(ctx: Ctx, source: Source, column: number, target: number): void {
  const t = source.table!;
  codeExpr(ctx, ownScope(source), t.columns[column].generated!.expr, target);
  applyColumnAffinity(ctx, t, column, target);
}

/** A scope over a row of `t` held in registers (invariant 2); its source is named `name` (default: as the table). */
export function registerScope(t: Table, cols: number, rowid: number, name = t.name): Scope {
  const scope = new Scope(null);
  const columns = t.columns.map((c) => ({ name: c.name, affinity: affCode(c.affinity), collation: c.collation, declType: c.declType }));
  scope.sources.push({ name, cursor: -1, columns, table: t, covering: null, hidden: new Set(), leftJoin: false, alsoNull: [], autoIndex: null, regs: { cols, rowid } });
  return scope;
}

/** Generated columns of `t` in an order where each comes after the generated columns it names. */
function generatedOrder(t: Table): number[] {
  const lower = t.columns.map((c) => c.name.toLowerCase());
  const out: number[] = [];
  const seen = new Set<number>();
  const visit = (i: number): void => {
    if (seen.has(i)) return;
    seen.add(i);
    for (const n of columnNames(t.columns[i].generated!.expr)) {
      const j = lower.indexOf(n);
      if (j >= 0 && t.columns[j].generated) visit(j);
    }
    out.push(i);
  };
  t.columns.forEach((c, i) => {
    if (c.generated) visit(i);
  });
  return out;
}

function columnNames(e: unknown): string[] {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as { type?: unknown; name?: unknown };
      if (o.type === 'column' && typeof o.name === 'string') out.push(o.name.toLowerCase());
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(e);
  return out;
}

/**
 * Computes the generated columns of the row in r[cols…] (rowid in r[rowid]) into their registers,
 * each with its column affinity; `virtualOnly` leaves STORED columns as they are (a row read back
 * from its record). Invariant 1 must hold.
 */
export function computeGenerated(ctx: Ctx, t: Table, cols: number, rowid: number, virtualOnly = false): void {
  const order = generatedOrder(t).filter((i) => !virtualOnly || isVirtual(t, i));
  if (!order.length) return;
  const scope = registerScope(t, cols, rowid);
  for (const i of order) {
    codeExpr(ctx, scope, t.columns[i].generated!.expr, cols + i);
    applyColumnAffinity(ctx, t, i, cols + i);
  }
}

/**
 * The registers MakeRecord should read for the row in r[cols…]: `cols` itself when every column
 * has a record position, else a fresh block the stored columns are copied to in record order.
 * Returns the first register and the field count.
 */
export function recordRegs(ctx: Ctx, t: Table, cols: number): { start: number; n: number } {
  const n = t.columns.length;
  if (!t.columns.some((_, i) => isVirtual(t, i))) return { start: cols, n };
  const stored = t.columns.map((_, i) => i).filter((i) => !isVirtual(t, i));
  const start = ctx.b.regs(stored.length);
  stored.forEach((i) => ctx.b.emit('SCopy', cols + i, start + t.recordIndex[i]));
  return { start, n: stored.length };
}

/**
 * Codes column `column` of the row table cursor `cursor` of `t` is on into r[target] (a VIRTUAL
 * column computed, others read as codeColumn reads them): for code that walks a table without
 * a FROM scope, such as CREATE INDEX.
 */
export function codeTableColumn(ctx: Ctx, t: Table, cursor: number, column: number, target: number): void {
  const columns = t.columns.map((c) => ({ name: c.name, affinity: affCode(c.affinity), collation: c.collation, declType: c.declType }));
  codeColumn(ctx, { name: t.name, cursor, columns, table: t, covering: null, hidden: new Set(), leftJoin: false, alsoNull: [], autoIndex: null }, column, target);
}
