/**
 * fast-check arbitraries for parser ASTs (ast.ts): expressions of every kind, SELECTs (WITH,
 * compounds, VALUES, joins, windows) and every statement type. They produce the ASTs the parser
 * can produce: positions are 0 (the round-trip test ignores them), parameter numbers are 0,
 * combinations SQLite refuses while parsing (DISTINCT with OVER, ORDER BY in a window function's
 * arguments…) are not generated.
 */
import fc from 'fast-check';
import type {
  ColumnConstraint, ColumnDefinition, ColumnRef, CommonTableExpression, Expr, ForeignKeyClause,
  FromClause, FromItem, FunctionCall, JoinOperator, OrderingTerm, QualifiedName, ResultColumn, Select,
  SelectCore, SetClause, Statement, TableConstraint, TableSource, TriggerStep, UpsertClause, WindowDefinition,
  WindowFrame, WithClause,
} from '../../../src/engine/parser/index.js';
import { bareInExpression } from '../../../src/engine/parser/print-names.js';

/**
 * `arb` or null: null with weight `freq` (default 1) against 1 for a value, so optional parts are
 * absent more often than present and generated trees stay small. (Not fc.option, whose `freq`
 * is the other way round.)
 */
function opt<T>(arb: fc.Arbitrary<T>, options: { nil: null; freq?: number } = { nil: null }): fc.Arbitrary<T | null> {
  return fc.oneof({ arbitrary: fc.constant(null), weight: options.freq ?? 1 }, { arbitrary: arb, weight: 1 });
}

/** Names: plain, keywords (fallback and reserved), quotes, spaces, non-ASCII, empty. */
export const nameArb = fc.oneof(
  { arbitrary: fc.constantFrom('a', 'b', 'c', 't', 't1', 'x_y', 'A1', '_z', 'a$'), weight: 6 },
  {
    arbitrary: fc.constantFrom('key', 'left', 'replace', 'filter', 'over', 'window', 'temp', 'end', 'do', 'rowid',
      'true', 'false', 'select', 'from', 'order', 'group', 'cast', 'raise', 'current_time', 'rows', 'indexed', 'if',
      'stored', 'virtual', 'strict'),
    weight: 3,
  },
  { arbitrary: fc.constantFrom('with space', 'a"b', "it's", 'é', '1abc', 'a]b', 'a`b', '', 'a.b'), weight: 1 },
);

const qualifiedArb: fc.Arbitrary<QualifiedName> = fc.record({
  schema: opt(fc.constantFrom('main', 'temp', 'aux', 'my schema'), { nil: null, freq: 3 }),
  name: nameArb,
  offset: fc.constant(0),
});

const columnRefArb: fc.Arbitrary<ColumnRef> = fc.oneof(
  fc.record({ schema: fc.constant(null), table: fc.constant(null), name: nameArb, quote: fc.constantFrom<ColumnRef['quote']>(null, '"', '[', '`') })
    .filter((c) => (c.quote !== null || bareInExpression(c.name)) && !(c.quote === '[' && c.name.includes(']')))
    .map((c) => ({ type: 'column' as const, ...c, offset: 0 })),
  fc.record({ schema: opt(nameArb, { nil: null }), table: nameArb, name: nameArb })
    .map((c) => ({ type: 'column' as const, ...c, quote: null, offset: 0 })),
);

const literalArb: fc.Arbitrary<Expr> = fc.oneof(
  fc.constant<Expr>({ type: 'null', offset: 0 }),
  fc.constantFrom('0', '1', '42', '9223372036854775807', '99999999999999999999', '0x1F', '0XABCDEF')
    .map((text): Expr => ({ type: 'integer', text, offset: 0 })),
  fc.constantFrom('1.5', '1.', '.5', '1e10', '2.5E-3', '1e+2').map((text): Expr => ({ type: 'real', text, offset: 0 })),
  fc.string({ maxLength: 6 }).map((value): Expr => ({ type: 'string', value, offset: 0 })),
  fc.constantFrom('', '00', 'aBcD', 'FF00').map((hex): Expr => ({ type: 'blob', hex, offset: 0 })),
  fc.constantFrom('CURRENT_TIME', 'CURRENT_DATE', 'CURRENT_TIMESTAMP')
    .map((which): Expr => ({ type: 'current-time', which, offset: 0 })),
  fc.constantFrom('?', '?7', ':a', '@b', '$c').map((name): Expr => ({ type: 'param', name, index: 0, offset: 0 })),
);

const BINARY_OPS = [
  'OR', 'AND', '=', '!=', 'IS', 'IS NOT', '<', '<=', '>', '>=', '&', '|', '<<', '>>', '+', '-', '*', '/', '%',
  '||', '->', '->>',
] as const;

const TYPE_NAMES = ['INTEGER', 'TEXT', 'VARCHAR(10)', 'DECIMAL(10, 2)', 'UNSIGNED BIG INT', 'REAL(-1, +2.5)', 'my type'];

interface Tie {
  expr: Expr;
  select: Select;
  from: FromClause;
}

/** Expressions and SELECTs, mutually recursive (subqueries, IN (SELECT …), CTEs). */
export const { expr: exprArb, select: selectArb, from: fromArb } = fc.letrec<Tie>((tie) => {
  const e = (): fc.Arbitrary<Expr> => tie('expr') as fc.Arbitrary<Expr>;
  const sel = (): fc.Arbitrary<Select> => tie('select') as fc.Arbitrary<Select>;
  const exprs = (min: number, max: number): fc.Arbitrary<Expr[]> => fc.array(e(), { minLength: min, maxLength: max });
  const ordering: fc.Arbitrary<OrderingTerm[]> = fc.array(
    fc.record({
      expr: e(),
      direction: fc.constantFrom<OrderingTerm['direction']>(null, 'ASC', 'DESC'),
      nulls: fc.constantFrom<OrderingTerm['nulls']>(null, 'FIRST', 'LAST'),
    }),
    { minLength: 1, maxLength: 2 },
  );
  const frame: fc.Arbitrary<WindowFrame> = fc.record({
    units: fc.constantFrom<WindowFrame['units']>('ROWS', 'RANGE', 'GROUPS'),
    start: fc.constantFrom('UNBOUNDED PRECEDING', 'PRECEDING', 'CURRENT ROW'),
    end: fc.constantFrom(null, 'CURRENT ROW', 'FOLLOWING', 'UNBOUNDED FOLLOWING'),
    n: e(),
    exclude: fc.constantFrom<WindowFrame['exclude']>(null, 'NO OTHERS', 'CURRENT ROW', 'GROUP', 'TIES'),
  }).map(({ units, start, end, n, exclude }) => ({
    units,
    start: { kind: start as WindowFrame['start']['kind'], expr: start === 'PRECEDING' ? n : null },
    end: end === null ? null : { kind: end as WindowFrame['start']['kind'], expr: end === 'FOLLOWING' ? n : null },
    exclude,
  }));
  const windowDef: fc.Arbitrary<WindowDefinition> = fc.record({
    base: opt(nameArb, { nil: null, freq: 4 }),
    partitionBy: fc.oneof(fc.constant<Expr[]>([]), exprs(1, 2)),
    orderBy: fc.oneof(fc.constant<OrderingTerm[]>([]), ordering),
    frame: opt(frame, { nil: null }),
  });
  const call: fc.Arbitrary<FunctionCall> = fc.record({
    name: nameArb,
    star: fc.boolean(),
    distinct: fc.boolean(),
    args: exprs(0, 3),
    orderBy: fc.oneof({ arbitrary: fc.constant<OrderingTerm[]>([]), weight: 3 }, ordering),
    filter: opt(e(), { nil: null, freq: 4 }),
    over: opt(fc.oneof(nameArb, windowDef), { nil: null, freq: 3 }),
  }).map((c): FunctionCall => {
    const star = c.star && !c.distinct;
    const args = star ? [] : c.args;
    const orderBy = star || args.length === 0 || c.over !== null ? [] : c.orderBy;
    const distinct = !star && c.over === null && c.distinct && args.length > 0;
    return { type: 'function', name: c.name, distinct, star, args, orderBy, filter: c.filter, over: c.over, offset: 0 };
  });
  const expr: fc.Arbitrary<Expr> = fc.oneof(
    { depthSize: 'small', maxDepth: 4, depthIdentifier: 'ast', withCrossShrink: true },
    { arbitrary: literalArb, weight: 8 },
    { arbitrary: columnRefArb, weight: 5 },
    { arbitrary: fc.tuple(fc.constantFrom('-', '+', '~', 'NOT' as const), e()).map(([op, operand]): Expr => ({ type: 'unary', op, operand, offset: 0 })), weight: 2 },
    { arbitrary: fc.tuple(fc.constantFrom(...BINARY_OPS), e(), e()).map(([op, left, right]): Expr => ({ type: 'binary', op, left, right, offset: 0 })), weight: 5 },
    {
      arbitrary: fc.record({ op: fc.constantFrom('LIKE', 'GLOB', 'REGEXP', 'MATCH' as const), not: fc.boolean(), left: e(), right: e(), escape: opt(e(), { nil: null }) })
        .map((x): Expr => ({ type: 'like', ...x, offset: 0 })),
      weight: 1,
    },
    { arbitrary: fc.record({ not: fc.boolean(), expr: e(), low: e(), high: e() }).map((x): Expr => ({ type: 'between', ...x, offset: 0 })), weight: 1 },
    { arbitrary: fc.record({ not: fc.boolean(), expr: e(), list: exprs(0, 3) }).map((x): Expr => ({ type: 'in-list', ...x, offset: 0 })), weight: 1 },
    { arbitrary: fc.record({ not: fc.boolean(), expr: e(), select: sel() }).map((x): Expr => ({ type: 'in-select', ...x, offset: 0 })), weight: 1 },
    {
      arbitrary: fc.record({ not: fc.boolean(), expr: e(), table: qualifiedArb, args: opt(exprs(0, 2), { nil: null }) })
        .map((x): Expr => ({ type: 'in-table', ...x, offset: 0 })),
      weight: 1,
    },
    { arbitrary: fc.record({ not: fc.boolean(), expr: e() }).map((x): Expr => ({ type: 'null-test', ...x, offset: 0 })), weight: 1 },
    { arbitrary: fc.record({ expr: e(), collation: nameArb }).map((x): Expr => ({ type: 'collate', ...x, offset: 0 })), weight: 1 },
    { arbitrary: fc.record({ expr: e(), as: fc.constantFrom('', ...TYPE_NAMES) }).map((x): Expr => ({ type: 'cast', ...x, offset: 0 })), weight: 1 },
    {
      arbitrary: fc.record({ operand: opt(e(), { nil: null }), whens: fc.array(fc.record({ when: e(), then: e() }), { minLength: 1, maxLength: 2 }), else: opt(e(), { nil: null }) })
        .map((x): Expr => ({ type: 'case', ...x, offset: 0 })),
      weight: 1,
    },
    { arbitrary: call, weight: 2 },
    { arbitrary: sel().map((select): Expr => ({ type: 'exists', select, offset: 0 })), weight: 1 },
    { arbitrary: sel().map((select): Expr => ({ type: 'subquery', select, offset: 0 })), weight: 1 },
    { arbitrary: exprs(2, 3).map((list): Expr => ({ type: 'vector', exprs: list, offset: 0 })), weight: 1 },
    {
      arbitrary: fc.oneof(
        fc.constant<Expr>({ type: 'raise', action: 'IGNORE', message: null, offset: 0 }),
        fc.record({ action: fc.constantFrom('ROLLBACK', 'ABORT', 'FAIL' as const), message: e() }).map((x): Expr => ({ type: 'raise', ...x, offset: 0 })),
      ),
      weight: 1,
    },
  );

  const resultColumns: fc.Arbitrary<ResultColumn[]> = fc.array(
    fc.oneof(
      fc.constant<ResultColumn>({ type: 'star', offset: 0 }),
      nameArb.map((table): ResultColumn => ({ type: 'table-star', table, offset: 0 })),
      fc.record({ expr: e(), alias: opt(nameArb, { nil: null }) }).map((x): ResultColumn => ({ type: 'expr', ...x, span: '' })),
    ),
    { minLength: 1, maxLength: 3 },
  );
  const joinOp: fc.Arbitrary<JoinOperator> = fc.record({
    kind: fc.constantFrom<JoinOperator['kind']>(',', 'INNER', 'CROSS', 'LEFT', 'RIGHT', 'FULL'),
    natural: fc.boolean(),
  }).map((j) => (j.kind === ',' ? { kind: ',', natural: false } : j));
  const source: fc.Arbitrary<TableSource> = fc.oneof(
    { depthSize: 'small', maxDepth: 4, depthIdentifier: 'ast' },
    { arbitrary: fc.record({ name: qualifiedArb, hint: fc.constantFrom<null | string | true>(null, null, 'i1', true) })
      .map(({ name, hint }): TableSource => ({ type: 'table', name, indexedBy: typeof hint === 'string' ? hint : null, notIndexed: hint === true })), weight: 5 },
    { arbitrary: fc.record({ name: qualifiedArb, args: exprs(0, 2) }).map((x): TableSource => ({ type: 'table-function', ...x })), weight: 1 },
    { arbitrary: sel().map((select): TableSource => ({ type: 'subquery', select })), weight: 1 },
  );
  const fromItem = (first: boolean): fc.Arbitrary<FromItem> => fc.record({
    join: first ? fc.constant(null) : joinOp,
    source,
    alias: opt(nameArb, { nil: null }),
    constraint: fc.constantFrom('none', 'none', 'on', 'using'),
    on: e(),
    using: fc.array(nameArb, { minLength: 1, maxLength: 2 }),
  }).map(({ join, source: src, alias, constraint, on, using }) => ({
    join, source: src, alias,
    on: !first && constraint === 'on' ? on : null,
    using: !first && constraint === 'using' ? using : null,
  }));
  const from: fc.Arbitrary<FromClause> = fc.tuple(fromItem(true), fc.array(fromItem(false), { maxLength: 2 }))
    .map(([head, rest]) => ({ items: [head, ...rest] }));
  const grouped: fc.Arbitrary<FromClause> = fc.tuple(from, opt(joinOp, { nil: null }), fromItem(false))
    .map(([inner, op, tail]) => (op === null
      ? { items: [{ join: null, source: { type: 'join-group', from: inner }, alias: null, on: null, using: null }] }
      : { items: [{ join: null, source: { type: 'join-group', from: inner }, alias: null, on: null, using: null }, { ...tail, join: op }] }));
  const core: fc.Arbitrary<SelectCore> = fc.oneof(
    { arbitrary: fc.record({
      distinct: fc.boolean(),
      columns: resultColumns,
      from: opt(tie('from') as fc.Arbitrary<FromClause>, { nil: null }),
      where: opt(e(), { nil: null }),
      groupBy: fc.oneof(fc.constant<Expr[]>([]), exprs(1, 2)),
      having: opt(e(), { nil: null, freq: 4 }),
      windows: fc.array(fc.record({ name: nameArb, window: windowDef }), { maxLength: 1 }),
    }).map((c): SelectCore => ({ type: 'select-core', ...c, offset: 0 })), weight: 4 },
    { arbitrary: fc.array(exprs(1, 2), { minLength: 1, maxLength: 2 }).map((rows): SelectCore => ({ type: 'values', rows, offset: 0 })), weight: 1 },
  );
  const cte: fc.Arbitrary<CommonTableExpression> = fc.record({
    name: nameArb,
    columns: opt(fc.array(nameArb, { minLength: 1, maxLength: 2 }), { nil: null }),
    materialized: fc.constantFrom(null, true, false),
    select: sel(),
    offset: fc.constant(0),
  });
  const withClause: fc.Arbitrary<WithClause> = fc.record({
    recursive: fc.boolean(),
    ctes: fc.uniqueArray(cte, { minLength: 1, maxLength: 2, selector: (c) => c.name.toLowerCase() }),
  });
  const select: fc.Arbitrary<Select> = fc.record({
    with: opt(withClause, { nil: null, freq: 5 }),
    first: core,
    compounds: fc.array(fc.record({ op: fc.constantFrom('UNION', 'UNION ALL', 'INTERSECT', 'EXCEPT' as const), select: core }), { maxLength: 2 }),
    orderBy: fc.oneof({ arbitrary: fc.constant<OrderingTerm[]>([]), weight: 2 }, ordering),
    limit: opt(fc.record({ limit: e(), offset: opt(e(), { nil: null }) }), { nil: null, freq: 3 }),
  }).map((s): Select => {
    // ORDER BY and LIMIT belong to a SELECT core: after VALUES they are a syntax error.
    const last = s.compounds.length > 0 ? s.compounds[s.compounds.length - 1].select : s.first;
    const tail = last.type === 'values' ? { orderBy: [] as OrderingTerm[], limit: null } : {};
    return { type: 'select', ...s, ...tail, offset: 0, end: 0 };
  });
  return { expr, select, from: fc.oneof({ arbitrary: from, weight: 4 }, grouped) };
});

const conflictArb = fc.constantFrom(null, 'ROLLBACK', 'ABORT', 'FAIL', 'IGNORE', 'REPLACE' as const);
const namesArb = fc.array(nameArb, { minLength: 1, maxLength: 3 });
const orderingArb: fc.Arbitrary<OrderingTerm[]> = fc.array(
  fc.record({ expr: exprArb, direction: fc.constantFrom<OrderingTerm['direction']>(null, 'ASC', 'DESC'), nulls: fc.constantFrom<OrderingTerm['nulls']>(null, 'FIRST', 'LAST') }),
  { minLength: 1, maxLength: 2 },
);
const resultsArb: fc.Arbitrary<ResultColumn[]> = fc.array(
  fc.oneof(
    fc.constant<ResultColumn>({ type: 'star', offset: 0 }),
    fc.record({ expr: exprArb, alias: opt(nameArb, { nil: null }) }).map((x): ResultColumn => ({ type: 'expr', ...x, span: '' })),
  ),
  { minLength: 1, maxLength: 2 },
);
const setArb: fc.Arbitrary<SetClause[]> = fc.array(
  fc.oneof(
    fc.record({ columns: nameArb.map((n) => [n]), expr: exprArb }),
    fc.record({ columns: fc.array(nameArb, { minLength: 2, maxLength: 2 }), expr: fc.tuple(exprArb, exprArb).map(([a, b]): Expr => ({ type: 'vector', exprs: [a, b], offset: 0 })) }),
  ),
  { minLength: 1, maxLength: 2 },
);
const limitArb = opt(fc.record({ limit: exprArb, offset: opt(exprArb, { nil: null }) }), { nil: null, freq: 3 });
const withArb = opt(fc.record({ recursive: fc.boolean(), ctes: fc.array(fc.record({ name: nameArb, columns: fc.constant(null), materialized: fc.constant(null), select: selectArb, offset: fc.constant(0) }), { minLength: 1, maxLength: 1 }) }), { nil: null, freq: 5 });

/** A SELECT whose last core is not a plain FROM … without WHERE (SQLite reads ON there as a join's). */
const insertSource: fc.Arbitrary<Select> = selectArb.filter((s) => {
  const last = s.compounds.length > 0 ? s.compounds[s.compounds.length - 1].select : s.first;
  return !(last.type === 'select-core' && last.from !== null && last.where === null && last.groupBy.length === 0 &&
    last.windows.length === 0 && s.orderBy.length === 0 && s.limit === null);
});
const upsertArb: fc.Arbitrary<UpsertClause[]> = fc.array(
  fc.record({
    target: opt(fc.record({ columns: orderingArb, where: opt(exprArb, { nil: null }) }), { nil: null }),
    action: fc.oneof(
      fc.constant<UpsertClause['action']>({ type: 'nothing' }),
      fc.record({ set: setArb, where: opt(exprArb, { nil: null }) }).map((x): UpsertClause['action'] => ({ type: 'update', ...x })),
    ),
  }),
  { maxLength: 2 },
).map((list) => {
  const end = list.findIndex((u) => u.target === null);
  return end < 0 ? list : list.slice(0, end + 1);
});

const fkArb: fc.Arbitrary<ForeignKeyClause> = fc.record({
  table: nameArb,
  columns: opt(namesArb, { nil: null }),
  onDelete: fc.constantFrom(null, 'SET NULL', 'SET DEFAULT', 'CASCADE', 'RESTRICT', 'NO ACTION' as const),
  onUpdate: fc.constantFrom(null, 'CASCADE' as const),
  match: opt(nameArb, { nil: null, freq: 4 }),
  deferrable: opt(fc.record({ not: fc.boolean(), initially: fc.constantFrom(null, 'DEFERRED', 'IMMEDIATE' as const) }), { nil: null }),
});
const cname = opt(nameArb, { nil: null, freq: 4 });
const defaultArb: fc.Arbitrary<ColumnConstraint> = fc.tuple(cname, fc.oneof(
  fc.constantFrom<Expr>({ type: 'null', offset: 0 }, { type: 'integer', text: '1', offset: 0 }, { type: 'real', text: '1.5', offset: 0 },
    { type: 'string', value: 's', offset: 0 }, { type: 'blob', hex: '00', offset: 0 }, { type: 'boolean', value: true, offset: 0 },
    { type: 'current-time', which: 'CURRENT_DATE', offset: 0 }, { type: 'unary', op: '-', operand: { type: 'integer', text: '5', offset: 0 }, offset: 0 }),
  exprArb.filter((x) => x.type !== 'null' && x.type !== 'integer' && x.type !== 'real' && x.type !== 'string' && x.type !== 'blob' && x.type !== 'current-time' && !(x.type === 'unary' && x.op === '-')),
)).map(([name, expr]) => ({ type: 'default', name, expr, span: '' }));
const columnConstraintArb: fc.Arbitrary<ColumnConstraint> = fc.oneof(
  fc.record({ type: fc.constant('primary-key' as const), name: cname, direction: fc.constantFrom(null, 'ASC', 'DESC' as const), onConflict: conflictArb, autoincrement: fc.boolean() }),
  fc.record({ type: fc.constant('not-null' as const), name: cname, onConflict: conflictArb }),
  fc.record({ type: fc.constant('null' as const), name: cname, onConflict: conflictArb }),
  fc.record({ type: fc.constant('unique' as const), name: cname, onConflict: conflictArb }),
  fc.record({ type: fc.constant('check' as const), name: cname, expr: exprArb }),
  defaultArb,
  fc.record({ type: fc.constant('collate' as const), name: cname, collation: nameArb }),
  fc.record({ type: fc.constant('references' as const), name: cname, foreignKey: fkArb.map((fk) => ({ ...fk, deferrable: null })) }),
  fc.record({ type: fc.constant('generated' as const), name: cname, expr: exprArb, storage: fc.constantFrom(null, 'STORED', 'VIRTUAL' as const) }),
);
const columnDefArb: fc.Arbitrary<ColumnDefinition> = fc.record({
  name: nameArb,
  type: opt(fc.constantFrom(...TYPE_NAMES), { nil: null }),
  // `CONSTRAINT name` names every later constraint of the column (as in SQLite): an unnamed
  // constraint after a named one carries that name.
  constraints: fc.array(columnConstraintArb, { maxLength: 3 }).map((list) => {
    let name: string | null = null;
    return list.map((k) => {
      name = k.name ?? name;
      return { ...k, name };
    });
  }),
  offset: fc.constant(0),
});
const tableConstraintArb: fc.Arbitrary<TableConstraint> = fc.oneof(
  fc.record({ type: fc.constant('primary-key' as const), name: cname, columns: orderingArb, autoincrement: fc.boolean(), onConflict: conflictArb }),
  fc.record({ type: fc.constant('unique' as const), name: cname, columns: orderingArb, onConflict: conflictArb }),
  fc.record({ type: fc.constant('check' as const), name: cname, expr: exprArb, onConflict: conflictArb }),
  fc.record({ type: fc.constant('foreign-key' as const), name: cname, columns: namesArb, foreignKey: fkArb }),
);

const base = { offset: 0, end: 0 };
/** Statements a trigger body may hold. */
const triggerStepArb: fc.Arbitrary<TriggerStep> = fc.oneof(
  fc.record({ or: conflictArb, table: qualifiedArb.map((q) => ({ ...q, schema: null })), columns: opt(namesArb, { nil: null }), select: insertSource, upsert: upsertArb })
    .map((x): TriggerStep => ({ type: 'insert', with: null, alias: null, returning: null, ...x, ...base })),
  fc.record({ or: conflictArb, table: qualifiedArb.map((q) => ({ ...q, schema: null })), set: setArb, where: opt(exprArb, { nil: null }) })
    .map((x): TriggerStep => ({ type: 'update', with: null, alias: null, indexedBy: null, notIndexed: false, from: null, returning: null, orderBy: [], limit: null, ...x, ...base })),
  fc.record({ table: qualifiedArb.map((q) => ({ ...q, schema: null })), where: opt(exprArb, { nil: null }) })
    .map((x): TriggerStep => ({ type: 'delete', with: null, alias: null, indexedBy: null, notIndexed: false, returning: null, orderBy: [], limit: null, ...x, ...base })),
  selectArb,
);

/** Any statement. */
export const statementArb: fc.Arbitrary<Statement> = fc.oneof(
  { arbitrary: selectArb, weight: 4 },
  fc.record({ with: withArb, or: conflictArb, table: qualifiedArb, alias: opt(nameArb, { nil: null }), columns: opt(namesArb, { nil: null }), source: opt(insertSource, { nil: null, freq: 5 }), upsert: upsertArb, returning: opt(resultsArb, { nil: null }) })
    .map(({ source, upsert, ...x }): Statement => ({ type: 'insert', ...x, select: source, upsert: source === null ? [] : upsert, ...base })),
  fc.record({ with: withArb, or: conflictArb, table: qualifiedArb, alias: opt(nameArb, { nil: null }), hint: fc.constantFrom<null | string | true>(null, 'i1', true), set: setArb, from: opt(fromArb, { nil: null, freq: 3 }), where: opt(exprArb, { nil: null }), returning: opt(resultsArb, { nil: null }), orderBy: fc.oneof(fc.constant<OrderingTerm[]>([]), orderingArb), limit: limitArb })
    .map(({ hint, ...x }): Statement => ({ type: 'update', ...x, indexedBy: typeof hint === 'string' ? hint : null, notIndexed: hint === true, ...base })),
  fc.record({ with: withArb, table: qualifiedArb, alias: opt(nameArb, { nil: null }), hint: fc.constantFrom<null | string | true>(null, 'i1', true), where: opt(exprArb, { nil: null }), returning: opt(resultsArb, { nil: null }), orderBy: fc.oneof(fc.constant<OrderingTerm[]>([]), orderingArb), limit: limitArb })
    .map(({ hint, ...x }): Statement => ({ type: 'delete', ...x, indexedBy: typeof hint === 'string' ? hint : null, notIndexed: hint === true, ...base })),
  fc.record({ temp: fc.boolean(), ifNotExists: fc.boolean(), table: qualifiedArb, columns: fc.array(columnDefArb, { minLength: 1, maxLength: 3 }), constraints: fc.array(tableConstraintArb, { maxLength: 2 }), withoutRowid: fc.boolean(), strict: fc.boolean() })
    .map((x): Statement => ({ type: 'create-table', ...x, as: null, ...base })),
  fc.record({ temp: fc.boolean(), ifNotExists: fc.boolean(), table: qualifiedArb, as: selectArb })
    .map((x): Statement => ({ type: 'create-table', ...x, columns: [], constraints: [], withoutRowid: false, strict: false, ...base })),
  fc.record({ unique: fc.boolean(), ifNotExists: fc.boolean(), index: qualifiedArb, table: nameArb, columns: orderingArb, where: opt(exprArb, { nil: null }) })
    .map((x): Statement => ({ type: 'create-index', ...x, ...base })),
  fc.record({ temp: fc.boolean(), ifNotExists: fc.boolean(), view: qualifiedArb, columns: opt(namesArb, { nil: null }), select: selectArb })
    .map((x): Statement => ({ type: 'create-view', ...x, ...base })),
  fc.record({
    temp: fc.boolean(), ifNotExists: fc.boolean(), trigger: qualifiedArb, time: fc.constantFrom(null, 'BEFORE', 'AFTER', 'INSTEAD OF' as const),
    event: fc.constantFrom('DELETE', 'INSERT', 'UPDATE' as const), cols: opt(namesArb, { nil: null }), table: qualifiedArb,
    forEachRow: fc.boolean(), when: opt(exprArb, { nil: null }), body: fc.array(triggerStepArb, { minLength: 1, maxLength: 2 }),
  }).map(({ cols, ...x }): Statement => ({ type: 'create-trigger', ...x, columns: x.event === 'UPDATE' ? cols : null, ...base })),
  fc.record({ ifNotExists: fc.boolean(), table: qualifiedArb, module: nameArb, args: opt(fc.array(fc.constantFrom('a', 'b TEXT', 'tokenize = "porter"', 'f(g, h)'), { maxLength: 3 }), { nil: null }) })
    .map((x): Statement => ({ type: 'create-virtual-table', ...x, ...base })),
  fc.record({ what: fc.constantFrom('TABLE', 'INDEX', 'VIEW', 'TRIGGER' as const), ifExists: fc.boolean(), name: qualifiedArb })
    .map((x): Statement => ({ type: 'drop', ...x, ...base })),
  fc.record({
    table: qualifiedArb,
    action: fc.oneof(
      nameArb.map((to) => ({ type: 'rename-table' as const, to })),
      fc.record({ column: nameArb, to: nameArb }).map((x) => ({ type: 'rename-column' as const, ...x })),
      columnDefArb.map((column) => ({ type: 'add-column' as const, column })),
      nameArb.map((column) => ({ type: 'drop-column' as const, column })),
      fc.record({ column: nameArb, notNull: fc.boolean(), onConflict: conflictArb }).map((x) => ({ type: 'alter-column-not-null' as const, ...x, onConflict: x.notNull ? x.onConflict : null })),
      fc.record({ name: cname, expr: exprArb, onConflict: conflictArb }).map((x) => ({ type: 'add-check' as const, ...x })),
      nameArb.map((name) => ({ type: 'drop-constraint' as const, name })),
    ),
  }).map((x): Statement => ({ type: 'alter-table', ...x, ...base })),
  fc.constantFrom(null, 'DEFERRED', 'IMMEDIATE', 'EXCLUSIVE', 'CONCURRENT' as const).map((mode): Statement => ({ type: 'begin', mode, ...base })),
  fc.constant<Statement>({ type: 'commit', ...base }),
  opt(nameArb, { nil: null }).map((savepoint): Statement => ({ type: 'rollback', savepoint, ...base })),
  nameArb.map((name): Statement => ({ type: 'savepoint', name, ...base })),
  nameArb.map((name): Statement => ({ type: 'release', name, ...base })),
  fc.record({ pragma: qualifiedArb, value: opt(fc.constantFrom('1', '-2000', '1.5', 'WAL', 'ON', 'with space', "it's", ''), { nil: null }) })
    .map((x): Statement => ({ type: 'pragma', ...x, ...base })),
  fc.record({ file: exprArb, schema: exprArb, key: opt(exprArb, { nil: null }) }).map((x): Statement => ({ type: 'attach', ...x, ...base })),
  exprArb.map((schema): Statement => ({ type: 'detach', schema, ...base })),
  fc.record({ schema: opt(nameArb, { nil: null }), into: opt(exprArb, { nil: null }) }).map((x): Statement => ({ type: 'vacuum', ...x, ...base })),
  opt(qualifiedArb, { nil: null }).map((target): Statement => ({ type: 'analyze', target, ...base })),
  opt(qualifiedArb, { nil: null }).map((target): Statement => ({ type: 'reindex', target, ...base })),
);

/** A statement, sometimes under EXPLAIN [QUERY PLAN]. */
export const commandArb: fc.Arbitrary<Statement> = fc.tuple(statementArb, fc.constantFrom(null, false, true))
  .map(([statement, qp]) => (qp === null ? statement : { type: 'explain', queryPlan: qp, statement, ...base }));
