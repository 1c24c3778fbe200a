/**
 * The function library's entry point: the registry the VDBE calls (registry.ts, which loads every
 * built-in, see builtins.ts) and the helpers a code generator needs.
 *
 * @module
 */
export type { AggregateFunction, FunctionContext, ScalarFunction, SqlFunction, WindowFrame } from './registry.js';
export { minMaxAggregate } from './aggregate.js';
export { findFunction, functionExists, registerFunction } from './registry.js';
