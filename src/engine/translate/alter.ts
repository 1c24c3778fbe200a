/**
 * ALTER TABLE (sqlite.org/lang_altertable.html) as SQLite's alter.c does it: the CREATE statements
 * stored in sqlite_schema are edited by token position (alter-sql.ts, alter-refs.ts), the schema
 * cookie is bumped and the schema reloaded; DROP COLUMN also rewrites every row.
 *
 * | form                 | sqlite_schema rows changed                                        | rows      |
 * |----------------------|-------------------------------------------------------------------|-----------|
 * | RENAME TO u          | the table (name, tbl_name, sql), its indexes (tbl_name, autoindex | —         |
 * |                      | names, sql), its triggers (tbl_name, sql), any table, view or      |           |
 * |                      | trigger naming it (sql); the sqlite_sequence row                   |           |
 * | RENAME COLUMN a TO b | every statement referring to t.a (sql)                            | —         |
 * | ADD COLUMN def       | the table (sql: `, def` spliced before the constraints or `)`)    | —         |
 * | DROP COLUMN a        | the table (sql: the definition cut out)                           | rewritten |
 *
 * | file              | part                                                              |
 * |-------------------|-------------------------------------------------------------------|
 * | alter.ts          | the forms: checks, new texts and names                            |
 * | alter-refs.ts     | which name tokens of a stored statement refer to the table/column |
 * | alter-sql.ts      | the text edits (rename tokens, splice and cut column definitions) |
 * | alter-check.ts    | the schema re-read checks ("error in view v …")                   |
 * | alter-rows.ts     | the bytecode that rewrites sqlite_schema rows and table rows      |
 * | alter-default.ts  | DEFAULT values for rows older than ADD COLUMN                     |
 *
 * Conditions SQLite checks only on a non-empty table ("Cannot add a NOT NULL column with default
 * value NULL", non-constant defaults, STORED columns) are coded as a scan that halts with the
 * message on the first row, as sqlite3ErrorIfNotEmpty does. (SQLite's REFERENCES-with-a-default
 * check applies only with foreign_keys on, which Strata does not enforce.)
 *
 * Not done as SQLite: double-quoted string literals in other statements are not requoted on
 * RENAME/DROP COLUMN (sqlite_rename_quotefix); objects are checked after DROP COLUMN in the order
 * table, its indexes, views, triggers rather than sqlite_schema order.
 *
 * @module
 */
import type { AlterTableStatement, ColumnDefinition, CreateTableStatement, Statement } from '../parser/ast.js';
import { tableFromCreate } from '../schema/build.js';
import { addedColumnSql, Lexer, parseStatement, TK, type Token } from '../parser/index.js';
import type { Table } from '../schema/types.js';
import { sqlError, type Ctx } from './context.js';
import { findRefs, firstUnresolved } from './alter-refs.js';
import { cutColumn, replaceNames, spliceColumn } from './alter-sql.js';
import { defaultValue } from './alter-default.js';
import { checkConstraintsHold, checkSchemaResolves, checkUnreferenced, entries, parsed } from './alter-check.js';
import { errorIfNotEmpty, renameSequence, rewriteRows, rewriteSchemaRows, type RowEdit } from './alter-rows.js';
import { bumpCookie } from './ddl.js';

const lower = (s: string): string => s.toLowerCase();

/** The tokens of the ALTER statement itself. */
function alterTokens(sql: string, st: AlterTableStatement): Token[] {
  const lx = new Lexer(sql.slice(0, st.end), st.offset);
  const out: Token[] = [];
  for (let t = lx.next(); t.kind !== TK.EOF; t = lx.next()) out.push(t);
  return out;
}

/** The table ALTER works on, with SQLite's errors for missing tables, views and system tables. */
function alterTable(ctx: Ctx, st: AlterTableStatement): Table {
  const name = st.table.name;
  const t = ctx.schema.tables.get(lower(name));
  if (!t) {
    if (ctx.schema.views.has(lower(name))) {
      const v = ctx.schema.views.get(lower(name))!.name;
      switch (st.action.type) {
        case 'rename-table':
          throw sqlError(`view ${v} may not be altered`);
        case 'add-column':
          throw sqlError('Cannot add a column to a view');
        case 'rename-column':
          throw sqlError(`cannot rename columns of view "${v}"`);
        case 'drop-column':
          throw sqlError(`cannot drop column from view "${v}"`);
        default:
          throw sqlError(`cannot edit constraints of view "${v}"`);
      }
    }
    throw sqlError(`no such table: ${st.table.schema ? st.table.schema + '.' : ''}${name}`);
  }
  const shown = t.rootPage === 1 ? 'sqlite_master' : t.name;
  if (lower(t.name).startsWith('sqlite_')) throw sqlError(`table ${shown} may not be altered`);
  if (t.withoutRowid && st.action.type === 'drop-column') throw sqlError('DROP COLUMN on a WITHOUT ROWID table is not supported yet');
  return t;
}

/**
 * Compiles ALTER TABLE (see the module doc).
 * @throws SqliteError SQLITE_ERROR with SQLite's messages ("no such table: t", "there is already
 *   another table or index with this name: u", "no such column: "a"", "Cannot add a PRIMARY KEY
 *   column", "cannot drop UNIQUE column: "a"", "error in view v after drop column: …", …).
 */
export function codeAlter(ctx: Ctx, st: AlterTableStatement, sql: string): void {
  const t = alterTable(ctx, st);
  switch (st.action.type) {
    case 'rename-table':
      return renameTable(ctx, t, st.action.to);
    case 'rename-column':
      return renameColumn(ctx, t, st, sql);
    case 'add-column':
      return addColumn(ctx, t, st, sql);
    case 'drop-column':
      return dropColumn(ctx, t, st, sql);
    default:
      throw sqlError('ALTER TABLE … ALTER COLUMN / ADD CHECK / DROP CONSTRAINT is not supported yet');
  }
}

function renameTable(ctx: Ctx, t: Table, to: string): void {
  const k = lower(to);
  if (ctx.schema.tables.has(k) || ctx.schema.views.has(k) || ctx.schema.indexes.has(k)) throw sqlError(`there is already another table or index with this name: ${to}`);
  if (k.startsWith('sqlite_')) throw sqlError(`object name reserved for internal use: ${to}`);
  checkSchemaResolves(ctx.schema);
  const old = lower(t.name);
  const edits: RowEdit[] = [];
  for (const e of entries(ctx.schema)) {
    let sqlText = e.sql;
    if (sqlText !== null && (e.type !== 'index' || lower(e.tblName) === old)) {
      const hits = findRefs(sqlText, parsed(e), ctx.schema, { table: old, column: null });
      if (hits.length) sqlText = replaceNames(sqlText, hits, to, true);
    }
    let newName = e.name;
    let newTbl = e.tblName;
    if (lower(e.tblName) === old && e.type !== 'view') {
      newTbl = to;
      if (e.type === 'table') newName = to;
      else if (e.type === 'index' && lower(e.name).startsWith('sqlite_autoindex')) newName = `sqlite_autoindex_${to}${e.name.slice(t.name.length + 17)}`;
    }
    if (sqlText !== e.sql || newName !== e.name || newTbl !== e.tblName) edits.push({ type: e.type, name: e.name, newName, newTbl, sql: sqlText });
  }
  ctx.writes = true;
  rewriteSchemaRows(ctx, edits);
  if (t.autoincrement || ctx.schema.tables.has('sqlite_sequence')) renameSequence(ctx, t.name, to);
  bumpCookie(ctx);
}

/** The raw token of a column name in the ALTER statement: `which` 0 the old name, 1 the new. */
function nameToken(sql: string, st: AlterTableStatement, which: 0 | 1): Token {
  const toks = alterTokens(sql, st);
  if (st.action.type === 'drop-column') return toks[toks.length - 1];
  return which === 1 ? toks[toks.length - 1] : toks[toks.length - 3];
}

function renameColumn(ctx: Ctx, t: Table, st: AlterTableStatement, sql: string): void {
  if (st.action.type !== 'rename-column') return;
  const { column, to } = st.action;
  const i = t.columns.findIndex((c) => lower(c.name) === lower(column));
  if (i < 0) throw sqlError(`no such column: "${nameToken(sql, st, 0).text}"`);
  checkSchemaResolves(ctx.schema);
  const j =  t.columns.findIndex((c, n) => n !== i && lower(c.name) === lower(to));
  // SQLite re-reads the table and names the later of the two columns.
  if (j >= 0) throw sqlError(`error in table ${t.name} after rename: duplicate column name: ${j > i ? t.columns[j].name : to}`);
  const quote = /^["'`[]/.test(nameToken(sql, st, 1).text);
  const target = { table: lower(t.name), column: lower(t.columns[i].name) };
  const edits: RowEdit[] = [];
  for (const e of entries(ctx.schema)) {
    if (e.sql === null || (e.type === 'index' && lower(e.tblName) !== target.table)) continue;
    const hits = findRefs(e.sql, parsed(e), ctx.schema, target);
    if (hits.length) edits.push({ type: e.type, name: e.name, newName: e.name, newTbl: e.tblName, sql: replaceNames(e.sql, hits, to, quote) });
  }
  ctx.writes = true;
  rewriteSchemaRows(ctx, edits);
  bumpCookie(ctx);
}

function createOf(t: Table): CreateTableStatement {
  const st = parseStatement(t.sql!);
  if (st.type !== 'create-table') throw sqlError(`table ${t.name} has no CREATE TABLE text`);
  return st;
}

/**
 * The table's CREATE TABLE with the new column spliced in, parsed and checked as SQLite checks the
 * column definition while parsing ALTER TABLE … ADD (generated columns: no DEFAULT, not in the
 * PRIMARY KEY; "error in generated column" when a DEFAULT came first), or the parse error as
 * "error in table t after add column: …".
 */
function alteredTable(t: Table, newSql: string, def: ColumnDefinition): CreateTableStatement {
  let st: Statement;
  try {
    st = parseStatement(newSql);
  } catch (e) {
    throw sqlError(`error in table ${t.name} after add column: ${(e as Error).message}`);
  }
  const cst = st as CreateTableStatement;
  try {
    tableFromCreate(cst, t.rootPage, newSql);
  } catch (e) {
    const msg = (e as Error).message;
    const kinds = def.constraints.map((k) => k.type);
    const dfltFirst = kinds.indexOf('default') >= 0 && kinds.indexOf('default') < kinds.indexOf('generated');
    if (dfltFirst && /DEFAULT on a generated column/.test(msg)) throw sqlError(`error in generated column "${def.name}"`);
    // Errors SQLite's parser raises on the column definition itself come as they are; the others
    // arise when the schema is read again.
    if (/DEFAULT on a generated column|cannot be part of the PRIMARY KEY/.test(msg)) throw e;
    throw sqlError(`error in table ${t.name} after add column: ${msg}`);
  }
  return cst;
}

function addColumn(ctx: Ctx, t: Table, st: AlterTableStatement, sql: string): void {
  if (st.action.type !== 'add-column') return;
  const def: ColumnDefinition = st.action.column;
  if (t.columns.some((c) => lower(c.name) === lower(def.name))) throw sqlError(`duplicate column name: ${def.name}`);
  const ks = def.constraints;
  const newSql = spliceColumn(t.sql!, createOf(t), addedColumnSql(sql, st));
  const altered = alteredTable(t, newSql, def);
  if (ks.some((k) => k.type === 'primary-key')) throw sqlError('Cannot add a PRIMARY KEY column');
  if (ks.some((k) => k.type === 'unique')) throw sqlError('Cannot add a UNIQUE column');
  const generated = ks.find((k) => k.type === 'generated');
  const dflt = ks.filter((k) => k.type === 'default').pop();
  const dfltExpr = dflt && dflt.type === 'default' && dflt.expr.type !== 'null' ? dflt.expr : null;
  const ifNotEmpty: string[] = [];
  if (!generated) {
    if (ks.some((k) => k.type === 'not-null') && !dfltExpr) ifNotEmpty.push('Cannot add a NOT NULL column with default value NULL');
    if (dfltExpr && defaultValue(dfltExpr) === undefined) ifNotEmpty.push('Cannot add a column with non-constant default');
  } else if (generated.type === 'generated' && generated.storage === 'STORED') ifNotEmpty.push('cannot add a STORED column');
  ctx.writes = true;
  for (const msg of ifNotEmpty) errorIfNotEmpty(ctx, t, msg);
  const bad = firstUnresolved(newSql, altered, ctx.schema);
  if (bad !== null) throw sqlError(`error in table ${t.name} after add column: no such column: ${bad}`);
  checkConstraintsHold(ctx, t, newSql);
  rewriteSchemaRows(ctx, [{ type: 'table', name: t.name, newName: t.name, newTbl: t.name, sql: newSql }]);
  bumpCookie(ctx);
}

function dropColumn(ctx: Ctx, t: Table, st: AlterTableStatement, sql: string): void {
  if (st.action.type !== 'drop-column') return;
  const i = t.columns.findIndex((c) => lower(c.name) === lower(st.action.type === 'drop-column' ? st.action.column : ''));
  if (i < 0) throw sqlError(`no such column: "${nameToken(sql, st, 0).text}"`);
  const col = t.columns[i];
  const create = createOf(t);
  const def = create.columns[i];
  const written = st.action.column; // SQLite's messages name the column as the statement wrote it
  if (col.primaryKey || i === t.rowidAlias) throw sqlError(`cannot drop PRIMARY KEY column: "${written}"`);
  if (def.constraints.some((k) => k.type === 'unique')) throw sqlError(`cannot drop UNIQUE column: "${written}"`);
  if (t.columns.length <= 1) throw sqlError(`cannot drop column "${written}": no other columns exist`);
  checkSchemaResolves(ctx.schema);
  checkUnreferenced(ctx, t, create, i);
  const newSql = cutColumn(t.sql!, create, i);
  try {
    const left = tableFromCreate(parseStatement(newSql) as CreateTableStatement, t.rootPage, newSql);
    if (left.columns.every((c) => c.generated)) throw sqlError('must have at least one non-generated column');
  } catch (e) {
    throw sqlError(`error in table ${t.name} after drop column: ${(e as Error).message}`);
  }
  ctx.writes = true;
  rewriteSchemaRows(ctx, [{ type: 'table', name: t.name, newName: t.name, newTbl: t.name, sql: newSql }]);
  bumpCookie(ctx);
  rewriteRows(ctx, t, i);
}
