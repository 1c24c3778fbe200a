/**
 * The values a record holds, as JavaScript sees them (fileformat2 §2.1 "Record Format").
 *
 * | storage class | JavaScript                                                   |
 * |---------------|--------------------------------------------------------------|
 * | NULL          | `null`                                                       |
 * | INTEGER       | `number` when `Number.isSafeInteger`, else `bigint` (64-bit) |
 * | REAL          | `number` (IEEE-754 double)                                   |
 * | TEXT          | `string`                                                     |
 * | BLOB          | `Uint8Array`                                                 |
 *
 * Decision: a JavaScript `number` that is a safe integer is taken to be an INTEGER when a serial type
 * must be chosen for it; any other `number` (including `-0`, whose sign only a REAL keeps) is a REAL.
 *
 * @module
 */

/** One SQL value; see the module table for the mapping of storage classes. */
export type SqlValue = null | number | bigint | string | Uint8Array;

/** The database text encoding, as stored at db header offset 56: 1 UTF-8, 2 UTF-16le, 3 UTF-16be. */
export type TextEncoding = 1 | 2 | 3;

/** SQLite's five storage classes, spelled as `typeof()` returns them. */
export type StorageClass = 'null' | 'integer' | 'real' | 'text' | 'blob';

/** The storage class of a JavaScript value, per the module table. */
export function storageClassOfValue(value: SqlValue): StorageClass {
  if (value === null) return 'null';
  if (typeof value === 'bigint') return 'integer';
  if (typeof value === 'number') return isIntegerNumber(value) ? 'integer' : 'real';
  if (typeof value === 'string') return 'text';
  return 'blob';
}

/** True when a `number` is stored as an INTEGER: a safe integer other than `-0`. */
export function isIntegerNumber(value: number): boolean {
  return Number.isSafeInteger(value) && !Object.is(value, -0);
}
