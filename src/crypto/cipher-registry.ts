/**
 * The ciphers a database can be encrypted with, keyed by Turso's names and ids (the ids are the
 * byte at offset 6 of the Turso header, `src/format/turso-header.ts`).
 *
 * | name       | id | key | nonce | tag | reserved bytes per page (= nonce + tag) |
 * |------------|----|-----|-------|-----|------------------------------------------|
 * | aes128gcm  | 1  | 16  | 12    | 16  | 28                                       |
 * | aes256gcm  | 2  | 32  | 12    | 16  | 28                                       |
 * | aegis256   | 3  | 32  | 32    | 16  | 48                                       |
 * | aegis256x2 | 4  | 32  | 32    | 16  | 48                                       |
 * | aegis256x4 | 5  | 32  | 32    | 16  | 48                                       |
 * | aegis128l  | 6  | 16  | 16    | 16  | 32                                       |
 * | aegis128x2 | 7  | 16  | 16    | 16  | 32                                       |
 * | aegis128x4 | 8  | 16  | 16    | 16  | 32                                       |
 *
 * Names are matched without regard to case, '-', '_' or surrounding blanks, so 'AES-256-GCM',
 * 'aes256-gcm', 'AEGIS-256', 'aegis-128l' and 'Aegis_256_X2' are all accepted (decided here: Turso
 * itself accepts fewer spellings; accepting more never changes what is written to disk).
 *
 * @module
 */
import { SqliteError } from '../error.js';
import { TURSO_CIPHERS, type TursoCipherId, type TursoCipherName } from '../format/turso-header.js';
import type { Aead } from './aead.js';
import { aegis128l, aegis128x2, aegis128x4 } from './aegis-128x.js';
import { aegis256, aegis256x2, aegis256x4 } from './aegis-256x.js';
import { aes128gcm, aes256gcm } from './aes-gcm.js';

/** One cipher of the registry. Lengths in bytes. */
export interface Cipher {
  /** Turso's name, e.g. 'aegis256'. */
  readonly name: TursoCipherName;
  /** Turso's id (1..8), stored in the Turso header. */
  readonly id: TursoCipherId;
  /** The AEAD itself. */
  readonly aead: Aead;
  readonly keyBytes: number;
  readonly nonceBytes: number;
  readonly tagBytes: number;
  /** Bytes reserved at the end of each page: nonce + tag (database header byte 20). */
  readonly reservedBytes: number;
}

const AEADS: Record<TursoCipherName, Aead> = {
  aes128gcm,
  aes256gcm,
  aegis256,
  aegis256x2,
  aegis256x4,
  aegis128l,
  aegis128x2,
  aegis128x4,
};

/** Every cipher, in id order. */
export const CIPHERS: readonly Cipher[] = Object.freeze(
  (Object.entries(TURSO_CIPHERS) as [string, TursoCipherName][]).map(([id, name]) => {
    const aead = AEADS[name];
    return Object.freeze({
      name,
      id: Number(id) as TursoCipherId,
      aead,
      keyBytes: aead.keyBytes,
      nonceBytes: aead.nonceBytes,
      tagBytes: aead.tagBytes,
      reservedBytes: aead.nonceBytes + aead.tagBytes,
    });
  }),
);

const CIPHER_NAMES = CIPHERS.map((c) => c.name).join(', ');

function normalize(name: string): string {
  return name.trim().toLowerCase().replace(/[-_]/g, '');
}

/**
 * Finds a cipher by name (case-insensitive, aliases as in the module doc).
 *
 * @throws SqliteError SQLITE_ERROR naming the valid ciphers when `name` is none of them.
 */
export function cipherByName(name: string): Cipher {
  const key = normalize(name);
  const found = CIPHERS.find((c) => c.name === key);
  if (!found) throw new SqliteError('SQLITE_ERROR', `unknown cipher '${name}': expected one of ${CIPHER_NAMES}`);
  return found;
}

/** Finds a cipher by Turso id (1..8); undefined for any other number. */
export function cipherById(id: number): Cipher | undefined {
  return CIPHERS.find((c) => c.id === id);
}

/**
 * Decodes a hex key (`PRAGMA hexkey`, `?hexkey=`, `{ hexkey }`) for `cipher`. Blanks around it are
 * ignored; digits may be upper or lower case.
 *
 * @returns a new buffer of `cipher.keyBytes` bytes.
 * @throws SqliteError SQLITE_ERROR when the text is not hex or not exactly 2 × keyBytes digits.
 */
export function parseHexKey(hex: string, cipher: Cipher): Uint8Array {
  const text = hex.trim();
  const digits = 2 * cipher.keyBytes;
  const bad = text.search(/[^0-9a-fA-F]/);
  if (bad >= 0) {
    throw new SqliteError('SQLITE_ERROR', `hexkey for ${cipher.name} has a non-hex character at position ${bad + 1}`);
  }
  if (text.length !== digits) {
    throw new SqliteError(
      'SQLITE_ERROR',
      `hexkey for ${cipher.name} must be ${digits} hex digits (${cipher.keyBytes} bytes), got ${text.length}`,
    );
  }
  const key = new Uint8Array(cipher.keyBytes);
  for (let i = 0; i < key.length; i++) key[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return key;
}
