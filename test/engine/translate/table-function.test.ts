/**
 * Table-valued functions in FROM. json_each / json_tree against better-sqlite3 (SQLite 3.53):
 * every column (HIDDEN ones included), paths, joins, WHERE, subqueries, errors. generate_series
 * against the sqlite3 CLI 3.40 (better-sqlite3's build lacks the series extension), skipped with a
 * printed reason when the CLI is absent.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';
import { sqlite3Available } from '../../support/sqlite3-cli.js';
import { JsonOracle } from '../functions/json-oracle.js';

const JSON_CASES: string[] = [
  String.raw`SELECT * FROM json_each('{"a":1,"b":[2,3],"c":{"d":"x"}}')`,
  String.raw`SELECT * FROM json_tree('{"a":1,"b":[2,{"e":null}],"c":{"d":"x"}}')`,
  String.raw`SELECT * FROM json_each('[1,[2]]','$[1]')`,
  String.raw`SELECT * FROM json_each('5')`,
  String.raw`SELECT * FROM json_tree('{"a":[1]}','$.a')`,
  String.raw`SELECT * FROM json_each('{"a":1}','$.x')`,
  String.raw`SELECT * FROM json_each(NULL)`,
  String.raw`SELECT * FROM json_each('[1')`,
  String.raw`SELECT * FROM json_each('{"a b":1,"c.d":2,"":3}')`,
  String.raw`SELECT * FROM json_tree('{"a b":{"x":1}}')`,
  String.raw`SELECT key, value, type, atom, id, parent, fullkey, path, json, root FROM json_each('[1]')`,
  String.raw`SELECT json_group_array(value), json_group_object(key, value) FROM json_each('{"a":1,"b":[2]}')`,
  String.raw`SELECT fullkey, path FROM json_tree('{"a_b":{"A1":[{"1a":1,"é":2,"a$":3}]}}')`,
  String.raw`SELECT * FROM json_each('{"a":{"b":1}}', '$.a.b')`,
  String.raw`SELECT * FROM json_tree('[1,[2,[3]]]', '$[1][1]')`,
  String.raw`SELECT * FROM json_each('[1]', 'x')`,
  String.raw`SELECT * FROM json_each('[1]', '$[')`,
  String.raw`SELECT * FROM json_each('[1,2]', NULL)`,
  String.raw`SELECT * FROM json_each()`,
  String.raw`SELECT * FROM json_each('[1]','$','x')`,
  String.raw`SELECT e.value, t.key FROM json_each('[1,2]') e JOIN json_each('{"x":1,"y":2}') t ON e.value = t.value`,
  String.raw`SELECT value FROM json_each('[3,1,2]') WHERE value > 1 ORDER BY value`,
  String.raw`SELECT count(*), sum(value) FROM json_tree('[1,[2,3],{"a":4}]') WHERE atom IS NOT NULL`,
  String.raw`SELECT * FROM json_each('{"\u0061":1, "b\"c":2}')`,
  String.raw`SELECT key FROM json_tree('{"a":{"b":{"c":[true,false,null,1.5,"s"]}}}')`,
  String.raw`SELECT id, parent FROM json_tree('{"a":"' || printf('%.300c', 'x') || '","b":[1,2]}')`,
  String.raw`SELECT (SELECT count(*) FROM json_each('[1,2,3]'))`,
  String.raw`SELECT x, (SELECT group_concat(value) FROM json_each(x)) FROM (SELECT '[1,2]' AS x UNION ALL SELECT '[3]')`,
  String.raw`SELECT * FROM nosuch_func(1)`,
  String.raw`SELECT * FROM json_each('[0x10, .5, Infinity, NaN, ''x'']')`,
  String.raw`SELECT json_object('a', value) FROM json_each('[[1],{"x":2},"s"]')`,
  String.raw`SELECT json_array(e.value, e.atom) FROM json_each('[[1],{"x":2},"s", null]') e`,
];

describe('json_each / json_tree vs SQLite 3.53', () => {
  const o = new JsonOracle();
  afterAll(() => o.close());
  it(`${JSON_CASES.length} hand-picked queries agree`, () => {
    const diffs: string[] = [];
    for (const sql of JSON_CASES) {
      const want = o.expected(sql);
      const got = o.actual(sql);
      if (want !== got) diffs.push(`${sql}\n  want ${want}\n  got  ${got}`);
    }
    expect(diffs).toEqual([]);
  });
  it('arguments reading an earlier table of the same FROM (joins, LEFT JOIN, WHERE, EXISTS)', () => {
    o.exec(`CREATE TABLE t(id INTEGER PRIMARY KEY, j TEXT);
      INSERT INTO t VALUES (1, '[1,2,3]'), (2, '{"a":[2,{"b":null}],"c":"x"}'), (3, NULL), (4, '[]'), (5, '{"a":5}')`);
    const queries = [
      'SELECT t.id, e.key, e.value, e.type FROM t, json_each(t.j) e ORDER BY 1, e.id',
      'SELECT t.id, e.fullkey, e.path, e.parent FROM t JOIN json_tree(t.j) e ORDER BY 1, e.id',
      'SELECT t.id, count(e.key) FROM t LEFT JOIN json_each(t.j) e GROUP BY t.id ORDER BY 1',
      'SELECT id FROM t WHERE EXISTS (SELECT 1 FROM json_each(t.j) WHERE value = 2) ORDER BY 1',
      "SELECT t.id, e.value FROM t, json_each(t.j, '$.a') e WHERE e.value > 1 ORDER BY 1, 2",
      'SELECT t.id, json_group_array(e.value) FROM t, json_tree(t.j) e WHERE e.atom IS NOT NULL GROUP BY t.id ORDER BY 1',
      'SELECT a.id, b.id FROM t a, json_each(a.j) e, t b WHERE b.id = e.value ORDER BY 1, 2',
    ];
    const diffs: string[] = [];
    for (const sql of queries) {
      const want = o.expected(sql);
      const got = o.actual(sql);
      if (want !== got) diffs.push(`${sql}\n  want ${want}\n  got  ${got}`);
    }
    expect(diffs).toEqual([]);
  });
});

const SERIES_CASES = [
  'SELECT * FROM generate_series(1,10,3)',
  'SELECT value, start, stop, step FROM generate_series(10,1,-3)',
  'SELECT value, start, stop, step FROM generate_series(1,10,-3)',
  'SELECT * FROM generate_series(1,3,0)',
  "SELECT value,start,stop,step FROM generate_series(1.5,'3',0)",
  "SELECT * FROM generate_series('a', 3)",
  'SELECT * FROM generate_series(NULL, 3)',
  'SELECT * FROM generate_series(1, NULL)',
  'SELECT * FROM generate_series(1,3,NULL)',
  "SELECT typeof(value) FROM generate_series('2', '3')",
  'SELECT * FROM generate_series(3,1)',
  'SELECT * FROM generate_series(-5,5,4)',
  'SELECT * FROM generate_series(4294967290, 4294967300, 4)',
  'SELECT * FROM generate_series(1,3) a JOIN generate_series(2,4) b ON a.value=b.value',
  'SELECT value FROM generate_series(1,10) WHERE value > 7',
  'SELECT value FROM generate_series(1,100,7) ORDER BY value DESC LIMIT 3',
  'SELECT sum(value), count(*) FROM generate_series(1,1000)',
  'SELECT a.value * b.value FROM generate_series(1,3) a, generate_series(1,3) b WHERE a.value <= b.value',
  'SELECT (SELECT count(*) FROM generate_series(1, x)) FROM (SELECT 3 AS x UNION ALL SELECT 5)',
  'SELECT json_group_array(value) FROM generate_series(1,4)',
  'SELECT x, value FROM (SELECT 2 AS x UNION ALL SELECT 3) s, generate_series(1, s.x) ORDER BY 1, 2',
  'SELECT x, count(value) FROM (SELECT 0 AS x UNION ALL SELECT 3) s LEFT JOIN generate_series(1, s.x) GROUP BY x ORDER BY 1',
  'SELECT * FROM generate_series()',
  'SELECT * FROM generate_series(1,2,3,4)',
];

function cliRows(sql: string): string {
  try {
    return execFileSync('sqlite3', ['-cmd', '.mode quote', ':memory:', sql], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    const msg = String((e as { stderr?: string }).stderr ?? e);
    return `error: ${msg.replace(/^(Parse error|Error): (in prepare, )?/, '').split('\n')[0].trim()}`;
  }
}

function quote(v: unknown): string {
  if (v === null) return 'NULL';
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  return String(v);
}

function strataRows(db: Database, sql: string): string {
  try {
    return (db.prepare(sql).raw(true).safeIntegers(true).all() as unknown[][]).map((r) => r.map(quote).join(',')).join('\n');
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

describe('generate_series vs the sqlite3 CLI (series.c)', () => {
  const have = sqlite3Available();
  if (!have) console.log('sqlite3 CLI not found: generate_series oracle tests skipped');
  it.skipIf(!have)(`${SERIES_CASES.length} queries agree`, () => {
    const db = new Database(':memory:');
    const diffs: string[] = [];
    for (const sql of SERIES_CASES) {
      const want = cliRows(sql);
      const got = strataRows(db, sql);
      if (want !== got) diffs.push(`${sql}\n  want ${want}\n  got  ${got}`);
    }
    db.close();
    expect(diffs).toEqual([]);
  });
});
