/**
 * What the rows view needs from a table's CREATE statement: how many columns it has, which one (if
 * any) is the INTEGER PRIMARY KEY alias of the rowid (lang_createtable.html §"ROWIDs and the INTEGER
 * PRIMARY KEY"), and the constant DEFAULT of each column (shown for rows written before an
 * ALTER TABLE ADD COLUMN).
 *
 * This reads the column list with a small scanner of its own (quotes, parentheses and comments
 * respected) so that the inspector works on any file, including ones whose SQL the engine cannot
 * parse; when the CREATE text cannot be read the rows view falls back to the raw record.
 *
 * @module
 */
import { affinityOf, type Affinity } from '../../src/engine/affinity.js';
import { storageClassOfValue, type SqlValue, type StorageClass } from '../../src/format/index.js';

/** Column facts of one rowid table. */
export interface TableShape {
  columnCount: number;
  /** Index of the INTEGER PRIMARY KEY column, or −1. */
  ipk: number;
  /** Constant default per column (null when none or not a constant). */
  defaults: SqlValue[];
  /** Storage class of each default (a REAL literal such as 1.0 is 'real' though its JS value is 1). */
  defaultClasses: StorageClass[];
  /** Column names in order. */
  names: string[];
  /** Affinity of each column, from its declared type (datatype3 §3.1). */
  affinities: Affinity[];
  /** Column indexes of the PRIMARY KEY, in key order (empty when there is none). */
  primaryKey: number[];
  /** True for a WITHOUT ROWID table. */
  withoutRowid: boolean;
}

const TABLE_CONSTRAINT = /^(constraint|primary|unique|check|foreign)$/i;

/** Splits `s` at top-level commas, skipping quoted text and comments. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      i++;
      while (i < s.length && s[i] !== close) i++;
    } else if (c === '-' && s[i + 1] === '-') {
      while (i < s.length && s[i] !== '\n') i++;
    } else if (c === '/' && s[i + 1] === '*') {
      const end = s.indexOf('*/', i + 2);
      i = end < 0 ? s.length : end + 1;
    } else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts.map((p) => p.trim());
}

/** Tokens of a column definition: quoted names, words, numbers, strings, punctuation. */
function words(def: string): string[] {
  return def.match(/"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[[^\]]*\]|'(?:[^']|'')*'|[A-Za-z_][\w$]*|[-+]?(?:\d+\.?\d*(?:e[-+]?\d+)?|\.\d+)|\S/gi) ?? [];
}

function unquote(w: string): string {
  const q = w[0];
  // SQLite also accepts a 'string literal' where an identifier is expected.
  if (q === '"' || q === '`' || q === "'") return w.slice(1, -1).replaceAll(q + q, q);
  if (q === '[') return w.slice(1, -1);
  return w;
}

function literal(w: string | undefined, next: string | undefined): SqlValue {
  if (w === undefined) return null;
  if (w[0] === "'") return w.slice(1, -1).replaceAll("''", "'");
  if (/^true$/i.test(w)) return 1;
  if (/^false$/i.test(w)) return 0;
  if ((w === '-' || w === '+') && next !== undefined && /^[\d.]/.test(next)) return literal(w === '-' ? `-${next}` : next, undefined);
  if (/^[-+]?(\d|\.\d)/.test(w)) {
    const n = Number(w);
    return /[.e]/i.test(w) ? n : Number.isSafeInteger(n) ? n : BigInt(w);
  }
  return null;
}

/**
 * Reads the column facts of `CREATE TABLE` text, or null when it is not a plain column list
 * (e.g. `CREATE TABLE … AS SELECT`, virtual tables, unreadable text).
 */
export function tableShape(sql: string | null): TableShape | null {
  if (!sql) return null;
  const open = sql.indexOf('(');
  const close = sql.lastIndexOf(')');
  if (open < 0 || close < open || /^\s*create\s+virtual/i.test(sql)) return null;
  const tail = sql.slice(close + 1);
  const withoutRowid = /without\s+rowid/i.test(tail);
  const names: string[] = [];
  const defaults: SqlValue[] = [];
  const defaultClasses: StorageClass[] = [];
  let ipk = -1;
  const types: string[] = [];
  const pkColumns: string[][] = [];
  for (const def of splitTopLevel(sql.slice(open + 1, close))) {
    const w = words(def);
    if (w.length === 0) return null;
    if (TABLE_CONSTRAINT.test(w[0])) {
      const pk = w.findIndex((x) => /^primary$/i.test(x));
      if (pk >= 0) {
        const cols: string[] = [];
        for (let i = pk + 3; i < w.length && w[i] !== ')'; i++) if (w[i] !== ',' && !/^(asc|desc|collate)$/i.test(w[i])) cols.push(unquote(w[i]).toLowerCase());
        pkColumns.push(cols);
      }
      continue;
    }
    const col = names.length;
    names.push(unquote(w[0]));
    let type = '';
    let i = 1;
    while (i < w.length && !/^(constraint|primary|not|null|unique|check|default|collate|references|generated|as)$/i.test(w[i])) type += (type ? ' ' : '') + w[i++];
    types.push(type);
    defaults.push(null);
    defaultClasses.push('null');
    for (; i < w.length; i++) {
      if (/^default$/i.test(w[i])) {
        const [a, b] = w[i + 1] === '(' ? [w[i + 2], w[i + 3]] : [w[i + 1], w[i + 2]];
        defaults[col] = literal(a, b);
        const isReal = typeof defaults[col] === 'number' && /[.e]/i.test((a === '-' || a === '+' ? b : a) ?? '');
        defaultClasses[col] = isReal ? 'real' : storageClassOfValue(defaults[col]);
      }
      if (/^primary$/i.test(w[i]) && /^key$/i.test(w[i + 1] ?? '')) {
        pkColumns.push([unquote(w[0]).toLowerCase()]);
        if (!/^desc$/i.test(w[i + 2] ?? '') && /^integer$/i.test(type)) ipk = col;
      }
    }
  }
  const lower = names.map((n) => n.toLowerCase());
  const primaryKey = (pkColumns[0] ?? []).map((n) => lower.indexOf(n)).filter((c) => c >= 0);
  if (ipk < 0 && primaryKey.length === 1 && pkColumns[0].length === 1 && /^integer$/i.test(types[primaryKey[0]])) ipk = primaryKey[0];
  return { columnCount: names.length, ipk: withoutRowid ? -1 : ipk, defaults, defaultClasses, names, affinities: types.map(affinityOf), primaryKey, withoutRowid };
}
