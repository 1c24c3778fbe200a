/**
 * `strata`: the package entry. Until the SQL engine lands (Database / Statement), it exports the
 * read path: open a file through the pager and walk its b-trees.
 * @module
 */
export { SqliteError, isSqliteError, type SqliteErrorCode } from './error.js';
export * from './btree/index.js';
export { scanWal } from './wal/index.js';
