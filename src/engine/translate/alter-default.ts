/**
 * The value of a column's DEFAULT as SQLite computes it without running code (vdbemem.c
 * sqlite3ValueFromExpr): what a row written before ALTER TABLE … ADD COLUMN reads for the new
 * column, and the test of ADD COLUMN's "Cannot add a column with non-constant default".
 *
 * | expression                         | value                                        |
 * |------------------------------------|----------------------------------------------|
 * | NULL, integer, real, string, blob  | the literal (an integer beyond 64 bits: REAL)  |
 * | TRUE / FALSE                       | 1 / 0                                        |
 * | `-x`                               | x numerified and negated (−2^63 negated: REAL) |
 * | `+x`, `x COLLATE c`                | x                                            |
 * | `CAST(x AS T)`                     | x cast to T                                  |
 * | anything else (CURRENT_TIME, 1+1, functions, …) | not constant: `undefined`       |
 *
 * The column's affinity is then applied (numbers under BLOB affinity stay numbers), as
 * sqlite3ColumnDefault does.
 *
 * @module
 */
import type { Affinity } from '../affinity.js';
import type { Expr } from '../parser/ast.js';
import { applyAffinity, castTo } from '../value/apply-affinity.js';
import { affinityOf } from '../affinity.js';
import { negate } from '../value/arithmetic.js';
import { numerify } from '../value/coerce.js';
import { Real, type Value } from '../value/value.js';
import type { P4 } from '../vdbe/insn.js';

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function integerValue(text: string): Value {
  if (/^0x/i.test(text)) {
    const v = BigInt.asIntN(64, BigInt(text));
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }
  const v = BigInt(text);
  if (v > 0x7fffffffffffffffn) return new Real(Number(text));
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** The constant value of `e` before any affinity, or undefined when it is not constant. */
function rawValue(e: Expr): Value | undefined {
  switch (e.type) {
    case 'null':
      return null;
    case 'integer':
      return integerValue(e.text);
    case 'real':
      return new Real(Number(e.text));
    case 'string':
      return e.value;
    case 'blob':
      return hexBytes(e.hex);
    case 'boolean':
      return e.value ? 1 : 0;
    case 'collate':
      return rawValue(e.expr);
    case 'cast': {
      const v = rawValue(e.expr);
      return v === undefined ? undefined : castTo(v, affinityOf(e.as));
    }
    case 'unary': {
      if (e.op === '+') return rawValue(e.operand);
      if (e.op !== '-') return undefined;
      if (e.operand.type === 'integer' && !/^0x/i.test(e.operand.text) && BigInt(e.operand.text) === 0x8000000000000000n) return -0x8000000000000000n;
      const v = rawValue(e.operand);
      return v === undefined || v === null ? v : negate(numerify(v));
    }
    default:
      return undefined;
  }
}

/**
 * The value of DEFAULT `e` for a column of `affinity` (see the module doc), or undefined when it
 * is not a constant SQLite can compute.
 */
export function defaultValue(e: Expr, affinity: Affinity = 'BLOB'): Value | undefined {
  const v = rawValue(e);
  if (v === undefined || v === null) return v;
  if (affinity === 'BLOB' && (e.type === 'integer' || e.type === 'real')) return applyAffinity(v, 'NUMERIC');
  return applyAffinity(v, affinity);
}

/** {@link defaultValue} as a Column instruction's P4 (null when there is none). */
export function defaultP4(e: Expr | null, affinity: Affinity): P4 {
  if (!e) return null;
  const v = defaultValue(e, affinity);
  return v === undefined || v === null ? null : { kind: 'value', value: v };
}
