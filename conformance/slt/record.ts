/**
 * The records of a sqllogictest script (sqllogictest's about.wiki; ../shared/conformance/
 * sqllogictest/RUNNING.md). A script is a list of records separated by blank lines:
 *
 * ```
 * [skipif|onlyif ENGINE]...        conditions, any number, before any record
 * statement ok|error               then the SQL, up to the blank line
 * query TYPES [SORT [LABEL]]       TYPES: one of I T R per column; SORT: nosort rowsort valuesort
 * SQL...                           up to a "----" line (or the blank line: no results expected)
 * ----
 * expected values, one per line, or "N values hashing to MD5"
 * hash-threshold N                 hash results of more than N values (0: never)
 * halt                             stop reading the script
 * ```
 *
 * Lines starting with `#` are comments wherever they appear; they neither end a record nor are
 * part of one. Line numbers are 1-based and refer to the record's command line (after its
 * conditions), as the C driver reports them.
 *
 * @module
 */

/** A `skipif` / `onlyif` line before a record. */
export interface SltCondition {
  kind: 'skipif' | 'onlyif';
  /** Engine name as written (compared case-insensitively). */
  engine: string;
}

/** How a query's values are ordered before comparison. */
export type SltSortMode = 'nosort' | 'rowsort' | 'valuesort';

interface RecordBase {
  /** 1-based line of the record's command (`statement`, `query`, …). */
  line: number;
  conditions: SltCondition[];
}

/** `statement ok|error`: run SQL, expect success or failure. */
export interface SltStatement extends RecordBase {
  kind: 'statement';
  expect: 'ok' | 'error';
  /** The SQL lines joined with `\n`. */
  sql: string;
}

/** A `query` record. */
export interface SltQuery extends RecordBase {
  kind: 'query';
  /** Column types, one letter per column from `I`, `T`, `R`. */
  types: string;
  sort: SltSortMode;
  /** Queries sharing a label must give identical results (compared by hash). */
  label: string | undefined;
  sql: string;
  /** The lines after `----`, verbatim: values, or one `N values hashing to MD5` line. */
  expected: string[];
}

/** `hash-threshold N`. */
export interface SltHashThreshold extends RecordBase {
  kind: 'hash-threshold';
  /** Results with more than this many values are compared by MD5; 0 turns hashing off. */
  threshold: number;
}

/** `halt`: stop running the script here. */
export interface SltHalt extends RecordBase {
  kind: 'halt';
}

/** A record the parser could not understand; the runner counts it as a failure. */
export interface SltInvalid extends RecordBase {
  kind: 'invalid';
  /** What is wrong, e.g. `unknown record type 'foo'`. */
  message: string;
}

/** Any record of a script. */
export type SltRecord = SltStatement | SltQuery | SltHashThreshold | SltHalt | SltInvalid;

/** A parsed script. */
export interface SltScript {
  /** File name for reports. */
  name: string;
  records: SltRecord[];
}

/** True for the records that are counted as passed / failed / skipped (statements and queries). */
export function isCounted(r: SltRecord): r is SltStatement | SltQuery | SltInvalid {
  return r.kind === 'statement' || r.kind === 'query' || r.kind === 'invalid';
}
