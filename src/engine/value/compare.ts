/**
 * Comparing Values as SQLite's sqlite3MemCompare does (datatype3 §4.1): NULL < INTEGER/REAL
 * (numerically, exactly across the two) < TEXT (by collation) < BLOB (memcmp, then length); and the
 * comparison operators = == <> != < <= > >= IS IS NOT as OP_Eq … OP_Ge run them, with the operand
 * affinity the code generator computed (datatype3 §4.2) applied first.
 *
 * The collations BINARY, NOCASE (ASCII-only folding) and RTRIM (trailing spaces ignored) are the
 * b-tree's (src/btree/compare.ts), shared so that index order and expression order agree.
 *
 * @module
 */
import type { Collation } from '../../btree/compare.js';
import { BINARY, COLLATIONS, NOCASE, RTRIM, compareValues } from '../../btree/compare.js';
import type { Affinity } from '../affinity.js';
import { textOf, textToNumeric } from './coerce.js';
import type { Value } from './value.js';
import { Real, isInt } from './value.js';

export type { Collation };
export { BINARY, NOCASE, RTRIM };

/** The built-in collation called `name` (case-insensitive), or undefined ("no such collation sequence"). */
export function collationNamed(name: string): Collation | undefined {
  return COLLATIONS.get(name.toUpperCase());
}

/** sqlite3MemCompare: negative, zero or positive; TEXT against TEXT through `collation` (default BINARY). */
export function compareValue(a: Value, b: Value, collation: Collation = BINARY): number {
  return compareValues(a instanceof Real ? a.value : a, b instanceof Real ? b.value : b, collation);
}

/** A comparison operator of SQL, by OP_Eq … OP_Ge's names. */
export type CompareOp = 'Eq' | 'Ne' | 'Lt' | 'Le' | 'Gt' | 'Ge';

/**
 * The operand as OP_Eq … OP_Ge see it after the comparison affinity (vdbe.c): under NUMERIC,
 * INTEGER or REAL a TEXT that is a well-formed number becomes that number; under TEXT a number
 * becomes its text when the other operand is TEXT; BLOB (no affinity) changes nothing.
 */
function withCompareAffinity(v: Value, other: Value, affinity: Affinity | undefined): Value {
  if (affinity === 'NUMERIC' || affinity === 'INTEGER' || affinity === 'REAL') {
    if (typeof v === 'string') return textToNumeric(v, false) ?? v;
    return v;
  }
  if (affinity === 'TEXT' && typeof other === 'string' && (isInt(v) || v instanceof Real)) return textOf(v);
  return v;
}

/**
 * `a op b` as SQL evaluates it: 1, 0, or NULL when either operand is NULL.
 * @param affinity - the comparison affinity (datatype3 §4.2); undefined for none.
 * @param nullEq - IS / IS NOT semantics (SQLITE_NULLEQ): NULL equals NULL and the result is never NULL.
 */
export function compareOp(
  op: CompareOp,
  a: Value,
  b: Value,
  affinity?: Affinity,
  collation: Collation = BINARY,
  nullEq = false,
): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    // Two safe INTEGERs: no affinity or collation can change the answer.
    return (op === 'Eq' ? a === b : op === 'Ne' ? a !== b : op === 'Lt' ? a < b : op === 'Le' ? a <= b : op === 'Gt' ? a > b : a >= b) ? 1 : 0;
  }
  if (a === null || b === null) {
    if (!nullEq) return null;
    const eq = a === b;
    return (op === 'Eq' ? eq : op === 'Ne' ? !eq : false) ? 1 : 0;
  }
  if (affinity !== undefined) {
    const a2 = withCompareAffinity(a, b, affinity);
    b = withCompareAffinity(b, a, affinity);
    a = a2;
  }
  const c = compareValue(a, b, collation);
  let r: boolean;
  switch (op) {
    case 'Eq':
      r = c === 0;
      break;
    case 'Ne':
      r = c !== 0;
      break;
    case 'Lt':
      r = c < 0;
      break;
    case 'Le':
      r = c <= 0;
      break;
    case 'Gt':
      r = c > 0;
      break;
    default:
      r = c >= 0;
  }
  return r ? 1 : 0;
}
