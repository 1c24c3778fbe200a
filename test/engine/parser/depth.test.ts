/**
 * Expression depth: SQLite refuses to build an expression tree taller than 1000
 * ("Expression tree is too large (maximum depth 1000)") while it parses, and its parser stack
 * overflows on very deep nesting ("Recursion limit"). For each kind of expression wrapped around
 * a chain `1 + 1 + … + 1`, the longest chain we accept equals the longest SQLite accepts; around
 * subqueries SQLite's name resolution adds a stricter limit of its own, which we must never
 * undercut. Deeper input fails with an SqlParseError, never a crash.
 */
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqlParseError, parseStatement, printStatement } from '../../../src/engine/parser/index.js';

const db = new Database(':memory:');
db.exec('CREATE TABLE t(a)');
afterAll(() => db.close());

const TOO_LARGE = /Expression tree is too large/;

function sqliteFits(sql: string): boolean {
  try {
    db.prepare(sql);
    return true;
  } catch (e) {
    return !TOO_LARGE.test((e as Error).message);
  }
}

function ourFits(sql: string): boolean {
  try {
    parseStatement(sql);
    return true;
  } catch (e) {
    if (!(e instanceof SqlParseError)) throw e;
    return !TOO_LARGE.test(e.message);
  }
}

/** The longest chain `1 + 1 …` (in `+` operators) that `fits` inside `wrap`, by bisection. */
function longest(fits: (sql: string) => boolean, wrap: (chain: string) => string): number {
  let lo = 0;
  let hi = 1200;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (fits(`SELECT ${wrap('1' + ' + 1'.repeat(mid))}`)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Wrappers whose height SQLite checks while parsing. */
const PARSE_TIME: Record<string, (c: string) => string> = {
  plain: (c) => c, call: (c) => `abs(${c})`, 'call, third argument': (c) => `max(1, 2, ${c})`,
  'CASE WHEN': (c) => `CASE WHEN ${c} THEN 1 END`, 'CASE THEN': (c) => `CASE 1 WHEN 2 THEN ${c} END`,
  'CASE ELSE': (c) => `CASE 1 WHEN 2 THEN 3 ELSE ${c} END`, 'CASE operand': (c) => `CASE ${c} WHEN 2 THEN 3 END`,
  CAST: (c) => `CAST(${c} AS INT)`, minus: (c) => `- (${c})`, NOT: (c) => `NOT (${c})`, '~': (c) => `~ (${c})`,
  'row value': (c) => `(${c}, 1) = (1, 1)`, ISNULL: (c) => `(${c}) ISNULL`, 'NOT NULL': (c) => `(${c}) NOT NULL`,
  COLLATE: (c) => `(${c}) COLLATE nocase + 1`, LIKE: (c) => `(${c}) LIKE 'a'`, 'LIKE pattern': (c) => `'a' LIKE (${c})`,
  ESCAPE: (c) => `'a' LIKE 'b' ESCAPE (${c})`, 'NOT GLOB': (c) => `(${c}) NOT GLOB 'a'`,
  BETWEEN: (c) => `(${c}) BETWEEN 1 AND 2`, 'BETWEEN low': (c) => `1 BETWEEN (${c}) AND 2`,
  'BETWEEN high': (c) => `1 NOT BETWEEN 0 AND (${c})`, 'IN list': (c) => `(${c}) IN (1, 2)`,
  'IN list item': (c) => `1 IN (2, ${c})`, 'IN one constant': (c) => `1 IN (${c})`,
  'IN one name': (c) => `a IN (${c} + a)`, 'IN ()': (c) => `(${c}) IN ()`, 'NOT IN': (c) => `(${c}) NOT IN (1, 2)`,
  'IN SELECT': (c) => `(${c}) IN (SELECT 1)`, 'IN table': (c) => `(${c}) IN t`, 'NOT IN table': (c) => `(${c}) NOT IN t`,
  'AND 0': (c) => `(${c}) AND 0`, '0 AND': (c) => `0 AND (${c})`, 'AND 0x0': (c) => `(${c}) AND 0x0`,
  IS: (c) => `(${c}) IS 1`, 'IS NOT DISTINCT FROM': (c) => `(${c}) IS NOT DISTINCT FROM 1`, '->': (c) => `(${c}) -> 'a'`,
  '||': (c) => `'x' || (${c})`, RAISE: (c) => `RAISE(ABORT, ${c})`, 'qualified name': (c) => `t.a + ${c}`,
  FILTER: (c) => `count(*) FILTER (WHERE ${c})`, OVER: (c) => `sum(1) OVER (ORDER BY ${c})`,
  'aggregate ORDER BY': (c) => `group_concat(1 ORDER BY ${c})`, 'VALUES second row': (c) => `(VALUES (1), (${c}))`,
};

/** Wrappers with subqueries, where SQLite's name resolution has the last word. */
const RESOLVE_TIME: Record<string, (c: string) => string> = {
  subquery: (c) => `(SELECT ${c})`, EXISTS: (c) => `EXISTS (SELECT ${c})`, LIMIT: (c) => `(SELECT 1 LIMIT ${c})`,
  WHERE: (c) => `(SELECT 1 WHERE ${c})`, HAVING: (c) => `(SELECT 1 HAVING ${c})`, 'GROUP BY': (c) => `(SELECT 1 GROUP BY ${c})`,
  'ORDER BY': (c) => `(SELECT 1 ORDER BY ${c})`, compound: (c) => `(SELECT 1 UNION SELECT ${c})`,
  VALUES: (c) => `(VALUES (${c}))`, 'IN (SELECT …)': (c) => `1 IN (SELECT ${c})`, 'FROM subquery': (c) => `(SELECT 1 FROM (SELECT ${c}))`,
};

describe('expression depth limit', () => {
  it('the longest accepted chain equals SQLite’s for every kind of expression around it', () => {
    const rows = Object.entries(PARSE_TIME).map(([kind, wrap]) => ({
      kind, sqlite: longest(sqliteFits, wrap), ours: longest(ourFits, wrap),
    }));
    expect(rows.filter((r) => r.sqlite !== r.ours)).toEqual([]);
    expect(rows.find((r) => r.kind === 'plain')?.ours).toBe(999);
  });

  it('around subqueries we accept at least what SQLite accepts', () => {
    const rows = Object.entries(RESOLVE_TIME).map(([kind, wrap]) => ({
      kind, sqlite: longest(sqliteFits, wrap), ours: longest(ourFits, wrap),
    }));
    expect(rows.filter((r) => r.ours < r.sqlite)).toEqual([]);
  });

  it('very deep input fails as a parse error, never a crash; the deepest accepted tree prints', () => {
    for (const sql of [
      'SELECT ' + '('.repeat(100_000) + '1' + ')'.repeat(100_000),
      'SELECT ' + '- '.repeat(100_000) + '1',
      'SELECT ' + Array(100_000).fill('1').join(' + '),
      'SELECT ' + 'abs('.repeat(30_000) + '1' + ')'.repeat(30_000),
      'SELECT ' + '(SELECT '.repeat(30_000) + '1' + ')'.repeat(30_000),
    ]) {
      expect(() => parseStatement(sql)).toThrow(SqlParseError);
    }
    const deepest = parseStatement('SELECT ' + Array(1000).fill('1').join(' + '));
    expect(printStatement(deepest).length).toBeGreaterThan(4000);
  });
});
