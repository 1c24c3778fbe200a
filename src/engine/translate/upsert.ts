/**
 * UPSERT: `INSERT … ON CONFLICT [(cols) [WHERE …]] DO NOTHING | DO UPDATE SET … [WHERE …]`
 * (SQLite 3.35+ with several clauses, sqlite.org/lang_upsert.html; upsert.c).
 *
 * Each clause's target names the INTEGER PRIMARY KEY or the columns of a UNIQUE/PRIMARY KEY index
 * (same set of columns); the last clause may omit it and then covers every uniqueness
 * constraint. The targeted indexes are checked first, in clause order. On a conflict with a
 * covered constraint the first matching clause acts:
 *
 * | action     | code                                                                      |
 * |------------|---------------------------------------------------------------------------|
 * | DO NOTHING | skip the row                                                              |
 * | DO UPDATE  | seek the existing row; the proposed row becomes the `excluded` pseudo-table |
 * |            | (OpenPseudo over its record); WHERE false → skip; else UPDATE that row     |
 * |            | (ABORT on its own conflicts, counts in changes(), not last_insert_rowid;  |
 * |            | fires the table's UPDATE triggers, `triggers`)                             |
 *
 * Unqualified names in DO UPDATE refer to the target table; `excluded.x` to the proposed row.
 *
 * @module
 */
import type { Expr, UpsertClause } from '../parser/ast.js';
import type { Index, Table } from '../schema/types.js';
import type { Label } from '../vdbe/program.js';
import { sqlError, type Ctx } from './context.js';
import { emitUpdateRow, setTargets, type UpdateTriggers, type UpsertHook, type WriteTarget } from './dml.js';
import { affCode } from './expr-info.js';
import { codeExpr } from './expr.js';
import { sameExpr } from './index-key.js';
import type { Returning } from './returning.js';
import { Scope } from './scope.js';

/** One term of an ON CONFLICT target: a column (−2: an expression, `expr`) and its COLLATE, if any. */
export interface TargetTerm {
  column: number;
  expr: Expr;
  collation: string | null;
}

/**
 * The terms of `clause`'s target on `t` (which has one): columns by name, and for a table with a
 * rowid its rowid names (its INTEGER PRIMARY KEY, or −1 when it has none).
 * @throws SqliteError `no such column: x`.
 */
export function upsertTargetTerms(t: Table, clause: UpsertClause): TargetTerm[] {
  return clause.target!.columns.map((o) => {
    let e = o.expr;
    let collation: string | null = null;
    if (e.type === 'collate') {
      collation = e.collation.toUpperCase();
      e = e.expr;
    }
    let column = -2;
    if (e.type === 'column') {
      const name = e.name.toLowerCase();
      column = t.columns.findIndex((c) => c.name.toLowerCase() === name);
      const rowidName = !t.withoutRowid && ['rowid', 'oid', '_rowid_'].includes(name);
      if (column < 0 && rowidName) column = t.rowidAlias;
      if (column < 0 && !rowidName) throw sqlError(`no such column: ${e.name}`);
    }
    return { column, expr: e, collation };
  });
}

/**
 * Whether UNIQUE index `ix` is the constraint `clause`'s target (`terms`) names, as
 * sqlite3UpsertAnalyzeTarget: as many key columns as terms, each index column matched by some term
 * (a column by number, an expression by {@link sameExpr}; a term's COLLATE must name the column's
 * collation); a partial index only when the target's WHERE is the index's WHERE.
 */
export function indexMatchesTarget(ix: Index, terms: readonly TargetTerm[], clause: UpsertClause): boolean {
  if (!ix.unique || ix.columns.length !== terms.length) return false;
  if (ix.where && (!clause.target!.where || !sameExpr(clause.target!.where, ix.where))) return false;
  return ix.columns.every((c) => terms.some((x) => (x.collation === null || x.collation === c.collation.toUpperCase()) && (c.column === -2 ? x.column === -2 && sameExpr(x.expr, c.expr) : x.column === c.column)));
}

/**
 * The constraint a clause's target names: −1 the rowid, else the index position; null: any
 * (sqlite3UpsertAnalyzeTarget: {@link indexMatchesTarget}, the first index that matches).
 */
function resolveTarget(t: Table, clause: UpsertClause): number | null {
  if (!clause.target) return null;
  const terms = upsertTargetTerms(t, clause);
  if (terms.length === 1 && terms[0].column === t.rowidAlias && t.rowidAlias >= 0) return -1;
  const found = t.indexes.findIndex((ix) => indexMatchesTarget(ix, terms, clause));
  if (found < 0) throw sqlError('ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint');
  return found;
}

/** A source over `cursor` with the columns of `t`, read by position (no table): excluded.*, OLD/NEW rows. */
export function sourceOf(t: Table, name: string, cursor: number): Scope['sources'][number] {
  return {
    name,
    cursor,
    columns: t.columns.map((c) => ({ name: c.name, affinity: affCode(c.affinity), collation: c.collation, declType: c.declType })),
    table: null,
    covering: null,
    hidden: new Set(),
    leftJoin: false,
    alsoNull: [],
    autoIndex: null,
  };
}

/**
 * The uniqueness-check hook of an INSERT with ON CONFLICT clauses; the proposed row is in
 * r[cols…] with rowid r[rowid]; `alias` (`INSERT INTO t AS alias`) names the target table.
 * @throws SqliteError SQLITE_ERROR "ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE
 *   constraint", unknown columns in targets or SET.
 */
export function upsertHook(ctx: Ctx, w: WriteTarget, clauses: UpsertClause[], alias: string | null, cols: number, rowid: number, ret: Returning | null, triggers: ((setNames: string[]) => UpdateTriggers) | null = null): UpsertHook {
  const t = w.table;
  const targets = clauses.map((c) => resolveTarget(t, c));
  const sets = clauses.map((c) => (c.action.type === 'update' ? setTargets(t, c.action.set) : null));
  const first: number[] = [];
  for (const x of targets) if (x !== null && x >= 0 && !first.includes(x)) first.push(x);
  return {
    first,
    handle(which: number, other: number, skip: Label): boolean {
      const k = targets.findIndex((x) => x === which || x === null);
      if (k < 0) return false;
      const clause = clauses[k];
      const b = ctx.b;
      if (clause.action.type === 'nothing') {
        b.emit('Goto', 0, skip);
        return true;
      }
      if (which !== -1) b.emit('NotExists', w.cur, skip, other);
      // The proposed row as the `excluded` pseudo-table (the rowid in the IPK column).
      // Three last record columns repeat the rowid, so that excluded.rowid / oid / _rowid_ resolve.
      const n = t.columns.length;
      const exc = b.regs(n + 3);
      for (let i = 0; i < n; i++) {
        b.emit('SCopy', i === t.rowidAlias ? rowid : cols + i, exc + i);
        // excluded.x of a REAL column reads as a plain REAL (without Real.intReal's mark), as a column of t does.
        if (i !== t.rowidAlias && t.columns[i].affinity === 'REAL') b.emit('RealAffinity', exc + i);
      }
      for (let i = 0; i < 3; i++) b.emit('SCopy', rowid, exc + n + i);
      const rec = b.reg();
      b.emit('MakeRecord', exc, n + 3, rec);
      const pc = b.cursor();
      b.emit('OpenPseudo', pc, rec, n + 3);
      const outer = new Scope(null);
      const excluded = sourceOf(t, 'excluded', pc);
      if (!t.columns.some((c) => ['rowid', 'oid', '_rowid_'].includes(c.name.toLowerCase()))) {
        for (const alias of ['rowid', 'oid', '_rowid_']) excluded.columns.push({ name: alias, affinity: 0x44, collation: 'BINARY', declType: null });
      }
      outer.sources.push(excluded);
      const scope = new Scope(outer);
      scope.sources.push({ ...sourceOf(t, alias ?? t.name, w.cur), table: t });
      if (clause.action.where) {
        const r = b.reg();
        codeExpr(ctx, scope, clause.action.where, r);
        b.emit('IfNot', r, skip, 1);
      }
      const trig = triggers && clause.action.type === 'update' ? triggers(clause.action.set.flatMap((c) => c.columns)) : null;
      emitUpdateRow(ctx, w, scope, sets[k]!, other, 'ABORT', skip, ret, trig);
      b.emit('Goto', 0, skip);
      return true;
    },
  };
}
