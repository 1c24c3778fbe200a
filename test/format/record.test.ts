import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSqliteError, type SqliteError } from '../../src/error.js';
import {
  decodeRecord,
  encodeRecord,
  recordFromValues,
  serialTypeFor,
  serialTypeSize,
  storageClassOf,
  type SqlValue,
} from '../../src/format/index.js';
import { normInt, recordArb, sqlValueArb, textEncodingArb } from './arbitraries.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/ /g, ''), 'hex'));

function corruptAt(f: () => unknown): SqliteError {
  try {
    f();
  } catch (e) {
    if (isSqliteError(e, 'SQLITE_CORRUPT')) return e;
    throw e;
  }
  throw new Error('expected SQLITE_CORRUPT');
}

/** What the decoder gives back for a value the application bound. */
function expectedBack(v: SqlValue): SqlValue {
  return typeof v === 'bigint' ? normInt(v) : v;
}

describe('serial types', () => {
  it('sizes and classes follow fileformat2 §2.1', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(serialTypeSize)).toEqual([0, 1, 2, 3, 4, 6, 8, 8, 0, 0]);
    expect(serialTypeSize(12)).toBe(0);
    expect(serialTypeSize(13)).toBe(0);
    expect(serialTypeSize(19)).toBe(3);
    expect(serialTypeSize(20)).toBe(4);
    expect(storageClassOf(7)).toBe('real');
    expect(storageClassOf(9)).toBe('integer');
    expect(storageClassOf(14)).toBe('blob');
    expect(storageClassOf(15)).toBe('text');
    expect(() => storageClassOf(10)).toThrow(/serial type 10/);
    expect(() => storageClassOf(11)).toThrow(/serial type 11/);
  });

  it('chooses the smallest integer type, and 8/9 only from schema format 4', () => {
    const cases: [SqlValue, number][] = [
      [0, 8], [1, 9], [2, 1], [-1, 1], [127, 1], [-128, 1], [128, 2], [-129, 2], [32767, 2], [32768, 3],
      [-8388608, 3], [8388608, 4], [2147483647, 4], [2147483648, 5], [-(2 ** 47), 5], [2 ** 47, 6],
      [2n ** 63n - 1n, 6], [-(2n ** 63n), 6], [1.5, 7], [2 ** 60, 7], [null, 0], ['', 13], ['é', 17],
      [new Uint8Array(3), 18],
    ];
    for (const [v, st] of cases) expect([v, serialTypeFor(v, 1)]).toEqual([v, st]);
    expect(serialTypeFor(0, 1, 3)).toBe(1);
    expect(serialTypeFor(1, 1, 1)).toBe(1);
    expect(serialTypeFor('é', 2)).toBe(17);
    expect(serialTypeFor('😀', 3)).toBe(21);
    expect(serialTypeFor('😀', 1)).toBe(21);
  });
});

describe('record', () => {
  it('decodes a hand-built record', () => {
    // header 06: types 01 (int8) 07 (real) 17 (text, 2 bytes) 00 (null) 09 (one)
    const rec = unhex('06 01 07 11 00 09  fe  400921fb54442d18  6869');
    const d = decodeRecord(rec, 1, 3);
    expect(d).toEqual({ headerSize: 6, serialTypes: [1, 7, 17, 0, 9], values: [-2, Math.PI, 'hi', null, 1] });
    expect(hex(encodeRecord(d, 1))).toBe(hex(rec));
  });

  it('round-trips arbitrary serial types and values byte-exactly', () => {
    fc.assert(
      fc.property(recordArb, ({ encoding, serialTypes, values }) => {
        const bytes = encodeRecord({ serialTypes, values }, encoding);
        const d = decodeRecord(bytes, encoding);
        expect(d.serialTypes).toEqual(serialTypes);
        expect(d.values).toEqual(values);
        expect(hex(encodeRecord(d, encoding))).toBe(hex(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('recordFromValues round-trips application values', () => {
    fc.assert(
      fc.property(textEncodingArb, fc.array(sqlValueArb, { maxLength: 10 }), (encoding, values) => {
        const d = decodeRecord(recordFromValues(values, encoding), encoding);
        expect(d.values).toEqual(values.map(expectedBack));
      }),
      { numRuns: 1000 },
    );
  });

  it('uses a 2-byte header size varint when the header passes 127 bytes', () => {
    const values = Array.from({ length: 130 }, () => null);
    const bytes = recordFromValues(values, 1);
    expect(bytes.length).toBe(132);
    expect(decodeRecord(bytes, 1).headerSize).toBe(132);
  });

  it('rejects malformed records with SQLITE_CORRUPT, page and offset', () => {
    expect(corruptAt(() => decodeRecord(unhex(''), 1, 9)).pgno).toBe(9);
    expect(corruptAt(() => decodeRecord(unhex('05 01'), 1, 9)).offset).toBe(0); // header size past payload
    expect(corruptAt(() => decodeRecord(unhex('00'), 1)).offset).toBe(0); // header size below its own length
    expect(corruptAt(() => decodeRecord(unhex('02 0a'), 1)).offset).toBe(1); // reserved serial type
    expect(corruptAt(() => decodeRecord(unhex('02 0b'), 1)).offset).toBe(1);
    expect(corruptAt(() => decodeRecord(unhex('02 04 0000'), 1)).offset).toBe(2); // body short
    expect(corruptAt(() => decodeRecord(unhex('02 01 00 00'), 1)).offset).toBe(3); // trailing bytes
    expect(corruptAt(() => decodeRecord(unhex('02 81 00'), 1)).offset).toBe(1); // serial type crosses the header end
  });

  it('refuses values that do not fit the serial type', () => {
    expect(() => encodeRecord({ serialTypes: [1], values: [128] }, 1)).toThrow(/serial type 1/);
    expect(() => encodeRecord({ serialTypes: [8], values: [1] }, 1)).toThrow(/serial type 8/);
    expect(() => encodeRecord({ serialTypes: [15], values: ['abc'] }, 1)).toThrow(/3 bytes/);
    expect(() => encodeRecord({ serialTypes: [1, 2], values: [1] }, 1)).toThrow(/2 serial types/);
  });
});
