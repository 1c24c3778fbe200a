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
 * Rows are edited in two passes (new records gathered in an ephemeral table, then written at
 * their old rowids), so that no b-tree is changed under the cursor scanning it.
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
import type { AlterTableStatement, ColumnDefinition, CreateTableStatement, Select, Statement } from '../parser/ast.js';
import { addedColumnSql, Lexer, parseStatement, TK, type Token } from '../parser/index.js';
import type { Schema, Table } from '../schema/types.js';
import { Ctx, sqlError } from './context.js';
import { codeSelect } from './select.js';
import { dequoteToken, findRefs, firstUnresolved } from './alter-refs.js';
import { addColumnOffset, cutColumn, replaceNames, spliceColumn } from './alter-sql.js';
import { defaultP4, defaultValue } from './alter-default.js';
import { bumpCookie, openSchema } from './ddl.js';

const lower = (s: string): string => s.toLowerCase();

/** A sqlite_schema row as ALTER sees it. */
interface SchemaEntry {
  type: 'table' | 'index' | 'view' | 'trigger';
  name: string;
  tblName: string;
  sql: string | null;
  seq: number;
}

/** The new values of one sqlite_schema row, found by its current type and name. */
interface RowEdit {
  type: string;
  name: string;
  newName: string;
  newTbl: string;
  sql: string | null;
}

/** Every user object of the schema (sqlite_* tables left out), in sqlite_schema order. */
function entries(schema: Schema): SchemaEntry[] {
  const out: SchemaEntry[] = [];
  const seen = new Set<Table>();
  for (const t of schema.tables.values()) {
    if (seen.has(t) || lower(t.name).startsWith('sqlite_')) continue;
    seen.add(t);
    out.push({ type: 'table', name: t.name, tblName: t.name, sql: t.sql, seq: t.seq ?? 0 });
    for (const ix of t.indexes) out.push({ type: 'index', name: ix.name, tblName: t.name, sql: ix.sql, seq: ix.seq ?? 0 });
  }
  for (const v of schema.views.values()) out.push({ type: 'view', name: v.name, tblName: v.name, sql: v.sql, seq: v.seq ?? 0 });
  for (const tr of schema.triggers.values()) out.push({ type: 'trigger', name: tr.name, tblName: tr.tableName, sql: tr.sql, seq: tr.seq ?? 0 });
  return out.sort((a, b) => a.seq - b.seq);
}

function parsed(e: SchemaEntry): Statement {
  return parseStatement(e.sql!);
}

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

/**
 * RENAME and DROP COLUMN first resolve every view and trigger (renameTestSchema,
 * sqlite_rename_table) and fail on the first that does not: "error in view v: no such column: c",
 * "error in trigger tr: no such column: new.c". Double-quoted names are identifiers only there (no
 * string fallback), as in SQLite's rename parse mode.
 */
function checkViews(schema: Schema): void {
  for (const e of entries(schema)) {
    if (e.type === 'trigger') {
      const bad = firstUnresolved(e.sql!, parsed(e), schema);
      if (bad !== null) throw sqlError(`error in trigger ${e.name}: no such column: ${bad}`);
      continue;
    }
    if (e.type !== 'view') continue;
    const quoted = new Set<string>();
    const select = JSON.parse(JSON.stringify(schema.views.get(lower(e.name))!.select), (k, v: unknown) => {
      const o = v as { type?: string; quote?: string | null; name?: string };
      if (o && typeof o === 'object' && o.type === 'column' && o.quote === '"') {
        quoted.add(o.name!);
        return { ...o, quote: null };
      }
      return v;
    }) as Select;
    const side = new Ctx(schema);
    side.b.emit('Init', 0, 0);
    try {
      codeSelect(side, select, { kind: 'output' }, null);
    } catch (err) {
      let msg = (err as Error).message;
      const m = /^no such column: (.*)$/s.exec(msg);
      if (m && quoted.has(m[1])) msg = `no such column: "${m[1]}" - should this be a string literal in single-quotes?`;
      throw sqlError(`error in view ${e.name}: ${msg}`);
    }
  }
}

function renameTable(ctx: Ctx, t: Table, to: string): void {
  const k = lower(to);
  if (ctx.schema.tables.has(k) || ctx.schema.views.has(k) || ctx.schema.indexes.has(k)) throw sqlError(`there is already another table or index with this name: ${to}`);
  if (k.startsWith('sqlite_')) throw sqlError(`object name reserved for internal use: ${to}`);
  checkViews(ctx.schema);
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
  checkViews(ctx.schema);
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

function addColumn(ctx: Ctx, t: Table, st: AlterTableStatement, sql: string): void {
  if (st.action.type !== 'add-column') return;
  const def: ColumnDefinition = st.action.column;
  if (t.columns.some((c) => lower(c.name) === lower(def.name))) throw sqlError(`duplicate column name: ${def.name}`);
  const ks = def.constraints;
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
  const newSql = spliceColumn(t.sql!, createOf(t), addedColumnSql(sql, st));
  try {
    parseStatement(newSql);
  } catch (e) {
    throw sqlError(`error in table ${t.name} after add column: ${(e as Error).message}`);
  }
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
  checkViews(ctx.schema);
  checkUnreferenced(ctx, t, create, i);
  const newSql = cutColumn(t.sql!, create, i);
  ctx.writes = true;
  rewriteSchemaRows(ctx, [{ type: 'table', name: t.name, newName: t.name, newTbl: t.name, sql: newSql }]);
  bumpCookie(ctx);
  rewriteRows(ctx, t, i);
}

/**
 * SQLite re-reads the whole schema after DROP COLUMN and fails on the first object that still
 * names the column: "error in <type> <name> after drop column: no such column: c" — the table
 * and its indexes as the schema is reloaded, then views and triggers as they are resolved.
 */
function checkUnreferenced(ctx: Ctx, t: Table, create: CreateTableStatement, i: number): void {
  const c = t.columns[i].name;
  const target = { table: lower(t.name), column: lower(c) };
  const fail = (type: string, name: string, what: string): never => {
    throw sqlError(`error in ${type} ${name} after drop column: ${what}`);
  };
  // The table's own statement, without the column's own definition (its CHECK goes with it).
  const ownHits = findRefs(t.sql!, create, ctx.schema, target, true).filter((o) => o !== create.columns[i].offset && !insideColumn(t.sql!, create, i, o));
  if (ownHits.length) fail('table', t.name, `no such column: ${c}`);
  if (create.constraints.some((k) => k.type === 'foreign-key' && k.columns.some((n) => lower(n) === target.column))) {
    fail('table', t.name, `unknown column "${c}" in foreign key definition`);
  }
  // The reload finds broken indexes first; then views and triggers are resolved, each pass in
  // sqlite_schema order.
  const rest = entries(ctx.schema).filter((e) => e.type !== 'table' && e.sql !== null && (e.type !== 'index' || lower(e.tblName) === target.table));
  for (const e of [...rest.filter((x) => x.type === 'index'), ...rest.filter((x) => x.type !== 'index')]) {
    const st = parsed(e);
    const hits = findRefs(e.sql!, st, ctx.schema, target, true);
    if (!hits.length) continue;
    const tok = hits.sort((a, b) => a - b).map((o) => refText(e.sql!, o));
    fail(e.type, e.name, `no such column: ${tok[0]}`);
  }
}

/** The reference at offset `o` as SQLite names it in "no such column: …" (`new.c`, `t.c` or `c`). */
function refText(sql: string, o: number): string {
  const lx = new Lexer(sql, 0);
  let prev2: Token | null = null;
  let prev: Token | null = null;
  for (let t = lx.next(); t.kind !== TK.EOF; t = lx.next()) {
    if (t.offset === o) return prev?.kind === TK.DOT && prev2 ? `${dequoteToken(prev2)}.${dequoteToken(t)}` : dequoteToken(t);
    prev2 = prev;
    prev = t;
  }
  return '';
}

/** True when offset `o` of `sql` lies inside the definition of column `i` (after its name). */
function insideColumn(sql: string, st: CreateTableStatement, i: number, o: number): boolean {
  const to = i + 1 < st.columns.length ? st.columns[i + 1].offset : addColumnOffset(sql, st);
  return o > st.columns[i].offset && o < to;
}

/** Halts with `message` when `t` has a row (sqlite3ErrorIfNotEmpty). */
function errorIfNotEmpty(ctx: Ctx, t: Table, message: string): void {
  const b = ctx.b;
  const cur = b.cursor();
  const empty = b.label();
  b.emit('OpenRead', cur, t.rootPage, 0, { kind: 'int', value: t.columns.length }, 0, t.name);
  b.emit('Rewind', cur, empty);
  b.emit('Halt', 1, 2, 0, { kind: 'string', value: message });
  b.resolve(empty);
}

/**
 * Rewrites the sqlite_schema rows named in `edits`: gathers each matching row's new record with
 * its rowid into an ephemeral table, then writes them back over the old rows.
 */
function rewriteSchemaRows(ctx: Ctx, edits: RowEdit[]): void {
  if (!edits.length) return;
  const b = ctx.b;
  const cur = openSchema(ctx);
  const eph = b.cursor();
  b.emit('OpenEphemeral', eph, 5);
  const type = b.reg();
  const name = b.reg();
  const tmp = b.reg();
  const rid = b.reg();
  const regs = b.regs(5);
  const rec = b.reg();
  const done = b.label();
  b.emit('Rewind', cur, done);
  const top = b.addr;
  const next = b.label();
  b.emit('Column', cur, 0, type);
  b.emit('Column', cur, 1, name);
  for (const e of edits) {
    const skip = b.label();
    b.emit('String8', 0, tmp, 0, { kind: 'string', value: e.type });
    b.emit('Ne', tmp, skip, type, null, 0);
    b.emit('String8', 0, tmp, 0, { kind: 'string', value: e.name });
    b.emit('Ne', tmp, skip, name, null, 0);
    b.emit('String8', 0, regs, 0, { kind: 'string', value: e.type });
    b.emit('String8', 0, regs + 1, 0, { kind: 'string', value: e.newName });
    b.emit('String8', 0, regs + 2, 0, { kind: 'string', value: e.newTbl });
    b.emit('Column', cur, 3, regs + 3);
    if (e.sql === null) b.emit('Null', 0, regs + 4);
    else b.emit('String8', 0, regs + 4, 0, { kind: 'string', value: e.sql });
    b.emit('MakeRecord', regs, 5, rec);
    b.emit('Rowid', cur, rid);
    b.emit('Insert', eph, rec, rid);
    b.emit('Goto', 0, next);
    b.resolve(skip);
  }
  b.resolve(next);
  b.emit('Next', cur, top);
  b.resolve(done);
  copyBack(ctx, eph, cur, 5);
}

/** Writes every row of ephemeral table `eph` (`n` columns) into table cursor `cur` at its rowid. */
function copyBack(ctx: Ctx, eph: number, cur: number, n: number): void {
  const b = ctx.b;
  const regs = b.regs(n);
  const rec = b.reg();
  const rid = b.reg();
  const end = b.label();
  b.emit('Rewind', eph, end);
  const top = b.addr;
  for (let i = 0; i < n; i++) b.emit('Column', eph, i, regs + i);
  b.emit('MakeRecord', regs, n, rec);
  b.emit('Rowid', eph, rid);
  b.emit('Insert', cur, rec, rid);
  b.emit('Next', eph, top);
  b.resolve(end);
}

/** `UPDATE sqlite_sequence SET name = to WHERE name = from`. */
function renameSequence(ctx: Ctx, from: string, to: string): void {
  const seq = ctx.schema.tables.get('sqlite_sequence');
  if (!seq) return;
  const b = ctx.b;
  const cur = b.cursor();
  b.emit('OpenWrite', cur, seq.rootPage, 0, { kind: 'int', value: 2 }, 0, 'sqlite_sequence');
  const eph = b.cursor();
  b.emit('OpenEphemeral', eph, 2);
  const name = b.reg();
  const want = b.reg();
  const regs = b.regs(2);
  const rec = b.reg();
  const rid = b.reg();
  const done = b.label();
  b.emit('String8', 0, want, 0, { kind: 'string', value: from });
  b.emit('Rewind', cur, done);
  const top = b.addr;
  const next = b.label();
  b.emit('Column', cur, 0, name);
  b.emit('Ne', want, next, name, null, 0);
  b.emit('String8', 0, regs, 0, { kind: 'string', value: to });
  b.emit('Column', cur, 1, regs + 1);
  b.emit('MakeRecord', regs, 2, rec);
  b.emit('Rowid', cur, rid);
  b.emit('Insert', eph, rec, rid);
  b.resolve(next);
  b.emit('Next', cur, top);
  b.resolve(done);
  copyBack(ctx, eph, cur, 2);
}

/**
 * Rewrites every row of `t` without column `drop` (sqlite3AlterDropColumn): each kept column read
 * with its default for short records, the INTEGER PRIMARY KEY as NULL, no affinity applied.
 */
function rewriteRows(ctx: Ctx, t: Table, drop: number): void {
  const b = ctx.b;
  const cur = b.cursor();
  b.emit('OpenWrite', cur, t.rootPage, 0, { kind: 'int', value: t.columns.length }, 0, t.name);
  const kept = t.columns.map((_, i) => i).filter((i) => i !== drop);
  const eph = b.cursor();
  b.emit('OpenEphemeral', eph, kept.length);
  const regs = b.regs(kept.length);
  const rec = b.reg();
  const rid = b.reg();
  const done = b.label();
  b.emit('Rewind', cur, done);
  const top = b.addr;
  kept.forEach((c, j) => {
    if (c === t.rowidAlias) b.emit('Null', 0, regs + j);
    else {
      b.emit('Column', cur, t.recordIndex[c], regs + j, defaultP4(t.columns[c].defaultExpr, t.columns[c].affinity));
    }
  });
  b.emit('MakeRecord', regs, kept.length, rec);
  b.emit('Rowid', cur, rid);
  b.emit('Insert', eph, rec, rid);
  b.emit('Next', cur, top);
  b.resolve(done);
  copyBack(ctx, eph, cur, kept.length);
}
