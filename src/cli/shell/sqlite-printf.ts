/**
 * SQLite 3.40's `%!.<P>g` conversion of a double, digit for digit as the sqlite3 3.40 CLI prints
 * it (src/printf.c, `sqlite3_str_vappendf`, case etGENERIC with the `!` "alternate form 2" flag).
 *
 * - `%!.15g` is how `sqlite3_column_text()` renders a REAL (vdbemem.c, vdbeMemRenderNum): what the
 *   list, csv, line, box and table modes show.
 * - `%!.20g` is what the shell's quote, json and insert (`.dump`) modes print for a REAL.
 *
 * The algorithm, restated (the arithmetic is x87 long double, see x87.ts; `rounder` is a double):
 *
 * 1. Negative → prefix '-', continue with |x|. (−0.0 is not below 0: no sign.)
 * 2. P := P − 1 (P > 0). rounder := 5·10^−(P+1) built as `arRound[P%10]` times 1e−10 per ten.
 * 3. NaN → "NaN". Normalise: scale up by 1e100, 1e10, 10 while x ≥ 10^k·scale (exp ≤ 350), divide
 *    by the scale, then multiply by 1e8 while x < 1e−8 and by 10 while x < 1; exp > 350 → "Inf".
 * 4. x += rounder; if x ≥ 10 then x ×= 0.1 (a double constant), exp++.
 * 5. exp < −4 or exp > P → exponent form, else fixed form with P − exp digits after the point.
 * 6. Digits: each is `(int)x`, then x := (x − digit)·10; after 16 + 10 significant digits ('!') only
 *    '0' is produced. Trailing zeros are removed, but '!' keeps one after a bare '.'.
 * 7. Exponent: 'e', sign, at least two digits.
 *
 * @module
 */
import { add, cmp, div, fromDouble, fromInt, mul, sub, trunc, type Ext } from './x87.js';

const ROUNDERS = [5.0e-1, 5.0e-2, 5.0e-3, 5.0e-4, 5.0e-5, 5.0e-6, 5.0e-7, 5.0e-8, 5.0e-9, 5.0e-10];
const TEN = fromInt(10);
const ONE = fromInt(1);
const E8 = fromDouble(1e8);
const EM8 = fromDouble(1e-8);
const E10 = fromDouble(1e10);
const E100 = fromDouble(1e100);
const POINT_ONE = fromDouble(0.1);

/**
 * `sqlite3_snprintf("%!.<precision>g", r)` as SQLite 3.40 on x86-64 prints it, e.g. 1 → "1.0",
 * 0.1 → "0.1", 1e20 → "1.0e+20", Infinity → "Inf", −Infinity → "-Inf", NaN → "NaN".
 *
 * @param r any double
 * @param precision significant digits, 1..100 (15 for column text, 20 for quote/json)
 */
export function formatGenericAlt2(r: number, precision: number): string {
  if (Number.isNaN(r)) return 'NaN';
  let prefix = '';
  if (r < 0) {
    prefix = '-';
    r = -r;
  }
  let p = precision > 0 ? precision - 1 : precision;
  let idx = p & 0xfff;
  let rounder = ROUNDERS[idx % 10];
  while (idx >= 10) {
    rounder *= 1.0e-10;
    idx -= 10;
  }
  if (r === Infinity) return `${prefix}Inf`;
  let x: Ext = fromDouble(r);
  let exp = 0;
  if (x.m !== 0n) {
    let scale = ONE;
    while (cmp(x, mul(E100, scale)) >= 0 && exp <= 350) {
      scale = mul(scale, E100);
      exp += 100;
    }
    while (cmp(x, mul(E10, scale)) >= 0 && exp <= 350) {
      scale = mul(scale, E10);
      exp += 10;
    }
    while (cmp(x, mul(TEN, scale)) >= 0 && exp <= 350) {
      scale = mul(scale, TEN);
      exp++;
    }
    x = div(x, scale);
    while (cmp(x, EM8) < 0) {
      x = mul(x, E8);
      exp -= 8;
    }
    while (cmp(x, ONE) < 0) {
      x = mul(x, TEN);
      exp--;
    }
    if (exp > 350) return `${prefix}Inf`;
  }
  x = add(x, fromDouble(rounder));
  if (cmp(x, TEN) >= 0) {
    x = mul(x, POINT_ONE);
    exp++;
  }
  const expForm = exp < -4 || exp > p;
  if (!expForm) p -= exp;
  let e2 = expForm ? 0 : exp;
  let nsd = 16 + 10;
  const digit = (): string => {
    if (nsd <= 0) return '0';
    nsd--;
    const d = trunc(x);
    x = mul(sub(x, fromInt(d)), TEN);
    return String.fromCharCode(48 + d);
  };
  let out = prefix;
  if (e2 < 0) out += '0';
  else for (; e2 >= 0; e2--) out += digit();
  out += '.';
  for (e2++; e2 < 0; p--, e2++) out += '0';
  while (p-- > 0) out += digit();
  // Trailing zeros go; '!' keeps one digit after the point.
  out = out.replace(/0+$/, '');
  if (out.endsWith('.')) out += '0';
  if (expForm) {
    let e = exp;
    out += 'e';
    if (e < 0) {
      out += '-';
      e = -e;
    } else {
      out += '+';
    }
    if (e >= 100) {
      out += String(Math.floor(e / 100));
      e %= 100;
    }
    out += String(Math.floor(e / 10)) + String(e % 10);
  }
  return out;
}
