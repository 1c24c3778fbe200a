/**
 * The WHERE loop of a DELETE or UPDATE, and whether the statement may write through it in one pass
 * (SQLite's WHERE_ONEPASS_DESIRED / WHERE_ONEPASS_MULTIROW, where.c and delete.c / update.c).
 *
 * ```
 *   two-pass (the general case)            one-pass (ONEPASS_SINGLE / ONEPASS_MULTI)
 *   OpenRead t; loop: rowid → ephemeral    OpenWrite t; loop: read the row, IdxDelete…, Delete
 *   OpenWrite t; for each rowid:           (Delete/Insert with OPFLAG_SAVEPOSITION when the loop
 *     NotExists, read, write                goes on after the write: the cursor rests so that
 *                                           its next Next lands on the next row)
 * ```
 *
 * One pass is taken when nothing but the statement's own write can touch the table between two
 * steps of its loop, and the loop visits the rows in rowid order on the table cursor itself:
 * 1. no triggers, foreign-key checks or actions, RETURNING (SQLite codes RETURNING as a trigger);
 * 2. no subquery anywhere in WHERE (nor in SET: it could read the table being written);
 * 3. the loop is a rowid lookup (`rowid-eq`, at most one row: ONEPASS_SINGLE) or, when the
 *    caller allows several rows, a forward table scan, rowid range or rowid IN list
 *    (ONEPASS_MULTI). An index loop stays two-pass: its cursor would walk entries being deleted
 *    or rewritten.
 * The caller adds its own conditions (UPDATE: the rowid does not change, no REPLACE resolution).
 *
 * @module
 */
import type { Expr } from '../parser/ast.js';
import type { Table } from '../schema/types.js';
import type { Ctx } from './context.js';
import { hasSubquery } from './expr-info.js';
import { buildFrom } from './from.js';
import { Scope } from './scope.js';
import { exprMask, planJoin, splitAnd, type JoinPlan, type WhereTerm } from './where.js';

/** How a DELETE/UPDATE loop writes: one pass on the loop's cursor, or rowids collected first. */
export type OnePass = 'single' | 'multi' | null;

/** A DELETE/UPDATE's WHERE loop, planned but not yet coded. */
export interface DmlLoop {
  scope: Scope;
  plan: JoinPlan;
  terms: WhereTerm[];
  /** Address of the OpenRead of the table (one pass turns it into OpenWrite). */
  openAt: number;
}

/** A DELETE's or UPDATE's INDEXED BY / NOT INDEXED clause (lang_indexedby.html). */
export interface IndexHint {
  readonly indexedBy: string | null;
  readonly notIndexed: boolean;
}

const NO_HINT: IndexHint = { indexedBy: null, notIndexed: false };

/**
 * Opens `t` as the only source of a new scope under `outer` and plans the loop over `where`, read
 * through the index `hint` names, or without one (NOT INDEXED), as a SELECT's FROM would.
 * @throws SqliteError `no such index: X`, `no query solution` (from.ts, where.ts).
 */
export function planDmlLoop(ctx: Ctx, t: Table, alias: string | null, where: Expr | null, outer: Scope | null, hint: IndexHint = NO_HINT): DmlLoop {
  const b = ctx.b;
  const scope = new Scope(outer);
  const from = b.addr;
  buildFrom(ctx, scope, { items: [{ join: null, source: { type: 'table', name: { schema: null, name: t.name, offset: 0 }, indexedBy: hint.indexedBy, notIndexed: hint.notIndexed }, alias, on: null, using: null }] });
  const cur = scope.sources[0].cursor;
  let openAt = -1;
  for (let a = from; a < b.addr; a++) if (b.insns[a].opcode === 'OpenRead' && b.insns[a].p1 === cur) openAt = a;
  const terms: WhereTerm[] = splitAnd(where).map((expr) => ({ expr, mask: exprMask(expr, scope), onSource: -1, coded: false }));
  const plan = planJoin(scope, terms, [null], true);
  return { scope, plan, terms, openAt };
}

/**
 * Whether the loop may write in one pass (module doc, rules 2 and 3; the caller checks rule 1):
 * 'single' for a rowid lookup, 'multi' for a forward table loop when `multiRow`, else null.
 */
export function onePassKind(loop: DmlLoop, where: Expr | null, multiRow: boolean): OnePass {
  if (loop.openAt < 0 || (where && hasSubquery(where))) return null;
  const p = loop.plan.paths[0];
  if (p.kind === 'rowid-eq') return 'single';
  if (!multiRow) return null;
  if (p.kind === 'scan' || p.kind === 'rowid-range') return p.reverse ? null : 'multi';
  if (p.kind === 'rowid-in') return Array.isArray(p.list) && !p.reverse ? 'multi' : null;
  return null;
}

/** Makes the loop's table cursor a write cursor (OpenRead → OpenWrite); returns the cursor. */
export function openLoopForWrite(ctx: Ctx, loop: DmlLoop): number {
  const insn = ctx.b.insns[loop.openAt];
  insn.opcode = 'OpenWrite';
  return insn.p1;
}
