/**
 * The page codec hook: how the pager turns on-disk page bytes into plaintext and back.
 *
 * The encryption layer (src/crypto, Turso's page layout) implements it; a plain database has none.
 *
 * @module
 */

/** Transforms whole pages between their on-disk form and plaintext. */
export interface PageCodec {
  /** The cipher, when the codec encrypts: its Turso id must match the file's Turso header. */
  readonly cipher?: { readonly id: number; readonly name: string };
  /** Bytes reserved at the end of every page (nonce + tag), as stored at header offset 20. */
  readonly reservedBytes: number;
  /**
   * Returns the plaintext of page `pgno` (same length as `onDisk`).
   * @throws SqliteError when the page fails authentication; never returns partial plaintext.
   */
  decrypt(pgno: number, onDisk: Uint8Array): Uint8Array;
  /** Returns the on-disk form of page `pgno`'s plaintext (fresh nonce each call). */
  encrypt(pgno: number, plain: Uint8Array): Uint8Array;
  /**
   * The plaintext 100-byte database header for the first 100 on-disk bytes of page 1 (the Turso
   * header replaced by "SQLite format 3\0"; bytes 16–99 are stored in the clear).
   */
  decryptHeader(onDiskHead: Uint8Array): Uint8Array;
}
