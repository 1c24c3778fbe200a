/**
 * EXPLAIN and EXPLAIN QUERY PLAN read like SQLite's (better-sqlite3, SQLite 3.53, as the oracle):
 * the program of `SELECT 'hello, world'` is SQLite's instruction for instruction; a two-table join
 * through an index has SQLite's query plan and program frame; the text table has the layout of
 * Turso's shell.
 */
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';
import { formatExplain, formatQueryPlan } from '../../../src/engine/vdbe/explain.js';
import { parseStatement } from '../../../src/engine/parser/index.js';
import { translate } from '../../../src/engine/translate/index.js';
import { buildSchema } from '../../../src/engine/schema/build.js';
import { corpusPath } from '../../support/repo-corpus.js';

type Row = [number, string, number, number, number, string | null, number];

function explain(db: { prepare(sql: string): { raw(b: boolean): { all(): unknown[] } } }, sql: string): Row[] {
  return (db.prepare(`EXPLAIN ${sql}`).raw(true).all() as unknown[][]).map((r) => [r[0], r[1], r[2], r[3], r[4], r[5] === '' ? null : r[5], r[6]] as Row);
}

describe('EXPLAIN', () => {
  it("SELECT 'hello, world' is SQLite's program", () => {
    const oracle = new BetterSqlite3(':memory:');
    const db = new Database(':memory:');
    expect(explain(db, "SELECT 'hello, world'")).toEqual(explain(oracle, "SELECT 'hello, world'"));
  });

  it('a two-table join through an index has SQLite plan and program frame', () => {
    const sql = "SELECT e.name, c.name FROM elements e JOIN categories c ON c.id = e.category_id WHERE e.symbol = 'Fe'";
    const oracle = new BetterSqlite3(corpusPath('sample.db'), { readonly: true });
    const db = new Database(corpusPath('sample.db'), { readonly: true });
    const plan = (d: typeof db | typeof oracle): unknown[] => (d.prepare(`EXPLAIN QUERY PLAN ${sql}`).raw(true).all() as unknown[][]).map((r) => r[3]);
    expect(plan(db)).toEqual(plan(oracle));
    const mine = explain(db, sql);
    const theirs = explain(oracle, sql);
    const ops = (rows: Row[]): string[] => rows.map((r) => r[1]);
    // Frame: Init jumps to Transaction, which is followed by Goto 1; Halt ends the body.
    for (const rows of [mine, theirs]) {
      expect(rows[0][1]).toBe('Init');
      expect(rows[rows[0][3]][1]).toBe('Transaction');
      expect(rows[rows.length - 1].slice(1, 4)).toEqual(['Goto', 0, 1]);
      expect(rows[rows[0][3] - 1][1]).toBe('Halt');
    }
    // The same cursors on the same root pages, and the index probe and rowid lookup SQLite uses.
    const opens = (rows: Row[]): number[] => rows.filter((r) => r[1] === 'OpenRead').map((r) => r[3]).sort();
    expect(opens(mine)).toEqual(opens(theirs));
    for (const op of ['SeekGE', 'IdxGT', 'SeekRowid', 'ResultRow']) expect(ops(mine)).toContain(op);
    expect(ops(mine).filter((o) => o === 'Next')).toEqual(ops(theirs).filter((o) => o === 'Next'));
    expect(db.prepare(sql).raw(true).all()).toEqual(oracle.prepare(sql).raw(true).all());
  });

  it("prints Turso's table layout and SQLite's query-plan tree", () => {
    const schema = buildSchema([], 0);
    const program = translate(parseStatement("SELECT 'hello, world'"), schema);
    const lines = formatExplain(program).split('\n');
    expect(lines[0]).toBe('addr  opcode             p1    p2    p3    p4             p5  comment');
    expect(lines[1]).toBe('----  -----------------  ----  ----  ----  -------------  --  -------');
    expect(lines[2]).toBe('0     Init               0     4     0                    0   Start at 4');
    expect(lines[3]).toBe("1     String8            0     1     0     hello, world   0   r[1]='hello, world'");
    expect(formatQueryPlan(program)).toBe('QUERY PLAN\n`--SCAN CONSTANT ROW');
  });
});
