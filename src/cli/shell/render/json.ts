/**
 * sqlite3's `json` mode: one JSON array of objects, `[{…},` then `\n{…}` per further row, `]` and a
 * newline after the last; nothing at all for an empty result. REALs are printed with `%!.20g`
 * (±Infinity as ±1e999), BLOBs as a JSON string of their raw bytes, as sqlite3 3.40 does.
 *
 * @module
 */
import type { Renderer, RendererFactory } from './types.js';
import { jsonLiteral, jsonString, utf8Bytes } from './value-text.js';

/** `json`. */
export const jsonRenderer: RendererFactory = (columns, _s, out): Renderer => {
  const keys = columns.map((c) => `${jsonString(utf8Bytes(c))}:`);
  let count = 0;
  return {
    row(values) {
      out(`${count++ === 0 ? '[{' : ',\n{'}${keys.map((k, i) => k + jsonLiteral(values[i])).join(',')}}`);
    },
    end() {
      if (count > 0) out(']\n');
    },
  };
};
