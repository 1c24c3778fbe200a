/**
 * sqllogictest adapter for Strata's own engine: `new Database(':memory:')` from src/api, used the
 * way engines/better-sqlite3.ts uses better-sqlite3 (exec for statement records, one prepared
 * statement stepped with `raw()` + `safeIntegers()` for query records, so INTEGER arrives as bigint
 * and REAL as number).
 *
 * @module
 */
import { Database } from '../../../src/api/index.js';
import { errorMessage, type SltConnection, type SltEngine, type SltQueryResult, type SltValue } from '../engine.js';

/** Opens in-memory Strata databases. */
export class StrataEngine implements SltEngine {
  readonly name = 'strata';

  open(): SltConnection {
    return new StrataConnection(new Database(':memory:'));
  }
}

class StrataConnection implements SltConnection {
  constructor(private readonly db: Database) {}

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
