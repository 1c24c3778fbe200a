/**
 * The function table behind registry.ts: name (lower case) → the entries for each arity.
 *
 * @module
 */
import type { AggregateFunction, ScalarFunction, SqlFunction } from './registry.js';

const byName = new Map<string, SqlFunction[]>();

/** Adds `fn` to the registry (later registrations with the same name and nArg replace earlier ones). */
export function registerFunction(fn: SqlFunction): void {
  const key = fn.name.toLowerCase();
  const list = byName.get(key) ?? [];
  const i = list.findIndex((f) => f.nArg === fn.nArg);
  if (i >= 0) list[i] = fn;
  else list.push(fn);
  byName.set(key, list);
}

/**
 * The function called `name` (case-insensitive) taking `nArg` arguments: an exact-arity entry first,
 * else a variadic one; `undefined` when there is none (the caller reports "no such function: X" or
 * "wrong number of arguments to function X()").
 */
export function findFunction(name: string, nArg: number): ScalarFunction | AggregateFunction | undefined {
  const list = byName.get(name.toLowerCase());
  if (list === undefined) return undefined;
  return list.find((f) => f.nArg === nArg) ?? list.find((f) => f.nArg === -1);
}

/** True when some function of any arity is called `name` (to tell "wrong number of arguments" apart). */
export function functionExists(name: string): boolean {
  return byName.has(name.toLowerCase());
}

/** Every registered function, in registration order per name. */
export function listFunctions(): SqlFunction[] {
  return [...byName.values()].flat();
}
