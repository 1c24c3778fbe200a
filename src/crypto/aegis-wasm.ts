/**
 * The two AEGIS lane loops of `aegis-128l-lane.ts` and `aegis-256-lane.ts`, emitted as
 * WebAssembly (through `wasm-emitter.ts`) for speed: the same state layout, modes and T-table
 * rounds, but without JavaScript's per-lookup bounds checks and deoptimization points.
 * `test/crypto/lane-engines.test.ts` checks the two against each other.
 *
 * The module exports its memory (`pages` × 64 KiB, laid out by `aegis-memory.ts`; T0..T3 must be
 * at byte 0, 1 KiB each) and:
 *
 * ```
 * lane128(state, msg, blocks, m1Offset, stride, mode)   all addresses and offsets in bytes
 * lane256(state, msg, blocks, stride, mode)
 * ```
 * with the meaning of the JavaScript lanes' arguments (there in words). A T-table lookup of row r
 * of word s is `load(1024·r + ((s >>> (8r − 2)) & 0x3fc))` (row 0: `(s << 2) & 0x3fc`).
 *
 * @module
 */
import { ABSORB, ENCRYPT } from './lane-mode.js';
import { Op, WasmFunction, wasmModule } from './wasm-emitter.js';

/** lane128 with byte addresses; see the module doc. */
export type WasmLane128 = (state: number, msg: number, blocks: number, m1Offset: number, stride: number, mode: number) => void;
/** lane256 with byte addresses; see the module doc. */
export type WasmLane256 = (state: number, msg: number, blocks: number, stride: number, mode: number) => void;

/** The instantiated module. */
export interface AegisWasm {
  /** The module's memory (never grown, so `buffer` stays the same ArrayBuffer). */
  memory: { readonly buffer: ArrayBuffer };
  lane128: WasmLane128;
  lane256: WasmLane256;
}

/** The part of the WebAssembly JavaScript API used here (the project's TypeScript lib has no DOM). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/**
 * Emits one lane function. `blocks` state blocks; message blocks absorbed into the state blocks
 * listed in `absorbInto` (AEGIS-128L: 0 and 4; AEGIS-256: 0); `keystream` pushes word c of the
 * keystream z of message block k (one value).
 */
function laneFunction(name: string, stateBlocks: number, absorbInto: number[], keystream: (f: WasmFunction, k: number, c: number, s: (j: number, c: number) => number) => void): WasmFunction {
  const messageBlocks = absorbInto.length;
  // Parameters: state, msg, blocks, [m1Offset,] stride, mode.
  const STATE = 0, MSG = 1, BLOCKS = 2;
  const M1 = messageBlocks === 2 ? 3 : -1;
  const STRIDE = messageBlocks === 2 ? 4 : 3;
  const MODE = STRIDE + 1;
  const params = MODE + 1;
  const s = (j: number, c: number): number => params + 4 * j + c;
  const x = (k: number, c: number): number => params + 4 * stateBlocks + 4 * k + c;
  const u = (c: number): number => params + 4 * stateBlocks + 4 * messageBlocks + c;
  const f = new WasmFunction(name, params, 4 * stateBlocks + 4 * messageBlocks + 4);
  const messageAddress = (k: number): void => {
    f.get(MSG);
    if (k === 1) f.get(M1).op(Op.i32Add);
  };

  for (let j = 0; j < stateBlocks; j++) for (let c = 0; c < 4; c++) f.get(STATE).load(16 * j + 4 * c).set(s(j, c));
  f.open(Op.block).open(Op.loop);
  f.get(BLOCKS).op(Op.i32Eqz).branch(Op.brIf, 1);
  const loadMessage = (): void => {
    for (let k = 0; k < messageBlocks; k++) {
      for (let c = 0; c < 4; c++) {
        messageAddress(k);
        f.load(4 * c).set(x(k, c));
      }
    }
  };
  loadMessage();
  // Enc / Dec: out = in ^ z; Dec continues with out as the plaintext.
  f.get(MODE).const(ABSORB).op(Op.i32Eq).op(Op.i32Eqz).open(Op.if);
  for (let k = 0; k < messageBlocks; k++) {
    for (let c = 0; c < 4; c++) {
      messageAddress(k);
      f.get(x(k, c));
      keystream(f, k, c, s);
      f.op(Op.i32Xor).store(4 * c);
    }
  }
  f.get(MODE).const(ENCRYPT).op(Op.i32Eq).op(Op.i32Eqz).open(Op.if);
  loadMessage(); // Dec: the state absorbs the plaintext just written
  f.op(Op.end).op(Op.end);
  // The update, last block first so that only the old last block needs keeping (in u).
  const last = stateBlocks - 1;
  for (let c = 0; c < 4; c++) f.get(s(last, c)).set(u(c));
  const lookup = (word: number, row: number): void => {
    if (row === 0) f.get(word).const(2).op(Op.i32Shl).const(0x3fc).op(Op.i32And).load(0);
    else f.get(word).const(8 * row - 2).op(Op.i32ShrU).const(0x3fc).op(Op.i32And).load(1024 * row);
  };
  for (let j = last; j >= 0; j--) {
    const prev = (c: number): number => (j === 0 ? u(c) : s(j - 1, c));
    const k = absorbInto.indexOf(j);
    for (let c = 0; c < 4; c++) {
      lookup(prev(c), 0);
      lookup(prev((c + 1) & 3), 1);
      f.op(Op.i32Xor);
      lookup(prev((c + 2) & 3), 2);
      f.op(Op.i32Xor);
      lookup(prev((c + 3) & 3), 3);
      f.op(Op.i32Xor).get(s(j, c)).op(Op.i32Xor);
      if (k >= 0) f.get(x(k, c)).op(Op.i32Xor);
      f.set(s(j, c));
    }
  }
  f.get(MSG).get(STRIDE).op(Op.i32Add).set(MSG);
  f.get(BLOCKS).const(1).op(Op.i32Sub).set(BLOCKS);
  f.branch(Op.br, 0).op(Op.end).op(Op.end);
  for (let j = 0; j < stateBlocks; j++) for (let c = 0; c < 4; c++) f.get(STATE).get(s(j, c)).store(16 * j + 4 * c);
  return f;
}

/** Pushes a ^ b ^ … (locals). */
function xorLocals(f: WasmFunction, ...locals: number[]): void {
  f.get(locals[0]);
  for (const l of locals.slice(1)) f.get(l).op(Op.i32Xor);
}

/**
 * Compiles and instantiates the lane module with a memory of `pages` × 64 KiB, or returns
 * undefined where WebAssembly is missing or refused (e.g. by a content security policy).
 */
export function instantiateAegisWasm(pages: number): AegisWasm | undefined {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (!api) return undefined;
  // AEGIS-128L: z0 = S1 ^ S6 ^ (S2 & S3), z1 = S2 ^ S5 ^ (S6 & S7).
  const lane128 = laneFunction('lane128', 8, [0, 4], (f, k, c, s) => {
    const [a, b, p, q] = k === 0 ? [1, 6, 2, 3] : [2, 5, 6, 7];
    xorLocals(f, s(a, c), s(b, c));
    f.get(s(p, c)).get(s(q, c)).op(Op.i32And).op(Op.i32Xor);
  });
  // AEGIS-256: z = S1 ^ S4 ^ S5 ^ (S2 & S3).
  const lane256 = laneFunction('lane256', 6, [0], (f, _k, c, s) => {
    xorLocals(f, s(1, c), s(4, c), s(5, c));
    f.get(s(2, c)).get(s(3, c)).op(Op.i32And).op(Op.i32Xor);
  });
  try {
    const module = new api.Module(wasmModule([lane128, lane256], pages));
    const exports = new api.Instance(module, {}).exports as AegisWasm;
    return { memory: exports.memory, lane128: exports.lane128, lane256: exports.lane256 };
  } catch {
    return undefined;
  }
}
