/**
 * A second oracle, same shapes as sqlite3.ts, over better-sqlite3 (SQLite 3.53 built in): for
 * files or features the 3.40 CLI lacks, and to cross-check the CLI oracle. Values come through the
 * C API (`safeIntegers`, raw rows), so they are exact without any SQL tricks; text is decoded by
 * SQLite itself (invalid UTF-8 may come out differently from sqlite3.ts's TextDecoder).
 *
 * Files are protected as in sqlite3.ts: opened read-only, or as a temporary copy when SQLite would
 * write on open.
 *
 * @module
 */
import Database from 'better-sqlite3';
import type { SqlValue } from './sql-value.js';
import { tagJsValue } from './sql-value.js';
import { withOpenableCopy } from './sidecars.js';
import { quoteIdent } from './exact-sql.js';

function withDb<T>(file: string, fn: (db: Database.Database) => T): T {
  return withOpenableCopy(file, (path, copied) => {
    const db = new Database(path, { readonly: !copied, fileMustExist: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  });
}

/** Rows of `sql` (one statement returning rows) as exact {@link SqlValue}s. */
export function bsqValues(file: string, sql: string): SqlValue[][] {
  return withDb(file, (db) =>
    (db.prepare(sql).raw(true).safeIntegers(true).all() as unknown[][]).map((row) => row.map(tagJsValue)),
  );
}

/** Every row of `table` in b-tree order, shaped as sqlite3.ts's `sqliteRowsTyped`. */
export function bsqRowsTyped(file: string, table: string): SqlValue[][] {
  return withDb(file, (db) => {
    const t = quoteIdent(table);
    const list = db.prepare('SELECT wr FROM pragma_table_list WHERE schema = ? AND name = ?').get('main', table) as
      | { wr: number }
      | undefined;
    if (list === undefined) throw new Error(`no table ${table} in ${file}`);
    let sql: string;
    if (list.wr === 0) {
      const names = new Set((db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((r) => r.name));
      const rowid = ['rowid', '_rowid_', 'oid'].find((n) => !names.has(n)) ?? 'rowid';
      sql = `SELECT ${rowid}, * FROM main.${t} ORDER BY ${rowid}`;
    } else {
      const parts = db
        .prepare(
          `SELECT name, coll, "desc" FROM pragma_index_xinfo((SELECT name FROM pragma_index_list(?) WHERE origin = 'pk'))
           WHERE key = 1 ORDER BY seqno`,
        )
        .all(table) as { name: string; coll: string; desc: number }[];
      sql = `SELECT * FROM main.${t} ORDER BY ${parts.map((p) => `${quoteIdent(p.name)} COLLATE ${quoteIdent(p.coll)}${p.desc ? ' DESC' : ''}`).join(', ')}`;
    }
    return (db.prepare(sql).raw(true).safeIntegers(true).all() as unknown[][]).map((row) => row.map(tagJsValue));
  });
}
