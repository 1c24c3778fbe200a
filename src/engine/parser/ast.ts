/**
 * The abstract syntax tree of SQLite's SQL, as produced by the parser and read by the printer
 * and the code generator. Every node is a plain object; unions are keyed on `type`.
 *
 * Conventions:
 * - Names are dequoted (`"a""b"` → `a"b`, `[x]` → `x`) and keep their case; SQLite compares them
 *   case-insensitively later. Absent optional parts are `null`, never `undefined`.
 * - Lists that SQLite's grammar requires to be non-empty use `[]` for "clause absent"
 *   (`partitionBy`, `orderBy`, `groupBy`).
 * - `offset` is where the node starts, as an index into the SQL string (UTF-16 code units; the
 *   same as the byte offset for ASCII). Statements also carry `end`, just past their last token.
 *   `span` fields hold source text. Positions and spans are not part of a node's meaning: the
 *   printer ignores them and two parses of equivalent SQL may differ only there.
 * - The AST keeps the syntax, not its meaning: `TRUE`/`FALSE` in expressions are column
 *   references (SQLite turns them into booleans only when no such column exists), parentheses
 *   disappear, `x IS NULL` stays a binary `IS`.
 *
 * - Depth: no expression is taller than 1000 nodes (SQLite's SQLITE_MAX_EXPR_DEPTH, enforced by
 *   the parser as SQLite's parser enforces it; parentheses add no node), so recursive walks over
 *   one expression stay within the JavaScript stack. Subqueries nest further only through
 *   `Select` nodes; SQLite bounds those while resolving names, which is the resolver's job.
 *
 * This file is the contract between the parser and its consumers (schema, translate). Node shapes
 * change only by addition; additions so far:
 * - AlterTableStatement actions `alter-column-not-null`, `add-check`, `drop-constraint`
 *   (SQLite 3.53's ALTER TABLE … ALTER COLUMN … SET/DROP NOT NULL, ADD CHECK, DROP CONSTRAINT).
 *
 * Source: sqlite.org/lang.html and SQLite's src/parse.y (3.53, the version better-sqlite3 ships).
 *
 * @module
 */

// ---------------------------------------------------------------------------------------------
// Names

/** A possibly schema-qualified object name, `schema.name`. `offset` is that of `name`. */
export interface QualifiedName {
  schema: string | null;
  name: string;
  offset: number;
}

/** ON CONFLICT / OR resolution algorithm. */
export type ConflictResolution = 'ROLLBACK' | 'ABORT' | 'FAIL' | 'IGNORE' | 'REPLACE';

// ---------------------------------------------------------------------------------------------
// Expressions

/** Any expression. */
export type Expr =
  | NullLiteral
  | IntegerLiteral
  | RealLiteral
  | StringLiteral
  | BlobLiteral
  | BooleanLiteral
  | CurrentTimeLiteral
  | Parameter
  | ColumnRef
  | UnaryExpr
  | BinaryExpr
  | LikeExpr
  | BetweenExpr
  | InListExpr
  | InSelectExpr
  | InTableExpr
  | NullTestExpr
  | CollateExpr
  | CastExpr
  | CaseExpr
  | FunctionCall
  | ExistsExpr
  | SubqueryExpr
  | VectorExpr
  | RaiseExpr;

/** `NULL`. */
export interface NullLiteral {
  type: 'null';
  offset: number;
}

/**
 * An integer literal. `text` is as written minus `_` separators: decimal digits or `0x` hex.
 * Decimal text too large for a 64-bit integer denotes a REAL (SQLite's rule); hex text beyond
 * 16 digits is an error at code generation ("hex literal too big").
 */
export interface IntegerLiteral {
  type: 'integer';
  text: string;
  offset: number;
}

/** A real literal: `1.5`, `1.`, `.5`, `1e10`, `2.5E-3` (text without `_` separators). */
export interface RealLiteral {
  type: 'real';
  text: string;
  offset: number;
}

/** A string literal; `value` is the text between the quotes with `''` undoubled. */
export interface StringLiteral {
  type: 'string';
  value: string;
  offset: number;
}

/** A blob literal `X'…'`; `hex` is the digits as written (even count, either case). */
export interface BlobLiteral {
  type: 'blob';
  hex: string;
  offset: number;
}

/**
 * `TRUE` or `FALSE` where SQLite fixes their meaning while parsing: only in a column's
 * `DEFAULT true`. Elsewhere TRUE and FALSE parse as {@link ColumnRef}s.
 */
export interface BooleanLiteral {
  type: 'boolean';
  value: boolean;
  offset: number;
}

/** `CURRENT_TIME`, `CURRENT_DATE` or `CURRENT_TIMESTAMP`. */
export interface CurrentTimeLiteral {
  type: 'current-time';
  which: 'CURRENT_TIME' | 'CURRENT_DATE' | 'CURRENT_TIMESTAMP';
  offset: number;
}

/**
 * A bound parameter. `name` is the token: `?`, `?3`, `:a`, `@a`, `$a`. `index` is its 1-based
 * number, assigned as SQLite does: `?` takes the next number, `?N` is N, a repeated name reuses
 * its number.
 */
export interface Parameter {
  type: 'param';
  name: string;
  index: number;
  offset: number;
}

/**
 * A column reference `name`, `table.name` or `schema.table.name`. An unqualified name may also
 * turn out to be TRUE/FALSE or (with SQLite's double-quoted-string misfeature) a string: `quote`
 * says how the bare name was written (`'"'`, `'['`, `` '`' `` or null for unquoted); it is
 * always null when `table` is set.
 */
export interface ColumnRef {
  type: 'column';
  schema: string | null;
  table: string | null;
  name: string;
  quote: '"' | '[' | '`' | null;
  offset: number;
}

/** Prefix operators: `-x`, `+x`, `~x`, `NOT x`. */
export interface UnaryExpr {
  type: 'unary';
  op: '-' | '+' | '~' | 'NOT';
  operand: Expr;
  offset: number;
}

/**
 * Binary operators. `==` is stored as `=`, `<>` as `!=`, `IS NOT DISTINCT FROM` as `IS` and
 * `IS DISTINCT FROM` as `IS NOT`.
 */
export type BinaryOp =
  | 'OR' | 'AND' | '=' | '!=' | 'IS' | 'IS NOT' | '<' | '<=' | '>' | '>='
  | '&' | '|' | '<<' | '>>' | '+' | '-' | '*' | '/' | '%' | '||' | '->' | '->>';

/** `left op right`. */
export interface BinaryExpr {
  type: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
  offset: number;
}

/**
 * `left [NOT] LIKE|GLOB|REGEXP|MATCH right [ESCAPE escape]`. SQLite evaluates it as a call of the
 * function of that name with the pattern first: `like(right, left[, escape])` (lang_expr.html
 * §"The LIKE, GLOB, REGEXP, MATCH, and extract operators").
 */
export interface LikeExpr {
  type: 'like';
  op: 'LIKE' | 'GLOB' | 'REGEXP' | 'MATCH';
  not: boolean;
  left: Expr;
  right: Expr;
  escape: Expr | null;
  offset: number;
}

/** `expr [NOT] BETWEEN low AND high`. */
export interface BetweenExpr {
  type: 'between';
  not: boolean;
  expr: Expr;
  low: Expr;
  high: Expr;
  offset: number;
}

/** `expr [NOT] IN (e1, e2, …)`; the list may be empty. */
export interface InListExpr {
  type: 'in-list';
  not: boolean;
  expr: Expr;
  list: Expr[];
  offset: number;
}

/** `expr [NOT] IN (SELECT …)`. */
export interface InSelectExpr {
  type: 'in-select';
  not: boolean;
  expr: Expr;
  select: Select;
  offset: number;
}

/** `expr [NOT] IN table` or `expr [NOT] IN tvf(args)`; `args` null when no parentheses. */
export interface InTableExpr {
  type: 'in-table';
  not: boolean;
  expr: Expr;
  table: QualifiedName;
  args: Expr[] | null;
  offset: number;
}

/** `expr ISNULL` (`not` false) and `expr NOTNULL` / `expr NOT NULL` (`not` true). */
export interface NullTestExpr {
  type: 'null-test';
  not: boolean;
  expr: Expr;
  offset: number;
}

/** `expr COLLATE name`. */
export interface CollateExpr {
  type: 'collate';
  expr: Expr;
  collation: string;
  offset: number;
}

/** `CAST(expr AS type)`; `as` is the type text as SQLite keeps it ('' for `CAST(x AS)`). */
export interface CastExpr {
  type: 'cast';
  expr: Expr;
  as: string;
  offset: number;
}

/** `CASE [operand] WHEN … THEN … [ELSE …] END`. */
export interface CaseExpr {
  type: 'case';
  operand: Expr | null;
  whens: Array<{ when: Expr; then: Expr }>;
  else: Expr | null;
  offset: number;
}

/**
 * A function call, aggregate or window function: `name([DISTINCT] args [ORDER BY …])
 * [FILTER (WHERE …)] [OVER …]`, or `name(*)` (`star` true, `args` empty).
 * `over` is a window name for `OVER w`, a {@link WindowDefinition} for `OVER (…)`.
 */
export interface FunctionCall {
  type: 'function';
  name: string;
  distinct: boolean;
  star: boolean;
  args: Expr[];
  orderBy: OrderingTerm[];
  filter: Expr | null;
  over: string | WindowDefinition | null;
  offset: number;
}

/** `EXISTS (SELECT …)` (NOT EXISTS is a NOT around it). */
export interface ExistsExpr {
  type: 'exists';
  select: Select;
  offset: number;
}

/** A scalar subquery `(SELECT …)`. */
export interface SubqueryExpr {
  type: 'subquery';
  select: Select;
  offset: number;
}

/** A row value `(a, b, …)` with two or more elements. */
export interface VectorExpr {
  type: 'vector';
  exprs: Expr[];
  offset: number;
}

/** `RAISE(IGNORE)` or `RAISE(ROLLBACK|ABORT|FAIL, message)`. */
export interface RaiseExpr {
  type: 'raise';
  action: 'IGNORE' | 'ROLLBACK' | 'ABORT' | 'FAIL';
  message: Expr | null;
  offset: number;
}

// ---------------------------------------------------------------------------------------------
// Window functions

/** `[base] [PARTITION BY …] [ORDER BY …] [frame]`, the inside of `OVER (…)` or `WINDOW w AS (…)`. */
export interface WindowDefinition {
  base: string | null;
  partitionBy: Expr[];
  orderBy: OrderingTerm[];
  frame: WindowFrame | null;
}

/**
 * `ROWS|RANGE|GROUPS start` or `… BETWEEN start AND end`, then `EXCLUDE …`. `end` is null for
 * the one-bound form (which means `AND CURRENT ROW`).
 */
export interface WindowFrame {
  units: 'ROWS' | 'RANGE' | 'GROUPS';
  start: FrameBound;
  end: FrameBound | null;
  exclude: 'NO OTHERS' | 'CURRENT ROW' | 'GROUP' | 'TIES' | null;
}

/** A frame boundary; `expr` is set only for `expr PRECEDING` and `expr FOLLOWING`. */
export interface FrameBound {
  kind: 'UNBOUNDED PRECEDING' | 'PRECEDING' | 'CURRENT ROW' | 'FOLLOWING' | 'UNBOUNDED FOLLOWING';
  expr: Expr | null;
}

/** `WINDOW name AS (definition)` in a SELECT. */
export interface NamedWindow {
  name: string;
  window: WindowDefinition;
}

// ---------------------------------------------------------------------------------------------
// SELECT

/** An ORDER BY term (also used by indexes, PRIMARY KEY/UNIQUE column lists and upsert targets). */
export interface OrderingTerm {
  expr: Expr;
  direction: 'ASC' | 'DESC' | null;
  nulls: 'FIRST' | 'LAST' | null;
}

/** `WITH [RECURSIVE] cte, …`. */
export interface WithClause {
  recursive: boolean;
  ctes: CommonTableExpression[];
}

/** `name [(columns)] AS [[NOT] MATERIALIZED] (select)`; `materialized` null when unspecified. */
export interface CommonTableExpression {
  name: string;
  columns: string[] | null;
  materialized: boolean | null;
  select: Select;
  offset: number;
}

/**
 * A complete SELECT: optional WITH, one or more cores joined by compound operators, and the
 * ORDER BY and LIMIT that apply to the whole.
 */
export interface Select {
  type: 'select';
  with: WithClause | null;
  first: SelectCore;
  compounds: CompoundPart[];
  orderBy: OrderingTerm[];
  limit: LimitClause | null;
  offset: number;
  end: number;
}

/** `UNION|UNION ALL|INTERSECT|EXCEPT core`. */
export interface CompoundPart {
  op: 'UNION' | 'UNION ALL' | 'INTERSECT' | 'EXCEPT';
  select: SelectCore;
}

/** `LIMIT limit [OFFSET offset]`; `LIMIT a, b` is stored as limit b, offset a. */
export interface LimitClause {
  limit: Expr;
  offset: Expr | null;
}

/** One SELECT … or VALUES … of a compound. */
export type SelectCore = SelectClause | ValuesClause;

/** `SELECT [DISTINCT|ALL] columns [FROM …] [WHERE …] [GROUP BY …] [HAVING …] [WINDOW …]`. */
export interface SelectClause {
  type: 'select-core';
  distinct: boolean;
  columns: ResultColumn[];
  from: FromClause | null;
  where: Expr | null;
  groupBy: Expr[];
  having: Expr | null;
  windows: NamedWindow[];
  offset: number;
}

/** `VALUES (…), (…)`: rows of one or more expressions. */
export interface ValuesClause {
  type: 'values';
  rows: Expr[][];
  offset: number;
}

/** A result column: `*`, `table.*` or `expr [AS alias]`. */
export type ResultColumn = StarColumn | TableStarColumn | ExprColumn;

/** `*`. */
export interface StarColumn {
  type: 'star';
  offset: number;
}

/** `table.*`. */
export interface TableStarColumn {
  type: 'table-star';
  table: string;
  offset: number;
}

/**
 * `expr [[AS] alias]`. `span` is the expression's source text as SQLite keeps it to name an
 * unaliased result column: from its first token up to the token after it, white space trimmed
 * (so a comment right after the expression is part of it: `1 + 2 /* c *\/`).
 */
export interface ExprColumn {
  type: 'expr';
  expr: Expr;
  alias: string | null;
  span: string;
}

/** A FROM clause: its items in order; every item after the first has a join operator. */
export interface FromClause {
  items: FromItem[];
}

/** One FROM item with how it joins to the items before it. */
export interface FromItem {
  /** null for the first item of a FROM clause or of a parenthesized join. */
  join: JoinOperator | null;
  source: TableSource;
  alias: string | null;
  on: Expr | null;
  using: string[] | null;
}

/**
 * A join operator. `kind`: `','` for a comma, `INNER` for `JOIN` / `INNER JOIN`, `CROSS`, `LEFT`,
 * `RIGHT`, `FULL` (OUTER is implied); `natural` for NATURAL.
 */
export interface JoinOperator {
  kind: ',' | 'INNER' | 'CROSS' | 'LEFT' | 'RIGHT' | 'FULL';
  natural: boolean;
}

/** What a FROM item reads. */
export type TableSource = TableRef | TableFunctionRef | SubquerySource | JoinGroup;

/** A table or view, with an optional `INDEXED BY index` or `NOT INDEXED` hint. */
export interface TableRef {
  type: 'table';
  name: QualifiedName;
  indexedBy: string | null;
  notIndexed: boolean;
}

/** A table-valued function `name(args)`. */
export interface TableFunctionRef {
  type: 'table-function';
  name: QualifiedName;
  args: Expr[];
}

/** `(SELECT …)` in FROM. */
export interface SubquerySource {
  type: 'subquery';
  select: Select;
}

/** A parenthesized join `(a JOIN b …)` in FROM. */
export interface JoinGroup {
  type: 'join-group';
  from: FromClause;
}

// ---------------------------------------------------------------------------------------------
// Statements

/** Any SQL statement. */
export type Statement =
  | Select
  | InsertStatement
  | UpdateStatement
  | DeleteStatement
  | CreateTableStatement
  | CreateIndexStatement
  | CreateViewStatement
  | CreateTriggerStatement
  | CreateVirtualTableStatement
  | DropStatement
  | AlterTableStatement
  | BeginStatement
  | CommitStatement
  | RollbackStatement
  | SavepointStatement
  | ReleaseStatement
  | PragmaStatement
  | AttachStatement
  | DetachStatement
  | VacuumStatement
  | AnalyzeStatement
  | ReindexStatement
  | ExplainStatement;

/** Fields every statement has: where it starts and ends in the SQL (`end` just past its last token). */
interface StatementBase {
  offset: number;
  end: number;
}

/** `col = expr` or `(c1, c2) = expr` in UPDATE … SET and DO UPDATE SET. */
export interface SetClause {
  columns: string[];
  expr: Expr;
}

/** One `ON CONFLICT [(target) [WHERE …]] DO NOTHING | DO UPDATE SET … [WHERE …]` clause. */
export interface UpsertClause {
  target: { columns: OrderingTerm[]; where: Expr | null } | null;
  action: { type: 'nothing' } | { type: 'update'; set: SetClause[]; where: Expr | null };
}

/**
 * INSERT. `or` is the OR clause (`REPLACE INTO` is stored as `or: 'REPLACE'`). `select` is the
 * row source (VALUES is a Select); null means `DEFAULT VALUES`.
 */
export interface InsertStatement extends StatementBase {
  type: 'insert';
  with: WithClause | null;
  or: ConflictResolution | null;
  table: QualifiedName;
  alias: string | null;
  columns: string[] | null;
  select: Select | null;
  upsert: UpsertClause[];
  returning: ResultColumn[] | null;
}

/** UPDATE (with the FROM, RETURNING, ORDER BY and LIMIT extensions). */
export interface UpdateStatement extends StatementBase {
  type: 'update';
  with: WithClause | null;
  or: ConflictResolution | null;
  table: QualifiedName;
  alias: string | null;
  indexedBy: string | null;
  notIndexed: boolean;
  set: SetClause[];
  from: FromClause | null;
  where: Expr | null;
  returning: ResultColumn[] | null;
  orderBy: OrderingTerm[];
  limit: LimitClause | null;
}

/** DELETE (with the RETURNING, ORDER BY and LIMIT extensions). */
export interface DeleteStatement extends StatementBase {
  type: 'delete';
  with: WithClause | null;
  table: QualifiedName;
  alias: string | null;
  indexedBy: string | null;
  notIndexed: boolean;
  where: Expr | null;
  returning: ResultColumn[] | null;
  orderBy: OrderingTerm[];
  limit: LimitClause | null;
}

/**
 * CREATE [TEMP] TABLE. Either `columns` (+ `constraints`, `withoutRowid`, `strict`) or `as`.
 * `table.offset` is the offset of the unqualified name, from which SQLite's stored text starts
 * (see schema-sql.ts).
 */
export interface CreateTableStatement extends StatementBase {
  type: 'create-table';
  temp: boolean;
  ifNotExists: boolean;
  table: QualifiedName;
  columns: ColumnDefinition[];
  constraints: TableConstraint[];
  withoutRowid: boolean;
  strict: boolean;
  as: Select | null;
}

/**
 * A column: name, declared type and constraints. `type` is the declared type text as SQLite
 * stores it (source span, dequoted, a trailing "GENERATED ALWAYS" dropped), null when absent.
 * `offset` is that of the column name.
 */
export interface ColumnDefinition {
  name: string;
  type: string | null;
  constraints: ColumnConstraint[];
  offset: number;
}

/** A column constraint; `name` is from a preceding `CONSTRAINT name`. */
export type ColumnConstraint =
  | { type: 'primary-key'; name: string | null; direction: 'ASC' | 'DESC' | null; onConflict: ConflictResolution | null; autoincrement: boolean }
  | { type: 'not-null'; name: string | null; onConflict: ConflictResolution | null }
  | { type: 'null'; name: string | null; onConflict: ConflictResolution | null }
  | { type: 'unique'; name: string | null; onConflict: ConflictResolution | null }
  /** `span`: the text inside the parentheses, trimmed (SQLite's name for an unnamed CHECK). */
  | { type: 'check'; name: string | null; expr: Expr; span?: string }
  | DefaultConstraint
  | { type: 'collate'; name: string | null; collation: string }
  | { type: 'references'; name: string | null; foreignKey: ForeignKeyClause }
  | { type: 'deferrable'; name: string | null; deferrable: Deferrable }
  | { type: 'generated'; name: string | null; expr: Expr; storage: 'STORED' | 'VIRTUAL' | null };

/**
 * `DEFAULT value`: a literal, a signed number, `(expr)` or a bare identifier (a string, or a
 * boolean for TRUE/FALSE). `span` is the text SQLite reports as the column's default in
 * `PRAGMA table_info` (inside the parentheses for `(expr)`).
 */
export interface DefaultConstraint {
  type: 'default';
  name: string | null;
  expr: Expr;
  span: string;
}

/** The REFERENCES part of a foreign key. Repeated ON DELETE/UPDATE clauses: the last one wins. */
export interface ForeignKeyClause {
  table: string;
  columns: string[] | null;
  onDelete: ForeignKeyAction | null;
  onUpdate: ForeignKeyAction | null;
  match: string | null;
  deferrable: Deferrable | null;
}

/** A foreign key action. */
export type ForeignKeyAction = 'SET NULL' | 'SET DEFAULT' | 'CASCADE' | 'RESTRICT' | 'NO ACTION';

/** `[NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]`. */
export interface Deferrable {
  not: boolean;
  initially: 'DEFERRED' | 'IMMEDIATE' | null;
}

/** A table constraint; `name` is from a preceding `CONSTRAINT name`. */
export type TableConstraint =
  | { type: 'primary-key'; name: string | null; columns: OrderingTerm[]; autoincrement: boolean; onConflict: ConflictResolution | null }
  | { type: 'unique'; name: string | null; columns: OrderingTerm[]; onConflict: ConflictResolution | null }
  /** `span` as for the column constraint; the ON CONFLICT clause is parsed and ignored, as SQLite does. */
  | { type: 'check'; name: string | null; expr: Expr; onConflict: ConflictResolution | null; span?: string }
  | { type: 'foreign-key'; name: string | null; columns: string[]; foreignKey: ForeignKeyClause };

/** CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (terms) [WHERE …]. */
export interface CreateIndexStatement extends StatementBase {
  type: 'create-index';
  unique: boolean;
  ifNotExists: boolean;
  index: QualifiedName;
  table: string;
  columns: OrderingTerm[];
  where: Expr | null;
}

/** CREATE [TEMP] VIEW [IF NOT EXISTS] name [(columns)] AS select. */
export interface CreateViewStatement extends StatementBase {
  type: 'create-view';
  temp: boolean;
  ifNotExists: boolean;
  view: QualifiedName;
  columns: string[] | null;
  select: Select;
}

/** A statement in a trigger body (no WITH on INSERT/UPDATE/DELETE, no RETURNING). */
export type TriggerStep = InsertStatement | UpdateStatement | DeleteStatement | Select;

/** CREATE [TEMP] TRIGGER. `time` null means the default (BEFORE). */
export interface CreateTriggerStatement extends StatementBase {
  type: 'create-trigger';
  temp: boolean;
  ifNotExists: boolean;
  trigger: QualifiedName;
  time: 'BEFORE' | 'AFTER' | 'INSTEAD OF' | null;
  event: 'DELETE' | 'INSERT' | 'UPDATE';
  /** `UPDATE OF columns`; null otherwise. */
  columns: string[] | null;
  table: QualifiedName;
  forEachRow: boolean;
  when: Expr | null;
  body: TriggerStep[];
}

/** CREATE VIRTUAL TABLE name USING module [(args)]; each argument is its source text. */
export interface CreateVirtualTableStatement extends StatementBase {
  type: 'create-virtual-table';
  ifNotExists: boolean;
  table: QualifiedName;
  module: string;
  args: string[] | null;
}

/** DROP TABLE|INDEX|VIEW|TRIGGER [IF EXISTS] name. */
export interface DropStatement extends StatementBase {
  type: 'drop';
  what: 'TABLE' | 'INDEX' | 'VIEW' | 'TRIGGER';
  ifExists: boolean;
  name: QualifiedName;
}

/**
 * ALTER TABLE … RENAME TO / RENAME COLUMN / ADD COLUMN / DROP COLUMN, and the constraint forms
 * SQLite 3.53 added (sqlite.org/lang_altertable.html):
 * - `ALTER [COLUMN] c DROP NOT NULL` → `{ type: 'alter-column-not-null', notNull: false }`;
 * - `ALTER [COLUMN] c SET NOT NULL [ON CONFLICT r]` → `… notNull: true, onConflict: r`;
 * - `ADD [CONSTRAINT name] CHECK (expr) [ON CONFLICT r]` → `{ type: 'add-check' }`;
 * - `DROP CONSTRAINT name` → `{ type: 'drop-constraint' }`.
 * (The last three variants were added after the first four; the first four are unchanged.)
 */
export interface AlterTableStatement extends StatementBase {
  type: 'alter-table';
  table: QualifiedName;
  action:
    | { type: 'rename-table'; to: string }
    | { type: 'rename-column'; column: string; to: string }
    | { type: 'add-column'; column: ColumnDefinition }
    | { type: 'drop-column'; column: string }
    | { type: 'alter-column-not-null'; column: string; notNull: boolean; onConflict: ConflictResolution | null }
    | { type: 'add-check'; name: string | null; expr: Expr; onConflict: ConflictResolution | null }
    | { type: 'drop-constraint'; name: string };
}

/** BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE|CONCURRENT] [TRANSACTION]. CONCURRENT is Turso's (MVCC). */
export interface BeginStatement extends StatementBase {
  type: 'begin';
  mode: 'DEFERRED' | 'IMMEDIATE' | 'EXCLUSIVE' | 'CONCURRENT' | null;
}

/** COMMIT or END [TRANSACTION]. */
export interface CommitStatement extends StatementBase {
  type: 'commit';
}

/** ROLLBACK [TRANSACTION] [TO [SAVEPOINT] name]. */
export interface RollbackStatement extends StatementBase {
  type: 'rollback';
  savepoint: string | null;
}

/** SAVEPOINT name. */
export interface SavepointStatement extends StatementBase {
  type: 'savepoint';
  name: string;
}

/** RELEASE [SAVEPOINT] name. */
export interface ReleaseStatement extends StatementBase {
  type: 'release';
  name: string;
}

/**
 * PRAGMA [schema.]name [= value | (value)]. `value` is what SQLite hands the pragma: a dequoted
 * name or string, a number's text, `-` + number for negatives, or the keyword ON/DELETE/DEFAULT
 * as written.
 */
export interface PragmaStatement extends StatementBase {
  type: 'pragma';
  pragma: QualifiedName;
  value: string | null;
}

/** ATTACH [DATABASE] file AS schema [KEY key]. */
export interface AttachStatement extends StatementBase {
  type: 'attach';
  file: Expr;
  schema: Expr;
  key: Expr | null;
}

/** DETACH [DATABASE] schema. */
export interface DetachStatement extends StatementBase {
  type: 'detach';
  schema: Expr;
}

/** VACUUM [schema] [INTO file]. */
export interface VacuumStatement extends StatementBase {
  type: 'vacuum';
  schema: string | null;
  into: Expr | null;
}

/** ANALYZE [schema | table | schema.table]. */
export interface AnalyzeStatement extends StatementBase {
  type: 'analyze';
  target: QualifiedName | null;
}

/** REINDEX [collation | table | index | schema.table…]. */
export interface ReindexStatement extends StatementBase {
  type: 'reindex';
  target: QualifiedName | null;
}

/** EXPLAIN [QUERY PLAN] statement. */
export interface ExplainStatement extends StatementBase {
  type: 'explain';
  queryPlan: boolean;
  statement: Statement;
}
