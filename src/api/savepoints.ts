/**
 * A connection's named savepoints (lang_savepoint.html), over the pager's savepoint journal
 * (src/pager/savepoint.ts):
 *
 * ```
 *   SAVEPOINT x     outside a transaction: starts one (as BEGIN DEFERRED) that x "owns";
 *                   pushes x (with a journal mark when the write transaction has begun)
 *   RELEASE x       the innermost x and every newer savepoint are gone, their changes stay; when x
 *                   is the outermost one and owns the transaction, the transaction commits
 *   ROLLBACK TO x   back to the state when the innermost x opened; newer savepoints are gone, x stays
 *   COMMIT/ROLLBACK end the transaction and every savepoint (Connection.endTransaction)
 * ```
 *
 * Invariants:
 * 1. Names compare case-insensitively (ASCII, as sqlite3StrICmp); the innermost match wins.
 * 2. A savepoint opened before the write transaction began has no journal mark (`depth` 0): rolling
 *    back to it abandons the whole write transaction, leaving the (read) transaction open. Such
 *    savepoints are always the oldest ones: the write transaction only ends while savepoints are
 *    open through a rollback to one of them, which removes every newer one.
 * 3. After a rollback the caches above the pager are invalid: the b-tree writer forgets the pages
 *    of any pending attempt and the schema is read again from the restored pages.
 * 4. An operation that returned pending (the commit of RELEASE) is resumed by the next call, which
 *    must be the same Savepoint instruction re-run (the IOResult contract of src/io).
 *
 * 5. Statement journal: inside a transaction every writing statement that runs alone gets an
 *    anonymous mark (SQLite's statement journal), released when it ends and rolled back to when it
 *    fails, so that a failed statement leaves the transaction and its earlier changes in place (a
 *    statement that began the write transaction is undone by abandoning it).
 *
 * Errors as SQLite's: "no such savepoint: x" (SQLITE_ERROR); "cannot commit transaction - SQL
 * statements in progress" (SQLITE_BUSY) for a RELEASE that would commit while another statement
 * runs.
 *
 * @module
 */
import { SqliteError } from '../error.js';
import { ready, type IOResult } from '../io/io-result.js';
import { SavepointJournal } from '../pager/savepoint.js';
import type { Pager } from '../pager/pager.js';
import { SAVEPOINT_BEGIN, SAVEPOINT_RELEASE } from '../engine/translate/savepoint.js';

/** What the savepoint stack needs from its connection. */
export interface SavepointHost {
  readonly pager: Pager;
  /** Inside BEGIN … COMMIT (or a transaction a savepoint started). */
  explicitTxn: boolean;
  readonly inWriteTransaction: boolean;
  /** Statements running (the Savepoint statement itself counts). */
  readonly active: number;
  /** Commits (`ok`) or rolls back the write transaction and reloads a changed schema. */
  endTransaction(ok: boolean): IOResult<void>;
  /**
   * After a rollback to a journal mark: forget writer caches, reread the schema (invariant 3).
   * Repeatable: a pending result is resumed by calling it again.
   */
  afterSavepointRollback(): IOResult<void>;
  /** Deferred foreign-key violations left (Connection.deferredFk): saved per savepoint, restored by ROLLBACK TO. */
  deferredFk: number;
  /** The error of a commit refused for them. */
  deferredFkError(): Error;
}

interface Entry {
  /** As written (for messages); compared lower-cased. */
  name: string;
  key: string;
  /** The pager journal's mark, 0 when opened before the write transaction (invariant 2). */
  depth: number;
  /** The deferred foreign-key violations when it was opened (ROLLBACK TO puts them back). */
  deferredFk: number;
}

function fold(name: string): string {
  return name.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** The savepoint stack of one connection. */
export class Savepoints {
  private readonly entries: Entry[] = [];
  /** True when the outermost savepoint started the transaction (SQLite's isTransactionSavepoint). */
  private ownsTransaction = false;
  private journal: SavepointJournal | null = null;
  private resume: (() => IOResult<void>) | null = null;
  /** The running statement's mark (invariant 5): its journal depth, 0 when it began before the write transaction. */
  private statement: { depth: number } | null = null;

  constructor(private readonly host: SavepointHost) {}

  /** Open savepoints, outermost first (names as written). */
  get names(): string[] {
    return this.entries.map((e) => e.name);
  }

  /**
   * Runs the Savepoint opcode: `op` 0 SAVEPOINT, 1 RELEASE, 2 ROLLBACK TO.
   * @throws SqliteError SQLITE_ERROR "no such savepoint: x"; SQLITE_BUSY for a committing RELEASE
   *   while other statements run; the commit's errors.
   */
  run(op: number, name: string): IOResult<void> {
    if (this.resume) {
      const r = this.resume();
      if (r.done) this.resume = null;
      return r;
    }
    if (op === SAVEPOINT_BEGIN) {
      this.open(name);
      return ready(undefined);
    }
    const key = fold(name);
    let i = this.entries.length - 1;
    while (i >= 0 && this.entries[i].key !== key) i--;
    if (i < 0) throw new SqliteError('SQLITE_ERROR', `no such savepoint: ${name}`);
    const r = op === SAVEPOINT_RELEASE ? this.release(i) : this.rollbackTo(i);
    return r;
  }

  private open(name: string): void {
    const h = this.host;
    if (!h.explicitTxn) {
      h.explicitTxn = true;
      this.ownsTransaction = true;
    }
    this.entries.push({ name, key: fold(name), depth: h.inWriteTransaction ? this.mark() : 0, deferredFk: h.deferredFk });
  }

  /** A new journal mark, the journal hooked into the pager on its first mark. */
  private mark(): number {
    const pager = this.host.pager;
    if (!this.journal) this.journal = new SavepointJournal(pager);
    pager.savepointHook = this.journal;
    return this.journal.open();
  }

  private release(i: number): IOResult<void> {
    const h = this.host;
    if (i === 0 && this.ownsTransaction) {
      if (h.active > 1) throw new SqliteError('SQLITE_BUSY', 'cannot commit transaction - SQL statements in progress');
      // A committing RELEASE, as COMMIT: refused while deferred foreign-key violations are left.
      if (h.deferredFk !== 0) throw h.deferredFkError();
      h.explicitTxn = false;
      this.clear();
      return this.resumable(() => h.endTransaction(true));
    }
    const first = this.entries.slice(i).find((e) => e.depth > 0);
    if (first) this.journal?.release(first.depth);
    this.entries.length = i;
    this.unhookWhenEmpty();
    return ready(undefined);
  }

  private rollbackTo(i: number): IOResult<void> {
    const h = this.host;
    const e = this.entries[i];
    this.entries.length = i + 1;
    h.deferredFk = e.deferredFk;
    if (e.depth === 0) {
      // Invariant 2: back to before the write transaction; the transaction itself stays open.
      if (!h.inWriteTransaction) return ready(undefined);
      this.writeEnded();
      return this.resumable(() => h.endTransaction(false));
    }
    this.journal!.rollbackTo(e.depth);
    return this.resumable(() => h.afterSavepointRollback());
  }

  /** Runs `step`; when it is pending, the next {@link run} resumes it (invariant 4). */
  private resumable(step: () => IOResult<void>): IOResult<void> {
    const r = step();
    if (!r.done) this.resume = step;
    return r;
  }

  /**
   * Nothing to do when the last mark goes: the journal (and its buffer pool) stays hooked, with no
   * mark to fill, until the write transaction ends ({@link writeEnded}).
   */
  private unhookWhenEmpty(): void {}

  /** The write transaction ended (or no mark is left): the journal goes, savepoints stay (invariant 2). */
  writeEnded(): void {
    if (this.host.pager.savepointHook === this.journal) this.host.pager.savepointHook = null;
    this.journal = null;
    for (const e of this.entries) e.depth = 0;
    if (this.statement && this.statement.depth > 0) this.statement.depth = 0;
  }

  /** A writing statement starts inside a transaction (invariant 5). */
  beginStatement(): void {
    this.statement = { depth: this.host.inWriteTransaction ? this.mark() : 0 };
  }

  /**
   * The statement ended: `ok` keeps its changes; otherwise they are undone (rolled back to its mark,
   * or the write transaction it began is abandoned) and the transaction stays open.
   */
  endStatement(ok: boolean): IOResult<void> {
    const st = this.statement;
    if (!st) return ready(undefined);
    if (ok) {
      this.statement = null;
      if (st.depth > 0) {
        this.journal?.release(st.depth);
        this.unhookWhenEmpty();
      }
      return ready(undefined);
    }
    if (st.depth === 0) {
      if (!this.host.inWriteTransaction) {
        this.statement = null;
        return ready(undefined);
      }
      this.writeEnded();
      const r = this.host.endTransaction(false);
      if (r.done) this.statement = null;
      return r;
    }
    if (st.depth > 0) {
      if (this.journal && this.journal.depth >= st.depth) {
        this.journal.rollbackTo(st.depth);
        this.journal.release(st.depth);
        this.unhookWhenEmpty();
      }
      st.depth = -1; // undone; only the schema reread may be left
    }
    const r = this.host.afterSavepointRollback();
    if (r.done) this.statement = null;
    return r;
  }

  /** True while a statement mark is open. */
  get inStatement(): boolean {
    return this.statement !== null;
  }

  /** Forgets every savepoint (COMMIT, ROLLBACK, or the write transaction ended). */
  clear(): void {
    this.entries.length = 0;
    this.ownsTransaction = false;
    this.statement = null;
    this.writeEnded();
  }
}
