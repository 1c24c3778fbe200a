/**
 * Power cuts while Strata rolls back a hot journal that SQLite itself left behind: the sqlite3 CLI
 * runs a transaction in rollback-journal mode with a tiny cache (so it writes changed pages into the
 * database file before committing, journal synced first) and is killed with SIGKILL before COMMIT.
 * Strata then opens the files on the fault backend and rolls the journal back; the power is cut at
 * every write, truncate, sync and remove of that rollback, and every crash image must reopen — by
 * Strata and by sqlite3 — as the database before the killed transaction, integrity ok.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FaultIO, PowerCut } from '../../src/io/fault-io.js';
import { Pager } from '../../src/pager/pager.js';
import { runSqlite3, sqlite3Available, SQLITE3_BIN } from '../support/sqlite3-cli.js';
import { checkCrashImage, cleanupCrashScratch, newStats } from './crash-check.js';
import { sampleCuts, VARIANTS } from './crash-runner.js';
import { DB_PATH } from './pager-workload.js';
import { DUMP_SQL, type States } from './sqlite-states.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-jcrash-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  cleanupCrashScratch();
});

/** A database and the hot journal sqlite3 left when killed mid-transaction. */
function killedTransaction(seed: number, pageSize: number): { before: Uint8Array; db: Uint8Array; journal: Uint8Array; dump: string } {
  const file = join(dir, `k${seed}.db`);
  runSqlite3(
    file,
    `PRAGMA page_size=${pageSize}; PRAGMA journal_mode=DELETE;
     CREATE TABLE t(id INTEGER PRIMARY KEY, b BLOB); CREATE INDEX tb ON t(b);
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${150 + seed * 37})
     INSERT INTO t(b) SELECT randomblob(20 + (i * ${seed}) % 400) FROM n;\n`,
    { readonly: false },
  );
  const before = new Uint8Array(readFileSync(file));
  const dump = runSqlite3(file, DUMP_SQL);
  // cache_size 3: dirty pages are spilled into the database file (after the journal is synced).
  const sql = `PRAGMA cache_size=3;\nBEGIN;\nUPDATE t SET b = randomblob(30 + id % ${50 + seed}) WHERE id % ${2 + (seed % 3)} = 0;\nDELETE FROM t WHERE id > ${100 + seed * 11};\nINSERT INTO t(b) SELECT randomblob(900) FROM t LIMIT ${seed * 3};\n.system kill -9 $PPID\n`;
  const r = spawnSync(SQLITE3_BIN, [file], { input: sql, encoding: 'utf8' });
  expect(r.signal).toBe('SIGKILL');
  expect(existsSync(`${file}-journal`)).toBe(true);
  return { before, db: new Uint8Array(readFileSync(file)), journal: new Uint8Array(readFileSync(`${file}-journal`)), dump };
}

describe.skipIf(!sqlite3Available())('power cuts while rolling back a hot journal sqlite3 left', () => {
  const stats = newStats();
  let cuts = 0;
  afterAll(() => console.log(`journal rollback crash points: ${stats.images} (${cuts} cut operations × ${VARIANTS.length} variants), plus ${stats.secondCuts} second cuts during recovery; sqlite3 runs ${stats.sqlite3Runs}`));

  for (const [seed, pageSize] of [
    [1, 512],
    [2, 1024],
    [3, 4096],
  ] as const) {
    it(`journal of a killed transaction (seed ${seed}, ${pageSize}-byte pages)`, () => {
      const k = killedTransaction(seed, pageSize);
      // The scenario is real: SQLite had already written into the database file.
      expect(Buffer.compare(Buffer.from(k.db), Buffer.from(k.before))).not.toBe(0);
      const states: States = { pageSize, images: [k.before], dumps: [k.dump] };
      const load = (io: FaultIO): void => {
        io.put(DB_PATH, k.db);
        io.put(`${DB_PATH}-journal`, k.journal);
      };
      const dry = new FaultIO();
      load(dry);
      Pager.open(dry, DB_PATH, { readonly: false }).close();
      expect(dry.ops).toBeGreaterThan(2);
      const failures: string[] = [];
      // npm test: a seeded sample of cut points; npm run test:crash: every one.
      for (const cut of sampleCuts(dry.ops, process.env.STRATA_CRASH_FULL === '1' ? dry.ops : 6, seed)) {
        const io = new FaultIO(cut);
        load(io);
        try {
          Pager.open(io, DB_PATH, { readonly: false }).close();
        } catch (e) {
          if (!(e instanceof PowerCut)) throw e;
        }
        expect(io.cut).toBe(cut);
        cuts++;
        VARIANTS.forEach((v, i) => {
          const why = checkCrashImage(io.crashImage({ ...v, seed: cut * 13 + i }), states, { returned: 0, started: 0, durable: 0 }, stats);
          if (why) failures.push(`cut ${cut} ${v.unsynced}/${v.inFlight}: ${why}`);
        });
      }
      expect(failures.slice(0, 3)).toEqual([]);
    });
  }
});
