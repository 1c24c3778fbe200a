/**
 * Running the sqlite3 command-line shell, and reading its `.mode quote` output.
 *
 * The binary is `$SQLITE3` when set, else `sqlite3` on the PATH (3.40.1 on the reference machine).
 * SQL goes in on stdin with `-batch -bail`, so the first error stops the run and becomes a thrown
 * {@link Sqlite3CliError} carrying sqlite3's message. Runs time out after 60 s rather than hang.
 *
 * @module
 */
import { spawnSync } from 'node:child_process';

/** The sqlite3 binary the oracles run. */
export const SQLITE3_BIN = process.env.SQLITE3 ?? 'sqlite3';

/** sqlite3 exited non-zero or printed an error: `stderr` is its message. */
export class Sqlite3CliError extends Error {
  constructor(
    readonly file: string,
    readonly stderr: string,
    readonly status: number | null,
  ) {
    super(`sqlite3 ${file}: ${stderr.trim() || `exit status ${status}`}`);
    this.name = 'Sqlite3CliError';
  }
}

let version: string | null | undefined;

/** The CLI's version, e.g. '3.40.1', or null when it cannot be run (cached per process). */
export function sqlite3Version(): string | null {
  if (version === undefined) {
    const r = spawnSync(SQLITE3_BIN, ['-version'], { encoding: 'utf8' });
    version = r.status === 0 ? r.stdout.split(' ')[0] : null;
  }
  return version;
}

/** True when the sqlite3 CLI can be run. */
export function sqlite3Available(): boolean {
  return sqlite3Version() !== null;
}

/** Options of {@link runSqlite3}. */
export interface RunOptions {
  /** Open with `-readonly` (default true). */
  readonly?: boolean;
  /** Output mode given with `-cmd .mode …` (default 'list'). */
  mode?: 'list' | 'quote';
}

/**
 * Runs `sql` (statements and dot-commands, on stdin) against `file` and returns stdout as UTF-8.
 * Does not protect the file: callers go through `withOpenableCopy` (sidecars.ts) first.
 *
 * @throws Sqlite3CliError when sqlite3 fails, including when it cannot open the file.
 */
export function runSqlite3(file: string, sql: string, options: RunOptions = {}): string {
  const args = ['-batch', '-bail', '-noheader', '-cmd', `.mode ${options.mode ?? 'list'}`];
  if (options.readonly ?? true) args.push('-readonly');
  args.push(file);
  const r = spawnSync(SQLITE3_BIN, args, { input: sql, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 60_000 });
  if (r.error) throw new Sqlite3CliError(file, String(r.error), r.status);
  if (r.status !== 0 || r.stderr.trim() !== '') throw new Sqlite3CliError(file, r.stderr, r.status);
  return r.stdout;
}

/**
 * Splits `.mode quote` output into rows of SQL literals: `NULL`, `42`, `-1.5`, `1.0e+308`, `Inf`,
 * `'it''s'` (quotes kept, newlines inside kept), `X'00ff'`. Cells are separated by `,` and rows by
 * a newline outside quotes.
 */
export function parseQuoteOutput(out: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < out.length) {
    let j = i;
    if (out[j] === "'" || ((out[j] === 'X' || out[j] === 'x') && out[j + 1] === "'")) {
      j = out.indexOf("'", j) + 1;
      for (;;) {
        const close = out.indexOf("'", j);
        if (close < 0) throw new Error('unterminated quoted value in sqlite3 output');
        j = close + 1;
        if (out[j] !== "'") break;
        j++;
      }
    } else {
      while (j < out.length && out[j] !== ',' && out[j] !== '\n') j++;
    }
    row.push(out.slice(i, j));
    if (out[j] === ',') {
      i = j + 1;
    } else {
      rows.push(row);
      row = [];
      i = j + 1;
    }
  }
  return rows;
}

/** The plain value of one quote-mode literal: text unquoted, NULL → '', anything else as printed. */
export function unquoteLiteral(literal: string): string {
  if (literal === 'NULL') return '';
  if (literal.startsWith("'")) return literal.slice(1, -1).replaceAll("''", "'");
  return literal;
}
