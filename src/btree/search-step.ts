/**
 * Where a b-tree page search probes next when the keys are numbers (an index's first field, a
 * table's rowids): interpolation search inside the binary search of SQLite's moveto
 * (btree.c sqlite3BtreeTableMoveto / sqlite3BtreeIndexMoveto).
 *
 * ```
 *  cells   [ lo ............................ hi )     keys of the range lie in [vlo, vhi]
 *  probe          lo + (key − vlo) / (vhi − vlo) · (hi − lo)
 * ```
 *
 * A search that keeps `[lo, hi)` the cells it has not ruled out (those below the key go left of
 * it, those above right) stays exact whichever cell of the range it probes: only the number of
 * probes depends on the choice. Keys spread evenly (rowids, most integer keys) are found in two or
 * three probes a page instead of log₂ of its cells; each probe of a page not in the CPU's caches
 * costs a memory load, which is most of a search's time. The callers allow about log₂(cells)
 * estimated probes a page ({@link estimatedProbes}) and halve the range after that, so that keys
 * spread in any other way cost at most about twice a binary search's probes.
 *
 * @module
 */

/**
 * The cell of `[lo, hi)` to probe for the number `key`, when the keys of those cells lie in
 * `[vlo, vhi]`: where `key` falls in that span, as a share of the range, clamped to the range. The
 * middle (binary search) when the span is unknown (NaN) or empty; `lo` for a NaN key.
 */
export function searchStep(lo: number, hi: number, vlo: number, vhi: number, key: number): number {
  if (!(vhi > vlo)) return (lo + hi) >> 1;
  const mid = lo + Math.floor(((key - vlo) / (vhi - vlo)) * (hi - lo));
  // Written so that NaN (a NaN key) goes to `lo`.
  return mid >= hi ? hi - 1 : mid >= lo ? mid : lo;
}

/** Estimated probes allowed on a page of `nCell` cells before the search halves the range: ⌊log₂ nCell⌋ + 3. */
export function estimatedProbes(nCell: number): number {
  return 34 - Math.clz32(nCell);
}

/**
 * @internal Tests turn the estimated probes off, to check that they change nothing but the number
 * of probes (test/btree/write/delete-in-place.test.ts, test/btree/cursor-seek.test.ts).
 */
export const SEARCH = { estimate: true };
