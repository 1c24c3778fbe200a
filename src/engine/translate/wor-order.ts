/**
 * The order an UPDATE visits the rows of a WITHOUT ROWID table in, as SQLite's would: it decides
 * which of two rows that would collide an OR IGNORE (or FAIL) UPDATE rewrites.
 *
 * SQLite (update.c) updates in one pass, in the order of the index its WHERE loop walks, when
 * nothing forbids it (ONEPASS_MULTI: no triggers, foreign keys, subquery in WHERE, change of the
 * PRIMARY KEY, REPLACE resolution, and the walked index is not one the UPDATE rewrites); else it
 * collects the PKs in an ephemeral index and visits them in PK order. For the walk, SQLite's
 * planner (where.c whereLoopAddBtree) considers every index of such a table, the PK among them,
 * with only the WHERE's columns needed (the SET expressions are read after the seek):
 *
 * 1. an index whose leading columns the WHERE pins with `col = constant`, at the cost of its
 *    seek and the rows it finds (a UNIQUE one pinned whole visits one row, and then any order
 *    is right);
 * 2. else, for a full scan (no PK range either), an index holding every WHERE column;
 * each priced by its entry width 15·szIdxRow/szTabRow in LogEst, szEst per column from its
 * declared type (sqlite3AffinityType: 1 for none or numeric types, 5 for TEXT/BLOB/CLOB, k/4+1
 * for CHAR(k)), one more for the table's missing rowid, sums rounded as sqlite3LogEstAdd rounds
 * them; ties go to the first in Table.pIndex order (whereLoopInsert keeps the first of equals).
 *
 * This is a model of the planner's outcome for these plain shapes, not its cost model in full.
 *
 * @module
 */
import type { ConflictResolution, Expr } from '../parser/ast.js';
import { logEst } from '../schema/stat1.js';
import type { Index, Table } from '../schema/types.js';
import { hasSubquery } from './expr-info.js';
import { splitAnd } from './where.js';
import { pkTailOf, worIndexList } from './wor-row.js';

/** SQLite's sqlite3LogEstAdd: the LogEst of the sum of two LogEst values. */
function logEstAdd(a: number, b: number): number {
  const x = [10, 10, 9, 9, 8, 8, 7, 7, 7, 6, 6, 6, 5, 5, 5, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2];
  const [hi, lo] = a >= b ? [a, b] : [b, a];
  if (hi > lo + 49) return hi;
  if (hi > lo + 31) return hi + 1;
  return hi + x[hi - lo];
}

/** Column size estimate (sqlite3AffinityType's szEst) from a declared type. */
export function columnSizeEstimate(declType: string | null): number {
  if (!declType) return 1;
  const s = declType.toLowerCase();
  let aff: 'numeric' | 'text' | 'blob' | 'real' | 'integer' = 'numeric';
  let zChar = -1;
  for (let i = 0; i < s.length; i++) {
    const h = s.slice(Math.max(0, i - 3), i + 1);
    if (h === 'char') {
      aff = 'text';
      zChar = i + 1;
    } else if (h === 'clob' || h === 'text') aff = 'text';
    else if (h === 'blob' && (aff === 'numeric' || aff === 'real')) {
      aff = 'blob';
      if (s[i + 1] === '(') zChar = i + 1;
    } else if ((h === 'real' || h === 'floa' || h === 'doub') && aff === 'numeric') aff = 'real';
    else if (h.endsWith('int')) {
      aff = 'integer';
      break;
    }
  }
  let v = 0;
  if (aff === 'text' || aff === 'blob') {
    if (zChar >= 0) {
      const m = /\d+/.exec(s.slice(zChar));
      if (m) v = Number(m[0]);
    } else v = 16;
  }
  return Math.min(255, Math.floor(v / 4) + 1);
}

/** The columns (table positions) an index's entries hold: its key, then its PK tail. */
function entryColumns(t: Table, pk: Index, ix: Index): number[] {
  if (ix.rootPage === t.rootPage && ix.origin === 'pk') return t.columns.map((_, i) => i);
  return [...ix.columns.map((c) => c.column), ...pkTailOf(pk, ix).map((c) => c.column)];
}

/** The columns of a `col = constant` term of `where` (top-level AND terms), with their collations unchanged. */
function pinnedColumns(t: Table, where: Expr | null): Set<number> {
  const out = new Set<number>();
  const constant = (e: Expr): boolean => ['integer', 'real', 'string', 'blob', 'null', 'param'].includes(e.type);
  for (const term of splitAnd(where)) {
    if (term.type !== 'binary' || term.op !== '=') continue;
    for (const [a, b] of [[term.left, term.right], [term.right, term.left]] as const) {
      if (a.type === 'column' && constant(b)) {
        const i = t.columns.findIndex((c) => c.name.toLowerCase() === a.name.toLowerCase());
        if (i >= 0) out.add(i);
      }
    }
  }
  return out;
}

/** Every column `e` names (by name, unqualified or not). */
function namedColumns(t: Table, e: unknown, into = new Set<number>()): Set<number> {
  if (Array.isArray(e)) for (const x of e) namedColumns(t, x, into);
  else if (e && typeof e === 'object') {
    const o = e as { type?: unknown; name?: unknown };
    if (o.type === 'column' && typeof o.name === 'string') {
      const i = t.columns.findIndex((c) => c.name.toLowerCase() === (o.name as string).toLowerCase());
      if (i >= 0) into.add(i);
    }
    for (const v of Object.values(o)) namedColumns(t, v, into);
  }
  return into;
}

/** What decides the visit order of an UPDATE (see the module doc). */
export interface UpdateShape {
  table: Table;
  pk: Index;
  where: Expr | null;
  /** The loop over the PK alone is a full scan (no PK equality or range). */
  fullScan: boolean;
  or: ConflictResolution | null;
  pkChanged: boolean;
  /** Whether index i (in `table.indexes`) is rewritten. */
  rewritten: (i: number) => boolean;
}

/** The index whose order the UPDATE visits rows in: the PK, or a secondary index of `table`. */
export function updateVisitOrder(u: UpdateShape): Index {
  const { table: t, pk } = u;
  const replace = u.or === 'REPLACE' || (u.or === null && t.indexes.some((ix, i) => u.rewritten(i) && ix.onConflict === 'REPLACE'));
  if (u.pkChanged || replace || (u.where && hasSubquery(u.where))) return pk;
  const list = worIndexList(t).filter((ix) => ix.where === null && ix.columns.every((c) => c.column >= 0));
  const szEst = t.columns.map((c) => columnSizeEstimate(c.declType));
  const szTab = logEst((szEst.reduce((a, b) => a + b, 0) + 1) * 4);
  const cost = (ix: Index): number => Math.trunc((15 * logEst(entryColumns(t, pk, ix).reduce((a, c) => a + szEst[c], 0) * 4)) / szTab);
  const pinned = pinnedColumns(t, u.where);
  const lead = (ix: Index): number => {
    let k = 0;
    while (k < ix.columns.length && pinned.has(ix.columns[k].column) && ix.columns[k].collation.toUpperCase() === t.columns[ix.columns[k].column].collation.toUpperCase()) k++;
    return k;
  };
  // Costs as whereLoopAddBtree(Index) adds them up, in LogEst: a lookup on `lead` pinned columns
  // costs the seek (estLog of the default 2^20 rows) plus its rows (sqlite3DefaultRowEst: 33, 32,
  // 30, 28, 26, then 23; 0 for a whole UNIQUE key) times the entry width; a full scan 2^20 rows.
  const ROWS = 200;
  const SEEK = logEst(ROWS) - 33;
  const lookupRows = (ix: Index, nEq: number): number => (ix.unique && nEq === ix.columns.length ? 0 : nEq <= 5 ? [33, 32, 30, 28, 26][nEq - 1] : 23);
  const maxLead = Math.max(0, ...list.map(lead));
  if (maxLead === 0 && !u.fullScan) return pk;
  const used = namedColumns(t, u.where);
  let chosen: Index | null = null;
  let chosenCost = Infinity;
  for (const ix of list) {
    const k = lead(ix);
    let c: number;
    const covering = [...used].every((col) => entryColumns(t, pk, ix).includes(col));
    if (k > 0) {
      c = logEstAdd(SEEK, lookupRows(ix, k) + 1 + cost(ix));
      if (!covering) c = logEstAdd(c, lookupRows(ix, k) + 16);
    } else if (covering) c = ROWS + 1 + cost(ix);
    else continue;
    if (c < chosenCost) {
      chosen = ix;
      chosenCost = c;
    }
  }
  if (!chosen || (chosen.unique && lead(chosen) === chosen.columns.length)) return pk;
  if (chosen.rootPage === t.rootPage && chosen.origin === 'pk') return pk;
  const i = t.indexes.indexOf(chosen);
  return i >= 0 && u.rewritten(i) ? pk : chosen;
}
