/**
 * Running a model call so that the TUI never crashes: a {@link SqliteError} becomes its message (the
 * pane shows it in red); any other error too, marked as internal, since a bug in one pane must not take
 * the whole inspector down.
 *
 * @module
 */
import { isSqliteError } from '../../src/error.js';

/** A value, or the message of the error that prevented it. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; error: string };

/** Calls `f`, catching every error into an {@link Attempt}. */
export function attempt<T>(f: () => T): Attempt<T> {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    return { ok: false, error: errorText(e) };
  }
}

/** One-line text of an error: `CODE: message` for a SqliteError, `internal error: …` otherwise. */
export function errorText(e: unknown): string {
  if (isSqliteError(e)) return `${e.code}: ${e.message}`;
  return `internal error: ${e instanceof Error ? e.message : String(e)}`;
}
