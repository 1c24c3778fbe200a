/**
 * Parse errors, worded exactly as SQLite words them:
 *
 * - `near "X": syntax error`: X is the text of the token at which the grammar failed;
 * - `incomplete input`: the input ended where more was needed;
 * - `unrecognized token: "X"`: X is a malformed token (unterminated string, `123abc`, `!`…);
 * - plus the few checks SQLite makes while parsing (`unknown join type: …`, `unknown table
 *   option: …`, `ORDER BY clause should come after UNION not before`, …).
 *
 * All are `SqliteError('SQLITE_ERROR', …)` whose `offset` is the UTF-8 byte offset of the token
 * (what `sqlite3_error_offset()` returns; the end of the input for `incomplete input`) and whose
 * `index` is the same place as a JavaScript string index. The message carries no position suffix.
 *
 * @module
 */
import { SqliteError } from '../../error.js';
import { utf8Offset, type Token } from './lexer.js';
import { TK } from './tokens.js';

/** A SQL parse error: `SQLITE_ERROR` with the position of the offending token. */
export class SqlParseError extends SqliteError {
  /** UTF-8 byte offset of the offending token in the SQL text. */
  override readonly offset: number;
  /** The same position as an index into the JavaScript string (UTF-16 code units). */
  readonly index: number;

  constructor(sql: string, message: string, index: number) {
    super('SQLITE_ERROR', message);
    this.index = index;
    this.offset = utf8Offset(sql, index);
  }
}

/** `near "X": syntax error` at `tok`, or `incomplete input` when `tok` is the end of input. */
export function syntaxError(sql: string, tok: Token): SqlParseError {
  if (tok.kind === TK.EOF) return new SqlParseError(sql, 'incomplete input', tok.offset);
  return new SqlParseError(sql, `near "${tok.text}": syntax error`, tok.offset);
}

/** `unrecognized token: "X"` for an ILLEGAL token (or a malformed number's text). */
export function unrecognizedToken(sql: string, text: string, index: number): SqlParseError {
  return new SqlParseError(sql, `unrecognized token: "${text}"`, index);
}
