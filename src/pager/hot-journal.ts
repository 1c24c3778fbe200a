/**
 * Rollback journals, the two ways the pager meets them: rolling back a hot journal found beside a
 * database (pager.c pager_playback), and writing the one-header journal that makes the creation of
 * a new database atomic (pager.ts, invariant 8).
 *
 * A journal (fileformat2 §3): a header at every sector boundary where a segment starts, each
 * followed by page records (4-byte pgno, the page as it was, 4-byte checksum with the header's
 * nonce). The header's "initial pages" is the database size before the transaction.
 *
 * @module
 */
import { decodeJournalHeader, decodeJournalPageRecord, encodeJournalHeader, isJournalHeader, journalChecksum } from '../format/index.js';
import { randomInt } from 'node:crypto';
import type { Completion } from '../io/completion.js';
import type { File } from '../io/file.js';

/** Sector size written in the header of the journal that guards a new database's page 1. */
export const JOURNAL_SECTOR_SIZE_BYTES = 512;

/**
 * Starts the writes that roll the hot journal `bytes` back into `db`: for each journal header (at
 * sector-size boundaries) its page records whose checksum matches are written back, then the file
 * is truncated to the journal's initial size and synced. The caller deletes the journal once they
 * have all finished (the rollback's commit point).
 * @returns the completions to wait on.
 */
export function rollbackJournal(db: File, bytes: Uint8Array): Completion<unknown>[] {
  const writes: Completion<unknown>[] = [];
  let off = 0;
  let initialPages = -1;
  let pageSize = 0;
  while (isJournalHeader(bytes, off)) {
    const h = decodeJournalHeader(bytes, off);
    if (initialPages < 0) initialPages = h.initialPages;
    pageSize = h.pageSize;
    const sector = h.sectorSize || 512;
    off += sector;
    // nRec 0xffffffff means "as many records as fit"; so does 0 in a journal that was not synced.
    const fit = Math.floor((bytes.length - off) / (pageSize + 8));
    const n = h.nRec === 0xffffffff || h.nRec === 0 ? fit : Math.min(h.nRec, fit);
    let torn = false;
    for (let i = 0; i < n; i++) {
      const rec = decodeJournalPageRecord(bytes, off, pageSize);
      off += pageSize + 8;
      if (journalChecksum(h.nonce, rec.data) !== rec.checksum || rec.pgno === 0) {
        torn = true; // a torn record ends the replay
        break;
      }
      writes.push(db.write((rec.pgno - 1) * pageSize, rec.data.slice()));
    }
    if (torn) break;
    off = Math.ceil(off / sector) * sector;
  }
  if (initialPages >= 0 && pageSize > 0) writes.push(db.truncate(initialPages * pageSize));
  writes.push(db.sync());
  return writes;
}

/**
 * The journal guarding a new database: one sector holding a header that says the file had 0
 * pages and no records, so rolling it back truncates the database file to 0 bytes.
 */
export function emptyFileJournal(pageSize: number): Uint8Array {
  const head = new Uint8Array(JOURNAL_SECTOR_SIZE_BYTES);
  head.set(encodeJournalHeader({ nRec: 0, nonce: randomInt(0x100000000 - 1), initialPages: 0, sectorSize: JOURNAL_SECTOR_SIZE_BYTES, pageSize }), 0);
  return head;
}
