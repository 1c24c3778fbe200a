/**
 * ANALYZE (lang_analyze.html) → bytecode that writes `sqlite_stat1` as SQLite's analyze.c does
 * without STAT4 (stat-tables.ts draws the table):
 *
 * ```
 *   ANALYZE | ANALYZE main        every table of the database
 *   ANALYZE [main.]x              index x if there is one, else table (or view) x
 * ```
 *
 * 1. openStatTable: sqlite_stat1 is created when absent (CreateBtree, its sqlite_schema row with
 *    the text SQLite writes, cookie bump). When present, its rows for what is analyzed go: all of
 *    them (Clear) for a whole database, else those whose `tbl` (`idx` for an index) is the name.
 *    sqlite_stat4 and sqlite_stat3, when a file has them, are emptied alike and not refilled.
 * 2. analyzeOneTable, per table (views, virtual tables and `sqlite_%` tables get nothing): each
 *    index is scanned in order. Per entry, the leftmost of its first nColTest fields that differs
 *    from the previous entry's (Ne with NULLs equal, under the column's collation) goes to
 *    stat_push (functions/stat-accum.ts); after the scan stat_get's text is inserted as the row
 *    (tbl, idx, stat). An empty index gets no row, except a partial one: "0 0 …", as SQLite 3.51
 *    and later write it (3.40 writes none; Strata follows the newer).
 * 3. A table with no index other than partial ones also gets (tbl, NULL, nRow) unless it is empty
 *    or only one index was named. The TEXT affinity of MakeRecord's P4 "BBB" stores nRow as text.
 *
 * nColTest, the fields compared: the key columns, one fewer for a UNIQUE index whose columns are all
 * NOT NULL or a WITHOUT ROWID primary key (their last key column always differs). SQLite also
 * compares the primary-key columns a WITHOUT ROWID table's index carries after its key; they change
 * only counters stat1 does not print, so Strata stops at the key.
 *
 * Departures from SQLite's program, none visible in the rows written: no OP_Count (Strata's VDBE has
 * none): the table's row count is a Rewind/Add/Next loop, and stat_init's estimate argument is 0
 * (it matters only with PRAGMA analysis_limit, which Strata lacks); LoadAnalysis and Expire are one
 * ParseSchema: the connection reads its schema and sqlite_stat1 again (schema/load.ts) and its
 * prepared statements are compiled again with the new estimates. The rows go in sqlite_schema
 * order of the tables, in the order of each table's indexes there; SQLite's follows its hash
 * tables: compare them sorted.
 *
 * @module
 */
import type { AnalyzeStatement } from '../parser/ast.js';
import type { Index, Table } from '../schema/types.js';
import { AFF_TEXT, NULL_EQ, OPFLAG_APPEND } from '../vdbe/opcodes.js';
import { STAT_GET, STAT_INIT, STAT_PUSH } from '../functions/stat-accum.js';
import { sqlError, type Ctx } from './context.js';
import { bumpCookie, openSchema, schemaRow } from './ddl.js';
import { collP4 } from './expr.js';
import { deleteStatRows, STAT1_SQL, statTables, type StatColumn } from './stat-tables.js';
import { indexKeyInfo, primaryKeyIndex } from './where.js';

/** What one ANALYZE statement covers. */
type Target = { kind: 'database' } | { kind: 'table'; table: Table | null; name: string; index: Index | null };

/** Resolves the statement's name as sqlite3Analyze does: a database, else an index, else a table. */
function resolve(ctx: Ctx, st: AnalyzeStatement): Target {
  const t = st.target;
  if (t === null) return { kind: 'database' };
  const db = t.schema;
  if (db === null) {
    const n = t.name.toLowerCase();
    if (n === 'main') return { kind: 'database' };
    if (n === 'temp') throw sqlError('ANALYZE temp is not supported yet');
  } else if (db.toLowerCase() === 'temp') throw sqlError('ANALYZE temp is not supported yet');
  else if (db.toLowerCase() !== 'main') throw sqlError(`unknown database ${db}`);
  const k = t.name.toLowerCase();
  const index = ctx.schema.indexes.get(k);
  if (index) return { kind: 'table', table: ctx.schema.tables.get(index.tableName.toLowerCase()) ?? null, name: index.name, index };
  for (const w of ctx.schema.tables.values()) {
    if (w.withoutRowid && pkIndexName(w).toLowerCase() === k) return { kind: 'table', table: w, name: pkIndexName(w), index: pkIndex(w) };
  }
  const table = ctx.schema.tables.get(k);
  if (table) return { kind: 'table', table, name: table.name, index: null };
  const view = ctx.schema.views.get(k);
  if (view) return { kind: 'table', table: null, name: view.name, index: null };
  throw sqlError(`no such table: ${db !== null ? db + '.' : ''}${t.name}`);
}

/** ANALYZE. */
export function codeAnalyze(ctx: Ctx, st: AnalyzeStatement): void {
  const target = resolve(ctx, st);
  ctx.writes = true;
  const statCur =
    target.kind === 'database' ? openStatTable(ctx, null) : openStatTable(ctx, { column: target.index ? 1 : 0, name: target.name });
  // analyzeOneTable's registers: the three of a stat1 row are consecutive (MakeRecord reads them).
  const regs = allocRegs(ctx);
  if (target.kind === 'database') {
    for (const [key, table] of ctx.schema.tables) if (key === table.name.toLowerCase()) analyzeOneTable(ctx, table, null, statCur, regs);
  } else if (target.table) analyzeOneTable(ctx, target.table, target.index, statCur, regs);
  // SQLite's LoadAnalysis: the connection reads its schema and sqlite_stat1 again after the statement.
  ctx.b.emit('ParseSchema', 0, 0, 0, null, 0, 'load analysis');
}

/** Registers shared by every table's code (analyze.c's iMem block). */
interface Regs {
  newRowid: number;
  /** stat_init's result; stat_init reads its four arguments from stat+1 … stat+4. */
  stat: number;
  /** = stat + 1: the field that changed, stat_push's second argument. */
  chng: number;
  temp: number;
  /** tabname, idxname, stat1: one sqlite_stat1 record. */
  tabname: number;
}

function allocRegs(ctx: Ctx): Regs {
  const b = ctx.b;
  const newRowid = b.reg();
  const stat = b.regs(5);
  const tabname = b.regs(3);
  return { newRowid, stat, chng: stat + 1, temp: stat + 3, tabname };
}

/**
 * Creates sqlite_stat1 when absent, else deletes the rows being replaced (`where` null: all); does
 * the same deletion in sqlite_stat4/3 when present. Returns the write cursor on sqlite_stat1.
 */
function openStatTable(ctx: Ctx, where: { column: StatColumn; name: string } | null): number {
  const b = ctx.b;
  const cur = b.cursor();
  let stat1Open = false;
  for (const t of statTables(ctx)) {
    const c = t.name.toLowerCase() === 'sqlite_stat1' ? cur : b.cursor();
    if (where) {
      b.emit('OpenWrite', c, t.rootPage, 0, { kind: 'int', value: t.columns.length }, 0, t.name);
      deleteStatRows(ctx, c, where.column, where.name);
      if (c === cur) stat1Open = true;
    } else b.emit('Clear', t.rootPage, 0);
  }
  const existing = ctx.schema.tables.get('sqlite_stat1');
  if (!existing) {
    const root = b.reg();
    b.emit('CreateBtree', 0, root, 1);
    schemaRow(ctx, openSchema(ctx), 'table', 'sqlite_stat1', 'sqlite_stat1', root, STAT1_SQL);
    bumpCookie(ctx);
    b.emit('OpenWrite', cur, root, 1, { kind: 'int', value: 3 }, 0, 'sqlite_stat1');
  } else if (!stat1Open) b.emit('OpenWrite', cur, existing.rootPage, 0, { kind: 'int', value: 3 }, 0, 'sqlite_stat1');
  return cur;
}

/**
 * The name SQLite gives a WITHOUT ROWID table's primary key, which sqlite_schema does not list:
 * `sqlite_autoindex_T_N`, N the number the UNIQUE constraints' automatic indexes leave free
 * (they are numbered in declaration order, the primary key among them).
 */
function pkIndexName(t: Table): string {
  const used = new Set(t.indexes.map((ix) => /^sqlite_autoindex_.*_(\d+)$/i.exec(ix.name)?.[1]).filter((n) => n !== undefined).map(Number));
  let n = 1;
  while (used.has(n)) n++;
  return `sqlite_autoindex_${t.name}_${n}`;
}

/** A WITHOUT ROWID table's primary key as an index on the table's own b-tree. */
function pkIndex(t: Table): Index {
  return { ...primaryKeyIndex(t), name: pkIndexName(t) };
}

/** The indexes SQLite keeps for `t`: a WITHOUT ROWID table's primary key among them. */
function tableIndexes(t: Table): Index[] {
  if (!t.withoutRowid || t.indexes.some((ix) => ix.rootPage === t.rootPage)) return t.indexes;
  return [pkIndex(t), ...t.indexes];
}

/** A UNIQUE index on NOT NULL columns only (SQLite's Index.uniqNotNull). */
function uniqNotNull(t: Table, ix: Index): boolean {
  return ix.unique && ix.columns.every((c) => c.column >= 0 && t.columns[c.column].notNull);
}

/** Appends the row (tabname, idxname, stat1) to sqlite_stat1. */
function insertStatRow(ctx: Ctx, statCur: number, regs: Regs): void {
  const b = ctx.b;
  b.emit('MakeRecord', regs.tabname, 3, regs.temp, { kind: 'affinity', value: String.fromCharCode(AFF_TEXT).repeat(3) });
  b.emit('NewRowid', statCur, regs.newRowid);
  b.emit('Insert', statCur, regs.temp, regs.newRowid, null, OPFLAG_APPEND);
}

/** The statistics of table `t` (all its indexes, or `only`); see the module doc, 2 and 3. */
function analyzeOneTable(ctx: Ctx, t: Table, only: Index | null, statCur: number, regs: Regs): void {
  if (/^sqlite_/i.test(t.name)) return;
  const b = ctx.b;
  const idxCur = b.cursor();
  let needTableCnt = true;
  b.emit('String8', 0, regs.tabname, 0, { kind: 'string', value: t.name });
  for (const ix of tableIndexes(t)) {
    if (only && only.name.toLowerCase() !== ix.name.toLowerCase()) continue;
    if (ix.where === null) needTableCnt = false;
    const isPk = t.withoutRowid && ix.rootPage === t.rootPage;
    const nKeyCol = ix.columns.length;
    const nCol = isPk ? nKeyCol : nKeyCol + 1;
    const nColTest = isPk || uniqNotNull(t, ix) ? nKeyCol - 1 : nKeyCol;
    const idxName = isPk ? t.name : ix.name;
    b.emit('String8', 0, regs.tabname + 1, 0, { kind: 'string', value: idxName }, 0, `Analysis for ${t.name}.${idxName}`);
    b.emit('OpenRead', idxCur, ix.rootPage, 0, { kind: 'keyinfo', info: indexKeyInfo(ix) }, 0, ix.name);
    b.emit('Integer', 0, regs.stat + 4, 0, null, 0, 'analysis_limit');
    b.emit('Integer', nCol, regs.stat + 1);
    b.emit('Integer', nKeyCol, regs.stat + 2);
    b.emit('Integer', 0, regs.stat + 3, 0, null, 0, 'estimated rows (unused)');
    b.emit('Function', 0, regs.stat + 1, regs.stat, { kind: 'func', func: STAT_INIT }, 4);
    // An empty index gets no row, but an empty partial index gets "0 0 …" (SQLite ≥ 3.51).
    const endOfScan = b.label();
    const writeRow = b.label();
    b.emit('Rewind', idxCur, ix.where ? writeRow : endOfScan);
    b.emit('Integer', 0, regs.chng);
    let nextRow = b.addr;
    if (nColTest > 0) {
      const prev = b.regs(nColTest);
      const endDistinct = b.label();
      const firstRow = b.label();
      b.emit('Goto', 0, firstRow);
      nextRow = b.addr;
      // A one-column UNIQUE index: past its NULLs every entry differs from the one before.
      if (nColTest === 1 && nKeyCol === 1 && ix.unique) b.emit('NotNull', prev, endDistinct);
      const changed = ix.columns.slice(0, nColTest).map((c, i) => {
        const l = b.label();
        b.emit('Integer', i, regs.chng);
        b.emit('Column', idxCur, i, regs.temp, null, 0, `${ix.name}.${c.expr ? `expr(${i})` : c.column < 0 ? 'rowid' : t.columns[c.column].name}`);
        b.emit('Ne', regs.temp, l, prev + i, collP4(c.collation), NULL_EQ);
        return l;
      });
      b.emit('Integer', nColTest, regs.chng);
      b.emit('Goto', 0, endDistinct);
      b.resolve(firstRow);
      changed.forEach((l, i) => {
        b.resolve(l);
        b.emit('Column', idxCur, i, prev + i);
      });
      b.resolve(endDistinct);
    }
    b.emit('Function', 0, regs.stat, regs.temp, { kind: 'func', func: STAT_PUSH }, 2);
    b.emit('Next', idxCur, nextRow);
    b.resolve(writeRow);
    b.emit('Function', 0, regs.stat, regs.tabname + 2, { kind: 'func', func: STAT_GET }, 1);
    insertStatRow(ctx, statCur, regs);
    b.resolve(endOfScan);
  }
  if (only === null && needTableCnt) {
    // SQLite counts with OP_Count; Strata's VDBE has none: a loop adds 1 per row.
    const tabCur = b.cursor();
    const one = regs.stat + 4;
    const count = regs.tabname + 2;
    const counted = b.label();
    b.emit('OpenRead', tabCur, t.rootPage, 0, { kind: 'int', value: t.columns.length }, 0, t.name);
    b.emit('Integer', 0, count);
    b.emit('Integer', 1, one);
    b.emit('Rewind', tabCur, counted);
    const top = b.addr;
    b.emit('Add', one, count, count);
    b.emit('Next', tabCur, top);
    b.resolve(counted);
    const zeroRows = b.label();
    b.emit('IfNot', count, zeroRows);
    b.emit('Null', 0, regs.tabname + 1);
    insertStatRow(ctx, statCur, regs);
    b.resolve(zeroRows);
  }
}
