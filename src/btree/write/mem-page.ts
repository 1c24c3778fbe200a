/**
 * A b-tree page being edited by one write operation: SQLite's `MemPage` (btreeInt.h), over the bytes
 * a {@link PageOverlay} hands out. Layout (fileformat2 §1.6; the header is at offset 100 on page 1):
 *
 * | offset          | size | field                                                        |
 * |-----------------|------|--------------------------------------------------------------|
 * | hdr + 0         | 1    | page type: 2, 5, 10 or 13                                    |
 * | hdr + 1         | 2    | first freeblock, 0 when none                                 |
 * | hdr + 3         | 2    | cell count                                                   |
 * | hdr + 5         | 2    | start of the cell content area (0 means 65536)               |
 * | hdr + 7         | 1    | fragmented bytes                                             |
 * | hdr + 8         | 4    | right-most child (interior pages only)                       |
 * | cellOffset      | 2·n  | cell pointer array (cellOffset = hdr + 8 or hdr + 12)         |
 * | …               |      | unallocated space, then cells, freeblocks and fragments       |
 * | usableSize      | R    | reserved region, never touched here                          |
 *
 * A freeblock is `[next freeblock offset: 2][size incl. this header: 2]`, the chain ascending.
 *
 * Besides the bytes, a MemPage carries what SQLite keeps in memory only:
 * - `nFree`: free bytes (unallocated + freeblocks + fragments), −1 until computed;
 * - `ovfl`: overflow cells, cells that did not fit and wait for the balancer (SQLite's
 *   apOvfl/aiOvfl). Invariant: they are sorted and adjacent (indexes i, i+1, …), and `idx` counts
 *   positions among the page's cells and the overflow cells together.
 *
 * The header's own codec is format/btree-page-header.ts; this file does the in-place edits that
 * codec has no use for (single fields, the pointer array).
 *
 * @module
 */
import { corrupt } from '../../error.js';
import { keepShape } from '../../keep-shape.js';
import {
  isPageType,
  lastVarintLength,
  localPayloadSize,
  maxLocalPayload,
  minLocalPayload,
  readVarint,
  readVarint32,
  type PageType,
} from '../../format/index.js';
import type { PageOverlay } from './page-overlay.js';

/** A cell that did not fit on its page: `cell` holds its whole bytes, `idx` its position. */
export interface OverflowCell {
  idx: number;
  cell: Uint8Array;
}

/** Big-endian 2-byte read. */
export function get2(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}

/** Big-endian 2-byte write (65536 is stored as 0). */
export function put2(b: Uint8Array, o: number, v: number): void {
  b[o] = (v >>> 8) & 0xff;
  b[o + 1] = v & 0xff;
}

/** Big-endian 4-byte read. */
export function get4(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

/** Big-endian 4-byte write. */
export function put4(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}

/** Length in bytes of the varint at `o` (1–9), without decoding it. */
export function varintSpan(b: Uint8Array, o: number): number {
  for (let i = 0; i < 8; i++) if (b[o + i] < 0x80) return i + 1;
  return 9;
}

/**
 * Bytes a cell of page type `type` occupies, parsed from its first bytes at `b[o]` (SQLite's
 * xCellSize): header, local payload, 4 more when it spills; at least 4 on leaves.
 */
export function cellSizeOf(type: PageType, b: Uint8Array, o: number, usableSize: number): number {
  if (type === 5) return 4 + varintSpan(b, o + 4);
  let p = type === 2 ? o + 4 : o;
  const payload = readVarint32(b, p);
  p += lastVarintLength();
  if (type === 13) p += varintSpan(b, p);
  const local = localPayloadSize(payload, usableSize, type === 13 ? 'table' : 'index');
  const size = p - o + local + (local < payload ? 4 : 0);
  return size < 4 ? 4 : size;
}

/** The first overflow page of a cell (types 2, 10, 13), or 0 when its payload is all local. */
export function cellOverflowPgno(type: PageType, b: Uint8Array, o: number, usableSize: number): number {
  if (type === 5) return 0;
  let p = type === 2 ? o + 4 : o;
  const payload = readVarint32(b, p);
  p += lastVarintLength();
  if (type === 13) p += varintSpan(b, p);
  const local = localPayloadSize(payload, usableSize, type === 13 ? 'table' : 'index');
  return local < payload ? get4(b, p + local) : 0;
}

/** The rowid of a table cell (types 5 and 13) at `b[o]`. */
export function cellRowid(type: PageType, b: Uint8Array, o: number): number | bigint {
  const p = type === 5 ? o + 4 : o + varintSpan(b, o);
  return readVarint(b, p);
}

/** A b-tree page in an operation; see the module doc. */
export class MemPage {
  /** 100 on page 1, else 0. */
  readonly hdr: number;
  /** The bytes: the store's (read-only) until {@link PageOverlay.makeWritable}, then a private copy. */
  data: Uint8Array;
  writable = false;
  type: PageType = 13;
  leaf = true;
  /** Offset of the cell pointer array. */
  cellOffset = 8;
  nCell = 0;
  /** Free bytes, or −1 until computed (cell-area.ts `computeFreeSpace`). */
  nFree = -1;
  ovfl: OverflowCell[] = [];

  constructor(
    readonly ov: PageOverlay,
    readonly pgno: number,
    data: Uint8Array,
  ) {
    this.hdr = pgno === 1 ? 100 : 0;
    this.data = data;
  }

  get usableSize(): number {
    return this.ov.usableSize;
  }

  /** True for table pages (types 5 and 13). */
  get table(): boolean {
    return this.type === 5 || this.type === 13;
  }

  /** SQLite's maxLocal for this page's cells. */
  get maxLocal(): number {
    return maxLocalPayload(this.ov.usableSize, this.type === 13 || this.type === 5 ? 'table' : 'index');
  }

  /** SQLite's minLocal for this page's cells. */
  get minLocal(): number {
    return minLocalPayload(this.ov.usableSize);
  }

  /**
   * Reads the header fields kept in memory (SQLite's btreeInitPage).
   * @throws SQLITE_CORRUPT for an unknown page type or a pointer array past the usable area.
   */
  init(): this {
    const t = this.data[this.hdr];
    if (!isPageType(t)) throw corrupt(`invalid b-tree page type ${t}`, this.pgno, this.hdr);
    this.setType(t);
    this.nCell = get2(this.data, this.hdr + 3);
    if (this.cellOffset + 2 * this.nCell > this.usableSize) throw corrupt(`${this.nCell} cells do not fit the page`, this.pgno, this.hdr + 3);
    this.nFree = -1;
    this.ovfl = [];
    return this;
  }

  private setType(t: PageType): void {
    this.type = t;
    this.leaf = t === 10 || t === 13;
    this.cellOffset = this.hdr + (this.leaf ? 8 : 12);
  }

  /**
   * Makes the page an empty page of type `t` (SQLite's zeroPage with secure_delete off): the type,
   * no freeblock, no cell, content area starting at the usable size, no fragmented bytes. Every
   * other byte (right-child field, old cells, the gap) keeps its value, as in SQLite.
   * The page must be writable.
   */
  zero(t: PageType): void {
    const d = this.data;
    d[this.hdr] = t;
    d.fill(0, this.hdr + 1, this.hdr + 5);
    d[this.hdr + 7] = 0;
    this.setType(t);
    put2(d, this.hdr + 5, this.usableSize);
    this.nCell = 0;
    this.nFree = this.usableSize - this.cellOffset;
    this.ovfl = [];
  }

  /** Offset of cell `i` (from the pointer array). @throws SQLITE_CORRUPT when it lies outside the usable area. */
  cellPtr(i: number): number {
    const pc = get2(this.data, this.cellOffset + 2 * i);
    if (pc < this.cellOffset + 2 * this.nCell || pc > this.usableSize - 4) throw corrupt(`cell pointer ${i} = ${pc} outside the cell content area`, this.pgno, this.cellOffset + 2 * i);
    return pc;
  }

  /** Bytes of the cell at offset `o` of this page. @throws SQLITE_CORRUPT when it runs past the usable area. */
  cellSize(o: number): number {
    const n = cellSizeOf(this.type, this.data, o, this.usableSize);
    if (o + n > this.usableSize) throw corrupt(`cell at ${o} (${n} bytes) runs past the usable area`, this.pgno, o);
    return n;
  }

  /** A copy of cell `i`'s bytes. */
  cellBytes(i: number): Uint8Array {
    const o = this.cellPtr(i);
    return this.data.slice(o, o + this.cellSize(o));
  }

  /** Interior pages: the right-most child. */
  get rightChild(): number {
    return get4(this.data, this.hdr + 8);
  }

  set rightChild(pgno: number) {
    put4(this.data, this.hdr + 8, pgno);
  }

  /** Interior pages: the child left of cell `i`, or the right-most child when `i` = nCell. */
  childAt(i: number): number {
    return i >= this.nCell ? this.rightChild : get4(this.data, this.cellPtr(i));
  }

  /** Start of the cell content area (65536 for a stored 0). */
  get contentStart(): number {
    return ((get2(this.data, this.hdr + 5) - 1) & 0xffff) + 1;
  }
}

// MemPages live for one b-tree operation: one kept, initialized as a leaf, so that their shape
// outlives a full garbage collection between statements (keep-shape.ts).
keepShape(new MemPage({ usableSize: 4096 } as PageOverlay, 2, new Uint8Array([13, 0, 0, 0, 0, 16, 0, 0])).init());
