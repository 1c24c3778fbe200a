/**
 * How the sqlite3 3.40 CLI spells one value in each output mode, as **byte strings**: JS strings
 * whose every char code is one byte (0..255) of the output. The shell works in bytes because
 * sqlite3 does: it counts UTF-8 lead bytes for column widths, cuts text at the first NUL (C
 * strings) and writes a BLOB's bytes raw in list/csv/line/box modes. {@link utf8Bytes} turns JS
 * text into a byte string; the output sink writes it with `Buffer.from(s, 'latin1')`.
 *
 * | value   | column text (list, csv, line, box)  | quote                 | json / .dump insert   |
 * |---------|-------------------------------------|-----------------------|-----------------------|
 * | NULL    | the null value ('' by default)      | NULL                  | null / NULL           |
 * | INTEGER | decimal                             | decimal               | decimal               |
 * | REAL    | `%!.15g` (1.0, 0.1, 1.0e+20, Inf)   | `%!.20g`              | `%!.20g`, ±Inf → ±1e999 |
 * | TEXT    | UTF-8 up to the first NUL           | '…' with '' doubling  | "…" JSON-escaped / '…' |
 * | BLOB    | its bytes up to the first NUL       | X'hex'                | bytes JSON-escaped / X'hex' |
 *
 * @module
 */
import type { ShellValue } from '../engine.js';
import { formatGenericAlt2 } from '../sqlite-printf.js';

/** JS text → UTF-8 byte string. */
export function utf8Bytes(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

/** UTF-8 byte string → JS text (invalid sequences become U+FFFD). */
export function bytesToText(b: string): string {
  return Buffer.from(b, 'latin1').toString('utf8');
}

function cutAtNul(b: string): string {
  const i = b.indexOf('\0');
  return i < 0 ? b : b.slice(0, i);
}

function blobBytes(v: Uint8Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('latin1');
}

/** `sqlite3_column_text()` as the shell prints it (a C string), or null for NULL. */
export function columnText(v: ShellValue): string | null {
  if (v === null) return null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return formatGenericAlt2(v, 15);
  if (typeof v === 'string') return cutAtNul(utf8Bytes(v));
  return cutAtNul(blobBytes(v));
}

/** `'…'` with quotes doubled (sqlite3's output_quoted_string), of a byte string. */
export function quotedString(b: string): string {
  return `'${cutAtNul(b).replaceAll("'", "''")}'`;
}

/** X'…' with lowercase hex digits (sqlite3's output_hex_blob). */
export function hexBlob(v: Uint8Array): string {
  return `X'${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}'`;
}

/** The quote-mode literal of a value. */
export function quoteLiteral(v: ShellValue): string {
  if (v === null) return 'NULL';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return formatGenericAlt2(v, 20);
  if (typeof v === 'string') return quotedString(utf8Bytes(v));
  return hexBlob(v);
}

/** A REAL as json and .dump write it: `%!.20g`, with ±Infinity as ±1e999 (which SQL reads back). */
export function realLiteral(r: number): string {
  if (r === Infinity) return '1e999';
  if (r === -Infinity) return '-1e999';
  return formatGenericAlt2(r, 20);
}

/** A JSON string of a byte string (sqlite3's output_json_string): \\ \" \b \f \n \r \t, other controls as \u00XX. */
export function jsonString(b: string): string {
  let out = '"';
  for (const ch of b) {
    const c = ch.charCodeAt(0);
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (c <= 0x1f) {
      const named: Record<number, string> = { 8: 'b', 12: 'f', 10: 'n', 13: 'r', 9: 't' };
      out += named[c] ? `\\${named[c]}` : `\\u${c.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** The json-mode value. */
export function jsonLiteral(v: ShellValue): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return realLiteral(v);
  if (typeof v === 'string') return jsonString(cutAtNul(utf8Bytes(v)));
  return jsonString(blobBytes(v));
}
