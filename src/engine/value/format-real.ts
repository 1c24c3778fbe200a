/**
 * printf's floating-point conversions %f %e %E %g %G, as SQLite 3.53's sqlite3_str_vappendf renders
 * them (printf.c, etFLOAT / etEXP / etGENERIC), and the REAL → TEXT rendering built on them.
 *
 * Flags: '-' left-justify, '+' or ' ' sign prefix, '0' zero-pad (also turns ±Infinity into
 * ±9.0e+999 and NaN into "null"), '#' keep the point and trailing zeros, '!' (SQLite's own) up to
 * 20 significant digits instead of 16 and "X.0" instead of "X." once trailing zeros are removed,
 * ',' thousands separators before the point. Precision defaults to 6 and is capped at 100,000,000.
 *
 * The output is ASCII, so widths in bytes and in characters agree.
 *
 * @module
 */
import { SqliteError } from '../../error.js';
import { fpDecode } from './fp-decode.js';

/** One floating-point conversion of printf. */
export interface RealSpec {
  conv: 'f' | 'e' | 'E' | 'g' | 'G';
  /** Digits after the point (%f, %e) or significant digits (%g); −1 for the default 6. */
  precision: number;
  /** Minimum field width in characters (0 for none). */
  width: number;
  leftJustify?: boolean;
  /** '+' or ' ' before non-negative values, '' for none. */
  prefix?: '' | '+' | ' ';
  zeroPad?: boolean;
  /** The '#' flag. */
  alternate?: boolean;
  /** SQLite's '!' flag. */
  altForm2?: boolean;
  /** The ',' flag. */
  thousands?: boolean;
}

const FP_PRECISION_LIMIT = 100_000_000;

/**
 * Renders `r` per `spec`.
 * @param maxLength - SQLITE_LIMIT_LENGTH in bytes: a field that would need more throws.
 * @throws SqliteError SQLITE_TOOBIG ("string or blob too big") for an oversized field.
 */
export function formatReal(r: number, spec: RealSpec, maxLength = 1_000_000_000): string {
  let precision = spec.precision < 0 ? 6 : Math.min(spec.precision, FP_PRECISION_LIMIT);
  const { conv, width } = spec;
  const alternate = spec.alternate ?? false;
  const altForm2 = spec.altForm2 ?? false;
  const flagPrefix = spec.prefix ?? '';
  let xtype: 'f' | 'e' | 'g' = conv === 'f' ? 'f' : conv === 'e' || conv === 'E' ? 'e' : 'g';
  let iRound: number;
  if (xtype === 'f') iRound = -precision;
  else if (xtype === 'g') {
    if (precision === 0) precision = 1;
    iRound = precision;
  } else iRound = precision + 1;
  const s = fpDecode(r, iRound, altForm2 ? 20 : 16);
  let digits = s.digits;
  let iDP = s.iDP;
  if (s.special !== 0) {
    if (s.special === 2) return pad(spec.zeroPad ? 'null' : 'NaN', spec);
    if (spec.zeroPad) {
      digits = '9';
      iDP = 1000;
    } else {
      return pad(s.sign === '-' ? '-Inf' : flagPrefix + 'Inf', spec);
    }
  }
  let prefix: string;
  if (s.sign === '-') {
    // "%#f" of a value that shows as zero drops the minus sign.
    prefix = alternate && flagPrefix === '' && xtype === 'f' && iDP <= iRound ? '' : '-';
  } else prefix = flagPrefix;

  let rtz: boolean;
  if (xtype === 'g') {
    precision--;
    rtz = !alternate;
    const exp = iDP - 1;
    if (exp < -4 || exp > precision) xtype = 'e';
    else {
      precision -= exp;
      xtype = 'f';
    }
  } else rtz = altForm2;
  let e2 = xtype === 'e' ? 0 : iDP - 1;
  let needed = Math.max(e2, 0) + precision + width + 10;
  if (spec.thousands && e2 > 0) needed += Math.floor((e2 + 2) / 3);
  if (needed > maxLength) throw new SqliteError('SQLITE_TOOBIG', 'string or blob too big');

  const n = digits.length;
  const flagDp = precision > 0 || alternate || altForm2;
  let out = prefix;
  let j = 0;
  if (e2 < 0) out += '0';
  else if (spec.thousands) {
    for (; e2 >= 0; e2--) {
      out += j < n ? digits[j++] : '0';
      if (e2 % 3 === 0 && e2 > 1) out += ',';
    }
  } else {
    j = Math.min(e2 + 1, n);
    out += digits.slice(0, j);
    e2 -= j;
    if (e2 >= 0) {
      out += '0'.repeat(e2 + 1);
      e2 = -1;
    }
  }
  if (flagDp) out += '.';
  if (e2 < -1 && precision > 0) {
    const nn = Math.min(-1 - e2, precision);
    out += '0'.repeat(nn);
    precision -= nn;
  }
  if (precision > 0) {
    const nn = Math.min(n - j, precision);
    if (nn > 0) {
      out += digits.slice(j, j + nn);
      precision -= nn;
    }
    if (precision > 0 && !rtz) out += '0'.repeat(precision);
  }
  if (rtz && flagDp) {
    let k = out.length;
    while (out.charCodeAt(k - 1) === 0x30) k--;
    out = out.slice(0, k);
    if (out.endsWith('.')) out = altForm2 ? out + '0' : out.slice(0, -1);
  }
  if (xtype === 'e') {
    let exp = iDP - 1;
    out += conv === 'E' || conv === 'G' ? 'E' : 'e';
    if (exp < 0) {
      out += '-';
      exp = -exp;
    } else out += '+';
    if (exp >= 100) {
      out += String.fromCharCode(0x30 + Math.floor(exp / 100));
      exp %= 100;
    }
    out += String.fromCharCode(0x30 + Math.floor(exp / 10), 0x30 + (exp % 10));
  }
  if (out.length < width) {
    const nPad = width - out.length;
    if (spec.leftJustify) out += ' '.repeat(nPad);
    else if (!spec.zeroPad) out = ' '.repeat(nPad) + out;
    else out = out.slice(0, prefix.length) + '0'.repeat(nPad) + out.slice(prefix.length);
  }
  return out;
}

/** The generic width padding printf applies to "NaN", "Inf" and friends (spaces only). */
function pad(text: string, spec: RealSpec): string {
  if (text.length >= spec.width) return text;
  const fill = ' '.repeat(spec.width - text.length);
  return spec.leftJustify ? text + fill : fill + text;
}

const REAL_TO_TEXT: RealSpec = { conv: 'g', precision: 17, width: 0, altForm2: true };

/**
 * A REAL as TEXT, as sqlite3_value_text / CAST(x AS TEXT) / `||` render it: printf "%!.*g" with
 * `digits` significant digits (SQLITE_DBCONFIG_FP_DIGITS, 17 by default): 0.1 → "0.1",
 * 1.0/3 → "0.33333333333333332", 1.0 → "1.0", 1e20 → "1.0e+20", −0.0 → "0.0", ±Infinity → "Inf"/"-Inf".
 */
export function realToText(r: number, digits = 17): string {
  // Integral values below 10^15 print all their digits exactly, then ".0".
  if (digits === 17 && Number.isInteger(r) && r < 1e15 && r > -1e15) return (r + 0).toString() + '.0';
  return formatReal(r, digits === 17 ? REAL_TO_TEXT : { ...REAL_TO_TEXT, precision: digits });
}
