/**
 * Column headings of the rows pane, read from an object's CREATE statement with a light scan (no
 * SQL parser needed: only the top-level comma-separated list inside the outer parentheses is read).
 *
 * - rowid table: `rowid`, then each column's name (table constraints such as PRIMARY KEY(…) skipped);
 * - index: the indexed columns (or expressions, as written), then `rowid` (on a WITHOUT ROWID table
 *   the trailing fields are really its primary key); an automatic index (no SQL) gets `c0, c1, …`;
 * - WITHOUT ROWID table: its columns as declared (the record stores the primary key first, so the
 *   headings are only a guide; the count is what the rows have).
 *
 * Headings are padded with `c1, c2, …` or cut to `count` so they always match the rows.
 *
 * @module
 */
import type { SchemaRow } from '../../src/btree/schema-table.js';

const CONSTRAINT_WORDS = /^(constraint|primary|unique|check|foreign)\b/i;

/**
 * Headings for the rows of `obj` (null when unknown), exactly `count` of them (when `count` is 0,
 * the headings the statement gives). Missing headings are `c<index>`.
 */
export function tableColumns(obj: Pick<SchemaRow, 'type' | 'sql'> | null, count: number): string[] {
  const sql = obj?.sql ?? '';
  const list = outerList(sql);
  let names: string[];
  if (!obj) names = [];
  else if (obj.type === 'index') names = obj.sql ? [...list.map((d) => d.replace(/\s+(asc|desc|collate\s+\S+)\b.*$/i, '')), 'rowid'] : [];
  else {
    const cols = list.filter((d) => !CONSTRAINT_WORDS.test(d)).map(firstName);
    names = /without\s+rowid\s*$/i.test(sql.trim()) ? cols : ['rowid', ...cols];
  }
  if (count === 0) return names;
  const out = names.slice(0, count);
  for (let i = out.length; i < count; i++) out.push(`c${i}`);
  return out;
}

/** The top-level, comma-separated items inside the first parenthesis of `sql`, trimmed (comments
 * skipped, so a comma in a `-- comment` does not split a column definition). */
function outerList(sql: string): string[] {
  const open = sql.indexOf('(');
  if (open < 0) return [];
  const items: string[] = [];
  let depth = 0;
  let quote = '';
  let start = open + 1;
  for (let i = open + 1; i < sql.length; i++) {
    const ch = sql[i];
    if (quote) {
      if (ch === quote) quote = '';
      continue;
    }
    if (ch === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl;
      continue;
    }
    if (ch === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 1;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '[') quote = ']';
    else if (ch === '(') depth++;
    else if (ch === ')') {
      if (depth === 0) {
        items.push(stripComments(sql.slice(start, i)));
        return items.filter((x) => x !== '');
      }
      depth--;
    } else if (ch === ',' && depth === 0) {
      items.push(stripComments(sql.slice(start, i)));
      start = i + 1;
    }
  }
  return items.filter((x) => x !== '');
}

/** The column name at the start of a column definition, unquoted. */
function firstName(def: string): string {
  const m = /^("(?:[^"]|"")*"|\[[^\]]*\]|`(?:[^`]|``)*`|'(?:[^']|'')*'|\S+)/.exec(def);
  const raw = m ? m[1] : def;
  const q = raw[0];
  if (q === '"' || q === '`' || q === "'") return raw.slice(1, -1).replaceAll(q + q, q);
  if (q === '[') return raw.slice(1, -1);
  return raw;
}

/** `s` without its SQL comments, trimmed. */
function stripComments(s: string): string {
  return s
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ')
    .trim();
}
