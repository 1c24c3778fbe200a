/**
 * The SltConnection of any engine with better-sqlite3's API (better-sqlite3 itself, and Strata's
 * `Database`, which follows it): `exec` for statement records; for query records one prepared
 * statement, `reader` telling whether it returns rows (one that returns none is run and reported
 * with 0 columns, so the runner flags the column-count mismatch, as the C driver would), rows through
 * `raw()` + `safeIntegers()` (INTEGER as bigint, REAL as number) collected with `iterate()` so that
 * an error while stepping keeps the rows produced before it.
 *
 * @module
 */
import { errorMessage, type SltConnection, type SltQueryResult, type SltValue } from '../engine.js';

/** The subset of better-sqlite3's Database this adapter uses. */
export interface ApiDatabase {
  exec(sql: string): unknown;
  prepare(sql: string): ApiStatement;
  close(): unknown;
}

/** The subset of better-sqlite3's Statement this adapter uses. */
export interface ApiStatement {
  readonly reader: boolean;
  run(): unknown;
  raw(on: boolean): ApiStatement;
  safeIntegers(on: boolean): ApiStatement;
  columns(): unknown[];
  iterate(): Iterable<unknown>;
}

/** An SltConnection over one open database of a better-sqlite3-style API. */
export class ApiConnection implements SltConnection {
  constructor(private readonly db: ApiDatabase) {}

  exec(sql: string): void {
    this.db.exec(sql);
  }

  query(sql: string): SltQueryResult {
    const stmt = this.db.prepare(sql);
    if (!stmt.reader) {
      try {
        stmt.run();
        return { columnCount: 0, rows: [] };
      } catch (e) {
        return { columnCount: 0, rows: [], stepError: errorMessage(e) };
      }
    }
    stmt.raw(true).safeIntegers(true);
    const columnCount = stmt.columns().length;
    const rows: SltValue[][] = [];
    try {
      for (const row of stmt.iterate() as Iterable<SltValue[]>) rows.push(row);
    } catch (e) {
      return { columnCount, rows, stepError: errorMessage(e) };
    }
    return { columnCount, rows };
  }

  close(): void {
    this.db.close();
  }
}
