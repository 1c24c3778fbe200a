/**
 * How the shell words an error, after the sqlite3 3.40 and tursodb shells:
 *
 * - a statement that fails to compile: `Parse error near line N: MESSAGE` (piped input; N is the
 *   line where the statement's input began) or `Parse error: MESSAGE` (interactive);
 * - a statement that fails while running: `Runtime error near line N: MESSAGE (CODE)` /
 *   `Runtime error: MESSAGE (CODE)`, CODE being the primary SQLite result code, left out for
 *   SQLITE_ERROR (1) as both shells do.
 *
 * sqlite3 also prints the statement with a caret under the error offset; neither engine behind
 * the shell's interface reports that offset, so the caret lines are not printed.
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

/** `Parse error…` or `Runtime error…` text (no newline); `line` null when interactive. */
export function formatSqlError(kind: 'Parse' | 'Runtime', e: unknown, line: number | null): string {
  const where = line === null ? '' : ` near line ${line}`;
  let msg = errorMessage(e);
  if (kind === 'Runtime') {
    const code = primaryCode((e as { code?: unknown } | null)?.code);
    if (code !== null && code !== 1) msg += ` (${code})`;
  }
  return `${kind} error${where}: ${msg}`;
}
