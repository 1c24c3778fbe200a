/**
 * Expressions → bytecode (SQLite's expr.c): {@link codeExpr} leaves a value in a register;
 * {@link codeIfTrue} / {@link codeIfFalse} jump on a condition without materializing it, the form
 * WHERE terms and CASE use.
 *
 * Value form of a comparison, as SQLite 3.40 writes it:
 * ```
 *   Integer 1 → rT;  Lt rRight +2 rLeft (P5 affinity);  ZeroOrNull rLeft rT rRight
 * ```
 * (true jumps over ZeroOrNull; false leaves 0, a NULL operand NULL).
 *
 * `x IN (list)` is the OR of `x = item` (three-valued, so NULLs come out as SQLite's IN does);
 * `x IN (SELECT …)` looks x up in an ephemeral index built once (every time when correlated).
 *
 * @module
 */
import { BINARY, collationFor, type Collation } from '../../btree/compare.js';
import type { TextEncoding } from '../../format/index.js';
import { affinityOf } from '../affinity.js';
import type { BinaryOp, Expr, FunctionCall, Select } from '../parser/ast.js';
import { decOrHexToI64 } from '../value/text-to-number.js';
import type { P4 } from '../vdbe/insn.js';
import { AFF_BLOB, AFF_REAL, JUMP_IF_NULL, NULL_EQ, type Opcode } from '../vdbe/opcodes.js';
import type { Label } from '../vdbe/program.js';
import { defaultP4 } from './alter-default.js';
import { sqlError, type Ctx } from './context.js';
import { affCode, compareAffinity, compareCollation, exprAffinity, exprCollation, exprKey, isAggregateCall, walkExpr } from './expr-info.js';
import { functionNameKnown, resolveFunction, scalarWithCollation } from './functions.js';
import { arrowCall, bindJsonSubtypes } from '../functions/json-subtype.js';
import { codeVirtualColumn } from './generated.js';
import { resolveColumn, type Scope, type Source } from './scope.js';
import { codeSubselect } from './subquery.js';
import { caseVector, codeVectorCompare, codeVectorInList, codeVectorInSelect, isVectorComparison, vectorWidth } from './row-value.js';

const COMPARE_OPS: Partial<Record<BinaryOp, Opcode>> = { '=': 'Eq', '!=': 'Ne', '<': 'Lt', '<=': 'Le', '>': 'Gt', '>=': 'Ge', IS: 'Eq', 'IS NOT': 'Ne' };
const NEGATE: Record<string, Opcode> = { Eq: 'Ne', Ne: 'Eq', Lt: 'Ge', Le: 'Gt', Gt: 'Le', Ge: 'Lt' };
const ARITH_OPS: Partial<Record<BinaryOp, Opcode>> = { '+': 'Add', '-': 'Subtract', '*': 'Multiply', '/': 'Divide', '%': 'Remainder', '||': 'Concat', '&': 'BitAnd', '|': 'BitOr', '<<': 'ShiftLeft', '>>': 'ShiftRight' };

/**
 * Text encoding of the database the statement being translated runs on: BINARY compares the stored
 * bytes, so its order differs between UTF-8, UTF-16le and UTF-16be (btree/compare.ts). Set by
 * translate() for the duration of one (synchronous) translation.
 */
let translationEncoding: TextEncoding = 1;

/** Sets the encoding collations are resolved for (translate() calls it first). */
export function setTranslationEncoding(encoding: TextEncoding): void {
  translationEncoding = encoding;
}

/** The P4 of a collation. */
export function collP4(name: string): P4 {
  const collation = collationFor(name, translationEncoding);
  if (!collation) throw sqlError(`no such collation sequence: ${name}`);
  return { kind: 'collseq', name: name.toUpperCase(), collation: collation ?? BINARY };
}

/** The collating function called `name`. @throws SqliteError "no such collation sequence". */
export function collationFn(name: string): Collation {
  const c = collationFor(name, translationEncoding);
  if (!c) throw sqlError(`no such collation sequence: ${name}`);
  return c;
}

/** Emits the read of column `column` (−1: rowid) of `source` into `target`. */
export function codeColumn(ctx: Ctx, source: Source, column: number, target: number): void {
  const b = ctx.b;
  const t = source.table;
  const name = column < 0 ? 'rowid' : source.columns[column].name;
  const comment = `r[${target}]=${source.name}.${name}`;
  if (source.regs) {
    // A row in registers (CHECK constraints, generated columns of a row being written).
    b.emit('SCopy', column < 0 || (t && column === t.rowidAlias) ? source.regs.rowid : source.regs.cols + column, target, 0, null, 0, comment);
    return;
  }
  if (source.autoIndex) {
    const pos = source.autoIndex.positions[column < 0 ? source.columns.length : column];
    b.emit('Column', source.autoIndex.cursor, pos, target, null, 0, comment);
    return;
  }
  if (!t) {
    b.emit(column < 0 ? 'Rowid' : 'Column', source.cursor, column < 0 ? target : column, column < 0 ? 0 : target, null, 0, comment);
    return;
  }
  if (column < 0 || column === t.rowidAlias) {
    if (source.covering) b.emit('IdxRowid', source.covering.cursor, target, 0, null, 0, comment);
    else b.emit('Rowid', source.cursor, target, 0, null, 0, comment);
    return;
  }
  if (source.covering && source.covering.positions[column] >= 0) {
    b.emit('Column', source.covering.cursor, source.covering.positions[column], target, null, 0, comment);
  } else if (t.columns[column].generated && !t.columns[column].generated.stored) {
    // A VIRTUAL column is not in the record: its expression over the same row (generated.ts).
    return codeVirtualColumn(ctx, source, column, target);
  } else {
    const col = t.columns[column];
    // A record written before ALTER TABLE … ADD COLUMN is shorter: Column gives the default (P4).
    b.emit('Column', source.cursor, t.recordIndex[column], target, defaultP4(col.defaultExpr, col.affinity), 0, comment);
  }
  if (t.columns[column].affinity === 'REAL') b.emit('RealAffinity', target);
}

/** Value of an integer literal: number/bigint INTEGER, or a REAL (as a non-integral marker object). */
function integerLiteral(text: string, negate: boolean): number | bigint | { real: number } {
  const isHex = /^0x/i.test(text);
  if (isHex) {
    const r = decOrHexToI64(text);
    if (r.rc === 2) throw sqlError(`hex literal too big: ${text}`);
    const v = r.value;
    if (!negate) return v;
    return typeof v === 'bigint' ? (v === -0x8000000000000000n ? { real: 9223372036854775808 } : norm(-v)) : -v + 0;
  }
  let big = BigInt(text);
  if (negate) big = -big;
  if (big > 0x7fffffffffffffffn || big < -0x8000000000000000n) return { real: negate ? -Number(text) : Number(text) };
  return norm(big);
}

function norm(b: bigint): number | bigint {
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

function emitInteger(ctx: Ctx, text: string, negate: boolean, target: number): void {
  const v = integerLiteral(text, negate);
  if (typeof v === 'object') ctx.b.emit('Real', 0, target, 0, { kind: 'real', value: v.real });
  else if (typeof v === 'number' && v >= -2147483648 && v <= 2147483647) ctx.b.emit('Integer', v, target, 0, null, 0, `r[${target}]=${v}`);
  else ctx.b.emit('Int64', 0, target, 0, { kind: 'int64', value: v });
}

/** Codes `e` into a fresh register and returns it. */
export function exprToReg(ctx: Ctx, scope: Scope, e: Expr): number {
  const r = ctx.b.reg();
  codeExpr(ctx, scope, e, r);
  return r;
}

/** Emits code leaving the value of `e` in register `target`. */
export function codeExpr(ctx: Ctx, scope: Scope, e: Expr, target: number): void {
  const b = ctx.b;
  if (scope.agg) {
    const reg = scope.agg.byNode.get(e) ?? scope.agg.byText.get(exprKey(e));
    if (reg !== undefined) {
      b.emit('SCopy', reg, target);
      return;
    }
  }
  switch (e.type) {
    case 'null':
      b.emit('Null', 0, target);
      return;
    case 'integer':
      return emitInteger(ctx, e.text, false, target);
    case 'real':
      b.emit('Real', 0, target, 0, { kind: 'real', value: Number(e.text) });
      return;
    case 'string':
      b.emit('String8', 0, target, 0, { kind: 'string', value: e.value }, 0, `r[${target}]='${e.value}'`);
      return;
    case 'blob':
      b.emit('Blob', e.hex.length / 2, target, 0, { kind: 'blob', value: Uint8Array.from(Buffer.from(e.hex, 'hex')) });
      return;
    case 'boolean':
      b.emit('Integer', e.value ? 1 : 0, target);
      return;
    case 'param':
      b.emit('Variable', e.index, target, 0, null, 0, e.name === '?' ? '' : e.name);
      return;
    case 'column':
      return codeColumnRef(ctx, scope, e, target);
    case 'unary':
      return codeUnary(ctx, scope, e.op, e.operand, target);
    case 'binary':
      if (e.op === '->' || e.op === '->>') return codeFunction(ctx, scope, arrowCall(e), target);
      return codeBinary(ctx, scope, e.op, e.left, e.right, target);
    case 'like': {
      const fn: FunctionCall = { type: 'function', name: e.op.toLowerCase(), distinct: false, star: false, args: e.escape ? [e.right, e.left, e.escape] : [e.right, e.left], orderBy: [], filter: null, over: null, offset: e.offset };
      codeFunction(ctx, scope, fn, target);
      if (e.not) b.emit('Not', target, target);
      return;
    }
    case 'between': {
      const both: Expr = { type: 'binary', op: 'AND', left: { type: 'binary', op: '>=', left: e.expr, right: e.low, offset: e.offset }, right: { type: 'binary', op: '<=', left: e.expr, right: e.high, offset: e.offset }, offset: e.offset };
      codeExpr(ctx, scope, both, target);
      if (e.not) b.emit('Not', target, target);
      return;
    }
    case 'in-list':
      return codeInList(ctx, scope, e.expr, e.list, e.not, target);
    case 'in-select':
      return codeInSelect(ctx, scope, e.expr, e.select, e.not, target);
    case 'in-table': {
      const sel: Select = { type: 'select', with: null, first: { type: 'select-core', distinct: false, columns: [{ type: 'star', offset: 0 }], from: { items: [{ join: null, source: { type: 'table', name: e.table, indexedBy: null, notIndexed: false }, alias: null, on: null, using: null }] }, where: null, groupBy: [], having: null, windows: [], offset: 0 }, compounds: [], orderBy: [], limit: null, offset: 0, end: 0 };
      return codeInSelect(ctx, scope, e.expr, sel, e.not, target);
    }
    case 'null-test': {
      const r = exprToReg(ctx, scope, e.expr);
      b.emit('Integer', 0, target);
      b.emit(e.not ? 'IsNull' : 'NotNull', r, b.addr + 2);
      b.emit('Integer', 1, target);
      return;
    }
    case 'collate':
      collP4(e.collation);
      return codeExpr(ctx, scope, e.expr, target);
    case 'cast':
      codeExpr(ctx, scope, e.expr, target);
      b.emit('Cast', target, affCode(affinityOf(e.as)));
      return;
    case 'case':
      return codeCase(ctx, scope, e, target);
    case 'function':
      return codeFunction(ctx, scope, e, target);
    case 'exists':
    case 'subquery':
      codeSubselect(ctx, scope, e.type === 'exists' ? 'exists' : 'scalar', e.select, target);
      return;
    case 'vector':
      throw sqlError('row value misused');
    case 'current-time': {
      const fn: FunctionCall = { type: 'function', name: e.which.toLowerCase(), distinct: false, star: false, args: [], orderBy: [], filter: null, over: null, offset: e.offset };
      return codeFunction(ctx, scope, fn, target);
    }
    case 'raise':
      if (ctx.raise) return ctx.raise(scope, e, target);
      throw sqlError('RAISE() may only be used within a trigger-program');
  }
}

function codeColumnRef(ctx: Ctx, scope: Scope, e: Extract<Expr, { type: 'column' }>, target: number): void {
  const r = resolveColumn(scope, e.table, e.name);
  if (r) {
    const agg = r.scope.agg;
    if (agg) {
      const reg = agg.columns.get(`${r.sourceIndex}:${r.column}`);
      if (reg !== undefined) {
        ctx.b.emit('SCopy', reg, target);
        return;
      }
    }
    // A USING column of a query with a RIGHT/FULL join reads as the coalesce of its copies (from.ts).
    const using = e.table === null ? r.source.usingExpr?.get(r.column) : undefined;
    if (using) return codeExpr(ctx, r.scope, using, target);
    codeColumn(ctx, r.source, r.column, target);
    return;
  }
  if (e.table === null) {
    for (let s: Scope | null = scope; s; s = s.parent) {
      const alias = s.resultNodes.has(e) ? undefined : s.aliases.find((a) => a.name.toLowerCase() === e.name.toLowerCase());
      if (alias && alias.expr !== e) {
        codeExpr(ctx, s, alias.expr, target);
        return;
      }
    }
    const lower = e.name.toLowerCase();
    if (e.quote === null && (lower === 'true' || lower === 'false')) {
      ctx.b.emit('Integer', lower === 'true' ? 1 : 0, target);
      return;
    }
    if (e.quote === '"') {
      ctx.b.emit('String8', 0, target, 0, { kind: 'string', value: e.name });
      return;
    }
  }
  throw sqlError(`no such column: ${e.table ? e.table + '.' : ''}${e.name}`);
}

function codeUnary(ctx: Ctx, scope: Scope, op: string, operand: Expr, target: number): void {
  const b = ctx.b;
  if (op === '-' && operand.type === 'integer') return emitInteger(ctx, operand.text, true, target);
  if (op === '-' && operand.type === 'real') {
    b.emit('Real', 0, target, 0, { kind: 'real', value: -Number(operand.text) });
    return;
  }
  if (op === '+') return codeExpr(ctx, scope, operand, target);
  const r = exprToReg(ctx, scope, operand);
  if (op === '-') {
    const zero = b.reg();
    b.emit('Integer', 0, zero);
    b.emit('Subtract', r, zero, target);
  } else if (op === '~') b.emit('BitNot', r, target);
  else b.emit('Not', r, target);
}

/** P5 and P4 of a comparison of `left` with `right`. */
export function comparisonOperands(scope: Scope, left: Expr, right: Expr): { p5: number; p4: P4 } {
  const aff = compareAffinity(exprAffinity(left, scope), exprAffinity(right, scope));
  return { p5: aff, p4: collP4(compareCollation(left, right, scope)) };
}

function codeBinary(ctx: Ctx, scope: Scope, op: BinaryOp, left: Expr, right: Expr, target: number): void {
  const b = ctx.b;
  const cmp = COMPARE_OPS[op];
  if (cmp && isVectorComparison(left, right)) return codeVectorCompare(ctx, scope, op, left, right, target);
  if (cmp) {
    const l = operandReg(ctx, scope, left);
    const r = operandReg(ctx, scope, right);
    const { p5, p4 } = comparisonOperands(scope, left, right);
    b.emit('Integer', 1, target);
    if (op === 'IS' || op === 'IS NOT') {
      b.emit(cmp, r, b.addr + 2, l, p4, p5 | NULL_EQ);
      b.emit('Integer', 0, target);
    } else {
      b.emit(cmp, r, b.addr + 2, l, p4, p5);
      b.emit('ZeroOrNull', l, target, r);
    }
    return;
  }
  if (op === 'AND' || op === 'OR') {
    const l = exprToReg(ctx, scope, left);
    const r = exprToReg(ctx, scope, right);
    b.emit(op === 'AND' ? 'And' : 'Or', l, r, target);
    return;
  }
  const arith = ARITH_OPS[op];
  if (!arith) throw sqlError(`the ${op} operator is not supported`);
  const l = operandReg(ctx, scope, left);
  const r = operandReg(ctx, scope, right);
  b.emit(arith, r, l, target);
}

/**
 * The register holding an operand of a comparison (as a value or a jump, codeCond) or arithmetic
 * operator. A literal (INTEGER, REAL, TEXT, NULL, a negated number) is loaded once, in the
 * program's prologue, as SQLite factors constants out of loops (sqlite3ExprCodeRunJustOnce:
 * `a % 100` over a table runs `Integer 100` once, not per row); equal literals share a register,
 * which nothing writes after the prologue. Anything else is coded here into a new register.
 */
function operandReg(ctx: Ctx, scope: Scope, e: Expr): number {
  const k = ctx.constants;
  const key = k !== null ? literalKey(e) : null;
  if (k === null || key === null || (scope.agg && (scope.agg.byNode.has(e) || scope.agg.byText.has(exprKey(e))))) return exprToReg(ctx, scope, e);
  let r = k.regs.get(key);
  if (r === undefined) {
    const target = ctx.b.reg();
    k.regs.set(key, target);
    k.code.push(() => codeExpr(ctx, scope, e, target));
    r = target;
  }
  return r;
}

/** A key telling literals apart by type and spelling (TEXT compared case-sensitively), or null for other expressions. */
function literalKey(e: Expr): string | null {
  switch (e.type) {
    case 'integer':
      return `i${e.text}`;
    case 'real':
      return `r${e.text}`;
    case 'string':
      return `s${e.value}`;
    case 'null':
      return 'n';
    case 'unary':
      if (e.op === '-' && (e.operand.type === 'integer' || e.operand.type === 'real')) return `-${e.operand.type[0]}${e.operand.text}`;
      return null;
    default:
      return null;
  }
}

const isLiteral = (e: Expr): boolean =>
  e.type === 'integer' || e.type === 'real' || e.type === 'string' || e.type === 'null' || (e.type === 'unary' && e.op === '-' && (e.operand.type === 'integer' || e.operand.type === 'real'));

/** True when `e` reads no column and runs no subquery (sqlite3ExprIsConstant, roughly). */
function isConstantItem(e: Expr): boolean {
  let constant = true;
  walkExpr(e, (x) => {
    if (x.type === 'column' || x.type === 'subquery' || x.type === 'exists' || (x.type === 'function' && /^(random|randomblob|changes|total_changes|last_insert_rowid)$/i.test(x.name))) constant = false;
    return constant;
  });
  return constant;
}

function codeInList(ctx: Ctx, scope: Scope, x: Expr, list: Expr[], not: boolean, target: number): void {
  const b = ctx.b;
  if (vectorWidth(x) > 1 || list.some((item) => item.type === 'vector')) return codeVectorInList(ctx, scope, x, list, not, target);
  // Not under REAL affinity: SQLite keeps an INTEGER item exact there (MEM_IntReal), so the item
  // must not be turned into a REAL before the lookup.
  if (list.length >= 3 && list.every(isLiteral) && exprAffinity(x, scope) !== AFF_REAL) return codeInConstants(ctx, scope, x, list, not, target);
  const rx = exprToReg(ctx, scope, x);
  const done = b.label();
  b.emit('Integer', 0, target);
  const t = b.reg();
  // sqlite3ExprCodeIN for a list: every item is compared under the left operand's affinity and
  // collation alone (exprINAffinity); an item's own affinity or COLLATE plays no part. The parser
  // turns `x IN (constant)` into `x = +constant` (parse.y), where the item's COLLATE does count.
  const p5 = compareAffinity(exprAffinity(x, scope), 0);
  const p4 = collP4(list.length === 1 && isConstantItem(list[0]) ? compareCollation(x, list[0], scope) : (exprCollation(x, scope)?.name ?? 'BINARY'));
  for (const item of list) {
    const ri = exprToReg(ctx, scope, item);
    b.emit('Integer', 1, t);
    b.emit('Eq', ri, b.addr + 2, rx, p4, p5);
    b.emit('ZeroOrNull', rx, t, ri);
    b.emit('Or', t, target, target);
    b.emit('If', target, done);
  }
  b.resolve(done);
  if (not) b.emit('Not', target, target);
}

/**
 * `x IN (literal, literal, …)` with three or more literals: the list goes once into an ephemeral
 * index (values under the comparison affinity, as SQLite codes constant IN lists), then x is
 * looked up like `x IN (SELECT …)`.
 */
function codeInConstants(ctx: Ctx, scope: Scope, x: Expr, list: Expr[], not: boolean, target: number): void {
  const b = ctx.b;
  const affinity = compareAffinity(exprAffinity(x, scope), 0);
  const coll = exprCollation(x, scope)?.name ?? 'BINARY';
  const cursor = b.cursor();
  const once = b.emit('Once', 0, 0);
  b.emit('OpenEphemeral', cursor, 1, 0, { kind: 'keyinfo', info: { nKeyField: 1, desc: [false], collNames: [coll], collations: [collationFn(coll)] } });
  const r = b.reg();
  const rec = b.reg();
  for (const item of list) {
    codeExpr(ctx, scope, item, r);
    b.emit('MakeRecord', r, 1, rec, affinity !== AFF_BLOB && affinity !== 0 ? { kind: 'affinity', value: String.fromCharCode(affinity) } : null);
    b.emit('IdxInsert', cursor, rec);
  }
  b.patchP2(once, b.addr);
  const rx = exprToReg(ctx, scope, x);
  codeInProbe(ctx, rx, cursor, affinity, not, target);
}

function codeInSelect(ctx: Ctx, scope: Scope, x: Expr, select: Select, not: boolean, target: number): void {
  if (vectorWidth(x) > 1) return codeVectorInSelect(ctx, scope, x, select, not, target);
  const rx = exprToReg(ctx, scope, x);
  const xAff = exprAffinity(x, scope);
  const { cursor, affinity } = codeSubselect(ctx, scope, 'in', select, 0, { affinity: xAff, collation: inSelectCollation(scope, x, select) });
  codeInProbe(ctx, rx, cursor, affinity, not, target);
}

/**
 * The collation of `x IN (select)` (sqlite3CodeRhsOfIN's KeyInfo, sqlite3BinaryCompareCollSeq): an
 * explicit COLLATE on the left, else one on the subquery's column (its head SELECT's: a compound's
 * last part), else the left's column collation; null when the subquery's column decides.
 */
export function inSelectCollation(scope: Scope, x: Expr, select: Select): string | null {
  const xc = exprCollation(x, scope);
  const head = select.compounds.length > 0 ? select.compounds[select.compounds.length - 1].select : select.first;
  const first = head.type === 'select-core' && head.columns[0]?.type === 'expr' ? head.columns[0].expr : null;
  const rightExplicit = first?.type === 'collate' ? first.collation.toUpperCase() : null;
  return xc?.explicit ? xc.name : (rightExplicit ?? xc?.name ?? null);
}

/** Looks r[rx] up in the ephemeral index `cursor`: 1, 0, or NULL as SQL's IN says (empty set: 0). */
function codeInProbe(ctx: Ctx, rx: number, cursor: number, affinity: number, not: boolean, target: number): void {
  const b = ctx.b;
  if (affinity !== AFF_BLOB && affinity !== 0) b.emit('Affinity', rx, 1, 0, { kind: 'affinity', value: String.fromCharCode(affinity) });
  const done = b.label();
  const isTrue = b.label();
  const isNull = b.label();
  b.emit('Integer', 0, target);
  b.emit('Rewind', cursor, done);
  b.emit('IsNull', rx, isNull);
  b.emit('Found', cursor, isTrue, rx, { kind: 'int', value: 1 });
  b.emit('Rewind', cursor, done);
  const first = b.reg();
  b.emit('Column', cursor, 0, first);
  b.emit('NotNull', first, done);
  b.resolve(isNull);
  b.emit('Null', 0, target);
  b.emit('Goto', 0, done);
  b.resolve(isTrue);
  b.emit('Integer', 1, target);
  b.resolve(done);
  if (not) b.emit('Not', target, target);
}

function codeCase(ctx: Ctx, scope: Scope, e: Extract<Expr, { type: 'case' }>, target: number): void {
  const b = ctx.b;
  const end = b.label();
  const operand = e.operand;
  // CASE over a row value: each WHEN is compared with it as `=` compares row values.
  const vector = operand !== null && e.whens.some((w) => isVectorComparison(operand, w.when)) ? caseVector(ctx, scope, operand) : null;
  const base = operand && !vector ? exprToReg(ctx, scope, operand) : 0;
  for (const w of e.whens) {
    const next = b.label();
    if (vector) {
      const t = b.reg();
      vector(w.when, t);
      b.emit('IfNot', t, next, 1);
    } else if (e.operand) {
      const rw = exprToReg(ctx, scope, w.when);
      const { p5, p4 } = comparisonOperands(scope, e.operand, w.when);
      b.emit('Ne', rw, next, base, p4, p5 | JUMP_IF_NULL);
    } else codeIfFalse(ctx, scope, w.when, next, true);
    codeExpr(ctx, scope, w.then, target);
    b.emit('Goto', 0, end);
    b.resolve(next);
  }
  if (e.else) codeExpr(ctx, scope, e.else, target);
  else b.emit('Null', 0, target);
  b.resolve(end);
}

/** True when `e` is an aggregate function call. */
export function isAggregate(e: FunctionCall): boolean {
  return isAggregateCall(e.name, e.args.length, e.star, (n, k) => resolveFunction(n, k)?.kind === 'aggregate');
}

function codeFunction(ctx: Ctx, scope: Scope, e: FunctionCall, target: number): void {
  const b = ctx.b;
  if (e.over !== null) throw sqlError(`misuse of window function ${e.name}()`);
  const nArg = e.star ? 0 : e.args.length;
  const f = resolveFunction(e.name, nArg);
  if (!f) {
    if (functionNameKnown(e.name)) throw sqlError(`wrong number of arguments to function ${e.name}()`);
    throw sqlError(`no such function: ${e.name}`);
  }
  if (f.kind === 'aggregate' || isAggregate(e)) throw sqlError(`misuse of aggregate function ${e.name}()`);
  const lower = e.name.toLowerCase();
  if ((lower === 'coalesce' || lower === 'ifnull') && nArg >= 2) {
    const end = b.label();
    for (let i = 0; i < nArg; i++) {
      codeExpr(ctx, scope, e.args[i], target);
      if (i < nArg - 1) b.emit('NotNull', target, end);
    }
    b.resolve(end);
    return;
  }
  const json = bindJsonSubtypes(e, f);
  const first = b.regs(Math.max(nArg, 1));
  for (let i = 0; i < nArg; i++) codeExpr(ctx, scope, e.args[i], first + i);
  const bound = scalarWithCollation(json, e.args.map((a) => exprCollation(a, scope)).find((c) => c)?.name ?? null);
  b.emit('Function', 0, first, target, { kind: 'func', func: bound }, nArg);
}

/** Jumps to `label` when `e` is true (or NULL and `jumpIfNull`). */
export function codeIfTrue(ctx: Ctx, scope: Scope, e: Expr, label: Label, jumpIfNull: boolean): void {
  codeCond(ctx, scope, e, label, jumpIfNull, true);
}

/** Jumps to `label` when `e` is false (or NULL and `jumpIfNull`). */
export function codeIfFalse(ctx: Ctx, scope: Scope, e: Expr, label: Label, jumpIfNull: boolean): void {
  codeCond(ctx, scope, e, label, jumpIfNull, false);
}

function codeCond(ctx: Ctx, scope: Scope, e: Expr, label: Label, jin: boolean, whenTrue: boolean): void {
  const b = ctx.b;
  if (scope.agg && (scope.agg.byNode.has(e) || scope.agg.byText.has(exprKey(e)))) return codeCondValue(ctx, scope, e, label, jin, whenTrue);
  if (e.type === 'binary') {
    if (e.op === 'AND' || e.op === 'OR') {
      const conj = (e.op === 'AND') !== whenTrue; // AND/false and OR/true: both sides jump to label
      if (conj) {
        codeCond(ctx, scope, e.left, label, jin, whenTrue);
        codeCond(ctx, scope, e.right, label, jin, whenTrue);
      } else {
        const skip = b.label();
        codeCond(ctx, scope, e.left, skip, !jin, !whenTrue);
        codeCond(ctx, scope, e.right, label, jin, whenTrue);
        b.resolve(skip);
      }
      return;
    }
    const cmp = COMPARE_OPS[e.op];
    if (cmp && isVectorComparison(e.left, e.right)) return codeCondValue(ctx, scope, e, label, jin, whenTrue);
    if (cmp) {
      const l = operandReg(ctx, scope, e.left);
      const r = operandReg(ctx, scope, e.right);
      const { p5, p4 } = comparisonOperands(scope, e.left, e.right);
      const opc = whenTrue ? cmp : NEGATE[cmp];
      if (e.op === 'IS' || e.op === 'IS NOT') b.emit(opc, r, label, l, p4, p5 | NULL_EQ);
      else b.emit(opc, r, label, l, p4, p5 | (jin ? JUMP_IF_NULL : 0));
      return;
    }
  }
  if (e.type === 'unary' && e.op === 'NOT') return codeCond(ctx, scope, e.operand, label, jin, !whenTrue);
  if (e.type === 'null-test') {
    const r = exprToReg(ctx, scope, e.expr);
    b.emit(e.not === whenTrue ? 'NotNull' : 'IsNull', r, label);
    return;
  }
  if (e.type === 'between' && !e.not) {
    const both: Expr = { type: 'binary', op: 'AND', left: { type: 'binary', op: '>=', left: e.expr, right: e.low, offset: e.offset }, right: { type: 'binary', op: '<=', left: e.expr, right: e.high, offset: e.offset }, offset: e.offset };
    return codeCond(ctx, scope, both, label, jin, whenTrue);
  }
  codeCondValue(ctx, scope, e, label, jin, whenTrue);
}

function codeCondValue(ctx: Ctx, scope: Scope, e: Expr, label: Label, jin: boolean, whenTrue: boolean): void {
  const r = exprToReg(ctx, scope, e);
  ctx.b.emit(whenTrue ? 'If' : 'IfNot', r, label, jin ? 1 : 0);
}
