/**
 * INSERT (with UPSERT and RETURNING), UPDATE … FROM and DELETE, including the trigger-body forms
 * (sqlite.org/lang_insert.html, lang_upsert.html, lang_update.html, lang_delete.html,
 * lang_returning.html; SQLite's parse.y `cmd ::= with …` and `trigger_cmd` rules).
 *
 * UPDATE and DELETE accept ORDER BY and LIMIT as SQLite built with
 * SQLITE_ENABLE_UPDATE_DELETE_LIMIT does (better-sqlite3's build), outside triggers only.
 *
 * @module
 */
import type {
  ConflictResolution, DeleteStatement, Expr, InsertStatement, QualifiedName, ResultColumn,
  SetClause, UpdateStatement, UpsertClause, WithClause,
} from './ast.js';
import { parseExpr, parseQualifiedName, parseSortList } from './parse-expr.js';
import {
  parseFrom, parseIdList, parseLimit, parseOrderBy, parseResultColumns, parseSelect, startsSelect,
} from './parse-select.js';
import { dequote, type ParserState } from './parser-state.js';
import { TK, isNm } from './tokens.js';

/** `ROLLBACK | ABORT | FAIL | IGNORE | REPLACE` (SQLite's `resolvetype`). */
export function parseResolveType(p: ParserState): ConflictResolution {
  switch (p.tok.kind) {
    case TK.ROLLBACK: case TK.ABORT: case TK.FAIL: case TK.IGNORE: case TK.REPLACE:
      return p.advance().text.toUpperCase() as ConflictResolution;
  }
  throw p.fail();
}

/** `OR resolvetype`, or null. */
function parseOrConflict(p: ParserState): ConflictResolution | null {
  return p.accept(TK.OR) ? parseResolveType(p) : null;
}

/** `fullname [AS nm]` (SQLite's `xfullname`). */
function parseTarget(p: ParserState): { table: QualifiedName; alias: string | null } {
  if (!isNm(p.tok.kind)) throw p.fail();
  const table = parseQualifiedName(p);
  let alias: string | null = null;
  if (p.accept(TK.AS)) {
    if (!isNm(p.tok.kind)) throw p.fail();
    alias = dequote(p.advance().text);
  }
  return { table, alias };
}

/**
 * `INDEXED BY nm` / `NOT INDEXED` after an UPDATE or DELETE target. In a trigger body SQLite
 * parses them and then refuses them with its own message.
 */
function parseIndexedBy(p: ParserState): { indexedBy: string | null; notIndexed: boolean } {
  const t = p.tok;
  if (p.accept(TK.INDEXED)) {
    p.expect(TK.BY);
    if (!isNm(p.tok.kind)) throw p.fail();
    const name = dequote(p.advance().text);
    if (p.inTrigger) {
      p.deferError('the INDEXED BY clause is not allowed on UPDATE or DELETE statements within triggers', t.offset);
    }
    return { indexedBy: name, notIndexed: false };
  }
  if (p.accept(TK.NOT)) {
    p.expect(TK.INDEXED);
    if (p.inTrigger) {
      p.deferError('the NOT INDEXED clause is not allowed on UPDATE or DELETE statements within triggers', t.offset);
    }
    return { indexedBy: null, notIndexed: true };
  }
  return { indexedBy: null, notIndexed: false };
}

/** `RETURNING columns`, or null; refused inside a trigger as SQLite does. */
function parseReturning(p: ParserState): ResultColumn[] | null {
  const t = p.tok;
  if (!p.accept(TK.RETURNING)) return null;
  const columns = parseResultColumns(p);
  if (p.inTrigger) p.deferError('cannot use RETURNING in a trigger', t.offset);
  return columns;
}

/**
 * `a = e, (b, c) = e, …` (SQLite's `setlist`). For the parenthesized form SQLite checks at once
 * that a row value on the right has as many values as there are columns.
 */
function parseSetList(p: ParserState): SetClause[] {
  const list: SetClause[] = [];
  do {
    let columns: string[];
    const vector = p.tok.kind === TK.LP;
    if (vector) {
      columns = parseIdList(p);
    } else {
      if (!isNm(p.tok.kind)) throw p.fail();
      columns = [dequote(p.advance().text)];
    }
    p.expect(TK.EQ);
    const exprStart = p.tok.offset;
    const expr = parseExpr(p);
    if (vector && expr.type !== 'subquery') {
      const n = expr.type === 'vector' ? expr.exprs.length : 1;
      if (n !== columns.length) p.deferError(`${columns.length} columns assigned ${n} values`, exprStart);
    }
    list.push({ columns, expr });
  } while (p.accept(TK.COMMA));
  return list;
}

/** INSERT/REPLACE at the look-ahead; `withClause` was parsed by the caller. */
export function parseInsert(p: ParserState, withClause: WithClause | null, offset: number): InsertStatement {
  let or: ConflictResolution | null;
  if (p.accept(TK.REPLACE)) {
    or = 'REPLACE';
  } else {
    p.expect(TK.INSERT);
    or = parseOrConflict(p);
  }
  p.expect(TK.INTO);
  const { table, alias } = parseTarget(p);
  const columns = p.tok.kind === TK.LP ? parseIdList(p) : null;
  const stmt: InsertStatement = {
    type: 'insert', with: withClause, or, table, alias, columns, select: null, upsert: [], returning: null,
    offset, end: 0,
  };
  if (p.tok.kind === TK.DEFAULT && !p.inTrigger) {
    p.advance();
    p.expect(TK.VALUES);
    stmt.returning = parseReturning(p);
  } else {
    if (!startsSelect(p.tok.kind)) throw p.fail();
    stmt.select = parseSelect(p);
    parseUpsert(p, stmt);
  }
  stmt.end = p.prevEnd;
  return stmt;
}

/** `ON CONFLICT …` clauses (any number, only the last without a target) and RETURNING. */
function parseUpsert(p: ParserState, stmt: InsertStatement): void {
  while (p.accept(TK.ON)) {
    p.expect(TK.CONFLICT);
    let target: UpsertClause['target'] = null;
    if (p.accept(TK.LP)) {
      const columns = parseSortList(p);
      p.expect(TK.RP);
      const where = p.accept(TK.WHERE) ? parseExpr(p) : null;
      target = { columns, where };
    } else if (p.tok.kind !== TK.DO) {
      throw p.fail();
    }
    p.expect(TK.DO);
    let action: UpsertClause['action'];
    if (p.accept(TK.NOTHING)) {
      action = { type: 'nothing' };
    } else {
      p.expect(TK.UPDATE);
      p.expect(TK.SET);
      const set = parseSetList(p);
      const where: Expr | null = p.accept(TK.WHERE) ? parseExpr(p) : null;
      action = { type: 'update', set, where };
    }
    stmt.upsert.push({ target, action });
    if (target === null) break;
  }
  stmt.returning = parseReturning(p);
}

/** UPDATE at the look-ahead. */
export function parseUpdate(p: ParserState, withClause: WithClause | null, offset: number): UpdateStatement {
  p.expect(TK.UPDATE);
  const or = parseOrConflict(p);
  const { table, alias } = parseTarget(p);
  const { indexedBy, notIndexed } = parseIndexedBy(p);
  p.expect(TK.SET);
  const set = parseSetList(p);
  const from = p.accept(TK.FROM) ? parseFrom(p) : null;
  const where = p.accept(TK.WHERE) ? parseExpr(p) : null;
  const stmt: UpdateStatement = {
    type: 'update', with: withClause, or, table, alias, indexedBy, notIndexed, set, from, where,
    returning: null, orderBy: [], limit: null, offset, end: 0,
  };
  if (!p.inTrigger) {
    stmt.returning = parseReturning(p);
    stmt.orderBy = parseOrderBy(p);
    stmt.limit = parseLimit(p);
  }
  stmt.end = p.prevEnd;
  return stmt;
}

/** DELETE at the look-ahead. */
export function parseDelete(p: ParserState, withClause: WithClause | null, offset: number): DeleteStatement {
  p.expect(TK.DELETE);
  p.expect(TK.FROM);
  const { table, alias } = parseTarget(p);
  const { indexedBy, notIndexed } = parseIndexedBy(p);
  const where = p.accept(TK.WHERE) ? parseExpr(p) : null;
  const stmt: DeleteStatement = {
    type: 'delete', with: withClause, table, alias, indexedBy, notIndexed, where, returning: null,
    orderBy: [], limit: null, offset, end: 0,
  };
  if (!p.inTrigger) {
    stmt.returning = parseReturning(p);
    stmt.orderBy = parseOrderBy(p);
    stmt.limit = parseLimit(p);
  }
  stmt.end = p.prevEnd;
  return stmt;
}
