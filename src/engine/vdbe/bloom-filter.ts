/**
 * The Bloom filter of an automatic index (SQLite's OP_FilterAdd / OP_Filter, where.c
 * constructAutomaticIndex): a zero-filled BLOB register of bits, one bit set per key added; a key
 * whose bit is clear was never added, and its lookup is skipped.
 *
 * ```
 *  Blob      10000, R          R = 10,000 zero bytes (80,000 bits), once per statement run
 *  FilterAdd R, 0, K, N        build: set bit hash(r[K..K+N-1]) mod 80,000
 *  Filter    R, miss, K, N     lookup: jump to `miss` when that bit is clear
 * ```
 *
 * The hash must agree for keys that compare equal (fileformat2 / datatype3 comparison rules), else
 * a row would be missed; it may agree for others (the lookup then runs and finds nothing). So it
 * sums, per field: an INTEGER's value, a REAL's value truncated to an integer (1 and 1.0 compare
 * equal), and one constant for every TEXT and another for every BLOB (texts equal under NOCASE or
 * RTRIM are not equal bytes); NULL adds nothing. As SQLite's filterHash, whose choices these are.
 *
 * @module
 */
import { Real, type Value } from '../value/value.js';

/** The bit of the filter `bits` bits long that the key `mem[from .. from + n)` sets or tests. */
export function filterBit(mem: readonly unknown[], from: number, n: number, bits: number): number {
  let h = 0;
  for (let i = 0; i < n; i++) {
    const v = mem[from + i] as Value;
    if (typeof v === 'number') h += v;
    else if (typeof v === 'bigint') h += Number(v);
    else if (v instanceof Real) h += Math.trunc(v.value);
    else if (typeof v === 'string') h += 4095;
    else if (v instanceof Uint8Array) h += 4109;
  }
  // A float sum of huge values is still the same for the same key: only agreement matters.
  const b = h % bits;
  return Number.isFinite(b) ? (b < 0 ? b + bits : b) : 0;
}

/** Sets the key's bit in `filter` (FilterAdd). */
export function filterAdd(filter: Uint8Array, mem: readonly unknown[], from: number, n: number): void {
  const bit = filterBit(mem, from, n, filter.length * 8);
  filter[bit >> 3] |= 1 << (bit & 7);
}

/** True when the key may have been added to `filter` (its bit is set); false: it never was (Filter). */
export function filterMayHold(filter: Uint8Array, mem: readonly unknown[], from: number, n: number): boolean {
  const bit = filterBit(mem, from, n, filter.length * 8);
  return (filter[bit >> 3] & (1 << (bit & 7))) !== 0;
}
