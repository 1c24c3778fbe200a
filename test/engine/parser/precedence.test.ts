/**
 * Operator precedence against SQLite: for generated expressions written without parentheses,
 * the value SQLite computes for the original text equals the value it computes for our printed,
 * fully parenthesized form of the AST we parsed. A wrong precedence or associativity changes the
 * tree and (for the operand values chosen here) almost always the value.
 *
 * Oracle: better-sqlite3 (SQLite 3.53) evaluating both texts. When SQLite rejects the original
 * text we must reject it with the same message.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runs } from './mode.js';
import { parseStatement, printExpr } from '../../../src/engine/parser/index.js';
import type { Expr } from '../../../src/engine/parser/index.js';

const db = new Database(':memory:');
afterAll(() => db.close());

type Outcome = { value: unknown[] } | { error: string };

function evaluate(exprText: string): Outcome {
  try {
    return { value: db.prepare(`SELECT ${exprText}`).raw().get() as unknown[] };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Literals whose values tell trees apart: small integers, reals, strings, NULL. */
const atom = fc.constantFrom('0', '1', '2', '3', '5', '7', '10', '1.5', "'a'", "'A'", "'ab'", "'1'", "'_'", "'%'", 'NULL', "X'41'");

const BINARY = [
  'OR', 'AND', '=', '==', '!=', '<>', '<', '<=', '>', '>=', '&', '|', '<<', '>>', '+', '-', '*', '/', '%', '||',
  'IS', 'IS NOT', 'IS DISTINCT FROM', 'IS NOT DISTINCT FROM',
] as const;
const PREFIX = ['NOT', '-', '+', '~'] as const;
const POSTFIX = ['ISNULL', 'NOTNULL', 'NOT NULL', 'COLLATE NOCASE', 'COLLATE BINARY', 'COLLATE RTRIM'] as const;

/** Expression text without parentheses except where the syntax needs them (IN lists, CAST, CASE). */
const exprText: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: atom, weight: 6 },
    { arbitrary: fc.tuple(fc.constantFrom(...PREFIX), tie('e')).map(([op, x]) => `${op} ${x}`), weight: 2 },
    { arbitrary: fc.tuple(tie('e'), fc.constantFrom(...BINARY), tie('e')).map(([a, op, b]) => `${a} ${op} ${b}`), weight: 6 },
    { arbitrary: fc.tuple(tie('e'), fc.constantFrom(...POSTFIX)).map(([x, op]) => `${x} ${op}`), weight: 1 },
    {
      arbitrary: fc.tuple(tie('e'), fc.boolean(), tie('e'), tie('e'))
        .map(([x, not, lo, hi]) => `${x} ${not ? 'NOT ' : ''}BETWEEN ${lo} AND ${hi}`),
      weight: 1,
    },
    {
      arbitrary: fc.tuple(tie('e'), fc.boolean(), fc.constantFrom('LIKE', 'GLOB'), tie('e'), fc.option(fc.constantFrom("'_'", "'%'", "'a'"), { nil: null }))
        .map(([x, not, op, pat, esc]) => `${x} ${not ? 'NOT ' : ''}${op} ${pat}${esc !== null ? ` ESCAPE ${esc}` : ''}`),
      weight: 1,
    },
    {
      arbitrary: fc.tuple(tie('e'), fc.boolean(), fc.array(tie('e'), { maxLength: 3 }))
        .map(([x, not, list]) => `${x} ${not ? 'NOT ' : ''}IN (${list.join(', ')})`),
      weight: 1,
    },
    { arbitrary: fc.tuple(tie('e'), fc.constantFrom('INTEGER', 'TEXT', 'REAL', 'NUMERIC', 'BLOB')).map(([x, t]) => `CAST(${x} AS ${t})`), weight: 1 },
    {
      arbitrary: fc.tuple(fc.option(tie('e'), { nil: null }), tie('e'), tie('e'), tie('e'))
        .map(([op, w, t, e]) => `CASE${op !== null ? ' ' + op : ''} WHEN ${w} THEN ${t} ELSE ${e} END`),
      weight: 1,
    },
    { arbitrary: tie('e').map((x) => `(${x})`), weight: 1 },
  ),
})).e;

function parsedExpr(text: string): Expr | { error: string } {
  try {
    const s = parseStatement(`SELECT ${text}`);
    if (s.type !== 'select' || s.first.type !== 'select-core' || s.first.columns[0].type !== 'expr') throw new Error('not a one-column SELECT');
    return s.first.columns[0].expr;
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('operator precedence agrees with SQLite', () => {
  it('value(original text) = value(printed, fully parenthesized AST)', () => {
    let compared = 0;
    fc.assert(
      fc.property(exprText, (text) => {
        const original = evaluate(text);
        const ast = parsedExpr(text);
        if ('error' in ast && !('type' in ast)) {
          // We reject: SQLite must reject too, with the same message.
          expect(original).toEqual({ error: ast.error });
          return;
        }
        const printed = printExpr(ast as Expr);
        compared++;
        expect({ text, printed, outcome: evaluate(printed) }).toEqual({ text, printed, outcome: original });
      }),
      runs(4000, 0x9e3779b9),
    );
    expect(compared).toBeGreaterThan(3000);
  });

  it('hand-picked cases where precedence is easy to get wrong', () => {
    const cases = [
      'NOT 0 = 1', '- 2 * 3', '- 1 COLLATE NOCASE', "'a' = 'A' COLLATE NOCASE", "'a' || 'b' = 'ab'", '1 + 2 || 3',
      '2 * 3 || 4', '1 < 2 = 1', '1 = 2 < 3', '1 BETWEEN 0 AND 2 AND 0', '5 BETWEEN 1 + 1 AND 10 = 1',
      '1 IS NULL IS NULL', 'NULL IS NOT NULL = 0', '1 NOT NULL = 1', '2 & 3 + 4', '1 << 2 + 1', '7 % 3 * 2',
      '1 = 1 IN (1)', '1 IN (1) = 1', "'a' LIKE 'A' = 1", "'ab' LIKE 'a_' ESCAPE '_' = 0", "1 || 2 LIKE '12'",
      '~ 1 + 1', '- - 1', 'NOT NOT 1', 'NOT 1 IS NULL', '1 IS NOT DISTINCT FROM NULL = 0', '3 - 2 - 1', '8 / 4 / 2',
      '1 OR 0 AND 0', '0 AND 0 OR 1', 'NOT 1 OR 1', '1 = 1 = 1', '1 < 2 < 3', '2 ISNULL + 1', '1 NOTNULL NOTNULL',
      "CASE 1 WHEN 1 THEN 'x' END || 'y'", "CAST(1 AS TEXT) || 2", "X'41' || 'b' COLLATE NOCASE = 'AB'",
    ];
    for (const text of cases) {
      const ast = parsedExpr(text);
      expect('type' in ast, text).toBe(true);
      expect(evaluate(printExpr(ast as Expr)), text).toEqual(evaluate(text));
    }
  });
});
