/**
 * The few functions the translator needs before the function library (src/engine/functions)
 * registers its own: the core aggregates (count, sum, total, avg, min, max, group_concat) and a
 * handful of scalars. {@link resolveFunction} asks the registry first, so these give way to the
 * library's as soon as it registers them.
 *
 * Semantics as lang_aggfunc.html: NULLs are skipped; sum() of INTEGERs stays INTEGER and raises
 * "integer overflow", any REAL makes it REAL; avg() and total() are REAL; min()/max() compare as
 * SQLite orders values.
 *
 * @module
 */
import { SqliteError } from '../../error.js';
import { findFunction, type AggregateFunction, type ScalarFunction } from '../functions/registry.js';
import { arithmeticValue, realOf, textOf } from '../value/coerce.js';
import { addInt, type Int } from '../value/int64.js';
import { Real, storageClass, type Value } from '../value/value.js';
import { compareValue } from '../vdbe/mem.js';

type Fn = ScalarFunction | AggregateFunction;

interface SumState {
  int: Int;
  real: number;
  isReal: boolean;
  n: number;
  overflow: boolean;
}

function sumStep(s: SumState, v: Value): SumState {
  if (v === null) return s;
  s.n++;
  const x = typeof v === 'string' || v instanceof Uint8Array ? arithmeticValue(v) : v;
  if (!s.isReal && (typeof x === 'number' || typeof x === 'bigint')) {
    const r = addInt(s.int, x);
    if (r === undefined) s.overflow = true;
    else s.int = r;
    s.real += Number(x);
  } else {
    if (!s.isReal) s.real = Number(s.int);
    s.isReal = true;
    s.real += realOf(x);
  }
  return s;
}

const newSum = (): SumState => ({ int: 0, real: 0, isReal: false, n: 0, overflow: false });

const agg = (name: string, nArg: number, init: () => unknown, step: (s: never, a: Value[]) => unknown, final: (s: never) => Value): AggregateFunction => ({
  kind: 'aggregate',
  name,
  nArg,
  init,
  step: step as (s: unknown, a: Value[]) => unknown,
  final: final as (s: unknown) => Value,
});

const scalar = (name: string, nArg: number, call: (a: Value[]) => Value): ScalarFunction => ({ kind: 'scalar', name, nArg, deterministic: true, call });

const minMax = (name: string, sign: number): AggregateFunction =>
  agg(
    name,
    1,
    () => ({ v: null as Value }),
    (s: { v: Value }, [v]) => {
      if (v !== null && (s.v === null || sign * compareValue(v, s.v) > 0)) s.v = v;
      return s;
    },
    (s: { v: Value }) => s.v,
  );

const FALLBACK: Fn[] = [
  agg('count', 0, () => 0, (s: number) => s + 1, (s: number) => s),
  agg('count', 1, () => 0, (s: number, [v]) => (v === null ? s : s + 1), (s: number) => s),
  agg('sum', 1, newSum, (s: SumState, [v]) => sumStep(s, v), (s: SumState) => {
    if (s.n === 0) return null;
    if (s.isReal) return new Real(s.real);
    if (s.overflow) throw new SqliteError('SQLITE_ERROR', 'integer overflow');
    return s.int;
  }),
  agg('total', 1, newSum, (s: SumState, [v]) => sumStep(s, v), (s: SumState) => new Real(s.isReal || s.overflow ? s.real : Number(s.int))),
  agg('avg', 1, newSum, (s: SumState, [v]) => sumStep(s, v), (s: SumState) => (s.n === 0 ? null : new Real((s.isReal || s.overflow ? s.real : Number(s.int)) / s.n))),
  minMax('min', -1),
  minMax('max', 1),
  agg('group_concat', 1, () => null, (s: string | null, [v]) => (v === null ? s : s === null ? textOf(v) : s + ',' + textOf(v)), (s: string | null) => s),
  agg('group_concat', 2, () => null, (s: string | null, [v, sep]) => (v === null ? s : s === null ? textOf(v) : s + (textOf(sep) ?? '') + textOf(v)), (s: string | null) => s),
  scalar('abs', 1, ([v]) => {
    if (v === null) return null;
    const x = typeof v === 'string' || v instanceof Uint8Array ? arithmeticValue(v) : v;
    if (x instanceof Real) return new Real(Math.abs(x.value));
    if (typeof x === 'bigint') {
      if (x === -0x8000000000000000n) throw new SqliteError('SQLITE_ERROR', 'integer overflow');
      return x < 0n ? -x : x;
    }
    return Math.abs(x as number);
  }),
  scalar('typeof', 1, ([v]) => storageClass(v)),
  scalar('coalesce', -1, (a) => a.find((v) => v !== null) ?? null),
  scalar('ifnull', 2, ([a, b]) => (a !== null ? a : b)),
  scalar('nullif', 2, ([a, b]) => (a !== null && b !== null && compareValue(a, b) === 0 ? null : a)),
  scalar('lower', 1, ([v]) => (v === null ? null : textOf(v)!.replace(/[A-Z]/g, (c) => c.toLowerCase()))),
  scalar('upper', 1, ([v]) => (v === null ? null : textOf(v)!.replace(/[a-z]/g, (c) => c.toUpperCase()))),
  scalar('length', 1, ([v]) => (v === null ? null : v instanceof Uint8Array ? v.length : [...textOf(v)!].length)),
];

/**
 * The function `name` with `nArg` arguments: the registry's, else a fallback of this module;
 * undefined when neither has one.
 */
export function resolveFunction(name: string, nArg: number): Fn | undefined {
  const f = findFunction(name, nArg);
  if (f) return f;
  const lower = name.toLowerCase();
  return FALLBACK.find((g) => g.name === lower && g.nArg === nArg) ?? FALLBACK.find((g) => g.name === lower && g.nArg === -1);
}

/** True when some function of any arity is called `name`. */
export function functionNameKnown(name: string): boolean {
  const lower = name.toLowerCase();
  return FALLBACK.some((g) => g.name === lower) || findFunction(lower, -1) !== undefined || [0, 1, 2, 3].some((n) => findFunction(lower, n) !== undefined);
}
