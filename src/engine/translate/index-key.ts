/**
 * Index keys of a row held in registers, for partial indexes and indexes on expressions as for
 * plain ones (SQLite's sqlite3GenerateIndexKey, delete.c, and the key loop of
 * sqlite3GenerateConstraintChecks, insert.c).
 *
 * ```
 *   partial index:   WHERE over the row → IfNot … skip (false or NULL: the row has no entry)
 *   key column j:    table column → SCopy r[cols + c] (the IPK column: r[rowid])
 *                    expression   → the expression over the row (no affinity: the key keeps the
 *                                   value's own storage class, as SQLite's MakeRecord without P4)
 *   last field:      SCopy r[rowid]
 * ```
 *
 * Invariants:
 * 1. The row is in r[cols + i] with its column affinities applied and its generated columns
 *    computed (generated.ts invariant 1), the rowid in r[rowid]; expressions and the WHERE read it
 *    through a register scope (generated.ts `registerScope`), so they see what SQLite's iSelfTab
 *    row sees.
 * 2. The expressions and the WHERE are deterministic (CREATE INDEX refuses others, ddl.ts), so
 *    coding them twice for one row (once for the uniqueness check, once for the IdxInsert) gives
 *    the same key and the same membership.
 *
 * @module
 */
import type { Expr } from '../parser/ast.js';
import type { Index, Table } from '../schema/types.js';
import type { Label } from '../vdbe/program.js';
import { SqliteError } from '../../error.js';
import type { FunctionContext, ScalarFunction } from '../functions/registry.js';
import { DATE_FUNCTIONS } from './index-check.js';
import type { Ctx } from './context.js';
import { codeExpr, codeIfFalse } from './expr.js';
import { registerScope } from './generated.js';

/** True when `ix` is partial or has a key column that is an expression. */
export function isComplexIndex(ix: Index): boolean {
  return ix.where !== null || ix.columns.some((c) => c.column === -2);
}

/**
 * Codes the key of `ix` for the row in r[cols…] with rowid r[rowid] (invariant 1) into
 * `ix.columns.length + 1` new registers; returns the first. For a partial index, `skip` is where
 * the code jumps when the row's WHERE is false or NULL (the row has no entry); it must then be
 * given. With `plainColumn`, a key column that is a table column (not the rowid) is coded by it
 * instead of copied from r[cols…] (CREATE INDEX reads it from the table cursor without RealAffinity).
 */
export function codeIndexKey(ctx: Ctx, t: Table, ix: Index, cols: number, rowid: number, skip: Label | null, plainColumn: ((column: number, target: number) => void) | null = null): number {
  const b = ctx.b;
  const scope = isComplexIndex(ix) ? registerScope(t, cols, rowid) : null;
  const whereFrom = b.addr;
  if (ix.where) {
    if (!skip) throw new Error(`codeIndexKey: partial index ${ix.name} without a skip label`);
    codeIfFalse(ctx, scope!, ix.where, skip, true);
  }
  const n = ix.columns.length;
  const regs = b.regs(n + 1);
  ix.columns.forEach((c, i) => {
    if (c.column === -2) codeExpr(ctx, scope!, c.expr!, regs + i);
    else if (plainColumn && c.column >= 0 && c.column !== t.rowidAlias) plainColumn(c.column, regs + i);
    else b.emit('SCopy', c.column === t.rowidAlias || c.column === -1 ? rowid : cols + c.column, regs + i);
  });
  b.emit('SCopy', rowid, regs + n);
  pureDateCalls(ctx, whereFrom, b.addr);
  return regs;
}

/**
 * Makes the date/time function calls coded in instructions [from, to) fail on a non-deterministic
 * use, as SQLite's sqlite3NotPureFunc in an index: reading the clock ('now', or no time value at
 * all) or the time zone ('localtime', 'utc') raises "non-deterministic use of f() in an index".
 */
function pureDateCalls(ctx: Ctx, from: number, to: number): void {
  for (let a = from; a < to; a++) {
    const insn = ctx.b.insns[a];
    const p4 = insn.p4;
    if (insn.opcode !== 'Function' || !p4 || p4.kind !== 'func' || p4.func.kind !== 'scalar' || !DATE_FUNCTIONS.has(p4.func.name)) continue;
    const f = p4.func;
    const fail = (): never => {
      throw new SqliteError('SQLITE_ERROR', `non-deterministic use of ${f.name}() in an index`);
    };
    // strftime's first argument is its format; every argument after the time value is a modifier.
    const firstModifier = f.name === 'strftime' ? 2 : f.name === 'timediff' ? Infinity : 1;
    const pure: ScalarFunction = {
      ...f,
      call(args, fctx) {
        args.forEach((v, i) => {
          if (i >= firstModifier && typeof v === 'string' && ['localtime', 'utc'].includes(v.trim().toLowerCase())) fail();
        });
        const guarded: FunctionContext = Object.create(fctx) as FunctionContext;
        guarded.now = fail;
        return f.call(args, guarded);
      },
    };
    insn.p4 = { kind: 'func', func: pure };
  }
}

/**
 * "UNIQUE constraint failed: …" as SQLite's sqlite3UniqueConstraint words it: `index 'name'` for
 * an index with an expression column, else `t.a, t.b` (the rowid as `t.rowid`).
 */
export function uniqueIndexMessage(t: Table, ix: Index): string {
  if (ix.columns.some((c) => c.column === -2)) return `UNIQUE constraint failed: index '${ix.name}'`;
  return `UNIQUE constraint failed: ${ix.columns.map((c) => `${t.name}.${c.column < 0 ? 'rowid' : t.columns[c.column].name}`).join(', ')}`;
}

/** The (lower-cased) column names `e` refers to, whatever their qualifier. */
export function exprColumnNames(e: Expr | null, into = new Set<string>()): Set<string> {
  walk(e, into);
  return into;
}

function walk(e: unknown, into: Set<string>): void {
  if (Array.isArray(e)) for (const x of e) walk(x, into);
  else if (e && typeof e === 'object') {
    const o = e as { type?: unknown; name?: unknown };
    if (o.type === 'column' && typeof o.name === 'string') into.add(o.name.toLowerCase());
    for (const v of Object.values(o)) walk(v, into);
  }
}

/**
 * True when `a` and `b` are the same expression as SQLite's sqlite3ExprCompare sees it after name
 * resolution (the simple cases): same node kinds and operators, names compared without case and
 * without their table qualifier (both sides name the one table), source positions and quoting
 * ignored.
 */
export function sameExpr(a: Expr | null, b: Expr | null): boolean {
  return same(a, b);
}

const IGNORED = new Set(['offset', 'end', 'quote', 'table', 'schema']);

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => same(x, b[i]));
  }
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const ka = Object.keys(a).filter((k) => !IGNORED.has(k));
  const kb = Object.keys(b).filter((k) => !IGNORED.has(k));
  if (ka.length !== kb.length) return false;
  return ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
