/**
 * Finding the name tokens ALTER TABLE … RENAME edits in a stored CREATE statement (SQLite's
 * RenameToken lists, alter.c): the statement is parsed again and its names resolved, and each
 * token that refers to the renamed table or column is reported by its offset.
 *
 * What refers to table T (RENAME TO):
 * - the name after CREATE TABLE (T's own statement), `REFERENCES T` in any table;
 * - `ON T` of an index or trigger, a FROM item naming T (not a CTE), the target of INSERT /
 *   UPDATE / DELETE in a trigger;
 * - the qualifier of `T.c` when it resolves to an unaliased FROM item of T (or to T in its own
 *   CHECK constraints and index WHERE clauses).
 *
 * What refers to column C of table T (RENAME COLUMN):
 * - the column definition in T's statement, column references in its CHECK, generated and
 *   PRIMARY KEY / UNIQUE terms, `FOREIGN KEY (C)`; `REFERENCES T(C)` in any table;
 * - index terms and WHERE of an index on T;
 * - a column reference that resolves to T.C (unqualified: the innermost FROM item having the
 *   column; qualified: the item so named); `new.C` / `old.C` in a trigger on T;
 * - in a trigger, INSERT column lists, UPDATE SET targets and upsert SET targets of statements
 *   writing T, and `UPDATE OF C` of a trigger on T.
 *
 * Resolution is name-based: an unqualified name that matches a result column alias in ORDER BY is
 * the alias; a name no item has is left alone (SQLite would report it as an error).
 *
 * @module
 */
import type {
  ColumnRef, CreateTableStatement, Expr, FromClause, ResultColumn, Select, SelectCore, Statement, TriggerStep,
} from '../parser/ast.js';
import { Lexer, TK, type Token } from '../parser/index.js';
import type { Schema, Table } from '../schema/types.js';

/** What is being renamed: a table (`column` null) or one of its columns. Names lower-case. */
export interface RenameTarget {
  table: string;
  column: string | null;
}

/** One FROM item as name resolution sees it. */
interface Item {
  /** Visible name (alias, else table name), lower-case. */
  name: string;
  aliased: boolean;
  /** The schema table it reads, or null (subquery, CTE, view, table function). */
  table: Table | null;
  /** Column names, lower-case; null when unknown. */
  columns: string[] | null;
}

type Scopes = Item[][];

const lower = (s: string): string => s.toLowerCase();

const ROWID_NAMES = new Set(['rowid', 'oid', '_rowid_']);

/** The tokens of `sql` from `offset` on (`n` of them). */
function tokensFrom(sql: string, offset: number, n: number): Token[] {
  const lx = new Lexer(sql, offset);
  const out: Token[] = [];
  for (let i = 0; i < n; i++) out.push(lx.next());
  return out;
}

/** Name tokens inside the parenthesized list that starts at or after token `from` (exclusive). */
function parenNames(sql: string, from: number): Token[] {
  const lx = new Lexer(sql, from);
  let t = lx.next();
  if (t.kind !== TK.LP) return [];
  const out: Token[] = [];
  let depth = 1;
  for (t = lx.next(); t.kind !== TK.EOF && depth > 0; t = lx.next()) {
    if (t.kind === TK.LP) depth++;
    else if (t.kind === TK.RP) depth--;
    else if (depth === 1 && t.kind !== TK.COMMA) out.push(t);
  }
  return out;
}

/** The name a name token stands for (quotes removed, doubled quotes undoubled). */
export function dequoteToken(t: Token): string {
  const q = t.text[0];
  if (q === '"' || q === "'" || q === '`') return t.text.slice(1, -1).split(q + q).join(q);
  if (q === '[') return t.text.slice(1, -1);
  return t.text;
}

/** Collects the offsets of the name tokens of one statement that refer to the target. */
export class RefFinder {
  readonly hits = new Set<number>();
  /** Column references that resolve to nothing, as SQLite names them in "no such column: …". */
  readonly unresolved: string[] = [];
  private triggerTable: Table | null = null;
  private readonly ctes: Set<string>[] = [];

  /**
   * `exprOnly`: report only references SQLite resolves as expressions (what DROP COLUMN checks),
   * not the name lists of INSERT, UPDATE SET, UPDATE OF, FOREIGN KEY and REFERENCES.
   */
  constructor(private readonly sql: string, private readonly schema: Schema, private readonly target: RenameTarget, private readonly exprOnly = false) {}

  private isTarget(t: Table | null): boolean {
    return t !== null && lower(t.name) === this.target.table;
  }

  /** Offsets for one stored statement. */
  statement(st: Statement): void {
    switch (st.type) {
      case 'create-table':
        return this.createTable(st);
      case 'create-index': {
        const t = this.schema.tables.get(lower(st.table)) ?? null;
        if (this.target.column === null) {
          if (lower(st.table) === this.target.table) this.hits.add(this.onToken(st.index.offset));
        }
        const scopes: Scopes = [[this.itemOf(t, st.table, null)]];
        for (const term of st.columns) this.expr(term.expr, scopes);
        if (st.where) this.expr(st.where, scopes);
        return;
      }
      case 'create-view':
        return this.select(st.select, []);
      case 'create-trigger': {
        const t = this.schema.tables.get(lower(st.table.name)) ?? null;
        this.triggerTable = t;
        if (this.target.column === null && lower(st.table.name) === this.target.table) this.hits.add(st.table.offset);
        if (this.target.column !== null && this.isTarget(t) && st.columns) this.listHits(this.updateOfNames(st.trigger.offset));
        if (st.when) this.expr(st.when, []);
        for (const step of st.body) this.step(step);
        this.triggerTable = null;
        return;
      }
      default:
        return;
    }
  }

  /** The token after `ON` in a CREATE INDEX (which starts at the index name `from`). */
  private onToken(from: number): number {
    const lx = new Lexer(this.sql, from);
    for (let t = lx.next(); t.kind !== TK.EOF; t = lx.next()) if (t.kind === TK.ON) return lx.next().offset;
    throw new Error('no ON in CREATE INDEX');
  }

  /** Name tokens of `UPDATE OF a, b ON` in a trigger whose name starts at `from`. */
  private updateOfNames(from: number): Token[] {
    const lx = new Lexer(this.sql, from);
    let t = lx.next();
    while (t.kind !== TK.EOF && t.kind !== TK.OF) t = lx.next();
    const out: Token[] = [];
    for (t = lx.next(); t.kind !== TK.EOF && t.kind !== TK.ON; t = lx.next()) if (t.kind !== TK.COMMA) out.push(t);
    return out;
  }

  private listHits(toks: Token[]): void {
    if (this.exprOnly) return;
    for (const t of toks) if (lower(dequoteToken(t)) === this.target.column) this.hits.add(t.offset);
  }

  private createTable(st: CreateTableStatement): void {
    const own = lower(st.table.name) === this.target.table;
    const t = this.schema.tables.get(lower(st.table.name)) ?? null;
    const self: Item = { name: lower(st.table.name), aliased: false, table: t, columns: st.columns.map((c) => lower(c.name)) };
    if (own && this.target.column === null) this.hits.add(st.table.offset);
    if (own && this.target.column !== null) {
      st.columns.forEach((c) => {
        if (lower(c.name) === this.target.column) this.hits.add(c.offset);
      });
    }
    if (own) {
      const scopes: Scopes = [[self]];
      for (const c of st.columns) {
        for (const k of c.constraints) if (k.type === 'check' || k.type === 'generated') this.expr(k.expr, scopes);
      }
      for (const k of st.constraints) {
        if (k.type === 'check') this.expr(k.expr, scopes);
        else if ((k.type === 'primary-key' || k.type === 'unique') && this.target.column !== null) for (const term of k.columns) this.expr(term.expr, scopes);
      }
    }
    this.foreignKeys(own);
  }

  /** FOREIGN KEY (cols) and REFERENCES parent [(cols)] clauses, found by their tokens. */
  private foreignKeys(own: boolean): void {
    const lx = new Lexer(this.sql);
    let prev: Token | null = null;
    for (let t = lx.next(); t.kind !== TK.EOF; prev = t, t = lx.next()) {
      if (t.kind === TK.LP && prev?.kind === TK.KEY && own && this.target.column !== null) {
        this.listHits(parenNames(this.sql, t.offset));
      }
      if (t.kind !== TK.REFERENCES) continue;
      const parent = lx.next();
      if (lower(dequoteToken(parent)) !== this.target.table) continue;
      if (this.target.column === null) this.hits.add(parent.offset);
      else this.listHits(parenNames(this.sql, parent.end));
    }
  }

  private itemOf(table: Table | null, name: string, alias: string | null): Item {
    return { name: lower(alias ?? name), aliased: alias !== null, table, columns: table ? table.columns.map((c) => lower(c.name)) : null };
  }

  private step(step: TriggerStep): void {
    if (step.type === 'select') return this.select(step, []);
    const t = this.schema.tables.get(lower(step.table.name)) ?? null;
    const isT = this.isTarget(t);
    if (this.target.column === null && lower(step.table.name) === this.target.table) this.hits.add(step.table.offset);
    const item = this.itemOf(t, step.table.name, step.alias);
    if (step.type === 'insert') {
      if (isT && this.target.column !== null && step.columns) this.listHits(this.insertColumnNames(step.table.offset));
      if (step.select) this.select(step.select, []);
      for (const u of step.upsert) {
        const scopes: Scopes = [[item]];
        if (u.target) {
          for (const term of u.target.columns) this.expr(term.expr, scopes);
          if (u.target.where) this.expr(u.target.where, scopes);
        }
        if (u.action.type === 'update') {
          const ex: Item = { ...item, name: 'excluded', aliased: true };
          const s2: Scopes = [[item, ex]];
          if (isT) for (const set of u.action.set) this.setTargets(set.expr);
          for (const set of u.action.set) this.expr(set.expr, s2);
          if (u.action.where) this.expr(u.action.where, s2);
        }
      }
      return;
    }
    const items: Item[] = [item];
    if (step.type === 'update' && step.from) items.push(...this.from(step.from, []));
    const scopes: Scopes = [items];
    if (step.type === 'update') {
      if (isT) for (const set of step.set) this.setTargets(set.expr);
      for (const set of step.set) this.expr(set.expr, scopes);
    }
    if (step.where) this.expr(step.where, scopes);
  }

  /** The column names of `INSERT INTO t [AS a] (cols)` whose table name is at `from`. */
  private insertColumnNames(from: number): Token[] {
    const toks = tokensFrom(this.sql, from, 4);
    let at = toks[0].end;
    if (toks[1].kind === TK.AS) at = toks[2].end;
    return parenNames(this.sql, at);
  }

  /** SET targets before the expression at `e.offset`: `c =` or `(c1, c2) =`. */
  private setTargets(e: Expr): void {
    const lx = new Lexer(this.sql, 0);
    const before: Token[] = [];
    for (let t = lx.next(); t.kind !== TK.EOF && t.offset < e.offset; t = lx.next()) before.push(t);
    let i = before.length - 1;
    if (i >= 0 && before[i].kind === TK.EQ) i--;
    if (i >= 0 && before[i].kind === TK.RP) {
      for (i--; i >= 0 && before[i].kind !== TK.LP; i--) if (before[i].kind !== TK.COMMA) this.listHits([before[i]]);
    } else if (i >= 0) this.listHits([before[i]]);
  }

  private from(from: FromClause, outer: Scopes): Item[] {
    const items: Item[] = [];
    for (const fi of from.items) {
      const s = fi.source;
      if (s.type === 'table') {
        const n = lower(s.name.name);
        const isCte = this.ctes.some((c) => c.has(n));
        const t = isCte ? null : this.schema.tables.get(n) ?? null;
        if (this.target.column === null && !isCte && n === this.target.table) this.hits.add(s.name.offset);
        const view = isCte || t ? null : this.schema.views.get(n);
        const item = this.itemOf(t, s.name.name, fi.alias);
        if (view) item.columns = view.columns ? view.columns.map(lower) : this.selectColumns(view.select);
        items.push(item);
      } else if (s.type === 'subquery') {
        this.select(s.select, outer);
        items.push({ name: lower(fi.alias ?? ''), aliased: true, table: null, columns: this.selectColumns(s.select) });
      } else if (s.type === 'join-group') {
        items.push(...this.from(s.from, outer));
      } else {
        for (const a of s.args) this.expr(a, outer);
        items.push({ name: lower(fi.alias ?? s.name.name), aliased: true, table: null, columns: null });
      }
    }
    const scopes = [...outer, items];
    for (const fi of from.items) if (fi.on) this.expr(fi.on, scopes);
    return items;
  }

  /** Approximate result column names of a select (for a subquery or view in FROM). */
  private selectColumns(s: Select): string[] | null {
    const core = s.first;
    if (core.type === 'values') return core.rows[0].map((_, i) => `column${i + 1}`);
    const out: string[] = [];
    for (const rc of core.columns) {
      if (rc.type !== 'expr') return null;
      out.push(lower(rc.alias ?? (rc.expr.type === 'column' ? rc.expr.name : rc.span)));
    }
    return out;
  }

  select(s: Select, outer: Scopes): void {
    if (s.with) this.ctes.push(new Set(s.with.ctes.map((c) => lower(c.name))));
    try {
      if (s.with) for (const c of s.with.ctes) this.select(c.select, outer);
      const cores: SelectCore[] = [s.first, ...s.compounds.map((c) => c.select)];
      let firstScopes: Scopes = outer;
      cores.forEach((core, i) => {
        const sc = this.core(core, outer);
        if (i === 0) firstScopes = sc;
      });
      const aliases = new Set<string>();
      if (s.first.type === 'select-core') for (const rc of s.first.columns) if (rc.type === 'expr' && rc.alias) aliases.add(lower(rc.alias));
      for (const o of s.orderBy) {
        if (o.expr.type === 'column' && o.expr.table === null && aliases.has(lower(o.expr.name))) continue;
        this.expr(o.expr, cores.length === 1 ? firstScopes : outer);
      }
      if (s.limit) {
        this.expr(s.limit.limit, outer);
        if (s.limit.offset) this.expr(s.limit.offset, outer);
      }
    } finally {
      if (s.with) this.ctes.pop();
    }
  }

  private core(core: SelectCore, outer: Scopes): Scopes {
    if (core.type === 'values') {
      for (const row of core.rows) for (const e of row) this.expr(e, outer);
      return outer;
    }
    const items = core.from ? this.from(core.from, outer) : [];
    const scopes = [...outer, items];
    for (const rc of core.columns as ResultColumn[]) if (rc.type === 'expr') this.expr(rc.expr, scopes);
    if (core.where) this.expr(core.where, scopes);
    for (const g of core.groupBy) this.expr(g, scopes);
    if (core.having) this.expr(core.having, scopes);
    for (const w of core.windows) {
      for (const p of w.window.partitionBy) this.expr(p, scopes);
      for (const o of w.window.orderBy) this.expr(o.expr, scopes);
    }
    return scopes;
  }

  private expr(e: Expr, scopes: Scopes): void {
    switch (e.type) {
      case 'column':
        return this.column(e, scopes);
      case 'unary':
        return this.expr(e.operand, scopes);
      case 'binary':
        this.expr(e.left, scopes);
        return this.expr(e.right, scopes);
      case 'like':
        this.expr(e.left, scopes);
        this.expr(e.right, scopes);
        if (e.escape) this.expr(e.escape, scopes);
        return;
      case 'between':
        this.expr(e.expr, scopes);
        this.expr(e.low, scopes);
        return this.expr(e.high, scopes);
      case 'in-list':
        this.expr(e.expr, scopes);
        for (const x of e.list) this.expr(x, scopes);
        return;
      case 'in-select':
        this.expr(e.expr, scopes);
        return this.select(e.select, scopes);
      case 'in-table':
        this.expr(e.expr, scopes);
        if (this.target.column === null && e.table.name.toLowerCase() === this.target.table) this.hits.add(e.table.offset);
        return;
      case 'null-test':
      case 'collate':
      case 'cast':
        return this.expr(e.expr, scopes);
      case 'case':
        if (e.operand) this.expr(e.operand, scopes);
        for (const w of e.whens) {
          this.expr(w.when, scopes);
          this.expr(w.then, scopes);
        }
        if (e.else) this.expr(e.else, scopes);
        return;
      case 'function':
        for (const a of e.args) this.expr(a, scopes);
        for (const o of e.orderBy) this.expr(o.expr, scopes);
        if (e.filter) this.expr(e.filter, scopes);
        if (e.over && typeof e.over !== 'string') {
          for (const p of e.over.partitionBy) this.expr(p, scopes);
          for (const o of e.over.orderBy) this.expr(o.expr, scopes);
        }
        return;
      case 'exists':
      case 'subquery':
        return this.select(e.select, scopes);
      case 'vector':
        for (const x of e.exprs) this.expr(x, scopes);
        return;
      case 'raise':
        if (e.message) this.expr(e.message, scopes);
        return;
      default:
        return;
    }
  }

  /** The offsets of a column reference's qualifier and name tokens. */
  private refTokens(c: ColumnRef): { qualifier: number; name: number } {
    if (c.table === null) return { qualifier: -1, name: c.offset };
    const toks = tokensFrom(this.sql, c.offset, 5);
    return c.schema === null ? { qualifier: toks[0].offset, name: toks[2].offset } : { qualifier: toks[2].offset, name: toks[4].offset };
  }

  private column(c: ColumnRef, scopes: Scopes): void {
    const col = lower(c.name);
    const isRowid = ROWID_NAMES.has(col);
    if (c.table !== null) {
      const q = lower(c.table);
      let item: Item | null = null;
      for (let i = scopes.length - 1; i >= 0 && !item; i--) item = scopes[i].find((it) => it.name === q) ?? null;
      let table = item?.table ?? null;
      if (!item && this.triggerTable && (q === 'new' || q === 'old')) table = this.triggerTable;
      const columns = item ? item.columns : table ? table.columns.map((x) => lower(x.name)) : null;
      if (!item && !table) this.unresolved.push(`${c.table}.${c.name}`);
      else if (columns && !columns.includes(col) && !(isRowid && table)) this.unresolved.push(`${c.table}.${c.name}`);
      if (!this.isTarget(table)) return;
      const tk = this.refTokens(c);
      if (this.target.column === null) {
        if (item && !item.aliased) this.hits.add(tk.qualifier);
      } else if (col === this.target.column) this.hits.add(tk.name);
      return;
    }
    for (let i = scopes.length - 1; i >= 0; i--) {
      const item = scopes[i].find((it) => it.columns?.includes(col));
      if (item) {
        if (this.target.column !== null && this.isTarget(item.table) && col === this.target.column) this.hits.add(c.offset);
        return;
      }
    }
    const open = scopes.some((level) => level.some((it) => it.columns === null || (isRowid && it.table)));
    if (!open && col !== 'true' && col !== 'false') this.unresolved.push(c.name);
  }
}

/**
 * The first column reference of stored statement `st` (a trigger, or a CREATE TABLE's CHECK and
 * generated expressions) that resolves to nothing, in the order SQLite resolves them (a trigger's
 * WHEN, then each step), or null.
 */
export function firstUnresolved(sql: string, st: Statement, schema: Schema): string | null {
  // A CREATE TABLE is walked as the target table, so that its CHECK and generated expressions are.
  const f = new RefFinder(sql, schema, { table: st.type === 'create-table' ? lower(st.table.name) : '', column: null });
  f.statement(st);
  return f.unresolved[0] ?? null;
}

/** Offsets in `sql` (the stored text of `st`) of the names referring to `target` (see RefFinder). */
export function findRefs(sql: string, st: Statement, schema: Schema, target: RenameTarget, exprOnly = false): number[] {
  const f = new RefFinder(sql, schema, target, exprOnly);
  f.statement(st);
  return [...f.hits];
}

