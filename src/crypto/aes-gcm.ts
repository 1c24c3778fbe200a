/**
 * AES-128-GCM and AES-256-GCM (NIST SP 800-38D) with a 12-byte nonce and a 16-byte tag, in two
 * implementations behind the same {@link Aead} shape:
 *
 * - node:crypto (OpenSSL, AES-NI and PCLMULQDQ where the CPU has them): the default;
 * - @noble/ciphers (audited pure JavaScript): the portable fallback for runtimes without
 *   node:crypto (browsers, workers), chosen by {@link aes128gcm} / {@link aes256gcm} automatically.
 *
 * node:crypto is reached through `node-crypto.ts`, so this module loads, and falls back, where there
 * is no Node.
 *
 * @module
 */
import { gcm } from '@noble/ciphers/aes.js';
import { defineAead, TAG_BYTES, type Aead } from './aead.js';
import { nodeCrypto } from './node-crypto.js';

const NONCE_BYTES = 12;

/**
 * AES-GCM through node:crypto.
 *
 * @param keyBytes - 16 (AES-128-GCM) or 32 (AES-256-GCM).
 * @throws Error when node:crypto is unavailable.
 */
export function nodeAesGcm(keyBytes: 16 | 32): Aead {
  const crypto = nodeCrypto;
  if (!crypto) throw new Error('node:crypto is not available in this runtime');
  const algorithm = keyBytes === 16 ? 'aes-128-gcm' : 'aes-256-gcm';
  return defineAead({
    name: keyBytes === 16 ? 'AES-128-GCM' : 'AES-256-GCM',
    keyBytes,
    nonceBytes: NONCE_BYTES,
    tagBytes: TAG_BYTES,
    encryptInto(key, nonce, plaintext, out, tagOut, ad) {
      const cipher = crypto.createCipheriv(algorithm, key, nonce, { authTagLength: TAG_BYTES });
      if (ad.length) cipher.setAAD(ad);
      const head = cipher.update(plaintext);
      const tail = cipher.final();
      out.set(head);
      if (tail.length) out.set(tail, head.length);
      tagOut.set(cipher.getAuthTag());
    },
    decryptInto(key, nonce, ciphertext, tag, out, ad) {
      const decipher = crypto.createDecipheriv(algorithm, key, nonce, { authTagLength: TAG_BYTES });
      decipher.setAuthTag(tag);
      if (ad.length) decipher.setAAD(ad);
      const head = decipher.update(ciphertext);
      let tail: Uint8Array;
      try {
        tail = decipher.final();
      } catch {
        head.fill(0);
        out.fill(0);
        return false;
      }
      out.set(head);
      if (tail.length) out.set(tail, head.length);
      return true;
    },
  });
}

/**
 * AES-GCM through @noble/ciphers (pure JavaScript).
 *
 * @param keyBytes - 16 (AES-128-GCM) or 32 (AES-256-GCM).
 */
export function nobleAesGcm(keyBytes: 16 | 32): Aead {
  return defineAead({
    name: keyBytes === 16 ? 'AES-128-GCM' : 'AES-256-GCM',
    keyBytes,
    nonceBytes: NONCE_BYTES,
    tagBytes: TAG_BYTES,
    encryptInto(key, nonce, plaintext, out, tagOut, ad) {
      const sealed = gcm(key, nonce, ad).encrypt(plaintext); // ciphertext || tag
      out.set(sealed.subarray(0, plaintext.length));
      tagOut.set(sealed.subarray(plaintext.length));
    },
    decryptInto(key, nonce, ciphertext, tag, out, ad) {
      const sealed = new Uint8Array(ciphertext.length + TAG_BYTES);
      sealed.set(ciphertext);
      sealed.set(tag, ciphertext.length);
      let plaintext: Uint8Array;
      try {
        plaintext = gcm(key, nonce, ad).decrypt(sealed);
      } catch {
        out.fill(0);
        return false;
      }
      out.set(plaintext);
      return true;
    },
  });
}

/** AES-128-GCM: key 16, nonce 12, tag 16 bytes; node:crypto when present, else @noble/ciphers. */
export const aes128gcm: Aead = nodeCrypto ? nodeAesGcm(16) : nobleAesGcm(16);
/** AES-256-GCM: key 32, nonce 12, tag 16 bytes; node:crypto when present, else @noble/ciphers. */
export const aes256gcm: Aead = nodeCrypto ? nodeAesGcm(32) : nobleAesGcm(32);
