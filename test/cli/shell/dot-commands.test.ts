/**
 * `.schema`, `.tables`, `.dump` against the sqlite3 3.40 CLI (same file, byte-identical output),
 * and the dump round trip: our `.dump` fed to sqlite3 rebuilds a database whose sqlite_schema and
 * every table's rows (exact values, b-tree order) equal the original's.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteRowsTyped, sqliteSchema } from '../../support/sqlite3.js';
import { bsqRowsTyped } from '../../support/better-sqlite3.js';
import type { SqlValue } from '../../support/sql-value.js';
import { sqlite3Available } from '../../support/sqlite3-cli.js';
import { REPO_ROOT } from '../../support/shared.js';
import { TIMEOUT, runs, runSqlite3Shell, runStrataShell, tempDir, visible, wellFormed } from './harness.js';

const SAMPLE = join(REPO_ROOT, 'corpus', 'sample.db');

const CRAFTED = `
CREATE TABLE t(a, b);
INSERT INTO t VALUES('x' || char(10) || 'yy', 'r' || char(13)), (1.5, x'00ff'), (NULL, 0.1), (3, 1e300 * 1e10),
  ('it''s', -0.0), ('lit\\n' || char(10), 'both' || char(13) || char(10)), (-5, '日本語'), (2e-300, x'');
CREATE TABLE "we ird"(id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);
INSERT INTO "we ird"(v) VALUES ('a'), ('b');
CREATE INDEX i1 ON t(a);
CREATE VIEW v1 AS SELECT a, b AS "b b" FROM t;
CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END;
CREATE TABLE w(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO w VALUES ('k', 2), ('j', NULL);
CREATE TABLE "select"(x /* comment */, y);
INSERT INTO "select" VALUES (1, 2);
CREATE TABLE g(a INTEGER, b AS (a * 2) STORED, c AS (a + 1));
INSERT INTO g(a) VALUES (1), (2);
CREATE TABLE tables_with_a_long_name_for_layout(x);
`;

function userTables(file: string): string[] {
  return sqliteSchema(file)
    .filter((e) => e.type === 'table')
    .map((e) => e.name);
}

/** sqlite_schema without root pages (they depend on creation order), sorted by type and name. */
function schemaSet(file: string): unknown[] {
  return sqliteSchema(file)
    .map(({ type, name, tblName, sql }) => ({ type, name, tblName, sql }))
    .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
}

/** −0.0 as 0.0: a dump writes −0.0 as `0.0`, as sqlite3's own .dump does (its `%lld.0` branch). */
function noNegativeZero(rows: SqlValue[][]): SqlValue[][] {
  return rows.map((r) => r.map((v) => (v.type === 'real' && Object.is(v.value, -0) ? { type: 'real', value: 0 } : v)));
}

function isSubnormal(v: SqlValue | undefined): boolean {
  return v?.type === 'real' && v.value !== 0 && Math.abs(v.value) < 2.2250738585072014e-308;
}

/**
 * `rows` as the sqlite3 3.40 CLI can be expected to read them back from any dump text: cells where
 * `ref` holds a subnormal REAL blanked out, other REALs to 15 significant digits. Its text-to-REAL
 * conversion is not correctly rounded: it reads 1e-310 as 9.99999999999997e-311, sqlite3's own
 * .dump text for 5e-324 as 0, and that for 1.392991512652681e-301 one unit in the last place off.
 */
function as340Reads(rows: SqlValue[][], ref: SqlValue[][]): unknown[][] {
  return rows.map((r, i) =>
    r.map((v, j) => (isSubnormal(ref[i]?.[j]) ? null : v.type === 'real' ? { real: v.value.toPrecision(15) } : v)),
  );
}

/**
 * The dump rebuilds `file` in two SQLites: better-sqlite3's (3.53), where every row must come back
 * exactly, and the sqlite3 3.40 CLI (see {@link as340Reads}), where it must also come back exactly
 * as sqlite3's own `.dump` of the same file comes back. Schemas are compared as sets.
 */
function expectRebuildsIdentically(file: string, dump: Buffer, dir: string, name: string): void {
  const cli = join(dir, `${name}-cli.db`);
  const r = runSqlite3Shell(cli, dump, ['-batch', '-bail']);
  expect(r.stderr).toBe('');
  const own = join(dir, `${name}-own.db`);
  runSqlite3Shell(own, runSqlite3Shell(file, '.dump\n', ['-batch', '-readonly']).stdout, ['-batch', '-bail']);
  const lib = join(dir, `${name}-lib.db`);
  const db = new Database(lib);
  db.exec(dump.toString('utf8'));
  db.close();
  expect(schemaSet(cli)).toEqual(schemaSet(file));
  expect(schemaSet(lib)).toEqual(schemaSet(file));
  for (const table of userTables(file)) {
    const orig = noNegativeZero(bsqRowsTyped(file, table));
    expect(noNegativeZero(bsqRowsTyped(lib, table)), table).toEqual(orig);
    const fromOurs = sqliteRowsTyped(cli, table);
    expect(fromOurs, table).toEqual(sqliteRowsTyped(own, table));
    expect(as340Reads(noNegativeZero(fromOurs), orig), table).toEqual(as340Reads(orig, orig));
  }
}

describe.skipIf(!sqlite3Available())('dot-commands vs sqlite3 3.40', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());
  const crafted = join(tmp.dir, 'crafted.db');
  const made = runSqlite3Shell(crafted, CRAFTED, ['-batch', '-bail']);

  const files = (): string[] => [crafted, ...(existsSync(SAMPLE) ? [SAMPLE] : [])];

  async function same(file: string, script: string): Promise<Buffer> {
    const ours = await runStrataShell(script, { target: file, readonly: true });
    const theirs = runSqlite3Shell(file, script, ['-batch', '-readonly']);
    expect(made.stderr).toBe('');
    expect(theirs.stderr).toBe('');
    expect(ours.stderr).toBe('');
    expect(visible(ours.stdout), script).toBe(visible(theirs.stdout));
    return ours.stdout;
  }

  it('.schema and .schema PATTERN', async () => {
    for (const f of files()) {
      await same(f, '.schema\n');
      await same(f, '.schema t%\n');
      await same(f, '.schema nomatch\n');
    }
  });

  it('.tables and .tables PATTERN', async () => {
    for (const f of files()) {
      await same(f, '.tables\n');
      await same(f, '.tables w%\n');
      await same(f, '.tables %e%\n');
    }
  });

  it('.dump and .dump TABLE are byte-identical', async () => {
    for (const f of files()) {
      await same(f, '.dump\n');
      for (const t of userTables(f)) await same(f, `.dump '${t.replaceAll("'", "''")}'\n`);
    }
  });

  it('.dump rebuilds an identical database (crafted, corpus sample)', async () => {
    for (const [i, f] of files().entries()) {
      const dump = (await runStrataShell('.dump\n', { target: f, readonly: true })).stdout;
      expectRebuildsIdentically(f, dump, tmp.dir, `rebuilt${i}`);
    }
  });

  it('.dump rebuilds generated tables of every storage class (seeded)', { timeout: TIMEOUT }, async () => {
    const value = fc.oneof(
      fc.constant(null),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.double({ noNaN: true }),
      fc.constantFrom(5e-324, -1e-310, 2.2250738585072014e-308, 1.392991512652681e-301, 1.7976931348623157e308),
      fc.string({ unit: 'binary', maxLength: 10 }).filter((s) => wellFormed(s) && !s.includes('\0')),
      fc.constantFrom('a\nb', 'c\r\nd', '\\n\n', "q'q", 'e\r'),
      fc.uint8Array({ maxLength: 6 }).map((a) => Buffer.from(a)),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(value, value), { maxLength: 8 }), async (rows) => {
        const file = join(tmp.dir, `g${n}.db`);
        const db = new Database(file);
        db.exec('CREATE TABLE t(a, b); CREATE TABLE e(x INTEGER PRIMARY KEY, y REAL)');
        const ins = db.prepare('INSERT INTO t VALUES (?, ?)');
        for (const r of rows) ins.run(...r);
        db.close();
        const dump = (await runStrataShell('.dump\n', { target: file })).stdout;
        expect(visible(dump)).toBe(visible(runSqlite3Shell(file, '.dump\n', ['-batch']).stdout));
        expectRebuildsIdentically(file, dump, tmp.dir, `g${n++}-copy`);
      }),
      runs(7, 6, 300),
    );
  });

  it('.help lists every command; .headers, .mode and .nullvalue change the output', async () => {
    const help = (await runStrataShell('.help\n')).stdout.toString();
    for (const c of ['.schema', '.tables', '.dump', '.open', '.mode', '.headers', '.help', '.quit', '.exit', '.read']) expect(help).toContain(c);
    const script = '.headers on\n.nullvalue NIL\nSELECT 1 AS a, NULL AS b;\n.mode line\nSELECT 1 AS a, NULL AS b;\n.headers off\n.mode csv\nSELECT 1 AS a, NULL AS b;\n';
    const ours = await runStrataShell(script);
    const theirs = runSqlite3Shell(':memory:', script, ['-batch']);
    expect(visible(ours.stdout)).toBe(visible(theirs.stdout));
  });
});
