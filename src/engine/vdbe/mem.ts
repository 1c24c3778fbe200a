/**
 * What a register holds, and SQLite's ordering of values (sqlite3MemCompare, datatype3 §4.1).
 *
 * A register (a Mem) holds a {@link Value}, or one of two things only certain opcodes make:
 * - a {@link Rec}: a record built by MakeRecord (the fields, not yet encoded; encoding happens
 *   only when a record reaches a b-tree page);
 * - an {@link AggCell}: the running state of an aggregate (AggStep … AggFinal).
 *
 * Order: NULL < INTEGER and REAL (compared numerically and exactly) < TEXT (by collation) < BLOB
 * (memcmp, then length).
 *
 * @module
 */
import { BINARY, compareNumbers, type Collation } from '../../btree/compare.js';
import { keepShape, settleFields } from '../../keep-shape.js';
import type { AggregateFunction } from '../functions/registry.js';
import { Real, type Value } from '../value/value.js';
import type { KeyInfo } from './insn.js';

/** A record made by MakeRecord: its field values. */
export class Rec {
  constructor(readonly values: Value[]) {}
}

// Written once more when the module loads (keep-shape.ts settleFields).
settleFields(new Rec([]), { values: [null] });

/** The accumulator of one aggregate for the current group. */
export class AggCell {
  constructor(
    readonly func: AggregateFunction,
    public state: unknown,
  ) {}
}

// Accumulators live for one statement: one kept (keep-shape.ts).
keepShape(new AggCell({ kind: 'aggregate', name: 'kept', nArg: 0, init: () => null, step: () => null, final: () => null } as unknown as AggregateFunction, null));

/** A register's content. */
export type Mem = Value | Rec | AggCell;

function rank(v: Value): number {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 1;
    case 'string':
      return 2;
    default:
      return v === null ? 0 : v instanceof Real ? 1 : 3;
  }
}

/** A numeric Value as the number or bigint compareNumbers takes. */
function num(v: Value): number | bigint {
  return v instanceof Real ? v.value : (v as number | bigint);
}

/** Compares two values in SQLite's order; `coll` applies when both are TEXT. */
export function compareValue(a: Value, b: Value, coll: Collation = BINARY): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return compareNumbers(num(a), num(b));
    case 2:
      return coll(a as string, b as string);
    default: {
      const x = a as Uint8Array;
      const y = b as Uint8Array;
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
      return x.length - y.length;
    }
  }
}

/**
 * Compares the registers `r[a..a+n-1]` with `r[b..b+n-1]` field by field under `info` (the
 * Compare opcode), without copying them out.
 */
export function compareRegisters(r: readonly Mem[], a: number, b: number, n: number, info: KeyInfo | null): number {
  if (info) n = Math.min(n, info.nKeyField);
  for (let i = 0; i < n; i++) {
    let c = compareValue(r[a + i] as Value, r[b + i] as Value, info?.collations[i] ?? BINARY);
    if (c !== 0) {
      if (info?.desc[i]) c = -c;
      return c;
    }
  }
  return 0;
}

/**
 * Compares key `a` with key `b` over the first `n` fields (default: the shorter length, at most
 * `info.nKeyField`), applying each field's collation and DESC flag. A prefix compares equal.
 */
export function compareRecords(a: readonly Value[], b: readonly Value[], info: KeyInfo | null, n?: number): number {
  let m = Math.min(a.length, b.length);
  if (n !== undefined) m = Math.min(m, n);
  else if (info) m = Math.min(m, info.nKeyField);
  for (let i = 0; i < m; i++) {
    let c = compareValue(a[i], b[i], info?.collations[i] ?? BINARY);
    if (c !== 0) {
      if (info?.bigNull?.[i] && (a[i] === null || b[i] === null)) c = a[i] === null ? 1 : -1;
      if (info?.desc[i]) c = -c;
      return c;
    }
  }
  return 0;
}
