/**
 * Statement splitting (sqlite3_complete's state machine) and the shell's LIKE. Oracles: for the
 * splitter, the statements a generated script was built from (each piece must also prepare as
 * exactly one statement in better-sqlite3); for LIKE, SQLite's own `LIKE` via better-sqlite3.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { sqlLike } from '../../../src/cli/shell/like.js';
import { isComplete, splitStatements } from '../../../src/cli/shell/sql-complete.js';
import { TIMEOUT, runs } from './harness.js';

const db = new Database(':memory:');
db.exec('CREATE TABLE t(a, "b;c")');
afterAll(() => db.close());

const literal = fc.constantFrom("'a;b'", "'it''s;'", '"b;c"', '[b;c]', '`b;c`', "'--'", "'/*'", "x'00'", '1', 'NULL', "'end;'");
const comment = fc.constantFrom('', ' /* ; */ ', ' -- ;\n', '\n', '  ');
const statement = fc.oneof(
  fc.tuple(literal, comment, literal).map(([a, c, b]) => `SELECT ${a},${c}${b} FROM t;`),
  fc.tuple(literal, comment).map(([a, c]) => `SELECT * FROM t WHERE a =${c}${a};`),
  fc
    .tuple(fc.integer({ min: 0, max: 99999 }), literal, comment)
    .map(([n, a, c]) => `CREATE TEMP TRIGGER tr${n} AFTER INSERT ON t BEGIN\n  SELECT ${a} FROM t;${c}\n  SELECT 'end;';\nEND;`),
  fc.tuple(literal).map(([a]) => `EXPLAIN SELECT ${a} FROM t;`),
);

describe('splitStatements / isComplete', () => {
  it('cuts generated scripts back into the statements they were built from (seeded)', { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(statement, comment), { minLength: 1, maxLength: 6 }), (parts) => {
        const script = parts.map(([s, c]) => s + c).join('');
        const { statements, complete } = splitStatements(script);
        // A comment between two statements travels with the next one, as in sqlite3.
        const leading = /^(\s+|\/\*[^]*?\*\/|--[^\n]*\n)+/;
        expect(statements.map((s) => s.replace(leading, ''))).toEqual(parts.map(([s]) => s.trim()));
        expect(complete).toBe(true);
        for (const s of statements) expect(() => db.prepare(s)).not.toThrow();
      }),
      runs(5, 300, 20000),
    );
  });

  it('is incomplete inside strings, names, block comments, trigger bodies and without the final ;', () => {
    for (const s of ["SELECT 'a;", 'SELECT "a;', 'SELECT [a;', 'SELECT 1 /* ;', 'SELECT 1', 'CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1;', '']) {
      expect(isComplete(s), s).toBe(false);
    }
    for (const s of ['SELECT 1;', ';', 'SELECT 1; -- done', 'CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END;']) expect(isComplete(s), s).toBe(true);
  });
});

describe('sqlLike', () => {
  it('agrees with SQLite LIKE (seeded)', { timeout: TIMEOUT }, () => {
    const chars = fc.constantFrom('a', 'A', 'b', '%', '_', 'é', 'É', '.', '*', '\\', '日', 'z');
    const str = fc.array(chars, { maxLength: 6 }).map((a) => a.join(''));
    const like = db.prepare('SELECT ? LIKE ?').pluck();
    fc.assert(
      fc.property(str, str, (pattern, text) => {
        expect(sqlLike(pattern, text)).toBe(like.get(text, pattern) === 1);
      }),
      runs(11, 2000, 100000),
    );
  });
});
