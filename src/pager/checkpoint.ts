/**
 * Checkpoints: copying committed WAL frames back into the database file (wal.c walCheckpoint,
 * walformat §2.4), as `PRAGMA wal_checkpoint(MODE)` runs them.
 *
 * 1. mxSafe = the smallest snapshot of any open reader (invariant 2 of wal-shared.ts): a page is
 *    only backfilled with its newest frame ≤ mxSafe, so no reader ever finds a newer page in the
 *    database file than its snapshot allows.
 * 2. The WAL is synced first, then each page's newest frame in (nBackfill, mxSafe] is read and
 *    written to the database file, which is then synced and, when the whole WAL is backfilled,
 *    truncated to the database size of the last commit. Both syncs run whatever `synchronous`
 *    says: backfilling frames that are not durable, or resetting the WAL over a database file that
 *    is not, is how a power cut turns lost commits into a corrupt file (SQLite skips them at
 *    synchronous=OFF and accepts that risk; Strata does not — see pager.ts, "synchronous").
 * 3. RESTART and TRUNCATE also require that no reader still needs the WAL; then the WAL is reset
 *    (the next writer starts frame 1 with new salts) and TRUNCATE cuts the file to 0 bytes.
 *
 * The result is SQLite's three numbers: busy (1 when the mode could not complete because of readers
 * or a writer), log (frames in the WAL), checkpointed (frames backfilled).
 *
 * @module
 */
import type { Completion } from '../io/completion.js';
import { IOJob } from '../io/io-job.js';
import type { SharedDatabase } from './shared-database.js';

/** Checkpoint modes of `PRAGMA wal_checkpoint`. */
export type CheckpointMode = 'PASSIVE' | 'FULL' | 'RESTART' | 'TRUNCATE';

/** SQLite's answer to `PRAGMA wal_checkpoint`: busy flag, frames in the log, frames checkpointed. */
export interface CheckpointResult {
  busy: 0 | 1;
  log: number;
  checkpointed: number;
}

/**
 * Builds the checkpoint as a restartable job.
 * @param encrypted - frames hold ciphertext; they are copied as they are (the db file holds ciphertext too).
 */
export function checkpointJob(s: SharedDatabase, pageSize: number, mode: CheckpointMode, encrypted: boolean): IOJob<CheckpointResult> {
  void encrypted; // frames and database pages share one on-disk form: copied without decrypting
  const wal = s.wal!;
  const walFile = s.walFile!;
  let busy: 0 | 1 = 0;
  let mxSafe = 0;
  let copies: Array<{ pgno: number; frame: number }> = [];
  const pages = new Map<number, Uint8Array>();
  let wholeWal = false;
  const phases = [
    (): Completion<unknown>[] | void => {
      if (s.checkpointing) {
        busy = 1;
        return;
      }
      // FULL, RESTART and TRUNCATE wait for writers in SQLite; within one process a writer in
      // progress makes them busy.
      if (mode !== 'PASSIVE' && wal.writer) busy = 1;
      mxSafe = wal.minReaderSnapshot();
      if (mxSafe < wal.mxFrame && mode !== 'PASSIVE') busy = 1;
      if (mxSafe <= wal.nBackfill) return;
      s.checkpointing = true;
      // Frames of pages past the database size at mxSafe (a transaction that shrank the file after
      // spilling them) are skipped, as wal.c walCheckpoint does.
      const dbSize = wal.dbSizeAt(mxSafe);
      copies = wal.latestFramesUpTo(mxSafe).filter((c) => c.frame > wal.nBackfill && c.pgno <= dbSize);
      wholeWal = mxSafe === wal.mxFrame;
      return [walFile.sync()];
    },
    (): Completion<unknown>[] | void => {
      if (!s.checkpointing) return;
      return copies.map((c) => wal.readFrame(c.frame).map((b) => pages.set(c.pgno, b)));
    },
    (): Completion<unknown>[] | void => {
      if (!s.checkpointing) return;
      const out: Completion<unknown>[] = [];
      for (const c of copies) out.push(s.dbFile.write((c.pgno - 1) * pageSize, pages.get(c.pgno)!));
      if (wholeWal) out.push(s.dbFile.truncate(wal.dbSizeAt(mxSafe) * pageSize));
      out.push(s.dbFile.sync());
      return out;
    },
    (): Completion<unknown>[] | void => {
      if (s.checkpointing) {
        wal.nBackfill = mxSafe;
        s.checkpointing = false;
      }
      if ((mode === 'RESTART' || mode === 'TRUNCATE') && busy === 0) {
        // RESTART: the next writer will start the WAL over; TRUNCATE does it now and empties the file.
        if (!wal.restartable()) busy = 1;
        else if (mode === 'TRUNCATE') {
          if (wal.mxFrame > 0) wal.restart();
          wal.noteTruncated();
          return [walFile.truncate(0)];
        }
      }
    },
  ];
  return new IOJob<CheckpointResult>(phases, () => ({ busy, log: wal.mxFrame, checkpointed: wal.nBackfill }));
}
