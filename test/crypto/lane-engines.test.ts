/**
 * The two lane engines: WebAssembly (the default in Node) and JavaScript (the fallback). Each must
 * pass the draft's Update and Test vectors, and fast-check compares the six variants built on one
 * with the same variants built on the other, on random keys, nonces, AD and lengths.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAegis128 } from '../../src/crypto/aegis-128x.js';
import { createAegis256 } from '../../src/crypto/aegis-256x.js';
import { memoryWords, readBlock, STATE_WORD, BLOCK_WORD } from '../../src/crypto/aegis-memory.js';
import { defaultLanes, jsLanes, wasmLanes, type LaneEngine } from '../../src/crypto/lane-engine.js';
import { ABSORB } from '../../src/crypto/lane-mode.js';
import type { Aead } from '../../src/crypto/aead.js';
import { HAVE_VECTORS, VECTORS_MISSING, hex, readJson, toHex, type DraftVector } from './vectors.js';

if (!HAVE_VECTORS) console.log(VECTORS_MISSING);

const engines: LaneEngine[] = [jsLanes, ...(wasmLanes ? [wasmLanes] : [])];

function blockHex(at: number): string {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = memoryWords[at + (i >>> 2)] >>> (8 * (i & 3));
  return toHex(out);
}

function variants(engine: LaneEngine): [string, Aead][] {
  return [
    ['128l', createAegis128(1, 16, engine)],
    ['128x2', createAegis128(2, 16, engine)],
    ['128x4', createAegis128(4, 16, engine)],
    ['256', createAegis256(1, 16, engine)],
    ['256x2', createAegis256(2, 16, engine)],
    ['256x4', createAegis256(4, 16, engine)],
  ];
}

describe('lane engines', () => {
  it('Node gets the WebAssembly lanes by default', () => {
    expect(wasmLanes).toBeDefined();
    expect(defaultLanes).toBe(wasmLanes);
  });

  for (const engine of engines) {
    describe.skipIf(!HAVE_VECTORS)(`${engine.name}: draft vectors`, () => {
      it('Update vectors of AEGIS-128L and AEGIS-256', () => {
        const v128 = readJson<DraftVector[]>('aegis-128l-test-vectors.json').find((x) => x.name === 'Update Test Vector')!;
        for (let j = 0; j < 8; j++) readBlock(hex(v128[`S${j}`]), 0, memoryWords, STATE_WORD + 4 * j);
        readBlock(hex(v128.M0), 0, memoryWords, BLOCK_WORD);
        readBlock(hex(v128.M1), 0, memoryWords, BLOCK_WORD + 4);
        engine.lane128(STATE_WORD, BLOCK_WORD, 1, 4, 8, ABSORB);
        for (let j = 0; j < 8; j++) expect(blockHex(STATE_WORD + 4 * j), `S${j}`).toBe(v128[`S${j}_2`]);

        const v256 = readJson<DraftVector[]>('aegis-256-test-vectors.json').find((x) => x.name === 'Update Test Vector')!;
        for (let j = 0; j < 6; j++) readBlock(hex(v256[`S${j}`]), 0, memoryWords, STATE_WORD + 4 * j);
        readBlock(hex(v256.M), 0, memoryWords, BLOCK_WORD);
        engine.lane256(STATE_WORD, BLOCK_WORD, 1, 4, ABSORB);
        for (let j = 0; j < 6; j++) expect(blockHex(STATE_WORD + 4 * j), `S${j}`).toBe(v256[`S${j}_2`]);
      });

      for (const [file, aead] of variants(engine)) {
        it(`AEGIS-${file.toUpperCase()} test vectors`, () => {
          for (const v of readJson<DraftVector[]>(`aegis-${file}-test-vectors.json`)) {
            if (!v.name.startsWith('Test Vector')) continue;
            const [key, nonce, ad, ct, tag] = [hex(v.key), hex(v.nonce), hex(v.ad), hex(v.ct), hex(v.tag128)];
            if (v.error !== undefined) {
              expect(() => aead.decrypt(key, nonce, ct, tag, ad), v.name).toThrow(/authentication failed/);
              continue;
            }
            const sealed = aead.encrypt(key, nonce, hex(v.msg), ad);
            expect(toHex(sealed.ciphertext), v.name).toBe(v.ct);
            expect(toHex(sealed.tag), v.name).toBe(v.tag128);
            expect(toHex(aead.decrypt(key, nonce, ct, tag, ad)), v.name).toBe(v.msg);
          }
        });
      }
    });
  }

  describe.skipIf(!wasmLanes)('WebAssembly = JavaScript on random inputs', () => {
    const js = variants(jsLanes);
    const wasm = wasmLanes ? variants(wasmLanes) : [];
    js.forEach(([file, a], i) => {
      it(`AEGIS-${file.toUpperCase()}`, () => {
        const b = wasm[i][1];
        expect(a.name).toMatch(/\(js\)$/);
        fc.assert(
          fc.property(
            fc.uint8Array({ minLength: a.keyBytes, maxLength: a.keyBytes }),
            fc.uint8Array({ minLength: a.nonceBytes, maxLength: a.nonceBytes }),
            fc.integer({ min: 0, max: 300 }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
            fc.integer({ min: 0, max: 5000 }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n })),
            (key, nonce, ad, msg) => {
              const x = a.encrypt(key, nonce, msg, ad);
              const y = b.encrypt(key, nonce, msg, ad);
              expect(toHex(y.ciphertext)).toBe(toHex(x.ciphertext));
              expect(toHex(y.tag)).toBe(toHex(x.tag));
              expect(toHex(b.decrypt(key, nonce, x.ciphertext, x.tag, ad))).toBe(toHex(msg));
              expect(toHex(a.decrypt(key, nonce, y.ciphertext, y.tag, ad))).toBe(toHex(msg));
            },
          ),
          { numRuns: 40 },
        );
      });
    });
  });
});
