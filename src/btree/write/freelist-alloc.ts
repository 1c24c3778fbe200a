/**
 * Taking pages from and giving pages to the freelist (SQLite's allocateBtreePage and freePage2;
 * trunk layout in format/freelist.ts: next trunk at 0, leaf count at 4, leaf numbers from 8).
 *
 * Allocation:
 * 1. Freelist empty: append a page to the database. In auto_vacuum, when the new page would be a
 *    pointer-map page it becomes one (zeroed) and the next page is appended instead.
 * 2. `any`: the first trunk's leaf closest to `nearby` (the first leaf when `nearby` is 0); a trunk
 *    with no leaves is itself the page.
 * 3. `exact` (auto_vacuum): page `nearby` if the ptrmap says it is free, searched through every
 *    trunk; a trunk taken while it still lists leaves hands them to its first leaf, the new trunk.
 * 4. `le`: the first free page ≤ `nearby` in trunk order (incremental vacuum).
 * The page comes back zeroed and writable; header offset 36 (freelist count) drops by one.
 *
 * Release: the page becomes a leaf of the first trunk when that trunk lists fewer than U/4 − 8
 * leaves (SQLite leaves 6 slots unused for old readers), else the new first trunk; in auto_vacuum
 * its ptrmap entry becomes PTRMAP_FREEPAGE.
 *
 * @module
 */
import { corrupt } from '../../error.js';
import { maxFreelistLeaves, maxFreelistLeavesWritten } from '../../format/index.js';
import { get4, put4 } from './mem-page.js';
import type { PageOverlay } from './page-overlay.js';
import { isPtrmapPage, ptrmapGet, ptrmapPut, PTRMAP_FREEPAGE } from './ptrmap-write.js';

/** How {@link allocatePage} chooses among free pages (SQLite's BTALLOC_ANY / EXACT / LE). */
export type AllocMode = 'any' | 'exact' | 'le';

/**
 * A page for new content (module doc, rules 1–4): its number; the page is writable, zeroed or
 * holding old bytes as SQLite's would (see `fresh`).
 * @param nearby - preferred page number (0: no preference).
 * @throws SQLITE_CORRUPT for a freelist that is inconsistent with the header or the file size.
 */
export function allocatePage(ov: PageOverlay, nearby: number, mode: AllocMode): number {
  const mxPage = ov.pageCount;
  const n = ov.header.freelistCount;
  if (n >= mxPage) throw corrupt(`freelist count ${n} is not below the page count ${mxPage}`, 1, 36);
  if (n === 0) return appendPage(ov);

  let searchList = false;
  if (mode === 'exact') {
    if (!ov.autoVacuum) searchList = true;
    else if (nearby <= mxPage && ptrmapGet(ov, nearby).type === PTRMAP_FREEPAGE) searchList = true;
  } else if (mode === 'le') searchList = true;

  ov.header.freelistCount = n - 1;
  const usable = ov.usableSize;
  let prevTrunk = 0;
  let nSearch = 0;
  for (;;) {
    const iTrunk = prevTrunk ? get4(ov.read(prevTrunk), 0) : ov.header.freelistTrunk;
    if (iTrunk > mxPage || iTrunk < 2 || nSearch++ > n) throw corrupt(`freelist trunk ${iTrunk} is out of range or the list loops`, prevTrunk || 1, prevTrunk ? 0 : 32);
    const trunk = ov.read(iTrunk);
    const k = get4(trunk, 4);
    if (k === 0 && !searchList) {
      // The first trunk has no leaves: it is the page.
      ov.header.freelistTrunk = get4(trunk, 0);
      return fresh(ov, iTrunk, true);
    }
    if (k > maxFreelistLeaves(usable)) throw corrupt(`freelist trunk lists ${k} leaves`, iTrunk, 4);
    if (searchList && (nearby === iTrunk || (iTrunk < nearby && mode === 'le'))) {
      // The trunk itself is wanted.
      const next = get4(trunk, 0);
      let replacement = next;
      if (k > 0) {
        // Its first leaf becomes the trunk, listing the remaining leaves.
        const newTrunk = get4(trunk, 8);
        if (newTrunk > mxPage || newTrunk < 2) throw corrupt(`freelist leaf ${newTrunk} is out of range`, iTrunk, 8);
        const nt = ov.writeRaw(newTrunk);
        put4(nt, 0, next);
        put4(nt, 4, k - 1);
        nt.set(trunk.subarray(12, 12 + 4 * (k - 1)), 8);
        replacement = newTrunk;
      }
      if (prevTrunk) put4(ov.writeRaw(prevTrunk), 0, replacement);
      else ov.header.freelistTrunk = replacement;
      return fresh(ov, iTrunk, true);
    }
    if (k > 0) {
      let closest = 0;
      if (nearby > 0) {
        if (mode === 'le') {
          for (let i = 0; i < k; i++) {
            if (get4(trunk, 8 + 4 * i) <= nearby) {
              closest = i;
              break;
            }
          }
        } else {
          let dist = Math.abs(get4(trunk, 8) - nearby);
          for (let i = 1; i < k; i++) {
            const d2 = Math.abs(get4(trunk, 8 + 4 * i) - nearby);
            if (d2 < dist) {
              closest = i;
              dist = d2;
            }
          }
        }
      }
      const iPage = get4(trunk, 8 + 4 * closest);
      if (iPage > mxPage || iPage < 2) throw corrupt(`freelist leaf ${iPage} is out of range`, iTrunk, 8 + 4 * closest);
      if (!searchList || iPage === nearby || (iPage < nearby && mode === 'le')) {
        const w = ov.writeRaw(iTrunk);
        if (closest < k - 1) w.copyWithin(8 + 4 * closest, 4 + 4 * k, 8 + 4 * k);
        put4(w, 4, k - 1);
        return fresh(ov, iPage, ov.hasContent?.has(iPage) ?? false);
      }
    }
    prevTrunk = iTrunk;
  }
}

function appendPage(ov: PageOverlay): number {
  let pgno = ov.append();
  if (ov.autoVacuum && isPtrmapPage(ov, pgno)) pgno = ov.append();
  return pgno;
}

/**
 * Page `pgno`, taken from the freelist, made writable. Its bytes are zeroed unless `keep`: as SQLite,
 * a trunk page keeps its bytes, and so does a leaf freed earlier in this write transaction (the
 * pager reads it, btreeGetHasContent); other leaves are fetched with PAGER_GET_NOCONTENT (zeros).
 */
function fresh(ov: PageOverlay, pgno: number, keep: boolean): number {
  const w = ov.writeRaw(pgno);
  if (!keep) w.fill(0);
  return pgno;
}

/**
 * Puts page `pgno` on the freelist (module doc).
 * @throws SQLITE_CORRUPT when pgno is outside 2..pageCount or the first trunk is malformed.
 */
export function freePage(ov: PageOverlay, pgno: number): void {
  if (pgno < 2 || pgno > ov.pageCount) throw corrupt(`cannot free page ${pgno} of ${ov.pageCount}`, pgno);
  ov.forget(pgno);
  const nFree = ov.header.freelistCount;
  ov.header.freelistCount = nFree + 1;
  ptrmapPut(ov, pgno, PTRMAP_FREEPAGE, 0);
  let iTrunk = 0;
  if (nFree !== 0) {
    iTrunk = ov.header.freelistTrunk;
    if (iTrunk > ov.pageCount || iTrunk < 2) throw corrupt(`freelist trunk ${iTrunk} is out of range`, 1, 32);
    const trunk = ov.read(iTrunk);
    const nLeaf = get4(trunk, 4);
    if (nLeaf > maxFreelistLeaves(ov.usableSize)) throw corrupt(`freelist trunk lists ${nLeaf} leaves`, iTrunk, 4);
    if (nLeaf < maxFreelistLeavesWritten(ov.usableSize)) {
      const w = ov.writeRaw(iTrunk);
      put4(w, 4, nLeaf + 1);
      put4(w, 8 + 4 * nLeaf, pgno);
      ov.hasContent?.add(pgno);
      return;
    }
  }
  const page = ov.writeRaw(pgno);
  put4(page, 0, iTrunk);
  put4(page, 4, 0);
  ov.header.freelistTrunk = pgno;
}
