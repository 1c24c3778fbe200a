/**
 * What CREATE INDEX accepts in an index expression and in a partial index's WHERE, with SQLite's
 * errors (resolve.c: sqlite3ResolveSelfReference with NC_IdxExpr / NC_PartIdx, and
 * sqlite3ResolveNotValid's "… prohibited in …"). The tree is walked in preorder, as SQLite's
 * resolver meets the nodes, so the first offending node names the error.
 *
 * | node                               | index expression                    | partial WHERE            |
 * |------------------------------------|-------------------------------------|--------------------------|
 * | subquery, EXISTS, IN (SELECT …)    | subqueries prohibited in …          | same                     |
 * | parameter                          | parameters prohibited in …          | same                     |
 * | non-deterministic function, CURRENT_TIME/DATE/TIMESTAMP | non-deterministic functions prohibited in … | same |
 * | date/time function (SLOCHNG)       | allowed; 'now', no argument, 'localtime' or 'utc' fail when evaluated (index-key.ts) | same |
 * | aggregate / window function        | misuse of aggregate/window function f() | same                 |
 * | column of another table `u.x`      | no such column: u.x                 | same                     |
 * | qualified column `t.a`             | the "." operator prohibited in …    | allowed                  |
 * | rowid / oid / _rowid_              | no such column: rowid               | allowed                  |
 *
 * Unknown columns and functions: "no such column: x" (a double-quoted one with SQLite's hint that it
 * might be meant as a string), "no such function: f", "wrong number of arguments to function f()".
 *
 * @module
 */
import type { Expr } from '../parser/ast.js';
import type { IndexColumn, Table } from '../schema/types.js';
import { sqlError } from './context.js';
import { functionNameKnown, resolveFunction } from './functions.js';
import { isAggregate } from './expr.js';

const ROWID_NAMES = ['rowid', 'oid', '_rowid_'];

/**
 * The date and time functions: SQLite marks them SQLITE_FUNC_SLOCHNG (deterministic unless they read
 * the clock or the time zone), so an index may use them; index-key.ts makes such a use fail as it
 * is evaluated.
 */
export const DATE_FUNCTIONS: ReadonlySet<string> = new Set(['date', 'time', 'datetime', 'julianday', 'unixepoch', 'strftime', 'timediff']);

/**
 * Checks the expression columns of `cols` and the WHERE of a new index on `t`.
 * @throws SqliteError SQLITE_ERROR with SQLite's message (see the module doc).
 */
export function checkIndexExprs(t: Table, cols: readonly IndexColumn[], where: Expr | null): void {
  for (const c of cols) if (c.column === -2) check(t, c.expr, 'index expressions');
  if (where) check(t, where, 'partial index WHERE clauses');
}

function check(t: Table, root: unknown, within: 'index expressions' | 'partial index WHERE clauses'): void {
  const inWhere = within === 'partial index WHERE clauses';
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(visit);
    if (!x || typeof x !== 'object') return;
    const e = x as Expr;
    switch (e.type) {
      case 'subquery':
      case 'exists':
      case 'in-select':
      case 'in-table':
        throw sqlError(`subqueries prohibited in ${within}`);
      case 'param':
        throw sqlError(`parameters prohibited in ${within}`);
      case 'current-time':
        throw sqlError(`non-deterministic functions prohibited in ${within}`);
      case 'column': {
        if (e.table !== null) {
          if (e.table.toLowerCase() !== t.name.toLowerCase() || (e.schema !== null && e.schema.toLowerCase() !== 'main')) throw sqlError(`no such column: ${e.table}.${e.name}`);
          if (!inWhere) throw sqlError(`the "." operator prohibited in ${within}`);
        }
        const known = t.columns.some((c) => c.name.toLowerCase() === e.name.toLowerCase()) || (inWhere && ROWID_NAMES.includes(e.name.toLowerCase()));
        if (!known) {
          if (e.quote === '"') throw sqlError(`no such column: "${e.name}" - should this be a string literal in single-quotes?`);
          throw sqlError(`no such column: ${e.table !== null ? `${e.table}.` : ''}${e.name}`);
        }
        return;
      }
      case 'function': {
        if (e.over !== null) throw sqlError(`misuse of window function ${e.name}()`);
        const f = resolveFunction(e.name, e.star ? 0 : e.args.length);
        if (!f) {
          if (functionNameKnown(e.name)) throw sqlError(`wrong number of arguments to function ${e.name}()`);
          throw sqlError(`no such function: ${e.name}`);
        }
        if (f.kind === 'aggregate' || isAggregate(e)) throw sqlError(`misuse of aggregate function ${e.name}()`);
        if (!f.deterministic && !DATE_FUNCTIONS.has(f.name)) throw sqlError(`non-deterministic functions prohibited in ${within}`);
        break;
      }
      default:
        break;
    }
    for (const v of Object.values(e)) if (v && typeof v === 'object') visit(v);
  };
  visit(root);
}
