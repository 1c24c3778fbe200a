/**
 * Binary ↔ decimal conversion of doubles, bit for bit as SQLite 3.53 does it (util.c:
 * powerOfTen, sqlite3Fp2Convert10, sqlite3Fp10Convert2; the latter after Russ Cox's fpfmt).
 *
 * SQLite does not print exact decimal digits: it multiplies the 64-bit significand by a 64-bit
 * approximation of 10^p and keeps the top bits, so the 17th and 18th digits can differ from the
 * exact expansion (1.0/3 renders as 0.33333333333333332). Text → double is correctly rounded from
 * at most ~19 significant digits. Both are reproduced here with 64-bit unsigned arithmetic on
 * `bigint`s.
 *
 * Power-of-ten table. For p in [−348, +347], powerOfTen(p) is the top 64 bits of 10^p (normalized so
 * bit 63 is set) plus the next 32 bits:
 *
 * | p                  | source                                                            |
 * |--------------------|-------------------------------------------------------------------|
 * | 0 … 26             | 10^p exactly (it has at most 64 significant bits)                 |
 * | −1                 | 0xcccccccccccccccc, lo 0xcccccccc (truncated, not rounded)        |
 * | 27·k, k ≠ 0        | 10^(27k) rounded to 96 significant bits                           |
 * | otherwise          | the 27·k entry below p times 10^(p − 27k) (96 × 64 → top 96 bits,  |
 * |                    | renormalized with a sticky 1 when the top bit is clear)            |
 *
 * The 96-bit table entries are computed here from their definition (rounding to nearest), not copied.
 *
 * @module
 */

const U64 = 0xffffffffffffffffn;
const U32 = 0xffffffffn;

/** Smallest and largest decimal exponents handled. */
export const POWERS_OF_10_FIRST = -348;
export const POWERS_OF_10_LAST = 347;

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** 10^q rounded to nearest at 96 significant bits (bit 95 set). */
function pow10To96Bits(q: number): bigint {
  const num = q >= 0 ? 10n ** BigInt(q) : 1n;
  const den = q >= 0 ? 1n : 10n ** BigInt(-q);
  let k = 96 - (bitLength(num) - bitLength(den));
  for (;;) {
    const n = k >= 0 ? num << BigInt(k) : num;
    const d = k >= 0 ? den : den << BigInt(-k);
    let v = n / d;
    if (v >= 1n << 96n) {
      k--;
      continue;
    }
    if (v < 1n << 95n) {
      k++;
      continue;
    }
    if (2n * (n - v * d) >= d) v += 1n;
    return v;
  }
}

/** 10^p for p in [0, 26], exact, normalized to 64 bits. */
function base(p: number): bigint {
  const x = 10n ** BigInt(p);
  const shift = 64 - bitLength(x);
  return shift >= 0 ? x << BigInt(shift) : x >> BigInt(-shift);
}

const hiCache = new Map<number, bigint>();
const loCache = new Map<number, bigint>();
const scaleCache = new Map<number, bigint>();

function scale96(g: number): bigint {
  let v = scaleCache.get(g);
  if (v === undefined) {
    v = pow10To96Bits(27 * g); // g ≠ 0: p = −1 is special-cased and 0 … 26 come from base()
    scaleCache.set(g, v);
  }
  return v;
}

/**
 * powerOfTen: the top 64 bits of 10^p as SQLite approximates them; the next 32 bits are left in
 * {@link lastPowerOfTenLo}. `p` must lie in [{@link POWERS_OF_10_FIRST}, {@link POWERS_OF_10_LAST}].
 */
export function powerOfTen(p: number): bigint {
  let hi = hiCache.get(p);
  if (hi !== undefined) {
    lastLo = loCache.get(p)!;
    return hi;
  }
  let lo: bigint;
  if (p === -1) {
    hi = 0xccccccccccccccccn;
    lo = 0xccccccccn;
  } else if (p >= 0 && p < 27) {
    hi = base(p);
    lo = 0n;
  } else {
    let g = Math.trunc(p / 27);
    let n = p % 27;
    if (p < 0 && n !== 0) {
      g--;
      n += 27;
    }
    const s96 = scale96(g);
    const s = s96 >> 32n;
    const sLo = s96 & U32;
    if (n === 0) {
      hi = s;
      lo = sLo;
    } else {
      // sqlite3Multiply160: upper 96 bits of ((s << 32) + sLo) × base(n).
      const b = base(n);
      const r = s * b + ((sLo * b) >> 32n);
      let x = r >> 64n;
      lo = (r >> 32n) & U32;
      if ((x >> 63n) === 0n) {
        x = ((x << 1n) | ((lo >> 31n) & 1n)) & U64;
        lo = ((lo << 1n) | 1n) & U32;
      }
      hi = x;
    }
  }
  hiCache.set(p, hi);
  loCache.set(p, lo);
  lastLo = lo;
  return hi;
}

let lastLo = 0n;

/** The 32 bits after the 64 returned by the last {@link powerOfTen} call. */
export function lastPowerOfTenLo(): bigint {
  return lastLo;
}

/** floor(log2(10^p)) as SQLite approximates it: (p·108853) >> 15. */
export function pwr10to2(p: number): number {
  return (p * 108853) >> 15;
}

/** floor(log10(2^p)) as SQLite approximates it: (p·78913) >> 18. */
export function pwr2to10(p: number): number {
  return (p * 78913) >> 18;
}

/**
 * sqlite3Fp2Convert10: given r = m·2^e with bit 63 of `m` set, returns D and sets
 * {@link lastDecimalExponent} P so that r ≈ D·10^P with about `n` (1 … 18) significant digits
 * (truncated for n < 18, rounded half-up on one extra bit for n = 18).
 */
export function fp2Convert10(m: bigint, e: number, n: number): bigint {
  const p = n - 1 - pwr2to10(e + 63);
  const h = (m * powerOfTen(p)) >> 64n;
  let d: bigint;
  if (n === 18) {
    const t = h >> BigInt(-(e + pwr10to2(p) + 2));
    d = (t + ((t & 1n) << 1n)) >> 1n;
  } else {
    d = h >> BigInt(-(e + pwr10to2(p) + 1));
  }
  lastExp = -p;
  return d;
}

let lastExp = 0;

/** The decimal exponent P of the last {@link fp2Convert10} call. */
export function lastDecimalExponent(): number {
  return lastExp;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/** The double whose IEEE-754 bits are `bits`. */
export function doubleFromBits(bits: bigint): number {
  u64[0] = bits;
  return f64[0];
}

/** The IEEE-754 bits of `r`. */
export function bitsOfDouble(r: number): bigint {
  f64[0] = r;
  return u64[0];
}

const EXACT_POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
  1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * sqlite3Fp10Convert2: the double nearest d·10^p (d an unsigned 64-bit integer > 0).
 *
 * Fast path (Clinger): when d ≤ 2^53 and |p| ≤ 22 both factors are exact doubles and one IEEE
 * multiply or divide rounds correctly, which is what SQLite's algorithm computes too (the test suite
 * checks the two paths agree). Otherwise SQLite's 128-bit algorithm runs on bigints.
 */
export function fp10Convert2(d: bigint | number, p: number): number {
  if (typeof d === 'number' && d <= 9007199254740992 && p >= -22 && p <= 22) {
    return p >= 0 ? d * EXACT_POW10[p] : d / EXACT_POW10[-p];
  }
  return fp10Convert2Slow(BigInt(d), p);
}

/** The bigint form of {@link fp10Convert2}, always by SQLite's algorithm. */
export function fp10Convert2Slow(d: bigint, p: number): number {
  if (p < POWERS_OF_10_FIRST) return 0;
  if (p > POWERS_OF_10_LAST) return Infinity;
  const b = bitLength(d);
  const lp = pwr10to2(p);
  let e = 53 - b - lp;
  if (e > 1074) {
    if (e >= 1130) return 0;
    e = 1074;
  }
  const s = -(e - (64 - b) + lp + 3);
  let pwr10h = powerOfTen(p);
  let pwr10l = lastPowerOfTenLo();
  if (pwr10l !== 0n) {
    pwr10h = (pwr10h + 1n) & U64;
    pwr10l = ~pwr10l & U32;
  }
  const x = (d << BigInt(64 - b)) & U64;
  const prod = x * pwr10h;
  let hi = prod >> 64n;
  const mid1 = (prod >> 32n) & U32;
  let sticky = 1n;
  const sMask = (1n << BigInt(s)) - 1n;
  if ((hi & sMask) === 0n) {
    const mid2 = ((x * (pwr10l << 32n)) >> 96n) & U32;
    sticky = ((mid1 - mid2) & U32) > 1n ? 1n : 0n;
    if (mid1 < mid2) hi = (hi - 1n) & U64;
  }
  let u = (hi >> BigInt(s)) | sticky;
  if (u >= (1n << 55n) - 2n) {
    u = (u >> 1n) | (u & 1n);
    e -= 1;
  }
  let m = (u + 1n + ((u >> 2n) & 1n)) >> 2n;
  if (e <= -972) return Infinity;
  if ((m & (1n << 52n)) !== 0n) m = (m & ~(1n << 52n)) | (BigInt(1075 - e) << 52n);
  return doubleFromBits(m);
}
