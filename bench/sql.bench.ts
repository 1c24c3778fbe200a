/**
 * The SQL engine side by side with better-sqlite3 (SQLite 3.53, native) and sql.js (SQLite compiled
 * to WebAssembly), in one process, on in-memory databases, the same statements and the same data
 * (issue 5's list):
 *
 * | case              | statement                                                        |
 * |-------------------|------------------------------------------------------------------|
 * | insert            | 100,000 × INSERT INTO t VALUES (?, ?, ?) in one transaction      |
 * | point lookups     | 50,000 × SELECT b FROM t WHERE id = ?                            |
 * | count+sum scan    | SELECT count(*), sum(a) FROM t                                   |
 * | CREATE INDEX      | CREATE INDEX t_a ON t(a)                                         |
 * | index lookups     | 10,000 × SELECT id FROM t WHERE a = ?                            |
 * | GROUP BY+ORDER BY | SELECT a % 100, count(*), sum(id) FROM t GROUP BY 1 ORDER BY 3 DESC |
 * | update 10 %       | 10,000 × UPDATE t SET b = ? WHERE id = ? in one transaction     |
 * | delete 33 %       | DELETE FROM t WHERE id % 3 = 0                                   |
 *
 * Results of the reading cases are compared across the three engines before anything is timed.
 * Prints milliseconds per case (median of ROUNDS = 5 rounds, the engines taking turns each round)
 * and Strata's ratio to each peer (below 1: faster). Five rounds, not three: the first round of a
 * process runs cold for every engine (V8 compiles Strata's JavaScript and sql.js's WebAssembly as
 * they run), so the median of three was the slower of the next two, the first of which V8 often
 * still compiles; the median of five is the third fastest round.
 * Options: `--quick` (a tenth of the rows, 1 round); `--rounds` (also print every round's times);
 * `--gc` (a full garbage collection before each timed case, every engine alike: how each engine
 * runs right after one — V8 throws away code optimized for object shapes that died, keep-shape.ts —
 * not part of the default measure).
 *
 * @module
 */
import BetterSqlite3 from 'better-sqlite3';
import initSqlJs from 'sql.js';
import { Database } from '../src/api/index.js';
import { rng } from '../test/support/rng.js';

const quick = process.argv.includes('--quick');
const N = quick ? 10_000 : 100_000;
const LOOKUPS = N / 2;
const IDX_LOOKUPS = N / 10;
const UPDATES = N / 10;
const ROUNDS = quick ? 1 : 5;
const everyRound = process.argv.includes('--rounds');
/** Node's gc() under `--gc` (run.ts starts Node with --expose-gc). */
const collect = process.argv.includes('--gc') ? (globalThis as { gc?: () => void }).gc : undefined;

const r = rng(7);
const rows = Array.from({ length: N }, (_, i) => [i + 1, Math.floor(r() * N), `text ${i} `.padEnd(20 + Math.floor(r() * 40), 'x')] as const);
const lookupIds = Array.from({ length: LOOKUPS }, () => 1 + Math.floor(r() * N));
const idxKeys = Array.from({ length: IDX_LOOKUPS }, () => Math.floor(r() * N));
const updates = Array.from({ length: UPDATES }, (_, i) => [`updated ${i}`, 1 + Math.floor(r() * N)] as const);

const CASES = ['insert', 'point lookups', 'count+sum scan', 'CREATE INDEX', 'index lookups', 'GROUP BY+ORDER BY', 'update 10 %', 'delete 33 %'] as const;
type Case = (typeof CASES)[number];

/** The subset of an engine each case needs. */
interface Engine {
  exec(sql: string): void;
  /** Runs `sql` once per parameter list, inside one transaction when `txn`. */
  many(sql: string, params: readonly (readonly (number | string)[])[], txn: boolean): unknown[];
  all(sql: string): unknown[][];
  close(): void;
}

function strataEngine(): Engine {
  const db = new Database(':memory:');
  return {
    exec: (sql) => void db.exec(sql),
    many(sql, params, txn) {
      const st = db.prepare(sql);
      const out: unknown[] = [];
      const reader = st.reader;
      const body = () => {
        for (const p of params) out.push(reader ? st.raw(true).all(...p) : st.run(...p).changes);
      };
      if (txn) db.transaction(body)();
      else body();
      return out;
    },
    all: (sql) => db.prepare(sql).raw(true).all() as unknown[][],
    close: () => db.close(),
  };
}

function betterEngine(): Engine {
  const db = new BetterSqlite3(':memory:');
  return {
    exec: (sql) => void db.exec(sql),
    many(sql, params, txn) {
      const st = db.prepare(sql);
      const out: unknown[] = [];
      const body = () => {
        for (const p of params) out.push(st.reader ? st.raw(true).all(...p) : st.run(...p).changes);
      };
      if (txn) db.transaction(body)();
      else body();
      return out;
    },
    all: (sql) => db.prepare(sql).raw(true).all() as unknown[][],
    close: () => db.close(),
  };
}

async function sqljsEngine(): Promise<() => Engine> {
  const SQL = await initSqlJs();
  return () => {
    const db = new SQL.Database();
    return {
      exec: (sql) => void db.run(sql),
      many(sql, params, txn) {
        const st = db.prepare(sql);
        const out: unknown[] = [];
        if (txn) db.run('BEGIN');
        for (const p of params) {
          st.bind(p as (number | string)[]);
          const got: unknown[][] = [];
          while (st.step()) got.push(st.get());
          st.reset();
          out.push(/^\s*select/i.test(sql) ? got : db.getRowsModified());
        }
        if (txn) db.run('COMMIT');
        st.free();
        return out;
      },
      all(sql) {
        const res = db.exec(sql);
        return res.length ? (res[0].values as unknown[][]) : [];
      },
      close: () => db.close(),
    };
  };
}

/** Runs every case on a fresh database; returns times in ms and the reading cases' results. */
function runAll(engine: Engine): { times: Record<Case, number>; results: unknown[] } {
  const times = {} as Record<Case, number>;
  const results: unknown[] = [];
  const time = (c: Case, fn: () => unknown) => {
    collect?.();
    const t0 = performance.now();
    const v = fn();
    times[c] = performance.now() - t0;
    if (c !== 'insert' && c !== 'CREATE INDEX' && c !== 'update 10 %' && c !== 'delete 33 %') results.push(v);
  };
  engine.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT)');
  time('insert', () => engine.many('INSERT INTO t VALUES (?, ?, ?)', rows, true));
  time('point lookups', () => engine.many('SELECT b FROM t WHERE id = ?', lookupIds.map((id) => [id]), false));
  time('count+sum scan', () => engine.all('SELECT count(*), sum(a) FROM t'));
  time('CREATE INDEX', () => engine.exec('CREATE INDEX t_a ON t(a)'));
  time('index lookups', () => engine.many('SELECT id FROM t WHERE a = ? ORDER BY id', idxKeys.map((k) => [k]), false));
  time('GROUP BY+ORDER BY', () => engine.all('SELECT a % 100, count(*), sum(id) FROM t GROUP BY 1 ORDER BY 3 DESC, 1'));
  time('update 10 %', () => engine.many('UPDATE t SET b = ? WHERE id = ?', updates, true));
  time('delete 33 %', () => engine.exec('DELETE FROM t WHERE id % 3 = 0'));
  results.push(engine.all('SELECT count(*), sum(a), sum(length(b)) FROM t'));
  engine.close();
  return { times, results };
}

const makeSqljs = await sqljsEngine();
const engines: [string, () => Engine][] = [
  ['Strata', strataEngine],
  ['better-sqlite3', betterEngine],
  ['sql.js', makeSqljs],
];

const all: Record<string, Record<Case, number>[]> = {};
let reference: string | null = null;
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, make] of engines) {
    const { times, results } = runAll(make());
    const key = JSON.stringify(results, (_k, v) => (typeof v === 'bigint' ? Number(v) : v));
    if (reference === null) reference = key;
    else if (key !== reference) throw new Error(`${name} returned other results than Strata`);
    (all[name] ??= []).push(times);
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number): string => `${x.toFixed(0)} ms`.padStart(10);
console.log(`SQL engines on :memory:, ${N} rows, median of ${ROUNDS} round(s); results checked equal${collect ? '; a full collection before each case (--gc)' : ''}`);
console.log(`${'case'.padEnd(20)}${'Strata'.padStart(10)}${'better-sqlite3'.padStart(16)}${'sql.js'.padStart(10)}   Strata ÷ sql.js   Strata ÷ better-sqlite3`);
let faster = 0;
for (const c of CASES) {
  const [s, b, j] = ['Strata', 'better-sqlite3', 'sql.js'].map((n) => median(all[n].map((t) => t[c])));
  if (s < j) faster++;
  console.log(`${c.padEnd(20)}${ms(s)}${ms(b).padStart(16)}${ms(j)}   ${(s / j).toFixed(2).padStart(15)}   ${(s / b).toFixed(2).padStart(23)}`);
}
console.log(`First target (faster than sql.js on every row): ${faster} of ${CASES.length} rows → ${faster === CASES.length ? 'met' : 'not met'}`);
if (everyRound) {
  console.log('every round (ms, round 0 first):');
  for (const c of CASES) console.log(`${c.padEnd(20)}${['Strata', 'better-sqlite3', 'sql.js'].map((n) => all[n].map((t) => t[c].toFixed(0)).join(' / ').padStart(18)).join('')}`);
}
