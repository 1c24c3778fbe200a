/**
 * The public API: {@link Database} (better-sqlite3 style, synchronous) and {@link connect}
 * (promise-based, after @tursodatabase/database).
 * @module
 */
export { Database, type DatabaseOptions } from './database.js';
export { Statement, type ColumnDescription, type JsValue } from './statement.js';
export { connect, AsyncDatabase, AsyncStatement } from './connect.js';
