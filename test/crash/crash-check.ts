/**
 * Checking one crash image (the files a power cut left behind) against the oracle states:
 *
 * 1. Strata reopens it (hot-journal rollback, WAL recovery) and must see exactly one image Sj with
 *    durable ≤ j ≤ started — every page equal, except the page-1 bytes a WAL-mode writer owns
 *    (18–19 file format versions, 24–27 change counter, 92–99 version-valid-for and writer
 *    version) — never anything else.
 * 2. Closing it (a TRUNCATE checkpoint, the WAL removed) leaves a database file that is Sj alone.
 * 3. A second power cut, at a seeded operation of that reopen-and-close (hot-journal rollback,
 *    WAL recovery, the closing checkpoint), leaves files that still reopen as exactly Sj: recovery
 *    never loses or mixes what the first crash left durable.
 * 4. The sqlite3 CLI, given the crash image as files, says `PRAGMA integrity_check` is ok and its
 *    `.dump` equals the dump of Sj (sqlite3 recovers the same state Strata does). Verdicts are
 *    cached by the image's hash: many cut points leave the same bytes.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultIO, PowerCut } from '../../src/io/fault-io.js';
import { MemoryIO, runSync } from '../../src/io/index.js';
import { Pager } from '../../src/pager/pager.js';
import { runSqlite3 } from '../support/sqlite3-cli.js';
import { DB_PATH, type Progress } from './pager-workload.js';
import { DUMP_SQL, type States } from './sqlite-states.js';

/** Page-1 byte ranges [from, to) a WAL-mode writer sets itself. */
const WRITER_OWNED: Array<[number, number]> = [
  [18, 20],
  [24, 28],
  [92, 100],
];

/** Counters of a crash run. */
export interface CrashStats {
  /** Crash images checked (cut point × variant). */
  images: number;
  /** Second power cuts during the recovery of a crash image (point 3). */
  secondCuts: number;
  /** Distinct images sqlite3 was asked about. */
  sqlite3Runs: number;
  /** How often each recovered state was "the last returned commit" vs. an older or the cut one. */
  recoveredLatest: number;
  recoveredInFlight: number;
  recoveredOlder: number;
}

/** A new, zeroed {@link CrashStats}. */
export function newStats(): CrashStats {
  return { images: 0, secondCuts: 0, sqlite3Runs: 0, recoveredLatest: 0, recoveredInFlight: 0, recoveredOlder: 0 };
}

const verdicts = new Map<string, string>();
let scratch: string | null = null;

/** Removes the scratch directory used for sqlite3. */
export function cleanupCrashScratch(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = null;
}

/**
 * Checks one crash image; returns a failure description, or null when it is one of the allowed
 * states by Strata and by sqlite3.
 */
export function checkCrashImage(image: Map<string, Uint8Array>, states: States, progress: Progress, stats: CrashStats): string | null {
  stats.images++;
  const { pageSize, images } = states;
  const io = new MemoryIO();
  for (const [path, bytes] of image) io.put(path, bytes);
  let j = -1;
  try {
    const p = Pager.open(io, DB_PATH, { readonly: false });
    const pages: Uint8Array[] = [];
    for (let pgno = 1; pgno <= p.pageCount; pgno++) pages.push(runSync(() => p.getPage(pgno)).slice());
    for (let cand = progress.started; cand >= progress.durable && j < 0; cand--) if (samePages(pages, images[cand], pageSize)) j = cand;
    p.close();
    if (j < 0) return `Strata recovered ${pages.length} pages matching none of S${progress.durable}..S${progress.started}`;
    const after = io.get(DB_PATH) ?? new Uint8Array(0);
    if (io.exists(`${DB_PATH}-wal`)) return 'the WAL is still there after the last close';
    if (after.length !== images[j].length || !samePages(splitPages(after, pageSize), images[j], pageSize))
      return `after close the database file is not S${j} (${after.length} bytes, S${j} has ${images[j].length})`;
    const second = secondCrash(image, images[j], pageSize, stats);
    if (second) return second;
  } catch (e) {
    return `Strata failed to reopen: ${(e as Error).message}`;
  }
  if (j === progress.returned) stats.recoveredLatest++;
  else if (j > progress.returned) stats.recoveredInFlight++;
  else stats.recoveredOlder++;

  const key = hashImage(image);
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    stats.sqlite3Runs++;
    verdict = askSqlite3(image);
    verdicts.set(key, verdict);
  }
  const expected = `ok\n${states.dumps[j]}`;
  if (verdict !== expected) return `sqlite3 disagrees (Strata found S${j}): ${verdict.slice(0, 300)}`;
  return null;
}

/** Point 3: cut the power during the recovery of `image`; the result must still reopen as `want`. */
function secondCrash(image: Map<string, Uint8Array>, want: Uint8Array, pageSize: number, stats: CrashStats): string | null {
  const load = (io: FaultIO): void => {
    for (const [path, bytes] of image) io.put(path, bytes);
  };
  const dry = new FaultIO();
  load(dry);
  Pager.open(dry, DB_PATH, { readonly: false }).close();
  if (dry.ops === 0) return null;
  const seed = parseInt(hashImage(image).slice(0, 8), 16);
  const cut = 1 + (seed % dry.ops);
  const io = new FaultIO(cut);
  load(io);
  try {
    Pager.open(io, DB_PATH, { readonly: false }).close();
  } catch (e) {
    if (!(e instanceof PowerCut)) throw e;
  }
  stats.secondCuts++;
  const again = new MemoryIO();
  for (const [path, bytes] of io.crashImage({ unsynced: 'some', inFlight: 'sector-subset', seed })) again.put(path, bytes);
  const p = Pager.open(again, DB_PATH, { readonly: false });
  const pages: Uint8Array[] = [];
  for (let pgno = 1; pgno <= p.pageCount; pgno++) pages.push(runSync(() => p.getPage(pgno)).slice());
  p.close();
  return samePages(pages, want, pageSize) ? null : `a second power cut at operation ${cut} of the recovery changed the recovered state`;
}

function askSqlite3(image: Map<string, Uint8Array>): string {
  scratch ??= mkdtempSync(join(tmpdir(), 'strata-crash-'));
  const dir = mkdtempSync(join(scratch, 'c-'));
  try {
    const file = join(dir, 'test.db');
    for (const [path, bytes] of image) writeFileSync(file + path.slice(DB_PATH.length), bytes);
    return runSqlite3(file, `PRAGMA integrity_check;\n${DUMP_SQL}`, { readonly: false });
  } catch (e) {
    return `sqlite3 failed: ${(e as Error).message}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function hashImage(image: Map<string, Uint8Array>): string {
  const h = createHash('sha1');
  for (const path of [...image.keys()].sort()) {
    h.update(path);
    h.update(String(image.get(path)!.length));
    h.update(image.get(path)!);
  }
  return h.digest('hex');
}

function splitPages(bytes: Uint8Array, pageSize: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += pageSize) out.push(bytes.subarray(at, at + pageSize));
  return out;
}

/** Pages equal to `image`'s, page 1 compared outside the writer-owned bytes. */
function samePages(pages: Uint8Array[], image: Uint8Array, pageSize: number): boolean {
  if (pages.length * pageSize !== image.length) return false;
  for (let i = 0; i < pages.length; i++) {
    const want = image.subarray(i * pageSize, (i + 1) * pageSize);
    const got = pages[i];
    for (let b = 0; b < pageSize; b++) {
      if (got[b] === want[b]) continue;
      if (i === 0 && WRITER_OWNED.some(([from, to]) => b >= from && b < to)) continue;
      return false;
    }
  }
  return true;
}
