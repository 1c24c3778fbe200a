/**
 * The WAL of one database as every connection in this process shares it: the wal-index (which frame
 * holds each page, for any snapshot), the read marks of open readers, the writer lock, and frame
 * appends. It plays the part of SQLite's `-shm` (walformat §2) for a single process, as Turso's
 * `WalFileShared` does; no `-shm` is written.
 *
 * ```
 *   frame:      1    2    3    4    5    6    7
 *   pgno:       1    5    2    5    9    1    5
 *   commit:               ✓         ✓              (commit size = db pages after the commit)
 *                         │         └─ mxFrame (last commit); a reader's snapshot is some commit frame ≤ mxFrame
 *   nBackfill ─┘ frames ≤ nBackfill are copied into the database file
 * ```
 *
 * Invariants:
 * 1. Frames 1..mxFrame are valid and end with a commit frame; nothing after mxFrame is indexed.
 * 2. nBackfill ≤ min(snapshot of every open reader) — a checkpoint never overwrites a page an open
 *    reader still reads from the database file (see checkpoint.ts).
 * 3. The WAL restarts (new salts, frames from 1) only when nBackfill = mxFrame and every open reader's
 *    snapshot is mxFrame; those readers are moved to snapshot 0, whose view (the database file) is
 *    then identical.
 * 4. At most one writer holds the write lock.
 * 5. A writer's transaction ({@link WalTxn}) appends frames after mxFrame — spilled pages, then
 *    the rest ending in the commit frame — and they become visible only at {@link
 *    WalShared.commitTxn}. A fresh generation's header is written and synced before its first
 *    frame ({@link WalShared.writeHeader}), so that a power cut can never pair an old header's
 *    salts with frames that outlived the database file they belonged to.
 * 6. {@link WalShared.disk} is what this process last wrote or read at the `-wal` path (header,
 *    last commit frame, its checksum); foreign-check.ts compares the file with it to notice another
 *    process's commits. Those in this generation are indexed after mxFrame ({@link
 *    WalShared.indexForeign}: snapshots ≤ mxFrame stay valid); any other change rebuilds the whole
 *    state from the file ({@link WalShared.reload}: a new generation, readers moved to snapshot 0).
 *
 * @module
 */
import { randomInt } from 'node:crypto';
import { SqliteError } from '../error.js';
import { encodeWalFrame, encodeWalHeader, WAL_FORMAT_VERSION, WAL_MAGIC_BE, WAL_MAGIC_LE, type WalHeader } from '../format/index.js';
import type { Completion } from '../io/completion.js';
import type { File } from '../io/file.js';
import type { ForeignFrames, QuietStat, WalDiskState } from './foreign-check.js';
import { WAL_FRAME_HEADER_SIZE_BYTES, WAL_HEADER_SIZE_BYTES, type WalScan } from './wal-index.js';

/** Generations are unique in the process, so that a WAL state built again never repeats one. */
let generations = 1;

/** A reader's hold on a snapshot (its read mark). `snapshot` is the last frame it may read. */
export interface ReadMark {
  snapshot: number;
  /** The WAL generation the snapshot belongs to (bumped at every restart). */
  generation: number;
}

/** One page to append as a frame. */
export interface FramePage {
  pgno: number;
  /** The page as it goes to disk (already encrypted when a codec is in use), pageSize bytes. */
  data: Uint8Array;
}

/** Shared WAL state of one database file. */
export class WalShared {
  /** Header of the current WAL generation, or null when the next append must write a fresh one. */
  header: WalHeader | null = null;
  /** Last valid commit frame (invariant 1). */
  mxFrame = 0;
  /** Frames already copied into the database file. */
  nBackfill = 0;
  /**
   * Changed at every restart and reload so that connections know their cached pages may be stale
   * (unique in the process, not only in this object).
   */
  generation = generations++;
  /**
   * What this process last wrote or read at the `-wal` path (header, last commit frame, its
   * checksum): what foreign-check.ts compares the file with. It differs from header / mxFrame only
   * between a restart and the new generation's header write.
   */
  disk: WalDiskState = { header: null, mxFrame: 0, lastChecksum: [0, 0] };
  /**
   * The stat of the last foreign-writer check that found nothing, with the {@link disk} state it
   * was checked against (a check reuses it only while `disk` is that same object).
   */
  quiet: { disk: WalDiskState; stat: QuietStat } | null = null;
  /** Open readers' marks (invariant 2). */
  readonly readers = new Set<ReadMark>();
  /** Holder of the write lock, or null (invariant 4). */
  writer: object | null = null;

  private pgnoOf: number[] = [];
  private commitSizeOf: number[] = [];
  private framesOfPage = new Map<number, number[]>();
  private lastChecksum: [number, number] = [0, 0];
  private nextCheckpointSeq = 0;
  private nextSalt1 = randomInt(0x100000000 - 1);

  /**
   * @param file - the `-wal` file, opened read-write (or read-only for a reader-only connection).
   * @param pageSize - bytes per page.
   */
  constructor(
    public file: File,
    readonly pageSize: number,
  ) {}

  /** Builds the shared state from a recovery scan of the WAL file (scanWal). */
  static recover(file: File, pageSize: number, scan: WalScan | null): WalShared {
    const w = new WalShared(file, pageSize);
    w.load(scan);
    return w;
  }

  private load(scan: WalScan | null): void {
    if (scan && scan.header && scan.headerValid && scan.mxFrame > 0 && scan.header.pageSize === this.pageSize) {
      this.header = scan.header;
      for (let i = 0; i < scan.mxFrame; i++) this.index(i + 1, scan.frames[i].pgno, scan.frames[i].commitSize);
      this.mxFrame = scan.mxFrame;
      const last = scan.frames[scan.mxFrame - 1];
      this.lastChecksum = [last.checksum1, last.checksum2];
      this.nextCheckpointSeq = scan.header.checkpointSeq;
      this.nextSalt1 = scan.header.salt1;
    } else if (scan?.header && scan.headerValid) {
      // A valid header but no committed frame: keep counting checkpoints from it.
      this.nextCheckpointSeq = scan.header.checkpointSeq;
      this.nextSalt1 = scan.header.salt1;
    }
    const h = scan?.header && scan.headerValid ? scan.header : null;
    this.disk = { header: h, mxFrame: this.header ? this.mxFrame : 0, lastChecksum: this.header ? this.lastChecksum : h ? [h.checksum1, h.checksum2] : [0, 0] };
  }

  /**
   * Rebuilds the whole state from a new recovery scan of `file` (the `-wal` as it is now), after
   * another process checkpointed and restarted, truncated or removed the WAL (foreign-check.ts).
   * Nothing of the old index is kept; readers of this process move to snapshot 0 of the new
   * generation (the database file, into which the other process checkpointed everything before it
   * restarted the WAL). Call only with no writer in this process and no checkpoint running.
   */
  reload(file: File, scan: WalScan | null): void {
    this.newGeneration();
    this.file = file;
    this.clearFrames();
    this.lastChecksum = [0, 0];
    this.load(scan);
  }

  /** A new generation number; every reader of this process moves to its snapshot 0 (the database file). */
  private newGeneration(): void {
    this.generation = generations++;
    for (const r of this.readers) {
      r.snapshot = 0;
      r.generation = this.generation;
    }
  }

  /** Forgets every frame: no header, mxFrame and nBackfill 0, an empty index. */
  private clearFrames(): void {
    this.header = null;
    this.mxFrame = 0;
    this.nBackfill = 0;
    this.pgnoOf = [];
    this.commitSizeOf = [];
    this.framesOfPage.clear();
  }

  /** True when frames found past {@link disk}'s mxFrame continue this generation's index. */
  canIndexForeign(owner?: object): boolean {
    return this.header !== null && this.disk.header === this.header && this.disk.mxFrame === this.mxFrame && (this.writer === null || this.writer === owner);
  }

  /**
   * Indexes commits another process appended after mxFrame in this generation (see
   * {@link canIndexForeign}): every snapshot of this process stays valid.
   */
  indexForeign(found: ForeignFrames): void {
    for (const f of found.frames) this.index(++this.mxFrame, f.pgno, f.commitSize);
    this.lastChecksum = found.lastChecksum;
    this.disk = { header: this.header, mxFrame: this.mxFrame, lastChecksum: this.lastChecksum };
  }

  /** The WAL file was cut to 0 bytes (a TRUNCATE checkpoint). */
  noteTruncated(): void {
    this.disk = { header: null, mxFrame: 0, lastChecksum: [0, 0] };
  }

  private index(frame: number, pgno: number, commitSize: number): void {
    this.pgnoOf[frame - 1] = pgno;
    this.commitSizeOf[frame - 1] = commitSize;
    let list = this.framesOfPage.get(pgno);
    if (!list) this.framesOfPage.set(pgno, (list = []));
    list.push(frame);
  }

  /** The frame holding the newest copy of `pgno` at or below `snapshot`, or 0 (read the db file). */
  frameFor(pgno: number, snapshot: number): number {
    const list = this.framesOfPage.get(pgno);
    if (!list) return 0;
    // Frames are appended in increasing order: binary search for the last ≤ snapshot.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] <= snapshot) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : list[lo - 1];
  }

  /** Database size in pages as of commit frame `snapshot` (0 when snapshot is 0). */
  dbSizeAt(snapshot: number): number {
    return snapshot === 0 ? 0 : this.commitSizeOf[snapshot - 1];
  }

  /** Page number held by frame `frame` (1-based, ≤ mxFrame). */
  pgnoAt(frame: number): number {
    return this.pgnoOf[frame - 1];
  }

  /** Byte offset of frame `frame`'s page data in the WAL file. */
  pageOffset(frame: number): number {
    return WAL_HEADER_SIZE_BYTES + (frame - 1) * (WAL_FRAME_HEADER_SIZE_BYTES + this.pageSize) + WAL_FRAME_HEADER_SIZE_BYTES;
  }

  /**
   * Reads frame `frame`'s page bytes (pageSize bytes), with its frame header: the frame must carry
   * the salts of `generation` (default: the current header), else another process restarted the
   * WAL and wrote over it after this process last looked (foreign-check.ts) — an open read
   * transaction then fails instead of reading another page's bytes. Unchecked when `generation`
   * is null.
   * @returns a completion failing with SQLITE_BUSY_SNAPSHOT (with `frame`) on a mismatch or a
   *   frame cut short.
   */
  readFrame(frame: number, generation: WalHeader | null = this.header): Completion<Uint8Array> {
    if (!generation) return this.file.read(this.pageOffset(frame), this.pageSize);
    const { salt1, salt2 } = generation;
    const size = WAL_FRAME_HEADER_SIZE_BYTES + this.pageSize;
    return this.file.read(this.pageOffset(frame) - WAL_FRAME_HEADER_SIZE_BYTES, size).map((b) => {
      const dv = new DataView(b.buffer, b.byteOffset, b.length);
      if (b.length < size || dv.getUint32(8) !== salt1 || dv.getUint32(12) !== salt2)
        throw new SqliteError('SQLITE_BUSY_SNAPSHOT', `database is locked: WAL frame ${frame} was overwritten or cut (another process checkpointed and restarted the WAL under this transaction); retry it`, { frame });
      return b.slice(WAL_FRAME_HEADER_SIZE_BYTES);
    });
  }

  /** Registers a reader at the current mxFrame. */
  beginRead(): ReadMark {
    const mark: ReadMark = { snapshot: this.mxFrame, generation: this.generation };
    this.readers.add(mark);
    return mark;
  }

  /** Drops a reader's mark. */
  endRead(mark: ReadMark): void {
    this.readers.delete(mark);
  }

  /** Smallest snapshot any open reader holds (mxFrame when there is no reader). */
  minReaderSnapshot(): number {
    let m = this.mxFrame;
    for (const r of this.readers) m = Math.min(m, r.snapshot);
    return m;
  }

  /**
   * Takes the write lock for `owner`.
   * @throws SqliteError SQLITE_BUSY when another connection holds it.
   */
  lockWriter(owner: object): void {
    if (this.writer && this.writer !== owner) throw new SqliteError('SQLITE_BUSY', 'database is locked');
    this.writer = owner;
  }

  /** Releases the write lock held by `owner`. */
  unlockWriter(owner: object): void {
    if (this.writer === owner) this.writer = null;
  }

  /**
   * Starts a new WAL generation when the whole WAL is backfilled and every reader can move to the
   * database file (invariant 3). Called through {@link beginTxn}, before a transaction's first frame.
   * @returns true when the WAL was restarted.
   */
  maybeRestart(): boolean {
    if (this.mxFrame === 0 || !this.restartable()) return false;
    this.restart();
    return true;
  }

  /** True when the WAL could start over now: all backfilled, no reader between 0 and mxFrame. */
  restartable(): boolean {
    if (this.nBackfill !== this.mxFrame) return false;
    for (const r of this.readers) if (r.snapshot !== this.mxFrame && r.snapshot !== 0) return false;
    return true;
  }

  /** Resets to an empty generation (new salts at the next append); readers move to snapshot 0. */
  restart(): void {
    this.newGeneration();
    this.nextCheckpointSeq = (this.header ? this.header.checkpointSeq + 1 : this.nextCheckpointSeq + 1) >>> 0;
    this.nextSalt1 = ((this.header ? this.header.salt1 : this.nextSalt1) + 1) >>> 0;
    this.clearFrames();
  }

  /**
   * Starts a writer's transaction in the WAL: restarts the WAL first when it may (invariant 3).
   * Call once per write transaction, before its first frame, with no checkpoint running.
   * @returns the transaction's append state and whether the WAL was restarted.
   */
  beginTxn(mayRestart: boolean): { txn: WalTxn; restarted: boolean } {
    const restarted = mayRestart && this.maybeRestart();
    return { txn: { frames: [], lastChecksum: this.lastChecksum, header: this.header }, restarted };
  }

  /**
   * Writes a fresh WAL header (new salts) at offset 0 when this generation has none yet, and syncs
   * it — always, whatever `synchronous` says: a header that is not durable before frames overwrite
   * an older generation's could let a power cut revive old frames over a newer database file (the
   * sync SQLite does after a WAL restart, wal.c sqlite3WalFrames). Returns the completions to wait
   * on, or none when the header exists.
   */
  writeHeader(txn: WalTxn): Completion<void>[] {
    if (txn.header) return [];
    const h = {
      magic: WAL_MAGIC_LE,
      formatVersion: WAL_FORMAT_VERSION,
      pageSize: this.pageSize,
      checkpointSeq: this.nextCheckpointSeq,
      salt1: this.nextSalt1,
      salt2: randomInt(0x100000000 - 1),
      checksum1: 0,
      checksum2: 0,
    };
    const hb = encodeWalHeader(h);
    const dv = new DataView(hb.buffer, hb.byteOffset);
    txn.header = { ...h, checksum1: dv.getUint32(24), checksum2: dv.getUint32(28) };
    txn.lastChecksum = [txn.header.checksum1, txn.header.checksum2];
    this.disk = { header: txn.header, mxFrame: 0, lastChecksum: txn.lastChecksum };
    return [this.file.write(0, hb), this.file.sync()];
  }

  /**
   * Appends frames for `pages` after the transaction's earlier frames (uncommitted frames of a
   * spill, or the commit). When `commitSizePages` is non-zero the last frame is the commit frame
   * carrying the database size. {@link writeHeader} must have finished first. Frames are not
   * visible to anyone until {@link commitTxn}; on failure or rollback drop `txn` (invariant 1:
   * frames past mxFrame are never indexed, and the next transaction writes over them).
   * @returns the write completions, and the sync's when `sync`.
   */
  appendFrames(txn: WalTxn, pages: readonly FramePage[], commitSizePages: number, sync: boolean): Completion<void>[] {
    if (pages.length === 0) throw new Error('WalShared.appendFrames: no pages');
    const header = txn.header;
    if (!header) throw new Error('WalShared.appendFrames: no WAL header yet');
    const bigEndian = header.magic === WAL_MAGIC_BE;
    const frameSize = WAL_FRAME_HEADER_SIZE_BYTES + this.pageSize;
    const offset = this.pageOffset(this.mxFrame + txn.frames.length + 1) - WAL_FRAME_HEADER_SIZE_BYTES;
    const buf = new Uint8Array(frameSize * pages.length);
    let prev = txn.lastChecksum;
    const first = txn.frames.length === 0;
    pages.forEach((p, i) => {
      const commitSize = i === pages.length - 1 ? commitSizePages : 0;
      const f = encodeWalFrame({ pgno: p.pgno, commitSize, salt1: header.salt1, salt2: header.salt2 }, p.data, bigEndian, prev);
      buf.set(f.bytes, i * frameSize);
      prev = f.checksum;
      if (first && i === 0) txn.firstChecksum = f.checksum;
      txn.frames.push({ pgno: p.pgno, commitSize });
    });
    txn.lastChecksum = prev;
    const completions = [this.file.write(offset, buf)];
    if (sync) completions.push(this.file.sync());
    return completions;
  }

  /** The frame number `txn`'s `i`-th frame (0-based) has in the WAL. */
  txnFrame(txn: WalTxn, i: number): number {
    return this.mxFrame + i + 1;
  }

  /** Indexes a finished transaction's frames: they become visible to new snapshots. */
  commitTxn(txn: WalTxn): void {
    this.header = txn.header;
    for (const f of txn.frames) this.index(++this.mxFrame, f.pgno, f.commitSize);
    this.lastChecksum = txn.lastChecksum;
    this.disk = { header: this.header, mxFrame: this.mxFrame, lastChecksum: this.lastChecksum };
  }

  /** Distinct pages written by frames in (from, to], for cache invalidation. */
  pagesChangedBetween(from: number, to: number): number[] {
    const out = new Set<number>();
    for (let f = from + 1; f <= to; f++) out.add(this.pgnoOf[f - 1]);
    return [...out];
  }

  /** Pages with a frame at or below `frame`, each with its newest such frame (for checkpoints). */
  latestFramesUpTo(frame: number): Array<{ pgno: number; frame: number }> {
    const out: Array<{ pgno: number; frame: number }> = [];
    for (const pgno of this.framesOfPage.keys()) {
      const f = this.frameFor(pgno, frame);
      if (f) out.push({ pgno, frame: f });
    }
    return out.sort((a, b) => a.pgno - b.pgno);
  }
}

/** One write transaction's frames in the WAL, not yet visible to other connections. */
export interface WalTxn {
  /** The frames written so far (in order, after mxFrame). */
  frames: Array<{ pgno: number; commitSize: number }>;
  /** Cumulative checksum after the last of them. */
  lastChecksum: [number, number];
  /** The generation's header (written by {@link WalShared.writeHeader} when it was null). */
  header: WalHeader | null;
  /** Checksum of the transaction's first frame, once written (foreign-check.ts: our own spill frame). */
  firstChecksum?: [number, number];
}
