/**
 * Window functions in a SELECT core: finding the calls, resolving their windows, checking them as
 * SQLite does, and splitting the query in two (window.c's sqlite3WindowRewrite, planned here,
 * coded in window-code.ts):
 *
 * ```
 *   SELECT a + sum(b) OVER w, rank() OVER (ORDER BY c) FROM t WHERE … ORDER BY d
 *     inner stage  (FROM/WHERE/GROUP BY/HAVING, select.ts): one "payload" row per result row,
 *                  the terminals the outer expressions need:  a, d, b, c
 *     window stages (one per distinct PARTITION BY + ORDER BY): sort, buffer each partition,
 *                  AggWindow per call
 *     outer stage  (select.ts's pipeline): a + ⟨sum⟩, ⟨rank⟩ with the terminals and window
 *                  results read from registers (Scope.agg), then DISTINCT / ORDER BY / LIMIT
 * ```
 *
 * Terminals are the largest sub-expressions of the result columns and ORDER BY terms that hold no
 * window call (SQLite takes column references and aggregates; taking whole sub-trees computes the
 * same values). The payload also holds each call's arguments and FILTER, and each window's
 * PARTITION BY and ORDER BY values.
 *
 * Windows: `OVER name` and `OVER (name …)` look the name up in the WINDOW clause (the last
 * definition of a name wins, as in SQLite 3.53); a window built on another takes its PARTITION BY
 * and ORDER BY and may add an ORDER BY and a frame, as windowfunctions.html §5 allows.
 *
 * @module
 */
import type { Expr, FunctionCall, NamedWindow, OrderingTerm, SelectClause, WindowDefinition, WindowFrame } from '../parser/ast.js';
import { printExpr } from '../parser/index.js';
import type { AggregateFunction } from '../functions/registry.js';
import type { BoundKind } from '../vdbe/window-frame.js';
import { sqlError } from './context.js';
import { exprCollation, exprKey, walkExpr } from './expr-info.js';
import { resolveColumn, type Scope } from './scope.js';
import { isAggregate } from './expr.js';
import { aggregateFor, functionNameKnown, resolveFunction } from './functions.js';

/** A window after name resolution, with its frame made explicit. */
export interface ResolvedWindow {
  partitionBy: Expr[];
  orderBy: OrderingTerm[];
  units: 'ROWS' | 'RANGE' | 'GROUPS';
  start: BoundKind;
  end: BoundKind;
  startExpr: Expr | null;
  endExpr: Expr | null;
  exclude: 'none' | 'no-others' | 'current-row' | 'group' | 'ties';
}

/** One window function call of the core. */
export interface WindowCall {
  call: FunctionCall;
  func: AggregateFunction;
  nArg: number;
  window: ResolvedWindow;
  /** Payload index of the first argument (the others follow), and of the FILTER value (−1). */
  argIdx: number;
  filterIdx: number;
  /** Index among all calls: its result slot. */
  slot: number;
}

/** Calls sharing one PARTITION BY + ORDER BY: one sort and one pass over the partitions. */
export interface WindowGroup {
  partitionBy: Expr[];
  orderBy: OrderingTerm[];
  /** Payload indexes of the PARTITION BY and ORDER BY values. */
  partIdx: number[];
  orderIdx: number[];
  calls: WindowCall[];
}

/** The plan of a windowed core. */
export interface WindowPlan {
  /** Expressions of the inner stage's row. */
  payload: Expr[];
  /** Terminal expression node → payload index (what the outer stage reads). */
  terminals: Map<Expr, number>;
  calls: WindowCall[];
  groups: WindowGroup[];
}

const isWindowCall = (x: Expr): x is FunctionCall => x.type === 'function' && x.over !== null;

function containsWindow(e: Expr): boolean {
  let found = false;
  walkExpr(e, (x) => {
    if (found) return false;
    if (isWindowCall(x)) found = true;
    if (x.type === 'subquery' || x.type === 'exists' || x.type === 'in-select') return false;
    return !found;
  });
  return found;
}

/** True when any of `exprs` calls a window function (outside subqueries). */
export function hasWindowCalls(exprs: Expr[]): boolean {
  return exprs.some(containsWindow);
}

/**
 * Throws "misuse of window function F()" for a window-only function called without OVER in
 * `exprs` (SQLite's resolver rejects them wherever they appear).
 */
export function checkWindowOnly(exprs: (Expr | null)[]): void {
  for (const e of exprs) {
    if (!e) continue;
    walkExpr(e, (x) => {
      if (x.type === 'function' && x.over === null) {
        const f = resolveFunction(x.name, x.star ? 0 : x.args.length);
        if (f?.kind === 'aggregate' && f.windowOnly) throw sqlError(`misuse of window function ${x.name}()`);
      }
      return !(x.type === 'subquery' || x.type === 'exists' || x.type === 'in-select');
    });
  }
}

/**
 * Plans the window stages of `core` whose outer expressions (result columns, then ORDER BY terms)
 * are `outer`; `collationOf` gives an argument's collation (min/max bind to it).
 * @throws SqliteError with SQLite's messages: "no such window: w", "cannot override … of window: w",
 *   "unsupported frame specification", "RANGE with offset PRECEDING/FOLLOWING requires one ORDER BY
 *   expression", "F() may not be used as a window function", "DISTINCT is not supported for window
 *   functions", "FILTER clause may only be used with aggregate window functions", "no such
 *   function: F", "wrong number of arguments to function F()", "no such column: A" for a result
 *   alias inside a window call, "misuse of aliased window function A" for an alias of a windowed
 *   result column in WHERE, GROUP BY or HAVING.
 */
export function planWindows(core: SelectClause, outer: Expr[], scope: Scope): WindowPlan {
  const collationOf = (e: Expr): string | null => exprCollation(e, scope)?.name ?? null;
  checkAliases(core, scope);
  const payload: Expr[] = [];
  const terminals = new Map<Expr, number>();
  const push = (e: Expr): number => payload.push(e) - 1;
  const calls: WindowCall[] = [];

  const visit = (e: Expr): void => {
    if (!containsWindow(e)) {
      if (!terminals.has(e)) terminals.set(e, push(e));
      return;
    }
    if (e.type === 'function' && e.over === null && isAggregate(e)) {
      let inner = '';
      walkExpr(e, (x) => (inner ||= isWindowCall(x) ? x.name : '', !inner));
      throw sqlError(`misuse of window function ${inner}()`);
    }
    if (isWindowCall(e)) {
      calls.push(windowCall(e, core.windows, collationOf, calls.length, push));
      return;
    }
    forEachChild(e, visit);
  };
  outer.forEach(visit);

  const groups: WindowGroup[] = [];
  const byKey = new Map<string, WindowGroup>();
  for (const c of calls) {
    const w = c.window;
    const key = JSON.stringify([w.partitionBy.map(exprKey), w.orderBy.map((t) => [exprKey(t.expr), t.direction ?? 'ASC', nullsFirst(t)])]);
    let g = byKey.get(key);
    if (!g) {
      g = { partitionBy: w.partitionBy, orderBy: w.orderBy, partIdx: w.partitionBy.map(push), orderIdx: w.orderBy.map((t) => push(t.expr)), calls: [] };
      byKey.set(key, g);
      groups.push(g);
    }
    g.calls.push(c);
  }
  // SQLite nests the windows so that the one written last is computed first (its frame errors
  // win): stages in order of their last call, latest first (windowfunctions.html leaves it open).
  const last = (g: WindowGroup): number => g.calls[g.calls.length - 1].slot;
  groups.sort((a, b) => last(b) - last(a));
  for (const g of groups) g.calls.reverse();
  return { payload, terminals, calls, groups };
}

/** Whether NULLs of an ORDER BY term come first (SQLite's default: first for ASC, last for DESC). */
export function nullsFirst(t: OrderingTerm): boolean {
  return t.nulls === null ? t.direction !== 'DESC' : t.nulls === 'FIRST';
}

function windowCall(
  call: FunctionCall,
  named: NamedWindow[],
  collationOf: (e: Expr) => string | null,
  slot: number,
  push: (e: Expr) => number,
): WindowCall {
  const nArg = call.star ? 0 : call.args.length;
  const any = resolveFunction(call.name, nArg);
  if (!any) {
    if (functionNameKnown(call.name)) throw sqlError(`wrong number of arguments to function ${call.name}()`);
    throw sqlError(`no such function: ${call.name}`);
  }
  if (any.kind !== 'aggregate') throw sqlError(`${call.name}() may not be used as a window function`);
  if (call.distinct) throw sqlError('DISTINCT is not supported for window functions');
  if (call.filter && any.windowOnly) throw sqlError('FILTER clause may only be used with aggregate window functions');
  const coll = call.args.map(collationOf).find((c) => c) ?? null;
  const func = aggregateFor(call.name, nArg, coll)!;
  const window = resolveWindow(call.over!, named);
  let argIdx = payload0(push, call.args);
  if (nArg === 0) argIdx = 0;
  const filterIdx = call.filter ? push(call.filter) : -1;
  return { call, func, nArg, window, argIdx, filterIdx, slot };
}

/** Pushes `args` contiguously; returns the index of the first. */
function payload0(push: (e: Expr) => number, args: Expr[]): number {
  let first = -1;
  for (const a of args) {
    const i = push(a);
    if (first < 0) first = i;
  }
  return first;
}

/** `OVER name` / `OVER (…)` → the window it means, frame checked and made explicit. */
export function resolveWindow(over: string | WindowDefinition, named: NamedWindow[], seen: string[] = []): ResolvedWindow {
  let def: WindowDefinition;
  if (typeof over === 'string') {
    if (seen.includes(over.toLowerCase())) throw sqlError(`no such window: ${over}`);
    def = lookup(over, named);
    seen = [...seen, over.toLowerCase()];
  } else def = over;
  let { partitionBy, orderBy } = def;
  if (def.base !== null) {
    const baseDef = lookup(def.base, named);
    const base = resolveWindow(def.base, named, seen);
    if (def.partitionBy.length) throw sqlError(`cannot override PARTITION clause of window: ${def.base}`);
    if (def.orderBy.length && base.orderBy.length) throw sqlError(`cannot override ORDER BY clause of window: ${def.base}`);
    if (baseDef.frame) throw sqlError(`cannot override frame specification of window: ${def.base}`);
    partitionBy = base.partitionBy;
    if (!orderBy.length) orderBy = base.orderBy;
  }
  return withFrame(partitionBy, orderBy, def.frame);
}

function lookup(name: string, named: NamedWindow[]): WindowDefinition {
  const lname = name.toLowerCase();
  for (let i = named.length - 1; i >= 0; i--) if (named[i].name.toLowerCase() === lname) return named[i].window;
  throw sqlError(`no such window: ${name}`);
}

const BOUND: Record<string, BoundKind> = {
  'UNBOUNDED PRECEDING': 'unbounded-preceding',
  PRECEDING: 'preceding',
  'CURRENT ROW': 'current-row',
  FOLLOWING: 'following',
  'UNBOUNDED FOLLOWING': 'unbounded-following',
};

const EXCLUDE: Record<string, ResolvedWindow['exclude']> = { 'NO OTHERS': 'no-others', 'CURRENT ROW': 'current-row', GROUP: 'group', TIES: 'ties' };

/** The frame of a window (default RANGE UNBOUNDED PRECEDING … CURRENT ROW), checked as sqlite3WindowAlloc. */
function withFrame(partitionBy: Expr[], orderBy: OrderingTerm[], frame: WindowFrame | null): ResolvedWindow {
  if (!frame) return { partitionBy, orderBy, units: 'RANGE', start: 'unbounded-preceding', end: 'current-row', startExpr: null, endExpr: null, exclude: 'none' };
  const start = BOUND[frame.start.kind];
  const end = frame.end ? BOUND[frame.end.kind] : 'current-row';
  if (start === 'unbounded-following' || end === 'unbounded-preceding') throw sqlError('unsupported frame specification');
  if ((start === 'current-row' && end === 'preceding') || (start === 'following' && (end === 'preceding' || end === 'current-row'))) {
    throw sqlError('unsupported frame specification');
  }
  const startExpr = frame.start.expr;
  const endExpr = frame.end?.expr ?? null;
  if (frame.units === 'RANGE' && (startExpr || endExpr) && orderBy.length !== 1) {
    throw sqlError('RANGE with offset PRECEDING/FOLLOWING requires one ORDER BY expression');
  }
  return { partitionBy, orderBy, units: frame.units, start, end, startExpr, endExpr, exclude: frame.exclude === null ? 'none' : EXCLUDE[frame.exclude] };
}

/** Calls `fn` on each direct child expression of `e` (not into subqueries). */
function forEachChild(e: Expr, fn: (x: Expr) => void): void {
  let first = true;
  walkExpr(e, (x) => {
    if (first) {
      first = false;
      return true;
    }
    fn(x);
    return false;
  });
}

/** The SQL text of a call, for EXPLAIN's P4. */
export function callText(c: WindowCall): string {
  return printExpr(c.call);
}

/**
 * Result aliases are not names inside a window call (its arguments, FILTER, PARTITION BY, ORDER BY),
 * and an alias of a result column holding a window call cannot be used in WHERE, GROUP BY or
 * HAVING: SQLite's resolver errors, checked here before anything is coded.
 */
function checkAliases(core: SelectClause, scope: Scope): void {
  const aliases = new Map<string, Expr>();
  for (const rc of core.columns) if (rc.type === 'expr' && rc.alias) aliases.set(rc.alias.toLowerCase(), rc.expr);
  if (aliases.size === 0) return;
  const aliasRef = (x: Expr): string | null =>
    x.type === 'column' && x.table === null && aliases.has(x.name.toLowerCase()) && !resolveColumn(scope, null, x.name) ? x.name : null;
  const scan = (e: Expr | null, onAlias: (name: string) => void): void => {
    if (!e) return;
    walkExpr(e, (x) => {
      const a = aliasRef(x);
      if (a !== null) onAlias(a);
      return !(x.type === 'subquery' || x.type === 'exists' || x.type === 'in-select');
    });
  };
  for (const e of [core.where, core.having, ...core.groupBy]) {
    scan(e, (a) => {
      if (containsWindow(aliases.get(a.toLowerCase())!)) throw sqlError(`misuse of aliased window function ${a}`);
    });
  }
  const inCalls = (e: Expr): void =>
    walkExpr(e, (x) => {
      if (!isWindowCall(x)) return !(x.type === 'subquery' || x.type === 'exists' || x.type === 'in-select');
      const w = typeof x.over === 'string' ? null : x.over;
      const parts: (Expr | null)[] = [...x.args, x.filter, ...(w ? [...w.partitionBy, ...w.orderBy.map((t) => t.expr)] : [])];
      for (const p of parts) scan(p, (a) => {
        throw sqlError(`no such column: ${a}`);
      });
      return false;
    });
  for (const rc of core.columns) if (rc.type === 'expr') inCalls(rc.expr);
  for (const nw of core.windows) for (const p of [...nw.window.partitionBy, ...nw.window.orderBy.map((t) => t.expr)]) scan(p, (a) => {
    throw sqlError(`no such column: ${a}`);
  });
}
