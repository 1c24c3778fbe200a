/**
 * Core scalar functions on TEXT and BLOB (lang_corefunc.html): length, octet_length, lower, upper,
 * ltrim, rtrim, trim, replace, substr/substring, instr, char, unicode, unistr, hex, unhex, concat,
 * concat_ws, soundex.
 *
 * Characters are Unicode code points counted as SQLite counts UTF-8 characters; a lone surrogate
 * counts as one (it stands for U+FFFD, utf8.ts). Arguments that are numbers are read as their text
 * (sqlite3_value_text); BLOBs as their bytes where the function works on bytes (length, substr,
 * instr of two BLOBs, hex), else as UTF-8 text.
 *
 * @module
 */
import { byteLength, bytesOf, intOf, textOf } from '../value/coerce.js';
import { toBigInt } from '../value/int64.js';
import { utf8Decode } from '../value/utf8.js';
import type { Value } from '../value/value.js';
import { fnError, MAX_LENGTH_BYTES, scalar, tooBig, wrongArgs } from './define.js';

/** Number of code points of `s` (a surrogate pair is one). */
export function charLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    n++;
  }
  return n;
}

const NON_ASCII = /[\u0080-\uffff]/;

/** ASCII-only case mapping, as SQLite's built-in lower()/upper() (no ICU). */
function asciiMap(s: string, upper: boolean): string {
  if (!NON_ASCII.test(s)) return upper ? s.toUpperCase() : s.toLowerCase(); // same as ASCII folding here
  return upper ? s.replace(/[a-z]+/g, (m) => m.toUpperCase()) : s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

scalar('length', 1, ([x]) => {
  if (x === null) return null;
  if (x instanceof Uint8Array) return x.length;
  const s = textOf(x)!;
  const k = s.indexOf('\0');
  return charLength(k < 0 ? s : s.slice(0, k));
});

scalar('octet_length', 1, ([x]) => (x === null ? null : byteLength(x)));
scalar('lower', 1, ([x]) => (x === null ? null : asciiMap(textOf(x)!, false)));
scalar('upper', 1, ([x]) => (x === null ? null : asciiMap(textOf(x)!, true)));

function trim(args: Value[], left: boolean, right: boolean): Value {
  const [x, y] = args;
  if (x === null) return null;
  let set: Set<string>;
  if (args.length === 1) set = new Set([' ']);
  else {
    if (y === null) return null;
    set = new Set(Array.from(textOf(y)!));
  }
  const chars = Array.from(textOf(x)!);
  let i = 0;
  let j = chars.length;
  if (set.size > 0) {
    if (left) while (i < j && set.has(chars[i])) i++;
    if (right) while (j > i && set.has(chars[j - 1])) j--;
  }
  return chars.slice(i, j).join('');
}

scalar('ltrim', [1, 2], (a) => trim(a, true, false));
scalar('rtrim', [1, 2], (a) => trim(a, false, true));
scalar('trim', [1, 2], (a) => trim(a, true, true));

/**
 * replace(X, Y, Z) on the UTF-8 bytes (func.c replaceFunc): X or Y NULL gives NULL; a Y that is
 * empty as a C string (its first byte is NUL) gives X as TEXT; then Z NULL gives NULL.
 */
scalar('replace', 3, ([x, y, z]) => {
  if (x === null || y === null) return null;
  const p = bytesOf(y)!;
  if (p.length === 0 || p[0] === 0) return x instanceof Uint8Array ? utf8Decode(x) : textOf(x);
  if (z === null) return null;
  const h = bytesOf(x)!;
  const r = bytesOf(z)!;
  const out: number[] = [];
  let i = 0;
  for (; i + p.length <= h.length; i++) {
    let j = 0;
    while (j < p.length && h[i + j] === p[j]) j++;
    if (j === p.length) {
      for (const b of r) out.push(b);
      i += p.length - 1;
    } else out.push(h[i]);
    if (out.length > MAX_LENGTH_BYTES) throw tooBig();
  }
  for (; i < h.length; i++) out.push(h[i]);
  return utf8Decode(new Uint8Array(out));
});

/**
 * substr's start and count arithmetic (func.c substrFunc) on a sequence of `len` characters or
 * bytes: [first, end) clamped to it. Done on bigints: the 64-bit arguments must not lose precision.
 */
function substrRange(len: number, start: Value, count: Value | undefined): [number, number] {
  if (typeof start === 'number' && (count === undefined || typeof count === 'number') && Math.abs(start) < 2 ** 40 && (count === undefined || Math.abs(count) < 2 ** 40)) {
    return substrRangeSmall(len, start, count);
  }
  const n = BigInt(len);
  let p1 = toBigInt(intOf(start));
  let p2: bigint;
  let negP2 = false;
  if (count !== undefined) {
    p2 = toBigInt(intOf(count));
    if (p2 < 0n) {
      p2 = -p2;
      negP2 = true;
    }
  } else p2 = BigInt(MAX_LENGTH_BYTES);
  if (p1 < 0n) {
    p1 += n;
    if (p1 < 0n) {
      p2 += p1;
      if (p2 < 0n) p2 = 0n;
      p1 = 0n;
    }
  } else if (p1 > 0n) p1--;
  else if (p2 > 0n) p2--;
  if (negP2) {
    p1 -= p2;
    if (p1 < 0n) {
      p2 += p1;
      p1 = 0n;
    }
  }
  const a = p1 < n ? p1 : n;
  const b = p1 + p2 < n ? p1 + p2 : n;
  return [Number(a), Number(b)];
}

/** {@link substrRange} for INTEGER arguments below 2^40, where doubles are exact. */
function substrRangeSmall(len: number, p1: number, count: number | undefined): [number, number] {
  let p2 = count ?? MAX_LENGTH_BYTES;
  let negP2 = false;
  if (p2 < 0) {
    p2 = -p2;
    negP2 = true;
  }
  if (p1 < 0) {
    p1 += len;
    if (p1 < 0) {
      p2 += p1;
      if (p2 < 0) p2 = 0;
      p1 = 0;
    }
  } else if (p1 > 0) p1--;
  else if (p2 > 0) p2--;
  if (negP2) {
    p1 -= p2;
    if (p1 < 0) {
      p2 += p1;
      p1 = 0;
    }
  }
  return [Math.min(p1, len), Math.min(p1 + p2, len)];
}

const SURROGATE = /[\ud800-\udfff]/;

function substr(args: Value[]): Value {
  const [x, y, z] = args;
  if (y === null || (args.length === 3 && z === null) || x === null) return null;
  if (x instanceof Uint8Array) {
    if (x.length === 0) return null; // sqlite3_value_blob gives no pointer for an empty BLOB
    const [a, b] = substrRange(x.length, y, z);
    return x.slice(a, Math.max(a, b));
  }
  const s = textOf(x)!;
  if (!SURROGATE.test(s)) {
    // Every code point is one UTF-16 unit: slice directly.
    const [a, b] = substrRange(s.length, y, z);
    return b > a ? s.slice(a, b) : '';
  }
  const chars = Array.from(s);
  const [a, b] = substrRange(chars.length, y, z);
  return b > a ? chars.slice(a, b).join('') : '';
}

scalar('substr', [2, 3], substr);
scalar('substring', [2, 3], substr);

/**
 * instr(X, Y): searched on bytes, as func.c does: two BLOBs by byte offset, otherwise the UTF-8 of
 * both, trying only character starts and counting characters as the bytes that are not UTF-8
 * continuation bytes (so a BLOB with invalid UTF-8 counts as SQLite counts it).
 */
scalar('instr', 2, ([x, y]) => {
  if (x === null || y === null) return null;
  const isText = !(x instanceof Uint8Array && y instanceof Uint8Array);
  const h = bytesOf(x)!;
  const n = bytesOf(y)!;
  let pos = 1;
  let i = 0;
  for (;;) {
    if (h.length - i < n.length) return 0;
    let j = 0;
    while (j < n.length && h[i + j] === n[j]) j++;
    if (j === n.length) return pos;
    pos++;
    i++;
    if (isText) while (i < h.length && (h[i] & 0xc0) === 0x80) i++;
  }
});

scalar('char', -1, (args) => {
  let out = '';
  for (const a of args) {
    const c = intOf(a);
    const cp = c < 0 || c > 0x10ffff ? 0xfffd : Number(c);
    out += String.fromCodePoint(cp);
  }
  return out;
});

/**
 * sqlite3Utf8Read on the first character of `b`: a lead byte ≥ 0xC0 takes every following
 * continuation byte; overlong forms, surrogates and U+FFFE/U+FFFF read as U+FFFD; a stray
 * continuation byte reads as itself.
 */
function utf8ReadFirst(b: Uint8Array): number {
  let c = b[0];
  if (c < 0xc0) return c;
  c = c < 0xe0 ? c - 0xc0 : c < 0xf0 ? c - 0xe0 : c < 0xf8 ? c - 0xf0 : c < 0xfc ? c - 0xf8 : c < 0xfe ? c - 0xfc : 0;
  for (let i = 1; i < b.length && (b[i] & 0xc0) === 0x80; i++) c = c * 64 + (b[i] & 0x3f);
  if (c < 0x80 || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff || c > 0x7fffffff) return 0xfffd;
  return c;
}

scalar('unicode', 1, ([x]) => {
  if (x === null) return null;
  const b = bytesOf(x)!;
  return b.length === 0 || b[0] === 0 ? null : utf8ReadFirst(b);
});

const HEX = '0123456789ABCDEF';

/** Upper-case hexadecimal of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += HEX[b >> 4] + HEX[b & 15];
  return s;
}

scalar('hex', 1, ([x]) => (x === null ? '' : toHex(bytesOf(x)!)));

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

scalar('unhex', [1, 2], (args) => {
  const [x, y] = args;
  if (x === null || (args.length > 1 && y === null)) return null;
  const ignore = new Set(y === undefined || y === null ? [] : Array.from(textOf(y)!));
  const chars = Array.from(textOf(x)!);
  const out: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    const hi = chars[i].length === 1 ? hexDigit(chars[i].charCodeAt(0)) : -1;
    if (hi < 0) {
      if (ignore.has(chars[i])) continue;
      return null;
    }
    const lo = i + 1 < chars.length && chars[i + 1].length === 1 ? hexDigit(chars[i + 1].charCodeAt(0)) : -1;
    if (lo < 0) return null;
    out.push(hi * 16 + lo);
    i++;
  }
  return new Uint8Array(out);
});

scalar('concat', -1, (args) => {
  if (args.length < 1) throw wrongArgs('concat');
  let out = '';
  for (const a of args) if (a !== null) out += a instanceof Uint8Array ? utf8Decode(a) : textOf(a)!;
  return out;
});

scalar('concat_ws', -1, (args) => {
  if (args.length < 2) throw wrongArgs('concat_ws');
  if (args[0] === null) return null;
  const sep = textOf(args[0])!;
  const parts: string[] = [];
  for (const a of args.slice(1)) if (a !== null) parts.push(a instanceof Uint8Array ? utf8Decode(a) : textOf(a)!);
  return parts.join(sep);
});

/** Soundex digit per ASCII letter (vowels, H, W, Y: 0, which also breaks a run of equal digits). */
const SOUNDEX_CODE = new Uint8Array(128);
for (const [letters, code] of [['BFPV', 1], ['CGJKQSXZ', 2], ['DT', 3], ['L', 4], ['MN', 5], ['R', 6]] as const) {
  for (const l of letters) SOUNDEX_CODE[l.charCodeAt(0)] = SOUNDEX_CODE[l.toLowerCase().charCodeAt(0)] = code;
}

function isAsciiAlpha(b: number): boolean {
  return (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
}

/** soundex(X) over the UTF-8 bytes, as func.c does (a byte ≥ 0x80 is looked up by its low 7 bits). */
scalar('soundex', 1, ([x]) => {
  const z = x === null ? new Uint8Array(0) : bytesOf(x)!;
  let i = 0;
  while (i < z.length && z[i] !== 0 && !isAsciiAlpha(z[i])) i++;
  if (i >= z.length || z[i] === 0) return '?000';
  let prev = SOUNDEX_CODE[z[i] & 0x7f];
  let out = String.fromCharCode(z[i] & 0xdf);
  for (; out.length < 4 && i < z.length && z[i] !== 0; i++) {
    const code = SOUNDEX_CODE[z[i] & 0x7f];
    if (code > 0) {
      if (code !== prev) {
        prev = code;
        out += String.fromCharCode(0x30 + code);
      }
    } else prev = 0;
  }
  return out.padEnd(4, '0');
});

scalar('unistr', 1, ([x]) => {
  if (x === null) return null;
  const s = textOf(x)!;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\') {
      out += s[i];
      continue;
    }
    const rest = s.slice(i + 1);
    let m: RegExpMatchArray | null;
    if (rest.startsWith('\\')) {
      out += '\\';
      i++;
    } else if ((m = /^(?:u([0-9a-fA-F]{4})|\+([0-9a-fA-F]{6})|U([0-9a-fA-F]{8})|([0-9a-fA-F]{4}))/.exec(rest)) !== null) {
      const cp = parseInt(m[1] ?? m[2] ?? m[3] ?? m[4], 16);
      if (cp > 0x10ffff) throw fnError('invalid Unicode escape');
      out += String.fromCodePoint(cp);
      i += m[0].length;
    } else throw fnError('invalid Unicode escape');
  }
  return out;
});
