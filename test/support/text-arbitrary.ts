/**
 * fast-check text whose order differs between encodings: ASCII, the rest of the BMP below the
 * surrogates, U+E000..U+FFFD (above the surrogates in UTF-16, below the supplementary planes in
 * UTF-8), and supplementary-plane characters (surrogate pairs in UTF-16).
 * @module
 */
import fc from 'fast-check';

/** One character from the four ranges above. */
export const orderSensitiveChar = fc
  .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0x2fff }), fc.integer({ min: 0xe000, max: 0xfffd }), fc.integer({ min: 0x10000, max: 0x10ffff }))
  .map((cp) => String.fromCodePoint(cp));

/** Strings of up to `maxLength` such characters. */
export function orderSensitiveText(maxLength: number): fc.Arbitrary<string> {
  return fc.array(orderSensitiveChar, { maxLength }).map((cs) => cs.join(''));
}
