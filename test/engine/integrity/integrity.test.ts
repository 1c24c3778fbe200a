/**
 * PRAGMA integrity_check / quick_check against the sqlite3 CLI (3.40) on the same files (copies in a
 * temporary folder: corpus files are never opened read-write):
 * - well-formed files of corpus/ and ../shared: both say "ok";
 * - the broken files (../shared/corpus/forensic/*_antifor.db, sqlittle's malformed inputs): both
 *   agree on ok vs not ok, Strata never crashes, and the share of files whose output equals the
 *   CLI's exactly is printed and held above a floor;
 * - files made broken on purpose (NOT NULL, types, missing and extra index entries, duplicate keys,
 *   a 2nd reference to a page, an unused page), the table order of SQLite's schema hash, the error
 *   limit integrity_check(N), and quick_check: output equal to the CLI's.
 * `npm test` checks every broken file and a seeded sample of the well-formed ones;
 * STRATA_INTEGRITY_FULL=1 checks them all.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { copyWithSidecars } from '../../support/sidecars.js';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';
import { Connection } from '../../../src/api/connection.js';
import { readSchemaTable } from '../../../src/btree/schema-table.js';
import { integrityCheck } from '../../../src/engine/integrity/index.js';
import { isSqliteError } from '../../../src/error.js';
import { runSync } from '../../../src/io/io-result.js';
import { rng } from '../../support/rng.js';
import { forensicBroken, forensicWellFormed, sharedAvailable, SHARED_MISSING, sqlittleMalformed, sqlittleWellFormed } from '../../support/shared.js';
import { REPO_CORPUS, corpusPath } from '../../support/repo-corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-integrity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A private copy of `file` (and its -wal / -journal) to open. */
const copy = (file: string): string => copyWithSidecars(file, join(dir, `${++n}-${basename(file)}`));

/** The CLI's output of `pragma` (stdout) and whether it failed. */
function cli(file: string, pragma = 'PRAGMA integrity_check'): { out: string; failed: boolean } {
  try {
    return { out: execFileSync('sqlite3', [copy(file), pragma], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), failed: false };
  } catch (e) {
    return { out: String((e as { stdout?: string }).stdout ?? ''), failed: true };
  }
}

/** Strata's output in the CLI's shape (rows joined by newlines), and whether it failed. */
function strata(file: string, opts: { quick?: boolean; maxErrors?: number; table?: string } = {}): { out: string; failed: boolean } {
  let conn: Connection;
  try {
    conn = Connection.open(copy(file), { readonly: true });
  } catch (e) {
    if (!isSqliteError(e)) throw e; // anything but a SqliteError is a crash
    return { out: '', failed: true };
  }
  try {
    const rows = runSync(() => readSchemaTable(conn.pager, conn.encoding));
    const r = integrityCheck(conn.pager, conn.schema, rows, conn.encoding, opts);
    return { out: r.rows.map((x) => `${x}\n`).join(''), failed: r.error !== null };
  } catch (e) {
    if (!isSqliteError(e)) throw e;
    return { out: '', failed: true };
  } finally {
    conn.close();
  }
}

const verdict = (r: { out: string; failed: boolean }): boolean => !r.failed && r.out === 'ok\n';
const FULL = process.env.STRATA_INTEGRITY_FULL === '1';

function sample<T>(xs: T[], k: number, seed: number): T[] {
  if (FULL || xs.length <= k) return xs;
  const r = rng(seed);
  return xs
    .map((x) => [r(), x] as const)
    .sort((a, b) => a[0] - b[0])
    .slice(0, k)
    .map(([, x]) => x);
}

describe('well-formed files: ok, as sqlite3 says', () => {
  it('corpus/ (every file)', () => {
    const files = REPO_CORPUS.map((f) => corpusPath(f.name));
    for (const f of files) {
      expect(cli(f).out, f).toBe('ok\n');
      expect(strata(f), f).toEqual({ out: 'ok\n', failed: false });
    }
  });

  it.skipIf(!sharedAvailable())(`../shared well-formed files (seeded sample; STRATA_INTEGRITY_FULL=1 for all) ${sharedAvailable() ? '' : SHARED_MISSING}`, () => {
    const files = sample([...forensicWellFormed(), ...sqlittleWellFormed()], 30, 5);
    for (const f of files) expect(strata(f), f).toEqual({ out: 'ok\n', failed: false });
  });
});

describe.skipIf(!sharedAvailable())('broken files: agree with sqlite3 on ok vs not ok, never crash', () => {
  it('forensic *_antifor.db and sqlittle malformed inputs', () => {
    const files = [...forensicBroken(), ...sqlittleMalformed()];
    let exact = 0;
    const disagree: string[] = [];
    for (const f of files) {
      const a = cli(f);
      const b = strata(f);
      if (verdict(a) !== verdict(b)) disagree.push(basename(f));
      if (a.out === b.out && a.failed === b.failed) exact++;
    }
    console.log(`integrity_check on ${files.length} broken files: ok/not-ok agrees on ${files.length - disagree.length}, output equal to sqlite3's on ${exact} (${((100 * exact) / files.length).toFixed(1)} %)${disagree.length ? `; disagree: ${disagree.join(', ')}` : ''}`);
    expect(disagree).toEqual([]);
    // The rest differ where SQLite's cursors read garbage cells (offsets masked to the page) that
    // Strata's cursor refuses: both report the file broken, with different later lines. On a few
    // of them (14-0x) sqlite3 itself answers differently from run to run (it reads past the page
    // buffer), hence a floor rather than the measured 93 %.
    expect(exact / files.length).toBeGreaterThan(0.88);
  });
});

describe('files broken on purpose: output equal to sqlite3', () => {
  /** A file built by sqlite3 from `sql` (writable_schema edits make it inconsistent). */
  const build = (sql: string): string => {
    const f = join(dir, `made-${++n}.db`);
    execFileSync('sqlite3', [f], { input: sql, encoding: 'utf8' });
    return f;
  };
  const same = (f: string, pragma = 'PRAGMA integrity_check', opts: { quick?: boolean; maxErrors?: number; table?: string } = {}, broken = true): void => {
    const a = cli(f, pragma);
    if (broken) expect(a.out).not.toBe('ok\n');
    expect(strata(f, opts)).toEqual(a);
  };
  const broken = build(`
    CREATE TABLE t1(a NOT NULL, b INT, c TEXT, d REAL);
    CREATE INDEX i1 ON t1(a);
    CREATE TABLE t2(x UNIQUE, y);
    CREATE UNIQUE INDEX i2 ON t2(y);
    CREATE TABLE s(k INTEGER PRIMARY KEY, v TEXT NOT NULL) STRICT;
    INSERT INTO t1 VALUES (1, 'x', 'a', 1.5), (2, 3, 'b', 2), (3, 4, 'c', NULL);
    INSERT INTO t2 VALUES (1, 1), (2, 2), (3, 3);
    INSERT INTO s VALUES (1, 'a'), (2, 'b');
    PRAGMA writable_schema = ON;
    UPDATE sqlite_schema SET sql = 'CREATE TABLE t1(a NOT NULL, b TEXT, c INT, d REAL NOT NULL)' WHERE name = 't1';
    UPDATE sqlite_schema SET rootpage = CASE name WHEN 'i1' THEN (SELECT rootpage FROM sqlite_schema WHERE name = 'i2') ELSE (SELECT rootpage FROM sqlite_schema WHERE name = 'i1') END WHERE name IN ('i1', 'i2');
    UPDATE sqlite_schema SET sql = 'CREATE TABLE s(k INTEGER PRIMARY KEY, v INT NOT NULL) STRICT' WHERE name = 's';
  `);

  it('NOT NULL, NUMERIC/TEXT/strict type findings, rows missing from an index, wrong entry counts', () => same(broken));
  it('integrity_check(N) stops after N findings', () => {
    for (const k of [1, 2, 5]) same(broken, `PRAGMA integrity_check(${k})`, { maxErrors: k });
  });
  it('quick_check leaves out the index checks', () => same(broken, 'PRAGMA quick_check', { quick: true }));
  it('integrity_check(TABLE) checks one table and its indexes', () => {
    for (const t of ['t1', 't2', 's', 'sqlite_master']) same(broken, `PRAGMA integrity_check(${t})`, { table: t }, false);
    same(broken, 'PRAGMA quick_check(T1)', { quick: true, table: 'T1' }, false);
    expect(cli(broken, 'PRAGMA integrity_check(t1)').out).not.toBe('ok\n');
  });

  it('a page referenced twice and a page never used (b-tree walk messages)', () => {
    const f = build(`
      CREATE TABLE a(x); CREATE TABLE b(y);
      INSERT INTO a VALUES (1); INSERT INTO b VALUES (2);
      PRAGMA writable_schema = ON;
      UPDATE sqlite_schema SET rootpage = 2 WHERE name = 'b';
    `);
    same(f);
  });

  it('tables are visited in the order of SQLite’s schema hash (30 tables, NULLs in NOT NULL columns)', () => {
    const names = Array.from({ length: 30 }, (_, i) => `tab_${(i * 7919) % 1000}_${i}`);
    const f = build(
      names.map((t) => `CREATE TABLE ${t}(v); INSERT INTO ${t} VALUES (NULL);`).join('\n') +
        '\nPRAGMA writable_schema = ON;\n' +
        names.map((t) => `UPDATE sqlite_schema SET sql = 'CREATE TABLE ${t}(v NOT NULL)' WHERE name = '${t}';`).join('\n'),
    );
    same(f);
  });
});

describe('PRAGMA integrity_check through the API', () => {
  it('inside a transaction it checks the transaction’s own pages (freed pages, savepoints, a new database)', () => {
    const steps = (db: BetterSqlite3.Database): unknown[] => {
      const out: unknown[] = [];
      db.exec('BEGIN; CREATE TABLE t(a, b)');
      out.push(db.pragma('integrity_check'));
      db.exec(`INSERT INTO t WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s WHERE v < 400) SELECT v, zeroblob(500) FROM s; CREATE INDEX ti ON t(a); COMMIT`);
      db.exec('BEGIN; DELETE FROM t WHERE a > 50; DROP INDEX ti');
      out.push(db.pragma('integrity_check'), db.pragma('quick_check'));
      db.exec('SAVEPOINT x; CREATE TABLE u(x); INSERT INTO u VALUES (1)');
      out.push(db.pragma('integrity_check'));
      db.exec('ROLLBACK TO x; COMMIT');
      out.push(db.pragma('integrity_check'));
      db.close();
      return out;
    };
    const expected = steps(new BetterSqlite3(join(dir, `tx-${++n}.db`)));
    expect(steps(new Database(join(dir, `tx-${++n}.db`)) as unknown as BetterSqlite3.Database)).toEqual(expected);
  });

  it('column names and rows as better-sqlite3 on a clean and a broken file', () => {
    const clean = copy(corpusPath(REPO_CORPUS[0].name));
    for (const pragma of ['integrity_check', 'quick_check', 'integrity_check(3)']) {
      const o = new BetterSqlite3(copy(clean), { readonly: true });
      const s = new Database(copy(clean), { readonly: true });
      expect(s.prepare(`PRAGMA ${pragma}`).all()).toEqual(o.prepare(`PRAGMA ${pragma}`).all());
      expect(s.pragma(pragma)).toEqual(o.pragma(pragma));
      o.close();
      s.close();
    }
  });
});
