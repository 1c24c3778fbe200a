import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSqliteError } from '../../src/error.js';
import { decodeVarint, encodeVarint, putVarint, putVarintWidth, readVarint, lastVarintLength, varintLength } from '../../src/format/index.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Reference encoder written from the spec text, independent of the one under test. */
function refEncode(v: bigint): string {
  const u = BigInt.asUintN(64, v);
  if (u >= 1n << 56n) {
    const bytes: number[] = [Number(u & 0xffn)];
    let x = u >> 8n;
    for (let i = 0; i < 8; i++, x >>= 7n) bytes.unshift(Number(x & 0x7fn) | 0x80);
    return Buffer.from(bytes).toString('hex');
  }
  const groups: number[] = [];
  let x = u;
  do {
    groups.unshift(Number(x & 0x7fn));
    x >>= 7n;
  } while (x > 0n);
  return Buffer.from(groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g))).toString('hex');
}

describe('varint', () => {
  it('encodes the boundary vectors of fileformat2 §1.6', () => {
    expect(hex(encodeVarint(0))).toBe('00');
    expect(hex(encodeVarint(0x7f))).toBe('7f');
    expect(hex(encodeVarint(0x80))).toBe('8100');
    expect(hex(encodeVarint(0x3fff))).toBe('ff7f');
    expect(hex(encodeVarint(0x4000))).toBe('818000');
    expect(hex(encodeVarint(2n ** 56n - 1n))).toBe('ffffffffffffff7f');
    expect(hex(encodeVarint(2n ** 56n))).toBe('80c080808080808000');
    expect(hex(encodeVarint(-1))).toBe('ffffffffffffffffff');
    expect(hex(encodeVarint(-(2n ** 63n)))).toBe('c08080808080808000');
    expect(varintLength(-1)).toBe(9);
    expect(decodeVarint(Buffer.from('ffffffffffffffffff', 'hex'), 0)).toEqual({ value: -1, length: 9 });
    expect(decodeVarint(Buffer.from('ffffffffffffff7f', 'hex'), 0)).toEqual({ value: 2n ** 56n - 1n, length: 8 });
    expect(decodeVarint(Buffer.from('8fffffffffffff7f', 'hex'), 0)).toEqual({ value: Number.MAX_SAFE_INTEGER, length: 8 });
  });

  it('round-trips every length, as the reference encoder writes it', () => {
    const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    const byLength = fc.integer({ min: 0, max: 64 }).chain((bits) => fc.bigInt({ min: 0n, max: 2n ** BigInt(bits) - 1n }));
    fc.assert(
      fc.property(fc.oneof(int64, byLength), fc.integer({ min: 0, max: 5 }), (v, pad) => {
        const enc = encodeVarint(v);
        expect(hex(enc)).toBe(refEncode(v));
        expect(enc.length).toBe(varintLength(v));
        const buf = new Uint8Array(pad + 9);
        expect(putVarint(buf, pad, v)).toBe(enc.length);
        const { value, length } = decodeVarint(buf, pad);
        expect(length).toBe(enc.length);
        const s = BigInt.asIntN(64, v);
        expect(value).toEqual(Number.isSafeInteger(Number(s)) && BigInt(Number(s)) === s ? Number(s) : s);
        expect(readVarint(buf, pad)).toEqual(value);
        expect(lastVarintLength()).toBe(length);
        // number inputs encode the same as bigint inputs
        if (typeof value === 'number') expect(hex(encodeVarint(value))).toBe(hex(enc));
      }),
      { numRuns: 3000 },
    );
  });

  it('throws SQLITE_CORRUPT with the offset when the varint runs past its end', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 128n, max: 2n ** 64n - 1n }), (v) => {
        const enc = encodeVarint(v);
        for (let cut = 0; cut < enc.length; cut++) {
          try {
            decodeVarint(enc, 0, cut);
            expect.unreachable();
          } catch (e) {
            expect(isSqliteError(e, 'SQLITE_CORRUPT')).toBe(true);
            expect((e as { offset: number }).offset).toBe(0);
          }
        }
      }),
    );
  });

  it('writes and reads non-minimal widths (leading 0x80 groups, or the 9-byte form)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.integer({ min: 1, max: 9 }), (v, w) => {
        const buf = new Uint8Array(9);
        if (w < varintLength(v)) {
          expect(() => putVarintWidth(buf, 0, v, w)).toThrow(/cannot take/);
          return;
        }
        expect(putVarintWidth(buf, 0, v, w)).toBe(w);
        const d = decodeVarint(buf, 0);
        expect(d.length).toBe(w);
        expect(BigInt(d.value)).toBe(v);
      }),
      { numRuns: 2000 },
    );
    expect(hex(Uint8Array.from([0x80, 0x05]))).toBe(hex((() => { const b = new Uint8Array(2); putVarintWidth(b, 0, 5, 2); return b; })()));
  });

  it('refuses values that do not fit in 64 bits', () => {
    expect(() => encodeVarint(2n ** 64n)).toThrow(/64 bits/);
    expect(() => encodeVarint(1.5)).toThrow(/integer/);
  });
});
