/**
 * The acceptance oracle: does SQLite (better-sqlite3) accept a statement syntactically, and does
 * our parser agree? Shared by the acceptance tests.
 *
 * `db.prepare(sql)` parses and compiles; on a database where referenced objects may be missing it
 * fails with "no such table" & co. Only syntax errors (`… syntax error`, `incomplete input`,
 * `unrecognized token: …`) count as rejections; any other outcome counts as "syntax ok".
 */
import Database from 'better-sqlite3';
import { isSqliteError } from '../../../src/error.js';
import { parseStatement } from '../../../src/engine/parser/index.js';

/** What SQLite said: accepted (possibly with a non-syntax error), or its syntax error message. */
export type Verdict = { ok: true; message: string | null } | { ok: false; message: string };

const SYNTAX = /syntax error|^incomplete input$|^unrecognized token: /;

/** SQLite's verdict on one statement, prepared on `db`. */
export function sqliteVerdict(db: Database.Database, sql: string): Verdict {
  try {
    db.prepare(sql);
    return { ok: true, message: null };
  } catch (e) {
    const message = (e as Error).message;
    return SYNTAX.test(message) ? { ok: false, message } : { ok: true, message };
  }
}

/** Our verdict: accepted, or the message of our parse error. */
export function ourVerdict(sql: string): { ok: true } | { ok: false; message: string } {
  try {
    parseStatement(sql);
    return { ok: true };
  } catch (e) {
    if (!isSqliteError(e)) throw e;
    return { ok: false, message: e.message };
  }
}

/** How our verdict compares with SQLite's (see {@link compareVerdicts}). */
export type Agreement = 'agree' | 'disagree' | 'inconclusive';

/**
 * Compares verdicts:
 * - SQLite accepted (prepare succeeded): we must accept.
 * - SQLite raised a syntax-class error: we must raise the very same message.
 * - SQLite raised another error (a missing table, or a check it makes while parsing such as
 *   `unknown join type: …`): we agree when we accept (the statement parsed; what failed is its
 *   meaning) or raise the same message. When we raise another error instead the result is
 *   'inconclusive': SQLite stops parsing at the first error of any kind (a CREATE TABLE's
 *   semantic checks run when its closing parenthesis is reduced), so it never reached the token
 *   we object to. The hand-written corpora allow no inconclusive case.
 * - better-sqlite3 compiles the first statement before it looks at the rest, so it reports that
 *   statement's non-syntax error where we report the extra statement: 'agree'.
 */
export function compareVerdicts(sqlite: Verdict, ours: ReturnType<typeof ourVerdict>): Agreement {
  if (ours.ok) return sqlite.ok ? 'agree' : 'disagree';
  if (!sqlite.ok) return sqlite.message === ours.message ? 'agree' : 'disagree';
  if (sqlite.message === null) return 'disagree';
  if (sqlite.message === ours.message || ours.message === MORE_THAN_ONE) return 'agree';
  return 'inconclusive';
}

/** `sql`, SQLite's verdict and ours, when they disagree (for test failure messages). */
export interface Mismatch {
  sql: string;
  sqlite: string;
  ours: string;
}

/** Checks each statement on `db`; returns the disagreements and the number of inconclusive ones. */
export function checkAll(db: Database.Database, statements: Iterable<string>): { mismatches: Mismatch[]; inconclusive: number } {
  const mismatches: Mismatch[] = [];
  let inconclusive = 0;
  for (const sql of statements) {
    const s = sqliteVerdict(db, sql);
    const o = ourVerdict(sql);
    const a = compareVerdicts(s, o);
    if (a === 'inconclusive') inconclusive++;
    else if (a === 'disagree') mismatches.push({ sql, sqlite: s.ok ? `ok (${s.message ?? 'prepared'})` : s.message, ours: o.ok ? 'ok' : o.message });
  }
  return { mismatches, inconclusive };
}

const MORE_THAN_ONE = 'The supplied SQL string contains more than one statement';
