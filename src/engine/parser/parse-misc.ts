/**
 * The small statements: DROP, ALTER TABLE, BEGIN/COMMIT/END/ROLLBACK/SAVEPOINT/RELEASE, PRAGMA,
 * ATTACH/DETACH, VACUUM, ANALYZE, REINDEX (sqlite.org/lang.html; SQLite's parse.y).
 *
 * Extension: `BEGIN CONCURRENT` (Turso's MVCC transactions), which SQLite itself refuses.
 *
 * @module
 */
import type {
  AlterTableStatement, BeginStatement, DropStatement, PragmaStatement, QualifiedName, Statement,
} from './ast.js';
import { parseColumnDefinition, parseOnConflict } from './parse-create.js';
import { parseExpr, parseQualifiedName, parseSignedNumber } from './parse-expr.js';
import { dequote, type ParserState } from './parser-state.js';
import { TK, isNm } from './tokens.js';

function parseNm(p: ParserState): string {
  if (!isNm(p.tok.kind)) throw p.fail();
  return dequote(p.advance().text);
}

function parseName(p: ParserState): QualifiedName {
  if (!isNm(p.tok.kind)) throw p.fail();
  return parseQualifiedName(p);
}

/** DROP TABLE|INDEX|VIEW|TRIGGER [IF EXISTS] name (DROP already consumed). */
export function parseDrop(p: ParserState, offset: number): DropStatement {
  let what: DropStatement['what'];
  switch (p.tok.kind) {
    case TK.TABLE: what = 'TABLE'; break;
    case TK.INDEX: what = 'INDEX'; break;
    case TK.VIEW: what = 'VIEW'; break;
    case TK.TRIGGER: what = 'TRIGGER'; break;
    default: throw p.fail();
  }
  p.advance();
  let ifExists = false;
  if (p.accept(TK.IF)) {
    p.expect(TK.EXISTS);
    ifExists = true;
  }
  const name = parseName(p);
  return { type: 'drop', what, ifExists, name, offset, end: p.prevEnd };
}

/**
 * ALTER TABLE name RENAME TO x | RENAME [COLUMN] a TO b | ADD [COLUMN] def | DROP [COLUMN] a |
 * ALTER [COLUMN] a DROP NOT NULL | ALTER [COLUMN] a SET NOT NULL [ON CONFLICT r] |
 * ADD [CONSTRAINT n] CHECK (e) [ON CONFLICT r] | DROP CONSTRAINT n (ALTER already consumed).
 */
export function parseAlter(p: ParserState, offset: number): AlterTableStatement {
  p.expect(TK.TABLE);
  const table = parseName(p);
  let action: AlterTableStatement['action'];
  if (p.accept(TK.RENAME)) {
    if (p.accept(TK.TO)) {
      action = { type: 'rename-table', to: parseNm(p) };
    } else {
      p.accept(TK.COLUMNKW);
      const column = parseNm(p);
      p.expect(TK.TO);
      action = { type: 'rename-column', column, to: parseNm(p) };
    }
  } else if (p.accept(TK.ADD)) {
    if (p.at(TK.CONSTRAINT) || p.at(TK.CHECK)) {
      const name = p.accept(TK.CONSTRAINT) ? parseNm(p) : null;
      p.expect(TK.CHECK);
      p.expect(TK.LP);
      const expr = parseExpr(p);
      p.expect(TK.RP);
      action = { type: 'add-check', name, expr, onConflict: parseOnConflict(p) };
    } else {
      p.accept(TK.COLUMNKW);
      action = { type: 'add-column', column: parseColumnDefinition(p) };
    }
  } else if (p.accept(TK.DROP)) {
    if (p.accept(TK.CONSTRAINT)) {
      action = { type: 'drop-constraint', name: parseNm(p) };
    } else {
      p.accept(TK.COLUMNKW);
      action = { type: 'drop-column', column: parseNm(p) };
    }
  } else if (p.accept(TK.ALTER)) {
    p.accept(TK.COLUMNKW);
    const column = parseNm(p);
    if (p.accept(TK.DROP)) {
      p.expect(TK.NOT);
      p.expect(TK.NULL);
      action = { type: 'alter-column-not-null', column, notNull: false, onConflict: null };
    } else {
      p.expect(TK.SET);
      p.expect(TK.NOT);
      p.expect(TK.NULL);
      action = { type: 'alter-column-not-null', column, notNull: true, onConflict: parseOnConflict(p) };
    }
  } else {
    throw p.fail();
  }
  return { type: 'alter-table', table, action, offset, end: p.prevEnd };
}

/** `[TRANSACTION [name]]` after BEGIN, COMMIT, END or ROLLBACK. */
function parseTransOpt(p: ParserState): void {
  if (p.accept(TK.TRANSACTION) && isNm(p.tok.kind)) p.advance();
}

/** BEGIN [DEFERRED|IMMEDIATE|EXCLUSIVE|CONCURRENT] [TRANSACTION [name]] (BEGIN consumed). */
export function parseBegin(p: ParserState, offset: number): BeginStatement {
  let mode: BeginStatement['mode'] = null;
  const t = p.tok;
  if (t.kind === TK.DEFERRED || t.kind === TK.IMMEDIATE || t.kind === TK.EXCLUSIVE) {
    mode = p.advance().text.toUpperCase() as BeginStatement['mode'];
  } else if (t.kind === TK.ID && t.text.toLowerCase() === 'concurrent') {
    p.advance();
    mode = 'CONCURRENT';
  }
  parseTransOpt(p);
  return { type: 'begin', mode, offset, end: p.prevEnd };
}

/** The statements led by BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT, RELEASE (keyword consumed). */
export function parseTransaction(p: ParserState, kind: number, offset: number): Statement {
  switch (kind) {
    case TK.BEGIN:
      return parseBegin(p, offset);
    case TK.COMMIT:
    case TK.END:
      parseTransOpt(p);
      return { type: 'commit', offset, end: p.prevEnd };
    case TK.ROLLBACK: {
      parseTransOpt(p);
      let savepoint: string | null = null;
      if (p.accept(TK.TO)) {
        p.accept(TK.SAVEPOINT);
        savepoint = parseNm(p);
      }
      return { type: 'rollback', savepoint, offset, end: p.prevEnd };
    }
    case TK.SAVEPOINT:
      return { type: 'savepoint', name: parseNm(p), offset, end: p.prevEnd };
    default: // RELEASE
      p.accept(TK.SAVEPOINT);
      return { type: 'release', name: parseNm(p), offset, end: p.prevEnd };
  }
}

/** PRAGMA [schema.]name [= value | (value)] (PRAGMA consumed). */
export function parsePragma(p: ParserState, offset: number): PragmaStatement {
  const pragma = parseName(p);
  let value: string | null = null;
  if (p.accept(TK.EQ)) {
    value = parsePragmaValue(p);
  } else if (p.accept(TK.LP)) {
    value = parsePragmaValue(p);
    p.expect(TK.RP);
  }
  return { type: 'pragma', pragma, value, offset, end: p.prevEnd };
}

/** `nmnum` or `minus_num`: a signed number, a name or string, ON, DELETE or DEFAULT. */
function parsePragmaValue(p: ParserState): string {
  const k = p.tok.kind;
  if (k === TK.PLUS || k === TK.MINUS || k === TK.INTEGER || k === TK.FLOAT) return parseSignedNumber(p);
  if (k === TK.ON || k === TK.DELETE || k === TK.DEFAULT) return p.advance().text;
  return parseNm(p);
}

/** ATTACH, DETACH, VACUUM, ANALYZE, REINDEX (keyword consumed). */
export function parseUtility(p: ParserState, kind: number, offset: number): Statement {
  switch (kind) {
    case TK.ATTACH: {
      p.accept(TK.DATABASE);
      const file = parseExpr(p);
      p.expect(TK.AS);
      const schema = parseExpr(p);
      const key = p.accept(TK.KEY) ? parseExpr(p) : null;
      return { type: 'attach', file, schema, key, offset, end: p.prevEnd };
    }
    case TK.DETACH:
      p.accept(TK.DATABASE);
      return { type: 'detach', schema: parseExpr(p), offset, end: p.prevEnd };
    case TK.VACUUM: {
      const schema = p.tok.kind !== TK.INTO && isNm(p.tok.kind) ? parseNm(p) : null;
      const into = p.accept(TK.INTO) ? parseExpr(p) : null;
      return { type: 'vacuum', schema, into, offset, end: p.prevEnd };
    }
    case TK.ANALYZE:
      return { type: 'analyze', target: isNm(p.tok.kind) ? parseQualifiedName(p) : null, offset, end: p.prevEnd };
    default: // REINDEX
      return { type: 'reindex', target: isNm(p.tok.kind) ? parseQualifiedName(p) : null, offset, end: p.prevEnd };
  }
}
