/**
 * Reassembling a cell's payload from its local part and its overflow chain (fileformat2 §1.6,
 * "Cell payload overflow pages").
 *
 * Each overflow page holds a 4-byte big-endian next-page number, then up to usableSize − 4 bytes of
 * payload. The chain must end (next = 0) exactly when the payload is complete; a chain that ends early,
 * points outside the file, or runs on is SQLITE_CORRUPT.
 *
 * @module
 */
import { corrupt } from '../error.js';
import { decodeOverflowPage, type Cell } from '../format/index.js';
import { ready, type IOResult } from '../io/io-result.js';

/** What a cursor needs from the pager. */
export interface PageSource {
  /** Usable bytes per page (page size − reserved bytes). */
  readonly usableSize: number;
  /** Database size in pages. */
  readonly pageCount: number;
  /** The bytes of page `pgno`. */
  getPage(pgno: number): IOResult<Uint8Array>;
  /**
   * The bytes of page `pgno` when they are in memory, without an IOResult; undefined when not (then
   * getPage does the work). Optional: sources without it always go through getPage.
   */
  peekPage?(pgno: number): Uint8Array | undefined;
}

/**
 * The whole payload of `cell` (found on page `pgno`).
 * @throws SqliteError SQLITE_CORRUPT for a broken overflow chain.
 */
export function readPayload(source: PageSource, cell: Cell, pgno: number): IOResult<Uint8Array> {
  const local = cell.localPayload ?? new Uint8Array(0);
  const total = cell.payloadSize ?? local.length;
  if (cell.overflowPgno === undefined) return ready(local);
  const out = new Uint8Array(total);
  out.set(local, 0);
  let filled = local.length;
  let next = cell.overflowPgno;
  let from = pgno;
  const perPage = source.usableSize - 4;
  while (filled < total) {
    if (next < 1 || next > source.pageCount) throw corrupt(`overflow chain points to page ${next}, outside 1..${source.pageCount}`, from);
    const pr = source.getPage(next);
    if (!pr.done) return pr;
    const ov = decodeOverflowPage(pr.value, next, source.usableSize);
    const take = Math.min(perPage, total - filled);
    out.set(ov.content.subarray(0, take), filled);
    filled += take;
    from = next;
    next = ov.next;
    if (filled < total && next === 0) throw corrupt(`overflow chain ends after ${filled} of ${total} payload bytes`, from, 0);
  }
  return ready(out);
}
