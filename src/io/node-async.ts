/**
 * node-async backend: `node:fs` callback calls; completions finish on a later turn of the event
 * loop, so every caller must go through {@link runAsync} (or the async VDBE driver).
 *
 * @module
 */
import * as fs from 'node:fs';
import { SqliteError } from '../error.js';
import { Completion } from './completion.js';
import type { File, IO, OpenOptions } from './file.js';

function ioError(path: string, e: NodeJS.ErrnoException): SqliteError {
  return new SqliteError('SQLITE_IOERR', `disk I/O error on ${path}: ${e.message}`);
}

class NodeAsyncFile implements File {
  private closed = false;
  constructor(
    readonly path: string,
    private readonly fd: number,
  ) {}

  private start<T>(fn: (c: Completion<T>) => void): Completion<T> {
    const c = new Completion<T>();
    if (this.closed) c.fail(new SqliteError('SQLITE_MISUSE', `file is closed: ${this.path}`));
    else fn(c);
    return c;
  }

  read(offset: number, length: number): Completion<Uint8Array> {
    return this.start((c) => {
      const buf = new Uint8Array(length);
      const step = (got: number): void => {
        if (got === length) return c.complete(buf);
        fs.read(this.fd, buf, got, length - got, offset + got, (err, n) => {
          if (err) return c.fail(ioError(this.path, err));
          if (n === 0) return c.complete(buf.subarray(0, got));
          step(got + n);
        });
      };
      step(0);
    });
  }

  write(offset: number, data: Uint8Array): Completion<void> {
    return this.start((c) => {
      const step = (put: number): void => {
        if (put === data.length) return c.complete(undefined);
        fs.write(this.fd, data, put, data.length - put, offset + put, (err, n) => {
          if (err) return c.fail(ioError(this.path, err));
          step(put + n);
        });
      };
      step(0);
    });
  }

  sync(): Completion<void> {
    return this.start((c) => fs.fsync(this.fd, (err) => (err ? c.fail(ioError(this.path, err)) : c.complete(undefined))));
  }

  size(): Completion<number> {
    return this.start((c) => fs.fstat(this.fd, (err, st) => (err ? c.fail(ioError(this.path, err)) : c.complete(st.size))));
  }

  truncate(length: number): Completion<void> {
    return this.start((c) => fs.ftruncate(this.fd, length, (err) => (err ? c.fail(ioError(this.path, err)) : c.complete(undefined))));
  }

  close(): void {
    if (!this.closed) fs.close(this.fd, () => undefined);
    this.closed = true;
  }
}

/** The local file system through asynchronous `node:fs` calls (opening is synchronous). */
export class NodeAsyncIO implements IO {
  open(path: string, options: OpenOptions = {}): File {
    const readonly = options.readonly ?? false;
    const create = options.create ?? !readonly;
    const flags = readonly ? 'r' : fs.existsSync(path) || !create ? 'r+' : 'w+';
    try {
      return new NodeAsyncFile(path, fs.openSync(path, flags));
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
}
