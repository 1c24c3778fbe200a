/**
 * Runs one SQL query on better-sqlite3 (SQLite 3.53, the oracle) and on Strata, both in-memory,
 * and gives each result as comparable text: rows of storage-class-tagged values, or the error
 * message.
 */
import BetterSqlite3 from 'better-sqlite3';
import { Database } from '../../../src/api/index.js';

function tag(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return `i:${v}`;
  if (typeof v === 'number') return `r:${Object.is(v, -0) ? '-0' : String(v)}`;
  if (typeof v === 'string') return `t:${JSON.stringify(v)}`;
  if (v instanceof Uint8Array) return `b:${Buffer.from(v).toString('hex')}`;
  return `?:${String(v)}`;
}

/** Both engines on empty in-memory databases. */
export class JsonOracle {
  readonly oracle: BetterSqlite3.Database = new BetterSqlite3(':memory:');
  readonly strata: Database = new Database(':memory:');

  /** Runs `sql` (setup statements, no rows) on both engines. */
  exec(sql: string): void {
    this.oracle.exec(sql);
    this.strata.exec(sql);
  }

  /** The oracle's result of `sql` with `params`. */
  expected(sql: string, params: unknown[] = []): string {
    try {
      return JSON.stringify((this.oracle.prepare(sql).raw(true).safeIntegers(true).all(...params) as unknown[][]).map((r) => r.map(tag)));
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  }

  /** Strata's result of `sql` with `params`. */
  actual(sql: string, params: unknown[] = []): string {
    try {
      return JSON.stringify((this.strata.prepare(sql).raw(true).safeIntegers(true).all(...params) as unknown[][]).map((r) => r.map(tag)));
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  }

  close(): void {
    this.oracle.close();
    this.strata.close();
  }
}
