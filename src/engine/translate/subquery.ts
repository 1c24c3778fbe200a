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
import { compareAffinity } from './expr-info.js';
import { collP4 } from './expr.js';
import type { Scope } from './scope.js';
import { codeSelect } from './select.js';
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
  const info = ctx.nested(planId, () => {
    if (kind === 'in') {
      cursor = b.cursor();
      openAt = b.emit('OpenEphemeral', cursor, 1, 0, { kind: 'keyinfo', info: keyInfo1(inOpts!.collation ?? 'BINARY') });
      return codeSelect(ctx, select, { kind: 'index', cursor, affinityOf: (cols) => {
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
  // No collation from the left side: the subquery column's own decides (sqlite3BinaryCompareCollSeq).
  if (kind === 'in' && inOpts!.collation === null && openAt >= 0) b.insns[openAt].p4 = { kind: 'keyinfo', info: keyInfo1(info.columns[0].collation || 'BINARY') };
  b.patchP2(once, b.addr);
  if (info.correlated) {
    b.insns[once].opcode = 'Noop';
    const line = b.plan.find((p) => p.id === planId);
    if (line) line.detail = 'CORRELATED ' + line.detail;
  }
  if (kind !== 'in') b.emit('SCopy', resReg, target);
  return { cursor, affinity };
}
