/**
 * Writes into damaged files: random bytes of a sound file are overwritten, then inserts, deletes,
 * tree creation and drops, and vacuum steps run on it. Each operation either succeeds or throws a
 * SqliteError — never another exception, never a hang — and one that throws leaves every page of the
 * store as it was (the overlay publishes nothing).
 */
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteError } from '../../../src/error.js';
import { readSchemaTable } from '../../../src/btree/schema-table.js';
import { BTreeWriter } from '../../../src/btree/write/btree-writer.js';
import { recordFromValues } from '../../../src/format/index.js';
import { runSync } from '../../../src/io/io-result.js';
import { NodeSyncIO } from '../../../src/io/node-sync.js';
import { Pager } from '../../../src/pager/pager.js';
import { opsArb, removeDb, writeWithStrata, type Config } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-btree-corrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LONG = process.env.STRATA_BTREE_LONG === '1';

function snapshot(pager: Pager): string[] {
  const out: string[] = [];
  for (let p = 1; p <= pager.pageCount; p++) {
    try {
      out.push(Buffer.from(runSync(() => pager.getPage(p))).toString('base64'));
    } catch (e) {
      out.push(`error ${(e as Error).message}`);
    }
  }
  return out;
}

type Action = { kind: 'put' | 'del' | 'iput' | 'idel' | 'create' | 'drop' | 'vacuum'; n: number };

const actionArb: fc.Arbitrary<Action> = fc.record({
  kind: fc.constantFrom('put', 'del', 'iput', 'idel', 'create', 'drop', 'vacuum'),
  n: fc.integer({ min: 0, max: 400 }),
});

describe('b-tree writes on damaged files', () => {
  for (const cfg of [
    { pageSize: 512, av: 'full' },
    { pageSize: 1024, av: 'incremental' },
  ] satisfies Config[]) {
    it(`page size ${cfg.pageSize}, auto_vacuum ${cfg.av}: SqliteError or success, nothing half-done`, { timeout: 120_000 }, () => {
      const base = join(dir, `base-${cfg.pageSize}.db`);
      const ops = fc.sample(opsArb(cfg, 300), { numRuns: 1, seed: cfg.pageSize })[0];
      writeWithStrata(base, cfg, ops);
      const clean = readFileSync(base);
      const damaged = join(dir, `damaged-${cfg.pageSize}.db`);
      let errors = 0;
      let done = 0;
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.integer({ min: cfg.pageSize, max: clean.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }),
          fc.array(actionArb, { minLength: 5, maxLength: 30, size: 'max' }),
          (flips, actions) => {
            removeDb(damaged);
            const bytes = Buffer.from(clean);
            for (const [at, v] of flips) bytes[at] = v;
            writeFileSync(damaged, bytes);
            const pager = Pager.open(new NodeSyncIO(), damaged, { readonly: false });
            try {
              runSync(() => pager.beginWrite());
              const w = new BTreeWriter(pager);
              let roots: number[] = [2, 3, 4];
              try {
                roots = runSync(() => readSchemaTable(pager, 1)).map((r) => r.rootpage);
              } catch (e) {
                expect(e).toBeInstanceOf(SqliteError);
              }
              for (const a of actions) {
                const before = snapshot(pager);
                const root = roots[a.n % roots.length] ?? 2;
                try {
                  switch (a.kind) {
                    case 'put':
                      runSync(() => w.insert(root, a.n, recordFromValues([a.n, 'v'.repeat(a.n * 3)], 1)));
                      break;
                    case 'del':
                      runSync(() => w.delete(root, a.n));
                      break;
                    case 'iput':
                      runSync(() => w.insertIndexKey(root, recordFromValues([`k${a.n}`.repeat(a.n % 40), a.n], 1)));
                      break;
                    case 'idel':
                      runSync(() => w.deleteIndexKey(root, [`k${a.n}`.repeat(a.n % 40), a.n]));
                      break;
                    case 'create':
                      roots.push(runSync(() => w.createTree(a.n % 2 ? 'table' : 'index')));
                      break;
                    case 'drop':
                      if (root > 1) runSync(() => w.dropTree(root));
                      roots = roots.filter((r) => r !== root);
                      break;
                    case 'vacuum':
                      runSync(() => w.incrementalVacuum(a.n % 5));
                      break;
                  }
                  done++;
                } catch (e) {
                  if (!(e instanceof SqliteError)) throw e;
                  errors++;
                  expect(snapshot(pager)).toEqual(before);
                }
              }
            } finally {
              pager.close();
            }
          },
        ),
        { numRuns: LONG ? 2000 : 40, seed: 0xbad + cfg.pageSize, endOnFailure: true },
      );
      console.log(`damaged files, page size ${cfg.pageSize}: ${done} operations succeeded, ${errors} threw SqliteError`);
      expect(errors).toBeGreaterThan(0);
    });
  }
});
