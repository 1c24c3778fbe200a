/**
 * The state of one translation: the program being written, the schema, the CTEs in view, and the
 * counters EXPLAIN QUERY PLAN numbers subqueries with.
 *
 * @module
 */
import { SqliteError } from '../../error.js';
import type { CommonTableExpression, RaiseExpr } from '../parser/ast.js';
import type { Schema } from '../schema/types.js';
import { ProgramBuilder } from '../vdbe/program.js';
import type { Scope } from './scope.js';

/** A CTE in view, with its recursion state while its recursive part is coded. */
export interface CteEntry {
  cte: CommonTableExpression;
  recursive: boolean;
  /** While coding the recursive step: the queue cursor holding the current row, and its columns. */
  current: { cursor: number; columns: { name: string; affinity: number; collation: string }[] } | null;
}

/** One translation. */
export class Ctx {
  readonly b = new ProgramBuilder();
  /** CTE scopes, innermost last. */
  readonly ctes: Map<string, CteEntry>[] = [];
  private subqueryNo = 0;
  /** EXPLAIN QUERY PLAN parent of the lines being added. */
  planParent = 0;
  /** True once the program writes (Transaction P2). */
  writes = false;
  /** Result column names of a DML statement with RETURNING (returning.ts); null otherwise. */
  resultColumns: string[] | null = null;

  /**
   * Literal operands loaded once, in the prologue after Transaction (SQLite's constant factoring,
   * sqlite3ExprCodeRunJustOnce; expr.ts operandReg): each literal's register, and the code loading
   * them that translate() emits before the prologue's Goto. Null: not collected (side translations,
   * whose programs never run whole).
   */
  constants: { regs: Map<string, number>; code: (() => void)[] } | null = null;

  /** Codes `RAISE(…)` while a trigger body is coded (trigger.ts); null elsewhere (RAISE is an error). */
  raise: ((scope: Scope, e: RaiseExpr, target: number) => void) | null = null;

  constructor(readonly schema: Schema) {}

  /** The next subquery number (EXPLAIN QUERY PLAN's "SCALAR SUBQUERY 1"). */
  nextSubquery(): number {
    return ++this.subqueryNo;
  }

  /** The CTE called `name` in view, innermost first. */
  findCte(name: string): CteEntry | undefined {
    const k = name.toLowerCase();
    for (let i = this.ctes.length - 1; i >= 0; i--) {
      const e = this.ctes[i].get(k);
      if (e) return e;
    }
    return undefined;
  }

  /** Adds an EXPLAIN QUERY PLAN line under the current parent; returns its id. */
  plan(detail: string): number {
    return this.b.planLine(this.planParent, detail);
  }

  /** Runs `fn` with plan lines nested under `id`. */
  nested<T>(id: number, fn: () => T): T {
    const saved = this.planParent;
    this.planParent = id;
    try {
      return fn();
    } finally {
      this.planParent = saved;
    }
  }
}

/** SQLITE_ERROR with SQLite's message. */
export function sqlError(message: string): SqliteError {
  return new SqliteError('SQLITE_ERROR', message);
}
