/**
 * Items and regions of the pages that are not b-tree pages: overflow, freelist trunk and leaf,
 * ptrmap, lock-byte and unclassified pages. Layouts (fileformat2 §1.5–1.7):
 *
 * Overflow page:                     Freelist trunk page:
 * | offset | size  | field      |     | offset | size | field                 |
 * |--------|-------|------------|     |--------|------|-----------------------|
 * | 0      | 4     | next page  |     | 0      | 4    | next trunk page       |
 * | 4      | U − 4 | payload    |     | 4      | 4    | leaf count K          |
 *                                     | 8      | 4·K  | leaf page numbers     |
 *
 * Ptrmap page: 5-byte entries (type, parent) for the pages that follow it; see src/format/ptrmap.ts.
 *
 * @module
 */
import { decodeFreelistTrunk, decodeOverflowPage, decodePtrmapPage, PTRMAP_ENTRY_BYTES } from '../../src/format/index.js';
import { attempt } from './attempt.js';
import { hexOffset } from './hex-lines.js';
import type { PageItem, PageParts } from './page-detail.js';
import { fillGaps, type Region } from './page-regions.js';

const PTRMAP_TYPE_NAMES: Record<number, string> = {
  0: 'no entry',
  1: 'root page',
  2: 'free page',
  3: 'overflow 1',
  4: 'overflow 2+',
  5: 'b-tree page',
};

function item(text: string, range?: readonly [number, number], link?: PageItem['link']): PageItem {
  return { line: () => ({ text }), range, link };
}

function withReserved(regions: Region[], usable: number, size: number): Region[] {
  const r = usable < size ? [...regions, { start: usable, end: size, kind: 'reserved' as const }] : regions;
  return fillGaps(r, 0, size, 'unknown');
}

function reservedItem(usable: number, size: number): PageItem[] {
  return usable < size ? [item(`reserved: ${size - usable} bytes at ${hexOffset(usable)}`, [usable, size])] : [];
}

/** An overflow page: next pointer and payload bytes. */
export function overflowDetail(page: Uint8Array, pgno: number, usable: number): PageParts {
  const o = attempt(() => decodeOverflowPage(page, pgno, usable));
  if (!o.ok) return { items: [], regions: [{ start: 0, end: page.length, kind: 'unknown' }], error: o.error };
  const next = o.value.next;
  return {
    items: [
      item(next ? `next overflow page: ${next}` : 'next overflow page: 0 (last page of the chain)', [0, 4], next ? { pgno: next, hint: 'overflow' } : undefined),
      item(`payload bytes: ${usable - 4} at ${hexOffset(4)} (the last page of a chain uses a prefix)`, [4, usable]),
      ...reservedItem(usable, page.length),
    ],
    regions: withReserved([{ start: 0, end: 4, kind: 'link' }, { start: 4, end: usable, kind: 'data' }], usable, page.length),
  };
}

/** A freelist trunk page: next trunk, leaf count, one item per leaf. */
export function freelistTrunkDetail(page: Uint8Array, pgno: number, usable: number): PageParts {
  const t = attempt(() => decodeFreelistTrunk(page, pgno, usable));
  if (!t.ok) return { items: [], regions: [{ start: 0, end: page.length, kind: 'unknown' }], error: t.error };
  const { next, leaves } = t.value;
  const end = 8 + 4 * leaves.length;
  return {
    items: [
      item(next ? `next trunk page: ${next}` : 'next trunk page: 0 (last trunk)', [0, 4], next ? { pgno: next, hint: 'freelist-trunk' } : undefined),
      item(`leaf count: ${leaves.length}`, [4, 8]),
      ...leaves.map((leaf, i) => item(`leaf ${i + 1}: page ${leaf}`, [8 + 4 * i, 12 + 4 * i], { pgno: leaf, hint: 'freelist-leaf' })),
      item(`unused: ${hexOffset(end)}..${hexOffset(usable)} (${usable - end} bytes)`, [end, usable]),
      ...reservedItem(usable, page.length),
    ],
    regions: withReserved([{ start: 0, end: 8, kind: 'link' }, { start: 8, end, kind: 'data' }, { start: end, end: usable, kind: 'unallocated' }], usable, page.length),
  };
}

/** A freelist leaf page: its content means nothing to SQLite. */
export function freelistLeafDetail(page: Uint8Array): PageParts {
  return {
    items: [item('freelist leaf: content is left over and never read by SQLite', [0, page.length])],
    regions: [{ start: 0, end: page.length, kind: 'unallocated' }],
  };
}

/** A ptrmap page: one item per entry, linking to the page it describes. */
export function ptrmapDetail(page: Uint8Array, pgno: number, usable: number, pageCount: number): PageParts {
  const e = attempt(() => decodePtrmapPage(page, pgno, usable, pageCount));
  if (!e.ok) return { items: [], regions: [{ start: 0, end: page.length, kind: 'unknown' }], error: e.error };
  const end = PTRMAP_ENTRY_BYTES * e.value.length;
  return {
    items: e.value.map((x, i) =>
      item(
        `page ${pgno + 1 + i}: ${x.type} ${PTRMAP_TYPE_NAMES[x.type]}${x.parent ? `, parent ${x.parent}` : ''}`,
        [PTRMAP_ENTRY_BYTES * i, PTRMAP_ENTRY_BYTES * (i + 1)],
        { pgno: pgno + 1 + i },
      ),
    ),
    regions: withReserved([{ start: 0, end, kind: 'data' }, { start: end, end: usable, kind: 'unallocated' }], usable, page.length),
  };
}

/** The lock-byte page. */
export function lockByteDetail(page: Uint8Array): PageParts {
  return { items: [item('lock-byte page: holds the file locks, never data', [0, page.length])], regions: [{ start: 0, end: page.length, kind: 'unknown' }] };
}

/** A page of unknown kind: only its bytes. */
export function unknownDetail(page: Uint8Array): PageParts {
  return {
    items: [item('not classified: open the page map (2) to learn what owns this page', [0, page.length])],
    regions: [{ start: 0, end: page.length, kind: 'unknown' }],
  };
}
