/**
 * Reading `sqlite_schema`, the table b-tree rooted at page 1 (fileformat2 §2.6).
 *
 * Each row is `(type, name, tbl_name, rootpage, sql)`: type is 'table', 'index', 'view' or
 * 'trigger'; rootpage is 0 for views, triggers and (in this column) virtual tables; `sql` is NULL for
 * automatic indexes (sqlite_autoindex_*).
 *
 * @module
 */
import { corrupt } from '../error.js';
import type { TextEncoding } from '../format/index.js';
import { ready, type IOResult } from '../io/io-result.js';
import { BTreeCursor } from './cursor.js';
import type { PageSource } from './payload.js';

/** One row of sqlite_schema. */
export interface SchemaRow {
  /** rowid of the row in sqlite_schema. */
  rowid: number | bigint;
  type: string;
  name: string;
  tblName: string;
  /** Root page of the table or index b-tree; 0 for views and triggers. */
  rootpage: number;
  sql: string | null;
}

/**
 * All rows of sqlite_schema, in rowid order. An empty database (0 pages) has none.
 * @throws SqliteError SQLITE_CORRUPT when a row is not of the expected shape.
 */
export function readSchemaTable(source: PageSource, encoding: TextEncoding): IOResult<SchemaRow[]> {
  if (source.pageCount === 0) return ready([]);
  const c = new BTreeCursor(source, 1, 'table', encoding);
  const rows: SchemaRow[] = [];
  // Restartable: a pending result restarts the scan from the first row.
  const first = c.first();
  if (!first.done) return first;
  for (let ok = first.value; ok; ) {
    const rec = c.record();
    if (!rec.done) return rec;
    const v = rec.value.values;
    const pos = c.position!;
    const type = v[0];
    const name = v[1];
    const tbl = v[2];
    const root = v[3] ?? 0;
    const sql = v[4] ?? null;
    if (typeof type !== 'string' || typeof name !== 'string' || (typeof root !== 'number' && typeof root !== 'bigint'))
      throw corrupt(`malformed sqlite_schema row ${String(c.rowid())}`, pos.pgno);
    rows.push({ rowid: c.rowid(), type, name, tblName: typeof tbl === 'string' ? tbl : name, rootpage: Number(root), sql: typeof sql === 'string' ? sql : null });
    const n = c.next();
    if (!n.done) return n;
    ok = n.value;
  }
  return ready(rows);
}
