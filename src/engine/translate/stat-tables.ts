/**
 * The statistics tables (analyze.c): `sqlite_stat1(tbl, idx, stat)`, the only one Strata writes,
 * and `sqlite_stat4` / `sqlite_stat3`, which SQLite built with STAT4 (better-sqlite3) or an old
 * release may have left in a file. A SQLite without STAT4 (the 3.40 CLI) still empties those two
 * when it refreshes or drops the statistics of a table, and so does Strata.
 *
 * | column | sqlite_stat1                                                       |
 * |--------|--------------------------------------------------------------------|
 * | 0 tbl  | table name as declared                                             |
 * | 1 idx  | index name; the table's name for a WITHOUT ROWID primary key; NULL |
 * | 2 stat | "nRow a1 … aK" (TEXT), or "nRow" alone when idx is NULL            |
 *
 * Rows of one table or index are deleted by a scan comparing `tbl` or `idx` with the name under
 * BINARY, as SQLite's nested `DELETE FROM sqlite_statN WHERE tbl=%Q` does (a NULL never matches).
 * These deletes do not count in changes(), as nested statements do not in SQLite.
 *
 * @module
 */
import type { Table } from '../schema/types.js';
import type { Ctx } from './context.js';
import { collP4 } from './expr.js';
import { JUMP_IF_NULL, OPFLAG_SAVEPOSITION } from '../vdbe/opcodes.js';

/** The statistics tables SQLite may have in a file, the one Strata writes first. */
export const STAT_TABLE_NAMES = ['sqlite_stat1', 'sqlite_stat4', 'sqlite_stat3'] as const;

/** The text sqlite_schema holds for sqlite_stat1 (openStatTable's CREATE TABLE). */
export const STAT1_SQL = 'CREATE TABLE sqlite_stat1(tbl,idx,stat)';

/** Which column names the object whose rows go: 0 `tbl`, 1 `idx`. */
export type StatColumn = 0 | 1;

/** The statistics tables present in the schema, in {@link STAT_TABLE_NAMES} order. */
export function statTables(ctx: Ctx): Table[] {
  return STAT_TABLE_NAMES.map((n) => ctx.schema.tables.get(n)).filter((t): t is Table => t !== undefined);
}

/**
 * Emits the deletion of the rows of the write cursor `cur` (open on a statistics table) whose
 * column `column` equals `name` (BINARY), in one pass: each Delete keeps the cursor's position
 * (OPFLAG_SAVEPOSITION) for the Next after it.
 */
export function deleteStatRows(ctx: Ctx, cur: number, column: StatColumn, name: string): void {
  const b = ctx.b;
  const target = b.reg();
  const value = b.reg();
  const done = b.label();
  b.emit('String8', 0, target, 0, { kind: 'string', value: name });
  b.emit('Rewind', cur, done);
  const top = b.addr;
  const next = b.label();
  b.emit('Column', cur, column, value);
  b.emit('Ne', target, next, value, collP4('BINARY'), JUMP_IF_NULL);
  b.emit('Delete', cur, 0, 0, null, OPFLAG_SAVEPOSITION);
  b.resolve(next);
  b.emit('Next', cur, top);
  b.resolve(done);
}

/**
 * Deletes the statistics of table or index `name` from every statistics table present
 * (sqlite3ClearStatTables, called by DROP TABLE with `tbl` and DROP INDEX with `idx`).
 */
export function clearStatRows(ctx: Ctx, column: StatColumn, name: string): void {
  for (const t of statTables(ctx)) {
    const cur = ctx.b.cursor();
    ctx.b.emit('OpenWrite', cur, t.rootPage, 0, { kind: 'int', value: t.columns.length }, 0, t.name);
    deleteStatRows(ctx, cur, column, name);
  }
}
