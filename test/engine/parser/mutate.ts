/**
 * Generated statements for the acceptance and error-message oracles: a statement of the corpus,
 * tokenized, then edited one to three times (a token deleted, inserted, replaced, duplicated,
 * swapped with its neighbour, or the rest cut off). Most results are near-misses of valid SQL,
 * which is where a parser's accept/reject decisions and error positions are tested hardest.
 * And character-level input for the tokenizer: a statement prefix plus characters that make or
 * break numbers, strings, blobs, comments, parameters and identifiers.
 */
import fc from 'fast-check';
import { tokenize } from '../../../src/engine/parser/index.js';

/** Tokens an edit may insert: punctuation, operators, keywords of every clause, names, literals. */
export const TOKEN_POOL = [
  '(', ')', ',', '.', ';', '*', '+', '-', '=', '==', '<', '<=', '>', '>=', '!=', '<>', '||', '->', '->>', '~', '&',
  '|', '<<', '>>', '%', '/', 'NOT', 'NULL', 'AND', 'OR', 'IS', 'IN', 'LIKE', 'GLOB', 'REGEXP', 'MATCH', 'ESCAPE',
  'BETWEEN', 'ISNULL', 'NOTNULL', 'COLLATE', 'CAST', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'EXISTS', 'RAISE',
  'SELECT', 'DISTINCT', 'ALL', 'FROM', 'WHERE', 'GROUP', 'BY', 'HAVING', 'ORDER', 'ASC', 'DESC', 'NULLS', 'FIRST',
  'LAST', 'LIMIT', 'OFFSET', 'UNION', 'INTERSECT', 'EXCEPT', 'VALUES', 'WITH', 'RECURSIVE', 'MATERIALIZED', 'AS',
  'JOIN', 'LEFT', 'RIGHT', 'FULL', 'INNER', 'OUTER', 'CROSS', 'NATURAL', 'ON', 'USING', 'INDEXED', 'OVER',
  'FILTER', 'WINDOW', 'PARTITION', 'ROWS', 'RANGE', 'GROUPS', 'UNBOUNDED', 'PRECEDING', 'FOLLOWING', 'CURRENT',
  'ROW', 'EXCLUDE', 'NO', 'OTHERS', 'TIES', 'INSERT', 'REPLACE', 'INTO', 'DEFAULT', 'UPDATE', 'SET', 'DELETE',
  'RETURNING', 'CONFLICT', 'DO', 'NOTHING', 'IGNORE', 'ABORT', 'FAIL', 'ROLLBACK', 'CREATE', 'TEMP', 'TABLE',
  'INDEX', 'UNIQUE', 'VIEW', 'TRIGGER', 'VIRTUAL', 'IF', 'PRIMARY', 'KEY', 'AUTOINCREMENT', 'CONSTRAINT',
  'CHECK', 'REFERENCES', 'FOREIGN', 'DEFERRABLE', 'INITIALLY', 'DEFERRED', 'CASCADE', 'RESTRICT', 'ACTION',
  'GENERATED', 'ALWAYS', 'STORED', 'WITHOUT', 'ROWID', 'STRICT', 'BEFORE', 'AFTER', 'INSTEAD', 'OF', 'FOR',
  'EACH', 'BEGIN', 'COMMIT', 'SAVEPOINT', 'RELEASE', 'TO', 'TRANSACTION', 'DROP', 'ALTER', 'RENAME', 'ADD',
  'COLUMN', 'PRAGMA', 'ATTACH', 'DETACH', 'DATABASE', 'VACUUM', 'ANALYZE', 'REINDEX', 'EXPLAIN', 'QUERY', 'PLAN',
  'TRUE', 'CURRENT_TIME', 'a', 'b', 't', 't1', 'x', 'main', 'nocase', '1', '0x10', '2.5', '1e3', "'s'", "X'00'",
  '?', '?2', ':p', '@p', '$p', '"q"', '[b]', '`c`',
] as const;

/** One edit of a token list; `at` is reduced modulo the list length (plus one) when applied. */
export interface TokenEdit {
  op: 'delete' | 'insert' | 'replace' | 'duplicate' | 'swap' | 'cut';
  at: number;
  token: string;
}

/** Arbitrary edits: one to three of them. */
export const editsArb: fc.Arbitrary<TokenEdit[]> = fc.array(
  fc.record({
    op: fc.constantFrom('delete', 'insert', 'replace', 'duplicate', 'swap', 'cut'),
    at: fc.nat(),
    token: fc.constantFrom(...TOKEN_POOL),
  }),
  { minLength: 1, maxLength: 3 },
);

/** Applies `edits` to the tokens of `sql`; tokens are joined by single spaces. */
export function applyEdits(sql: string, edits: readonly TokenEdit[]): string {
  const toks = tokenize(sql).map((t) => t.text);
  for (const e of edits) {
    const i = e.at % (toks.length + 1);
    switch (e.op) {
      case 'delete': toks.splice(i, 1); break;
      case 'insert': toks.splice(i, 0, e.token); break;
      case 'replace': toks.splice(i, 1, e.token); break;
      case 'duplicate': if (i < toks.length) toks.splice(i, 0, toks[i]); break;
      case 'swap': if (i + 1 < toks.length) [toks[i], toks[i + 1]] = [toks[i + 1], toks[i]]; break;
      case 'cut': toks.splice(i); break;
    }
  }
  return toks.join(' ');
}

/** Characters that start, end or break tokens, for character-level generated input. */
export const CHAR_POOL = [
  '0', '1', '9', '.', 'e', 'E', 'x', 'X', "'", '"', '`', '[', ']', '_', '$', ':', '@', '?', '#', '-', '+', '/', '*',
  ' ', '\n', 'a', 'b', 'é', '\u00a0', '\ufeff', '(', ')', ',', '|', '<', '>', '=', '!', '&', '~', '%', ';', 'F', 'p',
  '\t', '\v', '\f', '\u2028', '😀', '\\', '{', '^',
] as const;

/** A statement prefix followed by one to twelve characters of {@link CHAR_POOL}: exercises the tokenizer. */
export const charLevelArb: fc.Arbitrary<string> = fc.tuple(
  fc.constantFrom('SELECT ', 'SELECT a FROM t WHERE ', 'VALUES (', 'SELECT * FROM t ORDER BY '),
  fc.array(fc.constantFrom(...CHAR_POOL), { minLength: 1, maxLength: 12 }),
).map(([prefix, chars]) => prefix + chars.join(''));
