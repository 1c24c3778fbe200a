/**
 * The pager and cursor obey the IOResult contract: on a backend whose reads finish later and in
 * random order (DelayedIO, driven by runAsync) they give exactly the answers node-sync gives; the
 * cache stays within its bound; a hot journal is reported; bad files are typed errors.
 */
import fc from 'fast-check';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BTreeCursor } from '../../src/btree/cursor.js';
import { readSchemaTable } from '../../src/btree/schema-table.js';
import { isSqliteError } from '../../src/error.js';
import { DelayedIO, NodeAsyncIO, NodeSyncIO, runAsync, runSync } from '../../src/io/index.js';
import { Pager } from '../../src/pager/pager.js';
import { corpusPath, repoCorpusFiles } from '../support/repo-corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-pager-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every (table, rowid, record) of a file, walking forward, through the given driver. */
async function dump(pager: Pager, drive: <T>(op: () => import('../../src/io/index.js').IOResult<T>) => Promise<T>): Promise<unknown[]> {
  const schema = await drive(() => readSchemaTable(pager, (pager.dbHeader!.textEncoding || 1) as 1 | 2 | 3));
  const out: unknown[] = [];
  for (const t of schema.filter((r) => r.rootpage > 0)) {
    const root = await drive(() => pager.getPage(t.rootpage));
    const kind = root[t.rootpage === 1 ? 100 : 0] === 13 || root[t.rootpage === 1 ? 100 : 0] === 5 ? 'table' : 'index';
    const c = new BTreeCursor(pager, t.rootpage, kind, (pager.dbHeader!.textEncoding || 1) as 1 | 2 | 3);
    for (let ok = await drive(() => c.first()); ok; ok = await drive(() => c.next())) {
      out.push([t.name, kind === 'table' ? c.rowid() : null, (await drive(() => c.record())).values]);
    }
  }
  return out;
}

const syncDrive = async <T,>(op: () => import('../../src/io/index.js').IOResult<T>) => runSync(op);

describe('pager', () => {
  it('gives the same answers on a delayed, reordering backend as on node-sync (property over corpus files and seeds)', async () => {
    const files = repoCorpusFiles().filter((f) => f.sidecar !== 'hot-journal').map((f) => corpusPath(f.name));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...files), fc.integer({ min: 1, max: 1e9 }), fc.integer({ min: 1, max: 64 }), async (file, seed, cachePages) => {
        const a = Pager.open(new NodeSyncIO(), file);
        const io = new DelayedIO(new NodeSyncIO(), seed);
        const b = await Pager.openAsync(io, file, { cacheSizePages: cachePages });
        expect(b.pageCount).toBe(a.pageCount);
        expect(await dump(b, runAsync)).toEqual(await dump(a, syncDrive));
        expect(io.delayed).toBeGreaterThan(0);
        expect(b.cacheStats.size).toBeLessThanOrEqual(cachePages);
        a.close();
        b.close();
      }),
      { numRuns: 12, seed: 3 },
    );
  });

  it('node-async backend reads the WAL view too', async () => {
    const file = corpusPath('wal.db');
    const a = Pager.open(new NodeSyncIO(), file);
    const b = await Pager.openAsync(new NodeAsyncIO(), file);
    expect(b.walShared?.mxFrame).toBe(a.walShared?.mxFrame);
    expect(await dump(b, runAsync)).toEqual(await dump(a, syncDrive));
  });

  it('reports a hot journal beside the file', () => {
    const p = Pager.open(new NodeSyncIO(), corpusPath('hot-journal.db'));
    expect(p.hotJournal?.path).toBe(corpusPath('hot-journal.db') + '-journal');
    expect(p.hotJournal!.sizeBytes).toBeGreaterThan(0);
    p.close();
    expect(Pager.open(new NodeSyncIO(), corpusPath('sample.db')).hotJournal).toBeNull();
  });

  it('refuses a zero-length-journal or a zeroed journal header as not hot', () => {
    const f = join(dir, 'j.db');
    copyFileSync(corpusPath('sample.db'), f);
    writeFileSync(f + '-journal', new Uint8Array(0));
    expect(Pager.open(new NodeSyncIO(), f).hotJournal).toBeNull();
    writeFileSync(f + '-journal', new Uint8Array(512));
    expect(Pager.open(new NodeSyncIO(), f).hotJournal).toBeNull();
  });

  it('bad files are typed errors', () => {
    const cases: Array<[string, Uint8Array, string]> = [
      ['short.db', new Uint8Array(50), 'SQLITE_NOTADB'],
      ['text.db', new TextEncoder().encode('this is not a database, just a text file '.repeat(20)), 'SQLITE_NOTADB'],
    ];
    for (const [name, bytes, code] of cases) {
      const f = join(dir, name);
      writeFileSync(f, bytes);
      try {
        Pager.open(new NodeSyncIO(), f);
        expect.unreachable();
      } catch (e) {
        expect(isSqliteError(e, code as 'SQLITE_NOTADB')).toBe(true);
      }
    }
    const empty = join(dir, 'empty.db');
    writeFileSync(empty, new Uint8Array(0));
    expect(Pager.open(new NodeSyncIO(), empty).pageCount).toBe(0);
    const p = Pager.open(new NodeSyncIO(), corpusPath('sample.db'));
    expect(() => p.getPage(p.pageCount + 1)).toThrow(/outside/);
  });
});
