/**
 * The Aead contract shared by every cipher: argument checks, in-place and into-buffer forms at any
 * byte offset, zero-filled output on a failed tag, and messages longer than the 64 KiB scratch
 * chunk (checked against libsodium).
 */
import sodium from 'libsodium-wrappers';
import { beforeAll, describe, expect, it } from 'vitest';
import { CIPHERS } from '../../src/crypto/cipher-registry.js';
import { createAegis128 } from '../../src/crypto/aegis-128x.js';
import { createAegis256 } from '../../src/crypto/aegis-256x.js';
import { isSqliteError } from '../../src/error.js';
import { toHex } from './vectors.js';

beforeAll(async () => {
  await sodium.ready;
});

function filled(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 131 + seed * 17 + (i >> 8)) & 0xff;
  return out;
}

describe('Aead contract, every cipher of the registry', () => {
  for (const { name, aead } of CIPHERS) {
    const key = filled(aead.keyBytes, 1), nonce = filled(aead.nonceBytes, 2), ad = filled(37, 3);

    it(`${name}: wrong lengths are SQLITE_MISUSE naming what and how long`, () => {
      const msg = filled(50, 4), tag = new Uint8Array(16), out = new Uint8Array(50);
      const cases: [() => unknown, RegExp][] = [
        [() => aead.encrypt(key.subarray(1), nonce, msg), new RegExp(`needs a ${aead.keyBytes}-byte key, got ${aead.keyBytes - 1} bytes`)],
        [() => aead.encrypt(key, new Uint8Array(aead.nonceBytes + 1), msg), new RegExp(`needs a ${aead.nonceBytes}-byte nonce`)],
        [() => aead.encryptInto(key, nonce, msg, out.subarray(1), tag), /needs a 50-byte output, got 49/],
        [() => aead.encryptInto(key, nonce, msg, out, tag.subarray(2)), /needs a 16-byte tag output/],
        [() => aead.decrypt(key, nonce, msg, tag.subarray(1)), /needs a 16-byte tag, got 15/],
        [() => aead.decryptInto(key, nonce, msg, tag, new Uint8Array(51)), /needs a 50-byte output, got 51/],
      ];
      for (const [f, message] of cases) {
        let error: unknown;
        try {
          f();
        } catch (e) {
          error = e;
        }
        expect(isSqliteError(error, 'SQLITE_MISUSE')).toBe(true);
        expect((error as Error).message).toMatch(message);
      }
    });

    it(`${name}: in place and at odd offsets gives the same bytes as fresh buffers`, () => {
      for (const n of [0, 1, 15, 16, 17, 100, 4049, 4096]) {
        const msg = filled(n, n);
        const expected = aead.encrypt(key, nonce, msg, ad);
        const buffer = new Uint8Array(n + 16 + 3);
        buffer.set(msg, 3);
        const region = buffer.subarray(3, 3 + n), tagRegion = buffer.subarray(3 + n);
        aead.encryptInto(key, nonce, region, region, tagRegion, ad);
        expect(toHex(region)).toBe(toHex(expected.ciphertext));
        expect(toHex(tagRegion)).toBe(toHex(expected.tag));
        aead.decryptInto(key, nonce, region, tagRegion, region, ad);
        expect(toHex(region)).toBe(toHex(msg));
      }
    });

    it(`${name}: a failed tag zero-fills the output and throws SQLITE_CORRUPT`, () => {
      const msg = filled(1000, 9);
      const { ciphertext, tag } = aead.encrypt(key, nonce, msg, ad);
      for (const [k, a] of [[filled(aead.keyBytes, 7), ad], [key, ad.subarray(1)]]) {
        const out = new Uint8Array(1000).fill(0xaa);
        let error: unknown;
        try {
          aead.decryptInto(k, nonce, ciphertext, tag, out, a);
        } catch (e) {
          error = e;
        }
        expect(isSqliteError(error, 'SQLITE_CORRUPT')).toBe(true);
        expect((error as Error).message).toMatch(/authentication failed/);
        expect(out.every((b) => b === 0)).toBe(true);
      }
      expect(toHex(aead.decrypt(key, nonce, ciphertext, tag, ad))).toBe(toHex(msg));
    });
  }
});

describe('AEGIS beyond one 64 KiB chunk', () => {
  for (const [variant, aead] of [
    ['aegis128l', createAegis128(1, 32)],
    ['aegis256', createAegis256(1, 32)],
  ] as const) {
    it(`${variant}: 200001-byte message and 70000-byte AD match libsodium, in place too`, () => {
      const key = filled(aead.keyBytes, 5), nonce = filled(aead.nonceBytes, 6);
      const msg = filled(200_001, 7), ad = filled(70_000, 8);
      const theirs = sodium[`crypto_aead_${variant}_encrypt_detached`](msg, ad, null, nonce, key);
      const buffer = msg.slice(), tag = new Uint8Array(32);
      aead.encryptInto(key, nonce, buffer, buffer, tag, ad);
      expect(toHex(buffer)).toBe(toHex(theirs.ciphertext));
      expect(toHex(tag)).toBe(toHex(theirs.mac));
      aead.decryptInto(key, nonce, buffer, tag, buffer, ad);
      expect(toHex(buffer)).toBe(toHex(msg));
      tag[31] ^= 0x80;
      const out = new Uint8Array(msg.length);
      expect(() => aead.decryptInto(key, nonce, theirs.ciphertext, tag, out, ad)).toThrow(/authentication failed/);
      expect(out.every((b) => b === 0)).toBe(true);
    });
  }
});
