/**
 * The in-memory schema: what the translator knows about tables, indexes and views (SQLite's Table,
 * Index and Column structs, sqliteInt.h), built from sqlite_schema by build.ts.
 *
 * Invariants:
 * 1. `Table.columns` are in declaration order; `rowidAlias` is the index of the INTEGER PRIMARY KEY
 *    column (its value is the rowid, the record holds NULL there), or −1.
 * 2. For a WITHOUT ROWID table `recordIndex[i]` is the position of column i in the b-tree's records
 *    (primary-key columns first, then the others in declaration order); for a rowid table it is i
 *    less the VIRTUAL generated columns before it. A VIRTUAL column has no record position: −1
 *    (sqlite3TableColumnToStorage; STORED generated columns keep theirs).
 * 3. `IndexColumn.column` is a column index of the table, −1 for the rowid, −2 for an expression.
 * 4. Names are kept as declared; every lookup map is keyed by the lower-cased name.
 *
 * @module
 */
import type { Affinity } from '../affinity.js';
import type { ConflictResolution, CreateTriggerStatement, Expr, ForeignKeyAction, Select } from '../parser/ast.js';

/** One column of a table. */
export interface Column {
  name: string;
  /** Declared type text, null when none. */
  declType: string | null;
  affinity: Affinity;
  /** Collation name (BINARY unless COLLATE was given). */
  collation: string;
  notNull: boolean;
  /** Part of the PRIMARY KEY. */
  primaryKey: boolean;
  /** DEFAULT expression, or null. */
  defaultExpr: Expr | null;
  /** DEFAULT as PRAGMA table_info shows it (dflt_value), or null. */
  defaultSpan: string | null;
  /**
   * `[GENERATED ALWAYS] AS (expr) [STORED|VIRTUAL]` (gencol.html): the expression over the other
   * columns of the same row, and whether its value is stored in the record (VIRTUAL when not said).
   * Absent or null for an ordinary column.
   */
  generated?: GeneratedColumn | null;
  /** The NOT NULL constraint's `ON CONFLICT` resolution, when it has one. */
  notNullConflict?: ConflictResolution;
}

/** A generated column's expression and storage (gencol.html). */
export interface GeneratedColumn {
  expr: Expr;
  stored: boolean;
}

/** A FOREIGN KEY constraint (foreignkeys.html): child columns → the parent table's key. */
export interface ForeignKey {
  /** Child column indexes, in key order. */
  columns: number[];
  /** Parent table name as written. */
  parent: string;
  /** Parent key columns as written, or null for the parent's PRIMARY KEY. */
  parentColumns: string[] | null;
  onDelete: ForeignKeyAction;
  onUpdate: ForeignKeyAction;
  /** DEFERRABLE INITIALLY DEFERRED. */
  deferred: boolean;
}

/** A CHECK constraint (column or table): its name, else the text SQLite reports for it. */
export interface CheckConstraint {
  /** `CONSTRAINT name`, else the trimmed text inside CHECK's parentheses. */
  name: string;
  expr: Expr;
}

/** A table b-tree (or sqlite_schema itself). */
export interface Table {
  name: string;
  rootPage: number;
  columns: Column[];
  /** Index of the INTEGER PRIMARY KEY column, or −1 (invariant 1). */
  rowidAlias: number;
  withoutRowid: boolean;
  /** Column indexes of the PRIMARY KEY, in key order (empty when none). */
  pkColumns: number[];
  /** Record position of each column (invariant 2). */
  recordIndex: number[];
  autoincrement: boolean;
  /** The INTEGER PRIMARY KEY constraint's `ON CONFLICT` resolution, when it has one (the rowid check). */
  rowidConflict?: ConflictResolution;
  /** CHECK constraints: column constraints as the columns are declared, then table constraints. */
  checks?: CheckConstraint[];
  /** FOREIGN KEY constraints of this table as the child, in declaration order. */
  foreignKeys?: ForeignKey[];
  /** Indexes on this table, in sqlite_schema order. */
  indexes: Index[];
  /**
   * A WITHOUT ROWID table's PRIMARY KEY as the index its own b-tree is (invariant 2): key columns
   * with their DESC flags and collations, duplicates dropped, its sqlite_autoindex_T_N name and
   * ON CONFLICT clause (build.c convertToWithoutRowidTable).
   */
  pkIndex?: Index;
  sql: string | null;
  /** Position of its row in sqlite_schema (rowid order), when read from there. */
  seq?: number;
  /** Row count from sqlite_stat1 (stat1.ts), when the table was analyzed. */
  statRows?: number;
  /** A WITHOUT ROWID table's primary key from sqlite_stat1: [rows, rows per key prefix of 1…K columns]. */
  pkRowEst?: number[];
}

/** One key column of an index. */
export interface IndexColumn {
  /** Table column index, −1 rowid, −2 expression (invariant 3). */
  column: number;
  expr: Expr | null;
  desc: boolean;
  collation: string;
}

/** An index b-tree (including sqlite_autoindex_* and a WITHOUT ROWID table's primary key). */
export interface Index {
  name: string;
  tableName: string;
  rootPage: number;
  columns: IndexColumn[];
  unique: boolean;
  /** WHERE clause of a partial index. */
  where: Expr | null;
  /** 'c' CREATE INDEX, 'u' UNIQUE constraint, 'pk' PRIMARY KEY (as PRAGMA index_list says). */
  origin: 'c' | 'u' | 'pk';
  /** The UNIQUE / PRIMARY KEY constraint's `ON CONFLICT` resolution, when it has one. */
  onConflict?: ConflictResolution;
  /**
   * From sqlite_stat1 (stat1.ts), when analyzed: [entries, average entries per distinct key prefix
   * of 1, 2, … K columns] (SQLite's aiRowEst).
   */
  rowEst?: number[];
  sql: string | null;
  /** Position of its row in sqlite_schema (rowid order), when read from there. */
  seq?: number;
}

/** A view. */
export interface View {
  name: string;
  columns: string[] | null;
  select: Select;
  sql: string;
  /** Position of its row in sqlite_schema (rowid order), when read from there. */
  seq?: number;
}

/** A trigger (stored and listed; see the translator for which ones DML accepts). */
export interface Trigger {
  name: string;
  tableName: string;
  /** The parsed CREATE TRIGGER statement. */
  stmt: CreateTriggerStatement;
  sql: string;
  /** Position of its row in sqlite_schema (rowid order), when read from there. */
  seq?: number;
}

/** The schema of one database. */
export interface Schema {
  tables: Map<string, Table>;
  indexes: Map<string, Index>;
  views: Map<string, View>;
  triggers: Map<string, Trigger>;
  /** Schema cookie the schema was read at (header offset 40). */
  cookie: number;
}
