/**
 * VACUUM [schema] [INTO expr] (lang_vacuum.html) → one `Vacuum` instruction, as SQLite's
 * sqlite3Vacuum codes it:
 *
 * ```
 *   0  Init    0  3
 *   1  String8 0  1  'file'      only for INTO: the file name expression, into r[1]
 *   2  Vacuum  0  1              P1 the database (0 main), P2 the INTO register (0: in place)
 *   3  Halt
 * ```
 *
 * No Transaction instruction: the connection checks that no transaction is open and no other
 * statement runs, then opens its own (VmHost.vacuum; src/api/vacuum.ts does the work). The program
 * is not read-only (sqlite3_stmt_readonly is false for VACUUM), so a failure rolls back what the
 * in-place rebuild wrote.
 *
 * Names as sqlite3TwoPartName resolves them: none or `main` is the main database, `temp` codes
 * nothing (SQLite's VACUUM temp is a no-op), any other is "unknown database X". The INTO
 * expression may not name columns (sqlite3ResolveSelfReference with no table).
 *
 * @module
 */
import type { VacuumStatement } from '../parser/ast.js';
import { sqlError, type Ctx } from './context.js';
import { exprToReg } from './expr.js';
import { Scope } from './scope.js';

/** Emits VACUUM's instruction (none for `VACUUM temp`). @throws SqliteError "unknown database X". */
export function codeVacuum(ctx: Ctx, stmt: VacuumStatement): void {
  const name = stmt.schema?.toLowerCase() ?? 'main';
  if (name === 'temp') return;
  if (name !== 'main') throw sqlError(`unknown database ${stmt.schema}`);
  const into = stmt.into === null ? 0 : exprToReg(ctx, new Scope(null), stmt.into);
  ctx.b.emit('Vacuum', 0, into);
}
