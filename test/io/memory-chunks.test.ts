/**
 * MemoryIO's chunked files (src/io/memory.ts: 64 KiB chunks, absent chunks read as zeros) against
 * a model file held in one plain byte array: fast-check sequences of writes, reads and truncates
 * at offsets around chunk boundaries, each read and size equal to the model's, and get()/put()
 * round trips.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryIO } from '../../src/io/memory.js';

const K = 65536;
const offset = fc.oneof(fc.integer({ min: 0, max: 4 * K }), fc.integer({ min: 1, max: 4 }).chain((c) => fc.integer({ min: c * K - 40, max: c * K + 40 })));
const op = fc.oneof(
  fc.record({ kind: fc.constant('write' as const), at: offset, len: fc.oneof(fc.integer({ min: 1, max: 100 }), fc.integer({ min: K - 10, max: K + 200 })), seed: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('read' as const), at: offset, len: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.integer({ min: K - 10, max: 2 * K + 10 })) }),
  fc.record({ kind: fc.constant('truncate' as const), at: offset }),
);

describe('MemoryIO chunked files', () => {
  it('read, write, truncate and size as one plain byte array', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
        const io = new MemoryIO();
        const f = io.open('x');
        let model = new Uint8Array(0);
        for (const o of ops) {
          if (o.kind === 'write') {
            const data = Uint8Array.from({ length: o.len }, (_, i) => (o.seed + i) & 255);
            if (model.length < o.at + o.len) {
              const m = new Uint8Array(o.at + o.len);
              m.set(model);
              model = m;
            }
            model.set(data, o.at);
            f.write(o.at, data);
          } else if (o.kind === 'read') {
            const got = f.read(o.at, o.len);
            const end = Math.min(model.length, o.at + o.len);
            expect(Array.from(got.value!)).toEqual(Array.from(end > o.at ? model.slice(o.at, end) : new Uint8Array(0)));
          } else {
            const m = new Uint8Array(o.at);
            m.set(model.subarray(0, Math.min(o.at, model.length)));
            model = m;
            f.truncate(o.at);
          }
          expect(f.size().value).toBe(model.length);
        }
        expect(Array.from(io.get('x')!)).toEqual(Array.from(model));
        io.put('y', model);
        expect(Array.from(io.get('y')!)).toEqual(Array.from(model));
      }),
      { numRuns: 60, seed: 20261126 },
    );
  });
});
