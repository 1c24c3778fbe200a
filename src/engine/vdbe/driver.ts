/**
 * The two drivers of the VM (DESIGN.md "I/O"): {@link stepSync} for backends whose completions
 * finish at once, {@link stepAsync} for truly asynchronous ones. Both re-enter `step()` after I/O;
 * BUSY is handed back to the caller (the API layer decides whether to wait or fail).
 *
 * @module
 */
import { SqliteError } from '../../error.js';
import type { StepResult } from './step-result.js';

/** Something with a restartable step (a Vm). */
export interface Steppable {
  step(): StepResult;
}

/**
 * Steps until Row, Done or Busy, re-entering after I/O that has already finished.
 * @throws Error when I/O is still pending (an asynchronous backend driven synchronously); the
 *   error of a failed completion; SqliteError from the program.
 */
export function stepSync(vm: Steppable): 'row' | 'done' | 'busy' {
  for (;;) {
    const r = vm.step();
    if (r.kind !== 'io') return r.kind;
    for (const c of r.pending) {
      if (!c.finished) throw new SqliteError('SQLITE_MISUSE', 'I/O is still pending: use the async API (connect()) with an asynchronous backend');
      if (c.state === 'failed') throw c.error;
    }
  }
}

/** Steps until Row, Done or Busy, awaiting the completions of every IO result. */
export async function stepAsync(vm: Steppable): Promise<'row' | 'done' | 'busy'> {
  for (;;) {
    const r = vm.step();
    if (r.kind !== 'io') return r.kind;
    await Promise.all(r.pending.map((c) => c.wait()));
    for (const c of r.pending) if (c.state === 'failed') throw c.error;
  }
}
