/**
 * CREATE TABLE … AS SELECT (lang_createtable.html §"CREATE TABLE ... AS SELECT Statements"), as
 * SQLite's build.c / select.c do it:
 *
 * 1. The columns are the select's result columns, named as sqlite3ColumnsFromExprList names them:
 *    the alias, else a column reference's column name, else the expression's text; TRUE/FALSE
 *    become `columnN`; a repeated name (case-insensitively) gets `:1`, `:2`, … (any `:digits`
 *    suffix of it replaced first).
 * 2. Each column's affinity is that of its expression (sqlite3ExprAffinity: a column's, a CAST's,
 *    a scalar subquery's first column's, through COLLATE and unary `+`; else none → BLOB). In a
 *    compound, the first part with an affinity gives it, and a TEXT or numeric affinity is dropped
 *    to BLOB when a later part may give numbers or text (sqlite3ExprDataType); a numeric CAST there
 *    becomes FLEXNUM ("NUM").
 * 3. The stored SQL is written, not cut (createTableStmt): `CREATE TABLE name(col TYPE,…)` with the
 *    type from the affinity (BLOB "", TEXT " TEXT", NUMERIC and FLEXNUM " NUM", INTEGER " INT",
 *    REAL " REAL"), names quoted unless plain ASCII identifiers that are not keywords; when the
 *    names are long (Σ(identLength + 5) + identLength(table) ≥ 50) each column goes on its own
 *    line: `CREATE TABLE t(\n  a INT,\n  b\n)`.
 * 4. The rows are inserted in select order with the column affinities applied (MakeRecord P4;
 *    FLEXNUM converts only TEXT, by a typeof() test).
 *
 * @module
 */
import type { CreateTableStatement, Expr, Select, SelectCore } from '../parser/ast.js';
import { KEYWORDS } from '../parser/index.js';
import { AFF_BLOB, AFF_NUMERIC, AFF_TEXT } from '../vdbe/opcodes.js';
import { Ctx } from './context.js';
import { bumpCookie, openSchema, schemaRow } from './ddl.js';
import { codeSelect, type ResultColumnInfo } from './select.js';
import { resolveFunction } from './functions.js';
import type { ScalarFunction } from '../functions/registry.js';

/** SQLITE_AFF_FLEXNUM: numeric affinity of a compound column read through a CAST. */
const AFF_FLEXNUM = 0x46;

const TYPE_OF_AFFINITY: Record<number, string> = { 0x41: '', 0x42: ' TEXT', 0x43: ' NUM', 0x44: ' INT', 0x45: ' REAL', 0x46: ' NUM' };

function utf8Length(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** identLength: bytes, plus one per `"`, plus the two quotes. */
function identLength(s: string): number {
  return utf8Length(s) + (s.match(/"/g)?.length ?? 0) + 2;
}

/** identPut: `s` bare when it is an ASCII identifier not starting with a digit and no keyword. */
export function identPut(s: string): string {
  const bare = /^[A-Za-z0-9_]+$/.test(s) && !/^[0-9]/.test(s) && !KEYWORDS.has(s.toUpperCase());
  return bare ? s : `"${s.replace(/"/g, '""')}"`;
}

/** The sqlite_schema text of a table made by CREATE TABLE … AS (see the module doc, 3). */
export function createTableStmt(name: string, columns: readonly { name: string; affinity: number }[]): string {
  const n = columns.reduce((acc, c) => acc + identLength(c.name) + 5, 0) + identLength(name);
  const [sep, sep2, end] = n < 50 ? ['', ',', ')'] : ['\n  ', ',\n  ', '\n)'];
  return `CREATE TABLE ${identPut(name)}(` + columns.map((c, i) => (i === 0 ? sep : sep2) + identPut(c.name) + TYPE_OF_AFFINITY[c.affinity]).join('') + end;
}

/** Result column names made unique as sqlite3ColumnsFromExprList does (module doc, 1). */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((raw, i) => {
    let name = /^(true|false)$/i.test(raw) ? `column${i + 1}` : raw;
    let cnt = 0;
    while (seen.has(name.toLowerCase())) {
      const suffix = /:[0-9]*$/.exec(name);
      const base = suffix && suffix.index > 0 ? name.slice(0, suffix.index) : name;
      name = `${base}:${++cnt}`;
    }
    seen.add(name.toLowerCase());
    return name;
  });
}

/**
 * A result column's name before it is made unique: the alias; else, through COLLATE, a table
 * column's name (a rowid reference takes the INTEGER PRIMARY KEY's); else the output name.
 */
function columnName(ctx: Ctx, s: Select, c: ResultColumnInfo): string {
  const first = s.first;
  const rc = first.type === 'select-core' ? first.columns.find((x) => x.type === 'expr' && x.expr === c.expr) : undefined;
  if (rc && rc.type === 'expr' && rc.alias !== null) return c.name;
  let e = c.expr;
  while (e && e.type === 'collate') e = e.expr;
  if (!e || e.type !== 'column') return c.name;
  if (e === c.expr) return c.origin ? c.origin.column : c.name;
  if (first.type !== 'select-core') return c.name;
  try {
    const one: SelectCore = { ...first, columns: [{ type: 'expr', expr: e, alias: null, span: '' }] };
    const side = new Ctx(ctx.schema);
    side.b.emit('Init', 0, 0);
    const inner = codeSelect(side, partSelect(s, one), { kind: 'output' }, null).columns[0];
    return inner.origin ? inner.origin.column : inner.name;
  } catch {
    return c.name;
  }
}

/** One part of a compound as a select of its own (keeping the WITH clause). */
function partSelect(s: Select, core: SelectCore): Select {
  return { ...s, first: core, compounds: [], orderBy: [], limit: null };
}

/** Result expressions and their affinities (0: none) of a one-part select, compiled on the side. */
function partInfo(ctx: Ctx, s: Select): { expr: Expr | null; affinity: number }[] {
  const side = new Ctx(ctx.schema);
  side.b.emit('Init', 0, 0);
  return codeSelect(side, s, { kind: 'output' }, null).columns.map((c) => {
    let affinity = c.affinity;
    if (!affinity && c.expr) affinity = subqueryAffinity(ctx, c.expr);
    return { expr: c.expr, affinity };
  });
}

/** The affinity of a scalar subquery (its first column's), through COLLATE and unary `+`; else 0. */
function subqueryAffinity(ctx: Ctx, e: Expr): number {
  if (e.type === 'collate') return subqueryAffinity(ctx, e.expr);
  if (e.type !== 'subquery') return 0;
  try {
    const s = e.select;
    return s.compounds.length ? 0 : partInfo(ctx, s)[0]?.affinity ?? 0;
  } catch {
    return 0; // correlated: no affinity known here
  }
}

/** The affinity of `e`, an expression of compound part `core` of `s`, compiled on the side. */
function affinityIn(ctx: Ctx, s: Select, core: SelectCore, e: Expr): number {
  if (core.type !== 'select-core') return 0;
  const one: SelectCore = { ...core, columns: [{ type: 'expr', expr: e, alias: null, span: '' }] };
  try {
    return partInfo(ctx, partSelect(s, one))[0]?.affinity ?? 0;
  } catch {
    return 0;
  }
}

/**
 * sqlite3ExprDataType: 1 numeric, 2 text, 4 blob, 0 NULL (as a bitmask of what `e` may give);
 * `aff` gives the affinity of a column, CAST or subquery within it.
 */
function dataType(e: Expr | null, aff: (x: Expr) => number): number {
  if (!e) return 7;
  switch (e.type) {
    case 'collate':
      return dataType(e.expr, aff);
    case 'unary':
      return e.op === '+' ? dataType(e.operand, aff) : 1;
    case 'null':
      return 0;
    case 'string':
      return 2;
    case 'blob':
      return 4;
    case 'binary':
      return e.op === '||' ? 6 : 1;
    case 'param':
    case 'function':
      return 7;
    case 'column':
    case 'subquery':
    case 'cast':
    case 'vector': {
      const a = aff(e.type === 'vector' ? e.exprs[0] : e);
      // An unresolved TRUE / FALSE is SQLite's TK_TRUEFALSE: a number.
      if (e.type === 'column' && e.table === null && /^(true|false)$/i.test(e.name) && a === 0) return 1;
      return a >= AFF_NUMERIC ? 5 : a === AFF_TEXT ? 6 : 7;
    }
    case 'case':
      return e.whens.reduce((m, w) => m | dataType(w.then, aff), e.else ? dataType(e.else, aff) : 0);
    default:
      return 1;
  }
}

/**
 * Column affinities of a compound SELECT read as a FROM subquery, CTE or view
 * (sqlite3SubqueryColumnTypes with SQLITE_AFF_NONE): the first arm's that has one, weakened to BLOB
 * as for CREATE TABLE AS, 0 (none) when no arm has one; FLEXNUM reads as NUMERIC (both compare
 * numerically). Throws when an arm cannot be compiled on its own (it reads an outer column).
 */
export function compoundSubqueryAffinities(ctx: Ctx, s: Select, n: number): number[] {
  return columnAffinities(ctx, s, n, 0).map((a) => (a === AFF_FLEXNUM ? AFF_NUMERIC : a));
}

/** The column affinities of the new table (module doc, 2); `none` for a column no arm gives one. */
function columnAffinities(ctx: Ctx, s: Select, n: number, none = AFF_BLOB): number[] {
  const cores = [s.first, ...s.compounds.map((c) => c.select)];
  const parts = cores.map((core) => partInfo(ctx, partSelect(s, core)));
  const typeOf = (k: number, i: number): number => dataType(parts[k][i]?.expr ?? null, (x) => affinityIn(ctx, s, cores[k], x));
  return Array.from({ length: n }, (_, i) => {
    let k = 0;
    let m = 0;
    let aff = parts[0][i]?.affinity ?? 0;
    while (aff < AFF_BLOB && k + 1 < parts.length) {
      m |= typeOf(k, i);
      k++;
      aff = parts[k][i]?.affinity ?? 0;
    }
    if (aff < AFF_BLOB) aff = none;
    if (aff >= AFF_TEXT && (k + 1 < parts.length || k > 0)) {
      for (let j = k + 1; j < parts.length; j++) m |= typeOf(j, i);
      if (aff === AFF_TEXT && m & 1) aff = AFF_BLOB;
      else if (aff >= AFF_NUMERIC && m & 2) aff = AFF_BLOB;
      if (aff >= AFF_NUMERIC && parts[0][i]?.expr?.type === 'cast') aff = AFF_FLEXNUM;
    }
    return aff;
  });
}

/**
 * FLEXNUM affinity on r[reg] (vdbe.c applyAffinity): TEXT that looks numeric becomes a number as
 * under NUMERIC, but a REAL stays REAL (NUMERIC would make 2.0 the integer 2).
 */
function flexnum(ctx: Ctx, reg: number): void {
  const b = ctx.b;
  const type = b.reg();
  const text = b.reg();
  const skip = b.label();
  b.emit('Function', 0, reg, type, { kind: 'func', func: resolveFunction('typeof', 1) as ScalarFunction }, 1);
  b.emit('String8', 0, text, 0, { kind: 'string', value: 'text' });
  b.emit('Ne', text, skip, type, null, 0);
  b.emit('Affinity', reg, 1, 0, { kind: 'affinity', value: String.fromCharCode(AFF_NUMERIC) });
  b.resolve(skip);
}

/**
 * CREATE TABLE `st.table` AS `st.as` (module doc); the caller has checked the name.
 * @throws SqliteError SQLITE_ERROR from compiling the select.
 */
export function codeCreateTableAs(ctx: Ctx, st: CreateTableStatement): void {
  const select = st.as!;
  const name = st.table.name;
  ctx.writes = true;
  const b = ctx.b;
  const root = b.reg();
  b.emit('CreateBtree', 0, root, 1);
  const eph = b.cursor();
  const open = b.emit('OpenEphemeral', eph, 0);
  const info = codeSelect(ctx, select, { kind: 'table', cursor: eph }, null);
  const n = info.columns.length;
  b.insns[open].p2 = n;
  const names = uniqueNames(info.columns.map((c) => columnName(ctx, select, c)));
  const affinities = columnAffinities(ctx, select, n);
  const schemaCur = openSchema(ctx);
  schemaRow(ctx, schemaCur, 'table', name, name, root, createTableStmt(name, names.map((c, i) => ({ name: c, affinity: affinities[i] }))));
  const cur = b.cursor();
  b.emit('OpenWrite', cur, root, 1, { kind: 'int', value: n }, 0, name);
  const regs = b.regs(n);
  const rec = b.reg();
  const rid = b.reg();
  const done = b.label();
  b.emit('Rewind', eph, done);
  const top = b.addr;
  for (let i = 0; i < n; i++) {
    b.emit('Column', eph, i, regs + i);
    if (affinities[i] === AFF_FLEXNUM) flexnum(ctx, regs + i);
  }
  const aff = affinities.map((a) => String.fromCharCode(a === AFF_FLEXNUM ? AFF_BLOB : a)).join('');
  b.emit('MakeRecord', regs, n, rec, { kind: 'affinity', value: aff });
  b.emit('NewRowid', cur, rid);
  b.emit('Insert', cur, rec, rid);
  b.emit('Next', eph, top);
  b.resolve(done);
  bumpCookie(ctx);
}
