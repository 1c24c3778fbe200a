/**
 * The columns of each source a statement may read, for the planner's covering-index test
 * (where.ts bestPathOf `usedColumns`, SQLite's colUsed mask): every column reference in the given
 * parts of the statement, matched by name (a superset: `x` counts for every source with a column x,
 * and references inside subqueries count too); a `*` anywhere reads every column.
 *
 * @module
 */
import type { Scope } from './scope.js';

/**
 * Per source of `scope`, the indexes of the columns (−1: the rowid) that `parts` (AST nodes, or
 * arrays of them; null entries are skipped) may read, or null when a `*` reads them all.
 */
export function usedColumnsIn(parts: readonly unknown[], scope: Scope): (Set<number> | null)[] {
  const names: { table: string | null; name: string }[] = [];
  let star = false;
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const o = node as Record<string, unknown>;
    if (o.type === 'column' && typeof o.name === 'string') names.push({ table: (o.table as string | null) ?? null, name: o.name });
    if (o.type === 'star' || o.type === 'table-star') star = true;
    for (const v of Object.values(o)) if (v && typeof v === 'object') visit(v);
  };
  parts.forEach(visit);
  return scope.sources.map((s) => {
    if (star) return null;
    const set = new Set<number>();
    for (const n of names) {
      if (n.table !== null && n.table.toLowerCase() !== s.name.toLowerCase()) continue;
      const lname = n.name.toLowerCase();
      s.columns.forEach((c, i) => {
        if (c.name.toLowerCase() === lname) set.add(i);
      });
      if (['rowid', 'oid', '_rowid_'].includes(lname)) set.add(-1);
    }
    return set;
  });
}
