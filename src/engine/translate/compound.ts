/**
 * Compound SELECTs: UNION ALL, UNION, INTERSECT, EXCEPT (SQLite's multiSelect), evaluated left to
 * right into one ephemeral index R whose records are the row's columns then a sequence number (so
 * that UNION ALL keeps duplicates while UNION, EXCEPT and INTERSECT test a row's presence on the
 * column prefix):
 *
 * | op        | effect on R                                                       |
 * |-----------|-------------------------------------------------------------------|
 * | UNION ALL | every row of the part inserted                                    |
 * | UNION     | R made distinct, then rows not yet present inserted               |
 * | EXCEPT    | R made distinct, then rows of the part deleted from R             |
 * | INTERSECT | R made distinct; a new R′ gets the part's rows present in R       |
 *
 * When every operator is UNION ALL, R is an ephemeral table instead (rowid = arrival order), so
 * the rows come out part by part, as SQLite emits them.
 *
 * R is then read in order (so UNION results come out sorted, as SQLite's do) through the ORDER BY
 * sorter and LIMIT/OFFSET to the destination. ORDER BY terms name result columns by number, by
 * name, or by an expression of the first SELECT.
 *
 * @module
 */
import type { Expr, Select, SelectClause } from '../parser/ast.js';
import type { KeyInfo } from '../vdbe/insn.js';
import { sqlError, type Ctx } from './context.js';
import { emitRow, type Dest } from './dest.js';
import { exprKey } from './expr-info.js';
import { collationFn } from './expr.js';
import { Scope } from './scope.js';
import { bigNullOf, codeCore, codeLimit, coreResultCollations, keyInfoFor, ordinal, type SelectInfo } from './select.js';

function setKeyInfo(info: KeyInfo, colls: string[]): void {
  info.nKeyField = colls.length + 1;
  info.desc = new Array<boolean>(colls.length + 1).fill(false);
  info.collNames = [...colls, 'BINARY'];
  info.collations = info.collNames.map((c) => collationFn(c));
}

/** Codes a compound select (see the module doc). */
export function codeCompound(ctx: Ctx, select: Select, dest: Dest, outer: Scope | null): SelectInfo {
  const b = ctx.b;
  const parts: SelectClause[] = [select.first as SelectClause, ...select.compounds.map((c) => c.select as SelectClause)];
  const ops = select.compounds.map((c) => c.op);
  const planId = ctx.plan('COMPOUND QUERY');
  const keyInfo: KeyInfo = { nKeyField: 1, desc: [], collNames: [], collations: [] };
  // Only UNION ALL: R is an ephemeral table in arrival order, so the rows come out part by part
  // in each part's own order, as SQLite streams them (an index would sort them).
  const allUnionAll = ops.every((op) => op === 'UNION ALL');
  const toR = (): Dest => (allUnionAll ? { kind: 'table', cursor: r } : { kind: 'union', cursor: r, distinct: false, partStart });
  let r = b.cursor();
  b.emit('OpenEphemeral', r, 0, 0, allUnionAll ? null : { kind: 'keyinfo', info: keyInfo });
  const partStart = b.reg();
  /** Marks the start of a SELECT's rows (see dest.ts, 'union'). */
  const newPart = (): void => void b.emit('Sequence', r, partStart);
  let distinct = ops[0] !== 'UNION ALL';
  let correlated = false;
  const first = ctx.nested(planId, () => {
    ctx.plan('LEFT-MOST SUBQUERY');
    if (allUnionAll) return codeCore(ctx, parts[0], [], null, toR(), outer);
    newPart();
    return codeCore(ctx, parts[0], [], null, { kind: 'union', cursor: r, distinct, partStart }, outer);
  });
  const n = first.columns.length;
  b.insns[b.insns.findIndex((i) => i.opcode === 'OpenEphemeral' && i.p1 === r)].p2 = n + 1;
  setKeyInfo(keyInfo, first.columns.map((c) => c.collation));
  correlated ||= first.correlated;
  const dedupe = (): void => {
    const r2 = b.cursor();
    const info2: KeyInfo = { ...keyInfo };
    b.emit('OpenEphemeral', r2, n + 1, 0, { kind: 'keyinfo', info: info2 });
    b.emit('Sequence', r2, partStart);
    const regs = b.regs(n);
    const done = b.label();
    b.emit('Rewind', r, done);
    const top = b.addr;
    const skip = b.label();
    for (let i = 0; i < n; i++) b.emit('Column', r, i, regs + i);
    emitRow(ctx, { kind: 'union', cursor: r2, distinct: true, partStart }, regs, n, [], skip);
    b.resolve(skip);
    b.emit('Next', r, top);
    b.resolve(done);
    r = r2;
    distinct = true;
  };
  ops.forEach((op, i) => {
    const part = parts[i + 1];
    const label = op === 'UNION ALL' ? 'UNION ALL' : `${op} USING TEMP B-TREE`;
    const info = ctx.nested(planId, () => {
      ctx.plan(label);
      if (op === 'UNION ALL') return codeCore(ctx, part, [], null, toR(), outer);
      if (!distinct) dedupe();
      if (op === 'UNION') {
        newPart();
        return codeCore(ctx, part, [], null, { kind: 'union', cursor: r, distinct: true, partStart }, outer);
      }
      if (op === 'EXCEPT') return codeCore(ctx, part, [], null, { kind: 'except', cursor: r }, outer);
      const r2 = b.cursor();
      b.emit('OpenEphemeral', r2, n + 1, 0, { kind: 'keyinfo', info: { ...keyInfo } });
      const res = codeCore(ctx, part, [], null, { kind: 'intersect', from: r, cursor: r2 }, outer);
      r = r2;
      return res;
    });
    if (op === 'UNION ALL') distinct = false;
    if (info.columns.length !== n) throw sqlError(`SELECTs to the left and right of ${op} do not have the same number of result columns`);
    correlated ||= info.correlated;
  });
  // Each column compares under the collation of the left-most part whose column has one
  // (SQLite's multiSelectCollSeq): `SELECT upper(x) … INTERSECT SELECT y …` with y NOCASE compares
  // under NOCASE. The KeyInfo objects of R and its copies share these arrays: set in place.
  const colls = first.columns.map((_c, i) => {
    for (const p of parts) {
      const c = coreResultCollations(p)?.[i];
      if (c) return c.name;
    }
    return 'BINARY';
  });
  colls.forEach((name, i) => {
    keyInfo.collNames[i] = name;
    keyInfo.collations[i] = collationFn(name);
  });

  // Read R back through ORDER BY and LIMIT.
  const scope = new Scope(outer);
  const end = b.label();
  const { limitReg, offsetReg } = codeLimit(ctx, scope, select.limit, end);
  const keyCols = select.orderBy.map((t, i) => {
    let e: Expr = t.expr;
    if (e.type === 'collate') e = e.expr;
    if (e.type === 'integer') {
      const k = Number(e.text);
      if (!(k >= 1 && k <= n)) throw sqlError(`${ordinal(i + 1)} ORDER BY term out of range - should be between 1 and ${n}`);
      return k - 1;
    }
    const name = e.type === 'column' ? e.name.toLowerCase() : null;
    let idx = name !== null ? first.columns.findIndex((c) => c.name.toLowerCase() === name) : -1;
    if (idx < 0) idx = first.columns.findIndex((c) => c.expr !== null && exprKey(c.expr) === exprKey(e));
    if (idx < 0) throw sqlError(`${ordinal(i + 1)} ORDER BY term does not match any column in the result set`);
    return idx;
  });
  const regs = b.regs(n);
  const loopEnd = b.label();
  let sorterCur = -1;
  if (keyCols.length) {
    sorterCur = b.cursor();
    // An explicit COLLATE, else the column's compound collation (SQLite's multiSelectOrderByKeyInfo).
    const orderColls = select.orderBy.map((t, i) => (t.expr.type === 'collate' ? t.expr.collation.toUpperCase() : colls[keyCols[i]]));
    b.emit('SorterOpen', sorterCur, keyCols.length + n, 0, { kind: 'keyinfo', info: keyInfoFor(orderColls, select.orderBy.map((t) => t.direction === 'DESC'), select.orderBy.map(bigNullOf)) });
  }
  b.emit('Rewind', r, loopEnd);
  const top = b.addr;
  const cont = b.label();
  if (sorterCur >= 0) {
    const block = b.regs(keyCols.length + n);
    for (let i = 0; i < n; i++) b.emit('Column', r, i, block + keyCols.length + i);
    keyCols.forEach((c, i) => b.emit('SCopy', block + keyCols.length + c, block + i));
    const rec = b.reg();
    b.emit('MakeRecord', block, keyCols.length + n, rec);
    b.emit('SorterInsert', sorterCur, rec);
  } else {
    for (let i = 0; i < n; i++) b.emit('Column', r, i, regs + i);
    if (offsetReg) b.emit('IfPos', offsetReg, cont, 1);
    emitRow(ctx, dest, regs, n, first.columns.map((c) => c.affinity), cont);
    if (limitReg) b.emit('DecrJumpZero', limitReg, end);
  }
  b.resolve(cont);
  b.emit('Next', r, top);
  b.resolve(loopEnd);
  if (sorterCur >= 0) {
    const pseudo = b.cursor();
    const rec = b.reg();
    b.emit('OpenPseudo', pseudo, rec, keyCols.length + n);
    b.emit('SorterSort', sorterCur, end);
    const stop = b.addr;
    const scont = b.label();
    b.emit('SorterData', sorterCur, rec, pseudo);
    for (let i = 0; i < n; i++) b.emit('Column', pseudo, keyCols.length + i, regs + i);
    if (offsetReg) b.emit('IfPos', offsetReg, scont, 1);
    emitRow(ctx, dest, regs, n, first.columns.map((c) => c.affinity), scont);
    if (limitReg) b.emit('DecrJumpZero', limitReg, end);
    b.resolve(scont);
    b.emit('SorterNext', sorterCur, stop);
  }
  b.resolve(end);
  return { columns: first.columns, correlated };
}
