/**
 * The AEGIS-128L state update, unrolled: one lane of AEGIS-128L or of AEGIS-128X
 * (draft-irtf-cfrg-aegis-aead §3.3 "The Update Function", §3.6-3.8 Absorb/Enc/Dec, §6.2 for the
 * lanes of AEGIS-128X).
 *
 * A lane's state is eight AES blocks S0..S7, kept as 32 words in an `Int32Array` at `so`:
 *
 * ```
 * OFFSET (words)  SIZE (words)  DESCRIPTION
 *  0               4            S0   (word c = bytes 4c..4c+3 of the block, little-endian)
 *  4               4            S1
 *  …               …            …
 * 28               4            S7
 * ```
 *
 * The lane reads its 32-byte input blocks as two 16-byte halves: M0 at word `wo` and M1 at word
 * `wo + m1Offset`, then moves `stride` words on. AEGIS-128L uses (m1Offset, stride) = (4, 8); lane
 * `i` of AEGIS-128X with degree D uses M0 at word `4i`, (m1Offset, stride) = (4D, 8D) — the lanes
 * only meet in Init and Finalize, so each lane can run over the whole message alone.
 *
 * Speed: the state lives in 32 locals for the whole loop; each AESRound is 16 T-table lookups
 * (`aes-tables.ts`). No allocation. Table lookups are not constant-time against an attacker who can
 * time the cache of the same machine; the page cipher accepts that (as libsodium's software AES does).
 *
 * @module
 */
import { tTable } from './aes-tables.js';
import { ABSORB, ENCRYPT, type LaneMode } from './lane-mode.js';

// The T-tables are this module's own constants: V8 then folds their addresses and lengths into
// the compiled loop (imported bindings are reloaded and re-checked on every lookup).
const T0 = tTable(0), T1 = tTable(8), T2 = tTable(16), T3 = tTable(24);

/**
 * Runs `blocks` 32-byte blocks through one AEGIS-128L lane, in place.
 *
 * - `ABSORB`: Update(M0, M1); `w` is left as it is (Absorb, and Init/Finalize updates).
 * - `ENCRYPT`: `w` ← M ^ z; Update(M0, M1) with the plaintext (Enc).
 * - `DECRYPT`: `w` ← C ^ z; Update with the plaintext so produced (Dec).
 *
 * @param state - lane states; this lane's 32 words start at word `so`.
 * @param w - the message as little-endian words.
 * @param wo - word index of the first M0.
 * @param blocks - number of 32-byte blocks (0 allowed).
 * @param m1Offset - words from M0 to M1 within a block.
 * @param stride - words from one block's M0 to the next (0 repeats the same block).
 */
export function aegis128lLane(
  state: Int32Array,
  so: number,
  w: Int32Array,
  wo: number,
  blocks: number,
  m1Offset: number,
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
  let s60 = state[so + 24], s61 = state[so + 25], s62 = state[so + 26], s63 = state[so + 27];
  let s70 = state[so + 28], s71 = state[so + 29], s72 = state[so + 30], s73 = state[so + 31];
  for (let b = 0; b < blocks; b = (b + 1) | 0, wo = (wo + stride) | 0) {
    const wp = (wo + m1Offset) | 0;
    let x0 = w[wo], x1 = w[(wo + 1) | 0], x2 = w[(wo + 2) | 0], x3 = w[(wo + 3) | 0];
    let y0 = w[wp], y1 = w[(wp + 1) | 0], y2 = w[(wp + 2) | 0], y3 = w[(wp + 3) | 0];
    if (crypt) {
      // z0 = S1 ^ S6 ^ (S2 & S3), z1 = S2 ^ S5 ^ (S6 & S7)
      const z0 = s10 ^ s60 ^ (s20 & s30), z1 = s11 ^ s61 ^ (s21 & s31);
      const z2 = s12 ^ s62 ^ (s22 & s32), z3 = s13 ^ s63 ^ (s23 & s33);
      const z4 = s20 ^ s50 ^ (s60 & s70), z5 = s21 ^ s51 ^ (s61 & s71);
      const z6 = s22 ^ s52 ^ (s62 & s72), z7 = s23 ^ s53 ^ (s63 & s73);
      if (encrypt) {
        w[wo] = x0 ^ z0; w[(wo + 1) | 0] = x1 ^ z1; w[(wo + 2) | 0] = x2 ^ z2; w[(wo + 3) | 0] = x3 ^ z3;
        w[wp] = y0 ^ z4; w[(wp + 1) | 0] = y1 ^ z5; w[(wp + 2) | 0] = y2 ^ z6; w[(wp + 3) | 0] = y3 ^ z7;
      } else {
        x0 ^= z0; x1 ^= z1; x2 ^= z2; x3 ^= z3;
        y0 ^= z4; y1 ^= z5; y2 ^= z6; y3 ^= z7;
        w[wo] = x0; w[(wo + 1) | 0] = x1; w[(wo + 2) | 0] = x2; w[(wo + 3) | 0] = x3;
        w[wp] = y0; w[(wp + 1) | 0] = y1; w[(wp + 2) | 0] = y2; w[(wp + 3) | 0] = y3;
      }
    }
    {
      const u0 = s70, u1 = s71, u2 = s72, u3 = s73; // S7 before the update
      // S'7 = AESRound(S6, S7)
      s70 = t0[s60 & 255] ^ t1[(s61 >>> 8) & 255] ^ t2[(s62 >>> 16) & 255] ^ t3[s63 >>> 24] ^ s70;
      s71 = t0[s61 & 255] ^ t1[(s62 >>> 8) & 255] ^ t2[(s63 >>> 16) & 255] ^ t3[s60 >>> 24] ^ s71;
      s72 = t0[s62 & 255] ^ t1[(s63 >>> 8) & 255] ^ t2[(s60 >>> 16) & 255] ^ t3[s61 >>> 24] ^ s72;
      s73 = t0[s63 & 255] ^ t1[(s60 >>> 8) & 255] ^ t2[(s61 >>> 16) & 255] ^ t3[s62 >>> 24] ^ s73;
      // S'6 = AESRound(S5, S6)
      s60 = t0[s50 & 255] ^ t1[(s51 >>> 8) & 255] ^ t2[(s52 >>> 16) & 255] ^ t3[s53 >>> 24] ^ s60;
      s61 = t0[s51 & 255] ^ t1[(s52 >>> 8) & 255] ^ t2[(s53 >>> 16) & 255] ^ t3[s50 >>> 24] ^ s61;
      s62 = t0[s52 & 255] ^ t1[(s53 >>> 8) & 255] ^ t2[(s50 >>> 16) & 255] ^ t3[s51 >>> 24] ^ s62;
      s63 = t0[s53 & 255] ^ t1[(s50 >>> 8) & 255] ^ t2[(s51 >>> 16) & 255] ^ t3[s52 >>> 24] ^ s63;
      // S'5 = AESRound(S4, S5)
      s50 = t0[s40 & 255] ^ t1[(s41 >>> 8) & 255] ^ t2[(s42 >>> 16) & 255] ^ t3[s43 >>> 24] ^ s50;
      s51 = t0[s41 & 255] ^ t1[(s42 >>> 8) & 255] ^ t2[(s43 >>> 16) & 255] ^ t3[s40 >>> 24] ^ s51;
      s52 = t0[s42 & 255] ^ t1[(s43 >>> 8) & 255] ^ t2[(s40 >>> 16) & 255] ^ t3[s41 >>> 24] ^ s52;
      s53 = t0[s43 & 255] ^ t1[(s40 >>> 8) & 255] ^ t2[(s41 >>> 16) & 255] ^ t3[s42 >>> 24] ^ s53;
      // S'4 = AESRound(S3, S4 ^ M1)
      s40 = t0[s30 & 255] ^ t1[(s31 >>> 8) & 255] ^ t2[(s32 >>> 16) & 255] ^ t3[s33 >>> 24] ^ s40 ^ y0;
      s41 = t0[s31 & 255] ^ t1[(s32 >>> 8) & 255] ^ t2[(s33 >>> 16) & 255] ^ t3[s30 >>> 24] ^ s41 ^ y1;
      s42 = t0[s32 & 255] ^ t1[(s33 >>> 8) & 255] ^ t2[(s30 >>> 16) & 255] ^ t3[s31 >>> 24] ^ s42 ^ y2;
      s43 = t0[s33 & 255] ^ t1[(s30 >>> 8) & 255] ^ t2[(s31 >>> 16) & 255] ^ t3[s32 >>> 24] ^ s43 ^ y3;
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
      // S'0 = AESRound(S7, S0 ^ M0)
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
  state[so + 24] = s60; state[so + 25] = s61; state[so + 26] = s62; state[so + 27] = s63;
  state[so + 28] = s70; state[so + 29] = s71; state[so + 30] = s72; state[so + 31] = s73;
}
