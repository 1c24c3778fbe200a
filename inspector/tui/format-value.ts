/**
 * One-line renderings of SQLite values for narrow terminal cells, in the sqlite3 shell's `quote`
 * style: NULL, 42, 1.5, 'text' (quotes doubled), X'00ff' (blobs), with long values cut and marked `…`.
 *
 * @module
 */
import type { SqlValue } from '../../src/format/index.js';

/** Longest blob prefix rendered, in bytes (the rest is shown as `…`). */
const MAX_BLOB_BYTES = 32;

/**
 * Renders `v` on one line, at most `width` characters (no limit when omitted). Control characters in
 * text become escapes (`\n`, `\t`, `\xNN`) so a value never breaks the line.
 *
 * @param serialType - the value's serial type when known: 7 (a REAL) prints `3.0`, not `3`.
 */
export function formatValue(v: SqlValue, width?: number, serialType?: number): string {
  let s: string;
  if (v === null) s = 'NULL';
  else if (typeof v === 'bigint') s = v.toString();
  else if (typeof v === 'number') s = serialType !== 7 && Number.isInteger(v) && !Object.is(v, -0) && Math.abs(v) < 2 ** 53 ? String(v) : realText(v);
  else if (typeof v === 'string') s = `'${escapeText(v.length > 400 ? v.slice(0, 400) : v).replace(/'/g, "''")}${v.length > 400 ? '…' : "'"}`;
  else {
    const hex = Buffer.from(v.buffer, v.byteOffset, Math.min(v.byteLength, MAX_BLOB_BYTES)).toString('hex');
    s = v.byteLength > MAX_BLOB_BYTES ? `X'${hex}…(${v.byteLength} B)` : `X'${hex}'`;
  }
  return width === undefined ? s : cut(s, width);
}

/** Cuts `s` to `width` characters, ending in `…` when cut. */
export function cut(s: string, width: number): string {
  if (width <= 0) return '';
  return s.length <= width ? s : s.slice(0, Math.max(0, width - 1)) + '…';
}

/** Pads or cuts `s` to exactly `width` characters. */
export function fit(s: string, width: number): string {
  return cut(s, width).padEnd(width);
}

function realText(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'Inf' : '-Inf';
  const s = String(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

function escapeText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x1f\x7f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/** `n word` with the word in the plural when n ≠ 1 (`index` → `indexes`). */
export function plural(n: number, word: string): string {
  return `${n} ${n === 1 ? word : word.endsWith('x') ? `${word}es` : `${word}s`}`;
}
