/**
 * The ALTER TABLE / CREATE TABLE … AS oracle: one script run statement by statement on Strata and
 * on better-sqlite3 (SQLite 3.53), each into its own file, then compared:
 * - each statement's outcome (ok, or the error message);
 * - while both are open, `SELECT * FROM` every table, as read by each engine itself;
 * - after closing, read by better-sqlite3 from each file: the sqlite_schema rows (type, name,
 *   tbl_name, sql; rootpage may differ), every table's rows with their rowids, PRAGMA table_info of
 *   every table; and SQLite's integrity_check of Strata's file (better-sqlite3; and the sqlite3
 *   CLI when present, which must say of Strata's file what it says of SQLite's).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Database } from '../../../src/api/index.js';
import { sqlite3Available } from '../../support/sqlite3-cli.js';
import { sqliteQuery } from '../../support/sqlite3.js';

/** One tagged value: storage class and exact value. */
function tag(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return `i:${v}`;
  if (typeof v === 'number') return `r:${Object.is(v, -0) ? '-0' : String(v)}`;
  if (typeof v === 'string') return `t:${JSON.stringify(v)}`;
  if (v instanceof Uint8Array) return `b:${Buffer.from(v).toString('hex')}`;
  return `?:${String(v)}`;
}

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** What one engine made of a script. */
export interface ScriptState {
  outcomes: string[];
  live: Record<string, string[]>;
  schema: unknown[][];
  rows: Record<string, string[]>;
  tableInfo: Record<string, unknown[][]>;
  integrity: string[];
}

interface Runner {
  exec(sql: string): void;
  all(sql: string): unknown[][];
}

function run(r: Runner, script: readonly string[], tables: () => string[]): { outcomes: string[]; live: Record<string, string[]> } {
  const outcomes = script.map((sql) => {
    try {
      r.exec(sql);
      return 'ok';
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  });
  const live: Record<string, string[]> = {};
  for (const t of tables()) {
    try {
      live[t] = r.all(`SELECT * FROM ${q(t)}`).map((row) => row.map(tag).join(',')).sort();
    } catch (e) {
      live[t] = [`error: ${(e as Error).message}`];
    }
  }
  return { outcomes, live };
}

function dump(file: string): Omit<ScriptState, 'outcomes' | 'live'> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const integrity = db.prepare('PRAGMA integrity_check').pluck().all() as string[];
    const schema = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid').raw().all() as unknown[][];
    const rows: Record<string, string[]> = {};
    const tableInfo: Record<string, unknown[][]> = {};
    for (const t of db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[]) {
      rows[t] = (db.prepare(`SELECT rowid, * FROM ${q(t)} ORDER BY rowid`).raw().safeIntegers().all() as unknown[][]).map((r) => r.map(tag).join(','));
      tableInfo[t] = db.prepare(`PRAGMA table_info(${q(t)})`).raw().all() as unknown[][];
    }
    return { schema, rows, tableInfo, integrity };
  } finally {
    db.close();
  }
}

/**
 * Runs `script` on both engines in fresh files under a temporary directory and returns both
 * states; `cli` is the sqlite3 CLI's (3.40) integrity_check of each file (null when absent or
 * when the CLI cannot read the schema, e.g. syntax newer than 3.40). The CLI's datatype checks
 * can flag a file better-sqlite3 wrote too (a DEFAULT read for rows older than ADD COLUMN), so
 * tests compare the two rather than expect 'ok'.
 */
export function runBoth(script: readonly string[]): { strata: ScriptState; oracle: ScriptState; cli: { strata: string | null; oracle: string | null } } {
  const dir = mkdtempSync(join(tmpdir(), 'strata-alter-'));
  try {
    const mine = join(dir, 'strata.db');
    const theirs = join(dir, 'sqlite.db');
    const ref = new BetterSqlite3(theirs);
    ref.pragma('journal_mode = WAL');
    ref.pragma('foreign_keys = OFF');
    const tables = (): string[] => ref.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    const o = run({ exec: (s) => ref.exec(s), all: (s) => ref.prepare(s).raw().safeIntegers().all() as unknown[][] }, script, tables);
    const db = new Database(mine);
    const s = run({ exec: (x) => db.exec(x), all: (x) => db.prepare(x).raw(true).safeIntegers(true).all() as unknown[][] }, script, tables);
    db.close();
    ref.close();
    const cli = (file: string): string | null => {
      if (!sqlite3Available()) return null;
      try {
        return sqliteQuery(file, 'PRAGMA integrity_check').map((r) => r.join('|')).join('\n');
      } catch {
        return null;
      }
    };
    return { strata: { ...s, ...dump(mine) }, oracle: { ...o, ...dump(theirs) }, cli: { strata: cli(mine), oracle: cli(theirs) } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
