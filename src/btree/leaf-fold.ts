/**
 * One INTEGER field of a run of table leaf cells, read straight off the page and folded into a
 * count and a sum (no value, record view or cursor move per row): the inner loop of a fused
 * aggregate scan such as `SELECT count(*), sum(a) FROM t` (vdbe/hot-ops.ts aggScanRows, through
 * BTreeCursor.foldIntsInLeaf).
 *
 * A table leaf cell and its record (fileformat2 §1.6, §2.1), as far as the fold reads them:
 *
 * | bytes            | what                                                        |
 * |------------------|-------------------------------------------------------------|
 * | 1                | payload size P, below 128 and at most maxLocal (no overflow) |
 * | 1–9              | rowid varint (skipped)                                      |
 * | 1                | record header size H, 1 ≤ H < 128, H ≤ P                    |
 * | H − 1            | serial types, one byte each up to the field read (< 128)     |
 * | …                | bodies; the field's body within the payload                 |
 *
 * The field's serial type must be 0 (NULL), 1–5 (a 1- to 6-byte INTEGER, within ±2^47), 8 or 9
 * (the constants 0 and 1). The fold stops, the cursor on that cell, at the first cell it cannot
 * read so, or that lies outside the shape above — a larger payload, a REAL, TEXT, BLOB or 8-byte
 * INTEGER, a record too short to hold the field (ALTER TABLE ADD COLUMN's default), any byte out
 * of bounds — and at a sum whose magnitude would reach 2^52; the caller reads that cell the general
 * way, which also reports any corruption. So every cell folded is one the general path reads as
 * that INTEGER or NULL.
 *
 * @module
 */

/** Body bytes of serial types 0–9 (fileformat2 §2.1). */
const BODY = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0];

/** Magnitude a folded sum stays below (so that adding it to another such sum stays exact). */
export const FOLD_SUM_LIMIT = 2 ** 52;

/** What a fold read: `rows` cells, `n` of them non-NULL, summing to `sum`; the last one's value (null: NULL). */
export interface IntFoldResult {
  rows: number;
  n: number;
  sum: number;
  last: number | null;
}

/**
 * Folds field `field` (0-based) of cells `from` … `to` − 1 of the table leaf `page` (cell pointer
 * array at `ptrBase`, usable bytes up to `end`, payloads up to `maxLocal` bytes on the page) into
 * `out`, stopping before the first cell the module doc excludes.
 */
export function foldIntField(page: Uint8Array, ptrBase: number, from: number, to: number, end: number, maxLocal: number, field: number, out: IntFoldResult): void {
  let i = from;
  let n = 0;
  let sum = 0;
  let last: number | null = null;
  for (; i < to; i++) {
    const p = ptrBase + 2 * i;
    if (p + 1 >= end) break;
    const o = (page[p] << 8) | page[p + 1];
    if (o < ptrBase || o >= end) break;
    const size = page[o];
    if (size >= 0x80 || size > maxLocal) break;
    // The rowid varint: at most 9 bytes (a byte past the page reads undefined and ends it; the
    // payload's end is checked against the usable area next).
    let q = o + 1;
    while (q < o + 9 && page[q] >= 0x80) q++;
    q++;
    const payloadEnd = q + size;
    if (payloadEnd > end) break;
    const h = page[q];
    if (h === 0 || h >= 0x80 || h > size) break;
    const hEnd = q + h;
    let off = q + 1;
    let body = hEnd;
    let st = -1;
    for (let k = 0; off < hEnd; k++, off++) {
      const t = page[off];
      if (t >= 0x80 || t === 10 || t === 11) break;
      if (k === field) {
        st = t;
        break;
      }
      body += t >= 12 ? (t - 12) >>> 1 : BODY[t];
    }
    // Not reached (a short record, a 2-byte serial type, a reserved one) or not an integer shape.
    if (st < 0 || (st > 5 && st !== 8 && st !== 9)) break;
    const len = BODY[st];
    if (body + len > payloadEnd) break;
    let v: number;
    if (st === 0) {
      last = null;
      continue;
    } else if (st === 8) v = 0;
    else if (st === 9) v = 1;
    else {
      // Big-endian two's complement of 1, 2, 3, 4 or 6 bytes.
      v = page[body] > 0x7f ? page[body] - 256 : page[body];
      for (let b = 1; b < len; b++) v = v * 256 + page[body + b];
    }
    const s = sum + v;
    if (s >= FOLD_SUM_LIMIT || s <= -FOLD_SUM_LIMIT) break;
    sum = s;
    n++;
    last = v;
  }
  out.rows = i - from;
  out.n = n;
  out.sum = sum;
  out.last = last;
}
