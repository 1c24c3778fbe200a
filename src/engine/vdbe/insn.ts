/**
 * One VDBE instruction: an opcode and its five operands P1–P5 (sqlite.org/opcode.html §2.2), plus
 * the comment EXPLAIN prints.
 *
 * P1–P3 are integers (registers, cursors, jump addresses); P4 carries whatever does not fit an
 * integer: a constant, a collation, the key layout of an index or sorter, a function; P5 is a small
 * integer of flags.
 *
 * @module
 */
import type { AggregateFunction, ScalarFunction } from '../functions/registry.js';
import type { Collation } from '../../btree/compare.js';
import type { Value } from '../value/value.js';
import type { Opcode } from './opcodes.js';
import type { WindowSpec } from './window-frame.js';

/** Sort order and collation of each field of a key (SQLite's KeyInfo). */
export interface KeyInfo {
  /** Number of key fields compared (the rest of a record is payload). */
  nKeyField: number;
  /** true where the field sorts DESC. */
  desc: boolean[];
  /** Collation name per field (BINARY, NOCASE, RTRIM). */
  collNames: string[];
  /** The collating functions, resolved from collNames. */
  collations: Collation[];
  /**
   * true where NULL sorts after every other value before DESC is applied (ORDER BY … ASC NULLS
   * LAST, DESC NULLS FIRST; SQLite's KEYINFO_ORDER_BIGNULL). Absent: NULL is the smallest value.
   */
  bigNull?: boolean[];
}

/** The P4 operand. */
export type P4 =
  | null
  | { kind: 'int'; value: number }
  | { kind: 'int64'; value: number | bigint }
  | { kind: 'real'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'blob'; value: Uint8Array }
  | { kind: 'value'; value: Value }
  | { kind: 'collseq'; name: string; collation: Collation }
  | { kind: 'keyinfo'; info: KeyInfo }
  | { kind: 'func'; func: ScalarFunction | AggregateFunction }
  | { kind: 'affinity'; value: string }
  | { kind: 'table'; name: string }
  | { kind: 'window'; spec: WindowSpec };

/** One instruction. */
export interface Insn {
  opcode: Opcode;
  p1: number;
  p2: number;
  p3: number;
  p4: P4;
  p5: number;
  /** What EXPLAIN shows in its comment column (e.g. `r[1]=t.a`). */
  comment: string;
}

/** P4 as EXPLAIN prints it (SQLite's displayP4 wording: `k(2,B,-B)`, `BINARY`, `count(1)`). */
export function p4Text(p4: P4): string {
  if (p4 === null) return '';
  switch (p4.kind) {
    case 'int':
    case 'int64':
    case 'real':
      return String(p4.value);
    case 'string':
    case 'affinity':
      return p4.value;
    case 'table':
      return p4.name;
    case 'blob':
      return Buffer.from(p4.value).toString('hex');
    case 'value':
      return p4.value === null ? 'NULL' : String(p4.value instanceof Uint8Array ? 'blob' : typeof p4.value === 'object' ? p4.value.value : p4.value);
    case 'collseq':
      return p4.name;
    case 'keyinfo': {
      // SQLite's displayP4: k(N,…) with one entry per key field, "-" for DESC, BINARY left blank.
      const n = p4.info.nKeyField;
      const parts = p4.info.collNames.slice(0, n).map((c, i) => (p4.info.desc[i] ? '-' : '') + (c === 'BINARY' ? '' : c));
      return `k(${n},${parts.join(',')})`;
    }
    case 'func':
      return `${p4.func.name}(${p4.func.nArg})`;
    case 'window':
      return p4.spec.text;
  }
}
