/**
 * PRAGMA integrity_check and quick_check through connect() on a backend whose reads complete later
 * (DelayedIO), with a 10-page cache: the synchronous Database's rows (or error) on the same files
 * (the synchronous check is held to the sqlite3 CLI's by test/engine/integrity). They failed
 * before ("I/O is still pending", or "database disk image is malformed" for a sound file): the
 * check reads its pages synchronously, so connect() now reads every page first (connect.ts
 * checkRows). Files: corpus/ (WAL, hot journal, page sizes 512–65536, auto_vacuum, UTF-16), a file
 * with partial and expression indexes and one made broken on purpose, and, beside the repository,
 * ../shared's forensic and sqlittle files, sound and broken (a seeded sample; all with
 * STRATA_INTEGRITY_FULL=1). Also: cache_size reads back as set afterwards.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { copyWithSidecars } from '../support/sidecars.js';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, Database } from '../../src/api/index.js';
import { DelayedIO } from '../../src/io/delayed.js';
import { NodeSyncIO } from '../../src/io/node-sync.js';
import { corpusPath, repoCorpusFiles } from '../support/repo-corpus.js';
import { rng } from '../support/rng.js';
import { forensicBroken, forensicWellFormed, sharedAvailable, SHARED_MISSING, sqlittleMalformed, sqlittleWellFormed } from '../support/shared.js';

const FULL = process.env.STRATA_INTEGRITY_FULL === '1';
const dir = mkdtempSync(join(tmpdir(), 'strata-connect-integrity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A private copy of `file` (and its -wal / -journal) to open. */
const copy = (file: string): string => copyWithSidecars(file, join(dir, `${++n}-${basename(file)}`));

const PRAGMAS = ['PRAGMA integrity_check', 'PRAGMA quick_check', 'PRAGMA integrity_check(3)'];

type Outcome = { rows: unknown[] } | { error: string };

function syncOutcomes(file: string): Outcome[] {
  let db: Database;
  try {
    db = new Database(copy(file), { readonly: true });
  } catch (e) {
    return PRAGMAS.map(() => ({ error: `${(e as { code?: string }).code}: ${(e as Error).message}` }));
  }
  try {
    return PRAGMAS.map((q) => {
      try {
        return { rows: db.prepare(q).raw(true).all() };
      } catch (e) {
        return { error: `${(e as { code?: string }).code}: ${(e as Error).message}` };
      }
    });
  } finally {
    db.close();
  }
}

async function asyncOutcomes(file: string, seed: number): Promise<Outcome[]> {
  const io = new DelayedIO(new NodeSyncIO(), seed);
  let db: Awaited<ReturnType<typeof connect>>;
  try {
    db = await connect(copy(file), { io, readonly: true });
  } catch (e) {
    return PRAGMAS.map(() => ({ error: `${(e as { code?: string }).code}: ${(e as Error).message}` }));
  }
  try {
    await db.exec('PRAGMA cache_size = 10');
    const out: Outcome[] = [];
    for (const q of PRAGMAS) {
      try {
        out.push({ rows: await db.prepare(q).raw(true).all() });
      } catch (e) {
        out.push({ error: `${(e as { code?: string }).code}: ${(e as Error).message}` });
      }
    }
    expect(await db.prepare('PRAGMA cache_size').pluck().get()).toBe(10);
    return out;
  } finally {
    await db.close();
  }
}

/** Up to `k` of `files`, a seeded choice unless FULL. */
function sample(files: string[], k: number): string[] {
  if (FULL || files.length <= k) return files;
  const r = rng(2711);
  const pool = [...files];
  const out: string[] = [];
  while (out.length < k) out.push(pool.splice(Math.floor(r() * pool.length), 1)[0]);
  return out;
}

describe('integrity_check through connect() over delayed I/O', () => {
  it("gives the synchronous API's rows on corpus/ files", { timeout: 120_000 }, async () => {
    const files = repoCorpusFiles().map((f) => corpusPath(f.name));
    expect(files.length).toBeGreaterThan(10);
    for (const [i, f] of files.entries()) expect(await asyncOutcomes(f, i + 1), basename(f)).toEqual(syncOutcomes(f));
  });

  it('gives the same rows for partial and expression indexes, sound and made broken', { timeout: 60_000 }, async () => {
    const file = join(dir, 'indexes.db');
    const db = new BetterSqlite3(file);
    db.exec('PRAGMA page_size = 1024; CREATE TABLE t(id INTEGER PRIMARY KEY, a, b TEXT); CREATE INDEX tp ON t(a) WHERE a % 2 = 0; CREATE INDEX te ON t(lower(b), a)');
    db.exec("INSERT INTO t WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM s WHERE x < 2000) SELECT x, x * 7 % 101, 'B' || x FROM s");
    db.close();
    const sound = syncOutcomes(file);
    expect(sound[0]).toEqual({ rows: [['ok']] });
    expect(await asyncOutcomes(file, 3)).toEqual(sound);
    // Broken: rows whose index entries are gone ("row N missing from index …", as SQLite says).
    const broken = join(dir, 'broken.db');
    copyFileSync(file, broken);
    const b = new BetterSqlite3(broken);
    // A leaf of each index (dbstat), its cell count set to 0: the entries on it vanish.
    const leaves = ['tp', 'te'].map((name) => b.prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno LIMIT 1").pluck().get(name) as number);
    b.close();
    const bytes = readFileSync(broken);
    for (const pgno of leaves) {
      const at = (pgno - 1) * 1024;
      expect(bytes[at]).toBe(10);
      bytes[at + 3] = 0;
      bytes[at + 4] = 0;
    }
    writeFileSync(broken, bytes);
    const want = syncOutcomes(broken);
    expect(want[0]).not.toEqual({ rows: [['ok']] });
    expect(await asyncOutcomes(broken, 4)).toEqual(want);
  });

  it.skipIf(!sharedAvailable())(`gives the same rows on ../shared's forensic and sqlittle files (${FULL ? 'all' : 'a seeded sample'})`, { timeout: 300_000 }, async () => {
    const files = [...sample(forensicWellFormed(), 12), ...forensicBroken(), ...sample(sqlittleWellFormed(), 8), ...sqlittleMalformed()];
    for (const [i, f] of files.entries()) expect(await asyncOutcomes(f, i + 7), basename(f)).toEqual(syncOutcomes(f));
  });
  if (!sharedAvailable()) console.log(SHARED_MISSING);
});
