/**
 * `.dump [PATTERN]`: the database as SQL that rebuilds it, laid out as the sqlite3 3.40 shell
 * lays it out:
 *
 * ```
 * PRAGMA foreign_keys=OFF;
 * BEGIN TRANSACTION;
 * CREATE TABLE t(a,b);                       tables in rowid order, sqlite_sequence last
 * INSERT INTO t VALUES(1,'x');               every row, values as insertLiteral spells them
 * DELETE FROM sqlite_sequence;               (instead of CREATE for sqlite_sequence)
 * INSERT INTO sqlite_sequence VALUES('t',1);
 * CREATE INDEX i ON t(a);                    then indexes, triggers and views in rowid order
 * COMMIT;
 * ```
 *
 * PATTERN is a LIKE pattern on the object name (like.ts). The engine is asked only for sqlite_schema,
 * `PRAGMA table_xinfo` and plain SELECTs. `sqlite_stat*` tables become `ANALYZE
 * sqlite_schema;`; other internal `sqlite_*` tables are skipped; virtual tables are not supported
 * (they are written as a comment). Hidden and generated columns are left out of the INSERTs
 * (SQLite fills generated columns itself; VALUES then lists only the others, as sqlite3 writes it).
 *
 * @module
 */
import type { ShellDatabase, ShellValue } from './engine.js';
import { schemaLine, schemaRows } from './schema.js';
import { sqlLike } from './like.js';
import { insertLiteral, quoteName } from './sql-quote.js';
import { utf8Bytes } from './render/value-text.js';

function dumpRows(db: ShellDatabase, table: string, out: (bytes: string) => void): void {
  // PRAGMA table_xinfo rows: cid, name, type, notnull, dflt_value, pk, hidden.
  const cols = db.prepare(`PRAGMA table_xinfo(${quoteName(table)})`).raw(true).all() as unknown[][];
  const shown = cols.filter((c) => Number(c[6]) === 0).map((c) => String(c[1]));
  if (shown.length === 0) return;
  const head = utf8Bytes(`INSERT INTO ${quoteName(table)} VALUES(`);
  const stmt = db.prepare(`SELECT ${shown.map(quoteName).join(',')} FROM ${quoteName(table)}`).raw(true).safeIntegers(true);
  for (const row of stmt.iterate() as IterableIterator<ShellValue[]>) out(`${head}${row.map(insertLiteral).join(',')});\n`);
}

/** Writes the dump (byte strings) to `out`. @throws the engine's error when a query fails. */
export function dumpDatabase(db: ShellDatabase, out: (bytes: string) => void, pattern?: string): void {
  const all = schemaRows(db).filter((r) => r.sql !== null && (pattern === undefined || sqlLike(pattern, r.name)));
  out('PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n');
  // Tables in rowid order, sqlite_sequence last (a stable sort keeps the rest in order).
  const tables = all.filter((r) => r.type === 'table').sort((a, b) => Number(a.tblName === 'sqlite_sequence') - Number(b.tblName === 'sqlite_sequence'));
  for (const { name, sql } of tables) {
    if (name === 'sqlite_sequence') out('DELETE FROM sqlite_sequence;\n');
    else if (name.startsWith('sqlite_stat')) {
      out('ANALYZE sqlite_schema;\n');
    } else if (name.startsWith('sqlite_')) continue;
    else if (/^CREATE VIRTUAL TABLE/i.test(sql!)) {
      out(utf8Bytes(`/* virtual table ${quoteName(name)} not dumped */\n`));
      continue;
    } else out(utf8Bytes(schemaLine(sql!, ';\n')));
    dumpRows(db, name, out);
  }
  for (const r of all) if (r.type === 'index' || r.type === 'trigger' || r.type === 'view') out(utf8Bytes(`${r.sql};\n`));
  out('COMMIT;\n');
}
