/**
 * SQLite's LogEst arithmetic (util.c sqlite3LogEstAdd, where.c estLog), the row widths the
 * planner weighs (build.c estimateTableWidth / estimateIndexWidth), an index loop's cost
 * (whereLoopAddBtreeIndex) and a sort's (whereSortingCost), for the places where where.ts weighs
 * as SQLite's integer costs do: ties between indexes and between join orders, and a sort against
 * a loop that delivers the order.
 *
 * A LogEst is about 10·log2(x) ({@link logEst}, schema/stat1.ts): 33 is 10 rows, 200 a million.
 * Products are sums; a sum of two costs is {@link logEstAdd}, which rounds with SQLite's table
 * (so that two loops SQLite costs alike cost alike here).
 *
 * @module
 */
import { estimatedWidth } from '../affinity.js';
import { logEst } from '../schema/stat1.js';
import type { Index, Table } from '../schema/types.js';

export { logEst };

/** sqlite3LogEstAdd's correction by the difference of its operands (0–31). */
const ADD = [10, 10, 9, 9, 8, 8, 7, 7, 7, 6, 6, 6, 5, 5, 5, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 2];

/** The LogEst of the sum of the quantities whose LogEsts are `a` and `b` (sqlite3LogEstAdd). */
export function logEstAdd(a: number, b: number): number {
  if (a >= b) {
    if (a > b + 49) return a;
    if (a > b + 31) return a + 1;
    return a + ADD[a - b];
  }
  if (b > a + 49) return b;
  if (b > a + 31) return b + 1;
  return b + ADD[b - a];
}

/** The LogEst of the depth of a b-tree of `n` rows, n itself a LogEst (where.c estLog): one seek. */
export function estLog(n: number): number {
  return n <= 10 ? 0 : logEst(n) - 33;
}

/**
 * A rowid table's row width (Table.szTabRow, LogEst of 4 × the summed {@link estimatedWidth}s of
 * its columns, plus 1 for a rowid no column aliases): build.c estimateTableWidth.
 */
export function tableWidth(t: Table): number {
  let w = 0;
  for (const c of t.columns) w += estimatedWidth(c.declType);
  if (t.rowidAlias < 0) w++;
  return logEst(w * 4);
}

/**
 * An index's entry width (Index.szIdxRow): LogEst of 4 × the widths of its key columns (1 for an
 * expression) and 1 for the rowid that ends each entry: build.c estimateIndexWidth.
 */
export function indexWidth(t: Table, idx: Index): number {
  let w = 1;
  for (const ic of idx.columns) w += ic.column >= 0 ? estimatedWidth(t.columns[ic.column].declType) : 1;
  return logEst(w * 4);
}

/** What {@link indexLoop} weighs of an index loop. */
export interface IndexLoopShape {
  /** Key columns matched by `=`, `IS` or `IN`. */
  nEq: number;
  /** The LogEst of the IN lists' combined length (0: no IN). */
  nIn: number;
  /** Range bounds on the next key column (0, 1 or 2). */
  bounds: number;
  /** The index holds every column the query reads. */
  covering: boolean;
}

/**
 * SQLite's rRun of a loop over index `idx` of `t`, and the loop's estimated rows (nOut), both
 * LogEsts (where.c whereLoopAddBtreeIndex, without STAT4): one seek (estLog of the index's rows)
 * then nOut entries at 1 + 15·szIdxRow/szTabRow each, and for an index that does not cover the
 * query nOut + 16 for the table rows. nOut starts from the index's rows and takes the rows per key
 * of its first nEq columns (sqlite_stat1, else SQLite's default guesses 10, 9, 8, 7, 6, 5…; 1 for a
 * unique index fully matched), less 20 (a quarter) for one range bound and 60 (1/64) for two
 * (whereRangeScanEst); the IN lists then multiply the whole. where.ts compares the cost between
 * indexes its own model costs alike, where SQLite's integers part them by width.
 */
export function indexLoop(t: Table, idx: Index, shape: IndexLoopShape): { run: number; nOut: number } {
  const est = idx.rowEst;
  const n = idx.columns.length;
  // aiRowLogEst: sqlite_stat1's numbers, else build.c sqlite3DefaultRowEst.
  let rSize = est ? logEst(est[0]) : 200;
  if (!est) {
    if (rSize < 99) rSize = 99;
    if (idx.where) rSize -= 10;
  }
  const perKey = (k: number): number => {
    if (k === 0) return rSize;
    if (idx.unique && k === n) return 0;
    if (est) return logEst(Math.max(1, est[k] ?? 1));
    return [33, 32, 30, 28, 26][k - 1] ?? 23;
  };
  let nOut = rSize + perKey(shape.nEq) - perKey(0) - (shape.bounds === 2 ? 60 : 20 * shape.bounds);
  if (nOut < 0) nOut = 0;
  const rCostIdx = nOut + 1 + Math.floor((15 * indexWidth(t, idx)) / tableWidth(t));
  let run = logEstAdd(estLog(rSize), rCostIdx);
  if (!shape.covering) run = logEstAdd(run, nOut + 16);
  // Each IN value runs the loop once more.
  return { run: run + shape.nIn, nOut: nOut + shape.nIn };
}

/**
 * SQLite's cost of sorting `nRow` rows (LogEst) of a result of `nExpr` columns (where.c
 * whereSortingCost without LIMIT or a partly sorted input): N·log N, times a factor that grows by
 * one LogEst unit per 30 columns (`(nExpr + 59) / 30`).
 */
export function sortingCost(nRow: number, nExpr: number): number {
  return nRow + logEst(Math.floor((nExpr + 59) / 30)) + estLog(nRow);
}
