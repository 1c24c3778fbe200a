/**
 * AST → SQL text: the inverse of the parser. For every AST the parser produces,
 * `parseStatement(printStatement(ast))` equals `ast` except for positions and spans (`offset`,
 * `end`, `span`). Expressions are fully parenthesized. An AST the parser could not have produced
 * (say an INSERT … SELECT … FROM t with an upsert but no WHERE, which SQLite reads as a join's
 * ON) may not print to SQL that parses back to it.
 *
 * @module
 */
import type {
  ColumnConstraint, ColumnDefinition, Deferrable, ForeignKeyClause, ResultColumn, SetClause,
  Statement, TableConstraint, UpsertClause,
} from './ast.js';
import { printExpr, printOrderingTerms, qualified } from './print-expr.js';
import { quoteName, stringLiteral, typeName } from './print-names.js';
import { printFrom, printLimit, printResultColumns, printSelect, printWith } from './print-select.js';
import { tokenize } from './lexer.js';
import { TK } from './tokens.js';

export { printExpr } from './print-expr.js';
export { printSelect } from './print-select.js';

/** One statement as SQL text (no trailing semicolon). */
export function printStatement(s: Statement): string {
  switch (s.type) {
    case 'select': return printSelect(s);
    case 'insert': {
      let out = s.with !== null ? printWith(s.with) + ' ' : '';
      out += s.or !== null ? `INSERT OR ${s.or} INTO ` : 'INSERT INTO ';
      out += qualified(s.table);
      if (s.alias !== null) out += ' AS ' + quoteName(s.alias);
      if (s.columns !== null) out += ` (${s.columns.map(quoteName).join(', ')})`;
      if (s.select === null) out += ' DEFAULT VALUES';
      else out += ' ' + printSelect(s.select) + s.upsert.map(printUpsert).join('');
      return out + returning(s.returning);
    }
    case 'update': {
      let out = s.with !== null ? printWith(s.with) + ' ' : '';
      out += 'UPDATE ' + (s.or !== null ? `OR ${s.or} ` : '') + qualified(s.table);
      if (s.alias !== null) out += ' AS ' + quoteName(s.alias);
      out += indexHint(s);
      out += ' SET ' + printSetList(s.set);
      if (s.from !== null) out += ' FROM ' + printFrom(s.from);
      if (s.where !== null) out += ' WHERE ' + printExpr(s.where);
      out += returning(s.returning);
      if (s.orderBy.length > 0) out += ' ORDER BY ' + printOrderingTerms(s.orderBy);
      if (s.limit !== null) out += printLimit(s.limit);
      return out;
    }
    case 'delete': {
      let out = s.with !== null ? printWith(s.with) + ' ' : '';
      out += 'DELETE FROM ' + qualified(s.table);
      if (s.alias !== null) out += ' AS ' + quoteName(s.alias);
      out += indexHint(s);
      if (s.where !== null) out += ' WHERE ' + printExpr(s.where);
      out += returning(s.returning);
      if (s.orderBy.length > 0) out += ' ORDER BY ' + printOrderingTerms(s.orderBy);
      if (s.limit !== null) out += printLimit(s.limit);
      return out;
    }
    case 'create-table': {
      let out = `CREATE ${s.temp ? 'TEMP ' : ''}TABLE ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${qualified(s.table)}`;
      if (s.as !== null) return out + ' AS ' + printSelect(s.as);
      const parts = [...s.columns.map(printColumn), ...s.constraints.map(printTableConstraint)];
      out += ` (${parts.join(', ')})`;
      const options: string[] = [];
      if (s.withoutRowid) options.push('WITHOUT ROWID');
      if (s.strict) options.push('STRICT');
      return options.length > 0 ? out + ' ' + options.join(', ') : out;
    }
    case 'create-index': {
      let out = `CREATE ${s.unique ? 'UNIQUE ' : ''}INDEX ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${qualified(s.index)}`;
      out += ` ON ${quoteName(s.table)} (${printOrderingTerms(s.columns)})`;
      return s.where !== null ? out + ' WHERE ' + printExpr(s.where) : out;
    }
    case 'create-view': {
      let out = `CREATE ${s.temp ? 'TEMP ' : ''}VIEW ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${qualified(s.view)}`;
      if (s.columns !== null) out += ` (${s.columns.map(quoteName).join(', ')})`;
      return out + ' AS ' + printSelect(s.select);
    }
    case 'create-trigger': {
      let out = `CREATE ${s.temp ? 'TEMP ' : ''}TRIGGER ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${qualified(s.trigger)}`;
      if (s.time !== null) out += ' ' + s.time;
      out += ' ' + s.event;
      if (s.columns !== null) out += ' OF ' + s.columns.map(quoteName).join(', ');
      out += ' ON ' + qualified(s.table);
      if (s.forEachRow) out += ' FOR EACH ROW';
      if (s.when !== null) out += ' WHEN ' + printExpr(s.when);
      return out + ' BEGIN ' + s.body.map((step) => printStatement(step) + '; ').join('') + 'END';
    }
    case 'create-virtual-table': {
      const out = `CREATE VIRTUAL TABLE ${s.ifNotExists ? 'IF NOT EXISTS ' : ''}${qualified(s.table)} USING ${quoteName(s.module)}`;
      return s.args === null ? out : `${out}(${s.args.join(', ')})`;
    }
    case 'drop': return `DROP ${s.what} ${s.ifExists ? 'IF EXISTS ' : ''}${qualified(s.name)}`;
    case 'alter-table': {
      const out = 'ALTER TABLE ' + qualified(s.table);
      const a = s.action;
      switch (a.type) {
        case 'rename-table': return `${out} RENAME TO ${quoteName(a.to)}`;
        case 'rename-column': return `${out} RENAME COLUMN ${quoteName(a.column)} TO ${quoteName(a.to)}`;
        case 'add-column': return `${out} ADD COLUMN ${printColumn(a.column)}`;
        case 'drop-column': return `${out} DROP COLUMN ${quoteName(a.column)}`;
        case 'alter-column-not-null':
          return `${out} ALTER COLUMN ${quoteName(a.column)} ${a.notNull ? 'SET' : 'DROP'} NOT NULL${onConflict(a.onConflict)}`;
        case 'add-check':
          return `${out} ADD ${named(a.name)}CHECK (${printExpr(a.expr)})${onConflict(a.onConflict)}`;
        case 'drop-constraint': return `${out} DROP CONSTRAINT ${quoteName(a.name)}`;
      }
      break;
    }
    case 'begin': return s.mode !== null ? `BEGIN ${s.mode}` : 'BEGIN';
    case 'commit': return 'COMMIT';
    case 'rollback': return s.savepoint !== null ? `ROLLBACK TO ${quoteName(s.savepoint)}` : 'ROLLBACK';
    case 'savepoint': return `SAVEPOINT ${quoteName(s.name)}`;
    case 'release': return `RELEASE ${quoteName(s.name)}`;
    case 'pragma':
      return `PRAGMA ${qualified(s.pragma)}` + (s.value !== null ? ` = ${pragmaValue(s.value)}` : '');
    case 'attach':
      return `ATTACH DATABASE ${printExpr(s.file)} AS ${printExpr(s.schema)}` + (s.key !== null ? ` KEY ${printExpr(s.key)}` : '');
    // DATABASE written out, else a column named "database" would be read as the keyword.
    case 'detach': return `DETACH DATABASE ${printExpr(s.schema)}`;
    case 'vacuum':
      return 'VACUUM' + (s.schema !== null ? ' ' + quoteName(s.schema) : '') + (s.into !== null ? ' INTO ' + printExpr(s.into) : '');
    case 'analyze': return s.target !== null ? 'ANALYZE ' + qualified(s.target) : 'ANALYZE';
    case 'reindex': return s.target !== null ? 'REINDEX ' + qualified(s.target) : 'REINDEX';
    case 'explain': return (s.queryPlan ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN ') + printStatement(s.statement);
  }
  throw new Error('unreachable');
}

function returning(r: ResultColumn[] | null): string {
  return r !== null ? ' RETURNING ' + printResultColumns(r) : '';
}

function indexHint(s: { indexedBy: string | null; notIndexed: boolean }): string {
  if (s.indexedBy !== null) return ' INDEXED BY ' + quoteName(s.indexedBy);
  return s.notIndexed ? ' NOT INDEXED' : '';
}

function printSetList(set: SetClause[]): string {
  return set.map((c) => {
    const cols = c.columns.length === 1 ? quoteName(c.columns[0]) : `(${c.columns.map(quoteName).join(', ')})`;
    return `${cols} = ${printExpr(c.expr)}`;
  }).join(', ');
}

function printUpsert(u: UpsertClause): string {
  let s = ' ON CONFLICT';
  if (u.target !== null) {
    s += ` (${printOrderingTerms(u.target.columns)})`;
    if (u.target.where !== null) s += ' WHERE ' + printExpr(u.target.where);
  }
  if (u.action.type === 'nothing') return s + ' DO NOTHING';
  s += ' DO UPDATE SET ' + printSetList(u.action.set);
  return u.action.where !== null ? s + ' WHERE ' + printExpr(u.action.where) : s;
}

/** A pragma value: a number as is, anything else as a string (the parser dequotes both alike). */
function pragmaValue(v: string): string {
  const toks = tokenize(v);
  const n = toks.length;
  const isNumber = (n === 1 && (toks[0].kind === TK.INTEGER || toks[0].kind === TK.FLOAT)) ||
    (n === 2 && toks[0].kind === TK.MINUS && toks[0].end === toks[1].offset &&
      (toks[1].kind === TK.INTEGER || toks[1].kind === TK.FLOAT));
  return isNumber && toks[0].offset === 0 && toks[n - 1].end === v.length ? v : stringLiteral(v);
}

function printColumn(c: ColumnDefinition): string {
  let s = quoteName(c.name);
  if (c.type !== null) s += ' ' + typeName(c.type, true);
  for (const k of c.constraints) s += ' ' + printColumnConstraint(k);
  return s;
}

function named(name: string | null): string {
  return name !== null ? `CONSTRAINT ${quoteName(name)} ` : '';
}

function onConflict(r: string | null): string {
  return r !== null ? ' ON CONFLICT ' + r : '';
}

function printColumnConstraint(k: ColumnConstraint): string {
  const n = named(k.name);
  switch (k.type) {
    case 'primary-key':
      return `${n}PRIMARY KEY${k.direction !== null ? ' ' + k.direction : ''}${onConflict(k.onConflict)}` +
        (k.autoincrement ? ' AUTOINCREMENT' : '');
    case 'not-null': return `${n}NOT NULL${onConflict(k.onConflict)}`;
    case 'null': return `${n}NULL${onConflict(k.onConflict)}`;
    case 'unique': return `${n}UNIQUE${onConflict(k.onConflict)}`;
    case 'check': return `${n}CHECK (${printExpr(k.expr)})`;
    case 'default': return `${n}DEFAULT ${printDefault(k.expr)}`;
    case 'collate': return `${n}COLLATE ${quoteName(k.collation)}`;
    case 'references': return `${n}REFERENCES ${printForeignKey(k.foreignKey)}`;
    case 'deferrable': return n + printDeferrable(k.deferrable);
    case 'generated': return `${n}AS (${printExpr(k.expr)})${k.storage !== null ? ' ' + k.storage : ''}`;
  }
}

const TERMS = new Set(['null', 'integer', 'real', 'string', 'blob', 'boolean', 'current-time']);

/** DEFAULT's value: a term, `-term`, or `(expr)`. */
function printDefault(e: Parameters<typeof printExpr>[0]): string {
  if (TERMS.has(e.type)) return printExpr(e);
  if (e.type === 'unary' && e.op === '-' && TERMS.has(e.operand.type) && e.operand.type !== 'boolean') {
    return '-' + printExpr(e.operand);
  }
  return `(${printExpr(e)})`;
}

function printDeferrable(d: Deferrable): string {
  return `${d.not ? 'NOT ' : ''}DEFERRABLE${d.initially !== null ? ' INITIALLY ' + d.initially : ''}`;
}

function printForeignKey(fk: ForeignKeyClause): string {
  let s = quoteName(fk.table);
  if (fk.columns !== null) s += ` (${fk.columns.map(quoteName).join(', ')})`;
  if (fk.match !== null) s += ' MATCH ' + quoteName(fk.match);
  if (fk.onDelete !== null) s += ' ON DELETE ' + fk.onDelete;
  if (fk.onUpdate !== null) s += ' ON UPDATE ' + fk.onUpdate;
  if (fk.deferrable !== null) s += ' ' + printDeferrable(fk.deferrable);
  return s;
}

function printTableConstraint(k: TableConstraint): string {
  const n = named(k.name);
  switch (k.type) {
    case 'primary-key':
      return `${n}PRIMARY KEY (${printOrderingTerms(k.columns)}${k.autoincrement ? ' AUTOINCREMENT' : ''})${onConflict(k.onConflict)}`;
    case 'unique': return `${n}UNIQUE (${printOrderingTerms(k.columns)})${onConflict(k.onConflict)}`;
    case 'check': return `${n}CHECK (${printExpr(k.expr)})${onConflict(k.onConflict)}`;
    case 'foreign-key':
      return `${n}FOREIGN KEY (${k.columns.map(quoteName).join(', ')}) REFERENCES ${printForeignKey(k.foreignKey)}`;
  }
}
