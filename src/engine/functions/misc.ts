/**
 * Core scalar functions on any value (lang_corefunc.html): abs, coalesce, ifnull, iif/if, nullif,
 * the multi-argument max and min, typeof, likelihood, likely, unlikely, quote, unistr_quote, round,
 * sign, random, randomblob, zeroblob, changes, last_insert_rowid, total_changes, sqlite_version,
 * sqlite_source_id, subtype.
 *
 * "Numeric" arguments are read as sqlite3_value_numeric_type reads them (coerce.ts numericValue):
 * a TEXT that is wholly a number counts as that number.
 *
 * @module
 */
import { formatReal } from '../value/format-real.js';
import type { Collation } from '../value/compare.js';
import { BINARY, compareValue } from '../value/compare.js';
import { intOf, numericValue, realOf } from '../value/coerce.js';
import { atoF } from '../value/text-to-number.js';
import { isTrue } from '../value/arithmetic.js';
import type { Value } from '../value/value.js';
import { Real, isInt, intValue, storageClass } from '../value/value.js';
import { fnError, MAX_LENGTH_BYTES, scalar, tooBig, wrongArgs } from './define.js';
import { sqlPrintf } from './printf.js';
import { toHex } from './codes.js';
import type { ScalarFunction } from './registry.js';
import { registerFunction } from './store.js';

/** The SQLite version whose behaviour Strata follows (the better-sqlite3 oracle's). */
export const SQLITE_VERSION = '3.53.2';
/** sqlite_source_id() of that version. */
export const SQLITE_SOURCE_ID = '2026-06-03 19:12:13 d6e03d8c777cfa2d35e3b60d8ec3e0187f3e9f99d8e2ee9cac695fd6fcdf1a24';

/**
 * abs(X): an INTEGER stays INTEGER (−2^63 is "integer overflow"); anything else non-NULL is read as a
 * REAL and negated only when below zero, so −0.0 stays −0.0 as in SQLite's absFunc (not Math.abs).
 */
scalar('abs', 1, ([x]) => {
  const n = x;
  if (n === null) return null;
  if (isInt(n)) {
    if (n === -0x8000000000000000n) throw fnError('integer overflow');
    return typeof n === 'number' ? Math.abs(n) : n < 0n ? -n : n;
  }
  const r = realOf(n);
  return new Real(r < 0 ? -r : r);
});

scalar('coalesce', -1, (args) => {
  if (args.length < 2) throw wrongArgs('coalesce');
  for (const a of args) if (a !== null) return a;
  return null;
});
scalar('ifnull', 2, ([x, y]) => (x !== null ? x : y));
/** iif(C1, V1[, C2, V2 …][, ELSE]) / if(…): the V of the first true C, else ELSE or NULL (a CASE). */
function iif(name: string): (args: Value[]) => Value {
  return (args) => {
    if (args.length < 2) throw wrongArgs(name);
    let i = 0;
    for (; i + 1 < args.length; i += 2) if (isTrue(args[i])) return args[i + 1];
    return i < args.length ? args[i] : null;
  };
}
scalar('iif', -1, iif('iif'));
scalar('if', -1, iif('if'));
/** nullif(X, Y) comparing TEXT through `collation`. */
function nullifWith(collation: Collation): ScalarFunction {
  return {
    kind: 'scalar',
    name: 'nullif',
    nArg: 2,
    deterministic: true,
    call: ([x, y]) => (compareValue(x, y, collation) === 0 ? null : x),
    withCollation: nullifWith,
  };
}
registerFunction(nullifWith(BINARY));

/**
 * Scalar max()/min() comparing TEXT through `collation`: NULL if any argument is; ties go to the
 * first argument for max, the last for min (func.c minmaxFunc).
 */
function minMaxWith(max: boolean, collation: Collation): ScalarFunction {
  const name = max ? 'max' : 'min';
  return {
    kind: 'scalar',
    name,
    nArg: -1,
    deterministic: true,
    call: (args) => {
      if (args.length < 2) throw wrongArgs(name);
      let best = args[0];
      if (best === null) return null;
      for (let i = 1; i < args.length; i++) {
        const a = args[i];
        if (a === null) return null;
        const c = compareValue(a, best, collation);
        if (max ? c > 0 : c <= 0) best = a;
      }
      return best;
    },
    withCollation: (c) => minMaxWith(max, c),
  };
}
registerFunction(minMaxWith(true, BINARY));
registerFunction(minMaxWith(false, BINARY));

scalar('typeof', 1, ([x]) => storageClass(x));
/** likelihood(X, P): X; P must be a REAL literal in [0.0, 1.0] (the resolver's check, done here on the value). */
scalar('likelihood', 2, ([x, p]) => {
  const r = p instanceof Real ? p.value : -1;
  if (!(r >= 0 && r <= 1)) throw fnError('second argument to likelihood() must be a constant between 0.0 and 1.0');
  return x;
});
scalar('likely', 1, ([x]) => x);
scalar('unlikely', 1, ([x]) => x);

/**
 * quote(X): an SQL literal for X. REALs as "%!.17g" renders them (the shortest text that reads back
 * as the same double, always with a point or exponent), ±Infinity as ±9.0e+999.
 */
export function quoteValue(x: Value): string {
  if (x === null) return 'NULL';
  if (x instanceof Real) {
    return formatReal(x.value, { conv: 'g', precision: 17, width: 0, altForm2: true, zeroPad: true });
  }
  if (isInt(x)) return x.toString();
  if (x instanceof Uint8Array) return `X'${toHex(x)}'`;
  const k = x.indexOf('\0');
  return `'${(k < 0 ? x : x.slice(0, k)).replace(/'/g, "''")}'`;
}
scalar('quote', 1, ([x]) => quoteValue(x));
/** unistr_quote(X): quote(X), but TEXT with control characters becomes unistr('…\u00XX…'). */
scalar('unistr_quote', 1, ([x]) => (typeof x === 'string' ? sqlPrintf('%#Q', [x]) : quoteValue(x)));
/** subtype(X): Strata keeps no value subtypes, so always 0. */
scalar('subtype', 1, () => 0);

const HALF_INT_LIMIT = 4503599627370496; // 2^52: doubles beyond have no fractional part

scalar('round', [1, 2], ([x, y]) => {
  if (x === null || (y !== undefined && y === null)) return null;
  let n = y === undefined ? 0 : intOf(y);
  n = n > 30 ? 30 : n < 0 ? 0 : Number(n);
  const r = realOf(x);
  if (r < -HALF_INT_LIMIT || r > HALF_INT_LIMIT) return new Real(r);
  if (n === 0) return new Real(r < 0 ? -Math.trunc(-r + 0.5) : Math.trunc(r + 0.5));
  const text = formatReal(r, { conv: 'f', precision: n, width: 0, altForm2: true });
  return new Real(atoF(text).value);
});

scalar('sign', 1, ([x]) => {
  const n = numericValue(x);
  if (!(isInt(n) || n instanceof Real)) return null;
  const r = realOf(n);
  return r < 0 ? -1 : r > 0 ? 1 : 0;
});

scalar(
  'random',
  0,
  (_args, ctx) => {
    const b = new Uint8Array(8);
    ctx.randomBytes(b);
    let r = new DataView(b.buffer).getBigInt64(0, true);
    if (r < 0n) r = -(r & 0x7fffffffffffffffn);
    return intValue(r);
  },
  false,
);

scalar(
  'randomblob',
  1,
  ([n], ctx) => {
    let len = intOf(n);
    if (len < 1) len = 1;
    if (len > MAX_LENGTH_BYTES) throw tooBig();
    const b = new Uint8Array(Number(len));
    ctx.randomBytes(b);
    return b;
  },
  false,
);

scalar('zeroblob', 1, ([n]) => {
  let len = intOf(n);
  if (len < 0) len = 0;
  if (len > MAX_LENGTH_BYTES) throw tooBig();
  return new Uint8Array(Number(len));
});

scalar('changes', 0, (_a, ctx) => intValue(ctx.changes()), false);
scalar('total_changes', 0, (_a, ctx) => intValue(ctx.totalChanges()), false);
scalar('last_insert_rowid', 0, (_a, ctx) => intValue(ctx.lastInsertRowid()), false);
scalar('sqlite_version', 0, () => SQLITE_VERSION);
scalar('sqlite_source_id', 0, () => SQLITE_SOURCE_ID);
