/**
 * A whole b-tree page, decoded for inspection and re-encoded byte-exactly (fileformat2 §1.6).
 *
 * ```
 * 0 ─ [db header, page 1 only: 100 bytes]            → prefix
 *     b-tree page header (8 or 12 bytes)             → header
 *     cell pointer array (2 bytes × cellCount)       → cellPointers
 *     unallocated space                              → slack
 *  cellContentStart ─ cells, freeblocks, fragments   → cells, freeblocks (4-byte headers), slack (the rest)
 *  usableSize ─ reserved region (reservedSpace bytes) → reserved
 * pageSize
 * ```
 *
 * Invariants {@link decodeBtreePage} checks (each failure is SQLITE_CORRUPT with pgno and offset):
 * 1. The header is valid (btree-page-header.ts) and `usableSize` lies in [480, page length].
 * 2. The cell pointer array ends at or before cellContentStart, which is at most usableSize.
 * 3. Every cell pointer lies in [cellContentStart, usableSize) and its cell ends by usableSize.
 * 4. The freeblock chain lies in [cellContentStart, usableSize), strictly ascending with no overlap
 *    (so it cannot loop), each freeblock at least 4 bytes.
 * 5. No two cells, and no cell and freeblock, share a byte.
 *
 * Byte-exactness: every byte not produced by a structure (header, pointers, cell fields, the 4-byte
 * freeblock headers) is kept in `slack` as runs `{ offset, bytes }`: the unallocated space, freeblock
 * bodies, fragments and padding of cells shorter than 4 bytes. Cells themselves are re-encoded from
 * their decoded fields, so `encodeBtreePage(decodeBtreePage(page))` equal to `page` means each cell
 * decoded to what it holds.
 *
 * @module
 */
import { corrupt, SqliteError } from '../error.js';
import {
  btreeHeaderOffset,
  btreeHeaderSize,
  decodeBtreePageHeader,
  writeBtreePageHeader,
  type BtreePageHeader,
} from './btree-page-header.js';
import { cellFieldBytes, decodeCell, MIN_USABLE_SIZE, writeCell, type Cell } from './cell.js';

/** A freeblock: `offset` in the page, `size` in bytes (incl. its 4-byte header), `next` freeblock offset or 0. */
export interface Freeblock {
  offset: number;
  size: number;
  next: number;
}

/** A run of bytes of the page that no structure produces (unallocated space, freeblock bodies, fragments). */
export interface SlackRun {
  offset: number;
  bytes: Uint8Array;
}

/** A decoded b-tree page; see the module diagram. `cells[i]` is the cell at `cellPointers[i]`. */
export interface BtreePage {
  pgno: number;
  /** 100 on page 1, else 0. */
  headerOffset: number;
  header: BtreePageHeader;
  cellPointers: number[];
  cells: Cell[];
  freeblocks: Freeblock[];
  /** The bytes before the b-tree header: the 100-byte database header on page 1, empty elsewhere. */
  prefix: Uint8Array;
  /** Bytes in [headerOffset, usableSize) not produced by any structure, as ascending runs. */
  slack: SlackRun[];
  /** The reserved region at the end of the page: bytes [usableSize, pageSize). */
  reserved: Uint8Array;
}

const STRUCTURE = 1;
const FREE_BODY = 2;

/**
 * Decodes and validates a whole b-tree page (invariants 1–5 of the module doc).
 *
 * @param page - the whole page (pageSize bytes).
 * @param usableSize - page size minus reserved bytes (bytes).
 * @throws SQLITE_CORRUPT (pgno, offset) when an invariant fails.
 */
export function decodeBtreePage(page: Uint8Array, pgno: number, usableSize: number): BtreePage {
  const headerOffset = btreeHeaderOffset(pgno);
  if (usableSize < MIN_USABLE_SIZE || usableSize > page.length) {
    throw corrupt(`usable size ${usableSize} outside [${MIN_USABLE_SIZE}, ${page.length}]`, pgno, 0);
  }
  const header = decodeBtreePageHeader(page, pgno);
  const t = header.pageType;
  const ptrStart = headerOffset + btreeHeaderSize(t);
  const ptrEnd = ptrStart + 2 * header.cellCount;
  const start = header.cellContentStart;
  if (start > usableSize) throw corrupt(`cell content area starts at ${start}, past the usable size ${usableSize}`, pgno, headerOffset + 5);
  if (ptrEnd > start) throw corrupt(`cell pointer array (${header.cellCount} cells) overlaps the cell content area at ${start}`, pgno, headerOffset + 3);

  const owner = new Uint8Array(usableSize); // 0 slack, STRUCTURE, FREE_BODY
  owner.fill(STRUCTURE, headerOffset, ptrEnd);
  const claim = (from: number, to: number, what: string): void => {
    for (let i = from; i < to; i++) if (owner[i] !== 0) throw corrupt(`${what} overlaps another cell or freeblock at byte ${i}`, pgno, from);
  };

  const cellPointers: number[] = new Array(header.cellCount);
  const cells: Cell[] = new Array(header.cellCount);
  for (let i = 0; i < header.cellCount; i++) {
    const at = ptrStart + 2 * i;
    const p = (page[at] << 8) | page[at + 1];
    if (p < start || p >= usableSize) throw corrupt(`cell pointer ${i} = ${p} outside the cell content area [${start}, ${usableSize})`, pgno, at);
    const cell = decodeCell(page, pgno, t, p, usableSize);
    const len = cellFieldBytes(t, cell);
    claim(p, p + len, `cell ${i}`);
    owner.fill(STRUCTURE, p, p + len);
    cellPointers[i] = p;
    cells[i] = cell;
  }

  const freeblocks: Freeblock[] = [];
  let prevEnd = start;
  for (let pc = header.firstFreeblock, at = headerOffset + 1; pc !== 0; ) {
    if (pc < prevEnd || pc + 4 > usableSize) {
      throw corrupt(`freeblock at ${pc} is out of order or outside [${prevEnd}, ${usableSize})`, pgno, at);
    }
    const next = (page[pc] << 8) | page[pc + 1];
    const size = (page[pc + 2] << 8) | page[pc + 3];
    if (size < 4 || pc + size > usableSize) throw corrupt(`freeblock size ${size} is below 4 or runs past the usable size`, pgno, pc + 2);
    claim(pc, pc + size, `freeblock at ${pc}`);
    owner.fill(STRUCTURE, pc, pc + 4);
    owner.fill(FREE_BODY, pc + 4, pc + size);
    freeblocks.push({ offset: pc, size, next });
    prevEnd = pc + size;
    at = pc;
    pc = next;
  }

  const slack: SlackRun[] = [];
  for (let i = headerOffset; i < usableSize; ) {
    if (owner[i] === STRUCTURE) {
      i++;
      continue;
    }
    let j = i;
    while (j < usableSize && owner[j] !== STRUCTURE) j++;
    slack.push({ offset: i, bytes: page.slice(i, j) });
    i = j;
  }

  return {
    pgno,
    headerOffset,
    header,
    cellPointers,
    cells,
    freeblocks,
    prefix: page.slice(0, headerOffset),
    slack,
    reserved: page.slice(usableSize),
  };
}

/**
 * Encodes a b-tree page of `pageSize` bytes: the byte-exact inverse of {@link decodeBtreePage}.
 * Writes, in order: prefix, slack runs, header, cell pointers, each cell from its fields (cell.ts),
 * freeblock headers, and the reserved region at the end (usable size = pageSize − reserved.length).
 * Bytes no field covers are zero.
 *
 * @throws SQLITE_MISUSE when `cells` and `cellPointers` differ in length or the parts do not fit in `pageSize`.
 */
export function encodeBtreePage(p: BtreePage, pageSize: number): Uint8Array {
  if (p.cells.length !== p.cellPointers.length) {
    throw new SqliteError('SQLITE_MISUSE', `${p.cells.length} cells for ${p.cellPointers.length} cell pointers`);
  }
  if (p.prefix.length + p.reserved.length > pageSize) throw new SqliteError('SQLITE_MISUSE', 'prefix and reserved region exceed the page');
  const out = new Uint8Array(pageSize);
  out.set(p.prefix, 0);
  for (const run of p.slack) out.set(run.bytes, run.offset);
  writeBtreePageHeader(out, p.pgno, { ...p.header, cellCount: p.cellPointers.length });
  const t = p.header.pageType;
  const ptrStart = btreeHeaderOffset(p.pgno) + btreeHeaderSize(t);
  p.cellPointers.forEach((ptr, i) => {
    out[ptrStart + 2 * i] = ptr >>> 8;
    out[ptrStart + 2 * i + 1] = ptr & 0xff;
    writeCell(out, ptr, t, p.cells[i]);
  });
  for (const f of p.freeblocks) {
    out[f.offset] = f.next >>> 8;
    out[f.offset + 1] = f.next & 0xff;
    out[f.offset + 2] = f.size >>> 8;
    out[f.offset + 3] = f.size & 0xff;
  }
  out.set(p.reserved, pageSize - p.reserved.length);
  return out;
}
