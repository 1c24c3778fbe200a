/**
 * Creating, clearing and dropping b-trees (SQLite's btreeCreateTable, clearDatabasePage and
 * btreeDropTable).
 *
 * Without auto_vacuum a new root is any page (freelist first) and a dropped tree's pages all go to
 * the freelist.
 *
 * With auto_vacuum, root pages sit together right after page 1 and the ptrmap pages, so that a
 * vacuum never has to move one:
 * - create: the root goes at header[52] + 1 (skipping ptrmap pages and the lock-byte page); the
 *   page living there is moved out first (relocate.ts), and header[52] becomes the new root;
 * - drop: when the dropped root is not the largest root, the largest root is moved into its place
 *   and the caller must update sqlite_schema (the returned `moved` names the old page number);
 *   header[52] then shrinks past ptrmap and lock-byte pages.
 *
 * @module
 */
import { corrupt } from '../../error.js';
import type { PageType } from '../../format/index.js';
import { allocatePage, freePage } from './freelist-alloc.js';
import { get4 } from './mem-page.js';
import { clearCell } from './overflow-write.js';
import type { PageOverlay } from './page-overlay.js';
import { isPtrmapPage, ptrmapGet, ptrmapPut, PTRMAP_FREEPAGE, PTRMAP_ROOTPAGE } from './ptrmap-write.js';
import { relocatePage } from './relocate.js';
import { MAX_BTREE_DEPTH } from '../cursor.js';

/** Kinds of b-tree: 'table' (rowid keys; type 13 leaves) or 'index' (record keys; type 10). */
export type BTreeKind = 'table' | 'index';

/**
 * Creates an empty b-tree of `kind` and returns its root page number.
 * @throws SQLITE_CORRUPT when header[52] or the page to move is inconsistent.
 */
export function createTree(ov: PageOverlay, kind: BTreeKind): number {
  const leafType: PageType = kind === 'table' ? 13 : 10;
  let root: number;
  if (ov.autoVacuum) {
    let target = ov.header.largestRootPage;
    if (target > ov.pageCount) throw corrupt(`largest root page ${target} is past the end of the database`, 1, 52);
    target++;
    while (isPtrmapPage(ov, target) || target === ov.pendingBytePage) target++;
    const got = allocatePage(ov, target, 'exact');
    if (got !== target) {
      const { type, parent } = ptrmapGet(ov, target);
      if (type === PTRMAP_ROOTPAGE || type === PTRMAP_FREEPAGE) throw corrupt(`page ${target} to move for a new root has ptrmap type ${type}`, target);
      relocatePage(ov, target, type, parent, got);
    }
    ptrmapPut(ov, target, PTRMAP_ROOTPAGE, 0);
    ov.header.largestRootPage = target;
    root = target;
  } else {
    root = allocatePage(ov, 1, 'any'); // SQLite asks for a page near page 1
  }
  ov.newBtreePage(root, leafType);
  return root;
}

/**
 * Frees every page of the tree below `root` and its overflow chains; the root becomes an empty leaf
 * of the same kind (or is freed too when `freeRoot`).
 * @returns the number of entries removed (as SQLite counts them: leaf cells, and interior cells of
 *   index trees, which are entries too).
 */
export function clearTree(ov: PageOverlay, root: number, freeRoot = false): number {
  if (root < 1 || root > ov.pageCount) throw corrupt(`root page ${root} is outside the database`, root);
  return clearPage(ov, root, freeRoot, 0);
}

function clearPage(ov: PageOverlay, pgno: number, freeIt: boolean, depth: number): number {
  if (depth > MAX_BTREE_DEPTH) throw corrupt(`b-tree deeper than ${MAX_BTREE_DEPTH} pages`, pgno);
  const page = ov.btreePage(pgno);
  let n = 0;
  for (let i = 0; i < page.nCell; i++) {
    const o = page.cellPtr(i);
    if (!page.leaf) n += clearPage(ov, get4(page.data, o), true, depth + 1);
    clearCell(ov, page, o);
  }
  if (!page.leaf) n += clearPage(ov, page.rightChild, true, depth + 1);
  if (page.leaf || page.type === 2) n += page.nCell;
  if (freeIt) freePage(ov, pgno);
  else {
    ov.makeWritable(page);
    page.zero((page.type | 8) as PageType);
  }
  return n;
}

/**
 * Drops the tree rooted at `root` (not page 1).
 * @returns `moved`: in auto_vacuum, the page number of the root that now lives at `root` (the
 *   caller updates sqlite_schema from `moved` to `root`), else 0.
 */
export function dropTree(ov: PageOverlay, root: number): { moved: number } {
  if (root < 2) throw corrupt(`cannot drop the b-tree rooted at page ${root}`, root);
  clearTree(ov, root);
  if (!ov.autoVacuum) {
    freePage(ov, root);
    return { moved: 0 };
  }
  let maxRoot = ov.header.largestRootPage;
  let moved = 0;
  if (root === maxRoot) {
    freePage(ov, root);
  } else {
    relocatePage(ov, maxRoot, PTRMAP_ROOTPAGE, 0, root);
    freePage(ov, maxRoot);
    moved = maxRoot;
  }
  maxRoot--;
  while (maxRoot === ov.pendingBytePage || isPtrmapPage(ov, maxRoot)) maxRoot--;
  ov.header.largestRootPage = maxRoot;
  return { moved };
}
