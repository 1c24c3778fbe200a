/**
 * RETURNING on INSERT, UPDATE and DELETE (SQLite 3.35+, sqlite.org/lang_returning.html).
 *
 * As SQLite does, every modified row's RETURNING values are computed when the row is written
 * (the new row for INSERT and UPDATE, the old row for DELETE, read through the table cursor
 * positioned on it) and appended to an ephemeral table; the rows are returned only after the
 * statement has made all its changes:
 *
 * ```
 *   OpenEphemeral E n                   (returningBegin)
 *   … per written row: exprs → r[k..k+n-1]; MakeRecord; NewRowid E; Insert E   (returningRow)
 *   Rewind E; Column E 0..n-1; ResultRow; Next E                                 (returningEnd)
 * ```
 *
 * Result column names: `*` expands to the table's columns; an expression is named by its alias,
 * else by its text as written.
 *
 * @module
 */
import type { Expr, ResultColumn } from '../parser/ast.js';
import type { Table } from '../schema/types.js';
import { sqlError, type Ctx } from './context.js';
import { affCode } from './expr-info.js';
import { codeExpr } from './expr.js';
import { Scope } from './scope.js';

/** The state of one statement's RETURNING clause. */
export interface Returning {
  /** Ephemeral table accumulating the rows. */
  eph: number;
  exprs: Expr[];
  scope: Scope;
}

/**
 * Opens the accumulator and resolves the RETURNING list against table `t` read through the
 * write cursor `cur` (its name, or `alias`, qualifies columns); sets the statement's result
 * column names. Null when there is no RETURNING clause.
 * @throws SqliteError SQLITE_ERROR `RETURNING may not use "TABLE.*" wildcards` (unknown columns fail when coded).
 */
export function returningBegin(ctx: Ctx, t: Table, list: ResultColumn[] | null, alias: string | null, cur: number): Returning | null {
  if (!list) return null;
  const name = alias ?? t.name;
  const scope = new Scope(null);
  scope.sources.push({
    name,
    cursor: cur,
    columns: t.columns.map((c) => ({ name: c.name, affinity: affCode(c.affinity), collation: c.collation, declType: c.declType })),
    table: t,
    covering: null,
    hidden: new Set(),
    leftJoin: false,
    alsoNull: [],
    autoIndex: null,
  });
  const exprs: Expr[] = [];
  const names: string[] = [];
  for (const rc of list) {
    if (rc.type === 'table-star') throw sqlError('RETURNING may not use "TABLE.*" wildcards');
    if (rc.type === 'star') {
      t.columns.forEach((c) => {
        exprs.push({ type: 'column', schema: null, table: null, name: c.name, quote: null, offset: 0 });
        names.push(c.name);
      });
    } else {
      exprs.push(rc.expr);
      names.push(rc.alias ?? columnName(t, rc.expr) ?? rc.span);
    }
  }
  const eph = ctx.b.cursor();
  ctx.b.emit('OpenEphemeral', eph, exprs.length);
  ctx.resultColumns = names;
  return { eph, exprs, scope };
}

function columnName(t: Table, e: Expr): string | null {
  if (e.type !== 'column') return null;
  return t.columns.find((c) => c.name.toLowerCase() === e.name.toLowerCase())?.name ?? e.name;
}

/** Appends the RETURNING values of the row the table cursor is on to the accumulator. */
export function returningRow(ctx: Ctx, r: Returning): void {
  const b = ctx.b;
  const n = r.exprs.length;
  const regs = b.regs(n);
  r.exprs.forEach((e, i) => codeExpr(ctx, r.scope, e, regs + i));
  const rec = b.reg();
  const rid = b.reg();
  b.emit('MakeRecord', regs, n, rec);
  b.emit('NewRowid', r.eph, rid);
  b.emit('Insert', r.eph, rec, rid);
}

/** Returns the accumulated rows, in the order they were written. */
export function returningEnd(ctx: Ctx, r: Returning): void {
  const b = ctx.b;
  const n = r.exprs.length;
  const regs = b.regs(n);
  const end = b.label();
  b.emit('Rewind', r.eph, end);
  const top = b.addr;
  for (let i = 0; i < n; i++) b.emit('Column', r.eph, i, regs + i, null);
  b.emit('ResultRow', regs, n, 0, null, 0, n === 1 ? `output=r[${regs}]` : `output=r[${regs}..${regs + n - 1}]`);
  b.emit('Next', r.eph, top);
  b.resolve(end);
}
