/**
 * Runs one SQL statement through better-sqlite3 (the oracle, SQLite 3.53) and through Strata on
 * the same file, and compares the results: as multisets, or in order when the query's ORDER BY
 * fixes it. Values are compared with their storage class (INTEGER as bigint, REAL as number via
 * `safeIntegers`, BLOB bytes as hex).
 *
 * Files that SQLite would write on open (a -wal, a hot journal) are copied first (test/support/
 * sidecars.ts), so that neither engine changes an input.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Database } from '../../../src/api/index.js';

/** A result: rows of tagged values, or the error message. */
export type Outcome = { rows: string[] } | { error: string };

function tag(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return `i:${v}`;
  if (typeof v === 'number') return Number.isNaN(v) ? 'r:NaN' : `r:${Object.is(v, -0) ? '-0' : String(v)}`;
  if (typeof v === 'string') return `t:${JSON.stringify(v)}`;
  if (v instanceof Uint8Array) return `b:${Buffer.from(v).toString('hex')}`;
  return `?:${String(v)}`;
}

function rowKey(row: unknown[]): string {
  return row.map(tag).join(',');
}

/** Both engines opened on one copy of a database file. */
export class BothEngines {
  readonly dir: string;
  readonly oracle: BetterSqlite3.Database;
  readonly strata: Database;

  constructor(file: string) {
    this.dir = mkdtempSync(join(tmpdir(), 'strata-q-'));
    const copy = join(this.dir, basename(file));
    copyFileSync(file, copy);
    for (const side of ['-wal', '-journal']) if (existsSync(file + side)) copyFileSync(file + side, copy + side);
    // The oracle opens a second copy: its checkpoint on close must not race Strata's reads.
    const copy2 = join(this.dir, 'oracle-' + basename(file));
    copyFileSync(file, copy2);
    for (const side of ['-wal', '-journal']) if (existsSync(file + side)) copyFileSync(file + side, copy2 + side);
    this.oracle = new BetterSqlite3(copy2);
    this.strata = new Database(copy);
  }

  /** Runs `sql` on the oracle. */
  expected(sql: string, ordered: boolean): Outcome {
    try {
      const rows = (this.oracle.prepare(sql).raw(true).safeIntegers(true).all() as unknown[][]).map(rowKey);
      return { rows: ordered ? rows : rows.sort() };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }

  /** Runs `sql` on Strata. */
  actual(sql: string, ordered: boolean): Outcome {
    try {
      const rows = (this.strata.prepare(sql).raw(true).safeIntegers(true).all() as unknown[][]).map(rowKey);
      return { rows: ordered ? rows : rows.sort() };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }

  close(): void {
    this.strata.close();
    this.oracle.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
