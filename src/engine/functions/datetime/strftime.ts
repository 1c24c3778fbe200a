/**
 * strftime()'s conversions (lang_datefunc.html §1): %d %e %f %F %G %g %H %I %j %J %k %l %m %M %p %P
 * %R %s %S %T %u %U %V %w %W %Y %%. Any other conversion makes the result NULL. Week numbers: %U
 * counts weeks starting on Sunday, %W on Monday (the days before the first one are week 00); %V
 * and %G/%g are ISO 8601 (the week with the year's first Thursday is week 01).
 *
 * @module
 */
import { formatReal } from '../../value/format-real.js';
import type { DateTime } from './date-time.js';
import { computeJD, computeYMD, computeYMDHMS, MS_PER_DAY, UNIX_EPOCH_JD_MS } from './date-time.js';
import { pad, space2 } from './render.js';

/** Whole days from January 1st of p's year to p. */
function daysAfterJan01(p: DateTime): number {
  const jan01 = { ...p, validJD: false, M: 1, D: 1 };
  computeJD(jan01);
  return Math.trunc((p.iJD - jan01.iJD + 43_200_000) / MS_PER_DAY);
}
const daysAfterMonday = (p: DateTime): number => Math.trunc((p.iJD + 43_200_000) / MS_PER_DAY) % 7;
const daysAfterSunday = (p: DateTime): number => Math.trunc((p.iJD + 129_600_000) / MS_PER_DAY) % 7;

/** The Thursday of p's ISO week (its year is the ISO year). */
function isoThursday(p: DateTime): DateTime {
  const y = { ...p, iJD: p.iJD + (3 - daysAfterMonday(p)) * MS_PER_DAY, validYMD: false };
  computeYMD(y);
  return y;
}

/** `format` rendered for `p` (strftime's body), or null for an unknown conversion. */
export function strftime(format: string, p: DateTime): string | null {
  computeJD(p);
  computeYMDHMS(p);
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch !== '%') {
      out += ch;
      continue;
    }
    const cf = format[++i];
    switch (cf) {
      case 'd':
        out += pad(p.D, 2);
        break;
      case 'e':
        out += space2(p.D);
        break;
      case 'f':
        out += formatReal(Math.min(p.s, 59.999), { conv: 'f', precision: 3, width: 6, zeroPad: true });
        break;
      case 'F':
        out += `${pad(p.Y, 4)}-${pad(p.M, 2)}-${pad(p.D, 2)}`;
        break;
      case 'G':
        out += pad(isoThursday(p).Y, 4);
        break;
      case 'g':
        out += pad(isoThursday(p).Y % 100, 2);
        break;
      case 'H':
        out += pad(p.h, 2);
        break;
      case 'k':
        out += space2(p.h);
        break;
      case 'I':
      case 'l': {
        let h = p.h;
        if (h > 12) h -= 12;
        if (h === 0) h = 12;
        out += cf === 'I' ? pad(h, 2) : space2(h);
        break;
      }
      case 'j':
        out += pad(daysAfterJan01(p) + 1, 3);
        break;
      case 'J':
        out += formatReal(p.iJD / MS_PER_DAY, { conv: 'g', precision: 16, width: 0 });
        break;
      case 'm':
        out += pad(p.M, 2);
        break;
      case 'M':
        out += pad(p.m, 2);
        break;
      case 'p':
        out += p.h >= 12 ? 'PM' : 'AM';
        break;
      case 'P':
        out += p.h >= 12 ? 'pm' : 'am';
        break;
      case 'R':
        out += `${pad(p.h, 2)}:${pad(p.m, 2)}`;
        break;
      case 's':
        out += p.useSubsec
          ? formatReal((p.iJD - UNIX_EPOCH_JD_MS) / 1000, { conv: 'f', precision: 3, width: 0 })
          : String(Math.trunc(p.iJD / 1000) - UNIX_EPOCH_JD_MS / 1000);
        break;
      case 'S':
        out += pad(Math.trunc(p.s), 2);
        break;
      case 'T':
        out += `${pad(p.h, 2)}:${pad(p.m, 2)}:${pad(Math.trunc(p.s), 2)}`;
        break;
      case 'u': {
        const d = daysAfterSunday(p);
        out += d === 0 ? '7' : String(d);
        break;
      }
      case 'w':
        out += String(daysAfterSunday(p));
        break;
      case 'U':
        out += pad(Math.trunc((daysAfterJan01(p) - daysAfterSunday(p) + 7) / 7), 2);
        break;
      case 'V':
        out += pad(Math.trunc(daysAfterJan01(isoThursday(p)) / 7) + 1, 2);
        break;
      case 'W':
        out += pad(Math.trunc((daysAfterJan01(p) - daysAfterMonday(p) + 7) / 7), 2);
        break;
      case 'Y':
        out += pad(p.Y, 4);
        break;
      case '%':
        out += '%';
        break;
      default:
        return null;
    }
  }
  return out;
}
