/**
 * sqllogictest adapter for better-sqlite3 (the oracle: it bundles SQLite 3.53 and passes every
 * record of select1-5 + evidence).
 *
 * - `exec` is `Database.exec`, which runs every statement in the string, as `sqlite3_exec` does.
 * - `query` prepares one statement; `Statement.reader` tells whether it returns rows. A statement
 *   that returns none (an INSERT given as a query) is run and reported with 0 columns, so the
 *   runner flags the column-count mismatch, as the C driver would.
 * - Rows come through `.raw()` with `.safeIntegers()`, so an INTEGER arrives as `bigint` and a
 *   REAL as `number` (the seam's convention, see ../engine.ts). Rows are collected with
 *   `iterate()` so that an error while stepping keeps the rows produced before it.
 *
 * @module
 */
import Database from 'better-sqlite3';
import { errorMessage, type SltConnection, type SltEngine, type SltQueryResult, type SltValue } from '../engine.js';

/** Opens in-memory better-sqlite3 databases. */
export class BetterSqlite3Engine implements SltEngine {
  readonly name: string;

  constructor() {
    const probe = new Database(':memory:');
    const version = probe.prepare('SELECT sqlite_version()').pluck().get() as string;
    probe.close();
    this.name = `better-sqlite3 (SQLite ${version})`;
  }

  open(): SltConnection {
    return new BetterSqlite3Connection(new Database(':memory:'));
  }
}

class BetterSqlite3Connection implements SltConnection {
  constructor(private readonly db: Database.Database) {}

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
      for (const row of stmt.iterate() as IterableIterator<SltValue[]>) rows.push(row);
    } catch (e) {
      return { columnCount, rows, stepError: errorMessage(e) };
    }
    return { columnCount, rows };
  }

  close(): void {
    this.db.close();
  }
}
