/**
 * Overflow pages: where a payload too large for its b-tree page continues (fileformat2 §1.6,
 * "Cell payload overflow pages").
 *
 * | offset | size   | description                                              |
 * |--------|--------|----------------------------------------------------------|
 * | 0      | 4      | next overflow page number, 0 on the last page of a chain |
 * | 4      | U − 4  | payload bytes (the last page of a chain uses a prefix)    |
 * | U      | R      | reserved region (R = page size − usable size U)          |
 *
 * @module
 */
import { corrupt, SqliteError } from '../error.js';

/** A decoded overflow page. `content` is all U − 4 content bytes (a subarray, no copy). */
export interface OverflowPage {
  /** Next overflow page number, 0 on the last. */
  next: number;
  /** The page's content area: bytes [4, usableSize); the chain's last page uses only a prefix. */
  content: Uint8Array;
  /** Bytes [usableSize, pageSize): the reserved region. */
  reserved: Uint8Array;
}

/** Payload bytes one overflow page holds: usableSize − 4. */
export function overflowPageCapacity(usableSize: number): number {
  return usableSize - 4;
}

/**
 * Number of overflow pages a payload needs.
 *
 * @param payloadSize - total payload bytes; @param localSize - bytes kept on the b-tree page (payload.ts).
 */
export function overflowPageCount(payloadSize: number, localSize: number, usableSize: number): number {
  return Math.ceil(Math.max(0, payloadSize - localSize) / overflowPageCapacity(usableSize));
}

/**
 * Decodes an overflow page.
 *
 * @throws SQLITE_CORRUPT (pgno, offset 0) when the page is shorter than `usableSize` or `usableSize` < 5.
 */
export function decodeOverflowPage(page: Uint8Array, pgno: number, usableSize: number): OverflowPage {
  if (usableSize < 5 || page.length < usableSize) throw corrupt(`overflow page shorter than its usable size ${usableSize}`, pgno, 0);
  return {
    next: ((page[0] << 24) | (page[1] << 16) | (page[2] << 8) | page[3]) >>> 0,
    content: page.subarray(4, usableSize),
    reserved: page.subarray(usableSize),
  };
}

/**
 * Encodes an overflow page of `pageSize` bytes: next pointer, content (at most pageSize − 4 −
 * reserved bytes; the rest is zero) and the reserved region at the end. Inverse of {@link decodeOverflowPage}.
 *
 * @throws SQLITE_MISUSE when the parts do not fit in `pageSize`.
 */
export function encodeOverflowPage(p: { next: number; content: Uint8Array; reserved?: Uint8Array }, pageSize: number): Uint8Array {
  const reserved = p.reserved ?? new Uint8Array(0);
  if (4 + p.content.length + reserved.length > pageSize) throw new SqliteError('SQLITE_MISUSE', 'overflow content does not fit the page');
  const out = new Uint8Array(pageSize);
  new DataView(out.buffer).setUint32(0, p.next >>> 0);
  out.set(p.content, 4);
  out.set(reserved, pageSize - reserved.length);
  return out;
}
