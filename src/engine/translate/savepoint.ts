/**
 * SAVEPOINT name / RELEASE [SAVEPOINT] name / ROLLBACK [TRANSACTION] TO [SAVEPOINT] name
 * (lang_savepoint.html) → one `Savepoint` instruction, as SQLite's sqlite3Savepoint codes it:
 *
 * ```
 *   0  Init       0  2
 *   1  Savepoint  P1 0  0  name      P1: 0 SAVEPOINT (begin), 1 RELEASE, 2 ROLLBACK TO
 *   2  Halt
 * ```
 *
 * The connection does the work when the instruction runs (VmHost.savepoint).
 *
 * @module
 */
import type { ReleaseStatement, RollbackStatement, SavepointStatement } from '../parser/ast.js';
import type { Ctx } from './context.js';

/** P1 of the Savepoint opcode (SQLite's SAVEPOINT_BEGIN, SAVEPOINT_RELEASE, SAVEPOINT_ROLLBACK). */
export const SAVEPOINT_BEGIN = 0;
export const SAVEPOINT_RELEASE = 1;
export const SAVEPOINT_ROLLBACK = 2;

/** Emits the Savepoint instruction of `stmt` (a ROLLBACK must name a savepoint). */
export function codeSavepoint(ctx: Ctx, stmt: SavepointStatement | ReleaseStatement | RollbackStatement): void {
  const op = stmt.type === 'savepoint' ? SAVEPOINT_BEGIN : stmt.type === 'release' ? SAVEPOINT_RELEASE : SAVEPOINT_ROLLBACK;
  const name = stmt.type === 'rollback' ? (stmt.savepoint ?? '') : stmt.name;
  ctx.b.emit('Savepoint', op, 0, 0, { kind: 'string', value: name });
}
