/**
 * CHECK constraints (lang_createtable.html#ckconst; SQLite's sqlite3GenerateConstraintChecks,
 * insert.c): each CHECK expression is evaluated over the row about to be written, held in
 * registers (generated.ts registerScope), after the column affinities were applied and after the
 * NOT NULL checks, before the rowid and UNIQUE checks. A CHECK fails only when its value is false:
 * NULL passes.
 *
 * ```
 *   for each CHECK (declaration order: column constraints, then table constraints):
 *     <expr> true or NULL → ok
 *     OR IGNORE: Goto skip        else: Halt SQLITE_CONSTRAINT_CHECK "CHECK constraint failed: <name>"
 *   ok:
 * ```
 * The name is the constraint's `CONSTRAINT name`, else the text inside its parentheses. OR FAIL
 * keeps the statement's earlier rows, OR ROLLBACK ends the transaction; OR REPLACE acts as ABORT; a table CHECK's own ON CONFLICT clause is ignored, as SQLite does.
 * An UPDATE checks only the constraints that name a column it changes (or the rowid when it may
 * change), as sqlite3ExprReferencesUpdatedColumn decides; a generated column counts as changed
 * when a column it names does.
 *
 * @module
 */
import type { ConflictResolution } from '../parser/ast.js';
import type { Table } from '../schema/types.js';
import type { Label } from '../vdbe/program.js';
import type { Ctx } from './context.js';
import { codeIfTrue } from './expr.js';
import { registerScope } from './generated.js';

/** SQLITE_CONSTRAINT_CHECK (sqlite3.h). */
const SQLITE_CONSTRAINT_CHECK = 275;
/** OE_Rollback, OE_Abort, OE_Fail (sqliteInt.h): Halt's P2, what the failed statement undoes. */
const OE_ROLLBACK = 1;
const OE_ABORT = 2;
const OE_FAIL = 3;
const ROWID_NAMES = ['rowid', 'oid', '_rowid_'];

/**
 * Emits the CHECK constraints of `t` for the row in r[cols…] with its rowid in r[rowid];
 * `skip` is where an OR IGNORE row continues. `changed`, for an UPDATE, tells whether column i
 * (−1: the rowid) may change; constraints naming none of the changed columns are not checked.
 */
export function codeChecks(ctx: Ctx, t: Table, cols: number, rowid: number, onConflict: ConflictResolution, skip: Label, changed: ((i: number) => boolean) | null = null): void {
  const checks = t.checks ?? [];
  if (!checks.length) return;
  const b = ctx.b;
  const scope = registerScope(t, cols, rowid);
  for (const ck of checks) {
    if (changed && !referencesChanged(t, ck.expr, changed)) continue;
    const ok = b.label();
    codeIfTrue(ctx, scope, ck.expr, ok, true);
    if (onConflict === 'IGNORE') b.emit('Goto', 0, skip);
    else b.emit('Halt', SQLITE_CONSTRAINT_CHECK, onConflict === 'FAIL' ? OE_FAIL : onConflict === 'ROLLBACK' ? OE_ROLLBACK : OE_ABORT, 0, { kind: 'string', value: `CHECK constraint failed: ${ck.name}` });
    b.resolve(ok);
  }
}

/** True when `e` names a column for which `changed` holds (through generated columns too). */
function referencesChanged(t: Table, e: unknown, changed: (i: number) => boolean, depth = 0): boolean {
  const lower = t.columns.map((c) => c.name.toLowerCase());
  let hit = false;
  const walk = (x: unknown): void => {
    if (hit) return;
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as { type?: unknown; name?: unknown };
      if (o.type === 'column' && typeof o.name === 'string') {
        const n = o.name.toLowerCase();
        let i = lower.indexOf(n);
        if (i < 0) i = ROWID_NAMES.includes(n) ? -1 : -2;
        else if (i === t.rowidAlias) i = -1;
        if (i >= -1 && changed(i)) hit = true;
        const g = i >= 0 ? t.columns[i].generated : null;
        if (!hit && g && depth < t.columns.length) hit = referencesChanged(t, g.expr, changed, depth + 1);
      }
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(e);
  return hit;
}
