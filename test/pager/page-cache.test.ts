/**
 * The page cache (src/pager/page-cache.ts): second-chance eviction against a model of its rules.
 * The oracle is the module's contract, checked by fast-check over random get/set/delete sequences:
 * a hit gives the bytes last cached for that page (never another page's), the cache holds at most
 * its capacity except for pinned pages and the page cached last, pinned pages are never dropped,
 * the page just cached is held even when every other one is pinned, and a page hit since the last
 * eviction round outlives pages that were not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PageCache } from '../../src/pager/page-cache.js';

type Op = { kind: 'get'; pgno: number } | { kind: 'set'; pgno: number } | { kind: 'del'; pgno: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('get' as const), pgno: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('set' as const), pgno: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('del' as const), pgno: fc.integer({ min: 1, max: 30 }) }),
);

describe('PageCache', () => {
  it('never returns stale or foreign bytes, keeps pinned pages and the last one cached, and stays within capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(opArb, { maxLength: 300 }), fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 5 }), (cap, ops, pinnedList) => {
        const pinned = new Set(pinnedList);
        const cache = new PageCache(cap, (p) => pinned.has(p));
        const last = new Map<number, Uint8Array>();
        let version = 0;
        for (const op of ops) {
          if (op.kind === 'set') {
            const bytes = Uint8Array.of(op.pgno, version++ & 0xff);
            cache.set(op.pgno, bytes);
            last.set(op.pgno, bytes);
            expect(cache.has(op.pgno)).toBe(true);
          } else if (op.kind === 'del') {
            cache.delete(op.pgno);
            last.delete(op.pgno);
          } else {
            const got = cache.get(op.pgno);
            if (got !== undefined) expect(got).toBe(last.get(op.pgno));
          }
          for (const p of pinned) if (last.has(p)) expect(cache.has(p)).toBe(true);
          const pinnedHeld = [...pinned].filter((p) => cache.has(p)).length;
          expect(cache.size).toBeLessThanOrEqual(Math.max(cap, pinnedHeld + 1));
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('gives a page hit since it was cached a second chance over one that was not', () => {
    const cache = new PageCache(3);
    for (const p of [1, 2, 3]) cache.set(p, Uint8Array.of(p));
    cache.set(4, Uint8Array.of(4)); // one round: every mark cleared, the oldest (1) dropped
    expect([1, 2, 3, 4].map((p) => cache.has(p))).toEqual([false, true, true, true]);
    cache.get(2);
    cache.set(5, Uint8Array.of(5)); // 2 was hit: 3 (unmarked, now oldest) goes
    expect([2, 3, 4, 5].map((p) => cache.has(p))).toEqual([true, false, true, true]);
    expect(cache.get(2)).toEqual(Uint8Array.of(2));
  });

  it('holds a page just read when pinned pages fill it (a read a retry can find), dropping it for the next', () => {
    const pinned = new Set([1, 2, 3]);
    const cache = new PageCache(3, (p) => pinned.has(p));
    for (const p of [1, 2, 3]) cache.set(p, Uint8Array.of(p));
    cache.set(7, Uint8Array.of(7));
    expect(cache.get(7)).toEqual(Uint8Array.of(7));
    cache.set(8, Uint8Array.of(8));
    expect([1, 2, 3, 7, 8].map((p) => cache.has(p))).toEqual([true, true, true, false, true]);
  });

  it('counts hits and misses, and shrinks on resize', () => {
    const cache = new PageCache(4);
    for (const p of [1, 2, 3, 4]) cache.set(p, Uint8Array.of(p));
    cache.get(1);
    cache.get(9);
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
    cache.resize(2);
    expect(cache.size).toBe(2);
    expect(cache.capacity).toBe(2);
  });
});
