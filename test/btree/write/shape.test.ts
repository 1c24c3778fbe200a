/**
 * Tree shape and fill against SQLite: the same inserts, in the same order, written by Strata and by
 * SQLite (better-sqlite3); dbstat (sqlite3) then counts each tree's leaf, interior and overflow pages
 * and its depth in both files. Sequential and random insertion orders, with and without auto_vacuum.
 * The measured page-count ratio (Strata / SQLite) is printed; SQLite's balancing is reproduced cell
 * for cell, so the counts are expected to be equal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqlite3Available } from '../../support/sqlite3-cli.js';
import { sqliteDbstat, sqliteIntegrityCheck, sqlitePragmaValue } from '../../support/sqlite3.js';
import { removeDb, wkeyOf, writeWithSqlite, writeWithStrata, type Config, type Op } from './harness.js';
import { rng } from '../../support/rng.js';

const LONG = process.env.STRATA_BTREE_LONG === '1';
const dir = mkdtempSync(join(tmpdir(), 'strata-btree-shape-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Shape {
  leaf: number;
  internal: number;
  overflow: number;
  depth: number;
}

function shapes(file: string): Map<string, Shape> {
  const out = new Map<string, Shape>();
  for (const p of sqliteDbstat(file)) {
    const s = out.get(p.name) ?? { leaf: 0, internal: 0, overflow: 0, depth: 0 };
    s[p.pagetype]++;
    if (p.pagetype !== 'overflow') s.depth = Math.max(s.depth, p.path.split('/').length - 1);
    out.set(p.name, s);
  }
  return out;
}

/** `n` inserts into t (and i) and w, sequential or shuffled, payloads from tiny to overflowing. */
function insertOps(cfg: Config, n: number, order: 'sequential' | 'random', seed: number): Op[] {
  const r = rng(seed);
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  if (order === 'random') {
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [ids[i], ids[j]] = [ids[j], ids[i]];
    }
  }
  const ops: Op[] = [];
  for (const id of ids) {
    const big = r() < 0.03;
    const size = big ? Math.floor(cfg.pageSize * (1 + r() * 2)) : Math.floor(r() * (cfg.pageSize / 6));
    ops.push({ kind: 'put', rowid: id, a: id % 7 === 0 ? `t${id}` : id * 3, b: 'v'.repeat(size) });
    if (id % 3 === 0) ops.push({ kind: 'wput', k: wkeyOf(id, cfg.pageSize), v: id });
  }
  return ops;
}

const CASES: Array<{ cfg: Config; n: number }> = LONG
  ? [512, 1024, 4096, 16384, 65536].flatMap((pageSize) =>
      (['none', 'full'] as const).map((av) => ({ cfg: { pageSize, av }, n: pageSize >= 16384 ? 3000 : 6000 })),
    )
  : [
      { cfg: { pageSize: 1024, av: 'none' }, n: 2000 },
      { cfg: { pageSize: 4096, av: 'full' }, n: 2000 },
    ];

describe.skipIf(!sqlite3Available())('tree shapes and fill factors against SQLite', () => {
  for (const { cfg, n } of CASES) {
    for (const order of ['sequential', 'random'] as const) {
      it(`${n} ${order} inserts, page size ${cfg.pageSize}, auto_vacuum ${cfg.av}`, { timeout: 600_000 }, () => {
        const a = join(dir, `strata-${cfg.pageSize}.db`);
        const b = join(dir, `sqlite-${cfg.pageSize}.db`);
        const ops = insertOps(cfg, n, order, 0x5a5a + cfg.pageSize);
        writeWithStrata(a, cfg, ops);
        writeWithSqlite(b, cfg, ops);
        expect(sqliteIntegrityCheck(a)).toEqual(['ok']);
        const sa = shapes(a);
        const sb = shapes(b);
        const pages = (m: Map<string, Shape>, name: string): number => {
          const s = m.get(name)!;
          return s.leaf + s.internal + s.overflow;
        };
        const report = ['t', 'i', 'w'].map((name) => `${name}: ${pages(sa, name)}/${pages(sb, name)} pages (ratio ${(pages(sa, name) / pages(sb, name)).toFixed(3)}), depth ${sa.get(name)!.depth}/${sb.get(name)!.depth}`);
        const total = `${sqlitePragmaValue(a, 'page_count')}/${sqlitePragmaValue(b, 'page_count')}`;
        console.log(`shape ${order} n=${n} page ${cfg.pageSize} av=${cfg.av} (Strata/SQLite): ${report.join('; ')}; file ${total} pages`);
        for (const name of ['t', 'i', 'w']) expect(sa.get(name)).toEqual(sb.get(name));
        expect(sqlitePragmaValue(a, 'page_count')).toBe(sqlitePragmaValue(b, 'page_count'));
        // Page by page: every page of every tree has the same number and place as in SQLite's file.
        const layout = (f: string): string[] => sqliteDbstat(f).filter((p) => p.name !== 'sqlite_schema').map((p) => `${p.pgno} ${p.name} ${p.pagetype} ${p.path}`);
        expect(layout(a)).toEqual(layout(b));
        removeDb(a);
        removeDb(b);
      });
    }
  }
});
