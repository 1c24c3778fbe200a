/**
 * Helpers to declare built-in functions and raise their errors in SQLite's words.
 *
 * @module
 */
import { SqliteError } from '../../error.js';
import type { Value } from '../value/value.js';
import type { FunctionContext, ScalarFunction } from './registry.js';
import { registerFunction } from './store.js';

/**
 * SQLITE_LIMIT_LENGTH: the largest TEXT or BLOB in bytes. SQLite's default is 10^9; better-sqlite3
 * lowers it to V8's longest string (2^29 − 24), and so does Strata, whose TEXT values are JavaScript
 * strings.
 */
export const MAX_LENGTH_BYTES = 536_870_888;

/** A function error: SqliteError SQLITE_ERROR with SQLite's message. */
export function fnError(message: string): SqliteError {
  return new SqliteError('SQLITE_ERROR', message);
}

/** "string or blob too big" (SQLITE_TOOBIG), for results beyond {@link MAX_LENGTH_BYTES}. */
export function tooBig(): SqliteError {
  return new SqliteError('SQLITE_TOOBIG', 'string or blob too big');
}

/** "wrong number of arguments to function NAME()". */
export function wrongArgs(name: string): SqliteError {
  return fnError(`wrong number of arguments to function ${name}()`);
}

/**
 * Registers a scalar function for each arity in `nArgs` (−1 = any).
 * @param deterministic - false for random(), changes() and the like.
 */
export function scalar(
  name: string,
  nArgs: number | number[],
  call: (args: Value[], ctx: FunctionContext) => Value,
  deterministic = true,
): void {
  for (const nArg of Array.isArray(nArgs) ? nArgs : [nArgs]) {
    const fn: ScalarFunction = { kind: 'scalar', name, nArg, deterministic, call };
    registerFunction(fn);
  }
}
