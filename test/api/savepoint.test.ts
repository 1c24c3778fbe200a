/**
 * SAVEPOINT / RELEASE / ROLLBACK TO (lang_savepoint.html) against better-sqlite3 (SQLite 3.53): the
 * same scripts run on both engines, and after every statement the error (or none), the
 * transaction state and the whole database content must be equal. Then random nestings
 * (fast-check, seeded) with writes in between, on files, with SQLite's integrity_check on the
 * files Strata leaves behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/api/index.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-savepoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Db = BetterSqlite3.Database;
let n = 0;
const file = (): string => join(dir, `sp-${++n}.db`);
const openBsq = (f: string): Db => new BetterSqlite3(f);
const openStrata = (f: string): Db => new Database(f) as unknown as Db;
/** `SELECT v FROM series(lo, hi)` for engines without generate_series: a recursive CTE. */
const series = (lo: number, hi: number): string => `WITH RECURSIVE s(value) AS (SELECT ${lo} UNION ALL SELECT value + 1 FROM s WHERE value < ${hi})`;

/**
 * Every table's rows (in rowid order) and the schema, as one string (blobs in hex): the state
 * compared after each step (a string, so that comparing large states stays fast).
 */
function contents(db: Db): string {
  const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name").raw().all() as [string, string][];
  const state = tables.map(([name, sql]) => [name, sql, db.prepare(`SELECT rowid, * FROM "${name}" ORDER BY rowid`).raw().all()]);
  return JSON.stringify(state, (_k, v: unknown) => (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? `x'${Buffer.from((v as { data: number[] }).data).toString('hex')}'` : v));
}

/** Runs each statement; returns per step [error message | null, inTransaction, contents]. */
function trace(db: Db, script: string[]): unknown[] {
  return script.map((sql) => {
    let err: string | null = null;
    try {
      db.exec(sql);
    } catch (e) {
      err = (e as Error).message;
    }
    return [sql, err, db.inTransaction, contents(db)];
  });
}

function compare(script: string[], setup = 'CREATE TABLE t(a, b)'): void {
  const a = openBsq(file());
  const b = openStrata(file());
  try {
    a.exec(setup);
    b.exec(setup);
    expect(trace(b, script)).toEqual(trace(a, script));
  } finally {
    a.close();
    b.close();
  }
}

describe('SAVEPOINT / RELEASE / ROLLBACK TO as SQLite', () => {
  it('a savepoint outside a transaction starts one; releasing the outermost commits', () => {
    compare(['SAVEPOINT a', 'INSERT INTO t VALUES (1, 2)', 'RELEASE a', 'SAVEPOINT a', 'INSERT INTO t VALUES (3, 4)', 'RELEASE SAVEPOINT A']);
  });

  it('nesting, case-insensitive names, the innermost match wins, ROLLBACK TO keeps the savepoint', () => {
    compare([
      'SAVEPOINT x',
      'INSERT INTO t VALUES (1, 1)',
      'SAVEPOINT X',
      'INSERT INTO t VALUES (2, 2)',
      'SAVEPOINT y',
      'INSERT INTO t VALUES (3, 3)',
      'ROLLBACK TO x',
      'INSERT INTO t VALUES (4, 4)',
      'ROLLBACK TRANSACTION TO SAVEPOINT x',
      'RELEASE y',
      'RELEASE x',
      'INSERT INTO t VALUES (5, 5)',
      'ROLLBACK TO x',
      'RELEASE x',
    ]);
  });

  it('errors: no such savepoint, BEGIN inside a savepoint transaction, COMMIT and ROLLBACK end every savepoint', () => {
    compare([
      'RELEASE nope',
      'ROLLBACK TO nope',
      'SAVEPOINT a',
      'BEGIN',
      'INSERT INTO t VALUES (1, 1)',
      'SAVEPOINT b',
      'INSERT INTO t VALUES (2, 2)',
      'COMMIT',
      'RELEASE b',
      'SAVEPOINT c',
      'INSERT INTO t VALUES (3, 3)',
      'ROLLBACK',
      'ROLLBACK TO c',
      'BEGIN',
      'SAVEPOINT d',
      'INSERT INTO t VALUES (4, 4)',
      'RELEASE d',
      'ROLLBACK',
      'BEGIN',
      'SAVEPOINT d',
      'INSERT INTO t VALUES (5, 5)',
      'RELEASE d',
      'COMMIT',
    ]);
  });

  it('ROLLBACK TO a savepoint opened before the first write keeps the transaction open', () => {
    compare(['SAVEPOINT a', 'SAVEPOINT b', 'INSERT INTO t VALUES (1, 1)', 'SAVEPOINT c', 'INSERT INTO t VALUES (2, 2)', 'ROLLBACK TO a', 'INSERT INTO t VALUES (3, 3)', 'ROLLBACK TO c', 'RELEASE a']);
  });

  it('DDL inside a savepoint is undone with it (schema and pages), and seen by later statements', () => {
    compare([
      'BEGIN',
      'CREATE TABLE u(x PRIMARY KEY, y)',
      'INSERT INTO u VALUES (1, 2)',
      'SAVEPOINT s',
      'CREATE TABLE v(z)',
      'CREATE INDEX ui ON u(y)',
      'INSERT INTO v VALUES (9)',
      'DROP TABLE u',
      'ROLLBACK TO s',
      'SELECT * FROM v',
      'INSERT INTO u VALUES (3, 4)',
      'RELEASE s',
      'COMMIT',
      "SELECT name FROM sqlite_schema WHERE name = 'ui'",
    ]);
  });

  it('page splits, overflow chains and freed pages are restored (many rows, large values)', () => {
    const big = "replace(hex(zeroblob(2500)), '00', printf('%02d', a % 100))";
    compare([
      `INSERT INTO t ${series(1, 300)} SELECT value, hex(zeroblob(20)) || value FROM s`,
      'SAVEPOINT a',
      `UPDATE t SET b = ${big} WHERE a % 7 = 0`,
      'DELETE FROM t WHERE a % 3 = 0',
      `INSERT INTO t ${series(301, 800)} SELECT value, zeroblob(900) FROM s`,
      'SAVEPOINT b',
      'DELETE FROM t',
      'ROLLBACK TO b',
      'SELECT count(*) FROM t',
      'ROLLBACK TO a',
      'INSERT INTO t VALUES (1000, 1)',
      'RELEASE a',
    ], 'CREATE TABLE t(a INTEGER PRIMARY KEY, b)');
  });
});

describe('savepoints with a page cache smaller than the transaction (cache_size = 10 pages)', () => {
  it('nested ROLLBACK TO over hundreds of changed pages', () => {
    const script = [
      'BEGIN',
      `INSERT INTO t ${series(1, 200)} SELECT value, zeroblob(600) FROM s`,
      'SAVEPOINT a',
      `UPDATE t SET b = zeroblob(700) WHERE a % 2 = 0`,
      `INSERT INTO t ${series(201, 500)} SELECT value, zeroblob(500) FROM s`,
      'SAVEPOINT b',
      'DELETE FROM t WHERE a > 100',
      'ROLLBACK TO b',
      'ROLLBACK TO a',
      `INSERT INTO t ${series(501, 520)} SELECT value, 'x' FROM s`,
      'RELEASE a',
      'COMMIT',
    ];
    compare(script, 'PRAGMA cache_size = 10; CREATE TABLE t(a INTEGER PRIMARY KEY, b); INSERT INTO t VALUES (0, 0)');
  });
});

describe('the file after savepoints', () => {
  it('sqlite3 reads what RELEASE committed, and the file is intact', () => {
    const f = file();
    const db = new Database(f);
    db.exec(`CREATE TABLE t(a INTEGER PRIMARY KEY, b); SAVEPOINT a; INSERT INTO t ${series(1, 400)} SELECT value, zeroblob(700) FROM s; SAVEPOINT b; DELETE FROM t WHERE a > 100; CREATE INDEX tb ON t(b); ROLLBACK TO b; UPDATE t SET b = 'x' WHERE a <= 10; RELEASE a`);
    db.close();
    const o = new BetterSqlite3(f, { readonly: true });
    expect(o.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(o.prepare("SELECT count(*) AS n, sum(b = 'x') AS x FROM t").get()).toEqual({ n: 400, x: 10 });
    expect(o.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'tb'").get()).toEqual({ n: 0 });
    o.close();
  });
});

describe('Database.transaction nesting as better-sqlite3', () => {
  const engines: [string, (f: string) => Db][] = [
    ['better-sqlite3', openBsq],
    ['strata', openStrata],
  ];
  const run = (open: (f: string) => Db): unknown[] => {
    const db = open(file());
    const log: unknown[] = [];
    db.exec('CREATE TABLE t(a)');
    const ins = db.prepare('INSERT INTO t VALUES (?)');
    const all = (): unknown => db.prepare('SELECT a FROM t ORDER BY rowid').pluck().all();
    const inner = db.transaction((v: number, fail: boolean) => {
      ins.run(v);
      log.push(['inner', db.inTransaction, all()]);
      if (fail) throw new Error(`boom ${v}`);
      return v * 2;
    });
    const outer = db.transaction((vs: number[]) => {
      ins.run(0);
      for (const v of vs) {
        try {
          log.push(['ret', inner(v, v % 2 === 1)]);
        } catch (e) {
          log.push(['caught', (e as Error).message, all()]);
        }
      }
      return all();
    });
    log.push(['outer', outer([2, 3, 4, 5])]);
    try {
      outer.immediate([7]);
    } catch (e) {
      log.push(['outer threw', (e as Error).message]);
    }
    log.push(['after', db.inTransaction, all()]);
    const failing = db.transaction(() => {
      ins.run(100);
      inner(101, false);
      throw new Error('outer fails');
    });
    try {
      failing.exclusive();
    } catch (e) {
      log.push(['outer threw', (e as Error).message, db.inTransaction, all()]);
    }
    log.push(['variants', typeof outer.deferred, typeof (outer.default as unknown as { exclusive: unknown }).exclusive, (outer as unknown as { database: unknown }).database === db]);
    log.push(['promise', (() => {
      try {
        db.transaction(() => Promise.resolve(1))();
        return 'no error';
      } catch (e) {
        return [(e as Error).name, (e as Error).message, db.inTransaction];
      }
    })()]);
    db.close();
    return log;
  };

  it('a statement failing inside nested transactions undoes only itself (statement journal)', () => {
    const run = (open: (f: string) => Db): unknown[] => {
      const db = open(file());
      const log: unknown[] = [];
      db.exec('CREATE TABLE t(a UNIQUE, b); CREATE UNIQUE INDEX tb ON t(b)');
      const ins = db.prepare('INSERT INTO t VALUES (?, ?)');
      const inner = db.transaction((a: number, b: number) => ins.run(a, b).changes);
      const outer = db.transaction(() => {
        ins.run(1, 1);
        for (const [a, b] of [[2, 2], [3, 1], [1, 4], [5, 5]]) {
          try {
            log.push(inner(a, b));
          } catch (e) {
            log.push((e as Error).message);
          }
        }
        try {
          db.exec('INSERT INTO t VALUES (6, 6), (7, 7), (8, 2)');
        } catch (e) {
          log.push((e as Error).message);
        }
        return db.prepare('SELECT * FROM t ORDER BY a').raw().all();
      });
      log.push(outer(), db.inTransaction, db.prepare('SELECT * FROM t ORDER BY a').raw().all());
      db.close();
      return log;
    };
    expect(run(engines[1][1])).toEqual(run(engines[0][1]));
  });

  it('nested calls become savepoints; an inner failure rolls back only its own work and rethrows', () => {
    const expected = run(engines[0][1]);
    expect(run(engines[1][1])).toEqual(expected);
  });
});

describe('random nestings (fast-check) against better-sqlite3', () => {
  const names = ['a', 'B', 'b', 'c'];
  const stmt = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...names).map((x) => `SAVEPOINT ${x}`) },
    { weight: 2, arbitrary: fc.constantFrom(...names).map((x) => `RELEASE ${x}`) },
    { weight: 2, arbitrary: fc.constantFrom(...names).map((x) => `ROLLBACK TO ${x}`) },
    { weight: 1, arbitrary: fc.constantFrom('BEGIN', 'COMMIT', 'ROLLBACK') },
    { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 1500 })).map(([k, len]) => `INSERT INTO t(b) ${series(1, k)} SELECT zeroblob(${len}) FROM s`) },
    { weight: 2, arbitrary: fc.integer({ min: 2, max: 9 }).map((m) => `DELETE FROM t WHERE a % ${m} = 0`) },
    { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 0, max: 5000 })).map(([m, len]) => `UPDATE t SET b = zeroblob(${len}) WHERE a % ${m} = 1`) },
    { weight: 1, arbitrary: fc.constantFrom('CREATE TABLE IF NOT EXISTS u(x)', 'DROP TABLE IF EXISTS u', 'CREATE INDEX IF NOT EXISTS tb ON t(b)', 'DROP INDEX IF EXISTS tb', 'INSERT INTO u VALUES (1)') },
    // Statements that fail half-way (the second row repeats the first's key): only they are undone.
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 80 }).map((k) => `INSERT INTO t(a, b) VALUES (${k + 1000}, zeroblob(300)), (${k + 1000}, 1)`) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 80 }).map((k) => `UPDATE t SET a = ${k} WHERE a > ${k}`) },
  );

  it('state after every step equals SQLite’s (seeded; 40 scripts of up to 30 steps, STRATA_SAVEPOINT_RUNS for more)', () => {
    fc.assert(
      fc.property(fc.array(stmt, { minLength: 1, maxLength: 30 }), (script) => {
        const fa = file();
        const fb = file();
        const a = openBsq(fa);
        const b = openStrata(fb);
        const setup = 'CREATE TABLE t(a INTEGER PRIMARY KEY, b)';
        a.exec(setup);
        b.exec(setup);
        const ta = trace(a, script);
        const tb = trace(b, script);
        a.close();
        b.close();
        expect(tb).toEqual(ta);
        const o = new BetterSqlite3(fb, { readonly: true });
        const check = o.pragma('integrity_check', { simple: true });
        o.close();
        expect(check).toBe('ok');
      }),
      { seed: Number(process.env.STRATA_PROPERTY_SEED ?? 20261126), numRuns: Number(process.env.STRATA_SAVEPOINT_RUNS ?? 40) },
    );
  });
});
