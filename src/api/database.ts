/**
 * `Database`: the better-sqlite3-compatible, synchronous entry point (DESIGN.md "Interfaces others
 * rely on"): `new Database(filename, { readonly, fileMustExist })`, `prepare`, `exec`, `pragma`,
 * `close`, `serialize`, and the properties `name`, `open`, `readonly`, `memory`, `inTransaction`.
 *
 * @module
 */
import { SqliteError } from '../error.js';
import { keepShape } from '../keep-shape.js';
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
    if (!shapesKept) keepStatementShapes();
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

/** Set once {@link keepStatementShapes} has run (it opens a Database itself). */
let shapesKept = false;

/**
 * Statements of the common kinds, prepared on {@link keepStatementShapes}'s private database: their
 * programs hold the instruction and operand shapes most statements are made of.
 */
const KEPT_STATEMENTS = [
  'INSERT INTO kept VALUES (?1, ?2, ?3)',
  'SELECT b, count(*), sum(c), min(a) FROM kept WHERE a > ? GROUP BY b ORDER BY 2 DESC, 1 LIMIT 10',
  'UPDATE kept SET c = c + 1 WHERE a = ?',
  'DELETE FROM kept WHERE b = ?',
];

/**
 * Opens a private in-memory database, once per process at the first `new Database`, and keeps it
 * with {@link KEPT_STATEMENTS} prepared: the shapes of a database, a connection, a pager, a
 * statement, a VM and its instructions then outlive a full garbage collection at which no
 * statement of the application is alive, and V8 keeps the code it optimized for them
 * (keep-shape.ts). Each statement runs once, and a second private database is opened and closed,
 * so that the fields a run or a close writes are written before any optimized code depends on
 * their first values (keep-shape.ts settleFields). It holds no row and is never closed. Measured
 * on opening a database and running its first two statements: ~10 ms more at the first
 * `new Database` of a process (~5 ms of it the runs and the close), and ~225 KB more heap for
 * the rest of it. A failure here
 * (none is expected) only leaves the shapes unkept: the application's database opens as before.
 */
function keepStatementShapes(): void {
  shapesKept = true;
  try {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE kept(a INTEGER PRIMARY KEY, b TEXT, c REAL); CREATE INDEX kept_b ON kept(b)');
    keepShape(db);
    const [insert, select, update, remove] = KEPT_STATEMENTS.map((sql) => keepShape(db.prepare(sql)));
    // Run once each, so that the fields a statement's run writes (the connection's change counts,
    // the transaction flag, a statement's raw mode) are written before any code depends on their
    // first values (keep-shape.ts settleFields); the table is left empty.
    db.transaction(() => {
      insert.run(1, 'kept', 0.5);
      update.run(1);
    })();
    select.raw(true).all(0);
    select.raw(false).get(0);
    remove.run('kept');
    // And one database closed, for the fields closing writes (a pager's, a file's).
    new Database(':memory:').close();
  } catch {
    // Shapes only (see above).
  }
}
