/**
 * The VM's value: one register, one function argument, one result column.
 *
 * | storage class | representation                                                          |
 * |---------------|-------------------------------------------------------------------------|
 * | NULL          | `null`                                                                  |
 * | INTEGER       | `number` when a safe integer (|v| ≤ 2^53 − 1, never −0), else `bigint`  |
 * | REAL          | a {@link Real} (boxed double, never NaN)                                |
 * | TEXT          | `string` (UTF-16 in memory; lengths and offsets are counted as SQLite  |
 * |               | counts them in UTF-8)                                                   |
 * | BLOB          | `Uint8Array`                                                            |
 *
 * Why: INTEGER is by far the hottest class (rowids, counters, sums, comparisons) and stays a plain
 * `number` (a V8 small integer or unboxed double) with no allocation; measured on this machine,
 * `number` INTEGERs sum at 1.6 ns/op and a 2M-element map at 8 ns/op, against 6.5 and 205 ns/op
 * with `bigint` INTEGERs (allocation and GC). REAL pays one small allocation per result
 * (6.5 ns/op against 0.9 for bare numbers) so that 1 and 1.0 stay apart, which `typeof()`, `/`,
 * CAST and text rendering all need.
 *
 * Invariants (kept by every constructor here, relied on by every operator):
 * 1. A `number` Value is a safe integer other than −0; everything else INTEGER is a `bigint`
 *    outside the safe range and inside [−2^63, 2^63 − 1]. So `===` decides INTEGER equality.
 * 2. A {@link Real} never holds NaN: SQLite turns NaN results into NULL ({@link realOrNull}).
 *
 * @module
 */
import type { SqlValue } from '../../format/value.js';
import { keepShape } from '../../keep-shape.js';
import type { Int } from './int64.js';
import { intFromBigInt } from './int64.js';

/** A REAL value: an IEEE-754 double, boxed so that it stays apart from an equal INTEGER. */
export class Real {
  /** The double; never NaN (invariant 2). */
  readonly value: number;
  /**
   * SQLite's MEM_IntReal: a REAL that REAL column affinity produced from a value with no fraction
   * in [−2^47, 2^47 − 1] (vdbe.c OP_Affinity), which a b-tree record stores with an INTEGER serial
   * type (fileformat2 §2.1: "small floating point values with no fractional component … in
   * columns with REAL type affinity may be written to disk as integers"). It is a REAL in every
   * other respect; RealAffinity, which every read of a REAL column emits, drops the mark, so it
   * never reaches a column of another affinity.
   */
  readonly intReal: boolean;
  constructor(value: number, intReal = false) {
    this.value = value;
    this.intReal = intReal;
  }
}

// REALs live as long as a row: one kept, so that their shape outlives a full garbage collection
// (keep-shape.ts).
keepShape(new Real(0.5));

/** Least and greatest value a REAL column stores as an INTEGER (vdbe.c OP_Affinity: 6 bytes). */
const INT_REAL_MIN = -(2 ** 47);
const INT_REAL_MAX = 2 ** 47 - 1;

/**
 * `x` under REAL column affinity as OP_Affinity leaves it: a {@link Real} marked
 * {@link Real.intReal} (−0 becoming 0, as sqlite3VdbeIntegerAffinity makes it) when `x` has no
 * fraction and lies in [−2^47, 2^47 − 1]; `r` itself (or a new plain Real when `r` is omitted) otherwise.
 */
export function realForColumn(x: number, r?: Real): Real {
  if (Number.isInteger(x) && x >= INT_REAL_MIN && x <= INT_REAL_MAX) return r !== undefined && r.intReal ? r : new Real(x + 0, true);
  return r !== undefined && !r.intReal ? r : new Real(x);
}

/** One SQL value; see the module table. */
export type Value = null | Int | string | Uint8Array | Real;

/** SQLite's five storage classes, spelled as `typeof()` returns them. */
export type StorageClass = 'null' | 'integer' | 'real' | 'text' | 'blob';

/** The storage class of `v` (what `typeof(v)` returns). */
export function storageClass(v: Value): StorageClass {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 'integer';
    case 'string':
      return 'text';
    default:
      return v === null ? 'null' : v instanceof Real ? 'real' : 'blob';
  }
}

/** True for an INTEGER. */
export function isInt(v: Value): v is Int {
  return typeof v === 'number' || typeof v === 'bigint';
}

/** A REAL holding `r`, or NULL when `r` is NaN (as SQLite stores NaN results). */
export function realOrNull(r: number): Real | null {
  return r === r ? new Real(r) : null;
}

/**
 * An INTEGER from a JavaScript integer: a safe `number` (−0 becomes 0) or a `bigint` in the
 * 64-bit range.
 * @throws RangeError when `v` is a non-integer number or a bigint outside [−2^63, 2^63 − 1].
 */
export function intValue(v: number | bigint): Int {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new RangeError(`not a safe integer: ${v}`);
    return v + 0;
  }
  if (v !== BigInt.asIntN(64, v)) throw new RangeError(`integer out of 64-bit range: ${v}`);
  return intFromBigInt(v);
}

/**
 * A Value from a record field: `serialType` 7 (fileformat2 §2.1, a big-endian double) gives a
 * REAL even when the double is integral; other numbers are INTEGERs; NaN gives NULL as SQLite reads it.
 */
export function fromRecordValue(v: SqlValue, serialType: number): Value {
  if (typeof v === 'number') {
    if (serialType === 7) return realOrNull(v);
    return v + 0;
  }
  return v;
}

/**
 * A Value bound from JavaScript the way better-sqlite3 binds it: every `number` is a REAL (even 1),
 * a `bigint` is an INTEGER, a string TEXT, a Uint8Array/Buffer a BLOB, null/undefined NULL.
 * @throws RangeError for a bigint outside the 64-bit range; TypeError for other types.
 */
export function fromBound(v: unknown): Value {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'number':
      return realOrNull(v);
    case 'bigint':
      return intValue(v);
    case 'string':
      return v;
    default:
      if (v instanceof Uint8Array) return v;
      throw new TypeError(`cannot bind a value of type ${typeof v}`);
  }
}

/**
 * The JavaScript value a result column gives, as better-sqlite3 returns it: REAL → number,
 * INTEGER → number (or bigint when `safeIntegers`; without it an INTEGER beyond 2^53 loses
 * precision as better-sqlite3's does), TEXT → string, BLOB → Uint8Array, NULL → null.
 */
export function toJs(v: Value, safeIntegers = false): number | bigint | string | Uint8Array | null {
  if (typeof v === 'number') return safeIntegers ? BigInt(v) : v;
  if (typeof v === 'bigint') return safeIntegers ? v : Number(v);
  if (v instanceof Real) return v.value;
  return v;
}

/**
 * The format-level {@link SqlValue} for a Value (REAL → its double). A REAL that is integral comes
 * out as an integral `number`: the caller writing a record must pick serial type 7 itself for a REAL
 * that should stay REAL in a column without REAL affinity.
 */
export function toSqlValue(v: Value): SqlValue {
  return v instanceof Real ? v.value : v;
}
