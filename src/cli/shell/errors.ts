/**
 * How the shell words an error, after the sqlite3 3.40 and tursodb shells:
 *
 * - a statement that fails to compile: `Parse error near line N: MESSAGE` (piped input; N is the
 *   line where the statement's input began) or `Parse error: MESSAGE` (interactive);
 * - a statement that fails while running: `Runtime error near line N: MESSAGE (CODE)` /
 *   `Runtime error: MESSAGE (CODE)`, CODE being the primary SQLite result code, left out for
 *   SQLITE_ERROR (1) as both shells do.
 *
 * When the error carries the UTF-8 byte offset of the offending token (Strata's parse errors do,
 * as `sqlite3_error_offset()`; better-sqlite3's errors do not), two more lines show the SQL from
 * the failing statement on, with a marker under that byte, as sqlite3's shell_error_context:
 *
 * ```
 * Parse error near line 2: near "selec": syntax error
 *   selec 2; SELECT 3;          at most 78 bytes, whitespace shown as spaces, the text shifted
 *   ^--- error here             left until the offset is ≤ 50; "error here ---^" from offset 25
 * ```
 *
 * @module
 */

const PRIMARY_CODES: Record<string, number> = {
  SQLITE_ERROR: 1, SQLITE_INTERNAL: 2, SQLITE_PERM: 3, SQLITE_ABORT: 4, SQLITE_BUSY: 5, SQLITE_LOCKED: 6,
  SQLITE_NOMEM: 7, SQLITE_READONLY: 8, SQLITE_INTERRUPT: 9, SQLITE_IOERR: 10, SQLITE_CORRUPT: 11,
  SQLITE_NOTFOUND: 12, SQLITE_FULL: 13, SQLITE_CANTOPEN: 14, SQLITE_PROTOCOL: 15, SQLITE_EMPTY: 16,
  SQLITE_SCHEMA: 17, SQLITE_TOOBIG: 18, SQLITE_CONSTRAINT: 19, SQLITE_MISMATCH: 20, SQLITE_MISUSE: 21,
  SQLITE_NOLFS: 22, SQLITE_AUTH: 23, SQLITE_FORMAT: 24, SQLITE_RANGE: 25, SQLITE_NOTADB: 26,
};

/** The primary result code of an error code name ('SQLITE_CONSTRAINT_UNIQUE' → 19), or null. */
export function primaryCode(code: unknown): number | null {
  if (typeof code !== 'string') return null;
  const primary = code.match(/^SQLITE_[A-Z]+/)?.[0];
  return primary ? (PRIMARY_CODES[primary] ?? null) : null;
}

/** The message of anything thrown. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The UTF-8 byte offset of a parse error's token, when the error reports one. */
export function errorOffset(e: unknown): number | null {
  const o = e as { offset?: unknown; index?: unknown } | null;
  return o !== null && typeof o === 'object' && typeof o.offset === 'number' && typeof o.index === 'number' ? o.offset : null;
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/**
 * The two context lines (each preceded by a newline) for an error at byte `offset` of `sql`, a
 * UTF-8 byte string running from the failing statement to the end of its input chunk.
 */
export function errorContext(sql: string, offset: number): string {
  let z = sql;
  let off = offset;
  let p = 0;
  while (off > 50) {
    off--;
    p++;
    while ((z.charCodeAt(p) & 0xc0) === 0x80) {
      p++;
      off--;
    }
  }
  z = z.slice(p);
  let len = z.length;
  if (len > 78) {
    len = 78;
    while ((z.charCodeAt(len) & 0xc0) === 0x80) len--;
  }
  let code = '';
  for (let i = 0; i < len; i++) code += isSpace(z.charCodeAt(i)) ? ' ' : z[i];
  return off < 25 ? `\n  ${code}\n  ${' '.repeat(off)}^--- error here` : `\n  ${code}\n  ${' '.repeat(Math.max(0, off - 14))}error here ---^`;
}

/**
 * `Parse error…` or `Runtime error…` text as a UTF-8 byte string (no final newline); `line` null
 * when interactive; `tail` (byte string, the SQL from the failing statement on) adds the context
 * lines when the error has an offset.
 */
export function formatSqlError(kind: 'Parse' | 'Runtime', e: unknown, line: number | null, tail?: string): string {
  const where = line === null ? '' : ` near line ${line}`;
  let msg = Buffer.from(errorMessage(e), 'utf8').toString('latin1');
  if (kind === 'Runtime') {
    const code = primaryCode((e as { code?: unknown } | null)?.code);
    if (code !== null && code !== 1) msg += ` (${code})`;
  }
  const offset = errorOffset(e);
  const context = offset !== null && tail !== undefined ? errorContext(tail, offset) : '';
  return `${kind} error${where}: ${msg}${context}`;
}

/** Thrown by the output sink once stdout is closed (a reader such as `head` went away): the shell stops quietly. */
export class OutputClosedError extends Error {
  constructor() {
    super('output closed');
    this.name = 'OutputClosedError';
  }
}
