/**
 * AUTOINCREMENT bookkeeping in sqlite_sequence (SQLite's autoinc.c logic, sqlite.org/autoinc.html).
 *
 * Registers of one AUTOINCREMENT table during an INSERT:
 *
 * | register | holds                                                           |
 * |----------|-----------------------------------------------------------------|
 * | name     | the table's name (name, seq adjacent: the sqlite_sequence record) |
 * | seq      | the largest rowid ever used (sqlite_sequence.seq, else 0)       |
 * | orig     | seq as read at the start, NULL when the table has no row there  |
 * | seqRowid | rowid of the table's sqlite_sequence row, or NULL if none       |
 *
 * New rowid rule: `max(max(rowid)+1, seq+1)` (1 for an empty table and no sequence); SQLITE_FULL
 * "database or disk is full" when seq or the largest rowid is already 2^63-1. An explicit rowid
 * raises seq to it when larger (OP_MemMax), before the constraint checks, as SQLite does. At the
 * end the row is written when seq grew, or when the table had no row (even with seq 0: the
 * comparison with a NULL orig does not jump, as in SQLite's autoIncEnd).
 *
 * @module
 */
import type { Table } from '../schema/types.js';
import { sqlError, type Ctx } from './context.js';

/** sqlite_sequence's SQL as SQLite stores it in sqlite_schema. */
export const SEQUENCE_SQL = 'CREATE TABLE sqlite_sequence(name,seq)';

const MAX_ROWID = 9223372036854775807n;

/** The registers of one AUTOINCREMENT table's bookkeeping. */
export interface AutoincRegs {
  cur: number;
  seq: number;
  orig: number;
  seqRowid: number;
  name: number;
  one: number;
  max: number;
}

/**
 * Reads the table's sqlite_sequence entry into registers (autoIncBegin); null when `t` is not an
 * AUTOINCREMENT table.
 * @throws SqliteError SQLITE_ERROR when sqlite_sequence is missing (a damaged schema).
 */
export function autoincBegin(ctx: Ctx, t: Table): AutoincRegs | null {
  if (!t.autoincrement || t.rowidAlias < 0) return null;
  const seqTab = ctx.schema.tables.get('sqlite_sequence');
  if (!seqTab) throw sqlError('no such table: sqlite_sequence');
  const b = ctx.b;
  const cur = b.cursor();
  const base = b.regs(7);
  const a: AutoincRegs = { cur, name: base, seq: base + 1, orig: base + 2, seqRowid: base + 3, one: base + 4, max: base + 5 };
  const tmp = base + 6;
  b.emit('OpenWrite', cur, seqTab.rootPage, 0, { kind: 'int', value: 2 }, 0, 'sqlite_sequence');
  b.emit('Integer', 0, a.seq);
  b.emit('Null', 0, a.seqRowid);
  b.emit('Null', 0, a.orig);
  b.emit('String8', 0, a.name, 0, { kind: 'string', value: t.name });
  b.emit('Integer', 1, a.one);
  b.emit('Int64', 0, a.max, 0, { kind: 'int64', value: MAX_ROWID });
  const done = b.label();
  b.emit('Rewind', cur, done);
  const top = b.addr;
  const next = b.label();
  b.emit('Column', cur, 0, tmp, null);
  b.emit('Ne', a.name, next, tmp, null, 0);
  b.emit('Rowid', cur, a.seqRowid);
  b.emit('Column', cur, 1, a.seq, null);
  // seq as an integer (AddImm 0 in SQLite): CAST … AS INTEGER.
  b.emit('Cast', a.seq, 0x44);
  b.emit('SCopy', a.seq, a.orig);
  b.emit('Goto', 0, done);
  b.resolve(next);
  b.emit('Next', cur, top);
  b.resolve(done);
  return a;
}

function full(ctx: Ctx): void {
  ctx.b.emit('Halt', 13, 2, 0, { kind: 'string', value: 'database or disk is full' });
}

/** r[rowid] = the next AUTOINCREMENT rowid of table cursor `tableCur`, recorded in seq (NewRowid with P3). */
export function autoincNewRowid(ctx: Ctx, a: AutoincRegs, tableCur: number, rowid: number): void {
  const b = ctx.b;
  const ok = b.label();
  const isFull = b.label();
  const empty = b.label();
  const m = b.reg();
  b.emit('Eq', a.max, isFull, a.seq, null, 0);
  b.emit('Integer', 1, rowid);
  b.emit('Last', tableCur, empty);
  b.emit('Rowid', tableCur, m);
  b.emit('Eq', a.max, isFull, m, null, 0);
  b.emit('Add', m, a.one, rowid);
  b.resolve(empty);
  const bump = b.label();
  b.emit('Gt', a.seq, bump, rowid, null, 0);
  b.emit('Add', a.seq, a.one, rowid);
  b.resolve(bump);
  b.emit('SCopy', rowid, a.seq);
  b.emit('Goto', 0, ok);
  b.resolve(isFull);
  full(ctx);
  b.resolve(ok);
}

/** seq = max(seq, r[rowid]) for an explicitly given rowid (OP_MemMax). */
export function autoincStep(ctx: Ctx, a: AutoincRegs, rowid: number): void {
  const b = ctx.b;
  const skip = b.label();
  b.emit('Le', a.seq, skip, rowid, null, 0);
  b.emit('SCopy', rowid, a.seq);
  b.resolve(skip);
}

/** Writes seq back to sqlite_sequence when it grew or had no row yet (autoIncEnd). */
export function autoincEnd(ctx: Ctx, a: AutoincRegs): void {
  const b = ctx.b;
  const skip = b.label();
  b.emit('Le', a.orig, skip, a.seq, null, 0);
  const has = b.label();
  b.emit('NotNull', a.seqRowid, has);
  b.emit('NewRowid', a.cur, a.seqRowid);
  b.resolve(has);
  const rec = b.reg();
  b.emit('MakeRecord', a.name, 2, rec);
  b.emit('Insert', a.cur, rec, a.seqRowid);
  b.resolve(skip);
}

/**
 * Deletes the sqlite_sequence rows of table `t` (DROP TABLE of an AUTOINCREMENT table: SQLite's
 * `DELETE FROM sqlite_sequence WHERE name = t`, names compared as BINARY). Each pass finds one
 * row and deletes it outside the scan, until none is left.
 */
export function autoincDrop(ctx: Ctx, t: Table): void {
  const seqTab = ctx.schema.tables.get('sqlite_sequence');
  if (!t.autoincrement || !seqTab) return;
  const b = ctx.b;
  const cur = b.cursor();
  const name = b.reg();
  const col = b.reg();
  const rid = b.reg();
  b.emit('OpenWrite', cur, seqTab.rootPage, 0, { kind: 'int', value: 2 }, 0, 'sqlite_sequence');
  b.emit('String8', 0, name, 0, { kind: 'string', value: t.name });
  const pass = b.addr;
  const done = b.label();
  const found = b.label();
  b.emit('Rewind', cur, done);
  const top = b.addr;
  const next = b.label();
  b.emit('Column', cur, 0, col, null);
  b.emit('Eq', name, found, col, null, 0);
  b.resolve(next);
  b.emit('Next', cur, top);
  b.emit('Goto', 0, done);
  b.resolve(found);
  b.emit('Rowid', cur, rid);
  b.emit('NotExists', cur, done, rid);
  b.emit('Delete', cur);
  b.emit('Goto', 0, pass);
  b.resolve(done);
}
