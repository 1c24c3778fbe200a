/**
 * In-memory backend: files are byte arrays kept in a map; every completion is finished when
 * returned. Used for ':memory:' databases and in tests.
 *
 * A file's bytes live in chunks of {@link CHUNK} bytes (chunk i holds bytes [i·CHUNK, (i+1)·CHUNK));
 * a chunk never written is absent and reads as zeros. Growing a file allocates only the new
 * chunks: a commit that extends a database of n bytes no longer copies those n bytes into an array
 * twice as large (~4 ms of a CREATE INDEX on 100k rows).
 *
 * @module
 */
import { SqliteError } from '../error.js';
import { Completion } from './completion.js';
import type { File, IO, OpenOptions } from './file.js';

/** Bytes per chunk (a multiple of every page size, so that a page write touches one chunk). */
const CHUNK = 65536;
const SHIFT = 16;

/** One in-memory file: `length` is its size in bytes; bytes at or past it read as absent. */
interface Store {
  chunks: (Uint8Array | undefined)[];
  length: number;
}

/** Copies `n` bytes of `s` from `offset` (all below `s.length`) into `out` at `at`. */
function copyOut(s: Store, offset: number, n: number, out: Uint8Array, at: number): void {
  while (n > 0) {
    const ci = offset >>> SHIFT;
    const o = offset & (CHUNK - 1);
    const k = Math.min(n, CHUNK - o);
    const c = s.chunks[ci];
    if (c !== undefined) out.set(c.subarray(o, o + k), at);
    offset += k;
    at += k;
    n -= k;
  }
}

/** Writes `data` into `s` at `offset` (allocating chunks as needed; `length` is not changed). */
function copyIn(s: Store, offset: number, data: Uint8Array): void {
  let from = 0;
  let n = data.length;
  while (n > 0) {
    const ci = offset >>> SHIFT;
    const o = offset & (CHUNK - 1);
    const k = Math.min(n, CHUNK - o);
    let c = s.chunks[ci];
    if (c === undefined) {
      while (s.chunks.length < ci) s.chunks.push(undefined);
      s.chunks[ci] = c = new Uint8Array(CHUNK);
    }
    c.set(k === data.length ? data : data.subarray(from, from + k), o);
    offset += k;
    from += k;
    n -= k;
  }
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
    const s = this.store;
    const end = Math.min(s.length, offset + length);
    if (end <= offset) return Completion.done(new Uint8Array(0));
    const o = offset & (CHUNK - 1);
    const c = s.chunks[offset >>> SHIFT];
    // Within one chunk (every page read): one copy.
    if (c !== undefined && o + (end - offset) <= CHUNK) return Completion.done(c.slice(o, o + (end - offset)));
    const out = new Uint8Array(end - offset);
    copyOut(s, offset, end - offset, out, 0);
    return Completion.done(out);
  }

  write(offset: number, data: Uint8Array): Completion<void> {
    if (this.closed) return Completion.failed(closedError(this.path));
    if (this.readonly) return Completion.failed(new SqliteError('SQLITE_READONLY', `attempt to write a readonly file: ${this.path}`));
    copyIn(this.store, offset, data);
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
    const s = this.store;
    if (length < s.length) {
      // Bytes past the new end read as zeros if the file grows again.
      const keep = (length + CHUNK - 1) >>> SHIFT;
      s.chunks.length = Math.min(s.chunks.length, keep);
      const o = length & (CHUNK - 1);
      const c = o === 0 ? undefined : s.chunks[length >>> SHIFT];
      if (c !== undefined) c.fill(0, o);
    }
    s.length = length;
    return Completion.done(undefined);
  }

  close(): void {
    this.closed = true;
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
      store = { chunks: [], length: 0 };
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
    const s: Store = { chunks: [], length: bytes.length };
    copyIn(s, 0, bytes);
    this.files.set(path, s);
  }

  /** A copy of the bytes at `path`, or undefined when there is no such file. */
  get(path: string): Uint8Array | undefined {
    const s = this.files.get(path);
    if (!s) return undefined;
    const out = new Uint8Array(s.length);
    copyOut(s, 0, s.length, out, 0);
    return out;
  }
}
