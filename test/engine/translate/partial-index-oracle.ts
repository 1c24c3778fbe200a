/**
 * Oracle runner for partial indexes and indexes on expressions: the same statements on Strata and
 * on better-sqlite3 (SQLite 3.53), each in its own file, compared after every statement on
 * - what the statement gave back (rows, `{ changes, lastInsertRowid }`, or error code and message),
 * - the table rows (read by each engine),
 * - the raw records of every index b-tree of both files (serial types and values, read with
 *   Strata's b-tree cursor: a byte-level reader, the same for both files; SQLite wrote one of them),
 * and at the end on `PRAGMA integrity_check` of Strata's file through better-sqlite3 (which
 * recomputes each row's expression keys and partial WHERE and checks every entry).
 *
 * `setup` runs either on both engines (`ddl: 'both'`) or on better-sqlite3 alone, its file then
 * copied for Strata (`ddl: 'oracle'`: a file SQLite made, written by Strata), or on the sqlite3 CLI
 * 3.40 alone (`ddl: 'cli'`, likewise).
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Database } from '../../../src/api/index.js';
import { BTreeCursor } from '../../../src/btree/cursor.js';
import { readSchemaTable } from '../../../src/btree/schema-table.js';
import { NodeSyncIO } from '../../../src/io/node-sync.js';
import { runSync } from '../../../src/io/io-result.js';
import { Pager } from '../../../src/pager/pager.js';
import { runSqlite3 } from '../../support/sqlite3-cli.js';

/** What one statement gave back, as comparable JSON-ish data. */
export type Outcome = { rows: unknown[] } | { run: { changes: number; lastInsertRowid: string } } | { error: string; code: string };

interface Preparer {
  prepare(sql: string): { reader: boolean; raw(on?: boolean): unknown; safeIntegers(on?: boolean): unknown; all(): unknown[]; run(): { changes: number; lastInsertRowid: number | bigint } };
}

function norm(v: unknown): unknown {
  if (typeof v === 'bigint') return `i:${v}`;
  if (typeof v === 'number') return Number.isInteger(v) ? `r:${v}${Object.is(v, -0) ? '-0' : ''}` : v;
  if (v instanceof Uint8Array) return `x:${Buffer.from(v).toString('hex')}`;
  if (Array.isArray(v)) return v.map(norm);
  return v;
}

function step(db: Preparer, sql: string): Outcome {
  try {
    const st = db.prepare(sql);
    st.safeIntegers(true);
    if (st.reader) {
      st.raw(true);
      return { rows: norm(st.all()) as unknown[] };
    }
    const r = st.run();
    return { run: { changes: r.changes, lastInsertRowid: String(r.lastInsertRowid) } };
  } catch (e) {
    return { error: (e as Error).message, code: String((e as { code?: string }).code) };
  }
}

/** Every index b-tree of `file`: name → its records in b-tree order, each as serial types + values. */
export function indexRecords(file: string): Record<string, unknown[]> {
  const pager = Pager.open(new NodeSyncIO(), file);
  try {
    const out: Record<string, unknown[]> = {};
    for (const row of runSync(() => readSchemaTable(pager, 1))) {
      if (row.type !== 'index') continue;
      const c = new BTreeCursor(pager, row.rootpage, 'index');
      const recs: unknown[] = [];
      for (let ok = runSync(() => c.first()); ok; ok = runSync(() => c.next())) {
        const r = runSync(() => c.record());
        recs.push([r.serialTypes.join(','), norm(r.values)]);
      }
      out[row.name] = recs;
    }
    return out;
  } finally {
    pager.close();
  }
}

/** A file's state as better-sqlite3 reads it: integrity_check, sqlite_schema, every table's rows. */
export function dumpFile(file: string): { integrity: unknown; schema: unknown[]; rows: Record<string, unknown> } {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const integrity = db.prepare('PRAGMA integrity_check').pluck().all();
    const schema = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid').raw().all();
    const rows: Record<string, unknown> = {};
    for (const t of db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]) {
      rows[t] = norm(db.prepare(`SELECT rowid, * FROM "${t}" ORDER BY rowid`).raw().safeIntegers().all());
    }
    return { integrity, schema, rows };
  } finally {
    db.close();
  }
}

export interface Transcript {
  /** Per statement: its outcome, then the rows of `tables` and the index records. */
  steps: unknown[];
  file: ReturnType<typeof dumpFile>;
}

/**
 * Runs `setup` then `script` on both engines in `dir/<name>-{strata,sqlite}.db` (see the module
 * doc); `tables` are read back after each statement of `script`.
 */
export function runBoth(dir: string, name: string, setup: readonly string[], script: readonly string[], ddl: 'both' | 'oracle' | 'cli', tables: readonly string[] = ['t']): { mine: Transcript; theirs: Transcript } {
  const mineFile = join(dir, `${name}-strata.db`);
  const theirFile = join(dir, `${name}-sqlite.db`);
  for (const f of [mineFile, theirFile]) for (const s of ['', '-wal', '-journal']) rmSync(f + s, { force: true });
  const mineSteps: unknown[] = [];
  const theirSteps: unknown[] = [];
  if (ddl === 'oracle') {
    const made = new BetterSqlite3(theirFile);
    for (const s of setup) made.exec(s);
    made.close();
    copyFileSync(theirFile, mineFile);
  } else if (ddl === 'cli') {
    runSqlite3(theirFile, setup.map((s) => `${s};\n`).join(''), { readonly: false });
    copyFileSync(theirFile, mineFile);
  }
  const ref = new BetterSqlite3(theirFile);
  const db = new Database(mineFile);
  const mine = db as unknown as Preparer;
  const theirs = ref as unknown as Preparer;
  try {
    if (ddl === 'both') {
      for (const s of setup) {
        mineSteps.push(step(mine, s));
        theirSteps.push(step(theirs, s));
      }
    }
    const read = (p: Preparer): unknown => tables.map((t) => step(p, `SELECT rowid, * FROM ${t} ORDER BY rowid`));
    for (const sql of script) {
      mineSteps.push([sql, step(mine, sql), read(mine), indexRecords(mineFile)]);
      theirSteps.push([sql, step(theirs, sql), read(theirs), indexRecords(theirFile)]);
    }
  } finally {
    db.close();
    ref.close();
  }
  return { mine: { steps: mineSteps, file: dumpFile(mineFile) }, theirs: { steps: theirSteps, file: dumpFile(theirFile) } };
}
