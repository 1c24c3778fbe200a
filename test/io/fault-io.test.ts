/**
 * The fault backend's disk model (fault-io.ts, points 1–6), checked against a reference model
 * written independently here: every crash image is the durable bytes plus some of the unsynced
 * operations (in order, a survivor possibly torn at sector boundaries) plus some part of the write
 * in flight — never anything else; and before a cut the backend reads like MemoryIO.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FaultIO, PowerCut, SECTOR_SIZE_BYTES } from '../../src/io/fault-io.js';
import { MemoryIO } from '../../src/io/index.js';

type Op = { kind: 'write'; offset: number; len: number; fill: number } | { kind: 'sync' } | { kind: 'truncate'; length: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('write' as const), offset: fc.integer({ min: 0, max: 3000 }), len: fc.integer({ min: 1, max: 1500 }), fill: fc.integer({ min: 1, max: 255 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'sync' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), length: fc.integer({ min: 0, max: 4000 }) }) },
);

function apply(io: { open: MemoryIO['open'] }, ops: Op[]): void {
  const f = io.open('/f');
  for (const op of ops) {
    if (op.kind === 'write') f.write(op.offset, new Uint8Array(op.len).fill(op.fill));
    else if (op.kind === 'sync') f.sync();
    else f.truncate(op.length);
  }
}

describe('FaultIO', () => {
  it('reads like MemoryIO while the power is on (property)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 30 }), (ops) => {
        const a = new FaultIO();
        const b = new MemoryIO();
        apply(a, ops);
        apply(b, ops);
        expect(a.get('/f')).toEqual(b.get('/f'));
        expect(a.ops).toBe(ops.length);
      }),
      { numRuns: 100, seed: 1 },
    );
  });

  it('after a cut, each file is durable bytes + an ordered subset of unsynced ops + part of the write in flight (property)', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 25 }), fc.nat(), fc.nat(), (ops, cutPick, seed) => {
        const cut = 1 + (cutPick % (ops.length + 1)); // ops.length + 1: the cut falls on nothing
        const io = new FaultIO(cut);
        const f = io.open('/f');
        const done: Op[] = [];
        for (const op of ops) {
          const c = op.kind === 'write' ? f.write(op.offset, new Uint8Array(op.len).fill(op.fill)) : op.kind === 'sync' ? f.sync() : f.truncate(op.length);
          if (c.state === 'failed') {
            expect(c.error).toBeInstanceOf(PowerCut);
            break;
          }
          done.push(op);
        }
        // Model point 6: dead after the cut.
        if (io.cut !== null) expect(f.read(0, 1).error).toBeInstanceOf(PowerCut);
        const lastSync = done.map((o) => o.kind).lastIndexOf('sync');
        const durable = replay(done.slice(0, lastSync + 1));
        const unsynced = done.slice(lastSync + 1).filter((o) => o.kind !== 'sync');
        const inFlight = io.cut !== null && done.length < ops.length ? ops[done.length] : undefined;
        const none = io.crashImage({ unsynced: 'none', inFlight: 'lost', seed })!.get('/f')!;
        expect(none).toEqual(durable);
        const all = io.crashImage({ unsynced: 'all', inFlight: 'lost', seed }).get('/f')!;
        expect(all).toEqual(replay(done));
        const whole = io.crashImage({ unsynced: 'all', inFlight: 'whole', seed }).get('/f')!;
        expect(whole).toEqual(replay(inFlight && inFlight.kind !== 'sync' ? [...done, inFlight] : done));
        // A random image: every byte is explained by durable, some unsynced op, or the op in flight.
        for (const how of ['sector-subset', 'byte-prefix', 'sector-prefix', 'sector-suffix'] as const) {
          const img = io.crashImage({ unsynced: 'some', inFlight: how, seed }).get('/f')!;
          expect(explainable(img, durable, [...unsynced, ...(inFlight && inFlight.kind !== 'sync' ? [inFlight] : [])])).toBe(true);
        }
      }),
      { numRuns: 150, seed: 2 },
    );
  });

  it('tears the write in flight at 512-byte sector boundaries of the file', () => {
    const io = new FaultIO(2);
    const f = io.open('/f');
    f.sync();
    expect(f.write(100, new Uint8Array(2000).fill(7)).state).toBe('failed');
    const sizes = new Set<number>();
    for (let seed = 1; seed < 200; seed++) sizes.add(io.crashImage({ unsynced: 'none', inFlight: 'sector-prefix', seed }).get('/f')!.length);
    // Prefixes end at file offsets 512, 1024, 1536, 2048 or at the write's end (2100), or nothing landed.
    expect([...sizes].sort((a, b) => a - b)).toEqual([0, SECTOR_SIZE_BYTES, 2 * SECTOR_SIZE_BYTES, 3 * SECTOR_SIZE_BYTES, 4 * SECTOR_SIZE_BYTES, 2100]);
  });

  it('counts removes as operations and makes them durable at once', () => {
    const io = new FaultIO(3);
    io.open('/a').write(0, new Uint8Array([1]));
    io.remove('/a');
    expect(io.exists('/a')).toBe(false);
    expect(() => io.remove('/b')).not.toThrow(); // nothing to remove: not an operation
    io.open('/c');
    expect(() => io.remove('/c')).toThrow(PowerCut);
    expect(io.exists('/c')).toBe(true);
    expect([...io.crashImage({ unsynced: 'all', inFlight: 'whole', seed: 1 }).keys()]).toEqual(['/c']);
  });
});

/** Bytes after applying `ops` in order to an empty file (the reference model). */
function replay(ops: Op[]): Uint8Array {
  let b = new Uint8Array(0);
  for (const op of ops) {
    if (op.kind === 'write') {
      if (op.offset + op.len > b.length) {
        const g = new Uint8Array(op.offset + op.len);
        g.set(b);
        b = g;
      }
      b.fill(op.fill, op.offset, op.offset + op.len);
    } else if (op.kind === 'truncate') {
      const g = new Uint8Array(op.length);
      g.set(b.subarray(0, Math.min(b.length, op.length)));
      b = g;
    }
  }
  return b;
}

/** True when every byte of `img` is 0, a durable byte, or the fill of some write in `ops` covering it. */
function explainable(img: Uint8Array, durable: Uint8Array, ops: Op[]): boolean {
  for (let i = 0; i < img.length; i++) {
    const v = img[i];
    if (v === 0 || (i < durable.length && durable[i] === v)) continue;
    if (!ops.some((o) => o.kind === 'write' && o.fill === v && i >= o.offset && i < o.offset + o.len)) return false;
  }
  return true;
}
