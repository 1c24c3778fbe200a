/**
 * SQLite's JSON scalar functions (json1.html), as SQLite 3.53 computes them: json, json_valid,
 * json_quote, json_array, json_object, json_array_length, json_type, json_extract, the `->` and
 * `->>` operators (registered under those names), json_insert, json_replace, json_set,
 * json_remove, json_patch, json_pretty, json_error_position; and the JSONB forms (3.45+) jsonb,
 * jsonb_array, jsonb_object, jsonb_extract, jsonb_insert, jsonb_replace, jsonb_set, jsonb_remove,
 * jsonb_patch, returning the JSONB BLOB (json-blob.ts) instead of text.
 *
 * Results that SQLite gives the JSON subtype are marked with json-subtype.ts's markJson; JSON
 * arguments are read by json-args.ts, paths by json-path.ts, text written by json-render.ts.
 * Errors: "malformed JSON", "bad JSON path: 'P'", "JSON cannot hold BLOB values",
 * "json_object() labels must be TEXT", "json_object() requires an even number of arguments",
 * "json_F() needs an odd number of arguments", "FLAGS parameter to json_valid() must be between
 * 1 and 15" (all SQLITE_ERROR).
 *
 * @module
 */
import { intOf, textOf } from '../value/coerce.js';
import type { Value } from '../value/value.js';
import { isInt } from '../value/value.js';
import { fnError, scalar } from './define.js';
import { decodeJsonb, encodeJsonb, nodeSize, padToSize } from './json-blob.js';
import { jsonArg, parseCached, valueArg } from './json-args.js';
import type { JNode } from './json-node.js';
import { J_ARRAY, J_NULL, J_OBJECT, cloneNode, isTextNode, typeName } from './json-node.js';
import { errorPosition, parseJson } from './json-parse.js';
import type { Found, JsonEdit } from './json-path.js';
import { NOT_FOUND, PATH_ERROR, lookup } from './json-path.js';
import { nodeValue, quoteString, textNodeValue, toJson, toPrettyJson } from './json-render.js';
import { argIsJson, beginJsonCall, markJson } from './json-subtype.js';

/** Registers a JSON scalar (deterministic); clears the subtype marks before each call. */
function jscalar(name: string, nArg: number | number[], fn: (args: Value[]) => Value): void {
  scalar(name, nArg, (args) => {
    beginJsonCall();
    return fn(args);
  });
}

function badPath(p: string): Error {
  return fnError(`bad JSON path: '${p}'`);
}

/** Looks `path` up in `root`: the node, or null when not found. @throws bad JSON path */
function find(root: JNode, path: string): Found | null {
  if (path[0] !== '$') throw badPath(path);
  const r = lookup(root, path.slice(1));
  if (r === PATH_ERROR) throw badPath(path);
  return r === NOT_FOUND ? null : (r as Found);
}

/** The JSON text of a value argument (json_array, json_object, json_quote). */
function valueJson(v: Value, i: number): string {
  return toJson(valueArg(v, argIsJson(i)));
}

/** A JSON result: minified text with the JSON subtype, or (jsonb_ functions) its JSONB BLOB. */
function out(n: JNode, blob: boolean): Value {
  return blob ? encodeJsonb(n) : markJson(toJson(n));
}

/** A result SQLite builds as text: the text, or for jsonb_ functions the JSONB of that text. */
function outText(text: string, blob: boolean): Value {
  if (!blob) return markJson(text);
  const r = parseJson(text);
  return encodeJsonb((r as { node: JNode }).node);
}

for (const blob of [false, true]) {
  jscalar(blob ? 'jsonb' : 'json', 1, ([x]) => {
    const n = jsonArg(x);
    return n === null ? null : out(n, blob);
  });
}

/** True when `text` is RFC 8259 JSON (json_valid flag 0x01); JSON.parse accepts exactly that. */
function isCanonical(text: string): boolean {
  const nul = text.indexOf('\0');
  try {
    JSON.parse(nul >= 0 ? text.slice(0, nul) : text);
    return true;
  } catch {
    return false;
  }
}

/** True for a BLOB whose first header spans it exactly (jsonFuncArgMightBeBinary). */
function mightBeJsonb(b: Uint8Array): boolean {
  if (b.length < 1 || (b[0] & 0x0f) > J_OBJECT) return false;
  const code = b[0] >> 4;
  let n = 1;
  let size = code;
  if (code > 11) {
    const k = code === 12 ? 1 : code === 13 ? 2 : code === 14 ? 4 : 8;
    if (k >= b.length) return false;
    size = 0;
    for (let i = 1; i <= k; i++) size = size * 256 + b[i];
    n = 1 + k;
  }
  if (size + n !== b.length) return false;
  return !((b[0] & 0x0f) <= 2 && size > 0);
}

function jsonValid(x: Value, flags: number): Value {
  if (flags < 1 || flags > 15) throw fnError('FLAGS parameter to json_valid() must be between 1 and 15');
  if (x === null) return null;
  if (x instanceof Uint8Array && mightBeJsonb(x)) {
    if (flags & 0x04) return 1;
    if (flags & 0x08) return decodeJsonb(x) !== null ? 1 : 0;
    return 0;
  }
  if ((flags & 0x03) === 0) return 0;
  const text = textOf(x)!;
  const r = parseCached(text);
  if (!r.ok) return 0;
  return (flags & 0x02) !== 0 || isCanonical(text) ? 1 : 0;
}

jscalar('json_valid', 1, ([x]) => jsonValid(x, 1));
jscalar('json_valid', 2, ([x, f]) => {
  const n = intOf(f);
  return jsonValid(x, typeof n === 'bigint' ? (n > 0n ? 16 : 0) : n);
});

jscalar('json_quote', 1, ([x]) => markJson(valueJson(x, 0)));

for (const blob of [false, true]) {
  jscalar(blob ? 'jsonb_array' : 'json_array', -1, (args) => outText('[' + args.map(valueJson).join(',') + ']', blob));
  jscalar(blob ? 'jsonb_object' : 'json_object', -1, (args) => outText(jsonObject(args), blob));
}

function jsonObject(args: Value[]): string {
  if (args.length % 2 !== 0) throw fnError('json_object() requires an even number of arguments');
  const parts: string[] = [];
  for (let i = 0; i < args.length; i += 2) {
    const k = args[i];
    if (typeof k !== 'string') throw fnError('json_object() labels must be TEXT');
    parts.push(quoteString(k) + ':' + valueJson(args[i + 1], i + 1));
  }
  return '{' + parts.join(',') + '}';
}

jscalar('json_array_length', [1, 2], ([x, p]) => {
  const root = jsonArg(x);
  if (root === null) return null;
  let n: JNode = root;
  if (p !== undefined) {
    if (p === null) return null;
    const f = find(root, textOf(p)!);
    if (f === null) return null;
    n = f.node;
  }
  return n.t === J_ARRAY ? n.a!.length : 0;
});

jscalar('json_type', [1, 2], ([x, p]) => {
  const root = jsonArg(x);
  if (root === null) return null;
  if (p === undefined) return typeName(root);
  if (p === null) return null;
  const f = find(root, textOf(p)!);
  return f === null ? null : typeName(f.node);
});

function extract(args: Value[], blob: boolean): Value {
  if (args.length < 2) return null;
  const root = jsonArg(args[0]);
  if (root === null) return null;
  if (args.length === 2) {
    if (args[1] === null) return null;
    const f = find(root, textOf(args[1])!);
    if (f === null) return null;
    if (f.node.t === J_ARRAY || f.node.t === J_OBJECT) return out(f.node, blob);
    return nodeValue(f.node);
  }
  const parts: string[] = [];
  for (let i = 1; i < args.length; i++) {
    if (args[i] === null) return null;
    const f = find(root, textOf(args[i])!);
    parts.push(f === null ? 'null' : toJson(f.node));
  }
  return outText('[' + parts.join(',') + ']', blob);
}

jscalar('json_extract', -1, (args) => extract(args, false));
jscalar('jsonb_extract', -1, (args) => extract(args, true));

/** The path an abbreviated `->` / `->>` right operand stands for (NUMBER, LABEL, [NUMBER]). */
function arrowPath(p: Value): string {
  if (isInt(p)) {
    const s = p.toString();
    return s[0] === '-' ? `$[#${s}]` : `$[${s}]`;
  }
  const s = textOf(p)!;
  if (s[0] === '$') return s;
  if (/^[A-Za-z0-9_]*$/.test(s)) return '$.' + s;
  if (s[0] === '[' && s.length >= 3 && s[s.length - 1] === ']') return '$' + s;
  return '$."' + s + '"';
}

function arrow(x: Value, p: Value, asJson: boolean): Value {
  const root = jsonArg(x);
  if (root === null || p === null) return null;
  const path = arrowPath(p);
  const r = lookup(root, path.slice(1));
  if (r === PATH_ERROR) throw badPath(textOf(p)!);
  if (r === NOT_FOUND) return null;
  const node = (r as Found).node;
  if (asJson) return markJson(toJson(node));
  return nodeValue(node);
}

jscalar('->', 2, ([x, p]) => arrow(x, p, true));
jscalar('->>', 2, ([x, p]) => arrow(x, p, false));

/** json_insert / json_replace / json_set. */
function edit(name: string, mode: JsonEdit['mode'], args: Value[], blob: boolean): Value {
  if (args.length < 1) return null;
  if (args.length % 2 === 0) throw fnError(`json_${name}() needs an odd number of arguments`);
  const input = jsonArg(args[0]);
  if (input === null) return null;
  let root = cloneNode(input);
  for (let i = 1; i < args.length; i += 2) {
    if (args[i] === null) continue;
    const path = textOf(args[i])!;
    if (path[0] !== '$') throw badPath(path);
    const value = cloneNode(valueArg(args[i + 1], argIsJson(i + 1)));
    if (path.length === 1) {
      if (mode !== 'insert') {
        padToSize(value, nodeSize(root));
        root = value;
      }
      continue;
    }
    const r = lookup(root, path.slice(1), { mode, value });
    if (r === PATH_ERROR) throw badPath(path);
  }
  return out(root, blob);
}

for (const blob of [false, true]) {
  const b = blob ? 'jsonb_' : 'json_';
  jscalar(b + 'insert', -1, (args) => edit('insert', 'insert', args, blob));
  jscalar(b + 'replace', -1, (args) => edit('replace', 'replace', args, blob));
  jscalar(b + 'set', -1, (args) => edit('set', 'set', args, blob));
  jscalar(b + 'remove', -1, (args) => remove(args, blob));
  jscalar(b + 'patch', 2, ([x, p]) => {
    const target = jsonArg(x);
    const patch = jsonArg(p);
    if (target === null || patch === null) return null;
    return out(mergePatch(cloneNode(target), patch), blob);
  });
}

function remove(args: Value[], blob: boolean): Value {
  if (args.length < 1) return null;
  const input = jsonArg(args[0]);
  if (input === null) return null;
  const root = cloneNode(input);
  for (let i = 1; i < args.length; i++) {
    if (args[i] === null) return null;
    const path = textOf(args[i])!;
    if (path[0] !== '$') throw badPath(path);
    if (path.length === 1) return null;
    const r = lookup(root, path.slice(1), { mode: 'remove', value: null });
    if (r === PATH_ERROR) throw badPath(path);
  }
  return out(root, blob);
}

/** RFC 7396 MergePatch of `patch` into `target` (json_patch; jsonMergePatch). */
function mergePatch(target: JNode, patch: JNode): JNode {
  if (patch.t !== J_OBJECT) return patch;
  const t = target.t === J_OBJECT ? target : { t: J_OBJECT, a: [] as JNode[] };
  const ta = t.a!;
  const pa = patch.a!;
  for (let i = 0; i + 1 < pa.length; i += 2) {
    const key = textNodeValue(pa[i]);
    const pv = pa[i + 1];
    let j = 0;
    for (; j + 1 < ta.length; j += 2) if (isTextNode(ta[j]) && textNodeValue(ta[j]) === key) break;
    if (j + 1 < ta.length) {
      if (pv.t === J_NULL) ta.splice(j, 2);
      else ta[j + 1] = mergePatch(ta[j + 1], pv);
    } else if (pv.t !== J_NULL) {
      ta.push(pa[i], mergePatch({ t: J_NULL }, pv));
    }
  }
  return t;
}


jscalar('json_pretty', [1, 2], ([x, indent]) => {
  const n = jsonArg(x);
  if (n === null) return null;
  const ind = indent === undefined || indent === null ? '    ' : textOf(indent)!;
  return toPrettyJson(n, ind);
});

jscalar('json_error_position', 1, ([x]) => {
  if (x === null) return null;
  if (x instanceof Uint8Array && mightBeJsonb(x)) return decodeJsonb(x) !== null ? 0 : 1;
  const text = textOf(x)!;
  const r = parseCached(text);
  return r.ok ? 0 : errorPosition(text, r.errAt);
});
