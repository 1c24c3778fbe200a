/**
 * The AST keeps the meaning: for the queries of the sqllogictest files, SQLite returns the same
 * rows (as a multiset) for the original text and for our printed AST, on the file's own tables.
 * A misparse the printer reproduces faithfully — a join kind, LIMIT a, b read the wrong way round,
 * a compound operator, a sort direction, an operand bound to the wrong operator — changes the
 * printed query and so, almost always, its rows.
 *
 * In `npm test` every tenth query runs (about 900); `npm run test:parser` runs all of them
 * (about 9,200, half a minute).
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { parseStatement, printStatement } from '../../../src/engine/parser/index.js';
import { CORPUS, ORACLE_SCHEMA } from './corpus.js';
import { DOCS, DOCS_SCHEMA } from './docs-corpus.js';
import { sltFiles, sltStatements } from './slt-statements.js';
import { SHARED_MISSING } from '../../support/shared.js';
import { FULL } from './mode.js';

const files = sltFiles();
if (files.length === 0) console.warn(SHARED_MISSING);
const STEP = FULL ? 1 : 10;

type Outcome = { rows: string[] } | { error: string };

function run(db: Database.Database, sql: string): Outcome {
  try {
    return { rows: (db.prepare(sql).raw().all() as unknown[][]).map((r) => JSON.stringify(r)).sort() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** A small data set with NULLs, duplicates, mixed types and case differences. */
const DATA = `
  CREATE TABLE p(id INTEGER PRIMARY KEY, name TEXT, grp TEXT, v REAL, j TEXT);
  INSERT INTO p VALUES (1, 'ann', 'a', 1.5, '{"x":1,"y":[1,2]}'), (2, 'Bob', 'b', NULL, '{"x":2}'),
    (3, 'cy', 'a', 3, NULL), (4, 'dee', NULL, -2, '[]'), (5, 'Ann', 'b', 3, '{"y":{"z":5}}'), (6, 'e_f', 'c', 0, '{}');
  CREATE TABLE q(id INTEGER PRIMARY KEY, pid INT, w INT, name TEXT);
  INSERT INTO q VALUES (10, 1, 5, 'ann'), (11, 1, 7, 'x'), (12, 3, NULL, 'cy'), (13, 9, 1, 'zz'), (14, 5, 5, 'Ann');
  CREATE TABLE r(k INTEGER PRIMARY KEY, n INT UNIQUE, s TEXT);
  INSERT INTO r VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c');
  CREATE INDEX qi ON q(pid);
  CREATE TABLE ids(i INT);
  INSERT INTO ids VALUES (1), (3);
`;

/** Queries over DATA touching the grammar the sqllogictest files leave out. */
const QUERIES = [
  'SELECT * FROM p LEFT JOIN q ON q.pid = p.id',
  'SELECT * FROM p RIGHT JOIN q ON q.pid = p.id',
  'SELECT * FROM p FULL OUTER JOIN q ON q.pid = p.id',
  'SELECT * FROM p NATURAL JOIN q',
  'SELECT * FROM p NATURAL LEFT JOIN q',
  'SELECT * FROM p JOIN q USING (name)',
  'SELECT * FROM p CROSS JOIN r',
  'SELECT * FROM p, q LEFT JOIN r ON r.k = q.w WHERE q.pid = p.id',
  'SELECT * FROM (p JOIN q ON q.pid = p.id) LEFT JOIN r ON r.k = p.id',
  'SELECT id FROM p ORDER BY id LIMIT 2, 3',
  'SELECT id FROM p ORDER BY id LIMIT 3 OFFSET 2',
  'SELECT id FROM p ORDER BY v DESC NULLS FIRST, id LIMIT 4',
  'SELECT id FROM p ORDER BY v ASC NULLS LAST, id DESC',
  'SELECT grp FROM p UNION SELECT name FROM q EXCEPT SELECT \'x\' INTERSECT SELECT grp FROM p',
  'SELECT grp FROM p UNION ALL SELECT grp FROM p EXCEPT SELECT \'a\'',
  'SELECT id FROM p INTERSECT SELECT pid FROM q UNION SELECT k FROM r ORDER BY 1 DESC LIMIT 3',
  'VALUES (1, 2), (3, 4) UNION ALL SELECT k, n FROM r',
  'SELECT DISTINCT grp FROM p',
  'SELECT grp, count(*), sum(v), total(v), avg(v), min(name), max(name COLLATE NOCASE) FROM p GROUP BY grp HAVING count(*) > 0',
  "SELECT group_concat(name, '-' ORDER BY name DESC), group_concat(DISTINCT grp) FROM p",
  'SELECT count(*) FILTER (WHERE v > 0), count(DISTINCT grp) FROM p',
  'SELECT id, sum(v) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM p',
  'SELECT id, sum(v) OVER (PARTITION BY grp ORDER BY id RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW EXCLUDE CURRENT ROW) FROM p',
  'SELECT id, count(*) OVER (ORDER BY v GROUPS BETWEEN 1 PRECEDING AND 1 FOLLOWING EXCLUDE TIES) FROM p',
  'SELECT id, rank() OVER w, dense_rank() OVER w, row_number() OVER (w ROWS UNBOUNDED PRECEDING) FROM p WINDOW w AS (ORDER BY grp)',
  'SELECT id, lag(name, 1, \'-\') OVER win, lead(name) OVER win, first_value(id) OVER win FROM p WINDOW win AS (PARTITION BY grp ORDER BY id)',
  'SELECT id, sum(id) FILTER (WHERE id % 2 = 0) OVER (ORDER BY id ROWS 2 PRECEDING EXCLUDE GROUP) FROM p',
  'WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 7) SELECT group_concat(n) FROM c',
  'WITH a AS MATERIALIZED (SELECT id FROM p WHERE v > 0), b(x) AS NOT MATERIALIZED (SELECT pid FROM q) SELECT * FROM a, b WHERE a.id = b.x',
  'SELECT id FROM p WHERE id IN (SELECT pid FROM q) AND NOT EXISTS (SELECT 1 FROM r WHERE r.k = p.id)',
  'SELECT id FROM p WHERE (id, grp) IN (VALUES (1, \'a\'), (5, \'b\')) OR (id, v) > (4, 0)',
  'SELECT id, (SELECT max(w) FROM q WHERE q.pid = p.id) FROM p',
  "SELECT CASE grp WHEN 'a' THEN 1 WHEN 'b' THEN 2 ELSE 3 END, CASE WHEN v IS NULL THEN 'n' END FROM p",
  'SELECT CAST(v AS INTEGER), CAST(id AS TEXT) || \'!\', CAST(\'12abc\' AS NUMERIC) FROM p',
  "SELECT name FROM p WHERE name LIKE 'a%' OR name GLOB '[A-C]*' OR name LIKE '%\\_%' ESCAPE '\\'",
  "SELECT name FROM p WHERE name = 'ANN' COLLATE NOCASE OR name NOT BETWEEN 'b' AND 'd'",
  'SELECT id FROM p WHERE v IS DISTINCT FROM 3 AND grp IS NOT DISTINCT FROM \'a\'',
  "SELECT j -> '$.x', j ->> '$.y', j -> 'y' ->> 'z' FROM p",
  'SELECT id FROM p WHERE grp ISNULL OR v NOTNULL AND v NOT NULL',
  'SELECT * FROM q AS x INDEXED BY qi WHERE pid > 2',
  'SELECT * FROM q NOT INDEXED WHERE pid > 2',
  'SELECT * FROM json_each(\'[1, 2, [3]]\') AS e WHERE e.type <> \'array\'',
  'SELECT id FROM p WHERE id IN ids OR id NOT IN main.ids',
  'SELECT -id, +v, ~id, NOT id, id << 2 | 1 & 3, 7 % id, id || name FROM p',
];

/** Statements that change DATA; the RETURNING rows and every table afterwards are compared. */
const CHANGES = [
  "INSERT INTO r (k, n, s) VALUES (2, 99, 'z') ON CONFLICT (k) DO UPDATE SET s = excluded.s || s WHERE n < 50 RETURNING *",
  "INSERT INTO r (k, n, s) VALUES (9, 10, 'z') ON CONFLICT (n) DO NOTHING ON CONFLICT DO UPDATE SET s = 'other' RETURNING k, n AS m",
  'INSERT INTO r SELECT id + 100, id * 100, name FROM p WHERE true ON CONFLICT DO NOTHING',
  "INSERT OR REPLACE INTO r VALUES (1, 20, 'replaced')",
  "REPLACE INTO r (n, s) VALUES (30, 'r')",
  'INSERT INTO r DEFAULT VALUES RETURNING k',
  'UPDATE p SET v = q.w FROM q WHERE q.pid = p.id RETURNING p.id, v',
  'UPDATE p SET (name, grp) = (SELECT s, \'z\' FROM r WHERE r.k = p.id) WHERE id < 3',
  'UPDATE OR IGNORE r SET n = n + 10 ORDER BY k DESC LIMIT 2',
  'DELETE FROM p WHERE v IS NULL OR grp = \'c\' RETURNING id, name',
  'DELETE FROM q ORDER BY w DESC NULLS FIRST LIMIT 2 OFFSET 1',
  'WITH d AS (SELECT id FROM p WHERE grp = \'a\') DELETE FROM q WHERE pid IN d',
];

function dump(db: Database.Database): unknown {
  return ['p', 'q', 'r'].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1`).raw().all());
}

function runChange(sql: string): unknown {
  const db = new Database(':memory:');
  db.exec(DATA);
  try {
    const st = db.prepare(sql);
    const rows = st.reader ? st.raw().all() : st.run().changes;
    return { rows, after: dump(db) };
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    db.close();
  }
}

/**
 * What SQLite records for every table and index of a database: columns (type, NOT NULL, default
 * value evaluated, primary key rank, hidden/generated), indexes (origin, unique, partial, key
 * columns with order and collation) and foreign keys. Default values are compared by value, as
 * the printed text of an expression differs.
 */
function describeSchema(db: Database.Database): unknown {
  const objects = db.prepare("SELECT type, name, tbl_name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name").raw().all() as string[][];
  const q = (sql: string): unknown[] => db.prepare(sql).raw().all();
  // A DEFAULT's value: CURRENT_* as written (its value depends on the clock), a bare name as
  // the string SQLite makes of it (`DEFAULT foo`, `DEFAULT "foo"` mean 'foo'), else evaluated.
  const value = (text: string | null): unknown => {
    if (text === null) return null;
    if (/^current_(time|date|timestamp)$/i.test(text)) return text.toUpperCase();
    try {
      return (db.prepare(`SELECT ${text}`).raw().get() as unknown[])[0];
    } catch {
      return /^["`[]/.test(text) ? text.slice(1, -1) : text;
    }
  };
  return objects.map(([type, name, table]) => {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    if (type === 'table') {
      const columns = (db.prepare(`PRAGMA table_xinfo(${quoted})`).all() as Array<Record<string, unknown>>)
        .map((c) => [c.name, c.type, c.notnull, value(c.dflt_value as string | null), c.pk, c.hidden]);
      const indexes = (db.prepare(`PRAGMA index_list(${quoted})`).all() as Array<Record<string, unknown>>)
        .map((i) => [i.origin, i.unique, i.partial, q(`PRAGMA index_xinfo("${String(i.name).replace(/"/g, '""')}")`)]);
      return { type, name, columns, indexes, foreignKeys: q(`PRAGMA foreign_key_list(${quoted})`) };
    }
    if (type === 'index') return { type, name, table, key: q(`PRAGMA index_xinfo(${quoted})`) };
    if (type === 'view') return { type, name, columns: q(`PRAGMA table_info(${quoted})`) };
    return { type, name, table };
  });
}

/** Runs `schema` then `sql` on a new database and describes the result, or gives the error. */
function afterDdl(schema: string, sql: string): unknown {
  const db = new Database(':memory:');
  try {
    db.exec(schema);
    db.exec(sql);
    return describeSchema(db);
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    db.close();
  }
}

describe('printed ASTs mean what the SQL meant', () => {
  it('CREATE/ALTER/DROP of the corpora: the same tables, columns, defaults, keys, indexes and views', () => {
    const ddl = (list: readonly string[]): string[] => list.filter((sql) => /^\s*(CREATE|ALTER|DROP)\b/i.test(sql));
    const cases = [
      ...ddl(CORPUS).map((sql) => ({ schema: ORACLE_SCHEMA, sql })),
      ...ddl(DOCS).map((sql) => ({ schema: DOCS_SCHEMA, sql })),
    ];
    let compared = 0;
    const mismatches: Array<{ sql: string; printed: string; original: unknown; again: unknown }> = [];
    for (const { schema, sql } of cases) {
      const original = afterDdl(schema, sql);
      if (typeof original === 'object' && original !== null && 'error' in original) continue; // SQLite refuses it
      const printed = printStatement(parseStatement(sql));
      const again = afterDdl(schema, printed);
      compared++;
      if (JSON.stringify(original) !== JSON.stringify(again)) mismatches.push({ sql, printed, original, again });
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(80);
  });

  it('queries over joins, compounds, LIMIT/OFFSET, windows, CTEs, operators: same rows', () => {
    const db = new Database(':memory:');
    db.exec(DATA);
    const mismatches = QUERIES
      .map((sql) => ({ sql, printed: printStatement(parseStatement(sql)) }))
      .map((x) => ({ ...x, original: run(db, x.sql), again: run(db, x.printed) }))
      .filter((x) => 'error' in x.original || JSON.stringify(x.original) !== JSON.stringify(x.again));
    db.close();
    expect(mismatches).toEqual([]);
  });

  it('INSERT (upsert, RETURNING), UPDATE … FROM, DELETE … LIMIT: same rows returned, same tables after', () => {
    const mismatches = CHANGES
      .map((sql) => ({ sql, printed: printStatement(parseStatement(sql)) }))
      .map((x) => ({ ...x, original: runChange(x.sql), again: runChange(x.printed) }))
      .filter((x) => 'error' in (x.original as object) || JSON.stringify(x.original) !== JSON.stringify(x.again));
    expect(mismatches).toEqual([]);
  });

  it.skipIf(files.length === 0)(`sqllogictest queries (every ${STEP === 1 ? '' : `${STEP}th `}query): same rows for original and printed`, () => {
    let compared = 0;
    const mismatches: Array<{ file: string; line: number; sql: string; printed: string }> = [];
    for (const file of files) {
      const db = new Database(':memory:');
      let q = 0;
      for (const st of sltStatements(file)) {
        if (st.kind !== 'query') {
          try {
            db.exec(st.sql);
          } catch {
            // `statement error` records fail by design.
          }
          continue;
        }
        if (q++ % STEP !== 0) continue;
        let printed: string;
        try {
          printed = printStatement(parseStatement(st.sql));
        } catch {
          continue; // rejected by SQLite too (accept.test.ts)
        }
        compared++;
        if (JSON.stringify(run(db, st.sql)) !== JSON.stringify(run(db, printed))) {
          mismatches.push({ file, line: st.line, sql: st.sql, printed });
        }
      }
      db.close();
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(STEP === 1 ? 9000 : 900);
  });
});
