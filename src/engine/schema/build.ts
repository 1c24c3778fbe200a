/**
 * Building the {@link Schema} from the rows of sqlite_schema (fileformat2 §2.6), parsing each
 * CREATE statement with the parser.
 *
 * Automatic indexes (`sqlite_autoindex_T_N`, sql NULL) get their columns from the table's PRIMARY
 * KEY and UNIQUE constraints, numbered in the order SQLite creates them: column constraints as the
 * columns are declared, then table constraints; a constraint whose columns repeat an earlier one's
 * gets no index of its own. An INTEGER PRIMARY KEY is the rowid and has no index; a WITHOUT ROWID
 * table's primary key is the table's own b-tree.
 *
 * @module
 */
import type { SchemaRow } from '../../btree/schema-table.js';
import { corrupt, SqliteError } from '../../error.js';
import { affinityOf } from '../affinity.js';
import type { ColumnDefinition, ConflictResolution, CreateTableStatement, Expr, ForeignKeyClause, OrderingTerm, Statement } from '../parser/ast.js';
import { parseStatement } from '../parser/index.js';
import type { CheckConstraint, Column, ForeignKey, Index, IndexColumn, Schema, Table } from './types.js';

/** sqlite_schema itself, as a table (also reachable as sqlite_master). */
export function schemaTable(): Table {
  const col = (name: string, declType: string): Column => ({ name, declType, affinity: affinityOf(declType), collation: 'BINARY', notNull: false, primaryKey: false, defaultExpr: null, defaultSpan: null });
  return {
    name: 'sqlite_schema',
    rootPage: 1,
    columns: [col('type', 'text'), col('name', 'text'), col('tbl_name', 'text'), col('rootpage', 'int'), col('sql', 'text')],
    rowidAlias: -1,
    withoutRowid: false,
    pkColumns: [],
    recordIndex: [0, 1, 2, 3, 4],
    autoincrement: false,
    indexes: [],
    sql: null,
  };
}

/** A Table from its CREATE TABLE statement. */
export function tableFromCreate(st: CreateTableStatement, rootPage: number, sql: string | null): Table {
  const columns: Column[] = st.columns.map(columnOf);
  const lower = (s: string): string => s.toLowerCase();
  const colIndex = (name: string): number => columns.findIndex((c) => lower(c.name) === lower(name));
  let pkColumns: number[] = [];
  let autoincrement = false;
  let pkDesc = false;
  let pkConflict: ConflictResolution | null = null;
  st.columns.forEach((c, i) => {
    for (const k of c.constraints) {
      if (k.type === 'primary-key') {
        pkColumns = [i];
        autoincrement = k.autoincrement;
        pkDesc = k.direction === 'DESC';
        pkConflict = k.onConflict;
      }
    }
  });
  for (const k of st.constraints) {
    if (k.type === 'primary-key') {
      pkColumns = k.columns.map((t) => colIndex(termName(t.expr) ?? ''));
      autoincrement = k.autoincrement;
      pkConflict = k.onConflict;
    }
  }
  for (const i of pkColumns) if (columns[i]) columns[i].primaryKey = true;
  // A WITHOUT ROWID key names each column once (build.c convertToWithoutRowidTable drops repeats).
  if (st.withoutRowid) pkColumns = pkColumns.filter((c, k) => c >= 0 && pkColumns.indexOf(c) === k);
  let rowidAlias = -1;
  if (!st.withoutRowid && pkColumns.length === 1 && !pkDesc) {
    const c = columns[pkColumns[0]];
    if (c && c.declType !== null && c.declType.toUpperCase() === 'INTEGER') rowidAlias = pkColumns[0];
  }
  // Record order (invariant 2): VIRTUAL columns take no place in it.
  const stored = (i: number): boolean => !(columns[i].generated && !columns[i].generated.stored);
  const order = st.withoutRowid ? [...pkColumns, ...columns.map((_, i) => i).filter((i) => !pkColumns.includes(i))] : columns.map((_, i) => i);
  const storedOrder = order.filter(stored);
  const recordIndex = columns.map((_, i) => storedOrder.indexOf(i));
  if (st.withoutRowid) for (const i of pkColumns) columns[i].notNull = true;
  const checks: CheckConstraint[] = [];
  for (const c of st.columns) for (const k of c.constraints) if (k.type === 'check') checks.push({ name: k.name ?? k.span ?? '', expr: k.expr });
  // SQLite's parser keeps the last `CONSTRAINT name` of the last column pending into the table
  // constraints until a comma there (parse.y tconscomma): an unnamed first table CHECK takes it.
  const lastCol = st.columns[st.columns.length - 1];
  const pending = lastCol ? ([...lastCol.constraints].reverse().find((k) => k.name !== null)?.name ?? null) : null;
  st.constraints.forEach((k, j) => {
    if (k.type === 'check') checks.push({ name: k.name ?? (j === 0 ? pending : null) ?? k.span ?? '', expr: k.expr });
  });
  const table: Table = { name: st.table.name, rootPage, columns, rowidAlias, withoutRowid: st.withoutRowid, pkColumns, recordIndex, autoincrement, indexes: [], sql };
  if (checks.length) table.checks = checks;
  if (rowidAlias >= 0 && pkConflict) table.rowidConflict = pkConflict;
  const fks: ForeignKey[] = [];
  const fkOf = (columns: number[], f: ForeignKeyClause): ForeignKey => ({
    columns,
    parent: f.table,
    parentColumns: f.columns,
    onDelete: f.onDelete ?? 'NO ACTION',
    onUpdate: f.onUpdate ?? 'NO ACTION',
    deferred: !!f.deferrable && !f.deferrable.not && f.deferrable.initially === 'DEFERRED',
  });
  st.columns.forEach((c, i) => {
    for (const k of c.constraints) if (k.type === 'references') fks.push(fkOf([i], k.foreignKey));
  });
  for (const k of st.constraints) if (k.type === 'foreign-key') fks.push(fkOf(k.columns.map(colIndex), k.foreignKey));
  if (fks.length) table.foreignKeys = fks;
  if (columns.some((c) => c.generated)) validateGenerated(st, table);
  if (st.withoutRowid) withoutRowidKey(st, table);
  return table;
}

/**
 * The rules SQLite's CREATE TABLE enforces on generated columns (build.c, sqlite3AddGenerated and
 * sqlite3EndTable): no DEFAULT, not in the PRIMARY KEY, no column whose expression reaches itself.
 * @throws SqliteError SQLITE_ERROR with SQLite's message.
 */
function validateGenerated(st: CreateTableStatement, t: Table): void {
  st.columns.forEach((c, i) => {
    if (!t.columns[i].generated) return;
    if (c.constraints.some((k) => k.type === 'default')) throw new SqliteError('SQLITE_ERROR', 'cannot use DEFAULT on a generated column');
    if (t.columns[i].primaryKey) throw new SqliteError('SQLITE_ERROR', 'generated columns cannot be part of the PRIMARY KEY');
  });
  const lower = t.columns.map((c) => c.name.toLowerCase());
  for (const c of t.columns) {
    // Only the row's own columns, unqualified: no rowid (SQLite resolves these at CREATE).
    for (const ref of c.generated ? columnRefs(c.generated.expr) : []) {
      if (ref.table !== null) throw new SqliteError('SQLITE_ERROR', 'the "." operator prohibited in generated columns');
      // (A double-quoted unknown name may be a string to an SQLite that allows that: not refused.)
      if (!lower.includes(ref.name.toLowerCase()) && !ref.quoted) throw new SqliteError('SQLITE_ERROR', `no such column: ${ref.name}`);
    }
  }
  const deps = t.columns.map((c) => (c.generated ? columnNames(c.generated.expr).map((n) => lower.indexOf(n)).filter((j) => j >= 0) : []));
  // Depth-first search for a cycle through generated columns; SQLite names the column whose
  // expression leads back to one already on the path.
  const state = t.columns.map(() => 0); // 0 new, 1 on the path, 2 done
  const visit = (i: number): void => {
    if (state[i] === 2) return;
    state[i] = 1;
    for (const j of deps[i]) {
      if (!t.columns[j].generated) continue;
      if (state[j] === 1) throw new SqliteError('SQLITE_ERROR', `generated column loop on "${t.columns[i].name}"`);
      visit(j);
    }
    state[i] = 2;
  };
  t.columns.forEach((c, i) => {
    if (c.generated) visit(i);
  });
}

/**
 * Sets `t.pkIndex` for a WITHOUT ROWID table: its PRIMARY KEY's autoindex entry (a repeated
 * column with the same collation dropped, as build.c isDupColumn), rooted at the table's page.
 */
function withoutRowidKey(st: CreateTableStatement, t: Table): void {
  const autos = autoIndexColumns(st, t);
  const at = autos.findIndex((a) => a.origin === 'pk');
  const cols: IndexColumn[] = [];
  const src = at >= 0 ? autos[at].cols : t.pkColumns.map((c) => ({ column: c, expr: null, desc: false, collation: t.columns[c].collation }));
  for (const c of src) if (c.column >= 0 && !cols.some((d) => d.column === c.column && d.collation.toUpperCase() === c.collation.toUpperCase())) cols.push(c);
  const pk: Index = { name: `sqlite_autoindex_${t.name}_${at >= 0 ? at + 1 : 1}`, tableName: t.name, rootPage: t.rootPage, columns: cols, unique: true, where: null, origin: 'pk', sql: null };
  if (at >= 0 && autos[at].onConflict) pk.onConflict = autos[at].onConflict;
  t.pkIndex = pk;
}

/** The column references anywhere in `e`, in source order (a plain walk over the AST). */
function columnRefs(e: Expr): { name: string; table: string | null; quoted: boolean }[] {
  const out: { name: string; table: string | null; quoted: boolean }[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as { type?: unknown; name?: unknown; table?: unknown; quote?: unknown };
      if (o.type === 'column' && typeof o.name === 'string') out.push({ name: o.name, table: typeof o.table === 'string' ? o.table : null, quoted: o.quote === '"' });
      for (const v of Object.values(o)) walk(v);
    }
  };
  walk(e);
  return out;
}

/** Lower-cased names of the column references anywhere in `e`. */
function columnNames(e: Expr): string[] {
  return columnRefs(e).map((r) => r.name.toLowerCase());
}

function columnOf(def: ColumnDefinition): Column {
  const c: Column = { name: def.name, declType: def.type, affinity: affinityOf(def.type), collation: 'BINARY', notNull: false, primaryKey: false, defaultExpr: null, defaultSpan: null };
  for (const k of def.constraints) {
    if (k.type === 'not-null') {
      c.notNull = true;
      if (k.onConflict) c.notNullConflict = k.onConflict;
    }
    else if (k.type === 'collate') c.collation = k.collation.toUpperCase();
    else if (k.type === 'default') {
      c.defaultExpr = k.expr;
      c.defaultSpan = k.span;
    } else if (k.type === 'generated') c.generated = { expr: k.expr, stored: k.storage === 'STORED' };
  }
  return c;
}

function termName(e: Expr): string | null {
  if (e.type === 'column' && e.table === null) return e.name;
  if (e.type === 'collate') return termName(e.expr);
  if (e.type === 'string') return e.value;
  return null;
}

/** Key columns of an index over `table` from ORDER BY-style terms. */
export function indexColumns(table: Table, terms: readonly OrderingTerm[]): IndexColumn[] {
  return terms.map((t) => {
    let e = t.expr;
    let collation: string | null = null;
    if (e.type === 'collate') {
      collation = e.collation.toUpperCase();
      e = e.expr;
    }
    const name = termName(e);
    let column = name === null ? -2 : table.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
    if (column === -1 && name !== null && ['rowid', 'oid', '_rowid_'].includes(name.toLowerCase())) column = -1;
    if (column === -1 && name !== null) column = -2;
    return { column, expr: column === -2 ? e : null, desc: t.direction === 'DESC', collation: collation ?? (column >= 0 ? table.columns[column].collation : 'BINARY') };
  });
}

/**
 * The column lists of a table's automatic indexes, in sqlite_autoindex_T_N order (see the module doc).
 * A WITHOUT ROWID table's PRIMARY KEY takes its number too (SQLite names it, though sqlite_schema has
 * no row for it: the table's own b-tree is that index), so its entry is in the list with origin 'pk'.
 */
export function autoIndexColumns(st: CreateTableStatement, table: Table): { cols: IndexColumn[]; origin: 'u' | 'pk'; onConflict?: ConflictResolution }[] {
  const out: { cols: IndexColumn[]; origin: 'u' | 'pk'; onConflict?: ConflictResolution }[] = [];
  const add = (cols: IndexColumn[], origin: 'u' | 'pk', onConflict: ConflictResolution | null): void => {
    // The same columns with the same collations make no second index (sqlite3CreateIndex); a
    // PRIMARY KEY repeating a UNIQUE constraint turns that index into the primary key.
    const keyOf = (cs: IndexColumn[]): string => cs.map((c) => `${c.column}/${c.collation.toUpperCase()}`).join(',');
    const same = out.find((o) => keyOf(o.cols) === keyOf(cols));
    if (same) {
      if (origin === 'pk') same.origin = 'pk';
      // The one ON CONFLICT clause given applies to the merged index.
      if (!same.onConflict && onConflict) same.onConflict = onConflict;
      return;
    }
    out.push(onConflict ? { cols, origin, onConflict } : { cols, origin });
  };
  const single = (i: number, desc: boolean): IndexColumn[] => [{ column: i, expr: null, desc, collation: table.columns[i].collation }];
  const lateCol: { cols: IndexColumn[]; onConflict: ConflictResolution | null }[] = [];
  st.columns.forEach((c, i) => {
    for (const k of c.constraints) {
      if (k.type === 'primary-key' && table.rowidAlias !== i) {
        if (st.withoutRowid && integerKey(table, single(i, k.direction === 'DESC'))) lateCol.push({ cols: single(i, false), onConflict: k.onConflict });
        else add(single(i, k.direction === 'DESC'), 'pk', k.onConflict);
      }
      if (k.type === 'unique') add(single(i, false), 'u', k.onConflict);
    }
  });
  // A WITHOUT ROWID table's INTEGER PRIMARY KEY (one column declared INTEGER, not DESC) is the
  // rowid until sqlite3EndTable turns it into an index: that index is made, and numbered, last.
  let late: { cols: IndexColumn[]; onConflict: ConflictResolution | null } | null = null;
  for (const k of st.constraints) {
    if (k.type === 'primary-key' && table.rowidAlias < 0) {
      const cols = indexColumns(table, k.columns);
      if (st.withoutRowid && integerKey(table, cols)) late = { cols, onConflict: k.onConflict };
      else add(cols, 'pk', k.onConflict);
    }
    if (k.type === 'unique') add(indexColumns(table, k.columns), 'u', k.onConflict);
  }
  for (const l of lateCol) add(l.cols, 'pk', l.onConflict);
  if (late) add(late.cols, 'pk', late.onConflict);
  return out;
}

/** One ascending column declared exactly INTEGER (sqlite3AddPrimaryKey's iPKey test). */
function integerKey(t: Table, cols: IndexColumn[]): boolean {
  return cols.length === 1 && cols[0].column >= 0 && !cols[0].desc && t.columns[cols[0].column].declType?.toUpperCase() === 'INTEGER';
}

/**
 * The schema described by `rows` (sqlite_schema in rowid order).
 * @throws SqliteError SQLITE_CORRUPT when a row's SQL does not parse or names a missing table.
 */
export function buildSchema(rows: readonly SchemaRow[], cookie: number): Schema {
  const schema: Schema = { tables: new Map(), indexes: new Map(), views: new Map(), triggers: new Map(), cookie };
  const creates = new Map<string, CreateTableStatement>();
  const parse = (row: SchemaRow): Statement => {
    try {
      return parseStatement(row.sql!);
    } catch (e) {
      throw corrupt(`malformed database schema (${row.name}) - ${(e as Error).message}`);
    }
  };
  for (const [seq, row] of rows.entries()) {
    if (row.type === 'table' && row.sql) {
      const st = parse(row);
      if (st.type !== 'create-table') continue; // virtual tables are not readable here
      const t = tableFromCreate(st, row.rootpage, row.sql);
      t.seq = seq;
      schema.tables.set(t.name.toLowerCase(), t);
      creates.set(t.name.toLowerCase(), st);
    } else if (row.type === 'trigger' && row.sql) {
      const st = parse(row);
      if (st.type === 'create-trigger') schema.triggers.set(st.trigger.name.toLowerCase(), { name: st.trigger.name, tableName: st.table.name, stmt: st, sql: row.sql, seq });
    } else if (row.type === 'view' && row.sql) {
      const st = parse(row);
      if (st.type === 'create-view') schema.views.set(st.view.name.toLowerCase(), { name: st.view.name, columns: st.columns, select: st.select, sql: row.sql, seq });
    }
  }
  for (const [seq, row] of rows.entries()) {
    if (row.type !== 'index') continue;
    const table = schema.tables.get(row.tblName.toLowerCase());
    if (!table) continue;
    let index: Index;
    if (row.sql) {
      const st = parse(row);
      if (st.type !== 'create-index') continue;
      index = { name: row.name, tableName: table.name, rootPage: row.rootpage, columns: indexColumns(table, st.columns), unique: st.unique, where: st.where, origin: 'c', sql: row.sql };
    } else {
      const m = /^sqlite_autoindex_.*_(\d+)$/i.exec(row.name);
      const autos = autoIndexColumns(creates.get(table.name.toLowerCase())!, table);
      const a = m ? autos[Number(m[1]) - 1] : undefined;
      if (!a) continue;
      index = { name: row.name, tableName: table.name, rootPage: row.rootpage, columns: a.cols, unique: true, where: null, origin: a.origin, sql: null };
      if (a.onConflict) index.onConflict = a.onConflict;
    }
    index.seq = seq;
    table.indexes.push(index);
    schema.indexes.set(index.name.toLowerCase(), index);
  }
  const sch = schemaTable();
  schema.tables.set('sqlite_schema', sch);
  schema.tables.set('sqlite_master', sch);
  return schema;
}
