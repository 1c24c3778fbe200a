/**
 * In-memory backend: files are growable byte arrays kept in a map; every completion is finished
 * when returned. Used for ':memory:' databases and in tests.
 *
 * @module
 */
import { SqliteError } from '../error.js';
import { Completion } from './completion.js';
import type { File, IO, OpenOptions } from './file.js';

/** Bytes of one in-memory file; `length` is the file size in bytes, `bytes` may be larger. */
interface Store {
  bytes: Uint8Array;
  length: number;
}

class MemoryFile implements File {
  private closed = false;
  constructor(
    readonly path: string,
    private readonly store: Store,
    private readonly readonly: boolean,
  ) {}

  read(offset: number, length: number): Completion<Uint8Array> {
    if (this.closed) return Completion.failed(closedError(this.path));
    const end = Math.min(this.store.length, offset + length);
    return Completion.done(end > offset ? this.store.bytes.slice(offset, end) : new Uint8Array(0));
  }

  write(offset: number, data: Uint8Array): Completion<void> {
    if (this.closed) return Completion.failed(closedError(this.path));
    if (this.readonly) return Completion.failed(new SqliteError('SQLITE_READONLY', `attempt to write a readonly file: ${this.path}`));
    this.ensure(offset + data.length);
    this.store.bytes.set(data, offset);
    this.store.length = Math.max(this.store.length, offset + data.length);
    return Completion.done(undefined);
  }

  sync(): Completion<void> {
    return this.closed ? Completion.failed(closedError(this.path)) : Completion.done(undefined);
  }

  size(): Completion<number> {
    return this.closed ? Completion.failed(closedError(this.path)) : Completion.done(this.store.length);
  }

  truncate(length: number): Completion<void> {
    if (this.closed) return Completion.failed(closedError(this.path));
    this.ensure(length);
    if (length < this.store.length) this.store.bytes.fill(0, length, this.store.length);
    this.store.length = length;
    return Completion.done(undefined);
  }

  close(): void {
    this.closed = true;
  }

  private ensure(length: number): void {
    if (length <= this.store.bytes.length) return;
    const grown = new Uint8Array(Math.max(length, this.store.bytes.length * 2, 4096));
    grown.set(this.store.bytes.subarray(0, this.store.length));
    this.store.bytes = grown;
  }
}

function closedError(path: string): SqliteError {
  return new SqliteError('SQLITE_MISUSE', `file is closed: ${path}`);
}

/** A file system held in memory. Files outlive their handles until {@link MemoryIO.remove}. */
export class MemoryIO implements IO {
  private readonly files = new Map<string, Store>();

  open(path: string, options: OpenOptions = {}): File {
    let store = this.files.get(path);
    if (!store) {
      const create = options.create ?? !options.readonly;
      if (!create) throw new SqliteError('SQLITE_CANTOPEN', `unable to open database file: ${path}`);
      store = { bytes: new Uint8Array(0), length: 0 };
      this.files.set(path, store);
    }
    return new MemoryFile(path, store, options.readonly ?? false);
  }

  exists(path: string): boolean {
    return this.files.has(path);
  }

  remove(path: string): void {
    this.files.delete(path);
  }

  /** Puts `bytes` (copied) at `path`, replacing any file there. */
  put(path: string, bytes: Uint8Array): void {
    this.files.set(path, { bytes: bytes.slice(), length: bytes.length });
  }

  /** A copy of the bytes at `path`, or undefined when there is no such file. */
  get(path: string): Uint8Array | undefined {
    const s = this.files.get(path);
    return s ? s.bytes.slice(0, s.length) : undefined;
  }
}
