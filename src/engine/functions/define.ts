/**
 * Helpers to declare built-in functions and raise their errors in SQLite's words.
 *
 * @module
 */
import { SqliteError } from '../../error.js';
import type { Value } from '../value/value.js';
import type { FunctionContext, ScalarFunction } from './registry.js';
import { registerFunction } from './registry.js';

/** SQLITE_LIMIT_LENGTH's default: the largest TEXT or BLOB in bytes. */
export const MAX_LENGTH_BYTES = 1_000_000_000;

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
