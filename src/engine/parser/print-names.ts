/**
 * How the printer writes names, strings and type names so that they parse back to the same text.
 *
 * - A name in an object-name position is written bare when it lexes as one identifier and is no
 *   keyword, else in double quotes (`""` inside).
 * - An unqualified column reference keeps its original quoting (it matters: TRUE/FALSE and
 *   SQLite's double-quoted-string fallback); unquoted ones stay bare, which the parser only
 *   produces for names that read back as identifiers in an expression.
 * - A type name is written as is when its text re-lexes as the same type tokens, else quoted
 *   whole (SQLite dequotes a type name that starts with a quote).
 *
 * @module
 */
import type { ColumnRef } from './ast.js';
import { tokenize } from './lexer.js';
import { KEYWORDS, TK, isFallback, isIds } from './tokens.js';

/**
 * True when `name` lexes as one identifier token: a letter, `_` or non-ASCII character (U+FEFF
 * excepted: at the start of a token it is white space), then those, digits and `$`.
 */
function isPlainIdentifier(name: string): boolean {
  if (name.length === 0) return false;
  const c0 = name.charCodeAt(0);
  if (!((c0 >= 0x41 && c0 <= 0x5a) || (c0 >= 0x61 && c0 <= 0x7a) || c0 === 0x5f || (c0 >= 0x80 && c0 !== 0xfeff))) return false;
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i);
    const ok = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x24 || c >= 0x80;
    if (!ok) return false;
  }
  return true;
}

/** `name` or `"name"`: safe in every name position (table, column, alias, index, …). */
export function quoteName(name: string): string {
  if (isPlainIdentifier(name) && !KEYWORDS.has(name.toUpperCase())) return name;
  return '"' + name.replace(/"/g, '""') + '"';
}

/**
 * True when `name`, written bare, reads back as an identifier at the start of an expression:
 * not a keyword, or a keyword SQLite falls back to an identifier there (not CAST, RAISE or the
 * CURRENT_* words, which start expressions of their own).
 */
export function bareInExpression(name: string): boolean {
  if (!isPlainIdentifier(name)) return false;
  const kw = KEYWORDS.get(name.toUpperCase());
  if (kw === undefined) return true;
  if (kw === TK.CAST || kw === TK.RAISE || kw === TK.CTIME_KW) return false;
  return isFallback(kw) || kw === TK.JOIN_KW || kw === TK.INDEXED || kw === TK.WINDOW || kw === TK.OVER ||
    kw === TK.FILTER;
}

/** A function name: bare when it reads back as one, else quoted (SQLite dequotes it). */
export function functionName(name: string): string {
  return bareInExpression(name) ? name : quoteName(name);
}

/** An unqualified or qualified column reference, keeping the quoting of an unqualified name. */
export function columnRef(c: ColumnRef): string {
  if (c.table !== null) {
    return (c.schema !== null ? quoteName(c.schema) + '.' : '') + quoteName(c.table) + '.' + quoteName(c.name);
  }
  switch (c.quote) {
    case '"': return '"' + c.name.replace(/"/g, '""') + '"';
    case '[': if (!c.name.includes(']')) return '[' + c.name + ']'; break;
    case null: if (bareInExpression(c.name)) return c.name; break;
  }
  return '`' + c.name.replace(/`/g, '``') + '`';
}

/** A string literal `'…'`. */
export function stringLiteral(value: string): string {
  return "'" + value.replace(/'/g, "''") + "'";
}

/** A type name (column type or CAST target) that parses back to the same `text`. */
export function typeName(text: string, forColumn: boolean): string {
  if (typeTextIsPlain(text, forColumn)) return text;
  return '"' + text.replace(/"/g, '""') + '"';
}

function typeTextIsPlain(text: string, forColumn: boolean): boolean {
  if (text === '') return false;
  const c = text.charCodeAt(0);
  if (c === 0x22 || c === 0x27 || c === 0x60 || c === 0x5b) return false;
  if (forColumn && text.length >= 16 && text.slice(-6).toLowerCase() === 'always') return false;
  const toks = tokenize(text);
  if (toks.length === 0 || toks[0].offset !== 0 || toks[toks.length - 1].end !== text.length) return false;
  let i = 0;
  while (i < toks.length && isIds(toks[i].kind)) i++;
  if (i === 0) return false;
  if (i === toks.length) return true;
  if (toks[i++].kind !== TK.LP) return false;
  const signed = (): boolean => {
    if (i < toks.length && (toks[i].kind === TK.PLUS || toks[i].kind === TK.MINUS)) i++;
    if (i < toks.length && (toks[i].kind === TK.INTEGER || toks[i].kind === TK.FLOAT)) {
      i++;
      return true;
    }
    return false;
  };
  if (!signed()) return false;
  if (i < toks.length && toks[i].kind === TK.COMMA) {
    i++;
    if (!signed()) return false;
  }
  return i === toks.length - 1 && toks[i].kind === TK.RP;
}
