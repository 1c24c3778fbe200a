/**
 * The bytecode ALTER TABLE writes with: sqlite_schema rows rewritten in place, the
 * sqlite_sequence row renamed, every row of a table rewritten without a dropped column, and the
 * not-empty test of ADD COLUMN. Rows are edited in two passes (new records gathered in an
 * ephemeral table, then written at their old rowids), so that no b-tree changes under the cursor
 * scanning it.
 *
 * @module
 */
import type { Table } from '../schema/types.js';
import type { Ctx } from './context.js';
import { defaultP4 } from './alter-default.js';
import { openSchema } from './ddl.js';

/** The new values of one sqlite_schema row, found by its current type and name. */
export interface RowEdit {
  type: string;
  name: string;
  newName: string;
  newTbl: string;
  sql: string | null;
}

/** Halts with `message` when `t` has a row (sqlite3ErrorIfNotEmpty). */
export function errorIfNotEmpty(ctx: Ctx, t: Table, message: string): void {
  const b = ctx.b;
  const cur = b.cursor();
  const empty = b.label();
  b.emit('OpenRead', cur, t.rootPage, 0, { kind: 'int', value: t.columns.length }, 0, t.name);
  b.emit('Rewind', cur, empty);
  b.emit('Halt', 1, 2, 0, { kind: 'string', value: message });
  b.resolve(empty);
}

/**
 * Rewrites the sqlite_schema rows named in `edits`: gathers each matching row's new record with
 * its rowid into an ephemeral table, then writes them back over the old rows.
 */
export function rewriteSchemaRows(ctx: Ctx, edits: RowEdit[]): void {
  if (!edits.length) return;
  const b = ctx.b;
  const cur = openSchema(ctx);
  const eph = b.cursor();
  b.emit('OpenEphemeral', eph, 5);
  const type = b.reg();
  const name = b.reg();
  const tmp = b.reg();
  const rid = b.reg();
  const regs = b.regs(5);
  const rec = b.reg();
  const done = b.label();
  b.emit('Rewind', cur, done);
  const top = b.addr;
  const next = b.label();
  b.emit('Column', cur, 0, type);
  b.emit('Column', cur, 1, name);
  for (const e of edits) {
    const skip = b.label();
    b.emit('String8', 0, tmp, 0, { kind: 'string', value: e.type });
    b.emit('Ne', tmp, skip, type, null, 0);
    b.emit('String8', 0, tmp, 0, { kind: 'string', value: e.name });
    b.emit('Ne', tmp, skip, name, null, 0);
    b.emit('String8', 0, regs, 0, { kind: 'string', value: e.type });
    b.emit('String8', 0, regs + 1, 0, { kind: 'string', value: e.newName });
    b.emit('String8', 0, regs + 2, 0, { kind: 'string', value: e.newTbl });
    b.emit('Column', cur, 3, regs + 3);
    if (e.sql === null) b.emit('Null', 0, regs + 4);
    else b.emit('String8', 0, regs + 4, 0, { kind: 'string', value: e.sql });
    b.emit('MakeRecord', regs, 5, rec);
    b.emit('Rowid', cur, rid);
    b.emit('Insert', eph, rec, rid);
    b.emit('Goto', 0, next);
    b.resolve(skip);
  }
  b.resolve(next);
  b.emit('Next', cur, top);
  b.resolve(done);
  copyBack(ctx, eph, cur, 5);
}

/** Writes every row of ephemeral table `eph` (`n` columns) into table cursor `cur` at its rowid. */
function copyBack(ctx: Ctx, eph: number, cur: number, n: number): void {
  const b = ctx.b;
  const regs = b.regs(n);
  const rec = b.reg();
  const rid = b.reg();
  const end = b.label();
  b.emit('Rewind', eph, end);
  const top = b.addr;
  for (let i = 0; i < n; i++) b.emit('Column', eph, i, regs + i);
  b.emit('MakeRecord', regs, n, rec);
  b.emit('Rowid', eph, rid);
  b.emit('Insert', cur, rec, rid);
  b.emit('Next', eph, top);
  b.resolve(end);
}

/** `UPDATE sqlite_sequence SET name = to WHERE name = from`. */
export function renameSequence(ctx: Ctx, from: string, to: string): void {
  const seq = ctx.schema.tables.get('sqlite_sequence');
  if (!seq) return;
  const b = ctx.b;
  const cur = b.cursor();
  b.emit('OpenWrite', cur, seq.rootPage, 0, { kind: 'int', value: 2 }, 0, 'sqlite_sequence');
  const eph = b.cursor();
  b.emit('OpenEphemeral', eph, 2);
  const name = b.reg();
  const want = b.reg();
  const regs = b.regs(2);
  const rec = b.reg();
  const rid = b.reg();
  const done = b.label();
  b.emit('String8', 0, want, 0, { kind: 'string', value: from });
  b.emit('Rewind', cur, done);
  const top = b.addr;
  const next = b.label();
  b.emit('Column', cur, 0, name);
  b.emit('Ne', want, next, name, null, 0);
  b.emit('String8', 0, regs, 0, { kind: 'string', value: to });
  b.emit('Column', cur, 1, regs + 1);
  b.emit('MakeRecord', regs, 2, rec);
  b.emit('Rowid', cur, rid);
  b.emit('Insert', eph, rec, rid);
  b.resolve(next);
  b.emit('Next', cur, top);
  b.resolve(done);
  copyBack(ctx, eph, cur, 2);
}

/**
 * Rewrites every row of `t` without column `drop` (sqlite3AlterDropColumn): each kept stored column
 * read with its default for short records, in record order, the INTEGER PRIMARY KEY as NULL, no
 * affinity applied; VIRTUAL generated columns stay out of the record.
 */
export function rewriteRows(ctx: Ctx, t: Table, drop: number): void {
  // A VIRTUAL generated column has no place in the record: dropping one leaves the rows alone.
  if (t.recordIndex[drop] < 0) return;
  const b = ctx.b;
  const cur = b.cursor();
  b.emit('OpenWrite', cur, t.rootPage, 0, { kind: 'int', value: t.columns.length }, 0, t.name);
  const kept = t.columns.map((_, i) => i).filter((i) => i !== drop && t.recordIndex[i] >= 0).sort((x, y) => t.recordIndex[x] - t.recordIndex[y]);
  const eph = b.cursor();
  b.emit('OpenEphemeral', eph, kept.length);
  const regs = b.regs(kept.length);
  const rec = b.reg();
  const rid = b.reg();
  const done = b.label();
  b.emit('Rewind', cur, done);
  const top = b.addr;
  kept.forEach((c, j) => {
    if (c === t.rowidAlias) b.emit('Null', 0, regs + j);
    else {
      b.emit('Column', cur, t.recordIndex[c], regs + j, defaultP4(t.columns[c].defaultExpr, t.columns[c].affinity));
    }
  });
  b.emit('MakeRecord', regs, kept.length, rec);
  b.emit('Rowid', cur, rid);
  b.emit('Insert', eph, rec, rid);
  b.emit('Next', cur, top);
  b.resolve(done);
  copyBack(ctx, eph, cur, kept.length);
}
