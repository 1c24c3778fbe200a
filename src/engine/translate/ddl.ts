/**
 * CREATE TABLE / INDEX / VIEW and DROP → bytecode that writes sqlite_schema as SQLite writes it
 * (build.c): new b-trees by CreateBtree, one sqlite_schema row per object
 * (type, name, tbl_name, rootpage, sql) appended with NewRowid, the schema cookie bumped with
 * SetCookie, and ParseSchema so the connection reloads its schema after the statement.
 *
 * | object              | sqlite_schema row                                           |
 * |---------------------|-------------------------------------------------------------|
 * | table               | ('table', t, t, root, CREATE TABLE text as stored)          |
 * | automatic index     | ('index', 'sqlite_autoindex_t_N', t, root, NULL)            |
 * | index               | ('index', i, t, root, CREATE INDEX text)                    |
 * | view                | ('view', v, v, 0, CREATE VIEW text)                         |
 *
 * CREATE INDEX fills the new index from a scan of its table, failing with
 * "UNIQUE constraint failed: t.a" (an index on expressions: "index 'i'") when a UNIQUE index meets
 * a duplicate key. Key expressions and a partial index's WHERE are checked first (index-check.ts)
 * and coded over each row by index-key.ts; rows outside a partial index get no entry.
 *
 * DROP TABLE / INDEX first deletes the object's rows from the statistics tables (stat-tables.ts),
 * as SQLite's sqlite3ClearStatTables; of the `sqlite_` tables only those (sqlite_stat*) may be dropped.
 *
 * @module
 */
import type { CreateIndexStatement, CreateTableStatement, CreateTriggerStatement, CreateViewStatement, DropStatement, ReindexStatement } from '../parser/ast.js';
import { storedSql } from '../parser/index.js';
import { autoIndexColumns, indexColumns, tableFromCreate } from '../schema/build.js';
import { codeTableColumn, isVirtual } from './generated.js';
import type { Index, Table } from '../schema/types.js';
import { autoincDrop, SEQUENCE_SQL } from './autoinc.js';
import { defaultP4 } from './alter-default.js';
import { codeCreateTableAs } from './ctas.js';
import { sqlError, type Ctx } from './context.js';
import { indexKeyInfo, primaryKeyIndex } from './where.js';
import { pkTailOf, worIndexKeyInfo } from './wor-row.js';
import { codeIndexKey, isComplexIndex, uniqueIndexMessage } from './index-key.js';
import { checkIndexExprs } from './index-check.js';
import { clearStatRows } from './stat-tables.js';
import type { P4 } from '../vdbe/insn.js';
import { OPFLAG_APPEND } from '../vdbe/opcodes.js';

const SCHEMA_COLUMNS = 5;

function checkName(name: string): void {
  if (name.toLowerCase().startsWith('sqlite_')) throw sqlError(`object name reserved for internal use: ${name}`);
}

function objectExists(ctx: Ctx, name: string): string | null {
  const k = name.toLowerCase();
  if (ctx.schema.tables.has(k)) return 'table';
  if (ctx.schema.views.has(k)) return 'view';
  if (ctx.schema.indexes.has(k)) return 'index';
  return null;
}

/** Appends a sqlite_schema row; `rootReg` 0 writes rootpage 0, `sql` null writes NULL. */
export function schemaRow(ctx: Ctx, cur: number, type: string, name: string, tbl: string, rootReg: number, sql: string | null): void {
  const b = ctx.b;
  const regs = b.regs(SCHEMA_COLUMNS);
  const rid = b.reg();
  const rec = b.reg();
  b.emit('NewRowid', cur, rid);
  b.emit('String8', 0, regs, 0, { kind: 'string', value: type });
  b.emit('String8', 0, regs + 1, 0, { kind: 'string', value: name });
  b.emit('String8', 0, regs + 2, 0, { kind: 'string', value: tbl });
  if (rootReg) b.emit('SCopy', rootReg, regs + 3);
  else b.emit('Integer', 0, regs + 3);
  if (sql === null) b.emit('Null', 0, regs + 4);
  else b.emit('String8', 0, regs + 4, 0, { kind: 'string', value: sql });
  b.emit('MakeRecord', regs, SCHEMA_COLUMNS, rec);
  b.emit('Insert', cur, rec, rid);
}

/** Opens sqlite_schema (root page 1) for writing; returns the cursor. */
export function openSchema(ctx: Ctx): number {
  const cur = ctx.b.cursor();
  ctx.b.emit('OpenWrite', cur, 1, 0, { kind: 'int', value: SCHEMA_COLUMNS }, 0, 'sqlite_master');
  return cur;
}

/** Bumps the schema cookie (header offset 40) and has the connection reload its schema. */
export function bumpCookie(ctx: Ctx): void {
  ctx.b.emit('SetCookie', 0, 1, ctx.schema.cookie + 1);
  ctx.b.emit('ParseSchema', 0);
}

/** CREATE TABLE. */
export function codeCreateTable(ctx: Ctx, st: CreateTableStatement, sql: string): void {
  const name = st.table.name;
  const existing = objectExists(ctx, name);
  if (existing) {
    if (st.ifNotExists) return;
    throw sqlError(existing === 'index' ? `there is already an index named ${name}` : `${existing} ${name} already exists`);
  }
  checkName(name);
  if (st.as) return codeCreateTableAs(ctx, st);
  const seen = new Set<string>();
  for (const c of st.columns) {
    if (seen.has(c.name.toLowerCase())) throw sqlError(`duplicate column name: ${c.name}`);
    seen.add(c.name.toLowerCase());
  }
  ctx.writes = true;
  const b = ctx.b;
  const table = tableFromCreate(st, 0, null);
  // After the per-column rules tableFromCreate checks, as sqlite3EndTable orders them.
  if (st.columns.every((c) => c.constraints.some((k) => k.type === 'generated'))) throw sqlError('must have at least one non-generated column');
  if (st.withoutRowid) withoutRowidChecks(table);
  const root = b.reg();
  // A WITHOUT ROWID table is an index b-tree keyed by its PRIMARY KEY (fileformat2 §2.6), whose
  // automatic index gets neither a tree nor a sqlite_schema row (build.c convertToWithoutRowidTable).
  b.emit('CreateBtree', 0, root, st.withoutRowid ? 2 : 1);
  const autos = autoIndexColumns(st, table).filter((a) => !(st.withoutRowid && a.origin === 'pk'));
  const autoRoots = autos.map(() => {
    const r = b.reg();
    b.emit('CreateBtree', 0, r, 2);
    return r;
  });
  const cur = openSchema(ctx);
  schemaRow(ctx, cur, 'table', name, name, root, storedSql(sql, st));
  // Numbered as SQLite numbers them: a WITHOUT ROWID primary key keeps its number (no row).
  const numbers = autoIndexColumns(st, table).map((a, i) => ({ a, n: i + 1 })).filter((x) => !(st.withoutRowid && x.a.origin === 'pk'));
  autos.forEach((_, i) => schemaRow(ctx, cur, 'index', `sqlite_autoindex_${name}_${numbers[i].n}`, name, autoRoots[i], null));
  if (table.autoincrement && !ctx.schema.tables.has('sqlite_sequence')) {
    // The first AUTOINCREMENT table brings sqlite_sequence, as SQLite's sqlite3EndTable does.
    const seqRoot = b.reg();
    b.emit('CreateBtree', 0, seqRoot, 1);
    schemaRow(ctx, cur, 'table', 'sqlite_sequence', 'sqlite_sequence', seqRoot, SEQUENCE_SQL);
  }
  bumpCookie(ctx);
}

/**
 * sqlite3EndTable's rules for WITHOUT ROWID: a PRIMARY KEY is required, AUTOINCREMENT refused.
 * @throws SqliteError SQLITE_ERROR with SQLite's message.
 */
function withoutRowidChecks(t: Table): void {
  if (t.autoincrement) {
    const key = t.pkIndex?.columns ?? [];
    const integer = key.length === 1 && !key[0].desc && t.columns[key[0].column].declType?.toUpperCase() === 'INTEGER';
    throw sqlError(integer ? 'AUTOINCREMENT not allowed on WITHOUT ROWID tables' : 'AUTOINCREMENT is only allowed on an INTEGER PRIMARY KEY');
  }
  if (!t.pkColumns.length) throw sqlError(`PRIMARY KEY missing on table ${t.name}`);
}

/** CREATE INDEX. */
export function codeCreateIndex(ctx: Ctx, st: CreateIndexStatement, sql: string): void {
  const name = st.index.name;
  if (objectExists(ctx, name)) {
    if (st.ifNotExists) return;
    throw sqlError(objectExists(ctx, name) === 'index' ? `index ${name} already exists` : `there is already a table named ${name}`);
  }
  checkName(name);
  const table = ctx.schema.tables.get(st.table.toLowerCase());
  if (!table) throw sqlError(`no such table: main.${st.table}`);
  if (table.rootPage === 1) throw sqlError(`table ${table.name} may not be indexed`);
  const cols = indexColumns(table, st.columns);
  checkIndexExprs(table, cols, st.where);
  ctx.writes = true;
  const b = ctx.b;
  const root = b.reg();
  b.emit('CreateBtree', 0, root, 2);
  const cur = openSchema(ctx);
  schemaRow(ctx, cur, 'index', name, table.name, root, storedSql(sql, st));
  const index: Index = { name, tableName: table.name, rootPage: 0, columns: cols, unique: st.unique, where: st.where, origin: 'c', sql };
  fillIndex(ctx, table, index, root);
  bumpCookie(ctx);
}

/**
 * Fills the new index whose root page is in `rootReg` as SQLite's sqlite3RefillIndex does: every
 * row's key (the indexed columns, then the rowid) goes into a sorter, and the sorted keys are then
 * inserted in order with IdxInsert's append hint (P5 OPFLAG_APPEND), so that each lands at the right
 * edge of the index (btree/write/append.ts) instead of being sought from the root. A UNIQUE index
 * checks each key against the index built so far (NoConflict) before inserting it.
 */
function fillIndex(ctx: Ctx, table: Table, index: Index, rootReg: number): void {
  const b = ctx.b;
  const tcur = b.cursor();
  const icur = b.cursor();
  const sorter = b.cursor();
  // A WITHOUT ROWID table's entries end with its PK columns not in the key (wor-row.ts invariant 1).
  const pk = table.withoutRowid ? primaryKeyIndex(table) : null;
  const tail = pk ? pkTailOf(pk, index) : [];
  const keyInfo: P4 = { kind: 'keyinfo', info: pk ? worIndexKeyInfo(pk, index) : indexKeyInfo(index) };
  const n = index.columns.length;
  const width = pk ? n + tail.length : n + 1;
  b.emit('SorterOpen', sorter, width, 0, keyInfo);
  if (pk) b.emit('OpenRead', tcur, table.rootPage, 0, { kind: 'keyinfo', info: indexKeyInfo(pk) }, 0, table.name);
  else b.emit('OpenRead', tcur, table.rootPage, 0, { kind: 'int', value: table.columns.length }, 0, table.name);
  const regs = b.regs(width);
  const rec = b.reg();
  // The sorted record gets a register of its own: SorterData and IdxInsert are then its only users
  // and run as one step (hot-codes.ts SORTER_DATA_IDX_INSERT).
  const sorted = b.reg();
  const scanned = b.label();
  b.emit('Rewind', tcur, scanned);
  const scan = b.addr;
  const plainColumn = (column: number, target: number): void => {
    if (isVirtual(table, column)) codeTableColumn(ctx, table, tcur, column, target);
    else {
      // No RealAffinity, as SQLite's index key (sqlite3GenerateIndexKey): the key keeps the serial
      // type the row has, so a REAL column's whole number stored as an INTEGER stays one.
      b.emit('Column', tcur, table.recordIndex[column], target, defaultP4(table.columns[column].defaultExpr, table.columns[column].affinity));
    }
  };
  const next = b.label();
  if (isComplexIndex(index)) {
    // The row in registers for the expressions and the WHERE (index-key.ts invariant 1); a row
    // outside a partial index gets no entry.
    const row = b.regs(table.columns.length);
    const rowid = b.reg();
    table.columns.forEach((_, i) => codeTableColumn(ctx, table, tcur, i, row + i));
    if (pk) b.emit('Null', 0, rowid);
    else b.emit('Rowid', tcur, rowid);
    const key = codeIndexKey(ctx, table, index, row, rowid, next, plainColumn);
    if (pk) {
      b.emit('Copy', key, regs, n - 1);
      tail.forEach((c, k) => b.emit('SCopy', row + c.column, regs + n + k));
      b.emit('MakeRecord', regs, width, rec);
    } else b.emit('MakeRecord', key, n + 1, rec);
  } else {
    index.columns.forEach((c, i) => {
      if (c.column === table.rowidAlias || c.column === -1) b.emit('Rowid', tcur, regs + i);
      else plainColumn(c.column, regs + i);
    });
    if (pk) tail.forEach((c, k) => plainColumn(c.column, regs + n + k));
    else b.emit('Rowid', tcur, regs + n);
    b.emit('MakeRecord', regs, width, rec);
  }
  b.emit('SorterInsert', sorter, rec);
  b.resolve(next);
  b.emit('Next', tcur, scan);
  b.resolve(scanned);
  b.emit('OpenWrite', icur, rootReg, 1, keyInfo, 0, index.name);
  const done = b.label();
  b.emit('SorterSort', sorter, done);
  const top = b.addr;
  b.emit('SorterData', sorter, sorted);
  if (index.unique) {
    const ok = b.label();
    for (let i = 0; i < n; i++) b.emit('Column', sorter, i, regs + i);
    for (let i = 0; i < n; i++) b.emit('IsNull', regs + i, ok);
    b.emit('NoConflict', icur, ok, regs, { kind: 'int', value: n });
    b.emit('Halt', 2067, 2, 0, { kind: 'string', value: uniqueIndexMessage(table, index) });
    b.resolve(ok);
  }
  b.emit('IdxInsert', icur, sorted, 0, undefined, OPFLAG_APPEND);
  b.emit('SorterNext', sorter, top);
  b.resolve(done);
}

/** CREATE VIEW. */
export function codeCreateView(ctx: Ctx, st: CreateViewStatement, sql: string): void {
  const name = st.view.name;
  if (objectExists(ctx, name)) {
    if (st.ifNotExists) return;
    throw sqlError(`${objectExists(ctx, name)} ${name} already exists`);
  }
  checkName(name);
  ctx.writes = true;
  const cur = openSchema(ctx);
  schemaRow(ctx, cur, 'view', name, name, 0, storedSql(sql, st));
  bumpCookie(ctx);
}

/** CREATE TRIGGER: the schema row only (see dml.ts for the triggers DML accepts). */
export function codeCreateTrigger(ctx: Ctx, st: CreateTriggerStatement, sql: string): void {
  const name = st.trigger.name;
  if (ctx.schema.triggers.has(name.toLowerCase())) {
    if (st.ifNotExists) return;
    throw sqlError(`trigger ${name} already exists`);
  }
  checkName(name);
  const t = st.table.name.toLowerCase();
  if (!ctx.schema.tables.has(t) && !ctx.schema.views.has(t)) throw sqlError(`no such table: main.${st.table.name}`);
  ctx.writes = true;
  const cur = openSchema(ctx);
  schemaRow(ctx, cur, 'trigger', name, ctx.schema.tables.get(t)?.name ?? ctx.schema.views.get(t)!.name, 0, storedSql(sql, st));
  bumpCookie(ctx);
}

/** REINDEX: with only the built-in collations an index can never be out of order, so nothing to do. */
export function codeReindex(ctx: Ctx, st: ReindexStatement): void {
  if (!st.target) return;
  const k = st.target.name.toLowerCase();
  if (ctx.schema.tables.has(k) || ctx.schema.indexes.has(k) || ['binary', 'nocase', 'rtrim'].includes(k)) return;
  throw sqlError('unable to identify the object to be reindexed');
}

/** DROP TABLE / INDEX / VIEW / TRIGGER. */
export function codeDrop(ctx: Ctx, st: DropStatement): void {
  const name = st.name.name;
  const k = name.toLowerCase();
  const kind = st.what;
  const exists = kind === 'TABLE' ? ctx.schema.tables.has(k) : kind === 'INDEX' ? ctx.schema.indexes.has(k) : kind === 'VIEW' ? ctx.schema.views.has(k) : ctx.schema.triggers.has(k);
  // A WITHOUT ROWID table's PRIMARY KEY is an index SQLite finds by name, though sqlite_schema has no row for it.
  if (kind === 'INDEX' && !exists && [...ctx.schema.tables.values()].some((t) => t.withoutRowid && primaryKeyIndex(t).name.toLowerCase() === k)) {
    throw sqlError('index associated with UNIQUE or PRIMARY KEY constraint cannot be dropped');
  }
  if (!exists) {
    if (st.ifExists) return;
    if (kind === 'TRIGGER') throw sqlError(`no such trigger: ${name}`);
    throw sqlError(`no such ${kind.toLowerCase()}: ${name}`);
  }
  // sqlite3DropTable: of the sqlite_ tables only the statistics tables (sqlite_stat*) and sqlite_parameters may go.
  if (kind === 'TABLE' && k.startsWith('sqlite_') && !k.startsWith('sqlite_stat') && !k.startsWith('sqlite_parameters')) throw sqlError(`table ${name} may not be dropped`);
  if (kind === 'INDEX' && ctx.schema.indexes.get(k)!.origin !== 'c') throw sqlError('index associated with UNIQUE or PRIMARY KEY constraint cannot be dropped');
  ctx.writes = true;
  const b = ctx.b;
  const moved = b.reg();
  // sqlite3ClearStatTables: the statistics of the table or index go first.
  if (kind === 'TABLE') clearStatRows(ctx, 0, ctx.schema.tables.get(k)!.name);
  else if (kind === 'INDEX') clearStatRows(ctx, 1, ctx.schema.indexes.get(k)!.name);
  if (kind === 'TABLE') {
    const t = ctx.schema.tables.get(k)!;
    autoincDrop(ctx, t);
    for (const ix of t.indexes) b.emit('Destroy', ix.rootPage, moved);
    b.emit('Destroy', t.rootPage, moved);
  } else if (kind === 'INDEX') b.emit('Destroy', ctx.schema.indexes.get(k)!.rootPage, moved);
  // Delete the schema rows: table rows by tbl_name (its indexes and triggers too), others by name.
  const cur = openSchema(ctx);
  const rowids = b.cursor();
  b.emit('OpenEphemeral', rowids, 1);
  const done = b.label();
  const col = b.reg();
  const target = b.reg();
  b.emit('String8', 0, target, 0, { kind: 'string', value: name });
  b.emit('Rewind', cur, done);
  const top = b.addr;
  const next = b.label();
  b.emit('Column', cur, kind === 'TABLE' ? 2 : 1, col);
  b.emit('Ne', target, next, col, { kind: 'collseq', name: 'NOCASE', collation: (a: string, c: string) => (a.toLowerCase() < c.toLowerCase() ? -1 : a.toLowerCase() > c.toLowerCase() ? 1 : 0) }, 0);
  const rid = b.reg();
  const rec = b.reg();
  const r2 = b.reg();
  b.emit('Rowid', cur, rid);
  b.emit('MakeRecord', rid, 1, rec);
  b.emit('NewRowid', rowids, r2);
  b.emit('Insert', rowids, rec, r2);
  b.resolve(next);
  b.emit('Next', cur, top);
  b.resolve(done);
  const end = b.label();
  b.emit('Rewind', rowids, end);
  const top2 = b.addr;
  const skip = b.label();
  b.emit('Column', rowids, 0, rid);
  b.emit('NotExists', cur, skip, rid);
  b.emit('Delete', cur);
  b.resolve(skip);
  b.emit('Next', rowids, top2);
  b.resolve(end);
  bumpCookie(ctx);
}
