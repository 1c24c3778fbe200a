/**
 * Pager transactions against SQLite as the oracle: BEGIN DEFERRED / IMMEDIATE / EXCLUSIVE between
 * two connections give the outcome (ok, SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT) two better-sqlite3
 * connections on a WAL database give for the same steps; rollbacks (also of transactions that
 * spilled to the WAL) leave exactly the committed state, which sqlite3 reads back.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteError } from '../../src/error.js';
import { MemoryIO, NodeSyncIO, runSync } from '../../src/io/index.js';
import { decodeDatabaseHeader } from '../../src/format/index.js';
import { Pager, WRITER_VERSION_NUMBER, type TransactionMode } from '../../src/pager/pager.js';
import { scanWal } from '../../src/wal/index.js';
import { commitImage, equalBytes } from '../crash/pager-workload.js';
import { buildStates, DUMP_SQL, type States } from '../crash/sqlite-states.js';
import { runSqlite3 } from '../support/sqlite3-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-txn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** One step of a two-connection scenario. */
type Step = [conn: 0 | 1, action: 'begin-deferred' | 'begin-immediate' | 'begin-exclusive' | 'read' | 'write' | 'commit'];

const SCENARIOS: Array<[string, Step[]]> = [
  ['deferred, no read, newer commit, then write', [[0, 'begin-deferred'], [1, 'write'], [0, 'write'], [0, 'commit']]],
  ['deferred, read, newer commit, then write', [[0, 'begin-deferred'], [0, 'read'], [1, 'write'], [0, 'write'], [0, 'commit']]],
  ['immediate against immediate', [[0, 'begin-immediate'], [1, 'begin-immediate'], [0, 'write'], [0, 'commit']]],
  ['exclusive: readers carry on, writers wait', [[0, 'begin-exclusive'], [1, 'read'], [1, 'begin-deferred'], [1, 'write'], [0, 'write'], [0, 'commit'], [1, 'read']]],
  ['a reader does not block immediate', [[0, 'begin-deferred'], [0, 'read'], [1, 'begin-immediate'], [1, 'write'], [1, 'commit'], [0, 'read'], [0, 'commit']]],
  ['deferred write after the other writer committed', [[1, 'begin-immediate'], [0, 'begin-deferred'], [0, 'write'], [1, 'write'], [1, 'commit'], [0, 'write'], [0, 'commit']]],
];

/** SQLite's outcome of each step: 'ok' or the error code, with the rows count read. */
function sqliteOutcomes(steps: Step[]): string[] {
  const file = join(dir, `oracle-${n++}.db`);
  const setup = new Database(file);
  setup.pragma('journal_mode = WAL');
  setup.exec('CREATE TABLE t(x)');
  setup.close();
  const conns = [new Database(file, { timeout: 0 }), new Database(file, { timeout: 0 })];
  const out = steps.map(([c, action]) => {
    const db = conns[c];
    try {
      if (action === 'begin-deferred') db.exec('BEGIN DEFERRED');
      else if (action === 'begin-immediate') db.exec('BEGIN IMMEDIATE');
      else if (action === 'begin-exclusive') db.exec('BEGIN EXCLUSIVE');
      else if (action === 'read') db.prepare('SELECT count(*) FROM t').get();
      else if (action === 'write') db.exec('INSERT INTO t VALUES (1)');
      else if (db.inTransaction) db.exec('COMMIT');
      return 'ok';
    } catch (e) {
      return (e as { code: string }).code;
    }
  });
  for (const db of conns) db.close();
  return out;
}

/** Strata's outcome: the same steps at the pager level; a write commits the next SQLite image. */
function strataOutcomes(steps: Step[], states: States): string[] {
  const file = join(dir, `strata-${n++}.db`);
  writeFileSync(file, states.images[0]);
  const io = new NodeSyncIO();
  const first = Pager.open(io, file, { readonly: false });
  commitImage(first, states.images[0], states.images[1], states.pageSize); // now in WAL mode
  const conns = [first, Pager.open(io, file, { readonly: false })];
  const autocommit = [true, true];
  let next = 2;
  const out = steps.map(([c, action]) => {
    const p = conns[c];
    try {
      if (action.startsWith('begin-')) {
        runSync(() => p.begin(action.slice(6) as TransactionMode));
        autocommit[c] = false;
      } else if (action === 'read') {
        if (autocommit[c]) runSync(() => p.beginRead());
        runSync(() => p.getPage(1));
      } else if (action === 'write') {
        if (autocommit[c]) runSync(() => p.beginRead());
        writeImage(p, states, next++);
        if (autocommit[c]) runSync(() => p.commit());
      } else {
        if (p.inWriteTransaction) runSync(() => p.commit());
        autocommit[c] = true;
      }
      return 'ok';
    } catch (e) {
      if (!(e instanceof SqliteError)) throw e;
      if (p.inWriteTransaction && autocommit[c]) p.rollback();
      return e.code;
    }
  });
  for (const p of conns) p.close();
  return out;
}

/** Makes the pages of image `i` dirty in `p`'s write transaction (taking the write lock). */
function writeImage(p: Pager, states: States, i: number): void {
  runSync(() => p.beginWrite());
  const { images, pageSize } = states;
  const img = images[Math.min(i, images.length - 1)];
  while (p.pageCount < img.length / pageSize) p.appendPage();
  for (let pgno = 2; pgno <= img.length / pageSize; pgno++) runSync(() => p.getMutablePage(pgno)).set(img.subarray((pgno - 1) * pageSize, pgno * pageSize));
}

describe('BEGIN DEFERRED / IMMEDIATE / EXCLUSIVE between two connections, as SQLite in WAL mode', () => {
  const states = buildStates({ seed: 11, pageSize: 1024, transactions: 12 });
  it.each(SCENARIOS)('%s', (_name, steps) => {
    const theirs = sqliteOutcomes(steps);
    expect(strataOutcomes(steps, states)).toEqual(theirs);
  });

  it('the scenarios include each outcome SQLite can give', () => {
    const all = new Set(SCENARIOS.flatMap(([, s]) => sqliteOutcomes(s)));
    expect([...all].sort()).toEqual(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'ok']);
  });
});

describe('rollback', () => {
  it('leaves exactly the committed state, also after spilling to the WAL (property over seeds and cache sizes)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 12 }), fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }), (seed, cachePages, rollbacks) => {
        const states = buildStates({ seed, pageSize: 512, transactions: 6 });
        const io = new MemoryIO();
        io.put('/r/db', states.images[0]);
        const p = Pager.open(io, '/r/db', { readonly: false, cacheSizePages: cachePages });
        for (let i = 1; i < states.images.length; i++) {
          if (rollbacks[i - 1]) {
            // Write the next image's pages (spilling as we go), append, then change our mind.
            runSync(() => p.beginRead());
            writeImage(p, states, i);
            for (let k = 0; k < 3; k++) p.appendPage();
            runSync(() => p.spill());
            p.rollback();
            expectPages(p, states.images[i - 1], states.pageSize);
          }
          commitImage(p, states.images[i - 1], states.images[i], states.pageSize);
          expectPages(p, states.images[i], states.pageSize);
        }
        const last = states.images[states.images.length - 1];
        p.close();
        const again = Pager.open(io, '/r/db', { readonly: false });
        expectPages(again, last, states.pageSize);
        again.close();
        const file = join(dir, `rb-${n++}.db`);
        writeFileSync(file, io.get('/r/db')!);
        expect(runSqlite3(file, `PRAGMA integrity_check;\n${DUMP_SQL}`)).toBe(`ok\n${states.dumps[states.dumps.length - 1]}`);
      }),
      { numRuns: 8, seed: 4 },
    );
  });

  it('of a new database leaves an empty file and no WAL or journal', () => {
    const io = new MemoryIO();
    const p = Pager.open(io, '/n/db', { readonly: false });
    runSync(() => p.beginWrite());
    p.appendPage();
    p.rollback();
    expect(p.pageCount).toBe(0);
    expect(p.dbHeader).toBeNull();
    p.close();
    expect(io.get('/n/db')!.length).toBe(0);
    expect(io.exists('/n/db-wal') || io.exists('/n/db-journal')).toBe(false);
  });
});

describe('spilling', () => {
  it('a transaction far larger than the cache commits, holding at most the cache in memory', () => {
    const states = buildStates({ seed: 3, pageSize: 512, transactions: 1 });
    const io = new MemoryIO();
    io.put('/s/db', states.images[0]);
    const p = Pager.open(io, '/s/db', { readonly: false, cacheSizePages: 4 });
    commitImage(p, states.images[0], states.images[1], 512); // creates the WAL
    // 300 new pages of filler bytes (a page-level test: nothing links them into a b-tree).
    runSync(() => p.beginRead());
    runSync(() => p.beginWrite());
    const spilledBefore = p.spilledPages;
    const pages: number[] = [];
    for (let i = 0; i < 300; i++) {
      const pgno = p.appendPage();
      pages.push(pgno);
      runSync(() => p.getMutablePage(pgno)).fill(i & 0xff);
      runSync(() => p.spill());
      expect(p.dirtyPagesHeld).toBeLessThanOrEqual(4);
    }
    expect(p.spilledPages - spilledBefore).toBeGreaterThanOrEqual(290);
    // Spilled pages read back (from their frames) and can be changed again.
    expect(runSync(() => p.getPage(pages[5]))[100]).toBe(5);
    runSync(() => p.getMutablePage(pages[5])).fill(0xee);
    expect(runSync(() => p.getPage(pages[5]))[7]).toBe(0xee);
    runSync(() => p.commit());
    for (const [i, pgno] of pages.entries()) expect(runSync(() => p.getPage(pgno))[9]).toBe(i === 5 ? 0xee : i & 0xff);
    // Another connection sees the committed pages too.
    const q = Pager.open(io, '/s/db');
    expect(q.pageCount).toBe(p.pageCount);
    expect(runSync(() => q.getPage(pages[299]))[0]).toBe(299 & 0xff);
    q.close();
    p.close();
  });
});

describe('spilling, then shrinking', () => {
  it('pages spilled and then cut off by truncate are gone: not readable, not committed, not checkpointed', () => {
    const states = buildStates({ seed: 5, pageSize: 512, transactions: 2 });
    const io = new MemoryIO();
    io.put('/t/db', states.images[0]);
    const p = Pager.open(io, '/t/db', { readonly: false, cacheSizePages: 2 });
    commitImage(p, states.images[0], states.images[1], 512);
    const base = p.pageCount;
    runSync(() => p.beginRead());
    runSync(() => p.beginWrite());
    for (let i = 0; i < 20; i++) {
      runSync(() => p.getMutablePage(p.appendPage())).fill(0x77);
      runSync(() => p.spill());
    }
    expect(p.spilledPages).toBeGreaterThan(10);
    p.truncate(base);
    expect(() => runSync(() => p.getPage(base + 1))).toThrow(/outside/);
    // The rest of the transaction is the next SQLite image.
    const next = states.images[2];
    while (p.pageCount < next.length / 512) p.appendPage();
    for (let pgno = 2; pgno <= next.length / 512; pgno++) runSync(() => p.getMutablePage(pgno)).set(next.subarray((pgno - 1) * 512, pgno * 512));
    runSync(() => p.commit());
    expect(runSync(() => p.checkpoint('TRUNCATE'))).toEqual({ busy: 0, log: 0, checkpointed: 0 });
    p.close();
    const file = join(dir, `shrink-${n++}.db`);
    const bytes = io.get('/t/db')!;
    expect(bytes.length).toBe(next.length);
    writeFileSync(file, bytes);
    expect(runSqlite3(file, `PRAGMA integrity_check;\n${DUMP_SQL}`)).toBe(`ok\n${states.dumps[2]}`);
  });
});

function expectPages(p: Pager, image: Uint8Array, pageSize: number): void {
  expect(p.pageCount * pageSize).toBe(image.length);
  for (let pgno = 2; pgno <= p.pageCount; pgno++) {
    const same = equalBytes(runSync(() => p.getPage(pgno)), image.subarray((pgno - 1) * pageSize, pgno * pageSize));
    if (!same) expect.fail(`page ${pgno} differs`);
  }
}

describe('header upkeep', () => {
  it('page 1 is written (change counter + 1, version-valid-for, size) only when the commit needs it, as SQLite does in WAL mode', () => {
    // SQLite: an update inside one page writes no page-1 frame; an insert that grows the file does.
    const file = join(dir, `hdr-${n++}.db`);
    const db = new Database(file);
    db.pragma('page_size = 1024');
    db.pragma('journal_mode = WAL');
    db.pragma('wal_autocheckpoint = 0');
    db.exec("CREATE TABLE t(x); INSERT INTO t VALUES ('a')");
    const framesOf = (): Array<{ pgno: number; commitSize: number }> => scanWal(new Uint8Array(readFileSync(file + '-wal'))).frames.filter((f) => f.valid);
    const before = framesOf().length;
    db.exec("UPDATE t SET x = 'b'");
    const theirsSmall = framesOf().slice(before).map((f) => f.pgno);
    const mid = framesOf().length;
    db.exec('INSERT INTO t SELECT randomblob(3000)');
    const theirsGrow = framesOf().slice(mid).map((f) => f.pgno);
    db.close();
    expect(theirsSmall).not.toContain(1);
    expect(theirsGrow).toContain(1);

    // Strata on a copy of SQLite's pages: a change inside page 2, then one that appends a page.
    const io = new MemoryIO();
    const states = buildStates({ seed: 8, pageSize: 1024, transactions: 1 });
    io.put('/h/db', states.images[1]);
    const p = Pager.open(io, '/h/db', { readonly: false });
    commitImage(p, states.images[1], states.images[1], 1024); // no change: nothing written
    expect(p.walShared?.mxFrame ?? 0).toBe(0);
    const h0 = decodeDatabaseHeader(runSync(() => p.getPage(1)));
    runSync(() => p.beginWrite());
    const page2 = runSync(() => p.getMutablePage(2));
    page2[page2.length - 1] ^= 0; // dirty, same bytes
    runSync(() => p.commit());
    const wal = (): number[] => scanWal(io.get('/h/db-wal')!).frames.filter((f) => f.valid).map((f) => f.pgno);
    expect(wal()).toEqual([2]);
    runSync(() => p.beginWrite());
    p.appendPage();
    runSync(() => p.commit());
    expect(wal().slice(1).sort()).toEqual([1, p.pageCount]);
    const h1 = decodeDatabaseHeader(runSync(() => p.getPage(1)));
    expect(h1.changeCounter).toBe(h0.changeCounter + 1);
    expect(h1.versionValidFor).toBe(h1.changeCounter);
    expect(h1.pageCount).toBe(p.pageCount);
    expect([h1.writeVersion, h1.readVersion]).toEqual([2, 2]);
    expect(h1.sqliteVersion).toBe(WRITER_VERSION_NUMBER);
    p.close();
    // sqlite3 agrees on the size, and on everything else page 1 says.
    const out = join(dir, `hdr-${n++}.db`);
    writeFileSync(out, io.get('/h/db')!);
    expect(runSqlite3(out, 'PRAGMA page_count;\nPRAGMA freelist_count;\nPRAGMA schema_version;\n')).toBe(`${h1.pageCount}\n${h1.freelistCount}\n${h1.schemaCookie}\n`);
  });
});
