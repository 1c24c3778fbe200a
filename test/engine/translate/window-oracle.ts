/**
 * Both engines on one in-memory schema: better-sqlite3 (the oracle, SQLite 3.53) and Strata's
 * Database, fed the same setup script; a query's rows (values tagged with their storage class) or
 * its error message, from each.
 */
import BetterSqlite3 from 'better-sqlite3';
import { Database } from '../../../src/api/index.js';

/** Rows as tagged strings, or the error message. */
export type Outcome = { rows: string[] } | { error: string };

function tag(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return `i:${v}`;
  if (typeof v === 'number') return Number.isNaN(v) ? 'r:NaN' : `r:${Object.is(v, -0) ? '-0' : String(v)}`;
  if (typeof v === 'string') return `t:${JSON.stringify(v)}`;
  if (v instanceof Uint8Array) return `b:${Buffer.from(v).toString('hex')}`;
  return `?:${String(v)}`;
}

function run(prepare: (sql: string) => { raw(b: boolean): { safeIntegers(b: boolean): { all(): unknown } } }, sql: string, ordered: boolean): Outcome {
  try {
    const rows = (prepare(sql).raw(true).safeIntegers(true).all() as unknown[][]).map((r) => r.map(tag).join(','));
    return { rows: ordered ? rows : rows.sort() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** One schema in both engines. */
export class WindowPair {
  readonly oracle: BetterSqlite3.Database = new BetterSqlite3(':memory:');
  readonly strata = new Database(':memory:');

  constructor(setup: string) {
    this.oracle.exec(setup);
    this.strata.exec(setup);
  }

  expected(sql: string, ordered = true): Outcome {
    return run((s) => this.oracle.prepare(s), sql, ordered);
  }

  actual(sql: string, ordered = true): Outcome {
    return run((s) => this.strata.prepare(s) as never, sql, ordered);
  }

  close(): void {
    this.oracle.close();
    this.strata.close();
  }
}
