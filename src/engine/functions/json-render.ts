/**
 * {@link JNode} → text and SQL values, as SQLite 3.53 writes them (json.c, jsonTranslateBlobToText
 * and jsonReturnFromBlob):
 *
 * - Minified JSON: no white space; numbers and strings kept as written when canonical; JSON5 forms
 *   rewritten: hexadecimal → decimal (beyond 64 bits "9.0e999"), ".5" → "0.5", "5." → "5.0";
 *   JSON5 string escapes → JSON ones (\x41 → \u0041, \v → \u000b, \0 → \u0000, \' → ', line
 *   continuations dropped), raw control characters → \u00XX and a raw '"' → \".
 * - SQL TEXT put into JSON (TEXTRAW) is quoted as jsonAppendString does: \" \\ \b \f \n \r \t,
 *   other controls \u00XX, everything else as is.
 * - REAL SQL values are written as their SQL text (1.0, 0.30000000000000004, 1.0e+300).
 * - Pretty text (json_pretty): one element per line, `indent` repeated per level, "key": value.
 * - Extracted SQL values: INTEGER when the text fits 64 bits, else REAL (sqlite3AtoF); REAL; TEXT
 *   with escapes decoded; true/false → 1/0; null → NULL; arrays/objects → their minified text.
 *
 * @module
 */
import { realToText } from '../value/format-real.js';
import { atoF, decOrHexToI64 } from '../value/text-to-number.js';
import type { Value } from '../value/value.js';
import { Real, isInt, realOrNull } from '../value/value.js';
import type { JNode } from './json-node.js';
import { J_ARRAY, J_FALSE, J_FLOAT, J_FLOAT5, J_INT, J_INT5, J_NULL, J_OBJECT, J_TEXT, J_TEXT5, J_TEXTJ, J_TEXTRAW, J_TRUE } from './json-node.js';

const HEX = '0123456789abcdef';

/** jsonAppendString: `s` as a JSON string literal (quotes included). */
export function quoteString(s: string): string {
  let out = '"';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c) continue;
    out += s.slice(from, i);
    from = i + 1;
    switch (c) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x08:
        out += '\\b';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0c:
        out += '\\f';
        break;
      case 0x0d:
        out += '\\r';
        break;
      default:
        out += '\\u00' + HEX[c >> 4] + HEX[c & 15];
    }
  }
  return out + s.slice(from) + '"';
}

/** A JSON5 string body (TEXT5) in canonical JSON form, quotes included. */
function normalizeText5(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c < 0x20) out += '\\u00' + HEX[c >> 4] + HEX[c & 15];
    else if (c !== 0x5c) out += s[i];
    else {
      const e = s[++i];
      switch (e) {
        case "'":
          out += "'";
          break;
        case 'v':
          out += '\\u000b';
          break;
        case 'x':
          out += '\\u00' + s.slice(i + 1, i + 3);
          i += 2;
          break;
        case '0':
          out += '\\u0000';
          break;
        case '\r':
          if (s[i + 1] === '\n') i++;
          break;
        case '\n':
        case '\u2028':
        case '\u2029':
          break;
        default:
          out += '\\' + e;
      }
    }
  }
  return out + '"';
}

/** A JSON5 integer (INT5: hexadecimal, maybe signed) as decimal text. */
function normalizeInt5(s: string): string {
  const neg = s[0] === '-';
  const body = s[0] === '-' || s[0] === '+' ? s.slice(1) : s;
  const r = decOrHexToI64(body);
  if (r.rc > 1) return (neg ? '-' : '') + '9.0e999';
  const v = BigInt(r.value);
  return (neg ? -v : v).toString();
}

/** A JSON5 real (FLOAT5) in JSON form: "0" before a leading point, "0" after a trailing one. */
function normalizeFloat5(s: string): string {
  let sign = '';
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = '-';
    s = s.slice(1);
  }
  if (s[0] === '.') s = '0' + s;
  return sign + s.replace(/\.(?![0-9])/, '.0');
}

/** The canonical JSON text of a string node, quotes included. */
export function textNodeJson(n: JNode): string {
  switch (n.t) {
    case J_TEXT:
    case J_TEXTJ:
      return '"' + n.s! + '"';
    case J_TEXT5:
      return normalizeText5(n.s!);
    default:
      return quoteString(n.s!);
  }
}

/** The canonical text of a scalar (non-container) node. */
function scalarJson(n: JNode): string {
  switch (n.t) {
    case J_NULL:
      return 'null';
    case J_TRUE:
      return 'true';
    case J_FALSE:
      return 'false';
    case J_INT:
    case J_FLOAT:
      return n.s!;
    case J_INT5:
      return normalizeInt5(n.s!);
    case J_FLOAT5:
      return normalizeFloat5(n.s!);
    default:
      return textNodeJson(n);
  }
}

/** Minified JSON text of `n` (json()). */
export function toJson(n: JNode): string {
  if (n.t === J_ARRAY) return '[' + n.a!.map(toJson).join(',') + ']';
  if (n.t === J_OBJECT) {
    const a = n.a!;
    const parts: string[] = [];
    for (let i = 0; i + 1 < a.length; i += 2) parts.push(scalarJson(a[i]) + ':' + toJson(a[i + 1]));
    return '{' + parts.join(',') + '}';
  }
  return scalarJson(n);
}

/** Pretty JSON text of `n` (json_pretty), `indent` per nesting level, starting at `level`. */
export function toPrettyJson(n: JNode, indent: string, level = 0): string {
  const a = n.a;
  if (!a || a.length === 0) return toJson(n);
  const pad = indent.repeat(level + 1);
  const lines: string[] = [];
  if (n.t === J_ARRAY) for (const k of a) lines.push(pad + toPrettyJson(k, indent, level + 1));
  else for (let i = 0; i + 1 < a.length; i += 2) lines.push(pad + scalarJson(a[i]) + ': ' + toPrettyJson(a[i + 1], indent, level + 1));
  const [open, close] = n.t === J_ARRAY ? ['[', ']'] : ['{', '}'];
  return open + '\n' + lines.join(',\n') + '\n' + indent.repeat(level) + close;
}

/** Decodes the JSON / JSON5 escapes of a string body (TEXTJ, TEXT5). */
export function unescapeJson(s: string): string {
  if (s.indexOf('\\') < 0) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const e = s[++i];
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '0':
        out += '\0';
        break;
      case 'x':
        out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
        i += 2;
        break;
      case 'u': {
        const u = parseInt(s.slice(i + 1, i + 5), 16);
        i += 4;
        if (u >= 0xd800 && u <= 0xdbff && s[i + 1] === '\\' && s[i + 2] === 'u') {
          const lo = parseInt(s.slice(i + 3, i + 7), 16);
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            out += String.fromCharCode(u, lo);
            i += 6;
            break;
          }
        }
        out += String.fromCharCode(u);
        break;
      }
      case '\r':
        if (s[i + 1] === '\n') i++;
        break;
      case '\n':
      case '\u2028':
      case '\u2029':
        break;
      default:
        out += e;
    }
  }
  return out;
}

/** The decoded SQL text of a string node. */
export function textNodeValue(n: JNode): string {
  return n.t === J_TEXT || n.t === J_TEXTRAW ? n.s! : unescapeJson(n.s!);
}

/** The SQL INTEGER (or REAL beyond 64 bits) of an INT / INT5 node. */
function intNodeValue(n: JNode): Value {
  const s = n.s!;
  const neg = s[0] === '-';
  const body = neg || s[0] === '+' ? s.slice(1) : s;
  if (n.t === J_INT5) {
    const r = decOrHexToI64(body);
    if (r.rc > 1) return new Real(neg ? -Infinity : Infinity);
    const v = BigInt(r.value);
    return intOrReal(neg ? -v : v);
  }
  const v = BigInt(s);
  if (v >= -(2n ** 63n) && v < 2n ** 63n) return intOrReal(v);
  return realOrNull(atoF(s).value);
}

function intOrReal(v: bigint): Value {
  if (v < -(2n ** 63n) || v >= 2n ** 63n) return new Real(Number(v));
  return Number.isSafeInteger(Number(v)) ? Number(v) + 0 : v;
}

/** The SQL value json_extract() / ->> returns for `n` (containers as minified JSON text). */
export function nodeValue(n: JNode): Value {
  switch (n.t) {
    case J_NULL:
      return null;
    case J_TRUE:
      return 1;
    case J_FALSE:
      return 0;
    case J_INT:
    case J_INT5:
      return intNodeValue(n);
    case J_FLOAT:
      return realOrNull(atoF(n.s!).value);
    case J_FLOAT5:
      return realOrNull(atoF(normalizeFloat5(n.s!)).value);
    case J_ARRAY:
    case J_OBJECT:
      return toJson(n);
    default:
      return textNodeValue(n);
  }
}

/** A REAL as SQLite 3.53 writes it into JSON: its SQL text (realToText), infinities as ±9.0e+999. */
export function realJson(r: number): string {
  if (!Number.isFinite(r)) return r > 0 ? '9.0e+999' : '-9.0e+999';
  return realToText(r);
}

/** A node for a non-JSON SQL value: NULL, INTEGER, REAL or TEXT (TEXTRAW). BLOBs are the caller's. */
export function sqlScalarNode(v: Value): JNode {
  if (v === null) return { t: J_NULL };
  if (isInt(v)) return { t: J_INT, s: v.toString() };
  if (v instanceof Real) return { t: J_FLOAT, s: realJson(v.value) };
  return { t: J_TEXTRAW, s: v as string };
}
