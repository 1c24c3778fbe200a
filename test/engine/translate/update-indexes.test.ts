/**
 * UPDATE rewrites only the index entries that change (sqlite3Update's aRegIdx: an index whose key
 * reads a SET column, or every index when the rowid changes). Property test: fast-check scripts of
 * UPDATEs setting random subsets of columns (OR IGNORE / OR REPLACE, rowid changes, a BEFORE
 * trigger that rewrites an indexed column outside SET) on a table with several indexes (UNIQUE,
 * multi-column, with the INTEGER PRIMARY KEY, on a generated column), with queries answered
 * through each index. Strata and better-sqlite3 run them statement by statement and must agree on
 * every result and error, and on the files (`PRAGMA integrity_check` through better-sqlite3 checks
 * every index entry against its table).
 *
 * `npm test` runs a seeded sample (STRATA_UPDIDX_RUNS, default 25 scripts; STRATA_UPDIDX_SEED).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';
import { runScript } from './dml-oracle.js';

const RUNS = Number(process.env.STRATA_UPDIDX_RUNS ?? 25);
const SEED = Number(process.env.STRATA_UPDIDX_SEED ?? 20261126);
const dir = mkdtempSync(join(tmpdir(), 'strata-updidx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCHEMA = [
  'CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT, c INT UNIQUE, d REAL, g INT GENERATED ALWAYS AS (a * 2) VIRTUAL)',
  'CREATE INDEX t_a ON t(a)',
  'CREATE INDEX t_bd ON t(b, d)',
  'CREATE UNIQUE INDEX t_cid ON t(d, id)',
  'CREATE INDEX t_g ON t(g)',
  'CREATE INDEX t_ida ON t(id, a)',
];
const TRIGGER = "CREATE TRIGGER tr BEFORE UPDATE OF d ON t WHEN NEW.d > 3 BEGIN UPDATE t SET a = a + 100, b = 'trig' WHERE id = OLD.id; END";

const small = fc.integer({ min: 0, max: 9 });
const val = fc.oneof(small.map(String), fc.constantFrom('NULL', "'x'", "'y'", '2.5'));
const col = fc.constantFrom('a', 'b', 'c', 'd', 'id');
const where = fc.oneof(small.map((k) => `id = ${k}`), small.map((k) => `a = ${k}`), small.map((k) => `id > ${k}`), fc.constant('1'));
const update = fc
  .tuple(fc.constantFrom('UPDATE', 'UPDATE OR IGNORE', 'UPDATE OR REPLACE'), fc.uniqueArray(fc.tuple(col, fc.oneof(val, fc.constant('a + 1'), fc.constant('id + 10'))), { minLength: 1, maxLength: 3, selector: ([c]) => c }), where)
  .map(([verb, sets, w]) => `${verb} t SET ${sets.map(([c, v]) => `${c} = ${v}`).join(', ')} WHERE ${w}`);
const query = fc.oneof(
  small.map((k) => `SELECT id, a, b FROM t WHERE a = ${k} ORDER BY id`),
  fc.constant('SELECT b, d, id FROM t WHERE b IS NOT NULL ORDER BY b, d, id'),
  small.map((k) => `SELECT id FROM t WHERE c = ${k}`),
  small.map((k) => `SELECT id, g FROM t WHERE g = ${k * 2} ORDER BY id`),
);
const insert = fc.tuple(small, val, val, val).map(([id, a, b, c]) => `INSERT OR IGNORE INTO t(id, a, b, c, d) VALUES (${id}, ${a}, ${b}, ${c}, ${id % 4})`);
const script = fc.tuple(fc.boolean(), fc.array(insert, { minLength: 3, maxLength: 8 }), fc.array(fc.oneof(update, update, query), { minLength: 3, maxLength: 12 }));

describe('UPDATE index maintenance vs better-sqlite3', () => {
  it('writes only the changed indexes, and the files agree', () => {
    let n = 0;
    fc.assert(
      fc.property(script, ([trig, inserts, body]) => {
        const sql = [...SCHEMA, ...(trig ? [TRIGGER] : []), ...inserts, ...body, 'SELECT * FROM t ORDER BY a, id'];
        const { mine, theirs } = runScript(dir, `s${n++}`, sql);
        expect(mine).toEqual(theirs);
        expect((mine as { file: { integrity: unknown } }).file.integrity).toEqual(['ok']);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, 60_000 + RUNS * 2_000);

  it('leaves the entries of an index on unchanged columns alone (EXPLAIN has no IdxDelete/IdxInsert on it)', () => {
    const db = new Database(':memory:');
    for (const s of SCHEMA) db.exec(s);
    // The indexes whose entries an UPDATE deletes or inserts, by the name OpenWrite gives their cursor.
    const written = (sql: string): string[] => {
      const rows = db.prepare(`EXPLAIN ${sql}`).raw(true).all() as unknown[][];
      const names = new Map(rows.filter((r) => r[1] === 'OpenWrite').map((r) => [r[2], String(r[7])]));
      return [...new Set(rows.filter((r) => (r[1] === 'IdxDelete' || r[1] === 'IdxInsert') && names.has(r[2])).map((r) => names.get(r[2])!))].sort();
    };
    // As sqlite3Update decides: an index whose key reads a SET column (g is generated from a).
    expect(written('UPDATE t SET b = 1 WHERE id = 1')).toEqual(['t_bd']);
    expect(written('UPDATE t SET a = 1 WHERE id = 1')).toEqual(['t_a', 't_g', 't_ida']);
    expect(written('UPDATE t SET c = 1, d = 2 WHERE a = 1')).toEqual(['sqlite_autoindex_t_1', 't_bd', 't_cid']);
    // A new rowid: every index (each entry ends with the rowid).
    expect(written('UPDATE t SET id = 5 WHERE id = 1')).toEqual(['sqlite_autoindex_t_1', 't_a', 't_bd', 't_cid', 't_g', 't_ida']);
    db.close();
  });
});
