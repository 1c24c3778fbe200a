/**
 * The parser's cursor over the token stream, shared by the parse-*.ts modules.
 *
 * One-token look-ahead (`tok`) plus `peek(n)` for the few places SQLite's grammar needs more
 * (`t.*` in a result column). Keywords are matched before identifiers: a fallback keyword
 * (tokens.ts) is taken as an identifier only where its keyword meaning cannot continue the
 * statement, which is what Lemon's `%fallback` does in SQLite's LALR parser.
 *
 * Invariants:
 * 1. `tok` is never ILLEGAL: advancing onto an ILLEGAL token throws `unrecognized token`, which is
 *    when SQLite's tokenizer reports it (after every earlier token has been accepted).
 * 2. The token after a statement's terminating `;` is never read, so a bad token in a later
 *    statement cannot fail an earlier one (sqlite3_prepare stops at the first statement).
 * 3. `prevEnd` is the end of the last consumed token; spans (`sql.slice(start, prevEnd)`) are the
 *    exact source text of what was parsed.
 * 4. SQLite runs its parse-time checks (unknown join type, misplaced ORDER BY, bad `?N`, …) when it
 *    reduces a rule, i.e. with the next token in hand, and a syntax error at that token replaces
 *    their message. Such checks are deferred (`deferError`) until the look-ahead is consumed or
 *    ends the statement.
 * 5. Every expression's height (SQLite's `Expr.nHeight`) is recorded while parsing, and an
 *    expression taller than MAX_EXPR_DEPTH is SQLite's deferred "Expression tree is too large"
 *    error; the rules are in expr-height.ts.
 *
 * @module
 */
import { SqlParseError, syntaxError, unrecognizedToken } from './errors.js';
import { Lexer, type Token } from './lexer.js';
import { TK, type TokenKind } from './tokens.js';

/** SQLITE_MAX_VARIABLE_NUMBER in the SQLite better-sqlite3 ships. */
export const MAX_VARIABLE_NUMBER = 32766;

/** SQLITE_MAX_EXPR_DEPTH: the tallest expression tree SQLite's parser builds (invariant 5). */
export const MAX_EXPR_DEPTH = 1000;

/** Parser state for one statement (or a script, statement after statement). */
export class ParserState {
  readonly sql: string;
  private readonly lexer: Lexer;
  private readonly ahead: Token[] = [];
  /** The look-ahead token (invariant 1). */
  tok: Token;
  /** End index of the last consumed token (invariant 3). */
  prevEnd: number;
  /** True while parsing the body of CREATE TRIGGER (RETURNING is refused there). */
  inTrigger = false;
  /** An error waiting for the look-ahead to prove valid (invariant 4). */
  private pending: SqlParseError | null = null;
  /** Highest parameter number used so far in the statement. */
  private nVar = 0;
  /** Parameter names by number (index 0 = ?1); null for anonymous `?`. */
  private varNames: Array<string | null> = [];
  private readonly varByName = new Map<string, number>();
  /** Heights above 1 of the statement's expressions (invariant 5); absent means 1. */
  private readonly heights = new Map<object, number>();

  constructor(sql: string, start: number) {
    this.sql = sql;
    this.lexer = new Lexer(sql, start);
    this.prevEnd = start;
    this.tok = this.pull();
    this.checkLegal();
  }

  private pull(): Token {
    return this.ahead.length > 0 ? (this.ahead.shift() as Token) : this.lexer.next();
  }

  private checkLegal(): void {
    const t = this.tok;
    if (t.kind === TK.ILLEGAL) throw unrecognizedToken(this.sql, t.text, t.offset);
  }

  /** Consumes the look-ahead token and returns it. */
  advance(): Token {
    if (this.pending !== null) throw this.pending;
    const t = this.tok;
    this.prevEnd = t.end;
    this.tok = this.pull();
    this.checkLegal();
    return t;
  }

  /** The n-th token after the look-ahead (n ≥ 1); never throws, may be ILLEGAL or EOF. */
  peek(n = 1): Token {
    while (this.ahead.length < n) this.ahead.push(this.lexer.next());
    return this.ahead[n - 1];
  }

  /**
   * True when the look-ahead is `kind`. (A method, not `p.tok.kind === k`, where TypeScript would
   * keep a narrowing of `p.tok` across calls that advance.)
   */
  at(kind: TokenKind): boolean {
    return this.tok.kind === kind;
  }

  /** True (and consumed) when the look-ahead is `kind`. */
  accept(kind: TokenKind): boolean {
    if (this.tok.kind !== kind) return false;
    this.advance();
    return true;
  }

  /** Consumes a token of `kind` or fails with a syntax error at the look-ahead. */
  expect(kind: TokenKind): Token {
    if (this.tok.kind !== kind) throw this.fail();
    return this.advance();
  }

  /** The syntax error for the look-ahead token (or `tok`), for the caller to throw. */
  fail(tok: Token = this.tok): SqlParseError {
    return syntaxError(this.sql, tok);
  }

  /** A parse-time error other than a syntax error, reported at `index`. */
  error(message: string, index: number): SqlParseError {
    return new SqlParseError(this.sql, message, index);
  }

  /**
   * Records an error from a check SQLite makes when it reduces a rule, which it does once the
   * next token has arrived (invariant 4). The error is thrown when that token (the look-ahead)
   * is consumed or ends the statement; if the parser fails at it instead, the syntax error wins,
   * as it overwrites the message in SQLite. A later check at the same token replaces this one.
   */
  deferError(message: string, index: number): void {
    this.pending = new SqlParseError(this.sql, message, index);
  }

  /** Throws the deferred error, if any (the statement ended at the look-ahead). */
  finish(): void {
    if (this.pending !== null) throw this.pending;
  }

  /**
   * Numbers a parameter token as sqlite3ExprAssignVarNumber does: `?` takes the next number,
   * `?N` is N (1..32766), a named parameter reuses the number of its first appearance. Call it
   * after consuming the token: an out-of-range `?N` is a deferred error (and numbered 0).
   */
  assignVariable(tok: Token): number {
    const z = tok.text;
    let x: number;
    if (z.length === 1) {
      x = ++this.nVar;
      this.varNames[x - 1] = null;
    } else if (z.charCodeAt(0) === 0x3f) {
      const digits = z.slice(1);
      const n = digits.length <= 19 ? Number(digits) : Infinity;
      if (!(n >= 1 && n <= MAX_VARIABLE_NUMBER)) {
        this.deferError(`variable number must be between ?1 and ?${MAX_VARIABLE_NUMBER}`, tok.offset);
        return 0;
      }
      x = n;
      if (x > this.nVar) this.nVar = x;
      if (this.varNames[x - 1] == null) this.varNames[x - 1] = z;
    } else {
      const known = this.varByName.get(z);
      if (known !== undefined) return known;
      x = ++this.nVar;
      this.varByName.set(z, x);
      this.varNames[x - 1] = z;
    }
    if (x > MAX_VARIABLE_NUMBER) this.deferError('too many SQL variables', tok.offset);
    return x;
  }

  /** The height of an expression (or LIMIT clause) parsed in this statement (invariant 5). */
  height(node: object | null): number {
    return node === null ? 0 : (this.heights.get(node) ?? 1);
  }

  /**
   * Records `node`'s height; with `check`, a height above MAX_EXPR_DEPTH is SQLite's deferred
   * "Expression tree is too large" error at `index` (invariant 5).
   */
  setHeight(node: object, h: number, check: boolean, index: number): void {
    if (h > 1) this.heights.set(node, h);
    if (check && h > MAX_EXPR_DEPTH) this.deferError(`Expression tree is too large (maximum depth ${MAX_EXPR_DEPTH})`, index);
  }

  /** Parameter names of the statement by number (entry i is ?(i+1); null = anonymous or unused). */
  parameterNames(): Array<string | null> {
    const out: Array<string | null> = [];
    for (let i = 0; i < this.nVar; i++) out.push(this.varNames[i] ?? null);
    return out;
  }

  /** Starts a new statement: forgets the previous statement's parameters. */
  resetStatement(): void {
    this.nVar = 0;
    this.varNames = [];
    this.varByName.clear();
    this.heights.clear();
    this.inTrigger = false;
    this.pending = null;
  }

  /** The source text from `start` to the end of the last consumed token. */
  spanFrom(start: number): string {
    return this.sql.slice(start, this.prevEnd);
  }
}

/**
 * Removes SQL quotes from a name as sqlite3Dequote does: `"a""b"` → `a"b`, `'x'` → `x`,
 * `` `x` `` → `x`, `[x]` → `x`; text not starting with a quote is returned unchanged. Stops at the
 * closing quote.
 */
export function dequote(text: string): string {
  const q = text.charCodeAt(0);
  if (q !== 0x22 && q !== 0x27 && q !== 0x60 && q !== 0x5b) return text;
  const close = q === 0x5b ? 0x5d : q;
  let out = '';
  let from = 1;
  for (let i = 1; i < text.length; i++) {
    if (text.charCodeAt(i) === close) {
      if (close !== 0x5d && text.charCodeAt(i + 1) === close) {
        out += text.slice(from, i + 1);
        i++;
        from = i + 1;
      } else {
        return out + text.slice(from, i);
      }
    }
  }
  return out + text.slice(from);
}

/** Trims SQLite's white space (sqlite3Isspace: tab, LF, VT, FF, CR, space) from both ends. */
export function trimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  const sp = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);
  while (a < b && sp(s.charCodeAt(a))) a++;
  while (b > a && sp(s.charCodeAt(b - 1))) b--;
  return s.slice(a, b);
}
