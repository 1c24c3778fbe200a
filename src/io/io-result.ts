/**
 * `IOResult<T>`: what every storage operation returns (Turso's `IOResult`).
 *
 * Either the operation is done with a value, or it is pending on one or more {@link Completion}s.
 * An operation that returns pending has changed no state: the caller waits for the completions and
 * calls it again. {@link runSync} and {@link runAsync} are the two drivers.
 *
 * @module
 */
import { Completion } from './completion.js';
import { SqliteError } from '../error.js';

/** Done with `value`. */
export interface IODone<T> {
  readonly done: true;
  readonly value: T;
}

/** Waiting on `pending` completions; nothing has changed yet. */
export interface IOPending {
  readonly done: false;
  readonly pending: readonly Completion<unknown>[];
}

/** The result of a storage operation that may have to wait for I/O. */
export type IOResult<T> = IODone<T> | IOPending;

/** Wraps a finished value. */
export function ready<T>(value: T): IODone<T> {
  return { done: true, value };
}

/** Wraps the completions an operation waits on. */
export function pending(...completions: Completion<unknown>[]): IOPending {
  return { done: false, pending: completions };
}

/**
 * Sync driver: calls `op` until it is done. For backends whose completions finish at once
 * (node-sync, memory) this loops at most a few times.
 *
 * @throws SqliteError SQLITE_MISUSE when `op` stays pending on a completion that has not finished
 *   (an asynchronous backend driven synchronously), or whatever `op` or a failed completion throws.
 */
export function runSync<T>(op: () => IOResult<T>): T {
  for (;;) {
    const r = op();
    if (r.done) return r.value;
    for (const c of r.pending) {
      if (!c.finished) throw new SqliteError('SQLITE_MISUSE', 'I/O is still pending: a synchronous read cannot wait for this backend (use runAsync, or the async API connect())');
      if (c.state === 'failed') throw c.error;
    }
  }
}

/**
 * Async driver: calls `op`, awaits the completions it is pending on, and calls it again until done.
 * @throws whatever `op` or a failed completion throws.
 */
export async function runAsync<T>(op: () => IOResult<T>): Promise<T> {
  for (;;) {
    const r = op();
    if (r.done) return r.value;
    await Promise.all(r.pending.map((c) => c.wait()));
    for (const c of r.pending) if (c.state === 'failed') throw c.error;
  }
}
