/**
 * Seeded sampling for `--sample N --seed S`: the same seed picks the same queries on every run
 * and machine.
 *
 * @module
 */

/** FNV-1a, 32 bits, of a string's UTF-16 code units: mixes a file name into the seed. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Picks `n` distinct items of `items` (all of them when `n` ≥ its length), uniformly, by a
 * partial Fisher–Yates shuffle driven by `random`.
 * @returns the picked items as a Set.
 */
export function pick<T>(items: readonly T[], n: number, random: () => number): Set<T> {
  const pool = [...items];
  const k = Math.min(Math.max(0, Math.floor(n)), pool.length);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return new Set(pool.slice(0, k));
}
