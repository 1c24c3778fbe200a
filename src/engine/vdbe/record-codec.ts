/**
 * Encoding a register record (a {@link Rec}'s values) into the bytes a b-tree cell stores
 * (fileformat2 §2.1). A REAL is always stored with serial type 7, so that it reads back as REAL
 * whatever the column's affinity; every other value takes the smallest serial type that holds it.
 *
 * @module
 */
import { encodeRecord, serialTypeFor, type SqlValue, type TextEncoding } from '../../format/index.js';
import { Real, type Value } from '../value/value.js';

/** The record bytes of `values`. */
export function encodeValues(values: readonly Value[], encoding: TextEncoding): Uint8Array {
  const serialTypes: number[] = new Array<number>(values.length);
  const raw: SqlValue[] = new Array<SqlValue>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v instanceof Real) {
      serialTypes[i] = 7;
      raw[i] = v.value;
    } else {
      raw[i] = v;
      serialTypes[i] = serialTypeFor(v, encoding);
    }
  }
  return encodeRecord({ serialTypes, values: raw }, encoding);
}
