/**
 * search-step.ts: the estimated probe always lies in the range searched; and the searches that
 * use it (BTreeCursor.seekRowid's in-place path, BTreeCursor.seekKey) land where a sorted-array
 * model says, on files written by SQLite (better-sqlite3) whose integer keys are spread evenly,
 * bunched at both ends, skewed, in long runs of one value, or of every size and sign (serial types
 * 1–6, REALs among them), at three levels and more (512-byte pages). The same probes with the
 * estimates turned off (SEARCH.estimate) land on the same entries.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareKeys } from '../../src/btree/compare.js';
import { BTreeCursor, type SeekOp } from '../../src/btree/cursor.js';
import { readSchemaTable } from '../../src/btree/schema-table.js';
import { SEARCH, searchStep } from '../../src/btree/search-step.js';
import type { SqlValue } from '../../src/format/index.js';
import { runSync } from '../../src/io/io-result.js';
import { NodeSyncIO } from '../../src/io/node-sync.js';
import { Pager } from '../../src/pager/pager.js';
import { lcg, SPREADS, spreadValue, type Spread } from '../support/key-spread.js';

const RUNS = Number(process.env.STRATA_SEARCHSTEP_RUNS ?? 12);
const dir = mkdtempSync(join(tmpdir(), 'strata-search-step-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

describe('searchStep', () => {
  it('probes a cell of the range, whatever the bounds (property)', () => {
    const num = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(NaN, Infinity, -Infinity, 0));
    fc.assert(
      fc.property(fc.nat(5000), fc.integer({ min: 1, max: 5000 }), num, num, num, (lo, n, vlo, vhi, key) => {
        const mid = searchStep(lo, lo + n, vlo, vhi, key);
        expect(Number.isInteger(mid)).toBe(true);
        expect(mid).toBeGreaterThanOrEqual(lo);
        expect(mid).toBeLessThan(lo + n);
      }),
      { numRuns: 2000, seed: 5 },
    );
  });
});

/** A SQLite file: t(id INTEGER PRIMARY KEY, v) with rowids and v spread as `spread`, an index on v. */
function build(spread: Spread, n: number, seed: number): { path: string; rowids: number[]; keys: [SqlValue, number][] } {
  const next = lcg(seed);
  const path = join(dir, `s${fileNo++}.db`);
  const db = new Database(path);
  db.pragma('page_size = 512');
  db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, v); CREATE INDEX t_v ON t(v)');
  const ins = db.prepare('INSERT OR IGNORE INTO t VALUES (?, ?)');
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const v = spreadValue(spread, i, next());
      // Rowids spread the same way (integers; the REALs of 'wide' become another integer).
      ins.run(Number.isInteger(v) ? v : i, spreadValue(spread, i, next()));
    }
  })();
  const rowids = db.prepare('SELECT id FROM t ORDER BY id').pluck().all() as number[];
  const keys = db.prepare('SELECT v, id FROM t ORDER BY v, id').raw().all() as [SqlValue, number][];
  db.close();
  return { path, rowids, keys };
}

describe('seeks that estimate where a number lies', () => {
  it(`${RUNS} files: seekRowid and seekKey land where a sorted array says, with and without estimates`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...SPREADS), fc.integer({ min: 1, max: 6000 }), fc.integer({ min: 1, max: 2 ** 30 }), (spread, n, seed) => {
        const b = build(spread, n, seed);
        const pager = Pager.open(new NodeSyncIO(), b.path);
        try {
          const schema = runSync(() => readSchemaTable(pager, 1));
          const root = (name: string): number => schema.find((r) => r.name === name)!.rootpage;
          const tc = new BTreeCursor(pager, root('t'), 'table');
          const ic = new BTreeCursor(pager, root('t_v'), 'index');
          const next = lcg(seed ^ 0x5bd1e995);
          const pick = (): number => {
            // Present keys, keys beside them, and keys of the spread not in the file.
            const r = next();
            const k = r % 3 === 0 ? b.rowids[r % Math.max(1, b.rowids.length)] ?? 0 : r % 3 === 1 ? spreadValue(spread, r % n, next()) : (b.keys[r % Math.max(1, b.keys.length)]?.[0] as number) ?? 0;
            return typeof k === 'number' ? k + ((r >> 4) % 3) - 1 : 0;
          };
          for (let q = 0; q < 60; q++) {
            const rowid = Math.trunc(pick());
            const ops: SeekOp[] = ['GE', 'GT', 'LE', 'LT'];
            const op = ops[q % 4];
            const probe = pick();
            const full = q % 2 === 0;
            const key: SqlValue[] = full ? [probe, Math.trunc(pick())] : [probe];
            const outcomes = [true, false].map((estimate) => {
              SEARCH.estimate = estimate;
              const found = runSync(() => tc.seekRowid(rowid));
              const ok = runSync(() => ic.seekKey(key, op));
              return { found, at: tc.valid ? tc.rowid() : null, ok, entry: ok ? runSync(() => ic.record()).values : null };
            });
            SEARCH.estimate = true;
            const at = b.rowids.findIndex((r) => r >= rowid);
            expect(outcomes[0]).toEqual(outcomes[1]);
            expect(outcomes[0].found, `rowid ${rowid}`).toBe(b.rowids.includes(rowid));
            expect(outcomes[0].at).toBe(at >= 0 ? b.rowids[at] : null);
            const cmp = (k: [SqlValue, number]): number => compareKeys(k.slice(0, key.length), key);
            const want = op === 'GE' ? b.keys.findIndex((k) => cmp(k) >= 0) : op === 'GT' ? b.keys.findIndex((k) => cmp(k) > 0) : op === 'LE' ? b.keys.findLastIndex((k) => cmp(k) <= 0) : b.keys.findLastIndex((k) => cmp(k) < 0);
            expect(outcomes[0].ok, `${op} ${String(key)}`).toBe(want >= 0);
            if (want >= 0) expect(outcomes[0].entry, `${op} ${String(key)}`).toEqual(b.keys[want]);
          }
        } finally {
          SEARCH.estimate = true;
          pager.close();
        }
      }),
      { numRuns: RUNS, seed: 2711 },
    );
  }, 120_000);
});
