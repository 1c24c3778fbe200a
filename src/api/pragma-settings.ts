/**
 * The connection-level PRAGMAs (pragma.html), read and set as SQLite (3.53, as better-sqlite3
 * builds it) answers them:
 *
 * | pragma              | value read                      | assignment                                        |
 * | ------------------- | ------------------------------- | ------------------------------------------------- |
 * | synchronous         | 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA| names or numbers (getSafetyLevel); not in a transaction |
 * | cache_size          | as set (default -2000)          | N pages, or −N KiB; resizes the page cache          |
 * | foreign_keys        | 0 / 1 (default 0)               | boolean; a no-op inside a transaction; stored only |
 * | page_size           | bytes                           | a power of two 512..65536, only while the database is empty |
 * | wal_checkpoint(M)   | busy, log, checkpointed         | M: PASSIVE (default), FULL, RESTART, TRUNCATE     |
 * | journal_mode        | wal / delete / … / memory       | see below                                         |
 *
 * journal_mode: an in-memory database is always "memory". A file switches to WAL (a write
 * transaction rewrites page 1, which turns header bytes 18–19 to 2; an empty database is created
 * then, as SQLite creates it) and out of it (Pager.leaveWal:
 * checkpoint, bytes 18–19 back to 1, WAL removed) when no other connection has it open; otherwise
 * the mode stays WAL and the statement fails with SQLITE_BUSY "database is locked", as SQLite's
 * does. Outside WAL the rollback modes DELETE,
 * TRUNCATE, PERSIST and MEMORY are remembered and reported, but Strata's next write transaction
 * puts the file in WAL mode again (new writes always use the WAL: DESIGN.md "Files"). OFF is
 * refused (the current mode is returned), as under better-sqlite3's defensive setting. An unknown
 * mode reads the current one.
 *
 * Decision: these PRAGMAs act when the statement is prepared, like the reading PRAGMAs (prepare.ts),
 * not when it is stepped.
 *
 * @module
 */
import { isSqliteError, SqliteError } from '../error.js';
import { runSync } from '../io/io-result.js';
import type { Value } from '../engine/value/value.js';
import type { Connection } from './connection.js';
import type { PragmaTable } from './pragma.js';
import { safetyLevel, sqliteAtoi, sqliteBoolean } from './pragma-values.js';

/** What a connection remembers of its PRAGMA settings. */
interface Settings {
  /** SQLite's safety_level: 1 OFF, 2 NORMAL, 3 FULL, 4 EXTRA (up to 7); PRAGMA synchronous reads level − 1. */
  safetyLevel: number;
  cacheSize: number;
  foreignKeys: boolean;
  /** A rollback journal mode chosen outside WAL, or null for "delete". */
  journalMode: string | null;
}

const settings = new WeakMap<Connection, Settings>();

function stateOf(conn: Connection): Settings {
  let s = settings.get(conn);
  if (!s) {
    s = { safetyLevel: 3, cacheSize: -2000, foreignKeys: false, journalMode: null };
    settings.set(conn, s);
  }
  return s;
}

function one(name: string, v: Value): PragmaTable {
  return { columns: [name], rows: [[v]] };
}
const NONE: PragmaTable = { columns: [], rows: [] };

const inTransaction = (conn: Connection): boolean => conn.explicitTxn || conn.inWriteTransaction;

/** PRAGMA synchronous [= level]. @throws SqliteError "Safety level may not be changed inside a transaction". */
export function synchronousPragma(conn: Connection, arg: string | null): PragmaTable {
  const s = stateOf(conn);
  if (arg === null) return one('synchronous', s.safetyLevel - 1);
  if (inTransaction(conn)) throw new SqliteError('SQLITE_ERROR', 'Safety level may not be changed inside a transaction');
  let level = (safetyLevel(arg, false, 1) + 1) & 0x07;
  if (level === 0) level = 1;
  s.safetyLevel = level;
  conn.pager.synchronous = level === 1 ? 'off' : level === 2 ? 'normal' : 'full';
  return NONE;
}

/** PRAGMA cache_size [= N]: N pages, or −N KiB of pages. */
export function cacheSizePragma(conn: Connection, arg: string | null): PragmaTable {
  const s = stateOf(conn);
  if (arg === null) return one('cache_size', s.cacheSize);
  const n = sqliteAtoi(arg);
  s.cacheSize = n;
  const pageSize = conn.pager.pageSize || 4096;
  const pages = n >= 0 ? n : Math.ceil((-n * 1024) / pageSize);
  conn.pager.cacheSizePages = Math.max(10, pages);
  return NONE;
}

/** Whether PRAGMA foreign_keys is on for `conn` (DML then enforces foreign keys, translate/check-fk.ts). */
export function foreignKeysEnabled(conn: Connection): boolean {
  return stateOf(conn).foreignKeys;
}

/**
 * The connection's PRAGMA settings object, the same one for the connection's lifetime: a statement
 * holds it to read `foreignKeys` on each run without the per-connection lookup.
 */
export function pragmaSettingsOf(conn: Connection): { readonly foreignKeys: boolean } {
  return stateOf(conn);
}

/** PRAGMA foreign_keys [= bool] (stored; enforced by statements prepared while it is on). */
export function foreignKeysPragma(conn: Connection, arg: string | null): PragmaTable {
  const s = stateOf(conn);
  if (arg === null) return one('foreign_keys', s.foreignKeys ? 1 : 0);
  if (!inTransaction(conn)) s.foreignKeys = sqliteBoolean(arg);
  return NONE;
}

/** PRAGMA page_size = N: honoured only while the database has no page yet; else kept for VACUUM INTO. */
export function pageSizePragma(conn: Connection, arg: string): PragmaTable {
  const n = sqliteAtoi(arg);
  const p = conn.pager;
  if (p.pageCount === 0 && !p.inWriteTransaction && n >= 512 && n <= 65536 && (n & (n - 1)) === 0) {
    p.pageSize = n;
    p.usableSize = 0;
  }
  // On a database with pages it waits for VACUUM (SQLite's db->nextPagesize; api/vacuum.ts).
  else if (p.pageCount > 0) conn.nextPageSize = n;
  return NONE;
}

const CHECKPOINT_MODES = ['PASSIVE', 'FULL', 'RESTART', 'TRUNCATE'] as const;

/** PRAGMA wal_checkpoint[(mode)]: busy, log, checkpointed (−1, −1 outside WAL). @throws SqliteError SQLITE_LOCKED inside a write transaction. */
export function walCheckpointPragma(conn: Connection, arg: string | null): PragmaTable {
  const mode = CHECKPOINT_MODES.find((m) => m === (arg ?? '').toUpperCase()) ?? 'PASSIVE';
  if (conn.inWriteTransaction) throw new SqliteError('SQLITE_LOCKED', 'database table is locked');
  const r = conn.memory ? { busy: 0, log: -1, checkpointed: -1 } : runSync(() => conn.pager.checkpoint(mode));
  return { columns: ['busy', 'log', 'checkpointed'], rows: [[r.busy, r.log, r.checkpointed]] };
}

const JOURNAL_MODES = ['delete', 'persist', 'off', 'truncate', 'memory', 'wal'];

function currentJournalMode(conn: Connection): string {
  if (conn.memory) return 'memory';
  const h = conn.pager.dbHeader;
  if (h && h.writeVersion === 2) return 'wal';
  return stateOf(conn).journalMode ?? 'delete';
}

/**
 * PRAGMA journal_mode [= mode] (see the module doc).
 * @throws SqliteError "cannot change into/out of wal mode from within a transaction"; SQLITE_BUSY
 *   when another connection keeps the file in WAL mode.
 */
export function journalModePragma(conn: Connection, arg: string | null): PragmaTable {
  const s = stateOf(conn);
  const current = currentJournalMode(conn);
  const want = arg?.toLowerCase();
  // As OP_JournalMode: a transaction that has written keeps its mode silently (the pager may not
  // change it then); one that has not cannot move into or out of WAL.
  if (want === undefined || !JOURNAL_MODES.includes(want) || conn.memory || want === 'off' || want === current || conn.inWriteTransaction) return one('journal_mode', current);
  const p = conn.pager;
  if (want === 'wal') {
    if (inTransaction(conn)) throw new SqliteError('SQLITE_ERROR', 'cannot change into wal mode from within a transaction');
    try {
      runSync(() => conn.begin(true));
    } catch (e) {
      if (isSqliteError(e, 'SQLITE_READONLY') || isSqliteError(e, 'SQLITE_BUSY')) return one('journal_mode', current);
      throw e;
    }
    runSync(() => p.updateHeader(() => undefined));
    runSync(() => conn.endTransaction(true));
    s.journalMode = null;
    return one('journal_mode', currentJournalMode(conn));
  }
  if (current === 'wal') {
    if (inTransaction(conn)) throw new SqliteError('SQLITE_ERROR', 'cannot change out of wal mode from within a transaction');
    try {
      if (!runSync(() => p.leaveWal())) throw new SqliteError('SQLITE_BUSY', 'database is locked');
    } catch (e) {
      if (isSqliteError(e, 'SQLITE_READONLY')) return one('journal_mode', current);
      throw e;
    }
  }
  s.journalMode = want === 'delete' ? null : want;
  return one('journal_mode', want);
}
