/**
 * Writing and deleting one row of a WITHOUT ROWID table (SQLite's insert.c / delete.c with
 * HasRowid false): the table is an index b-tree keyed by its PRIMARY KEY (fileformat2 §2.6).
 *
 * | tree            | entry (record fields)                                               |
 * |-----------------|---------------------------------------------------------------------|
 * | the table       | PK columns in key order, then the other stored columns in table order |
 * | secondary index | the index's columns, then the PK columns not already among them     |
 *
 * Invariants:
 * 1. A PK column "already among" an index's columns is the same column with the same collation
 *    (build.c isDupColumn); the appended PK columns keep their collation, and their order in a
 *    CREATE INDEX index (sqlite3CreateIndex), but sort ASC in a UNIQUE constraint's automatic
 *    index, made before the table knew it had no rowid (convertToWithoutRowidTable, bAscKeyBug).
 * 2. The table tree never holds two entries with equal PK: a new row is inserted only after the
 *    PK check passed or its conflicting row was deleted, and an UPDATE deletes the old entry
 *    before inserting the new one (IdxInsert compares whole records).
 * 3. The uniqueness checks run in SQLite's Table.pIndex order: each index (the PK among them,
 *    made when its constraint is parsed, an INTEGER PRIMARY KEY last) goes to the head of the list
 *    when made, but a REPLACE index after the last non-REPLACE one (sqlite3CreateIndex).
 * 4. The row's change is counted by the table's IdxInsert (P5 OPFLAG_NCHANGE), or by the IdxDelete
 *    of a DELETE; last_insert_rowid() never changes.
 *
 * @module
 */
import type { ConflictResolution } from '../parser/ast.js';
import type { Index, IndexColumn, Table } from '../schema/types.js';
import type { KeyInfo } from '../vdbe/insn.js';
import type { Label } from '../vdbe/program.js';
import { defaultP4 } from './alter-default.js';
import { codeChecks } from './check.js';
import type { Ctx } from './context.js';
import { affCode } from './expr-info.js';
import { codeExpr, collP4 } from './expr.js';
import { computeGenerated, isVirtual } from './generated.js';
import { codeIndexKey, uniqueIndexMessage } from './index-key.js';
import { returningRow, type Returning } from './returning.js';
import { Scope } from './scope.js';
import { inTrigger } from './trigger.js';
import { indexKeyInfo, primaryKeyIndex } from './where.js';
import type { WorUpsert } from './wor-upsert.js';
import type { TriggerShape } from './trigger.js';
import { fkChildCheck, fkInvolved, fkParentCheck } from './check-fk.js';
import { fireFkActions } from './dml.js';
import { OPFLAG_TOTAL_ONLY } from '../vdbe/opcodes.js';

const OPFLAG_NCHANGE = 0x01;

/** A WITHOUT ROWID table open for writing: its cursor and its indexes' (in `table.indexes` order). */
export interface WorTarget {
  table: Table;
  pk: Index;
  cur: number;
  idxCurs: number[];
}

/** The PK columns a secondary index's entries end with (invariant 1). */
export function pkTailOf(pk: Index, ix: Index): IndexColumn[] {
  const same = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase();
  return pk.columns.filter((p) => !ix.columns.some((c) => c.column === p.column && same(c.collation, p.collation))).map((p) => ({ ...p, desc: ix.origin === 'c' && p.desc }));
}

/** KeyInfo of a secondary index of a WITHOUT ROWID table: its columns, then its PK tail. */
export function worIndexKeyInfo(pk: Index, ix: Index): KeyInfo {
  return indexKeyInfo({ ...ix, columns: [...ix.columns, ...pkTailOf(pk, ix)] });
}

/** KeyInfo of the table's own tree: the PK columns, then the other columns (BINARY, ASC). */
function tableKeyInfo(t: Table, pk: Index): KeyInfo {
  const others = t.columns.length - pk.columns.length;
  const rest = Array.from({ length: Math.max(0, others) }, () => ({ column: 0, expr: null, desc: false, collation: 'BINARY' }));
  return { ...indexKeyInfo({ ...pk, columns: [...pk.columns, ...rest] }), nKeyField: pk.columns.length };
}

/** Opens `t` and its indexes with OpenWrite (indexes newest first, as dml.ts does). */
export function openWorTarget(ctx: Ctx, t: Table): WorTarget {
  const b = ctx.b;
  const pk = primaryKeyIndex(t);
  const cur = b.cursor();
  b.emit('OpenWrite', cur, t.rootPage, 0, { kind: 'keyinfo', info: tableKeyInfo(t, pk) }, 0, t.name);
  const idxCurs = new Array<number>(t.indexes.length).fill(-1);
  for (let i = t.indexes.length - 1; i >= 0; i--) {
    const c = b.cursor();
    b.emit('OpenWrite', c, t.indexes[i].rootPage, 0, { kind: 'keyinfo', info: worIndexKeyInfo(pk, t.indexes[i]) }, 0, t.indexes[i].name);
    idxCurs[i] = c;
  }
  return { table: t, pk, cur, idxCurs };
}

/** An ephemeral index keyed like the table's PK (DELETE/UPDATE collect the keys they visit there). */
export function pkKeyInfo(w: { table: Table }): KeyInfo {
  return indexKeyInfo(primaryKeyIndex(w.table));
}

/** Reads the row the table cursor is on into r[cols…] (generated columns computed). */
export function readWorRow(ctx: Ctx, w: WorTarget, cols: number): void {
  const b = ctx.b;
  const t = w.table;
  t.columns.forEach((c, i) => {
    if (isVirtual(t, i)) return;
    b.emit('Column', w.cur, t.recordIndex[i], cols + i, defaultP4(c.defaultExpr, c.affinity));
    if (c.affinity === 'REAL') b.emit('RealAffinity', cols + i);
  });
  computeGenerated(ctx, t, cols, nullReg(ctx), true);
}

function nullReg(ctx: Ctx): number {
  const r = ctx.b.reg();
  ctx.b.emit('Null', 0, r);
  return r;
}

/** Copies the PK of the row in r[cols…] into new registers (key order); returns the first. */
export function pkRegs(ctx: Ctx, w: WorTarget, cols: number): number {
  const r = ctx.b.regs(w.pk.columns.length);
  w.pk.columns.forEach((c, k) => ctx.b.emit('SCopy', cols + c.column, r + k));
  return r;
}

/**
 * Codes the entry of secondary index `i` for the row in r[cols…] (columns then PK tail) into new
 * registers; returns the first and the width. A partial index's row outside it jumps to `skip`.
 */
function indexEntry(ctx: Ctx, w: WorTarget, i: number, cols: number, skip: Label | null): { regs: number; n: number } {
  const b = ctx.b;
  const ix = w.table.indexes[i];
  const tail = pkTailOf(w.pk, ix);
  const n = ix.columns.length;
  const keys = codeIndexKey(ctx, w.table, ix, cols, nullReg(ctx), skip);
  const regs = b.regs(n + tail.length);
  b.emit('Copy', keys, regs, n - 1);
  tail.forEach((c, k) => b.emit('SCopy', cols + c.column, regs + n + k));
  return { regs, n: n + tail.length };
}

/** The change flags of a counted write: a trigger body's count only the total (OPFLAG_TOTAL_ONLY). */
function countFlags(ctx: Ctx): number {
  return inTrigger(ctx) ? OPFLAG_TOTAL_ONLY : OPFLAG_NCHANGE;
}

/**
 * Deletes the row the table cursor is on: its index entries (newest index first), then the table
 * entry by its PK; counted when `count` (invariant 4).
 */
export function deleteWorRow(ctx: Ctx, w: WorTarget, count: boolean): void {
  const b = ctx.b;
  const cols = b.regs(w.table.columns.length);
  readWorRow(ctx, w, cols);
  const fk = fkInvolved(ctx, w.table);
  const noRowid = fk ? nullReg(ctx) : 0;
  if (fk) {
    // Foreign keys (check-fk.ts invariant 2): checked before the row goes, actions after.
    fkChildCheck(ctx, w.table, cols, noRowid, -1);
    fkParentCheck(ctx, w.table, cols, noRowid, 1, 'DELETE');
  }
  for (let i = w.table.indexes.length - 1; i >= 0; i--) {
    const outside = w.table.indexes[i].where ? b.label() : null;
    const e = indexEntry(ctx, w, i, cols, outside);
    b.emit('IdxDelete', w.idxCurs[i], e.regs, e.n);
    if (outside) b.resolve(outside);
  }
  b.emit('IdxDelete', w.cur, pkRegs(ctx, w, cols), w.pk.columns.length, null, count ? countFlags(ctx) : 0);
  if (fk) fireFkActions(ctx, w.table, 'DELETE', { cols, rowid: noRowid }, null, null);
}

/** The uniqueness checks in SQLite's order (invariant 3): −1 the PK, else a position in `indexes`. */
function checkOrder(w: WorTarget): number[] {
  return indexOrder(w.table, w.pk);
}

/**
 * The indexes of WITHOUT ROWID table `t` in SQLite's Table.pIndex order (invariant 3), its PRIMARY
 * KEY among them: the order PRAGMA index_list lists them in.
 */
export function worIndexList(t: Table): Index[] {
  const pk = primaryKeyIndex(t);
  return indexOrder(t, pk).map((k) => (k < 0 ? pk : t.indexes[k]));
}

function indexOrder(t: Table, pk: Index): number[] {
  const num = (name: string): number => Number(/_(\d+)$/.exec(name)?.[1] ?? 0);
  const pkNum = num(pk.name);
  const made: number[] = [];
  let pkPlaced = false;
  t.indexes.forEach((ix, i) => {
    if (!pkPlaced && (ix.origin === 'c' || num(ix.name) > pkNum)) {
      made.push(-1);
      pkPlaced = true;
    }
    made.push(i);
  });
  if (!pkPlaced) made.push(-1);
  const replace = (k: number): boolean => (k < 0 ? pk.onConflict : t.indexes[k].onConflict) === 'REPLACE';
  const list: number[] = [];
  for (const k of made) {
    if (!replace(k) || list.length === 0 || replace(list[0])) list.unshift(k);
    else {
      let at = 0;
      while (at + 1 < list.length && !replace(list[at + 1])) at++;
      list.splice(at + 1, 0, k);
    }
  }
  return list;
}

/** P2 of a constraint's Halt: OE_Rollback 1, OE_Fail 3, else OE_Abort 2. */
function haltAction(oc: ConflictResolution): number {
  return oc === 'ROLLBACK' ? 1 : oc === 'FAIL' ? 3 : 2;
}

/** The old row of an UPDATE: its values and PK registers, and which columns and indexes change. */
export interface WorOldRow {
  cols: number;
  pk: number;
  pkChanged: boolean;
  changed: (i: number) => boolean;
  affected: (i: number) => boolean;
}

/**
 * Writes the row in r[cols…] (table column order) with conflict resolution `onConflict`
 * (`byConstraint`: each constraint's own ON CONFLICT applies); an ignored row goes to `skip`.
 * For an UPDATE, `old` is the row being replaced: it is no conflict with itself, and its entries
 * go once the checks passed. With `upsert`, its targets are checked first and its clauses act on
 * the conflicts they cover (wor-upsert.ts). With foreign keys on, the new row's child and parent
 * sides are checked after the uniqueness checks (an INSERT's parent side only when
 * `fkParentOnInsert`: SQLite skips it for a single-row INSERT); an UPDATE's old row is the
 * caller's to check.
 */
export function writeWorRow(ctx: Ctx, w: WorTarget, cols: number, onConflict: ConflictResolution, byConstraint: boolean, skip: Label, old: WorOldRow | null, ret: Returning | null, upsert: WorUpsert | null = null, fkParentOnInsert = true): void {
  const b = ctx.b;
  const t = w.table;
  const n = t.columns.length;
  const nPk = w.pk.columns.length;
  const resolve = (own: ConflictResolution | undefined): ConflictResolution => (byConstraint && own ? own : onConflict);
  b.emit('Affinity', cols, n, 0, { kind: 'affinity', value: t.columns.map((c) => String.fromCharCode(affCode(c.affinity))).join('') });
  const noRowid = nullReg(ctx);
  computeGenerated(ctx, t, cols, noRowid);
  t.columns.forEach((c, i) => {
    if (!c.notNull) return;
    const oc = resolve(c.notNullConflict);
    const message = { kind: 'string' as const, value: `NOT NULL constraint failed: ${t.name}.${c.name}` };
    if (oc === 'IGNORE') b.emit('IsNull', cols + i, skip);
    else if (oc === 'REPLACE' && c.defaultExpr) {
      const ok = b.label();
      b.emit('NotNull', cols + i, ok);
      codeExpr(ctx, new Scope(null), c.defaultExpr, cols + i);
      b.emit('Affinity', cols + i, 1, 0, { kind: 'affinity', value: String.fromCharCode(affCode(c.affinity)) });
      b.emit('HaltIfNull', 1299, 2, cols + i, message);
      b.resolve(ok);
    } else b.emit('HaltIfNull', 1299, haltAction(oc), cols + i, message);
  });
  codeChecks(ctx, t, cols, noRowid, onConflict, skip, old ? old.changed : null);
  const newPk = pkRegs(ctx, w, cols);
  // The other row's PK equals the old row's (under the PK collations): the row itself, no conflict.
  const isSelf = (otherPk: number, ok: Label): void => {
    if (!old) return;
    const differ = b.label();
    w.pk.columns.forEach((c, k) => b.emit('Ne', old.pk + k, differ, otherPk + k, collP4(c.collation), 0));
    b.emit('Goto', 0, ok);
    b.resolve(differ);
  };
  const natural = checkOrder(w);
  const order = upsert ? [...upsert.first, ...natural.filter((k) => !upsert.first.includes(k))] : natural;
  for (const k of order) {
    if (k < 0) {
      if (old && !old.pkChanged) continue;
      const ok = b.label();
      b.emit('NoConflict', w.cur, ok, newPk, { kind: 'int', value: nPk });
      const other = b.regs(nPk);
      if (old || upsert) {
        for (let j = 0; j < nPk; j++) b.emit('Column', w.cur, j, other + j);
        isSelf(other, ok);
      }
      const oc = resolve(w.pk.onConflict);
      if (upsert?.handle(-1, other, skip)) {
        // an ON CONFLICT clause acted
      } else if (oc === 'IGNORE') b.emit('Goto', 0, skip);
      else if (oc === 'REPLACE') deleteWorRow(ctx, w, false);
      else b.emit('Halt', 1555, haltAction(oc), 0, { kind: 'string', value: uniqueIndexMessage(t, w.pk) });
      b.resolve(ok);
      continue;
    }
    const ix = t.indexes[k];
    if (!ix.unique || (old && !old.affected(k))) continue;
    const ok = b.label();
    const e = indexEntry(ctx, w, k, cols, ok);
    for (let j = 0; j < ix.columns.length; j++) b.emit('IsNull', e.regs + j, ok);
    b.emit('NoConflict', w.idxCurs[k], ok, e.regs, { kind: 'int', value: ix.columns.length });
    // The other row's PK, from its index entry (a PK column inside the key, else in the tail).
    const tail = pkTailOf(w.pk, ix);
    const other = b.regs(nPk);
    w.pk.columns.forEach((p, j) => {
      const inKey = ix.columns.findIndex((c) => c.column === p.column && c.collation.toUpperCase() === p.collation.toUpperCase());
      const at = inKey >= 0 ? inKey : ix.columns.length + tail.findIndex((c) => c.column === p.column);
      b.emit('Column', w.idxCurs[k], at, other + j);
    });
    isSelf(other, ok);
    const oc = resolve(ix.onConflict);
    if (upsert?.handle(k, other, skip)) {
      // an ON CONFLICT clause acted
    } else if (oc === 'IGNORE') b.emit('Goto', 0, skip);
    else if (oc === 'REPLACE') {
      b.emit('NotFound', w.cur, ok, other, { kind: 'int', value: nPk });
      deleteWorRow(ctx, w, false);
    } else b.emit('Halt', 2067, haltAction(oc), 0, { kind: 'string', value: uniqueIndexMessage(t, ix) });
    b.resolve(ok);
  }
  if (fkInvolved(ctx, t)) {
    fkChildCheck(ctx, t, cols, noRowid, 1, old ? old.changed : null);
    if (old) fkParentCheck(ctx, t, cols, noRowid, -1, 'UPDATE', old.changed);
    else if (fkParentOnInsert) fkParentCheck(ctx, t, cols, noRowid, -1, 'INSERT');
  }
  if (old) {
    // The checks passed: the old row's entries go (invariant 2).
    for (let i = t.indexes.length - 1; i >= 0; i--) {
      if (!old.affected(i)) continue;
      const outside = t.indexes[i].where ? b.label() : null;
      const e = indexEntry(ctx, w, i, old.cols, outside);
      b.emit('IdxDelete', w.idxCurs[i], e.regs, e.n);
      if (outside) b.resolve(outside);
    }
    b.emit('IdxDelete', w.cur, old.pk, nPk);
  }
  for (let i = t.indexes.length - 1; i >= 0; i--) {
    if (old && !old.affected(i)) continue;
    const outside = t.indexes[i].where ? b.label() : null;
    const e = indexEntry(ctx, w, i, cols, outside);
    const rec = b.reg();
    b.emit('MakeRecord', e.regs, e.n, rec);
    b.emit('IdxInsert', w.idxCurs[i], rec);
    if (outside) b.resolve(outside);
  }
  // The table's record: the PK columns, then the others (invariant 2 of schema/types.ts).
  const stored = t.columns.map((_, i) => i).filter((i) => !isVirtual(t, i));
  const fields = b.regs(stored.length);
  for (const i of stored) b.emit('SCopy', cols + i, fields + t.recordIndex[i]);
  const rec = b.reg();
  b.emit('MakeRecord', fields, stored.length, rec);
  b.emit('IdxInsert', w.cur, rec, 0, null, countFlags(ctx));
  if (ret) {
    const gone = b.label();
    b.emit('NotFound', w.cur, gone, newPk, { kind: 'int', value: nPk });
    returningRow(ctx, ret);
    b.resolve(gone);
  }
}

/** OLD/NEW of a WITHOUT ROWID table's triggers: its columns, no rowid. */
export function worShape(t: Table): TriggerShape {
  return { columns: t.columns.map((c) => ({ name: c.name, affinity: affCode(c.affinity), collation: c.collation, declType: c.declType })), rowidAlias: -1, hasRowid: false };
}

/** A copy of the row in r[cols…] with the column affinities applied (NEW of a BEFORE trigger). */
export function affinityCopy(ctx: Ctx, t: Table, cols: number): number {
  const b = ctx.b;
  const n = t.columns.length;
  const nv = b.regs(n);
  b.emit('Copy', cols, nv, n - 1);
  b.emit('Affinity', nv, n, 0, { kind: 'affinity', value: t.columns.map((c) => String.fromCharCode(affCode(c.affinity))).join('') });
  return nv;
}
