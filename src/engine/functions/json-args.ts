/**
 * Reading SQL arguments as JSON, as SQLite 3.53's JSON functions do (json.c jsonParseFuncArg,
 * jsonFunctionArgToBlob, json1.html §3.1–3.2):
 *
 * - A JSON argument: NULL → NULL result; a BLOB holding well-formed JSONB is that element; any
 *   other value is read as text (a BLOB's bytes as UTF-8, numbers as their text) and parsed as
 *   JSON/JSON5, failing with "malformed JSON".
 * - A value argument (json_array, json_object, json_set …): NULL, INTEGER, REAL, TEXT as the JSON
 *   null / number / string; TEXT with the JSON subtype as the JSON it holds; a JSONB BLOB as its
 *   element; any other BLOB fails with "JSON cannot hold BLOB values".
 *
 * Parses of the same text are cached (a few entries): a query calls json_extract on one document
 * with many paths, or json_each's columns over one document. Cached trees are shared: callers that
 * edit must copy (cloneNode).
 *
 * @module
 */
import { textOf } from '../value/coerce.js';
import type { Value } from '../value/value.js';
import { fnError } from './define.js';
import { decodeJsonb } from './json-blob.js';
import type { JNode } from './json-node.js';
import type { ParseResult } from './json-parse.js';
import { parseJson } from './json-parse.js';
import { sqlScalarNode } from './json-render.js';

const CACHE_ENTRIES = 4;
const cache = new Map<string, ParseResult>();

/** Parses `text` through the cache. */
export function parseCached(text: string): ParseResult {
  let r = cache.get(text);
  if (r === undefined) {
    r = parseJson(text);
    if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
    cache.set(text, r);
  }
  return r;
}

/** "malformed JSON". */
export function malformed(): Error {
  return fnError('malformed JSON');
}

/**
 * The JSON element argument `v` holds; null for SQL NULL.
 * @throws SqliteError "malformed JSON"
 */
export function jsonArg(v: Value): JNode | null {
  if (v === null) return null;
  if (v instanceof Uint8Array) {
    const n = decodeJsonb(v);
    if (n !== null) return n;
  }
  const r = parseCached(textOf(v)!);
  if (!r.ok) throw malformed();
  return r.node;
}

/**
 * The JSON element for a value argument (see module doc); `json`: the argument has the JSON
 * subtype (json-subtype.ts).
 * @throws SqliteError "JSON cannot hold BLOB values", "malformed JSON"
 */
export function valueArg(v: Value, json: boolean): JNode {
  if (v instanceof Uint8Array) {
    const n = decodeJsonb(v);
    if (n === null) throw fnError('JSON cannot hold BLOB values');
    return n;
  }
  if (typeof v === 'string' && json) return jsonArg(v)!;
  return sqlScalarNode(v);
}
