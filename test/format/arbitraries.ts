/**
 * fast-check arbitraries shared by the format tests: values, records, headers and whole pages.
 * Every arbitrary yields only what SQLite itself could write (the "valid" inputs of a round trip).
 */
import fc from 'fast-check';
import type { SqlValue, TextEncoding } from '../../src/format/index.js';

const INT_BITS: Record<number, number> = { 1: 8, 2: 16, 3: 24, 4: 32, 5: 48, 6: 64 };

/** A safe-integer-or-bigint, as the decoder returns a 64-bit integer. */
export function normInt(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

export const textEncodingArb: fc.Arbitrary<TextEncoding> = fc.constantFrom(1, 2, 3);

/** Text without lone surrogates (they cannot round-trip through UTF-8). */
export const textArb = fc.string({ unit: 'binary', maxLength: 40 });

/** One column as [serial type, value] for the given encoding. */
export function columnArb(encoding: TextEncoding): fc.Arbitrary<[number, SqlValue]> {
  const intCol = fc.integer({ min: 1, max: 6 }).chain((st) => {
    const bits = BigInt(INT_BITS[st]);
    return fc.bigInt({ min: -(1n << (bits - 1n)), max: (1n << (bits - 1n)) - 1n }).map((v): [number, SqlValue] => [st, normInt(v)]);
  });
  const enc = new TextEncoder();
  const textLen = (s: string): number => (encoding === 1 ? enc.encode(s).length : s.length * 2);
  return fc.oneof(
    fc.constant<[number, SqlValue]>([0, null]),
    intCol,
    fc.constantFrom<[number, SqlValue]>([8, 0], [9, 1]),
    fc.double().map((d): [number, SqlValue] => [7, d]),
    textArb.map((s): [number, SqlValue] => [textLen(s) * 2 + 13, s]),
    fc.uint8Array({ maxLength: 40 }).map((b): [number, SqlValue] => [b.length * 2 + 12, b]),
  );
}

/** A record as { encoding, serialTypes, values }. */
export const recordArb = textEncodingArb.chain((encoding) =>
  fc.array(columnArb(encoding), { maxLength: 12 }).map((cols) => ({
    encoding,
    serialTypes: cols.map((c) => c[0]),
    values: cols.map((c) => c[1]),
  })),
);

/** Any SQL value, as an application would bind it. */
export const sqlValueArb: fc.Arbitrary<SqlValue> = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.double({ noNaN: true }),
  textArb,
  fc.uint8Array({ maxLength: 40 }),
);

const u32 = fc.nat({ max: 0xffffffff });
const i32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
const u8 = fc.nat({ max: 255 });

/** Any database header that decodes (valid magic and page size, any other field values). */
export const dbHeaderArb = fc.record({
  magic: fc.constant('SQLite format 3\0'),
  pageSize: fc.integer({ min: 9, max: 16 }).map((k) => 2 ** k),
  writeVersion: u8,
  readVersion: u8,
  reservedSpace: u8,
  maxPayloadFraction: u8,
  minPayloadFraction: u8,
  leafPayloadFraction: u8,
  changeCounter: u32,
  pageCount: u32,
  freelistTrunk: u32,
  freelistCount: u32,
  schemaCookie: u32,
  schemaFormat: u32,
  defaultCacheSize: u32,
  largestRootPage: u32,
  textEncoding: fc.constantFrom<0 | 1 | 2 | 3>(0, 1, 2, 3),
  userVersion: i32,
  incrementalVacuum: u32,
  applicationId: i32,
  reserved: fc.uint8Array({ minLength: 20, maxLength: 20 }),
  versionValidFor: u32,
  sqliteVersion: u32,
});

/** A small deterministic PRNG (mulberry32), so big pages of garbage bytes cost one integer of fast-check input. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fillRandom(b: Uint8Array, rnd: () => number): Uint8Array {
  for (let i = 0; i < b.length; i++) b[i] = Math.floor(rnd() * 256);
  return b;
}

/** What a generated cell should decode to. */
export interface CellSpec {
  leftChild: number;
  rowid: bigint;
  /** Total payload size in bytes (the local part is computed from it as SQLite does). */
  payloadSize: number;
  /** Bytes of free space (fragment or freeblock) to leave below the cell. */
  gapBelow: number;
  /** Extra leading 0x80 bytes on the cell's varints (non-minimal forms SQLite reads but never writes). */
  widen: number;
}

export const cellSpecArb: fc.Arbitrary<CellSpec> = fc.record({
  leftChild: u32,
  rowid: fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: 0n, max: 100000n })),
  payloadSize: fc.oneof(fc.nat({ max: 60 }), fc.nat({ max: 200000 }), fc.constantFrom(0, 1, 2)),
  gapBelow: fc.oneof(fc.constant(0), fc.nat({ max: 3 }), fc.nat({ max: 64 })),
  widen: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }),
});

/** Parameters of a generated b-tree page. */
export const pageParamsArb = fc.record({
  pageSize: fc.constantFrom(512, 1024, 4096, 65536),
  reserved: fc.oneof(fc.constant(0), fc.nat({ max: 32 })),
  pgno: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 1 << 30 })),
  pageType: fc.constantFrom<2 | 5 | 10 | 13>(2, 5, 10, 13),
  rightChild: u32,
  fragmentedBytes: u8,
  cells: fc.array(cellSpecArb, { maxLength: 40 }),
  seed: fc.integer(),
});

export type PageParams = typeof pageParamsArb extends fc.Arbitrary<infer T> ? T : never;
