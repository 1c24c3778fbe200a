/**
 * Statement dispatch and the public entry points: {@link parse} (a script), {@link parseStatement}
 * (exactly one statement, as `prepare` needs) and {@link parseNext} (one statement at a time, as
 * `exec` needs: a later statement's syntax error must not stop an earlier one from running).
 *
 * Grammar (SQLite's `cmdlist`): statements separated by `;`; empty statements are skipped;
 * `EXPLAIN [QUERY PLAN]` may prefix any statement.
 *
 * @module
 */
import type { Statement, WithClause } from './ast.js';
import { parseDelete, parseInsert, parseUpdate } from './parse-dml.js';
import { parseCreate } from './parse-create.js';
import { parseAlter, parseDrop, parsePragma, parseTransaction, parseUtility } from './parse-misc.js';
import { parseSelectBody, parseWith } from './parse-select.js';
import { ParserState } from './parser-state.js';
import { SqliteError } from '../../error.js';
import { SqlParseError } from './errors.js';
import { TK } from './tokens.js';

/** One parsed statement and where the rest of the script starts. */
export interface ParsedStatement {
  statement: Statement;
  /** Index just past the statement's terminating `;` (or the end of the input). */
  tail: number;
  /**
   * Parameter names by number: entry i names parameter ?(i+1) (`:a`, `@a`, `$a`, `?5`), null for an
   * anonymous `?` or an unused number. Its length is the number of parameters.
   */
  parameters: Array<string | null>;
}

/**
 * Parses the first statement of `sql` at or after index `start`, skipping empty statements.
 * Returns null when only white space, comments and semicolons remain.
 * @throws SqlParseError (`SQLITE_ERROR`) on a syntax error, with SQLite's message.
 */
export function parseNext(sql: string, start = 0): ParsedStatement | null {
  const p = new ParserState(sql, start);
  while (p.tok.kind === TK.SEMI) p.advance();
  if (p.tok.kind === TK.EOF) return null;
  let statement: Statement;
  try {
    statement = parseCommand(p);
  } catch (e) {
    // Nesting too deep for the JavaScript stack: SQLite's parser gives up on deep nesting too
    // (its stack holds SQLITE_MAX_PARSER_DEPTH entries), with this message.
    if (e instanceof RangeError) throw new SqlParseError(sql, 'Recursion limit', p.tok.offset);
    throw e;
  }
  if (!p.at(TK.SEMI) && !p.at(TK.EOF)) throw p.fail();
  p.finish();
  return { statement, tail: p.tok.end, parameters: p.parameterNames() };
}

/**
 * Parses a script: every statement of `sql`, in order.
 * @throws SqlParseError on the first syntax error.
 */
export function parse(sql: string): Statement[] {
  const out: Statement[] = [];
  let at = 0;
  for (;;) {
    const next = parseNext(sql, at);
    if (next === null) return out;
    out.push(next.statement);
    at = next.tail;
  }
}

/**
 * Parses exactly one statement (surrounding white space, comments and `;` allowed).
 * @throws SqlParseError on a syntax error in the first statement.
 * @throws SqliteError `SQLITE_MISUSE` when there is no statement, or anything but white space,
 *   comments and `;` after the first one (better-sqlite3's wording: "The supplied SQL string
 *   contains no statements" / "… more than one statement").
 */
export function parseStatement(sql: string): Statement {
  const first = parseNext(sql, 0);
  if (first === null) throw new SqliteError('SQLITE_MISUSE', 'The supplied SQL string contains no statements');
  if (!onlyTrivia(sql, first.tail)) {
    throw new SqliteError('SQLITE_MISUSE', 'The supplied SQL string contains more than one statement');
  }
  return first.statement;
}

/**
 * True when `sql` from `start` (up to a NUL) holds only what better-sqlite3 skips after the first
 * statement: space, `;`, tab through carriage return (VT included, unlike SQLite's tokenizer),
 * `/* … *\/` (even unterminated) and `-- …` comments. Anything else, a U+FEFF included, is
 * "more than one statement".
 */
function onlyTrivia(sql: string, start: number): boolean {
  const at = (i: number): number => (i < sql.length ? sql.charCodeAt(i) : 0);
  let i = start;
  for (let c = at(i); c !== 0; c = at(i)) {
    if (c === 0x20 || c === 0x3b || (c >= 0x09 && c <= 0x0d)) {
      i++;
    } else if (c === 0x2f && at(i + 1) === 0x2a) {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else if (c === 0x2d && at(i + 1) === 0x2d) {
      const nl = sql.indexOf('\n', i + 2);
      i = nl < 0 ? sql.length : nl + 1;
    } else {
      return false;
    }
  }
  return true;
}

/** One command, optionally prefixed by EXPLAIN [QUERY PLAN]. */
function parseCommand(p: ParserState): Statement {
  p.resetStatement();
  const offset = p.tok.offset;
  if (p.accept(TK.EXPLAIN)) {
    let queryPlan = false;
    if (p.accept(TK.QUERY)) {
      p.expect(TK.PLAN);
      queryPlan = true;
    }
    const statement = parseCmd(p);
    return { type: 'explain', queryPlan, statement, offset, end: p.prevEnd };
  }
  return parseCmd(p);
}

function parseCmd(p: ParserState): Statement {
  const t = p.tok;
  const offset = t.offset;
  switch (t.kind) {
    case TK.SELECT:
    case TK.VALUES:
      return parseSelectBody(p, null, offset);
    case TK.WITH:
      return parseWithStatement(p, parseWith(p), offset);
    case TK.INSERT:
    case TK.REPLACE:
      return parseInsert(p, null, offset);
    case TK.UPDATE:
      return parseUpdate(p, null, offset);
    case TK.DELETE:
      return parseDelete(p, null, offset);
    case TK.CREATE:
      p.advance();
      return parseCreate(p, offset);
    case TK.DROP:
      p.advance();
      return parseDrop(p, offset);
    case TK.ALTER:
      p.advance();
      return parseAlter(p, offset);
    case TK.PRAGMA:
      p.advance();
      return parsePragma(p, offset);
    case TK.BEGIN:
    case TK.COMMIT:
    case TK.END:
    case TK.ROLLBACK:
    case TK.SAVEPOINT:
    case TK.RELEASE:
      p.advance();
      return parseTransaction(p, t.kind, offset);
    case TK.ATTACH:
    case TK.DETACH:
    case TK.VACUUM:
    case TK.ANALYZE:
    case TK.REINDEX:
      p.advance();
      return parseUtility(p, t.kind, offset);
  }
  throw p.fail();
}

/** After `WITH …`: a SELECT, INSERT, REPLACE, UPDATE or DELETE. */
function parseWithStatement(p: ParserState, withClause: WithClause, offset: number): Statement {
  switch (p.tok.kind) {
    case TK.SELECT:
    case TK.VALUES:
      return parseSelectBody(p, withClause, offset);
    case TK.INSERT:
    case TK.REPLACE:
      return parseInsert(p, withClause, offset);
    case TK.UPDATE:
      return parseUpdate(p, withClause, offset);
    case TK.DELETE:
      return parseDelete(p, withClause, offset);
  }
  throw p.fail();
}
