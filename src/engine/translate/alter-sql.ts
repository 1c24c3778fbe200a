/**
 * Text edits ALTER TABLE makes to the CREATE statements stored in sqlite_schema, by token
 * position, as SQLite's alter.c does (it never reprints a statement: it splices the stored text).
 *
 * | edit                  | SQLite       | what changes                                                     |
 * |-----------------------|--------------|------------------------------------------------------------------|
 * | {@link replaceNames}  | renameEditSql| each name token at the given offsets becomes the new name         |
 * | {@link spliceColumn}  | addColOffset | `, <column text>` inserted before the table constraints or `)`  |
 * | {@link cutColumn}     | sqlite_drop_column | the column's definition (and one comma) removed            |
 *
 * Quoting of a replaced name (renameEditSql): the bare new name when the old token started with an
 * identifier character and the caller does not force quoting; otherwise `"new"` (inner `"`
 * doubled), followed by a space when the character after the old token is a `"`, so that two
 * quoted tokens never merge. RENAME TO always forces quoting; RENAME COLUMN forces it when the new
 * name was written quoted in the ALTER statement.
 *
 * Offsets are string indices (UTF-16 units) into the stored text; SQLite counts bytes, which is the
 * same position in the text.
 *
 * @module
 */
import type { CreateTableStatement } from '../parser/ast.js';
import { Lexer, TK, type Token } from '../parser/index.js';

/** The token starting at `offset` of `sql`. */
export function tokenAt(sql: string, offset: number): Token {
  return new Lexer(sql, offset).next();
}

/** True for the characters SQLite's tokenizer reads as part of an identifier (sqlite3IsIdChar). */
function isIdChar(c: string): boolean {
  return /[A-Za-z0-9_$]/.test(c) || c.charCodeAt(0) >= 0x80;
}

/**
 * `sql` with the name token at each of `offsets` replaced by `name` (see the module doc for the
 * quoting). Offsets that do not start a token are a programming error.
 */
export function replaceNames(sql: string, offsets: Iterable<number>, name: string, forceQuote: boolean): string {
  const quoted = `"${name.replace(/"/g, '""')}"`;
  let out = sql;
  for (const off of [...new Set(offsets)].sort((a, b) => b - a)) {
    const t = tokenAt(sql, off);
    let rep: string;
    if (!forceQuote && isIdChar(t.text[0] ?? '')) rep = name;
    else rep = sql[t.end] === '"' ? quoted + ' ' : quoted;
    out = out.slice(0, t.offset) + rep + out.slice(t.end);
  }
  return out;
}

/** Every token of `sql` (comments and spaces skipped). */
function tokens(sql: string): Token[] {
  const lx = new Lexer(sql);
  const out: Token[] = [];
  for (let t = lx.next(); t.kind !== TK.EOF; t = lx.next()) out.push(t);
  return out;
}

/**
 * Positions in a stored CREATE TABLE text: `commas[i]` is the offset of the i-th comma at the top
 * level of the column list, `close` that of its closing parenthesis.
 */
function columnListPunctuation(sql: string): { commas: number[]; close: number } {
  const toks = tokens(sql);
  let depth = 0;
  const commas: number[] = [];
  for (const t of toks) {
    if (t.kind === TK.LP) depth++;
    else if (t.kind === TK.RP) {
      depth--;
      if (depth === 0) return { commas, close: t.offset };
    } else if (t.kind === TK.COMMA && depth === 1) commas.push(t.offset);
  }
  throw new Error('unterminated column list');
}

/**
 * SQLite's addColOffset: where ADD COLUMN splices its text into the stored CREATE TABLE — the comma
 * that starts the table constraints, or the closing parenthesis when there are none.
 */
export function addColumnOffset(sql: string, st: CreateTableStatement): number {
  const { commas, close } = columnListPunctuation(sql);
  return st.constraints.length > 0 ? commas[st.columns.length - 1] : close;
}

/** The stored CREATE TABLE text after ALTER TABLE … ADD COLUMN with definition text `column`. */
export function spliceColumn(sql: string, st: CreateTableStatement, column: string): string {
  const at = addColumnOffset(sql, st);
  return `${sql.slice(0, at)}, ${column}${sql.slice(at)}`;
}

/**
 * The stored CREATE TABLE text without column `i` (sqlite_drop_column): from its name to the next
 * column's name; for the last column, from the comma before it to addColOffset.
 */
export function cutColumn(sql: string, st: CreateTableStatement, i: number): string {
  if (i < st.columns.length - 1) return sql.slice(0, st.columns[i].offset) + sql.slice(st.columns[i + 1].offset);
  const { commas } = columnListPunctuation(sql);
  return sql.slice(0, commas[i - 1]) + sql.slice(addColumnOffset(sql, st));
}
