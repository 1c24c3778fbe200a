/**
 * The page detail the TUI shows for one page: what the page is, its bytes, its regions (for the byte
 * map and the hex colours) and a list of items (header fields, cell pointers, cells, freeblocks…)
 * each with the bytes it covers and, where it has one, the page it links to.
 *
 * Cost follows the screen: only page `pgno` is read; a cell's record is decoded (its overflow chain
 * read) only when its line is drawn. What the page is comes, in order, from the page map when it has
 * already been walked, from the link that led here (its hint), or from the page's own bytes (a b-tree
 * page type byte, a ptrmap position, the lock-byte page).
 *
 * @module
 */
import { isPtrmapPage, isPageType, lockBytePage } from '../../src/format/index.js';
import { runSync } from '../../src/io/io-result.js';
import type { InspectSession } from '../model/session.js';
import { attempt } from './attempt.js';
import { btreeDetail } from './btree-items.js';
import { freelistLeafDetail, freelistTrunkDetail, lockByteDetail, overflowDetail, ptrmapDetail, unknownDetail } from './other-page-items.js';
import { pageMapIfWalked } from './page-map-state.js';
import { walFrameImage } from './wal-frame-image.js';
import type { Region } from './page-regions.js';
import type { PageHint } from './state.js';

/** A byte range `[start, end)` within the page. */
export type ByteRange = readonly [number, number];

/** One line of an item, computed when drawn. */
export interface ItemLine {
  text: string;
  /** Set when decoding what the line shows failed (drawn red). */
  error?: string;
}

/** One selectable item of the page detail. */
export interface PageItem {
  /** The item's line in the list (memoized; cells decode their record here). */
  line: () => ItemLine;
  /** Longer text about the item, shown under the list while it is selected. */
  more?: () => string;
  /** The bytes the item covers, highlighted in the hex view and the byte map. */
  range?: ByteRange;
  /** Bytes related to the item (a cell's pointer), highlighted more softly. */
  range2?: ByteRange;
  /** Where Enter leads. */
  link?: { pgno: number; hint?: PageHint };
}

/** The decoded parts of a page: items, regions and an error when the page is corrupt. */
export interface PageParts {
  items: PageItem[];
  regions: Region[];
  error?: string;
}

/** Everything the page pane shows. */
export interface PageDetail {
  pgno: number;
  /** Page kind as the `pages` view names it, or 'unclassified'. */
  kind: string;
  /** One line: what the page is (showdb pgidx wording when the page map is known). */
  title: string;
  /** Where the bytes come from: 'database file' or 'WAL frame N'. */
  source: string;
  /** The page bytes, or null when they could not be read. */
  bytes: Uint8Array | null;
  regions: Region[];
  items: PageItem[];
  error?: string;
}

/**
 * Loads the detail of page `pgno`. Never throws: a page that cannot be read or decoded comes back
 * with `error` set and as much as could be decoded.
 *
 * @param hint - what the link that led here says the page is.
 * @param frame - show the page image stored in this WAL frame (1-based) instead.
 */
export function loadPageDetail(s: InspectSession, pgno: number, hint?: PageHint, frame?: number): PageDetail {
  const pager = s.pager;
  const base = { pgno, kind: 'unclassified', title: `page ${pgno}`, source: 'database file', bytes: null, regions: [], items: [] };
  if (frame === undefined && (!Number.isInteger(pgno) || pgno < 1 || pgno > pager.pageCount))
    return { ...base, error: `no page ${pgno}: the database has ${pager.pageCount} pages` };
  const src = pager.sourceOf(pgno);
  const source = frame !== undefined ? `as stored in WAL frame ${frame}` : src.wal ? `WAL frame ${src.frame}` : 'database file';
  const read = attempt(() => (frame !== undefined ? walFrameImage(s, frame) : runSync(() => pager.getPage(pgno))));
  if (!read.ok) return { ...base, source, error: read.error };
  const bytes = read.value;
  // The page map describes the page as the mode reads it, not an older image in some WAL frame.
  const info = frame === undefined ? pageMapIfWalked(s)?.pages[pgno - 1] : undefined;
  const kind = info?.type ?? guessKind(s, bytes, pgno, hint);
  const title = info ? `${info.description}${info.path ? `  ${info.path}` : ''}` : kind === 'unclassified' ? 'not classified (open the page map to classify)' : kind;
  const parts = attempt(() => partsOf(s, bytes, pgno, kind));
  const detail: PageDetail = { pgno, kind, title, source, bytes, regions: [], items: [] };
  if (!parts.ok) return { ...detail, regions: [{ start: 0, end: bytes.length, kind: 'unknown' }], error: parts.error };
  return { ...detail, ...parts.value, error: parts.value.error ?? info?.corrupt };
}

function partsOf(s: InspectSession, bytes: Uint8Array, pgno: number, kind: string): PageParts {
  const pager = s.pager;
  switch (kind) {
    case 'table-interior':
    case 'table-leaf':
    case 'index-interior':
    case 'index-leaf':
      return btreeDetail(s, bytes, pgno);
    case 'overflow':
      return overflowDetail(bytes, pgno, pager.usableSize);
    case 'freelist-trunk':
      return freelistTrunkDetail(bytes, pgno, pager.usableSize);
    case 'freelist-leaf':
      return freelistLeafDetail(bytes);
    case 'ptrmap':
      return ptrmapDetail(bytes, pgno, pager.usableSize, pager.pageCount);
    case 'lock-byte':
      return lockByteDetail(bytes);
    default:
      // An unused page that still looks like a b-tree page (a dropped table's leftovers) is shown as one.
      return looksLikeBtree(bytes, pgno) ? btreeDetail(s, bytes, pgno) : unknownDetail(bytes);
  }
}

function guessKind(s: InspectSession, bytes: Uint8Array, pgno: number, hint?: PageHint): string {
  const pager = s.pager;
  const h = s.header;
  if (hint && hint !== 'btree') return hint;
  if (pgno === lockBytePage(pager.pageSize)) return 'lock-byte';
  if (h && h.largestRootPage !== 0 && isPtrmapPage(pgno, pager.usableSize, pager.pageSize)) return 'ptrmap';
  if (looksLikeBtree(bytes, pgno)) {
    const t = bytes[pgno === 1 ? 100 : 0];
    return t === 13 ? 'table-leaf' : t === 5 ? 'table-interior' : t === 10 ? 'index-leaf' : 'index-interior';
  }
  return 'unclassified';
}

function looksLikeBtree(bytes: Uint8Array, pgno: number): boolean {
  return isPageType(bytes[pgno === 1 ? 100 : 0]);
}
