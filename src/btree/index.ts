/**
 * `strata/btree`: b-tree cursors, record ordering, the schema table, page classification and
 * integrity findings. The write side (insert/delete/balance) arrives with the write path.
 * @module
 */
export { BTreeCursor, MAX_BTREE_DEPTH, type SeekOp, type TreeKind } from './cursor.js';
export { BINARY, NOCASE, RTRIM, COLLATIONS, compareValues, compareKeys, compareNumbers, type Collation, type KeyInfo } from './compare.js';
export { readPayload, type PageSource } from './payload.js';
export { readSchemaTable, type SchemaRow } from './schema-table.js';
export { buildPageMap, type PageMap, type PageInfo, type PageKind, type TreeRoot } from './page-map.js';
export { renderFinding, type IntegrityFinding } from './findings.js';
export { Pager, DEFAULT_CACHE_SIZE_PAGES, type PagerOptions, type HotJournalInfo, type TursoEncryptionInfo } from '../pager/pager.js';
export type { PageCodec } from '../pager/page-codec.js';
export { NodeSyncIO, NodeAsyncIO, MemoryIO, runSync, runAsync, type IO, type File, type IOResult } from '../io/index.js';
