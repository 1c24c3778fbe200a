/**
 * One connection to a database file: its pager, its schema, and the {@link VmHost} the VDBE runs
 * against. The better-sqlite3-style {@link Database} and the promise-based `connect()` both sit on
 * it.
 *
 * Transactions: the first statement to start running takes a fresh read snapshot
 * (`Pager.beginRead`); statements running at the same time share it. A writing statement opens
 * the write transaction (`Pager.beginWrite`); in autocommit mode the last statement to end commits
 * it, or rolls it back when it failed. Inside BEGIN … COMMIT a writing statement has a statement
 * journal (savepoints.ts): when it fails, its own changes are undone and the transaction goes on,
 * as in SQLite. The schema is read from
 * sqlite_schema (and the planner's estimates from sqlite_stat1, engine/schema/load.ts) when the
 * connection opens and again whenever a snapshot shows a new schema cookie or after ANALYZE.
 *
 * @module
 */
import { randomFillSync } from 'node:crypto';
import { resolve as resolvePath } from 'node:path';
import { SqliteError } from '../error.js';
import type { TextEncoding } from '../format/index.js';
import type { IO } from '../io/file.js';
import { ready, runAsync, runSync, type IODone, type IOResult } from '../io/io-result.js';
import { MemoryIO } from '../io/memory.js';
import { NodeAsyncIO } from '../io/node-async.js';
import { NodeSyncIO } from '../io/node-sync.js';
import { Pager, type PagerOptions } from '../pager/pager.js';
import type { FunctionContext } from '../engine/functions/registry.js';
import { readSchema, schemaFrom } from '../engine/schema/load.js';
import type { Schema } from '../engine/schema/types.js';
import type { VmHost } from '../engine/vdbe/vm.js';
import { BTreeWriter, type AutoVacuumMode } from '../btree/write/btree-writer.js';
import { EncryptionConfig } from './encryption-config.js';
import { parseFilename } from './uri.js';
import { Savepoints } from './savepoints.js';
import { runVacuum } from './vacuum.js';
import type { Value } from '../engine/value/value.js';

let memoryDbCounter = 0;

/** Results that need no I/O, shared: a statement run row after row allocates none of them. */
const READY_TRUE: IODone<boolean> = ready(true);
const READY_VOID: IODone<void> = ready(undefined);

function isMemory(filename: string): boolean {
  return filename === ':memory:' || filename === '';
}

function encodingOf(pager: Pager): TextEncoding {
  return (pager.dbHeader?.textEncoding || 1) as TextEncoding;
}

/** Where a connection's database lives and how it is opened, once its filename is understood. */
interface OpenPlan {
  io: IO;
  path: string;
  readonly: boolean;
  encryption: EncryptionConfig;
  /** A memory database on a MemoryIO of its own: the pager's `memory` option (no WAL). */
  memory?: boolean;
}

/**
 * One file backend per kind for the whole process, so that every connection to one file without an
 * `io` option finds the same shared state (shared-database.ts keys it by backend and path): the
 * same WAL index, the same write lock, each other's commits — as SQLite's connections share one
 * `-shm`. A backend per connection gave each its own in-memory WAL index: a connection never saw
 * another's commits and wrote its frames over them.
 */
let syncIo: NodeSyncIO | null = null;
let asyncIo: NodeAsyncIO | null = null;

/**
 * Resolves `filename` (a path, ':memory:', or a `file:` URI with `mode=` and Turso's `cipher=` /
 * `hexkey=`, see uri.ts) and the options into what to open. Options win over URI parameters.
 */
function planOpen(filename: string, opts: ConnectionOptions, fileIo: IO): OpenPlan {
  const parsed = parseFilename(filename);
  const encryption =
    opts.cipher !== undefined || opts.hexkey !== undefined
      ? EncryptionConfig.from(opts.cipher, opts.hexkey, 'options')
      : EncryptionConfig.from(parsed.params.get('cipher'), parsed.params.get('hexkey'), 'URI');
  const readonly = (opts.readonly ?? false) || parsed.mode === 'ro';
  if (isMemory(parsed.path) || parsed.mode === 'memory') return { io: opts.io ?? new MemoryIO(), path: `:memory:${++memoryDbCounter}`, readonly, encryption, memory: opts.io === undefined };
  const io = opts.io ?? fileIo;
  if ((opts.fileMustExist || parsed.mode === 'ro' || parsed.mode === 'rw') && !io.exists(parsed.path)) throw new SqliteError('SQLITE_CANTOPEN', 'unable to open database file');
  return { io, path: parsed.path, readonly, encryption };
}

/** Options of a connection (DESIGN.md: `new Database(filename, { readonly, fileMustExist, … })`). */
export interface ConnectionOptions {
  /** Open read-only (default false). */
  readonly?: boolean;
  /** Fail with SQLITE_CANTOPEN when the file does not exist (default false). */
  fileMustExist?: boolean;
  /** The I/O backend (default: node-sync for files, memory for ':memory:'). */
  io?: IO;
  /** Cipher of a Turso-encrypted file (aegis256, aes256gcm, …, as Turso names them); needs `hexkey`. */
  cipher?: string;
  /** The encryption key in hex (with `cipher`). */
  hexkey?: string;
}

/**
 * Pager options for a connection: read-only flag and, once cipher and key are known, the page
 * cipher. Without them an encrypted file opens sealed: nothing but `PRAGMA cipher` / `PRAGMA hexkey`
 * can run until both are given (every page read fails with SQLITE_NOTADB naming the cipher).
 */
function pagerOptions(plan: OpenPlan): PagerOptions {
  const codec = plan.encryption.complete ? plan.encryption.codec() : undefined;
  const memory = plan.memory === true;
  return codec ? { readonly: plan.readonly, codec, memory } : { readonly: plan.readonly, allowSealed: true, memory };
}

/** A connection: pager + schema + VM host. */
export class Connection implements VmHost {
  readonly memory: boolean;
  schema: Schema;
  /** Statements currently running (between their first step and their end or reset). */
  active = 0;
  /** Rows changed by the last INSERT/UPDATE/DELETE, and since the connection opened. */
  changes = 0;
  totalChanges = 0;
  lastInsertRowid: number | bigint = 0;
  /** Inside BEGIN … COMMIT. */
  explicitTxn = false;
  /** `PRAGMA page_size = N` given when the database already had pages: VACUUM INTO uses it (vacuum.ts); 0 none. */
  nextPageSize = 0;
  /** `PRAGMA auto_vacuum = mode` given last (pragma-auto-vacuum.ts): VACUUM applies it; null none. */
  nextAutoVacuum: AutoVacuumMode | null = null;
  private writeTxn: BTreeWriter | null = null;
  private schemaDirty = false;
  /** SAVEPOINT / RELEASE / ROLLBACK TO (savepoints.ts). */
  readonly savepoints: Savepoints = new Savepoints(this);
  readonly functionContext: FunctionContext = {
    changes: () => this.changes,
    lastInsertRowid: () => this.lastInsertRowid,
    totalChanges: () => this.totalChanges,
    now: () => Date.now(),
    randomBytes: (out) => void randomFillSync(out),
  };

  /**
   * The database file's full path as SQLite's sqlite3_db_filename gives it (PRAGMA database_list):
   * '' for an in-memory database.
   */
  get databasePath(): string {
    return this.memory ? '' : resolvePath(this.plan.path);
  }

  private constructor(
    readonly filename: string,
    private currentPager: Pager,
    schema: Schema,
    private readonly plan: OpenPlan,
  ) {
    this.memory = isMemory(filename) || plan.path.startsWith(':memory:');
    this.schema = schema;
  }

  /** The pager (replaced once when `PRAGMA cipher` / `PRAGMA hexkey` unseal an encrypted file). */
  get pager(): Pager {
    return this.currentPager;
  }

  /** Opens `filename` on a synchronous backend. @throws SqliteError SQLITE_CANTOPEN, SQLITE_NOTADB, SQLITE_CORRUPT. */
  static open(filename: string, opts: ConnectionOptions = {}): Connection {
    const plan = planOpen(filename, opts, (syncIo ??= new NodeSyncIO()));
    const pager = Pager.open(plan.io, plan.path, pagerOptions(plan));
    const rows = pager.sealed ? { rows: [], stat1: [] } : runSync(() => readSchema(pager, encodingOf(pager)));
    return new Connection(filename, pager, schemaFrom(rows, pager.dbHeader?.schemaCookie ?? 0), plan);
  }

  /** Opens `filename` on an asynchronous backend (default node-async). */
  static async openAsync(filename: string, opts: ConnectionOptions = {}): Promise<Connection> {
    const plan = planOpen(filename, opts, (asyncIo ??= new NodeAsyncIO()));
    const pager = await Pager.openAsync(plan.io, plan.path, pagerOptions(plan));
    const rows = pager.sealed ? { rows: [], stat1: [] } : await runAsync(() => readSchema(pager, encodingOf(pager)));
    return new Connection(filename, pager, schemaFrom(rows, pager.dbHeader?.schemaCookie ?? 0), plan);
  }

  /** The cipher set for this connection (`PRAGMA cipher` with no value), or null. */
  get cipherName(): string | null {
    return this.plan.encryption.cipherName;
  }

  /**
   * `PRAGMA cipher = name` / `PRAGMA hexkey = '…'` (encryption-config.ts has the rules). When both
   * are known and no page has been read with them yet, the pager is reopened with the page cipher:
   * a sealed encrypted file becomes readable, a new empty database will be written encrypted.
   * @throws SqliteError SQLITE_ERROR for a plain database that already has pages (encrypting one is
   *   `strata rekey`'s job), and the errors of EncryptionConfig.
   */
  setEncryption(what: 'cipher' | 'hexkey', value: string): void {
    const enc = this.plan.encryption;
    if (what === 'cipher') enc.setCipher(value);
    else enc.setHexkey(value);
    if (!enc.complete || enc.inUse) return;
    const p = this.currentPager;
    if (!p.sealed && p.pageCount > 0) throw new SqliteError('SQLITE_ERROR', 'the database is not encrypted; encrypt it with strata rekey instead of PRAGMA cipher/hexkey');
    if (this.active > 0 || this.writeTxn || this.explicitTxn) throw new SqliteError('SQLITE_BUSY', 'cannot set the encryption key while a statement or transaction is running');
    p.close();
    const pager = Pager.open(this.plan.io, this.plan.path, pagerOptions(this.plan));
    this.currentPager = pager;
    this.schema = schemaFrom(runSync(() => readSchema(pager, encodingOf(pager))), pager.dbHeader?.schemaCookie ?? 0);
  }

  /**
   * Throws when the file is encrypted and its cipher and key are not given yet: only `PRAGMA cipher`
   * and `PRAGMA hexkey` can run until they are.
   * @throws SqliteError SQLITE_NOTADB naming the file's cipher.
   */
  requireUnsealed(): void {
    if (!this.currentPager.sealed) return;
    const name = this.currentPager.encryption?.cipherName ?? 'unknown';
    throw new SqliteError('SQLITE_NOTADB', `file is encrypted (cipher ${name}): give PRAGMA cipher and PRAGMA hexkey, or the cipher and hexkey options`, { pgno: 1 });
  }

  get source(): Pager {
    return this.pager;
  }

  get encoding(): TextEncoding {
    return encodingOf(this.pager);
  }

  private loadSchema(): Schema {
    const rows = runSync(() => readSchema(this.pager, this.encoding));
    return schemaFrom(rows, this.pager.dbHeader?.schemaCookie ?? 0);
  }

  /** Takes a fresh snapshot when nothing is running, and reloads the schema if it changed (sync backends). */
  refresh(): void {
    if (this.active > 0 || this.writeTxn || this.explicitTxn || this.pager.sealed) return;
    runSync(() => this.pager.beginRead());
    if ((this.pager.dbHeader?.schemaCookie ?? 0) !== this.schema.cookie) this.schema = this.loadSchema();
  }

  /** {@link refresh} for asynchronous backends. */
  async refreshAsync(): Promise<void> {
    if (this.active > 0 || this.writeTxn || this.explicitTxn || this.pager.sealed) return;
    await runAsync(() => this.pager.beginRead());
    if ((this.pager.dbHeader?.schemaCookie ?? 0) !== this.schema.cookie) {
      const rows = await runAsync(() => readSchema(this.pager, this.encoding));
      this.schema = schemaFrom(rows, this.pager.dbHeader?.schemaCookie ?? 0);
    }
  }

  /**
   * After SQLITE_SCHEMA (a statement compiled against another schema cookie than its snapshot's):
   * takes a fresh snapshot when idle ({@link refresh}), then reads sqlite_schema again if the
   * snapshot's cookie still differs from the loaded schema's (sync backends).
   */
  syncSchema(): void {
    this.refresh();
    if (this.readCookie(1) !== this.schema.cookie) this.schema = this.loadSchema();
  }

  /** {@link syncSchema} for asynchronous backends. */
  async syncSchemaAsync(): Promise<void> {
    await this.refreshAsync();
    if (this.readCookie(1) !== this.schema.cookie) {
      const rows = await runAsync(() => readSchema(this.pager, this.encoding));
      this.schema = schemaFrom(rows, this.readCookie(1));
    }
  }

  /**
   * @see VmHost.begin: the first running statement of an autocommit statement, or the first of an
   * explicit transaction, takes a fresh snapshot (read or write alike: a write transaction starts
   * from the newest commit, or beginWrite reports SQLITE_BUSY_SNAPSHOT); a write then starts the
   * write transaction.
   */
  begin(write: boolean): IOResult<boolean> {
    if (!this.writeTxn && (this.explicitTxn ? !this.txnHasSnapshot : this.active <= 1)) {
      const r = this.pager.beginRead();
      if (!r.done) return r;
    }
    if (this.explicitTxn) this.txnHasSnapshot = true;
    if (write) {
      if (!this.writeTxn) {
        const r = this.pager.beginWrite();
        if (!r.done) return r;
        this.writeTxn = new BTreeWriter(this.pager, this.encoding);
      }
      return READY_TRUE;
    }
    return READY_TRUE;
  }

  /** True inside a write transaction. */
  get inWriteTransaction(): boolean {
    return this.writeTxn !== null;
  }

  writer(): BTreeWriter {
    if (!this.writeTxn) throw new SqliteError('SQLITE_INTERNAL', 'no write transaction');
    this.statementWrote = true;
    return this.writeTxn;
  }

  /** Set when the explicit transaction has taken its snapshot (its first statement ran); cleared when it ends. */
  private txnHasSnapshot = false;

  /** Set once the running statement has touched a b-tree (see {@link statementEnded}). */
  private statementWrote = false;
  /** Pager.changeCount when the running writing statement began. */
  private changesAtStart = 0;

  /**
   * Deferred foreign-key violations the transaction has left (foreignkeys.html §4.2): FkCounter
   * with P1 ≠ 0 adds to it; COMMIT, a committing RELEASE and an autocommit statement's end fail
   * with "FOREIGN KEY constraint failed" while it is not 0. A failed statement, a ROLLBACK TO and
   * the end of the transaction put it back (to its value when the statement or the savepoint
   * began, and to 0).
   */
  deferredFk = 0;
  /** {@link deferredFk} when the running statement began. */
  private deferredAtStatementStart = 0;
  /** Set while an autocommit statement refused for deferred violations is rolled back (statementEnded). */
  private deferredFkFailed = false;

  fkDeferred(n: number): void {
    this.deferredFk += n;
  }

  /** The error of a commit refused for deferred foreign-key violations. */
  deferredFkError(): SqliteError {
    return new SqliteError('SQLITE_CONSTRAINT_FOREIGNKEY', 'FOREIGN KEY constraint failed');
  }

  countChange(rowid: number | bigint | null): void {
    this.stmtChanges++;
    this.totalChanges++;
    if (rowid !== null) this.lastInsertRowid = rowid;
  }

  /** @see VmHost.onErrorAction */
  onErrorAction(action: 'rollback' | 'fail'): void {
    this.errorAction = action;
  }

  /** Set by {@link onErrorAction} until the failing statement ends. */
  private errorAction: 'rollback' | 'fail' | null = null;

  /** A trigger's row: counted in total_changes() now, and kept even if the statement then fails once its trigger has ended. */
  countTotalChange(): void {
    this.totalChanges++;
    if (this.triggerRows.length) this.triggerRows[this.triggerRows.length - 1]++;
  }

  /** Rows written by each running trigger program, innermost last (see {@link triggerFrame}). */
  private triggerRows: number[] = [];

  /** @see VmHost.triggerFrame */
  triggerFrame(begin: boolean): void {
    if (begin) this.triggerRows.push(0);
    else this.totalAtStatementStart += this.triggerRows.pop() ?? 0;
  }

  schemaChanged(): void {
    this.schemaDirty = true;
  }

  setCookie(field: number, value: number): void {
    if (field === 1) this.pager.header.schemaCookie = value;
    // PRAGMA user_version / application_id (pragma-header.ts): header offsets 60 and 68.
    else if (field === 6) runSync(() => this.pager.updateHeader((h) => (h.userVersion = value)));
    else if (field === 8) runSync(() => this.pager.updateHeader((h) => (h.applicationId = value)));
  }

  readCookie(field: number): number {
    if (field === 1) return this.writeTxn ? this.pager.header.schemaCookie : (this.pager.dbHeader?.schemaCookie ?? 0);
    return 0;
  }

  /**
   * A statement starts running; `dml` resets the change count. `stmtJournal` false: the program
   * cannot abort after a partial change (Program.usesStmtJournal), so it needs no statement journal.
   */
  statementStarted(dml = false, writes = dml, stmtJournal = true): void {
    this.active++;
    if (this.active === 1) this.deferredAtStatementStart = this.deferredFk;
    if (writes) {
      this.statementWrote = false;
      this.changesAtStart = this.pager.changeCount;
    }
    // Inside a transaction a writing statement running alone gets a statement journal (savepoints.ts).
    if (writes && stmtJournal && this.active === 1 && this.explicitTxn) this.savepoints.beginStatement();
    if (dml) {
      this.stmtChanges = 0;
      this.totalAtStatementStart = this.totalChanges;
      this.countingStatement = true;
    }
  }

  /**
   * Rows the running INSERT/UPDATE/DELETE has changed so far. changes() keeps the previous
   * statement's count until this one ends (SQLite sets db->nChange as the statement halts).
   */
  private stmtChanges = 0;
  /** total_changes() when the running INSERT/UPDATE/DELETE began (restored if it fails). */
  private totalAtStatementStart = 0;
  /** True while an INSERT/UPDATE/DELETE runs: its failure sets changes() to 0, as sqlite3VdbeHalt. */
  private countingStatement = false;

  /**
   * A statement finished (`ok`) or failed or was reset: in autocommit mode the last one to end
   * commits (or rolls back) the write transaction. Returns the commit work for the caller's driver.
   */
  statementEnded(ok: boolean): IOResult<void> {
    // An autocommit statement's end is its transaction's commit: deferred violations fail it, and
    // it is rolled back (SQLite's sqlite3VdbeCheckFk at the commit).
    if (ok && this.deferredFk !== 0 && this.active <= 1 && !this.explicitTxn && this.writeTxn && !this.committing) this.deferredFkFailed = true;
    // Called again after the rollback waited on I/O (the schema read again): still a failure.
    if (this.deferredFkFailed) ok = false;
    if (!ok && this.active <= 1) this.deferredFk = this.explicitTxn ? this.deferredAtStatementStart : 0;
    const action = ok ? null : this.errorAction;
    this.errorAction = null;
    // An error inside a trigger: the rows that trigger wrote still count in total_changes() (SQLite
    // adds the innermost sub-program's count as it halts); those of the triggers around it do not.
    if (this.triggerRows.length) {
      if (!ok) this.totalAtStatementStart += this.triggerRows[this.triggerRows.length - 1];
      this.triggerRows = [];
    }
    // RAISE(FAIL): the rows changed before the error stay, and count.
    if (action === 'fail') ok = true;
    if (this.countingStatement) {
      this.countingStatement = false;
      // A failed statement's changes are undone and not counted (changes() 0, total as before).
      this.changes = ok ? this.stmtChanges : 0;
      if (!ok) this.totalChanges = this.totalAtStatementStart;
    }
    if (this.active > 0) this.active--;
    if (this.active > 0) return READY_VOID;
    if (this.explicitTxn && action === 'rollback') this.explicitTxn = false;
    if (this.explicitTxn) {
      // A statement with a statement journal is undone alone when it fails, as SQLite's; the
      // transaction stays open.
      if (this.savepoints.inStatement) {
        const r = this.savepoints.endStatement(ok || !this.statementWrote);
        if (!r.done) return r;
        return this.reloadDirtySchema();
      }
      // Without one (another statement was running when it began), a statement that failed after
      // changing b-trees cannot be undone alone: the whole transaction is rolled back (as SQLite
      // does for SQLITE_FULL and the like), rather than leaving half a statement in it.
      // A statement without one changed nothing before it failed when the pager saw no change
      // (Program.usesStmtJournal: its checks all come before its first change).
      if (ok || !this.statementWrote || this.pager.changeCount === this.changesAtStart) return this.reloadDirtySchema();
      this.explicitTxn = false;
    }
    const r = this.endTransaction(ok);
    if (r.done && this.deferredFkFailed) {
      this.deferredFkFailed = false;
      throw this.deferredFkError();
    }
    return r;
  }

  /** Set while the pager's commit of the write transaction is under way (it waited on I/O). */
  private committing = false;

  /** Commits (`ok`) or rolls back the write transaction, if any, then reloads a changed schema. */
  endTransaction(ok: boolean): IOResult<void> {
    this.txnHasSnapshot = false;
    if (!this.explicitTxn) this.deferredFk = 0;
    const w = this.writeTxn;
    if (w) {
      if (!ok) {
        this.pager.rollback();
        this.writeTxn = null;
        this.schemaDirty = true;
      } else {
        // A commit that waited on I/O is called again (the IOResult contract): it goes on where it
        // stopped. Its pager job may already have ended the write transaction (a checkpoint after
        // the commit), so the auto-vacuum step before it must not run again.
        if (!this.committing) {
          const b = w.beforeCommit();
          if (!b.done) return b;
        }
        let c: IOResult<void>;
        try {
          this.committing = true;
          // No statement running: no cursor holds a page the commit replaces (pager invariant 12).
          c = this.pager.commit(this.active === 0);
        } catch (e) {
          this.committing = false;
          // The pager rolled the transaction back (an I/O error, another process's commit): so
          // does the connection, as SQLite's does after a failed COMMIT; the error goes on.
          if (!this.pager.inWriteTransaction) this.abandonTransaction();
          throw e;
        }
        if (!c.done) return c;
        this.committing = false;
        this.writeTxn = null;
      }
    }
    if (!this.explicitTxn) this.savepoints.clear();
    else if (!this.writeTxn) this.savepoints.writeEnded();
    if (this.schemaDirty && !this.writeTxn) {
      this.schemaDirty = false;
      const rows = readSchema(this.pager, this.encoding);
      if (!rows.done) {
        this.schemaDirty = true;
        return rows;
      }
      this.schema = schemaFrom(rows.value, this.pager.dbHeader?.schemaCookie ?? 0);
    }
    return READY_VOID;
  }

  /** After the pager rolled back a failed commit: no transaction is open any more; the schema is read again. */
  private abandonTransaction(): void {
    this.writeTxn = null;
    this.explicitTxn = false;
    this.txnHasSnapshot = false;
    this.savepoints.clear();
    this.schemaDirty = true;
    const rows = readSchema(this.pager, this.encoding);
    if (rows.done) {
      this.schemaDirty = false;
      this.schema = schemaFrom(rows.value, this.pager.dbHeader?.schemaCookie ?? 0);
    }
  }

  /** @see VmHost.savepoint */
  savepoint(op: number, name: string): IOResult<void> {
    return this.savepoints.run(op, name);
  }

  /**
   * @see VmHost.vacuum (vacuum.ts does the work).
   * @throws SqliteError SQLITE_MISUSE on an asynchronous backend (VACUUM runs synchronously).
   */
  vacuum(into: Value | undefined): IOResult<void> {
    if (this.plan.io instanceof NodeAsyncIO) throw new SqliteError('SQLITE_MISUSE', 'VACUUM is not supported on an asynchronous connection yet');
    const io = this.plan.memory ? (syncIo ??= new NodeSyncIO()) : this.plan.io;
    const codec = this.plan.encryption.complete ? this.plan.encryption.codec() : undefined;
    return runVacuum(this, into, { io, codec, nextPageSize: this.nextPageSize, autoVacuum: this.nextAutoVacuum ?? undefined });
  }

  /**
   * Rewrites the database file outside the pager (VACUUM with a new page size, vacuum-page-size.ts):
   * the pager is closed, `write(io, path)` runs, and the pager is opened again (also when `write`
   * throws) and the schema read again.
   * @throws SqliteError SQLITE_BUSY when another connection of this process has the file open;
   *   whatever `write` throws.
   */
  rewriteFile(write: (io: IO, path: string) => void): void {
    if (this.pager.sharedRefs > 1) throw new SqliteError('SQLITE_BUSY', 'database is locked');
    this.currentPager.close();
    try {
      write(this.plan.io, this.plan.path);
    } finally {
      const pager = Pager.open(this.plan.io, this.plan.path, pagerOptions(this.plan));
      this.currentPager = pager;
      this.schema = schemaFrom(runSync(() => readSchema(pager, encodingOf(pager))), pager.dbHeader?.schemaCookie ?? 0);
    }
  }

  /** @see SavepointHost.afterSavepointRollback */
  afterSavepointRollback(): IOResult<void> {
    this.writeTxn?.reset();
    this.schemaDirty = true;
    return this.reloadDirtySchema();
  }

  /**
   * Inside a transaction: reads the schema again after DDL (or a rollback to a savepoint) changed
   * sqlite_schema, from the transaction's own pages, so that the next statement sees it.
   */
  private reloadDirtySchema(): IOResult<void> {
    if (!this.schemaDirty) return READY_VOID;
    const rows = readSchema(this.pager, this.encoding);
    if (!rows.done) return rows;
    this.schemaDirty = false;
    this.schema = schemaFrom(rows.value, this.writeTxn ? this.pager.header.schemaCookie : (this.pager.dbHeader?.schemaCookie ?? 0));
    return ready(undefined);
  }

  /**
   * The database's bytes (Pager.image) at a fresh snapshot when no statement or transaction runs,
   * else at the running one's (its own writes included).
   */
  image(): Uint8Array {
    this.refresh();
    return runSync(() => this.pager.image());
  }

  /**
   * Closes the pager. An in-memory database's pages go to the process's page pool when no
   * statement runs (pager.ts invariant 12).
   */
  close(): void {
    this.pager.close(this.active === 0);
  }
}
