/**
 * Subqueries in expressions (SQLite's sqlite3CodeSubselect / sqlite3CodeRhsOfIN):
 *
 * | kind   | result                                                                |
 * |--------|-----------------------------------------------------------------------|
 * | scalar | the first column of the first row, NULL when there is none            |
 * | exists | 1 when the subquery has a row, else 0                                 |
 * | in     | an ephemeral index holding the subquery's rows (the caller probes it) |
 *
 * The code runs under `Once` so that an uncorrelated subquery is evaluated once per statement; a
 * correlated one (it referred to an enclosing query's column, {@link Scope.outerRefs}) has its
 * Once turned into a Noop and runs every time.
 *
 * @module
 */
import { sqlError, type Ctx } from './context.js';
import { compareAffinity, headAffinities, headCollations } from './expr-info.js';
import { collP4 } from './expr.js';
import type { Scope } from './scope.js';
import { codeSelect, type SelectInfo } from './select.js';
import type { Select } from '../parser/ast.js';
import type { KeyInfo } from '../vdbe/insn.js';
import { AFF_BLOB } from '../vdbe/opcodes.js';

/** A one-field KeyInfo with collation `coll`. */
export function keyInfo1(coll: string, n = 1): KeyInfo {
  const p4 = collP4(coll);
  const c = p4 && p4.kind === 'collseq' ? p4.collation : undefined;
  return { nKeyField: n, desc: new Array<boolean>(n).fill(false), collNames: new Array<string>(n).fill(coll), collations: new Array(n).fill(c) };
}

/**
 * Codes a subquery. For 'scalar' and 'exists' the value lands in `target`; for 'in' the returned
 * cursor is the ephemeral index and `affinity` what to apply to the probed value.
 */
export function codeSubselect(
  ctx: Ctx,
  scope: Scope,
  kind: 'scalar' | 'exists' | 'in',
  select: Select,
  target: number,
  inOpts?: { affinity: number; collation: string | null },
): { cursor: number; affinity: number } {
  const b = ctx.b;
  const no = ctx.nextSubquery();
  const planId = ctx.plan(kind === 'in' ? `LIST SUBQUERY ${no}` : `SCALAR SUBQUERY ${no}`);
  const once = b.emit('Once', 0, 0);
  let cursor = 0;
  let openAt = -1;
  let affinity = AFF_BLOB;
  const resReg = b.reg();
  const records: number[] = [];
  const info = ctx.nested(planId, () => {
    if (kind === 'in') {
      cursor = b.cursor();
      openAt = b.emit('OpenEphemeral', cursor, 1, 0, { kind: 'keyinfo', info: keyInfo1(inOpts!.collation ?? 'BINARY') });
      return codeSelect(ctx, select, { kind: 'index', cursor, affinityOf: (cols) => {
        // The MakeRecord this affinity goes to is the next instruction (dest.ts emitRow).
        records.push(b.addr);
        affinity = compareAffinity(inOpts!.affinity, cols[0]);
        return String.fromCharCode(affinity === 0 ? AFF_BLOB : affinity);
      } }, scope);
    }
    const done = b.label();
    b.emit(kind === 'exists' ? 'Integer' : 'Null', 0, resReg);
    const r = codeSelect(ctx, select, kind === 'exists' ? { kind: 'exists', reg: resReg, done } : { kind: 'mem', reg: resReg, n: 1, done }, scope);
    b.resolve(done);
    return r;
  });
  if (kind !== 'exists' && info.columns.length !== 1) throw sqlError(`sub-select returns ${info.columns.length} columns - expected 1`);
  // The comparison affinity takes the head SELECT's column (a compound's last part), as SQLite's
  // exprINAffinity: every part's rows are stored under it.
  const head = headAffinities.get(select)?.[0];
  if (kind === 'in' && head !== undefined) {
    affinity = compareAffinity(inOpts!.affinity, head);
    for (const at of records) if (b.insns[at]?.opcode === 'MakeRecord') b.insns[at].p4 = { kind: 'affinity', value: String.fromCharCode(affinity === 0 ? AFF_BLOB : affinity) };
  }
  // No collation from the left side: the subquery column's own decides (sqlite3BinaryCompareCollSeq),
  // the head SELECT's (a compound's last part), as sqlite3CodeRhsOfIN's KeyInfo.
  if (kind === 'in' && inOpts!.collation === null && openAt >= 0) {
    const hc = headCollations.get(select);
    const name = hc !== undefined ? (hc[0]?.name ?? 'BINARY') : info.columns[0].collation || 'BINARY';
    b.insns[openAt].p4 = { kind: 'keyinfo', info: keyInfo1(name) };
  }
  b.patchP2(once, b.addr);
  if (info.correlated) {
    b.insns[once].opcode = 'Noop';
    const line = b.plan.find((p) => p.id === planId);
    if (line) line.detail = 'CORRELATED ' + line.detail;
  }
  if (kind !== 'in') b.emit('SCopy', resReg, target);
  return { cursor, affinity };
}

/** What {@link codeSubselectRow} and {@link codeSubselectIndex} tell: each result column's info, and whether the subquery is correlated. */
export interface SubselectRow {
  /** First of the n registers holding the row ({@link codeSubselectRow}); 0 for an index. */
  base: number;
  /** The ephemeral index holding the rows ({@link codeSubselectIndex}); 0 for a row. */
  cursor: number;
  columns: SelectInfo['columns'];
  correlated: boolean;
}

/**
 * Codes a subquery used as a row value of `n` columns (`(a, b) = (SELECT x, y …)`, sqlite3CodeSubselect
 * for a vector): the first row's columns land in n fresh registers, NULLs when there is no row.
 * @throws SqliteError "sub-select returns k columns - expected n" when the widths differ.
 */
export function codeSubselectRow(ctx: Ctx, scope: Scope, select: Select, n: number): SubselectRow {
  const b = ctx.b;
  const no = ctx.nextSubquery();
  const planId = ctx.plan(`SCALAR SUBQUERY ${no}`);
  const once = b.emit('Once', 0, 0);
  const base = b.regs(n);
  const info = ctx.nested(planId, () => {
    const done = b.label();
    b.emit('Null', 0, base, base + n - 1);
    const r = codeSelect(ctx, select, { kind: 'mem', reg: base, n, done }, scope);
    b.resolve(done);
    return r;
  });
  if (info.columns.length !== n) throw sqlError(`sub-select returns ${info.columns.length} columns - expected ${n}`);
  b.patchP2(once, b.addr);
  markCorrelated(ctx, once, planId, info.correlated);
  const head = headAffinities.get(select);
  return { base, cursor: 0, columns: head ? info.columns.map((c, i) => ({ ...c, affinity: head[i] ?? c.affinity })) : info.columns, correlated: info.correlated };
}

/**
 * Codes the right side of `(a, b, …) IN (SELECT x, y, …)` (sqlite3CodeRhsOfIN for a vector): the
 * rows go into an ephemeral index of n columns, each stored under the comparison affinity of the
 * left element's affinity (`affinities`) and the column's, each compared under the pair's
 * collation (sqlite3BinaryCompareCollSeq: the left element's explicit COLLATE, else the column's
 * explicit one, else the left element's column collation, else the column's; `collations` are the
 * left elements'). `right`, when given, stands for the subquery columns' own affinity and
 * collation (a VALUES list: its last row's, as SQLite's head SELECT gives them). Returns the index,
 * and in `columns[i]` the affinity to apply to the probe and the collation.
 * @throws SqliteError "sub-select returns k columns - expected n" when the widths differ.
 */
export function codeSubselectIndex(
  ctx: Ctx,
  scope: Scope,
  select: Select,
  affinities: readonly number[],
  collations: readonly ({ name: string; explicit: boolean } | null)[],
  right?: readonly { aff: number; coll: { name: string; explicit: boolean } | null }[],
): SubselectRow {
  const b = ctx.b;
  const n = affinities.length;
  const no = ctx.nextSubquery();
  const planId = ctx.plan(`LIST SUBQUERY ${no}`);
  const once = b.emit('Once', 0, 0);
  const cursor = b.cursor();
  const openAt = b.emit('OpenEphemeral', cursor, n, 0, null);
  let cmp: number[] = [];
  const records: number[] = [];
  const affString = (): string => cmp.map((a) => String.fromCharCode(a === 0 ? AFF_BLOB : a)).join('');
  const info = ctx.nested(planId, () =>
    codeSelect(ctx, select, {
      kind: 'index',
      cursor,
      affinityOf: (cols) => {
        records.push(b.addr);
        cmp = affinities.map((a, i) => compareAffinity(a, right ? right[i].aff : (cols[i] ?? 0)));
        return affString();
      },
    }, scope),
  );
  if (info.columns.length !== n) throw sqlError(`sub-select returns ${info.columns.length} columns - expected ${n}`);
  // As for a scalar IN: the head SELECT's columns (a compound's last part) decide the affinities.
  const head = headAffinities.get(select);
  if (!right && head) {
    cmp = affinities.map((a, i) => compareAffinity(a, head[i] ?? 0));
    for (const at of records) if (b.insns[at]?.opcode === 'MakeRecord') b.insns[at].p4 = { kind: 'affinity', value: affString() };
  }
  // The SELECT's side: its head SELECT's column (a compound's last part), as sqlite3CodeRhsOfIN.
  const headColl = headCollations.get(select);
  const names = collations.map((l, i) => {
    if (l?.explicit) return l.name;
    if (right) return right[i].coll?.explicit ? right[i].coll!.name : (l?.name ?? right[i].coll?.name ?? 'BINARY');
    const hc = headColl?.[i];
    if (hc !== undefined) return hc?.explicit ? hc.name : (l?.name ?? hc?.name ?? 'BINARY');
    const col = info.columns[i];
    if (col.expr?.type === 'collate') return col.expr.collation.toUpperCase();
    return l?.name ?? (col.collation || 'BINARY');
  });
  const ki = keyInfo1('BINARY', n);
  names.forEach((name, i) => {
    ki.collNames[i] = name;
    ki.collations[i] = keyInfo1(name).collations[0];
  });
  b.insns[openAt].p4 = { kind: 'keyinfo', info: ki };
  b.patchP2(once, b.addr);
  markCorrelated(ctx, once, planId, info.correlated);
  return { base: 0, cursor, columns: info.columns.map((c, i) => ({ ...c, affinity: cmp[i] ?? c.affinity, collation: names[i] })), correlated: info.correlated };
}

/** A correlated subquery runs every time: its Once becomes a Noop and its plan line says so. */
function markCorrelated(ctx: Ctx, once: number, planId: number, correlated: boolean): void {
  if (!correlated) return;
  ctx.b.insns[once].opcode = 'Noop';
  const line = ctx.b.plan.find((p) => p.id === planId);
  if (line) line.detail = 'CORRELATED ' + line.detail;
}
