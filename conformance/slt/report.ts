/**
 * Text and JSON reports of a run: one line per file with passed / failed / skipped, the first
 * failures of each file with expected vs got, and a total.
 *
 * @module
 */
import type { SltFailure, SltFileResult } from './run.js';

/** Sum of the counts of several files. */
export interface SltTotals {
  files: number;
  records: number;
  passed: number;
  failed: number;
  skipped: number;
  unsampled: number;
  notRun: number;
  seconds: number;
}

/** Adds up file results. */
export function totals(results: readonly SltFileResult[]): SltTotals {
  const t: SltTotals = { files: results.length, records: 0, passed: 0, failed: 0, skipped: 0, unsampled: 0, notRun: 0, seconds: 0 };
  for (const r of results) {
    t.records += r.records;
    t.passed += r.passed;
    t.failed += r.failed;
    t.skipped += r.skipped;
    t.unsampled += r.unsampled;
    t.notRun += r.notRun;
    t.seconds += r.seconds;
  }
  return t;
}

/** Passed as a percentage of the records that ran (passed + failed), one decimal; `-` if none ran. */
export function passRate(c: { passed: number; failed: number }): string {
  const ran = c.passed + c.failed;
  return ran === 0 ? '-' : `${((100 * c.passed) / ran).toFixed(ran === c.passed ? 0 : 1)}%`;
}

function countsLine(label: string, width: number, c: Omit<SltTotals, 'files'>): string {
  const extra = [c.unsampled ? `unsampled ${c.unsampled}` : '', c.notRun ? `not run ${c.notRun}` : ''].filter(Boolean);
  return (
    `${label.padEnd(width)}  passed ${String(c.passed).padStart(5)}  failed ${String(c.failed).padStart(5)}` +
    `  skipped ${String(c.skipped).padStart(3)}  ${passRate(c).padStart(6)}` +
    `${extra.length ? `  (${extra.join(', ')})` : ''}  ${c.seconds.toFixed(1)} s`
  );
}

function indent(lines: readonly string[], max: number): string[] {
  const shown = lines.slice(0, max).map((l) => `      ${l}`);
  if (lines.length > max) shown.push(`      … ${lines.length - max} more`);
  return shown;
}

/** Describes one failure over a few lines: place, kind, SQL, expected vs got. */
export function formatFailure(file: string, f: SltFailure, maxLines = 8): string {
  const sql = f.sql.length > 300 ? `${f.sql.slice(0, 300)}…` : f.sql;
  const out = [`  ${file}:${f.line}: ${f.kind}: ${f.message}`];
  if (sql) out.push(...sql.split('\n').map((l) => `    | ${l}`));
  if (f.expected.length || f.got.length) {
    out.push('    expected:', ...indent(f.expected, maxLines), '    got:', ...indent(f.got, maxLines));
  }
  return out.join('\n');
}

/** One file's counts line followed by up to `failuresPerFile` failures. */
export function formatFileResult(r: SltFileResult, width: number, failuresPerFile = 3): string {
  const out = [countsLine(r.name, width, r) + (r.haltedAt !== undefined ? `  halt at line ${r.haltedAt}` : '')];
  for (const f of r.failures.slice(0, failuresPerFile)) out.push(formatFailure(r.name, f));
  return out.join('\n');
}

/** The total line. */
export function formatTotal(results: readonly SltFileResult[], width: number): string {
  return countsLine('TOTAL', width, totals(results));
}

/** The whole text report: {@link formatFileResult} for every file, then {@link formatTotal}. */
export function formatReport(results: readonly SltFileResult[], failuresPerFile = 3): string {
  const width = Math.max(5, ...results.map((r) => r.name.length));
  return [...results.map((r) => formatFileResult(r, width, failuresPerFile)), formatTotal(results, width)].join('\n');
}
