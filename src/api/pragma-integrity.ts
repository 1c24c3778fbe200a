/**
 * PRAGMA integrity_check[(N | table)] and quick_check (pragma.html#pragma_integrity_check) for a
 * connection: the check of src/engine/integrity over the connection's snapshot (its own
 * uncommitted pages included), one column named after the pragma, SQLite's rows.
 *
 * @module
 */
import { readSchemaTable } from '../btree/schema-table.js';
import { runSync } from '../io/io-result.js';
import { integrityCheck } from '../engine/integrity/index.js';
import type { Connection } from './connection.js';
import type { PragmaTable } from './pragma.js';
import { sqliteAtoi } from './pragma-values.js';

/**
 * The rows of integrity_check / quick_check. `arg`: the most errors to report when it starts with
 * an integer (≤ 0: the default, 100), else the one table to check, as SQLite reads it.
 * @throws SqliteError SQLITE_CORRUPT ("database disk image is malformed") when reading the rows
 *   fails half-way, as SQLite's statement fails; SQLITE_ERROR "no such table: X".
 */
export function integrityRows(conn: Connection, name: 'integrity_check' | 'quick_check', arg: string | null): PragmaTable {
  let maxErrors = 100;
  let table: string | undefined;
  if (arg !== null) {
    if (/^[-+]?\d/.test(arg) || /^0[xX][0-9a-fA-F]/.test(arg)) {
      const n = sqliteAtoi(arg);
      maxErrors = n <= 0 ? 100 : n;
    } else table = arg;
  }
  const pager = conn.pager;
  const schemaRows = runSync(() => readSchemaTable(pager, conn.encoding));
  const r = integrityCheck(pager, conn.schema, schemaRows, conn.encoding, { quick: name === 'quick_check', maxErrors, table });
  if (r.error) throw r.error;
  return { columns: [name], rows: r.rows.map((x) => [x]) };
}
