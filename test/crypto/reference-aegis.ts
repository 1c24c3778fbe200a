/**
 * A slow, literal reading of draft-irtf-cfrg-aegis-aead, written apart from src/crypto (its own
 * AES round from FIPS-197 definitions, byte arrays, no tables shared) to serve as an oracle for
 * the parallel variants, which libsodium lacks. Also AEGIS-128 (the CAESAR-final 5-block cipher,
 * not in the draft and not a Strata cipher), only to run Wycheproof's AEGIS128 set against the
 * same AES round.
 *
 * Blocks are 16-byte Uint8Arrays; a state is an array of blocks (D lanes × 8 or 6 blocks).
 */

type Block = Uint8Array;

function gmul(a: number, b: number): number {
  let p = 0;
  for (let i = 0; i < 8; i++) {
    if (b & 1) p ^= a;
    const hi = a & 0x80;
    a = (a << 1) & 0xff;
    if (hi) a ^= 0x1b;
    b >>= 1;
  }
  return p;
}

const SBOX = (() => {
  const s = new Uint8Array(256);
  for (let x = 0; x < 256; x++) {
    let inv = 0;
    if (x) for (let y = 1; y < 256; y++) if (gmul(x, y) === 1) inv = y;
    let r = 0x63;
    for (let bit = 0; bit < 8; bit++) {
      const v = ((inv >> bit) ^ (inv >> ((bit + 4) % 8)) ^ (inv >> ((bit + 5) % 8)) ^ (inv >> ((bit + 6) % 8)) ^ (inv >> ((bit + 7) % 8))) & 1;
      r ^= v << bit;
    }
    s[x] = r;
  }
  return s;
})();

const MUL2 = Uint8Array.from({ length: 256 }, (_, x) => gmul(x, 2));
const MUL3 = Uint8Array.from({ length: 256 }, (_, x) => gmul(x, 3));

/** AESRound(in, rk): SubBytes, ShiftRows, MixColumns, AddRoundKey on a column-major 4×4 state. */
export function refAesRound(input: Block, rk: Block): Block {
  const s = input.map((b) => SBOX[b]);
  const t = new Uint8Array(16);
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) t[4 * c + r] = s[4 * ((c + r) % 4) + r];
  const out = new Uint8Array(16);
  for (let c = 0; c < 4; c++) {
    const [a0, a1, a2, a3] = [t[4 * c], t[4 * c + 1], t[4 * c + 2], t[4 * c + 3]];
    out[4 * c] = MUL2[a0] ^ MUL3[a1] ^ a2 ^ a3;
    out[4 * c + 1] = a0 ^ MUL2[a1] ^ MUL3[a2] ^ a3;
    out[4 * c + 2] = a0 ^ a1 ^ MUL2[a2] ^ MUL3[a3];
    out[4 * c + 3] = MUL3[a0] ^ a1 ^ a2 ^ MUL2[a3];
  }
  return xor(out, rk);
}

function xor(...blocks: Block[]): Block {
  const out = new Uint8Array(16);
  for (const b of blocks) for (let i = 0; i < 16; i++) out[i] ^= b[i];
  return out;
}
function and(a: Block, b: Block): Block {
  return a.map((x, i) => x & b[i]);
}
function hex(h: string): Block {
  return Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
}
const C0 = hex('000101020305080d1522375990e97962');
const C1 = hex('db3d18556dc22ff12011314273b528dd');

function le64(n: number): Uint8Array {
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++) out[i] = Math.floor(n / 2 ** (8 * i)) & 0xff;
  return out;
}
function lengths(adBytes: number, msgBytes: number): Block {
  const u = new Uint8Array(16);
  u.set(le64(adBytes * 8), 0);
  u.set(le64(msgBytes * 8), 8);
  return u;
}
function ctx(i: number, d: number): Block {
  const c = new Uint8Array(16);
  if (d > 1) {
    c[0] = i;
    c[1] = d - 1;
  }
  return c;
}
function pad(x: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(x.length / n) * n);
  out.set(x);
  return out;
}

/** One reference AEGIS variant; key, nonce and message as bytes; 128-bit tags. */
export interface RefAegis {
  rate: number;
  encrypt(key: Uint8Array, nonce: Uint8Array, msg: Uint8Array, ad: Uint8Array): { ct: Uint8Array; tag: Uint8Array };
  /** Returns the plaintext, or null when the tag does not verify. */
  decrypt(key: Uint8Array, nonce: Uint8Array, ct: Uint8Array, tag: Uint8Array, ad: Uint8Array): Uint8Array | null;
  /** The state right after Init, as V[j][i] (block j of lane i). */
  initState(key: Uint8Array, nonce: Uint8Array): Block[][];
}

/** The shape shared by every variant: blocks per lane, lanes, and four variant-specific steps. */
interface Shape {
  blocks: number;
  degree: number;
  /** Message blocks per lane per update: 2 (128L family) or 1. */
  perLane: number;
  init(key: Uint8Array, nonce: Uint8Array, v: Block[][], update: (ms: Block[][]) => void): void;
  /** Keystream blocks of lane i. */
  z(s: Block[]): Block[];
  /** Block index XORed with the lengths in Finalize. */
  finalizeBlock: number;
  /** Blocks XORed into the tag. */
  tagBlocks: number;
  /** Blocks of one lane's Update that absorb message blocks, in order. */
  absorbInto: number[];
}

function makeRef(shape: Shape): RefAegis {
  const { blocks, degree, perLane } = shape;
  const rate = 16 * perLane * degree;
  const laneUpdate = (s: Block[], ms: Block[]): Block[] => {
    const next: Block[] = [];
    for (let j = 0; j < blocks; j++) {
      let rk = s[j];
      const k = shape.absorbInto.indexOf(j);
      if (k >= 0) rk = xor(rk, ms[k]);
      next.push(refAesRound(s[(j + blocks - 1) % blocks], rk));
    }
    return next;
  };
  const run = (key: Uint8Array, nonce: Uint8Array) => {
    const v: Block[][] = [];
    // ms[i][k]: k-th message block of lane i
    const update = (ms: Block[][]) => {
      for (let i = 0; i < degree; i++) v[i] = laneUpdate(v[i], ms[i]);
    };
    shape.init(key, nonce, v, update);
    // Split an R-byte block into per-lane message blocks.
    const split = (x: Uint8Array): Block[][] => {
      const ms: Block[][] = [];
      for (let i = 0; i < degree; i++) {
        ms.push([]);
        for (let k = 0; k < perLane; k++) ms[i].push(x.slice(16 * (k * degree + i), 16 * (k * degree + i) + 16));
      }
      return ms;
    };
    const keystream = (): Uint8Array => {
      const out = new Uint8Array(rate);
      for (let i = 0; i < degree; i++) {
        const zs = shape.z(v[i]);
        for (let k = 0; k < perLane; k++) out.set(zs[k], 16 * (k * degree + i));
      }
      return out;
    };
    const finalize = (adBytes: number, msgBytes: number): Block => {
      const u = lengths(adBytes, msgBytes);
      const t = v.map((s) => xor(s[shape.finalizeBlock], u));
      for (let r = 0; r < 7; r++) update(t.map((ti) => Array(perLane).fill(ti)));
      let tag: Block = new Uint8Array(16);
      for (let i = 0; i < degree; i++) for (let j = 0; j < shape.tagBlocks; j++) tag = xor(tag, v[i][j]);
      return tag;
    };
    return { v, update, split, keystream, finalize };
  };
  return {
    rate,
    initState(key, nonce) {
      const { v } = run(key, nonce);
      return Array.from({ length: blocks }, (_, j) => v.map((s) => s[j]));
    },
    encrypt(key, nonce, msg, ad) {
      const st = run(key, nonce);
      const a = pad(ad, rate);
      for (let o = 0; o < a.length; o += rate) st.update(st.split(a.subarray(o, o + rate)));
      const m = pad(msg, rate);
      const ct = new Uint8Array(m.length);
      for (let o = 0; o < m.length; o += rate) {
        const x = m.subarray(o, o + rate);
        const z = st.keystream();
        for (let i = 0; i < rate; i++) ct[o + i] = x[i] ^ z[i];
        st.update(st.split(x));
      }
      return { ct: ct.slice(0, msg.length), tag: st.finalize(ad.length, msg.length) };
    },
    decrypt(key, nonce, ct, tag, ad) {
      const st = run(key, nonce);
      const a = pad(ad, rate);
      for (let o = 0; o < a.length; o += rate) st.update(st.split(a.subarray(o, o + rate)));
      const msg = new Uint8Array(ct.length);
      for (let o = 0; o < ct.length; o += rate) {
        const n = Math.min(rate, ct.length - o);
        const z = st.keystream();
        const x = new Uint8Array(rate); // ZeroPad(xn)
        for (let i = 0; i < n; i++) x[i] = ct[o + i] ^ z[i];
        msg.set(x.subarray(0, n), o);
        st.update(st.split(x));
      }
      const expected = st.finalize(ad.length, ct.length);
      return expected.every((b, i) => b === tag[i]) ? msg : null;
    },
  };
}

/** AEGIS-128L (D = 1) and AEGIS-128X (D = 2, 4), draft §3 and §6.2. */
export function refAegis128(degree: number): RefAegis {
  return makeRef({
    blocks: 8,
    degree,
    perLane: 2,
    absorbInto: [0, 4],
    finalizeBlock: 2,
    tagBlocks: 7,
    z: (s) => [xor(s[1], s[6], and(s[2], s[3])), xor(s[2], s[5], and(s[6], s[7]))],
    init(key, nonce, v, update) {
      for (let i = 0; i < degree; i++) {
        v[i] = [xor(key, nonce), C1, C0, C1, xor(key, nonce), xor(key, C0), xor(key, C1), xor(key, C0)];
      }
      for (let r = 0; r < 10; r++) {
        for (let i = 0; i < degree; i++) {
          v[i][3] = xor(v[i][3], ctx(i, degree));
          v[i][7] = xor(v[i][7], ctx(i, degree));
        }
        update(v.map(() => [nonce, key]));
      }
    },
  });
}

/** AEGIS-256 (D = 1) and AEGIS-256X (D = 2, 4), draft §4 and §6.3. */
export function refAegis256(degree: number): RefAegis {
  return makeRef({
    blocks: 6,
    degree,
    perLane: 1,
    absorbInto: [0],
    finalizeBlock: 3,
    tagBlocks: 6,
    z: (s) => [xor(s[1], s[4], s[5], and(s[2], s[3]))],
    init(key, nonce, v, update) {
      const k0 = key.slice(0, 16), k1 = key.slice(16), n0 = nonce.slice(0, 16), n1 = nonce.slice(16);
      for (let i = 0; i < degree; i++) v[i] = [xor(k0, n0), xor(k1, n1), C1, C0, xor(k0, C0), xor(k1, C1)];
      for (let r = 0; r < 4; r++) {
        for (const m of [k0, k1, xor(k0, n0), xor(k1, n1)]) {
          for (let i = 0; i < degree; i++) {
            v[i][3] = xor(v[i][3], ctx(i, degree));
            v[i][5] = xor(v[i][5], ctx(i, degree));
          }
          update(v.map(() => [m]));
        }
      }
    },
  });
}

/**
 * AEGIS-128 of the CAESAR final portfolio (Wu and Preneel): 5 blocks, S'0 = AESRound(S4, S0 ^ M),
 * Init S = (k^n, C1, C0, k^C0, k^C1) then 10 updates with k, k^n alternating, z = S1 ^ S4 ^ (S2 & S3),
 * Finalize with S3 ^ lengths, tag = S0 ^ … ^ S4.
 */
export function refAegis128Caesar(): RefAegis {
  return makeRef({
    blocks: 5,
    degree: 1,
    perLane: 1,
    absorbInto: [0],
    finalizeBlock: 3,
    tagBlocks: 5,
    z: (s) => [xor(s[1], s[4], and(s[2], s[3]))],
    init(key, nonce, v, update) {
      v[0] = [xor(key, nonce), C1, C0, xor(key, C0), xor(key, C1)];
      for (let r = 0; r < 10; r++) update([[r % 2 === 0 ? key : xor(key, nonce)]]);
    },
  });
}
