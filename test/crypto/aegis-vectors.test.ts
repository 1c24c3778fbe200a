/**
 * Every test vector of draft-irtf-cfrg-aegis-aead (../shared/vectors/aegis/*.json): AESRound, the
 * Update vectors, the initial states of the parallel modes, encryption (ciphertext and 128-bit
 * tag), decryption, and the must-fail vectors, with 128-bit tags (the registry's, as Turso's) and
 * with 256-bit tags.
 */
import { describe, expect, it } from 'vitest';
import { aegis128l, aegis128x2, aegis128x4, aegis128State, createAegis128 } from '../../src/crypto/aegis-128x.js';
import { aegis256, aegis256x2, aegis256x4, aegis256State, createAegis256 } from '../../src/crypto/aegis-256x.js';
import { aegis128lLane } from '../../src/crypto/aegis-128l-lane.js';
import { aegis256Lane } from '../../src/crypto/aegis-256-lane.js';
import { aesRound } from '../../src/crypto/aes-tables.js';
import { ABSORB } from '../../src/crypto/lane-mode.js';
import { readBlock } from '../../src/crypto/aegis-memory.js';
import type { Aead } from '../../src/crypto/aead.js';
import { HAVE_VECTORS, VECTORS_MISSING, hex, readJson, toHex, type DraftVector } from './vectors.js';

if (!HAVE_VECTORS) console.log(VECTORS_MISSING);

const VARIANTS: [string, Aead, Aead][] = [
  ['128l', aegis128l, createAegis128(1, 32)],
  ['128x2', aegis128x2, createAegis128(2, 32)],
  ['128x4', aegis128x4, createAegis128(4, 32)],
  ['256', aegis256, createAegis256(1, 32)],
  ['256x2', aegis256x2, createAegis256(2, 32)],
  ['256x4', aegis256x4, createAegis256(4, 32)],
];

function words(...blocks: string[]): Int32Array {
  const w = new Int32Array(4 * blocks.length);
  blocks.forEach((b, i) => readBlock(hex(b), 0, w, 4 * i));
  return w;
}

function blockHex(w: Int32Array, at: number): string {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = w[at + (i >>> 2)] >>> (8 * (i & 3));
  return toHex(out);
}

describe.skipIf(!HAVE_VECTORS)('draft-irtf-cfrg-aegis-aead test vectors', () => {
  it('AESRound', () => {
    const [v] = readJson<DraftVector[]>('aesround-test-vector.json');
    expect(toHex(aesRound(hex(v.in), hex(v.rk)))).toBe(v.out);
  });

  it('AEGIS-128L Update', () => {
    const v = readJson<DraftVector[]>('aegis-128l-test-vectors.json').find((x) => x.name === 'Update Test Vector')!;
    const state = words(...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => v[`S${i}`]));
    aegis128lLane(state, 0, words(v.M0, v.M1), 0, 1, 4, 8, ABSORB);
    for (let i = 0; i < 8; i++) expect(blockHex(state, 4 * i), `S${i}`).toBe(v[`S${i}_2`]);
  });

  it('AEGIS-256 Update', () => {
    const v = readJson<DraftVector[]>('aegis-256-test-vectors.json').find((x) => x.name === 'Update Test Vector')!;
    const state = words(...[0, 1, 2, 3, 4, 5].map((i) => v[`S${i}`]));
    aegis256Lane(state, 0, words(v.M), 0, 1, 4, ABSORB);
    for (let i = 0; i < 6; i++) expect(blockHex(state, 4 * i), `S${i}`).toBe(v[`S${i}_2`]);
  });

  for (const [file, makeState, blocks] of [
    ['128x2', () => aegis128State(2), 8],
    ['128x4', () => aegis128State(4), 8],
    ['256x2', () => aegis256State(2), 6],
    ['256x4', () => aegis256State(4), 6],
  ] as const) {
    it(`AEGIS-${file.toUpperCase()} initial state`, () => {
      const vs = readJson<DraftVector[]>(`aegis-${file}-test-vectors.json`);
      const input = vs.find((x) => x.name === 'Initial State')!;
      const after = vs.find((x) => x.name === 'Initial State (after initialization)')!;
      const degree = Number(file.slice(-1));
      const state = makeState();
      state.init(hex(input.key), hex(input.nonce));
      for (let i = 0; i < degree; i++) {
        expect(input[`ctx[${i}]`]).toBe(toHex(Uint8Array.of(i, degree - 1, ...new Array(14).fill(0))));
        for (let j = 0; j < blocks; j++) {
          expect(blockHex(state.words, i * blocks * 4 + 4 * j), `V[${j},${i}]`).toBe(after[`V[${j},${i}]`]);
        }
      }
    });
  }

  for (const [file, aead128, aead256] of VARIANTS) {
    it(`AEGIS-${file.toUpperCase()}: encrypt, decrypt, and the must-fail vectors`, () => {
      const vs = readJson<DraftVector[]>(`aegis-${file}-test-vectors.json`).filter((v) => v.name.startsWith('Test Vector'));
      let good = 0, bad = 0;
      for (const v of vs) {
        for (const [aead, tagHex] of [[aead128, v.tag128], [aead256, v.tag256]] as const) {
          const [key, nonce, ad, ct, tag] = [hex(v.key), hex(v.nonce), hex(v.ad), hex(v.ct), hex(tagHex)];
          const label = `${v.name}, ${aead.tagBytes}-byte tag`;
          if (v.error !== undefined) {
            expect(() => aead.decrypt(key, nonce, ct, tag, ad), label).toThrow(/authentication failed/);
            bad++;
            continue;
          }
          const sealed = aead.encrypt(key, nonce, hex(v.msg), ad);
          expect(toHex(sealed.ciphertext), label).toBe(v.ct);
          expect(toHex(sealed.tag), label).toBe(tagHex);
          expect(toHex(aead.decrypt(key, nonce, ct, tag, ad)), label).toBe(v.msg);
          good++;
        }
      }
      console.log(`AEGIS-${file.toUpperCase()}: ${good} vectors pass, ${bad} must-fail vectors fail (128- and 256-bit tags)`);
      expect(good).toBeGreaterThan(0);
    });
  }
});
