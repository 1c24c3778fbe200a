/**
 * The constants C0 and C1 of draft-irtf-cfrg-aegis-aead §2 (the Fibonacci sequence mod 256), as
 * bytes and as the four little-endian words the lanes use.
 *
 * @module
 */
import { readBlock } from './aegis-memory.js';

const C0_BYTES = Uint8Array.of(0x00, 0x01, 0x01, 0x02, 0x03, 0x05, 0x08, 0x0d, 0x15, 0x22, 0x37, 0x59, 0x90, 0xe9, 0x79, 0x62);
const C1_BYTES = Uint8Array.of(0xdb, 0x3d, 0x18, 0x55, 0x6d, 0xc2, 0x2f, 0xf1, 0x20, 0x11, 0x31, 0x42, 0x73, 0xb5, 0x28, 0xdd);

/** C0 as 4 words. */
export const C0 = new Int32Array(4);
/** C1 as 4 words. */
export const C1 = new Int32Array(4);
readBlock(C0_BYTES, 0, C0, 0);
readBlock(C1_BYTES, 0, C1, 0);

/**
 * Word 0 of the context separator ctx[i] of the parallel modes (draft §6.1): byte i, then byte
 * D − 1, then zeros. Words 1..3 are zero. It is 0 for D = 1, where the modes equal AEGIS-128L/256.
 */
export function contextWord(lane: number, degree: number): number {
  return lane | ((degree - 1) << 8);
}
