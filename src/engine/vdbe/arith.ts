/**
 * The VDBE's bridge to value semantics (src/engine/value): arithmetic, bitwise operators,
 * concatenation, truth, affinity and CAST, keyed by the SQLITE_AFF_* codes instructions carry in
 * P4 affinity strings, P5 and P2 (sqlite.org/opcode.html).
 *
 * | code | affinity |
 * |------|----------|
 * | 0x41 | BLOB     |
 * | 0x42 | TEXT     |
 * | 0x43 | NUMERIC  |
 * | 0x44 | INTEGER  |
 * | 0x45 | REAL     |
 *
 * @module
 */
import type { Affinity } from '../affinity.js';
import { applyAffinity as applyNamed, castTo } from '../value/apply-affinity.js';
import { add, bitAnd, bitNot as notBits, bitOr, concat as concatValues, divide, multiply, remainder, shiftLeft, shiftRight, subtract } from '../value/arithmetic.js';
import { realOf } from '../value/coerce.js';
import type { Value } from '../value/value.js';
import { AFF_BLOB, AFF_INTEGER, AFF_NUMERIC, AFF_REAL, AFF_TEXT } from './opcodes.js';

/** The binary arithmetic operators. */
export type ArithOp = '+' | '-' | '*' | '/' | '%';

const ARITH = { '+': add, '-': subtract, '*': multiply, '/': divide, '%': remainder } as const;

/** `a op b` with SQLite's rules (NULL in, NULL out; overflow to REAL; x/0 and x%0 NULL). */
export function arith(op: ArithOp, a: Value, b: Value): Value {
  return ARITH[op](a, b);
}

const BITWISE = { '&': bitAnd, '|': bitOr, '<<': shiftLeft, '>>': shiftRight } as const;

/** Bitwise operators on the 64-bit INTEGER values of the operands (NULL in, NULL out). */
export function bitwise(op: '&' | '|' | '<<' | '>>', a: Value, b: Value): Value {
  return BITWISE[op](a, b);
}

/** `~a`. */
export function bitNot(a: Value): Value {
  return notBits(a);
}

/** `a || b`. */
export function concat(a: Value, b: Value): Value {
  return concatValues(a, b);
}

/** The truth of a value for If/IfNot/And/Or/Not: null for NULL, else whether it is non-zero. */
export function truth(v: Value): boolean | null {
  if (v === null) return null;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  return realOf(v) !== 0;
}

const NAMES: Record<number, Affinity> = { [AFF_BLOB]: 'BLOB', [AFF_TEXT]: 'TEXT', [AFF_NUMERIC]: 'NUMERIC', [AFF_INTEGER]: 'INTEGER', [AFF_REAL]: 'REAL' };

/** The affinity name of an AFF_* code; undefined for none (0 or SQLITE_AFF_NONE). */
export function affinityName(code: number): Affinity | undefined {
  return NAMES[code];
}

/** applyAffinity for the column affinity with code `aff` (no change for an unknown code). */
export function applyAffinity(v: Value, aff: number): Value {
  const name = NAMES[aff];
  return name ? applyNamed(v, name) : v;
}

/** The AFF_* code of an affinity name. */
export function affinityCode(name: Affinity): number {
  return { INTEGER: AFF_INTEGER, TEXT: AFF_TEXT, BLOB: AFF_BLOB, REAL: AFF_REAL, NUMERIC: AFF_NUMERIC }[name];
}

/** CAST(v AS a type of affinity code `aff`): sqlite3VdbeMemCast. */
export function cast(v: Value, aff: number): Value {
  return castTo(v, NAMES[aff] ?? 'BLOB');
}
