/**
 * The oracle helpers of test/support are themselves right: the sqlite3-CLI oracle agrees with
 * better-sqlite3 value for value, reals bit for bit; quote-mode output parses; input files are
 * never changed; the shared corpora sort into the documented lists.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { bsqRowsTyped, bsqValues } from '../support/better-sqlite3.js';
import { REPO_CORPUS, corpusPath } from '../support/repo-corpus.js';
import {
  SHARED_DIR,
  SHARED_MISSING,
  forensicBroken,
  forensicFiles,
  forensicWellFormed,
  sharedAvailable,
  sqlittleMalformed,
  sqlittleWalFiles,
  sqlittleWellFormed,
} from '../support/shared.js';
import { hasHotJournal, withOpenableCopy } from '../support/sidecars.js';
import { parseQuoteOutput } from '../support/sqlite3-cli.js';
import { sqliteDbstat, sqliteQuery, sqliteRowsTyped, sqliteSchema, sqliteValues } from '../support/sqlite3.js';

const tmp = mkdtempSync(join(tmpdir(), 'strata-oracle-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const digest = (path: string): string => (existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'absent');

describe('parseQuoteOutput', () => {
  it('splits rows and cells, keeping quotes, commas and newlines inside literals', () => {
    const out = "1,'a,b',NULL\n-2.5,'it''s\nnew',X'00ff'\nInf,'',X''\n";
    expect(parseQuoteOutput(out)).toEqual([
      ['1', "'a,b'", 'NULL'],
      ['-2.5', "'it''s\nnew'", "X'00ff'"],
      ['Inf', "''", "X''"],
    ]);
  });

  it('reads sqlite3 output back to the same literals', () => {
    const rows = sqliteQuery(corpusPath('values.db'), "SELECT v FROM vals WHERE label IN ('text quotes', 'text newline tab', 'blob bytes', 'null', 'i64 min') ORDER BY id");
    expect(rows).toEqual([['NULL'], ['-9223372036854775808'], ["'it''s \"quoted\"'"], ["'line 1\nline 2\ttab\r'"], ["X'00ff7f80deadbeef'"]]);
  });
});

/** 64-bit patterns from a fixed xorshift, skewed to include subnormals, huge and tiny exponents. */
function doubles(count: number): number[] {
  let x = 0x9e3779b97f4a7c15n;
  const view = new DataView(new ArrayBuffer(8));
  const out: number[] = [0, -0, Infinity, -Infinity, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.1, 1 / 3];
  while (out.length < count) {
    x ^= (x << 13n) & 0xffffffffffffffffn;
    x ^= x >> 7n;
    x ^= (x << 17n) & 0xffffffffffffffffn;
    const bits = out.length % 5 === 0 ? x & 0x800fffffffffffffn : x; // every 5th: a subnormal
    view.setBigUint64(0, bits);
    const d = view.getFloat64(0);
    if (!Number.isNaN(d)) out.push(d);
  }
  return out;
}

describe('exact values', () => {
  it('sqliteValues returns every real bit for bit, where quote() does not', () => {
    const file = join(tmp, 'reals.db');
    const db = new Database(file);
    db.exec('CREATE TABLE r(x)');
    const insert = db.prepare('INSERT INTO r VALUES (?)');
    const input = doubles(3000);
    db.transaction(() => input.forEach((d) => insert.run(d)))();
    db.close();
    const got = sqliteValues(file, 'SELECT x FROM r ORDER BY rowid').map(([v]) => v);
    expect(got).toEqual(input.map((value) => ({ type: 'real', value })));
    expect(got.map((v) => v.value)).toEqual(bsqValues(file, 'SELECT x FROM r ORDER BY rowid').map(([v]) => v.value));
    const quoted = sqliteQuery(file, 'SELECT quote(x) FROM r ORDER BY rowid').map(([q]) => Number(q.slice(1, -1)));
    const wrong = quoted.filter((q, i) => !Object.is(q, input[i]) && Number.isFinite(input[i])).length;
    console.log(`sqlite3 3.40 quote(): ${wrong} of ${input.length} reals do not read back exactly (sqliteValues: 0)`);
  });

  it.each(REPO_CORPUS.map((f) => f.name))('%s: every table agrees with better-sqlite3', (name) => {
    const file = corpusPath(name);
    const tables = sqliteSchema(file).filter((e) => e.type === 'table');
    for (const t of tables) expect(sqliteRowsTyped(file, t.name), t.name).toEqual(bsqRowsTyped(file, t.name));
    expect(sqliteDbstat(file)).toEqual(
      bsqValues(file, 'SELECT pageno, name, pagetype, path FROM dbstat ORDER BY pageno').map(([p, n, t, path]) => ({
        pgno: Number(p.value),
        name: n.value,
        pagetype: t.value,
        path: path.value,
      })),
    );
  });

  it.skipIf(!sharedAvailable())('well-formed shared files: every table agrees with better-sqlite3', () => {
    const files = [...forensicWellFormed(), ...sqlittleWellFormed()];
    let tables = 0;
    for (const file of files) {
      for (const t of sqliteSchema(file).filter((e) => e.type === 'table' && !e.sql?.startsWith('CREATE VIRTUAL'))) {
        expect(sqliteRowsTyped(file, t.name), `${file} ${t.name}`).toEqual(bsqRowsTyped(file, t.name));
        tables++;
      }
    }
    console.log(`shared corpus: ${files.length} well-formed files, ${tables} tables agree`);
  });
});

describe('input files are never changed', () => {
  it('WAL and hot-journal databases are read through a copy', () => {
    for (const name of ['wal.db', 'wal-torn.db', 'hot-journal.db']) {
      const file = corpusPath(name);
      const sides = ['', '-wal', '-journal', '-shm'].map((s) => file + s);
      const before = sides.map(digest);
      withOpenableCopy(file, (path, copied) => {
        expect(copied).toBe(true);
        expect(basename(path)).toBe(name);
      });
      sqliteRowsTyped(file, name.startsWith('wal') ? 'accounts' : 'ledger');
      expect(sides.map(digest)).toEqual(before);
    }
    expect(hasHotJournal(corpusPath('hot-journal.db'))).toBe(true);
    expect(hasHotJournal(corpusPath('wal.db'))).toBe(false);
  });

  it('plain databases are opened in place, read-only', () => {
    withOpenableCopy(corpusPath('page-512.db'), (path, copied) => {
      expect(copied).toBe(false);
      expect(path).toBe(corpusPath('page-512.db'));
    });
  });
});

describe.skipIf(!sharedAvailable())('shared corpora', () => {
  if (!sharedAvailable()) console.warn(SHARED_MISSING);

  it('sorts the forensic corpus: 77 well-formed, 64 broken', () => {
    expect(forensicFiles()).toHaveLength(141);
    expect(forensicWellFormed()).toHaveLength(77);
    expect(forensicBroken()).toHaveLength(64);
    expect(forensicBroken().every((f) => f.endsWith('_antifor.db'))).toBe(true);
  });

  it('sorts sqlittle: every file in exactly one list', () => {
    const well = sqlittleWellFormed().map((f) => f.slice(SHARED_DIR.length));
    const bad = sqlittleMalformed().map((f) => f.slice(SHARED_DIR.length));
    expect(well).toContain('/corpus/sqlittle/testdata/wal.sqlite');
    expect(well).toContain('/corpus/sqlittle/testdata/wal_crashed.sqlite');
    expect(well).toContain('/corpus/sqlittle/testdata/journal_hot.sqlite');
    for (const n of ['notadatabase', 'truncated', 'zerolength', 'magic', 'issue_1']) expect(bad).toContain(`/corpus/sqlittle/testdata/${n}.sqlite`);
    expect(bad.filter((f) => f.startsWith('/corpus/sqlittle/corpus/'))).toHaveLength(27);
    expect(well.filter((f) => bad.includes(f))).toEqual([]);
    expect(sqlittleWalFiles().map((f) => basename(f))).toEqual(['wal.sqlite', 'wal_crashed.sqlite']);
    console.log(`sqlittle: ${well.length} well-formed, ${bad.length} malformed`);
  });

  it('reads the sqlittle journals as SQLite does: only journal_hot is hot', () => {
    const dir = join(SHARED_DIR, 'corpus', 'sqlittle', 'testdata');
    expect(hasHotJournal(join(dir, 'journal_hot.sqlite'))).toBe(true);
    expect(hasHotJournal(join(dir, 'journal_persist.sqlite'))).toBe(false);
    expect(hasHotJournal(join(dir, 'journal_truncate.sqlite'))).toBe(false);
  });
});
