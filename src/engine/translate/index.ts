/**
 * The translator: a parsed statement → a VDBE {@link Program} (SQLite's code generator, Turso's
 * core/translate). Every program has SQLite's frame:
 *
 * ```
 *   0     Init        0  START          jump over the body to the transaction set-up
 *   1…    body                          loops, result rows
 *         Halt
 *   START Transaction 0  write?         read (or write) transaction on the main database
 *         Integer/Real/String8 …       literal operands, loaded once (expr.ts operandReg)
 *         Goto        0  1
 * ```
 *
 * Statements handled: SELECT (select.ts), INSERT/UPDATE/DELETE (dml.ts), CREATE TABLE/INDEX/VIEW
 * and DROP (ddl.ts), ALTER TABLE (alter.ts), ANALYZE (analyze.ts), VACUUM (vacuum.ts). Others throw SQLITE_ERROR naming what is not supported yet.
 *
 * @module
 */
import type { Statement } from '../parser/ast.js';
import type { Schema } from '../schema/types.js';
import type { Program } from '../vdbe/program.js';
import { Ctx, sqlError } from './context.js';
import { codeCreateIndex, codeCreateTable, codeCreateTrigger, codeCreateView, codeDrop, codeReindex } from './ddl.js';
import { codeDelete, codeInsert, codeUpdate, usesStmtJournal } from './dml.js';
import { codeAlter } from './alter.js';
import { codeAnalyze } from './analyze.js';
import { codeSelect, pushCtes } from './select.js';
import { codeSavepoint } from './savepoint.js';
import { codeVacuum } from './vacuum.js';
import { setTranslationEncoding } from './expr.js';
import { setTranslationForeignKeys } from './check-fk.js';
import type { TextEncoding } from '../../format/index.js';

/** Options of {@link translate}. */
export interface TranslateOptions {
  /** Parameter names by number (from the parser), for Statement.bind by name. */
  paramNames?: ReadonlyMap<number, string>;
  /** Highest parameter number. */
  nParam?: number;
  /** The SQL text the statement was parsed from (CREATE statements store part of it). */
  sql?: string;
  /** Text encoding of the database (header offset 56; default UTF-8): collations compare its bytes. */
  encoding?: TextEncoding;
  /** PRAGMA foreign_keys of the connection (default off): DML enforces foreign keys (check-fk.ts). */
  foreignKeys?: boolean;
}

/**
 * Compiles one statement.
 * @throws SqliteError SQLITE_ERROR for unknown tables/columns/functions, misuse, and statements not
 *   supported yet.
 */
export function translate(stmt: Statement, schema: Schema, opts: TranslateOptions = {}): Program {
  setTranslationEncoding(opts.encoding ?? 1);
  setTranslationForeignKeys(opts.foreignKeys ?? false);
  const ctx = new Ctx(schema);
  ctx.constants = { regs: new Map(), code: [] };
  const b = ctx.b;
  const init = b.emit('Init', 0, 0);
  let columnNames: string[] = [];
  let columnTypes: (string | null)[] = [];
  let columnOrigins: ({ table: string; column: string } | null)[] = [];
  switch (stmt.type) {
    case 'select': {
      const info = codeSelect(ctx, stmt, { kind: 'output' }, null);
      columnNames = info.columns.map((c) => c.name);
      columnTypes = info.columns.map((c) => c.declType);
      columnOrigins = info.columns.map((c) => c.origin);
      break;
    }
    case 'create-table':
      codeCreateTable(ctx, stmt, opts.sql ?? '');
      break;
    case 'create-index':
      codeCreateIndex(ctx, stmt, opts.sql ?? '');
      break;
    case 'create-view':
      codeCreateView(ctx, stmt, opts.sql ?? '');
      break;
    case 'drop':
      codeDrop(ctx, stmt);
      break;
    case 'create-trigger':
      codeCreateTrigger(ctx, stmt, opts.sql ?? '');
      break;
    case 'reindex':
      codeReindex(ctx, stmt);
      break;
    case 'analyze':
      codeAnalyze(ctx, stmt);
      break;
    case 'insert':
    case 'delete':
    case 'update':
      // A WITH prefix: its CTEs are visible to the statement's SELECT and subqueries.
      if (stmt.with) pushCtes(ctx, stmt.with);
      try {
        if (stmt.type === 'insert') codeInsert(ctx, stmt);
        else if (stmt.type === 'delete') codeDelete(ctx, stmt);
        else codeUpdate(ctx, stmt);
      } finally {
        if (stmt.with) ctx.ctes.pop();
      }
      break;
    case 'alter-table':
      codeAlter(ctx, stmt, opts.sql ?? '');
      break;
    case 'savepoint':
    case 'release':
      codeSavepoint(ctx, stmt);
      break;
    case 'vacuum':
      codeVacuum(ctx, stmt);
      break;
    case 'rollback':
      if (stmt.savepoint === null) throw sqlError('ROLLBACK is not supported yet');
      codeSavepoint(ctx, stmt);
      break;
    default:
      throw sqlError(`${stmt.type.toUpperCase().replace('-', ' ')} is not supported yet`);
  }
  if (ctx.resultColumns) {
    columnNames = ctx.resultColumns;
    columnTypes = columnNames.map(() => null);
    columnOrigins = columnNames.map(() => null);
  }
  b.emit('Halt');
  b.patchP2(init, b.addr);
  const stmtJournal = ctx.writes && usesStmtJournal(ctx);
  if (ctx.writes || b.insns.some((i) => i.opcode === 'OpenRead')) b.emit('Transaction', 0, ctx.writes ? 1 : 0, schema.cookie, null, 1, `usesStmtJournal=${stmtJournal ? 1 : 0}`);
  for (const code of ctx.constants.code) code();
  b.emit('Goto', 0, 1);
  return b.finish({ columnNames, columnTypes, columnOrigins, nParam: opts.nParam ?? 0, paramNames: opts.paramNames ?? new Map(), readonly: !ctx.writes && stmt.type !== 'vacuum', usesStmtJournal: stmtJournal });
}
