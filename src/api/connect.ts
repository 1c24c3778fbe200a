/**
 * `connect()`: the promise-based API of @tursodatabase/database (`const db = await connect(path);
 * await db.prepare(sql).all()`), over the async VM driver, so that an asynchronous I/O backend never
 * blocks. Statements bind and shape rows exactly as the synchronous {@link Statement}.
 *
 * @module
 */
import { SqliteError } from '../error.js';
import { runAsync } from '../io/io-result.js';
import { stepAsync } from '../engine/vdbe/driver.js';
import type { Value } from '../engine/value/value.js';
import { Connection, type ConnectionOptions } from './connection.js';
import { prepareNext, prepareOne } from './prepare.js';
import { integrityRows, preloadedSource } from './pragma-integrity.js';
import { foreignKeyCheckRows } from './pragma-fk-check.js';
import type { PragmaCheck } from './prepare.js';
import { StatementCore, type ColumnDescription } from './statement.js';

/** Opens `path` (':memory:' for a memory database) and resolves to an {@link AsyncDatabase}. */
export async function connect(path: string, opts: ConnectionOptions = {}): Promise<AsyncDatabase> {
  return new AsyncDatabase(await Connection.openAsync(path, opts), path);
}

/** A promise-based statement (@tursodatabase/database's Statement). */
export class AsyncStatement {
  private readonly core: StatementCore;

  /** @internal */
  constructor(conn: Connection, prepared: ConstructorParameters<typeof StatementCore>[1], source: string) {
    this.core = new StatementCore(conn, prepared, source, true);
  }

  get source(): string {
    return this.core.source;
  }

  get reader(): boolean {
    return this.core.reader;
  }

  raw(raw = true): this {
    this.core.rawMode = raw;
    if (raw) this.core.pluckMode = false;
    return this;
  }

  pluck(pluckMode = true): this {
    this.core.pluckMode = pluckMode;
    if (pluckMode) this.core.rawMode = false;
    return this;
  }

  safeIntegers(toggle = true): this {
    this.core.safe = toggle;
    return this;
  }

  columns(): ColumnDescription[] {
    return this.core.columns();
  }

  bind(...params: unknown[]): this {
    this.core.bindPermanently(params);
    return this;
  }

  async run(...params: unknown[]): Promise<{ changes: number; lastInsertRowid: number | bigint }> {
    const c = this.core.conn;
    const before = c.totalChanges;
    for await (const _ of this.rows(params)) void _;
    return { changes: c.totalChanges !== before ? c.changes : 0, lastInsertRowid: Number(c.lastInsertRowid) };
  }

  async get(...params: unknown[]): Promise<unknown> {
    for await (const r of this.rows(params)) return this.core.shape(r);
    return undefined;
  }

  async all(...params: unknown[]): Promise<unknown[]> {
    const out: unknown[] = [];
    for await (const r of this.rows(params)) out.push(this.core.shape(r));
    return out;
  }

  async *iterate(...params: unknown[]): AsyncGenerator<unknown> {
    for await (const r of this.rows(params)) yield this.core.shape(r);
  }

  private async *rows(params: unknown[]): AsyncGenerator<readonly Value[]> {
    for (let attempt = 0; ; attempt++) {
      let yielded = false;
      try {
        for await (const row of this.rowsOnce(params)) {
          yielded = true;
          yield row;
        }
        return;
      } catch (e) {
        // SQLITE_SCHEMA comes from the Transaction opcode, before any row (StatementCore.schemaRetry).
        if (yielded || !(await this.core.schemaRetryAsync(e, attempt))) throw e;
      }
    }
  }

  private async *rowsOnce(params: unknown[]): AsyncGenerator<readonly Value[]> {
    const core = this.core;
    core.start(params);
    const p = core.prepared;
    if (p.kind === 'rows') {
      yield* p.check ? await checkRows(core.conn, p.check) : p.rows;
      return;
    }
    if (p.kind === 'txn') {
      await runAsync(() => core.transactionAction());
      return;
    }
    const vm = core.vm!;
    const conn = core.conn;
    conn.statementStarted(core.isDml, core.writes, core.usesStmtJournal);
    let ok = false;
    try {
      for (;;) {
        const r = await stepAsync(vm);
        if (r === 'done') {
          ok = true;
          return;
        }
        if (r === 'busy') throw new SqliteError('SQLITE_BUSY', 'database is locked');
        yield vm.row();
      }
    } finally {
      await runAsync(() => conn.statementEnded(ok || !core.writes));
    }
  }
}

/**
 * A check left to run by connect()'s prepare (prepare.ts PragmaCheck): computed over the snapshot's
 * pages read beforehand (pragma-integrity.ts preloadedSource), as the pragmas read synchronously.
 * @throws SqliteError as the synchronous pragma does.
 */
async function checkRows(conn: Connection, check: PragmaCheck): Promise<Value[][]> {
  const source = await preloadedSource(conn);
  return (check.name === 'foreign_key_check' ? foreignKeyCheckRows(conn, check.arg, source) : integrityRows(conn, check.name, check.arg, source)).rows;
}

/** A promise-based database (@tursodatabase/database's Database). */
export class AsyncDatabase {
  private conn: Connection | null;

  /** @internal */
  constructor(conn: Connection, readonly name: string) {
    this.conn = conn;
  }

  get open(): boolean {
    return this.conn !== null;
  }

  private connection(): Connection {
    if (!this.conn) throw new TypeError('The database connection is not open');
    return this.conn;
  }

  /** Compiles one statement (against the schema as of the last refresh). */
  prepare(sql: string): AsyncStatement {
    const conn = this.connection();
    return new AsyncStatement(conn, prepareOne(conn, sql, false, true), sql);
  }

  async exec(sql: string): Promise<void> {
    const conn = this.connection();
    let at = 0;
    for (;;) {
      await conn.refreshAsync();
      const next = prepareNext(conn, sql, at, false, true);
      if (!next) return;
      await new AsyncStatement(conn, next.prepared, sql.slice(at, next.tail)).run();
      at = next.tail;
    }
  }

  async get(sql: string, ...params: unknown[]): Promise<unknown> {
    await this.connection().refreshAsync();
    return this.prepare(sql).get(...params);
  }

  async all(sql: string, ...params: unknown[]): Promise<unknown[]> {
    await this.connection().refreshAsync();
    return this.prepare(sql).all(...params);
  }

  async run(sql: string, ...params: unknown[]): Promise<{ changes: number; lastInsertRowid: number | bigint }> {
    await this.connection().refreshAsync();
    return this.prepare(sql).run(...params);
  }

  async pragma(source: string, options: { simple?: boolean } = {}): Promise<unknown> {
    const stmt = this.prepare(`PRAGMA ${source}`);
    return options.simple ? stmt.pluck().get() : stmt.all();
  }

  async close(): Promise<void> {
    this.conn?.close();
    this.conn = null;
  }
}
