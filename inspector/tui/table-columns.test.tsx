import { describe, expect, it } from 'vitest';
import { tableColumns } from './table-columns.js';

describe('tableColumns', () => {
  it('reads column names of a rowid table, skipping constraints, quotes and comments', () => {
    const sql = `CREATE TABLE "my t"(
      id INTEGER PRIMARY KEY,  -- the key, really
      "first name" TEXT CHECK (length("first name") > 0), [last] TEXT, \`x\` DEFAULT (1, 2),
      /* a, comment */ y,
      UNIQUE(id, y), CONSTRAINT c CHECK (y > 0))`;
    expect(tableColumns({ type: 'table', sql }, 0)).toEqual(['rowid', 'id', 'first name', 'last', 'x', 'y']);
  });

  it('gives WITHOUT ROWID tables and indexes their fields, padded or cut to the row width', () => {
    expect(tableColumns({ type: 'table', sql: 'CREATE TABLE kv(k TEXT PRIMARY KEY, v) WITHOUT ROWID' }, 2)).toEqual(['k', 'v']);
    expect(tableColumns({ type: 'index', sql: 'CREATE INDEX i ON t(b DESC, lower(c) COLLATE nocase)' }, 0)).toEqual(['b', 'lower(c)', 'rowid']);
    expect(tableColumns({ type: 'index', sql: null }, 3)).toEqual(['c0', 'c1', 'c2']);
    expect(tableColumns({ type: 'table', sql: 'CREATE TABLE t(a, b)' }, 5)).toEqual(['rowid', 'a', 'b', 'c3', 'c4']);
    expect(tableColumns(null, 2)).toEqual(['c0', 'c1']);
  });
});
