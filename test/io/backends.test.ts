import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryIO, NodeAsyncIO, NodeSyncIO, runAsync, ready, pending, runSync, type File, type IO } from '../../src/io/index.js';
import { isSqliteError } from '../../src/error.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function roundTrip(io: IO, path: string): Promise<void> {
  const f: File = io.open(path);
  const w = f.write(10, new Uint8Array([1, 2, 3]));
  await w.wait();
  expect(w.state).toBe('done');
  const s = f.size();
  await s.wait();
  expect(s.value).toBe(13);
  const r = f.read(8, 10);
  await r.wait();
  expect([...r.value]).toEqual([0, 0, 1, 2, 3]); // short read at end of file
  const t = f.truncate(11);
  await t.wait();
  const s2 = f.size();
  await s2.wait();
  expect(s2.value).toBe(11);
  f.close();
  const after = f.read(0, 1);
  await after.wait();
  expect(after.state).toBe('failed');
}

describe('io backends', () => {
  it('memory backend reads, writes, truncates', async () => roundTrip(new MemoryIO(), 'a'));
  it('node-sync backend reads, writes, truncates', async () => roundTrip(new NodeSyncIO(), join(dir, 'sync.bin')));
  it('node-async backend reads, writes, truncates', async () => roundTrip(new NodeAsyncIO(), join(dir, 'async.bin')));

  it('node-sync completions are finished when returned; node-async ones are not', () => {
    const a = new NodeSyncIO().open(join(dir, 's2.bin'));
    expect(a.size().finished).toBe(true);
    const b = new NodeAsyncIO().open(join(dir, 'a2.bin'));
    expect(b.size().finished).toBe(false);
  });

  it('opening a missing file read-only is SQLITE_CANTOPEN', () => {
    for (const io of [new MemoryIO(), new NodeSyncIO(), new NodeAsyncIO()]) {
      try {
        io.open(join(dir, 'missing.db'), { readonly: true });
        expect.unreachable();
      } catch (e) {
        expect(isSqliteError(e, 'SQLITE_CANTOPEN')).toBe(true);
      }
    }
  });

  it('runSync and runAsync re-enter a pending operation until it is done', async () => {
    const io = new NodeAsyncIO();
    const f = io.open(join(dir, 'drv.bin'));
    const w = f.write(0, new Uint8Array([7, 8, 9]));
    await w.wait();
    let read: ReturnType<File['read']> | undefined;
    let calls = 0;
    const op = () => {
      calls++;
      read ??= f.read(0, 3);
      return read.finished ? ready([...read.value]) : pending(read);
    };
    expect(await runAsync(op)).toEqual([7, 8, 9]);
    expect(calls).toBe(2);
    expect(() => runSync(() => pending(f.size()))).toThrow(/pending/);
  });
});
