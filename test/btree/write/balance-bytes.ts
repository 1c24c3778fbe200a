/**
 * The byte-level differential behind balance-bytes.test.ts: the same SQL statements run in Strata
 * (src/api Database) and in SQLite 3.53 (better-sqlite3), both files in WAL mode with secure_delete
 * OFF, then checkpointed (TRUNCATE) and closed; the two files are then compared page by page.
 *
 * Page 1 header fields that legitimately differ between two libraries writing the same content,
 * excluded from the comparison (fileformat2 §1.3):
 *
 * | offset | size | field                                                         |
 * |--------|------|---------------------------------------------------------------|
 * | 92     | 4    | version-valid-for number (change counter at the version write) |
 * | 96     | 4    | SQLITE_VERSION_NUMBER of the library that last wrote the file  |
 *
 * And one known difference outside the b-tree layer, excluded here so that this test measures
 * the b-tree pages (reported to the pager's owners, not legitimate):
 *
 * | offset | size | field                                                         |
 * |--------|------|---------------------------------------------------------------|
 * | 24     | 4    | file change counter: in WAL mode SQLite bumps it only in a      |
 * |        |      | commit that writes page 1 (pagerWalFrames); Strata in each one  |
 */
import BS from 'better-sqlite3';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { Database } from '../../../src/api/index.js';
import { cellSizeOf } from '../../../src/btree/write/mem-page.js';
import type { PageType } from '../../../src/format/index.js';
import { rng } from '../../support/rng.js';

/** One workload: page size, auto_vacuum mode, the seed, and how many statements per transaction. */
export interface Workload {
  pageSize: number;
  autoVacuum: 'NONE' | 'FULL' | 'INCREMENTAL';
  seed: number;
  /** Transactions, each a batch of inserts followed by deletes and updates. */
  txns: number;
  /** Inserts per transaction. */
  rows: number;
  /**
   * Indexes on t: 1 (t_b only) or 2 (t_a then t_b). With two, SQLite writes t_b's entry before
   * t_a's (its index list is in reverse creation order once the schema is read) and Strata t_a's
   * first, so page numbers are handed out in another order as soon as both need a page in one
   * statement — a difference of the SQL layer, not of the b-tree's.
   */
  indexes: 1 | 2;
}

/** A statement with its bound values, run alike on both sides. */
type Stmt = [sql: string, args: unknown[]];

/** The statements of workload `w` (a seeded script: random rowids, payloads up to overflow). */
export function script(w: Workload): { setup: string[]; txns: Stmt[][] } {
  const r = rng(w.seed);
  const big = (): string => {
    const roll = r();
    // Mostly short; now and then past the page's local payload limit (overflow pages).
    const len = roll < 0.8 ? Math.floor(r() * 60) : roll < 0.95 ? Math.floor(r() * (w.pageSize / 3)) : Math.floor(r() * w.pageSize * 2.5);
    return 'x'.repeat(len) + Math.floor(r() * 1e6).toString(36);
  };
  const setup = [
    `PRAGMA page_size = ${w.pageSize}`,
    `PRAGMA auto_vacuum = ${w.autoVacuum}`,
    'CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT)',
    ...(w.indexes === 2 ? ['CREATE INDEX t_a ON t(a)'] : []),
    'CREATE INDEX t_b ON t(b)',
    'CREATE TABLE w(k TEXT, v)',
    'CREATE UNIQUE INDEX w_k ON w(k)',
  ];
  const txns: Stmt[][] = [];
  for (let t = 0; t < w.txns; t++) {
    const s: Stmt[] = [];
    for (let i = 0; i < w.rows; i++) {
      // OR IGNORE, not OR REPLACE: for a rowid conflict SQLite lets the Insert overwrite the row (no
      // Delete, so no balance of an underfull leaf) where Strata's INSERT deletes it first — a
      // difference of the SQL layer that would hide the b-tree's.
      s.push(['INSERT OR IGNORE INTO t VALUES (?, ?, ?)', [Math.floor(r() * 1e6), Math.floor(r() * 1000), big()]]);
      if (r() < 0.3) s.push(['INSERT OR REPLACE INTO w VALUES (?, ?)', [Math.floor(r() * 5000).toString(36) + big().slice(0, 40), Math.floor(r() * 100)]]);
    }
    const m = 2 + Math.floor(r() * 6);
    s.push(['DELETE FROM t WHERE a % ? = 0', [m]]);
    s.push(['UPDATE t SET b = ? || b WHERE a % ? = 1', [big(), m + 1]]);
    s.push(['DELETE FROM w WHERE v % ? = 0', [m + 2]]);
    txns.push(s);
  }
  return { setup, txns };
}

/** Runs workload `w` into `strataPath` and `sqlitePath` (both replaced), its first `limit` statements only when given. */
export function runBoth(w: Workload, strataPath: string, sqlitePath: string, limit = Infinity): void {
  for (const f of [strataPath, sqlitePath]) for (const x of ['', '-wal', '-shm', '-journal']) rmSync(f + x, { force: true });
  const { setup, txns } = script(w);
  let left = limit;
  // Strata has no PRAGMA auto_vacuum: SQLite makes the empty schema, both sides start from that file.
  const init = new BS(sqlitePath);
  for (const q of setup) init.exec(q);
  init.pragma('journal_mode = WAL');
  init.pragma('wal_checkpoint(TRUNCATE)');
  init.close();
  copyFileSync(sqlitePath, strataPath);
  const s = new Database(strataPath);
  const o = new BS(sqlitePath);
  try {
    o.pragma('secure_delete = OFF');
    for (const txn of txns) {
      s.exec('BEGIN');
      o.exec('BEGIN');
      for (const [sql, args] of txn) {
        if (left-- <= 0) break;
        s.prepare(sql).run(...(args as never[]));
        o.prepare(sql).run(...(args as never[]));
      }
      s.exec('COMMIT');
      o.exec('COMMIT');
    }
    s.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    o.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    s.close();
    o.close();
  }
}

/** Page 1 header bytes excluded from the comparison (module doc). */
export const EXCLUDED_HEADER_BYTES: ReadonlyArray<readonly [offset: number, size: number]> = [
  [24, 4],
  [92, 4],
  [96, 4],
];

/** A page whose bytes differ: its number, type byte on each side, first differing offset. */
export interface PageDiff {
  pgno: number;
  typeA: number;
  typeB: number;
  first: number;
}

/** Compares two database files page by page (module doc); a size difference is reported as pgno 0. */
export function diffPages(a: Buffer, b: Buffer, pageSize: number): PageDiff[] {
  const out: PageDiff[] = [];
  if (a.length !== b.length) out.push({ pgno: 0, typeA: a.length / pageSize, typeB: b.length / pageSize, first: -1 });
  const n = Math.min(a.length, b.length) / pageSize;
  for (let p = 0; p < n; p++) {
    const pa = Buffer.from(a.subarray(p * pageSize, (p + 1) * pageSize));
    const pb = Buffer.from(b.subarray(p * pageSize, (p + 1) * pageSize));
    if (p === 0) {
      for (const [o, sz] of EXCLUDED_HEADER_BYTES) {
        pa.fill(0, o, o + sz);
        pb.fill(0, o, o + sz);
      }
    }
    if (pa.equals(pb)) continue;
    let first = 0;
    while (pa[first] === pb[first]) first++;
    const h = p === 0 ? 100 : 0;
    out.push({ pgno: p + 1, typeA: pa[h], typeB: pb[h], first });
  }
  return out;
}

/** Runs `w` and returns the differing pages (all, and {@link classify}'s split) and the page count. */
export function measure(w: Workload, dir: string): { diffs: PageDiff[]; layout: PageDiff[]; stale: PageDiff[]; content: PageDiff[]; pages: number } {
  const sp = `${dir}/s-${w.seed}.db`;
  const op = `${dir}/o-${w.seed}.db`;
  runBoth(w, sp, op);
  const a = readFileSync(sp);
  const b = readFileSync(op);
  const diffs = diffPages(a, b, w.pageSize);
  return { diffs, ...classify(a, b, w.pageSize, diffs), pages: b.length / w.pageSize };
}

/** The cells of b-tree page `p` (header at `hdr`) in pointer order, as hex strings; null when not a b-tree page. */
function cellsOf(p: Buffer, hdr: number, usable: number): string[] | null {
  const t = p[hdr];
  if (t !== 2 && t !== 5 && t !== 10 && t !== 13) return null;
  const ptrs = hdr + (t === 10 || t === 13 ? 8 : 12);
  const n = p.readUInt16BE(hdr + 3);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const o = p.readUInt16BE(ptrs + 2 * i);
    out.push(p.subarray(o, o + cellSizeOf(t as PageType, p, o, usable)).toString('hex'));
  }
  if (t === 2 || t === 5) out.push(`right child ${p.readUInt32BE(hdr + 8)}`);
  return out;
}

/**
 * True when b-tree pages `a` and `b` (header at `hdr`) have the same live bytes: header, pointer
 * array, the bytes of every cell, and the 4-byte header of every freeblock — everything but the
 * dead bytes (gap, freeblock bodies, fragments).
 */
function sameLiveBytes(a: Buffer, b: Buffer, hdr: number, usable: number): boolean {
  const live = new Uint8Array(usable);
  const t = a[hdr];
  const ptrs = hdr + (t === 10 || t === 13 ? 8 : 12);
  const n = a.readUInt16BE(hdr + 3);
  live.fill(1, 0, ptrs + 2 * n);
  for (let i = 0; i < n; i++) {
    const o = a.readUInt16BE(ptrs + 2 * i);
    live.fill(1, o, o + cellSizeOf(t as PageType, a, o, usable));
  }
  for (let fb = a.readUInt16BE(hdr + 1), guard = 0; fb !== 0 && fb + 4 <= usable && guard < usable; fb = a.readUInt16BE(fb), guard++) live.fill(1, fb, fb + 4);
  for (let i = 0; i < usable; i++) if (live[i] && a[i] !== b[i]) return false;
  return true;
}

/**
 * Splits differing pages into `layout` — b-tree pages of the same type holding the same cells in
 * the same order (and the same right child) whose live bytes (header, pointer array, cells,
 * freeblock chain) still differ: the balancer's own doing; `stale` — the same, but only dead bytes
 * differ (gap, freeblock bodies, fragments: leftovers of earlier layouts); and `content`: pages
 * whose content differs (another page number was allocated for something, so child pointers or
 * whole pages differ), or non-b-tree pages.
 */
export function classify(a: Buffer, b: Buffer, pageSize: number, diffs: readonly PageDiff[]): { layout: PageDiff[]; stale: PageDiff[]; content: PageDiff[] } {
  const layout: PageDiff[] = [];
  const stale: PageDiff[] = [];
  const content: PageDiff[] = [];
  for (const d of diffs) {
    if (d.pgno === 0) {
      content.push(d);
      continue;
    }
    const hdr = d.pgno === 1 ? 100 : 0;
    const pa = a.subarray((d.pgno - 1) * pageSize, d.pgno * pageSize);
    const pb = b.subarray((d.pgno - 1) * pageSize, d.pgno * pageSize);
    const ca = cellsOf(pa, hdr, pageSize);
    const cb = cellsOf(pb, hdr, pageSize);
    if (ca && cb && pa[hdr] === pb[hdr] && ca.length === cb.length && ca.every((c, i) => c === cb[i])) {
      (sameLiveBytes(pa, pb, hdr, pageSize) ? stale : layout).push(d);
    } else content.push(d);
  }
  return { layout, stale, content };
}
