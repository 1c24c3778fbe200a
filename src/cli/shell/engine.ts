/**
 * The seam between the shell and a SQL engine: the subset of better-sqlite3's `Database` the shell
 * needs (kysely-style: a tiny interface of our own), and the two engines that fill it.
 *
 * - `strata` (default): Strata's own `Database` from src/api, loaded lazily so that a failure to
 *   load the engine is reported like any other error.
 * - `better-sqlite3` (hidden dev option `--engine better-sqlite3`): SQLite itself, which the
 *   rendering tests use so that they do not depend on how far Strata's engine has come.
 *
 * Values cross the seam as better-sqlite3 returns them with `raw(true)` and `safeIntegers(true)`:
 * INTEGER → bigint, REAL → number, TEXT → string, BLOB → Uint8Array (Buffer), NULL → null. The
 * bigint/number split is what lets the shell print `1` for an INTEGER and `1.0` for a REAL, as
 * sqlite3 does.
 *
 * @module
 */

/** One result value: INTEGER bigint, REAL number, TEXT string, BLOB bytes, NULL. */
export type ShellValue = bigint | number | string | Uint8Array | null;

/** A prepared statement, as far as the shell uses it (better-sqlite3's Statement subset). */
export interface ShellStatement {
  /** True when the statement returns rows (better-sqlite3 `reader`). */
  readonly reader: boolean;
  /** Result column descriptions; only `name` is used. */
  columns(): { name: string }[];
  raw(toggle?: boolean): this;
  safeIntegers(toggle?: boolean): this;
  iterate(...params: unknown[]): IterableIterator<unknown>;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): unknown;
}

/** A database connection, as far as the shell uses it (better-sqlite3's Database subset). */
export interface ShellDatabase {
  prepare(sql: string): ShellStatement;
  exec(sql: string): unknown;
  pragma(source: string, options?: { simple?: boolean }): unknown;
  close(): unknown;
}

/** Which engine runs the SQL. */
export type EngineName = 'strata' | 'better-sqlite3';

/** How to open a database. */
export interface OpenOptions {
  readonly?: boolean;
  /** Cipher of a Turso-encrypted file (aegis256, aes256gcm, …); needs `hexkey`. */
  cipher?: string;
  /** Key in hex. */
  hexkey?: string;
}

/**
 * Splits a `file:` URI into a path and its `cipher`/`hexkey` query parameters (other parameters
 * such as `mode=ro` are honoured as `readonly`). Plain paths come back unchanged.
 */
export function parseDatabaseUri(target: string): { path: string; options: OpenOptions } {
  if (!target.startsWith('file:')) return { path: target, options: {} };
  const q = target.indexOf('?');
  const path = decodeURIComponent(target.slice(5, q < 0 ? undefined : q).replace(/^\/\/(localhost)?(?=\/)/, ''));
  const params = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  const options: OpenOptions = {};
  if (params.get('cipher')) options.cipher = params.get('cipher')!;
  if (params.get('hexkey')) options.hexkey = params.get('hexkey')!;
  if (params.get('mode') === 'ro') options.readonly = true;
  return { path: path === '' ? ':memory:' : path, options };
}

/**
 * Opens `target` (a path, ':memory:' or a `file:` URI) with `engine`.
 *
 * @throws whatever the engine throws (SqliteError / better-sqlite3's SqliteError, e.g.
 *   SQLITE_CANTOPEN or SQLITE_NOTADB); an Error when better-sqlite3 is asked for a cipher.
 */
export async function openDatabase(engine: EngineName, target: string, options: OpenOptions = {}): Promise<ShellDatabase> {
  const uri = parseDatabaseUri(target);
  const opts = { ...uri.options, ...definedOnly(options) };
  if (engine === 'better-sqlite3') {
    if (opts.cipher || opts.hexkey) throw new Error('the better-sqlite3 engine cannot open encrypted databases');
    const { default: BetterSqlite3 } = await import('better-sqlite3');
    return new BetterSqlite3(uri.path, { readonly: opts.readonly ?? false }) as unknown as ShellDatabase;
  }
  const { Database } = await import('../../api/index.js');
  // cipher/hexkey open a Turso-encrypted file through the pager's page cipher (src/api/connection.ts).
  return new Database(uri.path, opts) as unknown as ShellDatabase;
}

function definedOnly(o: OpenOptions): OpenOptions {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as OpenOptions;
}
