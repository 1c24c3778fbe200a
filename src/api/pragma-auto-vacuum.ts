/**
 * `PRAGMA auto_vacuum [= mode]` (pragma.html#pragma_auto_vacuum), as SQLite's pragma.c and
 * sqlite3BtreeSetAutoVacuum answer it:
 *
 * | database                 | assignment                                                        |
 * |--------------------------|-------------------------------------------------------------------|
 * | empty (no page yet)      | the mode it is created with (Strata creates it at once, as PRAGMA journal_mode = WAL does) |
 * | auto_vacuum on           | FULL ⇄ INCREMENTAL at once (header offset 64)                     |
 * | anything else            | remembered: the next VACUUM (or VACUUM INTO) applies it            |
 *
 * Reading gives 0 NONE, 1 FULL, 2 INCREMENTAL (header offsets 52 and 64; an empty database: the
 * mode last assigned). Modes: none, full, incremental or 0, 1, 2; anything else is 0, as SQLite's
 * getAutoVacuum reads it. Inside a transaction, or on a read-only connection, the mode is only
 * remembered.
 *
 * @module
 */
import { isSqliteError } from '../error.js';
import { runSync } from '../io/io-result.js';
import { setAutoVacuum, type AutoVacuumMode } from '../btree/write/btree-writer.js';
import type { Connection } from './connection.js';
import type { PragmaTable } from './pragma.js';
import { sqliteAtoi } from './pragma-values.js';

const MODES: readonly AutoVacuumMode[] = ['none', 'full', 'incremental'];

/** SQLite's getAutoVacuum: a name, else a number 0..2, else 0. */
function parseMode(arg: string): AutoVacuumMode {
  const named = MODES.find((m) => m === arg.trim().toLowerCase());
  if (named) return named;
  const n = sqliteAtoi(arg);
  return n >= 0 && n <= 2 ? MODES[n] : 'none';
}

/** The mode the header holds (null for an empty database). */
function currentMode(conn: Connection): AutoVacuumMode | null {
  const h = conn.pager.pageCount > 0 ? conn.pager.dbHeader : null;
  if (!h) return null;
  return h.largestRootPage === 0 ? 'none' : h.incrementalVacuum ? 'incremental' : 'full';
}

/** PRAGMA auto_vacuum [= mode] (module doc). */
export function autoVacuumPragma(conn: Connection, arg: string | null): PragmaTable {
  if (arg === null) {
    const mode = currentMode(conn) ?? conn.nextAutoVacuum ?? 'none';
    return { columns: ['auto_vacuum'], rows: [[MODES.indexOf(mode)]] };
  }
  const mode = parseMode(arg);
  conn.nextAutoVacuum = mode;
  const now = currentMode(conn);
  const busy = conn.explicitTxn || conn.inWriteTransaction || conn.active > 0;
  const switchable = now === null ? mode !== 'none' : now !== 'none' && mode !== 'none' && now !== mode;
  if (!busy && switchable && !conn.pager.sealed) {
    try {
      runSync(() => conn.begin(true));
    } catch (e) {
      if (isSqliteError(e, 'SQLITE_READONLY')) return { columns: [], rows: [] }; // read-only: remembered only
      throw e;
    }
    try {
      const p = conn.pager;
      runSync(() => p.getMutablePage(1)); // page 1 carries the header fields the commit writes
      setAutoVacuum(p, mode);
    } catch (e) {
      runSync(() => conn.endTransaction(false));
      throw e;
    }
    runSync(() => conn.endTransaction(true));
  }
  return { columns: [], rows: [] };
}
