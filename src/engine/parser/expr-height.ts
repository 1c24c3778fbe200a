/**
 * Expression heights, as SQLite counts them in `Expr.nHeight` (expr.c), and its parse-time limit:
 * building an expression taller than MAX_EXPR_DEPTH (1000) fails with "Expression tree is too
 * large (maximum depth 1000)", a deferred check (parser-state.ts, invariant 4).
 *
 * | node                                  | height                                             |
 * |---------------------------------------|----------------------------------------------------|
 * | literal, parameter, name              | 1 (`t.c` 2, `s.t.c` 3: TK_DOT nodes)               |
 * | operator, CAST, CASE, call, RAISE     | 1 + tallest operand (call: arguments only)         |
 * | NOT LIKE, NOT BETWEEN, NOT IN …       | one more than without NOT (a TK_NOT node above)    |
 * | COLLATE, row value `(a, b)`           | 1 (SQLite does not count their operands)           |
 * | `x IN ()`, `x AND 0`, `0 AND x`       | 1 (folded to a constant)                           |
 * | `x IN (constant)`                     | as `x = +constant`                                 |
 * | `x IN (SELECT …)`, `x IN table`       | 2 + height of x (or 1 + the subquery's height)     |
 * | `(SELECT …)`, `EXISTS (…)`            | 1 + tallest expression of the subquery's clauses   |
 *
 * Where we do not model SQLite exactly our height is never above SQLite's, so the parser never
 * refuses what SQLite accepts. SQLite's further limit while resolving names (heights of nested
 * subqueries add up, so `(SELECT (SELECT …))` fails at about half the depth) is not a parse
 * error and belongs to name resolution. Heights live in the ParserState (`height`, `setHeight`).
 *
 * @module
 */
import type { Expr, Select } from './ast.js';
import type { ParserState } from './parser-state.js';

/**
 * Records the height of `e`: `extra` (1 for the node, 2 for a node
 * under a NOT) plus its tallest operand (its arguments, for calls and CASE). Returns `e`.
 */
export function withHeight<E extends Expr>(p: ParserState, e: E, check: boolean, extra = 1): E {
  let h = 0;
  switch (e.type) {
    case 'unary': h = p.height(e.operand); break;
    case 'binary':
      // sqlite3ExprAnd folds `x AND 0` (either side the integer 0) into the constant 0.
      if (e.op === 'AND' && (isZero(e.left) || isZero(e.right))) {
        h = 1 - extra;
        break;
      }
      h = Math.max(p.height(e.left), p.height(e.right));
      break;
    case 'null-test': case 'cast': h = p.height(e.expr); break;
    case 'like': h = Math.max(p.height(e.left), p.height(e.right), p.height(e.escape)); break;
    case 'in-list': h = p.height(e.expr); for (const x of e.list) h = Math.max(h, p.height(x)); break;
    case 'raise': h = p.height(e.message); break;
    case 'function': for (const x of e.args) h = Math.max(h, p.height(x)); break;
    case 'case':
      h = Math.max(p.height(e.operand), p.height(e.else));
      for (const w of e.whens) h = Math.max(h, p.height(w.when), p.height(w.then));
      break;
  }
  p.setHeight(e, h + extra, check, e.offset);
  return e;
}

/**
 * True when SQLite's parser would find `e` constant (sqlite3ExprIsConstant before names are
 * resolved): literals, parameters and operators over them; false for names, calls, subqueries,
 * RAISE and anything unsure. Iterative: `e` may be as tall as MAX_EXPR_DEPTH.
 */
export function isConstant(e: Expr): boolean {
  const stack: Expr[] = [e];
  for (let x = stack.pop(); x !== undefined; x = stack.pop()) {
    switch (x.type) {
      case 'null': case 'integer': case 'real': case 'string': case 'blob': case 'param': break;
      case 'unary': stack.push(x.operand); break;
      case 'binary': stack.push(x.left, x.right); break;
      case 'null-test': case 'collate': case 'cast': stack.push(x.expr); break;
      case 'between': stack.push(x.expr, x.low, x.high); break;
      default: return false;
    }
  }
  return true;
}

/** An integer literal whose value is 0 (SQLite marks it EP_IsFalse). */
function isZero(e: Expr): boolean {
  return e.type === 'integer' && /^(0+|0[xX]0+)$/.test(e.text);
}

/**
 * SQLite's heightOfSelect: the tallest expression among the result columns, WHERE, GROUP BY,
 * HAVING of every core, and the ORDER BY and LIMIT (FROM-clause subqueries and windows do not
 * count). For VALUES only the first row is counted, a lower bound .
 */
export function selectHeight(p: ParserState, s: Select): number {
  let h = p.height(s.limit);
  for (const t of s.orderBy) h = Math.max(h, p.height(t.expr));
  for (const core of [s.first, ...s.compounds.map((c) => c.select)]) {
    if (core.type === 'values') {
      for (const e of core.rows[0]) h = Math.max(h, p.height(e));
      continue;
    }
    h = Math.max(h, p.height(core.where), p.height(core.having));
    for (const c of core.columns) if (c.type === 'expr') h = Math.max(h, p.height(c.expr));
    for (const e of core.groupBy) h = Math.max(h, p.height(e));
  }
  return h;
}
