/**
 * A restartable multi-phase I/O operation (a commit, a checkpoint, a journal rollback).
 *
 * Each phase runs once and returns the completions it started; {@link IOJob.step} returns pending
 * until they have all finished, then runs the next phase. A failed completion throws its error from
 * `step()` and ends the job. This is how a write operation honours the IOResult contract
 * (DESIGN.md, "I/O"): calling `step()` again after pending resumes where it stopped.
 *
 * @module
 */
import type { Completion } from './completion.js';
import { pending, ready, type IOResult } from './io-result.js';

/** One phase: does some synchronous work and returns the completions it waits on (or nothing). */
export type IOPhase = () => Completion<unknown>[] | void;

/** A sequence of phases ending in a value. */
export class IOJob<T> {
  private next = 0;
  private waiting: Completion<unknown>[] = [];
  private result: { value: T } | undefined;

  constructor(
    private readonly phases: readonly IOPhase[],
    private readonly finish: () => T,
  ) {}

  /** Runs phases until one is waiting on I/O (pending) or all are done (the value). */
  step(): IOResult<T> {
    if (this.result) return ready(this.result.value);
    for (;;) {
      if (this.waiting.length) {
        const open = this.waiting.filter((c) => !c.finished);
        if (open.length) return pending(...open);
        for (const c of this.waiting) if (c.state === 'failed') throw c.error;
        this.waiting = [];
      }
      if (this.next === this.phases.length) {
        this.result = { value: this.finish() };
        return ready(this.result.value);
      }
      this.waiting = this.phases[this.next++]() ?? [];
    }
  }
}
