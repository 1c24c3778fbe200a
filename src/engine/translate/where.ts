/**
 * WHERE → nested loops (SQLite's where.c, much reduced): split the condition into AND-terms, pick
 * for every FROM source an access path and for the join an order by estimated cost, then emit one
 * loop per source with each term tested at the first level where all the sources it reads are
 * available.
 *
 * Access paths, cheapest first as the cost model sees them:
 *
 * | path        | when                                              | EXPLAIN QUERY PLAN                         |
 * |-------------|---------------------------------------------------|--------------------------------------------|
 * | rowid-eq    | `rowid = expr`                                    | SEARCH t USING INTEGER PRIMARY KEY (rowid=?) |
 * | index       | `=`/IN on a prefix of an index, then `<`… on the next column | SEARCH t USING [COVERING] INDEX i (a=? AND b>?) |
 * | rowid-range | `rowid < expr` …                                  | SEARCH t USING INTEGER PRIMARY KEY (rowid>?) |
 * | auto-index  | `=` on a source with no usable index, inner loop  | SEARCH t USING AUTOMATIC COVERING INDEX (a=?) |
 * | scan        | otherwise                                         | SCAN t                                     |
 *
 * Cost model (without ANALYZE statistics, as SQLite without sqlite_stat1): a table has 1,000,000
 * rows, an ephemeral source 1,000; an equality on an index column leaves 10 rows (1 for a unique
 * index fully matched), each range bound keeps a quarter; a lookup costs 20. With sqlite_stat1
 * (schema/stat1.ts; SQLite's nRowLogEst and aiRowLogEst) a table has its analyzed row count, an
 * equality on the first k columns of an index leaves that count × the index's k-th average rows
 * per key ÷ its entries, and a seek costs log2 of the table's rows. At equal cost the index using
 * more equality terms wins, then the one SQLite's own integer cost (LogEst, index width and b-tree
 * depth included: pathLogCost, log-est.ts indexLoop) puts lower, then the newest (SQLite tries a table's
 * indexes newest first and keeps the first of equal loops). Join order: dynamic programming over
 * subsets (at equal cost the order SQLite's LogEst composition puts lower, then the one whose last
 * loop reads the narrower index, as wherePathSolver; pathLogCost) for up to 10
 * sources (System R), FROM order when the query has a LEFT JOIN (SQLite does not reorder across it
 * either).
 *
 * A term on a column held equal to another by `x = y` also serves lookups on the other
 * (equivalentTerms, SQLite's transitive constraints); a one-table ORDER BY weighs a sort against
 * a loop in order (orderedInsteadOfSort).
 *
 * Correctness does not depend on the chosen path: every term is still tested in the loop (a
 * path only narrows which rows are visited).
 *
 * @module
 */
import type { BinaryOp, Expr, InSelectExpr } from '../parser/ast.js';
import type { Index, IndexColumn, Table } from '../schema/types.js';
import type { KeyInfo } from '../vdbe/insn.js';
import { AFF_BLOB, AFF_NUMERIC, AFF_TEXT } from '../vdbe/opcodes.js';
import type { Label } from '../vdbe/program.js';
import { sqlError, type Ctx } from './context.js';
import { estLog, indexLoop, indexWidth, logEst, logEstAdd, sortingCost, tableWidth } from './log-est.js';
import { indexExpressions, partialIndexUsable } from './partial-plan.js';
import { sameExpr } from './index-key.js';
import { compareAffinity, compareCollation, exprAffinity, hasSubquery, indexAffinityOk, walkExpr } from './expr-info.js';
import { codeColumn, codeExpr, codeIfFalse, collationFn, collP4, exprToReg, inSelectCollation } from './expr.js';
import { inSubqueryAffinity } from './in-subquery.js';
import { peekColumn, Scope, type Source } from './scope.js';
import { codeSubselect } from './subquery.js';
import { emitRightJoinLoops } from './right-join.js';

/** One AND-term of WHERE or of a LEFT JOIN's ON. */
export interface WhereTerm {
  expr: Expr;
  /** Bit i set when the term reads source i. */
  mask: bigint;
  /** For a LEFT JOIN ON term, the index of the right-hand source; else −1. */
  onSource: number;
  coded: boolean;
}

type RangeOp = '<' | '<=' | '>' | '>=';

interface Bound {
  op: RangeOp;
  expr: Expr;
  /** The WHERE term the bound comes from (index paths: the seek tests it, openIndex). */
  term?: Expr;
}

/** How one source is read. */
export type AccessPath =
  | { kind: 'scan'; rows: number; cost: number; reverse?: boolean }
  | { kind: 'single'; rows: number; cost: number }
  | { kind: 'rowid-eq'; rhs: Expr; rows: number; cost: number; term?: Expr }
  | { kind: 'rowid-in'; list: Expr[] | InSelectExpr; rows: number; cost: number; reverse?: boolean }
  | { kind: 'rowid-range'; lower: Bound | null; upper: Bound | null; rows: number; cost: number; reverse?: boolean }
  | { kind: 'index'; index: Index; eq: (Expr | Expr[])[]; eqOps: string[]; lower: Bound | null; upper: Bound | null; covering: boolean; rows: number; cost: number; reverse?: boolean; eqTerms?: (Expr | undefined)[] }
  | { kind: 'auto-index'; cols: number[]; rhs: Expr[]; rows: number; cost: number; build: number; filters?: Expr[]; partial?: boolean; fallback?: AccessPath };

const TABLE_ROWS = 1_000_000;
const EPHEMERAL_ROWS = 1000;
const LOOKUP = 20;
/** Rows a driving `IN (SELECT …)` is assumed to yield (SQLite guesses 25 for an IN operator's list). */
const IN_SUBQUERY_ROWS = 25;
/** Cost of going from an index entry to its table row (SeekRowid on a cursor that is usually near). */
const ROW_LOOKUP = 4;
/** Cost of one row of a full scan (decoding a whole table row, as SQLite's rSize + 16 LogEst). */
const SCAN_ROW = 3;

/** Splits `e` on AND. */
export function splitAnd(e: Expr | null, out: Expr[] = []): Expr[] {
  if (!e) return out;
  if (e.type === 'binary' && e.op === 'AND') {
    splitAnd(e.left, out);
    splitAnd(e.right, out);
  } else out.push(e);
  return out;
}

const maskCache = new WeakMap<Scope, Map<Expr, bigint>>();

/** The sources of `scope` that `e` reads, as a bit mask (every source when it has a subquery). */
export function exprMask(e: Expr, scope: Scope): bigint {
  let cache = maskCache.get(scope);
  if (!cache) maskCache.set(scope, (cache = new Map()));
  const hit = cache.get(e);
  const n = BigInt(scope.sources.length);
  if (hit !== undefined && n === (cache.get(SOURCES_KEY) ?? -1n)) return hit;
  if (n !== (cache.get(SOURCES_KEY) ?? -1n)) {
    cache.clear();
    cache.set(SOURCES_KEY, n);
  }
  const m = computeMask(e, scope);
  cache.set(e, m);
  return m;
}

const SOURCES_KEY: Expr = { type: 'null', offset: -1 };

function computeMask(e: Expr, scope: Scope): bigint {
  if (hasSubquery(e)) return (1n << BigInt(scope.sources.length)) - 1n;
  let m = 0n;
  walkExpr(e, (x) => {
    if (x.type === 'column') {
      const r = peekColumn(scope, x.table, x.name);
      if (r) m |= 1n << BigInt(r.sourceIndex);
      else if (x.table === null) {
        const a = scope.aliases.find((al) => al.name.toLowerCase() === x.name.toLowerCase());
        if (a && a.expr !== x) m |= exprMask(a.expr, scope);
      }
    }
  });
  return m;
}

interface ColumnTerm {
  column: number;
  op: BinaryOp | 'IN';
  rhs: Expr | Expr[];
  term: WhereTerm;
  expr: Expr;
  /**
   * The term constrains a column held equal to `column` (SQLite's transitive constraints,
   * {@link equivalentTerms}): `expr` is that column. A lookup may use it; its own level still tests it.
   */
  derived?: boolean;
}

const FLIP: Record<string, BinaryOp> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=', IS: 'IS' };

/**
 * Terms of the form `column op expr` on source `si` whose other side is available in `avail`; with
 * `derive`, also those that constrain a column held equal to one of `si`'s ({@link equivalentTerms}).
 */
function columnTerms(scope: Scope, si: number, terms: WhereTerm[], avail: bigint, onlyOn: boolean, derive = false): ColumnTerm[] {
  const out: ColumnTerm[] = [];
  const bit = 1n << BigInt(si);
  const ok = (x: Expr): boolean => {
    const m = exprMask(x, scope);
    return (m & ~avail) === 0n && (m & bit) === 0n;
  };
  const ixe = indexExpressions(scope, si);
  const colOf = (e: Expr): number | null => {
    if (e.type !== 'column') {
      // An index's key expression stands for a column of its own (exprColumn).
      const n = ixe.match(e);
      return n >= 0 ? exprColumn(n) : null;
    }
    const r = peekColumn(scope, e.table, e.name);
    if (!r || r.sourceIndex !== si) return null;
    const t = r.source.table;
    if (t && r.column === t.rowidAlias) return -1;
    return r.column;
  };
  for (const term of terms) {
    if (onlyOn ? term.onSource !== si : term.onSource >= 0 && term.onSource !== si) continue;
    const e = term.expr;
    if (e.type === 'binary' && FLIP[e.op]) {
      const lc = colOf(e.left);
      const rc = colOf(e.right);
      if (lc !== null && ok(e.right)) out.push({ column: lc, op: e.op, rhs: e.right, term, expr: e.left });
      else if (rc !== null && ok(e.left)) out.push({ column: rc, op: FLIP[e.op], rhs: e.left, term, expr: e.right });
    } else if (e.type === 'in-list' && !e.not && e.list.length > 0) {
      const c = colOf(e.expr);
      if (c !== null && e.list.every(ok)) out.push({ column: c, op: 'IN', rhs: e.list, term, expr: e.expr });
    } else if (e.type === 'in-select' && !e.not && inSubqueryAffinity(e) !== null) {
      // A self-contained subquery (in-subquery.ts) runs before the loop: it may drive lookups.
      const c = colOf(e.expr);
      if (c !== null) out.push({ column: c, op: 'IN', rhs: e, term, expr: e.expr });
    } else if (e.type === 'between' && !e.not) {
      const c = colOf(e.expr);
      if (c !== null && ok(e.low) && ok(e.high)) {
        out.push({ column: c, op: '>=', rhs: e.low, term, expr: e.expr });
        out.push({ column: c, op: '<=', rhs: e.high, term, expr: e.expr });
      }
    }
  }
  if (derive && !onlyOn) equivalentTerms(scope, si, terms, ok, out);
  return out;
}

/** The rows the cost model assumes source `src` holds: its analyzed count, else 1,000,000 for a table and 1,000 for a subquery. */
function sourceRows(src: Source): number {
  return src.table ? Math.max(1, src.table.statRows ?? TABLE_ROWS) : EPHEMERAL_ROWS;
}

/** A column of a source: its index and its column (−1 the rowid). */
function sourceColumn(scope: Scope, e: Expr): { si: number; column: number } | null {
  if (e.type !== 'column') return null;
  const r = peekColumn(scope, e.table, e.name);
  if (!r) return null;
  const t = r.source.table;
  return { si: r.sourceIndex, column: t && r.column === t.rowidAlias ? -1 : r.column };
}

const isNumericAff = (a: number): boolean => a >= AFF_NUMERIC;

/**
 * SQLite's transitive constraints (whereexpr.c termIsEquivalence, where.c whereScanNext): a term
 * `X = Y` (or IS) between two plain columns whose affinities are equal or both numeric and that
 * compare under BINARY (or under the collation both columns share) makes X and Y one class; a term
 * on any column of the class then also constrains the others (`t1.c = t2.c AND t1.c = 6`: t2.c = 6
 * for a lookup on t2, before t1 is read). Adds those terms for the columns of `si` to `out`,
 * marked `derived`, when their other side is available (`ok`); LEFT JOIN ON terms take no part.
 */
function equivalentTerms(scope: Scope, si: number, terms: WhereTerm[], ok: (x: Expr) => boolean, out: ColumnTerm[]): void {
  const key = (c: { si: number; column: number }): string => `${c.si}:${c.column}`;
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    return r;
  };
  let any = false;
  for (const term of terms) {
    const e = term.expr;
    if (term.onSource >= 0 || e.type !== 'binary' || (e.op !== '=' && e.op !== 'IS')) continue;
    const a = sourceColumn(scope, e.left);
    const b = sourceColumn(scope, e.right);
    if (!a || !b || key(a) === key(b)) continue;
    const aff1 = exprAffinity(e.left, scope);
    const aff2 = exprAffinity(e.right, scope);
    if (aff1 !== aff2 && !(isNumericAff(aff1) && isNumericAff(aff2))) continue;
    const coll = compareCollation(e.left, e.right, scope).toUpperCase();
    if (coll !== 'BINARY' && compareCollation(e.left, e.left, scope).toUpperCase() !== compareCollation(e.right, e.right, scope).toUpperCase()) continue;
    for (const k of [key(a), key(b)]) if (!parent.has(k)) parent.set(k, k);
    parent.set(find(key(a)), find(key(b)));
    any = true;
  }
  if (!any) return;
  for (const term of terms) {
    if (term.onSource >= 0) continue;
    const e = term.expr;
    // The column side of the term, a column of another member of a class `si` has a column in.
    const sides: [Expr, BinaryOp | 'IN' | 'BETWEEN', Expr | Expr[]][] = [];
    if (e.type === 'binary' && FLIP[e.op]) {
      sides.push([e.left, e.op, e.right], [e.right, FLIP[e.op], e.left]);
    } else if (e.type === 'in-list' && !e.not && e.list.length > 0) sides.push([e.expr, 'IN', e.list]);
    else if (e.type === 'between' && !e.not) sides.push([e.expr, 'BETWEEN', [e.low, e.high]]);
    for (const [colSide, op, rhs] of sides) {
      const y = sourceColumn(scope, colSide);
      if (!y || !parent.has(key(y))) continue;
      const cls = find(key(y));
      const rhsList = Array.isArray(rhs) ? rhs : [rhs];
      if (!rhsList.every(ok)) continue;
      for (const [k] of parent) {
        if (!k.startsWith(`${si}:`) || find(k) !== cls) continue;
        const column = Number(k.slice(k.indexOf(':') + 1));
        if (y.si === si && y.column === column) continue;
        if (op === 'BETWEEN') {
          out.push({ column, op: '>=', rhs: rhsList[0], term, expr: colSide, derived: true });
          out.push({ column, op: '<=', rhs: rhsList[1], term, expr: colSide, derived: true });
        } else out.push({ column, op, rhs: op === 'IN' ? rhsList : (rhs as Expr), term, expr: colSide, derived: true });
      }
      break;
    }
  }
}

/**
 * The columns of source `si` (−1 the rowid) a WHERE term holds equal (`=`, SQLite's WO_EQ; with
 * `withIs` also `IS`, WO_IS) to an expression that reads no column of `si`: distinct-plan.ts's
 * isDistinctRedundant (`=` only) and the ORDER BY, GROUP BY and DISTINCT orders (both).
 */
export function eqColumns(scope: Scope, si: number, terms: WhereTerm[], withIs = false): Set<number> {
  const all = (1n << BigInt(scope.sources.length)) - 1n;
  // A COLLATE in the term may compare under another collation than the column's: not counted.
  const plain = (t: ColumnTerm): boolean =>
    (t.op === '=' || (withIs && t.op === 'IS')) && t.term.onSource < 0 && !Array.isArray(t.rhs) && t.rhs.type !== 'collate' && t.expr.type === 'column';
  return new Set(columnTerms(scope, si, terms, all, false).filter(plain).map((t) => t.column));
}

/**
 * The ColumnTerm column standing for index expression `n` of a source (indexExpressions in
 * partial-plan.ts): below −1 (the rowid) and −2 (an expression key column in IndexColumn).
 */
function exprColumn(n: number): number {
  return -100 - n;
}

/** The affinity of index key column `ic` of `src` as a character: the expression's for an expression column (BLOB when it has none, as sqlite3IndexAffinityStr). */
function keyColumnAffinity(src: Source, ic: IndexColumn): string {
  const a = columnAffinityCode(src, ic);
  // As sqlite3IndexAffinityStr: INTEGER and REAL keys take NUMERIC (the same for a comparison).
  return String.fromCharCode(a > AFF_NUMERIC ? AFF_NUMERIC : a < AFF_BLOB ? AFF_BLOB : a);
}

/** The affinity code of index column `ic` itself (its table column's, or its expression's). */
function columnAffinityCode(src: Source, ic: IndexColumn): number {
  if (ic.column !== -2) return affinityString([ic.column], src).charCodeAt(0);
  const own = new Scope(null);
  own.sources.push(src);
  return exprAffinity(ic.expr!, own) || AFF_BLOB;
}

/** True when term `t` may drive a lookup on a column of affinity `colAff` and collation `coll`. */
function usable(scope: Scope, t: ColumnTerm, colAff: number, coll: string): boolean {
  if (!Array.isArray(t.rhs) && t.rhs.type === 'in-select') {
    const cmp = compareAffinity(inSubqueryAffinity(t.rhs) ?? 0, exprAffinity(t.expr, scope));
    return indexAffinityOk(cmp, colAff) && compareCollation(t.expr, t.expr, scope).toUpperCase() === coll.toUpperCase();
  }
  const rhs = Array.isArray(t.rhs) ? t.rhs : [t.rhs];
  // The comparison's collation comes from its operands in the order written (a term turned round
  // to put this source's column first keeps its own: SQLite's EP_Commuted in
  // sqlite3ExprCompareCollSeq): `s.k = t.k` compares under s.k's collation whichever side is looked up.
  const orig = t.term.expr;
  const written = (x: Expr): string => (orig.type === 'binary' && orig.right === t.expr && orig.left === x ? compareCollation(x, t.expr, scope) : compareCollation(t.expr, x, scope));
  return rhs.every((x) => indexAffinityOk(compareAffinity(exprAffinity(t.expr, scope), exprAffinity(x, scope)), colAff) && written(x).toUpperCase() === coll.toUpperCase());
}

/** The cheapest access path of source `si` when the sources in `avail` are already positioned. */
export function bestPathOf(scope: Scope, si: number, terms: WhereTerm[], avail: bigint, usedColumns: Set<number> | null): AccessPath {
  const src = scope.sources[si];
  if (src.single) return { kind: 'single', rows: 1, cost: 1 };
  const n = sourceRows(src);
  // A seek into an analyzed table costs the depth of its b-tree, log2 of its rows (SQLite's
  // rLogSize); without statistics LOOKUP, which is that of the assumed 1,000,000 rows.
  const seek = src.table?.statRows !== undefined ? Math.max(1, Math.log2(n)) : LOOKUP;
  let best: AccessPath = { kind: 'scan', rows: n, cost: n * SCAN_ROW };
  const cts = columnTerms(scope, si, terms, avail, src.leftJoin, true);
  // A derived term (ColumnTerm.derived) drives a lookup but is not the test of its own term.
  const testOf = (c: ColumnTerm): Expr | undefined => (c.derived ? undefined : c.term.expr);
  const t = src.table;
  const ixe = indexExpressions(scope, si);
  const affOf = (c: number): number => (c <= exprColumn(0) ? columnAffinityCode(src, { column: -2, expr: ixe.exprs[exprColumn(0) - c], desc: false, collation: 'BINARY' }) : c < 0 ? 0x44 : src.columns[c].affinity);
  // The ColumnTerm column a key column is matched by (exprColumn for an expression).
  const keyCol = (ic: IndexColumn): number => (ic.column === -2 ? exprColumn(ixe.exprs.findIndex((x) => sameExpr(x, ic.expr))) : ic.column);
  // INDEXED BY: that index alone, a seek or its whole length (Source.indexedBy).
  const forced = src.indexedBy ?? null;
  if (t && !t.withoutRowid && !forced) {
    const eq = cts.find((c) => c.column === -1 && (c.op === '=' || c.op === 'IS') && usable(scope, c, AFF_NUMERIC, 'BINARY'));
    if (eq) return { kind: 'rowid-eq', rhs: eq.rhs as Expr, rows: 1, cost: seek, term: testOf(eq) };
    const inList = cts.find((c) => c.column === -1 && c.op === 'IN' && usable(scope, c, AFF_NUMERIC, 'BINARY'));
    if (inList) {
      const list = inList.rhs as Expr[] | InSelectExpr;
      const k = Array.isArray(list) ? list.length : IN_SUBQUERY_ROWS;
      best = { kind: 'rowid-in', list, rows: k, cost: seek * k };
    }
    const lower = cts.find((c) => c.column === -1 && (c.op === '>' || c.op === '>='));
    const upper = cts.find((c) => c.column === -1 && (c.op === '<' || c.op === '<='));
    if (lower || upper) {
      const rows = n / (lower && upper ? 64 : 4);
      const p: AccessPath = { kind: 'rowid-range', lower: lower ? { op: lower.op as RangeOp, expr: lower.rhs as Expr } : null, upper: upper ? { op: upper.op as RangeOp, expr: upper.rhs as Expr } : null, rows, cost: seek + rows };
      if (p.cost < best.cost) best = p;
    }
  }
  // A WITHOUT ROWID table's own b-tree is its primary-key index; its other indexes lead to the
  // primary key, not to a rowid, so only that one serves lookups.
  // Newest first, as SQLite's pTab->pIndex list (build.c puts each new index at its head): at equal
  // cost, SQLite's integer cost included, the index met first stays.
  const candidates = forced ? [forced] : t ? (t.withoutRowid ? [primaryKeyIndex(t)] : src.notIndexed ? [] : [...t.indexes].reverse()) : [];
  // SQLite's rRun of the best index path so far (log-est.ts), for ties.
  let bestRun = Infinity;
  for (const idx of candidates) {
    // A partial index only when the query's terms imply its WHERE (partial-plan.ts).
    if (idx.where && !partialIndexUsable(scope, si, terms, idx)) {
      if (forced) throw sqlError('no query solution');
      continue;
    }
    const eq: (Expr | Expr[])[] = [];
    const eqOps: string[] = [];
    const eqTerms: (Expr | undefined)[] = [];
    let mult = 1;
    let k = 0;
    for (; k < idx.columns.length; k++) {
      const ic = idx.columns[k];
      const col = keyCol(ic);
      const m = cts.find((c) => c.column === col && (c.op === '=' || c.op === 'IS' || c.op === 'IN') && usable(scope, c, affOf(col), ic.collation));
      if (!m) break;
      eq.push(m.rhs);
      eqOps.push(m.op);
      eqTerms.push(testOf(m));
      if (Array.isArray(m.rhs)) mult *= m.rhs.length;
      else if (m.rhs.type === 'in-select') mult *= IN_SUBQUERY_ROWS;
    }
    let lower: Bound | null = null;
    let upper: Bound | null = null;
    if (k < idx.columns.length && !idx.columns[k].desc) {
      const ic = idx.columns[k];
      const col = keyCol(ic);
      const lo = cts.find((c) => c.column === col && (c.op === '>' || c.op === '>=') && usable(scope, c, affOf(col), ic.collation));
      const hi = cts.find((c) => c.column === col && (c.op === '<' || c.op === '<=') && usable(scope, c, affOf(col), ic.collation));
      if (lo) lower = { op: lo.op as RangeOp, expr: lo.rhs as Expr, term: testOf(lo) };
      if (hi) upper = { op: hi.op as RangeOp, expr: hi.rhs as Expr, term: testOf(hi) };
    } else if (k === idx.columns.length && k > 0 && !t!.withoutRowid) {
      // Every key column matched by `=`: the entries run in rowid order, the rowid being the last
      // field of each (fileformat2 §2.5), so a range on the rowid bounds them too (SQLite's
      // "b=? AND rowid>?").
      const lo = cts.find((c) => c.column === -1 && (c.op === '>' || c.op === '>=') && usable(scope, c, AFF_NUMERIC, 'BINARY'));
      const hi = cts.find((c) => c.column === -1 && (c.op === '<' || c.op === '<=') && usable(scope, c, AFF_NUMERIC, 'BINARY'));
      if (lo) lower = { op: lo.op as RangeOp, expr: lo.rhs as Expr, term: testOf(lo) };
      if (hi) upper = { op: hi.op as RangeOp, expr: hi.rhs as Expr, term: testOf(hi) };
    }
    if (eq.length === 0 && !lower && !upper && !forced) continue;
    let rows = eq.length === 0 ? n : idx.unique && eq.length === idx.columns.length ? 1 : Math.max(1, n / Math.pow(10, 5 * eq.length));
    const est = idx.rowEst ?? (t!.withoutRowid ? t!.pkRowEst : undefined);
    // With statistics: the table's rows scaled by the index's rows per key over its entries (SQLite
    // adds aiRowLogEst[k] − aiRowLogEst[0] to the table's nRowLogEst; 0 reads as 1 there).
    if (eq.length > 0 && !(idx.unique && eq.length === idx.columns.length)) rows = est ? Math.max(1, (n * Math.max(1, est[eq.length])) / Math.max(1, est[0])) : 10;
    if (lower) rows /= 4;
    if (upper) rows /= lower ? 16 : 4;
    rows *= mult;
    const covering = t!.withoutRowid || (usedColumns !== null && [...usedColumns].every((c) => c === -1 || c === t!.rowidAlias || idx.columns.some((ic) => ic.column === c)));
    const cost = seek * mult + rows * (covering ? 1 : ROW_LOOKUP);
    // At equal cost an index that uses more equality terms wins (SQLite's whereLoopFindLesser keeps
    // the loop whose terms are a superset); then the one SQLite's integer cost puts lower (its
    // width: pathLogCost); then the first met.
    const path: AccessPath = { kind: 'index', index: idx, eq, eqOps, lower, upper, covering, rows, cost, eqTerms };
    const run = pathLogCost(src, path).run;
    const tie = best.kind === 'index' && cost === best.cost && (eq.length > best.eq.length || (eq.length === best.eq.length && run < bestRun));
    if (cost < best.cost || tie || forced) {
      best = path;
      bestRun = run;
    }
  }
  if (forced) return best;
  if (best.kind === 'scan') best = coveringScan(scope, si, terms, usedColumns, n) ?? best;
  // Automatic indexes are built once per statement (Once), so only where no enclosing query's
  // row can change what they hold: in a top-level SELECT.
  if ((best.kind === 'scan' || isFullIndexScan(best)) && avail !== 0n && scope.parent === null && !src.fill) {
    // Key columns in SQLite's order: terms written with this table's column on the left first, then
    // those turned round (exprAnalyze appends a commuted copy of a term to the WHERE clause).
    const commuted = (c: ColumnTerm): number => (c.term.expr.type === 'binary' && c.term.expr.right === c.expr ? 1 : 0);
    const eqs = cts.filter((c) => !c.derived && c.column >= 0 && c.op === '=' && usable(scope, c, affOf(c.column), src.columns[c.column].collation)).sort((x, y) => commuted(x) - commuted(y));
    const cols: number[] = [];
    const rhs: Expr[] = [];
    for (const e of eqs) {
      if (!cols.includes(e.column)) {
        cols.push(e.column);
        rhs.push(e.rhs as Expr);
      }
    }
    // SQLite's tuning (where.c, automatic indexes): each lookup yields 20 rows; building the index
    // once costs X·N·log2(N) for N rows, X 7 for a table, ½ for a subquery or view (to favour
    // indexing what has no index of its own).
    // The path without it stays the join planner's other choice (`fallback`): SQLite keeps both
    // loops and weighs the build against the rows of the outer loops.
    if (cols.length > 0) return { kind: 'auto-index', cols, rhs, rows: 20, cost: seek + 20, build: (src.table ? 7 : 0.5) * n * Math.max(1, Math.log2(n)), fallback: best };
  }
  return best;
}

/** A chosen join: source order and each source's path. */
export interface JoinPlan {
  order: number[];
  paths: AccessPath[];
  /** The join planner's estimates (dynamic programming only): SQLite's LogEst cost and the rows out. */
  logCost?: number;
  rows?: number;
}

/** Chooses the join order and paths (see the module doc). */
export function planJoin(scope: Scope, allTerms: WhereTerm[], used: (Set<number> | null)[], fixedOrder: boolean, first?: number, firstPath?: AccessPath): JoinPlan {
  // With a RIGHT/FULL join only ON terms drive access paths (right-join.ts, invariant 2).
  const terms = scope.sources.some((s) => s.rightJoin) ? allTerms.filter((t) => t.onSource >= 0) : allTerms;
  addTermColumns(scope, allTerms, used);
  return planOrder(scope, terms, used, fixedOrder, first, firstPath);
}

/**
 * For a join whose ORDER BY (no LIMIT) reads columns of one source only, and whose chosen plan
 * sorts: the plan with that source outermost, its loop yielding the order, when SQLite would take
 * it (where.c wherePathSolver weighs the ordered path against the cheapest one plus its sort,
 * whereSortingCost, plus 3); else null. `SELECT * FROM t, u WHERE t.c = u.x ORDER BY u.rowid`
 * scans u and searches t, as SQLite, rather than sorting.
 */
export function orderedJoinPlan(scope: Scope, allTerms: WhereTerm[], used: (Set<number> | null)[], plan: JoinPlan, keys: readonly Expr[], desc: readonly boolean[], nExpr: number): { plan: JoinPlan; outer: AccessPath } | null {
  if (scope.sources.length < 2 || plan.logCost === undefined || plan.rows === undefined || keys.length === 0) return null;
  let s = -1;
  for (const k of keys) {
    if (k.type !== 'column') return null;
    const r = peekColumn(scope, k.table, k.name);
    if (!r || (s >= 0 && r.sourceIndex !== s)) return null;
    s = r.sourceIndex;
  }
  if (s < 0 || scope.sources[s].after) return null;
  const sorted = logEstAdd(plan.logCost, sortingCost(logEst(plan.rows), nExpr)) + 3;
  let best: { plan: JoinPlan; outer: AccessPath; cost: number } | null = null;
  // That source outermost on its own best path, then on a path read whole in the order (its
  // rowid order or an index delivering it), the other sources planned after it.
  const n = sourceRows(scope.sources[s]);
  const whole = orderedAt(scope, s, { kind: 'scan', rows: n, cost: n * SCAN_ROW }, keys, desc, used[s] ?? null, true);
  for (const firstPath of [undefined, whole ?? undefined]) {
    if (firstPath === undefined && plan.order[0] === s) continue;
    const alt = planJoin(scope, allTerms, used, false, s, firstPath);
    if (alt.logCost === undefined) continue;
    const outer = outerLoopOrdered(scope, alt, keys, desc, used[s] ?? null);
    if (outer && alt.logCost <= sorted && (!best || alt.logCost < best.cost)) best = { plan: alt, outer, cost: alt.logCost };
    if (firstPath === undefined && whole === null) break;
  }
  return best && { plan: best.plan, outer: best.outer };
}

/**
 * SQLite's covering-index scan (where.c whereLoopAddBtree, SQLITE_CoverIdxScan): a rowid table read
 * whole through an index holding every column the query uses, when the index's estimated row is
 * narrower than the table's (Index.szIdxRow < Table.szTabRow, LogEst of 4 × the summed
 * estimated widths, log-est.ts): the index's columns and its rowid, the table's columns and a rowid not
 * aliased). SQLite costs such a scan `rows + 1 + 15 × szIdxRow / szTabRow` against the table's
 * `rows + 16` (LogEst), so the narrowest wins, and the cheaper scan can change the join order; at
 * equal widths the newest index (SQLite tries a
 * table's indexes newest first). The rows then come in index order, as SQLite's do: `SELECT a
 * FROM t` with an index on a returns a ascending. Null when no index qualifies (a partial index
 * whose WHERE the terms do not imply never does; nor an index on expressions; nor any index when the
 * query reads a generated column of the table, which SQLite counts as reading them all). DML loops pass no
 * used columns and keep the table scan (SQLite's one-pass DELETE and UPDATE do not take it).
 */
function coveringScan(scope: Scope, si: number, terms: WhereTerm[], used: Set<number> | null, n: number, accept: ((idx: Index) => boolean) | null = null): AccessPath | null {
  const t = scope.sources[si].table;
  if (!t || t.withoutRowid || used === null || t.indexes.length === 0 || scope.sources[si].notIndexed || scope.sources[si].indexedBy) return null;
  // A generated column read makes SQLite count every column used (sqlite3ExprColUsed).
  if ([...used].some((c) => c >= 0 && c !== t.rowidAlias && t.columns[c].generated)) return null;
  const szTab = tableWidth(t);
  let best: Index | null = null;
  // An index that delivers an ORDER BY (`accept`) is weighed whatever its width (where.c: b, from
  // indexMightHelpWithOrderBy); otherwise it must beat the table scan's 16.
  let bestCost = accept ? Infinity : 16;
  let bestSz = accept ? Infinity : szTab;
  for (let i = t.indexes.length - 1; i >= 0; i--) {
    const idx = t.indexes[i];
    if (idx.columns.some((ic) => ic.column < 0)) continue;
    if (![...used].every((c) => c === -1 || c === t.rowidAlias || idx.columns.some((ic) => ic.column === c))) continue;
    if (idx.where && !partialIndexUsable(scope, si, terms, idx)) continue;
    if (accept && !accept(idx)) continue;
    const szIdx = indexWidth(t, idx);
    if (szIdx >= szTab && !accept) continue;
    const cost = 1 + Math.floor((15 * szIdx) / szTab);
    // Reading no column (count(*)), or an ORDER BY to deliver (`accept`): at equal cost the
    // narrowest index, as SQLite picks them (select.c isSimpleCount: the least szIdxRow; measured
    // on 3.53 for ORDER BY).
    if (cost < bestCost || (cost === bestCost && (used.size === 0 || accept !== null) && szIdx < bestSz)) {
      best = idx;
      bestCost = cost;
      bestSz = szIdx;
    }
  }
  if (best === null) return null;
  // In this model's units a table scan costs SCAN_ROW (≈ 2^1.6, SQLite's +16) per row.
  return { kind: 'index', index: best, eq: [], eqOps: [], lower: null, upper: null, covering: true, rows: n, cost: n * Math.pow(2, bestCost / 10) };
}

/** A full covering-index scan ({@link coveringScan}): an index path with no equality or bound. */
export function isFullIndexScan(p: AccessPath): boolean {
  return p.kind === 'index' && p.eq.length === 0 && p.lower === null && p.upper === null;
}

/** {@link planJoin}'s join order and paths, before the covering-index scans. */
function planOrder(scope: Scope, terms: WhereTerm[], used: (Set<number> | null)[], fixedOrder: boolean, first?: number, firstPath?: AccessPath): JoinPlan {
  const n = scope.sources.length;
  // A source's best path depends on `avail` only through the sources its terms read: memoize on that.
  const relevant = scope.sources.map((_, i) => terms.reduce((m, t) => (t.mask & (1n << BigInt(i)) ? m | t.mask : m), 0n));
  const memo = new Map<string, AccessPath>();
  const bestPath = (sc: Scope, si: number, ts: WhereTerm[], avail: bigint, u: Set<number> | null): AccessPath => {
    const key = `${si}:${avail & relevant[si]}:${avail === 0n ? 0 : 1}`;
    let p = memo.get(key);
    if (!p) memo.set(key, (p = bestPathOf(sc, si, ts, avail, u)));
    return p;
  };
  if (n > 8 && !fixedOrder) return greedyJoin(scope, terms, used, bestPath);
  // The sources each term's selectivity waits for (SQLite's constant propagation, select.c
  // propagateConstants: in `t1.b = t2.a AND t2.a = 7` the first term reads t1.b = 7, a filter on
  // t1 alone).
  const selMasks = terms.map((t) => constantFreeMask(scope, t, terms));
  if (fixedOrder || n <= 1) {
    const paths: AccessPath[] = [];
    let avail = 0n;
    for (let i = 0; i < n; i++) {
      paths.push(bestPath(scope, i, terms, avail, used[i]));
      avail |= 1n << BigInt(i);
    }
    return { order: [...Array(n).keys()], paths };
  }
  interface State {
    cost: number;
    /** The same cost in SQLite's LogEst arithmetic (wherePathSolver's rCost), for ties. */
    logCost: number;
    rows: number;
    order: number[];
    paths: AccessPath[];
  }
  const best = new Map<bigint, State>([[0n, { cost: 0, logCost: 0, rows: 1, order: [], paths: [] }]]);
  for (let size = 0; size < n; size++) {
    for (const [mask, st] of [...best.entries()]) {
      if (st.order.length !== size) continue;
      for (let j = 0; j < n; j++) {
        const bit = 1n << BigInt(j);
        if (mask & bit) continue;
        if ((scope.sources[j].after ?? 0n) & ~mask) continue;
        // A given outermost source (orderedJoinPlan).
        if (size === 0 && first !== undefined && j !== first) continue;
        const next = mask | bit;
        // SQLite's whereLoopOutputAdjust: each term the loop's own path does not use keeps 15/16 of
        // the rows, and an `=` term at most a quarter of them (half for x = -1, 0 or 1).
        let sel = 1;
        let cap = 1;
        for (let ti = 0; ti < terms.length; ti++) {
          const m = selMasks[ti];
          if (!(m & bit && (m & ~next) === 0n)) continue;
          sel *= 0.9375;
          const x = terms[ti].expr;
          if (x.type === 'binary' && (x.op === '=' || x.op === 'IS')) {
            const lit = x.right.type === 'integer' ? Number(x.right.text) : x.left.type === 'integer' ? Number(x.left.text) : NaN;
            cap = Math.min(cap, lit >= -1 && lit <= 1 ? 0.5 : 0.25);
          }
        }
        const own = size === 0 && firstPath !== undefined ? firstPath : bestPath(scope, j, terms, mask, used[j]);
        const capRows = sourceRows(scope.sources[j]) * cap;
        for (const p of joinChoices(own, st.rows)) {
          const cost = st.cost + st.rows * p.cost + (p.kind === 'auto-index' ? p.build : 0);
          const rows = Math.max(1, st.rows * Math.min(p.rows * sel, capRows));
          // SQLite's composition: this loop's run once per outer row, its setup once.
          const { run, setup } = pathLogCost(scope.sources[j], p);
          const unsorted = setup > 0 ? logEstAdd(setup, run + logEst(st.rows)) : run + logEst(st.rows);
          const logCost = logEstAdd(unsorted, st.logCost);
          const cur = best.get(next);
          // At equal cost: the lower LogEst cost, then the narrower index in the last loop (SQLite's
          // whereLoopIsNoBetter); else the first found.
          const better = !cur || cost < cur.cost || (cost === cur.cost && (logCost < cur.logCost || (logCost === cur.logCost && narrowerLoop(scope.sources[j], p, scope.sources[cur.order[cur.order.length - 1]], cur.paths[cur.paths.length - 1]))));
          if (better) best.set(next, { cost, logCost, rows, order: [...st.order, j], paths: [...st.paths, p] });
        }
      }
    }
  }
  const all = best.get((1n << BigInt(n)) - 1n)!;
  return { order: all.order, paths: all.paths, logCost: all.logCost, rows: all.rows };
}

/**
 * The paths the join planner weighs for a source whose best path is `p`, after outer loops that
 * yield `outerRows` rows: an automatic index and the path it would replace (its `fallback`), the
 * index alone when those loops yield at least 1.25 rows (SQLite's wherePathSolver skips an automatic
 * index below LogEst 3: built for one lookup it never pays).
 */
function joinChoices(p: AccessPath, outerRows: number): AccessPath[] {
  if (p.kind !== 'auto-index' || !p.fallback) return [p];
  return outerRows < 1.25 ? [p.fallback] : [p, p.fallback];
}

/**
 * SQLite's cost of one run of path `p` over `src` and of what it sets up once (LogEst; where.c
 * whereLoopAddBtree and whereLoopAddBtreeIndex without STAT4): a scan rSize + 16, a covering index
 * scan rSize + 1 + 15·szIdxRow/szTabRow, a rowid lookup one seek and 16, an index log-est.ts
 * indexLoop, an automatic index one seek and 20 rows a run after a build of rSize + rLogSize +
 * 28 (− 25 for a subquery or view). rSize is the table's rows (1,000,000 unless analyzed; 1,000 for
 * a subquery).
 */
function pathLogCost(src: Source, p: AccessPath): { run: number; setup: number; nOut: number } {
  const t = src.table;
  // An unanalyzed table is SQLite's default nRowLogEst, 200 (2^20 rows).
  const rSize = t && t.statRows === undefined ? 200 : logEst(sourceRows(src));
  const seek = estLog(rSize);
  switch (p.kind) {
    case 'single':
      return { run: 0, setup: 0, nOut: 0 };
    case 'scan':
      return { run: rSize + 16, setup: 0, nOut: rSize };
    case 'rowid-eq':
      return { run: logEstAdd(seek, 16), setup: 0, nOut: 0 };
    case 'rowid-in': {
      const nIn = logEst(Array.isArray(p.list) ? p.list.length : IN_SUBQUERY_ROWS);
      return { run: logEstAdd(seek, 16) + nIn, setup: 0, nOut: nIn };
    }
    case 'rowid-range': {
      const nOut = Math.max(10, rSize - (p.lower && p.upper ? 60 : 20));
      return { run: logEstAdd(seek, nOut + 16), setup: 0, nOut };
    }
    case 'index': {
      if (!t) return { run: rSize + 16, setup: 0, nOut: rSize };
      if (isFullIndexScan(p) && p.covering && !t.withoutRowid) return { run: rSize + 1 + Math.floor((15 * indexWidth(t, p.index)) / tableWidth(t)), setup: 0, nOut: rSize };
      const nIn = p.eq.reduce((m, e) => m * (Array.isArray(e) ? e.length : e.type === 'in-select' ? IN_SUBQUERY_ROWS : 1), 1);
      return { ...indexLoop(t, p.index, { nEq: p.eq.length, nIn: nIn > 1 ? logEst(nIn) : 0, bounds: (p.lower ? 1 : 0) + (p.upper ? 1 : 0), covering: p.covering }), setup: 0 };
    }
    case 'auto-index':
      return { run: logEstAdd(seek, 43), setup: seek + rSize + (t ? 28 : -25), nOut: 43 };
  }
}

/**
 * For a one-table SELECT with ORDER BY (no LIMIT) whose chosen loop does not deliver the order:
 * the loop that does (a scan in rowid order, or an index walked whole, orderedPath) when SQLite
 * would take it, else null. SQLite weighs both in its path solver (where.c wherePathSolver,
 * whereSortingCost): the ordered loop's cost against the chosen loop's plus the sort of its rows
 * plus 3 (its bias towards plans that need no sort). `nExpr` is the result's column count.
 * `WHERE x > 0 ORDER BY rowid` with an index on x scans t in rowid order (a quarter of the table
 * sorted costs more); `x BETWEEN 0 AND 5` (1/64 of it) searches and sorts.
 */
export function orderedInsteadOfSort(scope: Scope, plan: JoinPlan, keys: readonly Expr[], desc: readonly boolean[], used: Set<number> | null, nExpr: number): AccessPath | null {
  if (scope.sources.length !== 1) return null;
  const src = scope.sources[0];
  const chosen = plan.paths[0];
  if (!src.table || src.table.withoutRowid || src.indexedBy || chosen.kind === 'scan' || chosen.kind === 'single' || chosen.kind === 'auto-index' || isFullIndexScan(chosen)) return null;
  // A loop that uses `=` or IN keeps its table from being read whole (where.c
  // whereInterstageHeuristic, SQLite 3.47+: loops with no constraint are dropped then).
  if (chosen.kind === 'rowid-eq' || chosen.kind === 'rowid-in' || (chosen.kind === 'index' && chosen.eq.length > 0)) return null;
  const scan: AccessPath = { kind: 'scan', rows: chosen.rows, cost: chosen.cost };
  const alt = orderedPath(scope, { order: plan.order, paths: [scan] }, keys, desc, used, true);
  if (!alt) return null;
  const c = pathLogCost(src, chosen);
  const sorted = logEstAdd(c.run, sortingCost(c.nOut, nExpr)) + 3;
  return pathLogCost(src, alt).run <= sorted ? alt : null;
}

/** SQLite's whereLoopIsNoBetter turned round: path `p` over `src` reads an index narrower than `q`'s over `qs`. */
function narrowerLoop(src: Source, p: AccessPath, qs: Source, q: AccessPath): boolean {
  if (p.kind !== 'index' || q.kind !== 'index' || !src.table || !qs.table) return false;
  return indexWidth(src.table, p.index) < indexWidth(qs.table, q.index);
}

/**
 * The sources term `t` reads once the columns that `col = literal` WHERE terms fix are taken as
 * those literals (SQLite's constant propagation, select.c propagateConstants: a literal of no
 * affinity compared under BINARY); `t.mask` for any other term.
 */
function constantFreeMask(scope: Scope, t: WhereTerm, terms: WhereTerm[]): bigint {
  const e = t.expr;
  if (t.onSource >= 0 || e.type !== 'binary' || e.op !== '=') return t.mask;
  const a = sourceColumn(scope, e.left);
  const b = sourceColumn(scope, e.right);
  if (!a || !b || a.si === b.si) return t.mask;
  const fixed = (c: { si: number; column: number }): boolean =>
    terms.some((u) => {
      const x = u.expr;
      if (u === t || u.onSource >= 0 || x.type !== 'binary' || x.op !== '=') return false;
      const left = sourceColumn(scope, x.left);
      const [s, lit] = left ? [left, x.right] : [sourceColumn(scope, x.right), x.left];
      return s !== null && s.si === c.si && s.column === c.column && (lit.type === 'integer' || lit.type === 'real' || lit.type === 'string' || lit.type === 'blob') && compareCollation(x.left, x.right, scope).toUpperCase() === 'BINARY';
    });
  if (fixed(b)) return 1n << BigInt(a.si);
  if (fixed(a)) return 1n << BigInt(b.si);
  return t.mask;
}

/**
 * Adds to `used` the columns the terms read: the terms of USING and NATURAL joins are made by
 * from.ts and are not in the statement's text, yet a covering index must hold their columns too.
 */
function addTermColumns(scope: Scope, terms: WhereTerm[], used: (Set<number> | null)[]): void {
  for (const t of terms) {
    walkExpr(t.expr, (x) => {
      if (x.type !== 'column') return;
      const r = peekColumn(scope, x.table, x.name);
      if (r) used[r.sourceIndex]?.add(r.column);
    });
  }
}

/**
 * Greedy join order for many sources (n > 8, where the subset search is too large): repeatedly
 * add the source whose cheapest path, given those already chosen, costs least.
 */
function greedyJoin(scope: Scope, terms: WhereTerm[], used: (Set<number> | null)[], bestPath: typeof bestPathOf): JoinPlan {
  const n = scope.sources.length;
  const order: number[] = [];
  const paths: AccessPath[] = [];
  let mask = 0n;
  let rows = 1;
  while (order.length < n) {
    let best: { j: number; p: AccessPath; cost: number; rows: number } | null = null;
    for (let j = 0; j < n; j++) {
      if (mask & (1n << BigInt(j))) continue;
      if ((scope.sources[j].after ?? 0n) & ~mask) continue;
      for (const p of joinChoices(bestPath(scope, j, terms, mask, used[j]), rows)) {
        const cost = rows * p.cost + (p.kind === 'auto-index' ? p.build : 0);
        const out = rows * p.rows;
        if (!best || cost < best.cost || (cost === best.cost && out < best.rows)) best = { j, p, cost, rows: out };
      }
    }
    order.push(best!.j);
    paths.push(best!.p);
    mask |= 1n << BigInt(best!.j);
    rows = Math.max(1, best!.rows);
  }
  return { order, paths };
}

/**
 * Whether the loop of a one-table plan already yields rows in the order of ORDER BY `keys` (plain
 * columns of that table, all ASC or all DESC), so that no sorter is needed (SQLite's "ORDER BY
 * satisfied by index"). Returns the path to use — the chosen one, or a full index scan replacing a
 * table scan when `preferIndex` — walked backwards (`reverse`) for DESC; or null when a sorter is
 * needed. Walking an ascending b-tree backwards gives exactly the DESC order (NULLs last).
 */
export function orderedPath(scope: Scope, plan: JoinPlan, keys: readonly Expr[], desc: readonly boolean[], used: Set<number> | null, preferIndex: boolean): AccessPath | null {
  if (scope.sources.length !== 1) return null;
  return orderedAt(scope, 0, plan.paths[0], keys, desc, used, preferIndex);
}

/**
 * For a join: the outer loop's path when it yields its rows in the order of ORDER BY `keys`, every
 * one a column of that outer source (then the nested loops keep that order: each outer row's
 * matches come together, as SQLite's wherePathSatisfiesOrderBy finds the ORDER BY satisfied by
 * the first loop); null when a sorter is needed. The outer path stays as chosen (walked backwards
 * for DESC): no other index is taken for the order's sake. Not with a RIGHT or FULL JOIN.
 */
export function outerLoopOrdered(scope: Scope, plan: JoinPlan, keys: readonly Expr[], desc: readonly boolean[], used: Set<number> | null): AccessPath | null {
  if (scope.sources.length < 2 || scope.sources.some((s) => s.rightJoin)) return null;
  const chosen = plan.paths[0];
  // (Asked to prefer an index: a chosen full index scan is then recognised as the one it is.)
  const p = orderedAt(scope, plan.order[0], chosen, keys, desc, used, true);
  if (!p) return null;
  const same = p === chosen || (p.kind === chosen.kind && (p.kind !== 'index' || (chosen.kind === 'index' && p.index === chosen.index && p.eq.length === chosen.eq.length)));
  return same ? p : null;
}

/** {@link orderedPath} for source `si` read by `chosen`. */
function orderedAt(scope: Scope, si: number, chosen: AccessPath, keys: readonly Expr[], desc: readonly boolean[], used: Set<number> | null, preferIndex: boolean): AccessPath | null {
  if (keys.length === 0) return null;
  // Terms after the rowid order nothing more (no two rows share it), whatever their directions;
  // not in a join, whose rows share their outer row's rowid.
  const t = scope.sources[si].table;
  const cut = scope.sources.length > 1 ? -1 : keys.findIndex((k) => {
    if (k.type !== 'column' || !t || t.withoutRowid) return false;
    const r = peekColumn(scope, k.table, k.name);
    return r !== null && r.sourceIndex === si && (r.column === -1 || r.column === t.rowidAlias);
  });
  if (cut >= 0 && cut < keys.length - 1) {
    keys = keys.slice(0, cut + 1);
    desc = desc.slice(0, cut + 1);
  }
  const reverse = desc[0] === true;
  if (desc.some((d) => d !== reverse)) return null;
  const p = orderedForward(scope, si, chosen, keys, used, preferIndex);
  if (!p || !reverse) return p;
  if (p.kind === 'scan' || p.kind === 'rowid-range' || p.kind === 'index' || p.kind === 'rowid-in') return { ...p, reverse: true };
  return p.kind === 'rowid-eq' ? p : null;
}

function orderedForward(scope: Scope, si: number, chosen: AccessPath, keys: readonly Expr[], used: Set<number> | null, preferIndex: boolean): AccessPath | null {
  const src = scope.sources[si];
  const t = src.table;
  if (!t || src.leftJoin || t.withoutRowid || src.notIndexed) return null;
  const kc: number[] = [];
  for (const k of keys) {
    if (k.type !== 'column') return null;
    const r = peekColumn(scope, k.table, k.name);
    if (!r || r.sourceIndex !== si) return null;
    kc.push(r.column === t.rowidAlias ? -1 : r.column);
  }
  // A covering-index scan chosen for its width gives way to the table scan or to an index that
  // delivers the order (SQLite weighs the sort it saves): taken as the table scan here.
  // INDEXED BY keeps its index: the order is that index's, or none.
  const path: AccessPath = isFullIndexScan(chosen) && !src.indexedBy ? { kind: 'scan', rows: chosen.rows, cost: chosen.cost } : chosen;
  if (kc[0] === -1 && path.kind !== 'index') return path.kind === 'scan' || path.kind === 'rowid-eq' || path.kind === 'rowid-in' || path.kind === 'rowid-range' ? path : null;
  // An index's entries are its columns then the rowid (fileformat2 §2.5): the rowid (−1) may follow
  // the last column, so an equality on every column leaves the entries in rowid order.
  // Past a UNIQUE index's last column, when every column after the `=` prefix is NOT NULL (the
  // prefix's are not NULL either; not so for IS), no two rows share the entry: later terms order
  // nothing more.
  const uniqueEntries = (idx: Index, from: number): boolean =>
    idx.unique &&
    !idx.where &&
    (from === 0 || (path.kind === 'index' && path.eqOps.slice(0, from).every((o) => o === '='))) &&
    idx.columns.every((ic, j) => j < from || (ic.column >= 0 && t.columns[ic.column].notNull));
  const matches = (idx: Index, from: number): boolean =>
    kc.every((c, i) => {
      if (from + i >= idx.columns.length) return (from + i === idx.columns.length && c === -1) || uniqueEntries(idx, from);
      const ic = idx.columns[from + i];
      return ic !== undefined && c !== -1 && ic.column === c && !ic.desc && ic.collation === src.columns[c].collation;
    });
  if (path.kind === 'index') return path.eq.every((e) => !Array.isArray(e) && e.type !== 'in-select') && matches(path.index, path.eq.length) ? path : null;
  if (path.kind !== 'scan') return null;
  // The cheapest covering index that delivers the order, if one does (narrowest, then newest).
  const c = coveringScan(scope, si, [], used, chosen.rows, (idx) => !idx.where && matches(idx, 0));
  if (c) return c;
  for (const idx of t.indexes) {
    if (idx.where || !matches(idx, 0)) continue;
    const covering = used !== null && [...used].every((c) => c === -1 || c === t.rowidAlias || idx.columns.some((ic) => ic.column === c));
    if (!covering && !preferIndex) continue;
    return { kind: 'index', index: idx, eq: [], eqOps: [], lower: null, upper: null, covering, rows: path.rows, cost: path.cost };
  }
  return null;
}

/** What the loop nest hands the body: where "next row" jumps, and where the whole nest ends. */
export interface LoopExits {
  cont: Label;
  brk: Label;
}

interface OpenLevel {
  si: number;
  cont: Label;
  brk: Label;
  end: () => void;
  matchReg: number;
  matched: Label;
}

/**
 * Emits the loop nest of `plan` around `body`, testing each term at its level. `body` gets the
 * innermost continue label and the label past the whole nest.
 */
export function emitLoops(ctx: Ctx, scope: Scope, plan: JoinPlan, terms: WhereTerm[], body: (exits: LoopExits) => void): void {
  if (scope.sources.some((s) => s.rightJoin)) return emitRightJoinLoops(ctx, scope, plan, terms, body);
  const b = ctx.b;
  const outerBreak = b.label();
  for (const t of terms) {
    if (t.mask === 0n && t.onSource < 0) {
      codeIfFalse(ctx, scope, t.expr, outerBreak, true);
      t.coded = true;
    }
  }
  const levels: OpenLevel[] = [];
  let avail = 0n;
  let innerCont: Label = outerBreak;
  plan.order.forEach((si, i) => {
    const src = scope.sources[si];
    let path = plan.paths[i];
    // An automatic index of an inner loop holds only the rows that pass the terms reading its
    // table alone (SQLite's partial automatic index); those terms are tested as it is built. (A
    // plain inner scan stays a scan, as SQLite's: no index without a key.)
    if (i > 0 && !src.leftJoin && path.kind === 'auto-index' && src.table && scope.parent === null) {
      const bit = 1n << BigInt(si);
      const filters = terms.filter((t) => !t.coded && t.onSource < 0 && t.mask === bit && !hasSubquery(t.expr));
      if (filters.length) {
        for (const t of filters) t.coded = true;
        path = { ...path, filters: filters.map((t) => t.expr) };
      }
    }
    // Terms on this table alone (key terms too) make SQLite's automatic index a partial one.
    if (path.kind === 'auto-index' && path.cols.length > 0) {
      const bit = 1n << BigInt(si);
      if (terms.some((t) => t.mask === bit && !hasSubquery(t.expr) && (src.leftJoin ? t.onSource === si : t.onSource < 0 || t.onSource === si))) path = { ...path, partial: true };
    }
    if (path.kind === 'auto-index' && autoIndexBloom(src, path)) ctx.plan(`BLOOM FILTER ON ${src.name} (${path.cols.map((c) => `${src.columns[c].name}=?`).join(' AND ')})`);
    ctx.plan(planText(src, path));
    const lvl: OpenLevel = { si, cont: b.label(), brk: b.label(), end: () => {}, matchReg: 0, matched: b.label() };
    if (src.leftJoin) {
      lvl.matchReg = b.reg();
      b.emit('Integer', 0, lvl.matchReg);
    }
    const handled: Expr[] = [];
    lvl.end = openPath(ctx, scope, src, path, lvl.cont, lvl.brk, handled);
    // An IN (SELECT …) that drives the lookup needs no test of its own.
    for (const t of terms) if (handled.includes(t.expr)) t.coded = true;
    avail |= 1n << BigInt(si);
    for (const t of terms) {
      if (!t.coded && t.onSource === si && (t.mask & ~avail) === 0n) {
        codeIfFalse(ctx, scope, t.expr, lvl.cont, true);
        t.coded = true;
      }
    }
    b.resolve(lvl.matched);
    if (src.leftJoin) b.emit('Integer', 1, lvl.matchReg);
    for (const t of terms) {
      if (!t.coded && t.onSource < 0 && (t.mask & ~avail) === 0n) {
        codeIfFalse(ctx, scope, t.expr, lvl.cont, true);
        t.coded = true;
      }
    }
    levels.push(lvl);
    innerCont = lvl.cont;
  });
  for (const t of terms) if (!t.coded) codeIfFalse(ctx, scope, t.expr, innerCont, true);
  body({ cont: innerCont, brk: outerBreak });
  for (let i = levels.length - 1; i >= 0; i--) {
    const lvl = levels[i];
    b.resolve(lvl.cont);
    lvl.end();
    b.resolve(lvl.brk);
    const src = scope.sources[lvl.si];
    if (src.leftJoin) {
      const after = b.label();
      b.emit('IfPos', lvl.matchReg, after, 0);
      b.emit('NullRow', src.cursor);
      for (const c of src.alsoNull) b.emit('NullRow', c);
      b.emit('Goto', 0, lvl.matched);
      b.resolve(after);
    }
  }
  b.resolve(outerBreak);
}

/**
 * EXPLAIN QUERY PLAN text of a level; the right side of a LEFT JOIN ends in ` LEFT-JOIN`, as
 * SQLite 3.53 writes it.
 */
export function planText(src: Source, p: AccessPath): string {
  const text = planPathText(src, p);
  return src.leftJoin ? `${text} LEFT-JOIN` : text;
}

function planPathText(src: Source, p: AccessPath): string {
  const name = src.name;
  // A lower bound reads ">" and an upper one "<", inclusive or not (SQLite's explainIndexRange
  // writes the direction alone).
  const rng = (col: string, lo: Bound | null, hi: Bound | null): string[] => [...(lo ? [`${col}>?`] : []), ...(hi ? [`${col}<?`] : [])];
  switch (p.kind) {
    case 'scan':
    case 'single':
      return `SCAN ${name}`;
    case 'rowid-eq':
    case 'rowid-in':
      return `SEARCH ${name} USING INTEGER PRIMARY KEY (rowid=?)`;
    case 'rowid-range':
      return `SEARCH ${name} USING INTEGER PRIMARY KEY (${rng('rowid', p.lower, p.upper).join(' AND ')})`;
    case 'auto-index':
      if (p.cols.length === 0) return `SCAN ${name} USING AUTOMATIC COVERING INDEX`;
      // Terms on this table alone restrict it: SQLite's partial automatic index (emitLoops).
      return `SEARCH ${name} USING AUTOMATIC ${p.partial ? 'PARTIAL ' : ''}COVERING INDEX (${p.cols.map((c) => `${src.columns[c].name}=?`).join(' AND ')})`;
    case 'index': {
      const cols = p.index.columns.map((c) => (c.column >= 0 ? src.columns[c.column].name : c.column === -2 ? '<expr>' : 'rowid'));
      const parts = [...p.eq.map((_, i) => `${cols[i]}=?`), ...rng(cols[p.eq.length] ?? 'rowid', p.lower, p.upper)];
      const t = src.table;
      if (t?.withoutRowid && p.index.rootPage === t.rootPage) return parts.length === 0 ? `SCAN ${name}` : `SEARCH ${name} USING PRIMARY KEY (${parts.join(' AND ')})`;
      if (parts.length === 0) return `SCAN ${name} USING ${p.covering ? 'COVERING ' : ''}INDEX ${p.index.name}`;
      return `SEARCH ${name} USING ${p.covering ? 'COVERING ' : ''}INDEX ${p.index.name} (${parts.join(' AND ')})`;
    }
  }
}

/** The primary key of a WITHOUT ROWID table as an index over its own b-tree. */
export function primaryKeyIndex(t: Table): Index {
  if (t.pkIndex) return { ...t.pkIndex, rootPage: t.rootPage };
  return {
    name: `sqlite_autoindex_${t.name}_1`,
    tableName: t.name,
    rootPage: t.rootPage,
    columns: t.pkColumns.map((c) => ({ column: c, expr: null, desc: false, collation: t.columns[c].collation })),
    unique: true,
    where: null,
    origin: 'pk',
    sql: null,
  };
}

/** KeyInfo of an index (its key columns then the rowid). */
export function indexKeyInfo(idx: Index): KeyInfo {
  const names = [...idx.columns.map((c) => c.collation), 'BINARY'];
  return {
    nKeyField: idx.columns.length,
    desc: [...idx.columns.map((c) => c.desc), false],
    collNames: names,
    collations: names.map((c) => {
      const p = collP4(c);
      return p && p.kind === 'collseq' ? p.collation : (undefined as never);
    }),
  };
}

/** Emits the start of one level's loop; returns the function that emits its end. */
export function openPath(ctx: Ctx, scope: Scope, src: Source, p: AccessPath, cont: Label, brk: Label, handled: Expr[] = []): () => void {
  const b = ctx.b;
  src.fill?.();
  switch (p.kind) {
    case 'scan': {
      b.emit(p.reverse ? 'Last' : 'Rewind', src.cursor, brk);
      const top = b.addr;
      return () => b.emit(p.reverse ? 'Prev' : 'Next', src.cursor, top);
    }
    case 'single':
      return () => {};
    case 'rowid-eq': {
      const r = exprToReg(ctx, scope, p.rhs);
      b.emit('SeekRowid', src.cursor, brk, r);
      // The seek is the term's test (SQLite's disableTerm): SeekRowid lands only on the rowid equal
      // to the value under the term's numeric comparison (usable() checked its affinity).
      if (p.term !== undefined) handled.push(p.term);
      return () => {};
    }
    case 'rowid-in':
      return openRowidIn(ctx, scope, src, p.list, p.reverse === true, cont, brk, handled);
    case 'rowid-range':
      return openRowidRange(ctx, scope, src, p, brk);
    case 'index':
      return openIndex(ctx, scope, src, p, brk, handled);
    case 'auto-index':
      return openAutoIndex(ctx, scope, src, p, brk);
  }
  void cont;
}

/**
 * `rowid IN (list)`: the distinct list values, as integers (NUMERIC affinity), in an ephemeral
 * index walked in order; one SeekRowid per value (SQLite's IN operator on the INTEGER PRIMARY KEY).
 */
function openRowidIn(ctx: Ctx, scope: Scope, src: Source, list: Expr[] | InSelectExpr, reverse: boolean, cont: Label, brk: Label, handled: Expr[]): () => void {
  const b = ctx.b;
  if (!Array.isArray(list)) {
    const key = b.reg();
    const loop = openInSubquery(ctx, scope, list, 'BINARY', key, reverse, handled);
    b.emit('SeekRowid', src.cursor, cont, key);
    return () => {
      loop.end();
      b.resolve(loop.brk);
    };
  }
  const ecur = b.cursor();
  b.emit('OpenEphemeral', ecur, 1, 0, { kind: 'keyinfo', info: { nKeyField: 1, desc: [false], collNames: ['BINARY'], collations: [collationFn('BINARY')] } });
  const r = b.reg();
  const rec = b.reg();
  for (const item of list) {
    codeExpr(ctx, scope, item, r);
    b.emit('Affinity', r, 1, 0, { kind: 'affinity', value: String.fromCharCode(AFF_NUMERIC) });
    const skip = b.label();
    b.emit('Found', ecur, skip, r, { kind: 'int', value: 1 });
    b.emit('MakeRecord', r, 1, rec);
    b.emit('IdxInsert', ecur, rec);
    b.resolve(skip);
  }
  b.emit(reverse ? 'Last' : 'Rewind', ecur, brk);
  const top = b.addr;
  const key = b.reg();
  b.emit('Column', ecur, 0, key);
  b.emit('SeekRowid', src.cursor, cont, key);
  return () => b.emit(reverse ? 'Prev' : 'Next', ecur, top);
}

/**
 * The outer loop of `x IN (SELECT …)` driving lookups (in-subquery.ts): the subquery's rows are
 * coded into an ephemeral index (LIST SUBQUERY, once per statement), then walked in order (or
 * backwards); each distinct non-NULL value lands in `keyReg`. Equal neighbours are skipped
 * (the ephemeral index keeps duplicates; a b-tree index would have kept one), so every row is
 * reached once. The IN term itself is then marked coded: the lookup is its test.
 *
 * Returns `cont` (next value), `brk` (reached after the last value: the caller jumps on from there)
 * and `end`, which emits the loop's Next.
 */
function openInSubquery(ctx: Ctx, scope: Scope, e: InSelectExpr, collation: string, keyReg: number, reverse: boolean, handled: Expr[]): { cont: Label; brk: Label; end: () => void } {
  const b = ctx.b;
  const lhsAff = exprAffinity(e.expr, scope);
  // The values are kept under the IN's own collation (sqlite3CodeRhsOfIN: one of values equal
  // under it stays), then looked up under the index's (`collation`), as SQLite does.
  const { cursor } = codeSubselect(ctx, scope, 'in', e.select, 0, { affinity: lhsAff, collation: inSelectCollation(scope, e.expr, e.select) });
  const prev = b.reg();
  b.emit('Null', 0, prev);
  const cont = b.label();
  const brk = b.label();
  b.emit(reverse ? 'Last' : 'Rewind', cursor, brk);
  const top = b.addr;
  b.emit('Column', cursor, 0, keyReg);
  b.emit('IsNull', keyReg, cont);
  b.emit('Eq', prev, cont, keyReg, collP4(collation), 0);
  b.emit('Copy', keyReg, prev);
  handled.push(e);
  return {
    cont,
    brk,
    end: () => {
      b.resolve(cont);
      b.emit(reverse ? 'Prev' : 'Next', cursor, top);
    },
  };
}

/** The seek that starts a rowid range at a bound (`rowid > x` → SeekGT …). */
const SEEK_AT: Record<RangeOp, 'SeekGT' | 'SeekGE' | 'SeekLT' | 'SeekLE'> = { '>': 'SeekGT', '>=': 'SeekGE', '<': 'SeekLT', '<=': 'SeekLE' };
/** The comparison that jumps out once a row is past the bound ending the range (`rowid < x`: rowid ≥ x). */
const PAST: Record<RangeOp, 'Ge' | 'Gt' | 'Le' | 'Lt'> = { '<': 'Ge', '<=': 'Gt', '>': 'Le', '>=': 'Lt' };

/**
 * A rowid range, walked up from its lower bound (SeekGT/SeekGE or Rewind, Next) or, for ORDER BY
 * rowid DESC (`reverse`), down from its upper bound (SeekLT/SeekLE or Last, Prev); the other bound
 * is tested on every row. A NULL bound matches nothing.
 */
function openRowidRange(ctx: Ctx, scope: Scope, src: Source, p: Extract<AccessPath, { kind: 'rowid-range' }>, brk: Label): () => void {
  const b = ctx.b;
  const rev = p.reverse === true;
  const start = rev ? p.upper : p.lower;
  const stop = rev ? p.lower : p.upper;
  let stopReg = 0;
  if (stop) {
    stopReg = exprToReg(ctx, scope, stop.expr);
    b.emit('IsNull', stopReg, brk);
  }
  if (start) {
    const r = exprToReg(ctx, scope, start.expr);
    b.emit('IsNull', r, brk);
    b.emit(SEEK_AT[start.op], src.cursor, brk, r);
  } else b.emit(rev ? 'Last' : 'Rewind', src.cursor, brk);
  const top = b.addr;
  if (stop) {
    const rid = b.reg();
    b.emit('Rowid', src.cursor, rid);
    b.emit(PAST[stop.op], stopReg, brk, rid, null, AFF_NUMERIC);
  }
  return () => b.emit(rev ? 'Prev' : 'Next', src.cursor, top);
}

function affinityString(cols: number[], src: Source): string {
  return cols.map((c) => String.fromCharCode(c < 0 ? 0x44 : src.columns[c].affinity || AFF_BLOB)).join('');
}

/**
 * The affinity a seek key computed from `rhs` takes for an index column of affinity `aff` (one
 * character): BLOB — none — when the comparison has none or `rhs` is a literal the affinity would
 * not change (SQLite's codeAllEqualityTerms: sqlite3CompareAffinity, sqlite3ExprNeedsNoAffinityChange).
 */
function seekAffinity(scope: Scope, rhs: Expr, aff: string): string {
  const a = aff.charCodeAt(0);
  if (compareAffinity(exprAffinity(rhs, scope), a) === AFF_BLOB) return BLOB_AFF;
  let e = rhs;
  let minus = false;
  while (e.type === 'unary' && (e.op === '-' || e.op === '+') && (e.operand.type === 'integer' || e.operand.type === 'real' || e.operand.type === 'unary')) {
    if (e.op === '-') minus = true;
    e = e.operand;
  }
  const same = e.type === 'integer' || e.type === 'real' ? a >= AFF_NUMERIC : e.type === 'string' ? !minus && a === AFF_TEXT : e.type === 'blob' ? !minus : false;
  return same ? BLOB_AFF : aff;
}

const BLOB_AFF = String.fromCharCode(AFF_BLOB);

/** False when `e` is a literal that is never NULL (SQLite's sqlite3ExprCanBeNull, its literal cases). */
function canBeNull(e: Expr): boolean {
  while (e.type === 'unary' && (e.op === '-' || e.op === '+')) e = e.operand;
  return !(e.type === 'integer' || e.type === 'real' || e.type === 'string' || e.type === 'blob');
}

/**
 * Affinity on the key registers from `base`, one character per register, leaving out the BLOB (and
 * none) affinities at either end, none at all when nothing is left (SQLite's codeApplyAffinity).
 */
function emitKeyAffinity(b: Ctx['b'], base: number, aff: string): void {
  let from = 0;
  let to = aff.length;
  while (from < to && aff.charCodeAt(from) <= AFF_BLOB) from++;
  while (to > from && aff.charCodeAt(to - 1) <= AFF_BLOB) to--;
  if (to > from) b.emit('Affinity', base + from, to - from, 0, { kind: 'affinity', value: aff.slice(from, to) });
}

function openIndex(ctx: Ctx, scope: Scope, src: Source, p: Extract<AccessPath, { kind: 'index' }>, brk: Label, handled: Expr[]): () => void {
  const b = ctx.b;
  const idx = p.index;
  const ic = idx.columns;
  const icur = b.cursor();
  b.emit('OpenRead', icur, idx.rootPage, 0, { kind: 'keyinfo', info: indexKeyInfo(idx) }, 0, idx.name);
  const t = src.table!;
  if (t.withoutRowid) src.covering = { cursor: icur, positions: t.recordIndex };
  else if (p.covering) src.covering = { cursor: icur, positions: src.columns.map((_, c) => ic.findIndex((x) => x.column === c)) };
  else src.covering = null;
  src.alsoNull = [icur];
  const nEq = p.eq.length;
  const keys = b.regs(nEq + 1);
  const ends: (() => void)[] = [];
  let exit = brk;
  p.eq.forEach((rhs, j) => {
    if (Array.isArray(rhs)) {
      // IN (list): an outer loop over the distinct list values, kept in an ephemeral index.
      const ecur = b.cursor();
      const colAff = keyColumnAffinity(src, ic[j]);
      b.emit('OpenEphemeral', ecur, 1, 0, { kind: 'keyinfo', info: { nKeyField: 1, desc: [false], collNames: [ic[j].collation], collations: [collationFn(ic[j].collation)] } });
      const r = b.reg();
      const rec = b.reg();
      for (const item of rhs) {
        codeExpr(ctx, scope, item, r);
        b.emit('Affinity', r, 1, 0, { kind: 'affinity', value: colAff });
        const skip = b.label();
        b.emit('Found', ecur, skip, r, { kind: 'int', value: 1 });
        b.emit('MakeRecord', r, 1, rec);
        b.emit('IdxInsert', ecur, rec);
        b.resolve(skip);
      }
      const inBrk = b.label();
      const inCont = b.label();
      b.emit('Rewind', ecur, inBrk);
      const top = b.addr;
      b.emit('Column', ecur, 0, keys + j);
      b.emit('IsNull', keys + j, inCont);
      const outerExit = exit;
      ends.push(() => {
        b.resolve(inCont);
        b.emit('Next', ecur, top);
        b.resolve(inBrk);
        void outerExit;
      });
      exit = inCont;
    } else if (rhs.type === 'in-select') {
      const loop = openInSubquery(ctx, scope, rhs, ic[j].collation, keys + j, false, handled);
      ends.push(() => {
        loop.end();
        b.resolve(loop.brk);
      });
      exit = loop.cont;
    } else {
      codeExpr(ctx, scope, rhs, keys + j);
      if (p.eqOps[j] !== 'IS' && canBeNull(rhs)) b.emit('IsNull', keys + j, exit);
      // The seek is the term's test (SQLite's disableTerm in codeEqualityTerm): the index holds
      // the column under the term's comparison affinity and collation (usable()), so every entry
      // the seek lands on satisfies it. Not for the inner table of a LEFT JOIN, whose NULL row
      // must still meet its WHERE terms.
      const term = p.eqTerms?.[j];
      if (term !== undefined && !src.leftJoin) handled.push(term);
    }
  });
  // The index column's affinity goes on each key, except where the comparison has none: an IN
  // (SELECT …) whose comparison affinity is BLOB looks its values up unchanged (SQLite's
  // codeAllEqualityTerms sets zAff[j] to BLOB then).
  const keyAff = ic.slice(0, nEq).map((c) => keyColumnAffinity(src, c)).map((a, j) => {
    const rhs = p.eq[j];
    if (!Array.isArray(rhs) && rhs.type !== 'in-select') return seekAffinity(scope, rhs, a);
    if (Array.isArray(rhs)) return a;
    const cmp = compareAffinity(inSubqueryAffinity(rhs) ?? 0, exprAffinity(rhs.expr, scope));
    return cmp === AFF_BLOB || cmp === 0 ? String.fromCharCode(AFF_BLOB) : a;
  });
  emitKeyAffinity(b, keys, keyAff.join(''));
  // Past the key columns the range is on the rowid, compared as SQLite's rowid (NUMERIC here, as
  // sqlite3IndexAffinityStr gives an INTEGER key column).
  const rangeAff = ic[nEq] ? keyColumnAffinity(src, ic[nEq]) : String.fromCharCode(AFF_NUMERIC);
  let upperKeys = 0;
  if (p.upper) {
    upperKeys = b.regs(nEq + 1);
    if (nEq > 0) b.emit('Copy', keys, upperKeys, nEq - 1);
    codeExpr(ctx, scope, p.upper.expr, upperKeys + nEq);
    if (canBeNull(p.upper.expr)) b.emit('IsNull', upperKeys + nEq, exit);
    emitKeyAffinity(b, upperKeys + nEq, seekAffinity(scope, p.upper.expr, rangeAff));
  }
  if (p.reverse) {
    // Walked from the upper end down (ORDER BY … DESC); the lower bound, or NULL when only an
    // upper bound exists (a range never holds NULL), ends the loop.
    if (p.lower) {
      codeExpr(ctx, scope, p.lower.expr, keys + nEq);
      if (canBeNull(p.lower.expr)) b.emit('IsNull', keys + nEq, exit);
      emitKeyAffinity(b, keys + nEq, seekAffinity(scope, p.lower.expr, rangeAff));
    } else if (p.upper) b.emit('Null', 0, keys + nEq);
    if (p.upper) b.emit(p.upper.op === '<' ? 'SeekLT' : 'SeekLE', icur, exit, upperKeys, { kind: 'int', value: nEq + 1 });
    else if (nEq > 0) b.emit('SeekLE', icur, exit, keys, { kind: 'int', value: nEq });
    else b.emit('Last', icur, exit);
  } else if (p.lower) {
    codeExpr(ctx, scope, p.lower.expr, keys + nEq);
    if (canBeNull(p.lower.expr)) b.emit('IsNull', keys + nEq, exit);
    emitKeyAffinity(b, keys + nEq, seekAffinity(scope, p.lower.expr, rangeAff));
    b.emit(p.lower.op === '>' ? 'SeekGT' : 'SeekGE', icur, exit, keys, { kind: 'int', value: nEq + 1 });
  } else if (p.upper) {
    b.emit('Null', 0, keys + nEq);
    b.emit('SeekGT', icur, exit, keys, { kind: 'int', value: nEq + 1 });
  } else {
    b.emit('SeekGE', icur, exit, keys, { kind: 'int', value: nEq });
  }
  // The seek and the loop's end test are the range terms' tests (SQLite's disableTerm for
  // pRangeStart / pRangeEnd): NULL bounds end the loop above, entries past the bounds end it below.
  if (!src.leftJoin) for (const bound of [p.lower, p.upper]) if (bound?.term !== undefined) handled.push(bound.term);
  const top = b.addr;
  if (p.reverse) {
    if (p.lower) b.emit(p.lower.op === '>' ? 'IdxLE' : 'IdxLT', icur, exit, keys, { kind: 'int', value: nEq + 1 });
    else if (p.upper) b.emit('IdxLE', icur, exit, keys, { kind: 'int', value: nEq + 1 });
    else if (nEq > 0) b.emit('IdxLT', icur, exit, keys, { kind: 'int', value: nEq });
  } else if (p.upper) b.emit(p.upper.op === '<' ? 'IdxGE' : 'IdxGT', icur, exit, upperKeys, { kind: 'int', value: nEq + 1 });
  else if (nEq > 0) b.emit('IdxGT', icur, exit, keys, { kind: 'int', value: nEq });
  const cont = b.label();
  if (!p.covering) {
    const rid = b.reg();
    b.emit('IdxRowid', icur, rid);
    b.emit('SeekRowid', src.cursor, cont, rid);
  }
  // A UNIQUE index fully matched by `=` holds at most one entry: no loop.
  const single = idx.unique && nEq === ic.length && p.eqOps.every((o) => o === '=') && !p.lower && !p.upper;
  return () => {
    b.resolve(cont);
    if (!single) b.emit(p.reverse ? 'Prev' : 'Next', icur, top);
    for (let i = ends.length - 1; i >= 0; i--) ends[i]();
  };
}

/**
 * Whether automatic index `p` on `src` gets a Bloom filter (vdbe/bloom-filter.ts), as SQLite's
 * (where.c constructAutomaticIndex): when a key column may hold numbers (its affinity is not TEXT;
 * every TEXT value has the same hash, so a filter on text keys would rarely skip a lookup).
 */
function autoIndexBloom(src: Source, p: Extract<AccessPath, { kind: 'auto-index' }>): boolean {
  return p.cols.some((c) => src.columns[c].affinity !== AFF_TEXT);
}

/** Size of an automatic index's Bloom filter in bytes (SQLite's: 80,000 bits). */
const BLOOM_BYTES = 10_000;

/**
 * An automatic index: built once per statement from a scan of the source, holding the equality
 * columns then every column and the rowid, so that the lookups never go back to the table. With a
 * Bloom filter (autoIndexBloom), a lookup whose key was never put in the index is skipped.
 */
function openAutoIndex(ctx: Ctx, scope: Scope, src: Source, p: Extract<AccessPath, { kind: 'auto-index' }>, brk: Label): () => void {
  const b = ctx.b;
  const acur = b.cursor();
  const ncol = src.columns.length;
  const nKey = p.cols.length;
  const names = p.cols.map((c) => src.columns[c].collation);
  const info: KeyInfo = { nKeyField: nKey, desc: new Array<boolean>(nKey).fill(false), collNames: names, collations: names.map((c) => collationFn(c)) };
  const once = b.emit('Once', 0, 0);
  b.emit('OpenEphemeral', acur, nKey + ncol + 1, 0, { kind: 'keyinfo', info });
  const filter = nKey > 0 && autoIndexBloom(src, p) ? b.reg() : 0;
  if (filter) b.emit('Blob', BLOOM_BYTES, filter, 0, null);
  const regs = b.regs(nKey + ncol + 1);
  const rec = b.reg();
  const done = b.label();
  b.emit('Rewind', src.cursor, done);
  const top = b.addr;
  const skipRow = b.label();
  for (const f of p.filters ?? []) codeIfFalse(ctx, scope, f, skipRow, true);
  p.cols.forEach((c, i) => codeColumn(ctx, src, c, regs + i));
  if (filter) b.emit('FilterAdd', filter, 0, regs, { kind: 'int', value: nKey });
  for (let c = 0; c < ncol; c++) codeColumn(ctx, src, c, regs + nKey + c);
  if (src.table && !src.table.withoutRowid) codeColumn(ctx, src, -1, regs + nKey + ncol);
  else b.emit('Null', 0, regs + nKey + ncol);
  b.emit('MakeRecord', regs, nKey + ncol + 1, rec);
  b.emit('IdxInsert', acur, rec);
  b.resolve(skipRow);
  b.emit('Next', src.cursor, top);
  b.resolve(done);
  b.patchP2(once, b.addr);
  const keys = b.regs(nKey);
  p.rhs.forEach((e, i) => {
    codeExpr(ctx, scope, e, keys + i);
    b.emit('IsNull', keys + i, brk);
  });
  b.emit('Affinity', keys, nKey, 0, { kind: 'affinity', value: affinityString(p.cols, src) });
  src.autoIndex = { cursor: acur, positions: [...Array(ncol + 1).keys()].map((c) => nKey + c) };
  src.alsoNull = [acur];
  if (nKey === 0) {
    b.emit('Rewind', acur, brk);
    const top0 = b.addr;
    return () => b.emit('Next', acur, top0);
  }
  if (filter) b.emit('Filter', filter, brk, keys, { kind: 'int', value: nKey });
  b.emit('SeekGE', acur, brk, keys, { kind: 'int', value: nKey });
  const loop = b.addr;
  b.emit('IdxGT', acur, brk, keys, { kind: 'int', value: nKey });
  return () => b.emit('Next', acur, loop);
}
