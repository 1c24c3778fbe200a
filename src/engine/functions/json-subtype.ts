/**
 * SQLite's JSON subtype (json1.html §3.2: a value returned by a JSON function is JSON, and is
 * inserted as JSON, not as a quoted string, when passed straight on to json_array(), json_object(),
 * json_set() …). Strata's Values carry no subtype, so the mark travels beside them:
 *
 * 1. Scalar calls: when the translator codes a call to a JSON consumer, {@link bindJsonSubtypes}
 *    gives each argument that is itself a function call (or a `->` operator) a cell; the inner
 *    call is wrapped to record in its cell whether its result had the JSON subtype, and the outer
 *    call reads the cells ({@link argIsJson}). Exact for direct nesting, the way SQLite code uses
 *    it; a value that passed through a column, CASE or a subquery has no subtype (as in SQLite,
 *    whose subtypes do not survive a table or a subquery's result either).
 * 2. Aggregates (json_group_array/json_group_object), whose arguments the translator codes
 *    elsewhere: the argument is JSON when it is the text one of the last 8 JSON-subtype results
 *    was ({@link takeLastJson}). A heuristic: a plain TEXT equal to a recent JSON result counts as
 *    JSON too. A call to json_group_array/json_group_object as a consumer's argument always has it.
 * 3. json_each/json_tree rows are materialized, and their `value` column holds arrays and objects
 *    with the JSON subtype: a column named `value` passed to a consumer or an aggregate counts as
 *    JSON when its text is one of those of the last json_each/json_tree materialized (again a
 *    heuristic: an equal plain TEXT column named `value` would count too).
 *
 * Calls are synchronous and never nested at run time (arguments are computed before the call),
 * so module state is safe: `produced` and `flags` live only for the length of one call.
 *
 * @module
 */
import type { BinaryExpr, Expr, FunctionCall } from '../parser/ast.js';
import type { FunctionContext, ScalarFunction } from './registry.js';
import type { Value } from '../value/value.js';

/** Functions whose value arguments may be JSON (their names, lower case). */
const CONSUMERS = new Set(['json_array', 'json_object', 'json_insert', 'json_replace', 'json_set', 'json_quote', 'jsonb_array', 'jsonb_object', 'jsonb_insert', 'jsonb_replace', 'jsonb_set']);
/** Aggregates whose result always has the JSON subtype. */
const JSON_AGGREGATES = new Set(['json_group_array', 'json_group_object']);

/** How many recent JSON-subtype results aggregates remember (rule 2). */
const RECENT_JSON = 8;

let produced = false;
const recentJson: string[] = [];
let flags: boolean[] | null = null;

/** Called by a JSON function before it computes a result: clears the previous call's mark. */
export function beginJsonCall(): void {
  produced = false;
}

/** Marks `s` as the current call's result with the JSON subtype, and returns it. */
export function markJson(s: string): string {
  produced = true;
  if (!recentJson.includes(s)) {
    if (recentJson.length >= RECENT_JSON) recentJson.shift();
    recentJson.push(s);
  }
  return s;
}

/** True when argument `i` of the current call had the JSON subtype. */
export function argIsJson(i: number): boolean {
  return flags !== null && flags[i] === true;
}

/** The array/object texts in the `value` column of the last json_each/json_tree materialized. */
const eachJson = new Set<string>();

/** Records the JSON texts of a json_each/json_tree's `value` column (rule 3). */
export function noteEachJson(texts: string[]): void {
  eachJson.clear();
  for (const t of texts) eachJson.add(t);
}

/** For aggregates: true when `v` is the text one of the last few JSON calls returned as JSON. */
export function takeLastJson(v: Value): boolean {
  return typeof v === 'string' && (recentJson.includes(v) || eachJson.has(v));
}

interface Cell {
  json: boolean;
  /** Decides from the argument's value instead (json_each's `value` column, rule 3). */
  check?: (v: Value) => boolean;
}

const pending = new WeakMap<object, Cell>();

/** The function call a `->` / `->>` expression is coded as, carrying the subtype cell of `e`. */
export function arrowCall(e: BinaryExpr): FunctionCall {
  const call: FunctionCall = { type: 'function', name: e.op, distinct: false, star: false, args: [e.left, e.right], orderBy: [], filter: null, over: null, offset: e.offset };
  const cell = pending.get(e);
  if (cell) pending.set(call, cell);
  return call;
}

/**
 * The scalar to call for `call` (resolved to `f`): wrapped to record its result's subtype when it
 * is the argument of a JSON consumer, and to read its arguments' subtypes when it is a consumer.
 * Must be called before the arguments are coded. Returns `f` itself when neither applies.
 */
export function bindJsonSubtypes(call: FunctionCall, f: ScalarFunction): ScalarFunction {
  let out = f;
  const name = call.name.toLowerCase();
  if (CONSUMERS.has(name)) {
    const cells = call.args.map((a) => argCell(a));
    const inner = out;
    out = {
      ...inner,
      call(args: Value[], ctx: FunctionContext): Value {
        flags = cells.map((c, i) => c !== null && (c.check ? c.check(args[i]) : c.json));
        try {
          return inner.call(args, ctx);
        } finally {
          flags = null;
        }
      },
    };
  }
  const mine = pending.get(call);
  if (mine) {
    const inner = out;
    out = {
      ...inner,
      call(args: Value[], ctx: FunctionContext): Value {
        produced = false;
        const v = inner.call(args, ctx);
        mine.json = produced && v !== null;
        produced = false;
        return v;
      },
    };
  }
  return out;
}

function argCell(a: Expr): Cell | null {
  if (a.type === 'function') {
    if (JSON_AGGREGATES.has(a.name.toLowerCase())) return { json: true };
    const c = { json: false };
    pending.set(a, c);
    return c;
  }
  if (a.type === 'binary' && a.op === '->') {
    const c = { json: false };
    pending.set(a, c);
    return c;
  }
  if (a.type === 'column' && a.name.toLowerCase() === 'value') return { json: false, check: (v) => typeof v === 'string' && eachJson.has(v) };
  return null;
}
