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
