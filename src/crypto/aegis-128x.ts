/**
 * AEGIS-128L, AEGIS-128X2 and AEGIS-128X4 (draft-irtf-cfrg-aegis-aead §3 and §6.2): D parallel
 * AEGIS-128L lanes, D = 1, 2, 4. Key 16 bytes, nonce 16 bytes, tag 16 bytes, rate 32·D bytes.
 *
 * State: D lanes of 32 words (`aegis-128l-lane.ts`), lane i at word 32·i of the state area of
 * `aegis-memory.ts`, run by a `lane-engine.ts` engine. A rate-sized block of
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
import { BLOCK_WORD, memoryWords, readBlock, SAVED_WORD, STATE_WORD } from './aegis-memory.js';
import { defaultLanes, type LaneEngine } from './lane-engine.js';
import { ABSORB, type LaneMode } from './lane-mode.js';

const LANE_WORDS = 32;

/**
 * The state machine of the AEGIS-128 family with `degree` lanes (1, 2 or 4), on the state area of
 * `aegis-memory.ts`, its lanes run by `engine`.
 */
export function aegis128State(degree: number, engine: LaneEngine = defaultLanes): AegisState {
  const m = memoryWords;
  const key = new Int32Array(4);
  const nonce = new Int32Array(4);
  const m1 = 4 * degree;
  const stride = 8 * degree;
  const words = LANE_WORDS * degree;

  return {
    words: m.subarray(STATE_WORD, STATE_WORD + words),
    engine,
    rateBytes: 32 * degree,
    init(keyBytes, nonceBytes) {
      readBlock(keyBytes, 0, key, 0);
      readBlock(nonceBytes, 0, nonce, 0);
      for (let lane = 0; lane < degree; lane++) {
        const s = STATE_WORD + lane * LANE_WORDS;
        for (let c = 0; c < 4; c++) {
          const k = key[c];
          m[s + c] = k ^ nonce[c];
          m[s + 4 + c] = C1[c];
          m[s + 8 + c] = C0[c];
          m[s + 12 + c] = C1[c];
          m[s + 16 + c] = k ^ nonce[c];
          m[s + 20 + c] = k ^ C0[c];
          m[s + 24 + c] = k ^ C1[c];
          m[s + 28 + c] = k ^ C0[c];
          m[BLOCK_WORD + 4 * lane + c] = nonce[c];
          m[BLOCK_WORD + m1 + 4 * lane + c] = k;
        }
      }
      for (let round = 0; round < 10; round++) {
        for (let lane = 0; lane < degree; lane++) {
          const s = STATE_WORD + lane * LANE_WORDS;
          const ctx = contextWord(lane, degree);
          m[s + 12] ^= ctx; // S3
          m[s + 28] ^= ctx; // S7
          engine.lane128(s, BLOCK_WORD + 4 * lane, 1, m1, stride, ABSORB);
        }
      }
    },
    run(at: number, blocks: number, mode: LaneMode) {
      for (let lane = 0; lane < degree; lane++) {
        engine.lane128(STATE_WORD + lane * LANE_WORDS, at + 4 * lane, blocks, m1, stride, mode);
      }
    },
    save() {
      m.copyWithin(SAVED_WORD, STATE_WORD, STATE_WORD + words);
    },
    restore() {
      m.copyWithin(STATE_WORD, SAVED_WORD, SAVED_WORD + words);
    },
    finalize(adBytes, messageBytes, tag, tagWords) {
      const adBits = adBytes * 8;
      const msgBits = messageBytes * 8;
      const u0 = adBits % 0x1_0000_0000 | 0, u1 = Math.floor(adBits / 0x1_0000_0000) | 0;
      const u2 = msgBits % 0x1_0000_0000 | 0, u3 = Math.floor(msgBits / 0x1_0000_0000) | 0;
      for (let lane = 0; lane < degree; lane++) {
        const s = STATE_WORD + lane * LANE_WORDS + 8; // S2
        const b = BLOCK_WORD + 4 * lane;
        m[b] = m[m1 + b] = m[s] ^ u0;
        m[b + 1] = m[m1 + b + 1] = m[s + 1] ^ u1;
        m[b + 2] = m[m1 + b + 2] = m[s + 2] ^ u2;
        m[b + 3] = m[m1 + b + 3] = m[s + 3] ^ u3;
      }
      tag.fill(0);
      for (let lane = 0; lane < degree; lane++) {
        const s = STATE_WORD + lane * LANE_WORDS;
        engine.lane128(s, BLOCK_WORD + 4 * lane, 7, m1, 0, ABSORB);
        for (let c = 0; c < 4; c++) {
          const low = m[s + c] ^ m[s + 4 + c] ^ m[s + 8 + c] ^ m[s + 12 + c];
          const high = m[s + 16 + c] ^ m[s + 20 + c] ^ m[s + 24 + c];
          if (tagWords === 4) {
            tag[c] ^= low ^ high; // S0 ^ … ^ S6
          } else {
            tag[c] ^= low; // S0 ^ S1 ^ S2 ^ S3
            tag[4 + c] ^= high ^ m[s + 28 + c]; // S4 ^ S5 ^ S6 ^ S7
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
 * @param engine - the lanes' code: WebAssembly where available (default), or `jsLanes`.
 */
export function createAegis128(degree: 1 | 2 | 4, tagBytes: 16 | 32 = 16, engine: LaneEngine = defaultLanes): Aead {
  return aegisAead(degree === 1 ? 'AEGIS-128L' : `AEGIS-128X${degree}`, 16, 16, tagBytes, aegis128State(degree, engine));
}

/** AEGIS-128L (draft §3): key 16, nonce 16, tag 16 bytes. */
export const aegis128l: Aead = createAegis128(1);
/** AEGIS-128X2 (draft §6.2, D = 2): key 16, nonce 16, tag 16 bytes. */
export const aegis128x2: Aead = createAegis128(2);
/** AEGIS-128X4 (draft §6.2, D = 4): key 16, nonce 16, tag 16 bytes. */
export const aegis128x4: Aead = createAegis128(4);
