/**
 * The page cipher: how one database page (or the body of one WAL frame) is sealed on disk, byte
 * for byte as the Turso engine does it. P = page size, R = reserved bytes = nonce + tag, all in
 * bytes; the same layout for every cipher of `cipher-registry.ts`.
 *
 * Every page but page 1:
 * ```
 * OFFSET        SIZE         DESCRIPTION
 * 0             P − R        ciphertext of plaintext bytes [0, P − R); additional data empty
 * P − R         16           tag
 * P − R + 16    R − 16       nonce, fresh random on every write
 * ```
 *
 * Page 1:
 * ```
 * OFFSET        SIZE         DESCRIPTION
 * 0             16           Turso header: "Turso", version 0, cipher id, 9 zero bytes
 * 16            84           database header bytes 16..99 in the clear (page size, R at byte 20)
 * 100           P − R − 100  ciphertext of plaintext bytes [100, P − R);
 *                            additional data = on-disk bytes [0, 100) (the Turso header included)
 * P − R         16           tag
 * P − R + 16    R − 16       nonce
 * ```
 * Decrypting page 1 puts "SQLite format 3\0" back into bytes 0..15.
 *
 * Invariants:
 * 1. A page whose tag fails never yields plaintext: the output is zero-filled and a SqliteError
 *    names the page (SQLITE_NOTADB for page 1 — a wrong key is first seen there and SQLite reports
 *    a wrong key as "file is not a database" — SQLITE_CORRUPT for any other page). A page 1 whose
 *    Turso header is bad or names another cipher is refused (SQLITE_NOTADB), output zero-filled too.
 * 2. Each encryption draws a fresh nonce (`random-bytes.ts`); nonces are never derived from pgno.
 * 3. The reserved bytes of a decrypted page still hold the tag and nonce (the b-tree never reads them).
 *
 * `out` may be the page itself (in place) or a separate buffer of the same length, never a
 * partly overlapping one.
 *
 * @module
 */
import { isSqliteError, SqliteError } from '../error.js';
import { decodeTursoHeader, encodeTursoHeader, TURSO_HEADER_BYTES } from '../format/turso-header.js';
import { TAG_BYTES } from './aead.js';
import type { Cipher } from './cipher-registry.js';
import { randomFill } from './random-bytes.js';

/** Bytes of page 1 kept in the clear and used as additional data: the database header. */
export const PAGE1_CLEAR_BYTES = 100;

const SQLITE_MAGIC_BYTES = new TextEncoder().encode('SQLite format 3\0');
const EMPTY = new Uint8Array(0);

/** Where the parts of a sealed page lie (byte offsets within the page). */
export interface SealedPageLayout {
  /** First encrypted byte: 100 on page 1, else 0. */
  encryptedStart: number;
  /** End (exclusive) of the encrypted bytes, = start of the tag: P − R. */
  encryptedEnd: number;
  /** Start of the nonce: P − R + 16. */
  nonceStart: number;
}

/**
 * The layout of a sealed page of `pageSize` bytes.
 *
 * @throws SqliteError SQLITE_MISUSE when pgno is not a positive integer or the page is too small
 * to hold the reserved bytes (and, for page 1, the 100-byte header).
 */
export function sealedPageLayout(pageSize: number, pgno: number, cipher: Cipher): SealedPageLayout {
  if (!Number.isInteger(pgno) || pgno < 1) throw new SqliteError('SQLITE_MISUSE', `page number ${pgno} is not a positive integer`);
  const encryptedStart = pgno === 1 ? PAGE1_CLEAR_BYTES : 0;
  const encryptedEnd = pageSize - cipher.reservedBytes;
  if (encryptedEnd <= encryptedStart) {
    throw new SqliteError('SQLITE_MISUSE', `a ${pageSize}-byte page cannot hold ${cipher.name}'s ${cipher.reservedBytes} reserved bytes`, { pgno });
  }
  return { encryptedStart, encryptedEnd, nonceStart: encryptedEnd + TAG_BYTES };
}

function checkBuffers(page: Uint8Array, out: Uint8Array, key: Uint8Array, cipher: Cipher): void {
  if (out.length !== page.length) throw new SqliteError('SQLITE_MISUSE', `output is ${out.length} bytes, page is ${page.length}`);
  if (key.length !== cipher.keyBytes) {
    throw new SqliteError('SQLITE_MISUSE', `${cipher.name} needs a ${cipher.keyBytes}-byte key, got ${key.length} bytes`);
  }
}

/** Decodes the Turso header and checks it names `cipher` (when given); throws SQLITE_NOTADB. */
function checkTursoHeader(onDisk: Uint8Array, cipher: Cipher | undefined): void {
  const header = decodeTursoHeader(onDisk);
  if (cipher && header.cipherId !== cipher.id) {
    throw new SqliteError('SQLITE_NOTADB', `file is encrypted with ${header.cipherName}, not ${cipher.name}`, { pgno: 1, offset: 6 });
  }
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/**
 * Seals one plaintext page for the disk (database file or WAL frame body).
 *
 * @param page - the plaintext page, P bytes; page 1 must start with "SQLite format 3\0".
 * @param pgno - 1-based page number (page 1 follows its own layout).
 * @param cipher - from `cipher-registry.ts`.
 * @param key - `cipher.keyBytes` bytes.
 * @param out - where the sealed page goes (default: a new buffer); may be `page` itself.
 * @returns `out`.
 * @throws SqliteError SQLITE_MISUSE for a key of the wrong length, a page too small, or a page 1
 * without the SQLite magic.
 */
export function encryptPage(page: Uint8Array, pgno: number, cipher: Cipher, key: Uint8Array, out: Uint8Array = new Uint8Array(page.length)): Uint8Array {
  checkBuffers(page, out, key, cipher);
  const { encryptedStart, encryptedEnd, nonceStart } = sealedPageLayout(page.length, pgno, cipher);
  let ad: Uint8Array = EMPTY;
  if (pgno === 1) {
    if (!startsWith(page, SQLITE_MAGIC_BYTES)) {
      throw new SqliteError('SQLITE_MISUSE', 'page 1 to encrypt does not start with "SQLite format 3\\0"', { pgno: 1, offset: 0 });
    }
    if (out !== page) out.set(page.subarray(TURSO_HEADER_BYTES, PAGE1_CLEAR_BYTES), TURSO_HEADER_BYTES);
    out.set(encodeTursoHeader(cipher.id), 0);
    ad = out.subarray(0, PAGE1_CLEAR_BYTES);
  }
  const nonce = randomFill(out.subarray(nonceStart, page.length));
  cipher.aead.encryptInto(
    key,
    nonce,
    page.subarray(encryptedStart, encryptedEnd),
    out.subarray(encryptedStart, encryptedEnd),
    out.subarray(encryptedEnd, nonceStart),
    ad,
  );
  return out;
}

/**
 * Opens one sealed page (database file or WAL frame body).
 *
 * @param page - the page as on disk, P bytes.
 * @param pgno - 1-based page number.
 * @param cipher - from `cipher-registry.ts`.
 * @param key - `cipher.keyBytes` bytes.
 * @param out - where the plaintext goes (default: a new buffer); may be `page` itself.
 * @returns `out`, page 1 with "SQLite format 3\0" in bytes 0..15.
 * @throws SqliteError "page N failed authentication: wrong key or corrupted page" (SQLITE_NOTADB
 * on page 1, SQLITE_CORRUPT elsewhere; `out` zero-filled); for page 1 also SQLITE_NOTADB when the
 * Turso header is missing or invalid or names another cipher; SQLITE_MISUSE as for encryptPage.
 */
export function decryptPage(page: Uint8Array, pgno: number, cipher: Cipher, key: Uint8Array, out: Uint8Array = new Uint8Array(page.length)): Uint8Array {
  checkBuffers(page, out, key, cipher);
  const { encryptedStart, encryptedEnd, nonceStart } = sealedPageLayout(page.length, pgno, cipher);
  try {
    let ad: Uint8Array = EMPTY;
    if (pgno === 1) {
      checkTursoHeader(page, cipher);
      ad = page.subarray(0, PAGE1_CLEAR_BYTES);
    }
    cipher.aead.decryptInto(
      key,
      page.subarray(nonceStart, page.length),
      page.subarray(encryptedStart, encryptedEnd),
      page.subarray(encryptedEnd, nonceStart),
      out.subarray(encryptedStart, encryptedEnd),
      ad,
    );
  } catch (e) {
    out.fill(0);
    if (!isSqliteError(e, 'SQLITE_CORRUPT')) throw e;
    throw new SqliteError(pgno === 1 ? 'SQLITE_NOTADB' : 'SQLITE_CORRUPT', `page ${pgno} failed authentication: wrong key or corrupted page`, { pgno });
  }
  if (out !== page) {
    out.set(page.subarray(0, encryptedStart), 0);
    out.set(page.subarray(encryptedEnd), encryptedEnd);
  }
  if (pgno === 1) out.set(SQLITE_MAGIC_BYTES, 0);
  return out;
}

/**
 * The plaintext 100-byte database header of an encrypted file, from its first 100 bytes on disk:
 * the Turso header checked and replaced by "SQLite format 3\0"; bytes 16..99 are stored in the
 * clear. Lets the pager learn the page size before it can decrypt page 1. Not authenticated: trust
 * it only once page 1 has decrypted.
 *
 * @returns a new 100-byte buffer.
 * @throws SqliteError SQLITE_NOTADB when the Turso header is missing or invalid, or names a cipher
 * other than `cipher` (when given).
 */
export function decryptHeader(onDiskHead: Uint8Array, cipher?: Cipher): Uint8Array {
  checkTursoHeader(onDiskHead, cipher);
  if (onDiskHead.length < PAGE1_CLEAR_BYTES) {
    throw new SqliteError('SQLITE_NOTADB', `file is not a database: ${onDiskHead.length}-byte header`, { pgno: 1 });
  }
  const plain = onDiskHead.slice(0, PAGE1_CLEAR_BYTES);
  plain.set(SQLITE_MAGIC_BYTES, 0);
  return plain;
}
