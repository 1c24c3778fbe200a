/**
 * REAL columns store whole numbers as INTEGERs, byte for byte as SQLite does (fileformat2 §2.1;
 * vdbe.c OP_Affinity's MEM_IntReal, Real.intReal here): the same statements run on Strata and on
 * better-sqlite3 (SQLite 3.53), and every record of every table and index b-tree of the two files
 * must be the same bytes. fast-check draws the values (whole numbers around the ±2^47 bound, −0.0,
 * fractions, INTEGERs, numeric and other TEXT, NULL) and the statements that write them (INSERT,
 * UPDATE, INSERT OR REPLACE, UPSERT, CREATE INDEX before and after, CREATE TABLE … AS, a trigger
 * copying NEW.x into an untyped column). REAL_INT_RUNS / REAL_INT_SEED set the random part's runs
 * and seed (25 runs, seed 4747 in `npm test`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';
import { decodeBtreePage } from '../../../src/format/btree-page.js';
import { decodeRecord } from '../../../src/format/record.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-real-int-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A double as an SQL literal that parses back to it. */
function realLiteral(x: number): string {
  if (x === Infinity) return '1e999';
  if (x === -Infinity) return '-1e999';
  if (Object.is(x, -0)) return '-0.0';
  const s = String(x);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

const B47 = 2 ** 47;
const wholeReal = fc.oneof(
  fc.integer({ min: -300, max: 300 }),
  fc.constantFrom(B47 - 1, B47, -B47, -B47 - 1, 2 ** 53, -(2 ** 53), 2 ** 31, 2 ** 40, 1e20),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }).map((n) => n * 65536),
).map(realLiteral);
const value: fc.Arbitrary<string> = fc.oneof(
  wholeReal,
  fc.double({ noNaN: true }).map(realLiteral),
  fc.constant('-0.0'),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.constantFrom('140737488355327', '140737488355328', '9007199254740993', "'7.0'", "' 12 '", "'2.5'", "'abc'", "'1e3'", 'NULL'),
);

type Step = { kind: 'insert'; x: string; y: string; z: string } | { kind: 'update'; id: number; x: string } | { kind: 'replace'; id: number; x: string } | { kind: 'upsert'; id: number; x: string } | { kind: 'touch' };
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), x: value, y: value, z: value }) },
  fc.record({ kind: fc.constant('update' as const), id: fc.integer({ min: 1, max: 30 }), x: value }),
  fc.record({ kind: fc.constant('replace' as const), id: fc.integer({ min: 1, max: 30 }), x: value }),
  fc.record({ kind: fc.constant('upsert' as const), id: fc.integer({ min: 1, max: 30 }), x: value }),
  fc.constant({ kind: 'touch' as const }),
);

function script(steps: readonly Step[], indexFirst: boolean): string[] {
  const out = [
    'CREATE TABLE t(id INTEGER PRIMARY KEY, x REAL, y, z FLOAT)',
    'CREATE TABLE log(v, w REAL)',
    'CREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO log VALUES(NEW.x, NEW.z); END',
  ];
  if (indexFirst) out.push('CREATE INDEX tx ON t(x)', 'CREATE UNIQUE INDEX tzy ON t(z, y, id)');
  for (const s of steps) {
    if (s.kind === 'insert') out.push(`INSERT INTO t(x, y, z) VALUES(${s.x}, ${s.y}, ${s.z})`);
    else if (s.kind === 'update') out.push(`UPDATE t SET x = ${s.x}, z = x WHERE id = ${s.id}`);
    else if (s.kind === 'replace') out.push(`INSERT OR REPLACE INTO t(id, x, y) VALUES(${s.id}, ${s.x}, ${s.x})`);
    else if (s.kind === 'upsert') out.push(`INSERT INTO t(id, x) VALUES(${s.id}, ${s.x}) ON CONFLICT(id) DO UPDATE SET z = excluded.x, y = excluded.x`);
    else out.push('UPDATE t SET y = y WHERE id % 2 = 0');
  }
  if (!indexFirst) out.push('CREATE INDEX tx ON t(x)', 'CREATE UNIQUE INDEX tzy ON t(z, y, id)');
  out.push('CREATE TABLE c AS SELECT x, z, y FROM t');
  return out;
}

/** Every b-tree's records (rowid and payload bytes, hex) in key order, by name, read from the file's pages. */
function records(file: string): Map<string, string[]> {
  const bytes = readFileSync(file);
  const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
  const usable = pageSize - bytes[20];
  const page = (n: number) => new Uint8Array(bytes.buffer, bytes.byteOffset + (n - 1) * pageSize, pageSize);
  const walk = (pgno: number, out: string[]) => {
    const p = decodeBtreePage(page(pgno), pgno, usable);
    const t = p.header.pageType;
    if (t === 2 || t === 5) {
      for (const c of p.cells) {
        walk(c.leftChild!, out);
        if (t === 2) out.push(Buffer.from(c.localPayload!).toString('hex'));
      }
      walk(p.header.rightChild!, out);
    } else {
      for (const c of p.cells) {
        expect(c.overflowPgno, 'records of this test fit on their page').toBeUndefined();
        out.push(`${c.rowid ?? ''}:${Buffer.from(c.localPayload!).toString('hex')}`);
      }
    }
  };
  const db = new BetterSqlite3(file, { readonly: true });
  const roots = db.prepare('SELECT name, rootpage FROM sqlite_schema WHERE rootpage > 0 ORDER BY name').raw(true).all() as [string, number][];
  db.close();
  const out = new Map<string, string[]>();
  for (const [name, root] of roots) {
    const recs: string[] = [];
    walk(root, recs);
    out.set(name, recs);
  }
  return out;
}

let run = 0;
function both(sql: readonly string[]): { strata: Map<string, string[]>; sqlite: Map<string, string[]>; errors: [string, string] } {
  run++;
  const fs = join(dir, `s${run}.db`);
  const fb = join(dir, `b${run}.db`);
  const s = new Database(fs);
  const b = new BetterSqlite3(fb);
  b.pragma('journal_mode = DELETE');
  const errors: [string, string] = ['', ''];
  for (const q of sql) {
    let es = '';
    let eb = '';
    try {
      s.exec(q);
    } catch (e) {
      es = (e as Error).message;
    }
    try {
      b.exec(q);
    } catch (e) {
      eb = (e as Error).message;
    }
    errors[0] += es ? `${q}: ${es}\n` : '';
    errors[1] += eb ? `${q}: ${eb}\n` : '';
  }
  s.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  s.close();
  b.close();
  return { strata: records(fs), sqlite: records(fb), errors };
}

describe('REAL columns store whole numbers as SQLite does', () => {
  it('the records of a fixed script are the bytes better-sqlite3 writes', () => {
    const vals = ['1.0', '0.0', '-0.0', '1', '5', '2.5', '-7.0', "'7.0'", "'3'", '140737488355327.0', '140737488355328.0', '-140737488355328.0', '-140737488355329.0', '1e20', '1e999', 'NULL'];
    const steps: Step[] = vals.map((x, i) => ({ kind: 'insert', x, y: vals[(i + 3) % vals.length], z: vals[(i + 5) % vals.length] }));
    steps.push({ kind: 'update', id: 2, x: '300.0' }, { kind: 'replace', id: 3, x: '4.0' }, { kind: 'upsert', id: 4, x: '-2.0' }, { kind: 'touch' });
    for (const first of [true, false]) {
      const got = both(script(steps, first));
      expect(got.errors[0]).toBe(got.errors[1]);
      expect([...got.strata.keys()]).toEqual(['c', 'log', 't', 'tx', 'tzy']);
      expect(got.strata).toEqual(got.sqlite);
      // What the test is about: row 1's x (1.0) is stored with serial type 9 (the INTEGER 1).
      const [rowid, hex] = got.sqlite.get('t')![0].split(':');
      expect(rowid).toBe('1');
      expect(decodeRecord(Buffer.from(hex, 'hex'), 1).serialTypes[1]).toBe(9);
    }
  });

  it('random values and statements give the same records (fast-check, 25 seeded runs)', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 20 }), fc.boolean(), (steps, first) => {
        const got = both(script(steps, first));
        expect(got.errors[0]).toBe(got.errors[1]);
        expect(got.strata).toEqual(got.sqlite);
      }),
      { numRuns: Number(process.env.REAL_INT_RUNS ?? 25), seed: Number(process.env.REAL_INT_SEED ?? 4747) },
    );
  });
});
