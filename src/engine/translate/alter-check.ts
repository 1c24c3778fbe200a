/**
 * The checks ALTER TABLE makes by re-reading the schema, as SQLite's renameTestSchema and schema
 * reload do, with SQLite's "error in <type> <name> [after …]: …" messages:
 *
 * | when                          | what is resolved                  | fails with                                   |
 * |-------------------------------|-----------------------------------|----------------------------------------------|
 * | before RENAME TO/COLUMN, DROP | every view and trigger            | error in view v: no such column: c           |
 * | after DROP COLUMN             | the table, its indexes, then      | error in index i after drop column: no such  |
 * |                               | views and triggers naming it      | column: c                                    |
 * | ADD COLUMN, table with CHECKs | every row against every CHECK     | CHECK constraint failed                      |
 *
 * Objects are taken in sqlite_schema order ({@link entries}).
 *
 * @module
 */
import type { CreateTableStatement, Expr, Select, Statement } from '../parser/ast.js';
import { Lexer, parseStatement, TK, type Token } from '../parser/index.js';
import { tableFromCreate } from '../schema/build.js';
import type { Schema, Table } from '../schema/types.js';
import { Ctx, sqlError } from './context.js';
import { dequoteToken, findRefs, firstUnresolved } from './alter-refs.js';
import { addColumnOffset } from './alter-sql.js';
import { codeSelect } from './select.js';

const lower = (s: string): string => s.toLowerCase();

/** A sqlite_schema row as ALTER sees it. */
export interface SchemaEntry {
  type: 'table' | 'index' | 'view' | 'trigger';
  name: string;
  tblName: string;
  sql: string | null;
  seq: number;
}

/** Every user object of the schema (sqlite_* tables left out), in sqlite_schema order. */
export function entries(schema: Schema): SchemaEntry[] {
  const out: SchemaEntry[] = [];
  const seen = new Set<Table>();
  for (const t of schema.tables.values()) {
    if (seen.has(t) || lower(t.name).startsWith('sqlite_')) continue;
    seen.add(t);
    out.push({ type: 'table', name: t.name, tblName: t.name, sql: t.sql, seq: t.seq ?? 0 });
    for (const ix of t.indexes) out.push({ type: 'index', name: ix.name, tblName: t.name, sql: ix.sql, seq: ix.seq ?? 0 });
  }
  for (const v of schema.views.values()) out.push({ type: 'view', name: v.name, tblName: v.name, sql: v.sql, seq: v.seq ?? 0 });
  for (const tr of schema.triggers.values()) out.push({ type: 'trigger', name: tr.name, tblName: tr.tableName, sql: tr.sql, seq: tr.seq ?? 0 });
  return out.sort((a, b) => a.seq - b.seq);
}

/** The parsed CREATE statement of an entry that has SQL text. */
export function parsed(e: SchemaEntry): Statement {
  return parseStatement(e.sql!);
}

/**
 * RENAME and DROP COLUMN first resolve every view and trigger (renameTestSchema,
 * sqlite_rename_table) and fail on the first that does not: "error in view v: no such column: c",
 * "error in trigger tr: no such column: new.c". Double-quoted names are identifiers only there (no
 * string fallback), as in SQLite's rename parse mode.
 */
export function checkSchemaResolves(schema: Schema): void {
  for (const e of entries(schema)) {
    if (e.type === 'trigger') {
      const bad = firstUnresolved(e.sql!, parsed(e), schema);
      if (bad !== null) throw sqlError(`error in trigger ${e.name}: no such column: ${bad}`);
      continue;
    }
    if (e.type !== 'view') continue;
    const quoted = new Set<string>();
    const select = JSON.parse(JSON.stringify(schema.views.get(lower(e.name))!.select), (k, v: unknown) => {
      const o = v as { type?: string; quote?: string | null; name?: string };
      if (o && typeof o === 'object' && o.type === 'column' && o.quote === '"') {
        quoted.add(o.name!);
        return { ...o, quote: null };
      }
      return v;
    }) as Select;
    const side = new Ctx(schema);
    side.b.emit('Init', 0, 0);
    try {
      codeSelect(side, select, { kind: 'output' }, null);
    } catch (err) {
      let msg = (err as Error).message;
      const m = /^no such column: (.*)$/s.exec(msg);
      if (m && quoted.has(m[1])) msg = `no such column: "${m[1]}" - should this be a string literal in single-quotes?`;
      throw sqlError(`error in view ${e.name}: ${msg}`);
    }
  }
}

/**
 * SQLite re-reads the whole schema after DROP COLUMN and fails on the first object that still
 * names the column: "error in <type> <name> after drop column: no such column: c" — the table
 * and its indexes as the schema is reloaded, then views and triggers as they are resolved.
 */
export function checkUnreferenced(ctx: Ctx, t: Table, create: CreateTableStatement, i: number): void {
  const c = t.columns[i].name;
  const target = { table: lower(t.name), column: lower(c) };
  const fail = (type: string, name: string, what: string): never => {
    throw sqlError(`error in ${type} ${name} after drop column: ${what}`);
  };
  // The table's own statement, without the column's own definition (its CHECK goes with it).
  const ownHits = findRefs(t.sql!, create, ctx.schema, target, true).filter((o) => o !== create.columns[i].offset && !insideColumn(t.sql!, create, i, o));
  if (ownHits.length) fail('table', t.name, `no such column: ${c}`);
  if (create.constraints.some((k) => k.type === 'foreign-key' && k.columns.some((n) => lower(n) === target.column))) {
    fail('table', t.name, `unknown column "${c}" in foreign key definition`);
  }
  // The reload finds broken indexes first; then views and triggers are resolved, each pass in
  // sqlite_schema order.
  const rest = entries(ctx.schema).filter((e) => e.type !== 'table' && e.sql !== null && (e.type !== 'index' || lower(e.tblName) === target.table));
  for (const e of [...rest.filter((x) => x.type === 'index'), ...rest.filter((x) => x.type !== 'index')]) {
    const st = parsed(e);
    const hits = findRefs(e.sql!, st, ctx.schema, target, true);
    if (!hits.length) continue;
    const tok = hits.sort((a, b) => a - b).map((o) => refText(e.sql!, o));
    fail(e.type, e.name, `no such column: ${tok[0]}`);
  }
}

/** The reference at offset `o` as SQLite names it in "no such column: …" (`new.c`, `t.c` or `c`). */
function refText(sql: string, o: number): string {
  const lx = new Lexer(sql, 0);
  let prev2: Token | null = null;
  let prev: Token | null = null;
  for (let t = lx.next(); t.kind !== TK.EOF; t = lx.next()) {
    if (t.offset === o) return prev?.kind === TK.DOT && prev2 ? `${dequoteToken(prev2)}.${dequoteToken(t)}` : dequoteToken(t);
    prev2 = prev;
    prev = t;
  }
  return '';
}

/** True when offset `o` of `sql` lies inside the definition of column `i` (after its name). */
function insideColumn(sql: string, st: CreateTableStatement, i: number, o: number): boolean {
  const to = i + 1 < st.columns.length ? st.columns[i + 1].offset : addColumnOffset(sql, st);
  return o > st.columns[i].offset && o < to;
}

/**
 * After ADD COLUMN on a table with CHECK constraints, SQLite runs quick_check on it and fails with
 * "CHECK constraint failed" when some row (the new column reading its default) makes a CHECK
 * false. Coded here as `SELECT 1 FROM t WHERE NOT c1 OR NOT c2 …` compiled against the table as
 * it will be, halting on the first row found.
 */
export function checkConstraintsHold(ctx: Ctx, t: Table, newSql: string): void {
  const st = parseStatement(newSql) as CreateTableStatement;
  const checks: Expr[] = [];
  for (const c of st.columns) for (const k of c.constraints) if (k.type === 'check') checks.push(k.expr);
  for (const k of st.constraints) if (k.type === 'check') checks.push(k.expr);
  if (!checks.length) return;
  const altered: Table = { ...tableFromCreate(st, t.rootPage, newSql), indexes: t.indexes };
  const schema: Schema = { ...ctx.schema, tables: new Map(ctx.schema.tables) };
  schema.tables.set(lower(t.name), altered);
  const where = checks.map((c): Expr => ({ type: 'unary', op: 'NOT', operand: c, offset: 0 })).reduce((a, c): Expr => ({ type: 'binary', op: 'OR', left: a, right: c, offset: 0 }));
  const select: Select = {
    type: 'select',
    with: null,
    first: {
      type: 'select-core',
      distinct: false,
      columns: [{ type: 'expr', expr: { type: 'integer', text: '1', offset: 0 }, alias: null, span: '1' }],
      from: { items: [{ join: null, source: { type: 'table', name: { schema: null, name: t.name, offset: 0 }, indexedBy: null, notIndexed: false }, alias: null, on: null, using: null }] },
      where,
      groupBy: [],
      having: null,
      windows: [],
      offset: 0,
    },
    compounds: [],
    orderBy: [],
    limit: null,
    offset: 0,
    end: 0,
  };
  const b = ctx.b;
  const found = b.reg();
  const done = b.label();
  const ok = b.label();
  b.emit('Integer', 0, found);
  // The select is compiled against the altered table: the program's own schema is swapped for it.
  const own = ctx as { schema: Schema };
  const saved = own.schema;
  own.schema = schema;
  try {
    codeSelect(ctx, select, { kind: 'exists', reg: found, done }, null);
  } finally {
    own.schema = saved;
  }
  b.resolve(done);
  b.emit('IfNot', found, ok, 1);
  b.emit('Halt', 1, 2, 0, { kind: 'string', value: 'CHECK constraint failed' });
  b.resolve(ok);
}
