/**
 * Space inside a b-tree page: finding room for a cell and giving it back (SQLite's
 * btreeComputeFreeSpace, pageFindSlot, allocateSpace, freeSpace, defragmentPage).
 *
 * ```
 *   cellOffset      gap (unallocated)          contentStart                         usableSize
 *   │ ptr ptr ptr │ ....................... │ cell │ freeblock │ cell │ frag │ cell │
 * ```
 *
 * Rules, as SQLite keeps them:
 * 1. Allocation first tries the freeblock chain, first fit. A freeblock whose size exceeds the request
 *    by less than 4 bytes is taken whole and the excess becomes fragmented bytes (unless the page
 *    already holds more than 57); a larger one is split, the allocation taken from its end.
 * 2. Otherwise the cell comes from the top of the gap, after defragmenting when the gap is too
 *    small (the 2 bytes for the new cell pointer are kept free).
 * 3. Freed space joins the chain in address order, coalescing with a neighbour freeblock when at
 *    most 3 bytes (a fragment) lie between them; space at the start of the content area simply
 *    moves contentStart up.
 * 4. `nFree` counts the gap, freeblocks and fragments; every edit keeps it exact.
 *
 * The page must be writable (PageOverlay.makeWritable) before any function here but
 * {@link computeFreeSpace}.
 *
 * @module
 */
import { corrupt } from '../../error.js';
import { cellSizeOf, get2, put2, type MemPage } from './mem-page.js';

/** Most fragmented bytes a page may hold (fileformat2 §1.6). */
export const MAX_FRAGMENTED_BYTES = 60;

/**
 * Computes `page.nFree` from the header and the freeblock chain (rule 4).
 * @throws SQLITE_CORRUPT for a chain out of order, overlapping, or past the usable area.
 */
export function computeFreeSpace(page: MemPage): void {
  page.nFree = freeBytesOf(page.data, page.hdr, page.usableSize, page.cellOffset + 2 * page.nCell, page.pgno);
}

/**
 * Free bytes of the b-tree page `d` (rule 4: gap, freeblocks and fragments) whose header is at
 * `hdr` and whose cell pointer array ends at `first`, walking the freeblock chain: SQLite's
 * btreeComputeFreeSpace on raw bytes (no MemPage), for the in-place paths. `pgno` is for errors.
 * @throws SQLITE_CORRUPT for a chain out of order, overlapping, or past the usable area.
 */
export function freeBytesOf(d: Uint8Array, hdr: number, usable: number, first: number, pgno: number): number {
  const top = ((((d[hdr + 5] << 8) | d[hdr + 6]) - 1) & 0xffff) + 1; // 0 means 65536
  let nFree = d[hdr + 7] + top;
  let pc = (d[hdr + 1] << 8) | d[hdr + 2];
  if (pc > 0) {
    if (pc < top) throw corrupt(`freeblock at ${pc} lies before the cell content area (${top})`, pgno, hdr + 1);
    for (;;) {
      if (pc > usable - 4) throw corrupt(`freeblock at ${pc} runs past the usable area`, pgno, pc);
      const next = (d[pc] << 8) | d[pc + 1];
      const size = (d[pc + 2] << 8) | d[pc + 3];
      nFree += size;
      if (next === 0) {
        if (pc + size > usable) throw corrupt(`freeblock at ${pc} (${size} bytes) runs past the usable area`, pgno, pc);
        break;
      }
      if (next <= pc + size + 3) throw corrupt(`freeblock chain out of order at ${pc}`, pgno, pc);
      pc = next;
    }
  }
  if (nFree > usable || nFree < first) throw corrupt(`free space ${nFree - first} is impossible`, pgno, hdr);
  return nFree - first;
}

/** `page.nFree`, computed when unknown. */
export function freeSpaceOf(page: MemPage): number {
  if (page.nFree < 0) computeFreeSpace(page);
  return page.nFree;
}

/** Rule 1: a freeblock slot for `nByte` bytes, or 0 when none fits. */
function findSlot(page: MemPage, nByte: number): number {
  return findSlotIn(page.data, page.hdr, page.usableSize, page.pgno, nByte);
}

/**
 * Rule 1 on raw bytes (no MemPage): takes a freeblock slot for `nByte` bytes from the chain of the
 * writable b-tree page `d` (header at `hdr`) and returns its offset, or 0, having changed nothing,
 * when none fits. `pgno` is for errors.
 * @throws SQLITE_CORRUPT when the chain is out of order or runs past the usable area.
 */
export function findSlotIn(d: Uint8Array, hdr: number, usable: number, pgno: number, nByte: number): number {
  const maxPc = usable - nByte;
  let prev = hdr + 1;
  let pc = get2(d, prev);
  while (pc <= maxPc) {
    const size = get2(d, pc + 2);
    const x = size - nByte;
    if (x >= 0) {
      if (x < 4) {
        if (d[hdr + 7] > MAX_FRAGMENTED_BYTES - 3) return 0;
        put2(d, prev, get2(d, pc));
        d[hdr + 7] += x;
        return pc;
      }
      if (x + pc > maxPc) throw corrupt(`freeblock at ${pc} runs past the usable area`, pgno, pc);
      put2(d, pc + 2, x);
      return pc + x;
    }
    prev = pc;
    pc = get2(d, pc);
    if (pc <= prev) {
      if (pc) throw corrupt(`freeblock chain out of order at ${prev}`, pgno, prev);
      return 0;
    }
  }
  if (pc > maxPc + nByte - 4) throw corrupt(`freeblock at ${pc} runs past the usable area`, pgno, pc);
  return 0;
}

/**
 * Allocates `nByte` bytes for a cell (rules 1 and 2) and returns their offset. The caller has
 * checked that `nByte + 2 <= nFree` and updates nFree itself.
 * @throws SQLITE_CORRUPT when the header or the chain is inconsistent.
 */
export function allocateSpace(page: MemPage, nByte: number): number {
  const d = page.data;
  const hdr = page.hdr;
  const gap = page.cellOffset + 2 * page.nCell;
  let top = get2(d, hdr + 5);
  if (gap > top) {
    if (top === 0 && page.usableSize === 65536) top = 65536;
    else throw corrupt(`cell pointer array overlaps the cell content area`, page.pgno, hdr + 5);
  } else if (top > page.usableSize) throw corrupt(`cell content area starts past the usable area`, page.pgno, hdr + 5);
  if ((d[hdr + 1] || d[hdr + 2]) && gap + 2 <= top) {
    const slot = findSlot(page, nByte);
    if (slot) {
      if (slot <= gap) throw corrupt(`freeblock at ${slot} overlaps the cell pointer array`, page.pgno, slot);
      return slot;
    }
  }
  if (gap + 2 + nByte > top) {
    defragmentPage(page, Math.min(4, freeSpaceOf(page) - (2 + nByte)));
    top = page.contentStart;
  }
  top -= nByte;
  put2(d, hdr + 5, top);
  return top;
}

/**
 * Returns `size` bytes at `start` to the page (rule 3) and adds them to nFree.
 * @throws SQLITE_CORRUPT when they overlap a freeblock or the chain is inconsistent.
 */
export function freeSpace(page: MemPage, start: number, size: number): void {
  releaseSpace(page.data, page.hdr, page.usableSize, page.pgno, start, size);
  page.nFree += size;
}

/**
 * dropCell on raw bytes: the cell of `size` bytes at `start`, pointed to by slot `idx` of the
 * `nCell` pointers at `ptrs` (`first` = ptrs + 2·nCell), leaves the writable page `d` (header at
 * `hdr`): its bytes join the free space ({@link releaseSpace}) and its pointer is removed; the last
 * cell leaves an empty page (no freeblocks, content area from `usable`, no fragmented bytes), as
 * SQLite's dropCell does.
 * @throws SQLITE_CORRUPT as {@link releaseSpace}.
 */
export function dropCellBytes(d: Uint8Array, hdr: number, usable: number, pgno: number, start: number, size: number, ptrs: number, idx: number, first: number, nCell: number): void {
  releaseSpace(d, hdr, usable, pgno, start, size);
  if (nCell === 1) {
    d.fill(0, hdr + 1, hdr + 5);
    d[hdr + 7] = 0;
    put2(d, hdr + 5, usable);
  } else {
    d.copyWithin(ptrs + 2 * idx, ptrs + 2 * idx + 2, first);
    put2(d, hdr + 3, nCell - 1);
  }
}

/**
 * {@link freeSpace} on raw bytes (no MemPage, no nFree to keep): `size` bytes at `start` of the
 * writable b-tree page `d` (header at `hdr`) join its freeblock chain (rule 3). `pgno` is for errors.
 * @throws SQLITE_CORRUPT when they overlap a freeblock or the chain is inconsistent.
 */
export function releaseSpace(d: Uint8Array, hdr: number, usable: number, pgno: number, start: number, size: number): void {
  let end = start + size;
  let ptr = hdr + 1;
  let next = 0;
  if (d[ptr] || d[ptr + 1]) {
    while ((next = (d[ptr] << 8) | d[ptr + 1]) < start) {
      if (next <= ptr) {
        if (next === 0) break;
        throw corrupt(`freeblock chain out of order at ${ptr}`, pgno, ptr);
      }
      ptr = next;
    }
    if (next > usable - 4) throw corrupt(`freeblock at ${next} runs past the usable area`, pgno, ptr);
    let nFrag = 0;
    if (next && end + 3 >= next) {
      // The following freeblock starts within a fragment's reach: absorb it.
      if (end > next) throw corrupt(`freed cell at ${start} overlaps the freeblock at ${next}`, pgno, start);
      nFrag = next - end;
      end = next + get2(d, next + 2);
      if (end > usable) throw corrupt(`freeblock at ${next} runs past the usable area`, pgno, next);
      size = end - start;
      next = get2(d, next);
    }
    if (ptr > hdr + 1) {
      const ptrEnd = ptr + get2(d, ptr + 2);
      if (ptrEnd + 3 >= start) {
        // The preceding freeblock ends within a fragment's reach: extend it.
        if (ptrEnd > start) throw corrupt(`freed cell at ${start} overlaps the freeblock at ${ptr}`, pgno, start);
        nFrag += start - ptrEnd;
        size = end - ptr;
        start = ptr;
      }
    }
    if (nFrag > d[hdr + 7]) throw corrupt(`fragment count ${d[hdr + 7]} below the ${nFrag} bytes reclaimed`, pgno, hdr + 7);
    d[hdr + 7] -= nFrag;
  }
  const top = get2(d, hdr + 5);
  if (start <= top) {
    // At the start of the content area: move the area's start instead of making a freeblock.
    if (start < top) throw corrupt(`freed cell at ${start} lies before the cell content area`, pgno, start);
    if (ptr !== hdr + 1) throw corrupt(`freeblock chain out of order before ${start}`, pgno, ptr);
    put2(d, hdr + 1, next);
    put2(d, hdr + 5, end);
  } else {
    put2(d, ptr, start);
    put2(d, start, next);
    put2(d, start + 2, size);
  }
}

/**
 * Moves every cell to the end of the page so that all free space is one gap (no freeblocks, no
 * fragments), keeping cell order by pointer. With at most two freeblocks and at most `maxFrag`
 * fragmented bytes, the cells between are shifted instead (SQLite's fast path), leaving the
 * fragments in place.
 * @throws SQLITE_CORRUPT when cells overlap or the result disagrees with nFree.
 */
export function defragmentPage(page: MemPage, maxFrag: number): void {
  const d = page.data;
  const hdr = page.hdr;
  const usable = page.usableSize;
  const cellOffset = page.cellOffset;
  const nCell = page.nCell;
  const first = cellOffset + 2 * nCell;
  const nFree = freeSpaceOf(page);
  let cbrk = -1;
  if (d[hdr + 7] <= maxFrag) cbrk = shiftAroundFreeblocks(page);
  if (cbrk < 0) {
    cbrk = usable;
    const start = get2(d, hdr + 5);
    if (nCell > 0) {
      const src = d.slice(0, usable);
      for (let i = 0; i < nCell; i++) {
        const at = cellOffset + 2 * i;
        const pc = get2(d, at);
        if (pc > usable - 4) throw corrupt(`cell pointer ${i} = ${pc} past the usable area`, page.pgno, at);
        const size = cellSizeOf(page.type, src, pc, usable);
        cbrk -= size;
        if (cbrk < start || pc + size > usable) throw corrupt(`cells overlap while defragmenting`, page.pgno, pc);
        put2(d, at, cbrk);
        d.set(src.subarray(pc, pc + size), cbrk);
      }
    }
    d[hdr + 7] = 0;
  }
  if (d[hdr + 7] + cbrk - first !== nFree) throw corrupt(`free space disagrees with the page header after defragmenting`, page.pgno, hdr);
  put2(d, hdr + 5, cbrk);
  d[hdr + 1] = 0;
  d[hdr + 2] = 0;
  d.fill(0, first, cbrk);
}

/**
 * SQLite's fast path of defragmentPage: with one or two freeblocks, slide the cells lying before
 * them towards the end. Returns the new content start, or −1 when the page does not qualify.
 */
function shiftAroundFreeblocks(page: MemPage): number {
  const d = page.data;
  const hdr = page.hdr;
  const usable = page.usableSize;
  const free1 = get2(d, hdr + 1);
  if (free1 === 0) return -1;
  if (free1 > usable - 4) throw corrupt(`freeblock at ${free1} runs past the usable area`, page.pgno, hdr + 1);
  const free2 = get2(d, free1);
  if (free2 > usable - 4) throw corrupt(`freeblock at ${free2} runs past the usable area`, page.pgno, free1);
  if (free2 !== 0 && get2(d, free2) !== 0) return -1;
  let sz = get2(d, free1 + 2);
  let sz2 = 0;
  const top = get2(d, hdr + 5);
  if (top >= free1) throw corrupt(`freeblock at ${free1} lies before the cell content area`, page.pgno, free1);
  if (free2) {
    if (free1 + sz > free2) throw corrupt(`freeblocks at ${free1} and ${free2} overlap`, page.pgno, free1);
    sz2 = get2(d, free2 + 2);
    if (free2 + sz2 > usable) throw corrupt(`freeblock at ${free2} runs past the usable area`, page.pgno, free2);
    d.copyWithin(free1 + sz + sz2, free1 + sz, free2);
    sz += sz2;
  } else if (free1 + sz > usable) throw corrupt(`freeblock at ${free1} runs past the usable area`, page.pgno, free1);
  const cbrk = top + sz;
  d.copyWithin(cbrk, top, free1);
  for (let at = page.cellOffset, end = page.cellOffset + 2 * page.nCell; at < end; at += 2) {
    const pc = get2(d, at);
    if (pc < free1) put2(d, at, pc + sz);
    else if (pc < free2) put2(d, at, pc + sz2);
  }
  return cbrk;
}
