/**
 * key-compare.ts compares a record where it lies against a probe key; it must order exactly as
 * decoding the record and comparing the values does (compareKeys, itself tested against SQLite's
 * index order in test/btree), for every storage class, collation, DESC flag, text encoding and
 * probe length, and must answer NaN rather than a wrong order for a truncated record.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collationFor, compareKeys } from '../../src/btree/compare.js';
import { compareRecordToKey, compareRecordToNumbers, firstIntOrder } from '../../src/btree/key-compare.js';
import { decodeRecord, recordFromValues, type SqlValue, type TextEncoding } from '../../src/format/index.js';

const valueArb: fc.Arbitrary<SqlValue> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -300, max: 300 }),
  fc.constantFrom(0, 1, -1, 2 ** 31, -(2 ** 40), Number.MAX_SAFE_INTEGER, 2n ** 62n, -(2n ** 63n)),
  fc.double({ noNaN: true }),
  fc.constantFrom('', 'a', 'A', 'ab', 'b ', 'B', 'é', 'ä', '\u{1F600}'),
  fc.string({ maxLength: 6 }),
  fc.uint8Array({ maxLength: 5 }),
);

const sign = (x: number): number => (x < 0 ? -1 : x > 0 ? 1 : 0);

describe('compareRecordToKey', () => {
  it('orders as compareKeys over the decoded record', () => {
    fc.assert(
      fc.property(
        fc.array(valueArb, { minLength: 1, maxLength: 4 }),
        fc.array(valueArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.constantFrom('BINARY', 'NOCASE', 'RTRIM'), { minLength: 4, maxLength: 4 }),
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        fc.constantFrom<TextEncoding>(1, 2, 3),
        fc.boolean(),
        (rec, probe, colls, desc, enc, withColl) => {
          const bytes = recordFromValues(rec, enc);
          const info = { desc, encoding: enc, collations: withColl ? colls.map((c) => collationFor(c, enc)!) : undefined };
          const want = compareKeys(decodeRecord(bytes, enc).values, probe, info);
          // the record inside a larger buffer, at an offset, as on a page
          const page = new Uint8Array(bytes.length + 10);
          page.set(bytes, 7);
          expect(sign(compareRecordToKey(page, 7, bytes.length, probe, info, enc))).toBe(sign(want));
        },
      ),
      { numRuns: 2000, seed: 3 },
    );
  });

  it('gives NaN for a record cut short', () => {
    const bytes = recordFromValues(['hello', 42], 1);
    expect(compareRecordToKey(bytes, 0, bytes.length - 3, ['hello', 43], {}, 1)).toBeNaN();
  });
});

describe('compareRecordToNumbers', () => {
  const numberArb = fc.oneof(
    fc.integer({ min: -300, max: 300 }),
    fc.constantFrom(0, 1, -1, 127, -128, 32767, -32768, 2 ** 23, -(2 ** 23), 2 ** 31, -(2 ** 31), 2 ** 47, -(2 ** 47), 2 ** 48, Number.MAX_SAFE_INTEGER),
    fc.double({ noNaN: true }),
  );
  it('orders as compareKeys over the decoded record (numbers probed, ASC)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(numberArb, valueArb), { minLength: 1, maxLength: 4 }),
        fc.array(numberArb, { minLength: 1, maxLength: 4 }),
        fc.constantFrom<TextEncoding>(1, 2, 3),
        (rec, probe, enc) => {
          const bytes = recordFromValues(rec, enc);
          const info = { encoding: enc };
          const want = compareKeys(decodeRecord(bytes, enc).values, probe, info);
          const page = new Uint8Array(bytes.length + 10);
          page.set(bytes, 7);
          expect(sign(compareRecordToNumbers(page, 7, bytes.length, probe, info, enc))).toBe(sign(want));
        },
      ),
      { numRuns: 2000, seed: 4 },
    );
  });

  it('gives NaN for a record cut short', () => {
    const bytes = recordFromValues([300, 70000], 1);
    expect(compareRecordToNumbers(bytes, 0, bytes.length - 2, [300, 70001], {}, 1)).toBeNaN();
  });
});

describe('firstIntOrder', () => {
  const numberArb = fc.oneof(
    fc.integer({ min: -300, max: 300 }),
    fc.constantFrom(0, 1, -1, 127, -128, 128, -129, 32767, -32768, 32768, 2 ** 23 - 1, -(2 ** 23), 2 ** 23, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 47, -(2 ** 47), Number.MAX_SAFE_INTEGER, 0.5, -1.5),
    fc.integer(),
    fc.double({ noNaN: true }),
  );
  it('decides by the first field as compareKeys does, or leaves it (0); decides every small integer', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(numberArb, valueArb), { minLength: 1, maxLength: 4 }),
        fc.array(numberArb, { minLength: 1, maxLength: 4 }),
        fc.constantFrom<TextEncoding>(1, 2, 3),
        fc.integer({ min: 0, max: 3 }),
        (rec, probe, enc, cut) => {
          const bytes = recordFromValues(rec, enc);
          const page = new Uint8Array(bytes.length + 10).fill(0xee);
          page.set(bytes, 7);
          const got = firstIntOrder(page, 7, bytes.length, probe[0]);
          const want = sign(compareKeys(decodeRecord(bytes, enc).values, probe, { encoding: enc }));
          if (got !== 0) expect(got).toBe(want);
          const v = rec[0];
          // The fast path is taken: an int32 first field different from the probe is decided.
          if (typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31 && v !== probe[0]) expect(got).not.toBe(0);
          // A record cut short is never decided past its end.
          const short = firstIntOrder(page, 7, Math.max(0, bytes.length - 1 - cut), probe[0]);
          if (short !== 0) expect(short).toBe(want);
          if (bytes.length - 1 - cut < bytes[0]) expect(short).toBe(0);
        },
      ),
      { numRuns: 3000, seed: 5 },
    );
  });
});
