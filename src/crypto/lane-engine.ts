/**
 * Which code runs the AEGIS lanes: the WebAssembly module (`aegis-wasm.ts`, the default where it
 * loads) or the JavaScript loops (`aegis-128l-lane.ts`, `aegis-256-lane.ts`: the fallback, and the
 * second implementation the tests compare the first with). Both work on `aegis-memory.ts`; the
 * arguments here are word indexes into it and counts of words.
 *
 * @module
 */
import { aegis128lLane } from './aegis-128l-lane.js';
import { aegis256Lane } from './aegis-256-lane.js';
import { aegisWasm, memoryWords } from './aegis-memory.js';
import type { LaneMode } from './lane-mode.js';

/** One implementation of the two lane loops. */
export interface LaneEngine {
  readonly name: 'wasm' | 'js';
  /** `blocks` AEGIS-128L blocks: state at word `so`, M0 at word `wo`, M1 `m1Offset` words later. */
  lane128(so: number, wo: number, blocks: number, m1Offset: number, stride: number, mode: LaneMode): void;
  /** `blocks` AEGIS-256 blocks: state at word `so`, first block at word `wo`. */
  lane256(so: number, wo: number, blocks: number, stride: number, mode: LaneMode): void;
}

/** The JavaScript lanes. */
export const jsLanes: LaneEngine = {
  name: 'js',
  lane128: (so, wo, blocks, m1Offset, stride, mode) => aegis128lLane(memoryWords, so, memoryWords, wo, blocks, m1Offset, stride, mode),
  lane256: (so, wo, blocks, stride, mode) => aegis256Lane(memoryWords, so, memoryWords, wo, blocks, stride, mode),
};

/** The WebAssembly lanes, or undefined where WebAssembly is unavailable. */
export const wasmLanes: LaneEngine | undefined = aegisWasm && {
  name: 'wasm',
  lane128: (so, wo, blocks, m1Offset, stride, mode) => aegisWasm!.lane128(4 * so, 4 * wo, blocks, 4 * m1Offset, 4 * stride, mode),
  lane256: (so, wo, blocks, stride, mode) => aegisWasm!.lane256(4 * so, 4 * wo, blocks, 4 * stride, mode),
};

/** WebAssembly where available, else JavaScript. */
export const defaultLanes: LaneEngine = wasmLanes ?? jsLanes;
