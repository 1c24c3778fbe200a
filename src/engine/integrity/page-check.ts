/**
 * The page-level half of PRAGMA integrity_check (pragma.html#pragma_integrity_check): SQLite's
 * sqlite3BtreeIntegrityCheck as of 3.40 — every b-tree from its root, the freelist, the ptrmap of
 * auto-vacuum files, and pages used twice or never — reporting in SQLite's words.
 *
 * ```
 *   freelist (prefix "Main freelist: ")   trunk → leaves, "size is N but should be M"
 *   auto_vacuum: largest root vs header offset 52
 *   for each root (in SQLite's order, see root-order.ts):  checkTreePage(root, maxKey = 2^63−1)
 *      "Page N: "               the page cannot be read or its header / freeblocks are broken
 *      "On tree page N cell C: " cell offset, size, rowid order, overflow chain, child depth
 *      (no prefix)              byte coverage: "Multiple uses for byte …", "Fragmentation of …"
 *   pages 1..N never reached: "Page N is never used" ("Pointer map page N is referenced")
 * ```
 *
 * B-tree page layout (fileformat2 §1.6), as the checks read it:
 *
 * ```
 *   OFFSET SIZE DESCRIPTION (from the page header, at 100 on page 1, else 0)
 *   0      1    type: 2 index interior, 5 table interior, 10 index leaf, 13 table leaf
 *   1      2    first freeblock (0: none); freeblocks chain in ascending order
 *   3      2    number of cells
 *   5      2    start of the cell content area (0 means 65536)
 *   7      1    fragmented free bytes in the content area
 *   8      4    right child (interior pages only)
 * ```
 *
 * Invariants:
 * 1. A page is reached at most once: a second reference is reported and not followed, so a cycle
 *    cannot make the walk loop.
 * 2. Nothing here throws on a broken file: an unreadable page is a message.
 * 3. Cells are visited last to first, as SQLite does, so that messages come in SQLite's order and
 *    the rowid order check runs downwards from the right child's minimum.
 *
 * @module
 */
import { lockBytePage, ptrmapPageFor } from '../../format/index.js';
import type { CheckLog } from './messages.js';

/** What the page check reads. */
export interface PageReader {
  /** Database size in pages (the header's, as the pager says). */
  readonly pageCount: number;
  readonly pageSize: number;
  readonly usableSize: number;
  /** The bytes of page `pgno` (1..pageCount), or null when it cannot be read. */
  read(pgno: number): Uint8Array | null;
}

const LARGEST_INT64 = 0x7fffffffffffffffn;
// ptrmap entry types (fileformat2 §1.7)
const PTRMAP_ROOTPAGE = 1;
const PTRMAP_FREEPAGE = 2;
const PTRMAP_OVERFLOW1 = 3;
const PTRMAP_OVERFLOW2 = 4;
const PTRMAP_BTREE = 5;
/** SQLITE_CORRUPT, the code SQLite puts in "btreeInitPage() returns error code 11". */
const SQLITE_CORRUPT_CODE = 11;

function get2(d: Uint8Array, o: number): number {
  return ((d[o] ?? 0) << 8) | (d[o + 1] ?? 0);
}
function get4(d: Uint8Array, o: number): number {
  return (((d[o] ?? 0) << 24) | ((d[o + 1] ?? 0) << 16) | ((d[o + 2] ?? 0) << 8) | (d[o + 3] ?? 0)) >>> 0;
}

/** A 32-bit varint as btree.c's cell parsers read it (at most 9 bytes, wrapping to u32). Returns [value, bytes]. */
function varint32(d: Uint8Array, o: number): [number, number] {
  let v = d[o] ?? 0;
  let n = 1;
  if (v >= 0x80) {
    v &= 0x7f;
    let b: number;
    do {
      b = d[o + n] ?? 0;
      v = ((v << 7) | (b & 0x7f)) >>> 0;
      n++;
    } while (b >= 0x80 && n < 9);
  }
  return [v, n];
}

/** A 64-bit varint (rowid) as a signed bigint. Returns [value, bytes]. */
function varint64(d: Uint8Array, o: number): [bigint, number] {
  let v = 0n;
  for (let i = 0; i < 8; i++) {
    const b = d[o + i] ?? 0;
    v = (v << 7n) | BigInt(b & 0x7f);
    if (b < 0x80) return [BigInt.asIntN(64, v), i + 1];
  }
  v = (v << 8n) | BigInt(d[o + 8] ?? 0);
  return [BigInt.asIntN(64, v), 9];
}

/** A page as btreeInitPage sees it. */
interface PageShape {
  hdr: number;
  leaf: boolean;
  intKey: boolean;
  childPtrSize: number;
  nCell: number;
  maxLocal: number;
  minLocal: number;
}

interface CellInfo {
  nSize: number;
  nPayload: number;
  nLocal: number;
  nKey: bigint;
}

/** The page-level checker of one file. */
export class PageCheck {
  private readonly referenced: Uint8Array;
  private readonly nPage: number;
  private readonly usable: number;
  private autoVacuum = false;

  constructor(
    private readonly r: PageReader,
    private readonly log: CheckLog,
  ) {
    this.nPage = r.pageCount;
    this.usable = r.usableSize;
    this.referenced = new Uint8Array(this.nPage + 1);
  }

  /**
   * Runs the whole page-level check: freelist, auto-vacuum header, every root in `roots` (0 entries
   * are skipped), then unreferenced pages. With `partial` (PRAGMA integrity_check(TABLE)) only the
   * given trees are walked: no unreferenced-page or auto-vacuum header check, and the freelist only
   * when sqlite_schema (page 1) is among them, as SQLite's bPartial.
   * @param header - page 1's header fields: freelist trunk and count, largest root page, incremental vacuum flag.
   */
  run(roots: readonly number[], header: { freelistTrunk: number; freelistCount: number; largestRootPage: number; incrementalVacuum: number }, partial = false): void {
    if (this.nPage === 0) return;
    this.autoVacuum = header.largestRootPage !== 0;
    const lock = lockBytePage(this.r.pageSize);
    if (lock <= this.nPage) this.referenced[lock] = 1;
    if (!partial || roots[0] === 1) {
      this.log.prefix = 'Main freelist: ';
      this.checkList(true, header.freelistTrunk, header.freelistCount);
      this.log.prefix = null;
    }
    if (partial) {
      // no header checks
    } else if (this.autoVacuum) {
      const mx = roots.reduce((a, b) => Math.max(a, b), 0);
      if (mx !== header.largestRootPage) this.log.add(`max rootpage (${mx}) disagrees with header (${header.largestRootPage})`);
    } else if (header.incrementalVacuum !== 0) {
      this.log.add('incremental_vacuum enabled with a max rootpage of zero');
    }
    for (const root of roots) {
      if (!this.log.open) break;
      if (root === 0) continue;
      if (this.autoVacuum && root > 1 && !partial) this.checkPtrmap(root, PTRMAP_ROOTPAGE, 0);
      this.checkTreePage(root, LARGEST_INT64, 0);
    }
    for (let i = 1; i <= this.nPage && this.log.open && !partial; i++) {
      const isMap = this.autoVacuum && ptrmapPageFor(i, this.usable, this.r.pageSize) === i;
      if (!this.referenced[i] && !isMap) this.log.add(`Page ${i} is never used`);
      if (this.referenced[i] && isMap) this.log.add(`Pointer map page ${i} is referenced`);
    }
  }

  /** Marks `pgno` used; false (with a message) when it is out of range or already used (invariant 1). */
  private ref(pgno: number): boolean {
    if (pgno > this.nPage || pgno === 0) {
      this.log.add(`invalid page number ${pgno}`);
      return false;
    }
    if (this.referenced[pgno]) {
      this.log.add(`2nd reference to page ${pgno}`);
      return false;
    }
    this.referenced[pgno] = 1;
    return true;
  }

  private checkPtrmap(child: number, type: number, parent: number): void {
    const map = ptrmapPageFor(child, this.usable, this.r.pageSize);
    const page = map >= 1 && map <= this.nPage ? this.r.read(map) : null;
    const off = 5 * (child - map - 1);
    if (!page || off < 0 || page[off] < 1 || page[off] > 5) {
      this.log.add(`Failed to read ptrmap key=${child}`);
      return;
    }
    const t = page[off];
    const p = get4(page, off + 1);
    if (t !== type || p !== parent) this.log.add(`Bad ptr map entry key=${child} expected=(${type},${parent}) got=(${t},${p})`);
  }

  /** An overflow chain (or, with `freelist`, the freelist) of `expected` pages from `pgno`. */
  private checkList(freelist: boolean, pgno: number, expected: number): void {
    let n = expected;
    const errorsAtStart = this.log.messages.length;
    while (pgno !== 0 && this.log.open) {
      if (!this.ref(pgno)) break;
      n--;
      const d = this.r.read(pgno);
      if (!d) {
        this.log.add(`failed to get page ${pgno}`);
        break;
      }
      if (freelist) {
        const leaves = get4(d, 4);
        if (this.autoVacuum) this.checkPtrmap(pgno, PTRMAP_FREEPAGE, 0);
        if (leaves > Math.floor(this.usable / 4) - 2) {
          this.log.add(`freelist leaf count too big on page ${pgno}`);
          n--;
        } else {
          for (let i = 0; i < leaves; i++) {
            const leaf = get4(d, 8 + 4 * i);
            if (this.autoVacuum) this.checkPtrmap(leaf, PTRMAP_FREEPAGE, 0);
            this.ref(leaf);
          }
          n -= leaves;
        }
      } else if (this.autoVacuum && n > 0) {
        this.checkPtrmap(get4(d, 0), PTRMAP_OVERFLOW2, pgno);
      }
      pgno = get4(d, 0);
    }
    // SQLite keeps N in a u32: a freelist longer than announced wraps it (still non-zero).
    if (n !== 0 && this.log.messages.length === errorsAtStart) {
      this.log.add(`${freelist ? 'size' : 'overflow list length'} is ${(expected - n) >>> 0} but should be ${expected}`);
    }
  }

  /** btreeInitPage + btreeComputeFreeSpace: the page's shape, or null when SQLite finds it corrupt. */
  private initPage(pgno: number, d: Uint8Array): { shape: PageShape | null; freeSpaceBroken: boolean } {
    const hdr = pgno === 1 ? 100 : 0;
    const flags = d[hdr];
    const leaf = (flags & 8) !== 0;
    const kind = flags & ~8;
    if ((flags >> 3) > 1 || (kind !== 5 && kind !== 2)) return { shape: null, freeSpaceBroken: false };
    const intKey = kind === 5;
    const childPtrSize = leaf ? 0 : 4;
    const nCell = get2(d, hdr + 3);
    if (nCell > Math.floor((this.r.pageSize - 8) / 6)) return { shape: null, freeSpaceBroken: false };
    const maxLocal = intKey ? (leaf ? this.usable - 35 : 0) : Math.floor(((this.usable - 12) * 64) / 255) - 23;
    const minLocal = Math.floor(((this.usable - 12) * 32) / 255) - 23;
    const shape: PageShape = { hdr, leaf, intKey, childPtrSize, nCell, maxLocal, minLocal };
    // btreeComputeFreeSpace
    const top = get2(d, hdr + 5) || 65536;
    const iCellFirst = hdr + 8 + childPtrSize + 2 * nCell;
    const iCellLast = this.usable - 4;
    let pc = get2(d, hdr + 1);
    let nFree = d[hdr + 7] + top;
    if (pc > 0) {
      if (pc < top) return { shape, freeSpaceBroken: true };
      let next = 0;
      let size = 0;
      for (;;) {
        if (pc > iCellLast) return { shape, freeSpaceBroken: true };
        next = get2(d, pc);
        size = get2(d, pc + 2);
        nFree += size;
        if (next <= pc + size + 3) break;
        pc = next;
      }
      if (next > 0) return { shape, freeSpaceBroken: true };
      if (pc + size > this.usable) return { shape, freeSpaceBroken: true };
    }
    if (nFree > this.usable || nFree < iCellFirst) return { shape, freeSpaceBroken: true };
    return { shape, freeSpaceBroken: false };
  }

  /** xParseCell for the page's kind. */
  private parseCell(s: PageShape, d: Uint8Array, pc: number): CellInfo {
    if (s.intKey && !s.leaf) {
      const [key, n] = varint64(d, pc + 4);
      return { nSize: 4 + n, nPayload: 0, nLocal: 0, nKey: key };
    }
    let at = pc + s.childPtrSize;
    const [nPayload, n1] = varint32(d, at);
    at += n1;
    let nKey = BigInt(nPayload);
    if (s.intKey) {
      const [key, n2] = varint64(d, at);
      nKey = key;
      at += n2;
    }
    const head = at - pc;
    if (nPayload <= s.maxLocal) return { nSize: Math.max(4, (nPayload + head) & 0xffff), nPayload, nLocal: nPayload, nKey };
    const surplus = s.minLocal + ((nPayload - s.minLocal) % (this.usable - 4));
    const nLocal = surplus <= s.maxLocal ? surplus : s.minLocal;
    return { nSize: (head + nLocal + 4) & 0xffff, nPayload, nLocal, nKey };
  }

  /**
   * checkTreePage: the page `pgno` and its subtree; integer keys must not exceed `maxKey`. Returns
   * the subtree's depth (0 for a leaf or a page that could not be read) and its least integer key.
   * `cell` is the caller's cell number, which SQLite's prefix still shows for the right child.
   */
  private checkTreePage(pgno: number, maxKey: bigint, cell: number): { depth: number; minKey: bigint } {
    const log = this.log;
    const fail = { depth: 0, minKey: maxKey };
    if (pgno === 0) return fail;
    if (!this.ref(pgno)) return fail;
    const savedPrefix = log.prefix;
    try {
      log.prefix = `Page ${pgno}: `;
      const d = this.r.read(pgno);
      if (!d) {
        log.add(`unable to get the page. error code=${SQLITE_CORRUPT_CODE}`);
        return fail;
      }
      const init = this.initPage(pgno, d);
      if (!init.shape) {
        log.add(`btreeInitPage() returns error code ${SQLITE_CORRUPT_CODE}`);
        return fail;
      }
      if (init.freeSpaceBroken) {
        log.add('free space corruption');
        return fail;
      }
      const s = init.shape;
      const hdr = s.hdr;
      const cellPrefix = (cell: number): string => `On tree page ${pgno} cell ${cell}: `;
      log.prefix = cellPrefix(cell);
      const contentOffset = get2(d, hdr + 5) || 65536;
      const cellStart = hdr + 12 - (s.leaf ? 4 : 0);
      let depth = -1;
      let keyCanBeEqual = true;
      let coverage = true;
      const spans: number[] = [];
      if (!s.leaf) {
        const right = get4(d, hdr + 8);
        if (this.autoVacuum) {
          log.prefix = `On page ${pgno} at right child: `;
          this.checkPtrmap(right, PTRMAP_BTREE, pgno);
        }
        const sub = this.checkTreePage(right, maxKey, cell);
        depth = sub.depth;
        maxKey = sub.minKey;
        keyCanBeEqual = false;
      }
      for (let i = s.nCell - 1; i >= 0 && log.open; i--) {
        log.prefix = cellPrefix(i);
        const pc = get2(d, cellStart + 2 * i);
        if (pc < contentOffset || pc > this.usable - 4) {
          log.add(`Offset ${pc} out of range ${contentOffset}..${this.usable - 4}`);
          coverage = false;
          continue;
        }
        const info = this.parseCell(s, d, pc);
        if (pc + info.nSize > this.usable) {
          log.add('Extends off end of page');
          coverage = false;
          continue;
        }
        if (s.intKey) {
          if (keyCanBeEqual ? info.nKey > maxKey : info.nKey >= maxKey) log.add(`Rowid ${info.nKey} out of order`);
          maxKey = info.nKey;
          keyCanBeEqual = false;
        }
        if (info.nPayload > info.nLocal) {
          const nPage = Math.floor((info.nPayload - info.nLocal + this.usable - 5) / (this.usable - 4));
          const first = get4(d, pc + info.nSize - 4);
          if (this.autoVacuum) this.checkPtrmap(first, PTRMAP_OVERFLOW1, pgno);
          this.checkList(false, first, nPage);
        }
        if (!s.leaf) {
          const child = get4(d, pc);
          if (this.autoVacuum) this.checkPtrmap(child, PTRMAP_BTREE, pgno);
          const sub = this.checkTreePage(child, maxKey, i);
          maxKey = sub.minKey;
          keyCanBeEqual = false;
          log.prefix = cellPrefix(i);
          if (sub.depth !== depth) {
            log.add('Child page depth differs');
            depth = sub.depth;
          }
        } else {
          spans.push(pc * 65536 + pc + info.nSize - 1);
        }
      }
      const minKey = maxKey;
      log.prefix = null;
      if (coverage && log.open) this.checkCoverage(pgno, d, s, cellStart, contentOffset, spans);
      return { depth: depth + 1, minKey };
    } finally {
      log.prefix = savedPrefix;
    }
  }

  /** Cells and freeblocks must not overlap; the bytes between them must match the fragment count. */
  private checkCoverage(pgno: number, d: Uint8Array, s: PageShape, cellStart: number, contentOffset: number, spans: number[]): void {
    if (!s.leaf) {
      for (let i = s.nCell - 1; i >= 0; i--) {
        const pc = get2(d, cellStart + 2 * i);
        const size = this.parseCell(s, d, pc).nSize;
        spans.push(pc * 65536 + ((pc + size - 1) & 0xffff));
      }
    }
    for (let i = get2(d, s.hdr + 1); i > 0; ) {
      const size = get2(d, i + 2);
      spans.push(i * 65536 + ((i + size - 1) & 0xffff));
      i = get2(d, i);
    }
    spans.sort((a, b) => a - b);
    let nFrag = 0;
    let prev = contentOffset - 1;
    let broke = -1;
    for (let k = 0; k < spans.length; k++) {
      const x = spans[k];
      const start = Math.floor(x / 65536);
      if ((prev & 0xffff) >= start) {
        this.log.add(`Multiple uses for byte ${start} of page ${pgno}`);
        broke = k;
        break;
      }
      nFrag += start - (prev & 0xffff) - 1;
      prev = x;
    }
    nFrag += this.usable - (prev & 0xffff) - 1;
    const heapEmpty = broke === -1 || broke === spans.length - 1;
    if (heapEmpty && nFrag !== d[s.hdr + 7]) this.log.add(`Fragmentation of ${nFrag} bytes reported as ${d[s.hdr + 7]} on page ${pgno}`);
  }
}
