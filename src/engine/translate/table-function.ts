/**
 * Table-valued functions in FROM: json_each, json_tree (json1.html §4.24; rows from
 * functions/json-each.ts) and generate_series (SQLite's series.c extension, as the 3.40 CLI
 * has it; table-function-series.ts).
 *
 * Each call is compiled as a materialization, correctness first: where the FROM item is opened,
 * the arguments are evaluated, the function's rows are computed once by a Function opcode that
 * returns their count, and a loop copies them into an ephemeral table, one Function per column:
 *
 * ```
 *   OpenEphemeral  cur, nCol
 *   <args → r[a..]>
 *   Function       rows(r[a..]) → r[n]        (computes and keeps the rows; r[n] = count)
 *   Integer        0 → r[i]
 * top:
 *   Ge             r[n], end, r[i]             (i ≥ n: done)
 *   Function       cell_c(r[i]) → r[c+k]       for each column k
 *   MakeRecord / NewRowid / Insert cur
 *   Add            r[one], r[i] → r[i]
 *   Goto           top
 * end:
 * ```
 *
 * The source is then scanned like any ephemeral table (joins, WHERE, ORDER BY work unchanged).
 * HIDDEN columns (json, root; start, stop, step) are left out of `*`.
 *
 * When the arguments read columns of tables earlier in the same FROM clause (`FROM t,
 * json_each(t.j)`), the materialization is emitted at the start of the function's own loop
 * instead (Source.fill, called by where.ts openPath), and the join order keeps those tables outer
 * (Source.after); otherwise it is emitted once where the FROM item is opened.
 *
 * @module
 */
import type { Expr, FromItem } from '../parser/ast.js';
import type { ScalarFunction } from '../functions/index.js';
import { JSON_EACH_COLUMNS, jsonEachRows } from '../functions/json-each.js';
import type { Value } from '../value/value.js';
import { AFF_BLOB } from '../vdbe/opcodes.js';
import { sqlError, type Ctx } from './context.js';
import { codeExpr } from './expr.js';
import type { Scope, Source } from './scope.js';
import { SERIES_COLUMNS, seriesRows } from './table-function-series.js';

interface TableFunction {
  columns: string[];
  /** Indexes of the HIDDEN columns. */
  hidden: number[];
  minArgs: number;
  maxArgs: number;
  rows(args: Value[]): Value[][];
}

const FUNCTIONS: Record<string, TableFunction> = {
  json_each: { columns: JSON_EACH_COLUMNS, hidden: [8, 9], minArgs: 0, maxArgs: 2, rows: (a) => jsonEachRows(false, a) },
  json_tree: { columns: JSON_EACH_COLUMNS, hidden: [8, 9], minArgs: 0, maxArgs: 2, rows: (a) => jsonEachRows(true, a) },
  generate_series: { columns: SERIES_COLUMNS, hidden: [1, 2, 3], minArgs: 1, maxArgs: 3, rows: seriesRows },
};

/** The rows of the call being materialized (calls run one after another, never interleaved). */
let current: Value[][] = [];

function rowsFunction(name: string, tf: TableFunction, nArg: number): ScalarFunction {
  return {
    kind: 'scalar',
    name,
    nArg,
    deterministic: false,
    call(args) {
      current = tf.rows(args);
      return current.length;
    },
  };
}

function cellFunction(name: string, column: number): ScalarFunction {
  return { kind: 'scalar', name: `${name}.${column}`, nArg: 1, deterministic: false, call: ([i]) => current[i as number][column] };
}

/** The sources of this FROM clause already opened that `e` reads (bit i = scope.sources[i]). */
function siblingsRead(e: unknown, scope: Scope): bigint {
  if (e === null || typeof e !== 'object') return 0n;
  if (Array.isArray(e)) return e.reduce((m: bigint, x) => m | siblingsRead(x, scope), 0n);
  const node = e as { type?: string; table?: string | null; name?: string };
  if (node.type === 'select') return 0n;
  if (node.type === 'column' && typeof node.name === 'string') {
    const t = node.table?.toLowerCase() ?? null;
    const name = node.name.toLowerCase();
    let mask = 0n;
    scope.sources.forEach((s, i) => {
      if (t !== null ? s.name.toLowerCase() === t : s.columns.some((c) => c.name.toLowerCase() === name)) mask |= 1n << BigInt(i);
    });
    return mask;
  }
  return Object.values(node).reduce((m: bigint, x) => m | siblingsRead(x, scope), 0n);
}

/**
 * Opens the FROM item `item` (a table-valued function call) as a source: emits the
 * materialization described in the module doc.
 * @throws SqliteError "no such table: F", "too many arguments on F() - max N",
 *   'first argument to "generate_series()" missing or unusable'
 */
export function openTableFunction(ctx: Ctx, scope: Scope, item: FromItem): Source {
  const s = item.source;
  if (s.type !== 'table-function') throw sqlError('not a table-valued function');
  const name = s.name.name.toLowerCase();
  const tf = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!tf || (s.name.schema !== null && s.name.schema.toLowerCase() !== 'main')) throw sqlError(`no such table: ${s.name.schema ? s.name.schema + '.' : ''}${s.name.name}`);
  const args: Expr[] = s.args;
  if (args.length > tf.maxArgs) throw sqlError(`too many arguments on ${name}() - max ${tf.maxArgs}`);
  if (args.length < tf.minArgs) throw sqlError(`first argument to "${name}()" missing or unusable`);
  const cursor = ctx.b.cursor();
  const after = siblingsRead(args, scope);
  const fill = (): void => emitFill(ctx, scope, name, tf, args, cursor);
  const columns = tf.columns.map((n) => ({ name: n, affinity: AFF_BLOB, collation: 'BINARY', declType: null }));
  const src: Source = { name: item.alias ?? s.name.name, cursor, columns, table: null, covering: null, hidden: new Set(tf.hidden), leftJoin: false, alsoNull: [], autoIndex: null };
  if (after === 0n) fill();
  else {
    src.fill = fill;
    src.after = after;
  }
  return src;
}

/** The materialization of the module doc, for the call `name(args)` into ephemeral `cursor`. */
function emitFill(ctx: Ctx, scope: Scope, name: string, tf: TableFunction, args: Expr[], cursor: number): void {
  const b = ctx.b;
  const ncol = tf.columns.length;
  b.emit('OpenEphemeral', cursor, ncol);
  const argRegs = b.regs(Math.max(args.length, 1));
  args.forEach((a, i) => codeExpr(ctx, scope, a, argRegs + i));
  const count = b.reg();
  b.emit('Function', 0, argRegs, count, { kind: 'func', func: rowsFunction(name, tf, args.length) }, args.length);
  const i = b.reg();
  const one = b.reg();
  b.emit('Integer', 0, i);
  b.emit('Integer', 1, one);
  const end = b.label();
  const top = b.addr;
  b.emit('Ge', count, end, i);
  const cols = b.regs(ncol);
  for (let c = 0; c < ncol; c++) b.emit('Function', 0, i, cols + c, { kind: 'func', func: cellFunction(name, c) }, 1);
  const rec = b.reg();
  const rowid = b.reg();
  b.emit('MakeRecord', cols, ncol, rec);
  b.emit('NewRowid', cursor, rowid);
  b.emit('Insert', cursor, rec, rowid);
  b.emit('Add', one, i, i);
  b.emit('Goto', 0, top);
  b.resolve(end);
}
