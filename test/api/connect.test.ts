/**
 * `connect()`, the promise API: on a backend whose completions finish later and in shuffled order
 * (DelayedIO), every VDBE step that waits on I/O is re-entered by the async driver, and the answers
 * must be those of the synchronous Database on node-sync (DESIGN.md "I/O": property-test that).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, Database } from '../../src/api/index.js';
import { DelayedIO } from '../../src/io/delayed.js';
import { MemoryIO } from '../../src/io/memory.js';
import { NodeSyncIO } from '../../src/io/node-sync.js';
import { corpusPath } from '../support/repo-corpus.js';
import { SAMPLE_QUERIES } from '../engine/translate/sample-queries.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-connect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('connect() over delayed, shuffled I/O', () => {
  it('gives the sync driver answers on sample.db (seeded property over the release order)', async () => {
    const file = join(dir, 'sample.db');
    copyFileSync(corpusPath('sample.db'), file);
    const sync = new Database(file, { readonly: true });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1 << 30 }), fc.subarray([...SAMPLE_QUERIES], { minLength: 3, maxLength: 8 }), async (seed, queries) => {
        const io = new DelayedIO(new NodeSyncIO(), seed);
        const db = await connect(file, { io, readonly: true });
        try {
          for (const q of queries) expect(await db.prepare(q).raw().all(), q).toEqual(sync.prepare(q).raw().all());
        } finally {
          await db.close();
        }
        expect(io.delayed).toBeGreaterThan(0);
      }),
      { numRuns: 8, seed: 5 },
    );
    sync.close();
  }, 60_000);

  it('writes and reads back through the async driver', async () => {
    const db = await connect(':memory:', { io: new DelayedIO(new MemoryIO(), 3) });
    await db.exec('CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT); CREATE INDEX tb ON t(b)');
    const ins = db.prepare('INSERT INTO t(b) VALUES (?)');
    for (let i = 0; i < 300; i++) await ins.run(`v${i % 37}`);
    expect(await db.prepare("SELECT count(*) FROM t WHERE b = 'v5'").pluck().get()).toBe(8);
    expect(await db.prepare('SELECT max(a) FROM t').pluck().get()).toBe(300);
    const rows = [];
    for await (const r of db.prepare('SELECT a FROM t WHERE a > 297 ORDER BY a').pluck().iterate()) rows.push(r);
    expect(rows).toEqual([298, 299, 300]);
    await db.close();
  }, 60_000);

  it('autocommit writes past the auto-checkpoint on NodeAsyncIO: the checkpoint that waits on I/O after a commit goes on when the statement is called again', async () => {
    // 1,000 WAL frames trigger a PASSIVE checkpoint at commit (wal_autocheckpoint); on an async
    // backend it waits on I/O after the write transaction has ended, and the driver calls the
    // statement's end again (it threw "no write transaction is open" at the 967th insert).
    const file = join(dir, 'autockpt.db');
    const db = await connect(file);
    await db.exec('CREATE TABLE t(a, b)');
    const ins = db.prepare('INSERT INTO t VALUES (?, ?)');
    for (let i = 0; i < 1500; i++) await ins.run(i, `row ${i}`.padEnd(60, 'x'));
    const mine = await db.prepare('SELECT count(*), sum(a), max(b) FROM t').raw().all();
    await db.close();
    const oracle = new BetterSqlite3(file, { readonly: true });
    expect(oracle.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    expect(mine).toEqual([oracle.prepare('SELECT count(*), sum(a), max(b) FROM t').raw().get()]);
    expect((mine as unknown[][])[0][0]).toBe(1500);
    oracle.close();
  }, 60_000);

  it('a DELETE with a 10-page cache finishes: the page a read brought in stays for the retry (it waited forever once dirty pages filled the cache)', async () => {
    const base = join(dir, 'small-cache.db');
    const made = new BetterSqlite3(base);
    made.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT); CREATE INDEX t_a ON t(a); CREATE INDEX t_b ON t(b)');
    made.exec("INSERT INTO t WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 5000) SELECT x, (x * 7919) % 5003, 'k' || (x % 1201) FROM s");
    made.close();
    const mine = join(dir, 'small-cache-mine.db');
    const theirs = join(dir, 'small-cache-theirs.db');
    copyFileSync(base, mine);
    copyFileSync(base, theirs);
    const io = new DelayedIO(new NodeSyncIO(), 9);
    const db = await connect(mine, { io });
    await db.exec('PRAGMA cache_size = 10');
    const oracle = new BetterSqlite3(theirs);
    const reads = ['SELECT count(*), sum(a) FROM t', 'SELECT id FROM t INDEXED BY t_a WHERE a > 100 ORDER BY a, id', "SELECT id FROM t INDEXED BY t_b WHERE b > 'k5' ORDER BY b, id"];
    for (const q of ['DELETE FROM t WHERE id % 3 != 0', 'DELETE FROM t WHERE id > 2500']) {
      expect((await db.prepare(q).run()).changes).toBe(oracle.prepare(q).run().changes);
      for (const r of reads) expect(await db.prepare(r).raw().all(), r).toEqual(oracle.prepare(r).raw().all());
    }
    expect(io.delayed).toBeGreaterThan(0);
    await db.close();
    oracle.close();
    const check = new BetterSqlite3(mine, { readonly: true });
    expect(check.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    check.close();
  }, 60_000);

  it('a deferred foreign-key violation fails an autocommit statement, and COMMIT, through connect() over delayed I/O; a COMMIT that waits on I/O goes on', async () => {
    const file = join(dir, 'deferred-fk.db');
    const setup = new BetterSqlite3(file);
    setup.exec('CREATE TABLE p(id INTEGER PRIMARY KEY); CREATE TABLE c(x REFERENCES p DEFERRABLE INITIALLY DEFERRED); INSERT INTO p VALUES (1)');
    setup.close();
    const db = await connect(file, { io: new DelayedIO(new NodeSyncIO(), 12) });
    await db.exec('PRAGMA foreign_keys = ON');
    const err = async (sql: string): Promise<string> => {
      try {
        await db.exec(sql);
        return 'ok';
      } catch (e) {
        return `${(e as { code?: string }).code}: ${(e as Error).message}`;
      }
    };
    expect(await err('INSERT INTO c VALUES (2)')).toBe('SQLITE_CONSTRAINT_FOREIGNKEY: FOREIGN KEY constraint failed');
    expect(await db.prepare('SELECT count(*) FROM c').pluck().get()).toBe(0);
    expect(await err('INSERT INTO c VALUES (1)')).toBe('ok');
    expect(await err('BEGIN; INSERT INTO c VALUES (3)')).toBe('ok');
    expect(await err('COMMIT')).toBe('SQLITE_CONSTRAINT_FOREIGNKEY: FOREIGN KEY constraint failed');
    expect(await err('INSERT INTO p VALUES (3); COMMIT')).toBe('ok');
    expect(await db.prepare('SELECT x FROM c ORDER BY x').pluck().all()).toEqual([1, 3]);
    await db.close();
    // The COMMIT that waited on I/O went on when called again (it threw "cannot commit - no
    // transaction is active" before): another connection reads what it committed.
    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.prepare('SELECT x FROM c ORDER BY x').pluck().all()).toEqual([1, 3]);
    expect(check.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
    check.close();
  }, 60_000);
});
