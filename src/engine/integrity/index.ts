/**
 * PRAGMA integrity_check / quick_check (pragma.html#pragma_integrity_check), with SQLite 3.40's
 * result rows:
 *
 * ```
 *   "*** in database main ***\n" + the page-level messages, one per line   (page-check.ts; one row)
 *   then one row per row-level finding                                      (row-check.ts)
 *   "ok" when there is none
 * ```
 *
 * At most `maxErrors` findings are reported (PRAGMA integrity_check(N), default 100; each line of
 * the first row counts), as SQLite's error budget does. quick_check skips the index checks.
 *
 * @module
 */
import type { PageSource } from '../../btree/payload.js';
import type { SchemaRow } from '../../btree/schema-table.js';
import type { HeaderFields } from '../../btree/page-store.js';
import { isSqliteError, SqliteError } from '../../error.js';
import type { DatabaseHeader, TextEncoding } from '../../format/index.js';
import { runSync, type IOResult } from '../../io/io-result.js';
import { parseStatement } from '../parser/parser.js';
import type { Index, Schema } from '../schema/types.js';
import { CheckLog } from './messages.js';
import { PageCheck } from './page-check.js';
import { checkTableRows, type IndexRowEval, type TableToCheck } from './row-check.js';
import { hashIterationOrder } from './table-order.js';

/** What the check reads: the pager (pages as of the connection's snapshot) and its header. */
export interface IntegritySource extends PageSource {
  readonly pageSize: number;
  readonly dbHeader: DatabaseHeader | null;
  /** The stored bytes of a page (shorter than a page when the file ends inside it); absent for encrypted files. */
  readRawPage?(pgno: number): IOResult<Uint8Array>;
  /** Inside a write transaction the b-tree header fields live here, not in `dbHeader` (read only then). */
  readonly inWriteTransaction?: boolean;
  readonly header?: HeaderFields;
  /** Size of the database file in bytes, and the last WAL frame of the snapshot (0: none). */
  readonly fileSizeBytes?: number;
  readonly snapshot?: number;
}

/**
 * What makes SQLite refuse to prepare the pragma at all on this file (its schema load, sqlite3InitCallback
 * and lockBtree): the header's page count beyond the file, a schema row whose SQL is not a CREATE
 * statement, a root page beyond the database, an index row without SQL that is no automatic index.
 */
function schemaLoadFails(source: IntegritySource, schema: Schema, rows: readonly SchemaRow[]): boolean {
  const nPage = source.pageCount;
  if (!source.inWriteTransaction && !source.snapshot && source.fileSizeBytes !== undefined && source.pageSize > 0 && nPage > Math.ceil(source.fileSizeBytes / source.pageSize)) return true;
  for (const r of rows) {
    if (r.sql !== null && r.sql !== '') {
      if (!/^cr/i.test(r.sql) || (nPage > 0 && r.rootpage > nPage) || r.rootpage < 0) return true;
    } else {
      const ix = schema.indexes.get(r.name.toLowerCase());
      if (!ix || r.rootpage < 2 || r.rootpage > nPage) return true;
    }
  }
  return false;
}

/** Options of {@link integrityCheck}. */
export interface IntegrityOptions {
  /** quick_check: no index checks (default false). */
  quick?: boolean;
  /** The most findings to report (default 100; ≥ 1). */
  maxErrors?: number;
  /** Check only this table and its indexes (PRAGMA integrity_check(TABLE)). */
  table?: string;
  /** Evaluates partial-index WHEREs and expression keys, so that those indexes are checked too (row-check.ts). */
  evalRow?: IndexRowEval;
}

/** The result rows, and the error that stopped the row checks early (SQLite's statement error), if any. */
export interface IntegrityResult {
  rows: string[];
  error: SqliteError | null;
}

/** The tables in SQLite's order with their indexes in SQLite's pIndex order (newest first). */
function tablesInOrder(schema: Schema, rows: readonly SchemaRow[]): (TableToCheck | null)[] {
  const named = rows.filter((r) => r.type === 'table' || r.type === 'view');
  const names = ['sqlite_master', ...named.map((r) => r.name)];
  return hashIterationOrder(names).map((i): TableToCheck | null => {
    if (i === 0) return { table: schema.tables.get('sqlite_schema')!, name: 'sqlite_master', indexes: [], strict: false, pkDesc: [] };
    const row = named[i - 1];
    const table = row.type === 'table' ? schema.tables.get(row.name.toLowerCase()) : undefined;
    if (!table || !table.sql) return null;
    let strict = false;
    let pkAt = -1;
    let pkDesc: boolean[] = [];
    try {
      const st = parseStatement(table.sql);
      if (st.type === 'create-table') {
        strict = st.strict;
        if (table.withoutRowid) pkAt = primaryKeyPosition(st);
        for (const c of st.columns) for (const k of c.constraints) if (k.type === 'primary-key') pkDesc = [k.direction === 'DESC'];
        for (const k of st.constraints) if (k.type === 'primary-key') pkDesc = k.columns.map((t) => t.direction === 'DESC');
      }
    } catch {
      // the schema already parsed it once
    }
    const autos = table.indexes.filter((ix) => ix.sql === null);
    const created = table.indexes.filter((ix) => ix.sql !== null);
    if (table.withoutRowid) {
      const pk: Index = { name: `sqlite_autoindex_${table.name}_pk`, tableName: table.name, rootPage: table.rootPage, columns: [], unique: true, where: null, origin: 'pk', sql: null };
      autos.splice(Math.max(0, Math.min(pkAt, autos.length)), 0, pk);
    }
    return { table, name: table.name, indexes: [...autos, ...created].reverse(), strict, pkDesc };
  });
}

/** How many UNIQUE constraints come before the PRIMARY KEY in a CREATE TABLE (parse order). */
function primaryKeyPosition(st: { columns: { constraints: { type: string }[] }[]; constraints: { type: string }[] }): number {
  let uniques = 0;
  for (const c of st.columns) {
    for (const k of c.constraints) {
      if (k.type === 'primary-key') return uniques;
      if (k.type === 'unique') uniques++;
    }
  }
  for (const k of st.constraints) {
    if (k.type === 'primary-key') return uniques;
    if (k.type === 'unique') uniques++;
  }
  return uniques;
}

/**
 * Runs the check over `source` with `schema` and the sqlite_schema rows it was built from.
 * Never throws for a broken file: page-level problems are messages; a row-level read that fails
 * ends the check with `error` set (the rows found until then are kept).
 */
export function integrityCheck(source: IntegritySource, schema: Schema, schemaRows: readonly SchemaRow[], encoding: TextEncoding, opts: IntegrityOptions = {}): IntegrityResult {
  const maxErrors = Math.max(1, opts.maxErrors ?? 100);
  // A file shorter than one page still has a page 1 for SQLite (zeros past the end): not a database.
  if (source.pageCount === 0 && (source.fileSizeBytes ?? 0) > 0) return { rows: [], error: new SqliteError('SQLITE_CORRUPT', 'database disk image is malformed') };
  if (source.pageCount === 0) return { rows: ['ok'], error: null };
  if (schemaLoadFails(source, schema, schemaRows)) return { rows: [], error: new SqliteError('SQLITE_CORRUPT', 'database disk image is malformed') };
  let tables = tablesInOrder(schema, schemaRows);
  if (opts.table !== undefined) {
    const want = opts.table.toLowerCase();
    const only = tables.filter((t) => t && (t.name.toLowerCase() === want || (want === 'sqlite_schema' && t.name === 'sqlite_master')));
    if (only.length === 0) return { rows: [], error: new SqliteError('SQLITE_ERROR', `no such table: ${opts.table}`) };
    tables = only;
  }
  const roots: number[] = [];
  for (const t of tables) {
    if (!t) {
      roots.push(0);
      continue;
    }
    if (!t.table.withoutRowid) roots.push(t.table.rootPage);
    for (const ix of t.indexes) roots.push(ix.rootPage);
  }
  const log = new CheckLog(maxErrors);
  // The transaction's own freelist and root fields when the check runs inside a write transaction.
  const h = source.inWriteTransaction && source.header ? source.header : source.dbHeader;
  const read = (pgno: number): Uint8Array | null => {
    try {
      return runSync(() => source.getPage(pgno));
    } catch {
      // A page cut short by the end of the file reads as zeros past it, as SQLite's pager reads it.
      try {
        const raw = source.readRawPage ? runSync(() => source.readRawPage!(pgno)) : null;
        if (!raw || raw.length >= source.pageSize) return null;
        const page = new Uint8Array(source.pageSize);
        page.set(raw);
        return page;
      } catch {
        return null;
      }
    }
  };
  new PageCheck({ pageCount: source.pageCount, pageSize: source.pageSize, usableSize: source.usableSize, read }, log).run(roots, {
    freelistTrunk: h?.freelistTrunk ?? 0,
    freelistCount: h?.freelistCount ?? 0,
    largestRootPage: h?.largestRootPage ?? 0,
    incrementalVacuum: h?.incrementalVacuum ?? 0,
  }, opts.table !== undefined);
  const rows: string[] = [];
  // SQLite's register 1: errors left after the current row (see integrityCheckResultRow).
  let left = log.messages.length ? maxErrors - log.messages.length : maxErrors - 1;
  const emit = (text: string): boolean => {
    rows.push(text);
    if (left > 0) {
      left--;
      return true;
    }
    return false;
  };
  if (log.messages.length && !emit(`*** in database main ***\n${log.messages.join('\n')}`)) return { rows, error: null };
  try {
    for (const t of tables) {
      if (t && !checkTableRows(source, encoding, t, opts.quick ?? false, emit, opts.evalRow ?? null)) return { rows, error: null };
    }
  } catch (e) {
    // A misuse (I/O a synchronous read cannot wait for) is no corruption: it goes as it came.
    if (!isSqliteError(e) || e.code === 'SQLITE_MISUSE') throw e;
    return { rows, error: new SqliteError('SQLITE_CORRUPT', 'database disk image is malformed', { pgno: e.pgno }) };
  }
  return { rows: rows.length ? rows : ['ok'], error: null };
}
