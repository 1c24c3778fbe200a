/**
 * UTC → local time for the 'localtime' and 'utc' modifiers, through JavaScript's Date (the
 * process's time zone, as SQLite uses the C library's localtime_r). Outside 1970 … 2037 the year
 * is mapped to one with the same leap-year pattern inside it, converted, and mapped back, as
 * SQLite does for localtime_r's sake.
 *
 * @module
 */
import type { DateTime } from './date-time.js';
import { computeJD, computeYMDHMS, UNIX_EPOCH_JD_MS } from './date-time.js';

const JD_1970 = 210_866_760_000_000;
const JD_2038 = 213_014_145_600_000;

/** Replaces p's instant by its local calendar date and time; false when it cannot (never, here). */
export function toLocaltime(p: DateTime): boolean {
  computeJD(p);
  let yearDiff = 0;
  let t: number;
  if (p.iJD < JD_1970 || p.iJD > JD_2038) {
    const x = { ...p };
    computeYMDHMS(x);
    yearDiff = 2000 + (x.Y % 4) - x.Y;
    x.Y += yearDiff;
    x.validJD = false;
    computeJD(x);
    t = Math.trunc(x.iJD / 1000) - UNIX_EPOCH_JD_MS / 1000;
  } else t = Math.trunc(p.iJD / 1000) - UNIX_EPOCH_JD_MS / 1000;
  const d = new Date(t * 1000);
  if (Number.isNaN(d.getTime())) return false;
  p.Y = d.getFullYear() - yearDiff;
  p.M = d.getMonth() + 1;
  p.D = d.getDate();
  p.h = d.getHours();
  p.m = d.getMinutes();
  p.s = d.getSeconds() + (p.iJD % 1000) * 0.001;
  p.validYMD = true;
  p.validHMS = true;
  p.validJD = false;
  p.rawS = false;
  p.validTZ = false;
  p.isError = false;
  return true;
}
