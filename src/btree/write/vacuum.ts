/**
 * Auto-vacuum: giving free pages back to the file system by moving the last pages of the file into
 * free slots and truncating (SQLite's finalDbSize, incrVacuumStep, autoVacuumCommit and
 * sqlite3BtreeIncrVacuum).
 *
 * ```
 *   [1][ptrmap][roots…][ data · free · data · free ][ data data ]   nOrig pages
 *                                                 ▲ nFin
 *   each page past nFin that is in use moves into a free page ≤ nFin; the file is cut to nFin
 * ```
 *
 * - Full auto_vacuum (header[64] = 0): at commit, every free page is given back
 *   ({@link autoVacuumCommit}); the freelist ends empty.
 * - Incremental (header[64] ≠ 0): nothing happens at commit; `PRAGMA incremental_vacuum(N)` runs
 *   {@link incrVacuumStep} N times (all free pages when N ≤ 0), each taking one page off the end.
 *
 * @module
 */
import { corrupt } from '../../error.js';
import { ptrmapEntriesPerPage } from '../../format/index.js';
import { allocatePage } from './freelist-alloc.js';
import type { PageOverlay } from './page-overlay.js';
import { isPtrmapPage, ptrmapGet, ptrmapPageOf, PTRMAP_FREEPAGE, PTRMAP_ROOTPAGE } from './ptrmap-write.js';
import { relocatePage } from './relocate.js';

/**
 * Pages left after removing `nFree` free pages from a file of `nOrig` pages, counting the ptrmap
 * pages that go away with them (SQLite's finalDbSize).
 */
export function finalDbSize(ov: PageOverlay, nOrig: number, nFree: number): number {
  const nEntry = ptrmapEntriesPerPage(ov.usableSize);
  const nPtrmap = Math.floor((nFree - nOrig + ptrmapPageOf(ov, nOrig) + nEntry) / nEntry);
  let nFin = nOrig - nFree - nPtrmap;
  const pending = ov.pendingBytePage;
  if (nOrig > pending && nFin < pending) nFin--;
  while (isPtrmapPage(ov, nFin) || nFin === pending) nFin--;
  return nFin;
}

/**
 * Takes page `iLastPg` out of the way of a truncation to `nFin` pages: a free page is taken off the
 * freelist (unless `commit`, where the whole list is dropped afterwards), a page in use is moved
 * into a free page — the one nearest below `nFin` (incremental) or any free page ≤ nFin (commit).
 * Without `commit`, the database then shrinks to the page before `iLastPg`.
 * @returns false when the freelist is empty (nothing to do).
 * @throws SQLITE_CORRUPT when the last page is a root page or no free page fits.
 */
export function incrVacuumStep(ov: PageOverlay, nFin: number, iLastPg: number, commit: boolean): boolean {
  if (!isPtrmapPage(ov, iLastPg) && iLastPg !== ov.pendingBytePage) {
    if (ov.header.freelistCount === 0) return false;
    const { type, parent } = ptrmapGet(ov, iLastPg);
    if (type === PTRMAP_ROOTPAGE) throw corrupt(`root page ${iLastPg} lies past the vacuumed size ${nFin}`, iLastPg);
    if (type === PTRMAP_FREEPAGE) {
      if (!commit) {
        const got = allocatePage(ov, iLastPg, 'exact');
        if (got !== iLastPg) throw corrupt(`free page ${iLastPg} is not on the freelist`, iLastPg);
      }
    } else {
      let iFree: number;
      do {
        const dbSize = ov.pageCount;
        iFree = commit ? allocatePage(ov, 0, 'any') : allocatePage(ov, nFin, 'le');
        if (iFree > dbSize) throw corrupt(`free page ${iFree} is past the end of the database`, iFree);
      } while (commit && iFree > nFin);
      if (iFree >= iLastPg) throw corrupt(`no free page below page ${iLastPg}`, iLastPg);
      relocatePage(ov, iLastPg, type, parent, iFree);
    }
  }
  if (!commit) {
    do iLastPg--;
    while (iLastPg === ov.pendingBytePage || isPtrmapPage(ov, iLastPg));
    ov.truncate(iLastPg);
  }
  return true;
}

/**
 * Full auto_vacuum at commit: moves every page past the final size into free pages, empties the
 * freelist and truncates. A no-op outside full auto_vacuum or with an empty freelist.
 * @throws SQLITE_CORRUPT when the last page is a ptrmap or lock-byte page, or the sizes disagree.
 */
export function autoVacuumCommit(ov: PageOverlay): void {
  if (!ov.autoVacuum || ov.incrVacuum) return;
  const nOrig = ov.pageCount;
  if (isPtrmapPage(ov, nOrig) || nOrig === ov.pendingBytePage) throw corrupt(`the last page ${nOrig} is a pointer-map or lock-byte page`, nOrig);
  const nFree = ov.header.freelistCount;
  if (nFree === 0) return;
  const nFin = finalDbSize(ov, nOrig, nFree);
  if (nFin > nOrig) throw corrupt(`final size ${nFin} exceeds the database size ${nOrig}`, 1, 28);
  for (let iFree = nOrig; iFree > nFin; iFree--) {
    if (!incrVacuumStep(ov, nFin, iFree, true)) break;
  }
  ov.header.freelistTrunk = 0;
  ov.header.freelistCount = 0;
  ov.truncate(nFin);
}

/**
 * One step of `PRAGMA incremental_vacuum`: moves the last page into a free page and shrinks the
 * file by one page (more when ptrmap or lock-byte pages come free with it).
 * @returns false when there was nothing to do (no auto_vacuum, or an empty freelist).
 * @throws SQLITE_CORRUPT when the freelist count is impossible.
 */
export function incrementalVacuumStep(ov: PageOverlay): boolean {
  if (!ov.autoVacuum) return false;
  const nOrig = ov.pageCount;
  const nFree = ov.header.freelistCount;
  if (nFree === 0) return false;
  const nFin = finalDbSize(ov, nOrig, nFree);
  if (nOrig < nFin || nFree >= nOrig) throw corrupt(`freelist count ${nFree} is impossible for ${nOrig} pages`, 1, 36);
  return incrVacuumStep(ov, nFin, nOrig, false);
}
