/**
 * A prepared statement with better-sqlite3's API (github.com/WiseLibs/better-sqlite3, docs/api.md):
 * `run`, `get`, `all`, `iterate`, `raw`, `pluck`, `safeIntegers`, `columns`, `bind`, `reader`,
 * `readonly`, `source`.
 *
 * Binding as better-sqlite3 binds: positional values fill the nameless parameters in order, one
 * plain object supplies named ones (`{ a: 1 }` for `:a`, `@a` or `$a`); a JS number binds as REAL, a
 * bigint as INTEGER, a string as TEXT, a Buffer/Uint8Array as BLOB, null/undefined as NULL.
 * Results: INTEGER → number (bigint with safeIntegers), REAL → number, TEXT → string, BLOB → Buffer.
 *
 * @module
 */
import { SqliteError } from '../error.js';
import { ready, runSync, type IOResult } from '../io/io-result.js';
import { stepSync } from '../engine/vdbe/driver.js';
import { Vm } from '../engine/vdbe/vm.js';
import { fromBound, toJs, type Value } from '../engine/value/value.js';
import type { Connection } from './connection.js';
import { prepareOne, type Prepared } from './prepare.js';
import { pragmaSettingsOf } from './pragma-settings.js';

/** A result value as JavaScript sees it. */
export type JsValue = number | bigint | string | Buffer | null;

/** One result column's description (better-sqlite3's `columns()`). */
export interface ColumnDescription {
  name: string;
  column: string | null;
  table: string | null;
  database: string | null;
  type: string | null;
}

/** A register value as better-sqlite3 returns it (BLOB as a Buffer over the same bytes). */
function jsValue(v: Value, safe: boolean): JsValue {
  const j = toJs(v, safe);
  return j instanceof Uint8Array ? Buffer.from(j.buffer, j.byteOffset, j.byteLength) : j;
}

/** An argument that binds one parameter by position (not an array to spread, not a named-parameter object). */
function isPlainArgument(a: unknown): boolean {
  return a === null || typeof a !== 'object' || a instanceof Uint8Array;
}

/** Shared by the sync and async statements: binding and turning Values into JS rows. */
export class StatementCore {
  rawMode = false;
  pluckMode = false;
  safe = false;
  private bound: Value[] | null = null;
  /** The compiled statement; replaced when it is compiled again ({@link revalidate}). */
  prepared!: Prepared;
  vm!: Vm | null;
  /** {@link isDml}, {@link writes} and {@link usesStmtJournal}, computed once per compilation. */
  private flags!: { isDml: boolean; writes: boolean; usesStmtJournal: boolean };
  /** True when every parameter is nameless (?, ?N): binding reads the arguments in order. */
  private positionalOnly!: boolean;
  /** Set once the statement has run: a PRAGMA's rows, computed when it was prepared, are computed again on later runs. */
  private ran = false;

  /**
   * @param async - a statement of connect()'s API: compiled again as connect() compiles
   *   (prepare.ts `async`: the pragmas that read synchronously are left to run).
   */
  constructor(
    readonly conn: Connection,
    prepared: Prepared,
    readonly source: string,
    private readonly async = false,
  ) {
    this.install(prepared);
  }

  /** The connection's PRAGMA settings (pragmaSettingsOf), looked up on the first run. */
  private settings: { readonly foreignKeys: boolean } | null = null;

  private install(prepared: Prepared): void {
    this.prepared = prepared;
    this.vm = prepared.kind === 'vm' ? new Vm(prepared.program, this.conn) : null;
    const writes = prepared.kind === 'vm' && !prepared.program.readonly;
    const t = prepared.ast.type;
    this.flags = {
      writes,
      isDml: writes && (t === 'insert' || t === 'update' || t === 'delete'),
      usesStmtJournal: prepared.kind !== 'vm' || prepared.program.usesStmtJournal !== false,
    };
    this.positionalOnly = this.paramNames.size === 0;
  }

  /**
   * Compiles the statement again when what it was compiled against is gone, as sqlite3_prepare_v2
   * statements are re-prepared instead of returning SQLITE_SCHEMA: the connection holds another
   * schema (DDL on this connection, a rollback of it, or another connection's DDL seen at the last
   * refresh), `PRAGMA foreign_keys` changed, or a PRAGMA (whose rows are computed when prepared)
   * runs a second time. The parameters and their names stay as they are: the text is the same.
   * @throws SqliteError from compiling (e.g. "no such table" when the table was dropped).
   */
  revalidate(): void {
    const p = this.prepared;
    const stale =
      p.kind === 'vm'
        ? p.schema !== null && (p.schema !== this.conn.schema || p.foreignKeys !== (this.settings ??= pragmaSettingsOf(this.conn)).foreignKeys)
        : p.kind === 'rows' && this.ran;
    this.ran = true;
    if (stale) this.install(prepareOne(this.conn, this.source, false, this.async));
  }

  /**
   * After a run failed: true when the error is SQLITE_SCHEMA (the Transaction opcode found another
   * schema cookie in the snapshot than the program was compiled with: another connection's DDL) and
   * `attempt` is below SQLite's SQLITE_MAX_SCHEMA_RETRY (50); the schema is then read again (sync
   * backends) and the next {@link start} compiles the statement against it.
   */
  schemaRetry(e: unknown, attempt: number): boolean {
    if (!(e instanceof SqliteError) || e.code !== 'SQLITE_SCHEMA' || attempt >= 50) return false;
    this.conn.syncSchema();
    return true;
  }

  /** {@link schemaRetry} for asynchronous backends. */
  async schemaRetryAsync(e: unknown, attempt: number): Promise<boolean> {
    if (!(e instanceof SqliteError) || e.code !== 'SQLITE_SCHEMA' || attempt >= 50) return false;
    await this.conn.syncSchemaAsync();
    return true;
  }

  get columnNames(): readonly string[] {
    return this.prepared.kind === 'vm' ? this.prepared.program.columnNames : this.prepared.columns;
  }

  /** BEGIN / COMMIT / ROLLBACK: the connection's transaction state; returns the commit work. */
  transactionAction(): IOResult<void> {
    const p = this.prepared;
    if (p.kind !== 'txn') return ready(undefined);
    const c = this.conn;
    // Called again after the commit or rollback waited on I/O: it goes on (the transaction has
    // already left explicit mode, which a new attempt would refuse as "no transaction is active").
    if (this.ending !== null) {
      const r = c.endTransaction(this.ending);
      if (r.done) this.ending = null;
      return r;
    }
    if (p.action === 'begin') {
      if (c.explicitTxn) throw new SqliteError('SQLITE_ERROR', 'cannot start a transaction within a transaction');
      c.explicitTxn = true;
      return ready(undefined);
    }
    if (!c.explicitTxn) throw new SqliteError('SQLITE_ERROR', `cannot ${p.action} - no transaction is active`);
    // Deferred foreign-key violations left: the COMMIT fails and the transaction stays open.
    if (p.action === 'commit' && c.deferredFk !== 0) throw c.deferredFkError();
    c.explicitTxn = false;
    const r = c.endTransaction(p.action === 'commit');
    if (!r.done) this.ending = p.action === 'commit';
    return r;
  }

  /** A COMMIT (true) or ROLLBACK (false) that waited on I/O, for {@link transactionAction} to resume. */
  private ending: boolean | null = null;

  get reader(): boolean {
    return this.columnNames.length > 0;
  }

  get paramNames(): ReadonlyMap<number, string> {
    return this.prepared.kind === 'vm' ? this.prepared.program.paramNames : this.prepared.paramNames;
  }

  /** False when the program needs no statement journal (Program.usesStmtJournal). */
  get usesStmtJournal(): boolean {
    return this.flags.usesStmtJournal;
  }

  /** True when the program writes. */
  get writes(): boolean {
    return this.flags.writes;
  }

  /**
   * True for INSERT, UPDATE and DELETE: only they reset and set changes() (sqlite3_changes counts
   * the rows of the most recent one; DDL leaves it alone).
   */
  get isDml(): boolean {
    return this.flags.isDml;
  }

  get nParam(): number {
    return this.prepared.kind === 'vm' ? this.prepared.program.nParam : this.prepared.nParam;
  }

  /** Values for every parameter from better-sqlite3-style arguments. @throws RangeError / TypeError as better-sqlite3. */
  bindValues(args: unknown[]): Value[] {
    const out: Value[] = [];
    const nParam = this.nParam;
    if (this.positionalOnly && args.length === nParam && args.every(isPlainArgument)) {
      // The common call, run(a, b, c) for ?, ?, ?: no arrays or objects to spread.
      for (let i = 0; i < nParam; i++) out[i + 1] = fromBound(args[i]);
      return out;
    }
    const positional: unknown[] = [];
    let named: Record<string, unknown> | null = null;
    for (const a of args) {
      if (Array.isArray(a)) positional.push(...a);
      else if (a !== null && typeof a === 'object' && !(a instanceof Uint8Array) && Object.getPrototypeOf(a) === Object.prototype) named = a as Record<string, unknown>;
      else positional.push(a);
    }
    let k = 0;
    for (let i = 1; i <= this.nParam; i++) {
      const name = this.paramNames.get(i);
      if (name === undefined) {
        if (k >= positional.length) throw new RangeError('Too few parameter values were provided');
        out[i] = fromBound(positional[k++]);
      } else {
        const key = name.slice(1);
        if (!named || !(key in named)) throw new RangeError(`Missing named parameter "${key}"`);
        out[i] = fromBound(named[key]);
      }
    }
    if (k < positional.length) throw new RangeError('Too many parameter values were provided');
    return out;
  }

  /**
   * {@link bindValues} for one run: the common call (run(a, b, c) for ?, ?, ?) refills the array of
   * the last run, which the VM reads only while a run goes on (start() replaces it).
   */
  private bindRun(args: unknown[]): Value[] {
    const nParam = this.nParam;
    if (!this.positionalOnly || args.length !== nParam) return this.bindValues(args);
    for (let i = 0; i < nParam; i++) if (!isPlainArgument(args[i])) return this.bindValues(args);
    const out = this.runParams;
    for (let i = 0; i < nParam; i++) out[i + 1] = fromBound(args[i]);
    return out;
  }

  /** The parameters of the last run when {@link bindRun} took its common path. */
  private readonly runParams: Value[] = [];

  /** Permanently binds (better-sqlite3's `bind`). */
  bindPermanently(args: unknown[]): void {
    if (this.bound) throw new TypeError('The bind() method can only be invoked once per statement object');
    this.bound = this.bindValues(args);
  }

  /** Starts a run: resets the VM and binds. */
  start(args: unknown[]): void {
    if (this.bound && args.length > 0) throw new TypeError('This statement already has bound parameters');
    this.revalidate();
    const values = this.bound ?? this.bindRun(args);
    const vm = this.vm;
    if (vm) {
      vm.reset();
      // bindValues gives every parameter 1..nParam a value: they replace the last run's.
      vm.params = values;
    }
  }

  /** A JS row from Values, shaped by raw/pluck. */
  shape(values: readonly Value[]): unknown {
    return this.shapeAt(values, 0, values.length);
  }

  /** {@link shape} of `values[from .. from + n)` (the VM's result registers, read in place). */
  shapeAt(values: readonly unknown[], from: number, n: number): unknown {
    const safe = this.safe;
    if (this.pluckMode) return jsValue(values[from] as Value, safe);
    if (this.rawMode) {
      const out = new Array<JsValue>(n);
      for (let i = 0; i < n; i++) out[i] = jsValue(values[from + i] as Value, safe);
      return out;
    }
    const o: Record<string, JsValue> = {};
    const names = this.columnNames;
    for (let i = 0; i < names.length; i++) o[names[i]] = jsValue(values[from + i] as Value, safe);
    return o;
  }

  columns(): ColumnDescription[] {
    const p = this.prepared.kind === 'vm' ? this.prepared.program : null;
    return this.columnNames.map((name, i) => {
      const o = p?.columnOrigins?.[i] ?? null;
      return { name, column: o?.column ?? null, table: o?.table ?? null, database: o ? 'main' : null, type: p?.columnTypes[i] ?? null };
    });
  }
}

/** A better-sqlite3-compatible statement over a synchronous connection. */
export class Statement {
  private readonly core: StatementCore;

  /** @internal */
  constructor(conn: Connection, prepared: Prepared, source: string) {
    this.core = new StatementCore(conn, prepared, source);
  }

  /** The SQL text. */
  get source(): string {
    return this.core.source;
  }

  /** True when the statement returns rows. */
  get reader(): boolean {
    return this.core.reader;
  }

  /** True when the statement writes nothing. */
  get readonly(): boolean {
    const p = this.core.prepared;
    return p.kind === 'vm' ? p.program.readonly : p.kind === 'rows';
  }

  raw(toggle = true): this {
    this.requireReader('raw');
    this.core.rawMode = toggle;
    if (toggle) this.core.pluckMode = false;
    return this;
  }

  pluck(toggle = true): this {
    this.requireReader('pluck');
    this.core.pluckMode = toggle;
    if (toggle) this.core.rawMode = false;
    return this;
  }

  safeIntegers(toggle = true): this {
    this.core.safe = toggle;
    return this;
  }

  columns(): ColumnDescription[] {
    this.requireReader('columns');
    return this.core.columns();
  }

  bind(...params: unknown[]): this {
    this.core.bindPermanently(params);
    return this;
  }

  /**
   * Runs to the end; `{ changes, lastInsertRowid }`. As better-sqlite3: `changes` is changes() when
   * this statement changed rows (total_changes() moved), else 0 (DDL, a SELECT, nothing matched).
   */
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint } {
    const c = this.core.conn;
    const before = c.totalChanges;
    if (this.core.prepared.kind === 'vm') this.collect(params, null, Infinity);
    else for (const _ of this.rows(params)) void _;
    return { changes: c.totalChanges !== before ? c.changes : 0, lastInsertRowid: this.core.safe ? BigInt(c.lastInsertRowid) : Number(c.lastInsertRowid) };
  }

  /** The first row, or undefined. */
  get(...params: unknown[]): unknown {
    this.requireReader('get');
    if (this.core.prepared.kind === 'vm') {
      const out: unknown[] = [];
      this.collect(params, out, 1);
      return out[0];
    }
    const it = this.rows(params);
    const first = it.next();
    it.return?.(undefined);
    return first.done ? undefined : this.core.shape(first.value);
  }

  /** Every row. */
  all(...params: unknown[]): unknown[] {
    this.requireReader('all');
    const out: unknown[] = [];
    if (this.core.prepared.kind === 'vm') {
      this.collect(params, out, Infinity);
      return out;
    }
    for (const r of this.rows(params)) out.push(this.core.shape(r));
    return out;
  }

  /**
   * {@link rows} for a VM statement without a generator (run, get and all): pushes up to `limit`
   * shaped rows onto `out` (none, running to the end, when `out` is null), then ends the statement
   * as rows() does when its iterator stops.
   */
  private collect(params: unknown[], out: unknown[] | null, limit: number): void {
    for (let attempt = 0; ; attempt++) {
      try {
        this.collectOnce(params, out, limit);
        return;
      } catch (e) {
        // SQLITE_SCHEMA comes from the Transaction opcode, before any row.
        if (!this.core.schemaRetry(e, attempt)) throw e;
      }
    }
  }

  private collectOnce(params: unknown[], out: unknown[] | null, limit: number): void {
    const core = this.core;
    core.start(params);
    const vm = core.vm!;
    const conn = core.conn;
    conn.statementStarted(core.isDml, core.writes, core.usesStmtJournal);
    let failed = false;
    try {
      while (out === null || out.length < limit) {
        const r = stepSync(vm);
        if (r === 'done') return;
        if (r === 'busy') throw new SqliteError('SQLITE_BUSY', 'database is locked');
        if (out !== null) out.push(core.shapeAt(vm.mem, vm.rowStart, vm.rowCount));
      }
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      // The closure for runSync only when the end waits on I/O (a commit): none per run otherwise.
      const ok = !failed || !core.writes;
      let first: IOResult<void> | null = conn.statementEnded(ok);
      if (!first.done) {
        runSync(() => {
          const r = first ?? conn.statementEnded(ok);
          first = null;
          return r;
        });
      }
    }
  }

  /** The rows one at a time. */
  *iterate(...params: unknown[]): IterableIterator<unknown> {
    this.requireReader('iterate');
    for (const r of this.rows(params)) yield this.core.shape(r);
  }

  private requireReader(what: string): void {
    if (!this.core.reader) throw new TypeError(`The ${what}() method is only for statements that return data`);
  }

  private *rows(params: unknown[]): Generator<readonly Value[]> {
    for (let attempt = 0; ; attempt++) {
      let yielded = false;
      try {
        for (const row of this.rowsOnce(params)) {
          yielded = true;
          yield row;
        }
        return;
      } catch (e) {
        // SQLITE_SCHEMA comes from the Transaction opcode, before any row.
        if (yielded || !this.core.schemaRetry(e, attempt)) throw e;
      }
    }
  }

  private *rowsOnce(params: unknown[]): Generator<readonly Value[]> {
    const core = this.core;
    core.start(params);
    const p = core.prepared;
    if (p.kind === 'rows') {
      yield* p.rows;
      return;
    }
    if (p.kind === 'txn') {
      runSync(() => core.transactionAction());
      return;
    }
    const vm = core.vm!;
    const conn = core.conn;
    conn.statementStarted(core.isDml, core.writes, core.usesStmtJournal);
    // Stopped early without an error (the iterator returned, as sqlite3_reset) the statement's
    // changes stay, as in SQLite (a RETURNING statement has made all of them by its first row).
    let failed = false;
    try {
      for (;;) {
        const r = stepSync(vm);
        if (r === 'done') return;
        if (r === 'busy') throw new SqliteError('SQLITE_BUSY', 'database is locked');
        yield vm.row();
      }
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      runSync(() => conn.statementEnded(!failed || !core.writes));
    }
  }
}
