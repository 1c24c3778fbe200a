/**
 * Core scalar functions on TEXT and BLOB (lang_corefunc.html): length, octet_length, lower, upper,
 * ltrim, rtrim, trim, replace, substr/substring, instr, concat, concat_ws. Character codes and
 * encodings (char, unicode, unistr, hex, unhex, soundex) are in codes.ts.
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
import { beforeNul, concatBytes, utf8Decode } from '../value/utf8.js';
import type { Value } from '../value/value.js';
import { MAX_LENGTH_BYTES, scalar, tooBig, wrongArgs } from './define.js';

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
    set = new Set(Array.from(beforeNul(textOf(y)!))); // the set is a C string: it ends at a NUL
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
  const s = beforeNul(textOf(x)!); // TEXT is walked as a C string: it ends at a NUL
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

/** The UTF-8 bytes of the non-NULL `args` joined by `sep`, decoded once (so split sequences rejoin). */
function joinBytes(args: Value[], sep: Uint8Array | null): string {
  const parts: Uint8Array[] = [];
  let n = 0;
  for (const a of args) {
    if (a === null) continue;
    if (sep !== null && parts.length > 0) {
      parts.push(sep);
      n += sep.length;
    }
    const b = bytesOf(a)!;
    parts.push(b);
    n += b.length;
  }
  if (n > MAX_LENGTH_BYTES) throw tooBig();
  return utf8Decode(concatBytes(parts));
}

/** concat(X, …): the non-NULL arguments' bytes joined (BLOBs included), as TEXT. */
scalar('concat', -1, (args) => {
  if (args.length < 1) throw wrongArgs('concat');
  return joinBytes(args, null);
});

/** concat_ws(SEP, X, …): NULL when SEP is NULL; else the non-NULL Xs joined by SEP. */
scalar('concat_ws', -1, (args) => {
  if (args.length < 2) throw wrongArgs('concat_ws');
  if (args[0] === null) return null;
  return joinBytes(args.slice(1), bytesOf(args[0])!);
});
