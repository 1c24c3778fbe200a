/**
 * The write side obeys the IOResult contract: on a backend whose completions finish later and in
 * random order (DelayedIO, driven by runAsync), transactions that spill, commit and checkpoint
 * leave exactly the files node-sync-style MemoryIO gets for the same steps — and sqlite3 reads them
 * as SQLite's own images of those transactions.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeDatabaseHeader } from '../../src/format/index.js';
import { DelayedIO, MemoryIO, runAsync, runSync, type IO, type IOResult } from '../../src/io/index.js';
import type { CheckpointMode } from '../../src/pager/checkpoint.js';
import { Pager } from '../../src/pager/pager.js';
import { equalBytes } from '../crash/pager-workload.js';
import { buildStates, DUMP_SQL, type States } from '../crash/sqlite-states.js';
import { runSqlite3 } from '../support/sqlite3-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-async-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

type Drive = <T>(op: () => IOResult<T>) => Promise<T>;
const syncDrive: Drive = async (op) => runSync(op);

const MODES: CheckpointMode[] = ['PASSIVE', 'FULL', 'RESTART', 'TRUNCATE'];

/** Commits every image of `states` through a pager on `io`, checkpointing now and then; returns the pages seen at the end. */
async function run(io: IO, open: () => Promise<Pager>, drive: Drive, states: States, checkpointEvery: number): Promise<Uint8Array[]> {
  const p = await open();
  const { images, pageSize } = states;
  for (let i = 1; i < images.length; i++) {
    const prev = images[i - 1];
    const next = images[i];
    await drive(() => p.beginRead());
    await drive(() => p.beginWrite());
    while (p.pageCount < next.length / pageSize) p.appendPage();
    for (let pgno = 1; pgno <= next.length / pageSize; pgno++) {
      const page = next.subarray((pgno - 1) * pageSize, pgno * pageSize);
      if (pgno <= prev.length / pageSize && equalBytes(page, prev.subarray((pgno - 1) * pageSize, pgno * pageSize))) continue;
      (await drive(() => p.getMutablePage(pgno))).set(page);
      await drive(() => p.spill());
    }
    const h = decodeDatabaseHeader(next);
    Object.assign(p.header, { freelistTrunk: h.freelistTrunk, freelistCount: h.freelistCount, largestRootPage: h.largestRootPage, incrementalVacuum: h.incrementalVacuum, schemaCookie: h.schemaCookie });
    await drive(() => p.commit());
    if (i % checkpointEvery === 0) await drive(() => p.checkpoint(MODES[(i / checkpointEvery) % 4]));
  }
  await drive(() => p.beginRead());
  const pages: Uint8Array[] = [];
  for (let pgno = 1; pgno <= p.pageCount; pgno++) pages.push((await drive(() => p.getPage(pgno))).slice());
  return pages;
}

describe('write path on a delayed, reordering backend', () => {
  it('spills, commits and checkpoints as MemoryIO does (property over seeds, cache sizes, checkpoint spacing)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 1, max: 4 }), async (seed, cachePages, every) => {
        const states = buildStates({ seed, pageSize: 512, transactions: 5 });
        const a = new MemoryIO();
        a.put('/a/db', states.images[0]);
        const ours = await run(a, async () => Pager.open(a, '/a/db', { readonly: false, cacheSizePages: cachePages }), syncDrive, states, every);
        const inner = new MemoryIO();
        inner.put('/a/db', states.images[0]);
        const delayed = new DelayedIO(inner, seed);
        const theirs = await run(delayed, () => Pager.openAsync(delayed, '/a/db', { readonly: false, cacheSizePages: cachePages }), runAsync, states, every);
        expect(delayed.delayed).toBeGreaterThan(0);
        expect(theirs.length).toBe(ours.length);
        for (let i = 1; i < ours.length; i++) expect(equalBytes(theirs[i], ours[i]), `page ${i + 1}`).toBe(true);
        // The delayed run's files, as sqlite3 sees them, are SQLite's last image.
        const file = join(dir, `d${n++}.db`);
        writeFileSync(file, inner.get('/a/db')!);
        const wal = inner.get('/a/db-wal');
        if (wal) writeFileSync(`${file}-wal`, wal);
        expect(runSqlite3(file, `PRAGMA integrity_check;\n${DUMP_SQL}`, { readonly: false })).toBe(`ok\n${states.dumps[states.dumps.length - 1]}`);
      }),
      { numRuns: 10, seed: 9 },
    );
  });
});
