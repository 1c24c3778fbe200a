/**
 * A statement's rows or its error message as one comparable value, for tests that run the same
 * statements on Strata and an oracle and expect the same rows or the same error.
 * @module
 */

/** `{ rows }` from `run()`, or `{ error }` with the message it threw. */
export function rowsOrError(run: () => unknown[]): unknown {
  try {
    return { rows: run() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** {@link rowsOrError} for an asynchronous `run` (the promise API). */
export async function rowsOrErrorAsync(run: () => Promise<unknown[]>): Promise<unknown> {
  try {
    return { rows: await run() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}
