/**
 * The seam between the sqllogictest runner and a SQL engine: the few calls the runner needs,
 * shaped after sqllogictest's own `DbEngine` (connect, statement, query, disconnect).
 *
 * ```
 * SltEngine.open() ─► SltConnection ── exec(sql)   statement records (sqlite3_exec: every statement in sql)
 *                                    ├─ query(sql)  query records (prepare one statement, step every row)
 *                                    └─ close()
 * ```
 *
 * Values cross the seam with their storage class kept, because the renderer needs it (an INTEGER 1
 * is `1` in a T column, a REAL 1.0 is `1.0`):
 *
 * | storage class | JS value     |
 * |---------------|--------------|
 * | NULL          | `null`       |
 * | INTEGER       | `bigint`     |
 * | REAL          | `number`     |
 * | TEXT          | `string`     |
 * | BLOB          | `Uint8Array` |
 *
 * A `number` is therefore always a REAL, even when it is integral: adapters must return INTEGER
 * values as `bigint` (better-sqlite3: `safeIntegers(true)`).
 *
 * @module
 */

/** One result value; its JS type tells its SQLite storage class (see the module table). */
export type SltValue = null | bigint | number | string | Uint8Array;

/** What a query produced. */
export interface SltQueryResult {
  /** Number of result columns of the prepared statement (`sqlite3_column_count`). */
  columnCount: number;
  /** The rows stepped before the statement finished or failed; each has `columnCount` values. */
  rows: SltValue[][];
  /**
   * Set when stepping failed part way (integer overflow in sum(), say). The C driver stops at the
   * error and keeps the rows it has, without reporting a failure; the runner does the same.
   */
  stepError?: string;
}

/** An open database connection, on a fresh empty database. */
export interface SltConnection {
  /**
   * Runs every statement in `sql` to completion, discarding rows (as `sqlite3_exec`).
   * @throws any error when a statement fails to prepare or to run.
   */
  exec(sql: string): void;
  /**
   * Prepares the (single) statement in `sql` and steps it to the end.
   * @throws any error when the statement cannot be prepared; errors while stepping are reported
   *   in {@link SltQueryResult.stepError} instead.
   */
  query(sql: string): SltQueryResult;
  /** Releases the connection and its database. */
  close(): void;
}

/** A SQL engine under test. */
export interface SltEngine {
  /** Name for reports, e.g. `better-sqlite3 (SQLite 3.53.2)`. */
  readonly name: string;
  /** Opens a connection to a new, empty database (one per test file, as the C driver does). */
  open(): SltConnection;
}

/** The message of anything thrown, for reports. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${e.message}` : `${e.name}: ${e.message}`;
  }
  return String(e);
}
