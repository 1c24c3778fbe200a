/**
 * The wider differential generator (the second one; differential.test.ts keeps the first). It
 * builds a small schema with three tables and two views, fills it with fast-check data (integers
 * near ±2^63, dyadic REALs, texts that look like numbers, blobs, mixed storage classes in an
 * untyped column) and generates SELECTs over it that the first generator never produces:
 *
 * | area        | shapes                                                                      |
 * |-------------|-----------------------------------------------------------------------------|
 * | ordering    | ORDER BY with ASC/DESC and NULLS FIRST/LAST, LIMIT/OFFSET as expressions    |
 * | FROM        | subqueries, CTEs, WITH RECURSIVE … LIMIT, views over joins                  |
 * | joins       | INNER/LEFT/RIGHT/FULL/CROSS, NATURAL, USING, ON terms mixing three tables   |
 * | subqueries  | scalar/EXISTS/IN, correlated, with a correlated CTE or FROM subquery inside |
 * | row values  | (a,b) = (…), (a,b) < (…), (a,b) IN (SELECT …), IN (VALUES …)                |
 * | aggregates  | GROUP BY + HAVING on aggregates and aliases, DISTINCT, FILTER, ORDER BY     |
 * |             | inside (group_concat(x, ',' ORDER BY …)), total/avg/min/max/count           |
 * | windows     | rank/dense_rank/row_number/sum/count/min/max OVER (PARTITION BY … ORDER BY) |
 * | compounds   | UNION/UNION ALL/EXCEPT/INTERSECT with ORDER BY … NULLS … and LIMIT          |
 * | expressions | CASE, CAST, COLLATE, LIKE, GLOB, BETWEEN, IS [NOT] DISTINCT FROM, IN lists  |
 * |             | of mixed types, substr/instr/printf/format/round/abs/coalesce/nullif/iif/   |
 * |             | hex/quote/typeof/length/trim family/replace/unicode/char/min/max/json       |
 *
 * SQLite leaves some answers unspecified; the generator never asks for them, so a difference is
 * always a bug:
 * - row order among ties: a query is compared in order only when its ORDER BY lists every result
 *   column and the result has no COLLATE-equal-but-distinct values (ordered queries use the
 *   collation-free expression generator); otherwise as a multiset, and LIMIT/OFFSET only appear
 *   with such a total ORDER BY;
 * - the row a bare column comes from in an aggregate query: result lists of aggregate queries hold
 *   only GROUP BY keys and aggregates;
 * - which of several COLLATE-equal values DISTINCT or GROUP BY keeps: DISTINCT/GROUP BY under a
 *   collation is only counted (`count(*)` over it), never shown;
 * - the order of additions (REAL rounding, integer overflow) and of group_concat without ORDER BY:
 *   REALs are dyadic fractions small enough to add exactly, sums over joins are left out, and
 *   group_concat always has an ORDER BY inside that covers the value;
 * - whether an error is raised at all when it depends on which rows an engine evaluates an
 *   expression on (join strength reduction, index-ordered sums overflowing): abs() takes its
 *   argument modulo 1000, JSON functions never see a BLOB, and the test skips a query where one
 *   side reports "integer overflow" (sum over a different scan order) — only "both fail" is
 *   required, never the same message;
 * - row_number() over ties: only over ORDER BY the primary key.
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';

/** One generated query: its SQL and whether the result order is fixed by its ORDER BY. */
export interface GenQuery {
  sql: string;
  ordered: boolean;
}

/** Rows for t1(a INTEGER PRIMARY KEY, b INTEGER, c TEXT, d REAL), t2(x, y TEXT, z INT), t3(k, v). */
export interface GenData {
  t1: unknown[][];
  t2: unknown[][];
  t3: unknown[][];
}

/** The schema every generated database has. */
export const SCHEMA = [
  'CREATE TABLE t1(a INTEGER PRIMARY KEY, b INTEGER, c TEXT, d REAL)',
  'CREATE INDEX t1b ON t1(b)',
  'CREATE TABLE t2(x INTEGER, y TEXT, z INT)',
  'CREATE INDEX t2xz ON t2(x, z)',
  'CREATE TABLE t3(k, v)',
  'CREATE VIEW v1 AS SELECT t1.a AS a, t1.b AS b, t2.y AS y FROM t1 JOIN t2 ON t2.x = t1.b',
  'CREATE VIEW v2 AS SELECT x, count(*) AS n, max(z) AS mz FROM t2 GROUP BY x',
].join('; ');

const bigs = [9223372036854775807n, -9223372036854775808n, 9223372036854775806n, 4294967296n, -2147483648n];
const intArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -4, max: 9 }).map(BigInt) },
  { weight: 1, arbitrary: fc.constantFrom(...bigs) },
  { weight: 2, arbitrary: fc.constant(null) },
);
const textArb = fc.oneof(
  fc.constantFrom('', 'a', 'A', 'b', 'ab', 'aB', 'B ', ' b', '10', '3', '3.0', ' 7', 'x y', 'a%b', 'a_c', '[x]', 'é', 'ß', '-0', '1e2'),
  fc.constant(null),
);
const realArb = fc.oneof(fc.constantFrom(0.5, -0.0, 0, 3, 2.5, -1.25, 7.75, 1e15, -3.5, 100.125), fc.constant(null));
const anyArb = fc.oneof(intArb, textArb, realArb, fc.constantFrom(Buffer.from('41', 'hex'), Buffer.from('', 'hex'), Buffer.from('00ff', 'hex')));

/** Data for the three tables; t1.a is unique (INSERT OR IGNORE), t3 mixes storage classes. */
export const dataArb: fc.Arbitrary<GenData> = fc.record({
  t1: fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }).map(BigInt), intArb, textArb, realArb), { maxLength: 14 }),
  t2: fc.array(fc.tuple(intArb, textArb, intArb), { maxLength: 14 }),
  t3: fc.array(fc.tuple(anyArb, anyArb), { maxLength: 10 }),
});

/** Writes `data` into a new database file with better-sqlite3. */
export function writeDb(file: string, data: GenData): void {
  const db = new BetterSqlite3(file);
  try {
    db.exec(SCHEMA);
    const i1 = db.prepare('INSERT OR IGNORE INTO t1 VALUES (?, ?, ?, ?)');
    for (const r of data.t1) i1.run(...r);
    const i2 = db.prepare('INSERT INTO t2 VALUES (?, ?, ?)');
    for (const r of data.t2) i2.run(...r);
    const i3 = db.prepare('INSERT INTO t3 VALUES (?, ?)');
    for (const r of data.t3) i3.run(...r);
  } finally {
    db.close();
  }
}

const literal = fc.oneof(
  fc.integer({ min: -3, max: 9 }).map(String),
  fc.constantFrom(
    "'a'", "'A'", "'10'", "'3'", "'B '", 'NULL', '2.5', '-1', '0', "''", '0.5', '3.0',
    '9223372036854775807', '-9223372036854775808', '9223372036854775808', "x'41'", "x''", "'1e2'", "' 7'",
  ),
);

/** `a` with a BLOB turned into its hex text: JSON functions reject BLOBs, and which rows an engine evaluates them on is its own choice. */
const nb = (a: string): string => `iif(typeof(${a}) = 'blob', hex(${a}), ${a})`;

const FN1 = ['typeof', 'length', 'upper', 'lower', 'hex', 'quote', 'trim', 'ltrim', 'rtrim', 'unicode', 'round', 'sign', 'zeroblob_len', 'json_quote', 'octet_length'];

/** Scalar expressions over `cols`; with `collate` false no COLLATE appears (safe in ordered results). */
export function exprArb(cols: readonly string[], collate = true): fc.Arbitrary<string> {
  const leaf = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...cols) }, { weight: 2, arbitrary: literal });
  const alts = (tie: (k: 'e') => fc.Arbitrary<string>): fc.Arbitrary<string>[] => {
    const e = tie('e');
    const list: fc.Arbitrary<string>[] = [
      fc.tuple(e, fc.constantFrom('+', '-', '*', '/', '%', '||', '&', '|', '>>'), e).map(([a, o, b]) => `(${a} ${o} ${b})`),
      fc.tuple(e, fc.constantFrom('=', '<>', '<', '<=', '>', '>=', 'IS', 'IS NOT', 'IS DISTINCT FROM', 'IS NOT DISTINCT FROM', '=='), e).map(([a, o, b]) => `(${a} ${o} ${b})`),
      fc.tuple(e, fc.constantFrom('AND', 'OR'), e).map(([a, o, b]) => `(${a} ${o} ${b})`),
      e.map((a) => `(NOT ${a})`),
      e.map((a) => `(${a} NOTNULL)`),
      fc.tuple(e, fc.boolean(), e, e).map(([a, n, b, c]) => `(${a} ${n ? 'NOT ' : ''}BETWEEN ${b} AND ${c})`),
      fc.tuple(e, fc.boolean(), fc.array(fc.oneof(literal, e), { minLength: 1, maxLength: 4 })).map(([a, n, l]) => `(${a} ${n ? 'NOT ' : ''}IN (${l.join(', ')}))`),
      fc.tuple(e, fc.constantFrom('LIKE', 'NOT LIKE', 'GLOB'), fc.constantFrom("'a%'", "'%b'", "'_'", "'A%'", "'%'", "'a_c'", "'[a-c]*'", "'*b'", "'1%'", "'a\\%b'")).map(([a, o, p]) => `(${a} ${o} ${p})`),
      e.map((a) => `(${a} LIKE 'a!%b' ESCAPE '!')`),
      fc.tuple(e, e, e).map(([a, b, c]) => `CASE WHEN ${a} THEN ${b} ELSE ${c} END`),
      fc.tuple(e, e, e, e).map(([a, b, c, d]) => `CASE ${a} WHEN ${b} THEN ${c} WHEN 1 THEN ${d} END`),
      fc.tuple(e, fc.constantFrom('INTEGER', 'TEXT', 'REAL', 'NUMERIC', 'BLOB', 'INT', 'VARCHAR(3)')).map(([a, t]) => `CAST(${a} AS ${t})`),
      fc.tuple(fc.constantFrom(...FN1), e).map(([f, a]) => (f === 'zeroblob_len' ? `length(zeroblob(abs(coalesce(${a}, 0)) % 4))` : f === 'round' ? `round(${a}, 1)` : f === 'json_quote' ? `json_quote(${nb(a)})` : `${f}(${a})`)),
      fc.tuple(fc.constantFrom('coalesce', 'nullif', 'ifnull', 'instr', 'min', 'max', 'iif2', 'replace', 'substr', 'substr3', 'printf', 'format', 'trim2', 'char', 'round2', 'json_array', 'likely', 'json_extract', 'json_arrow', 'concat_ws', 'json_type'), e, e).map(([f, a, b]) => {
        switch (f) {
          case 'json_extract': return `json_extract(json_array(${nb(a)}, ${nb(b)}), '$[1]')`;
          case 'json_arrow': return `(json_object('k', ${nb(a)}, 'j', ${nb(b)}) ->> 'k')`;
          case 'concat_ws': return `concat_ws('-', ${a}, ${b}, 'z')`;
          case 'json_type': return `json_type(json_array(${nb(a)}), '$[0]')`;
          case 'iif2': return `iif(${a}, ${b}, 'n')`;
          case 'replace': return `replace(${a}, 'a', ${b})`;
          case 'substr3': return `substr(${a}, ${b}, 2)`;
          case 'printf': return `printf('%d|%s|%5.2f|%x|%q', ${a}, ${b}, ${a}, ${a}, ${b})`;
          case 'format': return `format('%-4s:%04d:%e', ${a}, ${b}, ${b})`;
          case 'trim2': return `trim(${a}, 'ab ')`;
          case 'char': return `char(65, ${a})`;
          case 'round2': return `round(${a}, ${b})`;
          case 'likely': return `likely(${a})`;
          case 'json_array': return `json_array(${nb(a)}, ${nb(b)})`;
          default: return `${f}(${a}, ${b})`;
        }
      }),
      e.map((a) => `abs(${a} % 1000)`),
      e.map((a) => `(-${a})`),
      e.map((a) => `(~${a})`),
    ];
    if (collate) list.push(fc.tuple(e, fc.constantFrom('NOCASE', 'RTRIM', 'BINARY')).map(([a, c]) => `(${a} COLLATE ${c})`));
    if (collate) list.push(fc.tuple(e, fc.constantFrom('NOCASE', 'RTRIM'), e).map(([a, c, b]) => `(${a} = ${b} COLLATE ${c})`));
    return list;
  };
  return fc.letrec<{ e: string }>((tie) => ({
    e: fc.oneof({ maxDepth: 3, depthIdentifier: 'e', withCrossShrink: true }, leaf, leaf, ...alts(tie)),
  })).e;
}

interface Source {
  from: string;
  cols: string[];
  /** true when a table in it may repeat rows' values through a join (no sums then). */
  join: boolean;
}

const T1 = ['t1.a', 't1.b', 't1.c', 't1.d'];
const T2 = ['t2.x', 't2.y', 't2.z'];
const T3 = ['t3.k', 't3.v'];

const joinKind = fc.constantFrom('JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'FULL JOIN', 'CROSS JOIN', 'LEFT OUTER JOIN', 'INNER JOIN');

const sourceArb: fc.Arbitrary<Source> = fc.oneof(
  fc.constantFrom<Source>(
    { from: 't1', cols: T1, join: false },
    { from: 't2', cols: T2, join: false },
    { from: 't3', cols: T3, join: false },
    { from: 'v1', cols: ['v1.a', 'v1.b', 'v1.y'], join: true },
    { from: 'v2', cols: ['v2.x', 'v2.n', 'v2.mz'], join: false },
    { from: 't1 NATURAL JOIN (SELECT x AS b, y AS c2 FROM t2) AS s', cols: ['b', 't1.a', 't1.c', 's.c2'], join: true },
    { from: 't2 JOIN (SELECT b AS x, a FROM t1) AS s USING (x)', cols: ['x', 't2.y', 's.a', 't2.z'], join: true },
    { from: 't2 LEFT JOIN (SELECT b AS x, c AS y FROM t1) AS s USING (x, y)', cols: ['x', 'y', 't2.z'], join: true },
    { from: 't2 FULL JOIN (SELECT b AS x, d FROM t1) AS s USING (x)', cols: ['x', 't2.y', 's.d'], join: true },
    { from: '(SELECT x, count(*) AS n FROM t2 GROUP BY x) AS g JOIN t1 ON t1.b = g.x', cols: ['g.x', 'g.n', 't1.a', 't1.c'], join: true },
    { from: '(SELECT b + 1 AS p, c AS q FROM t1 WHERE a > 2 ORDER BY a LIMIT 5) AS s', cols: ['s.p', 's.q'], join: false },
    { from: 'w', cols: ['w.n', 'w.m'], join: false },
  ),
  // two or three tables with any join kind and ON terms mixing them
  fc.tuple(joinKind, exprArb([...T1, ...T2], false), fc.option(fc.tuple(joinKind, exprArb([...T1, ...T2, ...T3], false)))).map(([k1, on1, third]) => {
    const on = (k: string, e: string): string => (k === 'CROSS JOIN' ? '' : ` ON ${e}`);
    let from = `t1 ${k1} t2${on(k1, on1)}`;
    const cols = [...T1, ...T2];
    if (third) {
      from += ` ${third[0]} t3${on(third[0], third[1])}`;
      cols.push(...T3);
    }
    return { from, cols, join: true };
  }),
  fc.tuple(joinKind, fc.constantFrom('t1.b = t2.x', 't2.x = t1.a AND t2.z > t1.b', 't1.c = t2.y', 't2.x IS t1.b OR t2.y = t1.c', 't1.b < t2.z')).map(([k, on]) => ({
    from: k === 'CROSS JOIN' ? `t1 CROSS JOIN t2` : `t1 ${k} t2 ON ${on}`,
    cols: [...T1, ...T2],
    join: true,
  })),
);

/** A WITH prefix some queries carry: `w(n, m)` is recursive with a LIMIT, or plain over t1. */
const withArb = fc.constantFrom(
  'WITH RECURSIVE w(n, m) AS (SELECT 1, 1 UNION ALL SELECT n + 1, m * 2 FROM w LIMIT 6) ',
  'WITH RECURSIVE w(n, m) AS (SELECT 1, \'a\' UNION SELECT n + 1, m || \'b\' FROM w WHERE n < 4) ',
  'WITH w(n, m) AS (SELECT a, c FROM t1 WHERE b IS NOT NULL) ',
  'WITH w(n, m) AS MATERIALIZED (SELECT x, y FROM t2) ',
  'WITH w AS (SELECT a AS n, d AS m FROM t1 ORDER BY a DESC LIMIT 3) ',
);

const dir = fc.constantFrom('', ' ASC', ' DESC');
const nulls = fc.constantFrom('', ' NULLS FIRST', ' NULLS LAST');

/** Correlated subqueries; `outer` is a column of the enclosing query. */
function subqueryArb(outer: string): fc.Arbitrary<string> {
  return fc.constantFrom(
    `(SELECT count(*) FROM t2 WHERE t2.x = ${outer})`,
    `(SELECT max(z) FROM t2 WHERE t2.x < ${outer})`,
    `EXISTS (SELECT 1 FROM t2 WHERE t2.z = ${outer})`,
    `NOT EXISTS (SELECT 1 FROM t1 AS i WHERE i.b = ${outer})`,
    `(${outer} IN (SELECT z FROM t2))`,
    `(${outer} NOT IN (SELECT z FROM t2 WHERE z IS NOT NULL))`,
    `(${outer} IN (SELECT z FROM t2 WHERE t2.x = ${outer}))`,
    `(SELECT n FROM (SELECT count(*) AS n FROM t2 WHERE t2.x = ${outer}))`,
    `(WITH c AS (SELECT z FROM t2 WHERE t2.x = ${outer}) SELECT sum(z % 1000) FROM c)`,
    `EXISTS (WITH c AS (SELECT y FROM t2 WHERE t2.z = ${outer}) SELECT 1 FROM c)`,
    `(${outer} IN (WITH c(q) AS (SELECT b FROM t1 WHERE t1.a > ${outer}) SELECT q FROM c))`,
    `(SELECT group_concat(y, '/' ORDER BY y, x) FROM t2 WHERE x >= ${outer})`,
    `(SELECT z FROM t2 WHERE t2.x = ${outer} ORDER BY z DESC NULLS FIRST LIMIT 1)`,
    `(${outer}, 1) IN (SELECT x, 1 FROM t2)`,
    `((${outer}, ${outer}) = (SELECT x, z FROM t2 ORDER BY x, z, y LIMIT 1))`,
    `(SELECT n FROM (SELECT ${outer} + 1 AS n))`,
  );
}

/** Row-value predicates over `cols`. */
function rowValueArb(cols: readonly string[], e: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    fc.tuple(fc.constantFrom(...cols), fc.constantFrom(...cols), e, e, fc.constantFrom('=', '<>', '<', '<=', '>', '>=', 'IS', 'IS NOT')).map(([a, b, c, d, o]) => `((${a}, ${b}) ${o} (${c}, ${d}))`),
    fc.tuple(fc.constantFrom(...cols), fc.constantFrom(...cols)).map(([a, b]) => `((${a}, ${b}) IN (SELECT x, z FROM t2))`),
    fc.tuple(fc.constantFrom(...cols), fc.constantFrom(...cols)).map(([a, b]) => `((${a}, ${b}) NOT IN (VALUES (1, 1), (2, NULL), ('a', 3)))`),
    fc.tuple(fc.constantFrom(...cols), e, e).map(([a, b, c]) => `((${a}, 1) BETWEEN (${b}, 0) AND (${c}, 2))`),
  );
}

function orderClause(n: number): fc.Arbitrary<string> {
  return fc.array(fc.tuple(dir, nulls), { minLength: n, maxLength: n }).map((ks) => ' ORDER BY ' + ks.map(([d, nl], i) => `${i + 1}${d}${nl}`).join(', '));
}

const limitArb = fc.option(
  fc.tuple(fc.constantFrom('0', '2', '3', '1 + 1', '(SELECT count(*) FROM t2)', "'2'", '-1', 'abs(-3)'), fc.option(fc.constantFrom('1', '0', '2 * 1', "'1'", '(SELECT 1)'))).map(([l, o]) => ` LIMIT ${l}${o ? ` OFFSET ${o}` : ''}`),
);

/** Plain SELECTs: result list, WHERE (with subqueries/row values), DISTINCT, ORDER BY … NULLS, LIMIT. */
function plainArb(s: Source): fc.Arbitrary<GenQuery> {
  const e = exprArb(s.cols, false);
  const ec = exprArb(s.cols, true);
  const pred = fc.oneof({ weight: 3, arbitrary: ec }, { weight: 2, arbitrary: fc.constantFrom(...s.cols).chain(subqueryArb) }, { weight: 1, arbitrary: rowValueArb(s.cols, e) });
  return fc.tuple(fc.boolean(), fc.array(fc.oneof({ weight: 4, arbitrary: e }, { weight: 1, arbitrary: fc.constantFrom(...s.cols).chain(subqueryArb) }), { minLength: 1, maxLength: 3 }), fc.option(pred), fc.boolean(), fc.boolean())
    .chain(([distinct, res, where, order, useColl]) => {
      const resList = useColl && !order ? fc.constant(res) : fc.constant(res);
      return fc.tuple(resList, order ? orderClause(res.length) : fc.constant(''), order ? limitArb : fc.constant(null), useColl && !order ? ec : fc.constant(null)).map(([r, ord, lim, extra]) => {
        const list = extra ? [...r, extra] : r;
        return {
          sql: `SELECT ${distinct && !extra ? 'DISTINCT ' : ''}${list.join(', ')} FROM ${s.from}${where ? ` WHERE ${where}` : ''}${ord}${lim ?? ''}`,
          ordered: order,
        };
      });
    });
}

/** Aggregates: keys and aggregates only; DISTINCT/FILTER/ORDER BY inside; HAVING on aggregates/aliases. */
function aggregateArb(s: Source): fc.Arbitrary<GenQuery> {
  const e = exprArb(s.cols, false);
  const aggFns = s.join ? ['count', 'min', 'max', 'count_distinct', 'group_concat', 'string_agg'] : ['count', 'sum', 'total', 'avg', 'min', 'max', 'count_distinct', 'group_concat', 'string_agg', 'sum_distinct'];
  const agg = fc.tuple(fc.constantFrom(...aggFns), e, fc.option(e)).map(([f, a, filt]) => {
    const filter = filt ? ` FILTER (WHERE ${filt})` : '';
    switch (f) {
      case 'count_distinct': return `count(DISTINCT ${a})${filter}`;
      case 'sum_distinct': return `sum(DISTINCT ${a})${filter}`;
      case 'group_concat': return `group_concat(${a}, '|' ORDER BY ${a} DESC, quote(${a}))${filter}`;
      case 'string_agg': return `string_agg(DISTINCT ${a}, ',' ORDER BY ${a})${filter}`;
      default: return `${f}(${a})${filter}`;
    }
  });
  return fc.tuple(fc.option(fc.constantFrom(...s.cols)), fc.array(agg, { minLength: 1, maxLength: 2 }), fc.option(e), fc.constantFrom('none', 'count', 'alias', 'agg'), fc.boolean()).chain(([key, aggs, where, having, order]) => {
    // Aliases (k, g0, cnt) are no column's name: in HAVING a column wins over an alias, and a bare
    // column there reads an unspecified row of the group.
    const items = [...(key ? [`${key} AS k`] : []), ...aggs.map((a, i) => `${a} AS g${i}`), 'count(*) AS cnt'];
    let hv = '';
    if (key) {
      if (having === 'count') hv = ' HAVING count(*) > 1';
      else if (having === 'alias') hv = ' HAVING g0 IS NOT NULL OR cnt > 2';
      else if (having === 'agg') hv = ` HAVING max(${key}) = k OR min(${key}) IS NULL`;
    }
    const g = key ? ` GROUP BY ${key}${hv}` : '';
    return (order ? orderClause(items.length) : fc.constant('')).chain((ord) => (order ? limitArb : fc.constant(null)).map((lim) => ({
      sql: `SELECT ${items.join(', ')} FROM ${s.from}${where ? ` WHERE ${where}` : ''}${g}${ord}${lim ?? ''}`,
      ordered: order,
    })));
  });
}

/** Window functions in simple shapes, over one table (the order never depends on ties). */
const windowArb: fc.Arbitrary<GenQuery> = fc.tuple(
  fc.constantFrom('rank()', 'dense_rank()', 'sum(b)', 'count(*)', 'max(c)', 'min(d)', 'count(b)', 'total(d)', 'percent_rank()', 'cume_dist()'),
  fc.constantFrom('', 'PARTITION BY c', 'PARTITION BY b % 2'),
  fc.constantFrom('ORDER BY b', 'ORDER BY b DESC NULLS FIRST', 'ORDER BY c NULLS LAST', 'ORDER BY a', ''),
  fc.constantFrom('', ' ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW', ' RANGE BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING'),
).map(([f, p, o, fr]) => {
  // ROWS frames over ties in the ORDER BY depend on the tie order: only over a unique ORDER BY.
  const frame = fr.startsWith(' ROWS') && o !== 'ORDER BY a' ? '' : fr;
  const rn = o === 'ORDER BY a' ? ', row_number() OVER (ORDER BY a)' : '';
  return { sql: `SELECT a, ${f} OVER (${p} ${o}${frame})${rn} FROM t1`, ordered: false };
});

/** Compound SELECTs with ORDER BY … NULLS and LIMIT. */
function compoundArb(s: Source): fc.Arbitrary<GenQuery> {
  const e = exprArb(s.cols, false);
  return fc.tuple(e, e, fc.constantFrom('x', 'y', 'z', 'NULL', '1', "'a'", 'x + 0.5'), fc.constantFrom('t2.y', 'NULL', 't2.z', "'b'"), fc.constantFrom('UNION', 'UNION ALL', 'EXCEPT', 'INTERSECT'), fc.option(e))
    .chain(([a, a2, b, b2, op, where]) => orderClause(2).chain((ord) => limitArb.map((lim) => ({
      sql: `SELECT ${a}, ${a2} FROM ${s.from}${where ? ` WHERE ${where}` : ''} ${op} SELECT ${b}, ${b2} FROM t2${ord}${lim ?? ''}`,
      ordered: true,
    }))));
}

/** DISTINCT and GROUP BY under a collation, only counted. */
const collCountArb: fc.Arbitrary<GenQuery> = fc.tuple(fc.constantFrom('c', 'c COLLATE NOCASE', 'c COLLATE RTRIM', 'lower(c) COLLATE NOCASE', 'b', 'd'), fc.constantFrom('DISTINCT', 'GROUP')).map(([c, k]) => ({
  sql: k === 'DISTINCT' ? `SELECT count(*) FROM (SELECT DISTINCT ${c} FROM t1)` : `SELECT count(*), sum(n) FROM (SELECT count(*) AS n FROM t1 GROUP BY ${c})`,
  ordered: false,
}));

/** Any generated query; about a third carry a WITH prefix defining `w`. */
export const queryArb: fc.Arbitrary<GenQuery> = fc.tuple(sourceArb, fc.integer({ min: 0, max: 19 })).chain(([s, pick]) => {
  const needsW = s.from === 'w';
  const withP = needsW ? withArb : fc.oneof(fc.constant(''), withArb);
  let q: fc.Arbitrary<GenQuery>;
  if (pick < 8) q = plainArb(s);
  else if (pick < 13) q = aggregateArb(s);
  else if (pick < 15) q = windowArb;
  else if (pick < 18) q = compoundArb(s);
  else q = collCountArb;
  return fc.tuple(withP, q).map(([w, g]) => ({ sql: w + g.sql, ordered: g.ordered }));
});
