/**
 * The one scratch buffer the AEGIS code works in, and the byte ↔ word moves around it.
 *
 * AEGIS runs on 32-bit little-endian words (`aes-tables.ts`). Callers hand in bytes at any offset,
 * so each message goes through this 64 KiB aligned buffer: copied in (a native memcpy), zero-padded
 * to the cipher's rate, encrypted or decrypted in place as words, copied out. A database page
 * (≤ 65536 bytes) is always one chunk. The buffer is shared by every AEGIS variant: JavaScript runs
 * one call at a time and no AEGIS call yields.
 *
 * On a big-endian host the words are byte-swapped after the copy in and before the copy out, so
 * the word convention holds everywhere.
 *
 * @module
 */

/** Bytes of message processed per chunk: a multiple of every AEGIS rate (32, 64, 128, 16, 32, 64). */
export const CHUNK_BYTES = 65536;

/** The scratch buffer as words; a chunk occupies words [0, CHUNK_BYTES / 4). */
export const scratchWords = new Int32Array(CHUNK_BYTES / 4);
const scratchBytes = new Uint8Array(scratchWords.buffer);

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function swapWords(from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const v = scratchWords[i];
    scratchWords[i] = (v >>> 24) | ((v >>> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24);
  }
}

/**
 * Copies `length` bytes of `src` from byte `from` into the scratch buffer at byte 0, then zeroes
 * bytes [length, paddedLength).
 *
 * @param paddedLength - `length` rounded up to the rate (bytes), ≤ {@link CHUNK_BYTES}.
 */
export function loadChunk(src: Uint8Array, from: number, length: number, paddedLength: number): void {
  scratchBytes.set(from === 0 && length === src.length ? src : src.subarray(from, from + length));
  scratchBytes.fill(0, length, paddedLength);
  if (!HOST_IS_LITTLE_ENDIAN) swapWords(0, paddedLength >>> 2);
}

/** Zeroes scratch bytes [from, to): the padding of a partial last block after decryption. */
export function zeroScratch(from: number, to: number): void {
  if (HOST_IS_LITTLE_ENDIAN) {
    scratchBytes.fill(0, from, to);
  } else {
    // Bytes are numbered as little-endian words: go back to memory order, zero, and return.
    swapWords(from >>> 2, (to + 3) >>> 2);
    scratchBytes.fill(0, from, to);
    swapWords(from >>> 2, (to + 3) >>> 2);
  }
}

/** Copies scratch bytes [0, length) into `dst` at byte `at`. */
export function storeChunk(dst: Uint8Array, at: number, length: number): void {
  if (!HOST_IS_LITTLE_ENDIAN) swapWords(0, (length + 3) >>> 2);
  dst.set(length === scratchBytes.length ? scratchBytes : scratchBytes.subarray(0, length), at);
}

/**
 * Reads four little-endian words from `bytes` at byte `from` into `out` at word `at`
 * (keys, nonces and tags: no alignment needed).
 */
export function readBlock(bytes: Uint8Array, from: number, out: Int32Array, at: number): void {
  for (let i = 0; i < 4; i++, from += 4) {
    out[at + i] = bytes[from] | (bytes[from + 1] << 8) | (bytes[from + 2] << 16) | (bytes[from + 3] << 24);
  }
}

/** Writes four words of `words` from word `at` as 16 little-endian bytes into `out`. */
export function writeBlock(words: Int32Array, at: number, out: Uint8Array): void {
  for (let i = 0; i < 16; i++) out[i] = words[at + (i >>> 2)] >>> (8 * (i & 3));
}
