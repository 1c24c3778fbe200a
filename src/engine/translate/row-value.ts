/**
 * Row values (lang_expr.html "Row Values"; SQLite's expr.c codeVectorCompare and
 * sqlite3ExprCodeIN for a vector): `(a, b) = (1, 2)`, `(a, b) < (SELECT x, y …)`, BETWEEN over row
 * values, `(a, b) IN ((1, 2), (3, 4))` and `(a, b) IN (SELECT x, y …)`.
 *
 * | form                  | result (three-valued)                                                  |
 * |-----------------------|------------------------------------------------------------------------|
 * | L = R, L IS R         | AND of the element comparisons (IS: NULLs equal, never NULL)           |
 * | L <> R, L IS NOT R    | NOT of the above                                                       |
 * | L < R (<=, >, >=)     | the first element pair that is not equal decides, by < (or >); a NULL |
 * |                       | met before that gives NULL; all but the last equal: the last pair by   |
 * |                       | the operator itself                                                    |
 * | L IN (R1, R2, …)      | OR of L = Ri                                                           |
 * | L IN (SELECT …)       | 1 when a row equals L; else NULL when L = some row is NULL; else 0     |
 * | CASE L WHEN R …       | the first WHEN whose L = R is true                                     |
 *
 * Every element is coded once into a register; each pair compares under its own affinity and
 * collation, chosen as for a scalar comparison (sqlite3BinaryCompareCollSeq: an explicit COLLATE on
 * the left, else on the right, else the left column's, else the right's). A subquery on either side
 * yields its first row (NULLs when it has none). Both sides must have the same number of elements.
 *
 * @module
 */
import type { BinaryOp, Expr, Select } from '../parser/ast.js';
import { AFF_BLOB, NULL_EQ } from '../vdbe/opcodes.js';
import type { Label } from '../vdbe/program.js';
import { sqlError, type Ctx } from './context.js';
import { compareAffinity, exprAffinity, exprCollation } from './expr-info.js';
import { collP4, exprToReg } from './expr.js';
import type { Scope } from './scope.js';
import { codeSubselectIndex, codeSubselectRow } from './subquery.js';

/** One element of a row value, coded: its register, affinity (AFF_*, 0 none) and collation. */
interface Elem {
  reg: number;
  aff: number;
  coll: { name: string; explicit: boolean } | null;
}

/** Number of result columns of `s` as written (a `*` counts as unknown: −1). */
function selectWidth(s: Select): number {
  const core = s.first;
  if (core.type === 'values') return core.rows[0]?.length ?? 1;
  return core.columns.some((c) => c.type !== 'expr') ? -1 : core.columns.length;
}

/** The number of elements of `e` as a row value: its length for `(a, b, …)` and a subquery of several columns, else 1. */
export function vectorWidth(e: Expr): number {
  if (e.type === 'vector') return e.exprs.length;
  if (e.type === 'subquery') return Math.max(1, selectWidth(e.select));
  return 1;
}

/** True when the comparison of `left` with `right` is one of row values. */
export function isVectorComparison(left: Expr, right: Expr): boolean {
  return left.type === 'vector' || right.type === 'vector' || vectorWidth(left) > 1 || vectorWidth(right) > 1;
}

/** Codes the elements of row value `e` of `n` elements. @throws SqliteError "row value misused" for a width mismatch. */
function elems(ctx: Ctx, scope: Scope, e: Expr, n: number): Elem[] {
  if (e.type === 'vector') {
    if (e.exprs.length !== n) throw sqlError('row value misused');
    return e.exprs.map((x) => {
      if (x.type === 'vector') throw sqlError('row value misused');
      return { reg: exprToReg(ctx, scope, x), aff: exprAffinity(x, scope), coll: exprCollation(x, scope) };
    });
  }
  if (e.type === 'subquery') {
    const row = codeSubselectRow(ctx, scope, e.select, n);
    return row.columns.map((c, i) => ({ reg: row.base + i, aff: c.affinity, coll: c.collation ? { name: c.collation, explicit: c.expr?.type === 'collate' } : null }));
  }
  throw sqlError('row value misused');
}

/** The width of `e` as written: −1 for a subquery with `*` (unknown until coded). */
function knownWidth(e: Expr): number {
  if (e.type === 'subquery') return selectWidth(e.select);
  return vectorWidth(e);
}

/** The width both sides of a row-value comparison share. @throws SqliteError "row value misused" when they differ. */
function commonWidth(left: Expr, right: Expr): number {
  const l = knownWidth(left);
  const r = knownWidth(right);
  if (l < 0 && r < 0) throw sqlError('row value misused');
  const n = l < 0 ? r : l;
  if (r >= 0 && r !== n) throw sqlError('row value misused');
  return n;
}

/** Collation of a pair (sqlite3BinaryCompareCollSeq). */
function pairCollation(l: Elem, r: Elem): string {
  if (l.coll?.explicit) return l.coll.name;
  if (r.coll?.explicit) return r.coll.name;
  return l.coll?.name ?? r.coll?.name ?? 'BINARY';
}

/** Codes `left op right` for row values into `target` (module table). */
export function codeVectorCompare(ctx: Ctx, scope: Scope, op: BinaryOp, left: Expr, right: Expr, target: number): void {
  const n = commonWidth(left, right);
  const l = elems(ctx, scope, left, n);
  const r = elems(ctx, scope, right, n);
  compareElems(ctx, op, l, r, target);
}

/**
 * For `CASE (a, b) WHEN (x, y) …`: codes the operand's elements once and returns the coder of one
 * WHEN's comparison (`operand = when`, three-valued) into a register.
 * @throws SqliteError "row value misused" when a WHEN's width differs.
 */
export function caseVector(ctx: Ctx, scope: Scope, operand: Expr): (when: Expr, target: number) => void {
  const n = knownWidth(operand);
  if (n < 0) throw sqlError('row value misused');
  const l = elems(ctx, scope, operand, n);
  return (when, target) => {
    if (knownWidth(when) >= 0 && knownWidth(when) !== n) throw sqlError('row value misused');
    compareElems(ctx, '=', l, elems(ctx, scope, when, n), target);
  };
}

function compareElems(ctx: Ctx, op: BinaryOp, l: Elem[], r: Elem[], target: number): void {
  const b = ctx.b;
  const n = l.length;
  const p = l.map((x, i) => ({ p5: compareAffinity(x.aff, r[i].aff), p4: collP4(pairCollation(x, r[i])) }));
  if (op === '=' || op === '!=' || op === 'IS' || op === 'IS NOT') {
    const is = op === 'IS' || op === 'IS NOT';
    const t = b.reg();
    b.emit('Integer', 1, target);
    for (let i = 0; i < n; i++) {
      b.emit('Integer', 1, t);
      if (is) {
        b.emit('Eq', r[i].reg, b.addr + 2, l[i].reg, p[i].p4, p[i].p5 | NULL_EQ);
        b.emit('Integer', 0, t);
      } else {
        b.emit('Eq', r[i].reg, b.addr + 2, l[i].reg, p[i].p4, p[i].p5);
        b.emit('ZeroOrNull', l[i].reg, t, r[i].reg);
      }
      b.emit('And', t, target, target);
    }
    if (op === '!=' || op === 'IS NOT') b.emit('Not', target, target);
    return;
  }
  const last = op === '<' ? 'Lt' : op === '<=' ? 'Le' : op === '>' ? 'Gt' : op === '>=' ? 'Ge' : null;
  if (last === null) throw sqlError('row value misused');
  const strict = last === 'Lt' || last === 'Le' ? 'Lt' : 'Gt';
  const opposite = strict === 'Lt' ? 'Gt' : 'Lt';
  const isTrue = b.label();
  const isFalse = b.label();
  const isNull = b.label();
  const done = b.label();
  for (let i = 0; i < n; i++) {
    const final = i === n - 1;
    b.emit(final ? last : strict, r[i].reg, isTrue, l[i].reg, p[i].p4, p[i].p5);
    if (!final) b.emit(opposite, r[i].reg, isFalse, l[i].reg, p[i].p4, p[i].p5);
    // Neither less nor greater: equal, or a NULL is involved (which decides: NULL).
    b.emit('IsNull', l[i].reg, isNull);
    b.emit('IsNull', r[i].reg, isNull);
  }
  b.resolve(isFalse);
  b.emit('Integer', 0, target);
  b.emit('Goto', 0, done);
  b.resolve(isTrue);
  b.emit('Integer', 1, target);
  b.emit('Goto', 0, done);
  b.resolve(isNull);
  b.emit('Null', 0, target);
  b.resolve(done);
}

/**
 * `x [NOT] IN (list)` where x or an item is a row value: as SQLite (parse.y, sqlite3MultiValues),
 * `x IN (VALUES item, item, …)`, so that the items are stored under the comparison affinities
 * before they are compared, as the rows of a subquery are.
 * @throws SqliteError "IN(...) element has k terms - expected n", or "row value misused".
 */
export function codeVectorInList(ctx: Ctx, scope: Scope, x: Expr, list: Expr[], not: boolean, target: number): void {
  const n = vectorWidth(x);
  const rows = list.map((item) => {
    if (item.type !== 'vector') throw sqlError('row value misused');
    if (item.exprs.length !== n) throw sqlError(n > 1 ? `IN(...) element has ${item.exprs.length} terms - expected ${n}` : 'row value misused');
    return item.exprs;
  });
  const offset = list[0]?.offset ?? 0;
  const values: Select = { type: 'select', with: null, first: { type: 'values', rows, offset }, compounds: [], orderBy: [], limit: null, offset, end: offset };
  // The VALUES columns compare as its last row's elements (SQLite's head SELECT of the compound is
  // the last row; exprINAffinity and sqlite3CodeRhsOfIN read it; measured on 3.40 and 3.53).
  const last = rows[rows.length - 1];
  codeVectorInSelect(ctx, scope, x, values, not, target, last.map((e) => ({ aff: exprAffinity(e, scope), coll: exprCollation(e, scope) })));
}

/**
 * `x [NOT] IN (SELECT …)` where x is a row value: the rows go into an ephemeral index, each column
 * under its pair's comparison affinity; x (likewise) is looked up by its whole key. When x holds a
 * NULL, or it is not found and some row holds a NULL, the rows are compared one by one, so that a
 * row equal but for NULLs gives NULL; a miss with no NULL on either side is 0 at once (SQLite's
 * rRhsHasNull). Whether a row holds a NULL is found on the first miss of a statement's run and kept
 * (a correlated subquery, whose rows change, looks every time).
 */
export function codeVectorInSelect(ctx: Ctx, scope: Scope, x: Expr, select: Select, not: boolean, target: number, right?: { aff: number; coll: Elem['coll'] }[]): void {
  const b = ctx.b;
  const n = vectorWidth(x);
  const lx = elems(ctx, scope, x, n);
  const rhs = codeSubselectIndex(ctx, scope, select, lx.map((e) => e.aff), lx.map((e) => e.coll), right);
  // The probe: copies of x's elements under the comparison affinities.
  const probe = b.regs(n);
  for (let i = 0; i < n; i++) b.emit('SCopy', lx[i].reg, probe + i);
  const aff = rhs.columns.map((c) => String.fromCharCode(c.affinity === 0 ? AFF_BLOB : c.affinity)).join('');
  b.emit('Affinity', probe, n, 0, { kind: 'affinity', value: aff });
  const done = b.label();
  const isTrue = b.label();
  const scan = b.label();
  b.emit('Integer', 0, target);
  b.emit('Rewind', rhs.cursor, done);
  for (let i = 0; i < n; i++) b.emit('IsNull', probe + i, scan);
  b.emit('Found', rhs.cursor, isTrue, probe, { kind: 'int', value: n });
  // Not found, no NULL in x: the result is NULL only if some row has a NULL where the other
  // elements could match. Without a NULL among the rows it is 0 (the target already).
  codeRowsHoldNull(ctx, rhs.cursor, n, rhs.correlated, done);
  // x holds a NULL, or a row does: compare every row.
  b.resolve(scan);
  const row = b.regs(n);
  const t = b.reg();
  const rowElems: Elem[] = rhs.columns.map((c, i) => ({ reg: row + i, aff: 0, coll: { name: c.collation, explicit: true } }));
  const probeElems: Elem[] = lx.map((_, i) => ({ reg: probe + i, aff: 0, coll: null }));
  b.emit('Rewind', rhs.cursor, done);
  const top = b.addr;
  for (let i = 0; i < n; i++) b.emit('Column', rhs.cursor, i, row + i);
  compareElems(ctx, '=', probeElems, rowElems, t);
  const next = b.label();
  b.emit('NotNull', t, next);
  b.emit('Null', 0, target);
  b.resolve(next);
  b.emit('Next', rhs.cursor, top);
  b.emit('Goto', 0, done);
  b.resolve(isTrue);
  b.emit('Integer', 1, target);
  b.resolve(done);
  if (not) b.emit('Not', target, target);
}

/**
 * Jumps to `none` when no row of the n-column ephemeral index `cursor` holds a NULL; falls through
 * otherwise. The answer is kept in a register for the rest of the statement's run (registers start
 * every run as NULL: not known yet), unless `correlated` (the rows change between evaluations).
 */
function codeRowsHoldNull(ctx: Ctx, cursor: number, n: number, correlated: boolean, none: Label): void {
  const b = ctx.b;
  const flag = b.reg();
  const known = b.label();
  if (!correlated) b.emit('NotNull', flag, known);
  b.emit('Integer', 0, flag);
  const col = b.reg();
  const found = b.label();
  const end = b.label();
  b.emit('Rewind', cursor, end);
  const top = b.addr;
  for (let i = 0; i < n; i++) {
    b.emit('Column', cursor, i, col);
    b.emit('IsNull', col, found);
  }
  b.emit('Next', cursor, top);
  b.emit('Goto', 0, end);
  b.resolve(found);
  b.emit('Integer', 1, flag);
  b.resolve(end);
  b.resolve(known);
  b.emit('IfNot', flag, none);
}
