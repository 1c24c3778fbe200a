/**
 * The function registry the VDBE calls (opcodes Function, AggStep, AggInverse, AggValue, AggFinal;
 * sqlite.org/opcode.html).
 *
 * A function is found by name (case-insensitive, as SQLite matches names) and argument count. As in
 * SQLite's FuncDef lookup, an entry registered for an exact `nArg` wins over a variadic one
 * (`nArg` = −1) of the same name.
 *
 * Aggregates and window functions share one shape: `init()` makes a fresh state, `step()` folds one
 * row in and returns the (possibly new) state, `final()` produces the result; window functions add
 * `inverse()` (a row leaves the frame) and `value()` (the current result without ending the state).
 * DISTINCT is the caller's job: it filters rows before `step()`.
 *
 * Errors raised by functions are `SqliteError('SQLITE_ERROR', …)` worded as SQLite words them
 * (e.g. "integer overflow"); results past SQLITE_LIMIT_LENGTH are `SqliteError('SQLITE_TOOBIG',
 * 'string or blob too big')`. Variadic functions with a minimum count (coalesce ≥ 2, concat ≥ 1,
 * concat_ws ≥ 2, iif ≥ 2, scalar max/min ≥ 2) throw "wrong number of arguments to function F()"
 * from `call()`; SQLite says so when preparing, so a code generator may check the count first.
 *
 * Importing this module loads the whole built-in library (builtins.ts).
 *
 * @module
 */
import type { Collation } from '../value/compare.js';
import type { Value } from '../value/value.js';
// The built-in library registers itself on import, so that every importer of this module (the
// VDBE, the translator) sees all functions. The map lives in store.ts, evaluated first.
export { findFunction, functionExists, listFunctions, registerFunction } from './store.js';
import './builtins.js';

/**
 * What a function may ask of the connection and statement that calls it.
 * Units: row counts as SQLite counts them (sqlite3_changes64 / sqlite3_total_changes64).
 */
export interface FunctionContext {
  /** Rows changed by the most recent INSERT/UPDATE/DELETE (`changes()`). */
  changes(): number | bigint;
  /** Rowid of the most recent successful INSERT on the connection (`last_insert_rowid()`). */
  lastInsertRowid(): number | bigint;
  /** Rows changed since the connection opened (`total_changes()`). */
  totalChanges(): number | bigint;
  /**
   * The current time for 'now' in date/time functions, in milliseconds since the Unix epoch.
   * SQLite keeps it fixed for the whole statement (sqlite3StmtCurrentTime): callers should return the
   * same value for every call in one statement.
   */
  now(): number;
  /** Fills `out` with random bytes (random(), randomblob()). */
  randomBytes(out: Uint8Array): void;
}

/** A scalar SQL function (lang_corefunc.html, lang_mathfunc.html, lang_datefunc.html). */
export interface ScalarFunction {
  kind: 'scalar';
  /** Lower-case name. */
  name: string;
  /** Number of arguments; −1 = any number. */
  nArg: number;
  /** Same arguments give the same result within a statement (SQLITE_DETERMINISTIC). */
  deterministic: boolean;
  /** @throws SqliteError SQLITE_ERROR (message as SQLite's) on a function error. */
  call(args: Value[], ctx: FunctionContext): Value;
  /**
   * Present on functions that compare TEXT (SQLITE_FUNC_NEEDCOLL: max, min, nullif): the same
   * function comparing through `collation`, the collating sequence of its arguments (the first
   * with an explicit COLLATE or a column's, as sqlite3ExprCollSeq finds it).
   */
  withCollation?(collation: Collation): ScalarFunction;
}

/** An aggregate or window function (lang_aggfunc.html, windowfunctions.html). */
export interface AggregateFunction {
  kind: 'aggregate';
  /** Lower-case name. */
  name: string;
  /** Number of arguments; −1 = any number. */
  nArg: number;
  /** A fresh state for one group or one window partition. */
  init(): unknown;
  /** Folds one row's arguments into `state`, returning the state to keep. */
  step(state: unknown, args: Value[]): unknown;
  /**
   * Optional, for one-argument aggregates: {@link step} with the argument passed alone, no array
   * (`step1(s, v)` ≡ `step(s, [v])`). The VM's AggStep calls it when present (sum, total, avg).
   */
  step1?(state: unknown, arg: Value): unknown;
  /** The result for the group; `state` is not used afterwards. */
  final(state: unknown): Value;
  /** Removes the oldest row still in the frame (window functions only). */
  inverse?(state: unknown, args: Value[]): unknown;
  /** The current result without ending `state` (window functions only). */
  value?(state: unknown): Value;
  /** As {@link ScalarFunction.withCollation}: min() and max() comparing through `collation`. */
  withCollation?(collation: Collation): AggregateFunction;
  /** True for the window-only functions (row_number, rank, lag, …). */
  windowOnly?: boolean;
  /** Optional: INTEGER inputs folded a batch at a time ({@link IntFold}; count, sum, total, avg). */
  intFold?: IntFold;
  /**
   * For window-only functions: the frame the VM must run them over, whatever the OVER clause says
   * (SQLite's sqlite3WindowUpdate table). With it, `step()` is called for each row entering the
   * frame, `inverse()` for each row leaving it, and `value()` for each row (repeated calls for one
   * row, or for peers of one row, give the same answer).
   */
  windowFrame?: WindowFrame;
}

/**
 * How an aggregate takes a batch of rows at once, for a fused scan that reads an INTEGER column
 * straight off its table's leaf pages (vdbe/hot-ops.ts aggScanRows, btree/leaf-fold.ts).
 */
export interface IntFold {
  /**
   * True when `state` can take {@link add} with any `sum` of magnitude below 2^52 and end where
   * the same rows stepped one by one would; false sends the caller row by row (e.g. a sum no
   * longer exact, or held as a bigint).
   */
  ready(state: unknown): boolean;
  /**
   * Folds `rows` rows into `state`: for a one-argument aggregate, `n` of them INTEGERs summing to
   * `sum` and the others NULL; a zero-argument one (count(*)) reads `rows` only. The state after is
   * the one that many step calls leave.
   */
  add(state: unknown, rows: number, n: number, sum: number): void;
}

/** A window frame: `units BETWEEN start AND end` (windowfunctions.html §2.2). */
export interface WindowFrame {
  units: 'ROWS' | 'RANGE' | 'GROUPS';
  /** 'preceding' / 'following' take {@link offset} (rows, or peer groups for GROUPS). */
  start: 'unbounded-preceding' | 'preceding' | 'current-row' | 'following' | 'unbounded-following';
  end: 'unbounded-preceding' | 'preceding' | 'current-row' | 'following' | 'unbounded-following';
  /** Offsets for 'preceding' / 'following' bounds, [start, end]. */
  offset?: [number, number];
}

/** Either kind of registered function. */
export type SqlFunction = ScalarFunction | AggregateFunction;
