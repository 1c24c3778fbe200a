/**
 * Expressions, by precedence climbing over SQLite's operator table (parse.y, lowest first):
 *
 * | level | operators                                                   | assoc |
 * |-------|-------------------------------------------------------------|-------|
 * | 1     | OR                                                          | left  |
 * | 2     | AND                                                         | left  |
 * | 3     | NOT (prefix)                                                | right |
 * | 4     | IS, MATCH, LIKE/GLOB/REGEXP, BETWEEN, IN, ISNULL, NOTNULL, NOT NULL, !=, = | left |
 * | 5     | < <= > >=                                                   | left  |
 * | 6     | ESCAPE                                                      | right |
 * | 7     | & | << >>                                                   | left  |
 * | 8     | + -                                                         | left  |
 * | 9     | * / %                                                       | left  |
 * | 10    | || -> ->>                                                   | left  |
 * | 11    | COLLATE (postfix)                                           | left  |
 * | 12    | ~ + - (prefix)                                              | right |
 *
 * How SQLite's LALR parser applies the table, reproduced here:
 * 1. A prefix operator's operand binds everything of its own level or higher: `NOT a = b` is
 *    `NOT (a = b)`, `-a * b` is `(-a) * b`, `-a COLLATE x` is `(-a) COLLATE x`.
 * 2. BETWEEN's low bound excludes top-level AND and OR (`x BETWEEN a AND b AND c` is
 *    `(x BETWEEN a AND b) AND c`); its high bound, LIKE's pattern and ESCAPE's operand bind
 *    above level 4.
 * 3. `NOT LIKE`, `NOT BETWEEN`, `NOT IN`, `NOT NULL` after an operand act at level 4.
 *
 * Every node built here records its height (expr-height.ts); window definitions are in
 * parse-window.ts.
 *
 * @module
 */
import type {
  BinaryOp, Expr, FunctionCall, OrderingTerm,
} from './ast.js';
import type { Token } from './lexer.js';
import { isConstant, selectHeight, withHeight } from './expr-height.js';
import { parseSelect, startsSelect } from './parse-select.js';
import { parseWindowDefinition } from './parse-window.js';
import { dequote, type ParserState } from './parser-state.js';
import { TK, isIdj, isIds, isNm } from './tokens.js';

/** SQLITE_MAX_FUNCTION_ARG and SQLITE_MAX_COLUMN of the SQLite better-sqlite3 ships. */
const MAX_FUNCTION_ARG = 1000;
const MAX_COLUMN = 2000;

const P_OR = 1;
const P_AND = 2;
const P_NOT = 3;
const P_EQ = 4;
const P_CMP = 5;
const P_BIT = 7;
const P_ADD = 8;
const P_MUL = 9;
const P_CONCAT = 10;
const P_COLLATE = 11;
const P_UNARY = 12;

/** Binary operators by token kind: [level, operator]. */
const BINARY: ReadonlyMap<number, readonly [number, BinaryOp]> = new Map<number, readonly [number, BinaryOp]>([
  [TK.OR, [P_OR, 'OR']], [TK.AND, [P_AND, 'AND']],
  [TK.EQ, [P_EQ, '=']], [TK.NE, [P_EQ, '!=']],
  [TK.LT, [P_CMP, '<']], [TK.LE, [P_CMP, '<=']], [TK.GT, [P_CMP, '>']], [TK.GE, [P_CMP, '>=']],
  [TK.BITAND, [P_BIT, '&']], [TK.BITOR, [P_BIT, '|']], [TK.LSHIFT, [P_BIT, '<<']], [TK.RSHIFT, [P_BIT, '>>']],
  [TK.PLUS, [P_ADD, '+']], [TK.MINUS, [P_ADD, '-']],
  [TK.STAR, [P_MUL, '*']], [TK.SLASH, [P_MUL, '/']], [TK.REM, [P_MUL, '%']],
  [TK.CONCAT, [P_CONCAT, '||']],
]);

/**
 * Parses an expression whose operators all bind at level `minLevel` or above (1 = everything).
 * @throws SqlParseError on a syntax error.
 */
export function parseExpr(p: ParserState, minLevel = P_OR): Expr {
  const start = p.tok.offset;
  // Prefix operators (rule 1), inline to keep the recursion per nesting level shallow.
  let left: Expr;
  switch (p.tok.kind) {
    case TK.NOT:
      p.advance();
      left = withHeight(p, { type: 'unary', op: 'NOT', operand: parseExpr(p, P_NOT), offset: start }, true);
      break;
    case TK.BITNOT:
      p.advance();
      left = withHeight(p, { type: 'unary', op: '~', operand: parseExpr(p, P_UNARY), offset: start }, true);
      break;
    case TK.PLUS:
    case TK.MINUS: {
      const op = p.advance().kind === TK.PLUS ? '+' : '-';
      left = withHeight(p, { type: 'unary', op, operand: parseExpr(p, P_UNARY), offset: start }, true);
      break;
    }
    default:
      left = parsePrimary(p);
  }
  for (;;) {
    const k = p.tok.kind;
    const bin = BINARY.get(k);
    if (bin !== undefined) {
      if (bin[0] < minLevel) return left;
      p.advance();
      const right = parseExpr(p, bin[0] + 1);
      left = withHeight(p, { type: 'binary', op: bin[1], left, right, offset: start }, true);
      continue;
    }
    if (k === TK.COLLATE) {
      if (P_COLLATE < minLevel) return left;
      p.advance();
      if (!isIds(p.tok.kind)) throw p.fail();
      left = { type: 'collate', expr: left, collation: dequote(p.advance().text), offset: start };
      continue;
    }
    if (k === TK.PTR) {
      if (P_CONCAT < minLevel) return left;
      const op = p.advance().text === '->' ? '->' : '->>';
      const right = parseExpr(p, P_CONCAT + 1);
      left = withHeight(p, { type: 'binary', op, left, right, offset: start }, true);
      continue;
    }
    if (P_EQ < minLevel) return left;
    switch (k) {
      case TK.IS: {
        p.advance();
        let not = p.accept(TK.NOT);
        if (p.accept(TK.DISTINCT)) {
          p.expect(TK.FROM);
          not = !not;
        }
        const right = parseExpr(p, P_EQ + 1);
        left = withHeight(p, { type: 'binary', op: not ? 'IS NOT' : 'IS', left, right, offset: start }, true);
        break;
      }
      case TK.ISNULL:
      case TK.NOTNULL:
        p.advance();
        left = withHeight(p, { type: 'null-test', not: k === TK.NOTNULL, expr: left, offset: start }, true);
        break;
      case TK.NOT:
        p.advance();
        left = parseNegatable(p, left, start, true);
        break;
      case TK.LIKE_KW:
      case TK.MATCH:
      case TK.BETWEEN:
      case TK.IN:
        left = parseNegatable(p, left, start, false);
        break;
      default:
        return left;
    }
  }
}

/** After `left [NOT]`: LIKE/GLOB/REGEXP/MATCH, BETWEEN, IN or (after NOT) NULL. */
function parseNegatable(p: ParserState, left: Expr, start: number, not: boolean): Expr {
  const t = p.tok;
  switch (t.kind) {
    case TK.LIKE_KW:
    case TK.MATCH: {
      p.advance();
      const op = t.kind === TK.MATCH ? 'MATCH' : (t.text.toUpperCase() as 'LIKE' | 'GLOB' | 'REGEXP');
      const right = parseExpr(p, P_EQ + 1);
      const escape = p.accept(TK.ESCAPE) ? parseExpr(p, P_EQ + 1) : null;
      // A call of like()/glob()/…, wrapped in NOT when negated.
      const e: Expr = { type: 'like', op, not, left, right, escape, offset: start };
      return withHeight(p, e, true, not ? 2 : 1);
    }
    case TK.BETWEEN: {
      p.advance();
      const low = parseExpr(p, P_NOT);
      if (p.at(TK.OR)) {
        // SQLite's parser takes `low OR …` as the low bound; every AND after it then binds inside
        // the OR, so BETWEEN never finds its AND: report the error where SQLite does.
        while (p.accept(TK.OR)) parseExpr(p, P_AND);
        throw p.fail();
      }
      p.expect(TK.AND);
      const high = parseExpr(p, P_EQ + 1);
      const e: Expr = { type: 'between', not, expr: left, low, high, offset: start };
      p.setHeight(e, Math.max(p.height(left), p.height(low), p.height(high)) + (not ? 2 : 1), true, start);
      return e;
    }
    case TK.IN:
      p.advance();
      return parseInRest(p, left, start, not);
    case TK.NULL:
      if (!not) break;
      p.advance();
      return withHeight(p, { type: 'null-test', not: true, expr: left, offset: start }, true);
  }
  throw p.fail();
}

/** After `left [NOT] IN`: `(list)`, `(select)`, `table` or `tvf(args)`. */
function parseInRest(p: ParserState, left: Expr, start: number, not: boolean): Expr {
  if (p.accept(TK.LP)) {
    if (startsSelect(p.tok.kind)) {
      const select = parseSelect(p);
      p.expect(TK.RP);
      // SQLite's IN (SELECT …) and IN table stand one level above their left operand's parent.
      const e: Expr = { type: 'in-select', not, expr: left, select, offset: start };
      p.setHeight(e, Math.max(p.height(left) + 1, selectHeight(p, select)) + (not ? 2 : 1), true, start);
      return e;
    }
    const list = p.tok.kind === TK.RP ? [] : parseExprList(p);
    p.expect(TK.RP);
    const e: Expr = { type: 'in-list', not, expr: left, list, offset: start };
    // SQLite replaces `x IN ()` by a constant (height 1), and `x IN (constant)` by `x = +constant`.
    if (list.length === 1 && left.type !== 'vector' && isConstant(list[0])) {
      p.setHeight(e, Math.max(p.height(left), p.height(list[0]) + 1) + (not ? 2 : 1), true, start);
    } else if (list.length > 0) {
      withHeight(p, e, true, not ? 2 : 1);
    }
    return e;
  }
  if (!isNm(p.tok.kind)) throw p.fail();
  const table = parseQualifiedName(p);
  let args: Expr[] | null = null;
  if (p.accept(TK.LP)) {
    args = p.tok.kind === TK.RP ? [] : parseExprList(p);
    p.expect(TK.RP);
  }
  const e: Expr = { type: 'in-table', not, expr: left, table, args, offset: start };
  p.setHeight(e, p.height(left) + (not ? 3 : 2), true, start);
  return e;
}

/** Literals, parameters, names, calls, CAST, CASE, EXISTS, RAISE, parentheses. */
function parsePrimary(p: ParserState): Expr {
  const t = p.tok;
  const offset = t.offset;
  switch (t.kind) {
    case TK.INTEGER:
    case TK.FLOAT:
    case TK.QNUMBER:
    case TK.STRING:
    case TK.BLOB:
    case TK.NULL:
    case TK.CTIME_KW:
      if (t.kind === TK.STRING && p.peek().kind === TK.DOT) return parseColumnRef(p);
      return parseTerm(p);
    case TK.VARIABLE: {
      p.advance();
      if (t.text.charCodeAt(0) === 0x23 && t.text.charCodeAt(1) >= 0x30 && t.text.charCodeAt(1) <= 0x39) {
        // `#N` names a register in SQLite's own nested parses; elsewhere it is a syntax error.
        p.deferError(`near "${t.text}": syntax error`, offset);
        return { type: 'param', name: t.text, index: 0, offset };
      }
      return { type: 'param', name: t.text, index: p.assignVariable(t), offset };
    }
    case TK.LP: {
      p.advance();
      if (startsSelect(p.tok.kind)) {
        const select = parseSelect(p);
        p.expect(TK.RP);
        const e: Expr = { type: 'subquery', select, offset };
        p.setHeight(e, selectHeight(p, select) + 1, true, offset);
        return e;
      }
      const first = parseExpr(p);
      if (p.tok.kind === TK.COMMA) {
        const exprs = [first];
        while (p.accept(TK.COMMA)) exprs.push(parseExpr(p));
        p.expect(TK.RP);
        return { type: 'vector', exprs, offset };
      }
      p.expect(TK.RP);
      return first;
    }
    case TK.CAST: {
      p.advance();
      p.expect(TK.LP);
      const expr = parseExpr(p);
      p.expect(TK.AS);
      const as = parseTypeName(p, false) ?? '';
      p.expect(TK.RP);
      return withHeight(p, { type: 'cast', expr, as, offset }, true);
    }
    case TK.CASE:
      return parseCase(p);
    case TK.EXISTS: {
      p.advance();
      p.expect(TK.LP);
      const select = parseSelect(p);
      p.expect(TK.RP);
      const e: Expr = { type: 'exists', select, offset };
      p.setHeight(e, selectHeight(p, select) + 1, true, offset);
      return e;
    }
    case TK.RAISE: {
      p.advance();
      p.expect(TK.LP);
      if (p.accept(TK.IGNORE)) {
        p.expect(TK.RP);
        return { type: 'raise', action: 'IGNORE', message: null, offset };
      }
      const k = p.tok.kind;
      if (k !== TK.ROLLBACK && k !== TK.ABORT && k !== TK.FAIL) throw p.fail();
      const action = p.advance().text.toUpperCase() as 'ROLLBACK' | 'ABORT' | 'FAIL';
      p.expect(TK.COMMA);
      const message = parseExpr(p);
      p.expect(TK.RP);
      return withHeight(p, { type: 'raise', action, message, offset }, true);
    }
  }
  if (!isIdj(t.kind)) throw p.fail();
  const next = p.peek().kind;
  if (next === TK.LP) return parseFunctionCall(p);
  return parseColumnRef(p);
}

/**
 * A literal term (SQLite's `term`): number, string, blob, NULL or CURRENT_*. QNUMBERs are checked
 * here: every `_` must sit between two digits (hex digits after `0x`).
 */
export function parseTerm(p: ParserState): Expr {
  const t = p.advance();
  const offset = t.offset;
  switch (t.kind) {
    case TK.INTEGER: return { type: 'integer', text: t.text, offset };
    case TK.FLOAT: return { type: 'real', text: t.text, offset };
    case TK.QNUMBER: return dequoteNumber(p, t);
    case TK.STRING: return { type: 'string', value: dequote(t.text), offset };
    case TK.BLOB: return { type: 'blob', hex: t.text.slice(2, -1), offset };
    case TK.NULL: return { type: 'null', offset };
    default:
      return { type: 'current-time', which: t.text.toUpperCase() as 'CURRENT_TIME', offset };
  }
}

/** sqlite3DequoteNumber: drops `_` separators, reporting a misplaced one as SQLite words it. */
function dequoteNumber(p: ParserState, t: Token): Expr {
  const z = t.text;
  const hex = z.length > 1 && (z[1] === 'x' || z[1] === 'X');
  const ok = hex ? /[0-9a-fA-F]/ : /[0-9]/;
  const buf = z.split('');
  let out = 0;
  let message: string | null = null;
  let real = false;
  for (let i = 0; i < z.length; i++) {
    const c = z[i];
    if (c !== '_') {
      buf[out++] = c;
      if (!hex && (c === 'e' || c === 'E' || c === '.')) real = true;
    } else if (!ok.test(z[i - 1] ?? '') || !ok.test(z[i + 1] ?? '')) {
      // SQLite dequotes in place, so its message shows the half-rewritten buffer.
      message = buf.join('').slice(0, out) + z.slice(out);
    }
  }
  if (message !== null) p.deferError(`unrecognized token: "${message}"`, t.offset);
  const text = buf.slice(0, out).join('');
  return real ? { type: 'real', text, offset: t.offset } : { type: 'integer', text, offset: t.offset };
}

/** `name`, `table.name`, `schema.table.name` (the first part may be a string). */
function parseColumnRef(p: ParserState): Expr {
  const first = p.advance();
  if (p.tok.kind !== TK.DOT) {
    const q = first.text.charCodeAt(0);
    const quote = q === 0x22 ? '"' : q === 0x5b ? '[' : q === 0x60 ? '`' : null;
    return { type: 'column', schema: null, table: null, name: dequote(first.text), quote, offset: first.offset };
  }
  p.advance();
  if (!isNm(p.tok.kind)) throw p.fail();
  const second = p.advance();
  if (p.tok.kind !== TK.DOT) {
    const e: Expr = { type: 'column', schema: null, table: dequote(first.text), name: dequote(second.text), quote: null, offset: first.offset };
    p.setHeight(e, 2, false, first.offset); // a TK_DOT node over two names
    return e;
  }
  p.advance();
  if (!isNm(p.tok.kind)) throw p.fail();
  const third = p.advance();
  const e: Expr = {
    type: 'column', schema: dequote(first.text), table: dequote(second.text), name: dequote(third.text),
    quote: null, offset: first.offset,
  };
  p.setHeight(e, 3, false, first.offset);
  return e;
}

/** `name(…) [FILTER (WHERE …)] [OVER …]`; the look-ahead is the name, then `(`. */
function parseFunctionCall(p: ParserState): FunctionCall {
  const nameTok = p.advance();
  p.advance(); // (
  const call: FunctionCall = {
    type: 'function', name: dequote(nameTok.text), distinct: false, star: false, args: [], orderBy: [],
    filter: null, over: null, offset: nameTok.offset,
  };
  if (p.accept(TK.STAR)) {
    call.star = true;
  } else {
    if (p.accept(TK.DISTINCT)) call.distinct = true;
    else p.accept(TK.ALL);
    if (p.tok.kind !== TK.RP && p.tok.kind !== TK.ORDER) call.args = parseExprList(p);
    if (p.accept(TK.ORDER)) {
      p.expect(TK.BY);
      call.orderBy = parseSortList(p);
    }
  }
  p.expect(TK.RP);
  if (p.accept(TK.FILTER)) {
    p.expect(TK.LP);
    p.expect(TK.WHERE);
    call.filter = parseExpr(p);
    p.expect(TK.RP);
  }
  if (p.accept(TK.OVER)) {
    if (p.accept(TK.LP)) {
      call.over = parseWindowDefinition(p);
      p.expect(TK.RP);
    } else {
      if (!isNm(p.tok.kind)) throw p.fail();
      call.over = dequote(p.advance().text);
    }
  }
  // The checks sqlite3ExprFunction, sqlite3WindowAttach and sqlite3ExprAddFunctionOrderBy make,
  // in that order (the last one wins).
  if (call.args.length > MAX_FUNCTION_ARG) p.deferError(`too many arguments on function ${nameTok.text}`, nameTok.offset);
  if (call.over !== null && call.distinct) p.deferError('DISTINCT is not supported for window functions', nameTok.offset);
  if (call.orderBy.length > 0 && call.args.length > 0) {
    if (call.over !== null) p.deferError(`ORDER BY may not be used with non-aggregate ${call.name}()`, nameTok.offset);
    else if (call.orderBy.length > MAX_COLUMN) p.deferError('too many terms in ORDER BY clause', nameTok.offset);
  }
  return withHeight(p, call, true);
}

/** `CASE [operand] WHEN … THEN … … [ELSE …] END`. */
function parseCase(p: ParserState): Expr {
  const offset = p.advance().offset;
  const operand = p.tok.kind === TK.WHEN ? null : parseExpr(p);
  const whens: Array<{ when: Expr; then: Expr }> = [];
  do {
    p.expect(TK.WHEN);
    const when = parseExpr(p);
    p.expect(TK.THEN);
    whens.push({ when, then: parseExpr(p) });
  } while (p.tok.kind === TK.WHEN);
  const otherwise = p.accept(TK.ELSE) ? parseExpr(p) : null;
  p.expect(TK.END);
  return withHeight(p, { type: 'case', operand, whens, else: otherwise, offset }, true);
}

/** A non-empty comma-separated expression list (SQLite's `nexprlist`). */
export function parseExprList(p: ParserState): Expr[] {
  const list = [parseExpr(p)];
  while (p.accept(TK.COMMA)) list.push(parseExpr(p));
  return list;
}

/** `expr [ASC|DESC] [NULLS FIRST|LAST], …` (SQLite's `sortlist`). */
export function parseSortList(p: ParserState): OrderingTerm[] {
  const list: OrderingTerm[] = [];
  do {
    const expr = parseExpr(p);
    let direction: OrderingTerm['direction'] = null;
    if (p.accept(TK.ASC)) direction = 'ASC';
    else if (p.accept(TK.DESC)) direction = 'DESC';
    let nulls: OrderingTerm['nulls'] = null;
    if (p.accept(TK.NULLS)) {
      if (p.accept(TK.FIRST)) nulls = 'FIRST';
      else if (p.accept(TK.LAST)) nulls = 'LAST';
      else throw p.fail();
    }
    list.push({ expr, direction, nulls });
  } while (p.accept(TK.COMMA));
  return list;
}

/** `[schema.]name` where both parts are `nm` tokens; the look-ahead must be an `nm`. */
export function parseQualifiedName(p: ParserState): { schema: string | null; name: string; offset: number } {
  const first = p.advance();
  if (p.tok.kind !== TK.DOT) return { schema: null, name: dequote(first.text), offset: first.offset };
  p.advance();
  if (!isNm(p.tok.kind)) throw p.fail();
  const second = p.advance();
  return { schema: dequote(first.text), name: dequote(second.text), offset: second.offset };
}

/**
 * A type name (`typetoken`): words, then optionally `(n)` or `(n, m)` with signed numbers.
 * Returns the text SQLite keeps: the source span, with (for column definitions) a trailing
 * "GENERATED ALWAYS" removed as sqlite3AddColumn does, then dequoted; null when there is none.
 */
export function parseTypeName(p: ParserState, forColumn: boolean): string | null {
  if (!isIds(p.tok.kind)) return null;
  const start = p.tok.offset;
  while (isIds(p.tok.kind)) p.advance();
  if (p.accept(TK.LP)) {
    parseSignedNumber(p);
    if (p.accept(TK.COMMA)) parseSignedNumber(p);
    p.expect(TK.RP);
  }
  let text = p.spanFrom(start);
  if (forColumn && text.length >= 16 && text.slice(-6).toLowerCase() === 'always') {
    text = text.slice(0, -6).trimEnd();
    if (text.length >= 9 && text.slice(-9).toLowerCase() === 'generated') text = text.slice(0, -9).trimEnd();
    if (text === '') return null;
  }
  return dequote(text);
}

/** `[+|-] INTEGER|FLOAT`; returns the text SQLite uses ("-" kept, "+" dropped). */
export function parseSignedNumber(p: ParserState): string {
  const minus = p.accept(TK.MINUS);
  if (!minus) p.accept(TK.PLUS);
  if (p.tok.kind !== TK.INTEGER && p.tok.kind !== TK.FLOAT) throw p.fail();
  const text = p.advance().text;
  return minus ? '-' + text : text;
}
