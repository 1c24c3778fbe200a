/**
 * Column affinity applied to a Value (datatype3 §3; vdbe.c applyAffinity), and CAST (lang_expr
 * "CAST expressions"; vdbemem.c sqlite3VdbeMemCast).
 *
 * | affinity        | TEXT                                   | INTEGER | REAL                       | BLOB |
 * |-----------------|----------------------------------------|---------|----------------------------|------|
 * | TEXT            | —                                      | → text  | → text                     | —    |
 * | NUMERIC/INTEGER | well-formed number → INTEGER or REAL,  | —       | exact integer in (−2^63,   | —    |
 * |                 | '3.0' → 3                              |         | 2^63−1) → INTEGER          |      |
 * | REAL            | well-formed number → REAL              | → REAL  | —                          | —    |
 * | BLOB            | —                                      | —       | —                          | —    |
 *
 * Under REAL affinity the result is marked {@link Real.intReal} when it has no fraction and lies in
 * [−2^47, 2^47 − 1] (OP_Affinity's MEM_IntReal): a record stores it with an INTEGER serial type.
 *
 * CAST, unlike affinity, always converts (NULL stays NULL): to INTEGER the longest integer prefix
 * (REALs truncate and saturate), to REAL the longest numeric prefix,  to NUMERIC as
 * numerify says (coerce.ts), to TEXT the rendering, to BLOB the bytes of the text.
 *
 * The column-affinity rules from a declared type live in ../affinity.ts and are re-exported here.
 *
 * @module
 */
import type { Affinity } from '../affinity.js';
import { affinityOf } from '../affinity.js';
import { bytesOf, intOf, numerify, realOf, textOf, textToNumeric } from './coerce.js';
import { realToInt } from './int64.js';
import { utf8Decode } from './utf8.js';
import type { Value } from './value.js';
import { Real, isInt, realForColumn } from './value.js';

export type { Affinity };
export { affinityOf };

/** sqlite3VdbeIntegerAffinity: a REAL that is an exact integer strictly inside the 64-bit range → INTEGER. */
function realToIntIfExact(r: Real): Value {
  const i = realToInt(r.value);
  if (Number(i) === r.value && i !== 0x7fffffffffffffffn && i !== -0x8000000000000000n) return i;
  return r;
}

/** The value stored for `v` in a column of `affinity` (applyAffinity); the logical value, REAL stays REAL under REAL. */
export function applyAffinity(v: Value, affinity: Affinity): Value {
  switch (affinity) {
    case 'BLOB':
      return v;
    case 'TEXT':
      return isInt(v) || v instanceof Real ? textOf(v) : v;
    case 'REAL': {
      // A number without fraction in ±2^47 comes out marked intReal (Real.intReal; OP_Affinity).
      const n = typeof v === 'string' ? textToNumeric(v, true) ?? v : v;
      return isInt(n) ? realForColumn(Number(n)) : n instanceof Real ? realForColumn(n.value, n) : n;
    }
    default:
      if (typeof v === 'string') return textToNumeric(v, true) ?? v;
      if (v instanceof Real) return realToIntIfExact(v);
      return v;
  }
}

/** `CAST(v AS typeName)`: the type name's affinity (datatype3 §3.1) decides the conversion. */
export function cast(v: Value, typeName: string): Value {
  return castTo(v, affinityOf(typeName));
}

/** CAST to an affinity (sqlite3VdbeMemCast). */
export function castTo(v: Value, affinity: Affinity): Value {
  if (v === null) return null;
  switch (affinity) {
    case 'BLOB':
      return bytesOf(v);
    case 'TEXT':
      return v instanceof Uint8Array ? utf8Decode(v) : textOf(v);
    case 'INTEGER':
      return intOf(v);
    case 'REAL':
      return new Real(realOf(v));
    default:
      return numerify(v);
  }
}
