/**
 * SELECT → SQL text (WITH, compounds, cores, FROM, windows, ORDER BY, LIMIT).
 *
 * @module
 */
import type {
  FromClause, JoinOperator, LimitClause, ResultColumn, Select, SelectCore, TableSource, WithClause,
} from './ast.js';
import { printExpr, printOrderingTerms, printWindow, qualified } from './print-expr.js';
import { quoteName } from './print-names.js';

/** A SELECT as SQL text. */
export function printSelect(s: Select): string {
  let out = s.with !== null ? printWith(s.with) + ' ' : '';
  out += printCore(s.first);
  for (const c of s.compounds) out += ` ${c.op} ${printCore(c.select)}`;
  if (s.orderBy.length > 0) out += ' ORDER BY ' + printOrderingTerms(s.orderBy);
  if (s.limit !== null) out += printLimit(s.limit);
  return out;
}

/** `WITH [RECURSIVE] name[(cols)] AS [[NOT] MATERIALIZED] (select), …`. */
export function printWith(w: WithClause): string {
  return 'WITH ' + (w.recursive ? 'RECURSIVE ' : '') + w.ctes.map((c) => {
    const cols = c.columns !== null ? `(${c.columns.map(quoteName).join(', ')})` : '';
    const mat = c.materialized === null ? '' : c.materialized ? 'MATERIALIZED ' : 'NOT MATERIALIZED ';
    return `${quoteName(c.name)}${cols} AS ${mat}(${printSelect(c.select)})`;
  }).join(', ');
}

/** ` LIMIT x [OFFSET y]`, with its leading space. */
export function printLimit(l: LimitClause): string {
  return ` LIMIT ${printExpr(l.limit)}` + (l.offset !== null ? ` OFFSET ${printExpr(l.offset)}` : '');
}

function printCore(c: SelectCore): string {
  if (c.type === 'values') return 'VALUES ' + c.rows.map((r) => `(${r.map(printExpr).join(', ')})`).join(', ');
  let s = 'SELECT ' + (c.distinct ? 'DISTINCT ' : '') + printResultColumns(c.columns);
  if (c.from !== null) s += ' FROM ' + printFrom(c.from);
  if (c.where !== null) s += ' WHERE ' + printExpr(c.where);
  if (c.groupBy.length > 0) s += ' GROUP BY ' + c.groupBy.map(printExpr).join(', ');
  if (c.having !== null) s += ' HAVING ' + printExpr(c.having);
  if (c.windows.length > 0) {
    s += ' WINDOW ' + c.windows.map((w) => `${quoteName(w.name)} AS (${printWindow(w.window)})`).join(', ');
  }
  return s;
}

/** Result columns of SELECT or RETURNING. */
export function printResultColumns(cols: ResultColumn[]): string {
  return cols.map((c) => {
    switch (c.type) {
      case 'star': return '*';
      case 'table-star': return quoteName(c.table) + '.*';
      case 'expr': return printExpr(c.expr) + (c.alias !== null ? ' AS ' + quoteName(c.alias) : '');
    }
  }).join(', ');
}

/** The items of a FROM clause, with their join operators. */
export function printFrom(f: FromClause): string {
  let s = '';
  for (const item of f.items) {
    if (item.join !== null) s += joinText(item.join);
    s += printSource(item.source);
    if (item.alias !== null) s += ' AS ' + quoteName(item.alias);
    if (item.source.type === 'table') {
      if (item.source.indexedBy !== null) s += ' INDEXED BY ' + quoteName(item.source.indexedBy);
      else if (item.source.notIndexed) s += ' NOT INDEXED';
    }
    if (item.on !== null) s += ' ON ' + printExpr(item.on);
    else if (item.using !== null) s += ` USING (${item.using.map(quoteName).join(', ')})`;
  }
  return s;
}

function joinText(j: JoinOperator): string {
  if (j.kind === ',') return ', ';
  const natural = j.natural ? 'NATURAL ' : '';
  return ` ${natural}${j.kind === 'INNER' ? '' : j.kind + ' '}JOIN `;
}

function printSource(t: TableSource): string {
  switch (t.type) {
    case 'table': return qualified(t.name);
    case 'table-function': return `${qualified(t.name)}(${t.args.map(printExpr).join(', ')})`;
    case 'subquery': return `(${printSelect(t.select)})`;
    case 'join-group': return `(${printFrom(t.from)})`;
  }
}
