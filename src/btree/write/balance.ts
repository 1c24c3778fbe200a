/**
 * The balancing loop after an insert or a delete (SQLite's balance(), btree.c): walk up the path
 * from the page just edited, fixing each page that is overfull (it holds overflow cells) or
 * underfull (more than ⅔ of its usable size free), and stop at the first page that is neither.
 *
 * | page state                      | where           | action                                    |
 * |---------------------------------|-----------------|-------------------------------------------|
 * | neither over- nor underfull     | any             | stop                                      |
 * | overfull                        | root            | balance-deeper, then go on with the child  |
 * | underfull                       | root            | stop (the root may hold anything)         |
 * | one overflow cell after the last cell of a table leaf that is the right-most child of a parent other than page 1 | below the root | balance-quick |
 * | otherwise                       | below the root  | balance-nonroot with the parent (`bulk`: SQLite's bBulk) |
 *
 * After fixing a page the loop moves to its parent, which may now be over- or underfull itself.
 *
 * @module
 */
import { balanceDeeper } from './balance-deeper.js';
import { balanceNonroot } from './balance-nonroot.js';
import { balanceQuick } from './balance-quick.js';
import { freeSpaceOf } from './cell-area.js';
import type { PageOverlay } from './page-overlay.js';
import type { PathFrame } from './seek-path.js';

/**
 * Balances the tree along `path` (root first), starting at its last frame. The path is consumed:
 * frames are popped as the loop climbs, and on return it ends at the page where the loop stopped.
 * @param bulk - the insert was a sorted append (OPFLAG_APPEND): balance-nonroot packs as SQLite's
 *   bBulk does, leaving every page but the right-most full.
 */
export function balance(ov: PageOverlay, path: PathFrame[], bulk = false): void {
  const nMin = Math.floor((ov.usableSize * 2) / 3);
  for (;;) {
    const iPage = path.length - 1;
    const page = path[iPage].page;
    if (page.ovfl.length === 0 && freeSpaceOf(page) <= nMin) return;
    if (iPage === 0) {
      if (page.ovfl.length === 0) return;
      const child = balanceDeeper(ov, page);
      path[0] = { page, idx: 0 };
      path.push({ page: child, idx: 0 });
      continue;
    }
    const parentFrame = path[iPage - 1];
    const parent = parentFrame.page;
    ov.makeWritable(parent);
    freeSpaceOf(parent);
    const iIdx = parentFrame.idx;
    if (page.type === 13 && page.ovfl.length === 1 && page.ovfl[0].idx === page.nCell && parent.pgno !== 1 && parent.nCell === iIdx) {
      balanceQuick(ov, parent, page);
    } else {
      balanceNonroot(ov, parent, iIdx, iPage === 1, bulk);
    }
    page.ovfl = [];
    path.pop();
  }
}
