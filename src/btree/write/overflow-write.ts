/**
 * Cells with their overflow chains: building one (SQLite's fillInCell), freeing one's chain
 * (clearCell) and rewriting a payload of unchanged size in place (btreeOverwriteCell).
 *
 * The split between local bytes and overflow pages is format/payload.ts (`localPayloadSize`); the
 * cell bytes come from format/cell.ts (`buildCell`); overflow pages are laid out as in
 * format/overflow.ts: a 4-byte next-page number, then usableSize − 4 payload bytes.
 *
 * Chain allocation follows SQLite: each overflow page is asked for near the previous one; in
 * auto_vacuum the hint skips pointer-map pages, the first page gets ptrmap (OVERFLOW1, 0) until the
 * cell lands on a page (cell-edit.ts sets the real parent), later pages (OVERFLOW2, previous page).
 *
 * @module
 */
import { corrupt } from '../../error.js';
import { buildCell, decodeCell, maxLocalPayload, overflowPageCapacity, putVarint, varintLength, type PageType } from '../../format/index.js';
import { allocatePage, freePage } from './freelist-alloc.js';
import { get4, put4, type MemPage } from './mem-page.js';
import type { PageOverlay } from './page-overlay.js';
import { isPtrmapPage, ptrmapPut, PTRMAP_OVERFLOW1, PTRMAP_OVERFLOW2 } from './ptrmap-write.js';

/**
 * The bytes of a new cell for a page of type `type`, with its overflow chain written.
 * @param fields - `rowid` for table leaves, `payload` (the record), `leftChild` for index interior cells.
 */
export function fillInCell(
  ov: PageOverlay,
  type: PageType,
  fields: { rowid?: number | bigint; payload: Uint8Array; leftChild?: number },
): Uint8Array {
  const payload = fields.payload;
  if ((type === 10 || type === 13) && payload.length <= maxLocalPayload(ov.usableSize, type === 13 ? 'table' : 'index')) {
    // No overflow: the cell is [payload size][rowid on table leaves][payload], at least 4 bytes.
    const head = varintLength(payload.length) + (type === 13 ? varintLength(fields.rowid ?? 0) : 0);
    const bytes = new Uint8Array(Math.max(head + payload.length, 4));
    const p = putVarint(bytes, 0, payload.length);
    if (type === 13) putVarint(bytes, p, fields.rowid ?? 0);
    bytes.set(payload, head);
    return bytes;
  }
  const { bytes, spill } = buildCell(type, fields, ov.usableSize);
  if (spill.length === 0) return bytes;
  const cap = overflowPageCapacity(ov.usableSize);
  let prior: Uint8Array = bytes;
  let priorAt = bytes.length - 4;
  let pgno = 0;
  for (let done = 0; done < spill.length; done += cap) {
    const parent = pgno;
    let hint = pgno;
    if (ov.autoVacuum) {
      do hint++;
      while (isPtrmapPage(ov, hint) || hint === ov.pendingBytePage);
    }
    pgno = allocatePage(ov, hint, 'any');
    ptrmapPut(ov, pgno, parent ? PTRMAP_OVERFLOW2 : PTRMAP_OVERFLOW1, parent);
    put4(prior, priorAt, pgno);
    const page = ov.writeRaw(pgno);
    put4(page, 0, 0);
    page.set(spill.subarray(done, done + cap), 4);
    prior = page;
    priorAt = 0;
  }
  return bytes;
}

/**
 * Frees the overflow chain of the cell at offset `o` of `page` (nothing when it has none).
 * @throws SQLITE_CORRUPT when the chain leaves the file or ends early.
 */
export function clearCell(ov: PageOverlay, page: MemPage, o: number): void {
  const cell = decodeCell(page.data, page.pgno, page.type, o, ov.usableSize);
  if (cell.overflowPgno === undefined) return;
  const cap = overflowPageCapacity(ov.usableSize);
  let n = Math.ceil((cell.payloadSize! - cell.localPayload!.length) / cap);
  let pgno = cell.overflowPgno;
  while (n-- > 0) {
    if (pgno < 2 || pgno > ov.pageCount) throw corrupt(`overflow page ${pgno} is outside the database`, page.pgno, o);
    const next = n > 0 ? get4(ov.read(pgno), 0) : 0;
    freePage(ov, pgno);
    pgno = next;
  }
}

/**
 * Rewrites the payload of the cell at offset `o` of `page` with `payload`, which has the same size,
 * in place: the local part and each overflow page, writing only the pages whose bytes change.
 */
export function overwriteCell(ov: PageOverlay, page: MemPage, o: number, payload: Uint8Array): void {
  const cell = decodeCell(page.data, page.pgno, page.type, o, ov.usableSize);
  const local = cell.localPayload!;
  const at = local.byteOffset - page.data.byteOffset;
  if (!same(local, payload, 0)) {
    ov.makeWritable(page);
    page.data.set(payload.subarray(0, local.length), at);
  }
  const cap = overflowPageCapacity(ov.usableSize);
  let pgno = cell.overflowPgno ?? 0;
  for (let done = local.length; done < payload.length; done += cap) {
    if (pgno < 2 || pgno > ov.pageCount) throw corrupt(`overflow page ${pgno} is outside the database`, page.pgno, o);
    const cur = ov.read(pgno);
    const chunk = payload.subarray(done, done + cap);
    if (!same(cur.subarray(4, 4 + chunk.length), chunk, 0)) ov.writeRaw(pgno).set(chunk, 4);
    pgno = get4(cur, 0);
  }
}

function same(a: Uint8Array, b: Uint8Array, from: number): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[from + i]) return false;
  return true;
}
