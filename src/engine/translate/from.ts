/**
 * FROM → sources (SQLite's sqlite3SrcListLookup + select.c sqliteProcessJoin): every FROM item
 * becomes a {@link Source} with a cursor. Tables are opened with OpenRead; views, subqueries and
 * CTEs are materialized into ephemeral tables under `Once` (EXPLAIN QUERY PLAN "MATERIALIZE x").
 *
 * Joins: `,`, JOIN, INNER and CROSS JOIN add their ON terms to WHERE; LEFT JOIN keeps its ON terms
 * with its right-hand source; USING and NATURAL become equality terms, and the right-hand copy of
 * each shared column is hidden from `*`.
 *
 * RIGHT and FULL JOIN (SQLite 3.39; coded by right-join.ts): a FULL join's source is both a LEFT
 * and a RIGHT join's right side; when a query has either, every join's ON terms stay with its
 * source (even an inner join's), and USING columns follow SQLite's coalescing rules:
 * 1. the left side of `USING (x)` is coalesce() of every earlier copy of x joined by USING;
 * 2. unqualified `x` and `*` read, from the left-most copy on: an INNER/LEFT join keeps the copies
 *    so far, a RIGHT join replaces them by its own copy, a FULL join adds its copy; more than one
 *    copy reads as their coalesce() (Source.usingExpr).
 *
 * @module
 */
import type { Expr, FromClause, FromItem, Select } from '../parser/ast.js';
import type { Table } from '../schema/types.js';
import { sqlError, type Ctx } from './context.js';
import { affCode, walkExpr } from './expr-info.js';
import type { Scope, Source, SourceColumn } from './scope.js';
import { uniqueColumnNames } from './column-names.js';
import { codeRecursiveCte } from './recursive.js';
import { codeSelect } from './select.js';
import { compoundSubqueryAffinities } from './ctas.js';
import { openTableFunction } from './table-function.js';
import { indexKeyInfo, primaryKeyIndex } from './where.js';

/** A join condition found in FROM: its expression and, for LEFT JOIN, the right-hand source. */
export interface JoinTerm {
  expr: Expr;
  onSource: number;
}

/**
 * A flattened FROM item: `scope` is where its right join's match scope starts (invariant 5 of
 * right-join.ts), `visible` the first source its USING / NATURAL columns are looked up in (a
 * parenthesized group sees its own sources only).
 */
interface Flat {
  item: FromItem;
  scope: number;
  visible: number;
  /** The first item of a parenthesized group holding a RIGHT/FULL join, after other items. */
  groupHead: boolean;
  /** The FROM list (or group) the item's join belongs to has a RIGHT/FULL join of its own: USING coalesces. */
  levelRight: boolean;
}

function flattenScoped(from: FromClause, base: number, visible: number, out: Flat[] = []): Flat[] {
  const levelRight = from.items.some((it) => it.join?.kind === 'RIGHT' || it.join?.kind === 'FULL');
  for (const item of from.items) {
    const start = base + out.length;
    if (item.source.type === 'join-group') {
      const right = hasRightJoin(item.source.from);
      const head = right && start > 0;
      if (head && item.join && !([',', 'INNER', 'CROSS'] as string[]).includes(item.join.kind)) throw sqlError('a parenthesized RIGHT or FULL JOIN joined by LEFT, RIGHT or FULL JOIN is not supported yet');
      if (head && (item.using || item.join?.natural)) throw sqlError('a parenthesized RIGHT or FULL JOIN joined with USING or NATURAL is not supported yet');
      const inner = flattenScoped(item.source.from, start, start);
      if (!right) for (const f of inner) if (f.scope === start) f.scope = base;
      if (inner.length) inner[0] = { ...inner[0], item: { ...inner[0].item, join: item.join, on: item.on ?? inner[0].item.on, using: item.using ?? inner[0].item.using }, groupHead: head, visible, levelRight };
      out.push(...inner);
    } else out.push({ item, scope: base, visible, groupHead: false, levelRight });
  }
  return out;
}

/**
 * An ON clause inside a parenthesized group sees only the group's sources (from `start` on).
 * @throws SqliteError "no such column: t.x" for a column of a source before the group.
 */
function groupOnly(scope: Scope, on: Expr, start: number): void {
  walkExpr(on, (x) => {
    if (x.type !== 'column') return;
    const inGroup = scope.sources.slice(start).some((s) => (x.table === null || s.name.toLowerCase() === x.table.toLowerCase()) && (s.columns.some((c) => c.name.toLowerCase() === x.name.toLowerCase()) || ['rowid', 'oid', '_rowid_'].includes(x.name.toLowerCase())));
    if (!inGroup && scope.sources.slice(0, start).some((s) => x.table === null || s.name.toLowerCase() === x.table.toLowerCase())) throw sqlError(`no such column: ${x.table ? `${x.table}.` : ''}${x.name}`);
  });
}

/** True when a RIGHT or FULL join appears in `from`, parenthesized groups included. */
export function hasRightJoin(from: FromClause): boolean {
  return from.items.some((it) => it.join?.kind === 'RIGHT' || it.join?.kind === 'FULL' || (it.source.type === 'join-group' && hasRightJoin(it.source.from)));
}

function tableColumns(t: Table): SourceColumn[] {
  return t.columns.map((c) => ({ name: c.name, affinity: affCode(c.affinity), collation: c.collation, declType: c.declType }));
}

/** Adds the sources of `from` to `scope`; returns the join terms. */
export function buildFrom(ctx: Ctx, scope: Scope, from: FromClause | null): { terms: JoinTerm[]; hasLeftJoin: boolean } {
  const terms: JoinTerm[] = [];
  let hasLeftJoin = false;
  if (!from) return { terms, hasLeftJoin };
  const flat = flattenScoped(from, 0, 0);
  const rightMode = hasRightJoin(from);
  const usingCopies = new Map<string, UsingCopies>();
  for (const { item, scope: rightScope, visible: firstVisible, groupHead, levelRight } of flat) {
    const kind = item.join?.kind ?? ',';
    const src = openSource(ctx, scope, item);
    src.leftJoin = kind === 'LEFT' || kind === 'FULL';
    if (kind === 'RIGHT' || kind === 'FULL') {
      src.rightJoin = true;
      if (rightScope > 0) src.rightScope = rightScope;
    }
    if (src.leftJoin || rightMode) hasLeftJoin = true;
    const si = scope.sources.length;
    // A group's own ON (an inner join's) is a WHERE term: it must also hold for the rows the
    // group's right joins add when they find no match.
    const onSource = groupHead ? -1 : src.leftJoin || rightMode ? si : -1;
    // Inside a parenthesized group with a right join, USING and NATURAL see the group's sources only.
    const visible = scope.sources.slice(firstVisible);
    let using = item.using;
    if (item.join?.natural) {
      using = src.columns.filter((c) => visible.some((s) => s.columns.some((d) => d.name.toLowerCase() === c.name.toLowerCase()))).map((c) => c.name);
    }
    for (const name of using ?? []) {
      const left = visible.find((s) => s.columns.some((c, i) => c.name.toLowerCase() === name.toLowerCase() && !s.hidden.has(i)));
      const rc = src.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
      if (!left || rc < 0) throw sqlError(`cannot join using column ${name} - column not present in both tables`);
      src.hidden.add(rc);
      (src.usingHidden ??= new Set()).add(rc);
      const right: Expr = { type: 'column', schema: null, table: src.name, name, quote: null, offset: 0 };
      let leftExpr: Expr = { type: 'column', schema: null, table: left.name, name, quote: null, offset: 0 };
      if (levelRight) leftExpr = usingStep(visible, usingCopies, `${firstVisible}\u0000${name.toLowerCase()}`, left, name, src, kind);
      terms.push({ expr: { type: 'binary', op: '=', left: leftExpr, right, offset: 0 }, onSource });
    }
    scope.sources.push(src);
    if (item.on && rightScope > 0 && !groupHead) groupOnly(scope, item.on, rightScope);
    if (item.on) terms.push({ expr: item.on, onSource });
  }
  // SQLite expands `*` to the bare name of a USING column here: with another table having that
  // column outside the USING chain, the name is ambiguous (the bare reference reports it).
  for (const [scoped, c] of usingCopies) {
    if (!scoped.startsWith('0\u0000')) continue;
    const key = scoped.slice(2);
    const other = scope.sources.some((s) => !c.all.includes(s) && s.columns.some((x, i) => x.name.toLowerCase() === key && !s.hidden.has(i)));
    const name = c.first.source.columns[c.first.column].name;
    if (other) (c.first.source.usingExpr ??= new Map()).set(c.first.column, { type: 'column', schema: null, table: null, name, quote: null, offset: 0 });
  }
  return { terms, hasLeftJoin };
}

/** The copies of one USING column so far: all of them (rule 1) and those unqualified names read (rule 2). */
interface UsingCopies {
  first: { source: Source; column: number };
  all: Source[];
  shown: Source[];
}

function columnRef(s: Source, name: string): Expr {
  return { type: 'column', schema: null, table: s.name, name, quote: null, offset: 0 };
}

function coalesce(sources: Source[], name: string): Expr {
  if (sources.length === 1) return columnRef(sources[0], name);
  return { type: 'function', name: 'coalesce', distinct: false, star: false, args: sources.map((s) => columnRef(s, name)), orderBy: [], filter: null, over: null, offset: 0 };
}

/**
 * One `USING (name)` join of source `src` in a query with a RIGHT/FULL join (`chain`: the copies' key, per group): returns
 * the left side of its equality (rule 1) and updates what the left-most copy reads as (rule 2).
 */
function usingStep(visible: Source[], copies: Map<string, UsingCopies>, chain: string, left: Source, name: string, src: Source, kind: string): Expr {
  const key = name.toLowerCase();
  let c = copies.get(chain);
  const earlier = visible.filter((s) => s.columns.some((x) => x.name.toLowerCase() === key));
  if (earlier.length > 1 && (!c || earlier.some((s) => !c!.all.includes(s)))) throw sqlError(`ambiguous reference to ${name} in USING()`);
  if (!c) {
    const column = left.columns.findIndex((x) => x.name.toLowerCase() === key);
    c = { first: { source: left, column }, all: [left], shown: [left] };
    copies.set(chain, c);
  }
  const leftExpr = coalesce(c.all, name);
  c.all.push(src);
  if (kind === 'RIGHT') c.shown = [src];
  else if (kind === 'FULL') c.shown.push(src);
  const first = c.first.source;
  if (c.shown.length === 1 && c.shown[0] === first) first.usingExpr?.delete(c.first.column);
  else (first.usingExpr ??= new Map()).set(c.first.column, coalesce(c.shown, name));
  return leftExpr;
}

function newSource(name: string, cursor: number, columns: SourceColumn[], table: Table | null): Source {
  return { name, cursor, columns, table, covering: null, hidden: new Set(), leftJoin: false, alsoNull: [], autoIndex: null };
}

function openSource(ctx: Ctx, scope: Scope, item: FromItem): Source {
  const b = ctx.b;
  const s = item.source;
  if (s.type === 'subquery') return materialize(ctx, scope, s.select, item.alias ?? `(subquery-${ctx.nextSubquery()})`, null);
  if (s.type === 'table-function') return openTableFunction(ctx, scope, item);
  if (s.type === 'join-group') throw sqlError('unexpected join group');
  const name = s.name.name;
  const alias = item.alias ?? name;
  if (s.name.schema === null) {
    const cte = ctx.findCte(name);
    if (cte) {
      if (cte.current) {
        const cols = cte.current.columns.map((c) => ({ ...c, declType: null }));
        const src = newSource(alias, cte.current.cursor, cols, null);
        src.single = true;
        return src;
      }
      if (cte.recursive) return codeRecursiveCte(ctx, scope, cte, alias);
      return materialize(ctx, scope, cte.cte.select, alias, cte.cte.columns);
    }
  }
  if (s.name.schema !== null && !['main', 'temp'].includes(s.name.schema.toLowerCase())) throw sqlError(`no such table: ${s.name.schema}.${name}`);
  const view = ctx.schema.views.get(name.toLowerCase());
  if (view) return materialize(ctx, scope, view.select, alias, view.columns);
  const t = ctx.schema.tables.get(name.toLowerCase());
  if (!t) throw sqlError(`no such table: ${s.name.schema ? s.name.schema + '.' : ''}${name}`);
  const cursor = b.cursor();
  // A WITHOUT ROWID table is an index b-tree keyed by its PRIMARY KEY (fileformat2 §2.4).
  if (t.withoutRowid) b.emit('OpenRead', cursor, t.rootPage, 0, { kind: 'keyinfo', info: indexKeyInfo(primaryKeyIndex(t)) }, 0, t.name);
  else b.emit('OpenRead', cursor, t.rootPage, 0, { kind: 'int', value: t.columns.length }, 0, t.name);
  const src = newSource(alias, cursor, tableColumns(t), t);
  if (s.notIndexed) src.notIndexed = true;
  if (s.indexedBy !== null) {
    const named = s.indexedBy.toLowerCase();
    const idx = t.indexes.find((i) => i.name.toLowerCase() === named);
    if (!idx) throw sqlError(`no such index: ${s.indexedBy}`);
    // (A WITHOUT ROWID table's other indexes lead to its primary key, which Strata's loops do not
    // read through yet: there the planner's own choice stands.)
    if (!t.withoutRowid) src.indexedBy = idx;
  }
  return src;
}

/** Materializes `select` into an ephemeral table and returns it as a source. */
export function materialize(ctx: Ctx, scope: Scope, select: Select, name: string, colNames: string[] | null): Source {
  const b = ctx.b;
  const cursor = b.cursor();
  const planId = ctx.plan(`MATERIALIZE ${name}`);
  const once = b.emit('Once', 0, 0);
  const open = b.emit('OpenEphemeral', cursor, 0);
  const info = ctx.nested(planId, () => codeSelect(ctx, select, { kind: 'table', cursor }, scope.parent));
  b.insns[open].p2 = info.columns.length;
  b.patchP2(once, b.addr);
  if (info.correlated) {
    // Re-run for every row of the query that owns the FROM clause, and that query is correlated
    // too (the outer reference lies beyond it): its own Once must not keep the first result.
    b.insns[once].opcode = 'Noop';
    scope.outerRefs++;
  }
  if (colNames && colNames.length !== info.columns.length) throw sqlError(`table ${name} has ${info.columns.length} values for ${colNames.length} columns`);
  let affs = info.columns.map((c) => c.affinity);
  if (select.compounds.length > 0) {
    // A compound's column takes the affinity of the first arm that has one (not only the first arm's).
    try {
      affs = compoundSubqueryAffinities(ctx, select, info.columns.length);
    } catch {
      // An arm reading an outer column cannot be compiled alone: keep the first arm's affinities.
    }
  }
  const names = uniqueColumnNames(info.columns.map((c, i) => colNames?.[i] ?? c.name));
  const cols = info.columns.map((c, i) => ({ name: names[i], affinity: affs[i], collation: c.collation, declType: c.declType }));
  return newSource(name, cursor, cols, null);
}
