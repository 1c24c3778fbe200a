/**
 * A {@link Completion} is one I/O request in flight: a read, a write, a sync, a size query.
 *
 * It follows Turso's core/io Completion: the storage layers never await a promise. A backend whose
 * operations finish at once (node-sync, memory) hands back a completion that is already finished;
 * a truly asynchronous backend finishes it later. Code above the I/O layer checks
 * {@link Completion.finished} and, when it is false, returns {@link IOResult} "pending" with the
 * completion so that a driver can wait for it and re-enter.
 *
 * ```
 *   pending ──complete(value)──▶ done
 *      └──────fail(error)──────▶ failed
 * ```
 *
 * @module
 */

import { settleFields } from '../keep-shape.js';

/** State of a {@link Completion}. */
export type CompletionState = 'pending' | 'done' | 'failed';

/** One I/O operation; `T` is its result (bytes read, file size in bytes, or nothing). */
export class Completion<T = void> {
  private _state: CompletionState = 'pending';
  private _value: T | undefined;
  private _error: Error | undefined;
  private _waiters: Array<() => void> = [];
  private _promise: Promise<void> | undefined;

  /** A completion that is already finished with `value` (used by synchronous backends). */
  static done<T>(value: T): Completion<T> {
    const c = new Completion<T>();
    c.complete(value);
    return c;
  }

  /** A completion that already failed with `error`. */
  static failed<T>(error: Error): Completion<T> {
    const c = new Completion<T>();
    c.fail(error);
    return c;
  }

  get state(): CompletionState {
    return this._state;
  }

  /** True once the operation has succeeded or failed. */
  get finished(): boolean {
    return this._state !== 'pending';
  }

  /**
   * The operation's result.
   * @throws the operation's error when it failed; an `Error` when it is still pending.
   */
  get value(): T {
    if (this._state === 'done') return this._value as T;
    if (this._state === 'failed') throw this._error;
    throw new Error('Completion.value read while the I/O is still pending');
  }

  /** The error of a failed operation, else undefined. */
  get error(): Error | undefined {
    return this._error;
  }

  /** Finishes the operation with its result. A second call is ignored. */
  complete(value: T): void {
    if (this._state !== 'pending') return;
    this._state = 'done';
    this._value = value;
    this.wake();
  }

  /** Finishes the operation with an error. A second call is ignored. */
  fail(error: Error): void {
    if (this._state !== 'pending') return;
    this._state = 'failed';
    this._error = error;
    this.wake();
  }

  /**
   * A completion that finishes with `fn(value)` when this one succeeds, or with this one's error.
   * `fn` runs synchronously at completion time; an exception from it fails the returned completion.
   */
  map<U>(fn: (value: T) => U): Completion<U> {
    const out = new Completion<U>();
    const settle = (): void => {
      if (this._state === 'failed') return out.fail(this._error!);
      try {
        out.complete(fn(this._value as T));
      } catch (e) {
        out.fail(e as Error);
      }
    };
    if (this.finished) settle();
    else this._waiters.push(settle);
    return out;
  }

  /** Resolves (never rejects) once the completion is finished; read {@link value} afterwards. */
  wait(): Promise<void> {
    if (this.finished) return Promise.resolve();
    this._promise ??= new Promise<void>((resolve) => this._waiters.push(resolve));
    return this._promise;
  }

  private wake(): void {
    const ws = this._waiters;
    this._waiters = [];
    for (const w of ws) w();
  }
}

// Completions are made per I/O and finished with values of every kind: one finished when the
// module loads, its fields written as the first I/Os would write them (keep-shape.ts settleFields).
settleFields(Completion.done<unknown>(new Uint8Array(0)), { _value: 0, _error: new Error('settled'), _waiters: [] });
