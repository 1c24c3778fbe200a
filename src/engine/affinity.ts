/**
 * Column affinity from a declared type, by the five rules of datatype3 §3.1, applied in order:
 *
 * | rule | declared type contains        | affinity |
 * |------|-------------------------------|----------|
 * | 1    | "INT"                         | INTEGER  |
 * | 2    | "CHAR", "CLOB" or "TEXT"      | TEXT     |
 * | 3    | "BLOB", or no type at all     | BLOB     |
 * | 4    | "REAL", "FLOA" or "DOUB"      | REAL     |
 * | 5    | anything else                 | NUMERIC  |
 *
 * Matching is case-insensitive and on substrings, so "FLOATING POINT" is REAL and "POINT" is NUMERIC
 * only because "INT" appears in it (rule 1 wins): SQLite's own examples.
 *
 * @module
 */

/** The five column affinities. */
export type Affinity = 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL' | 'NUMERIC';

/** Affinity of a column declared with `declaredType` ('' or undefined when it has no type). */
export function affinityOf(declaredType: string | undefined | null): Affinity {
  const t = (declaredType ?? '').toUpperCase();
  if (t.includes('INT')) return 'INTEGER';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'TEXT';
  if (t.includes('BLOB') || t.trim() === '') return 'BLOB';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'REAL';
  return 'NUMERIC';
}

/**
 * SQLite's estimate of a column's stored size, in units of about 4 bytes (Column.szEst, set by
 * sqlite3AffinityType): 1 for no declared type and for INTEGER, REAL and NUMERIC affinity; for TEXT
 * and BLOB affinity the first number after the last "CHAR" (or right after "BLOB(") over 4, plus 1
 * ("VARCHAR(10)": 3), else 5 (about 20 bytes). At most 255. The planner compares table and index
 * row widths with it (where.ts coveringScan).
 */
export function estimatedWidth(declaredType: string | undefined | null): number {
  if (!declaredType) return 1;
  const aff = affinityOf(declaredType);
  if (aff !== 'TEXT' && aff !== 'BLOB') return 1;
  const t = declaredType.toLowerCase();
  let from = -1;
  if (aff === 'TEXT') {
    const k = t.lastIndexOf('char');
    if (k >= 0) from = k + 4;
  } else {
    const k = t.indexOf('blob');
    if (k >= 0 && t[k + 4] === '(') from = k + 4;
  }
  let v = 16;
  if (from >= 0) {
    const m = /\d+/.exec(t.slice(from));
    v = m && m[0].length <= 9 ? Number(m[0]) : 0;
  }
  return Math.min(255, Math.floor(v / 4) + 1);
}
