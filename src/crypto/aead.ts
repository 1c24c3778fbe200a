/**
 * The shape every cipher here has: an AEAD with a detached 16-byte tag (RFC 5116 terms), in a
 * one-shot API sized for pages, plus "into" variants that write into the caller's buffers so the
 * page cipher can work in place without allocating.
 *
 * Errors, for every cipher:
 * - a key, nonce, output or tag of the wrong length → `SqliteError('SQLITE_MISUSE')` naming the
 *   cipher and the expected length in bytes;
 * - a tag that does not verify → `SqliteError('SQLITE_CORRUPT')`, "authentication failed", and the
 *   output buffer is zero-filled first (draft-irtf-cfrg-aegis-aead §3.2: the decrypted message MUST
 *   be overwritten), so no partial plaintext is ever visible.
 *
 * @module
 */
import { SqliteError } from '../error.js';

/** A ciphertext and its detached tag, as returned by {@link Aead.encrypt}. */
export interface Sealed {
  /** Same length as the plaintext (bytes). */
  ciphertext: Uint8Array;
  /** {@link Aead.tagBytes} bytes. */
  tag: Uint8Array;
}

/** An authenticated cipher with a detached tag. All lengths are in bytes. */
export interface Aead {
  /** Human name, e.g. "AEGIS-256X2", "AES-256-GCM". */
  readonly name: string;
  /** Key length (bytes). */
  readonly keyBytes: number;
  /** Nonce length (bytes). */
  readonly nonceBytes: number;
  /** Tag length (bytes): 16 for every cipher of the registry (AEGIS can also make 32). */
  readonly tagBytes: number;
  /** Encrypts `plaintext`, authenticating it and `ad` (default empty), into new buffers. */
  encrypt(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, ad?: Uint8Array): Sealed;
  /**
   * Decrypts and verifies; returns a new plaintext buffer.
   * @throws SqliteError SQLITE_CORRUPT when the tag does not verify.
   */
  decrypt(key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, ad?: Uint8Array): Uint8Array;
  /**
   * Encrypts `plaintext` into `out` (same length; may be the very same memory, for in-place
   * encryption, but must not otherwise overlap it) and writes the tag into `tagOut`.
   */
  encryptInto(
    key: Uint8Array,
    nonce: Uint8Array,
    plaintext: Uint8Array,
    out: Uint8Array,
    tagOut: Uint8Array,
    ad?: Uint8Array,
  ): void;
  /**
   * Decrypts `ciphertext` into `out` (same length; same memory allowed, as for encryptInto).
   * @throws SqliteError SQLITE_CORRUPT when the tag does not verify; `out` is then all zeros.
   */
  decryptInto(
    key: Uint8Array,
    nonce: Uint8Array,
    ciphertext: Uint8Array,
    tag: Uint8Array,
    out: Uint8Array,
    ad?: Uint8Array,
  ): void;
}

/** What a cipher implements; {@link defineAead} adds argument checks and the allocating forms. */
export interface AeadCore {
  readonly name: string;
  readonly keyBytes: number;
  readonly nonceBytes: number;
  /** Tag length (bytes). */
  readonly tagBytes: number;
  /** Arguments already checked; `ad` already defaulted. */
  encryptInto(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, out: Uint8Array, tagOut: Uint8Array, ad: Uint8Array): void;
  /** Arguments already checked. Returns false, with `out` zero-filled, when the tag does not verify. */
  decryptInto(key: Uint8Array, nonce: Uint8Array, ciphertext: Uint8Array, tag: Uint8Array, out: Uint8Array, ad: Uint8Array): boolean;
}

/** Tag length of every cipher of the registry, hence of every encrypted page (bytes). */
export const TAG_BYTES = 16;

const EMPTY = new Uint8Array(0);

function checkLength(cipher: string, what: string, actual: number, expected: number): void {
  if (actual !== expected) {
    throw new SqliteError('SQLITE_MISUSE', `${cipher} needs a ${expected}-byte ${what}, got ${actual} bytes`);
  }
}

/** The error a tag that fails to verify raises (SQLITE_CORRUPT). */
export function authenticationFailed(cipher: string): SqliteError {
  return new SqliteError(
    'SQLITE_CORRUPT',
    `${cipher}: authentication failed (wrong key, nonce or associated data, or altered ciphertext or tag)`,
  );
}

/** Wraps an {@link AeadCore} into an {@link Aead}: length checks, defaults, allocating forms. */
export function defineAead(core: AeadCore): Aead {
  const { name, keyBytes, nonceBytes, tagBytes } = core;
  const checkKeyNonce = (key: Uint8Array, nonce: Uint8Array): void => {
    checkLength(name, 'key', key.length, keyBytes);
    checkLength(name, 'nonce', nonce.length, nonceBytes);
  };
  const aead: Aead = {
    name,
    keyBytes,
    nonceBytes,
    tagBytes,
    encryptInto(key, nonce, plaintext, out, tagOut, ad = EMPTY) {
      checkKeyNonce(key, nonce);
      checkLength(name, 'output', out.length, plaintext.length);
      checkLength(name, 'tag output', tagOut.length, tagBytes);
      core.encryptInto(key, nonce, plaintext, out, tagOut, ad);
    },
    decryptInto(key, nonce, ciphertext, tag, out, ad = EMPTY) {
      checkKeyNonce(key, nonce);
      checkLength(name, 'tag', tag.length, tagBytes);
      checkLength(name, 'output', out.length, ciphertext.length);
      if (!core.decryptInto(key, nonce, ciphertext, tag, out, ad)) throw authenticationFailed(name);
    },
    encrypt(key, nonce, plaintext, ad) {
      const ciphertext = new Uint8Array(plaintext.length);
      const tag = new Uint8Array(tagBytes);
      aead.encryptInto(key, nonce, plaintext, ciphertext, tag, ad);
      return { ciphertext, tag };
    },
    decrypt(key, nonce, ciphertext, tag, ad) {
      const plaintext = new Uint8Array(ciphertext.length);
      aead.decryptInto(key, nonce, ciphertext, tag, plaintext, ad);
      return plaintext;
    },
  };
  return Object.freeze(aead);
}
