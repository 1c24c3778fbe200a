/**
 * RecordView (the parsed record header Column reads through) against the whole-record decoder
 * format/record.ts, which test/format checks against SQLite: for arbitrary payload bytes, placed at
 * an offset inside a larger buffer as on a page, both either throw SQLITE_CORRUPT or give the same
 * fields (REAL NaN read as NULL, as SQLite does). peek (one field without parsing the header into
 * the view) gives the decoder's field or leaves it to the full parse, and never throws. Seeded
 * fast-check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, serialTypeFor, type SqlValue } from '../../../src/format/index.js';
import { fromRecordValue, type Value } from '../../../src/engine/value/value.js';
import { NOT_PEEKED, RecordView } from '../../../src/engine/vdbe/record-view.js';
import { isSqliteError } from '../../../src/error.js';

function viaDecoder(payload: Uint8Array): Value[] | 'corrupt' {
  try {
    const r = decodeRecord(payload, 1, 7);
    return r.values.map((v, i) => fromRecordValue(v, r.serialTypes[i]));
  } catch (e) {
    if (isSqliteError(e, 'SQLITE_CORRUPT')) return 'corrupt';
    throw e;
  }
}

function viaView(payload: Uint8Array, pad: number): Value[] | 'corrupt' {
  const buf = new Uint8Array(pad + payload.length + 5).fill(0xee);
  buf.set(payload, pad);
  const v = new RecordView(1);
  try {
    v.parse(buf, pad, payload.length, 7);
  } catch (e) {
    if (isSqliteError(e, 'SQLITE_CORRUPT')) return 'corrupt';
    throw e;
  }
  return Array.from({ length: v.n }, (_, i) => v.column(i));
}

const value: fc.Arbitrary<SqlValue> = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.double(),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.uint8Array({ maxLength: 40 }),
);

describe('RecordView', () => {
  it('reads well-formed records as the whole-record decoder does', () => {
    fc.assert(
      fc.property(fc.array(value, { maxLength: 12 }), fc.nat(30), (values, pad) => {
        const payload = encodeRecord({ serialTypes: values.map((v) => serialTypeFor(v, 1)), values }, 1);
        expect(viaView(payload, pad)).toEqual(viaDecoder(payload));
      }),
      { seed: 5201, numRuns: 300 },
    );
  });

  it('rejects malformed payloads exactly when the decoder does (SQLITE_CORRUPT)', () => {
    const mutated = fc
      .tuple(fc.array(value, { maxLength: 6 }), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 3 }), fc.nat(8))
      .map(([values, edits, cut]) => {
        const p = encodeRecord({ serialTypes: values.map((v) => serialTypeFor(v, 1)), values }, 1);
        const out = p.slice(0, Math.max(0, p.length - (cut % 3 === 0 ? cut : 0)));
        for (const [at, b] of edits) if (out.length) out[at % out.length] = b;
        return out;
      });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.uint8Array({ maxLength: 24 })), fc.nat(30), (payload, pad) => {
        expect(viaView(payload, pad)).toEqual(viaDecoder(payload));
      }),
      { seed: 5202, numRuns: 1000 },
    );
  });

  it('peeks each field as the decoder reads it, and never throws on malformed payloads', () => {
    const long = fc.oneof(value, fc.string({ minLength: 8186, maxLength: 8300 }));
    const payloads = fc.oneof(
      fc.array(long, { maxLength: 10 }).map((values) => encodeRecord({ serialTypes: values.map((v) => serialTypeFor(v, 1)), values }, 1)),
      fc.tuple(fc.array(value, { maxLength: 6 }), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 3 })).map(([values, edits]) => {
        const out = encodeRecord({ serialTypes: values.map((v) => serialTypeFor(v, 1)), values }, 1);
        for (const [at, b] of edits) if (out.length) out[at % out.length] = b;
        return out;
      }),
    );
    fc.assert(
      fc.property(payloads, fc.nat(30), (payload, pad) => {
        const buf = new Uint8Array(pad + payload.length + 5).fill(0xee);
        buf.set(payload, pad);
        const whole = viaDecoder(payload);
        const v = new RecordView(1);
        // Well-formed with a one-byte header size and serial types of at most two bytes: every field peeks.
        const peekable = whole !== 'corrupt' && payload[0] < 0x80 && whole.every((f) => !(typeof f === 'string' && f.length > 8000));
        for (let i = 0; i < 12; i++) {
          const got = v.peek(buf, pad, payload.length, i);
          if (whole === 'corrupt') continue; // any answer but an exception: the fields before i may be fine
          if (i >= whole.length) expect(got).toBe(NOT_PEEKED);
          else if (peekable) expect(got).toEqual(whole[i]);
          else if (got !== NOT_PEEKED) expect(got).toEqual(whole[i]);
        }
      }),
      { seed: 5203, numRuns: 400 },
    );
  });
});
