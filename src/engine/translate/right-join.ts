/**
 * The loop nest of a query with a RIGHT or FULL OUTER JOIN (SQLite 3.39's design, where.c
 * "RIGHT JOIN" / sqlite3WhereRightJoinLoop): sources in FROM order, and for every right-join
 * level a match set and a subroutine holding the levels inside it and the body.
 *
 * ```
 *   level i (b RIGHT JOIN / FULL JOIN)      after every level has closed:
 *     open b's loop                            for each right-join level i, outermost first:
 *       ON terms of b → next b                   NullRow every source before i
 *       key of b → match set (IdxInsert)         for each row of b: key in match set? skip
 *     matched:                                     Gosub SUB_i
 *       [FULL: left-join flag = 1]
 *       Gosub SUB_i;  Goto next b
 *     SUB_i:  inner levels, deferred WHERE, body;  Return
 *     next b: Next …  [FULL: no match → NullRow b, Goto matched]
 * ```
 *
 * Invariants:
 * 1. Every ON / USING term belongs to its join's level (from.ts gives even inner joins an
 *    `onSource` when the query has a RIGHT/FULL join) and is tested there.
 * 2. WHERE terms are tested only after the innermost level (inside every subroutine), never
 *    earlier: a WHERE term tested on the left of a RIGHT JOIN would change which right rows count
 *    as unmatched (SQLite defers them likewise, tag-20220513a). They do not drive access paths
 *    either (where.ts planJoin).
 * 3. A right-join source is read through its own cursor only (no covering or automatic index), so
 *    that the unmatched-row scan can position it for the subroutine's code; its match key is the
 *    rowid, or every column for a WITHOUT ROWID table.
 * 4. Outer passes run first: a later right join's match set must see the rows the earlier
 *    passes produce.
 * 5. A right join inside a parenthesized group after other sources (`c, (a RIGHT JOIN b …)`)
 *    matches within the group only (Source.rightScope = the group's first level g): its match set
 *    is opened afresh before level g opens, its unmatched pass runs right after level g closes
 *    (inside the loops of the sources before the group) and NULLs levels g … i−1 only.
 *
 * @module
 */
import type { Ctx } from './context.js';
import { codeColumn, codeIfFalse, collationFn } from './expr.js';
import type { Label } from '../vdbe/program.js';
import type { Scope, Source } from './scope.js';
import { openPath, planText, type AccessPath, type JoinPlan, type LoopExits, type WhereTerm } from './where.js';

interface Level {
  si: number;
  cont: Label;
  brk: Label;
  end: () => void;
  matchReg: number;
  matched: Label;
  right: { set: number; ret: number; sub: Label; subEnd: Label } | null;
}

/** Invariant 3: the path a right-join source may use. */
function rightPath(src: Source, p: AccessPath): AccessPath {
  if (src.table?.withoutRowid || p.kind === 'auto-index') return { kind: 'scan', rows: p.rows, cost: p.cost };
  if (p.kind === 'index' && p.covering) return { ...p, covering: false };
  return p;
}

/** Codes the match key of the right-join source into fresh registers; returns [first, count]. */
function matchKey(ctx: Ctx, src: Source): [number, number] {
  const b = ctx.b;
  if (src.table?.withoutRowid) {
    const n = src.columns.length;
    const regs = b.regs(n);
    for (let c = 0; c < n; c++) codeColumn(ctx, src, c, regs + c);
    return [regs, n];
  }
  const r = b.reg();
  codeColumn(ctx, src, -1, r);
  return [r, 1];
}

/**
 * Emits the loop nest of `plan` (FROM order) for a query with RIGHT/FULL joins around `body`
 * (see the module doc); the contract is {@link import('./where.js').emitLoops}'s.
 */
export function emitRightJoinLoops(ctx: Ctx, scope: Scope, plan: JoinPlan, terms: WhereTerm[], body: (exits: LoopExits) => void): void {
  const b = ctx.b;
  const outerBreak = b.label();
  for (const t of terms) {
    if (t.mask === 0n && t.onSource < 0) {
      codeIfFalse(ctx, scope, t.expr, outerBreak, true);
      t.coded = true;
    }
  }
  // The match sets, empty at each run of the nest (a correlated subquery runs it many times) or,
  // for a right join in a group, at each entry into the group's first level (invariant 5).
  const sets = new Map<number, number>();
  for (const si of plan.order) if (scope.sources[si].rightJoin) sets.set(si, b.cursor());
  const openSets = (scopeLevel: number): void => {
    for (const [si, set] of sets) {
      const src = scope.sources[si];
      if ((src.rightScope ?? 0) !== scopeLevel) continue;
      const nKey = src.table?.withoutRowid ? src.columns.length : 1;
      b.emit('OpenEphemeral', set, nKey, 0, { kind: 'keyinfo', info: { nKeyField: nKey, desc: new Array<boolean>(nKey).fill(false), collNames: new Array<string>(nKey).fill('BINARY'), collations: new Array(nKey).fill(collationFn('BINARY')) } });
    }
  };
  openSets(0);
  const levels: Level[] = [];
  let avail = 0n;
  plan.order.forEach((si, i) => {
    const src = scope.sources[si];
    if (i > 0) openSets(i);
    const path = src.rightJoin ? rightPath(src, plan.paths[i]) : plan.paths[i];
    ctx.plan(planText(src, path));
    const lvl: Level = { si, cont: b.label(), brk: b.label(), end: () => {}, matchReg: 0, matched: b.label(), right: null };
    const set = sets.get(si);
    if (set !== undefined) lvl.right = { set, ret: b.reg(), sub: b.label(), subEnd: b.label() };
    if (src.leftJoin) {
      lvl.matchReg = b.reg();
      b.emit('Integer', 0, lvl.matchReg);
    }
    lvl.end = openPath(ctx, scope, src, path, lvl.cont, lvl.brk);
    avail |= 1n << BigInt(si);
    for (const t of terms) {
      if (!t.coded && t.onSource === si && (t.mask & ~avail) === 0n) {
        codeIfFalse(ctx, scope, t.expr, lvl.cont, true);
        t.coded = true;
      }
    }
    if (lvl.right) {
      const [key, n] = matchKey(ctx, src);
      const seen = b.label();
      b.emit('Found', lvl.right.set, seen, key, { kind: 'int', value: n });
      const rec = b.reg();
      b.emit('MakeRecord', key, n, rec);
      b.emit('IdxInsert', lvl.right.set, rec);
      b.resolve(seen);
    }
    b.resolve(lvl.matched);
    if (src.leftJoin) b.emit('Integer', 1, lvl.matchReg);
    if (lvl.right) {
      b.emit('Gosub', lvl.right.ret, lvl.right.sub);
      b.emit('Goto', 0, lvl.cont);
      b.resolve(lvl.right.sub);
    }
    levels.push(lvl);
  });
  const last = levels[levels.length - 1];
  const innerCont = last.right ? last.right.subEnd : last.cont;
  // Invariant 2.
  for (const t of terms) if (!t.coded) codeIfFalse(ctx, scope, t.expr, innerCont, true);
  body({ cont: innerCont, brk: outerBreak });
  for (let i = levels.length - 1; i >= 0; i--) {
    const lvl = levels[i];
    if (lvl.right) {
      b.resolve(lvl.right.subEnd);
      b.emit('Return', lvl.right.ret);
    }
    b.resolve(lvl.cont);
    lvl.end();
    b.resolve(lvl.brk);
    const src = scope.sources[lvl.si];
    if (src.leftJoin) {
      const after = b.label();
      b.emit('IfPos', lvl.matchReg, after, 0);
      nullRow(ctx, src);
      b.emit('Goto', 0, lvl.matched);
      b.resolve(after);
    }
    if (i > 0) unmatched(i);
  }
  unmatched(0);
  b.resolve(outerBreak);

  /** Invariant 4: the unmatched rows of each right-join source whose match scope starts at level `from`, outermost first. */
  function unmatched(from: number): void {
    levels.forEach((lvl, i) => {
      if (lvl.right && (scope.sources[lvl.si].rightScope ?? 0) === from) unmatchedPass(lvl, i, from);
    });
  }

  function unmatchedPass(lvl: Level, i: number, from: number): void {
    if (!lvl.right) return;
    const src = scope.sources[lvl.si];
    for (let j = from; j < i; j++) nullRow(ctx, scope.sources[levels[j].si]);
    const id = ctx.plan(`RIGHT-JOIN ${src.name}`);
    ctx.nested(id, () => ctx.plan(`SCAN ${src.name}`));
    const done = b.label();
    const next = b.label();
    b.emit('Rewind', src.cursor, done);
    const top = b.addr;
    const [key, n] = matchKey(ctx, src);
    b.emit('Found', lvl.right.set, next, key, { kind: 'int', value: n });
    b.emit('Gosub', lvl.right.ret, lvl.right.sub);
    b.resolve(next);
    b.emit('Next', src.cursor, top);
    b.resolve(done);
  }
}

function nullRow(ctx: Ctx, src: Source): void {
  ctx.b.emit('NullRow', src.cursor);
  for (const c of src.alsoNull) ctx.b.emit('NullRow', c);
}
