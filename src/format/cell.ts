/**
 * B-tree cells (fileformat2 §1.6, "B-tree Cell Format"). Fields in order, by page type:
 *
 * | page type          | 4-byte left child | varint payload size | varint rowid | local payload | 4-byte first overflow page |
 * |--------------------|-------------------|---------------------|--------------|---------------|----------------------------|
 * | 13 table leaf      |                   | yes                 | yes          | yes           | when it spills             |
 * | 5 table interior   | yes               |                     | yes          |               |                            |
 * | 10 index leaf      |                   | yes                 |              | yes           | when it spills             |
 * | 2 index interior   | yes               | yes                 |              | yes           | when it spills             |
 *
 * The local part's size comes from payload.ts. A cell occupies at least 4 bytes on the page (SQLite
 * counts a shorter cell as 4, so that it can become a freeblock when freed); the bytes past a shorter
 * cell's fields are not part of the cell.
 *
 * @module
 */
import { corrupt } from '../error.js';
import { keepShape } from '../keep-shape.js';
import type { PageType } from './btree-page-header.js';
import { localPayloadSize } from './payload.js';
import { lastVarintLength, putVarint, putVarintWidth, readVarint, readVarint32, varintLength } from './varint.js';

/** The least usable size (bytes) SQLite accepts: page size minus reserved bytes (fileformat2 §1.3.4). */
export const MIN_USABLE_SIZE = 480;

/** The smallest number of bytes SQLite counts a cell as occupying. */
export const MIN_CELL_BYTES = 4;

/** One decoded cell. Offsets and sizes are in bytes. */
export interface Cell {
  /** Byte offset of the cell within the page. */
  offset: number;
  /** Bytes the cell occupies on this page (incl. the 4-byte overflow page number when it spills; at least 4). */
  size: number;
  /** Interior cells (types 2 and 5): the child page left of this cell's key. */
  leftChild?: number;
  /** Table cells (types 5 and 13). */
  rowid?: number | bigint;
  /** Types 2, 10, 13: total payload bytes. */
  payloadSize?: number;
  /** The payload bytes on this page (a subarray of the page, no copy). */
  localPayload?: Uint8Array;
  /** First overflow page when the payload spills, else undefined. */
  overflowPgno?: number;
  /**
   * Present only when a varint of the cell is longer than its shortest form (SQLite never writes
   * one, but reads it): its stored length in bytes, so the cell re-encodes byte-exactly.
   */
  varintBytes?: { payloadSize?: number; rowid?: number };
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

/** Records the width of the varint just read when it is not the shortest form (a leading 0x80 byte). */
function noteWidth(cell: Cell, field: 'payloadSize' | 'rowid', value: number | bigint): void {
  const width = lastVarintLength();
  if (width !== varintLength(value)) (cell.varintBytes ??= {})[field] = width;
}

/**
 * Decodes the cell at `offset` of a page of type `pageType` (fileformat2 §1.6). Fast: the cursor calls
 * it per visited cell. Checks that the whole cell lies within the usable area `[0, usableSize)`.
 *
 * @param usableSize - page size minus reserved bytes (bytes).
 * @throws SQLITE_CORRUPT (pgno, offset of the field) when a field runs past `usableSize`, the
 * payload size exceeds 2^32 − 1, or `usableSize` is below 480.
 */
export function decodeCell(page: Uint8Array, pgno: number, pageType: PageType, offset: number, usableSize: number): Cell {
  const end = Math.min(usableSize, page.length);
  if (usableSize < MIN_USABLE_SIZE) throw corrupt(`usable size ${usableSize} is below ${MIN_USABLE_SIZE}`, pgno, offset);
  if (offset < 0 || offset >= end) throw corrupt(`cell offset ${offset} outside the usable area (${end} bytes)`, pgno, offset);
  let o = offset;
  const cell: Cell = { offset, size: 0 };
  if (pageType === 5 || pageType === 2) {
    if (o + 4 > end) throw corrupt('cell left child pointer runs past the usable area', pgno, o);
    cell.leftChild = u32(page, o);
    o += 4;
    if (pageType === 5) {
      cell.rowid = readVarint(page, o, end, pgno);
      if (page[o] === 0x80) noteWidth(cell, 'rowid', cell.rowid);
      o += lastVarintLength();
      cell.size = o - offset;
      return cell;
    }
  }
  const payloadSize = readVarint32(page, o, end, pgno);
  if (page[o] === 0x80) noteWidth(cell, 'payloadSize', payloadSize);
  o += lastVarintLength();
  if (pageType === 13) {
    cell.rowid = readVarint(page, o, end, pgno);
    if (page[o] === 0x80) noteWidth(cell, 'rowid', cell.rowid);
    o += lastVarintLength();
  }
  const local = localPayloadSize(payloadSize, usableSize, pageType === 13 ? 'table' : 'index');
  if (o + local > end) throw corrupt(`cell payload (${local} local bytes) runs past the usable area`, pgno, o);
  cell.payloadSize = payloadSize;
  cell.localPayload = page.subarray(o, o + local);
  o += local;
  if (local < payloadSize) {
    if (o + 4 > end) throw corrupt('cell overflow page number runs past the usable area', pgno, o);
    cell.overflowPgno = u32(page, o);
    o += 4;
  }
  cell.size = Math.max(o - offset, MIN_CELL_BYTES);
  return cell;
}

/**
 * Bytes the fields of `cell` take when encoded for a page of type `pageType` (without the padding
 * to {@link MIN_CELL_BYTES}).
 */
export function cellFieldBytes(pageType: PageType, cell: Cell): number {
  let n = pageType === 2 || pageType === 5 ? 4 : 0;
  const w = cell.varintBytes;
  if (pageType !== 5) n += (w?.payloadSize ?? varintLength(cell.payloadSize ?? 0)) + (cell.localPayload?.length ?? 0) + (cell.overflowPgno !== undefined ? 4 : 0);
  if (pageType === 5 || pageType === 13) n += w?.rowid ?? varintLength(cell.rowid ?? 0);
  return n;
}

function putU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v >>> 24;
  b[o + 1] = (v >>> 16) & 0xff;
  b[o + 2] = (v >>> 8) & 0xff;
  b[o + 3] = v & 0xff;
}

/**
 * Writes the fields of `cell` at `offset` of `page` for page type `pageType`: the inverse of
 * {@link decodeCell} (shortest varints unless `varintBytes` says otherwise; `localPayload` and
 * `overflowPgno` written as given).
 *
 * @returns the bytes written ({@link cellFieldBytes}).
 */
export function writeCell(page: Uint8Array, offset: number, pageType: PageType, cell: Cell): number {
  let o = offset;
  if (pageType === 2 || pageType === 5) {
    putU32(page, o, cell.leftChild ?? 0);
    o += 4;
  }
  const w = cell.varintBytes;
  if (pageType !== 5) o += w?.payloadSize ? putVarintWidth(page, o, cell.payloadSize ?? 0, w.payloadSize) : putVarint(page, o, cell.payloadSize ?? 0);
  if (pageType === 5 || pageType === 13) o += w?.rowid ? putVarintWidth(page, o, cell.rowid ?? 0, w.rowid) : putVarint(page, o, cell.rowid ?? 0);
  if (pageType !== 5) {
    const local = cell.localPayload ?? new Uint8Array(0);
    page.set(local, o);
    o += local.length;
    if (cell.overflowPgno !== undefined) {
      putU32(page, o, cell.overflowPgno);
      o += 4;
    }
  }
  return o - offset;
}

/** A cell ready to insert: its bytes, and the payload bytes that must go to overflow pages. */
export interface BuiltCell {
  /** The cell as it goes on the page; when `spill` is non-empty its last 4 bytes are the first overflow page number. */
  bytes: Uint8Array;
  /** Payload bytes past the local part, to be stored in an overflow chain (empty when none). */
  spill: Uint8Array;
}

/**
 * Builds a new cell from its logical fields, splitting the payload as SQLite does (payload.ts).
 * Cells shorter than 4 bytes are zero-padded to 4, as SQLite's fillInCell does.
 *
 * @param fields - `leftChild` for types 2/5, `rowid` for types 5/13, `payload` for types 2/10/13.
 * @param usableSize - page size minus reserved bytes (bytes).
 * @param overflowPgno - first overflow page number to write when the payload spills (default 0, to be patched).
 */
export function buildCell(
  pageType: PageType,
  fields: { leftChild?: number; rowid?: number | bigint; payload?: Uint8Array },
  usableSize: number,
  overflowPgno = 0,
): BuiltCell {
  const payload = fields.payload ?? new Uint8Array(0);
  const cell: Cell = { offset: 0, size: 0, leftChild: fields.leftChild, rowid: fields.rowid };
  let spill: Uint8Array = new Uint8Array(0);
  if (pageType !== 5) {
    const local = localPayloadSize(payload.length, usableSize, pageType === 13 ? 'table' : 'index');
    cell.payloadSize = payload.length;
    cell.localPayload = payload.subarray(0, local);
    if (local < payload.length) {
      cell.overflowPgno = overflowPgno;
      spill = payload.subarray(local);
    }
  }
  const bytes = new Uint8Array(Math.max(cellFieldBytes(pageType, cell), MIN_CELL_BYTES));
  writeCell(bytes, 0, pageType, cell);
  return { bytes, spill };
}

// A cell's `size` is written after its literal is made, on each path of decodeCell: one cell of
// each page type decoded when the module loads (a blank 512-byte page), so that the first real
// interior or index cell leaves the field's kind as it is (keep-shape.ts settleFields).
for (const type of [13, 10, 5, 2] as const) keepShape(decodeCell(new Uint8Array(512), 2, type, 8, 512));
