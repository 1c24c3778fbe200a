/**
 * The corpus shipped in `corpus/` (built by corpus/make.sh): every database with what it is for
 * and the facts SQLite reports about it, the same as corpus/README.md states (test/corpus checks
 * README, this table and sqlite3 against one another).
 *
 * Counts are as SQLite sees the file once opened: with the WAL applied, or the hot journal rolled
 * back (the `-wal` and `-journal` files sit beside their database under the same name).
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TextEncodingName } from './sql-value.js';
import { REPO_ROOT } from './shared.js';

/** Absolute path of `corpus/`. */
export const CORPUS_DIR = join(REPO_ROOT, 'corpus');

/** One database of the shipped corpus. */
export interface RepoCorpusFile {
  /** File name inside corpus/, e.g. 'page-512.db'. */
  name: string;
  /** What the file exercises, one line (as in corpus/README.md). */
  purpose: string;
  /** Page size in bytes. */
  pageSize: number;
  encoding: TextEncodingName;
  autoVacuum: 'none' | 'full' | 'incremental';
  /** Size in pages as SQLite reports it (PRAGMA page_count). */
  pageCount: number;
  /** Pages on the freelist (PRAGMA freelist_count). */
  freelistCount: number;
  /** A file beside it: `-wal`, or a hot `-journal`. */
  sidecar?: 'wal' | 'hot-journal';
}

/** What a shipped `-wal` holds; frames are numbered from 1, as SQLite does. */
export interface RepoWalFacts {
  /** The database; the WAL is `${name}-wal`. */
  name: string;
  /** Whole frames in the file. */
  frames: number;
  /** Bytes after the last whole frame (a torn write). */
  trailingBytes: number;
  /** Checksum byte order given by the magic: 0x377f0682 little-endian, 0x377f0683 big-endian. */
  checksumOrder: 'le' | 'be';
  checkpointSeq: number;
  /** Commit frames a reader must apply, in order; the last is where a reader stops. */
  commitFrames: number[];
  /** The database size in pages in the file itself, before the WAL is applied. */
  dbFilePages: number;
}

/** Every shipped database, sorted by name. */
export const REPO_CORPUS: readonly RepoCorpusFile[] = [
  { name: 'autovacuum-full.db', purpose: 'auto_vacuum=FULL at 512-byte pages: 3 ptrmap pages (2, 105, 208), overflow chains, pages relocated by deletes', pageSize: 512, encoding: 'UTF-8', autoVacuum: 'full', pageCount: 272, freelistCount: 0 },
  { name: 'autovacuum-incremental.db', purpose: 'auto_vacuum=INCREMENTAL with 35 free pages left (ptrmap type 2) after a partial incremental_vacuum', pageSize: 1024, encoding: 'UTF-8', autoVacuum: 'incremental', pageCount: 120, freelistCount: 35 },
  { name: 'empty.db', purpose: 'a single page, empty schema; only user_version 7 and application_id 0x53545241 set', pageSize: 4096, encoding: 'UTF-8', autoVacuum: 'none', pageCount: 1, freelistCount: 0 },
  { name: 'freelist.db', purpose: 'a freelist of 342 pages at 512-byte pages: 3 trunk pages and their leaves (deleted range, dropped table)', pageSize: 512, encoding: 'UTF-8', autoVacuum: 'none', pageCount: 441, freelistCount: 342 },
  { name: 'hot-journal.db', purpose: 'a hot rollback journal captured mid-UPDATE, with changed pages already spilled into the db; opening rolls back', pageSize: 1024, encoding: 'UTF-8', autoVacuum: 'none', pageCount: 56, freelistCount: 0, sidecar: 'hot-journal' },
  { name: 'overflow.db', purpose: 'long overflow chains (190 KB blob, 100 KB text), payloads around the local-size limits, overflowing index and WITHOUT ROWID keys', pageSize: 1024, encoding: 'UTF-8', autoVacuum: 'none', pageCount: 560, freelistCount: 0 },
  { name: 'page-1024.db', purpose: 'page size 1024: two tables, an index, a composite-key autoindex', pageSize: 1024, encoding: 'UTF-8', autoVacuum: 'none', pageCount: 103, freelistCount: 0 },
  { name: 'page-16384.db', purpose: 'page size 16384, same schema and rows', pageSize: 16384, encoding: 'UTF-8', autoVacuum: 'none', pageCount: 13, freelistCount: 0 },
  { name: 'page-32768.db', purpose: 'page size 32768, same schema and rows (single-page b-trees)', pageSize: 32768, encoding: 'UTF-8', autoVacuum: 'none', pageCount: 5, freelistCount: 0 },
  { name: 'page-4096.db', purpose: 'page size 4096, same schema and rows', pageSize: 4096, encoding: 'UTF-8', autoVacuum: 'none', pageCount: 31, freelistCount: 0 },
  { name: 'page-512.db', purpose: 'page size 512, same schema and rows: b-trees three levels deep', pageSize: 512, encoding: 'UTF-8', autoVacuum: 'none', pageCount: 208, freelistCount: 0 },
  { name: 'page-65536.db', purpose: 'page size 65536 (stored as 1 in the header), same schema and rows', pageSize: 65536, encoding: 'UTF-8', autoVacuum: 'none', pageCount: 5, freelistCount: 0 },
  { name: 'page-8192.db', purpose: 'page size 8192, same schema and rows', pageSize: 8192, encoding: 'UTF-8', autoVacuum: 'none', pageCount: 18, freelistCount: 0 },
  { name: 'reserved-bytes.db', purpose: '40 reserved bytes per page (usable size 984): shifts overflow thresholds; overflowing index keys', pageSize: 1024, encoding: 'UTF-8', autoVacuum: 'none', pageCount: 96, freelistCount: 0 },
  { name: 'sample.db', purpose: 'the npm start demo: a periodic table with foreign keys, UNIQUE, an index, a view, a trigger, one overflowing text', pageSize: 4096, encoding: 'UTF-8', autoVacuum: 'none', pageCount: 14, freelistCount: 0 },
  { name: 'schema.db', purpose: 'WITHOUT ROWID tables (DESC key column), multi-column, DESC, expression, partial and NOCASE indexes, view, trigger', pageSize: 1024, encoding: 'UTF-8', autoVacuum: 'none', pageCount: 151, freelistCount: 0 },
  { name: 'utf16be.db', purpose: 'UTF-16be text: accents, combining marks, Greek, Cyrillic, Hebrew, Arabic, CJK, U+20000, emoji (ZWJ, flag)', pageSize: 1024, encoding: 'UTF-16be', autoVacuum: 'none', pageCount: 27, freelistCount: 0 },
  { name: 'utf16le.db', purpose: 'UTF-16le text, same rows as utf16be.db', pageSize: 1024, encoding: 'UTF-16le', autoVacuum: 'none', pageCount: 28, freelistCount: 0 },
  { name: 'values.db', purpose: 'every storage class and serial type: integer width limits, ±2^63, 2^53+1, -0.0, 5e-324, ±Inf, NUL in text, affinity, ADD COLUMN default', pageSize: 4096, encoding: 'UTF-8', autoVacuum: 'none', pageCount: 3, freelistCount: 0 },
  { name: 'wal-be.db', purpose: 'wal.db with its WAL rewritten to magic 0x377f0683 (big-endian checksums)', pageSize: 1024, encoding: 'UTF-8', autoVacuum: 'none', pageCount: 15, freelistCount: 0, sidecar: 'wal' },
  { name: 'wal-restart.db', purpose: 'a WAL restarted after a checkpoint: 3 new frames, then 23 stale frames with the old salts', pageSize: 1024, encoding: 'UTF-8', autoVacuum: 'none', pageCount: 15, freelistCount: 0, sidecar: 'wal' },
  { name: 'wal-torn.db', purpose: 'wal.db plus a torn tail: an uncommitted frame, a commit frame with a bad checksum, half a frame', pageSize: 1024, encoding: 'UTF-8', autoVacuum: 'none', pageCount: 15, freelistCount: 0, sidecar: 'wal' },
  { name: 'wal.db', purpose: 'WAL mode with 4 un-checkpointed commits (24 frames; pages rewritten, table created, db grown from 11 to 15 pages)', pageSize: 1024, encoding: 'UTF-8', autoVacuum: 'none', pageCount: 15, freelistCount: 0, sidecar: 'wal' },
];

/** What each shipped `-wal` holds. */
export const REPO_WALS: readonly RepoWalFacts[] = [
  { name: 'wal.db', frames: 24, trailingBytes: 0, checksumOrder: 'le', checkpointSeq: 0, commitFrames: [11, 17, 19, 24], dbFilePages: 11 },
  { name: 'wal-be.db', frames: 24, trailingBytes: 0, checksumOrder: 'be', checkpointSeq: 0, commitFrames: [11, 17, 19, 24], dbFilePages: 11 },
  { name: 'wal-torn.db', frames: 26, trailingBytes: 536, checksumOrder: 'le', checkpointSeq: 0, commitFrames: [11, 17, 19, 24], dbFilePages: 11 },
  { name: 'wal-restart.db', frames: 26, trailingBytes: 0, checksumOrder: 'le', checkpointSeq: 1, commitFrames: [3], dbFilePages: 15 },
];

/** Absolute path of a shipped corpus file. */
export function corpusPath(name: string): string {
  return join(CORPUS_DIR, name);
}

/** The shipped databases that exist on disk (all of them, unless corpus/ was not built). */
export function repoCorpusFiles(): RepoCorpusFile[] {
  return REPO_CORPUS.filter((f) => existsSync(corpusPath(f.name)));
}
