/**
 * Wycheproof's AEGIS sets (../shared/vectors/aegis/wycheproof): every "valid" case must encrypt to
 * the given ciphertext and tag and decrypt back; every "invalid" case must fail to decrypt.
 * AEGIS128L and AEGIS256 run against Strata's ciphers. AEGIS128 (the CAESAR cipher, which Strata
 * does not offer) runs against the test's reference implementation, whose AES round and update
 * structure are those of the reference used as the oracle for the X variants.
 */
import { describe, expect, it } from 'vitest';
import { aegis128l } from '../../src/crypto/aegis-128x.js';
import { aegis256 } from '../../src/crypto/aegis-256x.js';
import type { Aead } from '../../src/crypto/aead.js';
import { refAegis128Caesar } from './reference-aegis.js';
import { HAVE_VECTORS, VECTORS_MISSING, hex, readJson, toHex, type WycheproofFile } from './vectors.js';

if (!HAVE_VECTORS) console.log(VECTORS_MISSING);

function asAead(): Pick<Aead, 'encrypt' | 'decrypt'> {
  const ref = refAegis128Caesar();
  return {
    encrypt: (key, nonce, msg, ad = new Uint8Array()) => {
      const { ct, tag } = ref.encrypt(key, nonce, msg, ad);
      return { ciphertext: ct, tag };
    },
    decrypt: (key, nonce, ct, tag, ad = new Uint8Array()) => {
      const m = ref.decrypt(key, nonce, ct, tag, ad);
      if (!m) throw new Error('authentication failed');
      return m;
    },
  };
}

describe.skipIf(!HAVE_VECTORS)('Wycheproof AEGIS sets', () => {
  for (const [file, algorithm, aead] of [
    ['aegis128L_test.json', 'AEGIS128L', aegis128l],
    ['aegis256_test.json', 'AEGIS256', aegis256],
    ['aegis128_test.json', 'AEGIS128', asAead()],
  ] as const) {
    it(`${algorithm}: every case`, () => {
      const data = readJson<WycheproofFile>(`wycheproof/${file}`);
      expect(data.algorithm).toBe(algorithm);
      let valid = 0, invalid = 0;
      for (const group of data.testGroups) {
        for (const t of group.tests) {
          const [key, nonce, aad, msg, ct, tag] = [t.key, t.iv, t.aad, t.msg, t.ct, t.tag].map(hex);
          const label = `tcId ${t.tcId} ${t.flags.join(',')}`;
          if (t.result === 'valid') {
            const sealed = aead.encrypt(key, nonce, msg, aad);
            expect(toHex(sealed.ciphertext), label).toBe(t.ct);
            expect(toHex(sealed.tag), label).toBe(t.tag);
            expect(toHex(aead.decrypt(key, nonce, ct, tag, aad)), label).toBe(t.msg);
            valid++;
          } else {
            expect(() => aead.decrypt(key, nonce, ct, tag, aad), label).toThrow(/authentication failed/);
            invalid++;
          }
        }
      }
      console.log(`Wycheproof ${algorithm}: ${valid} valid cases pass, ${invalid} invalid cases rejected (of ${data.numberOfTests})`);
      expect(valid + invalid).toBe(data.numberOfTests);
    });
  }
});
