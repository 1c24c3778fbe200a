/**
 * Character codes and encodings (lang_corefunc.html): char, unicode, unistr, hex, unhex, soundex.
 *
 * unicode() reads the first character as SQLite's sqlite3Utf8Read does, so that a BLOB holding
 * invalid UTF-8 gives SQLite's answer; hex() and soundex() work on the UTF-8 bytes.
 *
 * @module
 */
import { bytesOf, intOf, textOf } from '../value/coerce.js';
import { beforeNul } from '../value/utf8.js';
import { fnError, scalar } from './define.js';

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
  // Both are read as C strings: they end at a NUL.
  const ignore = new Set(y === undefined || y === null ? [] : Array.from(beforeNul(textOf(y)!)));
  const chars = Array.from(beforeNul(textOf(x)!));
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
