/**
 * SELECT: WITH, compound operators, cores, result columns, FROM with joins, ORDER BY, LIMIT,
 * VALUES and named windows (sqlite.org/lang_select.html, SQLite's parse.y `select` rules).
 *
 * SQLite's grammar lets every core carry ORDER BY and LIMIT and only then refuses them on a
 * non-final core ("ORDER BY clause should come after UNION not before"); we do the same, so the
 * error and its wording match.
 *
 * @module
 */
import type {
  CommonTableExpression, CompoundPart, Expr, FromClause, FromItem, JoinOperator, LimitClause,
  NamedWindow, OrderingTerm, ResultColumn, Select, SelectCore, TableSource, WithClause,
} from './ast.js';
import type { Token } from './lexer.js';
import { parseExpr, parseExprList, parseQualifiedName, parseSortList } from './parse-expr.js';
import { parseWindowDefinition } from './parse-window.js';
import { dequote, trimSpace, type ParserState } from './parser-state.js';
import { TK, isIds, isNm, type TokenKind } from './tokens.js';

/** SQLITE_MAX_COMPOUND_SELECT: most cores in one compound SELECT. */
const MAX_COMPOUND_SELECT = 500;

/** True when a token of kind `k` starts a SELECT (SELECT, VALUES or WITH). */
export function startsSelect(k: TokenKind): boolean {
  return k === TK.SELECT || k === TK.VALUES || k === TK.WITH;
}

/** A full SELECT, starting at SELECT, VALUES or WITH. */
export function parseSelect(p: ParserState): Select {
  const offset = p.tok.offset;
  const withClause = p.tok.kind === TK.WITH ? parseWith(p) : null;
  return parseSelectBody(p, withClause, offset);
}

/** A SELECT after its WITH clause (shared with INSERT … SELECT, where WITH came first). */
export function parseSelectBody(p: ParserState, withClause: WithClause | null, offset: number): Select {
  const cores: Array<{ core: SelectCore; orderBy: OrderingTerm[]; limit: LimitClause | null; offset: number }> = [];
  const ops: CompoundPart['op'][] = [];
  for (;;) {
    const coreOffset = p.tok.offset;
    const core = parseCore(p);
    let orderBy: OrderingTerm[] = [];
    let limit: LimitClause | null = null;
    if (core.type === 'select-core') {
      orderBy = parseOrderBy(p);
      limit = parseLimit(p);
    }
    cores.push({ core, orderBy, limit, offset: coreOffset });
    const k = p.tok.kind;
    if (k === TK.UNION) {
      p.advance();
      ops.push(p.accept(TK.ALL) ? 'UNION ALL' : 'UNION');
    } else if (k === TK.INTERSECT || k === TK.EXCEPT) {
      ops.push(k === TK.INTERSECT ? 'INTERSECT' : 'EXCEPT');
      p.advance();
    } else {
      break;
    }
  }
  // parserDoubleLinkSelect: the last misplaced ORDER BY/LIMIT, counting from the end, is reported.
  for (let i = cores.length - 2; i >= 0; i--) {
    const c = cores[i];
    if (c.orderBy.length > 0 || c.limit !== null) {
      const what = c.orderBy.length > 0 ? 'ORDER BY' : 'LIMIT';
      p.deferError(`${what} clause should come after ${ops[i]} not before`, c.offset);
      break;
    }
  }
  const last = cores[cores.length - 1];
  if (cores.length > MAX_COMPOUND_SELECT && last.core.type !== 'values') {
    p.deferError('too many terms in compound SELECT', offset);
  }
  return {
    type: 'select',
    with: withClause,
    first: cores[0].core,
    compounds: ops.map((op, i) => ({ op, select: cores[i + 1].core })),
    orderBy: last.orderBy,
    limit: last.limit,
    offset,
    end: p.prevEnd,
  };
}

/** `WITH [RECURSIVE] name [(cols)] AS [[NOT] MATERIALIZED] (select), …`. */
export function parseWith(p: ParserState): WithClause {
  p.expect(TK.WITH);
  const recursive = p.accept(TK.RECURSIVE);
  const ctes: CommonTableExpression[] = [];
  do {
    if (!isNm(p.tok.kind)) throw p.fail();
    const nameTok = p.advance();
    const columns = p.tok.kind === TK.LP ? parseColumnNameList(p) : null;
    p.expect(TK.AS);
    let materialized: boolean | null = null;
    if (p.accept(TK.MATERIALIZED)) {
      materialized = true;
    } else if (p.accept(TK.NOT)) {
      p.expect(TK.MATERIALIZED);
      materialized = false;
    }
    p.expect(TK.LP);
    const select = parseSelect(p);
    p.expect(TK.RP);
    const name = dequote(nameTok.text);
    const lower = name.toLowerCase();
    if (ctes.some((c) => c.name.toLowerCase() === lower)) p.deferError(`duplicate WITH table name: ${name}`, nameTok.offset);
    ctes.push({ name, columns, materialized, select, offset: nameTok.offset });
  } while (p.accept(TK.COMMA));
  return { recursive, ctes };
}

/**
 * `(name, …)` where each name may not carry COLLATE or ASC/DESC (SQLite's `eidlist`: it parses
 * them, then refuses them with "syntax error after column name").
 */
export function parseColumnNameList(p: ParserState): string[] {
  p.expect(TK.LP);
  const names: string[] = [];
  do {
    if (!isNm(p.tok.kind)) throw p.fail();
    const t = p.advance();
    let extra = false;
    if (p.accept(TK.COLLATE)) {
      if (!isIds(p.tok.kind)) throw p.fail();
      p.advance();
      extra = true;
    }
    if (p.accept(TK.ASC) || p.accept(TK.DESC)) extra = true;
    if (extra) p.deferError(`syntax error after column name "${t.text}"`, t.offset);
    names.push(dequote(t.text));
  } while (p.accept(TK.COMMA));
  p.expect(TK.RP);
  return names;
}

/** `(name, …)` (SQLite's `idlist`: plain names). */
export function parseIdList(p: ParserState): string[] {
  p.expect(TK.LP);
  const names: string[] = [];
  do {
    if (!isNm(p.tok.kind)) throw p.fail();
    names.push(dequote(p.advance().text));
  } while (p.accept(TK.COMMA));
  p.expect(TK.RP);
  return names;
}

/** One SELECT core or VALUES list, without ORDER BY/LIMIT. */
function parseCore(p: ParserState): SelectCore {
  const offset = p.tok.offset;
  if (p.accept(TK.VALUES)) {
    const rows: Expr[][] = [];
    do {
      p.expect(TK.LP);
      rows.push(parseExprList(p));
      p.expect(TK.RP);
    } while (p.accept(TK.COMMA));
    return { type: 'values', rows, offset };
  }
  p.expect(TK.SELECT);
  let distinct = false;
  if (p.accept(TK.DISTINCT)) distinct = true;
  else p.accept(TK.ALL);
  const columns = parseResultColumns(p);
  const from = p.accept(TK.FROM) ? parseFrom(p) : null;
  const where = p.accept(TK.WHERE) ? parseExpr(p) : null;
  let groupBy: Expr[] = [];
  if (p.accept(TK.GROUP)) {
    p.expect(TK.BY);
    groupBy = parseExprList(p);
  }
  const having = p.accept(TK.HAVING) ? parseExpr(p) : null;
  const windows: NamedWindow[] = [];
  if (p.accept(TK.WINDOW)) {
    do {
      if (!isNm(p.tok.kind)) throw p.fail();
      const name = dequote(p.advance().text);
      p.expect(TK.AS);
      p.expect(TK.LP);
      windows.push({ name, window: parseWindowDefinition(p) });
      p.expect(TK.RP);
    } while (p.accept(TK.COMMA));
  }
  return { type: 'select-core', distinct, columns, from, where, groupBy, having, windows, offset };
}

/** `ORDER BY sortlist`, or [] when absent. */
export function parseOrderBy(p: ParserState): OrderingTerm[] {
  if (!p.accept(TK.ORDER)) return [];
  p.expect(TK.BY);
  return parseSortList(p);
}

/**
 * `LIMIT a [OFFSET b | , b]`, or null when absent. `LIMIT a, b` means offset a, limit b. SQLite
 * builds a TK_LIMIT node over both, whose height it checks (parser-state.ts, invariant 5).
 */
export function parseLimit(p: ParserState): LimitClause | null {
  const at = p.tok.offset;
  if (!p.accept(TK.LIMIT)) return null;
  const first = parseExpr(p);
  let clause: LimitClause;
  if (p.accept(TK.OFFSET)) clause = { limit: first, offset: parseExpr(p) };
  else if (p.accept(TK.COMMA)) clause = { limit: parseExpr(p), offset: first };
  else clause = { limit: first, offset: null };
  p.setHeight(clause, Math.max(p.height(clause.limit), p.height(clause.offset)) + 1, true, at);
  return clause;
}

/** Result columns of SELECT and RETURNING: `*`, `t.*`, `expr [[AS] alias]`, comma-separated. */
export function parseResultColumns(p: ParserState): ResultColumn[] {
  const columns: ResultColumn[] = [];
  do {
    const t = p.tok;
    if (t.kind === TK.STAR) {
      p.advance();
      columns.push({ type: 'star', offset: t.offset });
    } else if (isNm(t.kind) && !startsOwnExpression(t.kind) && p.peek(1).kind === TK.DOT && p.peek(2).kind === TK.STAR) {
      p.advance();
      p.advance();
      p.advance();
      columns.push({ type: 'table-star', table: dequote(t.text), offset: t.offset });
    } else {
      const expr = parseExpr(p);
      // SQLite's span runs up to the next token, so a comment after the expression is kept.
      const span = trimSpace(p.sql.slice(t.offset, p.tok.offset));
      columns.push({ type: 'expr', expr, alias: parseAlias(p), span });
    }
  } while (p.accept(TK.COMMA));
  return columns;
}

/**
 * Fallback keywords that begin an expression of their own (CAST(…), RAISE(…), CURRENT_TIME…):
 * where an expression may start SQLite's parser takes them as that, never as a name, so
 * `cast.*` is a syntax error.
 */
function startsOwnExpression(k: TokenKind): boolean {
  return k === TK.CAST || k === TK.RAISE || k === TK.CTIME_KW;
}

/** `AS nm`, a bare `ids` token, or nothing (SQLite's `as`). */
function parseAlias(p: ParserState): string | null {
  if (p.accept(TK.AS)) {
    if (!isNm(p.tok.kind)) throw p.fail();
    return dequote(p.advance().text);
  }
  if (isIds(p.tok.kind)) return dequote(p.advance().text);
  return null;
}

/** The items of a FROM clause (SQLite's `seltablist`). */
export function parseFrom(p: ParserState): FromClause {
  const items: FromItem[] = [];
  let join: JoinOperator | null = null;
  for (;;) {
    items.push(parseFromItem(p, join));
    join = parseJoinOperator(p);
    if (join === null) return { items };
  }
}

function parseFromItem(p: ParserState, join: JoinOperator | null): FromItem {
  let source: TableSource;
  let plainTable = false;
  if (p.accept(TK.LP)) {
    if (p.tok.kind === TK.SELECT || p.tok.kind === TK.VALUES || p.tok.kind === TK.WITH) {
      source = { type: 'subquery', select: parseSelect(p) };
    } else {
      source = { type: 'join-group', from: parseFrom(p) };
    }
    p.expect(TK.RP);
  } else {
    if (!isNm(p.tok.kind)) throw p.fail();
    const name = parseQualifiedName(p);
    if (p.accept(TK.LP)) {
      const args = p.tok.kind === TK.RP ? [] : parseExprList(p);
      p.expect(TK.RP);
      source = { type: 'table-function', name, args };
    } else {
      source = { type: 'table', name, indexedBy: null, notIndexed: false };
      plainTable = true;
    }
  }
  const alias = parseAlias(p);
  if (plainTable && source.type === 'table') {
    if (p.accept(TK.INDEXED)) {
      p.expect(TK.BY);
      if (!isNm(p.tok.kind)) throw p.fail();
      source.indexedBy = dequote(p.advance().text);
    } else if (p.tok.kind === TK.NOT) {
      p.advance();
      p.expect(TK.INDEXED);
      source.notIndexed = true;
    }
  }
  let on: Expr | null = null;
  let using: string[] | null = null;
  const onTok = p.tok;
  if (p.accept(TK.ON)) on = parseExpr(p);
  else if (p.accept(TK.USING)) using = parseIdList(p);
  if (join === null && (on !== null || using !== null)) {
    p.deferError(`a JOIN clause is required before ${on !== null ? 'ON' : 'USING'}`, onTok.offset);
  }
  return { join, source, alias, on, using };
}

/** Join bits, as sqlite3JoinType computes them. */
const JT_NATURAL = 1;
const JT_LEFT = 2;
const JT_OUTER = 4;
const JT_RIGHT = 8;
const JT_INNER = 16;
const JT_CROSS = 32;
const JOIN_WORDS: ReadonlyMap<string, number> = new Map([
  ['natural', JT_NATURAL], ['left', JT_LEFT | JT_OUTER], ['outer', JT_OUTER],
  ['right', JT_RIGHT | JT_OUTER], ['full', JT_LEFT | JT_RIGHT | JT_OUTER], ['inner', JT_INNER],
  ['cross', JT_INNER | JT_CROSS],
]);

/** `,` | `JOIN` | `JOIN_KW [nm [nm]] JOIN`, or null when the FROM clause ends here. */
function parseJoinOperator(p: ParserState): JoinOperator | null {
  const k = p.tok.kind;
  if (k === TK.COMMA) {
    p.advance();
    return { kind: ',', natural: false };
  }
  if (k === TK.JOIN) {
    p.advance();
    return { kind: 'INNER', natural: false };
  }
  if (k !== TK.JOIN_KW) return null;
  const words: Token[] = [p.advance()];
  while (p.tok.kind !== TK.JOIN) {
    if (words.length === 3 || !isNm(p.tok.kind)) throw p.fail();
    words.push(p.advance());
  }
  p.advance();
  let bits = 0;
  let error = false;
  for (const w of words) {
    const b = JOIN_WORDS.get(w.text.toLowerCase());
    if (b === undefined) {
      error = true;
      break;
    }
    bits |= b;
  }
  if (error || (bits & (JT_INNER | JT_OUTER)) === (JT_INNER | JT_OUTER) ||
    (bits & (JT_OUTER | JT_LEFT | JT_RIGHT)) === JT_OUTER) {
    p.deferError(`unknown join type: ${words.map((w) => w.text).join(' ')}`, words[0].offset);
    return { kind: 'INNER', natural: false };
  }
  const natural = (bits & JT_NATURAL) !== 0;
  if (bits & JT_CROSS) return { kind: 'CROSS', natural };
  if ((bits & (JT_LEFT | JT_RIGHT)) === (JT_LEFT | JT_RIGHT)) return { kind: 'FULL', natural };
  if (bits & JT_LEFT) return { kind: 'LEFT', natural };
  if (bits & JT_RIGHT) return { kind: 'RIGHT', natural };
  return { kind: 'INNER', natural };
}
