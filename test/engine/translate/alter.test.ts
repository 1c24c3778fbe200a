/**
 * ALTER TABLE against SQLite: each script runs on Strata and on better-sqlite3 (alter-oracle.ts);
 * statement outcomes (error messages included), sqlite_schema rows, table contents, PRAGMA
 * table_info and what each engine reads back must be the same, and SQLite must find Strata's file
 * intact.
 */
import { describe, expect, it } from 'vitest';
import { runBoth } from './alter-oracle.js';

const BASE = [
  'CREATE TABLE t(a INTEGER PRIMARY KEY AUTOINCREMENT, b TEXT UNIQUE, c REAL DEFAULT 1.5, d, e CHECK (e > 0), f, g, UNIQUE (f, g))',
  'CREATE INDEX t_d ON t(d DESC, c)',
  'CREATE TABLE p(x INTEGER PRIMARY KEY, y REFERENCES t(b), z, FOREIGN KEY (z) REFERENCES t(a))',
  'CREATE VIEW v AS SELECT t.c, d AS dd, (SELECT count(*) FROM t AS t2 WHERE t2.d = t.d) AS n FROM t WHERE t.b > \'a\' ORDER BY d',
  'CREATE TRIGGER tr AFTER INSERT ON p BEGIN UPDATE t SET d = new.z WHERE b = new.y; INSERT INTO t(b, d) VALUES (new.y || \'!\', new.x); END',
  "INSERT INTO t(b, c, d, e, f, g) VALUES ('a', 2, 3, 1, 1, 1), ('b', 2.5, 'x', 2, 1, 2), ('c', NULL, x'00ff', 3, NULL, NULL)",
  "INSERT INTO p VALUES (1, 'a', 1), (2, 'b', 2)",
];

function check(script: readonly string[]): void {
  const { strata, oracle, cli } = runBoth(script);
  expect(strata.outcomes).toEqual(oracle.outcomes);
  expect(strata.schema).toEqual(oracle.schema);
  expect(strata.rows).toEqual(oracle.rows);
  expect(strata.tableInfo).toEqual(oracle.tableInfo);
  expect(strata.live).toEqual(oracle.live);
  expect(strata.integrity).toEqual(['ok']);
  expect(cli.strata).toBe(cli.oracle);
}

describe('ALTER TABLE … RENAME TO', () => {
  it('renames the table, its indexes, references, views, triggers and sqlite_sequence row', () => {
    check([...BASE, 'ALTER TABLE t RENAME TO u', "INSERT INTO u(b) VALUES ('z')", 'INSERT INTO p VALUES (3, \'c\', 3)']);
  });
  it('renames twice, with a quoted and a mixed-case name', () => {
    check([...BASE, 'ALTER TABLE t RENAME TO "new table"', 'ALTER TABLE "NEW TABLE" RENAME TO T2', 'SELECT * FROM v']);
  });
  it('reports SQLite errors', () => {
    check([
      ...BASE,
      'ALTER TABLE nope RENAME TO x',
      'ALTER TABLE main.nope RENAME TO x',
      'ALTER TABLE t RENAME TO p',
      'ALTER TABLE t RENAME TO t_d',
      'ALTER TABLE t RENAME TO V',
      'ALTER TABLE t RENAME TO sqlite_x',
      'ALTER TABLE sqlite_schema RENAME TO x',
      'ALTER TABLE sqlite_sequence RENAME TO x',
      'ALTER TABLE v RENAME TO x',
    ]);
  });
  it('leaves aliases and other tables alone', () => {
    check([
      'CREATE TABLE a(x, y)',
      'CREATE TABLE b(x, y)',
      'CREATE VIEW w AS SELECT a.x, q.y FROM a JOIN b AS q ON a.x = q.x WHERE a.y IN (SELECT a.y FROM a AS a2)',
      'CREATE VIEW w2 AS WITH a AS (SELECT 1 AS x) SELECT a.x FROM a',
      'CREATE INDEX ai ON a(y, x)',
      'INSERT INTO a VALUES (1, 2), (3, 4)',
      'INSERT INTO b VALUES (1, 5)',
      'ALTER TABLE a RENAME TO aa',
      'SELECT * FROM w',
    ]);
  });
});

describe('ALTER TABLE … RENAME COLUMN', () => {
  it('renames in the table, indexes, CHECK, views and triggers', () => {
    check([...BASE, 'ALTER TABLE t RENAME COLUMN d TO dee', 'ALTER TABLE t RENAME e TO "E 2"', 'ALTER TABLE t RENAME f TO [ff]', 'INSERT INTO p VALUES (3, \'c\', 9)']);
  });
  it('renames a referenced parent key and the INTEGER PRIMARY KEY', () => {
    check([...BASE, 'ALTER TABLE t RENAME b TO bb', 'ALTER TABLE t RENAME COLUMN a TO id', 'ALTER TABLE p RENAME z TO zz']);
  });
  it('renames in UPDATE OF, INSERT column lists and SET targets of triggers', () => {
    check([
      'CREATE TABLE s(k INTEGER PRIMARY KEY, m, n)',
      'CREATE TABLE log(k, m)',
      'CREATE TRIGGER s_up AFTER UPDATE OF m, n ON s WHEN new.m <> old.m BEGIN INSERT INTO log(k, m) VALUES (new.k, new.m); UPDATE log SET m = old.m WHERE k = old.k; END',
      'ALTER TABLE s RENAME m TO mm',
      'ALTER TABLE log RENAME COLUMN m TO lm',
      'INSERT INTO s VALUES (1, 2, 3)',
    ]);
  });
  it('reports SQLite errors', () => {
    check([
      ...BASE,
      'ALTER TABLE t RENAME q TO r',
      'ALTER TABLE t RENAME "q" TO r',
      'ALTER TABLE t RENAME [q] TO r',
      'ALTER TABLE t RENAME c TO D',
      'ALTER TABLE v RENAME c TO x',
      'ALTER TABLE sqlite_master RENAME name TO x',
      'ALTER TABLE nope RENAME a TO b',
    ]);
  });
});

describe('ALTER TABLE … RENAME COLUMN quoting', () => {
  it('quotes as renameEditSql: bare for bare tokens, "new" (plus a space before a quote) otherwise', () => {
    check([
      'CREATE TABLE t(a, "b", [c], `d`)',
      'CREATE VIEW v AS SELECT a"x", "b"\'y\', [c], `d` FROM t',
      'CREATE INDEX ti ON t(a, "b")',
      'ALTER TABLE t RENAME a TO aa',
      'ALTER TABLE t RENAME b TO bb',
      'ALTER TABLE t RENAME COLUMN aa TO "a a"',
      'ALTER TABLE t RENAME c TO [select]',
      'ALTER TABLE t RENAME d TO `x""y`',
      'SELECT * FROM v',
    ]);
  });
});

describe('ALTER TABLE in a transaction', () => {
  it('is rolled back with the transaction, schema included', () => {
    check([
      'CREATE TABLE t(a, b UNIQUE)',
      'INSERT INTO t VALUES (1, 2)',
      'BEGIN',
      'ALTER TABLE t ADD c DEFAULT 3',
      'ALTER TABLE t RENAME TO u',
      'INSERT INTO u VALUES (4, 5, 6)',
      'ROLLBACK',
      'INSERT INTO t VALUES (7, 8)',
      'BEGIN',
      'ALTER TABLE t DROP COLUMN a',
      'ALTER TABLE t RENAME b TO bb',
      'COMMIT',
    ]);
  });
});

describe('ALTER TABLE … ADD COLUMN', () => {
  it('splices the definition into the stored SQL and old rows read the default', () => {
    check([
      ...BASE,
      "ALTER TABLE t ADD COLUMN h INT DEFAULT '7'",
      'ALTER TABLE t ADD i TEXT DEFAULT 5 ;  ',
      'ALTER TABLE t ADD COLUMN j REAL DEFAULT -2',
      "ALTER TABLE t ADD k BLOB DEFAULT x'0102'",
      'ALTER TABLE t ADD l DEFAULT TRUE',
      "ALTER TABLE t ADD m DEFAULT (CAST('3' AS INTEGER))",
      'ALTER TABLE t ADD n NOT NULL DEFAULT 0 COLLATE NOCASE',
      'ALTER TABLE t ADD o /* comment */ VARCHAR(5) DEFAULT +1.5e3 -- trailing',
      'ALTER TABLE p ADD w',
      "INSERT INTO t(b) VALUES ('new')",
      'UPDATE t SET d = 9 WHERE a = 1',
      'CREATE INDEX t_h ON t(h, n)',
      'SELECT * FROM t WHERE h = 7',
    ]);
  });
  it('checks CHECK constraints against the rows already there (quick_check)', () => {
    check([
      'CREATE TABLE t(a CHECK (a > 0), b, CONSTRAINT pos CHECK (b IS NULL OR b < 10))',
      'CREATE TABLE e(a CHECK (a > 0))',
      'INSERT INTO t VALUES (1, 2), (3, NULL)',
      'ALTER TABLE t ADD c INT DEFAULT 0 CHECK (c > 0)',
      'ALTER TABLE t ADD c INT DEFAULT 5 CHECK (c > a)',
      'ALTER TABLE t ADD d INT CHECK (d > 0)',
      'ALTER TABLE t ADD e DEFAULT 20 CHECK (e + b < 10)',
      'ALTER TABLE e ADD c INT DEFAULT 0 CHECK (c > 0)',
      'INSERT INTO t(a, b) VALUES (1, 1)',
    ]);
  });
  it('adds to a table without constraints after its last column', () => {
    check(['CREATE TABLE s(a)', 'INSERT INTO s VALUES (1)', 'ALTER TABLE s ADD b', 'ALTER TABLE s ADD COLUMN "c d" DEFAULT \'x\'', 'INSERT INTO s VALUES (2, 3, 4)']);
  });
  it('reports SQLite errors, some only when the table has rows', () => {
    check([
      ...BASE,
      'CREATE TABLE empty(q)',
      'ALTER TABLE t ADD COLUMN c',
      'ALTER TABLE t ADD COLUMN "C"',
      'ALTER TABLE t ADD h PRIMARY KEY',
      'ALTER TABLE t ADD h UNIQUE',
      'ALTER TABLE t ADD h NOT NULL',
      'ALTER TABLE t ADD h NOT NULL DEFAULT NULL',
      'ALTER TABLE t ADD h DEFAULT (1 + 1)',
      'ALTER TABLE t ADD h DEFAULT CURRENT_TIME',
      'ALTER TABLE v ADD x',
      'ALTER TABLE sqlite_schema ADD x',
      'ALTER TABLE empty ADD h NOT NULL',
      'ALTER TABLE empty ADD i DEFAULT (1 + 1)',
      'INSERT INTO empty(q) VALUES (1)',
    ]);
  });
});

describe('ALTER TABLE … DROP COLUMN', () => {
  it('cuts the definition and rewrites every row', () => {
    check([...BASE, 'ALTER TABLE t DROP COLUMN e', 'ALTER TABLE p DROP COLUMN x', "INSERT INTO t(b, d) VALUES ('q', 1)"]);
  });
  it('drops the last column, and a column added later', () => {
    check([
      'CREATE TABLE s(a INTEGER PRIMARY KEY, b, c DEFAULT 4, PRIMARY KEY (a))'.replace(', PRIMARY KEY (a)', ''),
      'INSERT INTO s VALUES (1, 2, 3), (2, 5, NULL)',
      "ALTER TABLE s ADD d DEFAULT 'dd'",
      'ALTER TABLE s DROP c',
      'ALTER TABLE s DROP COLUMN d',
      'CREATE TABLE r(a, b, c, UNIQUE (a), UNIQUE (b))',
      'INSERT INTO r VALUES (1, 2.5, 3)',
      'ALTER TABLE r DROP c',
      'ALTER TABLE r DROP b',
    ]);
  });
  it('keeps generated columns right: VIRTUAL ones out of the record, STORED ones copied', () => {
    check([
      "CREATE TABLE t(a, b AS (a * 2), c, d AS (c || 'x') STORED, e, g AS (e + 1))",
      'INSERT INTO t(a, c, e) VALUES (1, 2, 3), (4, 5, 6)',
      'ALTER TABLE t DROP g',
      'ALTER TABLE t DROP e',
      'ALTER TABLE t ADD f DEFAULT 9',
      'ALTER TABLE t ADD h AS (f - a)',
      'ALTER TABLE t ADD i AS (a) STORED',
      'ALTER TABLE t RENAME c TO cc',
      'ALTER TABLE t DROP a',
      'ALTER TABLE t DROP cc',
      'INSERT INTO t(a, cc) VALUES (7, 8)',
    ]);
  });
  it('reports SQLite errors', () => {
    check([
      ...BASE,
      'ALTER TABLE t DROP COLUMN a',
      'ALTER TABLE t DROP b',
      'ALTER TABLE t DROP c',
      'ALTER TABLE t DROP d',
      'ALTER TABLE t DROP f',
      'ALTER TABLE t DROP zz',
      'ALTER TABLE t DROP "zz"',
      'ALTER TABLE t DROP rowid',
      'ALTER TABLE v DROP c',
      'ALTER TABLE p DROP z',
      'CREATE TABLE one(q)',
      'ALTER TABLE one DROP q',
      'CREATE TABLE s(k, m)',
      'CREATE TRIGGER s_tr AFTER INSERT ON one BEGIN UPDATE s SET k = new.q; END',
      'ALTER TABLE s DROP COLUMN k',
      'ALTER TABLE s DROP COLUMN m',
    ]);
  });
});
