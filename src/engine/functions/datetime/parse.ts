/**
 * Parsing time values (lang_datefunc.html §2 "Time Values"):
 *
 *     [-]YYYY-MM-DD                         YYYY-MM-DD[ |T]HH:MM[:SS[.SSS…]][tz]
 *     HH:MM[:SS[.SSS…]][tz]                 now | subsec | subsecond
 *     DDDDDDDDDD (a number: Julian day, or Unix time with 'unixepoch'/'auto')
 *
 * where tz is `Z`, `z` or `[+-]HH:MM`, spaces allowed around it. Z and ±00:00 make the value UTC
 * at once; another offset does once it has been applied (at once for a date, when first needed for
 * a bare time). A UTC value is left alone by the 'utc' modifier (SQLite 3.53's behaviour). Field ranges: month 1–12, day
 * 1–31 (overflowing into the next month), hour 0–24, minute and second 0–59; fractional seconds
 * are truncated to 0.999.
 *
 * @module
 */
import { atoF, isSpace } from '../../value/text-to-number.js';
import type { DateTime } from './date-time.js';
import { computeFloor, computeJD, setRawDateNumber, setToNow } from './date-time.js';

/** One fixed-width group: `width` digits in [min, max], then `sep` (or anything when ''). */
type Group = [width: number, min: number, max: number, sep: string];

/**
 * Reads fixed-width digit groups at `z[i…]`; returns the values, or fewer when a group is not all
 * digits, out of range, or not followed by its separator (date.c getDigits).
 */
export function getDigits(z: string, i: number, groups: Group[]): number[] {
  const out: number[] = [];
  for (const [width, min, max, sep] of groups) {
    let v = 0;
    for (let k = 0; k < width; k++) {
      const c = z.charCodeAt(i++);
      if (!(c >= 0x30 && c <= 0x39)) return out;
      v = v * 10 + (c - 0x30);
    }
    if (v < min || v > max) return out;
    if (sep !== '' && z[i] !== sep) return out;
    i++;
    out.push(v);
  }
  return out;
}

const HH_MM: Group[] = [[2, 0, 24, ':'], [2, 0, 59, '']];
const TZ_HH_MM: Group[] = [[2, 0, 14, ':'], [2, 0, 59, '']];
const SS: Group[] = [[2, 0, 59, '']];
const YYYY_MM_DD: Group[] = [[4, 0, 9999, '-'], [2, 1, 12, '-'], [2, 1, 31, '']];

/** The time-zone suffix at z[i…]; false when it is malformed or followed by other text. */
function parseTimezone(z: string, i: number, p: DateTime): boolean {
  while (i < z.length && isSpace(z.charCodeAt(i))) i++;
  p.tz = 0;
  p.validTZ = false;
  const c = z[i];
  if (c === 'Z' || c === 'z') {
    i++;
    p.isLocal = false;
    p.isUtc = true;
  } else if (c === '-' || c === '+') {
    const hm = getDigits(z, i + 1, TZ_HH_MM);
    if (hm.length !== 2) return false;
    i += 6;
    p.tz = (c === '-' ? -1 : 1) * (hm[1] + hm[0] * 60);
    // A zero offset is UTC at once, like Z; another is applied (and marks UTC) by computeJD.
    p.validTZ = p.tz !== 0;
    if (p.tz === 0) {
      p.isLocal = false;
      p.isUtc = true;
    }
  } else return i >= z.length;
  while (i < z.length && isSpace(z.charCodeAt(i))) i++;
  return i >= z.length;
}

/** HH:MM[:SS[.FFF]][tz] at z[i…] into `p`; false when it does not parse. */
export function parseHhMmSs(z: string, i: number, p: DateTime): boolean {
  const hm = getDigits(z, i, HH_MM);
  if (hm.length !== 2) return false;
  i += 5;
  let s = 0;
  let ms = 0;
  if (z[i] === ':') {
    const ss = getDigits(z, i + 1, SS);
    if (ss.length !== 1) return false;
    s = ss[0];
    i += 3;
    if (z[i] === '.' && /[0-9]/.test(z[i + 1] ?? '')) {
      let scale = 1;
      i++;
      while (i < z.length && /[0-9]/.test(z[i])) {
        ms = ms * 10 + (z.charCodeAt(i) - 0x30);
        scale *= 10;
        i++;
      }
      ms /= scale;
      if (ms > 0.999) ms = 0.999; // truncated, not rounded, to stay inside the second
    }
  }
  p.validJD = false;
  p.rawS = false;
  p.validHMS = true;
  p.h = hm[0];
  p.m = hm[1];
  p.s = s + ms;
  return parseTimezone(z, i, p);
}

/** [-]YYYY-MM-DD[( |T)+time] into `p`; false when it does not parse. */
function parseYyyyMmDd(z: string, p: DateTime): boolean {
  let i = 0;
  const neg = z[0] === '-';
  if (neg) i++;
  const ymd = getDigits(z, i, YYYY_MM_DD);
  if (ymd.length !== 3) return false;
  i += 10;
  while (i < z.length && (isSpace(z.charCodeAt(i)) || z[i] === 'T')) i++;
  if (parseHhMmSs(z, i, p)) {
    // with a time of day
  } else if (i >= z.length) p.validHMS = false;
  else return false;
  p.validJD = false;
  p.validYMD = true;
  p.Y = neg ? -ymd[0] : ymd[0];
  p.M = ymd[1];
  p.D = ymd[2];
  computeFloor(p);
  if (p.validTZ) computeJD(p);
  return true;
}

/**
 * A time value given as TEXT into `p` (date.c parseDateOrTime). 'now' and 'subsec' read
 * `nowUnixMs()`. Returns false when the text is not a time value. The text ends at its first NUL.
 */
export function parseDateOrTime(text: string, p: DateTime, nowUnixMs: () => number): boolean {
  const k = text.indexOf('\0');
  const z = k < 0 ? text : text.slice(0, k);
  if (parseYyyyMmDd(z, p)) return true;
  if (parseHhMmSs(z, 0, p)) return true;
  const lower = z.replace(/[A-Z]/g, (c) => c.toLowerCase()); // ASCII-only, as sqlite3StrICmp
  if (lower === 'now') {
    setToNow(p, nowUnixMs());
    return true;
  }
  const r = atoF(z);
  if (r.rc > 0) {
    setRawDateNumber(p, r.value);
    return true;
  }
  if (lower === 'subsec' || lower === 'subsecond') {
    p.useSubsec = true;
    setToNow(p, nowUnixMs());
    return true;
  }
  return false;
}
