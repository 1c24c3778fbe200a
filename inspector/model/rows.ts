/**
 * Reading every row of a table or index by name, as `SELECT rowid, * FROM t` shows it:
 * - a rowid table gives `[rowid, col1, col2, …]`, where an INTEGER PRIMARY KEY column (stored as
 *   NULL in the record, fileformat2 §2.1) shows the rowid, columns missing from an older record
 *   (added later by ALTER TABLE ADD COLUMN) show their DEFAULT, and an integer stored in a column of
 *   REAL affinity reads as a REAL (SQLite stores integral reals as integers to save space);
 * - an index or a WITHOUT ROWID table gives its record's fields (the b-tree kind is read from the root
 *   page's type, so this also works when the CREATE statement cannot be parsed); a WITHOUT ROWID
 *   table's record holds the PRIMARY KEY columns first, then the others in declaration order, and
 *   REAL affinity is applied to its fields as to a rowid table's columns.
 *
 * @module
 */
import { SqliteError } from '../../src/error.js';
import { BTreeCursor } from '../../src/btree/cursor.js';
import { decodeBtreePageHeader, storageClassOf, type SqlValue, type StorageClass } from '../../src/format/index.js';
import { runSync } from '../../src/io/io-result.js';
import type { InspectSession } from './session.js';
import { tableShape, type TableShape } from './table-shape.js';

/** Finds a schema object by name (case-insensitive, as SQLite matches identifiers). */
export function findObject(s: InspectSession, name: string) {
  const lower = name.toLowerCase();
  if (lower === 'sqlite_schema' || lower === 'sqlite_master')
    return { rowid: 0, type: 'table', name: 'sqlite_schema', tblName: 'sqlite_schema', rootpage: 1, sql: 'CREATE TABLE sqlite_schema(type text,name text,tbl_name text,rootpage integer,sql text)' };
  const schema = s.schema();
  const row = schema.rows.find((r) => r.name.toLowerCase() === lower && r.rootpage > 0);
  // Not found in a schema that could not be read whole: the reason it could not is the answer.
  if (!row && schema.error) throw schema.error;
  if (!row) throw new SqliteError('SQLITE_ERROR', `no such table or index: ${name}`);
  return row;
}

/**
 * Iterates the rows of table or index `name`, calling `each` with the row's values and their storage
 * classes (from the serial types; INTEGER and REAL are both JS numbers, so the classes tell them
 * apart); stops early when `each` returns false. Rows before `startRow` are stepped over without
 * being decoded. Cost follows the number of rows visited.
 */
export function forEachRow(s: InspectSession, name: string, each: (row: SqlValue[], classes: StorageClass[]) => boolean | void, startRow = 0): void {
  const obj = findObject(s, name);
  const pager = s.pager;
  const root = runSync(() => pager.getPage(obj.rootpage));
  const type = decodeBtreePageHeader(root, obj.rootpage).pageType;
  const kind = type === 5 || type === 13 ? 'table' : 'index';
  const cursor = new BTreeCursor(pager, obj.rootpage, kind, s.encoding);
  const shape = obj.type === 'table' ? tableShape(obj.sql) : null;
  const fieldAffinity = shape && kind === 'index' ? recordOrder(shape).map((c) => shape.affinities[c]) : null;
  let i = 0;
  for (let ok = runSync(() => cursor.first()); ok; ok = runSync(() => cursor.next()), i++) {
    if (i < startRow) continue;
    const rec = runSync(() => cursor.record());
    let row: SqlValue[];
    let classes: StorageClass[];
    if (kind === 'table') {
      const rowid = cursor.rowid();
      const cols = rec.values.slice();
      const cls = rec.serialTypes.map(storageClassOf);
      if (shape) {
        while (cols.length < shape.columnCount) {
          cls.push(shape.defaultClasses[cols.length]);
          cols.push(shape.defaults[cols.length]);
        }
        applyRealAffinity(cols, cls, shape.affinities);
        if (shape.ipk >= 0 && cols[shape.ipk] === null) {
          cols[shape.ipk] = rowid;
          cls[shape.ipk] = 'integer';
        }
      }
      row = [rowid, ...cols];
      classes = ['integer', ...cls];
    } else {
      row = rec.values;
      classes = rec.serialTypes.map(storageClassOf);
      if (fieldAffinity) applyRealAffinity(row, classes, fieldAffinity);
    }
    if (each(row, classes) === false) break;
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

/** Column indexes in the order a WITHOUT ROWID table's record stores them: key columns, then the rest. */
export function recordOrder(shape: TableShape): number[] {
  const rest = shape.names.map((_n, i) => i).filter((i) => !shape.primaryKey.includes(i));
  return [...shape.primaryKey, ...rest];
}

/** A REAL column stores integral values as integers; reading applies the affinity back. */
function applyRealAffinity(values: SqlValue[], classes: StorageClass[], affinities: readonly string[]): void {
  for (let c = 0; c < values.length; c++) {
    if (classes[c] === 'integer' && affinities[c] === 'REAL') {
      values[c] = Number(values[c]);
      classes[c] = 'real';
    }
  }
}
