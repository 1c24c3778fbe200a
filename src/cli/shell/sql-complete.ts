/**
 * Where statements end: SQLite's `sqlite3_complete()` state machine (src/complete.c), restated,
 * and a splitter that cuts a buffer after every `;` that completes a statement.
 *
 * Tokens: `;` SEMI, whitespace and comments WS, EXPLAIN, CREATE, TEMP/TEMPORARY, TRIGGER, END, and
 * anything else OTHER (identifiers, quoted names and strings, punctuation). The states track
 * `CREATE [TEMP] TRIGGER … BEGIN … END;` so that the semicolons inside a trigger body do not end
 * the statement.
 *
 * | state \ token | SEMI | WS | OTHER | EXPLAIN | CREATE | TEMP | TRIGGER | END |
 * |---------------|------|----|-------|---------|--------|------|---------|-----|
 * | 0 INVALID     | 1    | 0  | 2     | 3       | 4      | 2    | 2       | 2   |
 * | 1 START       | 1    | 1  | 2     | 3       | 4      | 2    | 2       | 2   |
 * | 2 NORMAL      | 1    | 2  | 2     | 2       | 2      | 2    | 2       | 2   |
 * | 3 EXPLAIN     | 1    | 3  | 3     | 2       | 4      | 2    | 2       | 2   |
 * | 4 CREATE      | 1    | 4  | 2     | 2       | 2      | 4    | 5       | 2   |
 * | 5 TRIGGER     | 6    | 5  | 5     | 5       | 5      | 5    | 5       | 5   |
 * | 6 SEMI        | 6    | 6  | 5     | 5       | 5      | 5    | 5       | 7   |
 * | 7 END         | 1    | 7  | 5     | 5       | 5      | 5    | 5       | 5   |
 *
 * A statement is complete in state 1. An unterminated string, quoted name or block comment makes
 * the input incomplete; a `--` comment running to the end of the input leaves the state as it was.
 *
 * @module
 */

const SEMI = 0;
const WS = 1;
const OTHER = 2;
const KEYWORD_TOKENS: Record<string, number> = { explain: 3, create: 4, temp: 5, temporary: 5, trigger: 6, end: 7 };

const TRANSITIONS: readonly (readonly number[])[] = [
  [1, 0, 2, 3, 4, 2, 2, 2],
  [1, 1, 2, 3, 4, 2, 2, 2],
  [1, 2, 2, 2, 2, 2, 2, 2],
  [1, 3, 3, 2, 4, 2, 2, 2],
  [1, 4, 2, 2, 2, 4, 5, 2],
  [6, 5, 5, 5, 5, 5, 5, 5],
  [6, 6, 5, 5, 5, 5, 5, 7],
  [1, 7, 5, 5, 5, 5, 5, 5],
];

function isIdChar(c: string): boolean {
  return /[A-Za-z0-9_$]/.test(c) || c.charCodeAt(0) >= 0x80;
}

/** One token at `i`: its kind and where the next one starts, or null when the input ends inside it. */
function token(sql: string, i: number): { kind: number; next: number } | null | 'eof-comment' {
  const c = sql[i];
  if (c === ';') return { kind: SEMI, next: i + 1 };
  if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') return { kind: WS, next: i + 1 };
  if (c === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end < 0 ? null : { kind: WS, next: end + 2 };
  }
  if (c === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end < 0 ? 'eof-comment' : { kind: WS, next: end + 1 };
  }
  if (c === '[') {
    const end = sql.indexOf(']', i + 1);
    return end < 0 ? null : { kind: OTHER, next: end + 1 };
  }
  if (c === '`' || c === '"' || c === "'") {
    const end = sql.indexOf(c, i + 1);
    return end < 0 ? null : { kind: OTHER, next: end + 1 };
  }
  if (isIdChar(c)) {
    let j = i + 1;
    while (j < sql.length && isIdChar(sql[j])) j++;
    return { kind: /[0-9]/.test(c) ? OTHER : (KEYWORD_TOKENS[sql.slice(i, j).toLowerCase()] ?? OTHER), next: j };
  }
  return { kind: OTHER, next: i + 1 };
}

/** True when `sql` ends with a complete statement (sqlite3_complete). */
export function isComplete(sql: string): boolean {
  return splitStatements(sql).complete;
}

/**
 * The statements of `sql` in order, each with its `;` and trimmed, where each starts in `sql`
 * (`starts`, string indices), and whether the input ends complete. A piece with nothing but
 * whitespace, comments and `;` is dropped; a trailing incomplete piece is returned as the last
 * statement (sqlite3 runs it at end of input).
 */
export function splitStatements(sql: string): { statements: string[]; starts: number[]; complete: boolean } {
  const statements: string[] = [];
  const starts: number[] = [];
  const push = (from: number, to: number): void => {
    const piece = sql.slice(from, to);
    statements.push(piece.trim());
    starts.push(from + (piece.length - piece.trimStart().length));
  };
  let state = 0;
  let start = 0;
  let substantive = false;
  let i = 0;
  while (i < sql.length) {
    const t = token(sql, i);
    if (t === null || t === 'eof-comment') {
      if (t === null) state = -1;
      i = sql.length;
      break;
    }
    if (t.kind !== SEMI && t.kind !== WS) substantive = true;
    state = TRANSITIONS[state][t.kind];
    i = t.next;
    if (t.kind === SEMI && state === 1) {
      if (substantive) push(start, i);
      start = i;
      substantive = false;
    }
  }
  if (substantive || (state === -1 && sql.slice(start).trim() !== '')) push(start, sql.length);
  return { statements, starts, complete: state === 1 && !substantive };
}
