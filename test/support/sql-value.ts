/**
 * One SQL value with its storage class, as the test oracles report it: the shape every reader in
 * Strata is compared against.
 *
 * - `integer`: a `bigint`, so that ±2^63 and 2^53+1 survive exactly;
 * - `real`: a `number`, bit for bit (−0 and ±Infinity included; SQLite never stores a NaN);
 * - `text`: the stored bytes decoded from the database's encoding (UTF-8, UTF-16le or UTF-16be),
 *   non-fatally, so that an invalid sequence becomes U+FFFD as in any TextDecoder;
 * - `blob`: the bytes;
 * - `null`.
 *
 * @module
 */

/** Storage classes, named as SQL's `typeof()` names them. */
export type StorageClass = 'null' | 'integer' | 'real' | 'text' | 'blob';

/** A value tagged with its storage class. */
export type SqlValue =
  | { type: 'null'; value: null }
  | { type: 'integer'; value: bigint }
  | { type: 'real'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; value: Uint8Array };

/** Text encodings of a database file, spelled as `PRAGMA encoding` spells them. */
export type TextEncodingName = 'UTF-8' | 'UTF-16le' | 'UTF-16be';

/** Decodes the bytes of a stored text in the database's encoding (bad sequences → U+FFFD). */
export function decodeText(bytes: Uint8Array, encoding: TextEncodingName): string {
  const label = encoding === 'UTF-8' ? 'utf-8' : encoding === 'UTF-16le' ? 'utf-16le' : 'utf-16be';
  return new TextDecoder(label, { ignoreBOM: true }).decode(bytes);
}

/** Bytes of a hex string (either case, even length; '' → empty). */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || /[^0-9a-fA-F]/.test(hex)) throw new Error(`bad hex: ${hex.slice(0, 40)}`);
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** The IEEE-754 binary64 number whose bit pattern is the 64-bit two's-complement integer `bits`. */
export function realFromBits(bits: bigint): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt.asUintN(64, bits));
  return view.getFloat64(0);
}

/**
 * Tags a JavaScript value as better-sqlite3 returns it with `safeIntegers(true)`: bigint →
 * integer, number → real, string → text, Buffer/Uint8Array → blob, null → null.
 */
export function tagJsValue(v: unknown): SqlValue {
  if (v === null) return { type: 'null', value: null };
  if (typeof v === 'bigint') return { type: 'integer', value: v };
  if (typeof v === 'number') return { type: 'real', value: v };
  if (typeof v === 'string') return { type: 'text', value: v };
  if (v instanceof Uint8Array) return { type: 'blob', value: new Uint8Array(v) };
  throw new Error(`not an SQL value: ${String(v)}`);
}

/**
 * How sqlite3's list mode shows a value: NULL as '', integers in decimal, reals in JavaScript's
 * shortest round-trip form ('Inf' / '-Inf' as SQLite prints them), text as is, blobs as lower-case
 * hex. For messages and for pragma results; compare {@link SqlValue}s themselves for exactness.
 */
export function displayValue(v: SqlValue): string {
  switch (v.type) {
    case 'null':
      return '';
    case 'integer':
      return v.value.toString();
    case 'real':
      return v.value === Infinity ? 'Inf' : v.value === -Infinity ? '-Inf' : Object.is(v.value, -0) ? '-0.0' : String(v.value);
    case 'text':
      return v.value;
    case 'blob':
      return Buffer.from(v.value).toString('hex');
  }
}
