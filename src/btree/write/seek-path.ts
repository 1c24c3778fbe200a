/**
 * Finding where a key lives or belongs, keeping the path from the root (SQLite's moveto, with the
 * cursor's apPage/aiIdx stack as an array of frames).
 *
 * A {@link PathFrame} below the last one holds the child index followed (0..nCell−1: left child
 * of that cell; nCell: the right child). The last frame holds the cell index found (`loc` 0) or the
 * position where the key would be inserted (`loc` 1): the first cell whose key is larger.
 *
 * Table trees: interior cell keys are the largest rowid of their left subtree, so the search goes
 * left on equality and always ends on a leaf. Index trees: an interior cell is an entry itself, so
 * an equal key found there ends the search on the interior page.
 *
 * @module
 */
import { corrupt } from '../../error.js';
import { decodeCell, decodeRecord, lastVarintLength, localPayloadSize, readVarint32, type PageType, type SqlValue, type TextEncoding } from '../../format/index.js';
import { compareKeys, compareNumbers, type KeyInfo } from '../compare.js';
import { MAX_BTREE_DEPTH } from '../cursor.js';
import { readPayload } from '../payload.js';
import { cellRowid, type MemPage } from './mem-page.js';
import { compareRecordToKey } from '../key-compare.js';
import type { PageOverlay } from './page-overlay.js';

/** One level of a path; see the module doc. */
export interface PathFrame {
  page: MemPage;
  idx: number;
}

/** A path and whether its last frame is on the key (0) or on its insertion point (1). */
export interface SeekResult {
  path: PathFrame[];
  loc: 0 | 1;
}

/** How index keys compare: the field orders and collations, and how many leading fields make the key. */
export interface IndexKeyDef {
  keyInfo: KeyInfo;
  /** Leading fields compared to decide equality (all fields when undefined). */
  keyFields?: number;
  encoding: TextEncoding;
}

const LEAF: Record<'table' | 'index', PageType> = { table: 13, index: 10 };
const INTERIOR: Record<'table' | 'index', PageType> = { table: 5, index: 2 };

/**
 * Loads page `pgno` at depth `depth` of a tree of kind `kind`.
 * @throws SQLITE_CORRUPT for a page of the wrong kind, a loop, or a tree deeper than MAX_BTREE_DEPTH.
 */
export function treePage(ov: PageOverlay, pgno: number, kind: 'table' | 'index', path: readonly PathFrame[]): MemPage {
  if (path.length >= MAX_BTREE_DEPTH) throw corrupt(`b-tree deeper than ${MAX_BTREE_DEPTH} pages`, pgno);
  for (const f of path) if (f.page.pgno === pgno) throw corrupt(`b-tree page ${pgno} is its own ancestor`, pgno);
  const page = ov.btreePage(pgno);
  if (page.type !== LEAF[kind] && page.type !== INTERIOR[kind]) throw corrupt(`page type ${page.type} in a ${kind} b-tree`, pgno, page.hdr);
  return page;
}

/** Table trees: the path to `rowid` (loc 0) or to where it would go (loc 1). */
export function seekRowidPath(ov: PageOverlay, root: number, rowid: number | bigint): SeekResult {
  const path: PathFrame[] = [];
  let pgno = root;
  for (;;) {
    const page = treePage(ov, pgno, 'table', path);
    let lo = 0;
    let hi = page.nCell;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareNumbers(cellRowid(page.type, page.data, page.cellPtr(mid)), rowid) < 0) lo = mid + 1;
      else hi = mid;
    }
    path.push({ page, idx: lo });
    if (page.leaf) {
      const hit = lo < page.nCell && compareNumbers(cellRowid(page.type, page.data, page.cellPtr(lo)), rowid) === 0;
      return { path, loc: hit ? 0 : 1 };
    }
    pgno = page.childAt(lo);
  }
}

/** The decoded record of cell `i` of an index page (overflow chain reassembled). */
export function indexRecordAt(ov: PageOverlay, page: MemPage, i: number, encoding: TextEncoding): SqlValue[] {
  const cell = decodeCell(page.data, page.pgno, page.type, page.cellPtr(i), ov.usableSize);
  const payload = readPayload(ov, cell, page.pgno);
  if (!payload.done) throw new Error('unreachable: overlay reads never pend');
  return decodeRecord(payload.value, encoding, page.pgno).values;
}

/**
 * Compares index cell `i` of `page` with `probe` (compareKeys order): in place on the page when the
 * payload has no overflow (key-compare.ts), else (or when the record does not parse) through the
 * decoded record.
 */
export function compareCellToKey(ov: PageOverlay, page: MemPage, i: number, probe: readonly SqlValue[], def: IndexKeyDef): number {
  const o = page.cellPtr(i);
  const d = page.data;
  const p = page.type === 2 ? o + 4 : o;
  const n = readVarint32(d, p);
  const start = p + lastVarintLength();
  if (localPayloadSize(n, ov.usableSize, 'index') === n && start + n <= ov.usableSize) {
    const c = compareRecordToKey(d, start, n, probe, def.keyInfo, def.encoding);
    if (!Number.isNaN(c)) return c;
  }
  return compareKeys(indexRecordAt(ov, page, i, def.encoding), probe, def.keyInfo);
}

/** Index trees: the path to the entry equal to `key` on its key fields (loc 0), or to where it goes. */
export function seekKeyPath(ov: PageOverlay, root: number, key: readonly SqlValue[], def: IndexKeyDef): SeekResult {
  const probe = def.keyFields === undefined ? key : key.slice(0, def.keyFields);
  const path: PathFrame[] = [];
  let pgno = root;
  for (;;) {
    const page = treePage(ov, pgno, 'index', path);
    let lo = 0;
    let hi = page.nCell;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = compareCellToKey(ov, page, mid, probe, def);
      if (c < 0) lo = mid + 1;
      else if (c > 0) hi = mid;
      else {
        path.push({ page, idx: mid });
        return { path, loc: 0 };
      }
    }
    path.push({ page, idx: lo });
    if (page.leaf) return { path, loc: 1 };
    pgno = page.childAt(lo);
  }
}

/** Extends `path` from its last (interior) frame down the right edge of child `idx` to a leaf. */
export function descendRightmost(ov: PageOverlay, path: PathFrame[], kind: 'table' | 'index'): void {
  let top = path[path.length - 1];
  let pgno = top.page.childAt(top.idx);
  for (;;) {
    const page = treePage(ov, pgno, kind, path);
    if (page.leaf) {
      if (page.nCell === 0) throw corrupt('empty leaf page below the root', pgno);
      path.push({ page, idx: page.nCell - 1 });
      return;
    }
    top = { page, idx: page.nCell };
    path.push(top);
    pgno = page.rightChild;
  }
}
