/**
 * The SQL tokenizer: SQL text → {@link Token}s, exactly as SQLite's src/tokenize.c splits it.
 *
 * - Spaces are `\t \n \f \r` and space (plus `\v` after the first), and a leading U+FEFF (BOM).
 *   Comments are `-- … end of line` and `/* … *\/` (unterminated runs to the end; a lone `/*` at
 *   the very end is a `/`). Both are skipped.
 * - Strings `'…'` (with `''`), quoted identifiers `"…"`, `` `…` `` (doubled quote escapes) and
 *   `[…]`. An unterminated one is an ILLEGAL token running to the end of the input.
 * - Numbers: decimal integers, `0x…` hex, reals (`1.`, `.5`, `1e5`, `1.5E-3`); `_` between digits
 *   (3.46+) makes a QNUMBER. A number followed by identifier characters is ILLEGAL (`123abc`).
 * - Blobs `x'…'` (even count of hex digits), parameters `?`, `?N`, `:name`, `@name`, `$name`,
 *   `#name` (better-sqlite3 builds SQLite without the TCL `$a::b(c)` forms, and so do we).
 * - Identifier characters are ASCII letters, digits, `_`, `$` and every non-ASCII character.
 * - A NUL character ends the input, as it does for SQLite.
 * - `WINDOW`, `OVER` and `FILTER` are keywords only in context (SQLite's analyzeWindowKeyword & co):
 *   WINDOW when followed by an identifier and `AS`; OVER after `)` and before `(` or an identifier;
 *   FILTER after `)` and before `(`. Elsewhere they are plain identifiers.
 *
 * Offsets are indices into the JavaScript string (UTF-16 code units), which equal UTF-8 byte
 * offsets for ASCII text; see {@link utf8Offset} for the conversion. The lexer never throws: bad
 * input becomes an ILLEGAL token, which the parser reports as `unrecognized token: "…"` when it
 * reaches it, as SQLite does.
 *
 * @module
 */
import { KEYWORDS, TK, isLookaheadId, type TokenKind } from './tokens.js';

/** One token: its kind, its source text, and its position as string indices (UTF-16 units). */
export interface Token {
  kind: TokenKind;
  /** The token's text exactly as written (quotes included). Empty for EOF. */
  text: string;
  /** Index of the first character. */
  offset: number;
  /** Index just past the last character. */
  end: number;
}

/** Raw scanner results that never reach the parser. */
const SPACE = -1;
const COMMENT = -2;

/** Character classes for ASCII (index = char code). */
const C_OTHER = 0;
const C_ALPHA = 1;
const C_DIGIT = 2;
const C_IDOTHER = 3; // '_' and '$': identifier characters that are not letters or digits

const charClass = new Uint8Array(128);
for (let c = 0x41; c <= 0x5a; c++) charClass[c] = C_ALPHA;
for (let c = 0x61; c <= 0x7a; c++) charClass[c] = C_ALPHA;
for (let c = 0x30; c <= 0x39; c++) charClass[c] = C_DIGIT;
charClass[0x5f] = C_IDOTHER;
charClass[0x24] = C_IDOTHER;

/** The character code at `i`, or 0 (SQLite's NUL terminator) at or past `limit`. */
function charAt(sql: string, i: number, limit: number): number {
  return i < limit ? sql.charCodeAt(i) : 0;
}

function isIdChar(c: number): boolean {
  return c >= 0x80 || (c >= 0 && charClass[c] !== C_OTHER);
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isXDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}
/** sqlite3Isspace: \t \n \v \f \r and space. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/**
 * Scans one raw token of `sql` at `pos`. Returns its kind (or SPACE/COMMENT) and stores its end
 * in `out.end`. `pos` must be below `limit` (the index of the terminating NUL or the length).
 */
function scan(sql: string, pos: number, limit: number, out: { end: number }): number {
  const c = sql.charCodeAt(pos);
  let i: number;
  switch (c) {
    case 0x20: case 0x09: case 0x0a: case 0x0c: case 0x0d:
      for (i = pos + 1; i < limit && isSpace(sql.charCodeAt(i)); i++);
      out.end = i;
      return SPACE;
    case 0xfeff:
      out.end = pos + 1;
      return SPACE;
    case 0x2d: // -
      if (charAt(sql, pos + 1, limit) === 0x2d) {
        for (i = pos + 2; i < limit && sql.charCodeAt(i) !== 0x0a; i++);
        out.end = i;
        return COMMENT;
      }
      if (charAt(sql, pos + 1, limit) === 0x3e) {
        out.end = pos + (charAt(sql, pos + 2, limit) === 0x3e ? 3 : 2);
        return TK.PTR;
      }
      out.end = pos + 1;
      return TK.MINUS;
    case 0x28: out.end = pos + 1; return TK.LP;
    case 0x29: out.end = pos + 1; return TK.RP;
    case 0x3b: out.end = pos + 1; return TK.SEMI;
    case 0x2b: out.end = pos + 1; return TK.PLUS;
    case 0x2a: out.end = pos + 1; return TK.STAR;
    case 0x25: out.end = pos + 1; return TK.REM;
    case 0x2c: out.end = pos + 1; return TK.COMMA;
    case 0x26: out.end = pos + 1; return TK.BITAND;
    case 0x7e: out.end = pos + 1; return TK.BITNOT;
    case 0x2f: // /
      if (charAt(sql, pos + 1, limit) !== 0x2a || pos + 2 >= limit) {
        out.end = pos + 1;
        return TK.SLASH;
      }
      for (i = pos + 3; i < limit && !(sql.charCodeAt(i - 1) === 0x2a && sql.charCodeAt(i) === 0x2f); i++);
      out.end = i < limit ? i + 1 : limit;
      return COMMENT;
    case 0x3d: // =
      out.end = pos + (charAt(sql, pos + 1, limit) === 0x3d ? 2 : 1);
      return TK.EQ;
    case 0x3c: { // <
      const d = charAt(sql, pos + 1, limit);
      out.end = pos + 2;
      if (d === 0x3d) return TK.LE;
      if (d === 0x3e) return TK.NE;
      if (d === 0x3c) return TK.LSHIFT;
      out.end = pos + 1;
      return TK.LT;
    }
    case 0x3e: { // >
      const d = charAt(sql, pos + 1, limit);
      out.end = pos + 2;
      if (d === 0x3d) return TK.GE;
      if (d === 0x3e) return TK.RSHIFT;
      out.end = pos + 1;
      return TK.GT;
    }
    case 0x21: // !
      if (charAt(sql, pos + 1, limit) === 0x3d) {
        out.end = pos + 2;
        return TK.NE;
      }
      out.end = pos + 1;
      return TK.ILLEGAL;
    case 0x7c: // |
      if (charAt(sql, pos + 1, limit) === 0x7c) {
        out.end = pos + 2;
        return TK.CONCAT;
      }
      out.end = pos + 1;
      return TK.BITOR;
    case 0x27: case 0x22: case 0x60: { // ' " `
      for (i = pos + 1; i < limit; i++) {
        if (sql.charCodeAt(i) === c) {
          if (charAt(sql, i + 1, limit) === c) i++;
          else break;
        }
      }
      if (i >= limit) {
        out.end = limit;
        return TK.ILLEGAL;
      }
      out.end = i + 1;
      return c === 0x27 ? TK.STRING : TK.ID;
    }
    case 0x2e: // .
      if (!isDigit(charAt(sql, pos + 1, limit))) {
        out.end = pos + 1;
        return TK.DOT;
      }
      return scanNumber(sql, pos, limit, out);
    case 0x5b: // [
      for (i = pos + 1; i < limit && sql.charCodeAt(i) !== 0x5d; i++);
      if (i >= limit) {
        out.end = limit;
        return TK.ILLEGAL;
      }
      out.end = i + 1;
      return TK.ID;
    case 0x3f: // ?
      for (i = pos + 1; isDigit(charAt(sql, i, limit)); i++);
      out.end = i;
      return TK.VARIABLE;
    case 0x24: case 0x40: case 0x3a: case 0x23: { // $ @ : #
      for (i = pos + 1; i < limit && isIdChar(sql.charCodeAt(i)); i++);
      out.end = i;
      return i === pos + 1 ? TK.ILLEGAL : TK.VARIABLE;
    }
    case 0x78: case 0x58: // x X
      if (charAt(sql, pos + 1, limit) === 0x27) {
        for (i = pos + 2; isXDigit(charAt(sql, i, limit)); i++);
        let kind: number = TK.BLOB;
        if (charAt(sql, i, limit) !== 0x27 || (i - pos) % 2 !== 0) {
          kind = TK.ILLEGAL;
          while (i < limit && sql.charCodeAt(i) !== 0x27) i++;
        }
        out.end = i < limit ? i + 1 : limit;
        return kind;
      }
      break;
  }
  if (isDigit(c)) return scanNumber(sql, pos, limit, out);
  if (!isIdChar(c)) {
    out.end = pos + 1;
    return TK.ILLEGAL;
  }
  let keywordLike = c < 0x80 && charClass[c] === C_ALPHA;
  for (i = pos + 1; i < limit; i++) {
    const d = sql.charCodeAt(i);
    if (!isIdChar(d)) break;
    if (keywordLike && d !== 0x5f && (d >= 0x80 || charClass[d] !== C_ALPHA)) keywordLike = false;
  }
  out.end = i;
  const n = i - pos;
  if (keywordLike && n >= 2 && n <= 17) {
    const kw = KEYWORDS.get(sql.slice(pos, i).toUpperCase());
    if (kw !== undefined) return kw;
  }
  return TK.ID;
}

/**
 * Index just past the decimal digits (and `_` separators) of `sql` from `i`; sets `flags.q` when
 * a `_` was seen.
 */
function skipDigits(sql: string, i: number, limit: number, flags: { q: boolean }): number {
  for (; ; i++) {
    const d = charAt(sql, i, limit);
    if (isDigit(d)) continue;
    if (d === 0x5f) flags.q = true;
    else return i;
  }
}

/** Scans a number starting at `pos` (a digit, or '.' followed by a digit). */
function scanNumber(sql: string, pos: number, limit: number, out: { end: number }): number {
  let kind: number = TK.INTEGER;
  let i = pos;
  const flags = { q: false };
  if (charAt(sql, pos, limit) === 0x30 && (charAt(sql, pos + 1, limit) | 0x20) === 0x78 && isXDigit(charAt(sql, pos + 2, limit))) {
    for (i = pos + 3; ; i++) {
      const d = charAt(sql, i, limit);
      if (isXDigit(d)) continue;
      if (d === 0x5f) flags.q = true;
      else break;
    }
  } else {
    i = skipDigits(sql, i, limit, flags);
    if (charAt(sql, i, limit) === 0x2e) {
      kind = TK.FLOAT;
      i = skipDigits(sql, i + 1, limit, flags);
    }
    const e = charAt(sql, i, limit) | 0x20;
    const s1 = charAt(sql, i + 1, limit);
    if (e === 0x65 && (isDigit(s1) || ((s1 === 0x2b || s1 === 0x2d) && isDigit(charAt(sql, i + 2, limit))))) {
      kind = TK.FLOAT;
      i = skipDigits(sql, i + 2, limit, flags);
    }
  }
  if (flags.q) kind = TK.QNUMBER;
  while (i < limit && isIdChar(sql.charCodeAt(i))) {
    kind = TK.ILLEGAL;
    i++;
  }
  out.end = i;
  return kind;
}

/**
 * Streams the tokens of `sql` from `start`, with SQLite's end-of-input rule: after the last token
 * it returns EOF tokens (offset = end of input) forever.
 */
export class Lexer {
  private readonly sql: string;
  private readonly limit: number;
  private pos: number;
  private last: number = -1;
  private readonly scratch = { end: 0 };

  constructor(sql: string, start = 0) {
    this.sql = sql;
    const nul = sql.indexOf('\0', start);
    this.limit = nul < 0 ? sql.length : nul;
    this.pos = start;
  }

  /** The next token; ILLEGAL tokens are returned, not thrown. */
  next(): Token {
    const sql = this.sql;
    const out = this.scratch;
    for (;;) {
      const pos = this.pos;
      if (pos >= this.limit) {
        this.last = TK.EOF;
        return { kind: TK.EOF, text: '', offset: this.limit, end: this.limit };
      }
      let kind = scan(sql, pos, this.limit, out);
      this.pos = out.end;
      if (kind === SPACE || kind === COMMENT) continue;
      if (kind === TK.WINDOW) kind = this.windowIsKeyword(out.end) ? TK.WINDOW : TK.ID;
      else if (kind === TK.OVER) kind = this.overIsKeyword(out.end) ? TK.OVER : TK.ID;
      else if (kind === TK.FILTER) kind = this.last === TK.RP && this.peekKind(out.end, 1) === TK.LP ? TK.FILTER : TK.ID;
      this.last = kind;
      return { kind: kind as TokenKind, text: sql.slice(pos, out.end), offset: pos, end: out.end };
    }
  }

  private windowIsKeyword(from: number): boolean {
    return isLookaheadId(this.peekKind(from, 1) as TokenKind) && this.peekKind(from, 2) === TK.AS;
  }

  private overIsKeyword(from: number): boolean {
    if (this.last !== TK.RP) return false;
    const k = this.peekKind(from, 1);
    return k === TK.LP || isLookaheadId(k as TokenKind);
  }

  /** Kind of the n-th (1-based) raw token after `from`, skipping spaces and comments. */
  private peekKind(from: number, n: number): number {
    const out = { end: 0 };
    let pos = from;
    for (;;) {
      if (pos >= this.limit) return TK.EOF;
      const kind = scan(this.sql, pos, this.limit, out);
      pos = out.end;
      if (kind === SPACE || kind === COMMENT) continue;
      if (--n === 0) return kind;
    }
  }
}

/** Every token of `sql` up to (not including) EOF, ILLEGAL ones included. Never throws. */
export function tokenize(sql: string): Token[] {
  const lexer = new Lexer(sql);
  const tokens: Token[] = [];
  for (let t = lexer.next(); t.kind !== TK.EOF; t = lexer.next()) tokens.push(t);
  return tokens;
}

/** Converts a string index (UTF-16 units) of `sql` into a UTF-8 byte offset, as SQLite counts. */
export function utf8Offset(sql: string, index: number): number {
  let bytes = 0;
  for (let i = 0; i < index && i < sql.length; i++) {
    const c = sql.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < sql.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
