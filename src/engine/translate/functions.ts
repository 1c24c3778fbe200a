/**
 * How the translator finds SQL functions: the function library's registry (src/engine/functions),
 * plus min()/max() aggregates bound to their argument's collation, as SQLite binds them (the
 * collation of the argument decides how TEXT values compare).
 *
 * @module
 */
import { findFunction, functionExists, minMaxAggregate, type AggregateFunction, type ScalarFunction } from '../functions/index.js';
import { collationFn } from './expr.js';

/** The function `name` taking `nArg` arguments, or undefined. */
export function resolveFunction(name: string, nArg: number): ScalarFunction | AggregateFunction | undefined {
  return findFunction(name, nArg);
}

/** True when some function of any arity is called `name`. */
export function functionNameKnown(name: string): boolean {
  return functionExists(name);
}

/** The aggregate for a call: min/max compare through `collation`; others as registered. */
export function aggregateFor(name: string, nArg: number, collation: string): AggregateFunction | undefined {
  const lower = name.toLowerCase();
  if ((lower === 'min' || lower === 'max') && nArg === 1) return minMaxAggregate(lower === 'max', collationFn(collation));
  const f = findFunction(name, nArg);
  return f?.kind === 'aggregate' ? f : undefined;
}
