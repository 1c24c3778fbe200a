/**
 * AEGIS-256, AEGIS-256X2 and AEGIS-256X4 (draft-irtf-cfrg-aegis-aead §4 and §6.3): D parallel
 * AEGIS-256 lanes, D = 1, 2, 4. Key 32 bytes, nonce 32 bytes, tag 16 bytes, rate 16·D bytes.
 *
 * State: D lanes of 24 words (`aegis-256-lane.ts`), lane i at word 24·i of the state area of
 * `aegis-memory.ts`, run by a `lane-engine.ts` engine. A rate-sized block of
 * 16·D bytes gives lane i the 16-byte block at byte 16·i.
 *
 * ```
 * Init:     k0, k1 = key halves; n0, n1 = nonce halves
 *           Si = k0^n0, k1^n1, C1, C0, k0^C0, k1^C1                          (i = 0..5)
 *           4 × { for M in (k0, k1, k0^n0, k1^n1): S3 ^= ctx, S5 ^= ctx (each lane); Update(M) }
 * Finalize: t = S3 ^ (LE64(ad bits) || LE64(msg bits)); 7 × Update(t)
 *           tag = XOR over lanes of S0 ^ S1 ^ S2 ^ S3 ^ S4 ^ S5       (128-bit tag)
 *              or XOR over lanes of (S0 ^ S1 ^ S2) || (S3 ^ S4 ^ S5) (256-bit tag)
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

const LANE_WORDS = 24;

/**
 * The state machine of the AEGIS-256 family with `degree` lanes (1, 2 or 4), on the state area of
 * `aegis-memory.ts`, its lanes run by `engine`. The block area holds Init's four messages k0, k1,
 * k0^n0, k1^n1, each repeated for the D lanes; Finalize uses its first block.
 */
export function aegis256State(degree: number, engine: LaneEngine = defaultLanes): AegisState {
  const m = memoryWords;
  const key = new Int32Array(8);
  const nonce = new Int32Array(8);
  const stride = 4 * degree;
  const words = LANE_WORDS * degree;

  return {
    words: m.subarray(STATE_WORD, STATE_WORD + words),
    engine,
    rateBytes: 16 * degree,
    init(keyBytes, nonceBytes) {
      readBlock(keyBytes, 0, key, 0);
      readBlock(keyBytes, 16, key, 4);
      readBlock(nonceBytes, 0, nonce, 0);
      readBlock(nonceBytes, 16, nonce, 4);
      for (let lane = 0; lane < degree; lane++) {
        const s = STATE_WORD + lane * LANE_WORDS;
        for (let c = 0; c < 4; c++) {
          const k0 = key[c], k1 = key[4 + c];
          m[s + c] = k0 ^ nonce[c];
          m[s + 4 + c] = k1 ^ nonce[4 + c];
          m[s + 8 + c] = C1[c];
          m[s + 12 + c] = C0[c];
          m[s + 16 + c] = k0 ^ C0[c];
          m[s + 20 + c] = k1 ^ C1[c];
          const b = BLOCK_WORD + 4 * lane + c;
          m[b] = k0;
          m[stride + b] = k1;
          m[2 * stride + b] = k0 ^ nonce[c];
          m[3 * stride + b] = k1 ^ nonce[4 + c];
        }
      }
      for (let round = 0; round < 4; round++) {
        for (let message = 0; message < 4; message++) {
          for (let lane = 0; lane < degree; lane++) {
            const s = STATE_WORD + lane * LANE_WORDS;
            const ctx = contextWord(lane, degree);
            m[s + 12] ^= ctx; // S3
            m[s + 20] ^= ctx; // S5
            engine.lane256(s, BLOCK_WORD + message * stride + 4 * lane, 1, stride, ABSORB);
          }
        }
      }
    },
    run(at: number, count: number, mode: LaneMode) {
      for (let lane = 0; lane < degree; lane++) {
        engine.lane256(STATE_WORD + lane * LANE_WORDS, at + 4 * lane, count, stride, mode);
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
      tag.fill(0);
      for (let lane = 0; lane < degree; lane++) {
        const s = STATE_WORD + lane * LANE_WORDS;
        const b = BLOCK_WORD + 4 * lane;
        m[b] = m[s + 12] ^ u0; // S3 ^ u
        m[b + 1] = m[s + 13] ^ u1;
        m[b + 2] = m[s + 14] ^ u2;
        m[b + 3] = m[s + 15] ^ u3;
        engine.lane256(s, b, 7, 0, ABSORB);
        for (let c = 0; c < 4; c++) {
          const low = m[s + c] ^ m[s + 4 + c] ^ m[s + 8 + c];
          const high = m[s + 12 + c] ^ m[s + 16 + c] ^ m[s + 20 + c];
          if (tagWords === 4) {
            tag[c] ^= low ^ high; // S0 ^ … ^ S5
          } else {
            tag[c] ^= low; // S0 ^ S1 ^ S2
            tag[4 + c] ^= high; // S3 ^ S4 ^ S5
          }
        }
      }
    },
  };
}

/**
 * A new AEGIS-256 (degree 1) or AEGIS-256X2/X4 (degree 2/4): key 32, nonce 32 bytes.
 *
 * @param tagBytes - 16 (default) or 32.
 * @param engine - the lanes' code: WebAssembly where available (default), or `jsLanes`.
 */
export function createAegis256(degree: 1 | 2 | 4, tagBytes: 16 | 32 = 16, engine: LaneEngine = defaultLanes): Aead {
  return aegisAead(degree === 1 ? 'AEGIS-256' : `AEGIS-256X${degree}`, 32, 32, tagBytes, aegis256State(degree, engine));
}

/** AEGIS-256 (draft §4): key 32, nonce 32, tag 16 bytes. */
export const aegis256: Aead = createAegis256(1);
/** AEGIS-256X2 (draft §6.3, D = 2): key 32, nonce 32, tag 16 bytes. */
export const aegis256x2: Aead = createAegis256(2);
/** AEGIS-256X4 (draft §6.3, D = 4): key 32, nonce 32, tag 16 bytes. */
export const aegis256x4: Aead = createAegis256(4);
