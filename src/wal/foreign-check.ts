/**
 * Noticing another process's writes to the WAL. Strata keeps its wal-index in memory and takes no
 * file locks (DESIGN.md, "Files"), so a second library on the same file — the sqlite3 CLI,
 * better-sqlite3, another Strata process — can commit frames this process does not know about.
 * Appending at our own mxFrame would then write over a commit that was reported successful. This
 * check compares what is on disk at the `-wal` path with what this process last put or saw there
 * ({@link WalDiskState}), in the way SQLite's recovery reads a WAL (walformat §2.1):
 *
 * ```
 *   1. stat <db>-wal: it must be the file we hold (a WAL removed, or removed and created again, by
 *      another process is a reset); read bytes 0..31 (header) and, when the file reaches that far,
 *      24 bytes at frame mxFrame+1 (frame header). A backend without file identities: open the
 *      path afresh and read there. When size and mtime are those of an earlier check's stat and
 *      that mtime lay QUIET_MARGIN_MS before it, nothing was written since: no reads at all.
 *   2. header ≠ the one we know (or the file is gone / shorter)    → reset
 *      the WAL is empty as we know it but its size or mtime changed since an earlier check of
 *      the same state (written and truncated again)                 → reset
 *      frame mxFrame+1 carries the header's salts (and is not our own spill frame)
 *                                                                   → size, read frames mxFrame+1.. to EOF
 *   3. they chain (checksums) from our last commit frame and one is a commit frame → append
 *      otherwise (torn, stale, or our own rolled-back spill frames) → none
 * ```
 *
 * Cost when nothing changed (node-sync): one stat and one or two small reads (32 and 24 bytes);
 * one stat alone when the WAL has not been written for QUIET_MARGIN_MS.
 *
 * Decision (what the pager does with the verdict; see pager.ts "Other processes"): `append` frames
 * are indexed (every snapshot of this process stays valid: frames ≤ mxFrame did not change); a
 * `reset` (another process checkpointed and restarted or truncated the WAL, or removed it)
 * rebuilds the wal-index from the file as recovery does; a write transaction that finds either at
 * its first WAL write fails with SQLITE_BUSY_SNAPSHOT instead of writing over the new frames.
 *
 * Limits: with no file locks the check cannot close the window between itself and the frames it
 * guards (another process can commit in between); it makes that window as short as one commit.
 *
 * @module
 */
import { decodeWalFrameHeader, decodeWalHeader, walChecksum, walIsBigEndian, type WalHeader } from '../format/index.js';
import type { Completion } from '../io/completion.js';
import type { File, FileStat, IO } from '../io/file.js';
import { IOJob } from '../io/io-job.js';
import type { IOResult } from '../io/io-result.js';
import { WAL_FRAME_HEADER_SIZE_BYTES, WAL_HEADER_SIZE_BYTES } from './wal-index.js';

/** What this process last wrote or read at the `-wal` path. */
export interface WalDiskState {
  /** The header on disk (null: the file is shorter than 32 bytes, e.g. after a TRUNCATE checkpoint). */
  header: WalHeader | null;
  /** Last commit frame on disk that this process knows of (0: none in this header's generation). */
  mxFrame: number;
  /** Cumulative checksum after frame mxFrame (the header's checksum when mxFrame is 0). */
  lastChecksum: [number, number];
}

/**
 * Milliseconds a WAL's modification time must lie before the stat that saw it for that stat to
 * vouch for "nothing written since" (the "racy git" rule): file systems stamp mtimes with a coarse
 * clock (a jiffy on Linux, 2 s on FAT), so a write within that granularity of an older stat may
 * leave size and mtime as they were.
 */
export const QUIET_MARGIN_MS = 3000;

/** A stat of the WAL taken by a check that found nothing, and when (Date.now() just before it). */
export interface QuietStat extends FileStat {
  takenAtMs: number;
}

/** A commit found past our mxFrame, frame by frame up to its last commit frame. */
export interface ForeignFrames {
  /** Frames mxFrame+1 … last foreign commit frame, in order. */
  frames: Array<{ pgno: number; commitSize: number }>;
  /** Cumulative checksum after the last of them. */
  lastChecksum: [number, number];
}

/** The verdict of {@link ForeignWalCheck}. */
export type ForeignChange = { kind: 'none' } | ({ kind: 'append' } & ForeignFrames) | { kind: 'reset'; why: string };

/** What the check expects. */
export interface ForeignCheckInput {
  /** The `-wal` path. */
  walPath: string;
  /** Page size in bytes (frames are 24 + pageSize bytes). */
  pageSize: number;
  /** What this process knows is on disk; null when it knows of no WAL at all. */
  disk: WalDiskState | null;
  /**
   * True when this process holds a handle on the WAL that it may write to: a WAL removed by another
   * process is then a reset (our writes would go to a file nobody will ever read).
   */
  holdsWritableFile: boolean;
  /**
   * The WAL handle this process holds (null when none). When it and the backend can tell file
   * identities ({@link File.fileId}), the check stats the path once and reads through this handle;
   * otherwise it opens the path afresh.
   */
  held: File | null;
  /**
   * The stat of an earlier check that found nothing against the same {@link disk} state: when the
   * WAL's identity, size and mtime are unchanged and that mtime lay {@link QUIET_MARGIN_MS} before
   * the earlier stat, nothing was written since and the check reads nothing.
   */
  quiet?: QuietStat | null;
  /**
   * The checksum our own first uncommitted frame (a spill) has at mxFrame+1, when we wrote one:
   * finding it there means no one wrote over it, and the frames after it are ours.
   */
  ownFirstChecksum?: [number, number];
}

/**
 * A restartable check (an {@link IOJob} underneath): call {@link step} until it is done. The
 * handle it opens is closed when it finishes or fails.
 */
export class ForeignWalCheck {
  private handle: File | null = null;
  /** True when {@link handle} was opened by the check (and is closed by it). */
  private owned = false;
  private readonly job: IOJob<ForeignChange>;
  private verdict: ForeignChange | null = null;
  private head: Uint8Array = new Uint8Array(0);
  private frameHead: Uint8Array = new Uint8Array(0);
  private size = 0;
  private rest: Uint8Array | null = null;
  /** The stat this check took (identity path), for the next check's {@link ForeignCheckInput.quiet}. */
  stat: QuietStat | null = null;

  constructor(
    private readonly io: IO,
    private readonly input: ForeignCheckInput,
  ) {
    this.job = new IOJob<ForeignChange>([() => this.readHeads(), () => this.judgeHeads(), () => this.readRest()], () => this.finish());
  }

  /** Advances the check. @throws SqliteError SQLITE_IOERR from the reads (the handle is closed). */
  step(): IOResult<ForeignChange> {
    try {
      const r = this.job.step();
      if (r.done) this.close();
      return r;
    } catch (e) {
      this.close();
      throw e;
    }
  }

  private close(): void {
    if (this.owned) this.handle?.close();
    this.handle = null;
  }

  private frameOffset(frame: number): number {
    return WAL_HEADER_SIZE_BYTES + (frame - 1) * (WAL_FRAME_HEADER_SIZE_BYTES + this.input.pageSize);
  }

  private readHeads(): Completion<unknown>[] | void {
    const { io, input } = this;
    const held = input.held;
    const takenAtMs = Date.now();
    const st = held?.fileId && io.fileStat ? io.fileStat(input.walPath) : undefined;
    const byId = st === undefined ? undefined : st === null ? null : st.id;
    if (st) this.stat = { ...st, takenAtMs };
    const q = input.quiet;
    if (st && q && st.id === q.id && st.sizeBytes === q.sizeBytes && st.mtimeMs === q.mtimeMs && q.mtimeMs < q.takenAtMs - QUIET_MARGIN_MS && st.id === held!.fileId!()) {
      this.verdict = { kind: 'none' };
      return;
    }
    if (st && q && st.id === q.id && input.disk && !input.disk.header && (st.sizeBytes !== q.sizeBytes || st.mtimeMs !== q.mtimeMs)) {
      // Empty as far as we know, yet written since an earlier check against the same state: another
      // process committed and truncated it (its frames are in the database file now).
      this.verdict = { kind: 'reset', why: 'another process wrote to the WAL and emptied it again' };
      return;
    }
    if (byId === null || (byId === undefined && !io.exists(input.walPath))) {
      const ours = input.disk !== null && (input.disk.header !== null || input.holdsWritableFile);
      this.verdict = ours ? { kind: 'reset', why: 'the WAL file was removed' } : { kind: 'none' };
      return;
    }
    if (byId !== undefined && byId !== held!.fileId!()) {
      this.verdict = { kind: 'reset', why: 'the WAL file was replaced' };
      return;
    }
    let handle: File;
    if (byId !== undefined) handle = held!;
    else {
      handle = io.open(input.walPath, { readonly: true, create: false });
      this.owned = true;
    }
    this.handle = handle;
    const out: Completion<unknown>[] = [handle.read(0, WAL_HEADER_SIZE_BYTES).map((b) => (this.head = b))];
    // The stat's size tells when the file ends before frame mxFrame+1 (the common case after our
    // own commit): nothing to read there.
    const frameEnd = input.disk ? this.frameOffset(input.disk.mxFrame + 1) + WAL_FRAME_HEADER_SIZE_BYTES : 0;
    if (st) this.size = st.sizeBytes;
    if (input.disk?.header && (!st || st.sizeBytes >= frameEnd)) out.push(handle.read(this.frameOffset(input.disk.mxFrame + 1), WAL_FRAME_HEADER_SIZE_BYTES).map((b) => (this.frameHead = b)));
    return out;
  }

  private judgeHeads(): Completion<unknown>[] | void {
    if (this.verdict) return;
    const disk = this.input.disk;
    const got = this.head.length === WAL_HEADER_SIZE_BYTES ? decodeWalHeader(this.head) : null;
    const known = disk?.header ?? null;
    if (!known) {
      // We know of no header: a valid one now means another process started a generation.
      this.verdict = got && isValidHeader(this.head, got) ? { kind: 'reset', why: 'another process wrote a new WAL' } : { kind: 'none' };
      return;
    }
    if (!got || !sameHeader(got, known)) {
      this.verdict = { kind: 'reset', why: got ? 'the WAL header changed (another process checkpointed and restarted the WAL)' : 'the WAL was truncated' };
      return;
    }
    if (this.frameHead.length < WAL_FRAME_HEADER_SIZE_BYTES) {
      this.verdict = { kind: 'none' };
      return;
    }
    const fh = decodeWalFrameHeader(this.frameHead);
    if (fh.salt1 !== known.salt1 || fh.salt2 !== known.salt2) {
      this.verdict = { kind: 'none' }; // a frame of an older generation, or nothing written there
      return;
    }
    const own = this.input.ownFirstChecksum;
    if (own && fh.checksum1 === own[0] && fh.checksum2 === own[1]) {
      this.verdict = { kind: 'none' }; // our own spill frame is still there: no one wrote after mxFrame
      return;
    }
    if (this.stat) return; // the size came with the stat
    return [this.handle!.size().map((n) => (this.size = n))];
  }

  private readRest(): Completion<unknown>[] | void {
    if (this.verdict) return;
    const start = this.frameOffset(this.input.disk!.mxFrame + 1);
    return [this.handle!.read(start, Math.max(0, this.size - start)).map((b) => (this.rest = b))];
  }

  private finish(): ForeignChange {
    if (this.verdict) return this.verdict;
    const disk = this.input.disk!;
    const found = chainedCommit(this.rest ?? new Uint8Array(0), this.input.pageSize, disk.header!, disk.lastChecksum);
    return found ? { kind: 'append', ...found } : { kind: 'none' };
  }
}

/**
 * Frames at the start of `bytes` (frame mxFrame+1 onwards) that carry `header`'s salts and chain
 * their checksums from `lastChecksum`, up to the last commit frame among them (walformat §2.1,
 * rules 2–3); null when no commit frame is among them.
 */
export function chainedCommit(bytes: Uint8Array, pageSize: number, header: WalHeader, lastChecksum: [number, number]): ForeignFrames | null {
  const frameSize = WAL_FRAME_HEADER_SIZE_BYTES + pageSize;
  const bigEndian = walIsBigEndian(header.magic);
  const frames: Array<{ pgno: number; commitSize: number }> = [];
  let sum = lastChecksum;
  let committed: ForeignFrames | null = null;
  for (let off = 0; off + frameSize <= bytes.length; off += frameSize) {
    const fh = decodeWalFrameHeader(bytes, off);
    if (fh.salt1 !== header.salt1 || fh.salt2 !== header.salt2 || fh.pgno === 0) break;
    sum = walChecksum(bytes.subarray(off + WAL_FRAME_HEADER_SIZE_BYTES, off + frameSize), bigEndian, ...walChecksum(bytes.subarray(off, off + 8), bigEndian, sum[0], sum[1]));
    if (sum[0] !== fh.checksum1 || sum[1] !== fh.checksum2) break;
    frames.push({ pgno: fh.pgno, commitSize: fh.commitSize });
    if (fh.commitSize !== 0) committed = { frames: frames.slice(), lastChecksum: sum };
  }
  return committed;
}

function sameHeader(a: WalHeader, b: WalHeader): boolean {
  return (
    a.magic === b.magic &&
    a.formatVersion === b.formatVersion &&
    a.pageSize === b.pageSize &&
    a.checkpointSeq === b.checkpointSeq &&
    a.salt1 === b.salt1 &&
    a.salt2 === b.salt2 &&
    a.checksum1 === b.checksum1 &&
    a.checksum2 === b.checksum2
  );
}

function isValidHeader(bytes: Uint8Array, h: WalHeader): boolean {
  if (h.magic !== 0x377f0682 && h.magic !== 0x377f0683) return false;
  const [c1, c2] = walChecksum(bytes.subarray(0, 24), walIsBigEndian(h.magic), 0, 0);
  return c1 === h.checksum1 && c2 === h.checksum2;
}
