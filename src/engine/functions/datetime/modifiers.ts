/**
 * Date/time modifiers (lang_datefunc.html §3), applied left to right:
 *
 * | modifier                         | effect                                                     |
 * |----------------------------------|------------------------------------------------------------|
 * | ±NNN days/hours/minutes/seconds  | shift (NNN may have a fraction; a trailing 's' optional)   |
 * | ±NNN months/years                | calendar shift of the integer part, the fraction as days    |
 * |                                  | (a month counts 30 days, a year 365)                       |
 * | ±HH:MM[:SS[.SSS]]                | shift by a time of day                                     |
 * | ±YYYY-MM-DD[ HH:MM[:SS[.SSS]]]   | calendar shift (MM 0–11, DD 0–30), then time               |
 * | start of month / year / day      | back to the start of that period                           |
 * | weekday N                        | forward to the next day N (0 = Sunday), or stay            |
 * | unixepoch / julianday / auto     | how a bare number is read (first modifier only)            |
 * | localtime / utc                  | convert between UTC and the local time zone                |
 * | subsec / subsecond               | render seconds with milliseconds                           |
 * | ceiling / floor                  | resolve a day past the month's end forward or back         |
 *
 * An unknown or malformed modifier makes the whole function return NULL.
 *
 * @module
 */
import { atoF, isSpace } from '../../value/text-to-number.js';
import type { DateTime } from './date-time.js';
import {
  clearYMDHMS,
  computeFloor,
  computeJD,
  computeYMD,
  computeYMDHMS,
  MS_PER_DAY,
  newDateTime,
  UNIX_EPOCH_JD_MS,
} from './date-time.js';
import { getDigits, parseHhMmSs } from './parse.js';
import { toLocaltime } from './localtime.js';

/** Shift units: name, the largest |NNN| allowed (single-precision limits, as SQLite's), seconds per unit. */
const UNITS: [name: string, limit: number, seconds: number][] = [
  ['second', Math.fround(4.6427e14), 1],
  ['minute', Math.fround(7.7379e12), 60],
  ['hour', Math.fround(1.2897e11), 3600],
  ['day', Math.fround(5373485.0), 86400],
  ['month', Math.fround(176546.0), 2592000],
  ['year', Math.fround(14713.0), 31536000],
];

function lowerAscii(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Normalizes a month that went outside 1 … 12 into the year. */
function normalizeMonth(p: DateTime): void {
  const x = p.M > 0 ? Math.trunc((p.M - 1) / 12) : Math.trunc((p.M - 12) / 12);
  p.Y += x;
  p.M -= x * 12;
}

function autoAdjust(p: DateTime): void {
  if (!p.rawS || p.validJD) {
    p.rawS = false;
  } else if (p.s >= -210866760000 && p.s <= 253402300799) {
    const r = p.s * 1000 + UNIX_EPOCH_JD_MS;
    clearYMDHMS(p);
    p.iJD = Math.trunc(r + 0.5);
    p.validJD = true;
    p.rawS = false;
  }
}

/** utc: the UTC instant whose local time is p's (iterating as local offsets may change). */
function toUtc(p: DateTime): boolean {
  if (p.isUtc) return true;
  computeJD(p);
  const orig = p.iJD;
  let guess = orig;
  let err = 0;
  let cnt = 0;
  do {
    const t = newDateTime();
    guess -= err;
    t.iJD = guess;
    t.validJD = true;
    if (!toLocaltime(t)) return false;
    computeJD(t);
    err = t.iJD - orig;
  } while (err !== 0 && cnt++ < 3);
  Object.assign(p, newDateTime());
  p.iJD = guess;
  p.validJD = true;
  p.isUtc = true;
  return true;
}

/** Applies modifier `z` (the `idx`-th argument, 1-based) to `p`; false when it is not valid. */
export function applyModifier(z: string, p: DateTime, idx: number): boolean {
  const lz = lowerAscii(z);
  switch (lz[0]) {
    case 'a':
      if (lz !== 'auto' || idx > 1) return false;
      autoAdjust(p);
      return true;
    case 'c':
      if (lz !== 'ceiling') return false;
      computeJD(p);
      clearYMDHMS(p);
      p.nFloor = 0;
      return true;
    case 'f':
      if (lz !== 'floor') return false;
      computeJD(p);
      p.iJD -= p.nFloor * MS_PER_DAY;
      clearYMDHMS(p);
      return true;
    case 'j':
      if (lz !== 'julianday' || idx > 1) return false;
      if (!(p.validJD && p.rawS)) return false;
      p.rawS = false;
      return true;
    case 'l':
      if (lz !== 'localtime') return false;
      if (!p.isLocal && !toLocaltime(p)) return false;
      p.isUtc = false;
      p.isLocal = true;
      return true;
    case 'u':
      if (lz === 'unixepoch' && p.rawS) {
        if (idx > 1) return false;
        const r = p.s * 1000 + UNIX_EPOCH_JD_MS;
        if (!(r >= 0 && r < 464269060800000)) return false;
        clearYMDHMS(p);
        p.iJD = Math.trunc(r + 0.5);
        p.validJD = true;
        p.rawS = false;
        return true;
      }
      if (lz === 'utc') return toUtc(p);
      return false;
    case 'w': {
      if (!lz.startsWith('weekday ')) return false;
      const a = atoF(z.slice(8));
      const r = a.value;
      if (!(a.rc > 0 && r >= 0 && r < 7 && Number.isInteger(r))) return false;
      computeYMDHMS(p);
      p.tz = 0;
      p.validJD = false;
      computeJD(p);
      let Z = Math.trunc((p.iJD + 129_600_000) / MS_PER_DAY) % 7;
      if (Z > r) Z -= 7;
      p.iJD += (r - Z) * MS_PER_DAY;
      clearYMDHMS(p);
      return true;
    }
    case 's': {
      if (!lz.startsWith('start of ')) {
        if (lz === 'subsec' || lz === 'subsecond') {
          p.useSubsec = true;
          return true;
        }
        return false;
      }
      if (!p.validJD && !p.validYMD && !p.validHMS) return false;
      computeYMD(p);
      p.validHMS = true;
      p.h = 0;
      p.m = 0;
      p.s = 0;
      p.rawS = false;
      p.tz = 0;
      p.validJD = false;
      const what = lz.slice(9);
      if (what === 'month') p.D = 1;
      else if (what === 'year') {
        p.M = 1;
        p.D = 1;
      } else if (what !== 'day') return false;
      return true;
    }
    default:
      if (/^[-+0-9]/.test(z)) return applyShift(z, p);
      return false;
  }
}

const YEAR4: [number, number, number, string][] = [[4, 0, 9999, '']];
const YEAR5: [number, number, number, string][] = [[5, 0, 99999, '']];

/** The numeric modifiers: ±NNN units, ±HH:MM…, ±YYYY-MM-DD…. */
function applyShift(z: string, p: DateTime): boolean {
  const z0 = z[0];
  let n = 1;
  for (; n < z.length; n++) {
    const c = z[n];
    if (c === ':' || isSpace(z.charCodeAt(n))) break;
    if (c === '-') {
      if (n === 5 && getDigits(z, 1, YEAR4).length === 1) break;
      if (n === 6 && getDigits(z, 1, YEAR5).length === 1) break;
    }
  }
  const num = atoF(z.slice(0, n));
  if (num.rc <= 0) return false;
  let r = num.value;
  let z2 = z;
  let i2 = 0; // where a time of day would start in z2
  if (z[n] === '-') {
    // ±YYYY-MM-DD: years, months (0–11) and days (0–30).
    if (z0 !== '+' && z0 !== '-') return false;
    const w = n === 5 ? 4 : 5;
    const ymd = getDigits(z, 1, [[w, 0, w === 4 ? 9999 : 99999, '-'], [2, 0, 12, '-'], [2, 0, 31, '']]);
    if (ymd.length !== 3) return false;
    const [Y, M] = ymd;
    let D = ymd[2];
    const zz = w === 5 ? z.slice(1) : z; // past a 5-digit year, offsets match the 4-digit form
    if (M >= 12 || D >= 31) return false;
    computeYMDHMS(p);
    p.validJD = false;
    if (z0 === '-') {
      p.Y -= Y;
      p.M -= M;
      D = -D;
    } else {
      p.Y += Y;
      p.M += M;
    }
    normalizeMonth(p);
    computeFloor(p);
    computeJD(p);
    p.validHMS = false;
    p.validYMD = false;
    p.iJD += D * MS_PER_DAY;
    if (zz.length <= 11) return true;
    if (isSpace(zz.charCodeAt(11)) && getDigits(zz, 12, [[2, 0, 24, ':'], [2, 0, 59, '']]).length === 2) {
      z2 = zz;
      i2 = 12;
      n = 14;
    } else return false;
  }
  if (z2[n] === ':') {
    // ±HH:MM[:SS[.FFF]]: a time of day as a duration.
    let start = i2;
    if (!/[0-9]/.test(z2[start])) start++;
    const tx = newDateTime();
    if (!parseHhMmSs(z2, start, tx)) return false;
    computeJD(tx);
    tx.iJD -= 43_200_000;
    const day = Math.trunc(tx.iJD / MS_PER_DAY);
    tx.iJD -= day * MS_PER_DAY;
    if (z0 === '-') tx.iJD = -tx.iJD;
    computeJD(p);
    clearYMDHMS(p);
    p.iJD += tx.iJD;
    return true;
  }
  // ±NNN units.
  let rest = z.slice(n);
  let k = 0;
  while (k < rest.length && isSpace(rest.charCodeAt(k))) k++;
  rest = rest.slice(k);
  let len = rest.length;
  if (len < 3 || len > 10) return false;
  if (lowerAscii(rest[len - 1]) === 's') len--;
  const unit = lowerAscii(rest.slice(0, len));
  computeJD(p);
  const rounder = r < 0 ? -0.5 : 0.5;
  p.nFloor = 0;
  let ok = false;
  for (const [name, limit, seconds] of UNITS) {
    if (unit !== name || !(r > -limit && r < limit)) continue;
    if (name === 'month') {
      computeYMDHMS(p);
      p.M += Math.trunc(r);
      normalizeMonth(p);
      computeFloor(p);
      p.validJD = false;
      r -= Math.trunc(r);
    } else if (name === 'year') {
      computeYMDHMS(p);
      p.Y += Math.trunc(r);
      computeFloor(p);
      p.validJD = false;
      r -= Math.trunc(r);
    }
    computeJD(p);
    p.iJD += Math.trunc(r * 1000 * seconds + rounder);
    ok = true;
    break;
  }
  clearYMDHMS(p);
  return ok;
}
