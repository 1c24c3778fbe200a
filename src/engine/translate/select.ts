/**
 * SELECT → bytecode (SQLite's select.c sqlite3Select, reduced): one core is
 *
 * ```
 *   sources (OpenRead / materialize)
 *   LIMIT/OFFSET registers
 *   loop nest over FROM (where.ts) ──▶ inner loop body:
 *        plain:      results → DISTINCT check → ORDER BY sorter | OFFSET/LIMIT → destination
 *        aggregate:  AggStep per row (no GROUP BY), or a sorter row of group keys + inputs
 *   GROUP BY:  SorterSort; per row Compare keys with the previous group's, Gosub output on a change
 *   ORDER BY:  SorterSort; SorterData → pseudo cursor; Column …; OFFSET/LIMIT → destination
 * ```
 *
 * A WITH clause puts its CTEs in view for the whole statement; a compound goes to compound.ts;
 * VALUES is a compound of one-row cores.
 *
 * @module
 */
import { usedColumnsIn } from './used-columns.js';
import type { Expr, FunctionCall, LimitClause, OrderingTerm, ResultColumn, Select, SelectClause } from '../parser/ast.js';
import type { AggregateFunction } from '../functions/registry.js';
import type { KeyInfo } from '../vdbe/insn.js';
import type { Label } from '../vdbe/program.js';
import { codeCompound } from './compound.js';
import { sqlError, type Ctx } from './context.js';
import { emitRow, type Dest } from './dest.js';
import { exprAffinity, exprCollation, exprKey, hasSubquery, headAffinities, headCollations, walkExpr } from './expr-info.js';
import { codeColumn, codeExpr, codeIfFalse, collationFn, collP4, exprToReg, isAggregate } from './expr.js';
import { aggregateFor } from './functions.js';
import { buildFrom } from './from.js';
import { peekColumn, Scope, type AggMap } from './scope.js';
import { printExpr } from '../parser/print-expr.js';
import { checkWindowOnly, hasWindowCalls, planWindows } from './window.js';
import { emitWindowStages, openFirstSorter, planWindowLines } from './window-code.js';
import { noteInSubqueries } from './in-subquery.js';
import { emitLoops, eqColumns, exprMask, orderedInsteadOfSort, orderedJoinPlan, orderedPath, outerLoopOrdered, planJoin, splitAnd, type JoinPlan, type LoopExits, type WhereTerm } from './where.js';
import { distinctGroupedByLoop, distinctNeedsTempTable } from './distinct-plan.js';

/** One result column as the statement reports it. */
export interface ResultColumnInfo {
  name: string;
  /** AFF_* code, 0 for none. */
  affinity: number;
  collation: string;
  declType: string | null;
  /** The table column the result is read from, when it is a plain column reference of a table. */
  origin: { table: string; column: string } | null;
  expr: Expr | null;
}

/** What coding a SELECT tells its caller. */
export interface SelectInfo {
  columns: ResultColumnInfo[];
  /** True when the select read a column of an enclosing query. */
  correlated: boolean;
}

/**
 * Makes the common table expressions of a WITH clause visible to what is coded next (the SELECT it
 * prefixes, or an INSERT/UPDATE/DELETE and its subqueries: lang_with.html); the caller pops
 * `ctx.ctes` when done.
 */
export function pushCtes(ctx: Ctx, w: NonNullable<Select['with']>): void {
  const m = new Map();
  for (const cte of w.ctes) {
    const name = cte.name.toLowerCase();
    const recursive = w.recursive && referencesName(cte.select, name);
    m.set(name, { cte, recursive, current: null });
  }
  ctx.ctes.push(m);
}

/** Codes `select`, sending its rows to `dest`; `outer` is the enclosing query's scope. */
export function codeSelect(ctx: Ctx, select: Select, dest: Dest, outer: Scope | null): SelectInfo {
  if (select.with) pushCtes(ctx, select.with);
  try {
    const s = valuesAsCompound(select);
    const info = s.compounds.length > 0 ? codeCompound(ctx, s, dest, outer) : codeCore(ctx, s.first as SelectClause, s.orderBy, s.limit, dest, outer);
    // SQLite's head SELECT is the compound's last part (expr-info.ts headAffinities).
    const head = s.compounds.length > 0 ? s.compounds[s.compounds.length - 1].select : s.first;
    const affs = coreAffinities.get(head as SelectClause);
    if (affs) headAffinities.set(select, affs);
    const colls = coreCollations.get(head as SelectClause);
    if (colls) headCollations.set(select, colls);
    return info;
  } finally {
    if (select.with) ctx.ctes.pop();
  }
}

/** True when `select` mentions a table called `name` anywhere (a recursive CTE). */
function referencesName(node: unknown, name: string): boolean {
  if (!node || typeof node !== 'object') return false;
  const o = node as Record<string, unknown>;
  if (o.type === 'table' && typeof o.name === 'object' && o.name && (o.name as { name: string }).name.toLowerCase() === name) return true;
  for (const v of Object.values(o)) {
    if (Array.isArray(v)) {
      if (v.some((x) => referencesName(x, name))) return true;
    } else if (v && typeof v === 'object' && referencesName(v, name)) return true;
  }
  return false;
}

/** VALUES (…), (…) as a compound of one-row SELECT cores (columns named column1, column2, …). */
function valuesAsCompound(s: Select): Select {
  const toCore = (row: Expr[], named: boolean): SelectClause => ({
    type: 'select-core',
    distinct: false,
    columns: row.map((expr, i) => ({ type: 'expr', expr, alias: named ? `column${i + 1}` : null, span: '' })),
    from: null,
    where: null,
    groupBy: [],
    having: null,
    windows: [],
    offset: 0,
  });
  let first = s.first;
  const compounds = [...s.compounds];
  if (first.type === 'values') {
    const rows = first.rows;
    first = toCore(rows[0], true);
    compounds.unshift(...rows.slice(1).map((r) => ({ op: 'UNION ALL' as const, select: toCore(r, true) })));
  }
  const out = compounds.flatMap((c) => (c.select.type === 'values' ? c.select.rows.map((r, i) => ({ op: i === 0 ? c.op : ('UNION ALL' as const), select: toCore(r, true) })) : [c]));
  return { ...s, first, compounds: out };
}

/** The result columns of a core, `*` expanded. */
function expandColumns(ctx: Ctx, core: SelectClause, scope: Scope): { expr: Expr; name: string; alias: string | null }[] {
  const out: { expr: Expr; name: string; alias: string | null }[] = [];
  const starOf = (si: number, qualified = false): void => {
    const s = scope.sources[si];
    s.columns.forEach((c, i) => {
      const own: Expr = { type: 'column', schema: null, table: s.name, name: c.name, quote: null, offset: 0 };
      // `t.*` lists t's own USING columns too (its own values); `*` shows each USING column once.
      if (qualified && s.usingHidden?.has(i)) out.push({ expr: own, name: c.name, alias: null });
      else if (!s.hidden.has(i)) out.push({ expr: s.usingExpr?.get(i) ?? own, name: c.name, alias: null });
    });
  };
  for (const rc of core.columns as ResultColumn[]) {
    if (rc.type === 'star') {
      if (scope.sources.length === 0) throw sqlError('no tables specified');
      scope.sources.forEach((_, i) => starOf(i));
    } else if (rc.type === 'table-star') {
      const i = scope.sources.findIndex((s) => s.name.toLowerCase() === rc.table.toLowerCase());
      if (i < 0) throw sqlError(`no such table: ${rc.table}`);
      starOf(i, true);
    } else {
      let name = rc.alias ?? rc.span;
      if (!rc.alias && rc.expr.type === 'column') {
        const r = peekColumn(scope, rc.expr.table, rc.expr.name);
        name = r && r.column >= 0 ? r.source.columns[r.column].name : rc.expr.name;
      }
      out.push({ expr: rc.expr, name, alias: rc.alias });
    }
  }
  void ctx;
  return out;
}

/** Table and column of a result expression that is a plain column reference of a b-tree table. */
function originOf(e: Expr, scope: Scope): { table: string; column: string } | null {
  if (e.type !== 'column') return null;
  const r = peekColumn(scope, e.table, e.name);
  if (!r || !r.source.table) return null;
  const t = r.source.table;
  return { table: t.name, column: r.column < 0 ? (t.rowidAlias >= 0 ? t.columns[t.rowidAlias].name : 'rowid') : t.columns[r.column].name };
}

/** Declared type of a result expression that is a plain column reference. */
function declTypeOf(e: Expr, scope: Scope): string | null {
  if (e.type !== 'column') return null;
  const r = peekColumn(scope, e.table, e.name);
  return r && r.column >= 0 ? r.source.columns[r.column].declType : r ? 'INTEGER' : null;
}

/** Aggregate calls in `e` (not inside subqueries). */
function collectAggregates(e: Expr, out: FunctionCall[]): void {
  walkExpr(e, (x) => {
    if (x.type === 'function' && x.over === null && isAggregate(x)) {
      out.push(x);
      return false;
    }
    if (x.type === 'subquery' || x.type === 'exists' || x.type === 'in-select') return false;
    return true;
  });
}

/** Node types whose printed text does not identify their value (each evaluation may differ). */
const OPAQUE = new Set(['function', 'param', 'subquery', 'exists', 'in-select', 'in-table', 'raise', 'current-time']);

/**
 * Splits aggregate calls into distinct ones and duplicates: the same node collected twice (an
 * ORDER BY term that names a result column), or a call whose printed text equals an earlier one's
 * and whose arguments, FILTER and ORDER BY hold only columns, literals and operators (no function,
 * parameter or subquery, whose values the text does not pin down). `alias` maps each duplicate to
 * the call it shares an accumulator with.
 */
function dedupeAggregates(calls: FunctionCall[]): { unique: FunctionCall[]; alias: Map<FunctionCall, FunctionCall> } {
  const unique: FunctionCall[] = [];
  const alias = new Map<FunctionCall, FunctionCall>();
  const byText = new Map<string, FunctionCall>();
  for (const c of calls) {
    if (unique.includes(c) || alias.has(c)) continue;
    let plain = true;
    for (const e of [...c.args, ...c.orderBy.map((t) => t.expr), ...(c.filter ? [c.filter] : [])]) {
      walkExpr(e, (x) => {
        if (OPAQUE.has(x.type)) plain = false;
        return plain;
      });
    }
    const text = plain ? printExpr(c) : null;
    const same = text !== null ? byText.get(text) : undefined;
    if (same) alias.set(c, same);
    else {
      unique.push(c);
      if (text !== null) byText.set(text, c);
    }
  }
  return { unique, alias };
}

/**
 * Column refs of `scope` itself in `e` outside aggregate calls and outside subexpressions whose
 * {@link exprKey} is in `groupKeys` (those read the GROUP BY key's register instead).
 */
function collectBareColumns(e: Expr, scope: Scope, out: Map<string, { si: number; col: number }>, groupKeys?: Set<string>): void {
  walkExpr(e, (x) => {
    if (x.type === 'function' && x.over === null && isAggregate(x)) return false;
    if (groupKeys && groupKeys.size > 0 && groupKeys.has(exprKey(x))) return false;
    if (x.type === 'column') {
      const r = peekColumn(scope, x.table, x.name);
      if (r) out.set(`${r.sourceIndex}:${r.column}`, { si: r.sourceIndex, col: r.column });
    }
    return true;
  });
}

/** State of the result pipeline (results → DISTINCT → sorter or OFFSET/LIMIT → destination). */
interface Pipeline {
  results: { expr: Expr }[];
  affinities: number[];
  distinctCur: number;
  sorter: { cur: number; keys: Expr[]; keyInfo: KeyInfo } | null;
  limitReg: number;
  offsetReg: number;
  brk: Label;
  dest: Dest;
}

function emitPipeline(ctx: Ctx, scope: Scope, p: Pipeline, cont: Label): void {
  const b = ctx.b;
  const n = p.results.length;
  const nKey = p.sorter ? p.sorter.keys.length : 0;
  const block = b.regs(nKey + n);
  const res = block + nKey;
  p.results.forEach((r, i) => codeExpr(ctx, scope, r.expr, res + i));
  if (p.distinctCur >= 0) {
    const rec = b.reg();
    b.emit('Found', p.distinctCur, cont, res, { kind: 'int', value: n });
    b.emit('MakeRecord', res, n, rec);
    b.emit('IdxInsert', p.distinctCur, rec);
  }
  if (p.sorter) {
    p.sorter.keys.forEach((k, i) => codeExpr(ctx, scope, k, block + i));
    const rec = b.reg();
    b.emit('MakeRecord', block, nKey + n, rec);
    b.emit('SorterInsert', p.sorter.cur, rec);
    return;
  }
  emitLimited(ctx, p, res, cont);
}

function emitLimited(ctx: Ctx, p: Pipeline, res: number, cont: Label): void {
  const b = ctx.b;
  if (p.offsetReg) b.emit('IfPos', p.offsetReg, cont, 1);
  emitRow(ctx, p.dest, res, p.results.length, p.affinities, cont);
  if (p.limitReg) b.emit('DecrJumpZero', p.limitReg, p.brk);
}

/** LIMIT and OFFSET registers (0 when absent); jumps to `end` for LIMIT 0. */
export function codeLimit(ctx: Ctx, scope: Scope, limit: LimitClause | null, end: Label): { limitReg: number; offsetReg: number } {
  if (!limit) return { limitReg: 0, offsetReg: 0 };
  const b = ctx.b;
  const limitReg = exprToReg(ctx, scope, limit.limit);
  b.emit('MustBeInt', limitReg, 0);
  let offsetReg = 0;
  if (limit.offset) {
    offsetReg = exprToReg(ctx, scope, limit.offset);
    b.emit('MustBeInt', offsetReg, 0);
  }
  b.emit('IfNot', limitReg, end);
  return { limitReg, offsetReg };
}

/** KeyInfo of ORDER BY / GROUP BY keys. */
export function keyInfoFor(colls: string[], desc: boolean[], bigNull?: boolean[]): KeyInfo {
  const info: KeyInfo = {
    nKeyField: colls.length,
    desc,
    collNames: colls,
    collations: colls.map((c) => collationFn(c)),
  };
  if (bigNull?.some((x) => x)) info.bigNull = bigNull;
  return info;
}

/** True when an ORDER BY term puts NULLs after the other values of its direction's default (ASC NULLS LAST, DESC NULLS FIRST). */
export function bigNullOf(t: OrderingTerm): boolean {
  return t.nulls !== null && (t.nulls === 'LAST') !== (t.direction === 'DESC');
}

/** Emits the sorter output loop: rows in key order through OFFSET/LIMIT to the destination. */
export function emitSorterOutput(ctx: Ctx, p: Pipeline, end: Label): void {
  const b = ctx.b;
  const s = p.sorter!;
  const nKey = s.keys.length;
  const n = p.results.length;
  const pseudo = b.cursor();
  const rec = b.reg();
  b.emit('OpenPseudo', pseudo, rec, nKey + n);
  b.emit('SorterSort', s.cur, end);
  const top = b.addr;
  const cont = b.label();
  b.emit('SorterData', s.cur, rec, pseudo);
  const res = b.regs(n);
  for (let i = 0; i < n; i++) b.emit('Column', pseudo, nKey + i, res + i);
  emitLimited(ctx, { ...p, brk: end }, res, cont);
  b.resolve(cont);
  b.emit('SorterNext', s.cur, top);
}

/** Resolves ORDER BY terms against the result columns (number, alias, or expression). */
function orderKeys(orderBy: OrderingTerm[], results: { expr: Expr; name: string; alias: string | null }[]): Expr[] {
  return orderBy.map((t, i) => {
    let e = t.expr;
    let coll: string | null = null;
    if (e.type === 'collate') {
      coll = e.collation;
      e = e.expr;
    }
    let out: Expr = e;
    if (e.type === 'integer') {
      const k = Number(e.text);
      if (!(k >= 1 && k <= results.length)) throw sqlError(`${ordinal(i + 1)} ORDER BY term out of range - should be between 1 and ${results.length}`);
      out = results[k - 1].expr;
    } else if (e.type === 'column' && e.table === null) {
      const a = results.find((r) => r.alias !== null && r.alias.toLowerCase() === e.name.toLowerCase());
      if (a) out = a.expr;
    }
    return coll ? { type: 'collate', expr: out, collation: coll, offset: 0 } : out;
  });
}

/** "1st", "2nd", "3rd", "4th" … as SQLite's error messages number terms. */
export function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${s}`;
}

/** The result column affinities of each core coded (for {@link headAffinities}). */
const coreAffinities = new WeakMap<SelectClause, number[]>();
/** The result column collations of each core coded (for {@link headCollations}). */
const coreCollations = new WeakMap<SelectClause, ({ name: string; explicit: boolean } | null)[]>();

/**
 * The collation of each result column of `core` once coded (exprCollation: null where the
 * expression has none, e.g. a function's result); undefined before.
 */
export function coreResultCollations(core: SelectClause): readonly ({ name: string; explicit: boolean } | null)[] | undefined {
  return coreCollations.get(core);
}

/**
 * The GROUP BY terms with a result column number or a result alias replaced by the result's
 * expression; null when a number is out of range (the caller reports it).
 */
function resolveGroupBy(core: SelectClause, groupRefs: readonly { expr: Expr; alias: string | null }[], scope: Scope): Expr[] | null {
  const out: Expr[] = [];
  for (const g of core.groupBy) {
    if (g.type === 'integer') {
      const k = Number(g.text);
      if (!(k >= 1 && k <= groupRefs.length)) return null;
      out.push(groupRefs[k - 1].expr);
      continue;
    }
    if (g.type === 'column' && g.table === null && !peekColumn(scope, null, g.name)) {
      const a = groupRefs.find((r) => r.alias !== null && r.alias.toLowerCase() === g.name.toLowerCase());
      if (a) {
        out.push(a.expr);
        continue;
      }
    }
    out.push(g);
  }
  return out;
}

/** An ORDER BY that is its GROUP BY: for each ORDER BY term, the GROUP BY term it is (its own position), and its direction. */
interface GroupOrder {
  terms: number[];
  desc: boolean[];
}

/**
 * When the ORDER BY names the GROUP BY's terms in their order, in any directions, with no NULLS
 * FIRST/LAST (select.c: SQLite then sorts the groups in those directions and drops the ORDER BY's
 * own sorter, "USE TEMP B-TREE FOR GROUP BY" alone in the plan; another order of the same terms
 * keeps both, as SQLite 3.53 does): which term each is. Else null.
 */
function groupOrderOf(groupBy: readonly Expr[], orderBy: readonly OrderingTerm[], keys: readonly Expr[]): GroupOrder | null {
  if (groupBy.length === 0 || keys.length !== groupBy.length || orderBy.some(bigNullOf)) return null;
  const gk = groupBy.map(exprKey);
  const terms = keys.map((k) => gk.indexOf(exprKey(k)));
  if (terms.some((t, i) => t !== i) || new Set(gk).size !== gk.length) return null;
  return { terms, desc: orderBy.map((t) => t.direction === 'DESC') };
}

/** True when the one source's loop reads one row at most: a rowid `=`, or `=` on every column of a UNIQUE index (no IN). */
function readsOneRow(scope: Scope, plan: JoinPlan): boolean {
  if (scope.sources.length !== 1) return false;
  const p = plan.paths[0];
  if (p.kind === 'rowid-eq') return true;
  return p.kind === 'index' && p.index.unique && !p.index.where && p.eq.length === p.index.columns.length && p.eq.every((e) => !Array.isArray(e) && e.type !== 'in-select') && p.eqOps.every((o) => o === '=');
}

/**
 * Whether the one source's loop delivers the rows in GROUP BY order (SQLite's WHERE_GROUPBY
 * satisfied, groupBySort = 0): sorted when every GROUP BY term is a column held by `=` or `IS`,
 * or the others are read in order through an index (orderedPath, which then becomes the loop's
 * path) in the ORDER BY's order and directions when the ORDER BY is the GROUP BY (`groupOrder`),
 * else ascending in some order of the terms; only grouped for a one-row loop (not reported
 * sorted); else null.
 */
function groupByInLoopOrder(scope: Scope, plan: JoinPlan, fixed: (key: Expr) => boolean, resolved: readonly Expr[], groupOrder: GroupOrder | null, used: Set<number> | null): GroupLoop | null {
  if (resolved.length === 0 || scope.sources.length !== 1) return null;
  const order = groupOrder ? groupOrder.terms : resolved.map((_, i) => i);
  const dirs = groupOrder ? groupOrder.desc : resolved.map(() => false);
  const free = order.filter((i) => !fixed(resolved[i]));
  const held = order.filter((i) => !free.includes(i));
  if (readsOneRow(scope, plan)) return { sorted: false, terms: order };
  if (free.length === 0) return { sorted: true, terms: order };
  // The written order (the ORDER BY's directions when it is the GROUP BY), then any other order
  // of the terms an index holds them in: SQLite's WHERE_GROUPBY takes the terms in any order, the
  // groups then come in the index's, not sorted as an ORDER BY that is the GROUP BY asks (at most
  // four terms permuted).
  const tries = free.length > 4 ? [free] : permutations(free);
  for (const t of tries) {
    const exact = t.every((x, i) => x === free[i]);
    const p = orderedPath(scope, plan, t.map((i) => resolved[i]), t.map((i) => (exact ? dirs[i] : false)), used, true);
    if (p === null) continue;
    plan.paths[0] = p;
    return { sorted: exact, terms: [...t, ...held] };
  }
  return null;
}

/** How the loop delivers a GROUP BY (groupByInLoopOrder): reported sorted or only grouped (one row), and the GROUP BY terms' order. */
interface GroupLoop {
  sorted: boolean;
  terms: number[];
}

/** Every order of `xs`, `xs` itself first. */
function permutations(xs: number[]): number[][] {
  if (xs.length <= 1) return [xs];
  const out: number[][] = [];
  xs.forEach((x, i) => {
    for (const rest of permutations([...xs.slice(0, i), ...xs.slice(i + 1)])) out.push([x, ...rest]);
  });
  return out;
}

/**
 * A test of whether a key is a plain column of the one source that a WHERE term holds to one
 * value, by `=` or `IS` (where.ts eqColumns, computed once).
 */
function fixedKeys(scope: Scope, terms: WhereTerm[]): (key: Expr) => boolean {
  const src = scope.sources[0];
  if (scope.sources.length !== 1 || !src.table || src.leftJoin) return () => false;
  const t = src.table;
  const eq = eqColumns(scope, 0, terms, true);
  return (key) => {
    if (key.type !== 'column') return false;
    const r = peekColumn(scope, key.table, key.name);
    return r !== null && r.sourceIndex === 0 && eq.has(r.column === t.rowidAlias ? -1 : r.column);
  };
}

/** Codes one SELECT core with its ORDER BY and LIMIT. */
export function codeCore(ctx: Ctx, core: SelectClause, orderBy: OrderingTerm[], limit: LimitClause | null, dest: Dest, outer: Scope | null): SelectInfo {
  const b = ctx.b;
  const scope = new Scope(outer);
  const { terms: joinTerms, hasLeftJoin } = buildFrom(ctx, scope, core.from);
  const results = expandColumns(ctx, core, scope);
  scope.aliases = results.filter((r) => r.alias !== null).map((r) => ({ name: r.alias!, expr: r.expr }));
  for (const r of results) walkExpr(r.expr, (x) => void scope.resultNodes.add(x));
  const end = b.label();
  const { limitReg, offsetReg } = codeLimit(ctx, scope, limit, end);

  const keys = orderBy.length ? orderKeys(orderBy, results) : [];
  checkWindowOnly([...results.map((r) => r.expr), ...keys, core.where, core.having, ...core.groupBy]);
  // Window functions (window.ts): the core computes the payload rows; window stages follow.
  const win = hasWindowCalls([...results.map((r) => r.expr), ...keys]) ? planWindows(core, [...results.map((r) => r.expr), ...keys], scope) : null;
  const aggCalls: FunctionCall[] = [];
  for (const e of win ? win.payload : [...results.map((r) => r.expr), ...keys]) collectAggregates(e, aggCalls);
  if (core.having) collectAggregates(core.having, aggCalls);
  const isAgg = aggCalls.length > 0 || core.groupBy.length > 0;
  if (core.having && !isAgg) throw sqlError('a GROUP BY clause is required before HAVING');
  if (core.where) {
    const inWhere: FunctionCall[] = [];
    collectAggregates(core.where, inWhere);
    if (inWhere.length) throw sqlError(`misuse of aggregate: ${inWhere[0].name}()`);
  }

  const terms: WhereTerm[] = [
    ...splitAnd(core.where).map((expr) => ({ expr, mask: exprMask(expr, scope), onSource: -1, coded: false })),
    ...joinTerms.flatMap((j) => splitAnd(j.expr).map((expr) => ({ expr, mask: exprMask(expr, scope), onSource: j.onSource, coded: false }))),
  ];
  const used = usedColumnsIn([core, orderBy], scope);
  noteInSubqueries(ctx, terms);
  const plan = planJoin(scope, terms, used, hasLeftJoin);
  const wantSort = keys.length > 0 && !(dest.kind === 'exists' || (dest.kind === 'index' && !limit));
  // SELECT DISTINCT whose ORDER BY is its result list, in order (any directions): SQLite makes it a
  // GROUP BY (select.c), whose sorter EXPLAIN QUERY PLAN calls "DISTINCT"; an index order may then
  // deliver it. With ORDER BY terms outside the list the sorter must see every distinct row first.
  const distinctAsGroup =
    core.distinct && !isAgg && !win && keys.length === results.length && keys.every((k, i) => exprKey(k) === exprKey(results[i].expr));
  // ORDER BY terms that are columns of the one source held by `=` in WHERE are in order already
  // (SQLite's wherePathSatisfiesOrderBy skips them): the others decide; none left, no sorter.
  // (A DISTINCT's rows may be read in an order only when each ORDER BY term is one of its columns:
  // a term outside them would take the first duplicate's value in scan order, not the sorted one.)
  const distinctOk = !core.distinct || distinctAsGroup || keys.every((k) => results.some((r) => exprKey(r.expr) === exprKey(k)));
  const canOrder = wantSort && !isAgg && distinctOk && !win && !orderBy.some(bigNullOf);
  const keyFixed = fixedKeys(scope, terms);
  const free = canOrder ? keys.map((_, i) => i).filter((i) => !keyFixed(keys[i])) : [];
  // A loop that reads one row at most (the rowid, or every column of a UNIQUE index, held by `=`)
  // is in any order (SQLite's WHERE_ONEROW). But a DISTINCT made a GROUP BY keeps its ORDER BY's
  // sorter then, as SQLite's does: select.c drops it only when the GROUP BY needed a sorter or the
  // loop reports its rows sorted, which a one-row loop does not.
  const oneRow = canOrder && readsOneRow(scope, plan);
  const fixedOrder = canOrder && (free.length === 0 || oneRow) && !(oneRow && distinctAsGroup);
  // A DISTINCT made a GROUP BY that the loop delivers grouped but not sorted (or one row): no
  // sorter for the groups, the ORDER BY's own (select.c keeps it unless the rows come sorted).
  const groupedOnly = distinctAsGroup && (oneRow || distinctGroupedByLoop(scope, plan, terms, results.map((r) => r.expr)));
  const freeKeys = free.map((i) => keys[i]);
  const freeDesc = free.map((i) => orderBy[i].direction === 'DESC');
  let ordered =
    canOrder && !fixedOrder && !(oneRow && distinctAsGroup)
      ? (orderedPath(scope, plan, freeKeys, freeDesc, used[0] ?? null, true) ??
        outerLoopOrdered(scope, plan, freeKeys, freeDesc, used[plan.order[0]] ?? null) ??
        (!limit && !core.distinct ? orderedInsteadOfSort(scope, plan, freeKeys, freeDesc, used[0] ?? null, results.length) : null))
      : null;
  // A join whose ORDER BY one source's loop could deliver from the outside: that order instead
  // of a sort when SQLite would take it (where.ts orderedJoinPlan).
  if (!ordered && canOrder && !fixedOrder && !hasLeftJoin && !limit && !core.distinct) {
    const alt = orderedJoinPlan(scope, terms, used, plan, freeKeys, freeDesc, results.length);
    if (alt) {
      plan.order = alt.plan.order;
      plan.paths = alt.plan.paths;
      ordered = alt.outer;
    }
  }
  if (ordered) plan.paths[0] = ordered;
  // (An out-of-range GROUP BY number resolves to none here; codeAggregate reports it.)
  const groupBy = isAgg && !win ? (resolveGroupBy(core, results, scope) ?? []) : [];
  const groupOrder = wantSort ? groupOrderOf(groupBy, orderBy, keys) : null;
  const groupLoop = groupByInLoopOrder(scope, plan, keyFixed, groupBy, groupOrder, used[0] ?? null);
  const groupByLoop = groupLoop !== null;
  // The groups of a one-row loop are not reported sorted: SQLite keeps the ORDER BY's sorter then.
  const groupSorts = groupOrder !== null && (groupLoop === null || groupLoop.sorted) ? groupOrder : null;
  const needSort = wantSort && !ordered && !fixedOrder && !groupSorts;
  // The GROUP BY terms in the order the groups are formed: the ORDER BY's, or the loop's.
  const groupTerms = groupSorts ?? (groupLoop ? { terms: groupLoop.terms, desc: groupLoop.terms.map(() => false) } : null);
  const sorter = needSort
    ? {
        cur: b.cursor(),
        keys,
        keyInfo: keyInfoFor(
          keys.map((k) => exprCollation(k, scope)?.name ?? 'BINARY'),
          orderBy.map((t) => t.direction === 'DESC'),
          orderBy.map(bigNullOf),
        ),
      }
    : null;
  if (sorter) b.emit('SorterOpen', sorter.cur, keys.length + results.length, 0, { kind: 'keyinfo', info: sorter.keyInfo });
  let distinctCur = -1;
  if (core.distinct) {
    distinctCur = b.cursor();
    b.emit('OpenEphemeral', distinctCur, results.length, 0, { kind: 'keyinfo', info: keyInfoFor(results.map((r) => exprCollation(r.expr, scope)?.name ?? 'BINARY'), results.map(() => false)) });
  }
  const pipeline: Pipeline = {
    results,
    affinities: results.map((r) => exprAffinity(r.expr, scope)),
    distinctCur,
    sorter,
    limitReg,
    offsetReg,
    brk: end,
    dest,
  };

  const first = win ? openFirstSorter(ctx, scope, win) : null;
  const inner: Pipeline = first ? { results: first.results, affinities: first.results.map(() => 0), distinctCur: -1, sorter: first, limitReg: 0, offsetReg: 0, brk: end, dest } : pipeline;
  const codeInner = (): void => {
    if (scope.sources.length === 0) ctx.plan('SCAN CONSTANT ROW');
    if (!isAgg) {
      emitLoops(ctx, scope, plan, terms, (exits: LoopExits) => emitPipeline(ctx, scope, inner, exits.cont));
    } else {
      codeAggregate(ctx, scope, core, first ? first.results.map((r) => ({ expr: r.expr, name: '', alias: null })) : results, aggCalls, plan, terms, inner, results, groupTerms, groupByLoop);
    }
  };
  if (win && first) {
    const lines = planWindowLines(ctx, win);
    ctx.nested(lines.inner, codeInner);
    lines.finish();
    emitWindowStages(ctx, scope, win, first, (cont) => emitPipeline(ctx, scope, pipeline, cont));
  } else codeInner();
  // SQLite's temporary b-tree of a DISTINCT (distinct-plan.ts): an aggregate's always; otherwise
  // unless the rows are unique or come grouped; the GROUP BY it became names its sorter instead.
  if (core.distinct && !distinctAsGroup && !win && (isAgg || distinctNeedsTempTable(scope, plan, terms, results.map((r) => r.expr)))) {
    ctx.plan('USE TEMP B-TREE FOR DISTINCT');
  }
  if (sorter) {
    // SQLite words the sorter of the GROUP BY a DISTINCT became "DISTINCT"; when the loop groups
    // the rows already, the sorter left is the ORDER BY's (groupedOnly).
    const asDistinct = distinctAsGroup && !groupedOnly;
    ctx.plan(asDistinct ? 'USE TEMP B-TREE FOR DISTINCT' : 'USE TEMP B-TREE FOR ORDER BY');
    emitSorterOutput(ctx, pipeline, end);
  }
  b.resolve(end);
  coreAffinities.set(core, results.map((r) => exprAffinity(r.expr, scope)));
  coreCollations.set(core, results.map((r) => exprCollation(r.expr, scope)));
  return {
    columns: results.map((r) => ({
      name: r.name,
      affinity: exprAffinity(r.expr, scope),
      collation: exprCollation(r.expr, scope)?.name ?? 'BINARY',
      declType: declTypeOf(r.expr, scope),
      origin: originOf(r.expr, scope),
      expr: r.expr,
    })),
    correlated: scope.outerRefs > 0,
  };
}

interface AggSlot {
  call: FunctionCall;
  func: AggregateFunction;
  acc: number;
  distinctCur: number;
  nArg: number;
  /**
   * Inputs computed per row: the arguments, the call's own ORDER BY terms, then its FILTER
   * expression (with GROUP BY they travel through the sorter, whose rows no longer have cursors).
   */
  inputs: Expr[];
  /** Ephemeral index of [order keys…, sequence, arguments…] when the call has an ORDER BY, else -1. */
  orderCur: number;
}

function codeAggregate(
  ctx: Ctx,
  scope: Scope,
  core: SelectClause,
  results: { expr: Expr; name: string; alias: string | null }[],
  aggCalls: FunctionCall[],
  plan: ReturnType<typeof planJoin>,
  terms: WhereTerm[],
  pipeline: Pipeline,
  groupRefs: { expr: Expr; name: string; alias: string | null }[] = results,
  groupOrder: GroupOrder | null = null,
  groupByLoop = false,
): void {
  const b = ctx.b;
  // An aggregate written twice (ORDER BY 3 naming a result's sum(id), or the same call in HAVING)
  // is one accumulator and one AggStep, as SQLite's analyzeAggregate matches existing calls.
  const { unique, alias } = dedupeAggregates(aggCalls);
  const slots: AggSlot[] = unique.map((call) => {
    const nArg = call.star ? 0 : call.args.length;
    const f = aggregateFor(call.name, nArg, call.args.map((a) => exprCollation(a, scope)).find((c) => c)?.name ?? null);
    if (!f) throw sqlError(`no such function: ${call.name}`);
    if (call.distinct && nArg !== 1) throw sqlError('DISTINCT aggregates must have exactly one argument');
    const ordered = nArg > 0 && call.orderBy.length > 0;
    const inputs = [...(call.star ? [] : call.args), ...(ordered ? call.orderBy.map((t) => t.expr) : []), ...(call.filter ? [call.filter] : [])];
    return { call, func: f, acc: b.reg(), distinctCur: call.distinct ? b.cursor() : -1, nArg, inputs, orderCur: ordered ? b.cursor() : -1 };
  });
  /**
   * An aggregate's own ORDER BY (lang_aggfunc.html "ORDER BY clause"): the rows' arguments go to an
   * ephemeral index keyed by [order keys…, sequence] and are stepped in that order at the end of the
   * group. The sequence keeps ties in arrival order and duplicates apart.
   */
  const orderInfo = (s: AggSlot): KeyInfo => {
    const ob = s.call.orderBy;
    return keyInfoFor(
      [...ob.map((t) => exprCollation(t.expr, scope)?.name ?? 'BINARY'), 'BINARY', ...s.call.args.map(() => 'BINARY')],
      [...ob.map((t) => t.direction === 'DESC'), false, ...s.call.args.map(() => false)],
      [...ob.map((t) => bigNullOf(t)), false, ...s.call.args.map(() => false)],
    );
  };
  const resolved = resolveGroupBy(core, groupRefs, scope);
  if (resolved === null) throw sqlError(`GROUP BY term out of range - should be between 1 and ${groupRefs.length}`);
  // An ORDER BY that is the GROUP BY (codeCore groupOrderOf): the groups are sorted in its
  // directions, and its own sorter is not made.
  const groupBy = groupOrder ? groupOrder.terms.map((i) => resolved[i]) : resolved;
  const bare = new Map<string, { si: number; col: number }>();
  const minMaxSlots = slots.filter((s) => s.nArg === 1 && ['min', 'max'].includes(s.call.name.toLowerCase()));
  // A subexpression that is a GROUP BY term reads the group's key register (expr.ts, AggMap.byText),
  // so the columns under it need not travel through the sorter. Not when a subquery is about: a
  // correlated reference inside it reads the outer columns through the bare-column registers. Nor
  // beside a min() or max(): SQLite evaluates such a term from the row holding the minimum or
  // maximum, as it does bare columns (its key register holds the group's first row, whose value may
  // differ: 5 and 205.0 are one group of a % 100, whose max(a) row gives 5.0).
  // (Not with a RIGHT or FULL JOIN: a USING column there is a COALESCE of two sources' columns,
  // which the bare-column registers do not both hold; the key register has it.)
  const keysFromRow = groupBy.length > 0 && minMaxSlots.length > 0 && !scope.sources.some((s) => s.rightJoin);
  const bareFrom = [...results.map((r) => r.expr), ...(core.having ? [core.having] : []), ...(pipeline.sorter?.keys ?? [])];
  const groupKeys = new Set(bareFrom.some(hasSubquery) || keysFromRow ? [] : groupBy.map(exprKey));
  for (const r of results) collectBareColumns(r.expr, scope, bare, groupKeys);
  if (core.having) collectBareColumns(core.having, scope, bare, groupKeys);
  for (const k of pipeline.sorter?.keys ?? []) collectBareColumns(k, scope, bare, groupKeys);
  const bareList = [...bare.entries()].map(([key, v]) => ({ key, ...v, reg: b.reg() }));

  // Which row supplies the bare columns (lang_select.html "bare columns"), as SQLite's
  // updateAccumulator decides: with a min() or max() the row that holds the minimum or maximum
  // (loaded only when a row becomes the new best; other aggregates beside it do not change that, and
  // of several min/max the last one decides, each clearing the hit register before it steps); when
  // that call's FILTER rejects a row, or without any min/max, only the group's first row.
  const last = minMaxSlots.length ? minMaxSlots[minMaxSlots.length - 1] : null;
  // (DISTINCT and an ORDER BY of the call change nothing for min/max: SQLite ignores both there.)
  const minMax = last;
  const minMaxAt = minMax ? slots.indexOf(minMax) : 0;
  const best = minMax && bareList.length ? b.reg() : 0;
  // SQLite's regAcc: 0 until the group's first row has been stepped, then 1.
  const firstDone = bareList.length && (!minMax || minMax.call.filter) ? b.reg() : 0;
  // A lone min() or max() without GROUP BY and FILTER (SQLite's min/max query): while no non-NULL
  // value was seen, the first row; with GROUP BY every such row (so the last one).
  const seen = best && slots.length === 1 && !minMax!.call.filter && groupBy.length === 0 ? b.reg() : 0;
  const loadBare = (argRegs: number[], load: () => void): void => {
    if (!best && !firstDone) return load();
    const skipLoad = b.label();
    const loadOnly = b.label();
    if (best) {
      const doLoad = b.label();
      const argReg = argRegs[minMaxAt];
      const compare = b.label();
      if (minMax!.call.filter) {
        const stepped = b.label();
        b.emit('If', argRegs[minMaxAt] + minMax!.inputs.length - 1, stepped);
        b.emit('If', firstDone, skipLoad);
        b.emit('Goto', 0, loadOnly);
        b.resolve(stepped);
      }
      if (seen) b.emit('IfNot', seen, doLoad, 1);
      b.emit('NotNull', argReg, compare);
      b.emit(seen ? 'Goto' : 'NotNull', seen ? 0 : best, skipLoad);
      b.emit('Goto', 0, doLoad);
      b.resolve(compare);
      b.emit('IsNull', best, doLoad);
      const coll = exprCollation(minMax!.call.args[0], scope)?.name ?? 'BINARY';
      b.emit(minMax!.call.name.toLowerCase() === 'max' ? 'Gt' : 'Lt', best, doLoad, argReg, collP4(coll), 0);
      b.emit('Goto', 0, skipLoad);
      b.resolve(doLoad);
      if (seen) b.emit('Integer', 1, seen);
      b.emit('SCopy', argReg, best);
    } else b.emit('If', firstDone, skipLoad);
    b.resolve(loadOnly);
    load();
    b.resolve(skipLoad);
    if (firstDone) b.emit('Integer', 1, firstDone);
  };
  const resetAccs = (): void => {
    if (best) b.emit('Null', 0, best);
    if (seen) b.emit('Integer', 0, seen);
    if (firstDone) b.emit('Integer', 0, firstDone);
    for (const s of slots) {
      b.emit('Null', 0, s.acc);
      if (s.distinctCur >= 0) {
        b.emit('OpenEphemeral', s.distinctCur, 1, 0, { kind: 'keyinfo', info: keyInfoFor([exprCollation(s.call.args[0], scope)?.name ?? 'BINARY'], [false]) });
        // SQLite names the b-tree unless the query's only aggregate reads its argument unique or
        // grouped (distinct-plan.ts; select.c fixDistinctOpenEph).
        // (With GROUP BY, the loop must deliver the groups' keys and the argument grouped.)
        const alone = slots.length === 1;
        if (!alone || distinctNeedsTempTable(scope, plan, terms, [...groupBy, ...s.call.args])) ctx.plan(`USE TEMP B-TREE FOR ${s.func.name}(DISTINCT)`);
      }
      if (s.orderCur >= 0) b.emit('OpenEphemeral', s.orderCur, s.call.orderBy.length + s.nArg + 1, 0, { kind: 'keyinfo', info: orderInfo(s) });
    }
  };
  /** AggStep for every slot with arguments in `argRegs[i]` (already computed). */
  const stepAll = (argRegs: number[]): void => {
    slots.forEach((s, i) => {
      const skip = b.label();
      if (s.call.filter) b.emit('IfNot', argRegs[i] + s.inputs.length - 1, skip, 1);
      if (s.distinctCur >= 0) {
        const rec = b.reg();
        b.emit('Found', s.distinctCur, skip, argRegs[i], { kind: 'int', value: 1 });
        b.emit('MakeRecord', argRegs[i], 1, rec);
        b.emit('IdxInsert', s.distinctCur, rec);
      }
      if (s.orderCur >= 0) {
        const nOrd = s.call.orderBy.length;
        const row = b.regs(nOrd + s.nArg + 1);
        b.emit('Copy', argRegs[i] + s.nArg, row, nOrd - 1);
        b.emit('Sequence', s.orderCur, row + nOrd);
        b.emit('Copy', argRegs[i], row + nOrd + 1, s.nArg - 1);
        const rec = b.reg();
        b.emit('MakeRecord', row, nOrd + s.nArg + 1, rec);
        b.emit('IdxInsert', s.orderCur, rec);
      } else b.emit('AggStep', 0, argRegs[i], s.acc, { kind: 'func', func: s.func }, s.nArg);
      b.resolve(skip);
    });
  };
  const agg: AggMap = { byNode: new Map(), byText: new Map(), columns: new Map(), active: true };
  for (const s of slots) agg.byNode.set(s.call, s.acc);
  for (const [call, same] of alias) agg.byNode.set(call, agg.byNode.get(same)!);
  for (const c of bareList) agg.columns.set(c.key, c.reg);
  const output = (cont: Label): void => {
    for (const s of slots) {
      if (s.orderCur < 0) continue;
      const nOrd = s.call.orderBy.length;
      const args = b.regs(s.nArg);
      const done = b.label();
      b.emit('Rewind', s.orderCur, done);
      const top = b.addr;
      for (let j = 0; j < s.nArg; j++) b.emit('Column', s.orderCur, nOrd + 1 + j, args + j);
      b.emit('AggStep', 0, args, s.acc, { kind: 'func', func: s.func }, s.nArg);
      b.emit('Next', s.orderCur, top);
      b.resolve(done);
    }
    for (const s of slots) b.emit('AggFinal', s.acc, s.nArg, 0, { kind: 'func', func: s.func });
    scope.agg = agg;
    if (core.having) codeIfFalse(ctx, scope, core.having, cont, true);
    emitPipeline(ctx, scope, pipeline, cont);
    scope.agg = null;
  };

  /** The aggregates' arguments computed from the loop's current row, a first register per slot. */
  const argsFromRow = (): number[] =>
    slots.map((s) => {
      const first = b.regs(Math.max(s.inputs.length, 1));
      s.inputs.forEach((e, i) => codeExpr(ctx, scope, e, first + i));
      return first;
    });
  /** The bare columns read from the loop's current row. */
  const bareFromRow = (): void => {
    for (const c of bareList) codeColumn(ctx, scope.sources[c.si], c.col, c.reg);
  };
  if (groupBy.length === 0) {
    resetAccs();
    emitLoops(ctx, scope, plan, terms, () => {
      const argRegs = argsFromRow();
      loadBare(argRegs, bareFromRow);
      stepAll(argRegs);
    });
    const done = b.label();
    output(done);
    b.resolve(done);
    return;
  }

  const nKey = groupBy.length;
  const gInfo = keyInfoFor(groupBy.map((g) => exprCollation(g, scope)?.name ?? 'BINARY'), groupBy.map((_, i) => groupOrder?.desc[i] ?? false));
  const outSub = b.label();
  const resetSub = b.label();
  const finish = b.label();
  /** The registers of the group loop: previous and current keys, the group flag, the subroutines' return registers. */
  const groupRegs = () => ({ prev: b.regs(nKey), cur: b.regs(nKey), hasGroup: b.reg(), outReg: b.reg(), resetReg: b.reg() });
  type GroupRegs = ReturnType<typeof groupRegs>;
  /** No group yet, no previous key, the accumulators reset. */
  const startGroups = (g: GroupRegs): void => {
    b.emit('Integer', 0, g.hasGroup);
    b.emit('Null', 0, g.prev, g.prev + nKey - 1);
    b.emit('Gosub', g.resetReg, resetSub);
  };
  /**
   * One row of the groups, its keys in `g.cur`: another key than `g.prev`'s ends the group
   * (output, reset), then the aggregates step with the arguments `loadArgs` puts in registers.
   */
  const stepRow = (g: GroupRegs, loadArgs: () => number[], loadBareColumns: () => void): void => {
    const same = b.label();
    const diff = b.label();
    b.emit('IfNot', g.hasGroup, diff);
    b.emit('Compare', g.prev, g.cur, nKey, { kind: 'keyinfo', info: gInfo });
    b.emit('Jump', diff, same, diff);
    b.resolve(diff);
    const skipOut = b.label();
    b.emit('IfNot', g.hasGroup, skipOut);
    b.emit('Gosub', g.outReg, outSub);
    b.resolve(skipOut);
    b.emit('Copy', g.cur, g.prev, nKey - 1);
    b.emit('Gosub', g.resetReg, resetSub);
    b.emit('Integer', 1, g.hasGroup);
    b.resolve(same);
    const argRegs = loadArgs();
    loadBare(argRegs, loadBareColumns);
    stepAll(argRegs);
  };
  let g: GroupRegs;
  if (groupByLoop) {
    // The loop delivers the rows in GROUP BY order (codeCore: an index, or keys held by `=`): the
    // groups are formed as the rows come, no sorter (SQLite's groupBySort = 0).
    const loop = (g = groupRegs());
    startGroups(loop);
    emitLoops(ctx, scope, plan, terms, () => {
      groupBy.forEach((e, i) => codeExpr(ctx, scope, e, loop.cur + i));
      stepRow(loop, argsFromRow, bareFromRow);
    });
  } else {
    // GROUP BY: sorter rows are [group keys…, aggregate arguments…, bare columns…].
    const nArgs = slots.reduce((a, s) => a + s.inputs.length, 0);
    const width = nKey + nArgs + bareList.length;
    const gcur = b.cursor();
    b.emit('SorterOpen', gcur, width, 0, { kind: 'keyinfo', info: gInfo });
    emitLoops(ctx, scope, plan, terms, () => {
      // After the loops' SCAN and SEARCH lines, as SQLite's explainTempTable after sqlite3WhereBegin.
      ctx.plan('USE TEMP B-TREE FOR GROUP BY');
      const block = b.regs(width);
      groupBy.forEach((e, i) => codeExpr(ctx, scope, e, block + i));
      let k = nKey;
      for (const s of slots) for (const e of s.inputs) codeExpr(ctx, scope, e, block + k++);
      for (const c of bareList) codeColumn(ctx, scope.sources[c.si], c.col, block + k++);
      const rec = b.reg();
      b.emit('MakeRecord', block, width, rec);
      b.emit('SorterInsert', gcur, rec);
    });
    const sorted = (g = groupRegs());
    const pseudo = b.cursor();
    const rec = b.reg();
    startGroups(sorted);
    b.emit('OpenPseudo', pseudo, rec, width);
    const sortedEnd = b.label();
    b.emit('SorterSort', gcur, sortedEnd);
    const top = b.addr;
    b.emit('SorterData', gcur, rec, pseudo);
    for (let i = 0; i < nKey; i++) b.emit('Column', pseudo, i, sorted.cur + i);
    stepRow(
      sorted,
      () => {
        const argRegs: number[] = [];
        const argBase = b.regs(Math.max(nArgs, 1));
        let k = 0;
        for (const s of slots) {
          argRegs.push(argBase + k);
          for (let i = 0; i < s.inputs.length; i++, k++) b.emit('Column', pseudo, nKey + k, argBase + k);
        }
        return argRegs;
      },
      () => bareList.forEach((c, i) => b.emit('Column', pseudo, nKey + nArgs + i, c.reg)),
    );
    b.emit('SorterNext', gcur, top);
    b.resolve(sortedEnd);
  }
  const { prev, hasGroup, outReg, resetReg } = g;
  b.emit('IfNot', hasGroup, finish);
  b.emit('Gosub', outReg, outSub);
  b.emit('Goto', 0, finish);
  // Output subroutine: finalize, HAVING, then the result pipeline.
  b.resolve(outSub);
  if (!keysFromRow) groupBy.forEach((e, i) => agg.byText.set(exprKey(e), prev + i));
  const ret = b.label();
  output(ret);
  b.resolve(ret);
  b.emit('Return', outReg);
  // Reset subroutine.
  b.resolve(resetSub);
  resetAccs();
  b.emit('Return', resetReg);
  b.resolve(finish);
}
