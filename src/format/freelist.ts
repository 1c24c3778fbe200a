/**
 * Freelist trunk pages (fileformat2 §1.5). The header's freelistTrunk (offset 32) starts a chain of
 * trunk pages, each listing leaf pages that are free; leaf pages hold nothing meaningful.
 *
 * | offset | size | description                                 |
 * |--------|------|---------------------------------------------|
 * | 0      | 4    | next trunk page number, 0 on the last trunk |
 * | 4      | 4    | leaf count L                                |
 * | 8      | 4·L  | leaf page numbers                           |
 * | 8+4·L  | …    | unused (to the end of the page)             |
 *
 * SQLite reads up to U/4 − 2 leaves per trunk (U = usable size) and writes at most U/4 − 8.
 *
 * @module
 */
import { corrupt, SqliteError } from '../error.js';

/** A decoded freelist trunk page. */
export interface FreelistTrunk {
  /** Next trunk page number, 0 on the last. */
  next: number;
  /** Leaf page numbers, in stored order. */
  leaves: number[];
  /** Bytes after the last leaf number, to the end of the page (kept for a byte-exact encode). */
  unused?: Uint8Array;
}

/** Most leaves a trunk may list when read (U/4 − 2). */
export function maxFreelistLeaves(usableSize: number): number {
  return Math.floor(usableSize / 4) - 2;
}

/** Most leaves SQLite puts on a trunk it writes (U/4 − 8, kept for compatibility with old readers). */
export function maxFreelistLeavesWritten(usableSize: number): number {
  return Math.floor(usableSize / 4) - 8;
}

/**
 * Decodes a freelist trunk page.
 *
 * @throws SQLITE_CORRUPT (pgno, offset 4) when the leaf count exceeds U/4 − 2 or the page is too short.
 */
export function decodeFreelistTrunk(page: Uint8Array, pgno: number, usableSize: number): FreelistTrunk {
  if (page.length < 8 || page.length < usableSize) throw corrupt('freelist trunk page too short', pgno, 0);
  const dv = new DataView(page.buffer, page.byteOffset, page.length);
  const count = dv.getUint32(4);
  if (count > maxFreelistLeaves(usableSize)) throw corrupt(`freelist trunk lists ${count} leaves, more than ${maxFreelistLeaves(usableSize)}`, pgno, 4);
  const leaves: number[] = new Array(count);
  for (let i = 0; i < count; i++) leaves[i] = dv.getUint32(8 + 4 * i);
  return { next: dv.getUint32(0), leaves, unused: page.subarray(8 + 4 * count) };
}

/**
 * Encodes a freelist trunk page of `pageSize` bytes; bytes past the leaves are `unused` when given,
 * else zero. Inverse of {@link decodeFreelistTrunk}.
 *
 * @throws SQLITE_MISUSE when the leaves (and `unused`) do not fit in the page.
 */
export function encodeFreelistTrunk(t: FreelistTrunk, pageSize: number): Uint8Array {
  const end = 8 + 4 * t.leaves.length;
  if (end + (t.unused?.length ?? 0) > pageSize) throw new SqliteError('SQLITE_MISUSE', 'freelist trunk does not fit the page');
  const out = new Uint8Array(pageSize);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, t.next >>> 0);
  dv.setUint32(4, t.leaves.length);
  t.leaves.forEach((leaf, i) => dv.setUint32(8 + 4 * i, leaf >>> 0));
  if (t.unused) out.set(t.unused, end);
  return out;
}
