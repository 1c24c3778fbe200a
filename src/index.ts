/**
 * `strata`: the package entry: the SQL engine's public API (`Database` / `Statement` in
 * better-sqlite3's style, `connect()` in @tursodatabase/database's), and the read path: open a
 * file through the pager and walk its b-trees.
 * @module
 */
export { SqliteError, isSqliteError, type SqliteErrorCode } from './error.js';
export * from './btree/index.js';
export { scanWal } from './wal/index.js';
export { Database, Statement, connect, AsyncDatabase, AsyncStatement, type DatabaseOptions, type ColumnDescription, type JsValue } from './api/index.js';
