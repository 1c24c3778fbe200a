/**
 * The pager's write side, at the page level, with SQLite as the oracle: WAL frames Strata commits are
 * read by sqlite3 and better-sqlite3 as their own; checkpoints return SQLite's numbers; readers keep
 * their snapshot; a second writer is refused; hot journals are rolled back as SQLite does.
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isSqliteError } from '../../src/error.js';
import { NodeSyncIO, runSync } from '../../src/io/index.js';
import { Pager } from '../../src/pager/pager.js';
import { decodeBtreePageHeader, decodeDatabaseHeader } from '../../src/format/index.js';
import { corpusPath } from '../support/repo-corpus.js';
import { sqliteIntegrityCheck, sqliteRowsTyped, sqliteValues } from '../support/sqlite3.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const io = new NodeSyncIO();
let n = 0;
const fresh = (name: string) => join(dir, `${n++}-${name}`);

/** Copies every page of `src` (a file SQLite wrote) into a new database through Strata's pager. */
function copyThroughPager(src: string, dest: string): Pager {
  const bytes = new Uint8Array(readFileSync(src));
  const h = decodeDatabaseHeader(bytes);
  const pages = bytes.length / h.pageSize;
  const p = Pager.open(io, dest, { readonly: false, newPageSize: h.pageSize });
  runSync(() => p.beginWrite());
  for (let i = 2; i <= pages; i++) p.appendPage();
  for (let pgno = 1; pgno <= pages; pgno++) runSync(() => p.getMutablePage(pgno)).set(bytes.subarray((pgno - 1) * h.pageSize, pgno * h.pageSize));
  Object.assign(p.header, { freelistTrunk: h.freelistTrunk, freelistCount: h.freelistCount, largestRootPage: h.largestRootPage, incrementalVacuum: h.incrementalVacuum, schemaCookie: h.schemaCookie });
  runSync(() => p.commit());
  return p;
}

function rowsOf(file: string, table: string) {
  return sqliteRowsTyped(file, table);
}

describe('pager write transactions', () => {
  it('a new database committed by Strata is a valid SQLite database', () => {
    const f = fresh('new.db');
    const p = Pager.open(io, f, { readonly: false, newPageSize: 1024 });
    runSync(() => p.beginWrite());
    runSync(() => p.commit());
    expect(statSync(f).size).toBe(1024); // page 1 went to the database file itself
    expect(sqliteIntegrityCheck(f)).toEqual(['ok']);
    p.close();
  });

  for (const name of ['page-512.db', 'overflow.db', 'freelist.db', 'autovacuum-full.db', 'utf16be.db']) {
    it(`pages of ${name} committed as WAL frames read back through sqlite3, then after a checkpoint`, () => {
      const src = corpusPath(name);
      const f = fresh(name);
      const p = copyThroughPager(src, f);
      expect(existsSync(f + '-wal')).toBe(true);
      expect(sqliteIntegrityCheck(f)).toEqual(['ok']);
      const tables = sqliteValues(src, "SELECT name FROM sqlite_schema WHERE type = 'table'").map((r) => String(r[0].value));
      for (const t of tables) expect(rowsOf(f, t)).toEqual(rowsOf(src, t));
      // Our own checkpoint, then the database file alone holds everything.
      const cp = runSync(() => p.checkpoint('TRUNCATE'));
      expect(cp).toEqual({ busy: 0, log: 0, checkpointed: 0 });
      expect(statSync(f + '-wal').size).toBe(0);
      p.close();
      expect(existsSync(f + '-wal')).toBe(false);
      for (const t of tables) expect(rowsOf(f, t)).toEqual(rowsOf(src, t));
    });
  }

  it('PASSIVE / RESTART checkpoint numbers match what SQLite reports on the same WAL', () => {
    const f = fresh('cp.db');
    const p = copyThroughPager(corpusPath('page-1024.db'), f);
    const frames = p.walShared!.mxFrame;
    // SQLite's answer on an identical copy of our files.
    const g = fresh('cp-oracle.db');
    copyFileSync(f, g);
    copyFileSync(f + '-wal', g + '-wal');
    const db = new Database(g);
    const theirs = db.pragma('wal_checkpoint(PASSIVE)', { simple: false }) as Array<Record<string, number>>;
    db.close();
    const ours = runSync(() => p.checkpoint('PASSIVE'));
    expect([ours.busy, ours.log, ours.checkpointed]).toEqual([theirs[0].busy, theirs[0].log, theirs[0].checkpointed]);
    expect(ours.log).toBe(frames);
    expect(runSync(() => p.checkpoint('RESTART'))).toEqual({ busy: 0, log: frames, checkpointed: frames });
    p.close();
  });

  it('readers keep their snapshot; a second writer is SQLITE_BUSY; a stale reader cannot upgrade; checkpoints spare open readers', () => {
    const f = fresh('mvcc.db');
    const w = copyThroughPager(corpusPath('page-4096.db'), f);
    const r = Pager.open(io, f, { readonly: false });
    const before = runSync(() => r.getPage(2)).slice();
    const snapshot = r.snapshot;
    // Writer changes page 2.
    runSync(() => w.beginRead());
    runSync(() => w.beginWrite());
    const page2 = runSync(() => w.getMutablePage(2));
    // Flip a byte of unallocated space (between the cell pointers and the cell content): no cell changes.
    const hdr = decodeBtreePageHeader(page2, 2);
    const spot = hdr.cellContentStart - 1;
    expect(spot).toBeGreaterThan((hdr.rightChild !== undefined ? 12 : 8) + 2 * hdr.cellCount);
    page2[spot] ^= 0xff;
    expect(() => runSync(() => r.beginWrite())).toThrow(/locked/);
    runSync(() => w.commit());
    // The reader still sees its snapshot, and cannot upgrade past the newer commit.
    expect(runSync(() => r.getPage(2))).toEqual(before);
    try {
      runSync(() => r.beginWrite());
      expect.unreachable();
    } catch (e) {
      expect(isSqliteError(e, 'SQLITE_BUSY_SNAPSHOT')).toBe(true);
    }
    // A checkpoint cannot backfill past the reader's snapshot.
    const cp = runSync(() => w.checkpoint('PASSIVE'));
    expect(cp.checkpointed).toBe(snapshot);
    expect(cp.log).toBeGreaterThan(snapshot);
    expect(runSync(() => w.checkpoint('FULL')).busy).toBe(1);
    expect(runSync(() => r.getPage(2))).toEqual(before);
    // Moving the reader forward shows the new page; then the checkpoint completes.
    runSync(() => r.beginRead());
    expect(runSync(() => r.getPage(2))[spot]).toBe(before[spot] ^ 0xff);
    const full = runSync(() => w.checkpoint('FULL'));
    expect(full).toEqual({ busy: 0, log: full.log, checkpointed: full.log });
    r.close();
    w.close();
    expect(sqliteIntegrityCheck(f)).toEqual(['ok']);
  });

  it('the WAL restarts with new salts after a complete checkpoint, and SQLite reads the result', () => {
    const f = fresh('restart.db');
    const p = copyThroughPager(corpusPath('page-1024.db'), f);
    const salt1 = p.walShared!.header!.salt1;
    const seq = p.walShared!.header!.checkpointSeq;
    runSync(() => p.checkpoint('PASSIVE'));
    runSync(() => p.beginRead());
    runSync(() => p.beginWrite());
    runSync(() => p.getMutablePage(3));
    runSync(() => p.commit());
    expect(p.walShared!.mxFrame).toBe(1);
    expect(p.walShared!.header!.salt1).toBe((salt1 + 1) >>> 0);
    expect(p.walShared!.header!.checkpointSeq).toBe(seq + 1);
    expect(sqliteIntegrityCheck(f)).toEqual(['ok']);
    expect(rowsOf(f, 'items')).toEqual(rowsOf(corpusPath('page-1024.db'), 'items'));
    p.close();
  });

  it('rollback leaves nothing behind', () => {
    const f = fresh('rb.db');
    const p = copyThroughPager(corpusPath('page-1024.db'), f);
    const frames = p.walShared!.mxFrame;
    const count = p.pageCount;
    runSync(() => p.beginRead());
    runSync(() => p.beginWrite());
    p.appendPage();
    runSync(() => p.getMutablePage(2))[0] = 0;
    p.rollback();
    expect(p.pageCount).toBe(count);
    expect(p.walShared!.mxFrame).toBe(frames);
    expect(runSync(() => p.getPage(2))[0]).not.toBe(0);
    p.close();
    expect(sqliteIntegrityCheck(f)).toEqual(['ok']);
  });

  it('a hot journal is rolled back on open, as SQLite rolls it back', () => {
    const ours = fresh('hot.db');
    const theirs = fresh('hot-oracle.db');
    for (const d of [ours, theirs]) {
      copyFileSync(corpusPath('hot-journal.db'), d);
      copyFileSync(corpusPath('hot-journal.db') + '-journal', d + '-journal');
    }
    const p = Pager.open(io, ours, { readonly: false });
    expect(existsSync(ours + '-journal')).toBe(false);
    p.close();
    const db = new Database(theirs);
    db.prepare('SELECT count(*) FROM sqlite_schema').get(); // SQLite rolls back on the first read
    db.close();
    expect(existsSync(theirs + '-journal')).toBe(false);
    expect(Buffer.compare(readFileSync(ours), readFileSync(theirs))).toBe(0);
  });

  it('read-only connections refuse to write', () => {
    const p = Pager.open(io, corpusPath('sample.db'));
    expect(() => runSync(() => p.beginWrite())).toThrow(/readonly/);
    p.close();
  });
});
