/**
 * bloom-filter.ts: a key added is always reported as possibly held (no false negatives), and so is
 * every key that compares equal to it as SQLite compares (an INTEGER and the REAL of the same value,
 * TEXTs equal under a collation, equal BLOBs): the filter may only skip lookups that find nothing.
 * Seeded fast-check over keys of one to three fields of every storage class.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { filterAdd, filterBit, filterMayHold } from '../../../src/engine/vdbe/bloom-filter.js';
import { Real, type Value } from '../../../src/engine/value/value.js';

const value: fc.Arbitrary<Value> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -1000, max: 1000 }),
  fc.maxSafeInteger(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).filter((b) => b < -(2n ** 53n) || b > 2n ** 53n),
  fc.double({ noNaN: true, min: -1e20, max: 1e20 }).map((d) => new Real(d)),
  fc.string({ maxLength: 8 }),
  fc.uint8Array({ maxLength: 8 }),
);

/** A value comparing equal to `v` under NOCASE/RTRIM or numerically (another representation). */
function equalVariant(v: Value): Value {
  if (typeof v === 'number') return new Real(v);
  if (v instanceof Real) return Number.isSafeInteger(v.value) && !Object.is(v.value, -0) ? v.value : new Real(v.value);
  if (typeof v === 'string') return v.toUpperCase() + '  ';
  if (v instanceof Uint8Array) return Uint8Array.from(v);
  return v;
}

describe('the Bloom filter of an automatic index', () => {
  it('reports every key added, and every key equal to one, as possibly held (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 200 }), (keys) => {
        const filter = new Uint8Array(10_000);
        for (const k of keys) filterAdd(filter, k, 0, k.length);
        for (const k of keys) {
          expect(filterMayHold(filter, k, 0, k.length)).toBe(true);
          expect(filterMayHold(filter, k.map(equalVariant), 0, k.length)).toBe(true);
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('picks a bit inside the filter for any key, and reads keys from an offset', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 4 }), fc.integer({ min: 1, max: 100_000 }), (k, bits) => {
        const b = filterBit(k, 0, k.length, bits);
        expect(Number.isInteger(b) && b >= 0 && b < bits).toBe(true);
        expect(filterBit([null, ...k], 1, k.length, bits)).toBe(b);
      }),
      { numRuns: 500, seed: 12 },
    );
  });

  it('skips a key that was never added when its bit is clear', () => {
    const filter = new Uint8Array(10_000);
    filterAdd(filter, [5], 0, 1);
    expect(filterMayHold(filter, [6], 0, 1)).toBe(false);
    expect(filterMayHold(filter, [new Real(5.75)], 0, 1)).toBe(true);
  });
});
