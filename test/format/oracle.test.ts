/**
 * Oracle tests: files written by SQLite (better-sqlite3's SQLite 3.53 and the sqlite3 3.40 CLI) are
 * decoded with src/format alone, and every value must be what SQLite's own `SELECT` gives
 * (`quote(x)` and `typeof(x)`, plus the exact value through better-sqlite3's safe integers). Every
 * b-tree page must also re-encode byte-exactly.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBtreePage, encodeBtreePage, storageClassOf, decodeRecord, type SqlValue } from '../../src/format/index.js';
import { mapFile, pageOf, tableRows, walkTree } from './walk.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-oracle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

const SETUP = `
CREATE TABLE t(a, b, c);
CREATE INDEX t_bc ON t(b, c);
CREATE TABLE w(k TEXT PRIMARY KEY, v) WITHOUT ROWID;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
INSERT INTO t SELECT
  CASE i % 9 WHEN 0 THEN NULL WHEN 1 THEN i WHEN 2 THEN -i * 1000003 WHEN 3 THEN i * 12345678901 WHEN 4 THEN 9223372036854775807 - i
    WHEN 5 THEN -9223372036854775808 + i WHEN 6 THEN i / 7.0 WHEN 7 THEN 0 ELSE 1 END,
  CASE i % 4 WHEN 0 THEN 'text ' || i || ' é ✓ 😀' WHEN 1 THEN randomblob(i % 50) WHEN 2 THEN printf('%.*c', i * 13, 'x') ELSE zeroblob(i * 20) END,
  CASE WHEN i % 25 = 0 THEN randomblob(5000) ELSE i * 1.5e300 END
FROM n;
INSERT INTO t VALUES (2147483648, -2147483649, 140737488355328), (-140737488355329, 8388607, -8388608), (1e308, -0.0, 4.9e-324);
INSERT INTO w SELECT 'key' || (i * 7919 % 1000), printf('%.*c', i % 700, 'v') FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) SELECT i FROM n);
DELETE FROM t WHERE rowid % 7 = 3;
DELETE FROM w WHERE v LIKE '%vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv%' AND length(v) % 3 = 0;
`;

interface Config {
  name: string;
  make: (path: string) => void;
}

const configs: Config[] = [
  ...([
    [512, 'UTF-8', 'none'],
    [1024, 'UTF-16le', 'full'],
    [4096, 'UTF-16be', 'incremental'],
    [65536, 'UTF-8', 'none'],
  ] as const).map(([ps, enc, av]) => ({
    name: `better-sqlite3 page ${ps} ${enc} auto_vacuum ${av}`,
    make: (path: string) => {
      const db = new Database(path);
      db.pragma(`page_size = ${ps}`);
      db.pragma(`encoding = '${enc}'`);
      db.pragma(`auto_vacuum = ${av}`);
      db.exec(SETUP);
      db.close();
    },
  })),
  {
    name: 'sqlite3 CLI 3.40 page 1024 with 12 reserved bytes',
    make: (path: string) => {
      execFileSync('sqlite3', [path, '.filectrl reserve_bytes 12', 'PRAGMA page_size=1024;', 'VACUUM;']);
      execFileSync('sqlite3', [path], { input: SETUP });
    },
  },
];

/** SELECT rowid, quote(x), typeof(x) and the exact value of every column, in rowid order. */
function sqliteRows(path: string): { quote: string[]; type: string[]; value: SqlValue[] }[] {
  const db = new Database(path, { readonly: true });
  const rows = db
    .prepare('SELECT rowid, quote(a), typeof(a), a, quote(b), typeof(b), b, quote(c), typeof(c), c FROM t ORDER BY rowid')
    .safeIntegers(true)
    .raw()
    .all() as unknown[][];
  db.close();
  return rows.map((r) => ({
    quote: [String(r[0]), r[1], r[4], r[7]] as string[],
    type: ['integer', r[2], r[5], r[8]] as string[],
    value: [r[0], r[3], r[6], r[9]].map((v) => (Buffer.isBuffer(v) ? new Uint8Array(v) : v)) as SqlValue[],
  }));
}

/** quote() for the values whose quoting is exact text (integers, text, blobs, NULL); REALs are compared by value. */
function quote(v: SqlValue): string | undefined {
  if (v === null) return 'NULL';
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'number') return undefined;
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`;
  return `X'${Buffer.from(v).toString('hex').toUpperCase()}'`;
}

/** A decoded value as better-sqlite3 returns it with safe integers: INTEGER as bigint. */
function norm(v: SqlValue, serialType: number): SqlValue {
  return storageClassOf(serialType) === 'integer' ? BigInt(v as number | bigint) : v;
}

/** Records of a b-tree as [serial types, values], values normalised by {@link norm}. */
function records(file: Uint8Array, m: ReturnType<typeof mapFile>, root: number): { types: number[]; values: SqlValue[]; rowid?: bigint }[] {
  return walkTree(file, m, root).map((e) => {
    const r = decodeRecord(e.payload, m.encoding, root);
    const values = r.values.map((v, i) => norm(v, r.serialTypes[i]));
    return { types: r.serialTypes, values, rowid: e.cell.rowid === undefined ? undefined : BigInt(e.cell.rowid) };
  });
}

describe.each(configs)('$name', ({ name, make }) => {
  const path = join(dir, `${name.replace(/\W+/g, '_')}.db`);
  make(path);
  const file = new Uint8Array(readFileSync(path));
  const m = mapFile(file);

  it('decodes every row of t as SELECT quote(x), typeof(x) gives it', () => {
    const t = m.trees.find((x) => x.name === 't');
    const mine = records(file, m, t!.root);
    const theirs = sqliteRows(path);
    expect(mine.length).toBe(theirs.length);
    expect(mine.length).toBeGreaterThan(200);
    expect(tableRows(file, m, t!.root).length).toBe(mine.length);
    mine.forEach((row, i) => {
      const o = theirs[i];
      const values = [row.rowid as bigint, ...row.values];
      expect(values).toEqual(o.value);
      expect(['integer', ...row.types.map(storageClassOf)]).toEqual(o.type);
      values.forEach((v, j) => {
        const q = quote(v);
        if (q !== undefined) expect(q).toBe(o.quote[j]);
      });
    });
  });

  it('decodes index and WITHOUT ROWID entries in SQLite order', () => {
    const db = new Database(path, { readonly: true });
    const idx = m.trees.find((x) => x.name === 't_bc')!;
    const keys = records(file, m, idx.root).map((r) => r.values);
    const sq = db.prepare('SELECT b, c, rowid FROM t INDEXED BY t_bc ORDER BY b, c, rowid').safeIntegers(true).raw().all() as SqlValue[][];
    expect(keys).toEqual(sq.map((r) => r.map((v) => (Buffer.isBuffer(v) ? new Uint8Array(v) : v))));
    const w = m.trees.find((x) => x.name === 'w')!;
    const wk = records(file, m, w.root).map((r) => r.values);
    expect(wk).toEqual(db.prepare('SELECT k, v FROM w ORDER BY k').raw().all());
    db.close();
  });

  it('re-encodes every b-tree page byte-exactly', () => {
    let n = 0;
    for (const [pgno, kind] of m.kinds) {
      if (kind !== 'btree') continue;
      const page = pageOf(file, m.pageSize, pgno);
      expect(hex(encodeBtreePage(decodeBtreePage(page, pgno, m.usableSize), m.pageSize))).toBe(hex(page));
      n++;
    }
    expect(n).toBeGreaterThan(3);
  });
});
