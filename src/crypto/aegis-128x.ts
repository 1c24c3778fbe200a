/**
 * AEGIS-128L, AEGIS-128X2 and AEGIS-128X4 (draft-irtf-cfrg-aegis-aead §3 and §6.2): D parallel
 * AEGIS-128L lanes, D = 1, 2, 4. Key 16 bytes, nonce 16 bytes, tag 16 bytes, rate 32·D bytes.
 *
 * State: D lanes of 32 words (`aegis-128l-lane.ts`), lane i at word 32·i. A rate-sized block of
 * 32·D bytes gives lane i the 16-byte block at byte 16·i as M0 and the one at byte 16·D + 16·i as M1.
 *
 * ```
 * Init:     Si = key^nonce, C1, C0, C1, key^nonce, key^C0, key^C1, key^C0   (i = 0..7)
 *           10 × { S3 ^= ctx, S7 ^= ctx (each lane); Update(nonce, key) }
 * Finalize: t = S2 ^ (LE64(ad bits) || LE64(msg bits)); 7 × Update(t, t)
 *           tag = XOR over lanes of S0 ^ S1 ^ S2 ^ S3 ^ S4 ^ S5 ^ S6           (128-bit tag)
 *              or XOR over lanes of (S0 ^ S1 ^ S2 ^ S3) || (S4 ^ S5 ^ S6 ^ S7) (256-bit tag)
 * ```
 *
 * @module
 */
import type { Aead } from './aead.js';
import { aegisAead, type AegisState } from './aegis-aead.js';
import { C0, C1, contextWord } from './aegis-constants.js';
import { aegis128lLane } from './aegis-128l-lane.js';
import { ABSORB, type LaneMode } from './lane-mode.js';
import { readBlock } from './word-scratch.js';

const LANE_WORDS = 32;

/** The state machine of the AEGIS-128 family with `degree` lanes (1, 2 or 4). */
export function aegis128State(degree: number): AegisState {
  const state = new Int32Array(LANE_WORDS * degree);
  const saved = new Int32Array(LANE_WORDS * degree);
  const block = new Int32Array(8 * degree); // one rate-sized block of words, for Init and Finalize
  const key = new Int32Array(4);
  const nonce = new Int32Array(4);
  const m1 = 4 * degree;
  const stride = 8 * degree;

  return {
    words: state,
    rateBytes: 32 * degree,
    init(keyBytes, nonceBytes) {
      readBlock(keyBytes, 0, key, 0);
      readBlock(nonceBytes, 0, nonce, 0);
      for (let lane = 0; lane < degree; lane++) {
        const s = lane * LANE_WORDS;
        for (let c = 0; c < 4; c++) {
          const k = key[c];
          state[s + c] = k ^ nonce[c];
          state[s + 4 + c] = C1[c];
          state[s + 8 + c] = C0[c];
          state[s + 12 + c] = C1[c];
          state[s + 16 + c] = k ^ nonce[c];
          state[s + 20 + c] = k ^ C0[c];
          state[s + 24 + c] = k ^ C1[c];
          state[s + 28 + c] = k ^ C0[c];
          block[4 * lane + c] = nonce[c];
          block[m1 + 4 * lane + c] = k;
        }
      }
      for (let round = 0; round < 10; round++) {
        for (let lane = 0; lane < degree; lane++) {
          const s = lane * LANE_WORDS;
          const ctx = contextWord(lane, degree);
          state[s + 12] ^= ctx; // S3
          state[s + 28] ^= ctx; // S7
          aegis128lLane(state, s, block, 4 * lane, 1, m1, stride, ABSORB);
        }
      }
    },
    run(words: Int32Array, at: number, blocks: number, mode: LaneMode) {
      for (let lane = 0; lane < degree; lane++) {
        aegis128lLane(state, lane * LANE_WORDS, words, at + 4 * lane, blocks, m1, stride, mode);
      }
    },
    save() {
      saved.set(state);
    },
    restore() {
      state.set(saved);
    },
    finalize(adBytes, messageBytes, tag, tagWords) {
      const adBits = adBytes * 8;
      const msgBits = messageBytes * 8;
      const u0 = adBits % 0x1_0000_0000 | 0, u1 = Math.floor(adBits / 0x1_0000_0000) | 0;
      const u2 = msgBits % 0x1_0000_0000 | 0, u3 = Math.floor(msgBits / 0x1_0000_0000) | 0;
      for (let lane = 0; lane < degree; lane++) {
        const s = lane * LANE_WORDS + 8; // S2
        const b = 4 * lane;
        block[b] = block[m1 + b] = state[s] ^ u0;
        block[b + 1] = block[m1 + b + 1] = state[s + 1] ^ u1;
        block[b + 2] = block[m1 + b + 2] = state[s + 2] ^ u2;
        block[b + 3] = block[m1 + b + 3] = state[s + 3] ^ u3;
      }
      tag.fill(0);
      for (let lane = 0; lane < degree; lane++) {
        const s = lane * LANE_WORDS;
        aegis128lLane(state, s, block, 4 * lane, 7, m1, 0, ABSORB);
        for (let c = 0; c < 4; c++) {
          const low = state[s + c] ^ state[s + 4 + c] ^ state[s + 8 + c] ^ state[s + 12 + c];
          const high = state[s + 16 + c] ^ state[s + 20 + c] ^ state[s + 24 + c];
          if (tagWords === 4) {
            tag[c] ^= low ^ high; // S0 ^ … ^ S6
          } else {
            tag[c] ^= low; // S0 ^ S1 ^ S2 ^ S3
            tag[4 + c] ^= high ^ state[s + 28 + c]; // S4 ^ S5 ^ S6 ^ S7
          }
        }
      }
    },
  };
}

/**
 * A new AEGIS-128L (degree 1) or AEGIS-128X2/X4 (degree 2/4): key 16, nonce 16 bytes.
 *
 * @param tagBytes - 16 (default) or 32.
 */
export function createAegis128(degree: 1 | 2 | 4, tagBytes: 16 | 32 = 16): Aead {
  return aegisAead(degree === 1 ? 'AEGIS-128L' : `AEGIS-128X${degree}`, 16, 16, tagBytes, aegis128State(degree));
}

/** AEGIS-128L (draft §3): key 16, nonce 16, tag 16 bytes. */
export const aegis128l: Aead = createAegis128(1);
/** AEGIS-128X2 (draft §6.2, D = 2): key 16, nonce 16, tag 16 bytes. */
export const aegis128x2: Aead = createAegis128(2);
/** AEGIS-128X4 (draft §6.2, D = 4): key 16, nonce 16, tag 16 bytes. */
export const aegis128x4: Aead = createAegis128(4);
