/**
 * `PRAGMA user_version = N` and `PRAGMA application_id = N` (pragma.html): compiled as SQLite
 * compiles them, a write transaction and a SetCookie into the database header, so that they take
 * effect when the statement runs and roll back with the transaction.
 *
 * ```
 *   0  Init         0  2
 *   1  SetCookie    0  6|8  N         P2: 6 user version (offset 60), 8 application id (offset 68)
 *   2  Halt
 *   3  Transaction  0  1              write transaction
 *   4  Goto         0  1
 * ```
 *
 * N is read with sqlite3Atoi (pragma-values.ts): a 32-bit integer, 0 when the value is not one.
 *
 * @module
 */
import { ProgramBuilder, type Program } from '../engine/vdbe/program.js';
import { sqliteAtoi } from './pragma-values.js';

/** SetCookie's P2 for each header pragma (SQLite's BTREE_USER_VERSION, BTREE_APPLICATION_ID). */
export const HEADER_COOKIES: Readonly<Record<string, number>> = { user_version: 6, application_id: 8 };

/** The program of `PRAGMA name = value` for a header pragma, or null when `name` is not one or there is no value. */
export function headerPragmaProgram(name: string, value: string | null, paramNames: ReadonlyMap<number, string>, nParam: number): Program | null {
  const field = HEADER_COOKIES[name.toLowerCase()];
  if (field === undefined || value === null) return null;
  const b = new ProgramBuilder();
  const init = b.emit('Init', 0, 0);
  b.emit('SetCookie', 0, field, sqliteAtoi(value));
  b.emit('Halt');
  b.patchP2(init, b.addr);
  // P5 0 as SQLite's: the program reads no schema, so no schema-cookie check (vm.ts Transaction).
  b.emit('Transaction', 0, 1, 0, null, 0);
  b.emit('Goto', 0, 1);
  return b.finish({ columnNames: [], columnTypes: [], columnOrigins: [], nParam, paramNames, readonly: false });
}
