/**
 * Reading `sqlite_stat1` into the schema, as SQLite's analysisLoader does when it loads a schema
 * (analyze.c, sqlite3AnalysisLoad): the planner's row estimates of tables and indexes.
 *
 * | row (tbl, idx, stat)           | sets                                                     |
 * |--------------------------------|----------------------------------------------------------|
 * | (T, NULL, "n …")               | T's row count n                                          |
 * | (T, T, "n a1 … aK")            | the WITHOUT ROWID primary key of T (and T's row count n) |
 * | (T, I, "n a1 … aK")            | index I: n entries, aj rows per distinct key prefix of j |
 * |                                | columns; T's row count n unless I is partial             |
 *
 * Numbers are read as decodeIntArray reads them: leading decimal digits, one space between; a
 * missing number is 0; words after the numbers ("unordered", "sz=…") are ignored. Rows naming no
 * table or index of the schema, or with a NULL tbl or stat, are skipped. Later rows overwrite
 * earlier ones (rowid order). A table's row count is never taken below 1 by the planner. On an
 * analyzed table, an index without a row gets SQLite's default estimates (defaultRowEst).
 *
 * @module
 */
import { ready, type IOResult } from '../../io/io-result.js';
import type { TextEncoding } from '../../format/index.js';
import { BTreeCursor } from '../../btree/cursor.js';
import type { PageSource } from '../../btree/payload.js';
import type { Index, Schema, Table } from './types.js';

/** One row of sqlite_stat1, values as stored (any type). */
export interface Stat1Row {
  tbl: unknown;
  idx: unknown;
  stat: unknown;
}

/** The first `n` integers of a stat text (decodeIntArray). */
export function decodeStat(text: string, n: number): number[] {
  const out: number[] = [];
  let i = 0;
  for (let k = 0; k < n; k++) {
    let v = 0;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) v = v * 10 + (text.charCodeAt(i++) - 48);
    out.push(v);
    if (text[i] === ' ') i++;
  }
  return out;
}

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  return String(typeof v === 'object' && 'value' in (v as object) ? (v as { value: unknown }).value : v);
}

/** Sets the row estimates of `schema`'s tables and indexes from the rows of sqlite_stat1. */
export function applyStat1(schema: Schema, rows: readonly Stat1Row[]): void {
  for (const r of rows) {
    const tbl = text(r.tbl);
    const stat = text(r.stat);
    const idx = text(r.idx);
    if (tbl === null || stat === null) continue;
    const table = schema.tables.get(tbl.toLowerCase());
    if (!table) continue;
    if (idx === null) {
      table.statRows = decodeStat(stat, 1)[0];
      continue;
    }
    if (idx.toLowerCase() === tbl.toLowerCase()) {
      // A WITHOUT ROWID table's primary key has no sqlite_schema row: its estimates stay on the table.
      if (!table.withoutRowid) continue;
      table.pkRowEst = decodeStat(stat, table.pkColumns.length + 1);
      table.statRows = table.pkRowEst[0];
      continue;
    }
    const index = schema.indexes.get(idx.toLowerCase());
    if (!index || index.tableName.toLowerCase() !== table.name.toLowerCase()) continue;
    index.rowEst = decodeStat(stat, index.columns.length + 1);
    if (index.where === null) table.statRows = index.rowEst[0];
  }
  for (const t of new Set(schema.tables.values())) {
    if (t.statRows === undefined) continue;
    for (const ix of t.indexes) if (!ix.rowEst) defaultRowEst(t, ix);
  }
}

/**
 * SQLite's LogEst of `x` (sqlite3LogEst): about 10·log2(x), 0 for x < 2. Exact to SQLite's
 * integer steps, so that thresholds written in LogEst compare as SQLite compares them.
 */
export function logEst(x: number): number {
  const a = [0, 2, 3, 5, 6, 7, 8, 9];
  let y = 40;
  let v = Math.floor(x);
  if (v < 8) {
    if (v < 2) return 0;
    while (v < 8) {
      y -= 10;
      v *= 2;
    }
  } else {
    while (v > 255) {
      y += 40;
      v = Math.floor(v / 16);
    }
    while (v > 15) {
      y += 10;
      v = Math.floor(v / 2);
    }
  }
  return a[v & 7] + y - 10;
}

/**
 * The estimates of an index sqlite_stat1 has no row for, on an analyzed table (sqlite3DefaultRowEst
 * as sqlite3AnalysisLoad applies it after the rows): the table's rows, raised to 960 (LogEst 99)
 * for the table too when fewer; half for a partial index; then 10, 9, 8, 7, 6 rows per key prefix
 * of 1 … 5 columns, 10 beyond; 1 for the whole key of a UNIQUE index.
 */
function defaultRowEst(t: Table, ix: Index): void {
  if (logEst(t.statRows!) < 99) t.statRows = 960;
  const rows = ix.where ? t.statRows! / 2 : t.statRows!;
  ix.rowEst = [rows, ...ix.columns.map((_, i) => [10, 9, 8, 7, 6][i] ?? 10)];
  if (ix.unique) ix.rowEst[ix.columns.length] = 1;
}

/**
 * The rows of the table b-tree rooted at `root` (sqlite_stat1), in rowid order.
 * Restartable: a pending result restarts the scan.
 */
export function readStat1(source: PageSource, root: number, encoding: TextEncoding): IOResult<Stat1Row[]> {
  const c = new BTreeCursor(source, root, 'table', encoding);
  const rows: Stat1Row[] = [];
  const first = c.first();
  if (!first.done) return first;
  for (let ok = first.value; ok; ) {
    const rec = c.record();
    if (!rec.done) return rec;
    const v = rec.value.values;
    rows.push({ tbl: v[0] ?? null, idx: v[1] ?? null, stat: v[2] ?? null });
    const n = c.next();
    if (!n.done) return n;
    ok = n.value;
  }
  return ready(rows);
}
