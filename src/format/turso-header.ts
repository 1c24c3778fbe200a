/**
 * The 16-byte Turso encryption header that replaces "SQLite format 3\0" at the start of page 1 of a
 * Turso-encrypted database (Turso's encryption design; tursodatabase/turso docs/manual.md "Encryption").
 *
 * | offset | size | field    | notes                                        |
 * |--------|------|----------|----------------------------------------------|
 * | 0      | 5    | magic    | "Turso"                                      |
 * | 5      | 1    | version  | 0                                            |
 * | 6      | 1    | cipherId | 1..8, see TURSO_CIPHERS                      |
 * | 7      | 9    | zero     | must be zero                                 |
 *
 * @module
 */
import { SqliteError } from '../error.js';

/** Bytes of the Turso header. */
export const TURSO_HEADER_BYTES = 16;

/** Turso's cipher ids and names. */
export const TURSO_CIPHERS = {
  1: 'aes128gcm',
  2: 'aes256gcm',
  3: 'aegis256',
  4: 'aegis256x2',
  5: 'aegis256x4',
  6: 'aegis128l',
  7: 'aegis128x2',
  8: 'aegis128x4',
} as const;

/** A Turso cipher id, 1..8. */
export type TursoCipherId = keyof typeof TURSO_CIPHERS;
/** A Turso cipher name, as Turso spells it (`PRAGMA cipher`). */
export type TursoCipherName = (typeof TURSO_CIPHERS)[TursoCipherId];

/** The decoded Turso header. */
export interface TursoHeader {
  version: 0;
  cipherId: TursoCipherId;
  cipherName: TursoCipherName;
}

const MAGIC = [0x54, 0x75, 0x72, 0x73, 0x6f]; // "Turso"

/** True when `buf` starts with "Turso" (at least 16 bytes): the file is Turso-encrypted, whatever follows. */
export function isTursoHeader(buf: Uint8Array): boolean {
  return buf.length >= TURSO_HEADER_BYTES && MAGIC.every((b, i) => buf[i] === b);
}

function notadb(why: string, offset: number): SqliteError {
  return new SqliteError('SQLITE_NOTADB', `file is not a database: ${why}`, { pgno: 1, offset });
}

/**
 * Decodes the Turso header at the start of `buf`.
 *
 * @throws SQLITE_NOTADB (page 1, offset of the bad byte) for a wrong magic, a version other than 0, an
 * unknown cipher id or a non-zero byte in 7..15.
 */
export function decodeTursoHeader(buf: Uint8Array): TursoHeader {
  if (!isTursoHeader(buf)) throw notadb('no Turso header', 0);
  if (buf[5] !== 0) throw notadb(`Turso header version ${buf[5]}`, 5);
  const id = buf[6];
  if (!(id in TURSO_CIPHERS)) throw notadb(`unknown Turso cipher id ${id}`, 6);
  for (let i = 7; i < TURSO_HEADER_BYTES; i++) if (buf[i] !== 0) throw notadb('non-zero byte in the Turso header', i);
  const cipherId = id as TursoCipherId;
  return { version: 0, cipherId, cipherName: TURSO_CIPHERS[cipherId] };
}

/** The cipher id of a Turso cipher name, or undefined when the name is unknown. */
export function tursoCipherId(name: string): TursoCipherId | undefined {
  for (const [id, n] of Object.entries(TURSO_CIPHERS)) if (n === name) return Number(id) as TursoCipherId;
  return undefined;
}

/**
 * Encodes the 16-byte Turso header for a cipher id or name.
 *
 * @throws SQLITE_MISUSE for an unknown cipher.
 */
export function encodeTursoHeader(cipher: TursoCipherId | TursoCipherName): Uint8Array {
  const id = typeof cipher === 'number' ? cipher : tursoCipherId(cipher);
  if (id === undefined || !(id in TURSO_CIPHERS)) throw new SqliteError('SQLITE_MISUSE', `unknown Turso cipher ${cipher}`);
  const out = new Uint8Array(TURSO_HEADER_BYTES);
  out.set(MAGIC, 0);
  out[6] = id;
  return out;
}
