/**
 * The rows of the table-valued functions json_each(JSON[, PATH]) and json_tree(JSON[, PATH])
 * (json1.html §4.24), as SQLite 3.53 gives them. Columns, in order:
 *
 * | # | name    | value                                                                     |
 * |---|---------|---------------------------------------------------------------------------|
 * | 0 | key     | array index (INTEGER) or object label (TEXT); for json_tree's top element |
 * |   |         | read from PATH (topKey); NULL for json_each of a primitive                |
 * | 1 | value   | the element as json_extract returns it (arrays/objects as JSON text)      |
 * | 2 | type    | json_type() name                                                          |
 * | 3 | atom    | `value` for primitives, NULL for arrays and objects                       |
 * | 4 | id      | byte offset of the element in the JSONB encoding of JSON (of its label    |
 * |   |         | when the element is an object member)                                     |
 * | 5 | parent  | json_tree: the containing element's id; json_each: NULL                   |
 * | 6 | fullkey | path of the element ("$.a[2]"; labels quoted unless alphanumeric)         |
 * | 7 | path    | path of the containing element; for json_tree's top element see topPath;  |
 * |   |         | for json_each of a primitive its own path                                 |
 * | 8 | json    | HIDDEN: the JSON argument                                                 |
 * | 9 | root    | HIDDEN: the PATH argument, '$' by default                                 |
 *
 * json_each lists the children of the element PATH names (or that element alone when it is not
 * an array or object); json_tree walks it and everything below it, depth first. A PATH that names
 * nothing gives no rows; a NULL JSON gives no rows.
 *
 * @module
 */
import { textOf } from '../value/coerce.js';
import type { Value } from '../value/value.js';
import { intValue } from '../value/value.js';
import { fnError } from './define.js';
import { jsonArg } from './json-args.js';
import { headerSize, payloadSize } from './json-blob.js';
import type { JNode } from './json-node.js';
import { J_ARRAY, J_OBJECT, typeName } from './json-node.js';
import type { Found } from './json-path.js';
import { NOT_FOUND, PATH_ERROR, lookup } from './json-path.js';
import { nodeValue, textNodeValue } from './json-render.js';
import { noteEachJson } from './json-subtype.js';

/** Column names of json_each / json_tree, in order; the last two are HIDDEN. */
export const JSON_EACH_COLUMNS = ['key', 'value', 'type', 'atom', 'id', 'parent', 'fullkey', 'path', 'json', 'root'];

/** Byte offsets of every node (labels included) in the canonical JSONB encoding of `root`. */
function offsets(root: JNode): Map<JNode, number> {
  const map = new Map<JNode, number>();
  const walk = (n: JNode, at: number): number => {
    map.set(n, at);
    const p = payloadSize(n);
    let child = at + headerSize(p);
    if (n.a) for (const k of n.a) child = walk(k, child);
    return at + headerSize(p) + p;
  };
  walk(root, 0);
  return map;
}

/** A fullkey step for an object label, from its text as written (escapes kept). */
function labelStep(label: string): string {
  return /^[A-Za-z][A-Za-z0-9]*$/.test(label) ? `.${label}` : `."${label}"`;
}

/**
 * The key of json_tree's top row, read from PATH after the cut `j` that gives its `path` (as
 * SQLite 3.53's jsonEachColumn does): NULL for '$'; an integer read from the digits after a '['
 * (0 for "[#-1]"); the text between the quotes of a quoted label (escapes not decoded); else the
 * text after the '.'.
 */
function topKey(path: string, j: number): Value {
  const n = path.length - j;
  if (path.length === 1 || n === 0) return null;
  if (path[j] === '[') {
    const m = /^[-+]?[0-9]+/.exec(path.slice(j + 1, j + n));
    return m ? intValue(BigInt.asIntN(64, BigInt(m[0]))) : 0;
  }
  if (path[j + 1] === '"') return path.slice(j + 2, j + n - 1);
  return path.slice(j + 1);
}

/**
 * The length of json_tree's top row `path`, found as SQLite 3.53 finds it (jsonEachPathLength):
 * the longest prefix of PATH, cut at a '.' or '[' character, that names the element whose first
 * child is the top element (by JSONB offset); '$' when there is none. So "$.a.b" gives "$.a" when
 * b is a's first member, but "$" when it is not.
 */
function topPathLength(root: JNode, path: string, topId: number, at: Map<JNode, number>): number {
  let n = path.length;
  while (n > 1) {
    n--;
    if (path[n] !== '[' && path[n] !== '.') continue;
    const r = lookup(root, path.slice(1, n));
    if (typeof r === 'number') continue;
    const x = at.get(r.node)!;
    if (x + headerSize(payloadSize(r.node)) === topId) break;
  }
  return n;
}

/** Tells json-subtype.ts which `value` texts are arrays/objects (JSON subtype), and returns `rows`. */
function noted(rows: Value[][]): Value[][] {
  noteEachJson(rows.filter((r) => r[3] === null && r[2] !== 'null').map((r) => r[1] as string));
  return rows;
}

/**
 * All rows of json_each (`tree` false) or json_tree (`tree` true) for the arguments `args`
 * (JSON[, PATH]), each row the ten columns of the module table.
 * @throws SqliteError "malformed JSON", "bad JSON path: 'P'"
 */
export function jsonEachRows(tree: boolean, args: Value[]): Value[][] {
  const [json, pathArg] = args;
  if (args.length === 0) return [];
  const root = jsonArg(json);
  if (root === null) return [];
  const path = pathArg === undefined ? '$' : pathArg === null ? null : textOf(pathArg)!;
  if (path === null) return [];
  if (path[0] !== '$') throw fnError(`bad JSON path: '${path}'`);
  const r = lookup(root, path.slice(1));
  if (r === PATH_ERROR) throw fnError(`bad JSON path: '${path}'`);
  if (r === NOT_FOUND) return [];
  const found = r as Found;
  const at = offsets(root);
  const rows: Value[][] = [];
  const hidden: Value[] = [json, pathArg === undefined ? '$' : pathArg];
  const row = (key: Value, n: JNode, id: number, parent: Value, fullkey: string, up: string): Value[] => {
    const v = nodeValue(n);
    const container = n.t === J_ARRAY || n.t === J_OBJECT;
    return [key, v, typeName(n), container ? null : v, id, parent, fullkey, up, ...hidden];
  };
  const children = (n: JNode, fullkey: string, visit: (key: Value, k: JNode, id: number, fk: string) => void): void => {
    const a = n.a!;
    if (n.t === J_ARRAY) a.forEach((k, i) => visit(i, k, at.get(k)!, `${fullkey}[${i}]`));
    else for (let i = 0; i + 1 < a.length; i += 2) visit(textNodeValue(a[i]), a[i + 1], at.get(a[i])!, fullkey + labelStep(a[i].s!));
  };
  const node = found.node;
  const topId = found.label ? at.get(found.label)! : at.get(node)!;
  if (!tree) {
    if (node.t === J_ARRAY || node.t === J_OBJECT) children(node, path, (key, k, id, fk) => rows.push(row(key, k, id, null, fk, path)));
    else rows.push(row(null, node, topId, null, path, path));
    return noted(rows);
  }
  const walk = (key: Value, n: JNode, id: number, parent: Value, fk: string, up: string): void => {
    rows.push(row(key, n, id, parent, fk, up));
    if (n.t === J_ARRAY || n.t === J_OBJECT) children(n, fk, (k2, c, cid, cfk) => walk(k2, c, cid, id, cfk, fk));
  };
  const cut = topPathLength(root, path, topId, at);
  walk(topKey(path, cut), node, topId, null, path, path.slice(0, cut));
  return noted(rows);
}
