/**
 * The lock-byte page (fileformat2 §1.3.2 "The Lock-Byte Page"): the page holding file bytes
 * 1073741824..1073742335, where SQLite's locks live. It is never used for data.
 *
 * @module
 */

/** File offset (bytes) of the first lock byte, SQLite's PENDING_BYTE. */
export const PENDING_BYTE = 0x40000000;

/** Page number of the lock-byte page for `pageSize` (bytes): 1 + ⌊1073741824 / pageSize⌋. */
export function lockBytePage(pageSize: number): number {
  return Math.floor(PENDING_BYTE / pageSize) + 1;
}
