/**
 * AEGIS-128L and AEGIS-256 against libsodium (libsodium-wrappers, its own C implementation compiled
 * to WebAssembly), with fast-check: random keys, nonces, associated data (0..300 bytes) and message
 * lengths (0..5000 bytes). libsodium's AEGIS makes 256-bit tags, so ours are made with
 * 256-bit tags here (the ciphertext does not depend on the tag length). Both directions: our ciphertext and tag equal libsodium's; libsodium
 * opens ours; we open libsodium's; a flipped bit is refused by both.
 */
import fc from 'fast-check';
import sodium from 'libsodium-wrappers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAegis128 } from '../../src/crypto/aegis-128x.js';
import { createAegis256 } from '../../src/crypto/aegis-256x.js';
import type { Aead } from '../../src/crypto/aead.js';
import { toHex } from './vectors.js';

beforeAll(async () => {
  await sodium.ready;
});

const bytes = (max: number) => fc.integer({ min: 0, max }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));

describe('AEGIS against libsodium', () => {
  for (const [name, aead, variant] of [
    ['AEGIS-128L', createAegis128(1, 32), 'aegis128l'],
    ['AEGIS-256', createAegis256(1, 32), 'aegis256'],
  ] as [string, Aead, 'aegis128l' | 'aegis256'][]) {
    it(`${name}: same ciphertext and tag, each opens the other's`, () => {
      const seal = sodium[`crypto_aead_${variant}_encrypt_detached`];
      const open = sodium[`crypto_aead_${variant}_decrypt_detached`];
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: aead.keyBytes, maxLength: aead.keyBytes }),
          fc.uint8Array({ minLength: aead.nonceBytes, maxLength: aead.nonceBytes }),
          bytes(300),
          bytes(5000),
          fc.nat(),
          (key, nonce, ad, msg, flip) => {
            const theirs = seal(msg, ad, null, nonce, key);
            const ours = aead.encrypt(key, nonce, msg, ad);
            expect(toHex(ours.ciphertext)).toBe(toHex(theirs.ciphertext));
            expect(toHex(ours.tag)).toBe(toHex(theirs.mac));
            expect(toHex(open(null, ours.ciphertext, ours.tag, ad, nonce, key))).toBe(toHex(msg));
            expect(toHex(aead.decrypt(key, nonce, theirs.ciphertext, theirs.mac, ad))).toBe(toHex(msg));
            // One flipped bit anywhere in ciphertext ‖ tag ‖ ad: both refuse.
            const all = [ours.ciphertext, ours.tag, ad];
            const bits = 8 * (msg.length + aead.tagBytes + ad.length);
            let bit = flip % bits;
            const part = all.findIndex((p) => (bit < 8 * p.length ? true : ((bit -= 8 * p.length), false)));
            const bad = all.map((p) => p.slice());
            bad[part][bit >> 3] ^= 1 << (bit & 7);
            expect(() => aead.decrypt(key, nonce, bad[0], bad[1], bad[2])).toThrow(/authentication failed/);
            expect(() => open(null, bad[0], bad[1], bad[2], nonce, key)).toThrow();
          },
        ),
        { numRuns: 60 },
      );
    });
  }
});
