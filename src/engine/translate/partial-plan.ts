/**
 * When the planner may use a partial index (SQLite's whereUsablePartialIndex and, for the simple
 * cases, sqlite3ExprImpliesExpr, where.c / expr.c): every AND-term of the index's WHERE must be
 * implied by one WHERE term of the query, so that each row the query can return has an entry.
 *
 * A query term E1 implies an index term E2 when
 * 1. E1 and E2 are the same expression, their columns the same columns of the indexed table;
 * 2. E2 is `A OR B` and E1 implies A or B;
 * 3. E2 is `x IS NOT NULL` / `x NOTNULL` (x a column of the table) and E1 is a comparison
 *    (`=`, `<>`, `<`, `<=`, `>`, `>=`), a BETWEEN or an `IN (…)` with x as its left or right operand:
 *    such a term is never true for a NULL x.
 *
 * Which query terms count (whereUsablePartialIndex): for the right-hand table of a LEFT JOIN only
 * its own ON terms; else the WHERE terms and no other table's ON terms.
 *
 * Also here, for indexes on expressions: {@link indexExpressions} finds a query expression that is
 * an index's key expression, so that a term `expr op value` can drive a seek as a column's would.
 *
 * @module
 */
import type { Expr } from '../parser/ast.js';
import type { Index } from '../schema/types.js';
import { sameExpr } from './index-key.js';
import { peekColumn, type Scope } from './scope.js';

/** A WHERE / ON term as where.ts keeps it (only what this module reads). */
interface Term {
  expr: Expr;
  onSource: number;
}

const IGNORED = new Set(['offset', 'end', 'quote', 'table', 'schema']);
const ROWID_NAMES = ['rowid', 'oid', '_rowid_'];
const COMPARISONS = new Set(['=', '==', '<>', '!=', '<', '<=', '>', '>=']);

/**
 * Comparers between query expressions (names resolved in `scope`) and index expressions (names of
 * the table of source `si`): `same` is sqlite3ExprCompare's equality after name resolution.
 */
function matcher(scope: Scope, si: number): { same: (q: unknown, x: unknown) => boolean; queryColumn: (e: Expr) => number | null; indexColumn: (e: Expr) => number | null } {
  const t = scope.sources[si].table!;
  // Column of the indexed table a node names: on the query side through the scope, on the index
  // side by name (an index expression or WHERE reads only its table).
  const queryColumn = (e: Expr): number | null => {
    if (e.type !== 'column') return null;
    const r = peekColumn(scope, e.table, e.name);
    if (!r || r.sourceIndex !== si) return null;
    return r.column === t.rowidAlias ? -1 : r.column;
  };
  const indexColumn = (e: Expr): number | null => {
    if (e.type !== 'column') return null;
    const i = t.columns.findIndex((c) => c.name.toLowerCase() === e.name.toLowerCase());
    if (i >= 0) return i === t.rowidAlias ? -1 : i;
    return ROWID_NAMES.includes(e.name.toLowerCase()) ? -1 : null;
  };
  const same = (q: unknown, x: unknown): boolean => {
    if (q === x) return true;
    if (typeof q === 'string' && typeof x === 'string') return q.toLowerCase() === x.toLowerCase();
    if (Array.isArray(q) || Array.isArray(x)) return Array.isArray(q) && Array.isArray(x) && q.length === x.length && q.every((v, i) => same(v, x[i]));
    if (!q || !x || typeof q !== 'object' || typeof x !== 'object') return false;
    const qe = q as Expr;
    const xe = x as Expr;
    if (qe.type === 'column' || xe.type === 'column') {
      const a = qe.type === 'column' ? queryColumn(qe) : null;
      return a !== null && a === (xe.type === 'column' ? indexColumn(xe) : null);
    }
    const kq = Object.keys(q).filter((k) => !IGNORED.has(k));
    const kx = Object.keys(x).filter((k) => !IGNORED.has(k));
    return kq.length === kx.length && kq.every((k) => same((q as Record<string, unknown>)[k], (x as Record<string, unknown>)[k]));
  };
  return { same, queryColumn, indexColumn };
}

/**
 * The index expressions of the table of source `si` (expression key columns of its indexes, the
 * same expression once); `match(e)` is the position in that list of the one query expression `e`
 * is (SQLite's whereIndexExprTrans / exprMightBeIndexed, the equality case), or −1.
 */
export function indexExpressions(scope: Scope, si: number): { exprs: Expr[]; match: (e: Expr) => number } {
  const t = scope.sources[si].table;
  if (!t) return { exprs: [], match: () => -1 };
  const exprs: Expr[] = [];
  for (const ix of t.indexes) for (const c of ix.columns) if (c.column === -2 && c.expr && !exprs.some((x) => sameExpr(x, c.expr))) exprs.push(c.expr);
  if (!exprs.length) return { exprs, match: () => -1 };
  const { same } = matcher(scope, si);
  return { exprs, match: (e) => (e.type === 'column' ? -1 : exprs.findIndex((x) => same(e, x))) };
}

/** True when partial index `ix` of source `si` holds every row the query's `terms` can select. */
export function partialIndexUsable(scope: Scope, si: number, terms: readonly Term[], ix: Index): boolean {
  if (!ix.where) return true;
  const src = scope.sources[si];
  const t = src.table;
  if (!t) return false;
  const usable = terms.filter((x) => (src.leftJoin ? x.onSource === si : x.onSource === -1 || x.onSource === si));
  const { same, queryColumn, indexColumn } = matcher(scope, si);
  const isColumn = (q: Expr, x: Expr): boolean => {
    const a = queryColumn(q);
    return a !== null && a === indexColumn(x);
  };
  const notNullOf = (e1: Expr, x: Expr): boolean => {
    if (e1.type === 'binary' && COMPARISONS.has(e1.op)) return isColumn(e1.left, x) || isColumn(e1.right, x);
    if (e1.type === 'between' && !e1.not) return isColumn(e1.expr, x);
    if (e1.type === 'in-list' && !e1.not) return isColumn(e1.expr, x);
    return false;
  };
  const implies = (e1: Expr, e2: Expr): boolean => {
    if (same(e1, e2)) return true;
    if (e2.type === 'binary' && e2.op === 'OR') return implies(e1, e2.left) || implies(e1, e2.right);
    if (e2.type === 'null-test' && e2.not && e2.expr.type === 'column') return notNullOf(e1, e2.expr);
    if (e2.type === 'binary' && e2.op === 'IS NOT' && e2.right.type === 'null' && e2.left.type === 'column') return notNullOf(e1, e2.left);
    return false;
  };
  const conjuncts = (e: Expr): Expr[] => (e.type === 'binary' && e.op === 'AND' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e]);
  return conjuncts(ix.where).every((c) => usable.some((x) => implies(x.expr, c)));
}
