/**
 * The delimited modes of sqlite3: `list` (values joined by '|'), `csv` (RFC 4180 quoting as
 * sqlite3's output_csv) and `quote` (SQL literals). The header line, when `.headers on`, is printed
 * before the first row only, so an empty result prints nothing.
 *
 * csv quoting (sqlite3 3.40): a field is wrapped in double quotes, with inner quotes doubled, when it
 * is empty, contains the column separator, or any byte that is a control character, space, `"`,
 * `'`, DEL or ≥ 0x80 (so every non-ASCII field is quoted). NULL prints the null value unquoted.
 *
 * @module
 */
import type { ShellValue } from '../engine.js';
import type { Renderer, RendererFactory } from './types.js';
import { columnText, quoteLiteral, quotedString, utf8Bytes } from './value-text.js';

function csvNeedsQuote(c: number): boolean {
  return c < 0x20 || c === 0x20 || c === 0x22 || c === 0x27 || c >= 0x7f;
}

/** One csv field (sqlite3's output_csv) of a byte string. */
export function csvField(b: string, colSep: string): string {
  let quote = b.length === 0 || b.includes(colSep);
  for (let i = 0; !quote && i < b.length; i++) quote = csvNeedsQuote(b.charCodeAt(i));
  return quote ? `"${b.replaceAll('"', '""')}"` : b;
}

function delimited(header: (name: string) => string, cell: (v: ShellValue) => string): RendererFactory {
  return (columns, s, out): Renderer => {
    let first = true;
    return {
      row(values) {
        if (first && s.headers) out(columns.map((c) => header(utf8Bytes(c))).join(s.colSep) + s.rowSep);
        first = false;
        out(values.map(cell).join(s.colSep) + s.rowSep);
      },
      end() {},
    };
  };
}

/** `list`: column text joined by the separator; NULL as the null value. */
export const listRenderer: RendererFactory = (columns, s, out) =>
  delimited((name) => name, (v) => columnText(v) ?? s.nullValue)(columns, s, out);

/** `csv`. */
export const csvRenderer: RendererFactory = (columns, s, out) =>
  delimited(
    (name) => csvField(name, s.colSep),
    (v) => {
      const t = columnText(v);
      return t === null ? s.nullValue : csvField(t, s.colSep);
    },
  )(columns, s, out);

/** `quote`: SQL literals; the header names are quoted as strings. */
export const quoteRenderer: RendererFactory = (columns, s, out) => delimited(quotedString, quoteLiteral)(columns, s, out);
