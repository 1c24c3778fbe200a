/**
 * `Database`: the better-sqlite3-compatible, synchronous entry point (DESIGN.md "Interfaces others
 * rely on"): `new Database(filename, { readonly, fileMustExist })`, `prepare`, `exec`, `pragma`,
 * `close`, `serialize`, and the properties `name`, `open`, `readonly`, `memory`, `inTransaction`.
 *
 * @module
 */
import { SqliteError } from '../error.js';
import { Connection, type ConnectionOptions } from './connection.js';
import { prepareNext, prepareOne } from './prepare.js';
import { Statement } from './statement.js';
import { makeTransaction, type TransactionFunction } from './transaction.js';

/** Options of {@link Database}. */
export type DatabaseOptions = ConnectionOptions;

/** A better-sqlite3-style database connection. */
export class Database {
  private conn: Connection | null;
  readonly name: string;
  readonly readonly: boolean;
  readonly memory: boolean;

  constructor(filename = ':memory:', options: DatabaseOptions = {}) {
    this.conn = Connection.open(filename, options);
    this.name = filename;
    this.readonly = options.readonly ?? false;
    this.memory = this.conn.memory;
  }

  /** True until {@link close}. */
  get open(): boolean {
    return this.conn !== null;
  }

  /** True inside BEGIN … COMMIT. */
  get inTransaction(): boolean {
    return this.conn !== null && (this.conn.explicitTxn || this.conn.inWriteTransaction);
  }

  /**
   * Wraps `fn` in BEGIN … COMMIT (ROLLBACK when it throws), as better-sqlite3's `transaction`;
   * called inside a transaction it runs in a savepoint instead (transaction.ts), rolled back to
   * when it throws. Variants `.deferred`, `.immediate`, `.exclusive`.
   * @throws TypeError when `fn` is not a function.
   */
  transaction<A extends unknown[], R>(fn: (...args: A) => R): TransactionFunction<A, R> {
    return makeTransaction(this, fn);
  }

  private connection(): Connection {
    if (!this.conn) throw new TypeError('The database connection is not open');
    return this.conn;
  }

  /**
   * The main database's bytes, as a file holding it would be (better-sqlite3's `serialize`,
   * SQLite's sqlite3_serialize): page count × page size bytes, pages encrypted as the file stores
   * them. For an in-memory database the only way to its bytes.
   * @param options - `attached`: the schema name; only `'main'` (the default) exists.
   * @throws TypeError when the connection is closed; SqliteError SQLITE_ERROR for another schema
   *   name, SQLITE_CORRUPT for a page that cannot be read.
   */
  serialize(options: { attached?: string } = {}): Buffer {
    const schema = options.attached ?? 'main';
    if (schema.toLowerCase() !== 'main') throw new SqliteError('SQLITE_ERROR', `unknown database ${schema}`);
    const bytes = this.connection().image();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /**
   * Compiles one statement.
   * @throws SqliteError on a syntax or name error; RangeError when `sql` holds no or several statements.
   */
  prepare(sql: string): Statement {
    const conn = this.connection();
    return new Statement(conn, prepareOne(conn, sql), sql);
  }

  /** Runs every statement in `sql`. */
  exec(sql: string): this {
    const conn = this.connection();
    let at = 0;
    for (;;) {
      const next = prepareNext(conn, sql, at);
      if (!next) return this;
      new Statement(conn, next.prepared, sql.slice(at, next.tail)).run();
      at = next.tail;
    }
  }

  /** `PRAGMA source`: its rows, or with `{ simple: true }` the first column of the first row. */
  pragma(source: string, options: { simple?: boolean } = {}): unknown {
    const stmt = this.prepare(`PRAGMA ${source}`);
    if (!stmt.reader) {
      stmt.run();
      return options.simple ? undefined : [];
    }
    return options.simple ? stmt.pluck().get() : stmt.all();
  }

  /**
   * Closes the connection (a no-op when closed).
   * @throws TypeError when a statement is running (an iterator not finished), as better-sqlite3.
   */
  close(): this {
    if (this.conn !== null && this.conn.active > 0) throw new TypeError('This database connection is busy executing a query');
    this.conn?.close();
    this.conn = null;
    return this;
  }
}

export { SqliteError };
