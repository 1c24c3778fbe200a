/**
 * The WAL scan reads frames as SQLite recovers them: checked on the shipped WAL files (their facts
 * come from corpus/README.md, established with an independent checksum reader), on sqlittle's
 * wal.sqlite / wal_crashed.sqlite, and with sqlite3 as the oracle on WALs cut at random bytes.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InspectSession } from '../../inspector/model/session.js';
import { tableRows } from '../../inspector/model/rows.js';
import { scanWal } from '../../src/wal/wal-index.js';
import { corpusPath, REPO_WALS } from '../support/repo-corpus.js';
import { sharedAvailable, SHARED_MISSING, sqlittleWalFiles } from '../support/shared.js';
import { sqliteValues } from '../support/sqlite3.js';
import { displayValue } from '../support/sql-value.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-wal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scanWal on the shipped WAL files', () => {
  it.each(REPO_WALS.map((w) => [w.name, w]))('%s', (_n, w) => {
    const scan = scanWal(new Uint8Array(readFileSync(corpusPath(w.name) + '-wal')));
    expect(scan.frames.length).toBe(w.frames);
    expect(scan.header!.magic).toBe(w.checksumOrder === 'le' ? 0x377f0682 : 0x377f0683);
    expect(scan.header!.checkpointSeq).toBe(w.checkpointSeq);
    expect(scan.frames.filter((f) => f.commit).map((f) => f.frame)).toEqual(w.commitFrames);
    expect(scan.mxFrame).toBe(w.commitFrames[w.commitFrames.length - 1]);
    // Every frame up to the last commit is valid; in a torn tail nothing after the first bad frame is.
    expect(scan.frames.slice(0, scan.mxFrame).every((f) => f.valid)).toBe(true);
  });
});

describe('sqlittle WAL files read as sqlite3 reads them', () => {
  if (!sharedAvailable()) {
    it.skip(SHARED_MISSING, () => undefined);
    return;
  }
  it.each(sqlittleWalFiles().map((f) => [f]))('%s', (file) => {
    const s = InspectSession.open(file);
    expect(s.walScan()).not.toBeNull(); // (sqlittle's wal.sqlite-wal is empty: every page comes from the file)
    for (const t of s.schema().rows.filter((r) => r.type === 'table')) {
      const want = sqliteValues(file, `SELECT rowid, * FROM "${t.name}" ORDER BY rowid`).map((r) => r.map(displayValue));
      const got = tableRows(s, t.name).map((r) => r.map((v) => (v === null ? '' : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : String(v))));
      expect(got).toEqual(want);
    }
    s.close();
  });
});

describe('a WAL cut at any byte reads like sqlite3 reads it (property, sqlite3 as oracle)', () => {
  // One WAL with several commits, written by SQLite and captured before any checkpoint.
  const base = join(dir, 'base.db');
  const db = new Database(base);
  db.pragma('page_size = 1024');
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)');
  for (let c = 0; c < 6; c++) {
    const ins = db.prepare('INSERT INTO t(v) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 15; i++) ins.run(`commit ${c} row ${i} ${'x'.repeat(40 * c)}`);
    })();
  }
  copyFileSync(base, join(dir, 'snap.db'));
  copyFileSync(base + '-wal', join(dir, 'snap.db-wal'));
  db.close();
  const wal = new Uint8Array(readFileSync(join(dir, 'snap.db-wal')));
  const dbBytes = readFileSync(join(dir, 'snap.db'));

  it('row counts agree for random cut points', () => {
    let n = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: wal.length }), (cut) => {
        const path = join(dir, `cut-${n++}.db`);
        writeFileSync(path, dbBytes);
        writeFileSync(path + '-wal', wal.subarray(0, cut));
        const s = InspectSession.open(path);
        const ours = s.schema().rows.some((r) => r.name === 't') ? tableRows(s, 't').length : -1;
        s.close();
        const theirs = (() => {
          try {
            return Number(sqliteValues(path, 'SELECT count(*) FROM t')[0][0].value);
          } catch {
            return -1; // no table t yet: the cut fell before the first commit
          }
        })();
        rmSync(path, { force: true });
        rmSync(path + '-wal', { force: true });
        expect(ours).toBe(theirs);
      }),
      { numRuns: 30, seed: 7 },
    );
  });
});
