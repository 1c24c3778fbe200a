/**
 * A cipher and key bound together for the pager: the object the pager's page-codec hook
 * (`src/pager/page-codec.ts`, matched structurally, since crypto sits below the pager) calls on
 * every read and write of a page or WAL frame body.
 *
 * @module
 */
import { cipherByName, parseHexKey, type Cipher } from './cipher-registry.js';
import { decryptHeader, decryptPage, encryptPage } from './page-cipher.js';
import { SqliteError } from '../error.js';

/** Page encryption with one cipher and key. Sizes in bytes. */
export interface PageCipher {
  readonly cipher: Cipher;
  /** Bytes reserved at the end of every page: nonce + tag (database header byte 20). */
  readonly reservedBytes: number;
  /** The sealed form of page `pgno` (new buffer, fresh nonce); see `encryptPage`. */
  encrypt(pgno: number, plain: Uint8Array): Uint8Array;
  /** The plaintext of page `pgno` (new buffer); throws as `decryptPage`. */
  decrypt(pgno: number, onDisk: Uint8Array): Uint8Array;
  /** The plaintext 100-byte header from the first 100 on-disk bytes; throws as `decryptHeader`. */
  decryptHeader(onDiskHead: Uint8Array): Uint8Array;
}

/**
 * Binds a cipher and a key.
 *
 * @param cipher - a {@link Cipher} or a cipher name (aliases accepted, see `cipher-registry.ts`).
 * @param key - the raw key (copied) or its hex text.
 * @throws SqliteError SQLITE_ERROR for an unknown cipher name or a bad hex key; SQLITE_MISUSE for
 * a raw key of the wrong length.
 */
export function createPageCipher(cipher: Cipher | string, key: Uint8Array | string): PageCipher {
  const c = typeof cipher === 'string' ? cipherByName(cipher) : cipher;
  const k = typeof key === 'string' ? parseHexKey(key, c) : key.slice();
  if (k.length !== c.keyBytes) {
    throw new SqliteError('SQLITE_MISUSE', `${c.name} needs a ${c.keyBytes}-byte key, got ${k.length} bytes`);
  }
  return Object.freeze({
    cipher: c,
    reservedBytes: c.reservedBytes,
    encrypt: (pgno: number, plain: Uint8Array) => encryptPage(plain, pgno, c, k),
    decrypt: (pgno: number, onDisk: Uint8Array) => decryptPage(onDisk, pgno, c, k),
    decryptHeader: (onDiskHead: Uint8Array) => decryptHeader(onDiskHead, c),
  });
}
