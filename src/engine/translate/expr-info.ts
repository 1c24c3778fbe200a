/**
 * Static facts about an expression the code generator needs: its affinity and collation
 * (datatype3 §3.2, §4.2, §7.1), whether it contains an aggregate, and a text key for matching
 * GROUP BY expressions.
 *
 * Affinity: a column reference has its column's; CAST(x AS T) has T's; COLLATE passes it through;
 * every other expression (unary `+` included) has none (0).
 *
 * Comparison affinity (sqlite3CompareAffinity): both sides with an affinity → NUMERIC when either
 * is numeric, else BLOB (no conversion); one side only → that side's; neither → none.
 *
 * Collation of a comparison (sqlite3BinaryCompareCollSeq): an explicit COLLATE on the left, else
 * on the right, else the left column's, else the right column's, else BINARY.
 *
 * @module
 */
import { affinityOf } from '../affinity.js';
import type { Expr, Select } from '../parser/ast.js';
import { printExpr } from '../parser/index.js';
import { AFF_BLOB, AFF_NUMERIC, AFF_TEXT } from '../vdbe/opcodes.js';
import { affinityCode } from '../vdbe/arith.js';
import { peekColumn, type Scope } from './scope.js';

/** AFF_* code of an affinity name. */
export function affCode(name: string): number {
  return affinityCode(name as 'INTEGER');
}

/**
 * The result column affinities of each SELECT coded so far, as SQLite takes a subquery's affinity:
 * from its head SELECT, the LAST part of a compound (VALUES: its last row), not the first
 * (sqlite3ExprAffinity on TK_SELECT reads pSelect->pEList). Filled by select.ts codeSelect.
 */
export const headAffinities = new WeakMap<Select, number[]>();

/**
 * The result column collations of each SELECT coded so far, from its head SELECT (a compound's last
 * part, as {@link headAffinities}): what `x IN (SELECT …)` compares under when neither side names
 * one explicitly (sqlite3CodeRhsOfIN's KeyInfo reads pSelect->pEList). Null where a column has no
 * collation of its own. Filled by select.ts codeSelect.
 */
export const headCollations = new WeakMap<Select, ({ name: string; explicit: boolean } | null)[]>();

/**
 * Affinity of `e` (0 = none). A scalar subquery has the affinity of its head SELECT's first column
 * once it has been coded ({@link headAffinities}), none before.
 */
export function exprAffinity(e: Expr, scope: Scope): number {
  switch (e.type) {
    case 'subquery':
      return headAffinities.get(e.select)?.[0] ?? 0;
    case 'column': {
      for (let s: Scope | null = scope; s; s = s.parent) {
        const r = peekColumn(s, e.table, e.name);
        if (r) return r.column < 0 ? affCode('INTEGER') : r.source.columns[r.column].affinity;
      }
      return 0;
    }
    case 'cast':
      return affCode(affinityOf(e.as));
    case 'collate':
      return exprAffinity(e.expr, scope);
    default:
      return 0;
  }
}

/** Affinity for comparing `a` with `b` (see the module doc). */
export function compareAffinity(a: number, b: number): number {
  if (a >= AFF_BLOB && b >= AFF_BLOB) return a >= AFF_NUMERIC || b >= AFF_NUMERIC ? AFF_NUMERIC : AFF_BLOB;
  if (a < AFF_BLOB && b < AFF_BLOB) return AFF_BLOB;
  return a >= AFF_BLOB ? a : b;
}

/** True when an index on a column of affinity `colAff` serves a comparison of affinity `cmpAff`. */
export function indexAffinityOk(cmpAff: number, colAff: number): boolean {
  if (cmpAff === AFF_BLOB || cmpAff === 0) return true;
  if (colAff === AFF_TEXT) return cmpAff === AFF_TEXT;
  return cmpAff >= AFF_NUMERIC && colAff >= AFF_NUMERIC;
}

/** True when `e` has a COLLATE operator somewhere below it (SQLite's EP_Collate), subqueries aside. */
function hasCollate(e: Expr): boolean {
  let found = false;
  walkExpr(e, (x) => {
    if (x.type === 'collate') found = true;
    return !found;
  });
  return found;
}

/**
 * The collation `e` carries (sqlite3ExprCollSeq): a column's own; an explicit COLLATE; else, when
 * a COLLATE lies below, the one reached by going to the left operand if it has one, else to the
 * first list element that has one (function arguments, CASE terms, IN list), else to the right
 * operand. Null when none.
 */
export function exprCollation(e: Expr, scope: Scope): { name: string; explicit: boolean } | null {
  if (e.type === 'collate') return { name: e.collation.toUpperCase(), explicit: true };
  if (e.type === 'column') {
    for (let s: Scope | null = scope; s; s = s.parent) {
      const r = peekColumn(s, e.table, e.name);
      if (r) return { name: r.column < 0 ? 'BINARY' : r.source.columns[r.column].collation, explicit: false };
    }
    return null;
  }
  if (!hasCollate(e)) return null;
  let left: Expr | null = null;
  let list: Expr[] = [];
  let right: Expr | null = null;
  switch (e.type) {
    case 'binary':
    case 'like':
      left = e.left;
      right = e.right;
      break;
    case 'unary':
      left = e.operand;
      break;
    case 'cast':
    case 'null-test':
    case 'in-select':
    case 'in-table':
      left = e.expr;
      break;
    case 'in-list':
      left = e.expr;
      list = e.list;
      break;
    case 'between':
      left = e.expr;
      list = [e.low, e.high];
      break;
    case 'case':
      left = e.operand;
      list = [...e.whens.flatMap((w) => [w.when, w.then]), ...(e.else ? [e.else] : [])];
      break;
    case 'function':
      list = e.args;
      break;
    default:
      return null;
  }
  const next = left && hasCollate(left) ? left : (list.find(hasCollate) ?? right);
  const r = next ? exprCollation(next, scope) : null;
  return r ? { name: r.name, explicit: true } : null;
}

/** Collation name for comparing `a` with `b`. */
export function compareCollation(a: Expr, b: Expr, scope: Scope): string {
  const l = exprCollation(a, scope);
  const r = exprCollation(b, scope);
  if (l?.explicit) return l.name;
  if (r?.explicit) return r.name;
  return l?.name ?? r?.name ?? 'BINARY';
}

const AGGREGATES = new Set(['count', 'sum', 'total', 'avg', 'min', 'max', 'group_concat', 'string_agg']);

/** True when `name(nArg args)` is an aggregate (min/max with one argument only). */
export function isAggregateCall(name: string, nArg: number, star: boolean, isAgg: (n: string, k: number) => boolean): boolean {
  const n = name.toLowerCase();
  if (star) return n === 'count';
  if ((n === 'min' || n === 'max') && nArg !== 1) return false;
  return AGGREGATES.has(n) || isAgg(n, nArg);
}

/** Calls `fn` on every sub-expression of `e` (not descending into subqueries). */
export function walkExpr(e: Expr, fn: (x: Expr) => boolean | void): void {
  if (fn(e) === false) return;
  const w = (x: Expr | null): void => {
    if (x) walkExpr(x, fn);
  };
  switch (e.type) {
    case 'unary':
      return w(e.operand);
    case 'binary':
    case 'like':
      w(e.left);
      w(e.right);
      return e.type === 'like' ? w(e.escape) : undefined;
    case 'between':
      w(e.expr);
      w(e.low);
      return w(e.high);
    case 'in-list':
      w(e.expr);
      return e.list.forEach(w);
    case 'in-select':
    case 'in-table':
      return w(e.expr);
    case 'null-test':
    case 'collate':
    case 'cast':
      return w(e.expr);
    case 'case':
      w(e.operand);
      for (const x of e.whens) {
        w(x.when);
        w(x.then);
      }
      return w(e.else);
    case 'function':
      e.args.forEach(w);
      return w(e.filter);
    case 'vector':
      return e.exprs.forEach(w);
    default:
      return;
  }
}

/** True when `e` contains a subquery. */
export function hasSubquery(e: Expr): boolean {
  let found = false;
  walkExpr(e, (x) => {
    if (x.type === 'subquery' || x.type === 'exists' || x.type === 'in-select' || x.type === 'in-table') found = true;
  });
  return found;
}

/** Text key of an expression, for matching GROUP BY / ORDER BY terms structurally. */
export function exprKey(e: Expr): string {
  return printExpr(e).toLowerCase();
}

/** The first SELECT core of a select (for result column names of compounds). */
export function firstCore(s: Select): Select['first'] {
  return s.first;
}
