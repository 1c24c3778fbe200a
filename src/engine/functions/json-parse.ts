/**
 * JSON text → {@link JNode} tree, accepting the JSON5 extensions SQLite accepts (json1.html §3.1,
 * "JSON5 extensions"): comments, trailing commas, single-quoted strings and unquoted labels,
 * hexadecimal integers, leading/trailing decimal points, '+' signs, Infinity/NaN (any case, also
 * "inf", "QNaN", "SNaN"), JSON5 escapes and line continuations, and the JSON5 white space
 * characters (U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF, \v, \f).
 *
 * The grammar and the error offsets follow SQLite 3.53's text-to-JSONB translator (json.c): the
 * offset of a syntax error is what `json_error_position()` reports, counted in characters, plus 1.
 * Like SQLite, the parser reads up to the first NUL; an input that is empty or white space only
 * fails with offset 0, and so does trailing text after a complete value. Depth is limited to 1000
 * nested arrays/objects (JSON_MAX_DEPTH).
 *
 * Parse results return codes as the translator does: > 0 the offset after the element, 0 end of
 * input, −1 syntax error, −2 '}', −3 ']', −4 ',', −5 ':' seen (offset in `err`).
 *
 * @module
 */
import type { JNode } from './json-node.js';
import { J_ARRAY, J_FLOAT, J_INT, J_NULL, J_OBJECT, J_TEXT, J_TEXT5, J_TEXTJ, J_TEXTRAW, J_TRUE, J_FALSE } from './json-node.js';

/** JSON_MAX_DEPTH: nesting limit for arrays and objects. */
export const JSON_MAX_DEPTH = 1000;

interface Parser {
  z: string;
  err: number;
  depth: number;
  node: JNode | null;
}

/** The outcome of parsing a whole text: the tree, or the error offset (UTF-16 units). */
export type ParseResult = { ok: true; node: JNode } | { ok: false; errAt: number };

const code = (z: string, i: number): number => (i < z.length ? z.charCodeAt(i) : 0);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isXDigit = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const isAlnum = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isStdSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
/** JSON5 label characters: letters, '_', '$', anything non-ASCII (sqlite3JsonId1 / Id2). */
const isId1 = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x24 || c >= 0x80;
const isId2 = (c: number): boolean => isId1(c) || isDigit(c);

function isUnicodeSpace(c: number): boolean {
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Length of the JSON5 white space and comments starting at `i` (json5Whitespace), 0 for none. */
export function json5Space(z: string, i: number): number {
  let j = i;
  for (;;) {
    const c = code(z, j);
    if (isStdSpace(c) || c === 0x0b || c === 0x0c || isUnicodeSpace(c)) {
      j++;
    } else if (c === 0x2f && code(z, j + 1) === 0x2a) {
      const end = z.indexOf('*/', j + 2);
      if (end < 0) break;
      j = end + 2;
    } else if (c === 0x2f && code(z, j + 1) === 0x2f) {
      j += 2;
      while (j < z.length) {
        const d = z.charCodeAt(j);
        j++;
        if (d === 0x0a || d === 0x0d || d === 0x2028 || d === 0x2029) break;
      }
    } else break;
  }
  return j - i;
}

const is4Hex = (z: string, i: number): boolean => isXDigit(code(z, i)) && isXDigit(code(z, i + 1)) && isXDigit(code(z, i + 2)) && isXDigit(code(z, i + 3));

function parseString(p: Parser, i: number): number {
  const z = p.z;
  const delim = z.charCodeAt(i);
  let t = J_TEXT;
  let j = i + 1;
  for (;;) {
    const c = code(z, j);
    if (c === delim) break;
    if (c === 0x5c) {
      const e = code(z, ++j);
      if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74 || (e === 0x75 && is4Hex(z, j + 1))) {
        if (t === J_TEXT) t = J_TEXTJ;
      } else if (e === 0x27 || e === 0x76 || e === 0x0a || (e === 0x30 && !isDigit(code(z, j + 1))) || e === 0x2028 || e === 0x2029 || (e === 0x78 && isXDigit(code(z, j + 1)) && isXDigit(code(z, j + 2)))) {
        t = J_TEXT5;
      } else if (e === 0x0d) {
        if (code(z, j + 1) === 0x0a) j++;
        t = J_TEXT5;
      } else {
        p.err = j;
        return -1;
      }
    } else if (c <= 0x1f) {
      if (c === 0) {
        p.err = j;
        return -1;
      }
      t = J_TEXT5;
    } else if (c === 0x22) {
      t = J_TEXT5;
    }
    j++;
  }
  p.node = { t, s: z.slice(i + 1, j) };
  return j + 1;
}

/** Numbers (parse_number in json.c): `t` bit 1 = JSON5 form, bit 2 = real. */
function parseNumber(p: Parser, i: number, t: number): number {
  const z = p.z;
  let seenE = false;
  let j: number;
  const c0 = code(z, i);
  const finish = (end: number, tt: number): number => {
    const start = c0 === 0x2b ? i + 1 : i;
    p.node = { t: J_INT + tt, s: z.slice(start, end) };
    return end;
  };
  if (t & 2) {
    // started with '.': digits follow
  } else if (c0 <= 0x30) {
    if (c0 === 0x30) {
      const c1 = code(z, i + 1);
      if ((c1 === 0x78 || c1 === 0x58) && isXDigit(code(z, i + 2))) {
        for (j = i + 3; isXDigit(code(z, j)); j++);
        return finish(j, 1);
      } else if (isDigit(c1)) {
        p.err = i + 1;
        return -1;
      }
    } else {
      const c1 = code(z, i + 1);
      if (!isDigit(c1)) {
        if ((c1 === 0x49 || c1 === 0x69) && z.slice(i + 1, i + 4).toLowerCase() === 'inf') {
          p.node = { t: J_FLOAT, s: c0 === 0x2d ? '-9e999' : '9e999' };
          return i + (z.slice(i + 4, i + 9).toLowerCase() === 'inity' ? 9 : 4);
        }
        if (c1 === 0x2e) {
          t |= 1;
        } else {
          p.err = i;
          return -1;
        }
      } else if (c1 === 0x30) {
        const c2 = code(z, i + 2);
        if (isDigit(c2)) {
          p.err = i + 1;
          return -1;
        } else if ((c2 === 0x78 || c2 === 0x58) && isXDigit(code(z, i + 3))) {
          for (j = i + 4; isXDigit(code(z, j)); j++);
          return finish(j, t | 1);
        }
      }
    }
  }
  for (j = i + 1; ; j++) {
    const c = code(z, j);
    if (isDigit(c)) continue;
    if (c === 0x2e) {
      if (t & 2) {
        p.err = j;
        return -1;
      }
      t |= 2;
      continue;
    }
    if (c === 0x65 || c === 0x45) {
      if (code(z, j - 1) < 0x30) {
        if (code(z, j - 1) === 0x2e && j - 2 >= i && isDigit(code(z, j - 2))) t |= 1;
        else {
          p.err = j;
          return -1;
        }
      }
      if (seenE) {
        p.err = j;
        return -1;
      }
      t |= 2;
      seenE = true;
      let c1 = code(z, j + 1);
      if (c1 === 0x2b || c1 === 0x2d) {
        j++;
        c1 = code(z, j + 1);
      }
      if (!isDigit(c1)) {
        p.err = j;
        return -1;
      }
      continue;
    }
    break;
  }
  if (code(z, j - 1) < 0x30) {
    if (code(z, j - 1) === 0x2e && j - 2 >= i && isDigit(code(z, j - 2))) t |= 1;
    else {
      p.err = j;
      return -1;
    }
  }
  return finish(j, t);
}

const NAN_INF: [string, number][] = [
  ['inf', J_FLOAT],
  ['infinity', J_FLOAT],
  ['nan', J_NULL],
  ['qnan', J_NULL],
  ['snan', J_NULL],
];

function parseWord(p: Parser, i: number): number {
  const z = p.z;
  for (const [w, t] of NAN_INF) {
    if (z.slice(i, i + w.length).toLowerCase() !== w || isAlnum(code(z, i + w.length))) continue;
    p.node = t === J_FLOAT ? { t: J_FLOAT, s: '9e999' } : { t: J_NULL };
    return i + w.length;
  }
  p.err = i;
  return -1;
}

function literal(p: Parser, i: number, word: string, t: number): number {
  if (p.z.startsWith(word, i) && !isAlnum(code(p.z, i + word.length))) {
    p.node = { t };
    return i + word.length;
  }
  return t === J_NULL ? parseWord(p, i) : ((p.err = i), -1);
}

function parseObject(p: Parser, i: number): number {
  const z = p.z;
  if (++p.depth > JSON_MAX_DEPTH) {
    p.err = i;
    return -1;
  }
  const kids: JNode[] = [];
  let j: number;
  for (j = i + 1; ; j++) {
    let x = parseValue(p, j);
    let label: JNode | null = p.node;
    if (x <= 0) {
      if (x === -2) {
        j = p.err;
        break;
      }
      j += json5Space(z, j);
      let t = J_TEXT;
      const c = code(z, j);
      const hexAt = (k: number): boolean => {
        if (code(z, k) === 0x75 && is4Hex(z, k + 1)) {
          t = J_TEXTJ;
          return true;
        }
        return false;
      };
      if (isId1(c) || (c === 0x5c && hexAt(j + 1))) {
        let k = j + 1;
        for (;;) {
          const d = code(z, k);
          if ((isId2(d) && json5Space(z, k) === 0) || (d === 0x5c && hexAt(k + 1))) k++;
          else break;
        }
        label = { t, s: z.slice(j, k) };
        x = k;
      } else {
        if (x !== -1) p.err = j;
        return -1;
      }
    }
    if (label === null || label.t < J_TEXT || label.t > J_TEXTRAW) {
      p.err = j;
      return -1;
    }
    kids.push(label);
    j = x;
    let value = false;
    if (code(z, j) === 0x3a) j++;
    else {
      if (isStdSpace(code(z, j))) {
        do j++;
        while (isStdSpace(code(z, j)));
        if (code(z, j) === 0x3a) {
          j++;
          value = true;
        }
      }
      if (!value) {
        x = parseValue(p, j);
        if (x !== -5) {
          if (x !== -1) p.err = j;
          return -1;
        }
        j = p.err + 1;
      }
    }
    x = parseValue(p, j);
    if (x <= 0) {
      if (x !== -1) p.err = j;
      return -1;
    }
    kids.push(p.node!);
    const next = afterItem(p, x, 0x7d, -2);
    if (next === null) return -1;
    j = next.j;
    if (!next.more) break;
  }
  p.depth--;
  p.node = { t: J_OBJECT, a: kids };
  return j + 1;
}

/**
 * What follows an object member or array element that ended at `j`: blanks, then `,` (another
 * item: `more`, `j` on the comma) or the closer (`closer` code point; `j` on it). Anything else goes
 * through parseValue, whose -4 (a separator after JSON5 blanks or comments) and `closedCode` (-2 for
 * `}`, -3 for `]`) leave the position in `p.err`. Returns null on a syntax error, `p.err` set.
 */
function afterItem(p: Parser, j: number, closer: number, closedCode: number): { j: number; more: boolean } | null {
  const z = p.z;
  let c = code(z, j);
  if (c === 0x2c || c === closer) return { j, more: c === 0x2c };
  if (isStdSpace(c)) {
    do j++;
    while (isStdSpace(code(z, j)));
    c = code(z, j);
    if (c === 0x2c || c === closer) return { j, more: c === 0x2c };
  }
  const x = parseValue(p, j);
  if (x === -4 || x === closedCode) return { j: p.err, more: x === -4 };
  p.err = j;
  return null;
}

function parseArray(p: Parser, i: number): number {
  if (++p.depth > JSON_MAX_DEPTH) {
    p.err = i;
    return -1;
  }
  const kids: JNode[] = [];
  let j: number;
  for (j = i + 1; ; j++) {
    const x = parseValue(p, j);
    if (x <= 0) {
      if (x === -3) {
        j = p.err;
        break;
      }
      if (x !== -1) p.err = j;
      return -1;
    }
    kids.push(p.node!);
    const next = afterItem(p, x, 0x5d, -3);
    if (next === null) return -1;
    j = next.j;
    if (!next.more) break;
  }
  p.depth--;
  p.node = { t: J_ARRAY, a: kids };
  return j + 1;
}

function parseValue(p: Parser, i: number): number {
  const z = p.z;
  p.node = null;
  for (;;) {
    const c = code(z, i);
    switch (c) {
      case 0x7b:
        return parseObject(p, i);
      case 0x5b:
        return parseArray(p, i);
      case 0x22:
      case 0x27:
        return parseString(p, i);
      case 0x74:
        return literal(p, i, 'true', J_TRUE);
      case 0x66:
        return literal(p, i, 'false', J_FALSE);
      case 0x6e:
        return literal(p, i, 'null', J_NULL);
      case 0x2b:
        return parseNumber(p, i, 0);
      case 0x2e:
        if (isDigit(code(z, i + 1))) return parseNumber(p, i, 3);
        p.err = i;
        return -1;
      case 0x7d:
        p.err = i;
        return -2;
      case 0x5d:
        p.err = i;
        return -3;
      case 0x2c:
        p.err = i;
        return -4;
      case 0x3a:
        p.err = i;
        return -5;
      case 0:
        return 0;
      case 0x09:
      case 0x0a:
      case 0x0d:
      case 0x20:
        i++;
        while (isStdSpace(code(z, i))) i++;
        continue;
      default: {
        if (c === 0x2d || isDigit(c)) return parseNumber(p, i, 0);
        if (c === 0x0b || c === 0x0c || c === 0x2f || c >= 0x80) {
          const n = json5Space(z, i);
          if (n > 0) {
            i += n;
            continue;
          }
          if (c === 0x2f || c < 0x80) {
            p.err = i;
            return -1;
          }
        }
        return parseWord(p, i);
      }
    }
  }
}

/** Parses all of `text` (up to its first NUL) as JSON or JSON5. */
export function parseJson(text: string): ParseResult {
  const nul = text.indexOf('\0');
  const z = nul >= 0 ? text.slice(0, nul) : text;
  const p: Parser = { z, err: 0, depth: 0, node: null };
  let i = parseValue(p, 0);
  if (i > 0) {
    while (isStdSpace(code(z, i))) i++;
    if (i < z.length) {
      i += json5Space(z, i);
      if (i < z.length) return { ok: false, errAt: p.err };
    }
    return { ok: true, node: p.node! };
  }
  return { ok: false, errAt: p.err };
}

/** `json_error_position()` for a failed parse: characters (code points) before `errAt`, plus 1. */
export function errorPosition(text: string, errAt: number): number {
  let n = 0;
  for (let k = 0; k < errAt && k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 0) break;
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n + 1;
}
