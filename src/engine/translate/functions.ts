/**
 * How the translator finds SQL functions: the function library's registry (src/engine/functions).
 * Functions that compare TEXT (min, max, nullif) are bound to the collation of their first
 * argument that has one, as SQLite does for SQLITE_FUNC_NEEDCOLL functions (OP_CollSeq).
 *
 * @module
 */
import { findFunction, functionExists, type AggregateFunction, type ScalarFunction } from '../functions/index.js';
import { collationFn } from './expr.js';

/** The function `name` taking `nArg` arguments, or undefined. */
export function resolveFunction(name: string, nArg: number): ScalarFunction | AggregateFunction | undefined {
  return findFunction(name, nArg);
}

/** True when some function of any arity is called `name`. */
export function functionNameKnown(name: string): boolean {
  return functionExists(name);
}

/** The aggregate for a call, bound to `collation` when it compares TEXT (min, max). */
export function aggregateFor(name: string, nArg: number, collation: string | null): AggregateFunction | undefined {
  const f = findFunction(name, nArg);
  if (f?.kind !== 'aggregate') return undefined;
  return collation && f.withCollation ? f.withCollation(collationFn(collation)) : f;
}

/** A scalar bound to `collation` when it compares TEXT (min, max, nullif). */
export function scalarWithCollation(f: ScalarFunction, collation: string | null): ScalarFunction {
  return collation && f.withCollation ? f.withCollation(collationFn(collation)) : f;
}
