/**
 * Step 3 of a balance (SQLite's balance_nonroot, the loops that compute szNew and cntNew): how many
 * of the cell array's cells each new sibling takes.
 *
 * ```
 *   cells   0 ……………… cntNew[0]) d0 [ …………… cntNew[1]) d1 [ …… nCell)
 *   page    new 0                    new 1                    new 2
 * ```
 *
 * `cntNew[i]` is one past page i's last cell; outside table leaves (leafData false) the cell at
 * `cntNew[i]` is the divider between pages i and i + 1 and belongs to neither. `szNew[i]` is the
 * bytes page i's cells take, 2-byte pointers included.
 * 1. Fill pages left to right: a page over `usableSpace` gives its last cells to the next one (a
 *    new page when it is the last), a page with room takes the next page's first cells while they
 *    fit.
 * 2. The adjust loop, right to left: move cells right while the right page stays no fuller than
 *    the left one; with bulk (bBulk) only to keep the right-most page from being empty.
 *
 * Used by balance-nonroot.ts and by the in-place bulk split (index-append-split.ts), so that both
 * take SQLite's decisions from one code.
 *
 * @module
 */
import { corrupt } from '../../error.js';
import type { CellArray } from './edit-page.js';

/** Most pages a balance may leave (SQLite's NB + 2). */
export const MAX_NEW_PAGES = 5;

/**
 * Packs `nCell` cells of `arr` from `nOld` old pages (module doc). On entry `szNew[i]` and
 * `cntNew[i]` (i < nOld) are the old pages' bytes (overflow cells included) and cumulative cell
 * counts; on return they hold the new pages'. Returns the number of new pages, k.
 * @param usableSpace - bytes a page offers cells and pointers: usable size − 12, + 4 on leaves.
 * @param pgno - the parent's page number, for errors.
 * @throws SQLITE_CORRUPT when the cells need more than {@link MAX_NEW_PAGES} pages or a page
 *   would be left empty.
 */
export function packCells(arr: Pick<CellArray, 'size'>, nOld: number, nCell: number, szNew: number[], cntNew: number[], usableSpace: number, leafData: boolean, bulk: boolean, pgno: number): number {
  let k = nOld;
  for (let i = 0; i < k; i++) {
    while (szNew[i] > usableSpace) {
      if (i + 1 >= k) {
        k = i + 2;
        if (k > MAX_NEW_PAGES) throw corrupt('cells do not fit on five sibling pages', pgno);
        szNew[k - 1] = 0;
        cntNew[k - 1] = nCell;
      }
      let sz = 2 + arr.size(cntNew[i] - 1);
      szNew[i] -= sz;
      if (!leafData) sz = cntNew[i] < nCell ? 2 + arr.size(cntNew[i]) : 0;
      szNew[i + 1] += sz;
      cntNew[i]--;
    }
    while (cntNew[i] < nCell) {
      let sz = 2 + arr.size(cntNew[i]);
      if (szNew[i] + sz > usableSpace) break;
      szNew[i] += sz;
      cntNew[i]++;
      if (!leafData) sz = cntNew[i] < nCell ? 2 + arr.size(cntNew[i]) : 0;
      szNew[i + 1] -= sz;
    }
    if (cntNew[i] >= nCell) k = i + 1;
    else if (cntNew[i] <= (i > 0 ? cntNew[i - 1] : 0)) throw corrupt('sibling pages cannot be packed', pgno);
  }
  // The adjust loop: shift cells right while the right page stays no fuller than the left.
  for (let i = k - 1; i > 0; i--) {
    let szRight = szNew[i];
    let szLeft = szNew[i - 1];
    let r = cntNew[i - 1] - 1;
    let d = r + 1 - (leafData ? 1 : 0);
    do {
      const szR = arr.size(r);
      const szD = arr.size(d);
      if (szRight !== 0 && (bulk || szRight + szD + 2 > szLeft - (szR + (i === k - 1 ? 0 : 2)))) break;
      szRight += szD + 2;
      szLeft -= szR + 2;
      cntNew[i - 1] = r;
      r--;
      d--;
    } while (r >= 0);
    szNew[i] = szRight;
    szNew[i - 1] = szLeft;
    if (cntNew[i - 1] <= (i > 1 ? cntNew[i - 2] : 0)) throw corrupt('sibling pages cannot be packed', pgno);
  }
  return k;
}
