/**
 * The one block of memory every AEGIS call works in: the WebAssembly module's memory when the
 * lanes run as WebAssembly (`aegis-wasm.ts`), else a plain ArrayBuffer of the same layout. Calls
 * never overlap (JavaScript runs one at a time and no AEGIS call yields), so one state area serves
 * every variant: Init rebuilds it on each call.
 *
 * ```
 * OFFSET (bytes)  SIZE    DESCRIPTION
 * 0               4096    T0, T1, T2, T3, 1 KiB each (read by the WebAssembly lanes)
 * 4096            512     the state: up to 4 lanes × 32 words
 * 4608            512     the saved state (DecPartial, see `aegis-aead.ts`)
 * 5120            256     one rate-sized block for Init and Finalize (up to 4 × 64 bytes)
 * 8192            65536   the message chunk
 * 73728                   end; the memory is 2 pages of 64 KiB
 * ```
 *
 * Messages go through the chunk: copied in (a native memcpy), zero-padded to the rate, encrypted
 * or decrypted in place as little-endian words, copied out. A database page (≤ 65536 bytes) is
 * always one chunk. On a big-endian host (never WebAssembly there) the JavaScript lanes see
 * byte-swapped words, so the chunk is swapped after the copy in and before the copy out.
 *
 * @module
 */
import { tTable } from './aes-tables.js';
import { instantiateAegisWasm, type AegisWasm } from './aegis-wasm.js';

/** Bytes of message processed per chunk: a multiple of every AEGIS rate (16 to 128 bytes). */
export const CHUNK_BYTES = 65536;
/** Word index of the state area. */
export const STATE_WORD = 1024;
/** Word index of the saved state. */
export const SAVED_WORD = 1152;
/** Word index of the Init/Finalize block. */
export const BLOCK_WORD = 1280;
/** Word index of the message chunk. */
export const CHUNK_WORD = 2048;
const PAGES = 2;

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The WebAssembly lanes, when WebAssembly is available and the host is little-endian. */
export const aegisWasm: AegisWasm | undefined = HOST_IS_LITTLE_ENDIAN ? instantiateAegisWasm(PAGES) : undefined;

const buffer: ArrayBuffer = aegisWasm ? aegisWasm.memory.buffer : new ArrayBuffer(PAGES * 65536);
/** The whole memory as words (state, blocks and chunk are addressed by the word indexes above). */
export const memoryWords = new Int32Array(buffer);
const memoryBytes = new Uint8Array(buffer);
for (let row = 0; row < 4; row++) memoryWords.set(tTable(8 * row), 256 * row);

const CHUNK_BYTE = 4 * CHUNK_WORD;

function swapWords(from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const v = memoryWords[i];
    memoryWords[i] = (v >>> 24) | ((v >>> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24);
  }
}

/**
 * Copies `length` bytes of `src` from byte `from` into the chunk, then zeroes the chunk's bytes
 * [length, paddedLength).
 *
 * @param paddedLength - `length` rounded up to the rate (bytes), ≤ {@link CHUNK_BYTES}.
 */
export function loadChunk(src: Uint8Array, from: number, length: number, paddedLength: number): void {
  memoryBytes.set(from === 0 && length === src.length ? src : src.subarray(from, from + length), CHUNK_BYTE);
  memoryBytes.fill(0, CHUNK_BYTE + length, CHUNK_BYTE + paddedLength);
  if (!HOST_IS_LITTLE_ENDIAN) swapWords(CHUNK_WORD, CHUNK_WORD + (paddedLength >>> 2));
}

/** Zeroes chunk bytes [from, to): the padding of a partial last block after decryption. */
export function zeroChunk(from: number, to: number): void {
  if (HOST_IS_LITTLE_ENDIAN) {
    memoryBytes.fill(0, CHUNK_BYTE + from, CHUNK_BYTE + to);
  } else {
    // Bytes are numbered as little-endian words: back to memory order, zero, and return.
    const words: [number, number] = [CHUNK_WORD + (from >>> 2), CHUNK_WORD + ((to + 3) >>> 2)];
    swapWords(...words);
    memoryBytes.fill(0, CHUNK_BYTE + from, CHUNK_BYTE + to);
    swapWords(...words);
  }
}

/** Copies chunk bytes [0, length) into `dst` at byte `at`. */
export function storeChunk(dst: Uint8Array, at: number, length: number): void {
  if (!HOST_IS_LITTLE_ENDIAN) swapWords(CHUNK_WORD, CHUNK_WORD + ((length + 3) >>> 2));
  dst.set(memoryBytes.subarray(CHUNK_BYTE, CHUNK_BYTE + length), at);
}

/**
 * Reads four little-endian words from `bytes` at byte `from` into `out` at word `at`
 * (keys, nonces and tags: any alignment, any host).
 */
export function readBlock(bytes: Uint8Array, from: number, out: Int32Array, at: number): void {
  for (let i = 0; i < 4; i++, from += 4) {
    out[at + i] = bytes[from] | (bytes[from + 1] << 8) | (bytes[from + 2] << 16) | (bytes[from + 3] << 24);
  }
}
