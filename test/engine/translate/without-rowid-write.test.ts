/**
 * WITHOUT ROWID tables written by Strata, against SQLite: fixed scenarios and a seeded property
 * run statement by statement on Strata and better-sqlite3 (without-rowid-oracle.ts); every
 * statement's result, error, changes()/last_insert_rowid() and the tables' rows in PK order must
 * agree, and Strata's file must pass the sqlite3 CLI's integrity_check and read the same in
 * better-sqlite3 as better-sqlite3's own file. A file made by the sqlite3 CLI is written by
 * Strata and checked by sqlite3.
 *
 * `npm test` runs a seeded sample of the property (STRATA_WOR_RUNS, default 25; STRATA_WOR_SEED).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';
import { runSqlite3, sqlite3Available } from '../../support/sqlite3-cli.js';
import { sqliteIntegrityCheck, sqliteQuery } from '../../support/sqlite3.js';
import { bsqValues } from '../../support/better-sqlite3.js';
import { runBoth, type Watched } from './without-rowid-oracle.js';

const RUNS = Number(process.env.STRATA_WOR_RUNS ?? 25);
const SEED = Number(process.env.STRATA_WOR_SEED ?? 20261127);
const dir = mkdtempSync(join(tmpdir(), 'strata-wor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const haveCli = sqlite3Available();
if (!haveCli) console.log('without-rowid-write: sqlite3 CLI not found, its integrity_check is skipped');

let n = 0;
function agree(script: readonly string[], watched: readonly Watched[]): void {
  const o = runBoth(dir, `s${n++}`, script, watched);
  o.mine.forEach((m, i) => expect({ sql: script[i], out: m }).toEqual({ sql: script[i], out: o.theirs[i] }));
  expect(o.mineFile).toEqual(o.theirFile);
  if (haveCli) expect(o.integrity).toEqual(['ok']);
}


describe('CREATE TABLE … WITHOUT ROWID', () => {
  it('writes sqlite_schema as SQLite does, and refuses what SQLite refuses', () => {
    agree(
      [
        'CREATE TABLE a(x PRIMARY KEY, y UNIQUE) WITHOUT ROWID',
        'CREATE TABLE b(x UNIQUE, y PRIMARY KEY) WITHOUT ROWID',
        'CREATE TABLE c(x INTEGER PRIMARY KEY, y UNIQUE, z UNIQUE) WITHOUT ROWID',
        'CREATE TABLE d(x, y, z, PRIMARY KEY(z, x), UNIQUE(y, x)) WITHOUT ROWID',
        'CREATE TABLE e(x TEXT COLLATE NOCASE, y INT, PRIMARY KEY(x DESC, y), UNIQUE(y)) WITHOUT ROWID',
        'CREATE TABLE f(x, y) WITHOUT ROWID',
        'CREATE TABLE g(x INTEGER PRIMARY KEY AUTOINCREMENT, y) WITHOUT ROWID',
        'CREATE TABLE h(x TEXT PRIMARY KEY AUTOINCREMENT, y) WITHOUT ROWID',
        'CREATE TABLE i(x, y, PRIMARY KEY(x, y, x)) WITHOUT ROWID',
        'CREATE TABLE j(a UNIQUE, b, PRIMARY KEY(a)) WITHOUT ROWID',
        'CREATE TABLE k(a INTEGER UNIQUE PRIMARY KEY, b) WITHOUT ROWID',
        'CREATE TABLE l(a INT, b INT, PRIMARY KEY(a COLLATE NOCASE, b), UNIQUE(a, b), UNIQUE(b COLLATE NOCASE, a COLLATE NOCASE)) WITHOUT ROWID',
        'CREATE TABLE m(a COLLATE NOCASE PRIMARY KEY, b UNIQUE ON CONFLICT REPLACE, c UNIQUE) WITHOUT ROWID',
        'CREATE INDEX dy ON d(y)',
        'CREATE UNIQUE INDEX ez ON e(y, x)',
        ...['a', 'b', 'c', 'd', 'e', 'i', 'j', 'k', 'l', 'm'].flatMap((t) => [`PRAGMA table_info(${t})`, `PRAGMA table_xinfo(${t})`, `PRAGMA index_list(${t})`]),
        ...['sqlite_autoindex_a_1', 'sqlite_autoindex_a_2', 'sqlite_autoindex_c_3', 'sqlite_autoindex_d_2', 'sqlite_autoindex_e_2', 'sqlite_autoindex_l_2', 'sqlite_autoindex_l_3', 'sqlite_autoindex_k_1', 'dy', 'ez'].flatMap((i) => [`PRAGMA index_info(${i})`, `PRAGMA index_xinfo(${i})`]),
        'PRAGMA integrity_check',
        "INSERT INTO d VALUES(1, 2, 3), (4, 5, 6)",
        'DROP TABLE d',
        'DROP INDEX sqlite_autoindex_e_1',
        'DROP INDEX ez',
        'CREATE TABLE d(x PRIMARY KEY) WITHOUT ROWID',
        'PRAGMA integrity_check',
      ],
      [],
    );
  });
});

describe('INSERT / UPDATE / DELETE on WITHOUT ROWID tables', () => {
  it('INSERT with every ON CONFLICT rule, NOT NULL on the PK, CHECK, RETURNING, DEFAULT VALUES', () => {
    agree(
      [
        "CREATE TABLE t(a TEXT COLLATE NOCASE, b INT DEFAULT 7, c REAL UNIQUE, d CHECK (d IS NULL OR d > 0), PRIMARY KEY(a, b DESC)) WITHOUT ROWID",
        'CREATE INDEX tc ON t(d, c)',
        "INSERT INTO t VALUES('x', 1, 1.5, 1), ('y', 2, 2, 2), ('X', 3, 3, NULL)",
        "INSERT INTO t VALUES('X', 1, 9, 9)",
        "INSERT INTO t VALUES('q', 1, 1.5, 9)",
        "INSERT OR IGNORE INTO t VALUES('x', 1, 8, 8), ('z', 1, 7, 7)",
        "INSERT OR REPLACE INTO t VALUES('Y', 2, 3, 5)",
        "INSERT OR REPLACE INTO t VALUES('w', 2, 1.5, 5) RETURNING *",
        "INSERT OR FAIL INTO t VALUES('m', 1, 11, 1), ('m', 1, 12, 1)",
        "INSERT OR ROLLBACK INTO t VALUES('n', 1, 13, 1), ('n', 1, 14, 1)",
        "INSERT INTO t VALUES(NULL, 1, 20, 1)",
        "INSERT OR IGNORE INTO t VALUES(NULL, 1, 20, 1)",
        "INSERT INTO t(a, c) VALUES('dflt', 30) RETURNING b, typeof(c)",
        "INSERT INTO t VALUES('k', 1, 40, -1)",
        'INSERT INTO t DEFAULT VALUES',
        "INSERT INTO t SELECT a || '2', b + 1, c + 100, d FROM t WHERE a <> 'dflt'",
        "INSERT INTO t(rowid, a) VALUES(1, 'r')",
        'SELECT changes(), last_insert_rowid()',
      ],
      [{ name: 't', select: 'SELECT * FROM t ORDER BY a COLLATE NOCASE, b DESC' }],
    );
  });

  it('UPDATE of key and non-key columns, conflicts, RETURNING; DELETE', () => {
    agree(
      [
        'CREATE TABLE t(a INT, b TEXT, c UNIQUE, d, PRIMARY KEY(b, a)) WITHOUT ROWID',
        'CREATE INDEX td ON t(d)',
        "INSERT INTO t VALUES(1, 'p', 10, 'x'), (2, 'p', 20, 'y'), (1, 'q', 30, 'z'), (3, 'r', NULL, NULL)",
        'UPDATE t SET d = d || d WHERE a = 1',
        'UPDATE t SET a = a + 1',
        'UPDATE t SET a = 2 WHERE b = \'p\'',
        'UPDATE OR IGNORE t SET a = 2 WHERE b = \'p\'',
        'UPDATE OR REPLACE t SET a = 3 WHERE c = 10 RETURNING *',
        'UPDATE t SET c = 30 WHERE c = 20',
        'UPDATE OR REPLACE t SET c = 30 WHERE c = 20',
        "UPDATE t SET b = NULL WHERE a = 4",
        "UPDATE t SET b = upper(b), c = c + 1 RETURNING b, c",
        'UPDATE t SET rowid = 5',
        'DELETE FROM t WHERE c > 20 RETURNING a, b',
        'DELETE FROM t WHERE b = \'R\' AND a = 4',
        'SELECT changes(), total_changes()',
        'DELETE FROM t',
      ],
      [{ name: 't', select: 'SELECT * FROM t ORDER BY b, a' }],
    );
  });
});

describe('big rows, ALTER TABLE, VACUUM', () => {
  it('overflowing keys and records, a column added later, a rebuilt file', () => {
    agree(
      [
        'CREATE TABLE t(k TEXT, n INT, body BLOB, PRIMARY KEY(k, n)) WITHOUT ROWID',
        'CREATE INDEX tb ON t(body)',
        "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 60) INSERT INTO t SELECT printf('%.*c', i * 97 % 3000, 'k') || i, i, CAST(printf('%.*c', i * 211 % 9000, 'b') || i AS BLOB) FROM s",
        "UPDATE t SET body = CAST(body || 'z' AS BLOB) WHERE n % 3 = 0",
        "UPDATE t SET k = k || 'x' WHERE n % 4 = 0",
        'DELETE FROM t WHERE n % 5 = 0',
        "ALTER TABLE t ADD COLUMN extra DEFAULT 'd'",
        "INSERT INTO t(k, n) VALUES('new', 1)",
        "UPDATE t SET extra = n WHERE n < 10",
        'SELECT k, n, length(body), extra FROM t ORDER BY k, n',
        'VACUUM',
        'PRAGMA integrity_check',
      ],
      [{ name: 't', select: 'SELECT k, n, hex(body), extra FROM t ORDER BY k, n' }],
    );
  });
});

describe('generated columns, expression and partial indexes', () => {
  it('VIRTUAL and STORED columns, CHECK over them, indexes on them, on an expression, partial', () => {
    agree(
      [
        'CREATE TABLE t(a PRIMARY KEY, b, c AS (b*2), d AS (b+1) STORED, e CHECK (e IS NULL OR e > d)) WITHOUT ROWID',
        'CREATE INDEX tc ON t(c)',
        'CREATE UNIQUE INDEX td ON t(d, a)',
        'INSERT INTO t(a, b) VALUES(1, 2), (2, 3)',
        'INSERT INTO t(a, b, e) VALUES(3, 3, 1)',
        'UPDATE t SET b = b + 10 WHERE a = 1',
        'UPDATE t SET a = a + 5',
        'DELETE FROM t WHERE c = 6',
        'CREATE INDEX te ON t(b + 1) WHERE b > 0',
        'CREATE UNIQUE INDEX tf ON t(b % 7) WHERE b < 100',
        'INSERT INTO t(a, b) VALUES(20, 5), (21, 12)',
        'INSERT OR REPLACE INTO t(a, b) VALUES(22, 19)',
        'UPDATE t SET b = -1 WHERE a = 20',
        'UPDATE OR IGNORE t SET b = b + 7',
        'PRAGMA integrity_check',
      ],
      [{ name: 't', select: 'SELECT * FROM t ORDER BY a' }],
    );
  });
});

describe('UPDATE … FROM on WITHOUT ROWID tables', () => {
  // Which of several joining rows gives the values SQLite leaves unspecified: none here has two.
  it('values from joined rows, the PK changed, conflicts, triggers, RETURNING', () => {
    agree(
      [
        'CREATE TABLE t(k TEXT COLLATE NOCASE, n INT, v, PRIMARY KEY(k, n DESC), UNIQUE(v)) WITHOUT ROWID',
        'CREATE TABLE s(k, n, nv)',
        'CREATE TABLE log(e, a, b)',
        "INSERT INTO t VALUES('a', 1, 10), ('a', 2, 20), ('b', 1, 30)",
        "INSERT INTO s VALUES('A', 1, 11), ('b', 1, 31), ('zz', 9, 0)",
        'UPDATE t SET v = s.nv FROM s WHERE t.k = s.k AND t.n = s.n',
        "UPDATE t SET n = t.n + 10 FROM s WHERE t.k = s.k AND s.nv = 11 RETURNING *",
        'UPDATE t SET v = 30 FROM s WHERE t.k = s.k',
        'UPDATE OR IGNORE t SET v = 30 FROM s WHERE t.k = s.k',
        "CREATE TRIGGER tu AFTER UPDATE ON t BEGIN INSERT INTO log VALUES('u', OLD.v, NEW.v); END",
        "CREATE TRIGGER tb BEFORE UPDATE ON t BEGIN INSERT INTO log VALUES('b', OLD.k, NEW.k); END",
        "UPDATE t SET k = upper(s.k) FROM (SELECT DISTINCT k FROM s) AS s WHERE t.k = s.k",
        'SELECT changes(), total_changes()',
      ],
      [
        { name: 't', select: 'SELECT * FROM t ORDER BY k COLLATE NOCASE, n DESC' },
        { name: 'log', select: 'SELECT * FROM log ORDER BY rowid' },
      ],
    );
  });
});

describe('UPSERT with UPDATE triggers and foreign keys', () => {
  it('DO UPDATE fires the UPDATE triggers and checks the foreign keys', () => {
    agree(
      [
        'PRAGMA foreign_keys = ON',
        'CREATE TABLE p(id PRIMARY KEY) WITHOUT ROWID',
        'CREATE TABLE t(k PRIMARY KEY, v, pid REFERENCES p ON UPDATE CASCADE) WITHOUT ROWID',
        'CREATE TABLE c(x REFERENCES t(k) ON UPDATE CASCADE)',
        'CREATE TABLE log(e, a, b)',
        "CREATE TRIGGER bu BEFORE UPDATE OF v ON t BEGIN INSERT INTO log VALUES('bu', OLD.v, NEW.v); END",
        "CREATE TRIGGER au AFTER UPDATE ON t BEGIN INSERT INTO log VALUES('au', OLD.k, NEW.k); END",
        'INSERT INTO p VALUES(1), (2)',
        'INSERT INTO t VALUES(1, 10, 1), (2, 20, 2)',
        'INSERT INTO c VALUES(1)',
        'INSERT INTO t VALUES(1, 11, 1) ON CONFLICT(k) DO UPDATE SET v = excluded.v',
        'INSERT INTO t VALUES(1, 12, 1) ON CONFLICT(k) DO UPDATE SET pid = 3',
        'INSERT INTO t VALUES(1, 13, 1) ON CONFLICT(k) DO UPDATE SET pid = 2, k = 5',
        'INSERT INTO t VALUES(2, 0, 0) ON CONFLICT DO UPDATE SET v = v + 1 RETURNING *',
        'SELECT changes(), total_changes()',
      ],
      [
        { name: 't', select: 'SELECT * FROM t ORDER BY k' },
        { name: 'c', select: 'SELECT * FROM c ORDER BY rowid' },
        { name: 'log', select: 'SELECT * FROM log ORDER BY rowid' },
      ],
    );
  });
});

describe('UPSERT and the UPDATE visit order on WITHOUT ROWID tables', () => {
  it('ON CONFLICT on the PK or a UNIQUE index: DO NOTHING, DO UPDATE with excluded and WHERE, RETURNING', () => {
    agree(
      [
        'CREATE TABLE t(k TEXT COLLATE NOCASE, n INT, v, u UNIQUE, PRIMARY KEY(k, n DESC)) WITHOUT ROWID',
        "INSERT INTO t VALUES('a', 1, 'x', 1), ('b', 2, 'y', 2)",
        "INSERT INTO t VALUES('A', 1, 'z', 3) ON CONFLICT DO NOTHING",
        "INSERT INTO t VALUES('A', 1, 'z', 3) ON CONFLICT(k, n) DO UPDATE SET v = excluded.v || v RETURNING *",
        "INSERT INTO t VALUES('c', 1, 'w', 2) ON CONFLICT(u) DO UPDATE SET v = excluded.k, n = n + 10",
        "INSERT INTO t VALUES('c', 1, 'w', 2) ON CONFLICT(u) DO UPDATE SET v = 'no' WHERE t.v <> 'c'",
        "INSERT INTO t VALUES('B', 12, 'q', 9) ON CONFLICT(k, n) DO UPDATE SET u = 1",
        "INSERT INTO t VALUES('d', 1, 'q', 9) ON CONFLICT(v) DO NOTHING",
        "INSERT INTO t AS o VALUES('a', 1, 'e', 5), ('e', 5, 'e', 5) ON CONFLICT(k, n) DO UPDATE SET v = o.v || '!' ON CONFLICT DO NOTHING",
        'SELECT changes(), total_changes(), last_insert_rowid()',
      ],
      [{ name: 't', select: 'SELECT * FROM t ORDER BY k COLLATE NOCASE, n DESC' }],
    );
  });

  it('an OR IGNORE UPDATE keeps the rows SQLite keeps (one pass along the index SQLite walks)', () => {
    agree(
      [
        'CREATE TABLE t(c0 TEXT, c1 INT, c2 TEXT, c3, PRIMARY KEY(c0 DESC, c1), UNIQUE(c2, c3) ON CONFLICT IGNORE) WITHOUT ROWID',
        'CREATE UNIQUE INDEX i0 ON t(c1)',
        'CREATE INDEX i1 ON t(c3)',
        "INSERT INTO t VALUES('0', 0, '0', 1.5), ('b', 3, X'00', 1.5), ('c', 4, 'x', 2), ('a', 7, 'y', 2)",
        'UPDATE t SET c2 = c3',
        "UPDATE t SET c2 = 'z' WHERE c3 = 2",
        'UPDATE t SET c2 = c1 % 2, c3 = 0',
        'UPDATE OR IGNORE t SET c3 = 5, c2 = 1 WHERE c0 > \'0\'',
      ],
      [{ name: 't', select: 'SELECT * FROM t ORDER BY c0 DESC, c1' }],
    );
  });
});

describe('triggers on WITHOUT ROWID tables', () => {
  it('BEFORE/AFTER INSERT, UPDATE (OF), DELETE with OLD/NEW, RAISE, and a trigger writing into one', () => {
    agree(
      [
        'CREATE TABLE t(k TEXT COLLATE NOCASE PRIMARY KEY, v INT, w UNIQUE) WITHOUT ROWID',
        'CREATE TABLE log(e, k, v, w)',
        'CREATE TABLE src(a, b)',
        "CREATE TRIGGER bi BEFORE INSERT ON t BEGIN INSERT INTO log VALUES('bi', NEW.k, NEW.v, (SELECT count(*) FROM t)); SELECT RAISE(IGNORE) WHERE NEW.v < 0; END",
        "CREATE TRIGGER ai AFTER INSERT ON t BEGIN INSERT INTO log VALUES('ai', NEW.k, NEW.v, NEW.w); END",
        "CREATE TRIGGER bu BEFORE UPDATE OF v ON t BEGIN INSERT INTO log VALUES('bu', OLD.k, OLD.v, NEW.v); UPDATE t SET w = w || '+' WHERE k = OLD.k; END",
        "CREATE TRIGGER au AFTER UPDATE ON t BEGIN INSERT INTO log VALUES('au', OLD.k || '>' || NEW.k, OLD.v, NEW.v); END",
        "CREATE TRIGGER bd BEFORE DELETE ON t BEGIN INSERT INTO log VALUES('bd', OLD.k, OLD.v, OLD.w); SELECT RAISE(ABORT, 'kept') WHERE OLD.k = 'keep'; END",
        "CREATE TRIGGER ad AFTER DELETE ON t BEGIN INSERT INTO log VALUES('ad', OLD.k, OLD.v, OLD.w); END",
        "CREATE TRIGGER si AFTER INSERT ON src BEGIN INSERT OR REPLACE INTO t VALUES(NEW.a, NEW.b, NEW.a || NEW.b); END",
        "INSERT INTO t VALUES('a', 1, 'x'), ('b', -1, 'y'), ('c', 3, 'z')",
        "INSERT INTO src VALUES('A', 10), ('d', 4)",
        'SELECT changes(), total_changes()',
        'UPDATE t SET v = v + 1',
        "UPDATE t SET k = k || k WHERE v > 4",
        "UPDATE t SET w = 'w' || v WHERE k = 'c'",
        "INSERT INTO t VALUES('keep', 0, 'k')",
        'DELETE FROM t',
        "DELETE FROM t WHERE k <> 'keep'",
        'SELECT changes(), total_changes()',
        "SELECT NEW.rowid FROM t",
        "CREATE TRIGGER bad AFTER INSERT ON t BEGIN INSERT INTO log VALUES(NEW.rowid, 0, 0, 0); END",
        "INSERT INTO t VALUES('z', 1, 1)",
      ],
      [
        { name: 't', select: 'SELECT * FROM t ORDER BY k COLLATE NOCASE' },
        { name: 'log', select: 'SELECT * FROM log ORDER BY rowid' },
      ],
    );
  });
});

describe('foreign keys with WITHOUT ROWID tables', () => {
  it('as child and parent: NO ACTION, RESTRICT, CASCADE, SET NULL, REPLACE deleting a parent', () => {
    agree(
      [
        'PRAGMA foreign_keys = ON',
        'CREATE TABLE p(a TEXT, b INT, x, PRIMARY KEY(a, b)) WITHOUT ROWID',
        'CREATE TABLE c(k PRIMARY KEY, pa, pb, FOREIGN KEY(pa, pb) REFERENCES p(a, b) ON DELETE CASCADE ON UPDATE SET NULL) WITHOUT ROWID',
        'CREATE TABLE r(id INTEGER PRIMARY KEY, pa, pb, FOREIGN KEY(pa, pb) REFERENCES p ON DELETE RESTRICT)',
        'CREATE TABLE q(u UNIQUE, v PRIMARY KEY) WITHOUT ROWID',
        'CREATE TABLE d(k PRIMARY KEY, qu REFERENCES q(u)) WITHOUT ROWID',
        "INSERT INTO p VALUES('a', 1, 0), ('a', 2, 0), ('b', 1, 0)",
        "INSERT INTO c VALUES(1, 'a', 1), (2, 'a', 2), (3, 'b', 1), (4, NULL, 5)",
        "INSERT INTO c VALUES(5, 'z', 9)",
        "INSERT INTO c VALUES(5, 'z', 9), (6, 'a', 1)",
        "INSERT INTO r VALUES(1, 'b', 1)",
        "DELETE FROM p WHERE a = 'a' AND b = 1",
        "DELETE FROM p WHERE a = 'b'",
        "UPDATE p SET b = 20 WHERE b = 2",
        "UPDATE c SET pb = 99 WHERE k = 3",
        "UPDATE c SET pa = 'b', pb = 1 WHERE k = 2",
        "INSERT INTO q VALUES(1, 'one'), (2, 'two')",
        "INSERT INTO d VALUES('x', 1), ('y', 2)",
        "INSERT OR REPLACE INTO q VALUES(1, 'uno')",
        "INSERT OR REPLACE INTO q VALUES(3, 'two')",
        "DELETE FROM d WHERE qu = 2",
        "INSERT OR REPLACE INTO q VALUES(3, 'two')",
        'SELECT changes(), total_changes()',
      ],
      [
        { name: 'p', select: 'SELECT * FROM p ORDER BY a, b' },
        { name: 'c', select: 'SELECT * FROM c ORDER BY k' },
        { name: 'q', select: 'SELECT * FROM q ORDER BY v' },
        { name: 'd', select: 'SELECT * FROM d ORDER BY k' },
      ],
    );
  });
});

describe('a file made by sqlite3, written by Strata', () => {
  it.skipIf(!haveCli)('stays sound for sqlite3 and reads as better-sqlite3 reads the same statements', () => {
    const made = join(dir, 'cli.db');
    runSqlite3(
      made,
      [
        "CREATE TABLE kv(k TEXT PRIMARY KEY COLLATE NOCASE, v, w UNIQUE) WITHOUT ROWID;",
        'CREATE TABLE pair(x INT, y INT, z, PRIMARY KEY(y DESC, x)) WITHOUT ROWID;',
        'CREATE INDEX pz ON pair(z);',
        "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 400) INSERT INTO kv SELECT 'key' || i, printf('%.*c', i % 50, 'v'), i FROM s;",
        'WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 300) INSERT INTO pair SELECT i % 17, i, i % 5 FROM s;',
      ].join('\n'),
      { readonly: false },
    );
    const theirs = join(dir, 'cli-oracle.db');
    copyFileSync(made, theirs);
    const writes = [
      "DELETE FROM kv WHERE w % 3 = 0",
      "UPDATE kv SET k = upper(k) WHERE w % 7 = 1",
      "INSERT OR REPLACE INTO kv VALUES('KEY10', 'r', 1000), ('new', 'n', 2)",
      'UPDATE pair SET y = y + 1000 WHERE x = 3',
      'DELETE FROM pair WHERE z = 2',
      'INSERT INTO pair VALUES(1, 5000, 1), (2, 5001, 2)',
    ];
    const db = new Database(made);
    for (const s of writes) db.prepare(s).run();
    db.close();
    const ref = new BetterSqlite3(theirs);
    for (const s of writes) ref.prepare(s).run();
    ref.close();
    expect(sqliteIntegrityCheck(made)).toEqual(['ok']);
    for (const q of ['SELECT * FROM kv', 'SELECT * FROM pair', 'SELECT z, x, y FROM pair INDEXED BY pz ORDER BY z']) {
      expect(sqliteQuery(made, q)).toEqual(sqliteQuery(theirs, q));
      expect(bsqValues(made, q)).toEqual(bsqValues(theirs, q));
    }
  });
});

/** A random WITHOUT ROWID schema: its statements and the SELECT listing its rows in PK order. */
interface Schema {
  create: string[];
  select: string;
  ncol: number;
  /** The PRIMARY KEY's column names (an ON CONFLICT target). */
  pk: string[];
  /** Triggers log into table `log`. */
  log: boolean;
}

const TYPES = ['INT', 'TEXT', 'REAL', '', 'TEXT COLLATE NOCASE', 'NUMERIC'];
const schemaArb: fc.Arbitrary<Schema> = fc
  .record({
    types: fc.array(fc.constantFrom(...TYPES), { minLength: 3, maxLength: 5 }),
    pk: fc.array(fc.record({ at: fc.nat(), desc: fc.boolean(), nocase: fc.boolean() }), { minLength: 1, maxLength: 3 }),
    inline: fc.boolean(),
    unique: fc.option(fc.record({ cols: fc.array(fc.nat(), { minLength: 1, maxLength: 2 }), or: fc.constantFrom('', ' ON CONFLICT REPLACE', ' ON CONFLICT IGNORE') }), { nil: null }),
    indexes: fc.array(fc.record({ cols: fc.array(fc.record({ at: fc.nat(), desc: fc.boolean() }), { minLength: 1, maxLength: 2 }), unique: fc.boolean() }), { maxLength: 2 }),
    triggers: fc.boolean(),
  })
  .map(({ types, pk, inline, unique, indexes, triggers }) => {
    const n = types.length;
    const seen = new Set<number>();
    const key = pk.map((p) => ({ ...p, at: p.at % n })).filter((p) => !seen.has(p.at) && seen.add(p.at));
    const col = (i: number): string => `c${i}`;
    const cols = types.map((t, i) => `${col(i)}${t ? ' ' + t : ''}`);
    const term = (p: { at: number; desc: boolean; nocase: boolean }): string => `${col(p.at)}${p.nocase ? ' COLLATE NOCASE' : ''}${p.desc ? ' DESC' : ''}`;
    const constraints: string[] = [];
    if (inline && key.length === 1) cols[key[0].at] += ` PRIMARY KEY${key[0].desc ? ' DESC' : ''}`;
    else constraints.push(`PRIMARY KEY(${key.map(term).join(', ')})`);
    if (unique) constraints.push(`UNIQUE(${[...new Set(unique.cols.map((c) => c % n))].map(col).join(', ')})${unique.or}`);
    const create = [`CREATE TABLE t(${[...cols, ...constraints].join(', ')}) WITHOUT ROWID`];
    indexes.forEach((ix, k) => create.push(`CREATE ${ix.unique ? 'UNIQUE ' : ''}INDEX i${k} ON t(${[...new Map(ix.cols.map((c) => [c.at % n, c])).values()].map((c) => `${col(c.at % n)}${c.desc ? ' DESC' : ''}`).join(', ')})`));
    if (triggers) {
      // Logged into a rowid table.
      create.push('CREATE TABLE log(e, a, b)');
      create.push("CREATE TRIGGER tbu BEFORE UPDATE ON t BEGIN INSERT INTO log VALUES('bu', OLD.c0, NEW.c0); END");
      create.push("CREATE TRIGGER tau AFTER UPDATE OF c1 ON t BEGIN INSERT INTO log VALUES('au', OLD.c1, NEW.c1); END");
      create.push("CREATE TRIGGER tbi BEFORE INSERT ON t BEGIN INSERT INTO log VALUES('bi', NEW.c0, (SELECT count(*) FROM t)); END");
      create.push("CREATE TRIGGER tai AFTER INSERT ON t BEGIN INSERT INTO log VALUES('ai', NEW.c0, NEW.c1); END");
      create.push("CREATE TRIGGER tad AFTER DELETE ON t BEGIN INSERT INTO log VALUES('ad', OLD.c0, OLD.c2); END");
    }
    // The PK's order: a column constraint's collation is the column's (inline keys never say NOCASE).
    const order = inline && key.length === 1 ? [`${col(key[0].at)}${key[0].desc ? ' DESC' : ''}`] : key.map(term);
    return { create, select: `SELECT * FROM t ORDER BY ${order.join(', ')}`, ncol: n, pk: key.map((p) => col(p.at)), log: triggers };
  });

const VALUES = ['0', '1', '2', '3', "'a'", "'A'", "'b'", "'B '", '1.5', '2.0', 'NULL', "X'00'", "'2'"];
const value = fc.constantFrom(...VALUES);
const OR = fc.constantFrom('', ' OR IGNORE', ' OR REPLACE', ' OR FAIL', ' OR ABORT', ' OR ROLLBACK');
function statementArb(ncol: number, pk: string[]): fc.Arbitrary<string> {
  const c = fc.nat({ max: ncol - 1 }).map((i) => `c${i}`);
  const row = fc.array(value, { minLength: ncol, maxLength: ncol }).map((v) => `(${v.join(', ')})`);
  const ret = fc.constantFrom('', '', ' RETURNING *');
  return fc.oneof(
    { weight: 4, arbitrary: fc.tuple(OR, fc.array(row, { minLength: 1, maxLength: 3 }), ret).map(([or, rows, r]) => `INSERT${or} INTO t VALUES ${rows.join(', ')}${r}`) },
    { weight: 3, arbitrary: fc.tuple(OR, c, value, c, value, ret).map(([or, a, v, w, x, r]) => `UPDATE${or} t SET ${a} = ${v} WHERE ${w} = ${x}${r}`) },
    { weight: 1, arbitrary: fc.tuple(OR, c, c).map(([or, a, b]) => `UPDATE${or} t SET ${a} = ${b}`) },
    { weight: 2, arbitrary: fc.tuple(c, value, ret).map(([w, x, r]) => `DELETE FROM t WHERE ${w} = ${x}${r}`) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.array(row, { minLength: 1, maxLength: 2 }),
          fc.oneof(fc.constant(''), fc.constant(`(${pk.join(', ')})`), fc.array(c, { minLength: 1, maxLength: 2 }).map((cs) => `(${[...new Set(cs)].join(', ')})`)),
          fc.oneof(
            fc.constant(' DO NOTHING'),
            fc.tuple(c, c, fc.constantFrom('', ' WHERE excluded.c0 IS NOT NULL', ' WHERE t.c1 <> 1')).map(([a, x, wh]) => ` DO UPDATE SET ${a} = excluded.${x}${wh}`),
            fc.tuple(c, value).map(([a, v]) => ` DO UPDATE SET ${a} = ${v}`),
          ),
          ret,
        )
        .map(([rows, target, action, r]) => `INSERT INTO t VALUES ${rows.join(', ')} ON CONFLICT${target}${target === '' && action !== ' DO NOTHING' ? ' DO NOTHING' : action}${r}`),
    },
  );
}

describe('property: random WITHOUT ROWID schemas and writes, Strata = SQLite', () => {
  it('agrees statement by statement and leaves a sound file', () => {
    fc.assert(
      fc.property(
        schemaArb.chain((s) => fc.tuple(fc.constant(s), fc.array(statementArb(s.ncol, s.pk), { minLength: 4, maxLength: 14 }))),
        ([s, stmts]) => {
          const log = s.log ? [{ name: 'log', select: 'SELECT * FROM log ORDER BY rowid' }] : [];
          agree(['BEGIN', ...s.create, 'COMMIT', ...stmts, 'PRAGMA integrity_check'], [{ name: 't', select: s.select }, ...log]);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
