/**
 * The AEGIS-256 state update, unrolled: one lane of AEGIS-256 or of AEGIS-256X
 * (draft-irtf-cfrg-aegis-aead §4.3 "The Update Function", §4.6-4.8 Absorb/Enc/Dec, §6.3 for the
 * lanes of AEGIS-256X).
 *
 * A lane's state is six AES blocks S0..S5, kept as 24 words in an `Int32Array` at `so`:
 *
 * ```
 * OFFSET (words)  SIZE (words)  DESCRIPTION
 *  0               4            S0   (word c = bytes 4c..4c+3 of the block, little-endian)
 *  4               4            S1
 *  …               …            …
 * 20               4            S5
 * ```
 *
 * The lane reads one 16-byte block M at word `wo`, then moves `stride` words on: AEGIS-256 uses a
 * stride of 4; lane `i` of AEGIS-256X with degree D starts at word `4i` with a stride of `4D` (the
 * lanes only meet in Init and Finalize).
 *
 * Speed and timing: as `aegis-128l-lane.ts` (24 locals, T-table rounds, no allocation).
 *
 * @module
 */
import { tTable } from './aes-tables.js';
import { ABSORB, ENCRYPT, type LaneMode } from './lane-mode.js';

// The T-tables are this module's own constants: V8 then folds their addresses and lengths into
// the compiled loop (imported bindings are reloaded and re-checked on every lookup).
const T0 = tTable(0), T1 = tTable(8), T2 = tTable(16), T3 = tTable(24);

/**
 * Runs `blocks` 16-byte blocks through one AEGIS-256 lane, in place.
 *
 * - `ABSORB`: Update(M); `w` is left as it is (Absorb, and Init/Finalize updates).
 * - `ENCRYPT`: `w` ← M ^ z; Update(M) with the plaintext (Enc).
 * - `DECRYPT`: `w` ← C ^ z; Update with the plaintext so produced (Dec).
 *
 * @param state - lane states; this lane's 24 words start at word `so`.
 * @param w - the message as little-endian words.
 * @param wo - word index of the first block.
 * @param blocks - number of 16-byte blocks (0 allowed).
 * @param stride - words from one block to the next (0 repeats the same block).
 */
export function aegis256Lane(
  state: Int32Array,
  so: number,
  w: Int32Array,
  wo: number,
  blocks: number,
  stride: number,
  mode: LaneMode,
): void {
  const t0 = T0, t1 = T1, t2 = T2, t3 = T3;
  const crypt = mode !== ABSORB, encrypt = mode === ENCRYPT;
  let s00 = state[so + 0], s01 = state[so + 1], s02 = state[so + 2], s03 = state[so + 3];
  let s10 = state[so + 4], s11 = state[so + 5], s12 = state[so + 6], s13 = state[so + 7];
  let s20 = state[so + 8], s21 = state[so + 9], s22 = state[so + 10], s23 = state[so + 11];
  let s30 = state[so + 12], s31 = state[so + 13], s32 = state[so + 14], s33 = state[so + 15];
  let s40 = state[so + 16], s41 = state[so + 17], s42 = state[so + 18], s43 = state[so + 19];
  let s50 = state[so + 20], s51 = state[so + 21], s52 = state[so + 22], s53 = state[so + 23];
  for (let b = 0; b < blocks; b = (b + 1) | 0, wo = (wo + stride) | 0) {
    let x0 = w[wo], x1 = w[(wo + 1) | 0], x2 = w[(wo + 2) | 0], x3 = w[(wo + 3) | 0];
    if (crypt) {
      // z = S1 ^ S4 ^ S5 ^ (S2 & S3)
      const z0 = s10 ^ s40 ^ s50 ^ (s20 & s30), z1 = s11 ^ s41 ^ s51 ^ (s21 & s31);
      const z2 = s12 ^ s42 ^ s52 ^ (s22 & s32), z3 = s13 ^ s43 ^ s53 ^ (s23 & s33);
      if (encrypt) {
        w[wo] = x0 ^ z0; w[(wo + 1) | 0] = x1 ^ z1; w[(wo + 2) | 0] = x2 ^ z2; w[(wo + 3) | 0] = x3 ^ z3;
      } else {
        x0 ^= z0; x1 ^= z1; x2 ^= z2; x3 ^= z3;
        w[wo] = x0; w[(wo + 1) | 0] = x1; w[(wo + 2) | 0] = x2; w[(wo + 3) | 0] = x3;
      }
    }
    {
      const u0 = s50, u1 = s51, u2 = s52, u3 = s53; // S5 before the update
      // S'5 = AESRound(S4, S5)
      s50 = t0[s40 & 255] ^ t1[(s41 >>> 8) & 255] ^ t2[(s42 >>> 16) & 255] ^ t3[s43 >>> 24] ^ s50;
      s51 = t0[s41 & 255] ^ t1[(s42 >>> 8) & 255] ^ t2[(s43 >>> 16) & 255] ^ t3[s40 >>> 24] ^ s51;
      s52 = t0[s42 & 255] ^ t1[(s43 >>> 8) & 255] ^ t2[(s40 >>> 16) & 255] ^ t3[s41 >>> 24] ^ s52;
      s53 = t0[s43 & 255] ^ t1[(s40 >>> 8) & 255] ^ t2[(s41 >>> 16) & 255] ^ t3[s42 >>> 24] ^ s53;
      // S'4 = AESRound(S3, S4)
      s40 = t0[s30 & 255] ^ t1[(s31 >>> 8) & 255] ^ t2[(s32 >>> 16) & 255] ^ t3[s33 >>> 24] ^ s40;
      s41 = t0[s31 & 255] ^ t1[(s32 >>> 8) & 255] ^ t2[(s33 >>> 16) & 255] ^ t3[s30 >>> 24] ^ s41;
      s42 = t0[s32 & 255] ^ t1[(s33 >>> 8) & 255] ^ t2[(s30 >>> 16) & 255] ^ t3[s31 >>> 24] ^ s42;
      s43 = t0[s33 & 255] ^ t1[(s30 >>> 8) & 255] ^ t2[(s31 >>> 16) & 255] ^ t3[s32 >>> 24] ^ s43;
      // S'3 = AESRound(S2, S3)
      s30 = t0[s20 & 255] ^ t1[(s21 >>> 8) & 255] ^ t2[(s22 >>> 16) & 255] ^ t3[s23 >>> 24] ^ s30;
      s31 = t0[s21 & 255] ^ t1[(s22 >>> 8) & 255] ^ t2[(s23 >>> 16) & 255] ^ t3[s20 >>> 24] ^ s31;
      s32 = t0[s22 & 255] ^ t1[(s23 >>> 8) & 255] ^ t2[(s20 >>> 16) & 255] ^ t3[s21 >>> 24] ^ s32;
      s33 = t0[s23 & 255] ^ t1[(s20 >>> 8) & 255] ^ t2[(s21 >>> 16) & 255] ^ t3[s22 >>> 24] ^ s33;
      // S'2 = AESRound(S1, S2)
      s20 = t0[s10 & 255] ^ t1[(s11 >>> 8) & 255] ^ t2[(s12 >>> 16) & 255] ^ t3[s13 >>> 24] ^ s20;
      s21 = t0[s11 & 255] ^ t1[(s12 >>> 8) & 255] ^ t2[(s13 >>> 16) & 255] ^ t3[s10 >>> 24] ^ s21;
      s22 = t0[s12 & 255] ^ t1[(s13 >>> 8) & 255] ^ t2[(s10 >>> 16) & 255] ^ t3[s11 >>> 24] ^ s22;
      s23 = t0[s13 & 255] ^ t1[(s10 >>> 8) & 255] ^ t2[(s11 >>> 16) & 255] ^ t3[s12 >>> 24] ^ s23;
      // S'1 = AESRound(S0, S1)
      s10 = t0[s00 & 255] ^ t1[(s01 >>> 8) & 255] ^ t2[(s02 >>> 16) & 255] ^ t3[s03 >>> 24] ^ s10;
      s11 = t0[s01 & 255] ^ t1[(s02 >>> 8) & 255] ^ t2[(s03 >>> 16) & 255] ^ t3[s00 >>> 24] ^ s11;
      s12 = t0[s02 & 255] ^ t1[(s03 >>> 8) & 255] ^ t2[(s00 >>> 16) & 255] ^ t3[s01 >>> 24] ^ s12;
      s13 = t0[s03 & 255] ^ t1[(s00 >>> 8) & 255] ^ t2[(s01 >>> 16) & 255] ^ t3[s02 >>> 24] ^ s13;
      // S'0 = AESRound(S5, S0 ^ M0)
      s00 = t0[u0 & 255] ^ t1[(u1 >>> 8) & 255] ^ t2[(u2 >>> 16) & 255] ^ t3[u3 >>> 24] ^ s00 ^ x0;
      s01 = t0[u1 & 255] ^ t1[(u2 >>> 8) & 255] ^ t2[(u3 >>> 16) & 255] ^ t3[u0 >>> 24] ^ s01 ^ x1;
      s02 = t0[u2 & 255] ^ t1[(u3 >>> 8) & 255] ^ t2[(u0 >>> 16) & 255] ^ t3[u1 >>> 24] ^ s02 ^ x2;
      s03 = t0[u3 & 255] ^ t1[(u0 >>> 8) & 255] ^ t2[(u1 >>> 16) & 255] ^ t3[u2 >>> 24] ^ s03 ^ x3;
    }
  }
  state[so + 0] = s00; state[so + 1] = s01; state[so + 2] = s02; state[so + 3] = s03;
  state[so + 4] = s10; state[so + 5] = s11; state[so + 6] = s12; state[so + 7] = s13;
  state[so + 8] = s20; state[so + 9] = s21; state[so + 10] = s22; state[so + 11] = s23;
  state[so + 12] = s30; state[so + 13] = s31; state[so + 14] = s32; state[so + 15] = s33;
  state[so + 16] = s40; state[so + 17] = s41; state[so + 18] = s42; state[so + 19] = s43;
  state[so + 20] = s50; state[so + 21] = s51; state[so + 22] = s52; state[so + 23] = s53;
}
