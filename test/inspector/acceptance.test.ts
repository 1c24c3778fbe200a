/**
 * Issue 2's acceptance: for every well-formed file in corpus/ and ../shared/corpus, Strata's read
 * path agrees with the sqlite3 CLI on
 *   - the rows of every table and index b-tree (`SELECT rowid, *`: values and storage classes),
 *   - the page classification (dbstat: every b-tree and overflow page, owner, type and path),
 *   - the header (PRAGMA page_size / page_count / freelist_count / user_version / encoding).
 * WAL files are read with their committed frames applied, as sqlite3 reads them.
 */
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InspectSession } from '../../inspector/model/session.js';
import { forEachRow, recordOrder } from '../../inspector/model/rows.js';
import { tableShape } from '../../inspector/model/table-shape.js';
import { headerView } from '../../inspector/model/views.js';
import type { SqlValue as StrataValue, StorageClass } from '../../src/format/index.js';
import { corpusPath, repoCorpusFiles } from '../support/repo-corpus.js';
import { forensicWellFormed, sharedAvailable, SHARED_MISSING, sqlittleWellFormed } from '../support/shared.js';
import { hasHotJournal } from '../support/sidecars.js';
import { sqliteDbstat, sqlitePragmaValue, sqliteRowsTyped, sqliteSchema } from '../support/sqlite3.js';
import type { SqlValue } from '../support/sql-value.js';

function tag(v: StrataValue, cls: StorageClass): SqlValue {
  switch (cls) {
    case 'null':
      return { type: 'null', value: null };
    case 'integer':
      return { type: 'integer', value: BigInt(v as number | bigint) };
    case 'real':
      return { type: 'real', value: Number(v) };
    case 'text':
      return { type: 'text', value: v as string };
    case 'blob':
      return { type: 'blob', value: v as Uint8Array };
  }
}

function files(): string[] {
  const out = repoCorpusFiles()
    .map((f) => corpusPath(f.name))
    .filter((f) => !hasHotJournal(f));
  if (sharedAvailable()) out.push(...sqlittleWellFormed().filter((f) => !hasHotJournal(f)), ...forensicWellFormed());
  else console.log(SHARED_MISSING);
  return out;
}

const PAGE_TYPE: Record<string, string> = { internal: 'interior', leaf: 'leaf', overflow: 'overflow' };

describe('read path agrees with sqlite3 on every well-formed file', () => {
  const all = files();
  let tables = 0;
  let rows = 0;
  let pages = 0;

  it.each(all.map((f) => [basename(f), f]))('%s', (_name, file) => {
    const s = InspectSession.open(file);
    try {
      // Header fields.
      const h = headerView(s);
      expect(h.pageSize).toBe(Number(sqlitePragmaValue(file, 'page_size')));
      expect(h.pageCount).toBe(Number(sqlitePragmaValue(file, 'page_count')));
      expect(h.freelistCount).toBe(Number(sqlitePragmaValue(file, 'freelist_count')));
      expect(h.userVersion).toBe(Number(sqlitePragmaValue(file, 'user_version')));
      expect(['UTF-8', 'UTF-16le', 'UTF-16be'][s.encoding - 1]).toBe(sqlitePragmaValue(file, 'encoding'));

      // Schema, then every table's rows.
      const schema = sqliteSchema(file);
      expect(s.schema().rows.map((r) => [r.type, r.name, r.tblName, r.rootpage, r.sql])).toEqual(schema.map((r) => [r.type, r.name, r.tblName, r.rootpage, r.sql]));
      for (const t of schema.filter((e) => e.type === 'table' && e.rootpage > 0)) {
        let want = sqliteRowsTyped(file, t.name);
        const shape = tableShape(t.sql);
        // The rows view gives a WITHOUT ROWID table's record fields: key columns first.
        if (shape?.withoutRowid) want = want.map((r) => recordOrder(shape).map((c) => r[c]));
        const got: SqlValue[][] = [];
        forEachRow(s, t.name, (row, classes) => {
          got.push(row.map((v, i) => tag(v, classes[i])));
        });
        expect(got, `rows of ${t.name}`).toEqual(want);
        tables++;
        rows += got.length;
      }

      // Page classification against dbstat, page by page.
      const map = s.pageMap();
      const stat = sqliteDbstat(file);
      for (const d of stat) {
        const p = map.pages[d.pgno - 1];
        expect({ pgno: d.pgno, owner: p.owner === 'sqlite_schema' ? d.name : p.owner, type: p.type.replace(/^(table|index)-/, ''), path: p.path }).toEqual({
          pgno: d.pgno,
          owner: d.name,
          type: PAGE_TYPE[d.pagetype],
          path: d.path,
        });
      }
      const btreePages = map.pages.filter((p) => /^(table|index)-|^overflow$/.test(p.type)).length;
      expect(btreePages).toBe(stat.length);
      expect(map.findings).toEqual([]);
      pages += map.pages.length;
    } finally {
      s.close();
    }
  });

  it('reports its figures', () => {
    console.log(`acceptance: ${all.length} files, ${tables} tables, ${rows} rows, ${pages} pages agree with sqlite3`);
    expect(all.length).toBeGreaterThan(0);
  });
});
