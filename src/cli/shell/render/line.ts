/**
 * sqlite3's `line` mode: one `name = value` line per column, names right-aligned to the longest
 * name (in bytes, as C's `%*s`, and at least 5), records separated by the row separator (an empty line). The
 * header setting does not apply.
 *
 * @module
 */
import type { Renderer, RendererFactory } from './types.js';
import { columnText, utf8Bytes } from './value-text.js';

/** `line`. */
export const lineRenderer: RendererFactory = (columns, s, out): Renderer => {
  const names = columns.map(utf8Bytes);
  const width = Math.max(5, ...names.map((n) => n.length));
  let count = 0;
  return {
    row(values) {
      if (count++ > 0) out(s.rowSep);
      out(names.map((n, i) => `${n.padStart(width)} = ${columnText(values[i]) ?? s.nullValue}${s.rowSep}`).join(''));
    },
    end() {},
  };
};
