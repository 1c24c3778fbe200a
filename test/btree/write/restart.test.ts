/**
 * Restartability (DESIGN.md, "I/O"): the same b-tree writes, run once over node-sync and once over
 * DelayedIO (completions released later, in shuffled order) with an 8-page cache so that operations
 * keep meeting pages that are not in memory, give the same database — rows, index order and the
 * page layout per sqlite3's dbstat — and sqlite3 finds it sound.
 */
import fc from 'fast-check';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSchemaTable } from '../../../src/btree/schema-table.js';
import { BTreeWriter } from '../../../src/btree/write/btree-writer.js';
import { recordFromValues } from '../../../src/format/index.js';
import { DelayedIO } from '../../../src/io/delayed.js';
import { runAsync, runSync, type IOResult } from '../../../src/io/io-result.js';
import { NodeSyncIO } from '../../../src/io/node-sync.js';
import { Pager } from '../../../src/pager/pager.js';
import { sqlite3Available } from '../../support/sqlite3-cli.js';
import { sqliteIntegrityCheck } from '../../support/sqlite3.js';
import { expectSameLayout } from './checks.js';
import { expectSameRows, opsArb, readWithStrata, removeDb, writeWithStrata, type Config, type Op } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-btree-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const I_KEY = { keyInfo: { desc: [true, false] } };

type Run = <T>(op: () => IOResult<T>) => Promise<T>;

/** The base file: rows 1..600 of t with a = (rowid − 1) mod 50. */
const BASE: Op[] = Array.from({ length: 600 }, (_, i): Op => ({ kind: 'put', rowid: i + 1, a: i % 50, b: 'z'.repeat((i * 37) % 700) }));

/** Applies the t operations of `ops` (others skipped) to a copy of the base file. */
async function apply(pager: Pager, run: Run, ops: readonly Op[]): Promise<void> {
  await run(() => pager.beginWrite());
  const schema = await run(() => readSchemaTable(pager, 1));
  const root = (n: string): number => schema.find((r) => r.name === n)!.rootpage;
  const w = new BTreeWriter(pager);
  const t = new Map<number, unknown>(BASE.map((o) => (o.kind === 'put' ? [o.rowid, o.a] : [0, null])));
  for (const op of ops) {
    if (op.kind === 'put') {
      const old = t.get(op.rowid);
      if (old !== undefined) await run(() => w.deleteIndexKey(root('i'), [old as null, op.rowid], I_KEY));
      await run(() => w.insertIndexKey(root('i'), recordFromValues([op.a, op.rowid], 1), I_KEY));
      await run(() => w.insert(root('t'), op.rowid, recordFromValues([op.a, op.b], 1)));
      t.set(op.rowid, op.a);
    } else if (op.kind === 'del' && t.has(op.rowid)) {
      await run(() => w.deleteIndexKey(root('i'), [t.get(op.rowid) as null, op.rowid], I_KEY));
      await run(() => w.delete(root('t'), op.rowid));
      t.delete(op.rowid);
    }
  }
  await run(() => w.beforeCommit());
  await run(() => pager.commit());
}

function copyDb(from: string, to: string): void {
  removeDb(to);
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
}

describe.skipIf(!sqlite3Available())('b-tree writes over delayed, shuffled I/O', () => {
  it('give the same file as over node-sync', { timeout: 120_000 }, async () => {
    const cfg: Config = { pageSize: 1024, av: 'full' };
    const base = join(dir, 'base.db');
    const a = join(dir, 'sync.db');
    const b = join(dir, 'delayed.db');
    const puts = fc.sample(opsArb(cfg, 400), { numRuns: 1, seed: 77 })[0].filter((o) => o.kind === 'put' || o.kind === 'del');
    // The base file has t filled; the later ops update and delete in it (rowids 1..400 overlap).
    writeWithStrata(base, cfg, BASE);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1000 }), async (seed) => {
        const ops = puts.slice(seed % 50, (seed % 50) + 80);
        copyDb(base, a);
        copyDb(base, b);
        const pa = Pager.open(new NodeSyncIO(), a, { readonly: false, cacheSizePages: 8 });
        pa.synchronous = 'off';
        await apply(pa, async (op) => runSync(op), ops);
        pa.close();
        const io = new DelayedIO(new NodeSyncIO(), seed);
        const pb = await Pager.openAsync(io, b, { readonly: false, cacheSizePages: 8 });
        pb.synchronous = 'off';
        await apply(pb, runAsync, ops);
        await runAsync(() => pb.checkpoint('TRUNCATE'));
        pb.close();
        expect(io.delayed).toBeGreaterThan(0);
        expect(sqliteIntegrityCheck(b)).toEqual(['ok']);
        const ra = readWithStrata(a);
        const rb = readWithStrata(b);
        expectSameRows(rb.t, ra.t, 't');
        expectSameRows(rb.i, ra.i, 'i');
        expectSameLayout(b, a);
      }),
      { numRuns: 3, seed: 4242 },
    );
  });
});
