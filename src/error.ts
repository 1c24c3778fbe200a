/**
 * The one error type of Strata.
 *
 * Every failure a caller can act on is a {@link SqliteError} whose `code` is spelled as better-sqlite3
 * spells SQLite's result codes (`SQLITE_CORRUPT`, `SQLITE_NOTADB`, `SQLITE_BUSY`,
 * `SQLITE_CONSTRAINT_UNIQUE`, …). Where the failure has a place in a file, the error carries it:
 * `pgno` (1-based page number), `offset` (byte offset inside that page, or inside the file when
 * `pgno` is absent) and `frame` (1-based WAL frame number).
 *
 * Corruption is raised through the one-line helper {@link corrupt}, so that every decoder reports
 * the page and byte it stopped at.
 *
 * @module
 */

/** SQLite result codes used by Strata, primary and extended, as better-sqlite3 names them. */
export type SqliteErrorCode =
  | 'SQLITE_ERROR'
  | 'SQLITE_INTERNAL'
  | 'SQLITE_PERM'
  | 'SQLITE_ABORT'
  | 'SQLITE_BUSY'
  | 'SQLITE_BUSY_SNAPSHOT'
  | 'SQLITE_LOCKED'
  | 'SQLITE_NOMEM'
  | 'SQLITE_READONLY'
  | 'SQLITE_INTERRUPT'
  | 'SQLITE_IOERR'
  | 'SQLITE_IOERR_SHORT_READ'
  | 'SQLITE_CORRUPT'
  | 'SQLITE_NOTFOUND'
  | 'SQLITE_FULL'
  | 'SQLITE_CANTOPEN'
  | 'SQLITE_PROTOCOL'
  | 'SQLITE_SCHEMA'
  | 'SQLITE_TOOBIG'
  | 'SQLITE_CONSTRAINT'
  | 'SQLITE_CONSTRAINT_CHECK'
  | 'SQLITE_CONSTRAINT_FOREIGNKEY'
  | 'SQLITE_CONSTRAINT_NOTNULL'
  | 'SQLITE_CONSTRAINT_PRIMARYKEY'
  | 'SQLITE_CONSTRAINT_UNIQUE'
  | 'SQLITE_CONSTRAINT_TRIGGER'
  | 'SQLITE_CONSTRAINT_DATATYPE'
  | 'SQLITE_MISMATCH'
  | 'SQLITE_MISUSE'
  | 'SQLITE_RANGE'
  | 'SQLITE_NOTADB'
  | 'SQLITE_AUTH';

/** Where in a file an error happened. All fields are optional; units are in the names' docs. */
export interface SqliteErrorPlace {
  /** 1-based page number. */
  pgno?: number;
  /** Byte offset: inside page `pgno` when it is given, else inside the file. */
  offset?: number;
  /** 1-based WAL frame number. */
  frame?: number;
}

/**
 * An error with a SQLite result code and, where it applies, the page, byte offset and WAL frame.
 *
 * `message` is what SQLite would say, followed by the place when one is known, e.g.
 * `database disk image is malformed: cell 3 extends past the page (page 7, offset 4090)`.
 */
export class SqliteError extends Error {
  override readonly name = 'SqliteError';
  readonly code: SqliteErrorCode;
  readonly pgno: number | undefined;
  readonly offset: number | undefined;
  readonly frame: number | undefined;

  constructor(code: SqliteErrorCode, message: string, place: SqliteErrorPlace = {}) {
    super(message + describePlace(place));
    this.code = code;
    this.pgno = place.pgno;
    this.offset = place.offset;
    this.frame = place.frame;
  }
}

function describePlace(place: SqliteErrorPlace): string {
  const parts: string[] = [];
  if (place.frame !== undefined) parts.push(`frame ${place.frame}`);
  if (place.pgno !== undefined) parts.push(`page ${place.pgno}`);
  if (place.offset !== undefined) parts.push(`offset ${place.offset}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/**
 * Builds the SQLITE_CORRUPT error every decoder throws: "database disk image is malformed: WHY".
 *
 * @param why - what was wrong, in a few words.
 * @param pgno - 1-based page number, when known.
 * @param offset - byte offset inside the page (or the file when `pgno` is undefined).
 */
export function corrupt(why: string, pgno?: number, offset?: number): SqliteError {
  return new SqliteError('SQLITE_CORRUPT', `database disk image is malformed: ${why}`, { pgno, offset });
}

/** True when `e` is a {@link SqliteError}, optionally with the given code. */
export function isSqliteError(e: unknown, code?: SqliteErrorCode): e is SqliteError {
  return e instanceof SqliteError && (code === undefined || e.code === code);
}
