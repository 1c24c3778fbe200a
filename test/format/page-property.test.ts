/**
 * Whole-page property tests: pages built here byte by byte (independently of the encoder) from
 * arbitrary valid cells of all four kinds, with overflow pointers, freeblocks, fragments, garbage in
 * unallocated space and the reserved region, decode to what was built and re-encode to the same bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBtreePage,
  decodeFreelistTrunk,
  decodePtrmapPage,
  encodeBtreePage,
  encodeFreelistTrunk,
  encodePtrmapPage,
  encodeVarint,
  isPtrmapPage,
  lockBytePage,
  localPayloadSize,
  maxFreelistLeaves,
  ptrmapEntryOffset,
  ptrmapPageFor,
  decodeOverflowPage,
  encodeOverflowPage,
} from '../../src/format/index.js';
import { fillRandom, pageParamsArb, prng, type CellSpec, type PageParams } from './arbitraries.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

interface Built {
  page: Uint8Array;
  usableSize: number;
  /** Placed cells in pointer order: spec, offset, local payload, overflow page. */
  cells: { spec: CellSpec; offset: number; local: Uint8Array; overflow?: number }[];
  freeblocks: { offset: number; size: number }[];
}

/** A varint with `extra` leading zero groups, when that stays within 8 bytes (else the shortest form). */
function wideVarint(v: number | bigint, extra: number): number[] {
  const min = [...encodeVarint(v)];
  return min.length + extra <= 8 ? [...new Array<number>(extra).fill(0x80), ...min] : min;
}

function be32(v: number): number[] {
  return [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

/** Lays out a page: cells from the end of the usable area downwards, gaps below them as freeblocks (≥ 4 bytes) or fragments. */
function buildPage(params: PageParams): Built {
  const { pageSize, pgno, pageType: t, seed } = params;
  const rnd = prng(seed);
  const reserved = Math.min(params.reserved, pageSize - 480);
  const usableSize = pageSize - reserved;
  const page = fillRandom(new Uint8Array(pageSize), rnd);
  const h = pgno === 1 ? 100 : 0;
  const interior = t === 2 || t === 5;
  const ptrStart = h + (interior ? 12 : 8);
  const placed: Built['cells'] = [];
  const gaps: { offset: number; size: number }[] = [];
  let top = usableSize;
  for (const spec of params.cells) {
    const parts: number[] = [];
    if (interior) parts.push(...be32(spec.leftChild));
    if (t !== 5) parts.push(...wideVarint(spec.payloadSize, spec.widen));
    if (t === 5 || t === 13) parts.push(...wideVarint(spec.rowid, spec.widen));
    let local: Uint8Array = new Uint8Array(0);
    let overflow: number | undefined;
    if (t !== 5) {
      local = fillRandom(new Uint8Array(localPayloadSize(spec.payloadSize, usableSize, t === 13 ? 'table' : 'index')), rnd);
      parts.push(...local);
      if (local.length < spec.payloadSize) {
        overflow = Math.floor(rnd() * 2 ** 32);
        parts.push(...be32(overflow));
      }
    }
    const footprint = Math.max(parts.length, 4);
    const need = footprint + spec.gapBelow;
    if (top - need < ptrStart + 2 * (placed.length + 1)) break;
    const offset = top - footprint;
    page.set(parts, offset);
    placed.push({ spec, offset, local, overflow });
    top = offset;
    if (spec.gapBelow > 0) {
      top -= spec.gapBelow;
      gaps.push({ offset: top, size: spec.gapBelow });
    }
  }
  // Freeblocks: the gaps of 4 bytes or more, chained in ascending order.
  const freeblocks = gaps.filter((g) => g.size >= 4).sort((a, b) => a.offset - b.offset);
  freeblocks.forEach((f, i) => {
    const next = i + 1 < freeblocks.length ? freeblocks[i + 1].offset : 0;
    page.set([next >> 8, next & 0xff, f.size >> 8, f.size & 0xff], f.offset);
  });
  // Pointer order is a shuffle of the physical order, as key order is in SQLite.
  const order = placed.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const cells = order.map((i) => placed[i]);
  const first = freeblocks.length ? freeblocks[0].offset : 0;
  const start = top === 65536 ? 0 : top;
  page.set([t, first >> 8, first & 0xff, cells.length >> 8, cells.length & 0xff, start >> 8, start & 0xff, params.fragmentedBytes], h);
  if (interior) page.set(be32(params.rightChild), h + 8);
  cells.forEach((c, i) => page.set([c.offset >> 8, c.offset & 0xff], ptrStart + 2 * i));
  return { page, usableSize, cells, freeblocks };
}

describe('whole b-tree pages (property)', () => {
  it('decode to the cells they were built from, and re-encode byte-exactly', () => {
    let spilled = 0;
    let withFreeblocks = 0;
    fc.assert(
      fc.property(pageParamsArb, (params) => {
        const b = buildPage(params);
        const d = decodeBtreePage(b.page, params.pgno, b.usableSize);
        const t = params.pageType;
        expect(d.header.pageType).toBe(t);
        expect(d.cells.length).toBe(b.cells.length);
        d.cells.forEach((c, i) => {
          const want = b.cells[i];
          expect(c.offset).toBe(want.offset);
          if (t === 2 || t === 5) expect(c.leftChild).toBe(want.spec.leftChild);
          if (t === 5 || t === 13) expect(BigInt(c.rowid as number | bigint)).toBe(want.spec.rowid);
          if (t !== 5) {
            expect(c.payloadSize).toBe(want.spec.payloadSize);
            expect(hex(c.localPayload as Uint8Array)).toBe(hex(want.local));
            expect(c.overflowPgno).toBe(want.overflow);
            if (want.overflow !== undefined) spilled++;
          }
        });
        expect(d.freeblocks.map((f) => [f.offset, f.size])).toEqual(b.freeblocks.map((f) => [f.offset, f.size]));
        if (b.freeblocks.length) withFreeblocks++;
        if (t === 2 || t === 5) expect(d.header.rightChild).toBe(params.rightChild);
        expect(hex(encodeBtreePage(d, params.pageSize))).toBe(hex(b.page));
      }),
      { numRuns: 400 },
    );
    expect(spilled).toBeGreaterThan(50);
    expect(withFreeblocks).toBeGreaterThan(50);
  });
});

describe('freelist trunk, ptrmap and overflow pages (property)', () => {
  it('round-trip byte-exactly', () => {
    fc.assert(
      fc.property(fc.constantFrom(512, 1024, 4096), fc.integer(), fc.nat({ max: 0xffffffff }), (pageSize, seed, next) => {
        const rnd = prng(seed);
        const page = fillRandom(new Uint8Array(pageSize), rnd);
        const n = Math.floor(rnd() * (maxFreelistLeaves(pageSize) + 1));
        new DataView(page.buffer).setUint32(4, n);
        const t = decodeFreelistTrunk(page, 9, pageSize);
        expect(t.leaves.length).toBe(n);
        expect(hex(encodeFreelistTrunk(t, pageSize))).toBe(hex(page));
        expect(decodeFreelistTrunk(encodeFreelistTrunk({ next, leaves: t.leaves }, pageSize), 9, pageSize)).toMatchObject({ next, leaves: t.leaves });

        const pm = page.slice();
        for (let o = 0; o + 5 <= pageSize; o += 5) pm[o] = Math.floor(rnd() * 6);
        const entries = decodePtrmapPage(pm, 2, pageSize);
        expect(entries.length).toBe(Math.floor(pageSize / 5));
        expect(hex(encodePtrmapPage(entries, pageSize, pm.subarray(5 * entries.length)))).toBe(hex(pm));

        const ov = decodeOverflowPage(page, 3, pageSize - 8);
        expect(hex(encodeOverflowPage(ov, pageSize))).toBe(hex(page));
      }),
      { numRuns: 200 },
    );
  });

  it('rejects a trunk with more than U/4 − 2 leaves, and a ptrmap type above 5', () => {
    const page = new Uint8Array(1024);
    new DataView(page.buffer).setUint32(4, 255);
    expect(() => decodeFreelistTrunk(page, 4, 1024)).toThrow(/255 leaves/);
    page[5 * 3] = 6;
    expect(() => decodePtrmapPage(page, 2, 1024)).toThrow(/type 6/);
  });

  it('places ptrmap pages every U/5 + 1 pages from page 2, stepping over the lock-byte page', () => {
    const u = 1024; // 204 entries per ptrmap page
    expect([2, 207, 412].every((p) => isPtrmapPage(p, u))).toBe(true);
    expect(isPtrmapPage(3, u) || isPtrmapPage(206, u) || isPtrmapPage(1, u)).toBe(false);
    expect(ptrmapPageFor(206, u)).toBe(2);
    expect(ptrmapEntryOffset(3, u)).toBe(0);
    expect(ptrmapEntryOffset(208, u)).toBe(0);
    expect(ptrmapEntryOffset(206, u)).toBe(5 * 203);
    expect(() => ptrmapEntryOffset(207, u)).toThrow(/no ptrmap entry/);
    // With 512-byte pages (102 entries per map page) the lock-byte page is 2097153.
    expect(lockBytePage(512)).toBe(2097153);
    expect(lockBytePage(4096)).toBe(262145);
    const lb = lockBytePage(512);
    const span = Math.floor(512 / 5) + 1;
    const onLock = Math.floor((lb - 2) / span) * span + 2 === lb;
    expect(isPtrmapPage(lb, 512, 512)).toBe(false);
    if (onLock) expect(isPtrmapPage(lb + 1, 512, 512)).toBe(true);
  });
});
