/**
 * The b-tree page header (fileformat2 §1.6, "B-tree Pages"). It starts at offset 100 on page 1 (after
 * the database header) and at offset 0 on every other page.
 *
 * | offset | size | field            | notes                                                  |
 * |--------|------|------------------|--------------------------------------------------------|
 * | 0      | 1    | pageType         | 2 index interior, 5 table interior, 10 index leaf, 13 table leaf |
 * | 1      | 2    | firstFreeblock   | offset of the first freeblock, 0 if none              |
 * | 3      | 2    | cellCount        |                                                        |
 * | 5      | 2    | cellContentStart | start of the cell content area; 0 means 65536         |
 * | 7      | 1    | fragmentedBytes  | free bytes in fragments of 1–3 bytes                  |
 * | 8      | 4    | rightChild       | interior pages only: the right-most child page        |
 *
 * The header is 8 bytes on leaf pages and 12 on interior pages; the cell pointer array (2 bytes per
 * cell, big-endian offsets within the page) follows it.
 *
 * @module
 */
import { corrupt } from '../error.js';
import { DB_HEADER_BYTES } from './db-header.js';

/** b-tree page types: 2 index interior, 5 table interior, 10 index leaf, 13 table leaf. */
export type PageType = 2 | 5 | 10 | 13;

/** Header size in bytes of a leaf page. */
export const LEAF_PAGE_HEADER_BYTES = 8;
/** Header size in bytes of an interior page. */
export const INTERIOR_PAGE_HEADER_BYTES = 12;

/** The decoded b-tree page header; offsets are bytes within the page. */
export interface BtreePageHeader {
  pageType: PageType;
  firstFreeblock: number;
  cellCount: number;
  /** Start of the cell content area in bytes; the stored 0 is returned as 65536. */
  cellContentStart: number;
  fragmentedBytes: number;
  /** Interior pages (2, 5) only. */
  rightChild?: number;
}

/** Offset of the b-tree page header: 100 on page 1 (after the database header), else 0. */
export function btreeHeaderOffset(pgno: number): number {
  return pgno === 1 ? DB_HEADER_BYTES : 0;
}

/** True for page types 2, 5, 10 and 13. */
export function isPageType(t: number): t is PageType {
  return t === 2 || t === 5 || t === 10 || t === 13;
}

/** True for interior page types (2, 5). */
export function isInteriorPage(t: PageType): boolean {
  return t === 2 || t === 5;
}

/** Header size in bytes: 12 for interior pages, 8 for leaves. */
export function btreeHeaderSize(t: PageType): number {
  return t === 2 || t === 5 ? INTERIOR_PAGE_HEADER_BYTES : LEAF_PAGE_HEADER_BYTES;
}

/**
 * Decodes the b-tree page header of page `pgno` (at offset 100 on page 1). Checks only what the header
 * alone can tell: the page type and that the header fits in the page.
 *
 * @throws SQLITE_CORRUPT (pgno, offset of the header) for an unknown page type or a page too short.
 */
export function decodeBtreePageHeader(page: Uint8Array, pgno: number): BtreePageHeader {
  const h = btreeHeaderOffset(pgno);
  if (page.length < h + LEAF_PAGE_HEADER_BYTES) throw corrupt('page too short for a b-tree header', pgno, h);
  const t = page[h];
  if (!isPageType(t)) throw corrupt(`invalid b-tree page type ${t}`, pgno, h);
  const cellContentStart = (page[h + 5] << 8) | page[h + 6];
  const header: BtreePageHeader = {
    pageType: t,
    firstFreeblock: (page[h + 1] << 8) | page[h + 2],
    cellCount: (page[h + 3] << 8) | page[h + 4],
    cellContentStart: cellContentStart === 0 ? 65536 : cellContentStart,
    fragmentedBytes: page[h + 7],
  };
  if (t === 2 || t === 5) {
    if (page.length < h + INTERIOR_PAGE_HEADER_BYTES) throw corrupt('page too short for an interior b-tree header', pgno, h);
    header.rightChild = ((page[h + 8] << 24) | (page[h + 9] << 16) | (page[h + 10] << 8) | page[h + 11]) >>> 0;
  }
  return header;
}

/**
 * Writes `header` into `page` at {@link btreeHeaderOffset}(`pgno`) (8 or 12 bytes); a cellContentStart
 * of 65536 is stored as 0. The inverse of {@link decodeBtreePageHeader}.
 */
export function writeBtreePageHeader(page: Uint8Array, pgno: number, header: BtreePageHeader): void {
  const h = btreeHeaderOffset(pgno);
  page[h] = header.pageType;
  page[h + 1] = header.firstFreeblock >>> 8;
  page[h + 2] = header.firstFreeblock & 0xff;
  page[h + 3] = header.cellCount >>> 8;
  page[h + 4] = header.cellCount & 0xff;
  const start = header.cellContentStart & 0xffff; // 65536 → 0
  page[h + 5] = start >>> 8;
  page[h + 6] = start & 0xff;
  page[h + 7] = header.fragmentedBytes;
  if (header.pageType === 2 || header.pageType === 5) {
    const r = header.rightChild ?? 0;
    page[h + 8] = r >>> 24;
    page[h + 9] = (r >>> 16) & 0xff;
    page[h + 10] = (r >>> 8) & 0xff;
    page[h + 11] = r & 0xff;
  }
}

/**
 * Offset within the page of cell `index` (0-based), read from the cell pointer array. Fast and
 * unchecked beyond the array read itself: the caller keeps `index` below the header's cellCount and
 * {@link decodeCell} validates where the pointer leads.
 *
 * @throws SQLITE_CORRUPT when the pointer array entry lies outside the page.
 */
export function cellPointer(page: Uint8Array, pgno: number, index: number): number {
  const h = btreeHeaderOffset(pgno);
  const t = page[h];
  const o = h + (t === 2 || t === 5 ? INTERIOR_PAGE_HEADER_BYTES : LEAF_PAGE_HEADER_BYTES) + 2 * index;
  if (o + 2 > page.length) throw corrupt(`cell pointer ${index} lies outside the page`, pgno, o);
  return (page[o] << 8) | page[o + 1];
}
