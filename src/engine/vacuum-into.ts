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
 *   for each sqlite_schema row with a root:     createTree(kind) → new root
 *     table  b-tree: (rowid, payload) ───────▶  BTreeWriter.insert
 *     index  b-tree: record           ───────▶  BTreeWriter.insertIndexKey (the index's KeyInfo)
 *   sqlite_schema rows, rootpage replaced ───▶  tree 1
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
export function vacuumInto(src: Pager, dst: Pager, onProgress?: (entries: number) => void): VacuumIntoResult {
  const h = src.dbHeader;
  if (!h) throw new SqliteError('SQLITE_NOTADB', 'the source database is empty');
  if (dst.pageCount !== 0) throw new SqliteError('SQLITE_MISUSE', 'VACUUM INTO needs an empty destination database');
  const encoding = (h.textEncoding || 1) as TextEncoding;
  const rows = runSync(() => readSchemaTable(src, encoding));
  const schema = buildSchema(rows, h.schemaCookie);

  runSync(() => dst.beginWrite());
  try {
    const mode: AutoVacuumMode = h.largestRootPage === 0 ? 'none' : h.incrementalVacuum ? 'incremental' : 'full';
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
    const newRoots = new Map<number, number>();
    for (const row of rows) {
      if (row.rootpage <= 0) continue;
      const isTable = treeKindAt(src, row.rootpage) === 'table';
      const root = runSync(() => w.createTree(isTable ? 'table' : 'index'));
      newRoots.set(row.rootpage, root);
      trees++;
      const c = new BTreeCursor(src, row.rootpage, isTable ? 'table' : 'index', encoding);
      const opts = isTable ? null : indexKeyOptions(schema, row, encoding);
      for (let ok = runSync(() => c.first()); ok; ok = runSync(() => c.next())) {
        const payload = runSync(() => c.payload());
        if (isTable) runSync(() => w.insert(root, c.rowid(), payload));
        else runSync(() => w.insertIndexKey(root, payload, opts!));
        if (++entries % 1024 === 0) onProgress?.(entries);
      }
    }
    // sqlite_schema last, each row with its tree's new root page.
    for (const row of rows) {
      const rootpage = row.rootpage > 0 ? newRoots.get(row.rootpage)! : row.rootpage;
      runSync(() => w.insert(1, row.rowid, recordFromValues([row.type, row.name, row.tblName, rootpage, row.sql], encoding, h.schemaFormat)));
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
