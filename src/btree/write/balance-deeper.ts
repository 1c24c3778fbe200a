/**
 * Growing and shrinking the tree at the root, whose page number never changes (SQLite's
 * balance_deeper and copyNodeContent).
 *
 * ```
 *   deeper:     [root: cells + overflow]   ──▶   [root: 0 cells] ─right child─▶ [child: cells + overflow]
 *   shallower:  [root: 0 cells] ─▶ [only child]   ──▶   [root: the child's cells]   (child freed)
 * ```
 *
 * The balancer then splits the new child (balance.ts); shallower is called by balance-nonroot.ts
 * when the root is left with no divider.
 *
 * @module
 */
import type { PageType } from '../../format/index.js';
import { computeFreeSpace } from './cell-area.js';
import { allocatePage } from './freelist-alloc.js';
import type { MemPage } from './mem-page.js';
import type { PageOverlay } from './page-overlay.js';
import { ptrmapPut, setChildPtrmaps, PTRMAP_BTREE } from './ptrmap-write.js';

/**
 * Copies the b-tree node of `from` onto `to` (header, pointer array, content area; the header moves
 * between offset 0 and 100 when one of them is page 1), then points the ptrmap entries of the
 * children and overflow chains it references at `to`. `to` must be writable; overflow cells of
 * `from` are not copied.
 */
export function copyNodeContent(ov: PageOverlay, from: MemPage, to: MemPage): void {
  const top = from.contentStart;
  if (top < ov.usableSize) to.data.set(from.data.subarray(top, ov.usableSize), top);
  to.data.set(from.data.subarray(from.hdr, from.cellOffset + 2 * from.nCell), to.hdr);
  to.init();
  computeFreeSpace(to);
  setChildPtrmaps(ov, to);
}

/**
 * The root `root` overflowed: moves its content and overflow cells to a new child and leaves the
 * root an empty interior page whose right child is that child. Returns the child.
 */
export function balanceDeeper(ov: PageOverlay, root: MemPage): MemPage {
  ov.makeWritable(root);
  const childPgno = allocatePage(ov, root.pgno, 'any');
  const child = ov.newBtreePage(childPgno, root.type);
  copyNodeContent(ov, root, child);
  ptrmapPut(ov, childPgno, PTRMAP_BTREE, root.pgno);
  child.ovfl = root.ovfl;
  const interior: PageType = root.type === 13 || root.type === 5 ? 5 : 2;
  root.zero(interior);
  root.rightChild = childPgno;
  return child;
}
