/**
 * `strata/crypto`: the AEGIS family and AES-GCM behind one {@link Aead} shape, the cipher registry
 * keyed by Turso's names and ids, and the page cipher that seals pages and WAL frame bodies in
 * Turso's layout.
 *
 * @module
 */
export * from './aead.js';
export { aesRound } from './aes-tables.js';
export { aegis128l, aegis128x2, aegis128x4, createAegis128 } from './aegis-128x.js';
export { aegis256, aegis256x2, aegis256x4, createAegis256 } from './aegis-256x.js';
export { aes128gcm, aes256gcm, nobleAesGcm, nodeAesGcm } from './aes-gcm.js';
export * from './cipher-registry.js';
export * from './page-cipher.js';
export * from './page-codec.js';
export { randomFill } from './random-bytes.js';
