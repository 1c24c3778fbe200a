/**
 * SQL spelling helpers as the sqlite3 3.40 shell uses them in `.dump` and `.schema`.
 *
 * @module
 */
import { KEYWORDS } from '../../engine/parser/index.js';
import { hexBlob, realLiteral, utf8Bytes } from './render/value-text.js';
import type { ShellValue } from './engine.js';

/**
 * A name as sqlite3's quoteChar decides: bare when it starts with a letter or '_', holds only
 * letters, digits and '_', and is not a keyword; else in double quotes with inner quotes doubled.
 */
export function quoteName(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name.toUpperCase())) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

/** A name in single quotes (a SQL string literal). */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** `s` when `text` does not contain it, else `alt`, else `(s<n>)` for the first n that fits (sqlite3's unused_string). */
function unusedString(text: string, s: string, alt: string): string {
  if (!text.includes(s)) return s;
  if (!text.includes(alt)) return alt;
  for (let i = 0; ; i++) {
    const t = `(${s}${i})`;
    if (!text.includes(t)) return t;
  }
}

/**
 * A TEXT literal for `.dump` (sqlite3's output_quoted_escaped_string), of a byte string: plain
 * `'…'` when there is no CR or LF, else wrapped in `replace('…\n…','\n',char(10))` (and likewise
 * `\r`/char(13)), with another marker chosen when the text already holds `\n`.
 */
export function escapedTextLiteral(b: string): string {
  const nul = b.indexOf('\0');
  if (nul >= 0) b = b.slice(0, nul);
  if (!b.includes('\n') && !b.includes('\r')) return `'${b.replaceAll("'", "''")}'`;
  const nl = b.includes('\n') ? unusedString(b, '\\n', '\\012') : null;
  const cr = b.includes('\r') ? unusedString(b, '\\r', '\\015') : null;
  let body = b.replaceAll("'", "''");
  if (nl) body = body.replaceAll('\n', nl);
  if (cr) body = body.replaceAll('\r', cr);
  let out = `${nl ? 'replace(' : ''}${cr ? 'replace(' : ''}'${body}'`;
  if (cr) out += `,'${cr}',char(13))`;
  if (nl) out += `,'${nl}',char(10))`;
  return out;
}

/**
 * A REAL as `.dump` writes it: an integral value that fits a 64-bit integer as `<integer>.0` (C's
 * `(sqlite3_int64)r == r` test, out-of-range values convert to INT64_MIN on x86-64), anything else
 * as json does (`%!.20g`, ±Infinity as ±1e999).
 */
export function dumpRealLiteral(r: number): string {
  if (Number.isInteger(r) && r >= -(2 ** 63) && r < 2 ** 63) return `${BigInt(r)}.0`;
  return realLiteral(r);
}

/** A value as `.dump`'s INSERT writes it (a byte string). */
export function insertLiteral(v: ShellValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return dumpRealLiteral(v);
  if (typeof v === 'string') return escapedTextLiteral(utf8Bytes(v));
  return hexBlob(v);
}
