/**
 * SELECTs through Strata and better-sqlite3 on the same files give the same rows:
 * - the hand-written shapes of sample-queries.ts on corpus/sample.db;
 * - on every shipped corpus database and every well-formed forensic file (../shared): for every
 *   table, a full scan and count(*); for a rowid table a rowid range in descending order and for
 *   each index an equality lookup on its first column; for a WITHOUT ROWID table a lookup on its
 *   first primary-key column.
 */
import { describe, expect, it } from 'vitest';
import { corpusPath, repoCorpusFiles } from '../../support/repo-corpus.js';
import { forensicWellFormed, SHARED_MISSING, sharedAvailable } from '../../support/shared.js';
import { BothEngines } from './run-both.js';
import { SAMPLE_QUERIES } from './sample-queries.js';

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** Generated queries for every table and index of `file` (as better-sqlite3 lists them). */
function tableQueries(both: BothEngines): { sql: string; ordered: boolean }[] {
  const out: { sql: string; ordered: boolean }[] = [{ sql: 'SELECT type, name, tbl_name, rootpage, sql FROM sqlite_schema', ordered: false }];
  const tables = both.oracle.prepare("SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%'").raw().all() as [string, number][];
  for (const [t, wr] of tables) {
    const q = quote(t);
    out.push({ sql: `SELECT * FROM ${q}`, ordered: false });
    out.push({ sql: `SELECT count(*) FROM ${q}`, ordered: false });
    if (wr) {
      // WITHOUT ROWID: a lookup on the first primary-key column.
      const pk = both.oracle.prepare('SELECT name FROM pragma_table_info(?) WHERE pk = 1').pluck().get(t) as string;
      out.push({ sql: `SELECT * FROM ${q} WHERE ${quote(pk)} = (SELECT ${quote(pk)} FROM ${q} ORDER BY 1 LIMIT 1 OFFSET 1)`, ordered: false });
      continue;
    }
    out.push({ sql: `SELECT rowid, * FROM ${q} WHERE rowid > 2 ORDER BY rowid DESC LIMIT 5`, ordered: true });
    const idx = both.oracle.prepare('SELECT name FROM pragma_index_list(?) WHERE partial = 0').pluck().all(t) as string[];
    for (const i of idx) {
      const col = both.oracle.prepare('SELECT name FROM pragma_index_info(?) WHERE seqno = 0').pluck().get(i) as string | null;
      if (!col) continue;
      out.push({ sql: `SELECT * FROM ${q} WHERE ${quote(col)} = (SELECT ${quote(col)} FROM ${q} ORDER BY rowid LIMIT 1 OFFSET 1)`, ordered: false });
    }
  }
  return out;
}

function compareAll(file: string, queries: { sql: string; ordered: boolean }[]): number {
  const both = new BothEngines(file);
  try {
    const qs = queries.length ? queries : tableQueries(both);
    for (const { sql, ordered } of qs) {
      const exp = both.expected(sql, ordered);
      const act = both.actual(sql, ordered);
      expect(act, `${file}: ${sql}`).toEqual(exp);
    }
    return qs.length;
  } finally {
    both.close();
  }
}

describe('SELECT on corpus/sample.db agrees with better-sqlite3', () => {
  it.each(SAMPLE_QUERIES.map((q) => [q]))('%s', (sql) => {
    compareAll(corpusPath('sample.db'), [{ sql, ordered: /\bORDER BY\b/i.test(sql) && !/GROUP BY/i.test(sql.split('ORDER BY').pop()!) }]);
  });
});

describe('generated SELECTs on every corpus database agree with better-sqlite3', () => {
  it.each(repoCorpusFiles().map((f) => [f.name]))('%s', (name) => {
    expect(compareAll(corpusPath(name), [])).toBeGreaterThan(0);
  });
});

describe.skipIf(!sharedAvailable())('generated SELECTs on well-formed forensic files agree with better-sqlite3', () => {
  if (!sharedAvailable()) console.warn(SHARED_MISSING);
  it('every well-formed forensic file', () => {
    let n = 0;
    for (const f of forensicWellFormed()) n += compareAll(f, []);
    expect(n).toBeGreaterThan(0);
  }, 120_000);
});
