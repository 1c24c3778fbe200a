/**
 * The state of a date/time computation (lang_datefunc.html; SQLite's date.c DateTime), and the
 * conversions between its two forms: a Julian day number in milliseconds, and a proleptic
 * Gregorian calendar date with a time of day.
 *
 * | field      | meaning                                                                       |
 * |------------|-------------------------------------------------------------------------------|
 * | iJD        | Julian day × 86,400,000: milliseconds since −4713-11-24 12:00:00 (JD 0)       |
 * | Y M D      | year (−4713 … 9999), month (1 … 12), day (1 … 31, may overflow the month)     |
 * | h m s      | hour, minute, seconds (s is a double with millisecond precision)              |
 * | tz         | time zone offset in minutes, from a "+HH:MM" suffix                           |
 * | rawS       | the value was a bare number whose meaning a modifier may still choose         |
 * | nFloor     | days a month overflow carried forward (for the 'floor' modifier)              |
 *
 * Invariants:
 * 1. When `validJD`, iJD is the instant; when `validYMD`/`validHMS`, those fields agree with it
 *    (or iJD is not computed yet). {@link computeJD} and {@link computeYMD}/{@link computeHMS}
 *    fill one form from the other.
 * 2. A valid result has 0 ≤ iJD ≤ 464269060799999 (up to 9999-12-31 23:59:59.999).
 *
 * Integer arithmetic follows C: divisions truncate toward zero (Math.trunc), remainders keep the
 * dividend's sign.
 *
 * @module
 */

/** Milliseconds per day. */
export const MS_PER_DAY = 86_400_000;
/** iJD of the Unix epoch, 1970-01-01 00:00:00. */
export const UNIX_EPOCH_JD_MS = 210_866_760_000_000;
/** Largest valid iJD: 9999-12-31 23:59:59.999. */
export const MAX_JD_MS = 464_269_060_799_999;

/** A date/time under computation; see the module table. */
export interface DateTime {
  iJD: number;
  Y: number;
  M: number;
  D: number;
  h: number;
  m: number;
  s: number;
  tz: number;
  validJD: boolean;
  validYMD: boolean;
  validHMS: boolean;
  validTZ: boolean;
  rawS: boolean;
  isError: boolean;
  useSubsec: boolean;
  isUtc: boolean;
  isLocal: boolean;
  nFloor: number;
}

/** A cleared DateTime. */
export function newDateTime(): DateTime {
  return {
    iJD: 0, Y: 0, M: 0, D: 0, h: 0, m: 0, s: 0, tz: 0,
    validJD: false, validYMD: false, validHMS: false, validTZ: false,
    rawS: false, isError: false, useSubsec: false, isUtc: false, isLocal: false, nFloor: 0,
  };
}

/** True when iJD is inside the supported range (invariant 2). */
export function validJulianDay(iJD: number): boolean {
  return iJD >= 0 && iJD <= MAX_JD_MS;
}

/** Marks the computation as failed: every function then returns NULL. */
export function datetimeError(p: DateTime): void {
  Object.assign(p, newDateTime());
  p.isError = true;
}

/** Forgets the calendar form (after iJD moved). */
export function clearYMDHMS(p: DateTime): void {
  p.validYMD = false;
  p.validHMS = false;
  p.tz = 0;
}

/** iJD from the calendar form (2000-01-01 when there is no date; the time of day when there is one). */
export function computeJD(p: DateTime): void {
  if (p.validJD) return;
  let Y = p.validYMD ? p.Y : 2000;
  let M = p.validYMD ? p.M : 1;
  const D = p.validYMD ? p.D : 1;
  if (Y < -4713 || Y > 9999 || p.rawS) {
    datetimeError(p);
    return;
  }
  if (M <= 2) {
    Y--;
    M += 12;
  }
  // Gregorian calendar days (Meeus, Astronomical Algorithms, ch. 7), shifted so the divisions
  // below see positive operands.
  const A = Math.trunc((Y + 4800) / 100);
  const B = 38 - A + Math.trunc(A / 4);
  const X1 = Math.trunc((36525 * (Y + 4716)) / 100);
  const X2 = Math.trunc((306001 * (M + 1)) / 10000);
  p.iJD = Math.trunc((X1 + X2 + D + B - 1524.5) * MS_PER_DAY);
  p.validJD = true;
  if (p.validHMS) {
    p.iJD += p.h * 3_600_000 + p.m * 60_000 + Math.trunc(p.s * 1000 + 0.5);
    if (p.validTZ) {
      p.iJD -= p.tz * 60_000;
      p.isUtc = true;
      p.isLocal = false;
      p.validYMD = false;
      p.validHMS = false;
      p.validTZ = false;
    }
  }
}

/** The calendar date of iJD (2000-01-01 when there is none). */
export function computeYMD(p: DateTime): void {
  if (p.validYMD) return;
  if (!p.validJD) {
    p.Y = 2000;
    p.M = 1;
    p.D = 1;
  } else if (!validJulianDay(p.iJD)) {
    datetimeError(p);
    return;
  } else {
    const Z = Math.trunc((p.iJD + 43_200_000) / MS_PER_DAY);
    const alpha = Math.trunc((Z + 32044.75) / 36524.25) - 52;
    const A = Z + 1 + alpha - Math.trunc((alpha + 100) / 4) + 25;
    const B = A + 1524;
    const C = Math.trunc((B - 122.1) / 365.25);
    const D = Math.trunc((36525 * (C & 32767)) / 100);
    const E = Math.trunc((B - D) / 30.6001);
    const X1 = Math.trunc(30.6001 * E);
    p.D = B - D - X1;
    p.M = E < 14 ? E - 1 : E - 13;
    p.Y = p.M > 2 ? C - 4716 : C - 4715;
  }
  p.validYMD = true;
}

/** The time of day of iJD. */
export function computeHMS(p: DateTime): void {
  if (p.validHMS) return;
  computeJD(p);
  const dayMs = Math.trunc((p.iJD + 43_200_000) % MS_PER_DAY);
  p.s = (dayMs % 60_000) / 1000;
  const dayMin = Math.trunc(dayMs / 60_000);
  p.m = dayMin % 60;
  p.h = Math.trunc(dayMin / 60);
  p.rawS = false;
  p.validHMS = true;
}

/** Both calendar forms. */
export function computeYMDHMS(p: DateTime): void {
  computeYMD(p);
  computeHMS(p);
}

/**
 * Days a day-of-month past the month's end carries into the next month (2023-02-31 → 3), kept
 * for the 'floor' modifier.
 */
export function computeFloor(p: DateTime): void {
  if (p.D <= 28) p.nFloor = 0;
  else if (((1 << p.M) & 0x15aa) !== 0) p.nFloor = 0; // months of 31 days
  else if (p.M !== 2) p.nFloor = p.D === 31 ? 1 : 0;
  else if (p.Y % 4 !== 0 || (p.Y % 100 === 0 && p.Y % 400 !== 0)) p.nFloor = p.D - 28;
  else p.nFloor = p.D - 29;
}

/** A bare number as a time value: a Julian day number when in range; the modifiers may reinterpret it. */
export function setRawDateNumber(p: DateTime, r: number): void {
  p.s = r;
  p.rawS = true;
  if (r >= 0 && r < 5373484.5) {
    p.iJD = Math.trunc(r * MS_PER_DAY + 0.5);
    p.validJD = true;
  }
}

/** The current time (statement time, in ms since the Unix epoch). */
export function setToNow(p: DateTime, unixMs: number): void {
  p.iJD = Math.trunc(unixMs) + UNIX_EPOCH_JD_MS;
  p.validJD = true;
  p.isUtc = true;
  p.isLocal = false;
  clearYMDHMS(p);
}
