/**
 * The two conversions of SQLite's printf (src/printf.c) the sqllogictest renderer needs, for
 * doubles: `%.Nf` (R columns) and `%!.15g` (a REAL read as text in a T column).
 *
 * - `%.Nf` prints N places after the point but never more than 16 significant digits, writing
 *   zeros after them: `printf('%.3f', -9223372036854775808.0)` is `-9223372036854776000.000`
 *   where C's printf prints every digit.
 * - `%!.15g` prints 15 significant digits: exponential form when the decimal exponent is below
 *   -4 or at least 15 (`1.0e+15`, `1.25e-05`: at least two exponent digits), else fixed;
 *   trailing zeros dropped, but the `!` flag keeps one after the point (`100.0`).
 * - Infinities print as `Inf` / `-Inf`, NaN as `NaN`; negative zero prints without its sign,
 *   other negatives that round to zero keep it (`-0.000`).
 *
 * Rounding here is of the double's exact decimal value, half away from zero. SQLite rounds an
 * approximate expansion of 17 to 19 digits instead (the algorithm differs between 3.40 and
 * 3.53), so when the digits after the last one printed are close to a half (…49x or …50x), the
 * last digit may differ: 2708.0915, which is 2708.09149999999999636…, is `2708.091` here and
 * `2708.092` in SQLite 3.53. Random doubles meet this about 2% of the time at `%.3f` above 1e13
 * (the 16-digit cap), and almost never otherwise; no record of select1-5 + evidence does.
 *
 * `%!.15g` is how SQLite up to 3.4x turns a REAL into TEXT (sqlite3_column_text), the rule the
 * sqllogictest files were made with. SQLite 3.53 switches to 17 digits when 15 do not round-trip
 * (CAST(1.0/3 AS TEXT) is `0.33333333333333332` there); no record depends on the difference.
 *
 * Checked against SQLite's own printf() in test/conformance/slt/printf.test.ts.
 *
 * @module
 */

/** Most significant digits `%f` prints (SQLite's printf without the `!` flag). */
const MAX_FIXED_DIGITS = 16;

/** `|v|` rounded to `n` significant digits: the digits and the decimal exponent of the first. */
function significant(v: number, n: number): { digits: string; exp: number } {
  const [mantissa, exp] = Math.abs(v).toExponential(n - 1).split('e');
  return { digits: mantissa.replace('.', ''), exp: Number(exp) };
}

function special(v: number): string | undefined {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Inf';
  if (v === -Infinity) return '-Inf';
  return undefined;
}

/**
 * SQLite's `printf('%.<precision>f', v)`.
 * @param v - any double.
 * @param precision - digits after the decimal point, 0..100.
 */
export function formatFixed(v: number, precision: number): string {
  const s = special(v);
  if (s !== undefined) return s;
  const sign = v < 0 ? '-' : '';
  const { exp } = significant(v, 17);
  if (v === 0 || exp + 1 + precision <= MAX_FIXED_DIGITS) {
    // Every digit printed is significant: the exact value, rounded at the precision.
    return sign + Math.abs(v).toFixed(precision);
  }
  // 16 significant digits, then zeros; they all fit in int.frac since intLen + precision > 16.
  const { digits, exp: e } = significant(v, MAX_FIXED_DIGITS);
  const intLen = e + 1;
  const int = intLen > 0 ? digits.slice(0, intLen).padEnd(intLen, '0') : '0';
  const frac = (intLen > 0 ? digits.slice(intLen) : '0'.repeat(-intLen) + digits).padEnd(precision, '0');
  return sign + (precision > 0 ? `${int}.${frac}` : int);
}

/**
 * SQLite's `printf('%!.15g', v)`: how SQLite (before 3.53) turns a REAL into TEXT.
 * @param v - any double.
 */
export function formatReal15(v: number): string {
  const s = special(v);
  if (s !== undefined) return s;
  if (v === 0) return '0.0';
  const sign = v < 0 ? '-' : '';
  const { digits, exp } = significant(v, 15);
  const fraction = (f: string): string => f.replace(/0+$/, '') || '0';
  if (exp < -4 || exp >= 15) {
    const e = Math.abs(exp).toString().padStart(2, '0');
    return `${sign}${digits[0]}.${fraction(digits.slice(1))}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp >= 0) return `${sign}${digits.slice(0, exp + 1)}.${fraction(digits.slice(exp + 1))}`;
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits.replace(/0+$/, '')}`;
}
