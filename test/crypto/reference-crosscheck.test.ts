/**
 * The X variants have no second implementation to compare with in JavaScript, so the test's own
 * literal reading of the draft (reference-aegis.ts) serves: it must first pass every draft vector
 * itself; then fast-check compares it with Strata's ciphers, all six, on random keys, nonces,
 * associated data and message lengths (0..5000 bytes, so every partial-block case of every rate).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aegis128l, aegis128x2, aegis128x4 } from '../../src/crypto/aegis-128x.js';
import { aegis256, aegis256x2, aegis256x4 } from '../../src/crypto/aegis-256x.js';
import type { Aead } from '../../src/crypto/aead.js';
import { refAegis128, refAegis256, type RefAegis } from './reference-aegis.js';
import { HAVE_VECTORS, VECTORS_MISSING, hex, readJson, toHex, type DraftVector } from './vectors.js';

const CASES: [string, Aead, RefAegis][] = [
  ['128l', aegis128l, refAegis128(1)],
  ['128x2', aegis128x2, refAegis128(2)],
  ['128x4', aegis128x4, refAegis128(4)],
  ['256', aegis256, refAegis256(1)],
  ['256x2', aegis256x2, refAegis256(2)],
  ['256x4', aegis256x4, refAegis256(4)],
];

if (!HAVE_VECTORS) console.log(VECTORS_MISSING);

describe.skipIf(!HAVE_VECTORS)('the reference implementation passes the draft vectors', () => {
  for (const [file, , ref] of CASES) {
    it(`reference AEGIS-${file.toUpperCase()}`, () => {
      for (const v of readJson<DraftVector[]>(`aegis-${file}-test-vectors.json`)) {
        if (!v.name.startsWith('Test Vector')) continue;
        const [key, nonce, ad, ct, tag] = [hex(v.key), hex(v.nonce), hex(v.ad), hex(v.ct), hex(v.tag128)];
        if (v.error !== undefined) {
          expect(ref.decrypt(key, nonce, ct, tag, ad), v.name).toBeNull();
        } else {
          const out = ref.encrypt(key, nonce, hex(v.msg), ad);
          expect(toHex(out.ct), v.name).toBe(v.ct);
          expect(toHex(out.tag), v.name).toBe(v.tag128);
        }
      }
    });
  }
});

describe('Strata AEGIS = reference AEGIS on random inputs', () => {
  for (const [file, aead, ref] of CASES) {
    it(`AEGIS-${file.toUpperCase()}`, () => {
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: aead.keyBytes, maxLength: aead.keyBytes }),
          fc.uint8Array({ minLength: aead.nonceBytes, maxLength: aead.nonceBytes }),
          fc.integer({ min: 0, max: 300 }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
          fc.integer({ min: 0, max: 5000 }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
          (key, nonce, ad, msg) => {
            const expected = ref.encrypt(key, nonce, msg, ad);
            const sealed = aead.encrypt(key, nonce, msg, ad);
            expect(toHex(sealed.ciphertext)).toBe(toHex(expected.ct));
            expect(toHex(sealed.tag)).toBe(toHex(expected.tag));
            expect(toHex(aead.decrypt(key, nonce, expected.ct, expected.tag, ad))).toBe(toHex(msg));
          },
        ),
        { numRuns: 20 },
      );
    });

    it(`AEGIS-${file.toUpperCase()}: every message and AD length up to two rates + 1`, () => {
      const key = new Uint8Array(aead.keyBytes).map((_, i) => i * 7 + 1);
      const nonce = new Uint8Array(aead.nonceBytes).map((_, i) => i * 13 + 5);
      for (let n = 0; n <= 2 * ref.rate + 1; n++) {
        const data = new Uint8Array(n).map((_, i) => (i * 31 + n) & 0xff);
        const empty = new Uint8Array(0);
        for (const [ad, msg] of [[empty, data], [data, empty], [data, data]]) {
          const expected = ref.encrypt(key, nonce, msg, ad);
          const sealed = aead.encrypt(key, nonce, msg, ad);
          expect(toHex(sealed.ciphertext), `length ${n}`).toBe(toHex(expected.ct));
          expect(toHex(sealed.tag), `length ${n}`).toBe(toHex(expected.tag));
          expect(toHex(aead.decrypt(key, nonce, sealed.ciphertext, sealed.tag, ad)), `length ${n}`).toBe(toHex(msg));
        }
      }
    });
  }
});
