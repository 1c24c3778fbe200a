/**
 * Property test: fast-check generates tables with generated columns (VIRTUAL and STORED, with
 * declared types, chains over earlier generated columns, sometimes indexed or UNIQUE) and CHECK
 * constraints (column and table, named and not, over ordinary and generated columns), then scripts
 * of INSERT (multi-row, OR IGNORE/REPLACE/ABORT/FAIL, … SELECT, UPSERT), UPDATE (OR IGNORE/REPLACE/FAIL) and
 * DELETE. Strata and better-sqlite3 run them statement by statement and must agree on every
 * result, changes(), last_insert_rowid(), error code and message, and on the files
 * (integrity_check clean).
 *
 * `npm test` runs a seeded sample (STRATA_GENCOL_RUNS, default 25 scripts; STRATA_GENCOL_SEED).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from './dml-oracle.js';

const RUNS = Number(process.env.STRATA_GENCOL_RUNS ?? 25);
const SEED = Number(process.env.STRATA_GENCOL_SEED ?? 20261126);
const dir = mkdtempSync(join(tmpdir(), 'strata-gencolprop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Expressions a generated column may have; `$g` is replaced by an earlier generated column. */
const GEN_EXPRS = ['a + 1', 'a * 2', "b || 'x'", 'length(b)', 'coalesce(a, 0) + c', 'abs(a)', 'upper(b)', 'a % 3', 'c / 2', 'typeof(a)', 'a > 3', 'NULL', '$g + 1', "$g || '!'", 'a + $g'];
const CHECK_EXPRS = ['a > 0', 'a IS NULL OR a < 10', "b <> 'bad'", 'length(b) < 4', 'c >= 0', '$g < 20', "typeof($g) <> 'text'", 'a + c < 15', '$g IS NOT a'];
const TYPES = ['', ' INT', ' TEXT', ' REAL', ' NUMERIC', ' BLOB'];

interface GenCol {
  expr: number;
  type: string;
  stored: boolean;
  index: boolean;
  unique: boolean;
}

const genCol = fc.record({
  expr: fc.nat(GEN_EXPRS.length - 1),
  type: fc.constantFrom(...TYPES),
  stored: fc.boolean(),
  index: fc.boolean(),
  unique: fc.constantFrom(false, false, false, true),
});
const check = fc.record({ expr: fc.nat(CHECK_EXPRS.length - 1), named: fc.boolean(), onColumn: fc.boolean() });

/** The CREATE TABLE and CREATE INDEX statements of one generated schema. */
function schemaSql(gens: GenCol[], checks: { expr: number; named: boolean; onColumn: boolean }[], aNotNull: boolean): string[] {
  const cols = ['id INTEGER PRIMARY KEY', `a INT${aNotNull ? ' NOT NULL' : ''}`, 'b TEXT', 'c REAL'];
  const tableChecks: string[] = [];
  const sub = (e: string, k: number): string => e.replaceAll('$g', k > 0 ? `g${k - 1}` : 'a');
  gens.forEach((g, k) => {
    const colChecks = checks.filter((c, j) => c.onColumn && j % gens.length === k);
    const ck = colChecks.map((c) => `${c.named ? ` CONSTRAINT ck${c.expr}` : ''} CHECK (${sub(CHECK_EXPRS[c.expr], gens.length)})`).join('');
    cols.push(`g${k}${g.type} AS (${sub(GEN_EXPRS[g.expr], k)}) ${g.stored ? 'STORED' : 'VIRTUAL'}${g.unique ? ' UNIQUE' : ''}${ck}`);
  });
  checks.forEach((c) => {
    if (!c.onColumn || !gens.length) tableChecks.push(`${c.named ? `CONSTRAINT t${c.expr} ` : ''}CHECK (${sub(CHECK_EXPRS[c.expr], gens.length)})`);
  });
  const out = [`CREATE TABLE t(${[...cols, ...tableChecks].join(', ')})`];
  gens.forEach((g, k) => {
    if (g.index) out.push(`CREATE INDEX ix${k} ON t(g${k}${k > 0 ? ', a' : ''})`);
  });
  return out;
}

const small = fc.integer({ min: -3, max: 12 });
const aVal = fc.oneof(small.map(String), fc.constantFrom('NULL', "'5'", '2.5'));
const bVal = fc.constantFrom("'a'", "'bad'", "'xyz'", "'long'", 'NULL', "'7'");
const cVal = fc.constantFrom('1.5', '2', 'NULL', "'3'", '-1', '0');
const row = fc.tuple(fc.option(small, { nil: null }), aVal, bVal, cVal).map(([id, a, b, c]) => `(${id ?? 'NULL'}, ${a}, ${b}, ${c})`);
const ret = fc.constantFrom('', '', ' RETURNING *');

const stmt = fc.oneof(
  fc.tuple(fc.constantFrom('INSERT', 'INSERT OR IGNORE', 'INSERT OR REPLACE', 'INSERT OR ABORT', 'INSERT OR FAIL'), fc.array(row, { minLength: 1, maxLength: 3 }), ret).map(([verb, rows, r]) => `${verb} INTO t(id, a, b, c) VALUES ${rows.join(', ')}${r}`),
  fc.tuple(aVal, bVal).map(([a, b]) => `INSERT INTO t(a, b) VALUES (${a}, ${b})`),
  fc.tuple(aVal, bVal, cVal).map(([a, b, c]) => `INSERT INTO t VALUES (NULL, ${a}, ${b}, ${c})`),
  fc.tuple(row, fc.constantFrom(' ON CONFLICT DO NOTHING', ' ON CONFLICT(id) DO UPDATE SET a = excluded.a + 1, b = b || excluded.b', ' ON CONFLICT(id) DO UPDATE SET c = -c')).map(([r, up]) => `INSERT INTO t(id, a, b, c) VALUES ${r}${up}`),
  fc.tuple(fc.constantFrom('UPDATE', 'UPDATE OR IGNORE', 'UPDATE OR REPLACE', 'UPDATE OR FAIL'), small, small, ret).map(([verb, a, d, r]) => `${verb} t SET a = a + ${d} WHERE id >= ${a}${r}`),
  fc.tuple(fc.constantFrom('UPDATE', 'UPDATE OR IGNORE'), bVal, small).map(([verb, b, a]) => `${verb} t SET b = ${b}, c = c + 1 WHERE a < ${a}`),
  fc.tuple(fc.constantFrom('UPDATE', 'UPDATE OR IGNORE'), small).map(([verb, d]) => `${verb} t SET id = id + ${d}`),
  fc.tuple(small).map(([a]) => `DELETE FROM t WHERE a % 3 = ${a} % 3`),
  fc.tuple(fc.constantFrom('INSERT', 'INSERT OR IGNORE'), small).map(([verb, d]) => `${verb} INTO t(a, b, c) SELECT a + ${d}, b, c FROM t WHERE id < 5`),
  fc.constant('SELECT * FROM t WHERE g0 IS NOT NULL'),
);

describe('generated columns and CHECK constraints × DML scripts as SQLite', () => {
  it(`${RUNS} scripts`, () => {
    let n = 0;
    let failedChecks = 0;
    let clean = 0;
    fc.assert(
      fc.property(
        fc.array(genCol, { minLength: 1, maxLength: 4 }),
        fc.array(check, { maxLength: 3 }),
        fc.boolean(),
        fc.array(stmt, { minLength: 3, maxLength: 10 }),
        (gens, checks, aNotNull, script) => {
          const { mine, theirs } = runScript(dir, `p${n++}`, [...schemaSql(gens, checks, aNotNull), ...script, 'SELECT rowid, * FROM t ORDER BY rowid']);
          expect(mine).toEqual(theirs);
          const text = JSON.stringify(theirs, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
          if (text.includes('CHECK constraint failed')) failedChecks++;
          if (!text.includes('"error"')) clean++;
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
    // The sample must exercise both outcomes: scripts that hit a CHECK and scripts without errors.
    console.log(`${RUNS} scripts: ${failedChecks} with a CHECK failure, ${clean} without any error`);
    expect(failedChecks).toBeGreaterThan(0);
    expect(clean).toBeGreaterThan(0);
  }, 60_000 + RUNS * 1_000);
});
