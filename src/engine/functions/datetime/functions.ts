/**
 * The date and time functions (lang_datefunc.html): date, time, datetime, julianday, unixepoch,
 * strftime, timediff. Each takes a time value and modifiers (parse.ts, modifiers.ts); NULL when
 * any of them is invalid or the result falls outside 0000-01-01 … 9999-12-31 in Julian days
 * (date-time.ts invariant 2). With no arguments the time value is 'now', which comes from the
 * FunctionContext and is the same for a whole statement.
 *
 * strftime conversions: %d %e %f %F %G %g %H %I %j %J %k %l %m %M %p %P %R %s %S %T %u %U %V %w
 * %W %Y %%; any other makes the result NULL.
 *
 * @module
 */
import { formatReal } from '../../value/format-real.js';
import { textOf } from '../../value/coerce.js';
import { utf8Decode } from '../../value/utf8.js';
import type { Value } from '../../value/value.js';
import { isInt, Real } from '../../value/value.js';
import { scalar } from '../define.js';
import type { FunctionContext } from '../registry.js';
import type { DateTime } from './date-time.js';
import {
  clearYMDHMS,
  computeJD,
  computeYMD,
  computeYMDHMS,
  MS_PER_DAY,
  newDateTime,
  setRawDateNumber,
  setToNow,
  UNIX_EPOCH_JD_MS,
  validJulianDay,
} from './date-time.js';
import { applyModifier } from './modifiers.js';
import { hms, pad, ymd } from './render.js';
import { strftime } from './strftime.js';
import { parseDateOrTime } from './parse.js';

function text(v: Value): string | null {
  return v instanceof Uint8Array ? utf8Decode(v) : textOf(v);
}

/** date.c isDate: the DateTime of args[0] with args[1…] applied, or undefined (→ NULL). */
export function dateTimeOf(args: Value[], ctx: FunctionContext): DateTime | undefined {
  const p = newDateTime();
  if (args.length === 0) {
    setToNow(p, ctx.now());
    return p;
  }
  const v = args[0];
  if (isInt(v) || v instanceof Real) setRawDateNumber(p, v instanceof Real ? v.value : Number(v));
  else {
    const z = text(v);
    if (z === null || !parseDateOrTime(z, p, () => ctx.now())) return undefined;
  }
  for (let i = 1; i < args.length; i++) {
    const z = text(args[i]);
    if (z === null || !applyModifier(z.split('\0')[0], p, i)) return undefined;
  }
  computeJD(p);
  if (p.isError || !validJulianDay(p.iJD)) return undefined;
  // A lone YYYY-MM-DD past the month's end is normalized (2023-02-31 → 2023-03-03).
  if (args.length === 1 && p.validYMD && p.D > 28) p.validYMD = false;
  return p;
}

scalar('julianday', -1, (args, ctx) => {
  const p = dateTimeOf(args, ctx);
  return p === undefined ? null : new Real(p.iJD / MS_PER_DAY);
}, false);

scalar('unixepoch', -1, (args, ctx) => {
  const p = dateTimeOf(args, ctx);
  if (p === undefined) return null;
  if (p.useSubsec) return new Real((p.iJD - UNIX_EPOCH_JD_MS) / 1000);
  return Math.trunc(p.iJD / 1000) - UNIX_EPOCH_JD_MS / 1000;
}, false);

scalar('datetime', -1, (args, ctx) => {
  const p = dateTimeOf(args, ctx);
  if (p === undefined) return null;
  computeYMDHMS(p);
  return `${ymd(p)} ${hms(p)}`;
}, false);

scalar('time', -1, (args, ctx) => {
  const p = dateTimeOf(args, ctx);
  if (p === undefined) return null;
  computeYMDHMS(p);
  return hms(p);
}, false);

scalar('date', -1, (args, ctx) => {
  const p = dateTimeOf(args, ctx);
  if (p === undefined) return null;
  computeYMD(p);
  return ymd(p);
}, false);

scalar('strftime', -1, (args, ctx) => {
  if (args.length === 0) return null;
  const f = text(args[0]);
  if (f === null) return null;
  const p = dateTimeOf(args.slice(1), ctx);
  return p === undefined ? null : strftime(f.split('\0')[0], p);
}, false);

/**
 * timediff(A, B): A − B as "±YYYY-MM-DD HH:MM:SS.SSS", counting whole years and months on the
 * calendar first (from B towards A), then the remaining days and time.
 */
scalar('timediff', 2, ([a, b], ctx) => {
  const d1 = dateTimeOf([a], ctx);
  const d2 = dateTimeOf([b], ctx);
  if (d1 === undefined || d2 === undefined) return null;
  computeYMDHMS(d1);
  computeYMDHMS(d2);
  const forward = d1.iJD >= d2.iJD;
  let Y = forward ? d1.Y - d2.Y : d2.Y - d1.Y;
  const reset = (): void => {
    d2.validJD = false;
    computeJD(d2);
  };
  if (Y !== 0) {
    d2.Y = d1.Y;
    reset();
  }
  let M = forward ? d1.M - d2.M : d2.M - d1.M;
  if (M < 0) {
    Y--;
    M += 12;
  }
  if (M !== 0) {
    d2.M = d1.M;
    reset();
  }
  while (forward ? d1.iJD < d2.iJD : d1.iJD > d2.iJD) {
    M--;
    if (M < 0) {
      M = 11;
      Y--;
    }
    if (forward) {
      d2.M--;
      if (d2.M < 1) {
        d2.M = 12;
        d2.Y--;
      }
    } else {
      d2.M++;
      if (d2.M > 12) {
        d2.M = 1;
        d2.Y++;
      }
    }
    reset();
  }
  // The remainder as an instant after JD 148699540800000 (0000-01-01 00:00:00), so that its
  // calendar date is the number of days plus one.
  const rest = newDateTime();
  rest.iJD = (forward ? d1.iJD - d2.iJD : d2.iJD - d1.iJD) + 148_699_540_800_000;
  rest.validJD = true;
  clearYMDHMS(rest);
  computeYMDHMS(rest);
  const secs = formatReal(rest.s, { conv: 'f', precision: 3, width: 6, zeroPad: true });
  return `${forward ? '+' : '-'}${pad(Y, 4)}-${pad(M, 2)}-${pad(rest.D - 1, 2)} ${pad(rest.h, 2)}:${pad(rest.m, 2)}:${secs}`;
}, false);

// CURRENT_DATE, CURRENT_TIME and CURRENT_TIMESTAMP compile to these zero-argument calls.
scalar('current_date', 0, (_a, ctx) => {
  const p = dateTimeOf([], ctx)!;
  computeYMD(p);
  return ymd(p);
}, false);
scalar('current_time', 0, (_a, ctx) => {
  const p = dateTimeOf([], ctx)!;
  computeYMDHMS(p);
  return hms(p);
}, false);
scalar('current_timestamp', 0, (_a, ctx) => {
  const p = dateTimeOf([], ctx)!;
  computeYMDHMS(p);
  return `${ymd(p)} ${hms(p)}`;
}, false);
