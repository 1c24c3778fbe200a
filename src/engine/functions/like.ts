/**
 * LIKE and GLOB pattern matching (lang_expr "The LIKE, GLOB, REGEXP, MATCH operators"; func.c
 * patternCompare), and the like() / glob() functions the operators call: `X LIKE Y ESCAPE Z` is
 * like(Y, X, Z), `X GLOB Y` is glob(Y, X).
 *
 * | syntax | LIKE                         | GLOB                                      |
 * |--------|------------------------------|-------------------------------------------|
 * | any    | `%`                          | `*`                                       |
 * | one    | `_`                          | `?`                                       |
 * | set    | —                            | `[abc]`, `[a-z]`, `[^…]`, `]` first = literal |
 * | case   | ASCII letters fold           | exact                                     |
 * | escape | ESCAPE character             | —                                         |
 *
 * Matching runs over code points. A `%`/`*` tries each later position only while the rest of the
 * pattern could still match ("no wildcard match" cuts the search, as SQLite's does), so the cost is
 * polynomial. Patterns longer than 50,000 bytes (SQLITE_LIMIT_LIKE_PATTERN_LENGTH) are an error.
 *
 * @module
 */
import { textOf } from '../value/coerce.js';
import { beforeNul, utf8ByteLength, utf8Decode } from '../value/utf8.js';
import type { Value } from '../value/value.js';
import { fnError, scalar } from './define.js';

const MATCH = 0;
const NOMATCH = 1;
const NOWILDCARDMATCH = 2;

/** SQLITE_LIMIT_LIKE_PATTERN_LENGTH's default, in bytes. */
export const LIKE_PATTERN_LIMIT_BYTES = 50000;

interface PatternInfo {
  matchAll: number;
  matchOne: number;
  matchSet: number; // −1 for none
  noCase: boolean;
}

const LIKE_INFO: PatternInfo = { matchAll: 0x25, matchOne: 0x5f, matchSet: -1, noCase: true };
const GLOB_INFO: PatternInfo = { matchAll: 0x2a, matchOne: 0x3f, matchSet: 0x5b, noCase: false };

function fold(c: number, noCase: boolean): number {
  return noCase && c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out.push(c >= 0xd800 && c <= 0xdfff ? 0xfffd : c);
  }
  return out;
}

/** Matches a GLOB set starting after '[' at p[i]; returns [matched, index after ']'] or undefined when unterminated. */
function matchSet(p: number[], i: number, c: number): [boolean, number] | undefined {
  let invert = false;
  let seen = false;
  let prior = 0;
  if (p[i] === 0x5e) {
    invert = true;
    i++;
  }
  if (p[i] === 0x5d) {
    if (c === 0x5d) seen = true;
    i++;
  }
  for (;;) {
    if (i >= p.length) return undefined;
    const cc = p[i++];
    if (cc === 0x5d) break;
    if (cc === 0x2d && i < p.length && p[i] !== 0x5d && prior > 0) {
      const hi = p[i++];
      if (c >= prior && c <= hi) seen = true;
      prior = 0;
    } else {
      if (c === cc) seen = true;
      prior = cc;
    }
  }
  return [seen !== invert, i];
}

function patternCompare(p: number[], pi: number, s: number[], si: number, info: PatternInfo, esc: number): number {
  const { matchAll, matchOne, matchSet: setCh, noCase } = info;
  while (pi < p.length) {
    const c = p[pi++];
    if (c === matchAll) {
      // Skip further wildcards; each '?'/'_' eats one character.
      while (pi < p.length && (p[pi] === matchAll || p[pi] === matchOne)) {
        if (p[pi] === matchOne) {
          if (si >= s.length) return NOWILDCARDMATCH;
          si++;
        }
        pi++;
      }
      if (pi >= p.length) return MATCH;
      for (; si <= s.length; si++) {
        const r = patternCompare(p, pi, s, si, info, esc);
        if (r !== NOMATCH) return r;
      }
      return NOWILDCARDMATCH;
    }
    if (c === matchOne) {
      if (si >= s.length) return NOMATCH;
      si++;
      continue;
    }
    if (c === setCh) {
      if (si >= s.length) return NOMATCH;
      const m = matchSet(p, pi, s[si]);
      if (m === undefined) return NOMATCH;
      if (!m[0]) return NOMATCH;
      pi = m[1];
      si++;
      continue;
    }
    let lit = c;
    if (c === esc) {
      if (pi >= p.length) return NOMATCH;
      lit = p[pi++];
    }
    if (si >= s.length) return NOMATCH;
    if (fold(lit, noCase) !== fold(s[si], noCase)) return NOMATCH;
    si++;
  }
  return si >= s.length ? MATCH : NOMATCH;
}

let lastPattern = '';
let lastPatternCodes: number[] = [];

/**
 * Does `text` match `pattern`? `escape` is a single-character ESCAPE (LIKE only) or undefined.
 * @throws SqliteError "LIKE or GLOB pattern too complex" beyond {@link LIKE_PATTERN_LIMIT_BYTES}.
 */
export function patternMatch(pattern: string, text: string, glob: boolean, escape?: string): boolean {
  if (pattern.length * 3 > LIKE_PATTERN_LIMIT_BYTES && utf8ByteLength(pattern) > LIKE_PATTERN_LIMIT_BYTES) {
    throw fnError('LIKE or GLOB pattern too complex');
  }
  const esc = escape === undefined ? -1 : codePoints(escape)[0];
  let info = glob ? GLOB_INFO : LIKE_INFO;
  // An ESCAPE character that is also a wildcard stops being a wildcard.
  if (esc === info.matchAll || esc === info.matchOne) {
    info = { ...info, matchAll: esc === info.matchAll ? -1 : info.matchAll, matchOne: esc === info.matchOne ? -1 : info.matchOne };
  }
  // A statement usually matches one pattern against many rows: keep its code points.
  if (pattern !== lastPattern) {
    lastPattern = pattern;
    lastPatternCodes = codePoints(pattern);
  }
  return patternCompare(lastPatternCodes, 0, codePoints(text), 0, info, esc) === MATCH;
}

function asText(v: Value): string {
  return v instanceof Uint8Array ? utf8Decode(v) : textOf(v)!;
}

/** A BLOB pattern or subject never matches (SQLite 3.53 likeFunc); then ESCAPE is checked, then NULLs. */
scalar('like', [2, 3], (args) => {
  const [p, s, e] = args;
  if (p instanceof Uint8Array || s instanceof Uint8Array) return 0;
  let escape: string | undefined;
  if (args.length === 3) {
    if (e === null) return null;
    escape = asText(e);
    if (codePoints(escape).length !== 1) throw fnError('ESCAPE expression must be a single character');
  }
  if (p === null || s === null) return null;
  return patternMatch(beforeNul(textOf(p)!), beforeNul(textOf(s)!), false, escape) ? 1 : 0;
});

scalar('glob', 2, ([p, s]) => {
  if (p instanceof Uint8Array || s instanceof Uint8Array) return 0;
  if (p === null || s === null) return null;
  return patternMatch(beforeNul(textOf(p)!), beforeNul(textOf(s)!), true) ? 1 : 0;
});
