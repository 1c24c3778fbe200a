/**
 * The I/O seam: {@link File} and {@link IO}, the tiny interfaces every backend implements
 * (node-sync, node-async, memory, and the fault-injecting test backend).
 *
 * Offsets and lengths are in bytes. A read past the end of the file returns the bytes that exist
 * (possibly none): callers decide whether a short read is corruption.
 *
 * @module
 */
import type { Completion } from './completion.js';

/** An open file. Every method starts one operation and returns its {@link Completion}. */
export interface File {
  /** Path the file was opened with (for error messages). */
  readonly path: string;
  /** Reads up to `length` bytes at byte `offset`; the result is shorter at end of file. */
  read(offset: number, length: number): Completion<Uint8Array>;
  /** Writes all of `data` at byte `offset`, growing the file as needed. */
  write(offset: number, data: Uint8Array): Completion<void>;
  /** Makes earlier writes durable (fsync). */
  sync(): Completion<void>;
  /** Size of the file in bytes. */
  size(): Completion<number>;
  /** Cuts or extends the file to `length` bytes. */
  truncate(length: number): Completion<void>;
  /** Releases the file. Further calls fail. */
  close(): void;
  /**
   * Optional: the identity of the open file (device and inode), equal to {@link IO.fileId} of
   * its path for as long as the path names this file. Lets the pager notice, with one stat, that
   * another process removed or replaced a file it holds open (src/wal/foreign-check.ts).
   */
  fileId?(): string;
}

/** One stat of a path ({@link IO.fileStat}). */
export interface FileStat {
  /** Device and inode, as {@link File.fileId}. */
  id: string;
  sizeBytes: number;
  /** Last modification, milliseconds since the epoch (the file system's granularity). */
  mtimeMs: number;
}

/** How to open a file. */
export interface OpenOptions {
  /** Open for reading only (default false). */
  readonly?: boolean;
  /** Create the file when it does not exist (default: true unless `readonly`). */
  create?: boolean;
}

/** A file system: opens files and answers questions about paths. */
export interface IO {
  /**
   * Opens `path`.
   * @throws SqliteError SQLITE_CANTOPEN when the file cannot be opened.
   */
  open(path: string, options?: OpenOptions): File;
  /** True when `path` exists. */
  exists(path: string): boolean;
  /** Removes `path` if it exists. */
  remove(path: string): void;
  /**
   * Optional: what one stat of `path` says — its identity (see {@link File.fileId}), size in
   * bytes and modification time in milliseconds (fractional) — or null when there is no such file.
   */
  fileStat?(path: string): FileStat | null;
}
