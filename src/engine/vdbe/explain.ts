/**
 * EXPLAIN: a Program as rows of addr / opcode / p1 / p2 / p3 / p4 / p5 / comment (the columns
 * SQLite's EXPLAIN returns), and as the text table Turso's shell prints:
 *
 * ```
 * addr  opcode             p1    p2    p3    p4             p5  comment
 * ----  -----------------  ----  ----  ----  -------------  --  -------
 * 0     Init               0     4     0                    0   Start at 4
 * 1     String8            0     1     0     hello, world   0   r[1]='hello, world'
 * ```
 *
 * @module
 */
import { p4Text } from './insn.js';
import type { Program } from './program.js';

/** One EXPLAIN row. */
export interface ExplainRow {
  addr: number;
  opcode: string;
  p1: number;
  p2: number;
  p3: number;
  p4: string;
  p5: number;
  comment: string;
}

/** The EXPLAIN rows of `program`. */
export function explainRows(program: Program): ExplainRow[] {
  return program.insns.map((i, addr) => ({ addr, opcode: i.opcode, p1: i.p1, p2: i.p2, p3: i.p3, p4: p4Text(i.p4), p5: i.p5, comment: commentOf(i.opcode, i.p2, i.comment) }));
}

function commentOf(opcode: string, p2: number, comment: string): string {
  if (opcode === 'Init' && !comment) return `Start at ${p2}`;
  return comment;
}

/** The EXPLAIN table as Turso's shell prints it (see the module doc). */
export function formatExplain(program: Program): string {
  const lines = ['addr  opcode             p1    p2    p3    p4             p5  comment', '----  -----------------  ----  ----  ----  -------------  --  -------'];
  for (const r of explainRows(program)) {
    lines.push(
      `${pad(String(r.addr), 4)}  ${pad(r.opcode, 17)}  ${pad(String(r.p1), 4)}  ${pad(String(r.p2), 4)}  ${pad(String(r.p3), 4)}  ${pad(r.p4, 13)}  ${pad(String(r.p5), 2)}  ${r.comment}`.trimEnd(),
    );
  }
  return lines.join('\n');
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** EXPLAIN QUERY PLAN as SQLite's shell draws it (`QUERY PLAN` then `|--` / `` `-- `` branches). */
export function formatQueryPlan(program: Program): string {
  const plan = program.queryPlan;
  const out = ['QUERY PLAN'];
  const walk = (parent: number, prefix: string): void => {
    const kids = plan.filter((p) => p.parent === parent);
    kids.forEach((k, i) => {
      const last = i === kids.length - 1;
      out.push(`${prefix}${last ? '`--' : '|--'}${k.detail}`);
      walk(k.id, prefix + (last ? '   ' : '|  '));
    });
  };
  walk(0, '');
  return out.join('\n');
}
