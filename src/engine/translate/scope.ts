/**
 * Name resolution: the FROM sources one SELECT sees, nested in the scopes of enclosing queries
 * (SQLite's NameContext / SrcList, resolve.c).
 *
 * A {@link Source} is one FROM item with the cursor that reads it: a b-tree table (possibly read
 * through a covering index), or an ephemeral table holding a materialized subquery, view or CTE.
 *
 * Resolution of `[table.]name`: the innermost scope first, every source in FROM order; a name
 * found in an enclosing scope makes every scope crossed on the way "correlated" (its subquery must
 * be re-run for each outer row). `rowid`, `oid` and `_rowid_` name the rowid unless a column has
 * that name.
 *
 * @module
 */
import { SqliteError } from '../../error.js';
import type { Expr } from '../parser/ast.js';
import type { Index, Table } from '../schema/types.js';

/** A column as a source exposes it. */
export interface SourceColumn {
  name: string;
  /** AFF_* code, 0 for none. */
  affinity: number;
  collation: string;
  declType: string | null;
}

/** Where a source's columns are read from when a covering index serves it. */
export interface Covering {
  cursor: number;
  /** Index record position of each table column, −1 when the index lacks it. */
  positions: number[];
}

/** One FROM item. */
export interface Source {
  /** Name qualifiers match (alias, else table name). */
  name: string;
  cursor: number;
  columns: SourceColumn[];
  /** The b-tree table, or null for an ephemeral source. */
  table: Table | null;
  covering: Covering | null;
  /** Columns hidden from `*` (the right-hand copy of USING / NATURAL columns). */
  hidden: Set<number>;
  /** Of {@link hidden}, the USING / NATURAL copies: `t.*` still lists them (only `*` drops them). */
  usingHidden?: Set<number>;
  /** Right side of a LEFT JOIN. */
  leftJoin: boolean;
  /**
   * `NOT INDEXED` after the table's name: no index of it is read (lang_indexedby.html). The rowid
   * paths stay.
   */
  notIndexed?: boolean;
  /**
   * `INDEXED BY name` after the table's name: the table is read through that index and no other
   * way (lang_indexedby.html: a seek when the WHERE terms allow, else the whole index; no rowid
   * lookup, table scan or automatic index), as where.c whereLoopAddBtree with isIndexedBy. Not
   * set for a WITHOUT ROWID table (from.ts: its other indexes are not read through yet).
   */
  indexedBy?: Index;
  /** Right side of a RIGHT or FULL JOIN (right-join.ts): its unmatched rows are emitted after the loops. */
  rightJoin?: boolean;
  /**
   * For a right join inside a parenthesized group after other sources: the index of the group's
   * first source, where its match scope starts (right-join.ts, invariant 5); absent: 0.
   */
  rightScope?: number;
  /**
   * Columns that read as an expression when named unqualified or through `*`: the USING columns of
   * a query with a RIGHT or FULL JOIN (from.ts; SQLite's coalesce of the joined copies).
   */
  usingExpr?: Map<number, Expr>;
  /** Extra cursors to NullRow with it (the index cursor of an index lookup). */
  alsoNull: number[];
  /** The automatic-index cursor serving the source, if any (columns read from it). */
  autoIndex: { cursor: number; positions: number[] } | null;
  /** A recursive CTE's current row: the cursor is already positioned, no loop is needed. */
  single?: boolean;
  /**
   * A row held in registers instead of a cursor (SQLite's iSelfTab): column i in r[cols + i], the
   * rowid in r[rowid]. Used for CHECK constraints and generated columns of a row being written.
   */
  regs?: { cols: number; rowid: number };
  /**
   * For a source materialized at the start of its own loop (a table-valued function whose
   * arguments read other sources of the same FROM, table-function.ts): emits that code. openPath
   * calls it first; no automatic index is built over such a source.
   */
  fill?: () => void;
  /** Sources (bit i = scope.sources[i]) that must be outer to this one in the join order. */
  after?: bigint;
}

/** What aggregate output code reads instead of evaluating: expression → register. */
export interface AggMap {
  /** Aggregate calls and GROUP BY expressions, by node or by printed text. */
  byNode: Map<Expr, number>;
  byText: Map<string, number>;
  /** Bare columns: `sourceIndex:column` → register. */
  columns: Map<string, number>;
  /** When true, column refs not in `columns` are an error (should not happen). */
  active: boolean;
}

/** The names one SELECT (or subquery) sees. */
export class Scope {
  readonly sources: Source[] = [];
  /** References resolved in an enclosing scope (the subquery is correlated when > 0). */
  outerRefs = 0;
  /** Set while coding aggregate output. */
  agg: AggMap | null = null;
  /** Result column aliases (usable in WHERE, GROUP BY, HAVING, ORDER BY as SQLite allows). */
  aliases: { name: string; expr: Expr }[] = [];
  /** The nodes of the result column expressions: a name there never means an alias (SQLite: "no such column"). */
  resultNodes: WeakSet<Expr> = new WeakSet();

  constructor(readonly parent: Scope | null) {}
}

/** A resolved column reference. */
export interface Resolved {
  scope: Scope;
  source: Source;
  sourceIndex: number;
  /** Column index, −1 for the rowid. */
  column: number;
}

const ROWID_NAMES = ['rowid', 'oid', '_rowid_'];

const findCache = new WeakMap<Scope, { n: number; map: Map<string, Resolved | null | 'ambiguous'> }>();

/** {@link findUncached}, memoized per scope while its sources stay the same. */
function findIn(scope: Scope, table: string | null, name: string): Resolved | null | 'ambiguous' {
  let c = findCache.get(scope);
  if (!c || c.n !== scope.sources.length) findCache.set(scope, (c = { n: scope.sources.length, map: new Map() }));
  const key = `${table ?? ''}\u0000${name}`;
  let r = c.map.get(key);
  if (r === undefined) c.map.set(key, (r = findUncached(scope, table, name)));
  return r;
}

function findUncached(scope: Scope, table: string | null, name: string): Resolved | null | 'ambiguous' {
  const lname = name.toLowerCase();
  let found: Resolved | null = null;
  for (let i = 0; i < scope.sources.length; i++) {
    const s = scope.sources[i];
    if (table !== null && s.name.toLowerCase() !== table.toLowerCase()) continue;
    const c = s.columns.findIndex((col) => col.name.toLowerCase() === lname);
    if (c >= 0) {
      if (found && table === null && !s.hidden.has(c)) {
        if (!found.source.hidden.has(found.column)) return 'ambiguous';
      }
      if (!found || found.source.hidden.has(found.column)) found = { scope, source: s, sourceIndex: i, column: c };
      continue;
    }
    if (ROWID_NAMES.includes(lname) && s.table && !s.table.withoutRowid && !found) found = { scope, source: s, sourceIndex: i, column: -1 };
  }
  return found;
}

/**
 * Resolves a column reference from `scope` outwards; null when no source has it.
 * @throws SqliteError "ambiguous column name: X".
 */
export function resolveColumn(scope: Scope, table: string | null, name: string): Resolved | null {
  const crossed: Scope[] = [];
  for (let s: Scope | null = scope; s; s = s.parent) {
    const r = findIn(s, table, name);
    if (r === 'ambiguous') throw new SqliteError('SQLITE_ERROR', `ambiguous column name: ${table ? table + '.' : ''}${name}`);
    if (r) {
      for (const c of crossed) c.outerRefs++;
      return r;
    }
    crossed.push(s);
  }
  return null;
}

/** Like {@link resolveColumn} but only in `scope` itself and without side effects. */
export function peekColumn(scope: Scope, table: string | null, name: string): Resolved | null {
  const r = findIn(scope, table, name);
  return r === 'ambiguous' ? null : r;
}
