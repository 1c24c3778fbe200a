/**
 * Pointer-map pages of auto-vacuum and incremental-vacuum databases (fileformat2 §1.7).
 *
 * The first ptrmap page is page 2; each holds J = ⌊U/5⌋ five-byte entries (U = usable size) for the
 * J pages that follow it, and the next ptrmap page comes right after those: pages 2, J+3, 2J+4, …
 * When that would land on the lock-byte page it moves to the page after.
 *
 * | offset | size | entry field                                             |
 * |--------|------|---------------------------------------------------------|
 * | 5·i    | 1    | type (below), for page ptrmapPgno + 1 + i               |
 * | 5·i+1  | 4    | parent page number (0 for types 1 and 2)                |
 *
 * | type | meaning                                 | parent                |
 * |------|-----------------------------------------|-----------------------|
 * | 1    | b-tree root page                        | 0                     |
 * | 2    | freelist page                           | 0                     |
 * | 3    | first page of an overflow chain         | the b-tree page       |
 * | 4    | later page of an overflow chain         | the previous overflow |
 * | 5    | non-root b-tree page                    | the parent page       |
 *
 * Type 0 marks a slot with no entry (never allocated, or the lock-byte page); decoding accepts it.
 *
 * @module
 */
import { corrupt, SqliteError } from '../error.js';
import { lockBytePage } from './lock-byte.js';

/** Entry types 1..5 (table above). */
export type PtrmapType = 1 | 2 | 3 | 4 | 5;

/** One ptrmap entry; type 0 is an empty slot. */
export interface PtrmapEntry {
  type: PtrmapType | 0;
  parent: number;
}

/** Bytes per ptrmap entry. */
export const PTRMAP_ENTRY_BYTES = 5;

/** J: entries per ptrmap page, ⌊usableSize/5⌋. */
export function ptrmapEntriesPerPage(usableSize: number): number {
  return Math.floor(usableSize / PTRMAP_ENTRY_BYTES);
}

/**
 * The ptrmap page holding the entry for `pgno` (0 for pages 0 and 1, which have none).
 *
 * @param pageSize - when given, a ptrmap page that would be the lock-byte page moves to the next page.
 */
export function ptrmapPageFor(pgno: number, usableSize: number, pageSize?: number): number {
  if (pgno < 2) return 0;
  const span = ptrmapEntriesPerPage(usableSize) + 1;
  const p = Math.floor((pgno - 2) / span) * span + 2;
  return pageSize !== undefined && p === lockBytePage(pageSize) ? p + 1 : p;
}

/** True when `pgno` is a ptrmap page (in an auto-vacuum database). @param pageSize - as {@link ptrmapPageFor}. */
export function isPtrmapPage(pgno: number, usableSize: number, pageSize?: number): boolean {
  return pgno >= 2 && ptrmapPageFor(pgno, usableSize, pageSize) === pgno;
}

/**
 * Byte offset of `pgno`'s entry within its ptrmap page.
 *
 * @throws SQLITE_CORRUPT (pgno) when `pgno` is a ptrmap page itself or below 3.
 */
export function ptrmapEntryOffset(pgno: number, usableSize: number, pageSize?: number): number {
  const off = PTRMAP_ENTRY_BYTES * (pgno - ptrmapPageFor(pgno, usableSize, pageSize) - 1);
  if (pgno < 3 || off < 0) throw corrupt(`page ${pgno} has no ptrmap entry`, pgno);
  return off;
}

/**
 * Decodes the entries of ptrmap page `pgno`: all J slots, or only those for pages ≤ `pageCount`.
 *
 * @throws SQLITE_CORRUPT (pgno, offset of the entry) for an entry type above 5, or a page shorter than `usableSize`.
 */
export function decodePtrmapPage(page: Uint8Array, pgno: number, usableSize: number, pageCount?: number): PtrmapEntry[] {
  if (page.length < usableSize) throw corrupt('ptrmap page shorter than its usable size', pgno, 0);
  let n = ptrmapEntriesPerPage(usableSize);
  if (pageCount !== undefined) n = Math.max(0, Math.min(n, pageCount - pgno));
  const out: PtrmapEntry[] = new Array(n);
  for (let i = 0, o = 0; i < n; i++, o += PTRMAP_ENTRY_BYTES) {
    const type = page[o];
    if (type > 5) throw corrupt(`ptrmap entry type ${type}`, pgno, o);
    out[i] = { type: type as PtrmapType | 0, parent: ((page[o + 1] << 24) | (page[o + 2] << 16) | (page[o + 3] << 8) | page[o + 4]) >>> 0 };
  }
  return out;
}

/**
 * Encodes a ptrmap page of `pageSize` bytes: the entries from offset 0, then `tail` (the bytes after
 * the entries, to the end of the page) when given, else zeros. Inverse of {@link decodePtrmapPage}.
 *
 * @throws SQLITE_MISUSE when the entries and tail do not fit in the page.
 */
export function encodePtrmapPage(entries: PtrmapEntry[], pageSize: number, tail?: Uint8Array): Uint8Array {
  const end = PTRMAP_ENTRY_BYTES * entries.length;
  if (end + (tail?.length ?? 0) > pageSize) throw new SqliteError('SQLITE_MISUSE', 'ptrmap entries do not fit the page');
  const out = new Uint8Array(pageSize);
  const dv = new DataView(out.buffer);
  entries.forEach((e, i) => {
    out[PTRMAP_ENTRY_BYTES * i] = e.type;
    dv.setUint32(PTRMAP_ENTRY_BYTES * i + 1, e.parent >>> 0);
  });
  if (tail) out.set(tail, end);
  return out;
}
