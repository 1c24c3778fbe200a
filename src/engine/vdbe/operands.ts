/**
 * Reading instruction operands: P4 as a value, an integer, a string or a KeyInfo, and a register
 * value as a rowid (shared by the general switch in vm.ts and the hot handlers in hot-ops.ts).
 *
 * @module
 */
import { AFF_NUMERIC } from './opcodes.js';
import { applyAffinity } from './arith.js';
import type { Insn, KeyInfo } from './insn.js';
import { Real, type Value } from '../value/value.js';

/** P4 as a KeyInfo, or null. */
export function keyInfoOf(op: Insn): KeyInfo | null {
  return op.p4 && op.p4.kind === 'keyinfo' ? op.p4.info : null;
}

/** P4 as an integer (0 when P4 is not one). */
export function p4Int(op: Insn): number {
  return op.p4 && op.p4.kind === 'int' ? op.p4.value : 0;
}

/** P4 as a string ('' when P4 is not one). */
export function p4String(op: Insn): string {
  return op.p4 && op.p4.kind === 'string' ? op.p4.value : '';
}

/** P4 as a register value (Int64, Real, String8, Blob, or a column default). */
export function p4Value(op: Insn): Value {
  const p = op.p4;
  if (!p) return null;
  switch (p.kind) {
    case 'int':
    case 'int64':
      return p.value;
    case 'real':
      return new Real(p.value);
    case 'string':
      return p.value;
    case 'blob':
      return p.value;
    case 'value':
      return p.value;
    default:
      return null;
  }
}

/** A rowid from a register value: INTEGERs, integral REALs and integer-looking TEXT; else null. */
export function rowidKey(v: Value): number | bigint | null {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  // A bound JS number is a REAL: a safe integer one is that rowid (−0.0 is 0), as applyAffinity says.
  if (v instanceof Real && Number.isSafeInteger(v.value)) return v.value + 0;
  const n = applyAffinity(v, AFF_NUMERIC);
  if (typeof n === 'number' || typeof n === 'bigint') return n;
  return null;
}
