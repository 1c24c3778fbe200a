/**
 * Runs a script on WITHOUT ROWID tables statement by statement on Strata and on better-sqlite3
 * (SQLite 3.53, the oracle), each in a fresh file, recording per statement what the API gives
 * back (rows, `run()`'s changes and lastInsertRowid, or the error code and message), then
 * `changes()`, `total_changes()`, `last_insert_rowid()` and every listed table's rows in the
 * order given (its PRIMARY KEY order). Afterwards Strata's file is read by the oracles: the
 * sqlite3 CLI's `PRAGMA integrity_check` and better-sqlite3's rows and sqlite_schema rows of
 * that file, compared with better-sqlite3's own file.
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Database } from '../../../src/api/index.js';
import { sqliteIntegrityCheck } from '../../support/sqlite3.js';

/** What one statement gave back. */
export type StepOutcome = { rows: unknown[] } | { run: unknown } | { error: string; code: string };

interface Preparer {
  prepare(sql: string): { reader: boolean; raw(on?: boolean): unknown; safeIntegers(on?: boolean): unknown; all(): unknown[]; run(): { changes: number; lastInsertRowid: number | bigint } };
}

function attempt(db: Preparer, sql: string): StepOutcome {
  try {
    const st = db.prepare(sql);
    st.safeIntegers(true);
    if (st.reader) {
      st.raw(true);
      return { rows: st.all() };
    }
    const r = st.run();
    return { run: { changes: r.changes, lastInsertRowid: BigInt(r.lastInsertRowid) } };
  } catch (e) {
    return { error: (e as Error).message, code: String((e as { code?: string }).code) };
  }
}

/** A table to read after each statement: its name and the SELECT that lists it in a fixed order. */
export interface Watched {
  name: string;
  select: string;
}

function snapshot(db: Preparer, sql: string, watched: readonly Watched[]): StepOutcome[] {
  return [attempt(db, sql), attempt(db, 'SELECT changes(), total_changes(), last_insert_rowid()'), ...watched.map((w) => attempt(db, w.select))];
}

/** Rows of `sql` in a file, read by better-sqlite3. */
function readFile(file: string, sql: string): unknown[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare(sql).raw(true).safeIntegers(true).all();
  } finally {
    db.close();
  }
}

/** The two transcripts and what the oracles read from both files. */
export interface Outcome {
  mine: StepOutcome[][];
  theirs: StepOutcome[][];
  /** sqlite3 CLI's integrity_check of Strata's file. */
  integrity: string[];
  /** better-sqlite3's reading of each file: sqlite_schema then each watched table. */
  mineFile: unknown[];
  theirFile: unknown[];
  mineFileName: string;
  theirFileName: string;
}

/** Runs `script` on both engines in `dir/<name>-{strata,sqlite}.db`. */
export function runBoth(dir: string, name: string, script: readonly string[], watched: readonly Watched[]): Outcome {
  const mineFileName = join(dir, `${name}-strata.db`);
  const theirFileName = join(dir, `${name}-sqlite.db`);
  const db = new Database(mineFileName);
  const ref = new BetterSqlite3(theirFileName);
  const mine: StepOutcome[][] = [];
  const theirs: StepOutcome[][] = [];
  try {
    for (const sql of script) {
      mine.push(snapshot(db as unknown as Preparer, sql, watched));
      theirs.push(snapshot(ref as unknown as Preparer, sql, watched));
    }
  } finally {
    db.close();
    ref.close();
  }
  const read = (file: string): unknown[] => [readFile(file, 'SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema ORDER BY rowid'), ...watched.map((w) => readFile(file, w.select))];
  return { mine, theirs, integrity: sqliteIntegrityCheck(mineFileName), mineFile: read(mineFileName), theirFile: read(theirFileName), mineFileName, theirFileName };
}
