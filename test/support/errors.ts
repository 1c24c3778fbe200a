/**
 * Catching the typed error a call must throw.
 * @module
 */
import { isSqliteError, type SqliteError } from '../../src/error.js';

/**
 * Runs `fn` and returns the SqliteError it throws; fails the test when it returns normally, and
 * rethrows any other kind of error (a crash is not a typed error).
 */
export function sqliteErrorOf(fn: () => unknown): SqliteError {
  try {
    fn();
  } catch (e) {
    if (isSqliteError(e)) return e;
    throw e;
  }
  throw new Error('expected a SqliteError, but the call returned');
}
