/**
 * Turning SQL into something a Statement can step: a VDBE program, or a fixed table of rows for
 * EXPLAIN, EXPLAIN QUERY PLAN and the PRAGMAs answered from the connection.
 *
 * EXPLAIN returns SQLite's columns addr, opcode, p1, p2, p3, p4, p5, comment; EXPLAIN QUERY PLAN
 * returns id, parent, notused, detail.
 *
 * @module
 */
import { SqliteError } from '../error.js';
import { parseNext } from '../engine/parser/index.js';
import type { Statement as Ast } from '../engine/parser/ast.js';
import { translate } from '../engine/translate/index.js';
import { explainRows } from '../engine/vdbe/explain.js';
import type { Program } from '../engine/vdbe/program.js';
import type { Schema } from '../engine/schema/types.js';
import { Real, type Value } from '../engine/value/value.js';
import type { Connection } from './connection.js';
import { pragmaRows } from './pragma.js';
import { headerPragmaProgram } from './pragma-header.js';
import { foreignKeysEnabled } from './pragma-settings.js';

/** What a prepared statement runs. */
export type Prepared =
  | {
      kind: 'vm';
      program: Program;
      ast: Ast;
      /**
       * The schema the program was compiled against (null: it reads none). A statement whose
       * connection has since loaded another schema object, or changed `PRAGMA foreign_keys`, is
       * compiled again before it runs (StatementCore.start), as sqlite3_prepare_v2 statements are.
       */
      schema: Schema | null;
      /** `PRAGMA foreign_keys` when compiled (the program codes FK checks only when on). */
      foreignKeys: boolean;
    }
  | { kind: 'txn'; action: 'begin' | 'commit' | 'rollback'; ast: Ast; paramNames: ReadonlyMap<number, string>; nParam: number; columns: string[] }
  | {
      kind: 'rows';
      columns: string[];
      rows: Value[][];
      ast: Ast;
      paramNames: ReadonlyMap<number, string>;
      nParam: number;
      /**
       * Set (rows empty) for a check the async API runs when the statement runs, not when it is
       * prepared: integrity_check, quick_check and foreign_key_check read pages synchronously,
       * which connect()'s connection may have to wait for (connect.ts).
       */
      check?: PragmaCheck;
    };

/** A PRAGMA the async API computes when its statement runs (Prepared's `check`). */
export interface PragmaCheck {
  name: 'integrity_check' | 'quick_check' | 'foreign_key_check';
  arg: string | null;
}

/**
 * The first statement of `sql` compiled, and the index where the rest of the SQL starts (null: no
 * statement). `async`: for connect()'s statements (integrity_check, quick_check and
 * foreign_key_check left to run: Prepared's `check`).
 */
export function prepareNext(conn: Connection, sql: string, start = 0, refresh = true, async = false): { prepared: Prepared; tail: number } | null {
  const parsed = parseNext(sql, start);
  if (!parsed) return null;
  if (refresh) conn.refresh();
  const paramNames = new Map<number, string>();
  parsed.parameters.forEach((n, i) => {
    if (n !== null && !/^\?\d*$/.test(n)) paramNames.set(i + 1, n);
  });
  const nParam = parsed.parameters.length;
  const ast = parsed.statement;
  if (ast.type !== 'pragma') conn.requireUnsealed();
  let prepared: Prepared;
  if (ast.type === 'explain') {
    const program = translate(ast.statement, conn.schema, { paramNames, nParam, encoding: conn.encoding });
    if (ast.queryPlan) {
      prepared = { kind: 'rows', columns: ['id', 'parent', 'notused', 'detail'], rows: program.queryPlan.map((p) => [p.id, p.parent, 0, p.detail]), ast, paramNames, nParam };
    } else {
      prepared = {
        kind: 'rows',
        columns: ['addr', 'opcode', 'p1', 'p2', 'p3', 'p4', 'p5', 'comment'],
        rows: explainRows(program).map((r) => [r.addr, r.opcode, r.p1, r.p2, r.p3, r.p4 === '' ? null : r.p4, r.p5, r.comment === '' ? null : r.comment]),
        ast,
        paramNames,
        nParam,
      };
    }
  } else if (ast.type === 'begin' || ast.type === 'commit' || (ast.type === 'rollback' && ast.savepoint === null)) {
    prepared = { kind: 'txn', action: ast.type, ast, paramNames, nParam, columns: [] };
  } else if (ast.type === 'pragma' && headerPragmaProgram(ast.pragma.name, ast.value, paramNames, nParam)) {
    prepared = { kind: 'vm', program: headerPragmaProgram(ast.pragma.name, ast.value, paramNames, nParam)!, ast, schema: null, foreignKeys: false };
  } else if (ast.type === 'pragma' && async && /^(integrity_check|quick_check|foreign_key_check)$/i.test(ast.pragma.name)) {
    const name = ast.pragma.name.toLowerCase() as PragmaCheck['name'];
    const columns = name === 'foreign_key_check' ? ['table', 'rowid', 'parent', 'fkid'] : [name];
    prepared = { kind: 'rows', columns, rows: [], ast, paramNames, nParam, check: { name, arg: ast.value } };
  } else if (ast.type === 'pragma') {
    const t = pragmaRows(conn, ast.pragma.name, ast.value);
    prepared = { kind: 'rows', columns: t.columns, rows: t.rows, ast, paramNames, nParam };
  } else {
    const schema = conn.schema;
    const foreignKeys = foreignKeysEnabled(conn);
    prepared = { kind: 'vm', program: translate(ast, schema, { paramNames, nParam, sql, encoding: conn.encoding, foreignKeys }), ast, schema, foreignKeys };
  }
  return { prepared, tail: parsed.tail };
}

/**
 * Exactly one statement.
 * @throws SqliteError (RangeError in better-sqlite3's wording) when `sql` holds none or several.
 */
export function prepareOne(conn: Connection, sql: string, refresh = true, async = false): Prepared {
  const first = prepareNext(conn, sql, 0, refresh, async);
  if (!first) throw new RangeError('The supplied SQL string contains no statements');
  if (parseNext(sql, first.tail) !== null) throw new RangeError('The supplied SQL string contains more than one statement');
  return first.prepared;
}

/** A JS number as the Value a fixed row holds (integral → INTEGER). */
export function jsValue(v: number | string | null): Value {
  if (typeof v === 'number' && !Number.isInteger(v)) return new Real(v);
  return v;
}

export { SqliteError };
