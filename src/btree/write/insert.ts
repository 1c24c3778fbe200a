/**
 * Inserting an entry, or replacing the one with the same key (SQLite's sqlite3BtreeInsert).
 *
 * 1. Seek the key (seek-path.ts). Table trees always end on a leaf; an index key equal to an
 *    interior cell ends there.
 * 2. Key present with a payload of the same size: rewrite the payload in place, overflow pages
 *    included (btreeOverwriteCell) — no cell moves, nothing is balanced.
 * 3. Otherwise build the new cell for the page it goes to (its overflow chain written first), then,
 *    when the key is present, free the old cell's overflow chain and either copy the new cell over
 *    the old one (same size, no overflow chain, and in auto_vacuum smaller than minLocal: SQLite's
 *    rule) or drop the old cell; an interior cell keeps its left child.
 * 4. Insert the cell at its place; if it does not fit it becomes an overflow cell and the path is
 *    balanced (balance.ts).
 *
 * @module
 */
import { readVarint32, type PageType, type SqlValue } from '../../format/index.js';
import { balance } from './balance.js';
import { dropCell, insertCell } from './cell-edit.js';
import { cellOverflowPgno, get4, put4 } from './mem-page.js';
import { clearCell, fillInCell, overwriteCell } from './overflow-write.js';
import type { PageOverlay } from './page-overlay.js';
import { seekKeyPath, seekRowidPath, type IndexKeyDef, type SeekResult } from './seek-path.js';

/**
 * Table trees: inserts (`rowid`, `payload`) into the tree rooted at `root`, replacing the entry with
 * that rowid. `payload` is the record (bytes).
 * @returns true when an entry was replaced.
 */
export function tableInsert(ov: PageOverlay, root: number, rowid: number | bigint, payload: Uint8Array): boolean {
  const s = seekRowidPath(ov, root, rowid);
  return insertAt(ov, s, { rowid, payload });
}

/**
 * Index trees (and WITHOUT ROWID tables): inserts the record `payload` whose decoded fields are
 * `key`, replacing the entry whose key is equal under `def`.
 * @param bulk - a sorted append (balance.ts `bulk`).
 * @returns true when an entry was replaced.
 */
export function indexInsert(ov: PageOverlay, root: number, key: readonly SqlValue[], payload: Uint8Array, def: IndexKeyDef, bulk = false): boolean {
  const s = seekKeyPath(ov, root, key, def);
  return insertAt(ov, s, { payload }, bulk);
}

function insertAt(ov: PageOverlay, s: SeekResult, fields: { rowid?: number | bigint; payload: Uint8Array }, bulk = false): boolean {
  const top = s.path[s.path.length - 1];
  const page = top.page;
  const idx = top.idx;
  if (s.loc === 0) {
    const o = page.cellPtr(idx);
    const oldPayloadSize = payloadSizeAt(page.type, page.data, o);
    if (oldPayloadSize === fields.payload.length) {
      overwriteCell(ov, page, o, fields.payload);
      return true;
    }
  }
  const type: PageType = page.type;
  const cell = fillInCell(ov, type, { rowid: fields.rowid, payload: fields.payload, leftChild: page.leaf ? undefined : 0 });
  if (s.loc === 0) {
    ov.makeWritable(page);
    const o = page.cellPtr(idx);
    if (!page.leaf) put4(cell, 0, get4(page.data, o));
    const oldSize = page.cellSize(o);
    const hadOverflow = cellOverflowPgno(page.type, page.data, o, ov.usableSize) !== 0;
    clearCell(ov, page, o);
    if (oldSize === cell.length && !hadOverflow && (!ov.autoVacuum || cell.length < page.minLocal)) {
      page.data.set(cell, o);
      return true;
    }
    dropCell(page, idx, oldSize);
  }
  insertCell(ov, page, idx, cell);
  if (page.ovfl.length > 0) balance(ov, s.path, bulk);
  return s.loc === 0;
}

/** The payload size recorded in the cell at `o` (types 2, 10, 13; bytes). */
function payloadSizeAt(type: PageType, b: Uint8Array, o: number): number {
  return readVarint32(b, type === 2 ? o + 4 : o);
}
