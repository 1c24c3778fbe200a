/**
 * Test sizes: `npm test` runs a seeded sample; `npm run test:parser` (STRATA_PARSER_FULL=1) runs
 * ten times as many generated cases, with a fresh seed, and every sqllogictest query.
 */

/** True under `npm run test:parser`. */
export const FULL = process.env.STRATA_PARSER_FULL === '1';

/** fast-check options: `numRuns` cases from `seed` (ten times as many from a new seed when FULL). */
export function runs(numRuns: number, seed: number): { numRuns: number; seed: number } {
  return FULL ? { numRuns: numRuns * 10, seed: Date.now() | 0 } : { numRuns, seed };
}
