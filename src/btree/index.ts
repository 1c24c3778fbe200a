/**
 * `strata/btree`: b-tree cursors, record ordering, the schema table, page classification and
 * integrity findings, and the write side: {@link BTreeWriter} (insert/delete/create/drop/vacuum over a
 * pager in a write transaction) and {@link BTreeWriteCursor}.
 * @module
 */
export { BTreeCursor, MAX_BTREE_DEPTH, type SeekOp, type TreeKind } from './cursor.js';
export { BINARY, NOCASE, RTRIM, COLLATIONS, binaryCollation, collationFor, compareValues, compareKeys, compareNumbers, type Collation, type KeyInfo } from './compare.js';
export { readPayload, type PageSource } from './payload.js';
export { readSchemaTable, type SchemaRow } from './schema-table.js';
export { buildPageMap, type PageMap, type PageInfo, type PageKind, type TreeRoot } from './page-map.js';
export { renderFinding, type IntegrityFinding } from './findings.js';
export type { WritablePageStore, HeaderFields } from './page-store.js';
export { BTreeWriter, setAutoVacuum, type AutoVacuumMode, type IndexKeyOptions } from './write/btree-writer.js';
export { BTreeWriteCursor } from './write/write-cursor.js';
export type { BTreeKind } from './write/create-drop.js';
export { Pager, DEFAULT_CACHE_SIZE_PAGES, type PagerOptions, type HotJournalInfo, type TursoEncryptionInfo } from '../pager/pager.js';
export type { PageCodec } from '../pager/page-codec.js';
export { NodeSyncIO, NodeAsyncIO, MemoryIO, runSync, runAsync, type IO, type File, type IOResult } from '../io/index.js';
