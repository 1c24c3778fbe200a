/**
 * A seeded xorshift32 generator for tests and benchmarks that need the same "random" data on every
 * run (fast-check's own generators are used where shrinking matters).
 * @module
 */

/** Returns a generator of numbers in [0, 1) determined by `seed` (0 is treated as 1). */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}
