/**
 * Parameter numbering (`?`, `?N`, `:a`, `@a`, `$a`) against SQLite: for generated parameter
 * lists, we bind value `vI` to parameter number I as our parser numbers them (anonymous numbers
 * positionally, named ones by name, as better-sqlite3 binds) and SQLite must accept that binding
 * and return, for each parameter written in the SELECT, the value of the number we gave it.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runs } from './mode.js';
import { parseNext } from '../../../src/engine/parser/index.js';
import type { Expr } from '../../../src/engine/parser/index.js';

const db = new Database(':memory:');
afterAll(() => db.close());

/** Parameter tokens; no two named ones share a name after the prefix (better-sqlite3 binds by that). */
const PARAMS = ['?', '?', '?', '?1', '?2', '?4', ':a', ':b', '@c', '$d', ':a', '?2'] as const;

describe('parameter numbers agree with SQLite', () => {
  it('generated parameter lists', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PARAMS), { minLength: 1, maxLength: 8 }), (params) => {
        const sql = `SELECT ${params.join(', ')}`;
        const parsed = parseNext(sql);
        if (parsed === null || parsed.statement.type !== 'select' || parsed.statement.first.type !== 'select-core') throw new Error('no SELECT');
        const indexes = parsed.statement.first.columns.map((c) => (c.type === 'expr' ? (c.expr as Expr & { index: number }).index : -1));
        const positional: string[] = [];
        const named: Record<string, string> = {};
        parsed.parameters.forEach((name, i) => {
          // better-sqlite3 binds a parameter by name when SQLite reports one (`?N` included),
          // else positionally.
          if (name === null) positional.push(`v${i + 1}`);
          else named[name.slice(1)] = `v${i + 1}`;
        });
        const args: unknown[] = Object.keys(named).length > 0 ? [...positional, named] : positional;
        const row = db.prepare(sql).raw().get(...args);
        expect({ sql, row }).toEqual({ sql, row: indexes.map((i) => `v${i}`) });
      }),
      runs(500, 0x3a3a),
    );
  });

  it('out-of-range numbers fail as in SQLite', () => {
    for (const sql of ['SELECT ?0', 'SELECT ?32767', 'SELECT ?99999999999999999999', 'SELECT ?32766, ?']) {
      let sqlite: string | null = null;
      try {
        db.prepare(sql);
      } catch (e) {
        sqlite = (e as Error).message;
      }
      let ours: string | null = null;
      try {
        parseNext(sql);
      } catch (e) {
        ours = (e as Error).message;
      }
      expect({ sql, ours }).toEqual({ sql, ours: sqlite });
    }
  });
});
