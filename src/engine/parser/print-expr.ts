/**
 * Expressions → SQL text. Every compound expression is written in parentheses, so the output
 * never depends on operator precedence: `a + b * c` prints as `(a + (b * c))`. Prefix operators
 * keep a space (`(- (- 1))`), so two minus signs never form a `--` comment.
 *
 * @module
 */
import type { Expr, FrameBound, OrderingTerm, WindowDefinition } from './ast.js';
import { columnRef, functionName, quoteName, stringLiteral, typeName } from './print-names.js';
import { printSelect } from './print-select.js';

/** An expression as SQL text that parses back to the same expression. */
export function printExpr(e: Expr): string {
  switch (e.type) {
    case 'null': return 'NULL';
    case 'integer':
    case 'real': return e.text;
    case 'string': return stringLiteral(e.value);
    case 'blob': return `X'${e.hex}'`;
    case 'boolean': return e.value ? 'TRUE' : 'FALSE';
    case 'current-time': return e.which;
    case 'param': return e.name;
    case 'column': return columnRef(e);
    case 'unary': return `(${e.op} ${printExpr(e.operand)})`;
    case 'binary': return `(${printExpr(e.left)} ${e.op} ${printExpr(e.right)})`;
    case 'like': {
      const esc = e.escape !== null ? ` ESCAPE ${printExpr(e.escape)}` : '';
      return `(${printExpr(e.left)} ${e.not ? 'NOT ' : ''}${e.op} ${printExpr(e.right)}${esc})`;
    }
    case 'between':
      return `(${printExpr(e.expr)} ${e.not ? 'NOT ' : ''}BETWEEN ${printExpr(e.low)} AND ${printExpr(e.high)})`;
    case 'in-list':
      return `(${printExpr(e.expr)} ${e.not ? 'NOT ' : ''}IN (${e.list.map(printExpr).join(', ')}))`;
    case 'in-select':
      return `(${printExpr(e.expr)} ${e.not ? 'NOT ' : ''}IN (${printSelect(e.select)}))`;
    case 'in-table': {
      const args = e.args !== null ? `(${e.args.map(printExpr).join(', ')})` : '';
      return `(${printExpr(e.expr)} ${e.not ? 'NOT ' : ''}IN ${qualified(e.table)}${args})`;
    }
    case 'null-test': return `(${printExpr(e.expr)} ${e.not ? 'NOTNULL' : 'ISNULL'})`;
    case 'collate': return `(${printExpr(e.expr)} COLLATE ${quoteName(e.collation)})`;
    case 'cast': return `CAST(${printExpr(e.expr)} AS ${e.as === '' ? '' : typeName(e.as, false)})`;
    case 'case': {
      let s = 'CASE';
      if (e.operand !== null) s += ' ' + printExpr(e.operand);
      for (const w of e.whens) s += ` WHEN ${printExpr(w.when)} THEN ${printExpr(w.then)}`;
      if (e.else !== null) s += ` ELSE ${printExpr(e.else)}`;
      return s + ' END';
    }
    case 'function': {
      let args: string;
      if (e.star) args = '*';
      else {
        args = (e.distinct ? 'DISTINCT ' : '') + e.args.map(printExpr).join(', ');
        if (e.orderBy.length > 0) args += (e.args.length > 0 ? ' ' : '') + 'ORDER BY ' + printOrderingTerms(e.orderBy);
      }
      let s = `${functionName(e.name)}(${args})`;
      if (e.filter !== null) s += ` FILTER (WHERE ${printExpr(e.filter)})`;
      if (e.over !== null) s += typeof e.over === 'string' ? ` OVER ${quoteName(e.over)}` : ` OVER (${printWindow(e.over)})`;
      return s;
    }
    case 'exists': return `EXISTS (${printSelect(e.select)})`;
    case 'subquery': return `(${printSelect(e.select)})`;
    case 'vector': return `(${e.exprs.map(printExpr).join(', ')})`;
    case 'raise':
      return e.message === null ? `RAISE(${e.action})` : `RAISE(${e.action}, ${printExpr(e.message)})`;
  }
}

/** `schema.name` or `name`. */
export function qualified(n: { schema: string | null; name: string }): string {
  return (n.schema !== null ? quoteName(n.schema) + '.' : '') + quoteName(n.name);
}

/** `expr [ASC|DESC] [NULLS FIRST|LAST], …`. */
export function printOrderingTerms(terms: OrderingTerm[]): string {
  return terms.map((t) => {
    let s = printExpr(t.expr);
    if (t.direction !== null) s += ' ' + t.direction;
    if (t.nulls !== null) s += ' NULLS ' + t.nulls;
    return s;
  }).join(', ');
}

/** The inside of `OVER (…)`. */
export function printWindow(w: WindowDefinition): string {
  const parts: string[] = [];
  if (w.base !== null) parts.push(quoteName(w.base));
  if (w.partitionBy.length > 0) parts.push('PARTITION BY ' + w.partitionBy.map(printExpr).join(', '));
  if (w.orderBy.length > 0) parts.push('ORDER BY ' + printOrderingTerms(w.orderBy));
  if (w.frame !== null) {
    const f = w.frame;
    let s = f.units + ' ';
    s += f.end === null ? bound(f.start) : `BETWEEN ${bound(f.start)} AND ${bound(f.end)}`;
    if (f.exclude !== null) s += ' EXCLUDE ' + f.exclude;
    parts.push(s);
  }
  return parts.join(' ');
}

function bound(b: FrameBound): string {
  return b.expr !== null ? `${printExpr(b.expr)} ${b.kind}` : b.kind;
}
