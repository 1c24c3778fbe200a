/**
 * WAL recovery on open and checkpoints with readers open and across restarts, with SQLite as the
 * oracle: the files a "process" leaves without closing (a MemoryIO copied into a fresh one) reopen
 * as the last commit — by Strata and by sqlite3 — even with a spilled, uncommitted transaction at
 * the WAL's end; a checkpoint stops at an open reader's snapshot and the reader keeps its pages; the
 * checkpoint numbers after a restart are the ones SQLite reports on the same files.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryIO, runSync } from '../../src/io/index.js';
import { Pager } from '../../src/pager/pager.js';
import { scanWal } from '../../src/wal/index.js';
import { commitImage, equalBytes } from '../crash/pager-workload.js';
import { buildStates, DUMP_SQL, type States } from '../crash/sqlite-states.js';
import { runSqlite3 } from '../support/sqlite3-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-recovery-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const DB = '/p/db';

/** The files of `io` as a new process finds them (nothing shared, nothing closed). */
function restart(io: MemoryIO): MemoryIO {
  const next = new MemoryIO();
  for (const suffix of ['', '-wal', '-journal']) {
    const b = io.get(DB + suffix);
    if (b) next.put(DB + suffix, b);
  }
  return next;
}

/** Writes `io`'s files to disk and returns the path, for sqlite3 / better-sqlite3. */
function toDisk(io: MemoryIO): string {
  const file = join(dir, `r${n++}.db`);
  for (const suffix of ['', '-wal']) {
    const b = io.get(DB + suffix);
    if (b) writeFileSync(file + suffix, b);
  }
  return file;
}

function sqlite3Sees(io: MemoryIO): string {
  return runSqlite3(toDisk(io), `PRAGMA integrity_check;\n${DUMP_SQL}`, { readonly: false });
}

function expectPages(p: Pager, image: Uint8Array, pageSize: number): void {
  expect(p.pageCount * pageSize).toBe(image.length);
  for (let pgno = 2; pgno <= p.pageCount; pgno++) {
    if (!equalBytes(runSync(() => p.getPage(pgno)), image.subarray((pgno - 1) * pageSize, pgno * pageSize))) expect.fail(`page ${pgno} differs`);
  }
}

function open(io: MemoryIO, cacheSizePages = 2000): Pager {
  return Pager.open(io, DB, { readonly: false, cacheSizePages });
}

describe('WAL recovery on open', () => {
  const states: States = buildStates({ seed: 21, pageSize: 1024, transactions: 6 });
  const { images, dumps, pageSize } = states;

  it('reopens the last commit, ignoring a spilled transaction that never committed; the next commit writes over it', () => {
    const io = new MemoryIO();
    io.put(DB, images[0]);
    const p = open(io, 3);
    for (let i = 1; i <= 4; i++) commitImage(p, images[i - 1], images[i], pageSize);
    // Transaction 5 spills and the process dies before it commits.
    runSync(() => p.beginRead());
    runSync(() => p.beginWrite());
    const spilled = p.spilledPages;
    for (let pgno = 2; pgno <= p.pageCount; pgno++) {
      runSync(() => p.getMutablePage(pgno)).fill(0x5a);
      runSync(() => p.spill());
    }
    expect(p.spilledPages).toBeGreaterThan(spilled);
    const io2 = restart(io);
    const scan = scanWal(io2.get(`${DB}-wal`)!);
    expect(scan.frames.filter((f) => f.valid).length).toBeGreaterThan(scan.mxFrame); // the spill is there, uncommitted
    const q = open(io2);
    expect(q.walShared!.mxFrame).toBe(scan.mxFrame);
    expectPages(q, images[4], pageSize);
    expect(sqlite3Sees(io2)).toBe(`ok\n${dumps[4]}`);
    // A commit after recovery starts where the spill started and breaks its chain.
    commitImage(q, images[4], images[5], pageSize);
    const io3 = restart(io2);
    const r = open(io3);
    expectPages(r, images[5], pageSize);
    expect(sqlite3Sees(io3)).toBe(`ok\n${dumps[5]}`);
    r.close();
    q.close();
  });
});

describe('checkpoints with readers open and across restarts', () => {
  const states: States = buildStates({ seed: 22, pageSize: 512, transactions: 6 });
  const { images, dumps, pageSize } = states;

  it('stop at the reader, spare its pages, and after a restart give the numbers SQLite gives', () => {
    const io = new MemoryIO();
    io.put(DB, images[0]);
    const w = open(io);
    w.autoCheckpointFrames = 0;
    commitImage(w, images[0], images[1], pageSize);
    commitImage(w, images[1], images[2], pageSize);
    const reader = open(io);
    const readerSnapshot = reader.snapshot;
    commitImage(w, images[2], images[3], pageSize);
    commitImage(w, images[3], images[4], pageSize);

    const passive = runSync(() => w.checkpoint('PASSIVE'));
    expect(passive).toEqual({ busy: 0, log: w.walShared!.mxFrame, checkpointed: readerSnapshot });
    expect(runSync(() => w.checkpoint('FULL')).busy).toBe(1);
    expectPages(reader, images[2], pageSize); // its pages, though the database file moved on
    const fresh = open(io);
    expectPages(fresh, images[4], pageSize);
    fresh.close();

    // The process stops here: nothing closed, the WAL partly backfilled.
    const io2 = restart(io);
    expect(sqlite3Sees(io2)).toBe(`ok\n${dumps[4]}`);
    const p = open(io2);
    p.autoCheckpointFrames = 0;
    expectPages(p, images[4], pageSize);
    // SQLite's numbers on the same files (its own recovery, no reader).
    const oracle = new Database(toDisk(io2));
    const [theirs] = oracle.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
    oracle.close();
    const ours = runSync(() => p.checkpoint('PASSIVE'));
    expect([ours.busy, ours.log, ours.checkpointed]).toEqual([theirs.busy, theirs.log, theirs.checkpointed]);
    // RESTART, then the next commit starts a new generation at frame 1 with the next salt.
    const salt1 = p.walShared!.header!.salt1;
    expect(runSync(() => p.checkpoint('RESTART')).busy).toBe(0);
    commitImage(p, images[4], images[5], pageSize);
    expect(p.walShared!.header!.salt1).toBe((salt1 + 1) >>> 0);
    expect(scanWal(io2.get(`${DB}-wal`)!).mxFrame).toBe(p.walShared!.mxFrame);
    expect(sqlite3Sees(io2)).toBe(`ok\n${dumps[5]}`);
    p.close();
    expect(io2.exists(`${DB}-wal`)).toBe(false);
    const bytes = io2.get(DB)!;
    expect(bytes.length).toBe(images[5].length);
    expect(sqlite3Sees(io2)).toBe(`ok\n${dumps[5]}`);
    reader.close();
    w.close();
  });
});
