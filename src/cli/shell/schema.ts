/**
 * `.schema [PATTERN]` and `.tables [PATTERN]`, printed as the sqlite3 3.40 shell prints them.
 *
 * - `.schema`: every `sql` of sqlite_schema in rowid order (PATTERN, a LIKE pattern, is matched
 *   against `name` and `tbl_name`; like.ts, so the engine only needs plain SELECT and PRAGMA), each followed by `;` and a newline. A table whose CREATE
 *   statement quotes its name is printed as `CREATE TABLE IF NOT EXISTS …` (so a dump can be
 *   replayed); a view gets a `/* name(col,…) *\/` line with its columns; SQL ending inside a
 *   comment is closed first.
 * - `.tables`: table and view names (not `sqlite_%`) sorted, in columns across an 80-byte line:
 *   each name left-aligned to the longest name, two spaces apart, filled column by column.
 *
 * @module
 */
import type { ShellDatabase } from './engine.js';
import { isComplete } from './sql-complete.js';
import { quoteName } from './sql-quote.js';
import { utf8Bytes } from './render/value-text.js';
import { sqlLike } from './like.js';

/** One CREATE statement as sqlite3's printSchemaLine writes it, with `tail` (';\n') after it. */
export function schemaLine(sql: string, tail: string): string {
  let z = sql;
  if (tail.startsWith(';') && (z.includes('/*') || z.includes('--'))) {
    for (const term of ['', '*/', '\n']) {
      if (isComplete(`${sql}${term};`)) {
        z = sql + term;
        break;
      }
    }
  }
  if (/^CREATE TABLE ['"]/.test(z)) return `CREATE TABLE IF NOT EXISTS ${z.slice(13)}${tail}`;
  return z + tail;
}

function rows<T>(db: ShellDatabase, sql: string): T[] {
  return db.prepare(sql).raw(true).all() as T[];
}

/** One row of sqlite_schema. */
export interface SchemaRow {
  type: string;
  name: string;
  tblName: string;
  sql: string | null;
}

/** sqlite_schema in rowid order (the order SQLite created the objects in). */
export function schemaRows(db: ShellDatabase): SchemaRow[] {
  return rows<[string, string, string, string | null]>(db, 'SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY rowid').map(
    ([type, name, tblName, sql]) => ({ type, name, tblName, sql }),
  );
}

/** Column names of a table or view (`PRAGMA table_info`); empty when the engine cannot tell. */
function columnNames(db: ShellDatabase, name: string): string[] {
  try {
    return rows<unknown[]>(db, `PRAGMA table_info(${quoteName(name)})`).map((r) => String(r[1]));
  } catch {
    // A view that does not compile is printed without its column comment, as sqlite3 does.
    return [];
  }
}

/** The `.schema` text (JS string). @throws the engine's error when sqlite_schema cannot be read. */
export function schemaText(db: ShellDatabase, pattern?: string): string {
  let out = '';
  for (const row of schemaRows(db)) {
    if (row.sql === null) continue;
    if (pattern !== undefined && !sqlLike(pattern, row.name) && !sqlLike(pattern, row.tblName)) continue;
    let text = row.sql;
    if (row.type === 'view') {
      const cols = columnNames(db, row.name);
      if (cols.length > 0) text += `\n/* ${quoteName(row.name)}(${cols.map(quoteName).join(',')}) */`;
    }
    out += schemaLine(text, ';\n');
  }
  return out;
}

/** BINARY collation: UTF-8 byte order. */
export function binaryCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The `.tables` text (JS string). */
export function tablesText(db: ShellDatabase, pattern?: string): string {
  const names = schemaRows(db)
    .filter((r) => (r.type === 'table' || r.type === 'view') && !sqlLike('sqlite_%', r.name))
    .filter((r) => pattern === undefined || sqlLike(pattern, r.name))
    .map((r) => r.name)
    .sort(binaryCompare);
  if (names.length === 0) return '';
  const maxLen = Math.max(...names.map((n) => utf8Bytes(n).length));
  const perLine = Math.max(1, Math.floor(80 / (maxLen + 2)));
  const lineCount = Math.ceil(names.length / perLine);
  let out = '';
  for (let i = 0; i < lineCount; i++) {
    for (let j = i; j < names.length; j += lineCount) {
      const pad = ' '.repeat(maxLen - utf8Bytes(names[j]).length);
      out += `${j < lineCount ? '' : '  '}${names[j]}${pad}`;
    }
    out += '\n';
  }
  return out;
}
