/**
 * The VM's record encoder (src/engine/vdbe/record-codec.ts) against two oracles:
 * - SQLite: the same values inserted by better-sqlite3 (SQLite 3.53) into untyped columns, in each
 *   text encoding; the payloads read back from its file must equal our bytes exactly;
 * - format's reference encoder (`encodeRecord` with `serialTypeFor`, REAL as serial type 7) and
 *   decoder, over inputs SQLite cannot take from JavaScript (lone surrogates, zero columns).
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord, serialTypeFor, type SqlValue, type TextEncoding } from '../../../src/format/index.js';
import { encodeValues, encodeValuesTransient, recordFields } from '../../../src/engine/vdbe/record-codec.js';
import { Real, type Value } from '../../../src/engine/value/value.js';
import { intValue } from '../../../src/engine/value/value.js';
import { orderSensitiveText } from '../../support/text-arbitrary.js';
import { mapFile, walkTree } from '../../format/walk.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-record-codec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
/** A surrogate without its partner (UTF-8 turns it into U+FFFD). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** INTEGERs at every serial-type boundary, and random ones of every width. */
const intArb: fc.Arbitrary<Value> = fc
  .oneof(
    fc.constantFrom(0n, 1n, -1n, 2n, 127n, 128n, -128n, -129n, 32767n, 32768n, -32768n, -32769n, 8388607n, 8388608n, -8388608n, -8388609n),
    fc.constantFrom(2n ** 31n - 1n, 2n ** 31n, -(2n ** 31n), -(2n ** 31n) - 1n, 2n ** 47n - 1n, 2n ** 47n, -(2n ** 47n), -(2n ** 47n) - 1n),
    fc.constantFrom(2n ** 53n - 1n, 2n ** 53n, -(2n ** 53n) + 1n, -(2n ** 53n), 2n ** 63n - 1n, -(2n ** 63n)),
    fc.integer({ min: 1, max: 64 }).chain((bits) => fc.bigInt({ min: -(1n << BigInt(bits - 1)), max: (1n << BigInt(bits - 1)) - 1n })),
  )
  .map(intValue);

/** A VM value of any storage class (REAL never NaN, as the VM keeps it). */
const valueArb: fc.Arbitrary<Value> = fc.oneof(
  fc.constant(null),
  intArb,
  fc.oneof(fc.double({ noNaN: true }), fc.integer().map((i) => i + 0), fc.constant(-0)).map((d) => new Real(d)),
  orderSensitiveText(30),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 60 }),
);

/** Rows of 1–12 columns, sometimes 150 (a header past 127 bytes), sometimes a long TEXT or BLOB. */
const rowArb: fc.Arbitrary<Value[]> = fc.oneof(
  { weight: 8, arbitrary: fc.array(valueArb, { minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.array(valueArb, { minLength: 150, maxLength: 150 }) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ minLength: 3000, maxLength: 5000 }), valueArb).map(([s, v]): Value[] => [v, s.repeat(20)]) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 70_000, maxLength: 70_000 }).map((b): Value[] => [b, 1]) },
);

/** How better-sqlite3 binds a VM value so that SQLite stores the same storage class. */
function bind(v: Value): unknown {
  if (v instanceof Real) return v.value;
  if (typeof v === 'number') return BigInt(v);
  if (v instanceof Uint8Array) return Buffer.from(v);
  return v;
}

/** format's reference encoding of `values` (REAL as serial type 7). */
function reference(values: readonly Value[], encoding: TextEncoding): Uint8Array {
  const raw = recordFields(values) as SqlValue[];
  const serialTypes = values.map((v) => (v instanceof Real ? 7 : serialTypeFor(v as SqlValue, encoding)));
  return encodeRecord({ serialTypes, values: [...raw] }, encoding);
}

const ENCODINGS: [TextEncoding, string][] = [
  [1, 'UTF-8'],
  [2, 'UTF-16le'],
  [3, 'UTF-16be'],
];

describe('encodeValues', () => {
  it.each(ENCODINGS)('writes the payloads SQLite writes (encoding %i)', (encoding, name) => {
    let file = 0;
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 6 }), (rows) => {
        const path = join(dir, `e${encoding}-${file++}.db`);
        const db = new Database(path);
        db.pragma(`encoding = '${name}'`);
        const width = Math.max(...rows.map((r) => r.length));
        const cols = Array.from({ length: width }, (_, i) => `c${i}`);
        db.exec(`CREATE TABLE t(${cols.join(', ')})`);
        for (const row of rows) {
          const names = cols.slice(0, row.length);
          db.prepare(`INSERT INTO t(${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...row.map(bind));
        }
        db.close();
        const bytes = new Uint8Array(readFileSync(path));
        rmSync(path);
        const m = mapFile(bytes);
        const theirs = walkTree(bytes, m, m.trees.find((t) => t.name === 't')!.root).map((e) => hex(e.payload));
        // SQLite fills columns a row leaves out with NULL: the same record as the full-width row.
        const mine = rows.map((r) => hex(encodeValuesTransient([...r, ...Array<Value>(width - r.length).fill(null)], encoding)));
        expect(mine).toEqual(theirs);
      }),
      { numRuns: 25, seed: 11 + encoding },
    );
  });

  it('agrees with format encodeRecord and decodes back (lone surrogates, no columns, every encoding)', () => {
    const anyText = fc.string({ unit: 'binary', maxLength: 40 });
    const values = fc.array(fc.oneof(valueArb, anyText), { maxLength: 20 });
    fc.assert(
      fc.property(fc.constantFrom<TextEncoding>(1, 2, 3), values, (encoding, vals) => {
        const bytes = encodeValues(vals, encoding);
        expect(hex(bytes)).toBe(hex(reference(vals, encoding)));
        expect(hex(encodeValuesTransient(vals, encoding))).toBe(hex(bytes));
        const d = decodeRecord(bytes, encoding);
        expect(d.values.length).toBe(vals.length);
        vals.forEach((v, i) => {
          if (v instanceof Real) expect(Object.is(d.values[i], v.value)).toBe(true);
          else if (typeof v !== 'string' || encoding !== 1 || !LONE_SURROGATE.test(v)) expect(d.values[i]).toEqual(v);
        });
      }),
      { numRuns: 500, seed: 5 },
    );
  });

  it('returns a record of its own: a later call does not change an earlier result', () => {
    const a = encodeValues(['first', 1], 1);
    const copy = hex(a);
    encodeValues(['second!', 2], 1);
    encodeValues([new Uint8Array(100_000)], 1); // grows the scratch buffer and drops it
    expect(hex(a)).toBe(copy);
  });
});

describe('recordFields', () => {
  it('is the decoded record: REALs as their number, the same array when there is none', () => {
    const plain: Value[] = [1, 'a', null, new Uint8Array([1])];
    expect(recordFields(plain)).toBe(plain);
    const mixed: Value[] = [new Real(2), 'x', new Real(-0.5)];
    expect(recordFields(mixed)).toEqual(decodeRecord(encodeValues(mixed, 1), 1).values);
  });
});
