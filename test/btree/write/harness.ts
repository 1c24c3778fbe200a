/**
 * Shared machinery of the b-tree write tests: a small schema, operations on it, a model (sorted
 * maps), the same operations applied by Strata's BTreeWriter and by SQLite (better-sqlite3), and
 * readers of the result through SQLite and through Strata's cursor.
 *
 * Schema (the SQL text is stored as written, so SQLite parses it on open):
 * - `t`: `CREATE TABLE t(a, b)` — a rowid table;
 * - `i`: `CREATE INDEX i ON t(a DESC)` — records (a, rowid), a sorted DESC;
 * - `w`: `CREATE TABLE w(k TEXT COLLATE NOCASE PRIMARY KEY, v) WITHOUT ROWID` — records (k, v);
 * - `x1`, `x2`, …: `CREATE TABLE xN(y)` — short-lived tables, created, cleared (`DELETE FROM xN`,
 *   SQLite's OP_Clear) and dropped by the ops (in auto_vacuum files dropping one that is not the
 *   last moves the last root into its place).
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { expect } from 'vitest';
import { rmSync } from 'node:fs';
import { BTreeCursor } from '../../../src/btree/cursor.js';
import { readSchemaTable } from '../../../src/btree/schema-table.js';
import { BTreeWriter, setAutoVacuum, type AutoVacuumMode } from '../../../src/btree/write/btree-writer.js';
import { NOCASE } from '../../../src/btree/compare.js';
import { recordFromValues, decodeRecord, type SqlValue as StrataValue } from '../../../src/format/index.js';
import { NodeSyncIO } from '../../../src/io/node-sync.js';
import { runSync } from '../../../src/io/io-result.js';
import { Pager } from '../../../src/pager/pager.js';
import type { SqlValue } from '../../support/sql-value.js';

/** Values the tests store: integers (safe), text, blobs, NULL. */
export type Val = null | number | string | Uint8Array;

/** One operation of a run. */
export type Op =
  | { kind: 'put'; rowid: number; a: Val; b: Val }
  | { kind: 'del'; rowid: number }
  | { kind: 'wput'; k: string; v: Val }
  | { kind: 'wdel'; k: string }
  | { kind: 'mk'; rows: number; size: number }
  | { kind: 'rm' }
  | { kind: 'clr' }
  | { kind: 'vacuum'; n: number }
  | { kind: 'commit' };

/** A file configuration. */
export interface Config {
  pageSize: number;
  av: AutoVacuumMode;
}

export const SCHEMA_T = 'CREATE TABLE t(a, b)';
export const SCHEMA_I = 'CREATE INDEX i ON t(a DESC)';
export const SCHEMA_W = 'CREATE TABLE w(k TEXT COLLATE NOCASE PRIMARY KEY, v) WITHOUT ROWID';
const I_KEY = { keyInfo: { desc: [true, false] } };
const W_KEY = { keyInfo: { collations: [NOCASE] }, keyFields: 1 };

/** The expected content after a run. */
export class Model {
  readonly t = new Map<number, [Val, Val]>();
  /** w by folded key → [k as last written, v]. */
  readonly w = new Map<string, [string, Val]>();
  /** Short-lived tables alive, oldest first: name, row count, text size. */
  readonly temps: Array<{ name: string; rows: number; size: number }> = [];
  nextTemp = 1;

  apply(op: Op): void {
    switch (op.kind) {
      case 'put':
        this.t.set(op.rowid, [op.a, op.b]);
        break;
      case 'del':
        this.t.delete(op.rowid);
        break;
      case 'wput':
        this.w.set(fold(op.k), [op.k, op.v]);
        break;
      case 'wdel':
        this.w.delete(fold(op.k));
        break;
      case 'mk':
        this.temps.push({ name: `x${this.nextTemp++}`, rows: op.rows, size: op.size });
        break;
      case 'rm':
        this.temps.shift();
        break;
      case 'clr':
        if (this.temps[0]) this.temps[0].rows = 0;
        break;
      default:
        break;
    }
  }
}

/** ASCII case folding, as NOCASE (test-local, independent of src). */
export function fold(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Text of a short-lived table's row. */
export function tempText(row: number, size: number): string {
  return `${row}:`.padEnd(size, String.fromCharCode(97 + (row % 26)));
}

// ------------------------------------------------------------------ arbitraries

function bytesOf(len: number, seed: number): Uint8Array {
  const out = new Uint8Array(len);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < len; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function textOf(len: number, seed: number): string {
  const b = bytesOf(len, seed);
  for (let i = 0; i < len; i++) b[i] = (b[i] % 2 ? 65 : 97) + (b[i] % 26);
  return Buffer.from(b).toString('latin1');
}

/**
 * Key `n` of table w: `k<n>_` padded to up to a fifth of a page, so that interior pages of w hold
 * few cells and the tree gets deep; `upper` gives the NOCASE-equal spelling `K<n>_…`.
 */
export function wkeyOf(n: number, pageSize: number, upper = false): string {
  return `${upper ? 'K' : 'k'}${n}_${'p'.repeat((n * 37) % Math.floor(pageSize / 5))}`;
}

/** Payload lengths that matter at `pageSize`: tiny, a fraction of a page, and overflowing. */
function lengthArb(pageSize: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.integer({ min: 0, max: 40 }) },
    { weight: 3, arbitrary: fc.integer({ min: 41, max: Math.floor(pageSize / 4) }) },
    { weight: 1, arbitrary: fc.integer({ min: Math.floor(pageSize / 4), max: 3 * pageSize }) },
  );
}

/** A value for `pageSize` pages. */
export function valArb(pageSize: number): fc.Arbitrary<Val> {
  const seed = fc.integer({ min: 1, max: 0x7fffffff });
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 3, arbitrary: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.integer(), fc.maxSafeInteger()) },
    { weight: 4, arbitrary: fc.tuple(lengthArb(pageSize), seed).map(([n, s]) => textOf(n, s)) },
    { weight: 2, arbitrary: fc.tuple(lengthArb(pageSize), seed).map(([n, s]) => bytesOf(n, s)) },
  );
}

/** Operations for a file of `cfg`: keys from small ranges so that updates and deletes hit. */
export function opsArb(cfg: Config, maxOps: number): fc.Arbitrary<Op[]> {
  const v = valArb(cfg.pageSize);
  const rowid = fc.oneof(fc.integer({ min: 1, max: 400 }), fc.integer({ min: -5, max: 5 }), fc.constant(Number.MAX_SAFE_INTEGER));
  const wkey = fc.oneof(
    fc.integer({ min: 0, max: 300 }).map((n) => wkeyOf(n, cfg.pageSize)),
    fc.tuple(fc.integer({ min: 0, max: 40 }), fc.boolean()).map(([n, up]) => wkeyOf(n, cfg.pageSize, up)),
    fc.tuple(lengthArb(cfg.pageSize), fc.integer({ min: 1, max: 50 })).map(([n, s]) => `L${textOf(n, s)}`),
  );
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 30, arbitrary: fc.record({ kind: fc.constant('put' as const), rowid, a: v, b: v }) },
    { weight: 12, arbitrary: fc.record({ kind: fc.constant('del' as const), rowid }) },
    { weight: 15, arbitrary: fc.record({ kind: fc.constant('wput' as const), k: wkey, v }) },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('wdel' as const), k: wkey }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('mk' as const), rows: fc.integer({ min: 0, max: 60 }), size: fc.integer({ min: 1, max: cfg.pageSize }) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'rm' } as Op) },
    { weight: 1, arbitrary: fc.constant({ kind: 'clr' } as Op) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('vacuum' as const), n: fc.integer({ min: -1, max: 20 }) }) },
    { weight: 3, arbitrary: fc.constant({ kind: 'commit' } as Op) },
  );
  // Runs of sequential puts and of deletes: deep trees, then merges and freelist reuse.
  const fill = fc
    .record({ from: fc.integer({ min: 1, max: 1500 }), count: fc.integer({ min: 10, max: 400 }), size: fc.integer({ min: 0, max: cfg.pageSize >> 2 }), seed: fc.integer({ min: 1, max: 1000 }) })
    .map(({ from, count, size, seed }): Op[] => Array.from({ length: count }, (_, j) => ({ kind: 'put', rowid: from + j, a: from + j + seed, b: textOf(size, seed + j) })));
  const wfill = fc
    .record({ count: fc.integer({ min: 10, max: 300 }), size: fc.integer({ min: 0, max: cfg.pageSize >> 2 }), seed: fc.integer({ min: 1, max: 1000 }) })
    .map(({ count, size, seed }): Op[] => Array.from({ length: count }, (_, j) => ({ kind: 'wput', k: wkeyOf((seed + j) % 300, cfg.pageSize), v: textOf(size, seed + j) })));
  const clear = fc
    .record({ from: fc.integer({ min: -5, max: 1500 }), count: fc.integer({ min: 10, max: 400 }) })
    .map(({ from, count }): Op[] => Array.from({ length: count }, (_, j) => ({ kind: 'del', rowid: from + j })));
  const wclear = fc
    .record({ from: fc.integer({ min: 0, max: 300 }), count: fc.integer({ min: 10, max: 200 }) })
    .map(({ from, count }): Op[] => Array.from({ length: count }, (_, j) => ({ kind: 'wdel', k: wkeyOf(from + j, cfg.pageSize) })));
  const step = fc.oneof(
    { weight: 40, arbitrary: op.map((o) => [o]) },
    { weight: 2, arbitrary: fill },
    { weight: 1, arbitrary: wfill },
    { weight: 2, arbitrary: clear },
    { weight: 1, arbitrary: wclear },
  );
  const steps = Math.max(1, Math.floor(maxOps / 5));
  return fc.array(step, { minLength: steps, maxLength: steps, size: 'max' }).map((xs) => xs.flat().slice(0, maxOps));
}

// ------------------------------------------------------------------ Strata writes

function rec(values: StrataValue[]): Uint8Array {
  return recordFromValues(values, 1);
}

/** Applies `ops` to a new file at `path` with Strata's BTreeWriter; commits after the last op. */
export function writeWithStrata(path: string, cfg: Config, ops: readonly Op[]): void {
  removeDb(path);
  const pager = Pager.open(new NodeSyncIO(), path, { readonly: false, newPageSize: cfg.pageSize });
  pager.synchronous = 'off';
  try {
    runSync(() => pager.beginWrite());
    setAutoVacuum(pager, cfg.av);
    const w = new BTreeWriter(pager);
    const roots = { t: 0, i: 0, w: 0 };
    roots.t = runSync(() => w.createTree('table'));
    roots.i = runSync(() => w.createTree('index'));
    roots.w = runSync(() => w.createTree('index'));
    let schemaRowid = 0;
    runSync(() => w.insert(1, ++schemaRowid, rec(['table', 't', 't', roots.t, SCHEMA_T])));
    runSync(() => w.insert(1, ++schemaRowid, rec(['index', 'i', 't', roots.i, SCHEMA_I])));
    runSync(() => w.insert(1, ++schemaRowid, rec(['table', 'w', 'w', roots.w, SCHEMA_W])));
    pager.header.schemaCookie++;
    const model = new Model();
    const commit = (): void => {
      runSync(() => w.beforeCommit());
      runSync(() => pager.commit());
    };
    for (const op of ops) {
      switch (op.kind) {
        case 'put': {
          const old = model.t.get(op.rowid);
          if (old) runSync(() => w.deleteIndexKey(roots.i, [old[0], op.rowid], I_KEY));
          // As SQLite's generated code: index entries first, then the table row.
          runSync(() => w.insertIndexKey(roots.i, rec([op.a, op.rowid]), I_KEY));
          runSync(() => w.insert(roots.t, op.rowid, rec([op.a, op.b])));
          break;
        }
        case 'del': {
          const old = model.t.get(op.rowid);
          if (old) {
            runSync(() => w.deleteIndexKey(roots.i, [old[0], op.rowid], I_KEY));
            runSync(() => w.delete(roots.t, op.rowid));
          }
          break;
        }
        case 'wput':
          runSync(() => w.insertIndexKey(roots.w, rec([op.k, op.v]), W_KEY));
          break;
        case 'wdel':
          runSync(() => w.deleteIndexKey(roots.w, [op.k], W_KEY));
          break;
        case 'mk': {
          const root = runSync(() => w.createTree('table'));
          const name = `x${model.nextTemp}`;
          for (let r = 1; r <= op.rows; r++) runSync(() => w.insert(root, r, rec([tempText(r, op.size)])));
          runSync(() => w.insert(1, ++schemaRowid, rec(['table', name, name, root, `CREATE TABLE ${name}(y)`])));
          pager.header.schemaCookie++;
          break;
        }
        case 'rm': {
          const victim = model.temps[0];
          if (!victim) break;
          const schema = runSync(() => readSchemaTable(pager, 1));
          const row = schema.find((r) => r.name === victim.name)!;
          runSync(() => w.delete(1, row.rowid));
          const { moved } = runSync(() => w.dropTree(row.rootpage));
          if (moved) {
            const m = schema.find((r) => r.rootpage === moved)!;
            runSync(() => w.insert(1, m.rowid, rec([m.type, m.name, m.tblName, row.rootpage, m.sql])));
            for (const k of ['t', 'i', 'w'] as const) if (roots[k] === moved) roots[k] = row.rootpage;
          }
          pager.header.schemaCookie++;
          break;
        }
        case 'clr': {
          const victim = model.temps[0];
          if (!victim) break;
          const row = runSync(() => readSchemaTable(pager, 1)).find((r) => r.name === victim.name)!;
          expect(runSync(() => w.clearTree(row.rootpage))).toBe(victim.rows);
          break;
        }
        case 'vacuum':
          if (cfg.av === 'incremental') runSync(() => w.incrementalVacuum(op.n));
          break;
        case 'commit':
          commit();
          runSync(() => pager.beginWrite());
          break;
      }
      model.apply(op);
    }
    commit();
  } finally {
    pager.close();
  }
}

// ------------------------------------------------------------------ SQLite writes

function bind(v: Val): unknown {
  if (typeof v === 'number') return BigInt(v);
  if (v instanceof Uint8Array) return Buffer.from(v);
  return v;
}

/**
 * Applies `ops` to a new file at `path` with better-sqlite3 (SQL), in the same transactions.
 * @param options - `secureDelete`: sets PRAGMA secure_delete (default: the build's default).
 */
export function writeWithSqlite(path: string, cfg: Config, ops: readonly Op[], options: { secureDelete?: boolean } = {}): void {
  removeDb(path);
  const db = new Database(path);
  try {
    if (options.secureDelete !== undefined) db.pragma(`secure_delete = ${options.secureDelete ? 'ON' : 'OFF'}`);
    db.pragma(`page_size = ${cfg.pageSize}`);
    db.pragma(`auto_vacuum = ${cfg.av === 'none' ? 0 : cfg.av === 'full' ? 1 : 2}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    db.exec(`${SCHEMA_T}; ${SCHEMA_I}; ${SCHEMA_W};`);
    const model = new Model();
    db.exec('BEGIN');
    const put = db.prepare('INSERT OR REPLACE INTO t(rowid, a, b) VALUES (?, ?, ?)');
    const del = db.prepare('DELETE FROM t WHERE rowid = ?');
    const wput = db.prepare('INSERT OR REPLACE INTO w VALUES (?, ?)');
    const wdel = db.prepare('DELETE FROM w WHERE k = ?');
    for (const op of ops) {
      switch (op.kind) {
        case 'put':
          put.run(BigInt(op.rowid), bind(op.a), bind(op.b));
          break;
        case 'del':
          del.run(BigInt(op.rowid));
          break;
        case 'wput':
          wput.run(op.k, bind(op.v));
          break;
        case 'wdel':
          wdel.run(op.k);
          break;
        case 'mk': {
          const name = `x${model.nextTemp}`;
          db.exec(`CREATE TABLE ${name}(y)`);
          const ins = db.prepare(`INSERT INTO ${name}(rowid, y) VALUES (?, ?)`);
          for (let r = 1; r <= op.rows; r++) ins.run(BigInt(r), tempText(r, op.size));
          break;
        }
        case 'rm':
          if (model.temps[0]) db.exec(`DROP TABLE ${model.temps[0].name}`);
          break;
        case 'clr':
          if (model.temps[0]) db.exec(`DELETE FROM ${model.temps[0].name}`);
          break;
        case 'vacuum':
          if (cfg.av === 'incremental') db.pragma(`incremental_vacuum(${op.n})`);
          break;
        case 'commit':
          db.exec('COMMIT; BEGIN');
          break;
      }
      model.apply(op);
    }
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}

/** Deletes a database and its sidecars. */
export function removeDb(path: string): void {
  for (const s of ['', '-wal', '-shm', '-journal']) rmSync(path + s, { force: true });
}

// ------------------------------------------------------------------ expectations

/** A test value tagged as the oracles report it. */
export function tag(v: Val | StrataValue): SqlValue {
  if (v === null) return { type: 'null', value: null };
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) return { type: 'real', value: v };
    return { type: 'integer', value: BigInt(v) };
  }
  if (typeof v === 'bigint') return { type: 'integer', value: v };
  if (typeof v === 'string') return { type: 'text', value: v };
  return { type: 'blob', value: new Uint8Array(v) };
}

/** Rows of t the model expects, `[rowid, a, b]` by rowid. */
export function expectedT(m: Model): SqlValue[][] {
  return [...m.t.entries()].sort((x, y) => x[0] - y[0]).map(([r, [a, b]]) => [tag(r), tag(a), tag(b)]);
}

/** Rows of w the model expects, `[k, v]` in NOCASE order of k. */
export function expectedW(m: Model): SqlValue[][] {
  return [...m.w.entries()]
    .sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .map(([, [k, v]]) => [tag(k), tag(v)]);
}

/** Names of the short-lived tables alive, sorted. */
export function expectedTemps(m: Model): string[] {
  return m.temps.map((t) => t.name).sort();
}

/** Replays `ops` on a fresh model. */
export function modelOf(ops: readonly Op[]): Model {
  const m = new Model();
  for (const op of ops) m.apply(op);
  return m;
}

// ------------------------------------------------------------------ Strata reads

/** What Strata's read cursor finds in a file: t rows, i keys (tree order), w rows, temp tables. */
export function readWithStrata(path: string): { t: SqlValue[][]; i: SqlValue[][]; w: SqlValue[][]; temps: Map<string, SqlValue[][]> } {
  const pager = Pager.open(new NodeSyncIO(), path);
  try {
    const schema = runSync(() => readSchemaTable(pager, 1));
    const root = (n: string): number => schema.find((r) => r.name === n)!.rootpage;
    const table = (r: number): SqlValue[][] => {
      const c = new BTreeCursor(pager, r, 'table');
      const out: SqlValue[][] = [];
      for (let ok = runSync(() => c.first()); ok; ok = runSync(() => c.next())) {
        out.push([tag(c.rowid()), ...runSync(() => c.record()).values.map(tag)]);
      }
      return out;
    };
    const index = (r: number): SqlValue[][] => {
      const c = new BTreeCursor(pager, r, 'index');
      const out: SqlValue[][] = [];
      for (let ok = runSync(() => c.first()); ok; ok = runSync(() => c.next())) out.push(runSync(() => c.record()).values.map(tag));
      return out;
    };
    const temps = new Map<string, SqlValue[][]>();
    for (const r of schema) if (/^x\d+$/.test(r.name)) temps.set(r.name, table(r.rootpage));
    return { t: table(root('t')), i: index(root('i')), w: index(root('w')), temps };
  } finally {
    pager.close();
  }
}

/** Decodes a record with the test's encoding (UTF-8). */
export function decode(payload: Uint8Array): StrataValue[] {
  return decodeRecord(payload, 1).values;
}

/** One value as a short comparable string (blobs as hex, text by length and a digest of the content). */
function canonValue(v: SqlValue): string {
  switch (v.type) {
    case 'null':
      return 'N';
    case 'integer':
      return `I${v.value}`;
    case 'real':
      return `R${Object.is(v.value, -0) ? '-0' : String(v.value)}`;
    case 'text':
      return `T${v.value.length}:${v.value}`;
    default:
      return `B${Buffer.from(v.value).toString('hex')}`;
  }
}

/**
 * Fails unless `actual` and `expected` hold the same rows in the same order. Compares canonical
 * strings (deep equality on megabytes of values is slow) and names the first row that differs.
 */
export function expectSameRows(actual: SqlValue[][], expected: SqlValue[][], what: string): void {
  const a = actual.map((r) => r.map(canonValue).join('|'));
  const e = expected.map((r) => r.map(canonValue).join('|'));
  const n = Math.max(a.length, e.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== e[i]) {
      const short = (s: string | undefined): string => (s === undefined ? '(none)' : s.length > 200 ? `${s.slice(0, 200)}…(${s.length} chars)` : s);
      throw new Error(`${what}: row ${i} of ${a.length} (expected ${e.length}) differs:\n  got      ${short(a[i])}\n  expected ${short(e[i])}`);
    }
  }
}
