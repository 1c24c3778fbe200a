/**
 * The append that opens a new right-most leaf in place (src/btree/write/append.ts appendToNewLeaf,
 * SQLite's balance_quick without the operation's page copies), against SQLite: the same runs of
 * ascending rowids (the bench's INSERT INTO t VALUES (?, ?, ?) through a prepared statement, JS
 * numbers bound), in two transactions, on two copies of one file made by better-sqlite3. Every page
 * but page 1 must hold the same cells in the same order (the same bytes each), with the same type,
 * right child, and sqlite3 must find the file sound. A wrong divider, cell or
 * right child shows as a page that differs.
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';
import { sqlite3Available } from '../../support/sqlite3-cli.js';
import { sqliteIntegrityCheck } from '../../support/sqlite3.js';
import { removeDb } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-append-split-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs of rows: count, text size, rowid step. */
type Run = { n: number; size: number; gap: number };

/** A varint's length at `b[o]` (fileformat2 §1.5). */
function varintLen(b: Buffer, o: number): number {
  let n = 1;
  while (n < 9 && b[o + n - 1] & 0x80) n++;
  return n;
}

/** A varint's value at `b[o]` (small ones: payload sizes). */
function varintValue(b: Buffer, o: number): number {
  let v = 0;
  for (let i = 0; i < 9; i++) {
    const x = b[o + i];
    v = v * 128 + (x & 0x7f);
    if (!(x & 0x80)) break;
  }
  return v;
}

/**
 * Page `pgno` of `file` as SQLite defines its content: a table b-tree page's type, cell count,
 * right child and cells in order (the bytes of each; where cells lie and the bytes between them are
 * a layout both engines may choose differently after a rebalance); other pages byte for byte.
 * Table pages only: these files hold no index and no overflowing row.
 */
function pageOf(file: Buffer, pgno: number, pageSize: number): string {
  const p = file.subarray((pgno - 1) * pageSize, pgno * pageSize);
  const t = p[0];
  if (t !== 5 && t !== 13) return p.toString('hex');
  const hdr = t === 5 ? 12 : 8;
  const n = p.readUInt16BE(3);
  const out = [`type ${t} cells ${n} right ${t === 5 ? p.readUInt32BE(8) : 0}`];
  for (let i = 0; i < n; i++) {
    const c = p.readUInt16BE(hdr + 2 * i);
    const len = t === 5 ? 4 + varintLen(p, c + 4) : varintLen(p, c) + varintLen(p, c + varintLen(p, c)) + varintValue(p, c);
    out.push(p.subarray(c, c + Math.max(len, 4)).toString('hex'));
  }
  return out.join('\n');
}

function rowsOf(runs: readonly Run[][]): [number, number, string][][] {
  let next = 1;
  return runs.map((tx) => {
    const out: [number, number, string][] = [];
    for (const r of tx) for (let i = 0; i < r.n; i++, next += r.gap) out.push([next, (next * 7919) % 100003, `text ${next} `.padEnd(r.size + (i % 13), 'x')]);
    return out;
  });
}

const runArb = fc.record({ n: fc.integer({ min: 1, max: 400 }), size: fc.integer({ min: 0, max: 250 }), gap: fc.integer({ min: 1, max: 1000 }) });

describe.skipIf(!sqlite3Available())('append to a new right-most leaf in place', () => {
  it('writes the pages SQLite writes', () => {
    const base = join(dir, 'base.db');
    const a = join(dir, 'strata.db');
    const b = join(dir, 'sqlite.db');
    fc.assert(
      fc.property(fc.array(fc.array(runArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 2 }), fc.constantFrom(512, 1024, 4096), (runs, pageSize) => {
        for (const f of [base, a, b]) removeDb(f);
        const s0 = new BetterSqlite3(base);
        s0.pragma(`page_size = ${pageSize}`);
        s0.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT)');
        s0.close();
        copyFileSync(base, a);
        copyFileSync(base, b);
        const txs = rowsOf(runs);
        const s = new Database(a);
        const st = s.prepare('INSERT INTO t VALUES (?, ?, ?)');
        for (const rows of txs) s.transaction(() => { for (const r of rows) st.run(...r); })();
        s.close();
        const o = new BetterSqlite3(b);
        const ot = o.prepare('INSERT INTO t VALUES (?, ?, ?)');
        for (const rows of txs) o.transaction(() => { for (const r of rows) ot.run(...r); })();
        o.close();
        expect(sqliteIntegrityCheck(a)).toEqual(['ok']);
        const fa = readFileSync(a);
        const fb = readFileSync(b);
        expect(fa.length).toBe(fb.length);
        for (let pg = 2; pg <= fb.length / pageSize; pg++) expect(pageOf(fa, pg, pageSize), `page ${pg}`).toBe(pageOf(fb, pg, pageSize));
      }),
      { numRuns: 20, seed: 2026 },
    );
  });
});
