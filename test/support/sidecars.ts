/**
 * The files beside a database (`-wal`, `-journal`) and a safe way to let SQLite open it.
 *
 * Opening a WAL database, or one with a hot journal, makes SQLite write: it creates a `-shm`,
 * checkpoints and deletes the `-wal` on close, rolls a hot journal back into the database. The
 * oracles must never change an input file, so {@link withOpenableCopy} hands them a copy in a
 * fresh temporary directory whenever any of that could happen, and the original path otherwise.
 * The `-shm` is never copied: like Strata (DESIGN.md, "the wal index lives in memory"), SQLite then
 * rebuilds the wal-index from the `-wal` itself.
 *
 * @module
 */
import { copyFileSync, existsSync, mkdtempSync, openSync, readSync, closeSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** The 8-byte magic at the start of a rollback-journal header (fileformat2 §3). */
const JOURNAL_MAGIC = Buffer.from('d9d505f920a163d7', 'hex');

function readPrefix(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Copies `file` and its `-wal` and `-journal`, when present, to `to` (the sidecars beside it); returns `to`. */
export function copyWithSidecars(file: string, to: string): string {
  copyFileSync(file, to);
  for (const ext of ['-wal', '-journal']) if (existsSync(file + ext)) copyFileSync(file + ext, to + ext);
  return to;
}

/** `FILE-wal` when it exists (even empty), else null. */
export function walOf(file: string): string | null {
  return existsSync(`${file}-wal`) ? `${file}-wal` : null;
}

/** `FILE-journal` when it exists (even empty or zeroed), else null. */
export function journalOf(file: string): string | null {
  return existsSync(`${file}-journal`) ? `${file}-journal` : null;
}

/**
 * True when `FILE-journal` is a hot journal SQLite would roll back on open: it exists, is not
 * empty and starts with the journal magic (a zeroed header, as journal_mode=PERSIST leaves it, or a
 * truncated file, as TRUNCATE leaves it, is not hot). Follows fileformat2 §3 "hot journals"; the
 * lock and super-journal conditions do not apply to a file nobody has open.
 */
export function hasHotJournal(file: string): boolean {
  const journal = journalOf(file);
  if (journal === null || statSync(journal).size === 0) return false;
  return readPrefix(journal, 8).equals(JOURNAL_MAGIC);
}

/** True when the database header says WAL mode: read and write versions (bytes 18, 19) are 2. */
export function isWalMode(file: string): boolean {
  const header = readPrefix(file, 20);
  return header.length === 20 && header[18] === 2 && header[19] === 2;
}

/** True when SQLite could write to `file` or its neighbours merely by opening and reading it. */
export function needsCopy(file: string): boolean {
  return walOf(file) !== null || journalOf(file) !== null || isWalMode(file);
}

/**
 * Calls `fn(path, copied)` with a path SQLite may open read-write without touching the original:
 * `file` itself when {@link needsCopy} is false (`copied` false: open it read-only), else a copy of
 * the database with its `-wal` and `-journal` (not its `-shm`) in a new temporary directory,
 * removed afterwards.
 */
export function withOpenableCopy<T>(file: string, fn: (path: string, copied: boolean) => T): T {
  if (!needsCopy(file)) return fn(file, false);
  const dir = mkdtempSync(join(tmpdir(), 'strata-oracle-'));
  try {
    const copy = join(dir, basename(file));
    copyFileSync(file, copy);
    for (const side of [walOf(file), journalOf(file)]) {
      if (side !== null) copyFileSync(side, copy + side.slice(file.length));
    }
    return fn(copy, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
