import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSqliteError } from '../../src/error.js';
import { decodeDatabaseHeader, encodeDatabaseHeader } from '../../src/format/index.js';
import { dbHeaderArb } from './arbitraries.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-format-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function makeDb(pageSize: number, encoding: string, setup: string): Uint8Array {
  const db = new Database(':memory:');
  db.pragma(`page_size = ${pageSize}`);
  db.pragma(`encoding = '${encoding}'`);
  db.exec(setup);
  const bytes = new Uint8Array(db.serialize());
  db.close();
  return bytes;
}

describe('database header', () => {
  it('decodes what SQLite (better-sqlite3) writes, matching its pragmas', () => {
    for (const [pageSize, encoding, code] of [[1024, 'UTF-16le', 2], [65536, 'UTF-8', 1], [4096, 'UTF-16be', 3]] as const) {
      const path = join(dir, `h${pageSize}.db`);
      const db = new Database(path);
      db.pragma(`page_size = ${pageSize}`);
      db.pragma(`encoding = '${encoding}'`);
      db.pragma('auto_vacuum = incremental');
      db.exec('CREATE TABLE t(a, b); CREATE INDEX i ON t(b); INSERT INTO t VALUES (1, randomblob(3000));');
      db.pragma('user_version = -5');
      db.pragma('application_id = -7');
      const bytes = new Uint8Array(readFileSync(path));
      const h = decodeDatabaseHeader(bytes);
      expect(h.pageSize).toBe(pageSize);
      expect(h.textEncoding).toBe(code);
      expect(h.userVersion).toBe(-5);
      expect(h.applicationId).toBe(-7);
      expect(h.pageCount).toBe(db.pragma('page_count', { simple: true }));
      expect(h.pageCount * pageSize).toBe(bytes.length);
      expect(h.schemaCookie).toBe(db.pragma('schema_version', { simple: true }));
      expect(h.freelistCount).toBe(db.pragma('freelist_count', { simple: true }));
      expect(h.largestRootPage).toBeGreaterThan(0);
      expect(h.incrementalVacuum).toBe(1);
      expect(h.schemaFormat).toBe(4);
      expect([h.maxPayloadFraction, h.minPayloadFraction, h.leafPayloadFraction]).toEqual([64, 32, 32]);
      expect(h.sqliteVersion).toBe(3053002);
      expect(hex(encodeDatabaseHeader(h))).toBe(hex(bytes.subarray(0, 100)));
      db.close();
    }
    expect(makeDb(512, 'UTF-8', 'CREATE TABLE x(y)').length).toBe(1024);
  });

  it('round-trips any decodable header byte-exactly', () => {
    fc.assert(
      fc.property(dbHeaderArb, (h) => {
        const bytes = encodeDatabaseHeader(h);
        expect(decodeDatabaseHeader(bytes)).toEqual(h);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same fields in the same order for an in-range and an out-of-range text encoding', () => {
    fc.assert(
      fc.property(dbHeaderArb, fc.integer({ min: 1, max: 0x7fffffff }), (h, high) => {
        const bytes = encodeDatabaseHeader(h);
        const plain = decodeDatabaseHeader(bytes);
        bytes.set([(high >>> 24) & 0x7f, (high >>> 16) & 0xff, (high >>> 8) & 0xff, (high & 0xfc) | (bytes[59] & 3)], 56);
        const odd = decodeDatabaseHeader(bytes);
        const { textEncodingRaw, ...rest } = odd;
        if (textEncodingRaw !== undefined) expect(Object.keys(rest)).toEqual(Object.keys(plain));
        expect(rest).toEqual(plain);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps an out-of-range text encoding as stored, reading its low two bits as SQLite does', () => {
    const bytes = encodeDatabaseHeader(fc.sample(dbHeaderArb, 1)[0]);
    bytes.set([0, 0, 1, 6], 56);
    const h = decodeDatabaseHeader(bytes);
    expect(h.textEncoding).toBe(2);
    expect(h.textEncodingRaw).toBe(262);
    expect(hex(encodeDatabaseHeader(h))).toBe(hex(bytes));
  });

  it('refuses a bad magic or an impossible page size with SQLITE_NOTADB, and nothing else', () => {
    const good = makeDb(4096, 'UTF-8', 'CREATE TABLE t(a)').subarray(0, 100);
    const notadb = (b: Uint8Array): boolean => {
      try {
        decodeDatabaseHeader(b);
        return false;
      } catch (e) {
        return isSqliteError(e, 'SQLITE_NOTADB');
      }
    };
    expect(notadb(good.subarray(0, 99))).toBe(true);
    for (const stored of [0, 2, 256, 513, 1000, 0xffff]) {
      const b = good.slice();
      b[16] = stored >> 8;
      b[17] = stored & 0xff;
      expect(notadb(b)).toBe(true);
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.nat({ max: 255 }), (i, v) => {
        const b = good.slice();
        b[i] = v;
        const fatal = (i < 16 && v !== good[i]) || ((i === 16 || i === 17) && v !== good[i]);
        if (fatal) expect(notadb(b)).toBe(i < 16 || !isPowerOfTwoPageSize(b));
        else expect(hex(encodeDatabaseHeader(decodeDatabaseHeader(b)))).toBe(hex(b));
      }),
      { numRuns: 1000 },
    );
  });
});

function isPowerOfTwoPageSize(b: Uint8Array): boolean {
  const s = (b[16] << 8) | b[17];
  const n = s === 1 ? 65536 : s;
  return n >= 512 && (n & (n - 1)) === 0;
}
