/**
 * sqlite3's automatic EXPLAIN rendering (`.explain auto`, the default in sqlite3 3.40): whatever the
 * output mode, the rows of an `EXPLAIN` statement print as the opcode table and the rows of an
 * `EXPLAIN QUERY PLAN` statement as a tree.
 *
 * Opcode table (shell.c MODE_Explain): fixed widths per column, two spaces between columns, a wider
 * value widens only its own cell; the last column is not padded in rows. Loop bodies are indented
 * by two spaces per level in the opcode column (explain_data_prepare):
 *
 * | column  | addr | opcode | p1 | p2 | p3 | p4 | p5 | comment |
 * |---------|------|--------|----|----|----|----|----|---------|
 * | width   | 4    | 13     | 4  | 4  | 4  | 13 | 2  | 13      |
 *
 * - an opcode in {Next, Prev, VNext, VPrev, SorterNext, Return} with P2 > 0 indents rows P2 … itself−1
 *   (a Return ending a subroutine that loops, as a one-time IN list, counts as a loop);
 * - a Goto jumping back to P2 indents the same range when the row at P2 is one of {Yield, SeekLT,
 *   SeekGT, RowSetRead, Rewind} or the Goto's P1 is non-zero.
 *
 * Query-plan tree (shell.c eqp_render): `QUERY PLAN`, then each row under its parent, `|--` before
 * a row with later siblings and `` `-- `` before the last one, children prefixed by `|  ` or three
 * spaces. An empty result prints nothing.
 *
 * Widths count UTF-8 characters, as sqlite3 3.40 does.
 *
 * @module
 */
import type { ShellValue } from '../engine.js';
import { utf8CharCount } from './columnar.js';
import type { RendererFactory } from './types.js';
import { columnText } from './value-text.js';

/** What sqlite3_stmt_isexplain would say of a statement: 0 plain, 1 EXPLAIN, 2 EXPLAIN QUERY PLAN. */
export type ExplainKind = 0 | 1 | 2;

const WIDTHS = [4, 13, 4, 4, 4, 13, 2, 13];
const LOOP_BACK = new Set(['Next', 'Prev', 'VNext', 'VPrev', 'SorterNext', 'Return']);
const LOOP_HEAD = new Set(['Yield', 'SeekLT', 'SeekGT', 'RowSetRead', 'Rewind']);

/** Skips blanks and SQL comments from `i`; returns the next index. */
function skipBlank(sql: string, i: number): number {
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i])) i++;
    if (sql.startsWith('--', i)) {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else return i;
  }
}

function keywordAt(sql: string, i: number, word: string): boolean {
  return sql.slice(i, i + word.length).toLowerCase() === word && !/[\w$]/.test(sql[i + word.length] ?? '');
}

/**
 * The explain kind of one SQL statement, read from its leading keywords as SQLite's tokenizer sees
 * them (blanks and comments skipped): `EXPLAIN QUERY PLAN` → 2, `EXPLAIN` → 1, anything else 0.
 */
export function explainKind(sql: string): ExplainKind {
  let i = skipBlank(sql, 0);
  if (!keywordAt(sql, i, 'explain')) return 0;
  i = skipBlank(sql, i + 7);
  if (!keywordAt(sql, i, 'query')) return 1;
  i = skipBlank(sql, i + 5);
  return keywordAt(sql, i, 'plan') ? 2 : 1;
}

/**
 * True when sqlite3 3.40 draws an EXPLAIN statement's rows as the opcode table: 8 result columns
 * and the text, blanks skipped (comments are not), starting with "explain". Otherwise it falls back
 * to the current mode.
 */
export function usesOpcodeTable(sql: string, columnCount: number): boolean {
  return columnCount === 8 && /^\s*explain/i.test(sql);
}

/** Indentation (spaces) of each row of an EXPLAIN listing, by row number (explain_data_prepare). */
export function explainIndents(rows: readonly (readonly ShellValue[])[]): number[] {
  const indent: number[] = [];
  const isHead: boolean[] = [];
  rows.forEach((row, iOp) => {
    const addr = Number(row[0] ?? 0);
    const opcode = String(columnText(row[1]) ?? '');
    const p2 = Number(row[3] ?? 0) + (iOp - addr);
    isHead[iOp] = LOOP_HEAD.has(opcode);
    indent[iOp] = 0;
    const back = (LOOP_BACK.has(opcode) && p2 > 0) || (opcode === 'Goto' && p2 < iOp + 1 && (isHead[p2] || Number(row[2] ?? 0) !== 0));
    if (back) for (let i = Math.max(p2, 0); i < iOp; i++) indent[i] += 2;
  });
  return indent;
}

function pad(b: string, w: number): string {
  const n = utf8CharCount(b);
  return n >= w ? b : b + ' '.repeat(w - n);
}

/** The opcode-table renderer (sqlite3's MODE_Explain); prints everything at the end. */
export const opcodeTableRenderer: RendererFactory = (columns, s, out) => {
  const rows: ShellValue[][] = [];
  return {
    row(values) {
      rows.push(values.slice());
    },
    end() {
      if (rows.length === 0) return;
      const n = Math.min(columns.length, WIDTHS.length);
      let text = '';
      for (let i = 0; i < n; i++) text += pad(columns[i], WIDTHS[i]) + (i === n - 1 ? '\n' : '  ');
      for (let i = 0; i < n; i++) text += '-'.repeat(WIDTHS[i]) + (i === n - 1 ? '\n' : '  ');
      const indents = explainIndents(rows);
      rows.forEach((row, r) => {
        for (let i = 0; i < n; i++) {
          const cell = columnText(row[i]) ?? s.nullValue;
          if (i === 1) text += ' '.repeat(indents[r]);
          text += pad(cell, i === n - 1 ? 0 : WIDTHS[i]) + (i === n - 1 ? '\n' : '  ');
        }
      });
      out(text);
    },
  };
};

/** The query-plan tree renderer (sqlite3's eqp_render): rows are (id, parent, notused, detail). */
export const queryPlanRenderer: RendererFactory = (_columns, _s, out) => {
  const rows: { id: number; parent: number; detail: string }[] = [];
  return {
    row(values) {
      rows.push({ id: Number(values[0] ?? 0), parent: Number(values[1] ?? 0), detail: columnText(values[3]) ?? '' });
    },
    end() {
      if (rows.length === 0) return;
      let text = 'QUERY PLAN\n';
      const level = (parent: number, prefix: string): void => {
        const kids = rows.filter((r) => r.parent === parent);
        kids.forEach((k, i) => {
          const last = i === kids.length - 1;
          text += `${prefix}${last ? '`--' : '|--'}${k.detail}\n`;
          if (k.id !== parent) level(k.id, prefix + (last ? '   ' : '|  '));
        });
      };
      level(0, '');
      out(text);
    },
  };
};
