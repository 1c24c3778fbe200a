/**
 * Other processes and the pager's own uncommitted frames (src/wal/foreign-check.ts): spilled
 * frames of a rolled-back transaction carry the current salts and chain from the last commit, but
 * no commit frame follows them — they must raise no alarm, in this connection, another connection
 * of this process, or another Strata process (a second NodeSyncIO has its own shared state: its
 * own wal-index, as another process would). A foreign commit written over a transaction's spill
 * frames must fail that transaction's COMMIT. Oracles: better-sqlite3's integrity_check and rows
 * once everything has closed; the sqlite3 CLI as the foreign writer.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/api/index.js';
import { BTreeWriter } from '../../src/btree/write/btree-writer.js';
import { recordFromValues } from '../../src/format/index.js';
import { runSync } from '../../src/io/io-result.js';
import { NodeSyncIO } from '../../src/io/node-sync.js';
import { Pager } from '../../src/pager/pager.js';
import type { CheckpointMode } from '../../src/pager/checkpoint.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-foreign-spill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A file with `t(x INTEGER PRIMARY KEY, pad BLOB)` (root page 2) holding row 1, closed. */
function newFile(): string {
  const f = join(dir, `s-${++n}.db`);
  const db = new Database(f);
  db.exec('CREATE TABLE t(x INTEGER PRIMARY KEY, pad BLOB)');
  db.prepare('INSERT INTO t(x) VALUES (1)').run();
  db.close();
  return f;
}

const open = (io: NodeSyncIO, f: string): Pager => Pager.open(io, f, { readonly: false, cacheSizePages: 10 });

/** Starts a write transaction at the newest snapshot and inserts `xs` with `pad`-byte blobs, spilling after each. */
function writeRows(p: Pager, xs: number[], pad: number): void {
  runSync(() => p.beginRead());
  runSync(() => p.beginWrite());
  const w = new BTreeWriter(p);
  for (const x of xs) {
    runSync(() => w.insert(2, x, recordFromValues([null, new Uint8Array(pad).fill(x & 0xff)], 1)));
    runSync(() => p.spill());
  }
}

function commitRows(p: Pager, xs: number[], pad = 0): void {
  writeRows(p, xs, pad);
  runSync(() => p.commit());
}

function sqliteFinal(file: string): { integrity: string; xs: number[] } {
  const db = new BetterSqlite3(file);
  try {
    return {
      integrity: (db.prepare('PRAGMA integrity_check').pluck().all() as string[]).join('\n'),
      xs: db.prepare('SELECT x FROM t ORDER BY x').pluck().all() as number[],
    };
  } finally {
    db.close();
  }
}

function code(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

describe('spilled frames and other processes', () => {
  it('rolled-back spill frames raise no alarm: same connection, another connection, another Strata process', () => {
    const f = newFile();
    const io = new NodeSyncIO();
    const p = open(io, f);
    commitRows(p, [2]); // the WAL exists: spills may go to it
    writeRows(p, range(100, 40), 3000);
    expect(p.spilledPages).toBeGreaterThan(0);
    p.rollback();
    const q = open(io, f);
    commitRows(q, [3]);
    commitRows(p, [4]);
    const other = open(new NodeSyncIO(), f);
    commitRows(other, [5]);
    commitRows(p, [6]);
    commitRows(other, [7]);
    other.close();
    q.close();
    p.close();
    expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [1, 2, 3, 4, 5, 6, 7] });
  });

  it('a foreign commit written over a transaction’s spill frames fails its COMMIT; the foreign commit stays', () => {
    const f = newFile();
    const p = open(new NodeSyncIO(), f);
    commitRows(p, [2]);
    writeRows(p, range(100, 40), 3000);
    expect(p.spilledPages).toBeGreaterThan(0);
    const r = spawnSync('sqlite3', ['-batch', f, '.dbconfig no_ckpt_on_close on', 'PRAGMA locking_mode=EXCLUSIVE;', 'INSERT INTO t(x) VALUES (3);'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(code(() => runSync(() => p.commit()))).toBe('SQLITE_BUSY_SNAPSHOT');
    expect(p.inWriteTransaction).toBe(false);
    commitRows(p, [4]);
    p.close();
    expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [1, 2, 3, 4] });
  });
});

describe('two Strata processes (seeded): every reported commit is in the file, nothing else', () => {
  type Op =
    | { kind: 'insert'; who: 0 | 1; rows: number; pad: number }
    | { kind: 'spill-rollback'; who: 0 | 1 }
    | { kind: 'stale-write'; who: 0 | 1 }
    | { kind: 'checkpoint'; who: 0 | 1; mode: CheckpointMode }
    | { kind: 'reopen'; who: 0 | 1 };
  const who = fc.constantFrom<0 | 1>(0, 1);
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('insert' as const), who, rows: fc.integer({ min: 1, max: 30 }), pad: fc.constantFrom(0, 500, 3000) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('spill-rollback' as const), who }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('stale-write' as const), who }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('checkpoint' as const), who, mode: fc.constantFrom<CheckpointMode>('PASSIVE', 'FULL', 'RESTART', 'TRUNCATE') }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const), who }) },
  );
  it('alternating commits, spills, checkpoints and reopenings', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 14 }), (ops) => {
        const f = newFile();
        const ios = [new NodeSyncIO(), new NodeSyncIO()];
        const pagers = [open(ios[0], f), open(ios[1], f)];
        const committed = new Set<number>([1]);
        let next = 2;
        for (const o of ops) {
          const p = pagers[o.who];
          const other = pagers[1 - o.who];
          if (o.kind === 'insert') {
            const xs = range(next, o.rows);
            next += o.rows;
            commitRows(p, xs, o.pad);
            for (const x of xs) committed.add(x);
          } else if (o.kind === 'spill-rollback') {
            writeRows(p, range(1_000_000 + next, 30), 3000);
            next += 30;
            p.rollback();
          } else if (o.kind === 'stale-write') {
            // p's snapshot predates the other process's commit: its write must be refused.
            runSync(() => p.beginRead());
            runSync(() => p.getPage(2));
            commitRows(other, [next]);
            committed.add(next++);
            expect(
              code(() => {
                runSync(() => p.beginWrite());
                runSync(() => new BTreeWriter(p).insert(2, next, recordFromValues([null, null], 1)));
                runSync(() => p.commit());
              }),
            ).toBe('SQLITE_BUSY_SNAPSHOT');
            p.rollback();
            next++;
          } else if (o.kind === 'checkpoint') {
            runSync(() => p.beginRead());
            runSync(() => p.checkpoint(o.mode));
          } else {
            p.close();
            pagers[o.who] = open(ios[o.who], f);
          }
        }
        pagers[0].close();
        pagers[1].close();
        expect(sqliteFinal(f)).toEqual({ integrity: 'ok', xs: [...committed].sort((a, b) => a - b) });
      }),
      { seed: 4242, numRuns: 25 },
    );
  });
});
