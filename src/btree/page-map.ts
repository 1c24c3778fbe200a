/**
 * The page map: one line per page saying what owns it, the way SQLite's showdb `pgidx` command and
 * the dbstat virtual table describe a file.
 *
 * Walk (every step tolerant: a corrupt page becomes a finding and the walk goes on):
 * 1. every b-tree from sqlite_schema's root pages (page 1 is sqlite_schema's root), each cell's
 *    overflow chain included;
 * 2. the freelist: trunk pages from header offset 32, the leaf page numbers each trunk lists;
 * 3. ptrmap pages, when the header says auto_vacuum (largest root page ≠ 0) — fileformat2 §1.7;
 * 4. the lock-byte page (the page holding byte 1073741824), when the file reaches it;
 * 5. anything left is "unused" and a `page_never_used` finding; a page reached twice is a
 *    `page_claimed_twice` finding and keeps its first owner.
 *
 * Paths follow dbstat: `/` the root, `/00a/` the 11th child of the root, `/00a+000002` the third
 * overflow page of cell 10 of the root.
 *
 * @module
 */
import { isSqliteError } from '../error.js';
import {
  cellPointer,
  decodeBtreePageHeader,
  decodeCell,
  decodeFreelistTrunk,
  decodeOverflowPage,
  isPtrmapPage,
  lockBytePage,
  type DatabaseHeader,
} from '../format/index.js';
import { runSync } from '../io/io-result.js';
import type { IntegrityFinding } from './findings.js';
import type { PageSource } from './payload.js';

/**
 * Page types of the `pages` JSON view (DESIGN.md), plus 'sealed' for every page of an encrypted file
 * inspected without its key.
 */
export type PageKind =
  | 'table-interior'
  | 'table-leaf'
  | 'index-interior'
  | 'index-leaf'
  | 'overflow'
  | 'freelist-trunk'
  | 'freelist-leaf'
  | 'ptrmap'
  | 'lock-byte'
  | 'unused'
  | 'sealed';

/** What one page is. */
export interface PageInfo {
  pgno: number;
  type: PageKind;
  /** Table or index name for b-tree and overflow pages, else null. */
  owner: string | null;
  /** One line as showdb pgidx words it, e.g. "leaf of table doc", "overflow 2 of cell 5 on page 9". */
  description: string;
  /** dbstat-style path for b-tree and overflow pages. */
  path?: string;
  /** The page that points here (b-tree parent, previous overflow page, freelist trunk), when any. */
  parent?: number;
  /** True for a b-tree's root page. */
  root?: boolean;
  /** Set when the page could not be decoded; the message says why. */
  corrupt?: string;
}

/** A b-tree to walk: its name and root page. */
export interface TreeRoot {
  name: string;
  rootpage: number;
}

/** The page map of a file: `pages[pgno - 1]` describes page pgno. */
export interface PageMap {
  pages: PageInfo[];
  findings: IntegrityFinding[];
}

const TREE_KIND: Record<number, { kind: PageKind; word: string; tree: 'table' | 'index' }> = {
  5: { kind: 'table-interior', word: 'interior', tree: 'table' },
  13: { kind: 'table-leaf', word: 'leaf', tree: 'table' },
  2: { kind: 'index-interior', word: 'interior', tree: 'index' },
  10: { kind: 'index-leaf', word: 'leaf', tree: 'index' },
};

/**
 * Classifies every page of the file behind `source`.
 *
 * @param source - the pager (WAL applied or not, as the caller chose).
 * @param header - the database header (freelist trunk and count, auto_vacuum, page size).
 * @param trees - every b-tree: sqlite_schema (root 1) first, then the schema's tables and indexes.
 * @returns the map and the findings; never throws on a corrupt file (I/O errors do propagate).
 */
export function buildPageMap(source: PageSource, header: DatabaseHeader, trees: readonly TreeRoot[]): PageMap {
  const n = source.pageCount;
  const slots: (PageInfo | undefined)[] = new Array(n);
  const findings: IntegrityFinding[] = [];
  const get = (pgno: number): Uint8Array => runSync(() => source.getPage(pgno));

  const claim = (info: PageInfo, from: number): boolean => {
    const p = info.pgno;
    if (!Number.isInteger(p) || p < 1 || p > n) {
      findings.push({ code: 'page_out_of_range', pgno: p, from, pageCount: n });
      return false;
    }
    const had = slots[p - 1];
    if (had) {
      findings.push({ code: 'page_claimed_twice', pgno: p, first: had.description, second: info.description });
      return false;
    }
    slots[p - 1] = info;
    return true;
  };

  const noteCorrupt = (pgno: number, e: unknown): void => {
    if (!isSqliteError(e)) throw e;
    const info = slots[pgno - 1];
    if (info) info.corrupt = e.message;
    findings.push({ code: 'corrupt_page', pgno: e.pgno ?? pgno, offset: e.offset, message: e.message });
  };

  for (const t of trees) if (t.rootpage > 0) walkTree(t);
  walkFreelist();
  if (header.largestRootPage !== 0) {
    for (let p = 2; p <= n; p++) {
      if (isPtrmapPage(p, source.usableSize)) {
        const last = Math.min(n, p + Math.floor(source.usableSize / 5));
        claim({ pgno: p, type: 'ptrmap', owner: null, description: `ptrmap covering ${p + 1}..${last}` }, 0);
      }
    }
  }
  const lockByte = lockBytePage(source.usableSize + header.reservedSpace);
  if (lockByte <= n) claim({ pgno: lockByte, type: 'lock-byte', owner: null, description: 'lock-byte page' }, 0);

  const pages: PageInfo[] = [];
  for (let i = 0; i < n; i++) {
    const info = slots[i];
    if (info) pages.push(info);
    else {
      pages.push({ pgno: i + 1, type: 'unused', owner: null, description: 'unused' });
      findings.push({ code: 'page_never_used', pgno: i + 1 });
    }
  }
  return { pages, findings };

  function walkTree(t: TreeRoot): void {
    // Explicit stack: [pgno, parent, path, depth]
    const todo: Array<[number, number, string, number]> = [[t.rootpage, 0, '/', 0]];
    let treeKind: 'table' | 'index' | undefined;
    while (todo.length) {
      const [pgno, parent, path, depth] = todo.pop()!;
      let page: Uint8Array;
      let type: number;
      try {
        if (pgno < 1 || pgno > n) {
          findings.push({ code: 'page_out_of_range', pgno, from: parent, pageCount: n });
          continue;
        }
        page = get(pgno);
        type = decodeBtreePageHeader(page, pgno).pageType;
      } catch (e) {
        if (claim({ pgno, type: 'unused', owner: t.name, description: `unreadable page of ${t.name}`, path, parent }, parent)) noteCorrupt(pgno, e);
        continue;
      }
      const k = TREE_KIND[type];
      treeKind ??= k.tree;
      const rootWord = parent === 0 ? 'root ' : '';
      const what = `${rootWord}${k.word} of ${k.tree} ${t.name}`;
      const info: PageInfo = { pgno, type: k.kind, owner: t.name, description: what, path, parent: parent || undefined, root: parent === 0 || undefined };
      if (!claim(info, parent)) continue;
      if (k.tree !== treeKind) findings.push({ code: 'wrong_page_type', pgno, expected: `a ${treeKind} b-tree page`, found: type });
      if (depth > 40) {
        findings.push({ code: 'corrupt_page', pgno, message: 'b-tree deeper than 40 pages (a loop?)' });
        continue;
      }
      try {
        const h = decodeBtreePageHeader(page, pgno);
        const children: Array<[number, number, string, number]> = [];
        for (let i = 0; i < h.cellCount; i++) {
          const cell = decodeCell(page, pgno, h.pageType, cellPointer(page, pgno, i), source.usableSize);
          if (cell.leftChild !== undefined) children.push([cell.leftChild, pgno, `${path}${hex3(i)}/`, depth + 1]);
          if (cell.overflowPgno !== undefined) walkOverflow(t.name, pgno, i, cell.overflowPgno, (cell.payloadSize ?? 0) - (cell.localPayload?.length ?? 0), path);
        }
        if (h.rightChild !== undefined) children.push([h.rightChild, pgno, `${path}${hex3(h.cellCount)}/`, depth + 1]);
        for (let i = children.length - 1; i >= 0; i--) todo.push(children[i]);
      } catch (e) {
        noteCorrupt(pgno, e);
      }
    }
  }

  function walkOverflow(owner: string, cellPage: number, cell: number, first: number, bytes: number, path: string): void {
    const perPage = source.usableSize - 4;
    const expected = Math.ceil(bytes / perPage);
    let pgno = first;
    let from = cellPage;
    for (let k = 1; k <= expected && pgno !== 0; k++) {
      const info: PageInfo = { pgno, type: 'overflow', owner, description: `overflow ${k} of cell ${cell} on page ${cellPage}`, path: `${path}${hex3(cell)}+${hex6(k - 1)}`, parent: from };
      if (!claim(info, from)) return;
      try {
        const next = decodeOverflowPage(get(pgno), pgno, source.usableSize).next;
        from = pgno;
        pgno = next;
      } catch (e) {
        noteCorrupt(pgno, e);
        return;
      }
    }
  }

  function walkFreelist(): void {
    let trunk = header.freelistTrunk;
    let from = 0;
    let found = 0;
    for (let k = 1; trunk !== 0; k++) {
      if (!claim({ pgno: trunk, type: 'freelist-trunk', owner: null, description: `freelist trunk ${k}`, parent: from || undefined }, from)) break;
      found++;
      try {
        const t = decodeFreelistTrunk(get(trunk), trunk, source.usableSize);
        t.leaves.forEach((leaf, i) => {
          if (claim({ pgno: leaf, type: 'freelist-leaf', owner: null, description: `freelist leaf, child ${i + 1} of trunk ${trunk}`, parent: trunk }, trunk)) found++;
        });
        from = trunk;
        trunk = t.next;
      } catch (e) {
        noteCorrupt(trunk, e);
        break;
      }
    }
    if (found !== header.freelistCount) findings.push({ code: 'freelist_count_mismatch', expected: header.freelistCount, found });
  }
}

function hex3(i: number): string {
  return i.toString(16).padStart(3, '0');
}

function hex6(i: number): string {
  return i.toString(16).padStart(6, '0');
}
