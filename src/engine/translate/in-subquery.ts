/**
 * `x IN (SELECT …)` as a driving loop (SQLite's IN operator on an index, "LIST SUBQUERY" feeding
 * `SEARCH t USING INDEX i (x=?)`): the planner may walk the subquery's distinct values and look
 * each up in an index on `x` (or by rowid) instead of scanning the table and probing the subquery.
 *
 * That is only sound when the subquery can run before the loop and the lookup compares as the IN
 * operator would:
 *
 * 1. Self-contained: a plain `SELECT expr FROM t1 [JOIN t2 …] [WHERE …] [GROUP BY …] [HAVING …]`
 *    over schema tables (no CTE, view, subquery, compound, VALUES or `*`), every column reference
 *    resolving to one of its own FROM tables. Anything else is left to the probe.
 * 2. Affinity: the IN comparison uses sqlite3CompareAffinity(subquery column, x); the lookup applies
 *    x's column affinity to the key. They agree unless x's affinity is TEXT or BLOB and the
 *    subquery column's is numeric (then the comparison is NUMERIC and the index is not usable, as
 *    sqlite3IndexAffinityOk says).
 *
 * The analysis is done once per statement before planning ({@link noteInSubqueries}) and read by
 * the planner through {@link inSubqueryAffinity}.
 *
 * @module
 */
import { affinityOf as declaredAffinity } from '../affinity.js';
import type { Expr, InSelectExpr, Select } from '../parser/ast.js';
import type { Table } from '../schema/types.js';
import type { Ctx } from './context.js';
import { affCode, hasSubquery, walkExpr } from './expr-info.js';
import type { WhereTerm } from './where.js';

const ROWID_NAMES = new Set(['rowid', 'oid', '_rowid_']);

/** Affinity code of the subquery's result column, or null when the subquery is not self-contained. */
const analysed = new WeakMap<InSelectExpr, number | null>();

/**
 * Records, for every `IN (SELECT …)` among the WHERE terms, whether it may drive a loop and its
 * result column's affinity. Call before planning the statement's joins.
 */
export function noteInSubqueries(ctx: Ctx, terms: readonly WhereTerm[]): void {
  for (const t of terms) if (t.expr.type === 'in-select' && !analysed.has(t.expr)) analysed.set(t.expr, analyse(ctx, t.expr.select));
}

/** The affinity code of an analysed self-contained IN subquery's column; null when it may not drive a loop. */
export function inSubqueryAffinity(e: InSelectExpr): number | null {
  return analysed.get(e) ?? null;
}

function analyse(ctx: Ctx, select: Select): number | null {
  if (select.with || select.compounds.length > 0) return null;
  const core = select.first;
  if (core.type !== 'select-core' || !core.from || core.columns.length !== 1 || core.windows.length > 0) return null;
  const result = core.columns[0];
  // An explicit COLLATE on the result decides the comparison's collation when the IN is tested row
  // by row (sqlite3CodeRhsOfIN), but not whether an index serves it: SQLite's planner judges an IN
  // by its left side's collation only (sqlite3ExprCompareCollSeq has no right operand for TK_IN),
  // and the lookup then compares under the index's collation. So it may drive a lookup too.
  if (result.type !== 'expr') return null;
  const tables = new Map<string, Table>();
  for (const item of core.from.items) {
    const src = item.source;
    if (src.type !== 'table' || (src.name.schema !== null && src.name.schema.toLowerCase() !== 'main')) return null;
    if (ctx.findCte(src.name.name)) return null;
    const table = ctx.schema.tables.get(src.name.name.toLowerCase());
    if (!table) return null;
    const key = (item.alias ?? src.name.name).toLowerCase();
    if (tables.has(key)) return null;
    tables.set(key, table);
  }
  const exprs: Expr[] = [result.expr, ...core.groupBy, ...select.orderBy.map((o) => o.expr)];
  for (const x of [core.where, core.having, ...core.from.items.map((i) => i.on), select.limit?.limit ?? null, select.limit?.offset ?? null]) if (x) exprs.push(x);
  for (const e of exprs) if (hasSubquery(e) || !resolvesInside(e, tables)) return null;
  return affinityOf(result.expr, tables);
}

function hasColumn(t: Table, name: string): boolean {
  const n = name.toLowerCase();
  return t.columns.some((c) => c.name.toLowerCase() === n) || (!t.withoutRowid && ROWID_NAMES.has(n));
}

/** True when every column reference of `e` names a column of one of `tables`. */
function resolvesInside(e: Expr, tables: Map<string, Table>): boolean {
  let ok = true;
  walkExpr(e, (x) => {
    if (x.type !== 'column') return;
    if (x.schema !== null && x.schema.toLowerCase() !== 'main') ok = false;
    else if (x.table !== null) {
      const t = tables.get(x.table.toLowerCase());
      if (!t || !hasColumn(t, x.name)) ok = false;
    } else if (![...tables.values()].some((t) => hasColumn(t, x.name))) ok = false;
  });
  return ok;
}

function affinityOf(e: Expr, tables: Map<string, Table>): number {
  switch (e.type) {
    case 'column': {
      const candidates = e.table !== null ? [tables.get(e.table.toLowerCase())!] : [...tables.values()];
      const n = e.name.toLowerCase();
      for (const t of candidates) {
        const i = t.columns.findIndex((c) => c.name.toLowerCase() === n);
        if (i >= 0) return i === t.rowidAlias ? affCode('INTEGER') : affCode(t.columns[i].affinity);
        if (ROWID_NAMES.has(n)) return affCode('INTEGER');
      }
      return 0;
    }
    case 'collate':
      return affinityOf(e.expr, tables);
    case 'cast':
      return affCode(declaredAffinity(e.as));
    default:
      return 0;
  }
}
