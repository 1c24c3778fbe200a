/**
 * The state every connection to one database file in this process shares: the database file handle,
 * the WAL (see wal-shared.ts), and how many connections use them. Connections find it through a
 * registry keyed by the I/O backend and the file's absolute path, as SQLite shares one `-shm`.
 *
 * @module
 */
import { resolve } from 'node:path';
import type { File, IO } from '../io/file.js';
import type { WalShared } from '../wal/wal-shared.js';

/** Shared per-file state. */
export interface SharedDatabase {
  readonly path: string;
  readonly dbFile: File;
  /** Created lazily: null until the page size is known and a WAL file is opened or created. */
  wal: WalShared | null;
  /** WAL file handle, when one exists or has been created. */
  walFile: File | null;
  /** Open connections. */
  refs: number;
  /** True when the files were opened read-only. */
  readonly readonly: boolean;
  /** Set while a checkpoint runs (a writer must not restart the WAL under it). */
  checkpointing: boolean;
}

const registry = new WeakMap<IO, Map<string, SharedDatabase>>();

/**
 * Finds or opens the shared state for `path`.
 * @param open - opens the database file when no connection has it yet.
 */
export function acquireShared(io: IO, path: string, readonly: boolean, open: () => File): SharedDatabase {
  const key = resolve(path);
  let files = registry.get(io);
  if (!files) registry.set(io, (files = new Map()));
  let s = files.get(key);
  if (!s || (s.readonly && !readonly)) {
    s = { path: key, dbFile: open(), wal: null, walFile: null, refs: 0, readonly, checkpointing: false };
    files.set(key, s);
  }
  s.refs++;
  return s;
}

/**
 * Drops one connection's hold; when it was the last, closes the files and forgets the state.
 * @returns true when this was the last connection.
 */
export function releaseShared(io: IO, s: SharedDatabase): boolean {
  s.refs--;
  if (s.refs > 0) return false;
  registry.get(io)?.delete(s.path);
  s.dbFile.close();
  s.walFile?.close();
  return true;
}
