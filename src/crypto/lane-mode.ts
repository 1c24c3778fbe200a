/**
 * What an AEGIS lane does with each input block (see `aegis-128l-lane.ts`, `aegis-256-lane.ts`).
 *
 * @module
 */

/** Update the state with the block; leave the block as it is (Absorb, Init, Finalize). */
export const ABSORB = 0;
/** Replace the plaintext block by its ciphertext, then update with the plaintext (Enc). */
export const ENCRYPT = 1;
/** Replace the ciphertext block by its plaintext, then update with the plaintext (Dec). */
export const DECRYPT = 2;

/** One of {@link ABSORB}, {@link ENCRYPT}, {@link DECRYPT}. */
export type LaneMode = typeof ABSORB | typeof ENCRYPT | typeof DECRYPT;
