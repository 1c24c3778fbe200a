/**
 * `.schema [PATTERN]` and `.tables [PATTERN]`, printed as the sqlite3 3.40 shell prints them.
 *
 * - `.schema`: every `sql` of sqlite_schema in rowid order (PATTERN, a LIKE pattern, is matched
 *   against `name` and `tbl_name`), each followed by `;` and a newline. A table whose CREATE
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

function rows<T>(db: ShellDatabase, sql: string, ...params: unknown[]): T[] {
  return db.prepare(sql).raw(true).all(...params) as T[];
}

/** The `.schema` text (JS string). @throws the engine's error when sqlite_schema cannot be read. */
export function schemaText(db: ShellDatabase, pattern?: string): string {
  const where = pattern === undefined ? '' : ' AND (name LIKE ? OR tbl_name LIKE ?)';
  const list = rows<[string, string, string]>(
    db,
    `SELECT sql, type, name FROM sqlite_schema WHERE sql IS NOT NULL${where} ORDER BY rowid`,
    ...(pattern === undefined ? [] : [pattern, pattern]),
  );
  let out = '';
  for (const [sql, type, name] of list) {
    let text = sql;
    if (type === 'view') {
      try {
        const cols = rows<[string]>(db, 'SELECT name FROM pragma_table_info(?)', name).map((r) => r[0]);
        if (cols.length > 0) text += `\n/* ${quoteName(name)}(${cols.map(quoteName).join(',')}) */`;
      } catch {
        // A view that does not compile is printed without its column comment, as sqlite3 does.
      }
    }
    out += schemaLine(text, ';\n');
  }
  return out;
}

/** The `.tables` text (JS string). */
export function tablesText(db: ShellDatabase, pattern?: string): string {
  const where = pattern === undefined ? '' : ' AND name LIKE ?';
  const names = rows<[string]>(
    db,
    `SELECT name FROM sqlite_schema WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%'${where} ORDER BY 1`,
    ...(pattern === undefined ? [] : [pattern]),
  ).map((r) => r[0]);
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
