/**
 * The text SQLite keeps in sqlite_schema: for CREATE TABLE / INDEX / VIEW / TRIGGER / VIRTUAL
 * TABLE statements written with random spacing and comments between their tokens, `storedSql`
 * equals what better-sqlite3 stores, and for ALTER TABLE … ADD COLUMN, `addedColumnSql` is the
 * text SQLite splices into the table's definition.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from './mode.js';
import { addedColumnSql, parseNext, storedSql, tokenize } from '../../../src/engine/parser/index.js';
import type { SchemaStatement } from '../../../src/engine/parser/index.js';

/** Statements, each creating the object named in the first column; `t0(a, b)` exists already. */
const CREATES: ReadonlyArray<readonly [string, string]> = [
  ['t1', 'CREATE TABLE t1(a INTEGER PRIMARY KEY, b TEXT NOT NULL DEFAULT (\'x\' || 1), c REAL CHECK (c > 0))'],
  ['t2', 'CREATE TABLE IF NOT EXISTS main.t2("a b" INT, [c], `d`, UNIQUE ("a b", c) ON CONFLICT IGNORE)'],
  ['t3', 'CREATE TABLE t3(a PRIMARY KEY, b) WITHOUT ROWID'],
  ['t4', 'CREATE TABLE t4(a INT PRIMARY KEY, b TEXT) STRICT, WITHOUT ROWID, STRICT'],
  ['t5', 'CREATE TEMP TABLE t5(a, b AS (a + 1) STORED)'],
  ['t6', "CREATE TABLE 't6'(a VARCHAR(10) COLLATE nocase, FOREIGN KEY (a) REFERENCES t0 (a) ON DELETE CASCADE)"],
  ['i1', 'CREATE INDEX i1 ON t0(a)'],
  ['i2', 'CREATE UNIQUE INDEX IF NOT EXISTS main.i2 ON t0(a DESC, b COLLATE nocase) WHERE b IS NOT NULL'],
  ['i3', 'CREATE INDEX i3 ON t0(a + b, lower(b))'],
  ['v1', 'CREATE VIEW v1 AS SELECT a, b FROM t0 WHERE a > 1'],
  ['v2', 'CREATE TEMP VIEW IF NOT EXISTS v2(x, y) AS SELECT * FROM t0 UNION ALL SELECT 1, 2 ORDER BY 1'],
  ['v3', 'CREATE VIEW main.v3 AS WITH w AS (SELECT 1 AS one) SELECT one FROM w'],
  ['r1', 'CREATE TRIGGER r1 AFTER INSERT ON t0 BEGIN UPDATE t0 SET b = new.a WHERE a = new.a; END'],
  ['r2', 'CREATE TRIGGER IF NOT EXISTS main.r2 BEFORE DELETE ON t0 FOR EACH ROW WHEN old.a > 0 BEGIN SELECT RAISE(ABORT, \'no\'); DELETE FROM t0 WHERE a = 0; END'],
  ['r3', 'CREATE TEMP TRIGGER r3 INSTEAD OF UPDATE OF a ON v0 BEGIN INSERT INTO t0 VALUES (new.a, new.b); END'],
  ['f1', 'CREATE VIRTUAL TABLE f1 USING fts5(a, b)'],
  ['f2', 'CREATE VIRTUAL TABLE IF NOT EXISTS main.f2 USING fts5 ( x )'],
  ['f3', 'CREATE VIRTUAL TABLE f3 USING rtree(id, minx, maxx)'],
  ['f4', 'CREATE VIRTUAL TABLE f4 USING rtree_i32(id, a, b)'],
];

/** Column definitions for ALTER TABLE t0 ADD COLUMN. */
const ADDS = [
  'ALTER TABLE t0 ADD COLUMN c INTEGER DEFAULT 0',
  "ALTER TABLE main.t0 ADD d TEXT NOT NULL DEFAULT 'x' COLLATE nocase",
  'ALTER TABLE t0 ADD COLUMN "e f" REFERENCES t0 (a)',
  'ALTER TABLE t0 ADD g AS (a * 2)',
  'ALTER TABLE t0 ADD COLUMN h',
] as const;

const SEPARATORS = [' ', ' ', ' ', '  ', '\n', '\t', ' /* c */ ', '/**/', ' -- c\n', '\n\n  '];

/** `sql` re-spaced: its tokens joined by generated separators, plus generated trailing text. */
const respaced = (sql: string): fc.Arbitrary<string> => {
  const toks = tokenize(sql).map((t) => t.text);
  return fc.tuple(
    fc.array(fc.constantFrom(...SEPARATORS), { minLength: toks.length + 1, maxLength: toks.length + 1 }),
    fc.constantFrom('', ';', ' ;', ';  -- end', '  ', ' /* tail */ ;', '\n'),
  ).map(([seps, tail]) => {
    let out = seps[0];
    // A comment must not swallow the token after it when the separator ends a `--` line.
    toks.forEach((t, i) => { out += t + (i + 1 < toks.length ? seps[i + 1] : ''); });
    return out + tail;
  });
};

function freshDb(): Database.Database {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t0(a, b); CREATE VIEW v0 AS SELECT a, b FROM t0;');
  return db;
}

function schemaSql(db: Database.Database, name: string): string | undefined {
  const row = db.prepare("SELECT sql FROM sqlite_schema WHERE name = ? UNION ALL SELECT sql FROM sqlite_temp_schema WHERE name = ?")
    .pluck().get(name, name);
  return row as string | undefined;
}

describe('storedSql and addedColumnSql equal what SQLite stores', () => {
  it('CREATE statements with generated spacing and comments', () => {
    fc.assert(
      fc.property(fc.nat({ max: CREATES.length - 1 }).chain((i) => respaced(CREATES[i][1]).map((sql) => [CREATES[i][0], sql] as const)), ([name, sql]) => {
        const db = freshDb();
        try {
          db.exec(sql);
          const parsed = parseNext(sql);
          expect(parsed).not.toBeNull();
          const ours = storedSql(sql, parsed?.statement as SchemaStatement);
          expect({ sql, stored: ours }).toEqual({ sql, stored: schemaSql(db, name) });
        } finally {
          db.close();
        }
      }),
      runs(400, 0x5c4e),
    );
  });

  it('ALTER TABLE … ADD COLUMN splices addedColumnSql into the table text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ADDS).chain(respaced), (sql) => {
        const db = freshDb();
        try {
          const before = schemaSql(db, 't0') as string;
          db.exec(sql);
          const parsed = parseNext(sql);
          if (parsed === null || parsed.statement.type !== 'alter-table') throw new Error('not ALTER TABLE');
          const expected = `${before.slice(0, before.lastIndexOf(')'))}, ${addedColumnSql(sql, parsed.statement)})`;
          expect({ sql, stored: expected }).toEqual({ sql, stored: schemaSql(db, 't0') });
        } finally {
          db.close();
        }
      }),
      runs(200, 0xadd),
    );
  });

  it('column names, declared types and DEFAULT texts equal PRAGMA table_xinfo', () => {
    const columns = [
      'c VARCHAR ( 10 )', 'd "my type"', "e 'quoted type'", 'f UNSIGNED BIG INT', 'g DECIMAL(10, -2)',
      'h DEFAULT 1', 'i DEFAULT -1.5', 'j DEFAULT + 7', "k DEFAULT 'it''s'", "l DEFAULT X'0aFF'", 'm DEFAULT NULL',
      'n DEFAULT ( 1 +  2 )', 'o DEFAULT CURRENT_TIMESTAMP', 'p DEFAULT true', 'q DEFAULT "ident"', 'r DEFAULT abc',
      's INT GENERATED ALWAYS AS (a + 1)', 't TEXT AS (lower(b)) STORED', 'u INT NOT NULL DEFAULT (abs(-3))',
      '"v w" TEXT COLLATE nocase DEFAULT \'x\'', '[x] INT', '`y` BLOB DEFAULT (/* c */ 0x10 )', 'z DEFAULT 1_000',
      'aa GENERATED ALWAYS', 'ab INT GENERATED ALWAYS', 'ac  REAL  (  1 , 2 )  DEFAULT 0.5', 'ad DEFAULT -0x10',
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(columns).chain((cols) => respaced(`CREATE TABLE x(${['a', 'b INTEGER', ...cols].join(', ')})`)), (sql) => {
        const db = new Database(':memory:');
        try {
          db.exec(sql);
          const info = db.prepare('PRAGMA table_xinfo(x)').all() as Array<{ name: string; type: string; dflt_value: string | null }>;
          const parsed = parseNext(sql);
          if (parsed === null || parsed.statement.type !== 'create-table') throw new Error('not CREATE TABLE');
          const ours = parsed.statement.columns.map((c) => {
            const d = c.constraints.find((k) => k.type === 'default');
            return { name: c.name, type: c.type ?? '', dflt_value: d?.type === 'default' ? d.span : null };
          });
          expect({ sql, columns: ours }).toEqual({ sql, columns: info.map((r) => ({ name: r.name, type: r.type, dflt_value: r.dflt_value })) });
        } finally {
          db.close();
        }
      }),
      runs(300, 0x7ab1e),
    );
  });

  it('CREATE TABLE … AS has no stored text of its own', () => {
    const parsed = parseNext('CREATE TABLE x AS SELECT 1');
    expect(storedSql('CREATE TABLE x AS SELECT 1', parsed?.statement as SchemaStatement)).toBeNull();
  });
});

describe('result column spans', () => {
  it('an unaliased expression column is named by its span, as SQLite names it', () => {
    const exprs = ['1 +  /* c */ 2', "'a'||'b'", 'abs( -1 )', 'CAST(1 AS TEXT)', '(1, 2) = (1, 2)', 'x\'00\'', '?', 'count(*)',
      'CASE WHEN 1 THEN 2 END', '1 BETWEEN 0 AND 2', "'é' || 'ü'", '-  1', 'NOT 0', '(SELECT 1)', 'a + 1', 't.a || b'];
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t(a, b)');
    fc.assert(
      fc.property(fc.shuffledSubarray(exprs, { minLength: 1 }).chain((list) => respaced(`SELECT ${list.join(' , ')} FROM t`)), (sql) => {
        const names = db.prepare(sql).columns().map((c) => c.name);
        const parsed = parseNext(sql);
        if (parsed === null || parsed.statement.type !== 'select' || parsed.statement.first.type !== 'select-core') throw new Error('no SELECT');
        const spans = parsed.statement.first.columns.map((c) => (c.type === 'expr' ? c.span : '*'));
        expect({ sql, names: spans }).toEqual({ sql, names });
      }),
      runs(200, 0x5ba2),
    );
    db.close();
  });
});
