/**
 * vacuumInto (src/engine/vacuum-into.ts) on real files: every well-formed file of corpus/ and of
 * ../shared's forensic and sqlittle corpora is copied tree by tree through the b-tree writer into a
 * new database, with the same page size and with another one; then sqlite3 must find the copy intact
 * (PRAGMA integrity_check), with every table's rows and every index's entries as in the source, and
 * the same user_version / application_id / encoding. The copy's size is compared with the one
 * sqlite3's own `VACUUM INTO` makes (reported; the b-tree writer balances as SQLite does, so the two
 * should be close).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { vacuumInto } from '../../src/engine/vacuum-into.js';
import { NodeSyncIO } from '../../src/io/node-sync.js';
import { Pager } from '../../src/pager/pager.js';
import { corpusPath, repoCorpusFiles } from '../support/repo-corpus.js';
import { forensicWellFormed, integrityOk, sharedAvailable, SHARED_MISSING, sqlittleWellFormed } from '../support/shared.js';
import { withOpenableCopy } from '../support/sidecars.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-vacuum-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sql = (file: string, query: string, ...cmd: string[]) => execFileSync('sqlite3', [...cmd, file, query], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'] });
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every table and index as sqlite3 reads it: rows in scan order, index entries via INDEXED BY. */
function contents(file: string): string {
  const listed = sql(file, "SELECT type, name, tbl_name FROM sqlite_schema WHERE type IN ('table', 'index') AND rootpage > 0 ORDER BY name", '-json').trim();
  const objs = (listed ? JSON.parse(listed) : []) as { type: string; name: string; tbl_name: string }[];
  const meta = ['user_version', 'application_id', 'encoding'].map((p) => sql(file, `PRAGMA ${p}`).trim()).join(' ');
  const parts = [meta];
  for (const { type, name, tbl_name: tbl } of objs) {
    const q = type === 'table' ? `SELECT * FROM ${ident(name)}` : `SELECT * FROM ${ident(tbl)} INDEXED BY ${ident(name)}`;
    try {
      parts.push(`${name}: ${sql(file, q, '-cmd', '.mode quote')}`);
    } catch {
      parts.push(`${name}: (not readable by INDEXED BY)`); // partial or expression index the planner will not use
    }
  }
  return parts.join('\n');
}

function copyWithStrata(src: string, dst: string, pageSize?: number): { pages: number; entries: number } {
  return withOpenableCopy(src, (path) => {
    const io = new NodeSyncIO();
    const s = Pager.open(io, path);
    const d = Pager.open(io, dst, { readonly: false, newPageSize: pageSize ?? s.pageSize });
    try {
      const r = vacuumInto(s, d);
      return { pages: r.pages, entries: r.entries };
    } finally {
      d.close();
      s.close();
    }
  });
}

const stats = { files: 0, entries: 0, ours: 0, sqlite: 0 };

function check(src: string, label: string, pageSize?: number): void {
  const ours = join(dir, `${label}.strata.db`);
  const theirs = join(dir, `${label}.sqlite.db`);
  const r = withOpenableCopy(src, (path, copied) => {
    const ro = copied ? [] : ['-readonly'];
    if (pageSize) sql(path, `VACUUM INTO '${theirs}'`, ...ro, '-cmd', `PRAGMA page_size=${pageSize}`);
    else sql(path, `VACUUM INTO '${theirs}'`, ...ro);
    return copyWithStrata(path, ours, pageSize);
  });
  expect(integrityOk(ours), `${label}: integrity_check`).toBe(true);
  expect(contents(ours)).toBe(contents(theirs));
  const theirPages = Number(sql(theirs, 'PRAGMA page_count').trim());
  stats.files++;
  stats.entries += r.entries;
  stats.ours += r.pages;
  stats.sqlite += theirPages;
}

describe('vacuumInto copies real files as sqlite3 reads them', () => {
  for (const f of repoCorpusFiles()) {
    if (f.pageCount <= 1) continue;
    it(`corpus/${f.name}`, () => check(corpusPath(f.name), f.name));
  }
  it('corpus/sample.db and page-4096.db into 1024- and 65536-byte pages', () => {
    check(corpusPath('sample.db'), 'sample-1024', 1024);
    check(corpusPath('page-4096.db'), 'p4096-65536', 65536);
  });
  it.skipIf(!sharedAvailable())('the well-formed files of ../shared (forensic, sqlittle)', () => {
    const files = [...forensicWellFormed(), ...sqlittleWellFormed()];
    let copied = 0;
    for (const f of files) {
      const pages = Number(withOpenableCopy(f, (p) => sql(p, 'PRAGMA page_count')).trim());
      if (pages <= 1) continue;
      check(f, `shared-${copied}-${basename(f)}`);
      copied++;
    }
    expect(copied).toBeGreaterThan(10);
  }, 300_000);
  if (!sharedAvailable()) console.log(SHARED_MISSING);

  afterAll(() => {
    console.log(`vacuumInto: ${stats.files} files, ${stats.entries} entries copied; ${stats.ours} pages against ${stats.sqlite} for sqlite3's VACUUM INTO (ratio ${(stats.ours / stats.sqlite).toFixed(3)})`);
  });
});
