/**
 * The sqlite3 CLI as a test oracle: what real SQLite says a file contains.
 *
 * Every function takes the database path and never changes it: files that SQLite would write to
 * on open (a `-wal`, any `-journal`, or WAL mode in the header) are copied to a temporary
 * directory first and the copy is opened, so WAL frames are applied and hot journals rolled back
 * there, as SQLite does on open; other files are opened with `-readonly` (sidecars.ts).
 *
 * Exactness: {@link sqliteValues}, {@link sqliteRowsTyped} and {@link sqliteSchema} return values
 * bit for bit (exact-sql.ts); {@link sqliteQuery} returns sqlite3's own `.mode quote` literals,
 * handy for messages and CLI conformance, whose reals may differ from the stored double in the
 * last digit and whose text stops at a NUL.
 *
 * @module
 */
import { quoteIdent, exactRowsSql, parseExactRows, stripStatementEnd } from './exact-sql.js';
import type { SqlValue } from './sql-value.js';
import { displayValue } from './sql-value.js';
import { withOpenableCopy } from './sidecars.js';
import { parseQuoteOutput, runSqlite3, unquoteLiteral } from './sqlite3-cli.js';

function run(file: string, sql: string, mode: 'list' | 'quote' = 'list'): string {
  return withOpenableCopy(file, (path, copied) => runSqlite3(path, sql, { readonly: !copied, mode }));
}

/** Rows of `sql` (any statement) as the quote-mode SQL literals sqlite3 prints: `NULL`, `42`, `'a''b'`, `X'00'`. */
export function sqliteQuery(file: string, sql: string): string[][] {
  return parseQuoteOutput(run(file, `${stripStatementEnd(sql)};\n`, 'quote'));
}

/**
 * Rows of `select` (a SELECT, VALUES or WITH statement) as exact {@link SqlValue}s, in the order
 * the statement gives. Pass `columns`, the number of result columns, when known: it saves one
 * sqlite3 run (without it a first run counts them through a TEMP VIEW).
 *
 * @throws Sqlite3CliError when sqlite3 rejects the statement or the file, or `columns` is wrong.
 */
export function sqliteValues(file: string, select: string, columns?: number): SqlValue[][] {
  const body = stripStatementEnd(select);
  return withOpenableCopy(file, (path, copied) => {
    const readonly = !copied;
    const count =
      columns ??
      Number(runSqlite3(path, `CREATE TEMP VIEW strata_probe AS ${body};\nSELECT count(*) FROM pragma_table_info('strata_probe');\n`, { readonly }));
    return parseExactRows(runSqlite3(path, exactRowsSql(body, count), { readonly }));
  });
}

/**
 * Every row of table `table` in b-tree order, as exact values: `SELECT rowid, * … ORDER BY rowid`
 * for a rowid table (the rowid first, as the inspector's `rows` view gives it), and `SELECT * …
 * ORDER BY` the primary key (with its collations and DESC) for a WITHOUT ROWID table.
 * Two sqlite3 runs: the table's shape, then its rows.
 */
export function sqliteRowsTyped(file: string, table: string): SqlValue[][] {
  const name = sqlString(table);
  // wr flag; column names (hidden virtual-table columns excluded, generated ones kept, as * does);
  // the primary key as an ORDER BY list.
  const [info] = sqliteValues(
    file,
    `SELECT (SELECT wr FROM pragma_table_list WHERE schema = 'main' AND name = ${name}),
       (SELECT group_concat(name, char(31)) FROM pragma_table_xinfo(${name}) WHERE hidden <> 1),
       (SELECT group_concat('"' || replace(name, '"', '""') || '" COLLATE "' || replace(coll, '"', '""') || '"'
                            || CASE WHEN "desc" THEN ' DESC' ELSE '' END, ', ')
          FROM (SELECT * FROM pragma_index_xinfo((SELECT name FROM pragma_index_list(${name}) WHERE origin = 'pk'))
                WHERE key = 1 ORDER BY seqno))`,
    3,
  );
  if (info[0].type === 'null') throw new Error(`no table ${table} in ${file}`);
  const names = info[1].type === 'text' ? info[1].value.split('\x1f') : [];
  const t = `main.${quoteIdent(table)}`;
  if (info[0].value === 0n) {
    const rowid = ['rowid', '_rowid_', 'oid'].find((n) => !names.includes(n)) ?? 'rowid';
    return sqliteValues(file, `SELECT ${rowid}, * FROM ${t} ORDER BY ${rowid}`, names.length + 1);
  }
  return sqliteValues(file, `SELECT * FROM ${t} ORDER BY ${String(info[2].value)}`, names.length);
}

/** `PRAGMA name` (e.g. 'page_size', 'table_info(t)', 'integrity_check') rows as plain strings (NULL → ''). */
export function sqlitePragma(file: string, pragma: string): string[][] {
  return sqliteQuery(file, `PRAGMA ${pragma}`).map((row) => row.map(unquoteLiteral));
}

/** The first cell of `PRAGMA name`, e.g. sqlitePragmaValue(f, 'page_size') → '4096'. */
export function sqlitePragmaValue(file: string, pragma: string): string {
  const rows = sqlitePragma(file, pragma);
  if (rows.length === 0) throw new Error(`PRAGMA ${pragma} returned no rows for ${file}`);
  return rows[0][0];
}

/** The lines of `PRAGMA integrity_check`: ['ok'] for a sound file. */
export function sqliteIntegrityCheck(file: string): string[] {
  return sqlitePragma(file, 'integrity_check').map((row) => row[0]);
}

/** One page of the dbstat virtual table: a b-tree page or an overflow page and who owns it. */
export interface DbstatPage {
  /** 1-based page number. */
  pgno: number;
  /** The table or index the page belongs to (`sqlite_schema` for the schema table). */
  name: string;
  pagetype: 'internal' | 'leaf' | 'overflow';
  /** dbstat's path: '/' the root, '/00a/' its 11th child, '/00a+000002' the third overflow page of a cell. */
  path: string;
}

/** Every b-tree and overflow page, ordered by page number (freelist and ptrmap pages are not listed). */
export function sqliteDbstat(file: string): DbstatPage[] {
  return sqliteValues(file, 'SELECT pageno, name, pagetype, path FROM dbstat ORDER BY pageno', 4).map(([pgno, name, type, path]) => ({
    pgno: Number(pgno.value),
    name: displayValue(name),
    pagetype: displayValue(type) as DbstatPage['pagetype'],
    path: displayValue(path),
  }));
}

/** One row of sqlite_schema. */
export interface SchemaEntry {
  type: 'table' | 'index' | 'view' | 'trigger';
  name: string;
  tblName: string;
  /** Root page number; 0 for views and triggers. */
  rootpage: number;
  /** The CREATE statement as stored; null for automatic indexes. */
  sql: string | null;
}

/** sqlite_schema in stored order. */
export function sqliteSchema(file: string): SchemaEntry[] {
  return sqliteValues(file, 'SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema', 5).map(([type, name, tbl, root, sql]) => ({
    type: displayValue(type) as SchemaEntry['type'],
    name: displayValue(name),
    tblName: displayValue(tbl),
    rootpage: Number(root.value ?? 0),
    sql: sql.type === 'null' ? null : displayValue(sql),
  }));
}

function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}
