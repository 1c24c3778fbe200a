/**
 * sqlite3FpDecode: a double → its sign, significant decimal digits and decimal-point position,
 * rounded as SQLite 3.53's printf rounds (util.c). The digits come from fp-decimal.ts's
 * {@link fp2Convert10} (18 digits, or iRound + 1 when fewer are asked for), then are rounded
 * half-up in decimal, which can round twice (1.0/3 at 17 digits gives …332, not …331).
 *
 * Rounding request:
 * - iRound ≤ 0: keep −iRound digits after the decimal point (printf %f), at most mxRound in all;
 * - iRound > 0: keep min(iRound, mxRound) significant digits (printf %e, %g).
 * At exactly 17 digits (only "%!.17g", the REAL → TEXT rendering) a shorter digit string is used
 * when it converts back to the same double: 49.47 renders as 49.47, not 49.469999999999999.
 *
 * @module
 */
import { bitsOfDouble, fp10Convert2, fp2Convert10, lastDecimalExponent } from './fp-decimal.js';

/** A decoded double. */
export interface FpDecoded {
  /** '-' for negative values (−0.0 decodes as '+'). */
  sign: '+' | '-';
  /** The significant digits, no leading or trailing zeros ("0" for zero); '' for Inf/NaN. */
  digits: string;
  /** Position of the decimal point: value = 0.digits × 10^iDP. */
  iDP: number;
  /** 0 for finite values, 1 for ±Infinity, 2 for NaN. */
  special: 0 | 1 | 2;
}

const MANTISSA_MASK = 0x000fffffffffffffn;
const BIT63 = 0x8000000000000000n;

function clz64(v: bigint): number {
  return 64 - v.toString(2).length;
}

/**
 * Decodes `r` rounded per `iRound` / `mxRound` (see the module doc); `mxRound` must be positive.
 */
export function fpDecode(r: number, iRound: number, mxRound: number): FpDecoded {
  let sign: '+' | '-' = '+';
  if (r < 0) {
    sign = '-';
    r = -r;
  } else if (r === 0) {
    return { sign, digits: '0', iDP: 1, special: 0 };
  }
  const bits = bitsOfDouble(r);
  let e = Number((bits >> 52n) & 0x7ffn);
  if (e === 0x7ff) {
    return { sign, digits: '', iDP: 0, special: bits === 0x7ff0000000000000n ? 1 : 2 };
  }
  let v = bits & MANTISSA_MASK;
  if (e === 0) {
    const nn = clz64(v);
    v <<= BigInt(nn);
    e = -1074 - nn;
  } else {
    v = (v << 11n) | BIT63;
    e -= 1086;
  }
  const d = fp2Convert10(v, e, iRound <= 0 || iRound >= 18 ? 18 : iRound + 1);
  const exp = lastDecimalExponent();
  const z: number[] = [];
  for (const ch of d.toString()) z.push(ch.charCodeAt(0));
  let n = z.length;
  let iDP = n + exp;
  if (iRound <= 0) {
    iRound = iDP - iRound;
    if (iRound === 0 && z[0] >= 0x35) {
      iRound = 1;
      z.unshift(0x30);
      n++;
      iDP++;
    }
  }
  if (iRound > 0 && (iRound < n || n > mxRound)) {
    if (iRound > mxRound) iRound = mxRound;
    if (iRound === 17) iRound = shortestRoundTrip(z, n, exp, r, iDP);
    n = iRound;
    if (z[iRound] >= 0x35) {
      let j = iRound - 1;
      for (;;) {
        z[j]++;
        if (z[j] <= 0x39) break;
        z[j] = 0x30;
        if (j === 0) {
          z.unshift(0x31);
          n++;
          iDP++;
          break;
        }
        j--;
      }
    }
  }
  while (z[n - 1] === 0x30) n--;
  return { sign, digits: String.fromCharCode.apply(null, z.slice(0, n)), iDP, special: 0 };
}

/** The 17-digit case: a shorter prefix (rounded up over a run of 9s, or cut before a run of 0s) when it round-trips. */
function shortestRoundTrip(z: number[], n: number, exp: number, r: number, iDP: number): number {
  if (z[15] === 0x39 && z[14] === 0x39) {
    let jj = 14;
    while (jj > 0 && z[jj - 1] === 0x39) jj--;
    const v2 = jj === 0 ? 1 : digitsValue(z, jj) + 1;
    if (r === fp10Convert2(v2, exp + n - jj)) return jj + 1;
  } else if (iDP >= n || (z[15] === 0x30 && z[14] === 0x30 && z[13] === 0x30)) {
    let jj = 13;
    while (z[jj - 1] === 0x30) jj--;
    if (r === fp10Convert2(digitsValue(z, jj), exp + n - jj)) return jj + 1;
  }
  return 17;
}

/** The integer spelled by z[0 … k) (k ≤ 15, so exact as a number). */
function digitsValue(z: number[], k: number): number {
  let v = 0;
  for (let i = 0; i < k; i++) v = v * 10 + (z[i] - 0x30);
  return v;
}
