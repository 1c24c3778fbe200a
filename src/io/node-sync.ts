/**
 * node-sync backend: `node:fs` synchronous calls; every completion is finished when returned.
 * This is what the better-sqlite3-style API and the benchmarks use.
 *
 * @module
 */
import * as fs from 'node:fs';
import { SqliteError } from '../error.js';
import { Completion } from './completion.js';
import type { File, FileStat, IO, OpenOptions } from './file.js';

class NodeSyncFile implements File {
  private fd: number | undefined;
  constructor(
    readonly path: string,
    fd: number,
  ) {
    this.fd = fd;
  }

  private handle(): number {
    if (this.fd === undefined) throw new SqliteError('SQLITE_MISUSE', `file is closed: ${this.path}`);
    return this.fd;
  }

  read(offset: number, length: number): Completion<Uint8Array> {
    return attempt(this.path, () => {
      const buf = new Uint8Array(length);
      let got = 0;
      while (got < length) {
        const n = fs.readSync(this.handle(), buf, got, length - got, offset + got);
        if (n === 0) break;
        got += n;
      }
      return got === length ? buf : buf.subarray(0, got);
    });
  }

  write(offset: number, data: Uint8Array): Completion<void> {
    return attempt(this.path, () => {
      let put = 0;
      while (put < data.length) put += fs.writeSync(this.handle(), data, put, data.length - put, offset + put);
    });
  }

  sync(): Completion<void> {
    return attempt(this.path, () => fs.fsyncSync(this.handle()));
  }

  size(): Completion<number> {
    return attempt(this.path, () => fs.fstatSync(this.handle()).size);
  }

  truncate(length: number): Completion<void> {
    return attempt(this.path, () => fs.ftruncateSync(this.handle(), length));
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private id: string | undefined;

  /** Device and inode of the open file (fstat once: they never change while it is open). */
  fileId(): string {
    if (this.id === undefined) {
      const st = fs.fstatSync(this.handle());
      this.id = `${st.dev}:${st.ino}`;
    }
    return this.id;
  }
}

function attempt<T>(path: string, fn: () => T): Completion<T> {
  try {
    return Completion.done(fn());
  } catch (e) {
    if (e instanceof SqliteError) return Completion.failed(e);
    return Completion.failed(new SqliteError('SQLITE_IOERR', `disk I/O error on ${path}: ${(e as Error).message}`));
  }
}

/** The local file system through synchronous `node:fs` calls. */
export class NodeSyncIO implements IO {
  open(path: string, options: OpenOptions = {}): File {
    const readonly = options.readonly ?? false;
    const create = options.create ?? !readonly;
    let flags: string;
    if (readonly) flags = 'r';
    else flags = fs.existsSync(path) || !create ? 'r+' : 'w+';
    try {
      return new NodeSyncFile(path, fs.openSync(path, flags));
    } catch (e) {
      throw new SqliteError('SQLITE_CANTOPEN', `unable to open database file: ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }

  exists(path: string): boolean {
    return fs.existsSync(path);
  }

  remove(path: string): void {
    fs.rmSync(path, { force: true });
  }

  /** Identity, size and mtime of the file `path` names now, or null when there is none (one stat). */
  fileStat(path: string): FileStat | null {
    const st = fs.statSync(path, { throwIfNoEntry: false });
    return st ? { id: `${st.dev}:${st.ino}`, sizeBytes: st.size, mtimeMs: st.mtimeMs } : null;
  }
}
