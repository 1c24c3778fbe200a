/**
 * CREATE TABLE / INDEX / VIEW / TRIGGER / VIRTUAL TABLE and column definitions
 * (sqlite.org/lang_createtable.html & co; SQLite's parse.y `create_table`, `ccons`, `tcons`,
 * `trigger_decl`, `create_vtab` rules).
 *
 * Constraint names follow SQLite: `CONSTRAINT name` names every later constraint of the same
 * column definition, and in the table-constraint list every later constraint up to the next
 * comma; a `CONSTRAINT name` with nothing after it is dropped.
 *
 * @module
 */
import type {
  ColumnConstraint, ColumnDefinition, ConflictResolution, CreateIndexStatement, CreateTableStatement,
  CreateTriggerStatement, CreateViewStatement, CreateVirtualTableStatement, Deferrable, Expr,
  ForeignKeyAction, ForeignKeyClause, QualifiedName, Statement, TableConstraint, TriggerStep,
} from './ast.js';
import { parseDelete, parseInsert, parseResolveType, parseUpdate } from './parse-dml.js';
import { parseExpr, parseQualifiedName, parseSortList, parseTerm, parseTypeName } from './parse-expr.js';
import { parseColumnNameList, parseSelect } from './parse-select.js';
import { dequote, trimSpace, type ParserState } from './parser-state.js';
import { TK, isFallback, isId, isIds, isNm } from './tokens.js';

/** Everything after CREATE (the look-ahead is the token after CREATE). */
export function parseCreate(p: ParserState, offset: number): Statement {
  const temp = p.accept(TK.TEMP);
  switch (p.tok.kind) {
    case TK.TABLE: return parseCreateTable(p, offset, temp);
    case TK.VIEW: return parseCreateView(p, offset, temp);
    case TK.TRIGGER: return parseCreateTrigger(p, offset, temp);
    case TK.UNIQUE:
    case TK.INDEX:
      if (!temp) return parseCreateIndex(p, offset);
      break;
    case TK.VIRTUAL:
      if (!temp) return parseCreateVirtualTable(p, offset);
      break;
  }
  throw p.fail();
}

/** `IF NOT EXISTS` or nothing. */
function parseIfNotExists(p: ParserState): boolean {
  if (!p.accept(TK.IF)) return false;
  p.expect(TK.NOT);
  p.expect(TK.EXISTS);
  return true;
}

/** `nm [. nm]` at the look-ahead. */
function parseName(p: ParserState): QualifiedName {
  if (!isNm(p.tok.kind)) throw p.fail();
  return parseQualifiedName(p);
}

/** One `nm`, dequoted. */
function parseNm(p: ParserState): string {
  if (!isNm(p.tok.kind)) throw p.fail();
  return dequote(p.advance().text);
}

/** `ON CONFLICT resolvetype` or nothing (SQLite's `onconf`). */
export function parseOnConflict(p: ParserState): ConflictResolution | null {
  if (!p.accept(TK.ON)) return null;
  p.expect(TK.CONFLICT);
  return parseResolveType(p);
}

function parseCreateTable(p: ParserState, offset: number, temp: boolean): CreateTableStatement {
  p.expect(TK.TABLE);
  const ifNotExists = parseIfNotExists(p);
  const table = parseName(p);
  const stmt: CreateTableStatement = {
    type: 'create-table', temp, ifNotExists, table, columns: [], constraints: [], withoutRowid: false,
    strict: false, as: null, offset, end: 0,
  };
  if (p.accept(TK.AS)) {
    stmt.as = parseSelect(p);
    stmt.end = p.prevEnd;
    return stmt;
  }
  p.expect(TK.LP);
  stmt.columns.push(parseColumnDefinition(p));
  while (p.accept(TK.COMMA)) {
    if (startsTableConstraint(p.tok.kind)) {
      stmt.constraints = parseTableConstraints(p);
      break;
    }
    stmt.columns.push(parseColumnDefinition(p));
  }
  p.expect(TK.RP);
  // SQLite's table_option_set: [option] (, option)* — so even a leading comma is accepted.
  if (p.tok.kind === TK.WITHOUT || isNm(p.tok.kind)) parseTableOption(p, stmt);
  while (p.accept(TK.COMMA)) parseTableOption(p, stmt);
  stmt.end = p.prevEnd;
  return stmt;
}

/** `WITHOUT ROWID` or `STRICT`; any other word is refused as SQLite refuses it. */
function parseTableOption(p: ParserState, stmt: CreateTableStatement): void {
  const without = p.accept(TK.WITHOUT);
  if (!isNm(p.tok.kind)) throw p.fail();
  const t = p.advance();
  const word = t.text.toLowerCase();
  if (without && word === 'rowid') stmt.withoutRowid = true;
  else if (!without && word === 'strict') stmt.strict = true;
  else p.deferError(`unknown table option: ${t.text}`, t.offset);
}

function startsTableConstraint(k: number): boolean {
  return k === TK.CONSTRAINT || k === TK.PRIMARY || k === TK.UNIQUE || k === TK.CHECK || k === TK.FOREIGN;
}

/** `name [type] [constraints]` (SQLite's `columnname carglist`); also used by ALTER TABLE ADD. */
export function parseColumnDefinition(p: ParserState): ColumnDefinition {
  if (!isNm(p.tok.kind)) throw p.fail();
  const nameTok = p.advance();
  const name = dequote(nameTok.text);
  const type = parseTypeName(p, true);
  const constraints: ColumnConstraint[] = [];
  let cname: string | null = null;
  for (;;) {
    const t = p.tok;
    switch (t.kind) {
      case TK.CONSTRAINT:
        p.advance();
        cname = parseNm(p);
        continue;
      case TK.DEFAULT:
        constraints.push(parseDefault(p, cname));
        continue;
      case TK.NULL:
        p.advance();
        constraints.push({ type: 'null', name: cname, onConflict: parseOnConflict(p) });
        continue;
      case TK.NOT:
        p.advance();
        if (p.accept(TK.NULL)) {
          constraints.push({ type: 'not-null', name: cname, onConflict: parseOnConflict(p) });
        } else if (p.tok.kind === TK.DEFERRABLE) {
          addDeferrable(constraints, cname, parseDeferrable(p, true));
        } else {
          throw p.fail();
        }
        continue;
      case TK.PRIMARY: {
        p.advance();
        p.expect(TK.KEY);
        let direction: 'ASC' | 'DESC' | null = null;
        if (p.accept(TK.ASC)) direction = 'ASC';
        else if (p.accept(TK.DESC)) direction = 'DESC';
        const onConflict = parseOnConflict(p);
        const autoincrement = p.accept(TK.AUTOINCR);
        constraints.push({ type: 'primary-key', name: cname, direction, onConflict, autoincrement });
        continue;
      }
      case TK.UNIQUE:
        p.advance();
        constraints.push({ type: 'unique', name: cname, onConflict: parseOnConflict(p) });
        continue;
      case TK.CHECK: {
        p.advance();
        const lp = p.expect(TK.LP);
        const expr = parseExpr(p);
        const rp = p.expect(TK.RP);
        constraints.push({ type: 'check', name: cname, expr, span: trimSpace(p.sql.slice(lp.end, rp.offset)) });
        continue;
      }
      case TK.REFERENCES:
        p.advance();
        constraints.push({ type: 'references', name: cname, foreignKey: parseForeignKeyClause(p) });
        if (p.tok.kind === TK.DEFERRABLE || (p.tok.kind === TK.NOT && p.peek().kind === TK.DEFERRABLE)) {
          const not = p.accept(TK.NOT);
          (constraints[constraints.length - 1] as { foreignKey: ForeignKeyClause }).foreignKey.deferrable =
            parseDeferrable(p, not);
        }
        continue;
      case TK.DEFERRABLE:
        addDeferrable(constraints, cname, parseDeferrable(p, false));
        continue;
      case TK.COLLATE:
        p.advance();
        if (!isIds(p.tok.kind)) throw p.fail();
        constraints.push({ type: 'collate', name: cname, collation: dequote(p.advance().text) });
        continue;
      case TK.GENERATED:
        p.advance();
        p.expect(TK.ALWAYS);
        p.expect(TK.AS);
        constraints.push(parseGenerated(p, cname, name));
        continue;
      case TK.AS:
        p.advance();
        constraints.push(parseGenerated(p, cname, name));
        continue;
    }
    return { name, type, constraints, offset: nameTok.offset };
  }
}

function addDeferrable(list: ColumnConstraint[], name: string | null, deferrable: Deferrable): void {
  list.push({ type: 'deferrable', name, deferrable });
}

/** `DEFAULT term | (expr) | +term | -term | id`; the span is what PRAGMA table_info shows. */
function parseDefault(p: ParserState, name: string | null): ColumnConstraint {
  p.advance();
  const t = p.tok;
  let expr: Expr;
  let span: string;
  switch (t.kind) {
    case TK.LP: {
      p.advance();
      expr = parseExpr(p);
      const rp = p.expect(TK.RP);
      span = trimSpace(p.sql.slice(t.end, rp.offset));
      break;
    }
    case TK.PLUS:
    case TK.MINUS: {
      p.advance();
      if (!isTermStart(p.tok.kind)) throw p.fail();
      const term = parseTerm(p);
      expr = t.kind === TK.MINUS ? { type: 'unary', op: '-', operand: term, offset: t.offset } : term;
      span = p.spanFrom(t.offset);
      break;
    }
    default:
      if (isTermStart(t.kind)) {
        expr = parseTerm(p);
        span = t.text;
      } else if (isId(t.kind)) {
        p.advance();
        const value = dequote(t.text);
        const lower = t.text.toLowerCase();
        expr = lower === 'true' || lower === 'false'
          ? { type: 'boolean', value: lower === 'true', offset: t.offset }
          : { type: 'string', value, offset: t.offset };
        span = t.text;
      } else {
        throw p.fail();
      }
  }
  return { type: 'default', name, expr, span };
}

function isTermStart(k: number): boolean {
  return k === TK.INTEGER || k === TK.FLOAT || k === TK.QNUMBER || k === TK.STRING || k === TK.BLOB ||
    k === TK.NULL || k === TK.CTIME_KW;
}

/** `(expr) [STORED|VIRTUAL]` after `GENERATED ALWAYS AS` or `AS`. */
function parseGenerated(p: ParserState, name: string | null, column: string): ColumnConstraint {
  p.expect(TK.LP);
  const expr = parseExpr(p);
  p.expect(TK.RP);
  let storage: 'STORED' | 'VIRTUAL' | null = null;
  const t = p.tok;
  if (t.kind === TK.ID || isFallback(t.kind)) {
    p.advance();
    const word = t.text.toLowerCase();
    if (word === 'stored') storage = 'STORED';
    else if (word === 'virtual') storage = 'VIRTUAL';
    else p.deferError(`error in generated column "${column}"`, t.offset);
  }
  return { type: 'generated', name, expr, storage };
}

/** After REFERENCES: `table [(columns)] [MATCH name | ON DELETE|UPDATE|INSERT action]…`. */
function parseForeignKeyClause(p: ParserState): ForeignKeyClause {
  const fk: ForeignKeyClause = {
    table: parseNm(p), columns: null, onDelete: null, onUpdate: null, match: null, deferrable: null,
  };
  if (p.tok.kind === TK.LP) fk.columns = parseColumnNameList(p);
  for (;;) {
    if (p.accept(TK.MATCH)) {
      fk.match = parseNm(p);
    } else if (p.accept(TK.ON)) {
      const event = p.tok.kind;
      if (event !== TK.INSERT && event !== TK.DELETE && event !== TK.UPDATE) throw p.fail();
      p.advance();
      const action = parseForeignKeyAction(p);
      if (event === TK.DELETE) fk.onDelete = action;
      else if (event === TK.UPDATE) fk.onUpdate = action;
    } else {
      return fk;
    }
  }
}

function parseForeignKeyAction(p: ParserState): ForeignKeyAction {
  if (p.accept(TK.SET)) {
    if (p.accept(TK.NULL)) return 'SET NULL';
    p.expect(TK.DEFAULT);
    return 'SET DEFAULT';
  }
  if (p.accept(TK.CASCADE)) return 'CASCADE';
  if (p.accept(TK.RESTRICT)) return 'RESTRICT';
  p.expect(TK.NO);
  p.expect(TK.ACTION);
  return 'NO ACTION';
}

/** `DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]` (NOT already consumed when `not`). */
function parseDeferrable(p: ParserState, not: boolean): Deferrable {
  p.expect(TK.DEFERRABLE);
  let initially: Deferrable['initially'] = null;
  if (p.accept(TK.INITIALLY)) {
    if (p.accept(TK.DEFERRED)) initially = 'DEFERRED';
    else {
      p.expect(TK.IMMEDIATE);
      initially = 'IMMEDIATE';
    }
  }
  return { not, initially };
}

/** The table constraints after the columns (SQLite's `conslist`; commas between are optional). */
function parseTableConstraints(p: ParserState): TableConstraint[] {
  const list: TableConstraint[] = [];
  let name: string | null = null;
  for (;;) {
    switch (p.tok.kind) {
      case TK.CONSTRAINT:
        p.advance();
        name = parseNm(p);
        break;
      case TK.PRIMARY: {
        p.advance();
        p.expect(TK.KEY);
        p.expect(TK.LP);
        const columns = parseSortList(p);
        const autoincrement = p.accept(TK.AUTOINCR);
        p.expect(TK.RP);
        list.push({ type: 'primary-key', name, columns, autoincrement, onConflict: parseOnConflict(p) });
        break;
      }
      case TK.UNIQUE: {
        p.advance();
        p.expect(TK.LP);
        const columns = parseSortList(p);
        p.expect(TK.RP);
        list.push({ type: 'unique', name, columns, onConflict: parseOnConflict(p) });
        break;
      }
      case TK.CHECK: {
        p.advance();
        const lp = p.expect(TK.LP);
        const expr = parseExpr(p);
        const rp = p.expect(TK.RP);
        list.push({ type: 'check', name, expr, onConflict: parseOnConflict(p), span: trimSpace(p.sql.slice(lp.end, rp.offset)) });
        break;
      }
      case TK.FOREIGN: {
        p.advance();
        p.expect(TK.KEY);
        const columns = parseColumnNameList(p);
        p.expect(TK.REFERENCES);
        const foreignKey = parseForeignKeyClause(p);
        if (p.at(TK.DEFERRABLE) || (p.at(TK.NOT) && p.peek().kind === TK.DEFERRABLE)) {
          foreignKey.deferrable = parseDeferrable(p, p.accept(TK.NOT));
        }
        list.push({ type: 'foreign-key', name, columns, foreignKey });
        break;
      }
      default:
        return list;
    }
    if (p.accept(TK.COMMA)) {
      name = null;
      if (!startsTableConstraint(p.tok.kind)) throw p.fail();
    }
  }
}

function parseCreateIndex(p: ParserState, offset: number): CreateIndexStatement {
  const unique = p.accept(TK.UNIQUE);
  p.expect(TK.INDEX);
  const ifNotExists = parseIfNotExists(p);
  const index = parseName(p);
  p.expect(TK.ON);
  const table = parseNm(p);
  p.expect(TK.LP);
  const columns = parseSortList(p);
  p.expect(TK.RP);
  const where = p.accept(TK.WHERE) ? parseExpr(p) : null;
  return { type: 'create-index', unique, ifNotExists, index, table, columns, where, offset, end: p.prevEnd };
}

function parseCreateView(p: ParserState, offset: number, temp: boolean): CreateViewStatement {
  p.expect(TK.VIEW);
  const ifNotExists = parseIfNotExists(p);
  const view = parseName(p);
  const columns = p.tok.kind === TK.LP ? parseColumnNameList(p) : null;
  p.expect(TK.AS);
  const select = parseSelect(p);
  return { type: 'create-view', temp, ifNotExists, view, columns, select, offset, end: p.prevEnd };
}

function parseCreateTrigger(p: ParserState, offset: number, temp: boolean): CreateTriggerStatement {
  p.expect(TK.TRIGGER);
  const ifNotExists = parseIfNotExists(p);
  const trigger = parseName(p);
  let time: CreateTriggerStatement['time'] = null;
  if (p.accept(TK.BEFORE)) time = 'BEFORE';
  else if (p.accept(TK.AFTER)) time = 'AFTER';
  else if (p.accept(TK.INSTEAD)) {
    p.expect(TK.OF);
    time = 'INSTEAD OF';
  }
  let event: CreateTriggerStatement['event'];
  let columns: string[] | null = null;
  if (p.accept(TK.DELETE)) event = 'DELETE';
  else if (p.accept(TK.INSERT)) event = 'INSERT';
  else {
    p.expect(TK.UPDATE);
    event = 'UPDATE';
    if (p.accept(TK.OF)) {
      columns = [parseNm(p)];
      while (p.accept(TK.COMMA)) columns.push(parseNm(p));
    }
  }
  p.expect(TK.ON);
  const table = parseName(p);
  let forEachRow = false;
  if (p.accept(TK.FOR)) {
    p.expect(TK.EACH);
    p.expect(TK.ROW);
    forEachRow = true;
  }
  const when = p.accept(TK.WHEN) ? parseExpr(p) : null;
  p.expect(TK.BEGIN);
  const body: TriggerStep[] = [];
  p.inTrigger = true;
  do {
    body.push(parseTriggerStep(p));
    p.expect(TK.SEMI);
  } while (p.tok.kind !== TK.END);
  p.advance();
  p.inTrigger = false;
  return {
    type: 'create-trigger', temp, ifNotExists, trigger, time, event, columns, table, forEachRow, when, body,
    offset, end: p.prevEnd,
  };
}

/**
 * One statement of a trigger body (SQLite's `trigger_cmd`). INSERT, UPDATE and DELETE may not
 * name a schema; SQLite checks that when it reduces the whole step, i.e. at the `;` after it.
 */
function parseTriggerStep(p: ParserState): TriggerStep {
  const offset = p.tok.offset;
  let step: TriggerStep;
  switch (p.tok.kind) {
    case TK.UPDATE: step = parseUpdate(p, null, offset); break;
    case TK.INSERT:
    case TK.REPLACE: step = parseInsert(p, null, offset); break;
    case TK.DELETE: step = parseDelete(p, null, offset); break;
    case TK.SELECT:
    case TK.VALUES:
    case TK.WITH: return parseSelect(p);
    default: throw p.fail();
  }
  if (step.table.schema !== null) {
    p.deferError('qualified table names are not allowed on INSERT, UPDATE, and DELETE statements within triggers', offset);
  }
  return step;
}

function parseCreateVirtualTable(p: ParserState, offset: number): CreateVirtualTableStatement {
  p.expect(TK.VIRTUAL);
  p.expect(TK.TABLE);
  const ifNotExists = parseIfNotExists(p);
  const table = parseName(p);
  p.expect(TK.USING);
  const module = parseNm(p);
  let args: string[] | null = null;
  if (p.accept(TK.LP)) {
    args = [];
    // Each argument is any run of tokens, parentheses balanced, up to `,` or `)` (SQLite's
    // `vtabarg`); its text is kept verbatim. Empty arguments are dropped, as SQLite does.
    for (;;) {
      let start = -1;
      let depth = 0;
      for (;;) {
        const k = p.tok.kind;
        if (k === TK.EOF) throw p.fail();
        if (depth === 0 && (k === TK.COMMA || k === TK.RP)) break;
        if (k === TK.LP) depth++;
        else if (k === TK.RP) depth--;
        if (start < 0) start = p.tok.offset;
        p.advance();
      }
      if (start >= 0) args.push(p.spanFrom(start));
      if (p.advance().kind === TK.RP) break;
    }
  }
  return { type: 'create-virtual-table', ifNotExists, table, module, args, offset, end: p.prevEnd };
}
