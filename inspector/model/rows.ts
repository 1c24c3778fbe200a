/**
 * Reading every row of a table or index by name, as `SELECT rowid, * FROM t` shows it:
 * - a rowid table gives `[rowid, col1, col2, …]`, where an INTEGER PRIMARY KEY column (stored as
 *   NULL in the record, fileformat2 §2.1) shows the rowid, and columns missing from an older record
 *   (added later by ALTER TABLE ADD COLUMN) show their DEFAULT;
 * - an index or a WITHOUT ROWID table gives its record's fields (the b-tree kind is read from the root
 *   page's type, so this also works when the CREATE statement cannot be parsed).
 *
 * @module
 */
import { SqliteError } from '../../src/error.js';
import { BTreeCursor } from '../../src/btree/cursor.js';
import { decodeBtreePageHeader, type SqlValue } from '../../src/format/index.js';
import { runSync } from '../../src/io/io-result.js';
import type { InspectSession } from './session.js';
import { tableShape } from './table-shape.js';

/** Finds a schema object by name (case-insensitive, as SQLite matches identifiers). */
export function findObject(s: InspectSession, name: string) {
  const lower = name.toLowerCase();
  if (lower === 'sqlite_schema' || lower === 'sqlite_master')
    return { rowid: 0, type: 'table', name: 'sqlite_schema', tblName: 'sqlite_schema', rootpage: 1, sql: 'CREATE TABLE sqlite_schema(type text,name text,tbl_name text,rootpage integer,sql text)' };
  const row = s.schema().rows.find((r) => r.name.toLowerCase() === lower && r.rootpage > 0);
  if (!row) throw new SqliteError('SQLITE_ERROR', `no such table or index: ${name}`);
  return row;
}

/**
 * Iterates the rows of table or index `name`, calling `each` with the row's values; stops early when
 * `each` returns false. Cost follows the number of rows visited.
 */
export function forEachRow(s: InspectSession, name: string, each: (row: SqlValue[]) => boolean | void, startRow = 0): void {
  const obj = findObject(s, name);
  const pager = s.pager;
  const root = runSync(() => pager.getPage(obj.rootpage));
  const type = decodeBtreePageHeader(root, obj.rootpage).pageType;
  const kind = type === 5 || type === 13 ? 'table' : 'index';
  const cursor = new BTreeCursor(pager, obj.rootpage, kind, s.encoding);
  const shape = kind === 'table' && obj.type === 'table' ? tableShape(obj.sql) : null;
  let i = 0;
  for (let ok = runSync(() => cursor.first()); ok; ok = runSync(() => cursor.next()), i++) {
    if (i < startRow) continue;
    const values = runSync(() => cursor.record()).values;
    let row: SqlValue[];
    if (kind === 'table') {
      const rowid = cursor.rowid();
      const cols = values.slice();
      if (shape) {
        while (cols.length < shape.columnCount) cols.push(shape.defaults[cols.length] ?? null);
        if (shape.ipk >= 0 && cols[shape.ipk] === null) cols[shape.ipk] = rowid;
      }
      row = [rowid, ...cols];
    } else row = values;
    if (each(row) === false) break;
  }
}

/** All rows of table or index `name` (see the module doc for their shape). */
export function tableRows(s: InspectSession, name: string): SqlValue[][] {
  const out: SqlValue[][] = [];
  forEachRow(s, name, (r) => {
    out.push(r);
  });
  return out;
}
