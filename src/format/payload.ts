/**
 * How much of a cell's payload stays on the b-tree page and how much spills to overflow pages
 * (fileformat2 §1.6, "Cell payload overflow").
 *
 * With U the usable size (bytes) and P the payload size (bytes):
 *
 * | symbol | table leaf (13)           | index pages (2, 10)                |
 * |--------|---------------------------|------------------------------------|
 * | X      | U − 35                    | ⌊(U − 12)·64/255⌋ − 23              |
 * | M      | ⌊(U − 12)·32/255⌋ − 23     | ⌊(U − 12)·32/255⌋ − 23              |
 * | K      | M + ((P − M) mod (U − 4)) | M + ((P − M) mod (U − 4))          |
 *
 * If P ≤ X the whole payload is local. Otherwise K bytes stay when K ≤ X, else M bytes; the rest goes
 * to a chain of overflow pages holding U − 4 bytes each. Table interior cells (5) have no payload.
 *
 * @module
 */

/** Which b-tree a payload belongs to: 'table' for table leaf cells, 'index' for index cells. */
export type PayloadKind = 'table' | 'index';

/** X: the largest payload (bytes) kept entirely on the page, for usable size `usableSize` (bytes). */
export function maxLocalPayload(usableSize: number, kind: PayloadKind): number {
  return kind === 'table' ? usableSize - 35 : Math.floor(((usableSize - 12) * 64) / 255) - 23;
}

/** M: the least payload (bytes) kept on the page when the payload spills. */
export function minLocalPayload(usableSize: number): number {
  return Math.floor(((usableSize - 12) * 32) / 255) - 23;
}

/**
 * Bytes of a `payloadSize`-byte payload stored on the b-tree page (fileformat2 §1.6); the remaining
 * `payloadSize − result` bytes go to overflow pages.
 *
 * @param usableSize - page size minus reserved bytes (bytes), at least 480 in a valid file.
 */
export function localPayloadSize(payloadSize: number, usableSize: number, kind: PayloadKind): number {
  const x = maxLocalPayload(usableSize, kind);
  if (payloadSize <= x) return payloadSize;
  const m = minLocalPayload(usableSize);
  const k = m + ((payloadSize - m) % (usableSize - 4));
  return k <= x ? k : m;
}
