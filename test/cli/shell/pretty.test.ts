/**
 * The `table` mode (Turso's "pretty" table). Oracle: the tables printed in Turso's manual
 * (tursodatabase/turso docs/manual.md, the SELECT and CDC examples), reproduced here from the
 * same data. Property: whatever the values (wide CJK text, combining marks, newlines, every
 * storage class), every line of the drawing has the same display width and the rules line up.
 */
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { prettyRenderer } from '../../../src/cli/shell/render/pretty.js';
import { bytesToText } from '../../../src/cli/shell/render/value-text.js';
import type { ShellValue } from '../../../src/cli/shell/engine.js';
import { TIMEOUT, runs, runStrataShell } from './harness.js';

/** From Turso's manual: `SELECT * FROM t` over x = 1, 2, 3. */
const MANUAL_X = ['┌───┐', '│ x │', '├───┤', '│ 1 │', '├───┤', '│ 2 │', '├───┤', '│ 3 │', '└───┘', ''].join('\n');

/** From Turso's manual, the CDC example's first three rows (same columns and values). */
const MANUAL_CDC = [
  '┌───────────┬─────────────┬─────────────┬───────────────┬────┬───────────────┐',
  '│ change_id │ change_time │ change_type │ table_name    │ id │ change_txn_id │',
  '├───────────┼─────────────┼─────────────┼───────────────┼────┼───────────────┤',
  '│         1 │  1783939853 │           1 │ sqlite_schema │  5 │             1 │',
  '├───────────┼─────────────┼─────────────┼───────────────┼────┼───────────────┤',
  '│         2 │  1783939853 │           2 │               │    │             1 │',
  '├───────────┼─────────────┼─────────────┼───────────────┼────┼───────────────┤',
  '│         8 │  1783939853 │          -1 │ users         │  2 │             8 │',
  '└───────────┴─────────────┴─────────────┴───────────────┴────┴───────────────┘',
  '',
].join('\n');

describe('table mode (Turso pretty)', () => {
  it("draws the Turso manual's examples", async () => {
    const x = await runStrataShell('CREATE TABLE t(x);\nINSERT INTO t VALUES (1), (2), (3);\nSELECT * FROM t;\n', { mode: 'table' });
    expect(x.stdout.toString('utf8')).toBe(MANUAL_X);
    const cdc = await runStrataShell(
      `SELECT column1 AS change_id, column2 AS change_time, column3 AS change_type, column4 AS table_name, column5 AS id, column6 AS change_txn_id
       FROM (VALUES (1, 1783939853, 1, 'sqlite_schema', 5, 1), (2, 1783939853, 2, NULL, NULL, 1), (8, 1783939853, -1, 'users', 2, 8));\n`,
      { mode: 'table' },
    );
    expect(cdc.stdout.toString('utf8')).toBe(MANUAL_CDC);
  });

  it('`pretty` is the same drawing; an empty result prints nothing', async () => {
    const a = await runStrataShell('SELECT 1 AS a, 2.5 AS b;\nSELECT 1 WHERE 0;\n', { mode: 'pretty' });
    const b = await runStrataShell('SELECT 1 AS a, 2.5 AS b;\n', { mode: 'table' });
    expect(a.stdout.equals(b.stdout)).toBe(true);
  });

  it('keeps every line the same display width (generated values, seeded)', { timeout: TIMEOUT }, () => {
    const value: fc.Arbitrary<ShellValue> = fc.oneof(
      fc.constant(null),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.double({ noNaN: true }),
      fc.constantFrom('日本語', 'é', 'e\u0301', '한국어 텍스트', 'a\nbb\nccc', '', 'plain', '👍'),
      fc.string({ maxLength: 6 }).filter((s) => !/[\p{C}]/u.test(s)),
    );
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 }), (rows) => {
        let out = '';
        const r = prettyRenderer(['a', '名前', 'c'], { headers: true, nullValue: '', colSep: '|', rowSep: '\n' }, (b) => (out += b));
        rows.forEach((row) => r.row(row));
        r.end();
        const lines = bytesToText(out).split('\n').slice(0, -1);
        const widths = new Set(lines.map((l) => stringWidth(l)));
        expect(widths.size).toBe(1);
        // Every vertical rule sits at the same display column on every line.
        const columns = (l: string): number[] => {
          const at: number[] = [];
          let w = 0;
          for (const ch of l) {
            if ('│├┼┤┌┬┐└┴┘'.includes(ch)) at.push(w);
            w += stringWidth(ch);
          }
          return at;
        };
        const first = columns(lines[0]);
        for (const l of lines) expect(columns(l)).toEqual(first);
      }),
      runs(99, 100, 5000),
    );
  });
});

describe('table mode settings', () => {
  it('prints the .nullvalue text (UTF-8) for NULL, left-aligned', async () => {
    const r = await runStrataShell('.nullvalue ∅\nSELECT NULL AS n, 10 AS i;\n', { mode: 'table' });
    expect(r.stdout.toString('utf8')).toContain('│ ∅ │ 10 │');
  });
});
