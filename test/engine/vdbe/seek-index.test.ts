/**
 * SeekGE/GT/LE/LT run by their own handler (hot-ops.ts seekIndex) on index b-tree cursors, and by
 * the general switch on table cursors and memory indexes, against better-sqlite3 (SQLite 3.53) as
 * oracle: seeks in both directions on ASC, DESC and NOCASE indexes over keys of every storage class,
 * run by the sync driver and by the async one whose reads wait (DelayedIO, a 10-page cache), so
 * that the handler's I/O exit is taken and the seek is run again. Seeded fast-check; every query is
 * checked row for row.
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, Database } from '../../../src/api/index.js';
import { parseStatement } from '../../../src/engine/parser/index.js';
import { buildSchema } from '../../../src/engine/schema/build.js';
import { translate } from '../../../src/engine/translate/index.js';
import { HOT, hotCodes } from '../../../src/engine/vdbe/hot-codes.js';
import { DelayedIO } from '../../../src/io/delayed.js';
import { NodeSyncIO } from '../../../src/io/node-sync.js';

const RUNS = Number(process.env.STRATA_SEEK_RUNS ?? 25);
const SEED = Number(process.env.STRATA_SEEK_SEED ?? 20261127);
const dir = mkdtempSync(join(tmpdir(), 'strata-seek-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

type Key = number | string | Buffer | null;

const key: fc.Arbitrary<Key> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -50, max: 50 }),
  fc.double({ min: -50, max: 50, noNaN: true }),
  fc.constantFrom('a', 'B', 'b', 'abc', 'ABC', 'z', ''),
  fc.uint8Array({ maxLength: 3 }).map((b) => Buffer.from(b)),
);

/** Queries whose loops seek an index (and one a table, one a memory index), with one or two `?`. */
const QUERIES = [
  'SELECT rowid, a FROM t WHERE a > ? ORDER BY a, rowid',
  'SELECT rowid, a FROM t WHERE a >= ? ORDER BY a, rowid',
  'SELECT rowid, a FROM t WHERE a < ? ORDER BY a DESC, rowid DESC',
  'SELECT rowid, a FROM t WHERE a <= ? ORDER BY a DESC, rowid DESC',
  'SELECT rowid, a FROM t WHERE a BETWEEN ? AND ? ORDER BY a, rowid',
  'SELECT rowid, b, a FROM t WHERE b = ? AND a > ? ORDER BY a, rowid',
  'SELECT rowid, b FROM t WHERE b > ? ORDER BY b DESC, a, rowid',
  'SELECT rowid, c FROM t WHERE c >= ? ORDER BY c, rowid',
  'SELECT rowid FROM t WHERE rowid >= ? AND rowid < ?',
  'SELECT rowid, a FROM t WHERE a IN (SELECT a FROM t WHERE a > ?) ORDER BY rowid',
];

const SCHEMA = 'CREATE TABLE t(a, b, c TEXT); CREATE INDEX t_a ON t(a); CREATE INDEX t_ba ON t(b DESC, a); CREATE INDEX t_c ON t(c COLLATE NOCASE)';

function oracleRows(file: string, sql: string, params: Key[]): unknown[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare(sql).raw(true).all(...params);
  } finally {
    db.close();
  }
}

describe('SeekGE/GT/LE/LT through their handler', () => {
  it('every Seek opcode has the handler code; the handler leaves table cursors to the general switch', () => {
    const schema = buildSchema(
      [
        { rowid: 1, type: 'table', name: 't', tblName: 't', rootpage: 2, sql: 'CREATE TABLE t(a, b, c TEXT)' },
        { rowid: 2, type: 'index', name: 't_a', tblName: 't', rootpage: 3, sql: 'CREATE INDEX t_a ON t(a)' },
      ],
      1,
    );
    for (const sql of ['SELECT rowid FROM t WHERE a > 1', 'SELECT rowid FROM t WHERE a < 1 ORDER BY a DESC', 'SELECT a FROM t WHERE rowid >= 5']) {
      const program = translate(parseStatement(sql), schema);
      const codes = hotCodes(program);
      const seeks = program.insns.map((op, pc) => [op.opcode, codes[pc]] as const).filter(([name]) => /^Seek(GE|GT|LE|LT)$/.test(name));
      expect(seeks.length, sql).toBeGreaterThan(0);
      for (const [, code] of seeks) expect(code, sql).toBe(HOT.SeekGE);
    }
  });

  it('finds the rows SQLite finds, sync and with reads that wait (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(key, key, fc.constantFrom('a', 'A', 'b', 'Bc', 'bC', 'z', null)), { maxLength: 300 }),
        fc.array(fc.tuple(fc.nat(QUERIES.length - 1), key, key), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 1000 }),
        async (rows, queries, ioSeed) => {
          const file = join(dir, `s${fileNo++}.db`);
          const ref = new BetterSqlite3(file);
          ref.pragma('page_size = 512');
          ref.exec(SCHEMA);
          const ins = ref.prepare('INSERT INTO t VALUES (?, ?, ?)');
          ref.transaction(() => rows.forEach((r) => ins.run(...r)))();
          ref.close();
          const sync = new Database(file, { readonly: true });
          const io = new DelayedIO(new NodeSyncIO(), ioSeed);
          const delayed = await connect(file, { io });
          try {
            await delayed.exec('PRAGMA cache_size = 10');
            for (const [q, p1, p2] of queries) {
              const sql = QUERIES[q];
              const params = sql.split('?').length === 3 ? [p1, p2] : [p1];
              const want = oracleRows(file, sql, params);
              expect(sync.prepare(sql).raw(true).all(...params), sql).toEqual(want);
              expect(await delayed.prepare(sql).raw(true).all(...params), sql).toEqual(want);
            }
          } finally {
            sync.close();
            await delayed.close();
          }
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  }, 120_000);
});
