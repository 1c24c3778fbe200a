/**
 * Bytecode of the window stages planned by window.ts. Each stage (one {@link WindowGroup}) reads a
 * sorter whose records are
 *
 * ```
 *   | sort key fields (nK) | payload (P values) | window results (R slots, NULL until computed) |
 * ```
 *
 * sort keys = PARTITION BY values, then ORDER BY values (each preceded by an `x IS NULL` flag
 * field when the term's NULLS FIRST/LAST is not the default for its direction, so that the sorter
 * puts NULLs where asked). Per stage:
 *
 * ```
 *        SorterSort S, done
 *   top: SorterData S → rec (pseudo cursor);  Column … → partition key registers
 *        new partition?  (first row, or Compare with the previous keys ≠)
 *            Gosub flush (when a partition is buffered);  keys → prev;  OpenEphemeral B (empty)
 *        NewRowid B; Insert B ← rec
 *        SorterNext S, top
 *   done: Gosub flush (when a partition is buffered)
 *   flush: AggWindow B, slot column, offsets, spec   — one per call of the stage
 *          Rewind B … Next B: each row → the next stage's sorter, or the outer stage
 *          Return
 * ```
 *
 * The outer stage reads the payload and results into registers and codes the result columns and
 * ORDER BY terms with terminals and calls mapped to them (Scope.agg), as select.ts codes the
 * output of an aggregate.
 *
 * @module
 */
import type { Expr } from '../parser/ast.js';
import type { KeyInfo } from '../vdbe/insn.js';
import type { Label } from '../vdbe/program.js';
import type { WindowSpec } from '../vdbe/window-frame.js';
import type { Ctx } from './context.js';
import { exprCollation, walkExpr } from './expr-info.js';
import { codeExpr, collationFn } from './expr.js';
import type { Scope } from './scope.js';
import { callText, nullsFirst, type WindowCall, type WindowGroup, type WindowPlan } from './window.js';

/** One sort key field of a stage: payload index, whether it is the IS NULL flag, order, collation. */
interface KeyField {
  idx: number;
  nullFlag: boolean;
  desc: boolean;
  coll: string;
}

function keyFields(g: WindowGroup, scope: Scope): KeyField[] {
  const out: KeyField[] = g.partitionBy.map((e, i) => ({ idx: g.partIdx[i], nullFlag: false, desc: false, coll: exprCollation(e, scope)?.name ?? 'BINARY' }));
  g.orderBy.forEach((t, i) => {
    const desc = t.direction === 'DESC';
    if (nullsFirst(t) === desc) out.push({ idx: g.orderIdx[i], nullFlag: true, desc, coll: 'BINARY' });
    out.push({ idx: g.orderIdx[i], nullFlag: false, desc, coll: exprCollation(t.expr, scope)?.name ?? 'BINARY' });
  });
  return out;
}

function keyInfoOf(fields: KeyField[]): KeyInfo {
  return { nKeyField: fields.length, desc: fields.map((f) => f.desc), collNames: fields.map((f) => f.coll), collations: fields.map((f) => collationFn(f.coll)) };
}

/** The first stage's sorter, which the inner stage fills: its cursor, key expressions and KeyInfo. */
export interface FirstSorter {
  cur: number;
  keys: Expr[];
  keyInfo: KeyInfo;
  /** The inner stage's row: the payload, then a NULL per window result. */
  results: { expr: Expr }[];
}

/** Opens the first stage's sorter (SorterOpen) and describes the rows the inner stage sends it. */
export function openFirstSorter(ctx: Ctx, scope: Scope, plan: WindowPlan): FirstSorter {
  const fields = keyFields(plan.groups[0], scope);
  const keys: Expr[] = fields.map((f) => {
    const e = plan.payload[f.idx];
    return f.nullFlag ? { type: 'null-test', not: false, expr: e, offset: 0 } : e;
  });
  const results = [...plan.payload.map((expr) => ({ expr })), ...plan.calls.map(() => ({ expr: { type: 'null', offset: 0 } as Expr }))];
  const cur = ctx.b.cursor();
  const keyInfo = keyInfoOf(fields);
  ctx.b.emit('SorterOpen', cur, fields.length + results.length, 0, { kind: 'keyinfo', info: keyInfo });
  return { cur, keys, keyInfo, results };
}

/**
 * Emits every window stage after the inner stage filled `first`; `output(cont)` codes the outer
 * stage for one row whose terminals and window calls are mapped in `scope.agg` (it continues at
 * `cont`).
 */
export function emitWindowStages(ctx: Ctx, scope: Scope, plan: WindowPlan, first: FirstSorter, output: (cont: Label) => void): void {
  const b = ctx.b;
  const nP = plan.payload.length;
  const nR = plan.calls.length;
  let sorter = first.cur;
  plan.groups.forEach((g, gi) => {
    const fields = keyFields(g, scope);
    const nK = fields.length;
    const width = nK + nP + nR;
    const nPart = g.partitionBy.length;
    const partInfo = keyInfoOf(fields.slice(0, nPart));
    // Frame offsets: evaluated once; a non-constant one is NULL (an error once a partition exists).
    const offsets = g.calls.map((c) => {
      const r = b.regs(2);
      [c.window.startExpr, c.window.endExpr].forEach((e, i) => {
        if (e && isConstant(e)) codeExpr(ctx, scope, e, r + i);
        else b.emit('Null', 0, r + i);
      });
      return r;
    });
    const buf = b.cursor();
    const pseudo = b.cursor();
    const rec = b.reg();
    const prev = b.regs(Math.max(nPart, 1));
    const cur = b.regs(Math.max(nPart, 1));
    const hasPart = b.reg();
    const flushReg = b.reg();
    const flush = b.label();
    const done = b.label();
    const stageEnd = b.label();
    const nextGroup = plan.groups[gi + 1];
    const nextFields = nextGroup ? keyFields(nextGroup, scope) : [];
    const nextCur = nextGroup ? b.cursor() : -1;
    if (nextGroup) b.emit('SorterOpen', nextCur, nextFields.length + nP + nR, 0, { kind: 'keyinfo', info: keyInfoOf(nextFields) });
    b.emit('Integer', 0, hasPart);
    b.emit('OpenPseudo', pseudo, rec, width);
    b.emit('SorterSort', sorter, done);
    const top = b.addr;
    b.emit('SorterData', sorter, rec, pseudo);
    const same = b.label();
    const newPart = b.label();
    if (nPart > 0) {
      for (let i = 0; i < nPart; i++) b.emit('Column', pseudo, i, cur + i);
      b.emit('IfNot', hasPart, newPart);
      b.emit('Compare', prev, cur, nPart, { kind: 'keyinfo', info: partInfo });
      b.emit('Jump', newPart, same, newPart);
    } else b.emit('If', hasPart, same);
    b.resolve(newPart);
    const noFlush = b.label();
    b.emit('IfNot', hasPart, noFlush);
    b.emit('Gosub', flushReg, flush);
    b.resolve(noFlush);
    if (nPart > 0) b.emit('Copy', cur, prev, nPart - 1);
    b.emit('OpenEphemeral', buf, width, 0, null, 0, 'partition buffer');
    b.emit('Integer', 1, hasPart);
    b.resolve(same);
    const rid = b.reg();
    b.emit('NewRowid', buf, rid);
    b.emit('Insert', buf, rec, rid);
    b.emit('SorterNext', sorter, top);
    b.resolve(done);
    b.emit('IfNot', hasPart, stageEnd);
    b.emit('Gosub', flushReg, flush);
    b.emit('Goto', 0, stageEnd);

    // flush: compute the calls over the buffered partition, then pass its rows on.
    b.resolve(flush);
    g.calls.forEach((c, i) => b.emit('AggWindow', buf, nK + nP + c.slot, offsets[i], { kind: 'window', spec: specOf(c, g, nK, scope) }));
    const flushDone = b.label();
    const next = b.label();
    b.emit('Rewind', buf, flushDone);
    const loop = b.addr;
    if (nextGroup) emitPassOn(ctx, buf, nK, nP + nR, nextFields, nextCur);
    else emitOuter(ctx, scope, plan, buf, nK, () => output(next));
    b.resolve(next);
    b.emit('Next', buf, loop);
    b.resolve(flushDone);
    b.emit('Return', flushReg);
    b.resolve(stageEnd);
    sorter = nextCur;
  });
}

/**
 * EXPLAIN QUERY PLAN lines of the window stages, as SQLite shows its rewrite (window.c): one
 * `CO-ROUTINE (subquery-N)` per stage, nested, the stage computed first deepest and holding the
 * inner stage's lines; `finish()` then adds, level by level outwards, `SCAN (subquery-N)` of the
 * level below and `USE TEMP B-TREE FOR ORDER BY` for a stage that sorts (it has PARTITION BY or
 * ORDER BY). `inner` is the plan line the inner stage's lines go under.
 */
export function planWindowLines(ctx: Ctx, plan: WindowPlan): { inner: number; finish: () => void } {
  const n = plan.groups.length;
  const names: string[] = [];
  const ids: number[] = [];
  let parent = ctx.planParent;
  for (let k = n - 1; k >= 0; k--) {
    // SQLite numbers the rewritten selects after the statement's own (subquery-2 for the first).
    names[k] = `(subquery-${ctx.nextSubquery() + 1})`;
    ids[k] = ctx.nested(parent, () => ctx.plan(`CO-ROUTINE ${names[k]}`));
    parent = ids[k];
  }
  const sorts = (g: WindowGroup): boolean => g.partitionBy.length + g.orderBy.length > 0;
  const finish = (): void => {
    if (sorts(plan.groups[0])) ctx.nested(ids[0], () => ctx.plan('USE TEMP B-TREE FOR ORDER BY'));
    for (let k = 1; k < n; k++) {
      ctx.nested(ids[k], () => {
        ctx.plan(`SCAN ${names[k - 1]}`);
        if (sorts(plan.groups[k])) ctx.plan('USE TEMP B-TREE FOR ORDER BY');
      });
    }
    ctx.plan(`SCAN ${names[n - 1]}`);
  };
  return { inner: ids[0], finish };
}

/** AggWindow's P4 for call `c` of stage `g` whose records start with `nK` key fields. */
function specOf(c: WindowCall, g: WindowGroup, nK: number, scope: Scope): WindowSpec {
  const coll = (e: Expr): string => exprCollation(e, scope)?.name ?? 'BINARY';
  return {
    func: c.func,
    nArg: c.nArg,
    argCol: nK + c.argIdx,
    filterCol: c.filterIdx < 0 ? -1 : nK + c.filterIdx,
    orderCols: g.orderIdx.map((x) => nK + x),
    order: g.orderBy.map((t) => ({ collation: collationFn(coll(t.expr)), desc: t.direction === 'DESC', nullsFirst: nullsFirst(t) })),
    units: c.window.units,
    start: c.window.start,
    end: c.window.end,
    exclude: c.window.exclude,
    argCollation: collationFn(c.call.args.map((a) => exprCollation(a, scope)?.name).find((x) => x) ?? 'BINARY'),
    text: callText(c),
  };
}

/** The current buffer row (payload and results: `n` columns after `nK` keys) into the next stage's sorter. */
function emitPassOn(ctx: Ctx, buf: number, nK: number, n: number, next: KeyField[], nextCur: number): void {
  const b = ctx.b;
  const block = b.regs(next.length + n);
  const body = block + next.length;
  for (let i = 0; i < n; i++) b.emit('Column', buf, nK + i, body + i);
  next.forEach((f, i) => {
    if (!f.nullFlag) return b.emit('SCopy', body + f.idx, block + i);
    const notNull = b.label();
    b.emit('Integer', 0, block + i);
    b.emit('NotNull', body + f.idx, notNull);
    b.emit('Integer', 1, block + i);
    b.resolve(notNull);
  });
  const out = b.reg();
  b.emit('MakeRecord', block, next.length + n, out);
  b.emit('SorterInsert', nextCur, out);
}

/** The current buffer row to the outer stage: terminals and results in registers, mapped in Scope.agg. */
function emitOuter(ctx: Ctx, scope: Scope, plan: WindowPlan, buf: number, nK: number, output: () => void): void {
  const b = ctx.b;
  const nP = plan.payload.length;
  const base = b.regs(nP + plan.calls.length);
  for (let i = 0; i < nP + plan.calls.length; i++) b.emit('Column', buf, nK + i, base + i);
  const byNode = new Map<Expr, number>();
  for (const [node, idx] of plan.terminals) byNode.set(node, base + idx);
  for (const c of plan.calls) byNode.set(c.call, base + nP + c.slot);
  scope.agg = { byNode, byText: new Map(), columns: new Map(), active: true };
  output();
  scope.agg = null;
}

/** True when `e` reads no column (a frame offset must be constant). */
function isConstant(e: Expr): boolean {
  let ok = true;
  walkExpr(e, (x) => {
    if (x.type === 'column') ok = false;
    return ok;
  });
  return ok;
}
