/**
 * The arithmetic, affinity and CAST rules the VDBE applies to registers (vdbe.c OP_Add …
 * OP_Remainder, applyAffinity, sqlite3VdbeMemCast; datatype3 §3–4, lang_expr.html "CAST").
 *
 * Arithmetic: NULL in, NULL out. TEXT and BLOB operands take their numeric value
 * ({@link arithmeticValue}). Two INTEGERs give an INTEGER unless the result overflows 64 bits, in
 * which case the operation is redone in REAL. Division or remainder by zero gives NULL; a NaN
 * result gives NULL.
 *
 * @module
 */
import { arithmeticValue, intOf, realOf, realSameAsInt, textOf, textToNumeric } from '../value/coerce.js';
import { addInt, divInt, intToReal, mulInt, realToInt, remInt, subInt, toBigInt, wrapInt64, type Int } from '../value/int64.js';
import { utf8Encode } from '../value/utf8.js';
import { Real, realOrNull, type Value } from '../value/value.js';
import { AFF_BLOB, AFF_INTEGER, AFF_NUMERIC, AFF_REAL, AFF_TEXT } from './opcodes.js';

/** The binary arithmetic operators. */
export type ArithOp = '+' | '-' | '*' | '/' | '%';

const MIN_INT64 = -0x8000000000000000n;

function isIntV(v: Value): v is Int {
  return typeof v === 'number' || typeof v === 'bigint';
}

/** `a op b` with SQLite's rules (see the module doc). */
export function arith(op: ArithOp, a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  const x = isIntV(a) || a instanceof Real ? a : arithmeticValue(a);
  const y = isIntV(b) || b instanceof Real ? b : arithmeticValue(b);
  if (isIntV(x) && isIntV(y)) {
    let r: Int | undefined;
    switch (op) {
      case '+':
        r = addInt(x, y);
        break;
      case '-':
        r = subInt(x, y);
        break;
      case '*':
        r = mulInt(x, y);
        break;
      case '/':
        if (y === 0) return null;
        if (y === -1 && toBigInt(x) === MIN_INT64) break;
        return divInt(x, y);
      case '%':
        if (y === 0) return null;
        if (y === -1) return 0;
        return remInt(x, y);
    }
    if (r !== undefined) return r;
  }
  const rx = realOf(x as Value);
  const ry = realOf(y as Value);
  switch (op) {
    case '+':
      return realOrNull(rx + ry);
    case '-':
      return realOrNull(rx - ry);
    case '*':
      return realOrNull(rx * ry);
    case '/':
      if (ry === 0) return null;
      return realOrNull(rx / ry);
    case '%': {
      const ix = realToInt(rx);
      let iy = realToInt(ry);
      if (iy === 0) return null;
      if (iy === -1) iy = 1;
      return new Real(intToReal(remInt(ix, iy)));
    }
  }
}

/** Bitwise operators on the 64-bit INTEGER values of the operands (NULL in, NULL out). */
export function bitwise(op: '&' | '|' | '<<' | '>>', a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  const x = toBigInt(intOf(arithInt(a)));
  let n = toBigInt(intOf(arithInt(b)));
  switch (op) {
    case '&':
      return wrapInt64(x & n);
    case '|':
      return wrapInt64(x | n);
    default: {
      let left = op === '<<';
      if (n < 0n) {
        left = !left;
        n = n > -64n ? -n : 64n;
      }
      if (n >= 64n) return left || x >= 0n ? 0 : -1;
      return wrapInt64(left ? x << n : x >> n);
    }
  }
}

function arithInt(v: Value): Value {
  return typeof v === 'string' || v instanceof Uint8Array ? arithmeticValue(v) : v;
}

/** `~a`. */
export function bitNot(a: Value): Value {
  if (a === null) return null;
  return wrapInt64(~toBigInt(intOf(arithInt(a))));
}

/** `a || b`: NULL when either is NULL, else the two as TEXT. */
export function concat(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  return textOf(a)! + textOf(b)!;
}

/** The truth of a value for If/IfNot/And/Or/Not: null for NULL, else whether it is non-zero. */
export function truth(v: Value): boolean | null {
  if (v === null) return null;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  return realOf(v) !== 0;
}

/**
 * applyAffinity for column affinity `aff` (an AFF_* code): TEXT turns numbers into text; NUMERIC and
 * INTEGER turn well-formed numeric text into numbers (integral REALs into INTEGERs); REAL does the
 * same and then makes INTEGERs REAL; BLOB changes nothing.
 */
export function applyAffinity(v: Value, aff: number): Value {
  if (v === null || v instanceof Uint8Array) return v;
  switch (aff) {
    case AFF_TEXT:
      return typeof v === 'string' ? v : textOf(v);
    case AFF_NUMERIC:
    case AFF_INTEGER:
    case AFF_REAL: {
      let out: Value = v;
      if (typeof v === 'string') out = textToNumeric(v, true) ?? v;
      else if (v instanceof Real && aff !== AFF_REAL) {
        const i = realToInt(v.value);
        if (v.value === intToReal(i) && Math.abs(v.value) < 9.2e18) out = i;
      }
      if (aff === AFF_REAL && isIntV(out)) out = new Real(intToReal(out));
      return out;
    }
    default:
      return v;
  }
}

/** Affinity used by comparison operators: only converts text towards numbers, or numbers to text. */
export function comparisonAffinity(v: Value, aff: number): Value {
  if (aff >= AFF_NUMERIC) return typeof v === 'string' ? (textToNumeric(v, false) ?? v) : v;
  if (aff === AFF_TEXT && (isIntV(v) || v instanceof Real)) return textOf(v);
  return v;
}

/** The AFF_* code of an affinity name, or of a CAST target type name (datatype3 §3.1 rules). */
export function affinityCode(name: 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC'): number {
  return { INTEGER: AFF_INTEGER, TEXT: AFF_TEXT, BLOB: AFF_BLOB, REAL: AFF_REAL, NUMERIC: AFF_NUMERIC }[name];
}

/** CAST(v AS type-with-affinity aff): sqlite3VdbeMemCast. */
export function cast(v: Value, aff: number): Value {
  if (v === null) return null;
  switch (aff) {
    case AFF_BLOB:
      return v instanceof Uint8Array ? v : utf8Encode(textOf(v)!);
    case AFF_TEXT:
      return textOf(v);
    case AFF_INTEGER:
      return intOf(v);
    case AFF_REAL:
      return new Real(realOf(v));
    default: {
      if (isIntV(v) || v instanceof Real) return v;
      const n = arithmeticValue(v);
      if (n instanceof Real) {
        const i = realToInt(n.value);
        if (realSameAsInt(n.value, i)) return i;
      }
      return n;
    }
  }
}
