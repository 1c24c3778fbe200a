/**
 * JSON path lookup and edit (json1.html §3.3 "PATH arguments"), with SQLite 3.53's lazy path
 * reading (jsonLookupStep): the path is read one step at a time while walking the tree, so a step
 * that finds nothing ends the lookup (NULL) before a malformed rest of the path is seen, and only
 * a malformed step that is actually reached is "bad JSON path".
 *
 * Steps: `.label` (ends at '.' or '['; empty is an error), `."label"` (JSON escapes allowed),
 * `[N]` (decimal), `[#]` (one past the end), `[#-N]`. A `[` step on a non-array and a `.` step on a
 * non-object find nothing.
 *
 * Edits (json_insert/json_replace/json_set/json_remove): at the node the path names, 'replace' and
 * 'set' substitute the new value, 'insert' leaves it, 'remove' deletes it (with its label). When a
 * label is missing from an object, or the index is exactly one past an array's end, 'insert' and
 * 'set' create the rest of the path as nested empty objects/arrays ending in the value (all or
 * nothing: "$.b[1]" on {} creates nothing).
 *
 * @module
 */
import type { JNode } from './json-node.js';
import { J_ARRAY, J_OBJECT, isTextNode } from './json-node.js';
import { textNodeValue, unescapeJson } from './json-render.js';
import { nodeSize, padToSize } from './json-blob.js';

/** The path named nothing (the caller gives NULL or skips). */
export const NOT_FOUND = -1;
/** The path is malformed where it was read ("bad JSON path"). */
export const PATH_ERROR = -2;

/** An edit to apply at the end of the path. */
export interface JsonEdit {
  mode: 'insert' | 'replace' | 'set' | 'remove';
  value: JNode | null;
}

/** What a lookup found: the node, and where it sits (parent and index in `parent.a`). */
export interface Found {
  node: JNode;
  parent: JNode | null;
  index: number;
  /** The label node, when the parent is an object. */
  label: JNode | null;
}

/**
 * Follows `path` (the text after '$') from `node`. Returns the node found, or NOT_FOUND /
 * PATH_ERROR. With `edit`, applies it in place (see module doc).
 */
export function lookup(node: JNode, path: string, edit: JsonEdit | null = null, parent: JNode | null = null, index = -1, label: JNode | null = null): Found | number {
  if (path.length === 0) {
    if (edit && parent) {
      if (edit.mode === 'remove') parent.a!.splice(label ? index - 1 : index, label ? 2 : 1);
      else if (edit.mode !== 'insert') {
        padToSize(edit.value!, nodeSize(node));
        parent.a![index] = edit.value!;
      }
    }
    return { node, parent, index, label };
  }
  const c = path[0];
  if (c === '.') {
    let key: string;
    let rest: string;
    if (path[1] === '"') {
      let i = 2;
      for (; i < path.length && path[i] !== '"'; i++) if (path[i] === '\\' && i + 1 < path.length) i++;
      if (i >= path.length) return PATH_ERROR;
      key = unescapeJson(path.slice(2, i));
      rest = path.slice(i + 1);
    } else {
      let i = 1;
      while (i < path.length && path[i] !== '.' && path[i] !== '[') i++;
      if (i === 1) return PATH_ERROR;
      key = path.slice(1, i);
      rest = path.slice(i);
    }
    if (node.t !== J_OBJECT) return NOT_FOUND;
    const a = node.a!;
    for (let j = 0; j + 1 < a.length; j += 2) {
      if (isTextNode(a[j]) && textNodeValue(a[j]) === key) return lookup(a[j + 1], rest, edit, node, j + 1, a[j]);
    }
    if (edit && (edit.mode === 'insert' || edit.mode === 'set')) {
      const made = createSubstructure(rest, edit);
      if (typeof made === 'number') return made;
      a.push({ t: 10, s: key }, made);
      return { node: made, parent: node, index: a.length - 1, label: a[a.length - 2] };
    }
    return NOT_FOUND;
  }
  if (c === '[') {
    if (node.t !== J_ARRAY) return NOT_FOUND;
    const a = node.a!;
    let i = 1;
    let k = 0;
    while (i < path.length && path[i] >= '0' && path[i] <= '9') {
      k = k * 10 + (path.charCodeAt(i) - 48);
      i++;
    }
    if (i < 2 || path[i] !== ']') {
      if (path[1] !== '#') return PATH_ERROR;
      k = a.length;
      i = 2;
      if (path[2] === '-' && path[3] >= '0' && path[3] <= '9') {
        let nn = 0;
        i = 3;
        do {
          nn = nn * 10 + (path.charCodeAt(i) - 48);
          i++;
        } while (path[i] >= '0' && path[i] <= '9');
        if (nn > k) return NOT_FOUND;
        k -= nn;
      }
      if (path[i] !== ']') return PATH_ERROR;
    }
    const rest = path.slice(i + 1);
    if (k < a.length) return lookup(a[k], rest, edit, node, k, null);
    if (k > a.length) return NOT_FOUND;
    if (edit && (edit.mode === 'insert' || edit.mode === 'set')) {
      const made = createSubstructure(rest, edit);
      if (typeof made === 'number') return made;
      a.push(made);
      return { node: made, parent: node, index: a.length - 1, label: null };
    }
    return NOT_FOUND;
  }
  return PATH_ERROR;
}

/** The value to insert for the path rest `tail` (jsonCreateEditSubstructure), or an error code. */
function createSubstructure(tail: string, edit: JsonEdit): JNode | number {
  if (tail.length === 0) return edit.value!;
  const root: JNode = tail[0] === '.' ? { t: J_OBJECT, a: [] } : { t: J_ARRAY, a: [] };
  const r = lookup(root, tail, edit);
  return typeof r === 'number' ? r : root;
}
