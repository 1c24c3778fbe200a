/**
 * Property test: fast-check generates three small tables (NULLs, duplicates, sometimes empty) and
 * a query joining two to four of them with random join kinds (`,`, JOIN, CROSS, LEFT, RIGHT, FULL,
 * NATURAL …, USING), random ON / WHERE terms, a random result list (`*`, aggregates, columns, the
 * bare USING column) and sometimes indexes; Strata and better-sqlite3 must return the same multiset
 * of rows (or the same error).
 *
 * `npm test` runs a seeded sample (STRATA_JOIN_RUNS, default 150 queries; STRATA_JOIN_SEED).
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';

const RUNS = Number(process.env.STRATA_JOIN_RUNS ?? 150);
const SEED = Number(process.env.STRATA_JOIN_SEED ?? 20261126);

const value = fc.oneof(fc.integer({ min: 0, max: 3 }).map(String), fc.constant('NULL'));
const rows = fc.array(fc.tuple(value, value), { maxLength: 5 });
const TABLES = ['t0', 't1', 't2', 't0'];
/** t0(x, a), t1(x, b), t2(x, c): `x` is shared, for USING and NATURAL. */
const COLS = [['x', 'a'], ['x', 'b'], ['x', 'c'], ['x', 'a']];

const kind = fc.constantFrom(',', 'JOIN', 'CROSS JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'FULL JOIN', 'FULL OUTER JOIN', 'NATURAL LEFT JOIN', 'NATURAL FULL JOIN', 'NATURAL RIGHT JOIN');
const cmp = fc.constantFrom('=', '<', 'IS', '<>', '>=');

/** A column of source `s` (alias s<s>): its first (`x`) or second column. */
interface Col {
  s: number;
  c: number;
}
/** A term over the sources 0..n-1, rendered once the tables are known. */
type Term = (name: (c: Col) => string) => string;

function term(n: number): fc.Arbitrary<Term> {
  const col = fc.record({ s: fc.integer({ min: 0, max: n - 1 }), c: fc.integer({ min: 0, max: 1 }) });
  return fc.oneof(
    fc.tuple(col, cmp, col).map(([l, op, r]): Term => (name) => `${name(l)} ${op} ${name(r)}`),
    fc.tuple(col, fc.integer({ min: 0, max: 3 })).map(([l, k]): Term => (name) => `${name(l)} = ${k}`),
    col.map((l): Term => (name) => `${name(l)} IS NULL`),
    fc.tuple(col, col).map(([l, r]): Term => (name) => `(${name(l)} = 1 OR ${name(r)} IS NULL)`),
    fc.constantFrom<Term>(() => '1', () => '0'),
  );
}

interface Q {
  /** 0: `*`; 1: count(*) and sums; 2: two columns; 3: the bare `x` and a column. */
  list: number;
  cols: [Col, Col];
  /** Indexes on t1(x) and t2(x, c), so that joins also run through index lookups. */
  indexes: boolean;
  /** The last two sources in parentheses (`… , (s2 RIGHT JOIN s3 ON …)`), joined by `,` / JOIN … ON / CROSS JOIN. */
  group: boolean;
  tables: number[];
  joins: { kind: string; on: Term | null; using: boolean }[];
  where: Term | null;
}

const query: fc.Arbitrary<Q> = fc.integer({ min: 2, max: 4 }).chain((n) =>
  fc.record({
    list: fc.integer({ min: 0, max: 3 }),
    cols: fc.tuple(fc.record({ s: fc.integer({ min: 0, max: n - 1 }), c: fc.integer({ min: 0, max: 1 }) }), fc.record({ s: fc.integer({ min: 0, max: n - 1 }), c: fc.integer({ min: 0, max: 1 }) })),
    indexes: fc.boolean(),
    group: fc.boolean(),
    tables: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
    joins: fc.array(fc.record({ kind, on: fc.option(term(n), { nil: null }), using: fc.boolean() }), { minLength: n - 1, maxLength: n - 1 }),
    where: fc.option(term(n), { nil: null }),
  }),
);

function sql(q: Q): string {
  const n = q.tables.length;
  const g = q.group && n >= 3 ? n - 2 : n;
  const ref = (c: Col, lo: number, hi: number): string => {
    const k = Math.min(Math.max(c.s, lo), hi);
    return `s${k}.${COLS[q.tables[k]][c.c]}`;
  };
  const join = (j: Q['joins'][number], k: number, lo: number): string => {
    let out = `${j.kind === ',' ? ',' : ` ${j.kind}`} ${TABLES[q.tables[k]]} AS s${k}`;
    if (j.kind.startsWith('NATURAL') || j.kind === ',' || j.kind === 'CROSS JOIN') return out;
    // An ON term names only the sources joined so far (in a group: the group's).
    if (j.using) out += ' USING (x)';
    else if (j.on) out += ` ON ${j.on((c) => ref(c, lo, k))}`;
    return out;
  };
  let from = `${TABLES[q.tables[0]]} AS s0`;
  for (let k = 1; k < g; k++) from += join(q.joins[k - 1], k, 0);
  if (g < n) {
    const inner = `${TABLES[q.tables[g]]} AS s${g}${join(q.joins[g], g + 1, g)}`;
    const outer = q.joins[g - 1];
    if (outer.kind === ',' || outer.kind === 'CROSS JOIN' || !outer.on) from += `${outer.kind === 'CROSS JOIN' ? ' CROSS JOIN' : ','} (${inner})`;
    else from += ` JOIN (${inner}) ON ${outer.on((c) => ref(c, 0, n - 1))}`;
  }
  const name = (c: Col): string => `s${c.s}.${COLS[q.tables[c.s]][c.c]}`;
  const where = q.where ? ` WHERE ${q.where(name)}` : '';
  const [c1, c2] = q.cols;
  const list = [
    '*',
    `count(*), count(${name(c1)}), sum(${name(c2)}), max(${name(c1)})`,
    `${name(c1)}, ${name(c2)}`,
    `x, ${name(c2)}`,
  ][q.list];
  return `SELECT ${list} FROM ${from}${where}`;
}

function run(db: { prepare(s: string): { raw(on: boolean): { all(): unknown[] } } }, s: string): unknown {
  try {
    return db
      .prepare(s)
      .raw(true)
      .all()
      .map((r) => JSON.stringify(r))
      .sort();
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('generated RIGHT/FULL/LEFT/INNER joins as SQLite', () => {
  it(`${RUNS} queries`, () => {
    fc.assert(
      fc.property(fc.tuple(rows, rows, rows), query, (data, q) => {
        const setup = ['CREATE TABLE t0(x INT, a INT)', 'CREATE TABLE t1(x INT, b)', 'CREATE TABLE t2(x TEXT, c INT)'];
        if (q.indexes) setup.push('CREATE INDEX i1 ON t1(x)', 'CREATE INDEX i2 ON t2(x, c)');
        data.forEach((rs, i) => rs.forEach(([u, v]) => setup.push(`INSERT INTO t${i} VALUES (${u}, ${v})`)));
        const mine = new Database(':memory:');
        const ref = new BetterSqlite3(':memory:');
        try {
          for (const s of setup) {
            mine.exec(s);
            ref.exec(s);
          }
          const text = sql(q);
          expect({ sql: text, rows: run(mine as never, text) }).toEqual({ sql: text, rows: run(ref, text) });
        } finally {
          mine.close();
          ref.close();
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, Math.max(120_000, RUNS * 60));
});
