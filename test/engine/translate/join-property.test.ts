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
  tables: number[];
  joins: { kind: string; on: Term | null; using: boolean }[];
  where: Term | null;
}

const query: fc.Arbitrary<Q> = fc.integer({ min: 2, max: 4 }).chain((n) =>
  fc.record({
    list: fc.integer({ min: 0, max: 3 }),
    cols: fc.tuple(fc.record({ s: fc.integer({ min: 0, max: n - 1 }), c: fc.integer({ min: 0, max: 1 }) }), fc.record({ s: fc.integer({ min: 0, max: n - 1 }), c: fc.integer({ min: 0, max: 1 }) })),
    indexes: fc.boolean(),
    tables: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
    joins: fc.array(fc.record({ kind, on: fc.option(term(n), { nil: null }), using: fc.boolean() }), { minLength: n - 1, maxLength: n - 1 }),
    where: fc.option(term(n), { nil: null }),
  }),
);

function sql(q: Q): string {
  let from = `${TABLES[q.tables[0]]} AS s0`;
  q.joins.forEach((j, i) => {
    const k = i + 1;
    from += `${j.kind === ',' ? ',' : ` ${j.kind}`} ${TABLES[q.tables[k]]} AS s${k}`;
    if (j.kind.startsWith('NATURAL') || j.kind === ',' || j.kind === 'CROSS JOIN') return;
    // An ON term names only the sources joined so far.
    if (j.using) from += ' USING (x)';
    else if (j.on) from += ` ON ${j.on((c) => `s${Math.min(c.s, k)}.${COLS[q.tables[Math.min(c.s, k)]][c.c]}`)}`;
  });
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
  });
});
