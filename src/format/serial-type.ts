/**
 * Serial types: the record header's per-column codes (fileformat2 §2.1, "Serial Type Codes Of The
 * Record Format").
 *
 * | serial type   | body bytes | meaning                                          |
 * |---------------|------------|--------------------------------------------------|
 * | 0             | 0          | NULL                                             |
 * | 1 2 3 4 5 6   | 1 2 3 4 6 8| big-endian two's-complement integer              |
 * | 7             | 8          | big-endian IEEE-754 64-bit float                 |
 * | 8, 9          | 0          | the integer 0, 1 (schema format ≥ 4)             |
 * | 10, 11        | —          | reserved for internal use: corrupt in a file     |
 * | N ≥ 12, even  | (N−12)/2   | BLOB                                             |
 * | N ≥ 13, odd   | (N−13)/2   | TEXT in the database encoding, no terminator     |
 *
 * @module
 */
import { corrupt } from '../error.js';
import type { StorageClass } from './value.js';

const INT_SIZES = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0] as const;

/**
 * Bytes of the record body taken by a value of `serialType` (table above). Reserved types 10 and 11
 * give 0, as SQLite computes them; {@link storageClassOf} and the record decoder reject them.
 */
export function serialTypeSize(serialType: number): number {
  if (serialType < 12) return INT_SIZES[serialType] ?? 0;
  return Math.floor((serialType - 12) / 2);
}

/**
 * The storage class of a value stored with `serialType`.
 *
 * @throws SQLITE_CORRUPT for the reserved serial types 10 and 11 (and negative or non-integer codes).
 */
export function storageClassOf(serialType: number): StorageClass {
  if (serialType === 0) return 'null';
  if (serialType === 7) return 'real';
  if ((serialType >= 1 && serialType <= 6) || serialType === 8 || serialType === 9) return 'integer';
  if (serialType >= 12 && Number.isInteger(serialType)) return serialType % 2 === 0 ? 'blob' : 'text';
  throw corrupt(`reserved or invalid serial type ${serialType}`);
}
