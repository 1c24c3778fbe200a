/**
 * Another process writing the same database (src/wal/foreign-check.ts, pager.ts "other
 * processes"): the sqlite3 CLI (a separate process) and better-sqlite3 (a separate SQLite library
 * in this process) commit between Strata's statements. Strata must either see their rows or refuse
 * with a typed error (SQLITE_BUSY_SNAPSHOT / SQLITE_BUSY), and after everything has closed SQLite's
 * own integrity_check is ok and the file holds exactly the commits that were reported successful.
 *
 * How the CLI leaves the WAL: by default its last close checkpoints and removes the WAL (and its
 * `-shm`); with `.dbconfig no_ckpt_on_close on` and `PRAGMA locking_mode=EXCLUSIVE` it keeps its
 * wal-index in heap memory (no `-shm`) and leaves its frames in the WAL for the next opener — as a
 * process that exits after committing does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, Database } from '../../src/api/index.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-foreign-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const newFile = (): string => join(dir, `f-${++n}.db`);

/** Runs the sqlite3 CLI on `file`; `keepWal` leaves its frames in the WAL and writes no -shm. */
function cli(file: string, sql: string, keepWal = false): string {
  const args = keepWal ? [file, '.dbconfig no_ckpt_on_close on', 'PRAGMA locking_mode=EXCLUSIVE;', sql] : [file, sql];
  const r = spawnSync('sqlite3', ['-batch', ...args], { encoding: 'utf8' });
  if (r.status !== 0 || r.stderr) throw new Error(`sqlite3 failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** SQLite's view once every connection has closed: integrity_check and the values of t. */
function sqliteFinal(file: string): { integrity: string; xs: number[] } {
  const db = new BetterSqlite3(file);
  try {
    return {
      integrity: (db.prepare('PRAGMA integrity_check').pluck().all() as string[]).join('\n'),
      xs: db.prepare('SELECT x FROM t ORDER BY x').pluck().all() as number[],
    };
  } finally {
    db.close();
  }
}

const xsOf = (db: Database): number[] => db.prepare('SELECT x FROM t ORDER BY x').pluck().all() as number[];

/** The SQLite code of what `fn` throws, or 'ok'. */
function outcome(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

function strataWithRows(file: string, ...xs: number[]): Database {
  const db = new Database(file);
  db.exec('CREATE TABLE t(x INTEGER PRIMARY KEY, pad BLOB)');
  for (const x of xs) db.prepare('INSERT INTO t(x) VALUES (?)').run(x);
  return db;
}

describe('another process commits while Strata has the database open', () => {
  it('the sqlite3 CLI appends to the same WAL generation: Strata sees its rows and writes after them', () => {
    const f = newFile();
    const db = strataWithRows(f, 1, 2);
    const walBefore = statSync(`${f}-wal`).size;
    cli(f, 'INSERT INTO t(x) VALUES (3);', true);
    expect(statSync(`${f}-wal`).size).toBeGreaterThan(walBefore); // the CLI's frames follow Strata's
    expect(existsSync(`${f}-shm`)).toBe(false);
    expect(xsOf(db)).toEqual([1, 2, 3]);
    db.prepare('INSERT INTO t(x) VALUES (?)').run(4);
    cli(f, 'INSERT INTO t(x) VALUES (5);', true);
    db.prepare('INSERT INTO t(x) VALUES (?)').run(6);
    expect(xsOf(db)).toEqual([1, 2, 3, 4, 5, 6]);
    db.close();
    expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [1, 2, 3, 4, 5, 6] });
  });

  it("the sqlite3 CLI's last close checkpoints and removes the WAL Strata holds open", () => {
    const f = newFile();
    const db = strataWithRows(f, 1);
    cli(f, 'INSERT INTO t(x) VALUES (2);');
    expect(existsSync(`${f}-wal`)).toBe(false);
    expect(xsOf(db)).toEqual([1, 2]);
    db.prepare('INSERT INTO t(x) VALUES (?)').run(3);
    cli(f, 'INSERT INTO t(x) VALUES (4);');
    db.prepare('INSERT INTO t(x) VALUES (?)').run(5);
    db.close();
    expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [1, 2, 3, 4, 5] });
  });

  it('the WAL Strata holds is removed and created again by other processes before Strata looks', () => {
    const f = newFile();
    const db = strataWithRows(f, 1);
    cli(f, 'INSERT INTO t(x) VALUES (2);'); // removes the WAL at its close
    cli(f, 'INSERT INTO t(x) VALUES (3);', true); // a new WAL file at the same path
    expect(existsSync(`${f}-wal`)).toBe(true);
    expect(xsOf(db)).toEqual([1, 2, 3]);
    db.prepare('INSERT INTO t(x) VALUES (?)').run(4);
    db.close();
    expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [1, 2, 3, 4] });
  });

  it('a WAL quiet for a while is vouched for by one stat; a foreign commit still shows', () => {
    const f = newFile();
    const db = strataWithRows(f, 1, 2);
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(`${f}-wal`, hourAgo, hourAgo); // as if nothing had written it for an hour
    expect(xsOf(db)).toEqual([1, 2]); // reads the WAL's header and frame header, keeps the stat
    expect(xsOf(db)).toEqual([1, 2]); // the stat alone
    cli(f, 'INSERT INTO t(x) VALUES (3);', true);
    expect(xsOf(db)).toEqual([1, 2, 3]);
    utimesSync(`${f}-wal`, hourAgo, hourAgo);
    expect(xsOf(db)).toEqual([1, 2, 3]);
    cli(f, 'PRAGMA wal_checkpoint(RESTART); INSERT INTO t(x) VALUES (4);', true);
    db.prepare('INSERT INTO t(x) VALUES (?)').run(5);
    expect(xsOf(db)).toEqual([1, 2, 3, 4, 5]);
    db.close();
    expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [1, 2, 3, 4, 5] });
  });

  it.each([
    ['RESTART, then a commit in the new generation', 'PRAGMA wal_checkpoint(RESTART); INSERT INTO t(x) VALUES (3);', [1, 2, 3]],
    ['TRUNCATE alone', 'PRAGMA wal_checkpoint(TRUNCATE);', [1, 2]],
    ['TRUNCATE, then a commit', 'PRAGMA wal_checkpoint(TRUNCATE); INSERT INTO t(x) VALUES (3);', [1, 2, 3]],
    ['a commit, then TRUNCATE', 'INSERT INTO t(x) VALUES (3); PRAGMA wal_checkpoint(TRUNCATE);', [1, 2, 3]],
  ])('a foreign checkpoint and WAL restart (%s): Strata reads the WAL again', (_name, sql, seen) => {
    const f = newFile();
    const db = strataWithRows(f, 1, 2);
    cli(f, sql, true);
    expect(xsOf(db)).toEqual(seen);
    db.prepare('INSERT INTO t(x) VALUES (?)').run(10);
    cli(f, 'INSERT INTO t(x) VALUES (11);', true);
    db.prepare('INSERT INTO t(x) VALUES (?)').run(12);
    db.close();
    expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [...seen, 10, 11, 12] });
  });

  it('a Strata checkpoint after a foreign restart copies nothing stale into the database file', () => {
    const f = newFile();
    const db = strataWithRows(f, 1, 2, 3);
    cli(f, 'PRAGMA wal_checkpoint(RESTART); DELETE FROM t WHERE x = 2;', true);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(xsOf(db)).toEqual([1, 3]);
    db.close();
    expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [1, 3] });
  });

  it('a foreign commit while Strata holds a read transaction: its snapshot stays, its write is refused, a retry sees both', () => {
    const f = newFile();
    const db = strataWithRows(f, 1);
    db.exec('BEGIN');
    expect(xsOf(db)).toEqual([1]);
    cli(f, 'INSERT INTO t(x) VALUES (2);', true);
    expect(xsOf(db)).toEqual([1]); // the transaction's snapshot
    expect(outcome(() => db.prepare('INSERT INTO t(x) VALUES (?)').run(3))).toBe('SQLITE_BUSY_SNAPSHOT');
    db.exec('ROLLBACK');
    db.prepare('INSERT INTO t(x) VALUES (?)').run(3);
    expect(xsOf(db)).toEqual([1, 2, 3]);
    db.close();
    expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [1, 2, 3] });
  });

  it('a foreign checkpoint and restart under an open read transaction: pages still to read fail typed, never wrong', () => {
    const f = newFile();
    const db = strataWithRows(f, 1);
    db.exec('CREATE TABLE u(y INTEGER PRIMARY KEY, pad BLOB)');
    for (let y = 1; y <= 40; y++) db.prepare('INSERT INTO u(y, pad) VALUES (?, zeroblob(2000))').run(y);
    const r = new Database(f); // a cache of its own: u's pages are read from their WAL frames
    r.exec('BEGIN');
    expect(xsOf(r)).toEqual([1]);
    // The restart writes 60 frames of the new generation over the old frames u's pages are in.
    cli(f, 'PRAGMA wal_checkpoint(RESTART); INSERT INTO t(x, pad) SELECT value + 100, zeroblob(3000) FROM generate_series(1, 60);', true);
    expect(outcome(() => r.prepare('SELECT sum(length(pad)) FROM u').pluck().get())).toBe('SQLITE_BUSY_SNAPSHOT');
    r.exec('ROLLBACK');
    expect(r.prepare('SELECT count(*) FROM u').pluck().get()).toBe(40);
    expect(r.prepare('SELECT count(*) FROM t').pluck().get()).toBe(61);
    r.close();
    db.close();
    expect(sqliteFinal(f).integrity).toBe('ok');
  });

  it('a foreign commit during an iteration: the iteration keeps its snapshot, the next write builds on the commit', () => {
    const f = newFile();
    const db = strataWithRows(f, 1, 2, 3);
    const seen: number[] = [];
    for (const x of db.prepare('SELECT x FROM t ORDER BY x').pluck().iterate() as Iterable<number>) {
      seen.push(x);
      if (x === 1) cli(f, 'INSERT INTO t(x) VALUES (0); DELETE FROM t WHERE x = 3;', true);
    }
    expect(seen).toEqual([1, 2, 3]);
    db.prepare('INSERT INTO t(x) VALUES (?)').run(4);
    expect(xsOf(db)).toEqual([0, 1, 2, 4]);
    db.close();
    expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [0, 1, 2, 4] });
  });

  it('a foreign commit between BEGIN IMMEDIATE and COMMIT: the COMMIT is refused and nothing of it is written', () => {
    const f = newFile();
    const db = strataWithRows(f, 1);
    db.exec('BEGIN IMMEDIATE');
    db.prepare('INSERT INTO t(x) VALUES (?)').run(2);
    cli(f, 'INSERT INTO t(x) VALUES (3);', true);
    expect(outcome(() => db.exec('COMMIT'))).toBe('SQLITE_BUSY_SNAPSHOT');
    // The transaction is over, as after a failed COMMIT in SQLite: ROLLBACK has nothing to end, and
    // the same connection goes on writing on top of the other process's commit.
    expect(() => db.exec('ROLLBACK')).toThrow(/no transaction is active/);
    db.prepare('INSERT INTO t(x) VALUES (?)').run(4);
    expect(db.prepare('SELECT x FROM t ORDER BY x').pluck().all()).toEqual([1, 3, 4]);
    db.close();
    expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [1, 3, 4] });
  });

  it('better-sqlite3 kept open: Strata sees its commits, refuses to write (SQLITE_BUSY) until it closes', () => {
    const f = newFile();
    const db = strataWithRows(f, 1);
    const b = new BetterSqlite3(f);
    b.prepare('INSERT INTO t(x) VALUES (?)').run(3);
    expect(xsOf(db)).toEqual([1, 3]);
    expect(outcome(() => db.prepare('INSERT INTO t(x) VALUES (?)').run(4))).toBe('SQLITE_BUSY');
    // Decision (pager.ts "Other processes"): no checkpoint while SQLite's readers are invisible to us.
    expect((db.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number }>)[0].busy).toBe(1);
    expect(b.prepare('SELECT x FROM t ORDER BY x').pluck().all()).toEqual([1, 3]);
    b.prepare('INSERT INTO t(x) VALUES (?)').run(5);
    b.close();
    db.prepare('INSERT INTO t(x) VALUES (?)').run(4);
    expect(xsOf(db)).toEqual([1, 3, 4, 5]);
    db.close();
    expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [1, 3, 4, 5] });
  });

  it('a database another process created after Strata opened the empty file is not overwritten', () => {
    const f = newFile();
    const db = new Database(f);
    expect(db.prepare('SELECT 1').pluck().get()).toBe(1);
    cli(f, 'PRAGMA journal_mode=WAL; CREATE TABLE t(x INTEGER PRIMARY KEY, pad BLOB); INSERT INTO t(x) VALUES (1);');
    db.prepare('INSERT INTO t(x) VALUES (?)').run(2);
    db.close();
    expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [1, 2] });
  });

  it('a database another process creates while Strata creates it: the second COMMIT is refused', () => {
    const f = newFile();
    const db = new Database(f);
    db.exec('BEGIN IMMEDIATE');
    db.exec('CREATE TABLE s(y)');
    cli(f, 'PRAGMA journal_mode=WAL; CREATE TABLE t(x INTEGER PRIMARY KEY, pad BLOB); INSERT INTO t(x) VALUES (1);');
    expect(outcome(() => db.exec('COMMIT'))).toBe('SQLITE_BUSY_SNAPSHOT');
    db.close();
    expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [1] });
  });

  it.each([
    ['commits, checkpoints and truncates its WAL', 'INSERT INTO t(x) VALUES (3); PRAGMA wal_checkpoint(TRUNCATE);', true],
    ['leaves WAL mode and writes with a rollback journal', 'PRAGMA journal_mode=DELETE; INSERT INTO t(x) VALUES (3);', false],
  ])('Strata reads the database file alone (empty WAL) and another process %s before its COMMIT', (_name, sql, keepWal) => {
    const f = newFile();
    const db = strataWithRows(f, 1);
    db.pragma('wal_checkpoint(TRUNCATE)');
    // Some time passes (mtimes are coarse: a write in the same tick as a stat may not change them).
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(`${f}-wal`, hourAgo, hourAgo);
    utimesSync(f, hourAgo, hourAgo);
    db.exec('BEGIN IMMEDIATE');
    db.prepare('INSERT INTO t(x) VALUES (?)').run(2);
    cli(f, sql, keepWal);
    expect(outcome(() => db.exec('COMMIT'))).toBe('SQLITE_BUSY_SNAPSHOT');
    db.close();
    expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [1, 3] });
    const again = new Database(f);
    again.prepare('INSERT INTO t(x) VALUES (?)').run(4);
    expect(xsOf(again)).toEqual([1, 3, 4]);
    again.close();
    expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [1, 3, 4] });
  });

  it('a rollback-journal writer on a legacy file between Strata snapshot and commit is detected', () => {
    const f = newFile();
    cli(f, 'CREATE TABLE t(x INTEGER PRIMARY KEY, pad BLOB); INSERT INTO t(x) VALUES (1);');
    const db = new Database(f);
    db.exec('BEGIN IMMEDIATE');
    db.prepare('INSERT INTO t(x) VALUES (?)').run(2);
    cli(f, 'INSERT INTO t(x) VALUES (3);');
    expect(outcome(() => db.exec('COMMIT'))).toBe('SQLITE_BUSY_SNAPSHOT');
    db.close();
    expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [1, 3] });
    const again = new Database(f);
    again.prepare('INSERT INTO t(x) VALUES (?)').run(4);
    again.close();
    expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [1, 3, 4] });
  });
});

describe('connect() (node-async: no file identities, the check opens the -wal path afresh)', () => {
  it('sees a foreign append and a foreign restart, refuses a write whose snapshot is stale', async () => {
    const f = newFile();
    strataWithRows(f, 1).close();
    const db = await connect(f);
    const xs = async (): Promise<number[]> => (await db.prepare('SELECT x FROM t ORDER BY x').raw().all()).map((r) => Number((r as unknown[])[0]));
    await db.prepare('INSERT INTO t(x) VALUES (?)').run(2);
    cli(f, 'INSERT INTO t(x) VALUES (3);', true);
    expect(await xs()).toEqual([1, 2, 3]);
    await db.prepare('INSERT INTO t(x) VALUES (?)').run(4);
    cli(f, 'PRAGMA wal_checkpoint(RESTART); INSERT INTO t(x) VALUES (5);', true);
    expect(await xs()).toEqual([1, 2, 3, 4, 5]);
    await db.prepare('INSERT INTO t(x) VALUES (?)').run(6);
    cli(f, 'INSERT INTO t(x) VALUES (7);');
    await db.prepare('INSERT INTO t(x) VALUES (?)').run(8);
    expect(await xs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await db.close();
    expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [1, 2, 3, 4, 5, 6, 7, 8] });
  });
});

describe('interleavings (seeded): every reported commit is in the file, nothing else', () => {
  type Op = { who: 'strata' | 'strata-txn' | 'cli' | 'cli-keep' | 'cli-restart' | 'cli-truncate'; x: number };
  const op = fc.record({
    who: fc.constantFrom<Op['who']>('strata', 'strata', 'strata-txn', 'cli', 'cli-keep', 'cli-keep', 'cli-restart', 'cli-truncate'),
    x: fc.integer({ min: 1, max: 1_000_000 }),
  });
  it('Strata and the sqlite3 CLI take turns', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 8 }), (ops) => {
        const f = newFile();
        const db = strataWithRows(f, 0);
        const committed = new Set<number>([0]);
        let x = 1;
        for (const o of ops) {
          const v = x++ * 1000 + (o.x % 1000);
          switch (o.who) {
            case 'strata':
              db.prepare('INSERT INTO t(x) VALUES (?)').run(v);
              committed.add(v);
              break;
            case 'strata-txn': {
              // A transaction that read first, then a foreign commit may come before its write.
              db.exec('BEGIN');
              xsOf(db);
              if (o.x % 2) {
                cli(f, `INSERT INTO t(x) VALUES (${v + 1});`, true);
                committed.add(v + 1);
              }
              const r = outcome(() => db.prepare('INSERT INTO t(x) VALUES (?)').run(v));
              const c = r === 'ok' ? outcome(() => db.exec('COMMIT')) : (db.exec('ROLLBACK'), r);
              if (c === 'ok') committed.add(v);
              else expect(c).toBe('SQLITE_BUSY_SNAPSHOT');
              if (o.x % 2) expect(c).toBe('SQLITE_BUSY_SNAPSHOT');
              break;
            }
            case 'cli':
              cli(f, `INSERT INTO t(x) VALUES (${v});`);
              committed.add(v);
              break;
            case 'cli-keep':
              cli(f, `INSERT INTO t(x) VALUES (${v});`, true);
              committed.add(v);
              break;
            case 'cli-restart':
              cli(f, `PRAGMA wal_checkpoint(RESTART); INSERT INTO t(x) VALUES (${v});`, true);
              committed.add(v);
              break;
            case 'cli-truncate':
              cli(f, `INSERT INTO t(x) VALUES (${v}); PRAGMA wal_checkpoint(TRUNCATE);`, true);
              committed.add(v);
              break;
          }
          expect(xsOf(db)).toEqual([...committed].sort((a, b) => a - b));
        }
        db.close();
        expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [...committed].sort((a, b) => a - b) });
      }),
      { seed: 20261126, numRuns: 12 },
    );
  });
});
