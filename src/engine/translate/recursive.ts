/**
 * WITH RECURSIVE (SQLite's generateWithRecursiveQuery): the CTE's select is `initial
 * UNION [ALL] recursive-step`. Rows go to a result table and a FIFO queue; while the queue is not
 * empty its first row is the CTE's one row inside the recursive step, whose output is queued in
 * turn. UNION drops rows already produced (an ephemeral index of them). A LIMIT on the CTE's
 * select stops the recursion after that many rows.
 *
 * @module
 */
import type { Select, SelectClause } from '../parser/ast.js';
import { sqlError, type Ctx, type CteEntry } from './context.js';
import { codeCompound } from './compound.js';
import { codeExpr } from './expr.js';
import { uniqueColumnNames } from './column-names.js';
import { codeCore, keyInfoFor } from './select.js';
import type { Scope, Source } from './scope.js';

/** Materializes a recursive CTE; returns it as a source (an ephemeral table). */
export function codeRecursiveCte(ctx: Ctx, scope: Scope, entry: CteEntry, alias: string): Source {
  const b = ctx.b;
  const sel = entry.cte.select;
  if (sel.compounds.length === 0) throw sqlError(`recursive reference in a subquery: ${entry.cte.name}`);
  const last = sel.compounds[sel.compounds.length - 1];
  if (last.op !== 'UNION' && last.op !== 'UNION ALL') throw sqlError(`circular reference: ${entry.cte.name}`);
  const initial: Select = { ...sel, compounds: sel.compounds.slice(0, -1), orderBy: [], limit: null, with: null };
  const planId = ctx.plan(`MATERIALIZE ${alias}`);
  const result = b.cursor();
  const queue = b.cursor();
  const once = b.emit('Once', 0, 0);
  const openR = b.emit('OpenEphemeral', result, 0);
  const openQ = b.emit('OpenEphemeral', queue, 0);
  let distinct: number | null = null;
  const openD = last.op === 'UNION' ? b.emit('OpenEphemeral', (distinct = b.cursor()), 0) : -1;
  const done = b.label();
  let limitReg = 0;
  if (sel.limit) {
    limitReg = b.reg();
    codeExpr(ctx, scope, sel.limit.limit, limitReg);
    b.emit('MustBeInt', limitReg, 0);
    b.emit('IfNot', limitReg, done);
  }
  const dest = { kind: 'queue' as const, queue, result, distinct, limitReg, done };
  const info = ctx.nested(planId, () => {
    ctx.plan('SETUP');
    return initial.compounds.length ? codeCompound(ctx, initial, dest, scope.parent) : codeCore(ctx, initial.first as SelectClause, [], null, dest, scope.parent);
  });
  const n = info.columns.length;
  const names = uniqueColumnNames(entry.cte.columns ?? info.columns.map((c) => c.name));
  if (names.length !== n) throw sqlError(`table ${entry.cte.name} has ${n} values for ${names.length} columns`);
  b.insns[openR].p2 = n;
  b.insns[openQ].p2 = n;
  if (openD >= 0) {
    b.insns[openD].p2 = n;
    b.insns[openD].p4 = { kind: 'keyinfo', info: keyInfoFor(info.columns.map((c) => c.collation), info.columns.map(() => false)) };
  }
  const columns = names.map((name, i) => ({ name, affinity: info.columns[i].affinity, collation: info.columns[i].collation }));
  const loop = b.addr;
  b.emit('Rewind', queue, done);
  entry.current = { cursor: queue, columns };
  try {
    ctx.nested(planId, () => {
      ctx.plan('RECURSIVE STEP');
      codeCore(ctx, last.select as SelectClause, [], null, dest, scope.parent);
    });
  } finally {
    entry.current = null;
  }
  b.emit('Delete', queue);
  b.emit('Goto', 0, loop);
  b.resolve(done);
  b.patchP2(once, b.addr);
  return { name: alias, cursor: result, columns: columns.map((c) => ({ ...c, declType: null })), table: null, covering: null, hidden: new Set(), leftJoin: false, alsoNull: [], autoIndex: null };
}
