/**
 * PRAGMA integrity_check[(N | table)] and quick_check (pragma.html#pragma_integrity_check) for a
 * connection: the check of src/engine/integrity over the connection's snapshot (its own
 * uncommitted pages included), one column named after the pragma, SQLite's rows.
 *
 * @module
 */
import { readSchemaTable } from '../btree/schema-table.js';
import { SqliteError } from '../error.js';
import { runSync } from '../io/io-result.js';
import { integrityCheck } from '../engine/integrity/index.js';
import type { Connection } from './connection.js';
import type { PragmaTable } from './pragma.js';

/**
 * The rows of integrity_check / quick_check. `arg`: the most errors to report (default 100); a
 * non-numeric argument (a table name) is not supported.
 * @throws SqliteError SQLITE_CORRUPT ("database disk image is malformed") when reading the rows
 *   fails half-way, as SQLite's statement fails; SQLITE_ERROR for a table-name argument.
 */
export function integrityRows(conn: Connection, name: 'integrity_check' | 'quick_check', arg: string | null): PragmaTable {
  let maxErrors = 100;
  if (arg !== null) {
    if (!/^\s*[-+]?\d+\s*$/.test(arg)) throw new SqliteError('SQLITE_ERROR', `PRAGMA ${name}(table) is not supported yet`);
    const n = Number(arg);
    maxErrors = n <= 0 ? 100 : n;
  }
  const pager = conn.pager;
  const schemaRows = runSync(() => readSchemaTable(pager, conn.encoding));
  const r = integrityCheck(pager, conn.schema, schemaRows, conn.encoding, { quick: name === 'quick_check', maxErrors });
  if (r.error) throw r.error;
  return { columns: [name], rows: r.rows.map((x) => [x]) };
}
