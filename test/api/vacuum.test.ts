/**
 * VACUUM and VACUUM INTO (src/api/vacuum.ts) against SQLite: the same file is copied twice, one copy
 * vacuumed by Strata, the other by better-sqlite3 (SQLite 3.53) or the sqlite3 CLI (3.40); then
 * both are read by better-sqlite3 and compared — sqlite_schema (rowids, root pages, SQL), every
 * table's rows with their rowids, user_version, application_id, page size, auto_vacuum, encoding,
 * freelist_count and page_count — and the CLI's `PRAGMA integrity_check` must say ok of Strata's.
 * Errors are compared with SQLite's messages; a power cut in the middle of VACUUM (fault-io.ts)
 * must leave a readable database with the same content.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/api/index.js';
import { FaultIO, PowerCut } from '../../src/io/fault-io.js';
import { VARIANTS } from '../crash/crash-runner.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-vacuum-sql-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;
const fresh = (label: string) => join(dir, `${label}-${++fileNo}.db`);

const cli = (file: string, sql: string) => execFileSync('sqlite3', [file], { input: sql, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], timeout: 20_000 });
const cliIntegrity = (file: string) => cli(file, 'PRAGMA integrity_check;').trim();
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** What a file holds, read by better-sqlite3 (exact values: bigints, Buffers). */
interface Dump {
  schema: unknown[][];
  tables: Record<string, unknown[][]>;
  meta: Record<string, unknown>;
}

function dumpDb(db: BetterSqlite3.Database): Dump {
  const schema = db.prepare('SELECT rowid, type, name, tbl_name, rootpage, sql FROM sqlite_schema ORDER BY rowid').raw(true).safeIntegers(true).all() as unknown[][];
  const tables: Record<string, unknown[][]> = {};
  const list = db.prepare("SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_schema'").all() as { name: string; wr: number }[];
  for (const { name, wr } of list) tables[name] = db.prepare(wr ? `SELECT * FROM ${q(name)}` : `SELECT rowid, * FROM ${q(name)} ORDER BY rowid`).raw(true).safeIntegers(true).all() as unknown[][];
  const meta: Record<string, unknown> = {};
  for (const p of ['user_version', 'application_id', 'page_size', 'auto_vacuum', 'encoding', 'freelist_count', 'page_count']) meta[p] = db.pragma(p, { simple: true });
  return { schema, tables, meta };
}

function dump(file: string): Dump {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    return dumpDb(db);
  } finally {
    db.close();
  }
}

/** VACUUM by Strata on a copy of `src` and by better-sqlite3 on another; returns both paths. */
function vacuumBoth(src: string, label: string, pre = ''): { ours: string; theirs: string } {
  const ours = fresh(`${label}-strata`);
  const theirs = fresh(`${label}-sqlite`);
  copyFileSync(src, ours);
  copyFileSync(src, theirs);
  const s = new Database(ours);
  s.exec(pre + 'VACUUM');
  s.close();
  const b = new BetterSqlite3(theirs);
  b.exec(pre + 'VACUUM');
  b.close();
  return { ours, theirs };
}

function expectSameAsSqlite(ours: string, theirs: string): void {
  expect(existsSync(`${ours}-wal`), 'no WAL left after close').toBe(false);
  expect(cliIntegrity(ours)).toBe('ok');
  const a = dump(ours);
  const b = dump(theirs);
  expect(a.meta.freelist_count).toBe(0);
  expect(a.tables).toEqual(b.tables);
  expect(a.schema).toEqual(b.schema);
  expect(a.meta).toEqual(b.meta);
  expect(statSync(ours).size, 'the file holds exactly page_count pages').toBe(Number(a.meta.page_count) * Number(a.meta.page_size));
}

// ---------------------------------------------------------------- random databases

interface TableSpec {
  kind: 'rowid' | 'autoinc' | 'without';
  cols: number;
  indexes: { cols: number[]; unique: boolean }[];
}
interface DbSpec {
  pageSize: number;
  autoVacuum: 0 | 1 | 2;
  userVersion: number;
  appId: number;
  tables: TableSpec[];
  rows: { table: number; values: (number | string | Buffer | null)[] }[];
  deletes: { table: number; mod: number; rem: number }[];
  dropLast: boolean;
  extras: boolean;
}

const value = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 40 }),
  fc.integer({ min: 0, max: 3000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 0, max: 5000 }).map((n) => Buffer.alloc(n, n & 255)),
  fc.constant(null),
);

const tableSpec: fc.Arbitrary<TableSpec> = fc.record({
  kind: fc.constantFrom('rowid' as const, 'autoinc' as const, 'without' as const),
  cols: fc.integer({ min: 2, max: 4 }),
  indexes: fc.array(fc.record({ cols: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 2 }), unique: fc.boolean() }), { maxLength: 2 }),
});

const dbSpec: fc.Arbitrary<DbSpec> = fc
  .record({
    pageSize: fc.constantFrom(512, 1024, 4096),
    autoVacuum: fc.constantFrom(0 as const, 1 as const, 2 as const),
    userVersion: fc.integer({ min: -5, max: 1 << 30 }),
    appId: fc.integer({ min: 0, max: 1 << 30 }),
    tables: fc.array(tableSpec, { minLength: 1, maxLength: 4 }),
    dropLast: fc.boolean(),
    extras: fc.boolean(),
  })
  .chain((base) =>
    fc.record({
      rows: fc.array(fc.record({ table: fc.integer({ min: 0, max: base.tables.length - 1 }), values: fc.array(value, { minLength: 4, maxLength: 4 }) }), { maxLength: 120 }),
      deletes: fc.array(fc.record({ table: fc.integer({ min: 0, max: base.tables.length - 1 }), mod: fc.integer({ min: 2, max: 5 }), rem: fc.integer({ min: 0, max: 4 }) }), { maxLength: 3 }),
    }).map((r) => ({ ...base, ...r })),
  );

/** Builds `spec` with better-sqlite3 (rollback journal, as SQLite leaves a new file). */
function build(spec: DbSpec, file: string): void {
  const db = new BetterSqlite3(file);
  db.pragma(`page_size = ${spec.pageSize}`);
  db.pragma(`auto_vacuum = ${spec.autoVacuum}`);
  db.pragma(`user_version = ${spec.userVersion}`);
  db.pragma(`application_id = ${spec.appId}`);
  db.transaction(() => {
    spec.tables.forEach((t, i) => {
      const cols = Array.from({ length: t.cols }, (_, c) => `c${c}`);
      if (t.kind === 'rowid') db.exec(`CREATE TABLE t${i}(${cols.join(', ')})`);
      else if (t.kind === 'autoinc') db.exec(`CREATE TABLE t${i}(id INTEGER PRIMARY KEY AUTOINCREMENT, ${cols.join(', ')})`);
      else db.exec(`CREATE TABLE t${i}(${cols.join(', ')}, PRIMARY KEY(c0)) WITHOUT ROWID`);
      t.indexes.forEach((ix, j) => {
        const on = ix.cols.filter((c) => c < t.cols).map((c) => `c${c}`);
        if (on.length) db.exec(`CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX i${i}_${j} ON t${i}(${on.join(', ')})`);
      });
    });
    if (spec.extras) db.exec('CREATE VIEW v AS SELECT * FROM t0; CREATE TRIGGER tr AFTER INSERT ON t0 BEGIN SELECT 1; END');
    for (const r of spec.rows) {
      const t = spec.tables[r.table];
      const vals = r.values.slice(0, t.cols);
      if (t.kind === 'without' && vals[0] === null) vals[0] = 0;
      db.prepare(`INSERT OR IGNORE INTO t${r.table}(${vals.map((_, c) => `c${c}`).join(', ')}) VALUES (${vals.map(() => '?').join(', ')})`).run(...vals);
    }
    for (const d of spec.deletes) {
      const t = spec.tables[d.table];
      db.exec(t.kind === 'without' ? `DELETE FROM t${d.table} WHERE typeof(c0) = 'integer' AND c0 % ${d.mod} = ${d.rem % d.mod}` : `DELETE FROM t${d.table} WHERE rowid % ${d.mod} = ${d.rem % d.mod}`);
    }
    if (spec.extras) db.exec('ANALYZE');
  })();
  if (spec.dropLast && spec.tables.length > 1) db.exec(`DROP TABLE t${spec.tables.length - 1}`);
  db.close();
}

const pageStats = { files: 0, ours: 0, theirs: 0 };

describe('VACUUM in place, against better-sqlite3', () => {
  it('random schemas, inserts and deletes (seeded)', () => {
    fc.assert(
      fc.property(dbSpec, (spec) => {
        const src = fresh('random-src');
        build(spec, src);
        const { ours, theirs } = vacuumBoth(src, 'random');
        expectSameAsSqlite(ours, theirs);
        pageStats.files++;
        pageStats.ours += Number(dump(ours).meta.page_count);
        pageStats.theirs += Number(dump(theirs).meta.page_count);
      }),
      { seed: 20261126, numRuns: 25 },
    );
  }, 120_000);

  it('a file made by the sqlite3 CLI: indexes, WITHOUT ROWID, AUTOINCREMENT, overflow, views, triggers, stat1', () => {
    for (const autoVacuum of ['NONE', 'FULL', 'INCREMENTAL']) {
      const src = fresh(`cli-${autoVacuum}`);
      cli(
        src,
        `PRAGMA page_size = 1024; PRAGMA auto_vacuum = ${autoVacuum}; PRAGMA user_version = 42; PRAGMA application_id = 7;
         CREATE TABLE a(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, body BLOB);
         CREATE TABLE w(k TEXT PRIMARY KEY, v, n INT) WITHOUT ROWID;
         CREATE INDEX a_body ON a(length(body));
         CREATE INDEX w_n ON w(n DESC, v COLLATE NOCASE);
         CREATE TABLE gone(x); INSERT INTO gone SELECT randomblob(300) FROM generate_series(1, 200);
         WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 400)
           INSERT INTO a(name, body) SELECT 'n' || i, randomblob(i * 7 % 3000) FROM s;
         WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 300)
           INSERT INTO w SELECT 'k' || i, printf('%.*c', i % 90, 'v'), i % 13 FROM s;
         DELETE FROM a WHERE id % 3 = 0; DELETE FROM w WHERE n = 4; DROP TABLE gone;
         CREATE VIEW va AS SELECT name FROM a; CREATE TRIGGER ta AFTER DELETE ON a BEGIN DELETE FROM w WHERE k = old.name; END;
         ANALYZE;`,
      );
      const ours = fresh('cli-strata');
      const theirs = fresh('cli-sqlite');
      copyFileSync(src, ours);
      copyFileSync(src, theirs);
      const s = new Database(ours);
      s.exec('VACUUM');
      s.close();
      cli(theirs, 'VACUUM;');
      expectSameAsSqlite(ours, theirs);
    }
  });

  it('an in-memory database (PRAGMA page_size before VACUUM is ignored there, as SQLite ignores it)', () => {
    const sql = `CREATE TABLE t(a INTEGER PRIMARY KEY, b); CREATE INDEX tb ON t(b);
      WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 2000) INSERT INTO t SELECT i, printf('%.*c', i % 200, 'b') FROM s;
      DELETE FROM t WHERE a % 2 = 0; PRAGMA page_size = 1024;`;
    const s = new Database(':memory:');
    const b = new BetterSqlite3(':memory:');
    s.exec(sql);
    b.exec(sql);
    expect(s.pragma('freelist_count', { simple: true })).toBeGreaterThan(0);
    s.exec('VACUUM');
    b.exec('VACUUM');
    for (const p of ['freelist_count', 'page_count', 'page_size']) expect(s.pragma(p, { simple: true }), p).toBe(b.pragma(p, { simple: true }));
    expect(s.prepare('SELECT a, b FROM t ORDER BY a').raw().all()).toEqual(b.prepare('SELECT a, b FROM t ORDER BY a').raw().all());
    s.close();
    b.close();
  });

  it('a WAL file keeps its page size (SQLite refuses the change in WAL mode); prepared statements still run', () => {
    const src = fresh('wal-src');
    const b0 = new BetterSqlite3(src);
    b0.exec(`PRAGMA journal_mode = WAL; CREATE TABLE t(a, b); WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 1000)
      INSERT INTO t SELECT i, randomblob(100) FROM s; DELETE FROM t WHERE a > 300;`);
    b0.close();
    const ours = fresh('wal-strata');
    const theirs = fresh('wal-sqlite');
    copyFileSync(src, ours);
    copyFileSync(src, theirs);
    const s = new Database(ours);
    const count = s.prepare('SELECT count(*) FROM t').pluck();
    s.exec('PRAGMA page_size = 1024; VACUUM');
    expect(count.get()).toBe(300);
    s.close();
    const b = new BetterSqlite3(theirs);
    b.exec('PRAGMA page_size = 1024; VACUUM');
    b.close();
    expectSameAsSqlite(ours, theirs);
    expect(dump(ours).meta.page_size).toBe(4096);
  });

  it('PRAGMA page_size = N; VACUUM on a file in rollback-journal mode changes the page size, as SQLite', () => {
    for (const [from, to] of [
      [4096, 1024],
      [1024, 8192],
      [512, 65536],
    ]) {
      const src = fresh(`ps-${from}-${to}`);
      const b0 = new BetterSqlite3(src);
      b0.exec(`PRAGMA page_size = ${from}; CREATE TABLE t(a INTEGER PRIMARY KEY, b UNIQUE, c); CREATE INDEX tc ON t(c);
        WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 700) INSERT INTO t SELECT i, 'b' || i, randomblob(i % 1500) FROM s;
        DELETE FROM t WHERE a % 4 = 1;`);
      b0.close();
      const { ours, theirs } = vacuumBoth(src, 'ps', `PRAGMA page_size = ${to}; `);
      expectSameAsSqlite(ours, theirs);
      expect(dump(ours).meta.page_size).toBe(to);
      expect([...readFileSync(ours).subarray(18, 20)]).toEqual([...readFileSync(theirs).subarray(18, 20)]);
      expect(existsSync(`${ours}-journal`)).toBe(false);
    }
  });

  it('PRAGMA auto_vacuum: read, set on an empty database, FULL ⇄ INCREMENTAL at once, on ⇄ off by VACUUM (INTO)', () => {
    const steps = [
      'PRAGMA auto_vacuum = FULL',
      'CREATE TABLE t(a INTEGER PRIMARY KEY, b); CREATE INDEX tb ON t(b); WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 900) INSERT INTO t SELECT i, zeroblob(i % 700) || i FROM s; DELETE FROM t WHERE a % 5 = 0',
      'PRAGMA auto_vacuum = incremental',
      'PRAGMA auto_vacuum = 0',
      'VACUUM',
      'PRAGMA auto_vacuum = 2',
      'PRAGMA auto_vacuum = bogus',
      'PRAGMA auto_vacuum = full',
      'VACUUM',
    ];
    const ours = fresh('av-strata');
    const theirs = fresh('av-sqlite');
    const s = new Database(ours);
    const b = new BetterSqlite3(theirs);
    for (const step of steps) {
      s.exec(step);
      b.exec(step);
      expect(s.pragma('auto_vacuum', { simple: true }), step).toBe(b.pragma('auto_vacuum', { simple: true }));
    }
    const intoOurs = fresh('av-into-strata');
    const intoTheirs = fresh('av-into-sqlite');
    s.exec(`PRAGMA auto_vacuum = incremental; VACUUM INTO '${intoOurs}'`);
    b.exec(`PRAGMA auto_vacuum = incremental; VACUUM INTO '${intoTheirs}'`);
    s.close();
    b.close();
    expectSameAsSqlite(ours, theirs);
    expectSameAsSqlite(intoOurs, intoTheirs);
  });

  it('deleted bytes do not survive: no free page or freeblock of the file holds them', () => {
    const src = fresh('forensic-src');
    const b0 = new BetterSqlite3(src);
    b0.exec(`CREATE TABLE t(a INTEGER PRIMARY KEY, secret TEXT); CREATE INDEX ts ON t(secret);
      WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 500)
      INSERT INTO t SELECT i, CASE WHEN i % 5 = 0 THEN 'SECRET-MARKER-' || i ELSE 'plain' || i END FROM s;
      DELETE FROM t WHERE secret LIKE 'SECRET%';`);
    b0.close();
    expect(readFileSync(src).includes('SECRET-MARKER-')).toBe(true);
    const { ours, theirs } = vacuumBoth(src, 'forensic');
    expect(readFileSync(theirs).includes('SECRET-MARKER-')).toBe(false);
    expect(readFileSync(ours).includes('SECRET-MARKER-')).toBe(false);
    expectSameAsSqlite(ours, theirs);
  });
});

// ---------------------------------------------------------------- errors

/** The error message `fn` throws, or null. */
function messageOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

describe('VACUUM errors, as SQLite words them', () => {
  const setup = 'CREATE TABLE t(a); INSERT INTO t VALUES (1), (2);';
  const both = (sql: string, before = setup) => {
    const s = new Database(':memory:');
    const b = new BetterSqlite3(':memory:');
    s.exec(before);
    b.exec(before);
    const r = [messageOf(() => s.exec(sql)), messageOf(() => b.exec(sql))];
    s.close();
    b.close();
    return r;
  };
  it.each([
    ['BEGIN; VACUUM'],
    ['SAVEPOINT x; VACUUM'],
    ['VACUUM nosuch'],
    ['VACUUM temp'],
    ['VACUUM main'],
    ['VACUUM INTO 1'],
    ['VACUUM INTO NULL'],
    ['VACUUM INTO x'],
  ])('%s', (sql) => {
    const [ours, theirs] = both(sql);
    expect(ours).toBe(theirs);
  });

  it.each([['VACUUM'], ["VACUUM main INTO 'x.db'"], ['VACUUM temp']])('EXPLAIN %s: the opcodes of SQLite\'s program', (sql) => {
    const s = new Database(':memory:');
    const b = new BetterSqlite3(':memory:');
    const ops = (rows: unknown[]) => (rows as { opcode: string; p1: number; p2: number }[]).map((r) => `${r.opcode} ${r.p1} ${r.p2}`);
    expect(ops(s.prepare(`EXPLAIN ${sql}`).all())).toEqual(ops(b.prepare(`EXPLAIN ${sql}`).all()));
    s.close();
    b.close();
  });

  it('VACUUM INTO an existing non-empty file (a database, or not); into an existing empty file', () => {
    const full = fresh('exists');
    writeFileSync(full, 'not empty');
    const empty = fresh('empty');
    writeFileSync(empty, '');
    const db = fresh('exists-db');
    const b0 = new BetterSqlite3(db);
    b0.exec('CREATE TABLE x(y)');
    b0.close();
    for (const target of [full, db]) {
      const [ours, theirs] = both(`VACUUM INTO '${target}'`);
      expect(ours).toBe(theirs);
      expect(ours).not.toBeNull();
    }
    const s = new Database(':memory:');
    s.exec(setup);
    s.exec(`VACUUM INTO '${empty}'`);
    s.close();
    expect(cli(empty, 'SELECT count(*) FROM t;').trim()).toBe('2');
  });

  it('in place on a read-only connection fails as SQLite; VACUUM INTO works there', () => {
    const src = fresh('ro');
    const b0 = new BetterSqlite3(src);
    b0.exec(setup);
    b0.close();
    const s = new Database(src, { readonly: true });
    const b = new BetterSqlite3(src, { readonly: true });
    const errS = (() => {
      try {
        s.exec('VACUUM');
      } catch (e) {
        return (e as { code: string }).code;
      }
    })();
    const errB = (() => {
      try {
        b.exec('VACUUM');
      } catch (e) {
        return (e as { code: string }).code;
      }
    })();
    expect(errS).toBe(errB);
    const ours = fresh('ro-into-strata');
    const theirs = fresh('ro-into-sqlite');
    s.exec(`VACUUM INTO '${ours}'`);
    b.exec(`VACUUM INTO '${theirs}'`);
    s.close();
    b.close();
    expectSameAsSqlite(ours, theirs);
  });

  it('a statement in progress: VACUUM is refused as by better-sqlite3 (the connection is busy)', () => {
    const s = new Database(':memory:');
    const b = new BetterSqlite3(':memory:');
    s.exec(setup);
    b.exec(setup);
    const run = (db: { prepare(sql: string): { iterate(): IterableIterator<unknown> }; exec(sql: string): unknown }) => {
      for (const _ of db.prepare('SELECT * FROM t').iterate()) return messageOf(() => db.exec('VACUUM'));
      return 'no row';
    };
    const ours = run(s);
    const theirs = run(b);
    expect(ours === null).toBe(theirs === null);
    s.close();
    b.close();
  });
});

// ---------------------------------------------------------------- VACUUM INTO

describe('VACUUM INTO, against better-sqlite3', () => {
  it('random databases: the copies agree, the source is untouched (seeded)', () => {
    fc.assert(
      fc.property(dbSpec, fc.constantFrom(0, 512, 8192, 1000), (spec, nextPageSize) => {
        const src = fresh('into-src');
        build(spec, src);
        const before = readFileSync(src);
        const ours = fresh('into-strata');
        const theirs = fresh('into-sqlite');
        const pre = nextPageSize ? `PRAGMA page_size = ${nextPageSize}; ` : '';
        const s = new Database(src);
        s.exec(`${pre}VACUUM INTO '${ours}'`);
        s.close();
        expect(readFileSync(src).equals(before), 'source untouched').toBe(true);
        const b = new BetterSqlite3(src);
        b.exec(`${pre}VACUUM INTO '${theirs}'`);
        b.close();
        expectSameAsSqlite(ours, theirs);
        // Header bytes 18–19 (file format write/read version: 1 rollback, 2 WAL) as SQLite's copy.
        expect([...readFileSync(ours).subarray(18, 20)]).toEqual([...readFileSync(theirs).subarray(18, 20)]);
      }),
      { seed: 7, numRuns: 12 },
    );
  }, 120_000);
});

// ---------------------------------------------------------------- encryption

describe('VACUUM of an encrypted database', () => {
  const hexkey = 'b1bbfda4f589dc9daaf004fe21111e00dc00c98237102f5c7002a5669fc76327';
  it('in place stays encrypted; INTO copies encrypted by default, plaintext only with cipher=none', () => {
    const file = fresh('enc');
    const s = new Database(file, { cipher: 'aegis256', hexkey });
    s.exec(`CREATE TABLE t(a INTEGER PRIMARY KEY, b); CREATE INDEX tb ON t(b);
      WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 800) INSERT INTO t SELECT i, printf('%.*c', i % 300, 'q') FROM s;
      DELETE FROM t WHERE a % 4 = 0;`);
    const rows = s.prepare('SELECT * FROM t ORDER BY a').raw().all();
    s.exec('VACUUM');
    expect(s.pragma('freelist_count', { simple: true })).toBe(0);
    const copy = fresh('enc-copy');
    const plain = fresh('enc-plain');
    s.exec(`VACUUM INTO '${copy}'`);
    s.exec(`VACUUM INTO 'file:${plain}?cipher=none'`);
    s.close();
    for (const f of [file, copy]) {
      expect(readFileSync(f).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
      const r = new Database(f, { cipher: 'aegis256', hexkey });
      expect(r.prepare('SELECT * FROM t ORDER BY a').raw().all()).toEqual(rows);
      expect(r.pragma('integrity_check', { simple: true })).toBe('ok');
      r.close();
    }
    expect(cliIntegrity(plain)).toBe('ok');
    const b = new BetterSqlite3(plain, { readonly: true });
    expect(b.prepare('SELECT * FROM t ORDER BY a').raw().all()).toEqual(rows);
    b.close();
  });
});

// ---------------------------------------------------------------- crashes

describe('a power cut in the middle of VACUUM leaves the old content readable', () => {
  it('every operation of the VACUUM cut, each crash variant: the database opens, intact, same rows', () => {
    const src = fresh('crash-src');
    const b0 = new BetterSqlite3(src);
    b0.exec(`PRAGMA page_size = 1024; CREATE TABLE t(a INTEGER PRIMARY KEY, b); CREATE INDEX tb ON t(b);
      WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 600) INSERT INTO t SELECT i, printf('%.*c', i % 100, 'z') FROM s;
      DELETE FROM t WHERE a % 3 = 0;`);
    const expected = b0.prepare('SELECT * FROM t ORDER BY a').raw().all();
    b0.close();
    const image = new Uint8Array(readFileSync(src)); // not a Buffer: FaultIO.put's slice() would share it
    const DB = '/crash.db';
    const workload = (io: FaultIO) => {
      const db = new Database(DB, { io });
      db.exec('VACUUM');
      db.close();
    };
    const dry = new FaultIO();
    dry.put(DB, image);
    workload(dry);
    const total = dry.ops;
    expect(total).toBeGreaterThan(3);
    let points = 0;
    for (let cut = 1; cut <= total; cut++) {
      const io = new FaultIO(cut);
      io.put(DB, image);
      try {
        workload(io);
      } catch (e) {
        if (!(e instanceof PowerCut)) throw e;
      }
      for (const [v, variant] of VARIANTS.entries()) {
        const files = io.crashImage({ ...variant, seed: cut * 31 + v });
        const d = mkdtempSync(join(dir, 'crash-'));
        for (const [p, bytes] of files) writeFileSync(join(d, p.slice(1)), bytes);
        const path = join(d, 'crash.db');
        // Strata reads it (recovering the WAL in memory), then the CLI checks it.
        const r = new Database(path, { readonly: true });
        expect(r.prepare('SELECT * FROM t ORDER BY a').raw().all(), `cut ${cut}/${total} ${JSON.stringify(variant)}`).toEqual(expected);
        r.close();
        expect(cliIntegrity(path), `cut ${cut} ${JSON.stringify(variant)}`).toBe('ok');
        rmSync(d, { recursive: true, force: true });
        points++;
      }
    }
    console.log(`VACUUM crash: ${total} operations cut, ${points} crash points checked`);
  }, 120_000);
});

describe('a power cut in the middle of VACUUM with a new page size (rollback journal)', () => {
  it('every operation cut, each crash variant: the next open rolls the old file back; same rows, intact', () => {
    const src = fresh('crash-ps-src');
    const b0 = new BetterSqlite3(src);
    b0.exec(`PRAGMA page_size = 2048; CREATE TABLE t(a INTEGER PRIMARY KEY, b); CREATE INDEX tb ON t(b);
      WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 300) INSERT INTO t SELECT i, printf('%.*c', i % 100, 'z') FROM s;
      DELETE FROM t WHERE a % 3 = 0;`);
    const expected = b0.prepare('SELECT * FROM t ORDER BY a').raw().all();
    b0.close();
    const image = new Uint8Array(readFileSync(src)); // not a Buffer: FaultIO.put's slice() would share it
    const DB = '/crash.db';
    const workload = (io: FaultIO) => {
      const db = new Database(DB, { io });
      db.exec('PRAGMA page_size = 1024; VACUUM');
      db.close();
    };
    const dry = new FaultIO();
    dry.put(DB, image);
    workload(dry);
    const total = dry.ops;
    const sizes = new Set<number>();
    for (let cut = 1; cut <= total; cut++) {
      const io = new FaultIO(cut);
      io.put(DB, image);
      try {
        workload(io);
      } catch (e) {
        if (!(e instanceof PowerCut)) throw e;
      }
      for (const [v, variant] of VARIANTS.entries()) {
        const d = mkdtempSync(join(dir, 'crash-ps-'));
        for (const [p, bytes] of io.crashImage({ ...variant, seed: cut * 17 + v })) writeFileSync(join(d, p.slice(1)), bytes);
        const path = join(d, 'crash.db');
        // Opened writable: a hot journal is rolled back, as SQLite's next open does.
        const r = new Database(path);
        expect(r.prepare('SELECT * FROM t ORDER BY a').raw().all(), `cut ${cut}/${total} ${JSON.stringify(variant)}`).toEqual(expected);
        sizes.add(Number(r.pragma("page_size", { simple: true })));
        r.close();
        expect(cliIntegrity(path), `cut ${cut} ${JSON.stringify(variant)}`).toBe('ok');
        rmSync(d, { recursive: true, force: true });
      }
    }
    // Every cut falls before the journal's removal (the last operation, the commit point): the old
    // file with its page size comes back each time; without a cut the new page size is there.
    expect([...sizes]).toEqual([2048]);
    const done = mkdtempSync(join(dir, 'crash-ps-done-'));
    for (const [p, bytes] of dry.crashImage({ unsynced: 'none', inFlight: 'lost', seed: 1 })) writeFileSync(join(done, p.slice(1)), bytes);
    const r = new Database(join(done, 'crash.db'));
    expect(r.pragma('page_size', { simple: true })).toBe(1024);
    expect(r.prepare('SELECT * FROM t ORDER BY a').raw().all()).toEqual(expected);
    r.close();
    expect(cliIntegrity(join(done, 'crash.db'))).toBe('ok');
  }, 120_000);
});

afterAll(() => {
  if (pageStats.files) console.log(`VACUUM pages: ${pageStats.files} random files, ${pageStats.ours} pages after Strata's VACUUM, ${pageStats.theirs} after SQLite's`);
});
