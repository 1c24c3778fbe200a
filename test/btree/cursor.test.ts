import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BTreeCursor, type SeekOp } from '../../src/btree/cursor.js';
import { compareKeys } from '../../src/btree/compare.js';
import { readSchemaTable } from '../../src/btree/schema-table.js';
import type { SqlValue } from '../../src/format/index.js';
import { NodeSyncIO } from '../../src/io/node-sync.js';
import { runSync } from '../../src/io/io-result.js';
import { Pager } from '../../src/pager/pager.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-cursor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Built {
  path: string;
  rowids: number[];
  keys: Array<[SqlValue, number]>; // index (v, rowid) in index order
}

/** Builds a file with better-sqlite3 (the oracle writes it), small pages so trees are deep. */
function build(name: string, pageSize: number, rows: Array<[number, SqlValue]>): Built {
  const path = join(dir, name);
  rmSync(path, { force: true });
  const db = new Database(path);
  db.pragma(`page_size = ${pageSize}`);
  db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, v); CREATE INDEX t_v ON t(v);');
  const ins = db.prepare('INSERT INTO t VALUES (?, ?)');
  db.transaction(() => {
    for (const [id, v] of rows) ins.run(id, v);
  })();
  const rowids = db.prepare('SELECT id FROM t ORDER BY id').pluck().all() as number[];
  const keys = db.prepare('SELECT v, id FROM t ORDER BY v, id').raw().all() as Array<[SqlValue, number]>;
  db.close();
  return { path, rowids, keys: keys.map(([v, id]) => [v instanceof Buffer ? new Uint8Array(v) : v, id]) };
}

function open(path: string) {
  const pager = Pager.open(new NodeSyncIO(), path);
  const schema = runSync(() => readSchemaTable(pager, 1));
  const root = (n: string) => schema.find((r) => r.name === n)!.rootpage;
  return { pager, table: root('t'), index: root('t_v') };
}

function walk(c: BTreeCursor, dirn: 'fwd' | 'back', get: () => unknown): unknown[] {
  const out: unknown[] = [];
  for (let ok = runSync(() => (dirn === 'fwd' ? c.first() : c.last())); ok; ok = runSync(() => (dirn === 'fwd' ? c.next() : c.prev()))) out.push(get());
  return out;
}

const values = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, min: -1e6, max: 1e6 }),
  fc.string({ maxLength: 40 }),
  fc.uint8Array({ maxLength: 30 }).map((b) => new Uint8Array(b)),
  fc.string({ minLength: 600, maxLength: 1500 }), // overflowing index keys at 512-byte pages
);

describe('BTreeCursor on files written by SQLite', () => {
  it('walks table and index trees in both directions, at several page sizes', () => {
    for (const pageSize of [512, 1024, 4096]) {
      const rows: Array<[number, SqlValue]> = [];
      for (let i = 0; i < 3000; i++) rows.push([i * 7 + 1, i % 5 === 0 ? null : i % 3 === 0 ? `s${(i * 31) % 997}`.repeat(i % 11) : (i * 13) % 401]);
      const b = build(`walk-${pageSize}.db`, pageSize, rows);
      const { pager, table, index } = open(b.path);
      const tc = new BTreeCursor(pager, table, 'table');
      expect(walk(tc, 'fwd', () => tc.rowid())).toEqual(b.rowids);
      expect(walk(tc, 'back', () => tc.rowid())).toEqual([...b.rowids].reverse());
      const ic = new BTreeCursor(pager, index, 'index');
      const fwd = walk(ic, 'fwd', () => runSync(() => ic.record()).values);
      expect(fwd).toEqual(b.keys);
      expect(walk(ic, 'back', () => runSync(() => ic.record()).values)).toEqual([...b.keys].reverse());
      pager.close();
    }
  });

  it("crossing leaves in place over cached pages, between seeks, keeps SQLite's order (property)", () => {
    // The first walk reads pages (the copying crossing); later ones find every page in the cache
    // (nextLeafInPlace), alternating with seeks that use the same spare frame stacks.
    fc.assert(
      fc.property(
        fc.constantFrom(512, 1024),
        fc.integer({ min: 1, max: 2500 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 400 })), { minLength: 1, maxLength: 12 }),
        (pageSize, n, probes) => {
          const rows: Array<[number, SqlValue]> = [];
          for (let i = 0; i < n; i++) rows.push([i * 3 + 1, i % 4 === 0 ? `k${(i * 17) % 113}`.repeat(1 + (i % 9)) : (i * 37) % 211]);
          const b = build(`cross-${pageSize}.db`, pageSize, rows);
          const { pager, table, index } = open(b.path);
          const tc = new BTreeCursor(pager, table, 'table');
          const ic = new BTreeCursor(pager, index, 'index');
          const rec = () => runSync(() => ic.record()).values;
          for (let pass = 0; pass < 2; pass++) {
            expect(walk(tc, 'fwd', () => tc.rowid())).toEqual(b.rowids);
            expect(walk(ic, 'fwd', rec)).toEqual(b.keys);
          }
          for (const [at, steps] of probes) {
            const i = at % b.rowids.length;
            expect(runSync(() => tc.seekRowid(b.rowids[i]))).toBe(true);
            const got: number[] = [];
            for (let k = 0; k < steps && tc.valid; k++) {
              got.push(tc.rowid() as number);
              runSync(() => tc.next());
            }
            expect(got).toEqual(b.rowids.slice(i, i + steps));
            const j = at % b.keys.length;
            expect(runSync(() => ic.seekKey(b.keys[j], 'GE'))).toBe(true);
            const keys: unknown[] = [];
            for (let k = 0; k < steps && ic.valid; k++) {
              keys.push(rec());
              runSync(() => ic.next());
            }
            expect(keys).toEqual(b.keys.slice(j, j + steps));
          }
          pager.close();
        },
      ),
      { numRuns: 20, seed: 7 },
    );
  });

  it('seekRowid and seekKey agree with a sorted-array model (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: -5000, max: 5000 }), { minLength: 0, maxLength: 400 }),
        fc.array(values, { minLength: 400, maxLength: 400 }),
        fc.array(fc.tuple(fc.integer({ min: -5100, max: 5100 }), values, fc.constantFrom<SeekOp>('GE', 'GT', 'LE', 'LT')), { minLength: 1, maxLength: 30 }),
        (ids, vals, probes) => {
          const b = build('prop.db', 512, ids.map((id, i) => [id, vals[i]]));
          const { pager, table, index } = open(b.path);
          const tc = new BTreeCursor(pager, table, 'table');
          const ic = new BTreeCursor(pager, index, 'index');
          for (const [rowid, key, op] of probes) {
            const found = runSync(() => tc.seekRowid(rowid));
            const at = b.rowids.findIndex((r) => r >= rowid);
            expect(found).toBe(b.rowids.includes(rowid));
            expect(tc.valid).toBe(at >= 0);
            if (at >= 0) expect(tc.rowid()).toBe(b.rowids[at]);
            // Index seek, compared on the first field only (a prefix key).
            const ok = runSync(() => ic.seekKey([key], op));
            const cmp = (k: [SqlValue, number]) => compareKeys([k[0]], [key]);
            let want = -1;
            if (op === 'GE') want = b.keys.findIndex((k) => cmp(k) >= 0);
            if (op === 'GT') want = b.keys.findIndex((k) => cmp(k) > 0);
            if (op === 'LE') want = b.keys.findLastIndex((k) => cmp(k) <= 0);
            if (op === 'LT') want = b.keys.findLastIndex((k) => cmp(k) < 0);
            expect(ok).toBe(want >= 0);
            if (want >= 0) expect(runSync(() => ic.record()).values).toEqual(b.keys[want]);
          }
          pager.close();
        },
      ),
      { numRuns: 25, seed: 42 },
    );
  });
});
