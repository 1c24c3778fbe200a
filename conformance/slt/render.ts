/**
 * Turns query results into the lines sqllogictest compares, as the C driver (slt_sqlite.c and
 * sqllogictest.c) does:
 *
 * 1. each value is rendered by its column's type letter ({@link renderValue});
 * 2. `rowsort` sorts rows (column by column, strcmp order), `valuesort` sorts all values
 *    ({@link sortValues});
 * 3. when a result has more values than the hash threshold (8 unless a `hash-threshold` record
 *    says otherwise; 0 = never), it is replaced by `N values hashing to MD5`, the MD5 of every value
 *    followed by `\n` ({@link hashLine}).
 *
 * Rendering, per value (RUNNING.md):
 *
 * | value | I                          | R          | T                                       |
 * |-------|----------------------------|------------|-----------------------------------------|
 * | NULL  | `NULL`                     | `NULL`     | `NULL`                                  |
 * | other | `%d` of sqlite3_column_int | `%.3f` of sqlite3_column_double (`` above ~1e183) | sqlite3_column_text; `(empty)` when empty; bytes < 0x20 or > 0x7e → `@` |
 *
 * Every rendered value is ASCII, so JS string order is the C driver's strcmp order.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import type { SltValue } from './engine.js';
import { columnDouble, columnInt, columnTextBytes } from './column-value.js';
import { formatFixed } from './printf.js';
import type { SltSortMode } from './record.js';

/** Hash threshold in force before any `hash-threshold` record (sqllogictest.c's default). */
export const DEFAULT_HASH_THRESHOLD = 8;

/**
 * slt_sqlite.c prints R values with `sqlite3_snprintf` into a 200-byte buffer; SQLite's printf
 * gives up, leaving an empty string, when `%.3f` needs more than that by its estimate
 * (decimal exponent + precision + 15 bytes), that is from about 1e183 up.
 */
const DRIVER_BUFFER_BYTES = 200;

function fitsDriverBuffer(r: number): boolean {
  if (!Number.isFinite(r) || Math.abs(r) < 1e100) return true;
  const exponent = BigInt(Math.abs(r)).toString().length - 1; // exact: |r| ≥ 1e100 is an integer
  return exponent + 3 + 15 <= DRIVER_BUFFER_BYTES;
}

/**
 * Renders one value for a column of type `type`.
 * @param type - `I`, `R` or `T`.
 * @throws Error for any other type letter (the parser never lets one through).
 */
export function renderValue(v: SltValue, type: string): string {
  if (v === null) return 'NULL';
  switch (type) {
    case 'I':
      return String(columnInt(v));
    case 'R': {
      const r = columnDouble(v);
      return fitsDriverBuffer(r) ? formatFixed(r, 3) : '';
    }
    case 'T': {
      const text = columnTextBytes(v) ?? '';
      // Non-printing and control bytes become '@' (in C, a signed char outside ' '..'~').
      return text === '' ? '(empty)' : text.replace(/[^\x20-\x7e]/g, '@');
    }
    default:
      throw new Error(`unknown type letter '${type}'`);
  }
}

/**
 * Renders rows into the flat list of values, row after row.
 * @param types - one letter per column; `types.length` must equal each row's length.
 */
export function renderRows(rows: readonly (readonly SltValue[])[], types: string): string[] {
  const out: string[] = [];
  for (const row of rows) for (let c = 0; c < types.length; c++) out.push(renderValue(row[c], types[c]));
  return out;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders rendered values as the sort mode asks; returns a new array.
 * @param values - rendered values, row after row.
 * @param columns - values per row (used by `rowsort`).
 */
export function sortValues(values: readonly string[], sort: SltSortMode, columns: number): string[] {
  if (sort === 'valuesort') return [...values].sort(compareStrings);
  if (sort === 'nosort' || columns < 1) return [...values];
  const rows: string[][] = [];
  for (let i = 0; i < values.length; i += columns) rows.push(values.slice(i, i + columns));
  rows.sort((a, b) => {
    for (let c = 0; c < columns; c++) {
      const d = compareStrings(a[c] ?? '', b[c] ?? '');
      if (d !== 0) return d;
    }
    return 0;
  });
  return rows.flat();
}

/** MD5 (lowercase hex) of every value followed by `\n`. */
export function md5Values(values: readonly string[]): string {
  const h = createHash('md5');
  for (const v of values) h.update(`${v}\n`);
  return h.digest('hex');
}

/** The line sqllogictest writes for a hashed result: `N values hashing to MD5`. */
export function hashLine(values: readonly string[]): string {
  return `${values.length} values hashing to ${md5Values(values)}`;
}

/** Matches a hashed expected result; groups: count, md5. */
export const HASH_LINE = /^(\d+) values? hashing to ([0-9a-f]{32})$/;

/**
 * The lines a result is compared as: the values themselves, or one {@link hashLine} when there are
 * more than `threshold` of them (and `threshold` > 0).
 */
export function resultLines(sorted: readonly string[], threshold: number): string[] {
  return threshold > 0 && sorted.length > threshold ? [hashLine(sorted)] : [...sorted];
}
