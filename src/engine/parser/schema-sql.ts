/**
 * The text SQLite stores in `sqlite_schema.sql` for a CREATE statement, cut from the original
 * SQL exactly as SQLite cuts it (build.c, trigger.c, vtab.c, alter.c):
 *
 * | statement            | stored text                                                          |
 * |----------------------|----------------------------------------------------------------------|
 * | CREATE TABLE         | `CREATE TABLE ` + name … `)`; with WITHOUT ROWID/STRICT, name … up to the terminating `;` or end of input |
 * | CREATE INDEX         | `CREATE INDEX ` or `CREATE UNIQUE INDEX ` + name … up to the terminator |
 * | CREATE VIEW          | `CREATE VIEW ` + name … up to the terminator, trailing spaces trimmed |
 * | CREATE TRIGGER       | `CREATE TRIGGER ` + name … `END`                                     |
 * | CREATE VIRTUAL TABLE | `CREATE VIRTUAL TABLE ` + name … module name or `)`                  |
 *
 * "name" starts at the unqualified object name: TEMP, IF NOT EXISTS and a schema prefix are not
 * kept; everything between (comments, spacing, case) is kept verbatim. CREATE TABLE … AS SELECT
 * has no stored text of this kind (SQLite writes a new definition from the result columns).
 *
 * @module
 */
import type {
  AlterTableStatement, CreateIndexStatement, CreateTableStatement, CreateTriggerStatement,
  CreateViewStatement, CreateVirtualTableStatement,
} from './ast.js';
import { Lexer } from './lexer.js';
import { TK } from './tokens.js';

/** A CREATE statement whose text SQLite stores in sqlite_schema. */
export type SchemaStatement =
  | CreateTableStatement | CreateIndexStatement | CreateViewStatement | CreateTriggerStatement
  | CreateVirtualTableStatement;

/** Index of the `;` ending the statement that ends at `end` (or the end of the input). */
function terminator(sql: string, end: number): number {
  const t = new Lexer(sql, end).next();
  return t.kind === TK.SEMI ? t.offset : t.kind === TK.EOF ? t.offset : end;
}

function trimEnd(sql: string, from: number, to: number): number {
  while (to > from && /[\t\n\v\f\r ]/.test(sql[to - 1])) to--;
  return to;
}

/**
 * The sqlite_schema text for `stmt`, which was parsed from `sql`; null for CREATE TABLE … AS.
 */
export function storedSql(sql: string, stmt: SchemaStatement): string | null {
  switch (stmt.type) {
    case 'create-table': {
      if (stmt.as !== null) return null;
      const to = stmt.withoutRowid || stmt.strict ? terminator(sql, stmt.end) : stmt.end;
      return 'CREATE TABLE ' + sql.slice(stmt.table.offset, to);
    }
    case 'create-index':
      return `CREATE ${stmt.unique ? 'UNIQUE ' : ''}INDEX ` + sql.slice(stmt.index.offset, terminator(sql, stmt.end));
    case 'create-view': {
      const from = stmt.view.offset;
      return 'CREATE VIEW ' + sql.slice(from, trimEnd(sql, from, terminator(sql, stmt.end)));
    }
    case 'create-trigger':
      return 'CREATE TRIGGER ' + sql.slice(stmt.trigger.offset, stmt.end);
    case 'create-virtual-table':
      return 'CREATE VIRTUAL TABLE ' + sql.slice(stmt.table.offset, stmt.end);
  }
}

/**
 * The column definition text ALTER TABLE … ADD COLUMN splices into the table's stored SQL:
 * from the column name up to the terminator, trailing spaces and `;` removed.
 * @throws Error when `stmt` is not an ADD COLUMN.
 */
export function addedColumnSql(sql: string, stmt: AlterTableStatement): string {
  if (stmt.action.type !== 'add-column') throw new Error('not an ALTER TABLE … ADD COLUMN');
  const from = stmt.action.column.offset;
  let to = terminator(sql, stmt.end);
  while (to > from && /[\t\n\v\f\r ;]/.test(sql[to - 1])) to--;
  return sql.slice(from, to);
}
