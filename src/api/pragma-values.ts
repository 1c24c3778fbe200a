/**
 * How SQLite reads a PRAGMA's value (pragma.c, util.c): sqlite3Atoi for numbers, getSafetyLevel
 * for synchronous and for booleans.
 *
 * @module
 */

/**
 * sqlite3Atoi: a 32-bit integer from the start of `z` (sign, decimal digits, or 0x + up to 8 hex
 * digits below 2^31); 0 when `z` does not start with one or it does not fit. No leading spaces.
 */
export function sqliteAtoi(z: string): number {
  let s = z;
  let neg = false;
  if (s[0] === '-') {
    neg = true;
    s = s.slice(1);
  } else if (s[0] === '+') s = s.slice(1);
  else if (/^0[xX][0-9a-fA-F]/.test(s)) {
    const m = /^0*([0-9a-fA-F]*)/.exec(s.slice(2))![1];
    if (m.length > 8) return 0;
    const u = parseInt(m, 16);
    return u >= 0x80000000 ? 0 : u;
  }
  const m = /^0*(\d*)/.exec(s);
  if (!/^\d/.test(s) || !m) return 0;
  const digits = m[1].slice(0, 11);
  if (digits.length > 10) return 0;
  const v = Number(digits || '0');
  if (v - (neg ? 1 : 0) > 2147483647) return 0;
  return neg ? -v : v;
}

const LEVELS: [string, number][] = [
  ['on', 1],
  ['no', 0],
  ['off', 0],
  ['false', 0],
  ['yes', 1],
  ['true', 1],
  ['extra', 3],
  ['full', 2],
];

/**
 * getSafetyLevel: a leading digit gives sqlite3Atoi's value (truncated to a byte); else one of
 * on/no/off/false/yes/true/extra/full (extra and full left out with `omitFull`); else `dflt`.
 */
export function safetyLevel(z: string, omitFull: boolean, dflt: number): number {
  if (/^\d/.test(z)) return sqliteAtoi(z) & 0xff;
  const lower = z.toLowerCase();
  for (const [name, v] of LEVELS) if (name === lower && (!omitFull || v <= 1)) return v;
  return dflt;
}

/** sqlite3GetBoolean: on/yes/true or a non-zero number. */
export function sqliteBoolean(z: string): boolean {
  return safetyLevel(z, true, 0) !== 0;
}
