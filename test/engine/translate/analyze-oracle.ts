/**
 * Runs one ANALYZE scenario in three engines on copies of one database file and returns what each
 * left in `sqlite_stat1`:
 *
 * - better-sqlite3 (SQLite 3.53, built with STAT4: it also fills sqlite_stat4, which is not
 *   compared; its sqlite_stat1 is the same as without STAT4);
 * - the sqlite3 CLI 3.40 (no STAT4): the oracle for sqlite_stat4/3 being emptied, not refilled;
 * - Strata, whose file is then read back by the CLI (integrity_check and its sqlite_stat1 rows).
 *
 * The base file is written by better-sqlite3 from `setup`, so it may hold what Strata cannot
 * create (WITHOUT ROWID tables, partial indexes). Rows are compared sorted: SQLite inserts them in
 * the order of its schema hash tables, Strata in sqlite_schema order.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Database } from '../../../src/api/index.js';
import { runSqlite3, type Sqlite3CliError } from '../../support/sqlite3-cli.js';
import { sqliteIntegrityCheck, sqliteQuery } from '../../support/sqlite3.js';

/** One sqlite_stat1 row as text: `tbl|idx|stat|typeof(stat)` with NULL spelled `NULL`. */
type StatRow = string;

/** What one engine ended with. */
export interface AnalyzeOutcome {
  /** Per statement of `steps`: 'ok' or the error message. */
  outcomes: string[];
  /** sqlite_stat1 rows, sorted; null when the table does not exist. */
  stat1: StatRow[] | null;
  /** Number of sqlite_stat4 rows (null: no such table). */
  stat4: number | null;
}

const STAT1 = "SELECT tbl, idx, stat, typeof(stat) FROM sqlite_stat1";
const HAS = (t: string): string => `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '${t}'`;

function fmt(v: unknown): string {
  return v === null ? 'NULL' : String(v);
}

function fromBsq(db: BetterSqlite3.Database | Database): Pick<AnalyzeOutcome, 'stat1' | 'stat4'> {
  const one = (sql: string): number => Number((db.prepare(sql).raw(true).get() as unknown[])[0]);
  const stat1 = one(HAS('sqlite_stat1')) ? (db.prepare(STAT1).raw(true).all() as unknown[][]).map((r) => r.map(fmt).join('|')).sort() : null;
  const stat4 = one(HAS('sqlite_stat4')) ? one('SELECT count(*) FROM sqlite_stat4') : null;
  return { stat1, stat4 };
}

function run(exec: (sql: string) => void, steps: readonly string[]): string[] {
  return steps.map((s) => {
    try {
      exec(s);
      return 'ok';
    } catch (e) {
      return (e as Error).message;
    }
  });
}

/** sqlite_stat1 and the stat4 row count as the CLI reads `file`. */
function fromCli(file: string): Pick<AnalyzeOutcome, 'stat1' | 'stat4'> {
  const q = (sql: string): string[][] => sqliteQuery(file, sql);
  const unq = (lit: string): string => (lit === 'NULL' ? 'NULL' : lit.startsWith("'") ? lit.slice(1, -1).replace(/''/g, "'") : lit);
  const stat1 = q(HAS('sqlite_stat1'))[0][0] !== '0' ? q(STAT1).map((r) => r.map(unq).join('|')).sort() : null;
  const stat4 = q(HAS('sqlite_stat4'))[0][0] !== '0' ? Number(q('SELECT count(*) FROM sqlite_stat4')[0][0]) : null;
  return { stat1, stat4 };
}

/** The three engines' results of `steps` on a file built by better-sqlite3 from `setup`. */
export interface AnalyzeRun {
  bsq: AnalyzeOutcome;
  cli: AnalyzeOutcome;
  strata: AnalyzeOutcome;
  /** The CLI reading Strata's file afterwards. */
  strataFile: { integrity: string[]; stat1: StatRow[] | null; stat4: number | null };
}

/**
 * Builds the base file from `setup` (better-sqlite3), then runs `steps` (each one SQL statement,
 * run with exec) in better-sqlite3, the sqlite3 CLI (one statement per process, errors recorded)
 * and Strata, each on its own copy.
 */
export function analyzeRun(setup: readonly string[], steps: readonly string[]): AnalyzeRun {
  const dir = mkdtempSync(join(tmpdir(), 'strata-analyze-'));
  try {
    const base = join(dir, 'base.db');
    const b0 = new BetterSqlite3(base);
    for (const s of setup) b0.exec(s);
    b0.close();
    const files = ['bsq', 'cli', 'strata'].map((n) => {
      const f = join(dir, `${n}.db`);
      copyFileSync(base, f);
      return f;
    });

    const bdb = new BetterSqlite3(files[0]);
    const bOut = run((s) => bdb.exec(s), steps);
    const bsq = { outcomes: bOut, ...fromBsq(bdb) };
    bdb.close();

    const cOut = run((s) => {
      try {
        runSqlite3(files[1], s + ';\n', { readonly: false });
      } catch (e) {
        // stderr's first line: "Parse error near line 1: MESSAGE" (or "Runtime error …").
        const first = (e as Sqlite3CliError).stderr.trim().split('\n')[0];
        throw new Error(first.replace(/^.*?error near line \d+: /, '').replace(/^Error: /, ''));
      }
    }, steps);
    const cli = { outcomes: cOut, ...fromCli(files[1]) };

    const sdb = new Database(files[2]);
    const sOut = run((s) => sdb.exec(s), steps);
    const strata = { outcomes: sOut, ...fromBsq(sdb) };
    sdb.close();
    const integrity = sqliteIntegrityCheck(files[2]);
    return { bsq, cli, strata, strataFile: { integrity, ...fromCli(files[2]) } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
