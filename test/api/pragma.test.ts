/**
 * The PRAGMA settings and header assignments against better-sqlite3 (SQLite 3.53) on the same
 * operations — through prepare().all()/run() and through db.pragma(), column names included — and
 * against the sqlite3 CLI for the defaults and for what Strata leaves in the file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/api/index.js';
import { NodeSyncIO } from '../../src/io/node-sync.js';
import { corpusPath } from '../support/repo-corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-pragma-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
type Db = BetterSqlite3.Database;
let n = 0;
const file = (): string => join(dir, `p-${++n}.db`);
const engines: [string, (f: string) => Db][] = [
  ['better-sqlite3', (f) => new BetterSqlite3(f)],
  ['strata', (f) => new Database(f) as unknown as Db],
];
const cli = (f: string, sql: string): string => execFileSync('sqlite3', [f, sql], { encoding: 'utf8' });

/** Runs `steps` (PRAGMA bodies, or "SQL …") both ways; returns every result or error. */
function trace(db: Db, steps: string[]): unknown[] {
  const out: unknown[] = [];
  for (const s of steps) {
    try {
      if (s.startsWith('SQL ')) {
        db.exec(s.slice(4));
        out.push([s, 'ok']);
        continue;
      }
      const st = db.prepare(`PRAGMA ${s}`);
      out.push([s, st.reader ? st.all() : (st.run(), 'run')]);
      out.push([`${s} via pragma()`, db.pragma(s), db.pragma(s, { simple: true })]);
    } catch (e) {
      out.push([s, 'error', (e as { code?: string }).code, (e as Error).message]);
    }
  }
  return out;
}

function compare(steps: string[]): void {
  const [a, b] = engines.map(([, open]) => {
    const db = open(file());
    try {
      return trace(db, steps);
    } finally {
      db.close();
    }
  });
  expect(b).toEqual(a);
}

describe('PRAGMA settings as better-sqlite3 answers them', () => {
  it('synchronous: names, numbers, out-of-range levels, not inside a transaction', () => {
    compare(['synchronous=normal', 'synchronous', 'synchronous=EXTRA', 'synchronous', 'synchronous=5', 'synchronous', 'synchronous=7', 'synchronous', 'synchronous=bogus', 'synchronous', 'synchronous=off', 'synchronous', 'synchronous=FULL', 'synchronous', 'SQL CREATE TABLE t(a); BEGIN; INSERT INTO t VALUES (1)', 'synchronous=1', 'synchronous', 'SQL COMMIT']);
  });

  it('cache_size and foreign_keys (stored; a no-op inside a transaction)', () => {
    compare(['cache_size=100', 'cache_size', 'cache_size=-50', 'cache_size', 'cache_size=abc', 'cache_size', 'foreign_keys=on', 'foreign_keys', 'foreign_keys=0', 'foreign_keys', 'foreign_keys=yes', 'foreign_keys', 'foreign_keys=2', 'foreign_keys', 'SQL BEGIN', 'foreign_keys=off', 'foreign_keys', 'SQL COMMIT', 'foreign_keys=false', 'foreign_keys']);
  });

  it('table_info / table_xinfo of views (column names and declared types of the columns read)', () => {
    compare([
      'SQL CREATE TABLE t(a INTEGER PRIMARY KEY, b TEXT, c REAL); CREATE VIEW v AS SELECT a, b || 1 AS bb, c * 2, t.c FROM t; CREATE VIEW w(x, y) AS SELECT 1, b FROM t; CREATE VIEW j AS SELECT * FROM t AS p, t AS q',
      'table_info(v)', 'table_xinfo(v)', 'table_info(w)', 'table_info(j)', 'table_info(nope)',
    ]);
  });

  it('page_size on an empty database, ignored once it has pages', () => {
    compare(['page_size', 'page_size=1000', 'page_size', 'page_size=1024', 'page_size', 'SQL CREATE TABLE t(a)', 'page_size=8192', 'page_size', 'page_count']);
  });

  it('user_version and application_id: sqlite3Atoi, transactional, savepoints', () => {
    compare([
      'user_version=7', 'user_version', 'application_id=-3', 'application_id', 'user_version=99999999999', 'user_version', 'user_version=1.9', 'user_version',
      'user_version=0x10', 'user_version', 'user_version=abc', 'user_version', 'application_id=2147483647', 'application_id',
      'SQL BEGIN', 'user_version=42', 'user_version', 'SQL ROLLBACK', 'user_version',
      'SQL SAVEPOINT a', 'user_version=43', 'SQL SAVEPOINT b', 'application_id=9', 'SQL ROLLBACK TO b', 'application_id', 'user_version', 'SQL RELEASE a', 'user_version',
    ]);
  });

  it('journal_mode: into WAL (creating the file), checkpoints, out of WAL, rollback modes, OFF refused', () => {
    compare([
      'journal_mode', 'journal_mode=wal', 'journal_mode', 'SQL CREATE TABLE t(a); INSERT INTO t VALUES (1)', 'wal_checkpoint(TRUNCATE)',
      'SQL INSERT INTO t VALUES (2)', 'SQL INSERT INTO t VALUES (3)', 'wal_checkpoint(PASSIVE)', 'SQL INSERT INTO t VALUES (4)', 'wal_checkpoint(RESTART)', 'wal_checkpoint(bogus)', 'wal_checkpoint(TRUNCATE)',
      'SQL BEGIN', 'journal_mode=delete', 'journal_mode=truncate', 'SQL INSERT INTO t VALUES (5)', 'wal_checkpoint', 'journal_mode=delete', 'SQL COMMIT',
      'journal_mode=delete', 'journal_mode', 'wal_checkpoint', 'journal_mode=truncate', 'journal_mode', 'journal_mode=bogus', 'journal_mode=off', 'journal_mode=memory', 'journal_mode', 'journal_mode=persist', 'journal_mode=delete', 'journal_mode=WAL', 'journal_mode',
    ]);
  });

  it('a file in WAL mode whose WAL does not exist yet: wal_checkpoint 0|0|0, not 0|-1|-1', () => {
    // better-sqlite3 writes the file in WAL mode and removes the WAL on close; each engine reopens it.
    const results = engines.map(([, open]) => {
      const f = file();
      const w = new BetterSqlite3(f);
      w.exec('PRAGMA journal_mode = wal; CREATE TABLE t(a); INSERT INTO t VALUES (1)');
      w.close();
      expect(existsSync(`${f}-wal`)).toBe(false);
      const db = open(f);
      try {
        return trace(db, ['journal_mode', 'wal_checkpoint', 'wal_checkpoint(TRUNCATE)', 'SQL INSERT INTO t VALUES (2)', 'wal_checkpoint(PASSIVE)']);
      } finally {
        db.close();
      }
    });
    expect(results[1]).toEqual(results[0]);
  });

  it('foreign_key_list (newest first, composite, actions, implicit parent keys) and database_list', () => {
    const schema = [
      'SQL CREATE TABLE p(a PRIMARY KEY, b, c, UNIQUE(b, c))',
      'SQL CREATE TABLE "Child Table"(x REFERENCES p ON DELETE CASCADE, y, z, w REFERENCES p(a) MATCH FULL ON UPDATE SET NULL, ' +
        'FOREIGN KEY (y, z) REFERENCES p(b, c) DEFERRABLE INITIALLY DEFERRED, FOREIGN KEY (z) REFERENCES nosuch ON DELETE RESTRICT ON UPDATE SET DEFAULT)',
      'SQL CREATE TABLE tree(id INTEGER PRIMARY KEY, up INTEGER REFERENCES tree(id) ON DELETE SET NULL)',
      'SQL CREATE TABLE w(k TEXT PRIMARY KEY, v REFERENCES "Child Table"(w)) WITHOUT ROWID',
      'SQL CREATE VIEW v AS SELECT 1',
    ];
    const lists = ['foreign_key_list("Child Table")', 'foreign_key_list(child table)', 'foreign_key_list(CHILD TABLE)', 'foreign_key_list(p)', 'foreign_key_list(tree)', 'foreign_key_list(w)', 'foreign_key_list(v)', 'foreign_key_list(nosuch)', 'foreign_key_list'];
    compare([...schema, ...lists]);
    // database_list names the file by its full path, as SQLite; '' in memory.
    const [a, b] = engines.map(([, open]) => {
      const f = file();
      const db = open(f);
      try {
        return (db.prepare('PRAGMA database_list').raw(true).all() as unknown[][]).map((r) => [r[0], r[1], r[2] === f ? 'the file' : r[2]]);
      } finally {
        db.close();
      }
    });
    expect(a).toEqual([[0, 'main', 'the file']]);
    expect(b).toEqual(a);
    expect(trace(new Database(':memory:') as unknown as Db, ['database_list'])).toEqual(trace(new BetterSqlite3(':memory:'), ['database_list']));
  });

  it('foreign_key_list on corpus files, with foreign keys and without', () => {
    for (const name of ['sample.db', 'schema.db']) {
      const b = new BetterSqlite3(corpusPath(name), { readonly: true });
      const s = new Database(corpusPath(name), { readonly: true });
      const tables = b.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[];
      for (const t of tables) {
        const q = `PRAGMA foreign_key_list("${t.replaceAll('"', '""')}")`;
        expect(s.prepare(q).raw(true).all(), `${name} ${t}`).toEqual(b.prepare(q).raw(true).all());
      }
      // sample.db's periodic table has foreign keys; schema.db has none (every list empty).
      expect(tables.some((t) => (b.prepare(`PRAGMA foreign_key_list("${t}")`).all() as unknown[]).length > 0), name).toBe(name === 'sample.db');
      s.close();
      b.close();
    }
  });

  it("data_version: another connection's commits move it, the connection's own do not", () => {
    // The engine under test reads; better-sqlite3 writes beside it (rollback journal, then WAL).
    const results = engines.map(([, open]) => {
      const f = file();
      const w = new BetterSqlite3(f);
      w.exec('CREATE TABLE t(x)');
      const db = open(f);
      const dv = (): unknown => db.pragma('data_version', { simple: true });
      const out: unknown[] = [dv(), dv()];
      w.exec('INSERT INTO t VALUES (1)');
      out.push(dv(), dv());
      w.exec('INSERT INTO t VALUES (2); INSERT INTO t VALUES (3)');
      out.push(dv());
      w.exec('PRAGMA journal_mode = wal');
      w.exec('INSERT INTO t VALUES (4)');
      out.push(dv(), db.prepare('SELECT count(*) FROM t').pluck().get());
      db.exec('BEGIN');
      out.push(db.prepare('SELECT count(*) FROM t').pluck().get(), dv());
      w.exec('INSERT INTO t VALUES (5)');
      out.push(dv(), db.prepare('SELECT count(*) FROM t').pluck().get());
      db.exec('COMMIT');
      out.push(dv(), db.prepare('SELECT count(*) FROM t').pluck().get());
      db.close();
      w.close();
      return out;
    });
    expect(results[1]).toEqual(results[0]);
    // Its own commits: unchanged.
    const own = engines.map(([, open]) => {
      const db = open(file());
      const dv = (): unknown => db.pragma('data_version', { simple: true });
      const out = [dv()];
      db.exec('CREATE TABLE t(x); INSERT INTO t VALUES (1)');
      out.push(dv());
      db.exec('BEGIN; INSERT INTO t VALUES (2); COMMIT');
      out.push(dv());
      db.close();
      return out;
    });
    expect(own[1]).toEqual(own[0]);
    expect(trace(new Database(':memory:') as unknown as Db, ['data_version'])).toEqual(trace(new BetterSqlite3(':memory:'), ['data_version']));
  });

  it('an in-memory database is always in memory mode', () => {
    const steps = ['journal_mode', 'journal_mode=wal', 'journal_mode=delete', 'journal_mode=off', 'synchronous', 'wal_checkpoint'];
    const a = trace(new BetterSqlite3(':memory:'), steps);
    expect(trace(new Database(':memory:') as unknown as Db, steps)).toEqual(a);
  });

  it('leaving WAL while another connection has the file: SQLITE_BUSY, the mode stays', () => {
    // Strata's connections see each other through a shared I/O backend.
    const io = new NodeSyncIO();
    const shared: [string, (f: string) => Db][] = [engines[0], ['strata', (f) => new Database(f, { io }) as unknown as Db]];
    const out = shared.map(([, open]) => {
      const f = file();
      const a = open(f);
      a.pragma('journal_mode = wal');
      a.exec('CREATE TABLE t(x); INSERT INTO t VALUES (1)');
      const b = open(f);
      b.prepare('SELECT * FROM t').all();
      const r: unknown[] = [];
      try {
        r.push(a.pragma('journal_mode = delete'));
      } catch (e) {
        r.push((e as { code: string }).code, (e as Error).message);
      }
      b.close();
      r.push(a.pragma('journal_mode'), a.pragma('journal_mode = delete'), a.prepare('SELECT * FROM t').all());
      a.close();
      return r;
    });
    expect(out[1]).toEqual(out[0]);
  });
});

describe('what the sqlite3 CLI sees', () => {
  it('defaults equal the CLI’s (synchronous, cache_size, foreign_keys, journal_mode, wal_checkpoint)', () => {
    const f = file();
    const s = new Database(f);
    const mine = ['synchronous', 'cache_size', 'foreign_keys', 'journal_mode'].map((p) => String(s.pragma(p, { simple: true }))).join('\n');
    const cp = (s.pragma('wal_checkpoint') as Record<string, number>[])[0];
    s.close();
    const out = cli(join(dir, `fresh-${++n}.db`), 'PRAGMA synchronous; PRAGMA cache_size; PRAGMA foreign_keys; PRAGMA journal_mode; PRAGMA wal_checkpoint;');
    expect(`${mine}\n${cp.busy}|${cp.log}|${cp.checkpointed}\n`).toBe(out);
  });

  it('user_version and application_id written by Strata are read back by sqlite3', () => {
    const f = file();
    const s = new Database(f);
    s.exec('CREATE TABLE t(a)');
    s.pragma('user_version = 123456');
    s.pragma('application_id = -77');
    s.close();
    expect(cli(f, 'PRAGMA user_version; PRAGMA application_id; PRAGMA integrity_check;')).toBe('123456\n-77\nok\n');
  });

  it('journal_mode = delete leaves a legacy-mode file (bytes 18–19 = 1, no -wal) with every row', () => {
    const f = file();
    const s = new Database(f);
    s.exec('CREATE TABLE t(a); INSERT INTO t VALUES (1), (2), (3)');
    expect(s.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.pragma('journal_mode = delete', { simple: true })).toBe('delete');
    expect(existsSync(`${f}-wal`)).toBe(false);
    expect([...readFileSync(f).subarray(18, 20)]).toEqual([1, 1]);
    expect(cli(f, 'PRAGMA journal_mode; SELECT count(*) FROM t; PRAGMA integrity_check;')).toBe('delete\n3\nok\n');
    expect(s.pragma('journal_mode = wal', { simple: true })).toBe('wal');
    s.exec('INSERT INTO t VALUES (4)');
    s.close();
    expect(cli(f, 'PRAGMA journal_mode; SELECT count(*) FROM t; PRAGMA integrity_check;')).toBe('wal\n4\nok\n');
  });
});
