/**
 * `VACUUM INTO` at the b-tree level: copies every b-tree of a database into a new, empty database
 * entry by entry, as SQLite's VACUUM copies them (table rows by rowid, index entries in key order),
 * so that the copy may have another usable page size: other reserved bytes per page (another cipher,
 * or none) or another page size. Payloads are copied byte for byte (records are not re-encoded);
 * only sqlite_schema's `rootpage` column changes, since trees get new root pages.
 *
 * ```
 *   source pager (read txn)                     destination pager (write txn, new file)
 *   header: encoding, user_version,  ────────▶  same values; schema cookie + 1; auto_vacuum mode
 *           application_id, auto_vacuum
 *   sqlite_schema rows in VACUUM's order (vacuumOrder), rowids 1…n, rootpage replaced
 *   every tree, in that order:                  createTree(kind) → new root; its row → tree 1
 *   per table, then its indexes (last first):
 *     table  b-tree: (rowid, payload) ───────▶  BTreeWriter.insert (append path, balance-quick)
 *     index  b-tree: record           ───────▶  BTreeWriter.insertIndexKey, append (bulk packing)
 *   views, triggers: their rows       ───────▶  tree 1
 * ```
 *
 * Index order needs each index's collations and DESC flags: they come from the schema (src/engine/
 * schema); a collation other than BINARY, NOCASE and RTRIM is refused.
 *
 * @module
 */
import { SqliteError } from '../error.js';
import { BTreeCursor, type TreeKind } from '../btree/cursor.js';
import type { PageSource } from '../btree/payload.js';
import { collationFor, type Collation, type KeyInfo } from '../btree/compare.js';
import { readSchemaTable, type SchemaRow } from '../btree/schema-table.js';
import { BTreeWriter, setAutoVacuum, type AutoVacuumMode } from '../btree/write/btree-writer.js';
import { decodeBtreePageHeader } from '../format/btree-page-header.js';
import { recordFromValues, type TextEncoding } from '../format/index.js';
import { runSync } from '../io/io-result.js';
import type { Pager } from '../pager/pager.js';
import { parseStatement } from './parser/index.js';
import { buildSchema, indexColumns, type IndexColumn, type Schema, type Table } from './schema/index.js';

/** Counts of what {@link vacuumInto} copied. */
export interface VacuumIntoResult {
  /** b-trees copied (tables, indexes, WITHOUT ROWID tables), sqlite_schema not counted. */
  trees: number;
  /** Entries copied over all trees (rows and index entries). */
  entries: number;
  /** Size of the copy in pages after commit. */
  pages: number;
}

/**
 * Copies the database `src` (read at its current snapshot) into `dst`, which must be an empty
 * database (0 pages) opened writable; commits `dst`. `onProgress(entries)` is called as entries are
 * copied.
 *
 * @throws SqliteError SQLITE_MISUSE when `dst` is not empty; SQLITE_ERROR for an index with a
 *   collation this engine does not know; SQLITE_CORRUPT from either side.
 */
/** Options of {@link vacuumInto}. */
export interface VacuumIntoOptions {
  /**
   * In-place VACUUM (default false): a rowid table with neither an INTEGER PRIMARY KEY nor any
   * index gets new rowids 1…n in rowid order, as SQLite's transfer (insert.c xferOptimization)
   * takes a NewRowid for such a table unless it runs for VACUUM INTO (lang_vacuum.html: "VACUUM may
   * change the ROWIDs of entries in any tables that do not have an explicit INTEGER PRIMARY KEY").
   */
  renumberRowids?: boolean;
  /** The copy's auto_vacuum mode (default: the source's), as a pending `PRAGMA auto_vacuum` gives it. */
  autoVacuum?: AutoVacuumMode;
}

export function vacuumInto(src: Pager, dst: Pager, onProgress?: (entries: number) => void, options: VacuumIntoOptions = {}): VacuumIntoResult {
  const h = src.dbHeader;
  if (!h) throw new SqliteError('SQLITE_NOTADB', 'the source database is empty');
  if (dst.pageCount !== 0) throw new SqliteError('SQLITE_MISUSE', 'VACUUM INTO needs an empty destination database');
  const encoding = (h.textEncoding || 1) as TextEncoding;
  const rows = runSync(() => readSchemaTable(src, encoding));
  const schema = buildSchema(rows, h.schemaCookie);

  runSync(() => dst.beginWrite());
  try {
    const mode: AutoVacuumMode = options.autoVacuum ?? (h.largestRootPage === 0 ? 'none' : h.incrementalVacuum ? 'incremental' : 'full');
    setAutoVacuum(dst, mode);
    runSync(() =>
      dst.updateHeader((d) => {
        d.textEncoding = h.textEncoding;
        d.userVersion = h.userVersion;
        d.applicationId = h.applicationId;
        d.defaultCacheSize = h.defaultCacheSize;
        d.schemaFormat = h.schemaFormat;
      }),
    );
    dst.header.schemaCookie = (h.schemaCookie + 1) >>> 0;
    const w = new BTreeWriter(dst, encoding);
    let entries = 0;
    let trees = 0;
    const order = vacuumOrder(rows, schema);
    // Every root page first, in the new sqlite_schema order, each row written as its CREATE writes
    // it (SQLite's VACUUM runs all the CREATE statements before it copies a row): a table's root,
    // a placeholder row of five NULLs, its automatic indexes (root, row), then the table's row
    // rewritten in full (sqlite3StartTable / sqlite3EndTable); an index: root, row. Views and
    // triggers come after the rows are copied. Page 1 may split between two of these: the new
    // schema pages fall between the roots as in SQLite's file.
    const newRoots = new Map<number, number>();
    const kinds = new Map<number, TreeKind>();
    let rowid = 0;
    const schemaRecord = (row: SchemaRow) => {
      const rootpage = row.rootpage > 0 ? newRoots.get(row.rootpage)! : row.rootpage;
      return recordFromValues([row.type, row.name, row.tblName, rootpage, row.sql], encoding, h.schemaFormat);
    };
    const placeholder = recordFromValues([null, null, null, null, null], encoding, h.schemaFormat);
    const create = (row: SchemaRow) => {
      const kind = treeKindAt(src, row.rootpage);
      kinds.set(row.rootpage, kind);
      newRoots.set(row.rootpage, runSync(() => w.createTree(kind)));
      trees++;
    };
    const withRoots = order.filter((r) => r.rootpage > 0);
    for (let i = 0; i < withRoots.length; i++) {
      const row = withRoots[i];
      if (newRoots.has(row.rootpage)) continue;
      create(row);
      if (row.type !== 'table') {
        const id = ++rowid;
        runSync(() => w.insert(1, id, schemaRecord(row)));
        continue;
      }
      const id = ++rowid;
      runSync(() => w.insert(1, id, placeholder));
      const own = row.tblName.toLowerCase();
      while (i + 1 < withRoots.length && withRoots[i + 1].type === 'index' && withRoots[i + 1].sql === null && withRoots[i + 1].tblName.toLowerCase() === own) {
        const auto = withRoots[++i];
        if (newRoots.has(auto.rootpage)) continue;
        create(auto);
        const aid = ++rowid;
        runSync(() => w.insert(1, aid, schemaRecord(auto)));
      }
      runSync(() => w.insert(1, id, schemaRecord(row)));
    }
    const copyTree = (row: SchemaRow) => {
      const root = newRoots.get(row.rootpage)!;
      const isTable = kinds.get(row.rootpage) === 'table';
      const c = new BTreeCursor(src, row.rootpage, isTable ? 'table' : 'index', encoding);
      // Index entries come in key order: appended as a bulk load packs them (SQLite's BTREE_BULKLOAD).
      const opts = isTable ? null : { ...indexKeyOptions(schema, row, encoding), append: true };
      const renumber = isTable && options.renumberRowids === true && rowidsMayChange(schema, order, row);
      let n = 0;
      for (let ok = runSync(() => c.first()); ok; ok = runSync(() => c.next())) {
        const payload = runSync(() => c.payload());
        if (isTable) runSync(() => w.insert(root, renumber ? ++n : c.rowid(), payload));
        else runSync(() => w.insertIndexKey(root, payload, opts!));
        if (++entries % 1024 === 0) onProgress?.(entries);
      }
    };
    // Then each table's rows, followed by its indexes, last created first (the order of SQLite's
    // Table.pIndex list, which its INSERT … SELECT transfer walks); indexes of no known table last.
    const copied = new Set<number>();
    for (const t of order) {
      if (t.type !== 'table' || t.rootpage <= 0 || copied.has(t.rootpage)) continue;
      copyTree(t);
      copied.add(t.rootpage);
      const own = order.filter((r) => r.type === 'index' && r.rootpage > 0 && r.tblName.toLowerCase() === t.name.toLowerCase());
      for (const ix of own.reverse()) {
        if (copied.has(ix.rootpage)) continue;
        copyTree(ix);
        copied.add(ix.rootpage);
      }
    }
    for (const row of order) if (row.rootpage > 0 && !copied.has(row.rootpage)) {
      copyTree(row);
      copied.add(row.rootpage);
    }
    // Views, triggers and virtual tables last (SQLite copies their rows after the data).
    for (const row of order) {
      if (row.rootpage > 0) continue;
      const id = ++rowid;
      runSync(() => w.insert(1, id, schemaRecord(row)));
    }
    onProgress?.(entries);
    runSync(() => w.beforeCommit());
    runSync(() => dst.commit());
    return { trees, entries, pages: dst.pageCount };
  } catch (e) {
    if (dst.inWriteTransaction) dst.rollback();
    throw e;
  }
}

/**
 * sqlite_schema's rows in the order SQLite's VACUUM writes them into the new database: the tables
 * that have a b-tree (sqlite_sequence excepted) in their order, each followed by its automatic
 * indexes (created by its CREATE TABLE) and, after the first AUTOINCREMENT table, sqlite_sequence
 * (which goes when no AUTOINCREMENT table is left, as in SQLite); then the indexes that have SQL;
 * then views, triggers and virtual tables (rootpage 0). Anything else (an automatic index of no
 * table) follows in its old order, so that nothing is lost.
 */
export function vacuumOrder(rows: readonly SchemaRow[], schema: Schema): SchemaRow[] {
  const out: SchemaRow[] = [];
  const placed = new Set<SchemaRow>();
  const put = (r: SchemaRow | undefined) => {
    if (r && !placed.has(r)) {
      placed.add(r);
      out.push(r);
    }
  };
  const seq = rows.find((r) => r.type === 'table' && r.name.toLowerCase() === 'sqlite_sequence');
  for (const t of rows) {
    if (t.type !== 'table' || t.rootpage <= 0 || t === seq) continue;
    put(t);
    const name = t.name.toLowerCase();
    for (const a of rows) if (a.type === 'index' && a.sql === null && a.tblName.toLowerCase() === name) put(a);
    if (seq && schema.tables.get(name)?.autoincrement) put(seq);
  }
  // sqlite_sequence with no AUTOINCREMENT table left: no CREATE makes it again, and SQLite's
  // VACUUM drops it (its rows mean nothing without such a table).
  if (seq) placed.add(seq);
  for (const r of rows) if (r.type === 'index' && r.sql !== null) put(r);
  for (const r of rows) if (r.rootpage <= 0) put(r);
  for (const r of rows) put(r);
  return out;
}

/** True for a rowid table with no INTEGER PRIMARY KEY and no index (VacuumIntoOptions.renumberRowids). */
function rowidsMayChange(schema: Schema, rows: readonly SchemaRow[], row: SchemaRow): boolean {
  const name = row.name.toLowerCase();
  const t = schema.tables.get(name);
  if (!t || t.withoutRowid || t.rowidAlias >= 0) return false;
  return !rows.some((r) => r.type === 'index' && r.tblName.toLowerCase() === name);
}

/**
 * Whether the b-tree rooted at `root` is a table (rowid) or an index b-tree, from its root page's
 * type byte (fileformat2 §1.6: 5/13 table, 2/10 index).
 */
export function treeKindAt(source: PageSource, root: number): TreeKind {
  const type = decodeBtreePageHeader(runSync(() => source.getPage(root)), root === 1 ? 100 : 0).pageType;
  return type === 5 || type === 13 ? 'table' : 'index';
}

function collation(name: string, encoding: TextEncoding): Collation {
  const c = collationFor(name, encoding);
  if (!c) throw new SqliteError('SQLITE_ERROR', `no such collation sequence: ${name}`);
  return c;
}

function keyInfoOf(cols: readonly IndexColumn[], encoding: TextEncoding): KeyInfo {
  return { desc: cols.map((c) => c.desc), collations: cols.map((c) => collation(c.collation, encoding)), encoding };
}

/** The PRIMARY KEY columns of a WITHOUT ROWID table, with their sort order and collation. */
function primaryKeyColumns(table: Table): IndexColumn[] {
  const st = parseStatement(table.sql!);
  if (st.type !== 'create-table') throw new SqliteError('SQLITE_CORRUPT', `malformed schema entry for ${table.name}`);
  for (const k of st.constraints) if (k.type === 'primary-key') return indexColumns(table, k.columns);
  for (const [i, c] of st.columns.entries())
    for (const k of c.constraints) if (k.type === 'primary-key') return [{ column: i, expr: null, desc: k.direction === 'DESC', collation: table.columns[i].collation }];
  throw new SqliteError('SQLITE_CORRUPT', `WITHOUT ROWID table ${table.name} has no PRIMARY KEY`);
}

/** How the entries of the index b-tree of schema row `row` compare (module doc). */
function indexKeyOptions(schema: Schema, row: SchemaRow, encoding: TextEncoding): { keyInfo: KeyInfo; keyFields?: number } {
  const table = schema.tables.get(row.tblName.toLowerCase());
  if (row.type === 'table') {
    // A WITHOUT ROWID table: its record holds the PRIMARY KEY columns first, and they are the key.
    if (!table) throw new SqliteError('SQLITE_CORRUPT', `no schema for table ${row.name}`);
    const pk = primaryKeyColumns(table);
    return { keyInfo: keyInfoOf(pk, encoding), keyFields: pk.length };
  }
  const index = [...schema.indexes.values()].find((i) => i.rootPage === row.rootpage);
  if (!index || !table) return { keyInfo: { encoding } }; // unknown to the schema: BINARY, ASC
  // After the indexed columns come the rowid (BINARY), or a WITHOUT ROWID table's key columns.
  const trailing = table.withoutRowid ? primaryKeyColumns(table) : [];
  return { keyInfo: keyInfoOf([...index.columns, ...trailing], encoding) };
}
