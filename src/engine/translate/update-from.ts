/**
 * `UPDATE t SET … FROM …` (lang_update.html §2.2, SQLite 3.33+): the target joined with the FROM
 * sources; each target row that joins updates once.
 *
 * Two passes, as update.c does for UPDATE FROM:
 * ```
 *   pass 1  loop over  t , FROM…  WHERE …            (one join; t first, or last when FROM
 *                                                    has a RIGHT/FULL join)
 *             rowid of t already collected?  skip    (ephemeral index keyed on the rowid)
 *             SET values → record [rowid, v0, v1, …] → IdxInsert
 *   pass 2  for each record: NotExists t → skip; rewrite the row with v0, v1, … (emitUpdateRow,
 *           firing the UPDATE triggers)
 * ```
 * When several FROM rows join one target row, SQLite leaves unspecified which one supplies the
 * values; here it is the first one the join visits. The SET expressions are computed in pass 1,
 * against the rows as they were before the statement.
 *
 * @module
 */
import type { Expr, UpdateStatement } from '../parser/ast.js';
import { sqlError, type Ctx } from './context.js';
import { emitUpdateRow, openTarget, setTargets, writableTable, type UpdateTriggers } from './dml.js';
import { codeColumn, codeExpr, collationFn } from './expr.js';
import { buildFrom, hasRightJoin } from './from.js';
import { returningBegin, returningEnd } from './returning.js';
import { Scope, type Source } from './scope.js';
import { usedColumnsIn } from './used-columns.js';
import { emitLoops, exprMask, planJoin, splitAnd, type JoinPlan, type WhereTerm } from './where.js';
import type { Table } from '../schema/types.js';

/** Names of the collected record's columns: no SQL name reaches them. */
const P = '\u0001';

/** The join an UPDATE … FROM runs: its scope, the target's source, the WHERE and ON terms, the plan. */
export interface UpdateFromJoin {
  scope: Scope;
  tsrc: Source;
  terms: WhereTerm[];
  plan: JoinPlan;
}

/**
 * Joins UPDATE … FROM's target `t` with the FROM clause and plans the loops (SQLite's
 * sqlite3UpdateFrom view): the target joins the FROM clause as a whole, after it when FROM has a
 * RIGHT/FULL join (whose unmatched rows must meet every target row), else first.
 * @throws SqliteError `ambiguous column name` when a FROM source has the target's name.
 */
export function joinUpdateFrom(ctx: Ctx, st: UpdateStatement, t: Table, outer: Scope | null): UpdateFromJoin {
  const scope = new Scope(outer);
  const target = { join: null, source: { type: 'table' as const, name: { schema: null, name: t.name, offset: 0 }, indexedBy: st.indexedBy, notIndexed: st.notIndexed }, alias: st.alias, on: null, using: null };
  const from = st.from!;
  const last = hasRightJoin(from);
  const joined = { ...target, join: { kind: ',' as const, natural: false } };
  const items = last ? [...from.items, joined] : [target, ...from.items.map((it, i) => (i === 0 ? { ...it, join: { kind: ',' as const, natural: false } } : it))];
  const { terms: joinTerms, hasLeftJoin } = buildFrom(ctx, scope, { items });
  const ti = last ? scope.sources.length - 1 : 0;
  const tsrc = scope.sources[ti];
  if (scope.sources.some((s, i) => i !== ti && s.name.toLowerCase() === tsrc.name.toLowerCase())) throw sqlError(`ambiguous column name: ${tsrc.name}`);
  const terms: WhereTerm[] = [
    ...splitAnd(st.where).map((expr) => ({ expr, mask: exprMask(expr, scope), onSource: -1, coded: false })),
    ...joinTerms.flatMap((j) => splitAnd(j.expr).map((expr) => ({ expr, mask: exprMask(expr, scope), onSource: j.onSource, coded: false }))),
  ];
  // The join reads the target's rowid and what WHERE, ON and SET read (SQLite's colUsed): an index
  // holding those covers the target.
  const used = usedColumnsIn([st.where, st.from, st.set], scope);
  used[ti]?.add(-1);
  return { scope, tsrc, terms, plan: planJoin(scope, terms, used, hasLeftJoin) };
}

/**
 * Codes UPDATE … FROM (see the module doc); `outer` is a trigger body's OLD/NEW scope, `trig` the
 * UPDATE triggers that fire.
 * @throws SqliteError as UPDATE does, and for unknown FROM sources or columns.
 */
export function codeUpdateFrom(ctx: Ctx, st: UpdateStatement, outer: Scope | null, trig: UpdateTriggers): void {
  const t = writableTable(ctx, st.table.name);
  ctx.writes = true;
  const b = ctx.b;
  const sets = setTargets(t, st.set);
  const order = [...sets.keys()];
  const { scope, tsrc, terms, plan } = joinUpdateFrom(ctx, st, t, outer);
  const width = 1 + order.length;
  const eph = b.cursor();
  b.emit('OpenEphemeral', eph, width, 0, { kind: 'keyinfo', info: { nKeyField: 1, desc: [false], collNames: ['BINARY'], collations: [collationFn('BINARY')] } });
  emitLoops(ctx, scope, plan, terms, (exits) => {
    const regs = b.regs(width);
    codeColumn(ctx, tsrc, -1, regs);
    b.emit('Found', eph, exits.cont, regs, { kind: 'int', value: 1 });
    order.forEach((c, i) => codeExpr(ctx, scope, sets.get(c)!, regs + 1 + i));
    const rec = b.reg();
    b.emit('MakeRecord', regs, width, rec);
    b.emit('IdxInsert', eph, rec);
  });
  for (const s of scope.sources) {
    s.covering = null;
    s.autoIndex = null;
  }

  const w = openTarget(ctx, t);
  const ret = returningBegin(ctx, t, st.returning, st.alias, w.cur);
  const scope2 = new Scope(outer);
  scope2.sources.push({ ...tsrc, cursor: w.cur, covering: null, autoIndex: null, alsoNull: [], leftJoin: false, rightJoin: false, usingExpr: undefined });
  const values: Source = {
    name: P + 'from',
    cursor: eph,
    columns: [P + 'rowid', ...order.map((_, i) => P + i)].map((name) => ({ name, affinity: 0, collation: 'BINARY', declType: null })),
    table: null,
    covering: null,
    hidden: new Set(),
    leftJoin: false,
    alsoNull: [],
    autoIndex: null,
  };
  scope2.sources.push(values);
  const sets2 = new Map<number, Expr>(order.map((c, i) => [c, { type: 'column', schema: null, table: P + 'from', name: P + i, quote: null, offset: 0 }]));
  const end = b.label();
  const oldRowid = b.reg();
  b.emit('Rewind', eph, end);
  const top = b.addr;
  const next = b.label();
  b.emit('Column', eph, 0, oldRowid);
  b.emit('NotExists', w.cur, next, oldRowid);
  emitUpdateRow(ctx, w, scope2, sets2, oldRowid, st.or ?? 'ABORT', next, ret, trig);
  b.resolve(next);
  b.emit('Next', eph, top);
  b.resolve(end);
  if (ret) returningEnd(ctx, ret);
}
