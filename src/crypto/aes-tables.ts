/**
 * The AES forward round as four T-tables, the only AES that AEGIS needs (draft-irtf-cfrg-aegis-aead
 * §2, `AESRound(in, rk)` = SubBytes, ShiftRows, MixColumns, AddRoundKey; FIPS-197 §5.1).
 *
 * Word convention, used by every AEGIS file here: a 16-byte AES block is four 32-bit words, column
 * `c` = bytes `4c..4c+3` read little-endian, so row `r` of a column is bits `8r..8r+7`.
 *
 * ```
 * out[c] = T0[ row0 of in[c]     ]
 *        ^ T1[ row1 of in[c+1 & 3] ]     ShiftRows moves row r left by r columns
 *        ^ T2[ row2 of in[c+2 & 3] ]
 *        ^ T3[ row3 of in[c+3 & 3] ]
 *        ^ rk[c]
 * T0[x] = (2·s, s, s, 3·s) as rows 0..3, s = SBOX[x];  Tr = T0 rotated left by 8r bits
 * ```
 *
 * The tables are built at load time from the field arithmetic, not pasted; each lane module builds
 * its own four (see there why). Table lookups are not constant-time with respect to cache timing;
 * see the module doc of `aegis-128l-lane.ts`.
 *
 * @module
 */

/** Multiplication by x (i.e. 2) in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
function xtime(b: number): number {
  return ((b << 1) ^ (b & 0x80 ? 0x1b : 0)) & 0xff;
}

/** The AES S-box (FIPS-197 §5.1.1): multiplicative inverse in GF(2^8), then the affine map. */
const SBOX: Uint8Array = buildSbox();

function buildSbox(): Uint8Array {
  // exp/log tables over the generator 3, then inverse(x) = exp[255 - log[x]].
  const exp = new Uint8Array(256);
  const log = new Uint8Array(256);
  for (let i = 0, x = 1; i < 255; i++) {
    exp[i] = x;
    log[x] = i;
    x ^= xtime(x);
  }
  const sbox = new Uint8Array(256);
  for (let x = 0; x < 256; x++) {
    const inv = x === 0 ? 0 : exp[(255 - log[x]) % 255];
    let s = inv;
    for (let r = 1; r <= 4; r++) s ^= ((inv << r) | (inv >>> (8 - r))) & 0xff;
    sbox[x] = s ^ 0x63;
  }
  return sbox;
}

/**
 * Builds a T-table: entry x = (2·s, s, s, 3·s) as rows 0..3 (s = SBOX[x]), rotated left by
 * `rotation` bits (0, 8, 16 or 24 for T0..T3). 256 entries, 1 KiB.
 */
export function tTable(rotation: number): Int32Array {
  const t = new Int32Array(256);
  for (let x = 0; x < 256; x++) {
    const s = SBOX[x];
    const s2 = xtime(s);
    const w = s2 | (s << 8) | (s << 16) | ((s2 ^ s) << 24);
    t[x] = rotation === 0 ? w : (w << rotation) | (w >>> (32 - rotation));
  }
  return t;
}

const T0 = tTable(0), T1 = tTable(8), T2 = tTable(16), T3 = tTable(24);

/**
 * One AES encryption round, `AESRound(in, rk)` of the AEGIS draft §2, on bytes.
 *
 * The AEGIS code inlines this round on words; this byte form is the readable reference, checked
 * against the draft's "AESRound Test Vector".
 *
 * @param input - the 16-byte AES state.
 * @param roundKey - the 16-byte round key.
 * @returns a new 16-byte block.
 * @throws RangeError when either argument is not 16 bytes.
 */
export function aesRound(input: Uint8Array, roundKey: Uint8Array): Uint8Array {
  if (input.length !== 16 || roundKey.length !== 16) throw new RangeError('AESRound takes two 16-byte blocks');
  const out = new Uint8Array(16);
  for (let c = 0; c < 4; c++) {
    const w =
      T0[input[4 * c]] ^
      T1[input[4 * ((c + 1) & 3) + 1]] ^
      T2[input[4 * ((c + 2) & 3) + 2]] ^
      T3[input[4 * ((c + 3) & 3) + 3]];
    for (let r = 0; r < 4; r++) out[4 * c + r] = ((w >>> (8 * r)) & 0xff) ^ roundKey[4 * c + r];
  }
  return out;
}
