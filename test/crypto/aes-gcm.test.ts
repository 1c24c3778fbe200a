/**
 * AES-128-GCM and AES-256-GCM: the node:crypto implementation and the @noble/ciphers one must agree
 * with each other on random inputs (fast-check) and with a known answer from the GCM specification
 * (McGrew and Viega, test cases 2 and 14: zero key, zero 96-bit IV, one zero block).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aes128gcm, aes256gcm, nobleAesGcm, nodeAesGcm } from '../../src/crypto/aes-gcm.js';
import { hex, toHex } from './vectors.js';

const bytes = (max: number) => fc.integer({ min: 0, max }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));

describe('AES-GCM', () => {
  it('the registry uses node:crypto in Node', () => {
    expect(aes128gcm.name).toBe('AES-128-GCM');
    expect(aes256gcm.keyBytes).toBe(32);
    const key = new Uint8Array(16), nonce = new Uint8Array(12), msg = new Uint8Array(40).fill(7);
    expect(toHex(aes128gcm.encrypt(key, nonce, msg).tag)).toBe(toHex(nodeAesGcm(16).encrypt(key, nonce, msg).tag));
  });

  for (const [bits, ct, tag] of [
    [128, '0388dace60b6a392f328c2b971b2fe78', 'ab6e47d42cec13bdf53a67b21257bddf'],
    [256, 'cea7403d4d606b6e074ec5d3baf39d18', 'd0d1c8a799996bf0265b98b5d48ab919'],
  ] as const) {
    it(`AES-${bits}-GCM known answer, both implementations`, () => {
      for (const aead of [nodeAesGcm(bits / 8 as 16 | 32), nobleAesGcm(bits / 8 as 16 | 32)]) {
        const sealed = aead.encrypt(new Uint8Array(bits / 8), new Uint8Array(12), new Uint8Array(16));
        expect(toHex(sealed.ciphertext)).toBe(ct);
        expect(toHex(sealed.tag)).toBe(tag);
        expect(toHex(aead.decrypt(new Uint8Array(bits / 8), new Uint8Array(12), hex(ct), hex(tag)))).toBe('00'.repeat(16));
      }
    });

    it(`AES-${bits}-GCM: node:crypto and @noble/ciphers agree, open each other's, refuse a flipped bit`, () => {
      const node = nodeAesGcm(bits / 8 as 16 | 32), noble = nobleAesGcm(bits / 8 as 16 | 32);
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: bits / 8, maxLength: bits / 8 }),
          fc.uint8Array({ minLength: 12, maxLength: 12 }),
          bytes(200),
          bytes(5000),
          fc.nat(),
          (key, nonce, ad, msg, flip) => {
            const a = node.encrypt(key, nonce, msg, ad);
            const b = noble.encrypt(key, nonce, msg, ad);
            expect(toHex(a.ciphertext)).toBe(toHex(b.ciphertext));
            expect(toHex(a.tag)).toBe(toHex(b.tag));
            expect(toHex(noble.decrypt(key, nonce, a.ciphertext, a.tag, ad))).toBe(toHex(msg));
            expect(toHex(node.decrypt(key, nonce, b.ciphertext, b.tag, ad))).toBe(toHex(msg));
            const sealed = new Uint8Array([...a.ciphertext, ...a.tag]);
            const bit = flip % (8 * sealed.length);
            sealed[bit >> 3] ^= 1 << (bit & 7);
            const [ct, tag] = [sealed.subarray(0, msg.length), sealed.subarray(msg.length)];
            for (const aead of [node, noble]) {
              const out = new Uint8Array(msg.length).fill(0xee);
              expect(() => aead.decryptInto(key, nonce, ct, tag, out, ad)).toThrow(/authentication failed/);
              expect(out.every((x) => x === 0)).toBe(true);
            }
          },
        ),
        { numRuns: 100 },
      );
    });
  }
});
