/**
 * Rendering pieces shared by the date/time functions: C-style zero padding, the date and the
 * time of day as date(), time() and datetime() write them.
 *
 * @module
 */
import type { DateTime } from './date-time.js';

/** C's "%0*d": zero-padded to `w` characters, a minus sign counting as one of them. */
export const pad = (n: number, w: number): string => (n < 0 ? '-' + String(-n).padStart(w - 1, '0') : String(n).padStart(w, '0'));
/** C's "%2d". */
export const space2 = (n: number): string => String(n).padStart(2, ' ');

/** YYYY-MM-DD, with a leading '-' for years before 0. */
export function ymd(p: DateTime): string {
  const y = String(Math.abs(p.Y) % 10000).padStart(4, '0');
  return `${p.Y < 0 ? '-' : ''}${y}-${pad(p.M, 2)}-${pad(p.D, 2)}`;
}

/** HH:MM:SS, or HH:MM:SS.SSS with the 'subsec' modifier. */
export function hms(p: DateTime): string {
  const base = `${pad(p.h, 2)}:${pad(p.m, 2)}:`;
  if (p.useSubsec) {
    const ms = Math.trunc(1000 * p.s + 0.5);
    return base + `${pad(Math.trunc(ms / 1000), 2)}.${pad(ms % 1000, 3)}`;
  }
  return base + pad(Math.trunc(p.s), 2);
}
