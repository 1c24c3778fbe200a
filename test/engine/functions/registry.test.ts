/**
 * The registry contract the VDBE codes against: importing registry.ts alone loads the library;
 * lookup is case-insensitive, prefers an exact arity over a variadic entry, and every built-in
 * SQLite 3.53 lists (pragma_function_list) outside JSON and extension loading is present with the
 * same kind (scalar / aggregate / window).
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { findFunction, functionExists } from '../../../src/engine/functions/registry.js';

describe('function registry', () => {
  it('finds functions case-insensitively, exact arity first, undefined when absent', () => {
    expect(findFunction('PrInTf', 3)?.kind).toBe('scalar');
    expect(findFunction('max', 1)?.kind).toBe('aggregate');
    expect(findFunction('max', 2)?.kind).toBe('scalar');
    expect(findFunction('substr', 4)).toBeUndefined();
    expect(findFunction('no_such_function', 1)).toBeUndefined();
    expect(functionExists('SUBSTR')).toBe(true);
    expect(functionExists('nope')).toBe(false);
  });

  it("covers SQLite 3.53's built-in function list", () => {
    const db = new Database(':memory:');
    const rows = db.prepare('SELECT name, narg, type FROM pragma_function_list WHERE builtin = 1').all() as { name: string; narg: number; type: string }[];
    const skipped = /^(json|jsonb|->|load_extension|sqlite_compileoption|sqlite_log)/;
    const missing: string[] = [];
    for (const r of rows) {
      if (skipped.test(r.name)) continue;
      const fn = findFunction(r.name, r.narg < 0 ? -r.narg - 1 : r.narg);
      const kind = r.type === 's' ? 'scalar' : 'aggregate';
      if (fn?.kind !== kind) missing.push(`${r.name}/${r.narg}`);
    }
    db.close();
    expect(missing).toEqual([]);
  });
});
