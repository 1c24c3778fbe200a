/**
 * A fault-injecting, in-memory test backend: it records every write, truncate, sync and remove, and
 * can "cut the power" at any one of them. What the disk holds afterwards is then built by
 * {@link FaultIO.crashImage} under a chosen {@link CrashVariant}.
 *
 * The disk model (what a power cut may leave behind):
 *
 * 1. Each file has a durable image (what survives any cut) and a list of unsynced operations
 *    (writes and truncates since its last sync). `sync()` makes the list durable; a sync that was
 *    cut made nothing durable.
 * 2. After a cut, any subset of a file's unsynced operations may have reached the disk — not only a
 *    prefix: a later write may land while an earlier one does not (reordering). Surviving operations
 *    are applied in issue order, so of two writes to the same byte the later one wins, as a drive and
 *    the OS page cache keep it for one sector.
 * 3. A surviving unsynced write may itself be torn: only some of its 512-byte sectors landed.
 * 4. The operation in flight at the cut may be lost, applied whole, torn at a sector boundary (a
 *    prefix of its sectors, or a suffix: the tail landed, the head did not), torn at an arbitrary
 *    byte, or torn sector by sector in any order.
 * 5. Creating and removing a file are durable at once (directory updates are synced, as SQLite
 *    assumes without SQLITE_DISABLE_DIRSYNC).
 * 6. After the cut the process is dead: every further operation fails with {@link PowerCut}.
 *
 * Operations are numbered from 1 in issue order across all files ({@link FaultIO.ops}); reads and
 * size queries are not counted (they change nothing on disk).
 *
 * @module
 */
import { SqliteError } from '../error.js';
import { Completion } from './completion.js';
import type { File, IO, OpenOptions } from './file.js';

/** Bytes in one disk sector: the unit of a torn write (SQLite's default sector size). */
export const SECTOR_SIZE_BYTES = 512;

/** The error every operation fails with once the power is cut. */
export class PowerCut extends SqliteError {
  constructor(readonly op: number) {
    super('SQLITE_IOERR', `power cut at operation ${op}`);
  }
}

/** One recorded operation that changes what is on disk. */
export type FaultOp =
  | {
      kind: 'write';
      path: string;
      offset: number;
      data: Uint8Array;
      /** Set on a torn write: the [from, to) byte ranges of `data` that landed. */
      pieces?: Array<[number, number]>;
    }
  | { kind: 'truncate'; path: string; length: number }
  | { kind: 'sync'; path: string }
  | { kind: 'remove'; path: string };

/**
 * What survives a cut (model points 2–4). `unsynced`: 'none' drops every unsynced operation, 'all'
 * keeps them all, 'some' keeps a seeded random subset (each survivor possibly torn).
 * `inFlight`: what becomes of the operation the cut interrupted.
 */
export interface CrashVariant {
  unsynced: 'none' | 'all' | 'some';
  inFlight: 'lost' | 'whole' | 'sector-prefix' | 'sector-suffix' | 'byte-prefix' | 'sector-subset';
  /** Seed of the random choices (subsets, tear points). */
  seed: number;
}

interface Disk {
  /** Model point 1: what survives any cut. */
  durable: Uint8Array;
  /** What reads see now: durable plus every unsynced operation. */
  visible: Uint8Array;
  unsynced: Array<Extract<FaultOp, { kind: 'write' | 'truncate' }>>;
}

class FaultFile implements File {
  private closed = false;
  constructor(
    readonly path: string,
    private readonly io: FaultIO,
    private readonly readonly: boolean,
  ) {}

  read(offset: number, length: number): Completion<Uint8Array> {
    const err = this.check(false);
    if (err) return Completion.failed(err);
    const v = this.io.disk(this.path).visible;
    return Completion.done(v.slice(Math.min(offset, v.length), Math.min(offset + length, v.length)));
  }

  write(offset: number, data: Uint8Array): Completion<void> {
    return this.mutate({ kind: 'write', path: this.path, offset, data: data.slice() });
  }

  truncate(length: number): Completion<void> {
    return this.mutate({ kind: 'truncate', path: this.path, length });
  }

  sync(): Completion<void> {
    const err = this.check(false) ?? this.io.record({ kind: 'sync', path: this.path });
    if (err) return Completion.failed(err);
    const d = this.io.disk(this.path);
    d.durable = d.visible.slice();
    d.unsynced = [];
    return Completion.done(undefined);
  }

  size(): Completion<number> {
    const err = this.check(false);
    return err ? Completion.failed(err) : Completion.done(this.io.disk(this.path).visible.length);
  }

  close(): void {
    this.closed = true;
  }

  private mutate(op: Extract<FaultOp, { kind: 'write' | 'truncate' }>): Completion<void> {
    const err = this.check(true) ?? this.io.record(op);
    if (err) return Completion.failed(err);
    const d = this.io.disk(this.path);
    d.visible = applyOp(d.visible, op, true);
    d.unsynced.push(op);
    return Completion.done(undefined);
  }

  private check(writing: boolean): Error | undefined {
    if (this.io.cut !== null) return new PowerCut(this.io.cut);
    if (this.closed) return new SqliteError('SQLITE_MISUSE', `file is closed: ${this.path}`);
    if (writing && this.readonly) return new SqliteError('SQLITE_READONLY', `attempt to write a readonly file: ${this.path}`);
    if (!this.io.exists(this.path)) return new SqliteError('SQLITE_IOERR', `file was removed: ${this.path}`);
    return undefined;
  }
}

/** An in-memory file system that records its operations and can lose power at any of them. */
export class FaultIO implements IO {
  private readonly files = new Map<string, Disk>();
  /** Operations counted so far (model point 6). */
  ops = 0;
  /** Every counted operation, in order, when `record` was asked for. */
  readonly log: FaultOp[] = [];
  /** The operation at which the power went, or null while it is on. */
  cut: number | null = null;
  /** The operation the cut interrupted (null when it was a sync or remove, or no cut yet). */
  inFlight: Extract<FaultOp, { kind: 'write' | 'truncate' }> | null = null;

  /**
   * @param cutAt - cut the power at this operation (1-based); it does not happen. Omit to run freely.
   * @param keepLog - keep every operation in {@link log} (memory grows with the run).
   */
  constructor(
    private readonly cutAt: number = Infinity,
    private readonly keepLog = false,
  ) {}

  /** Counts `op`; at the cut point records it as in flight and returns the PowerCut. */
  record(op: FaultOp): PowerCut | undefined {
    this.ops++;
    if (this.keepLog) this.log.push(op);
    if (this.ops < this.cutAt) return undefined;
    this.cut = this.ops;
    this.inFlight = op.kind === 'write' || op.kind === 'truncate' ? op : null;
    return new PowerCut(this.ops);
  }

  /** @internal the state of `path`. */
  disk(path: string): Disk {
    const d = this.files.get(path);
    if (!d) throw new SqliteError('SQLITE_IOERR', `no such file: ${path}`);
    return d;
  }

  open(path: string, options: OpenOptions = {}): File {
    if (this.cut !== null) throw new PowerCut(this.cut);
    if (!this.files.has(path)) {
      const create = options.create ?? !options.readonly;
      if (!create) throw new SqliteError('SQLITE_CANTOPEN', `unable to open database file: ${path}`);
      this.files.set(path, { durable: new Uint8Array(0), visible: new Uint8Array(0), unsynced: [] });
    }
    return new FaultFile(path, this, options.readonly ?? false);
  }

  exists(path: string): boolean {
    return this.files.has(path);
  }

  remove(path: string): void {
    if (this.cut !== null) throw new PowerCut(this.cut);
    if (!this.files.has(path)) return;
    const err = this.record({ kind: 'remove', path });
    if (err) throw err;
    this.files.delete(path);
  }

  /** Puts a durable file at `path` (copied), as if synced long ago. */
  put(path: string, bytes: Uint8Array): void {
    this.files.set(path, { durable: bytes.slice(), visible: bytes.slice(), unsynced: [] });
  }

  /** What reads of `path` see now (a copy), or undefined. */
  get(path: string): Uint8Array | undefined {
    return this.files.get(path)?.visible.slice();
  }

  /** Paths of every file. */
  paths(): string[] {
    return [...this.files.keys()];
  }

  /**
   * The files as a power cut under `variant` leaves them (model points 1–5): path → bytes.
   * Without a cut, the in-flight choice is moot and only `unsynced` matters.
   */
  crashImage(variant: CrashVariant): Map<string, Uint8Array> {
    const rng = xorshift(variant.seed);
    const out = new Map<string, Uint8Array>();
    for (const [path, d] of this.files) {
      let bytes: Uint8Array = d.durable.slice();
      for (const op of d.unsynced) {
        if (variant.unsynced === 'none') continue;
        if (variant.unsynced === 'all') bytes = applyOp(bytes, op);
        else if (rng() % 3 === 0) continue;
        else if (op.kind === 'write' && rng() % 4 === 0) bytes = applyOp(bytes, tear(op, 'sector-subset', rng));
        else bytes = applyOp(bytes, op);
      }
      const f = this.inFlight;
      if (f && f.path === path && variant.inFlight !== 'lost') {
        bytes = applyOp(bytes, f.kind === 'write' && variant.inFlight !== 'whole' ? tear(f, variant.inFlight, rng) : f);
      }
      out.set(path, bytes);
    }
    return out;
  }
}

/** The part of write `op` that landed when it was torn `how` (possibly several pieces). */
function tear(op: Extract<FaultOp, { kind: 'write' }>, how: Exclude<CrashVariant['inFlight'], 'lost' | 'whole'>, rng: () => number): Extract<FaultOp, { kind: 'write' }> {
  const n = op.data.length;
  if (how === 'byte-prefix') return { ...op, data: op.data.subarray(0, rng() % (n + 1)) };
  // Sectors are aligned to the file, not to the write.
  const sectors: Array<[number, number]> = [];
  for (let at = op.offset; at < op.offset + n; ) {
    const end = Math.min(op.offset + n, (Math.floor(at / SECTOR_SIZE_BYTES) + 1) * SECTOR_SIZE_BYTES);
    sectors.push([at - op.offset, end - op.offset]);
    at = end;
  }
  if (how === 'sector-prefix') {
    const k = rng() % (sectors.length + 1);
    return { ...op, data: op.data.subarray(0, k === 0 ? 0 : sectors[k - 1][1]) };
  }
  if (how === 'sector-suffix') return { ...op, pieces: sectors.slice(1 + (rng() % sectors.length)) };
  return { ...op, pieces: sectors.filter(() => rng() % 2 === 0) };
}

/** Applies a write (whole, or only its `pieces` when torn) or a truncate to `bytes`. */
function applyOp(bytes: Uint8Array, op: FaultOp, inPlace = false): Uint8Array {
  if (op.kind === 'truncate') {
    if (op.length <= bytes.length) return bytes.slice(0, op.length);
    const grown = new Uint8Array(op.length);
    grown.set(bytes);
    return grown;
  }
  if (op.kind !== 'write') return bytes;
  const pieces = op.pieces ?? [[0, op.data.length]];
  let out = bytes;
  for (const [from, to] of pieces) {
    if (to <= from) continue;
    const end = op.offset + to;
    if (end > out.length) {
      const grown = new Uint8Array(end);
      grown.set(out);
      out = grown;
    } else if (out === bytes && !inPlace) out = bytes.slice();
    out.set(op.data.subarray(from, to), op.offset + from);
  }
  return out;
}

function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 0x9e3779b9;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}
