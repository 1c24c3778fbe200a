/**
 * What one call of the VM's `step()` gives back (Turso's StepResult): a result row is ready, the
 * program finished, it waits on I/O (call `step()` again once the completions finish), or the
 * database is locked by another connection.
 *
 * @module
 */
import type { Completion } from '../../io/completion.js';

/** A row is ready: read it with `Vm.row()`. */
export interface StepRow {
  readonly kind: 'row';
}
/** The program halted normally. */
export interface StepDone {
  readonly kind: 'done';
}
/** Waiting on I/O; nothing changed by the interrupted instruction. */
export interface StepIO {
  readonly kind: 'io';
  readonly pending: readonly Completion<unknown>[];
}
/** Another connection holds the lock; retry later. */
export interface StepBusy {
  readonly kind: 'busy';
}

/** Row | Done | IO | Busy. */
export type StepResult = StepRow | StepDone | StepIO | StepBusy;

/** The shared Row result. */
export const ROW: StepRow = { kind: 'row' };
/** The shared Done result. */
export const DONE: StepDone = { kind: 'done' };
/** The shared Busy result. */
export const BUSY: StepBusy = { kind: 'busy' };
