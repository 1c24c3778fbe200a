/**
 * VACUUM with a new page size (`PRAGMA page_size = N; VACUUM`) on a file in rollback-journal mode,
 * as SQLite does it there: the compact copy, built with N-byte pages, replaces the file under a
 * rollback journal. (In WAL mode SQLite keeps the page size, and so does Strata: WAL frames carry
 * one page size; api/vacuum.ts.)
 *
 * ```
 *   1. copy := vacuumInto(main → memory pager with N-byte pages)      the old file untouched
 *   2. FILE-journal := header (old size, old page size, nonce) + every old page, synced
 *   3. FILE := the copy's pages (header bytes 18–19 = 1, change counter + 1), truncated, synced
 *   4. remove FILE-journal                                             ← the commit point
 * ```
 *
 * Invariants:
 * 1. Until step 4 the journal holds every page of the old file with its checksum, and it is
 *    durable before FILE is first written: a crash anywhere leaves a hot journal that the next open
 *    rolls back (hot-journal.ts, pager.c pager_playback), restoring the old file with its old page
 *    size and size. A crash before the journal is synced leaves FILE as it was.
 * 2. Only when no WAL exists and no other connection of this process has the file open
 *    (Connection.rewriteFile refuses with SQLITE_BUSY then).
 *
 * @module
 */
import { randomInt } from 'node:crypto';
import { encodeJournalHeader, encodeJournalPageRecord } from '../format/index.js';
import type { File, IO } from '../io/file.js';
import type { Completion } from '../io/completion.js';
import { MemoryIO } from '../io/memory.js';
import { pending, ready, runSync } from '../io/io-result.js';
import { Pager, WRITER_VERSION_NUMBER } from '../pager/pager.js';
import { JOURNAL_SECTOR_SIZE_BYTES } from '../pager/hot-journal.js';
import { vacuumInto } from '../engine/vacuum-into.js';
import type { AutoVacuumMode } from '../btree/write/btree-writer.js';

/** Byte offsets in the database header (fileformat2 §1.3). */
const WRITE_VERSION_OFFSET = 18;
const CHANGE_COUNTER_OFFSET = 24;
const VERSION_VALID_FOR_OFFSET = 92;
const SQLITE_VERSION_OFFSET = 96;

/** Waits for `c` (synchronous backends). */
function wait<T>(c: Completion<T>): T {
  return runSync(() => (c.finished ? ready(c.value) : pending(c)));
}

/**
 * Builds the compact copy of `main` (at its snapshot) with `pageSize`-byte pages: the pages of the
 * new file, page 1 set for rollback mode with the change counter after `main`'s; `autoVacuum`
 * overrides the source's auto_vacuum mode.
 */
export function compactCopy(main: Pager, pageSize: number, autoVacuum?: AutoVacuumMode): Uint8Array[] {
  const temp = Pager.open(new MemoryIO(), 'vacuum-page-size', { readonly: false, memory: true, newPageSize: pageSize, newReservedBytes: main.pageSize - main.usableSize });
  try {
    vacuumInto(main, temp, undefined, { renumberRowids: true, autoVacuum });
    runSync(() => temp.beginRead());
    const pages: Uint8Array[] = [];
    for (let pgno = 1; pgno <= temp.pageCount; pgno++) pages.push(runSync(() => temp.getPage(pgno)).slice());
    const p1 = new DataView(pages[0].buffer, pages[0].byteOffset);
    pages[0][WRITE_VERSION_OFFSET] = 1;
    pages[0][WRITE_VERSION_OFFSET + 1] = 1;
    const counter = ((main.dbHeader?.changeCounter ?? 0) + 1) >>> 0;
    p1.setUint32(CHANGE_COUNTER_OFFSET, counter);
    p1.setUint32(VERSION_VALID_FOR_OFFSET, counter);
    // The in-memory copy's page 1 carries no version number (pager.ts invariant 11): the file's does.
    p1.setUint32(SQLITE_VERSION_OFFSET, WRITER_VERSION_NUMBER);
    return pages;
  } finally {
    temp.close();
  }
}

/**
 * Steps 2–4 of the module doc: replaces the file at `path` (old page size `oldPageSize`) by
 * `pages` under a rollback journal. The database must not be open in this process.
 * @throws SqliteError SQLITE_IOERR; after it the journal, if any, is hot and the next open rolls
 *   the file back.
 */
export function replaceUnderJournal(io: IO, path: string, oldPageSize: number, pages: readonly Uint8Array[]): void {
  const db = io.open(path);
  let journal: File | null = null;
  try {
    const oldBytes = wait(db.size());
    const oldPages = Math.floor(oldBytes / oldPageSize);
    const nonce = randomInt(0x100000000 - 1);
    const head = new Uint8Array(JOURNAL_SECTOR_SIZE_BYTES);
    head.set(encodeJournalHeader({ nRec: oldPages, nonce, initialPages: oldPages, sectorSize: JOURNAL_SECTOR_SIZE_BYTES, pageSize: oldPageSize }), 0);
    journal = io.open(`${path}-journal`, { create: true });
    wait(journal.write(0, head));
    let off = JOURNAL_SECTOR_SIZE_BYTES;
    for (let pgno = 1; pgno <= oldPages; pgno++) {
      const data = wait(db.read((pgno - 1) * oldPageSize, oldPageSize));
      const rec = encodeJournalPageRecord({ pgno, data }, nonce);
      wait(journal.write(off, rec));
      off += rec.length;
    }
    wait(journal.sync());
    const pageSize = pages[0].length;
    pages.forEach((p, i) => wait(db.write(i * pageSize, p)));
    wait(db.truncate(pages.length * pageSize));
    wait(db.sync());
    journal.close();
    journal = null;
    io.remove(`${path}-journal`);
  } finally {
    journal?.close();
    db.close();
  }
}
