/**
 * Property test: fast-check generates a set of triggers (BEFORE/AFTER × INSERT/UPDATE [OF a]/DELETE
 * on two tables, INSTEAD OF on a view, optional WHEN, bodies that log into an audit table, write the other table, and
 * RAISE(IGNORE|ABORT|FAIL|ROLLBACK), last_insert_rowid()) and a script of INSERT/UPDATE/DELETE statements; Strata and
 * better-sqlite3 run them and must agree on every statement's outcome, changes(),
 * total_changes(), last_insert_rowid(), and on the files (audit contents and order included).
 *
 * `npm test` runs a seeded sample (STRATA_TRIGGER_RUNS, default 40 scripts; STRATA_TRIGGER_SEED).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from './dml-oracle.js';

const RUNS = Number(process.env.STRATA_TRIGGER_RUNS ?? 40);
const SEED = Number(process.env.STRATA_TRIGGER_SEED ?? 20261126);
const dir = mkdtempSync(join(tmpdir(), 'strata-trigprop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCHEMA = [
  'CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT)',
  'CREATE TABLE u(k INT UNIQUE, v INT)',
  'CREATE TABLE audit(n INTEGER PRIMARY KEY, msg)',
  'CREATE VIEW v AS SELECT id, a, b, a * 2 AS d FROM t',
];

type Event = 'INSERT' | 'UPDATE' | 'UPDATE OF a' | 'DELETE';
/** The two tables' columns, for OLD./NEW. references. */
const COLS: Record<string, string[]> = { t: ['id', 'a', 'b', 'rowid'], u: ['k', 'v', 'rowid'], v: ['id', 'a', 'b', 'd'] };

const small = fc.integer({ min: 0, max: 4 });

function refs(event: Event): string[] {
  if (event === 'INSERT') return ['new'];
  if (event === 'DELETE') return ['old'];
  return ['old', 'new'];
}

const trigger = fc
  .record({
    time: fc.constantFrom('BEFORE', 'AFTER'),
    event: fc.constantFrom<Event>('INSERT', 'UPDATE', 'UPDATE OF a', 'DELETE'),
    table: fc.constantFrom('t', 'u', 'v'),
    when: fc.option(small, { nil: null }),
    steps: fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), small, fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 3 }),
  })
  .map((r): TriggerSpec => ({ ...r, time: r.table === 'v' ? 'INSTEAD OF' : r.time, event: r.table === 'u' && r.event === 'UPDATE OF a' ? ('UPDATE OF v' as Event) : r.event }));

interface TriggerSpec {
  time: string;
  event: Event;
  table: string;
  when: number | null;
  steps: [number, number, number][];
}

function triggerSql(i: number, tr: TriggerSpec): string {
  const rs = refs(tr.event);
  const cols = COLS[tr.table];
  const num = tr.table === 'u' ? 'v' : 'a';
  const ref = (k: number): string => `${rs[k % rs.length]}.${cols[k % cols.length]}`;
  const when = tr.when === null ? '' : ` WHEN ${rs[0]}.${num} IS NOT ${tr.when}`;
  const body = tr.steps.map(([kind, n, k]) => {
    switch (kind) {
      case 0:
        return `INSERT INTO audit(msg) VALUES ('tr${i} ' || quote(${ref(k)}) || ' ' || quote(${ref(k + 1)}))`;
      case 1:
        return `INSERT INTO audit(msg) VALUES ('tr${i} ' || quote(${ref(k)}) || ' lir ' || last_insert_rowid())`;
      case 2:
      case 3:
      case 4:
        if (tr.table === 'v') {
          if (tr.event === 'INSERT') return `INSERT INTO t(a, b) VALUES (new.a + ${n}, new.b)`;
          if (tr.event === 'DELETE') return `DELETE FROM t WHERE id = old.id`;
          return `UPDATE t SET a = new.a, b = coalesce(new.b, '') || '${i}' WHERE id = old.id`;
        }
        if (kind === 3) return tr.table === 't' ? `UPDATE u SET v = v + 1 WHERE k = ${rs[0]}.a` : `INSERT INTO t(a, b) VALUES (${rs[0]}.v, 'from u')`;
        if (kind === 4) return tr.table === 't' ? `DELETE FROM u WHERE k = ${rs[0]}.a + ${n}` : `DELETE FROM t WHERE a = ${rs[0]}.k`;
        return tr.table === 't' ? `INSERT OR IGNORE INTO u VALUES (${rs[0]}.a, ${n})` : `UPDATE t SET b = coalesce(b, '') || '${i}' WHERE a = ${rs[0]}.k`;
      case 5:
        return `SELECT RAISE(IGNORE) WHERE ${rs[0]}.${num} = ${n}`;
      default:
        return `SELECT RAISE(${['ABORT', 'FAIL', 'ROLLBACK'][k % 3]}, 'tr${i} refuses ${n}') WHERE ${rs[0]}.${num} = ${n}`;
    }
  });
  return `CREATE TRIGGER tr${i} ${tr.time} ${tr.event} ON ${tr.table}${when} BEGIN ${body.join('; ')}; END`;
}

const stmt = fc.oneof(
  fc.tuple(small, small).map(([a, b]) => `INSERT INTO t(a, b) VALUES (${a}, 'r${b}'), (${b}, NULL)`),
  fc.tuple(small, small).map(([k, v]) => `INSERT OR IGNORE INTO u VALUES (${k}, ${v})`),
  fc.tuple(small, small).map(([a, d]) => `UPDATE t SET a = a + ${d} WHERE a >= ${a}`),
  fc.tuple(small, small).map(([k, d]) => `UPDATE OR IGNORE u SET v = v * 2, k = k + ${d} WHERE k <= ${k}`),
  small.map((a) => `UPDATE t SET b = 'x' WHERE id % 2 = ${a} % 2`),
  small.map((a) => `DELETE FROM t WHERE a = ${a}`),
  small.map((k) => `DELETE FROM u WHERE k > ${k}`),
  fc.constant('INSERT INTO t(a) SELECT v FROM u'),
  fc.tuple(small, small).map(([a, b]) => `INSERT INTO v(a, b) VALUES (${a}, 'v${b}'), (${b}, NULL)`),
  fc.tuple(small, small).map(([d, k]) => `UPDATE v SET a = a + ${d} WHERE d > ${k}`),
  small.map((a) => `DELETE FROM v WHERE a = ${a}`),
);

describe('generated trigger sets as SQLite', () => {
  it(`${RUNS} scripts`, () => {
    let n = 0;
    fc.assert(
      fc.property(fc.array(trigger, { minLength: 1, maxLength: 4 }), fc.array(stmt, { minLength: 2, maxLength: 8 }), (triggers, script) => {
        const all = [...SCHEMA, ...triggers.map((tr, i) => triggerSql(i, tr)), ...script, 'SELECT * FROM audit ORDER BY n'];
        const { mine, theirs } = runScript(dir, `p${n++}`, all);
        expect(mine).toEqual(theirs);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, Math.max(120_000, RUNS * 600));
});
