/**
 * Cryptographically strong random bytes for nonces: node:crypto's `randomFillSync` (OpenSSL's
 * CSPRNG), else Web Crypto's `getRandomValues` where there is no Node.
 *
 * @module
 */
import { nodeCrypto } from './node-crypto.js';

/**
 * Fills `out` with random bytes and returns it.
 *
 * @param out - at most 65536 bytes (the Web Crypto limit; nonces are 12 to 32 bytes).
 * @throws Error when the runtime has neither node:crypto nor Web Crypto.
 */
export function randomFill(out: Uint8Array): Uint8Array {
  if (nodeCrypto) {
    nodeCrypto.randomFillSync(out);
  } else if (globalThis.crypto?.getRandomValues) {
    globalThis.crypto.getRandomValues(out);
  } else {
    throw new Error('no cryptographic random source in this runtime');
  }
  return out;
}
