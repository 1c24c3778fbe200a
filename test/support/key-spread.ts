/**
 * Integer keys spread in different ways, for the searches that estimate where a number lies
 * (src/btree/search-step.ts): evenly, bunched at two ends, skewed (exponential), in long runs of one
 * value, or of every size and sign (serial types 1–6, negatives) with a REAL now and then.
 * @module
 */

/** The ways keys are spread. */
export const SPREADS = ['even', 'bunched', 'skewed', 'runs', 'wide'] as const;
export type Spread = (typeof SPREADS)[number];

/** Key `i` of a spread, `r` a pseudo-random non-negative integer. */
export function spreadValue(spread: Spread, i: number, r: number): number {
  switch (spread) {
    case 'even':
      return r % 100000;
    case 'bunched':
      return (r & 1) === 0 ? r % 50 : 1000000 + (r % 50);
    case 'skewed':
      return Math.floor(Math.exp((r % 1000) / 70));
    case 'runs':
      return Math.floor(i / 37);
    case 'wide':
      return i % 53 === 0 ? i + 0.5 : (r % 2 === 0 ? 1 : -1) * (r % 2 ** (1 + (r % 45)));
  }
}

/** A linear congruential generator from `seed`: non-negative 24-bit integers. */
export function lcg(seed: number): () => number {
  let x = seed;
  return () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8;
}
