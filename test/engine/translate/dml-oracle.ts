/**
 * Runs a DML script statement by statement on Strata and on better-sqlite3 (the oracle) in two
 * fresh files, recording for each statement what the API gives back: the rows (`all()`, raw, with
 * safeIntegers) for a reader, `run()`'s `{ changes, lastInsertRowid }` otherwise, or the error
 * code and message; then `changes()` and `last_insert_rowid()`. Afterwards both files are dumped
 * through better-sqlite3 (sqlite_schema rows, every table's rows, `PRAGMA integrity_check`).
 *
 * changes() is compared after every statement, DDL and failed statements included: SQLite leaves
 * it as the last INSERT/UPDATE/DELETE set it, and sets it to 0 when one of those fails.
 */
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Database } from '../../../src/api/index.js';

/** What one statement gave back. */
export type StepOutcome = { rows: unknown[] } | { run: unknown } | { error: string; code: string };

interface Preparer {
  prepare(sql: string): { reader: boolean; raw(on?: boolean): unknown; safeIntegers(on?: boolean): unknown; all(): unknown[]; run(): { changes: number; lastInsertRowid: number | bigint } };
}

function step(db: Preparer, sql: string): StepOutcome[] {
  let out: StepOutcome;
  try {
    const st = db.prepare(sql);
    st.safeIntegers(true);
    if (st.reader) {
      st.raw(true);
      out = { rows: st.all() };
    } else {
      const r = st.run();
      out = { run: { changes: r.changes, lastInsertRowid: BigInt(r.lastInsertRowid) } };
    }
  } catch (e) {
    out = { error: (e as Error).message, code: String((e as { code?: string }).code) };
  }
  const after = db.prepare('SELECT changes(), total_changes(), last_insert_rowid()');
  after.safeIntegers(true);
  after.raw(true);
  return [out, { rows: after.all() }];
}

/** The state of a database file as better-sqlite3 reads it. */
export function dumpFile(file: string): { integrity: unknown; schema: unknown[]; rows: Record<string, unknown[]> } {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const integrity = db.prepare('PRAGMA integrity_check').pluck().all();
    const schema = db.prepare('SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema ORDER BY rowid').raw().all();
    const rows: Record<string, unknown[]> = {};
    for (const t of db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]) {
      rows[t] = db.prepare(`SELECT rowid, * FROM "${t}" ORDER BY rowid`).raw().safeIntegers().all();
    }
    return { integrity, schema, rows };
  } finally {
    db.close();
  }
}

/** Runs `script` on both engines in `dir/<name>-{strata,sqlite}.db`; returns both transcripts and dumps. */
export function runScript(dir: string, name: string, script: readonly string[]): { mine: unknown; theirs: unknown } {
  const mineFile = join(dir, `${name}-strata.db`);
  const theirFile = join(dir, `${name}-sqlite.db`);
  const db = new Database(mineFile);
  const ref = new BetterSqlite3(theirFile);
  const mine: StepOutcome[][] = [];
  const theirs: StepOutcome[][] = [];
  try {
    for (const sql of script) {
      mine.push(step(db as unknown as Preparer, sql));
      theirs.push(step(ref as unknown as Preparer, sql));
    }
  } finally {
    db.close();
    ref.close();
  }
  return { mine: { steps: mine, file: dumpFile(mineFile) }, theirs: { steps: theirs, file: dumpFile(theirFile) } };
}
