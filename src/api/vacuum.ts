/**
 * VACUUM and VACUUM INTO (lang_vacuum.html), the work of SQLite's sqlite3RunVacuum done the
 * Strata way: the b-trees are copied into a fresh database by {@link vacuumInto}
 * (engine/vacuum-into.ts: tables in sqlite_schema order with their rowids, index entries in key
 * order, sqlite_schema last with the new root pages; encoding, user_version, application_id,
 * default cache size and auto_vacuum mode kept — or the mode a `PRAGMA auto_vacuum` set since,
 * as SQLite's db->nextAutovac; schema cookie + 1).
 *
 * ```
 *   VACUUM (in place)                                  VACUUM INTO 'file'
 *   1. write transaction on main (conn.begin(true))    1. read snapshot of main (conn.begin(false))
 *   2. vacuumInto(main → temp)  temp: memory pager,    2. 'file' must be absent or empty
 *      same page size and reserved bytes               3. vacuumInto(main → Pager(file))
 *   3. main.truncate(0); pages 1..N of temp appended   4. back to rollback mode (bytes 18–19 = 1),
 *      to main, header fields from temp                   WAL folded in and removed; closed
 *   4. the statement ends: the connection commits
 *      main's transaction (one WAL commit)
 * ```
 *
 * Invariants:
 * 1. Atomic in place: every page of the new content is a dirty page of ONE write transaction of the
 *    main pager; its commit is one WAL commit (a file) or one in-memory commit (pager invariants 6,
 *    11). An error or a crash before that commit leaves the old content; a failure is rolled back by
 *    the connection as for any failed writing statement.
 * 2. No old byte survives in the database: the new pages are built from scratch (zero-filled pages,
 *    cells written one by one), the file shrinks to the new size at the checkpoint (or at once for
 *    a memory database), and the freelist is empty. Frames of earlier transactions may remain in
 *    the WAL file until it restarts, as in SQLite's WAL mode; `PRAGMA wal_checkpoint(TRUNCATE)`
 *    after VACUUM clears them.
 * 3. Page size: in place it is kept, as SQLite keeps it, for a WAL database and for an in-memory
 *    one (`PRAGMA page_size = N` before VACUUM is ignored there; encrypted files, always in WAL
 *    mode, likewise). A plain file in rollback-journal mode (header bytes 18–19 = 1, no WAL: as
 *    SQLite leaves a file it created) takes the new size, the file being replaced under a rollback
 *    journal (vacuum-page-size.ts), and stays in rollback mode, as SQLite's. VACUUM INTO honours a
 *    pending N as well (SQLite does, WAL or not). An invalid N (not a power of two in 512..65536)
 *    is ignored, as sqlite3BtreeSetPageSize ignores it.
 *
 * Errors, SQLite's words: "cannot VACUUM from within a transaction", "cannot VACUUM - SQL statements
 * in progress", "non-text filename", "output file already exists" (all SQLITE_ERROR).
 *
 * Encryption (decided here; Turso's VACUUM INTO writes a plaintext copy of an encrypted database, its
 * issue #5851, and takes `file:` URIs with `cipher`/`hexkey` for an encrypted one, its PR #6107):
 * - the destination may be a `file:` URI with `cipher=…&hexkey=…`: the copy is encrypted so;
 * - an encrypted source with no cipher named: the copy is encrypted with the source's cipher and
 *   key — never silently written in plaintext;
 * - `cipher=none` in the URI asks for a plaintext copy (no reserved bytes) explicitly;
 * - in place, an encrypted database stays encrypted with its key (pages are sealed at commit).
 *
 * Only synchronous backends (node-sync, memory, fault-injecting over them): the copy runs with
 * runSync. On a `connect()` (node-async) connection VACUUM throws SQLITE_MISUSE.
 *
 * @module
 */
import { SqliteError } from '../error.js';
import type { IO } from '../io/file.js';
import { MemoryIO } from '../io/memory.js';
import { pending, ready, runSync, type IOResult } from '../io/io-result.js';
import type { PageCodec } from '../pager/page-codec.js';
import { Pager } from '../pager/pager.js';
import { vacuumInto } from '../engine/vacuum-into.js';
import type { AutoVacuumMode } from '../btree/write/btree-writer.js';
import type { Value } from '../engine/value/value.js';
import type { Connection } from './connection.js';
import { EncryptionConfig } from './encryption-config.js';
import { parseFilename } from './uri.js';
import { compactCopy, replaceUnderJournal } from './vacuum-page-size.js';

/** What {@link runVacuum} needs of the connection besides its pager. */
export interface VacuumContext {
  /** The backend VACUUM INTO writes its file with (synchronous). */
  io: IO;
  /** The main database's page codec (an encrypted database), or undefined. */
  codec: PageCodec | undefined;
  /** A pending `PRAGMA page_size = N` on a database that has pages (0: none). */
  nextPageSize: number;
  /** A pending `PRAGMA auto_vacuum = mode` (pragma-auto-vacuum.ts), applied to the copy; else the source's mode. */
  autoVacuum?: AutoVacuumMode;
}

const err = (message: string) => new SqliteError('SQLITE_ERROR', message);

/** True for a page size sqlite3BtreeSetPageSize accepts: a power of two in 512..65536 (bytes). */
function validPageSize(n: number): boolean {
  return n >= 512 && n <= 65536 && (n & (n - 1)) === 0;
}

/**
 * The Vacuum instruction (module doc): checks the connection's state, then rebuilds the main
 * database in place (`into` undefined) or writes the copy named by `into`. The calling statement counts
 * as running (`conn.active` ≥ 1).
 * @throws SqliteError SQLITE_ERROR (the messages in the module doc), SQLITE_READONLY in place on a
 *   read-only connection, SQLITE_BUSY, SQLITE_CORRUPT and SQLITE_IOERR from the pagers.
 */
export function runVacuum(conn: Connection, into: Value | undefined, ctx: VacuumContext): IOResult<void> {
  if (conn.explicitTxn || conn.inWriteTransaction) throw err('cannot VACUUM from within a transaction');
  if (conn.active > 1) throw err('cannot VACUUM - SQL statements in progress');
  if (into !== undefined) {
    if (typeof into !== 'string') throw err('non-text filename');
    runSync(() => conn.begin(false));
    vacuumIntoFile(conn.pager, into, ctx);
    return ready(undefined);
  }
  if (pageSizeChanges(conn, ctx)) {
    runSync(() => conn.begin(false));
    const main = conn.pager;
    const pages = compactCopy(main, ctx.nextPageSize, ctx.autoVacuum);
    const oldPageSize = main.pageSize;
    conn.rewriteFile((io, path) => replaceUnderJournal(io, path, oldPageSize, pages));
    return ready(undefined);
  }
  runSync(() => conn.begin(true));
  rebuildInPlace(conn.pager, ctx.autoVacuum);
  conn.schemaChanged();
  return ready(undefined);
}

/**
 * True when a pending `PRAGMA page_size = N` applies (invariant 3): a valid N other than the page
 * size, on a plain file in rollback-journal mode (header bytes 18–19 = 1) with no WAL.
 */
function pageSizeChanges(conn: Connection, ctx: VacuumContext): boolean {
  const main = conn.pager;
  const h = main.dbHeader;
  if (conn.memory || ctx.codec || !h || !validPageSize(ctx.nextPageSize) || ctx.nextPageSize === main.pageSize) return false;
  return h.writeVersion === 1 && h.readVersion === 1 && main.walShared === null && !main.io.exists(`${main.path}-wal`);
}

/** Steps 2–3 of the in-place VACUUM (module doc) inside `main`'s open write transaction. */
function rebuildInPlace(main: Pager, autoVacuum: AutoVacuumMode | undefined): void {
  const old = main.dbHeader;
  if (main.pageCount === 0 || !old) return; // an empty database: nothing to rebuild
  const temp = Pager.open(new MemoryIO(), 'vacuum-temp', { readonly: false, memory: true, newPageSize: main.pageSize, newReservedBytes: main.pageSize - main.usableSize });
  try {
    vacuumInto(main, temp, undefined, { renumberRowids: true, autoVacuum });
    const t = temp.dbHeader!;
    const n = temp.pageCount;
    main.truncate(0);
    while (main.pageCount < n) {
      const pgno = main.appendPage();
      runSync(() => main.getMutablePage(pgno)).set(runSync(() => temp.getPage(pgno)));
    }
    // The b-tree fields of the header from the copy; the commit writes them into page 1 and bumps
    // the change counter, which continues the old one.
    const f = main.header;
    f.freelistTrunk = t.freelistTrunk;
    f.freelistCount = t.freelistCount;
    f.largestRootPage = t.largestRootPage;
    f.incrementalVacuum = t.incrementalVacuum;
    f.schemaCookie = t.schemaCookie;
    runSync(() =>
      main.updateHeader((h) => {
        h.changeCounter = old.changeCounter;
        h.versionValidFor = old.versionValidFor;
      }),
    );
  } finally {
    temp.close();
  }
}

/** The destination's codec and reserved bytes (module doc, "Encryption"). */
function destinationCodec(params: ReadonlyMap<string, string>, source: PageCodec | undefined, sourceReserved: number): { codec?: PageCodec; reserved: number } {
  const cipher = params.get('cipher');
  if (cipher !== undefined && cipher.toLowerCase() === 'none') {
    if (params.has('hexkey')) throw new SqliteError('SQLITE_MISUSE', 'VACUUM INTO: cipher=none takes no hexkey');
    return { reserved: 0 };
  }
  const named = EncryptionConfig.from(cipher, params.get('hexkey'), 'VACUUM INTO').codec();
  const codec = named ?? source;
  return codec ? { codec, reserved: codec.reservedBytes } : { reserved: sourceReserved };
}

/** VACUUM INTO `filename` (module doc). */
function vacuumIntoFile(main: Pager, filename: string, ctx: VacuumContext): void {
  const { path, params, mode } = parseFilename(filename);
  const memory = path === '' || path === ':memory:' || mode === 'memory';
  const io: IO = memory ? new MemoryIO() : ctx.io;
  const target = memory ? 'vacuum-into' : path;
  const existed = io.exists(target);
  if (existed) refuseExisting(io, target);
  const { codec, reserved } = destinationCodec(params, ctx.codec, main.pageSize - main.usableSize);
  const pageSize = validPageSize(ctx.nextPageSize) ? ctx.nextPageSize : main.pageSize;
  let dst: Pager | null = null;
  try {
    dst = Pager.open(io, target, { readonly: false, memory, newPageSize: pageSize, newReservedBytes: reserved, codec });
    dst.synchronous = main.synchronous;
    if (main.pageCount > 0) vacuumInto(main, dst, undefined, { autoVacuum: ctx.autoVacuum });
    // SQLite writes the copy in rollback-journal mode: header bytes 18–19 are 1, no WAL beside it.
    // An encrypted copy stays in WAL mode (Turso's files always are; its header is sealed).
    if (!memory && !codec) runSync(() => dst!.leaveWal());
    dst.close();
    dst = null;
  } catch (e) {
    dst?.close();
    if (!memory && !existed) for (const p of [target, `${target}-wal`, `${target}-journal`]) if (io.exists(p)) io.remove(p);
    throw e;
  }
}

/**
 * An existing destination must be empty (0 bytes). SQLite attaches it first, so a file that is
 * not a database fails as ATTACH does ("file is not a database"); a database with content is
 * "output file already exists".
 */
function refuseExisting(io: IO, path: string): void {
  const f = io.open(path, { readonly: true });
  try {
    const size = runSync(() => {
      const c = f.size();
      return c.finished ? ready(c.value) : pending(c);
    });
    if (size === 0) return;
    const head = runSync(() => {
      const c = f.read(0, Math.min(size, 16));
      return c.finished ? ready(c.value) : pending(c);
    });
    if (Buffer.from(head).toString('latin1') !== 'SQLite format 3\0') throw new SqliteError('SQLITE_NOTADB', 'file is not a database');
    throw err('output file already exists');
  } finally {
    f.close();
  }
}
