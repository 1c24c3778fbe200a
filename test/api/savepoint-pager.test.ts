/**
 * The pager's savepoint journal (src/pager/savepoint.ts) under a small page cache, where pages are
 * spilled to the WAL between b-tree operations (also after a savepoint opened): random scripts of
 * inserts, deletes, savepoint opens, releases and rollbacks (fast-check, seeded) against a model of
 * the table; after each rollback the b-tree's rows equal the model's, and the committed file passes
 * SQLite's integrity_check with the model's rows (better-sqlite3).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { BTreeCursor } from '../../src/btree/cursor.js';
import { BTreeWriter } from '../../src/btree/write/btree-writer.js';
import { decodeRecord, recordFromValues } from '../../src/format/index.js';
import { runSync } from '../../src/io/io-result.js';
import { NodeSyncIO } from '../../src/io/node-sync.js';
import { Pager } from '../../src/pager/pager.js';
import { SavepointJournal } from '../../src/pager/savepoint.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-sp-pager-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

type Op = { kind: 'put'; rowid: number; size: number } | { kind: 'del'; rowid: number } | { kind: 'open' } | { kind: 'release'; depth: number } | { kind: 'rollback'; depth: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('put' as const), rowid: fc.integer({ min: 1, max: 400 }), size: fc.integer({ min: 1, max: 3000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('del' as const), rowid: fc.integer({ min: 1, max: 400 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'open' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('release' as const), depth: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rollback' as const), depth: fc.integer({ min: 1, max: 4 }) }) },
);

const text = (rowid: number, size: number): string => `${rowid}:`.padEnd(size, String.fromCharCode(97 + (rowid % 26)));

function rows(p: Pager, root: number): [number, string][] {
  const c = new BTreeCursor(p, root, 'table');
  const out: [number, string][] = [];
  for (let ok = runSync(() => c.first()); ok; ok = runSync(() => c.next())) out.push([Number(c.rowid()), decodeRecord(runSync(() => c.payload()), 1).values[0] as string]);
  return out;
}
const sorted = (m: Map<number, string>): [number, string][] => [...m].sort((a, b) => a[0] - b[0]);

describe('pager savepoints with spilled pages', () => {
  it('ROLLBACK TO equals the model after random writes with spills (seeded, 25 scripts)', () => {
    let spilled = 0;
    fc.assert(
      fc.property(fc.array(op, { minLength: 5, maxLength: 120 }), (ops) => {
        const path = join(dir, `sp-${++n}.db`);
        const p = Pager.open(new NodeSyncIO(), path, { readonly: false, newPageSize: 1024, cacheSizePages: 12 });
        // First transaction: the table (a new database cannot spill; the WAL exists afterwards).
        runSync(() => p.beginWrite());
        let w = new BTreeWriter(p);
        const root = runSync(() => w.createTree('table'));
        runSync(() => w.insert(1, 1, recordFromValues(['table', 't', 't', root, 'CREATE TABLE t(v)'], 1)));
        p.header.schemaCookie++;
        runSync(() => p.commit());

        runSync(() => p.beginRead());
        runSync(() => p.beginWrite());
        w = new BTreeWriter(p);
        const journal = new SavepointJournal(p);
        p.savepointHook = journal;
        let model = new Map<number, string>();
        const models: Map<number, string>[] = [];
        for (const o of ops) {
          if (o.kind === 'put') {
            const v = text(o.rowid, o.size);
            runSync(() => w.insert(root, o.rowid, recordFromValues([v], 1)));
            model.set(o.rowid, v);
          } else if (o.kind === 'del') {
            runSync(() => w.delete(root, o.rowid));
            model.delete(o.rowid);
          } else if (o.kind === 'open') {
            models.push(new Map(model));
            journal.open();
          } else if (o.depth <= journal.depth) {
            if (o.kind === 'release') {
              journal.release(o.depth);
              models.length = o.depth - 1;
            } else {
              journal.rollbackTo(o.depth);
              w.reset();
              models.length = o.depth;
              model = new Map(models[o.depth - 1]);
              expect(rows(p, root)).toEqual(sorted(model));
            }
          }
          runSync(() => p.spill());
        }
        p.savepointHook = null;
        runSync(() => p.commit());
        spilled += p.spilledPages;
        p.close();
        const o = new BetterSqlite3(path, { readonly: true });
        expect(o.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(o.prepare('SELECT rowid, v FROM t ORDER BY rowid').raw().all()).toEqual(sorted(model));
        o.close();
      }),
      { seed: Number(process.env.STRATA_PROPERTY_SEED ?? 4242), numRuns: Number(process.env.STRATA_SAVEPOINT_RUNS ?? 25) },
    );
    expect(spilled).toBeGreaterThan(0); // the scripts did spill pages
    console.log(`pages spilled over the scripts: ${spilled}`);
  });
});
