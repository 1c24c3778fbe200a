/**
 * Encrypt and Decrypt of the AEGIS family around a state machine (draft-irtf-cfrg-aegis-aead §3.1
 * and §3.2, the same steps for AEGIS-256 in §4 and for the parallel modes in §6):
 *
 * ```
 * Init(key, nonce)
 * Absorb each rate-sized block of ZeroPad(ad)
 * Enc each block of ZeroPad(msg)  | Dec each whole block of ct, then DecPartial(last partial block)
 * tag = Finalize(|ad|, |msg|)     | compare with the given tag in constant time
 * ```
 *
 * Both run chunk by chunk through the memory of `aegis-memory.ts`. DecPartial is done as "Dec the zero-padded
 * block from a saved state, restore the state, zero the padding of the plaintext, Absorb it": the
 * state then sees ZeroPad(xn), as the draft requires.
 *
 * @module
 */
import { defineAead, type Aead } from './aead.js';
import { defaultLanes, type LaneEngine } from './lane-engine.js';
import { ABSORB, DECRYPT, ENCRYPT, type LaneMode } from './lane-mode.js';
import { CHUNK_BYTES, CHUNK_WORD, loadChunk, readBlock, storeChunk, zeroChunk } from './aegis-memory.js';

/** The state of one AEGIS variant, all lanes; what `aegis-128x.ts` and `aegis-256x.ts` provide. */
export interface AegisState {
  /** Bytes absorbed per update: 32·D for AEGIS-128X (D = 1 is AEGIS-128L), 16·D for AEGIS-256X. */
  readonly rateBytes: number;
  /** The lanes' words, lane after lane (read by the tests of the draft's "Initial State" vectors). */
  readonly words: Int32Array;
  /** Which code runs the lanes. */
  readonly engine: LaneEngine;
  /** Init(key, nonce); lengths already checked. */
  init(key: Uint8Array, nonce: Uint8Array): void;
  /** Runs `blocks` rate-sized blocks of the memory, starting at word `at`, through every lane. */
  run(at: number, blocks: number, mode: LaneMode): void;
  /** Copies the state aside (before a DecPartial). */
  save(): void;
  /** Puts back the state copied by {@link save}. */
  restore(): void;
  /**
   * Finalize(|ad|, |msg|) with lengths in bytes; writes the tag into `tag` as 4 words (128-bit tag)
   * or 8 words (256-bit tag), as `tagWords` says.
   */
  finalize(adBytes: number, messageBytes: number, tag: Int32Array, tagWords: 4 | 8): void;
}

const computedTag = new Int32Array(8);
const givenTag = new Int32Array(8);

function roundUp(n: number, rate: number): number {
  return Math.ceil(n / rate) * rate;
}

function absorbAll(state: AegisState, ad: Uint8Array): void {
  const rate = state.rateBytes;
  for (let off = 0; off < ad.length; off += CHUNK_BYTES) {
    const len = Math.min(CHUNK_BYTES, ad.length - off);
    const padded = roundUp(len, rate);
    loadChunk(ad, off, len, padded);
    state.run(CHUNK_WORD, padded / rate, ABSORB);
  }
}

function encryptInto(state: AegisState, tagWords: 4 | 8, key: Uint8Array, nonce: Uint8Array, src: Uint8Array, dst: Uint8Array, tagOut: Uint8Array, ad: Uint8Array): void {
  const rate = state.rateBytes;
  state.init(key, nonce);
  absorbAll(state, ad);
  for (let off = 0; off < src.length; off += CHUNK_BYTES) {
    const len = Math.min(CHUNK_BYTES, src.length - off);
    const padded = roundUp(len, rate);
    loadChunk(src, off, len, padded);
    state.run(CHUNK_WORD, padded / rate, ENCRYPT);
    storeChunk(dst, off, len);
  }
  state.finalize(ad.length, src.length, computedTag, tagWords);
  for (let i = 0; i < 4 * tagWords; i++) tagOut[i] = computedTag[i >>> 2] >>> (8 * (i & 3));
}

function decryptInto(state: AegisState, tagWords: 4 | 8, key: Uint8Array, nonce: Uint8Array, src: Uint8Array, tag: Uint8Array, dst: Uint8Array, ad: Uint8Array): boolean {
  const rate = state.rateBytes;
  state.init(key, nonce);
  absorbAll(state, ad);
  for (let off = 0; off < src.length; off += CHUNK_BYTES) {
    const len = Math.min(CHUNK_BYTES, src.length - off);
    const whole = Math.floor(len / rate);
    const tail = len - whole * rate;
    loadChunk(src, off, len, whole * rate + (tail ? rate : 0));
    state.run(CHUNK_WORD, whole, DECRYPT);
    if (tail) {
      const at = whole * rate;
      state.save();
      state.run(CHUNK_WORD + (at >>> 2), 1, DECRYPT);
      state.restore();
      zeroChunk(len, at + rate);
      state.run(CHUNK_WORD + (at >>> 2), 1, ABSORB);
    }
    storeChunk(dst, off, len);
  }
  state.finalize(ad.length, src.length, computedTag, tagWords);
  let diff = 0;
  for (let i = 0; i < tagWords; i += 4) {
    readBlock(tag, 4 * i, givenTag, i);
    diff |= (computedTag[i] ^ givenTag[i]) | (computedTag[i + 1] ^ givenTag[i + 1]) |
      (computedTag[i + 2] ^ givenTag[i + 2]) | (computedTag[i + 3] ^ givenTag[i + 3]);
  }
  computedTag.fill(0);
  if (diff === 0) return true;
  dst.fill(0);
  zeroChunk(0, Math.min(CHUNK_BYTES, roundUp(src.length, rate)));
  return false;
}

/**
 * Builds the {@link Aead} of one AEGIS variant from its state machine.
 *
 * @param name - e.g. "AEGIS-128X2".
 * @param keyBytes - 16 (AEGIS-128L/X) or 32 (AEGIS-256/X).
 * @param nonceBytes - 16 or 32, likewise.
 * @param tagBytes - 16 (the registry's choice, as Turso's) or 32 (draft §3.9 allows both).
 */
export function aegisAead(name: string, keyBytes: number, nonceBytes: number, tagBytes: 16 | 32, state: AegisState): Aead {
  const tagWords = tagBytes === 16 ? 4 : 8;
  return defineAead({
    name: state.engine === defaultLanes ? name : `${name} (${state.engine.name})`,
    keyBytes,
    nonceBytes,
    tagBytes,
    encryptInto: (key, nonce, src, dst, tagOut, ad) => encryptInto(state, tagWords, key, nonce, src, dst, tagOut, ad),
    decryptInto: (key, nonce, src, tag, dst, ad) => decryptInto(state, tagWords, key, nonce, src, tag, dst, ad),
  });
}
