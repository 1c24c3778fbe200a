/**
 * Whether a DISTINCT keeps its temporary b-tree, as SQLite decides, for EXPLAIN QUERY PLAN's
 * "USE TEMP B-TREE FOR DISTINCT" and "USE TEMP B-TREE FOR count(DISTINCT)" lines. SQLite drops the
 * b-tree (select.c fixDistinctOpenEph turns its OpenEphemeral and the line into no-ops) when the
 * rows cannot repeat or come grouped:
 *
 * | SQLite's name          | when (one source in FROM)                                                  |
 * |------------------------|-----------------------------------------------------------------------------|
 * | WHERE_DISTINCT_UNIQUE  | the values include the rowid, or every column of a UNIQUE index (no WHERE   |
 * |                        | clause of its own) is among them and NOT NULL with the index's collation, or |
 * |                        | held by `=` in WHERE (where.c isDistinctRedundant)                          |
 * | WHERE_DISTINCT_ORDERED | the loop reads an index whose next columns after those its `=` terms fix     |
 * |                        | are the values' columns, in any order (wherePathSatisfiesOrderBy with       |
 * |                        | WHERE_DISTINCTBY), or every value is fixed by `=`                           |
 *
 * Strata keeps its ephemeral index either way (the rows are the same); only the plan's lines follow
 * SQLite. With two sources or more, or values that are not plain columns of the source, the
 * b-tree is kept (SQLite may still find the rows grouped there; such plans are not followed).
 *
 * @module
 */
import type { Expr } from '../parser/ast.js';
import { exprCollation } from './expr-info.js';
import { peekColumn, type Scope } from './scope.js';
import { eqColumns, type JoinPlan, type WhereTerm } from './where.js';

/**
 * True when a DISTINCT over the values `exprs` (a SELECT DISTINCT's result columns, or a
 * DISTINCT aggregate's argument) keeps SQLite's temporary b-tree under the chosen `plan` (module
 * doc); false when SQLite finds the rows unique or grouped.
 */
export function distinctNeedsTempTable(scope: Scope, plan: JoinPlan, terms: WhereTerm[], exprs: readonly Expr[]): boolean {
  const v = distinctValues(scope, exprs);
  if (v === null) return true;
  const { cols, colls } = v;
  if (uniqueValues(scope, eqColumns(scope, 0, terms), cols, colls)) return false;
  return !loopOrderGroups(scope, plan, eqColumns(scope, 0, terms, true), cols, colls);
}

/**
 * True when the chosen loop delivers the values `exprs` grouped (equal values together, in some
 * order): SQLite's WHERE_DISTINCT_ORDERED, and how it satisfies the GROUP BY a DISTINCT with a like
 * ORDER BY became (WHERE_DISTINCTBY; module doc). The loop's order is its index's columns after
 * those its `=` terms fix, then the rowid (a table scan: the rowid alone); walking it, each column
 * must be a value or fixed by `=`, until every value has come or the rowid (unique) is one.
 */
export function distinctGroupedByLoop(scope: Scope, plan: JoinPlan, terms: WhereTerm[], exprs: readonly Expr[]): boolean {
  const v = distinctValues(scope, exprs);
  return v !== null && loopOrderGroups(scope, plan, eqColumns(scope, 0, terms, true), v.cols, v.colls);
}

function loopOrderGroups(scope: Scope, plan: JoinPlan, eq: Set<number>, cols: number[], colls: string[]): boolean {
  // A column named twice (and not held by `=`): SQLite matches each term to a column of the loop's
  // order of its own.
  const unfixed = cols.filter((c) => !eq.has(c));
  const free = new Set(unfixed);
  if (free.size !== unfixed.length) return false;
  if (free.size === 0) return true;
  const path = plan.paths[0];
  let order: { column: number; collation: string }[];
  if (path.kind === 'scan' || path.kind === 'rowid-range') order = [{ column: -1, collation: 'BINARY' }];
  else if (path.kind === 'index' && path.eq.every((e) => !Array.isArray(e) && e.type !== 'in-select')) {
    order = [...path.index.columns.slice(path.eq.length), { column: -1, collation: 'BINARY' }];
  } else return false;
  let seen = 0;
  for (const o of order) {
    if (free.has(o.column)) {
      if (o.column === -1) return true;
      const i = cols.indexOf(o.column);
      if (colls[i].toLowerCase() !== o.collation.toLowerCase()) return false;
      if (++seen === free.size) return true;
    } else if (o.column === -1 || !eq.has(o.column)) return false;
  }
  return false;
}

/** The table columns (−1 the rowid) and collations of `exprs` when each is a plain column of the one table source; else null. */
function distinctValues(scope: Scope, exprs: readonly Expr[]): { cols: number[]; colls: string[] } | null {
  if (scope.sources.length !== 1 || exprs.length === 0) return null;
  const src = scope.sources[0];
  const t = src.table;
  if (!t || src.leftJoin) return null;
  const cols: number[] = [];
  const colls: string[] = [];
  for (const e of exprs) {
    if (e.type !== 'column') return null;
    const r = peekColumn(scope, e.table, e.name);
    if (!r || r.sourceIndex !== 0) return null;
    cols.push(r.column === t.rowidAlias ? -1 : r.column);
    colls.push(exprCollation(e, scope)?.name ?? 'BINARY');
  }
  return { cols, colls };
}

/** isDistinctRedundant: the rowid among the values or fixed, or every column of a UNIQUE index (no WHERE of its own) a NOT NULL value with its collation or fixed by `=` (`eq`). */
function uniqueValues(scope: Scope, eq: Set<number>, cols: number[], colls: string[]): boolean {
  const t = scope.sources[0].table!;
  if (!t.withoutRowid && (cols.includes(-1) || eq.has(-1))) return true;
  return t.indexes.some(
    (idx) =>
      idx.unique &&
      !idx.where &&
      idx.columns.every((ic) => {
        if (ic.column < 0) return false;
        if (eq.has(ic.column)) return true;
        const k = cols.findIndex((c, i) => c === ic.column && colls[i].toLowerCase() === ic.collation.toLowerCase());
        return k >= 0 && t.columns[ic.column].notNull;
      }),
  );
}
