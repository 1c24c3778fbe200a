/**
 * EXPLAIN QUERY PLAN as a list of detail lines, and the fixed-case comparison of plans and rows
 * that the planner tests run against better-sqlite3.
 * @module
 */
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { expect } from 'vitest';
import { Database } from '../../src/api/index.js';

/** A database with prepare(): Strata's Database or better-sqlite3's. */
export type PlanDb = { prepare(s: string): { all(): unknown[]; raw(on: boolean): { all(): unknown[] } } };

/** The detail column of `EXPLAIN QUERY PLAN q`, line by line. */
export function planOf(d: PlanDb, q: string): string[] {
  return d.prepare(`EXPLAIN QUERY PLAN ${q}`).all().map((r) => (r as { detail: string }).detail);
}

/** True for a "USE TEMP B-TREE FOR …" line. */
export function isTempLine(line: string): boolean {
  return line.startsWith('USE TEMP B-TREE');
}

/** Expects each of `queries` to give the same plan and the same rows in order on `db` as on `ref`. */
export function expectSamePlansAndRows(db: PlanDb, ref: PlanDb, queries: readonly string[]): void {
  for (const q of queries) {
    expect({ q, plan: planOf(db, q) }).toEqual({ q, plan: planOf(ref, q) });
    expect({ q, rows: db.prepare(q).raw(true).all() }).toEqual({ q, rows: ref.prepare(q).raw(true).all() });
  }
}

/** A better-sqlite3 and a Strata in-memory database, each after running `statements` in order. */
export function openPair(statements: readonly string[]): { ref: BetterSqlite3.Database; db: Database } {
  const ref = new BetterSqlite3(':memory:');
  const db = new Database(':memory:');
  for (const s of statements) {
    ref.exec(s);
    db.exec(s);
  }
  return { ref, db };
}

/**
 * Runs `setup` on a fresh better-sqlite3 and a fresh Strata database, expects {@link
 * expectSamePlansAndRows} of `queries`, and closes both.
 */
export function expectSamePlansAndRowsAfter(setup: readonly string[], queries: readonly string[]): void {
  const { ref, db } = openPair(setup);
  try {
    expectSamePlansAndRows(db, ref, queries);
  } finally {
    ref.close();
    db.close();
  }
}

/** Up to two indexes over one or two of `columns`, UNIQUE or not, no two on the same columns. */
export function indexSpecs(columns: readonly string[]): fc.Arbitrary<{ cols: string[]; unique: boolean }[]> {
  const column = fc.constantFrom(...columns);
  return fc.uniqueArray(fc.record({ cols: fc.uniqueArray(column, { minLength: 1, maxLength: 2 }), unique: fc.boolean() }), { maxLength: 2, selector: (ix) => ix.cols.join() });
}
