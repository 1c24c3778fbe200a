/**
 * Runs one parsed script against one engine connection and counts the outcome of each record, as
 * sqllogictest.c does, with three deliberate differences noted where they are made:
 * - a query's values must match the expected lines exactly, count included (the C driver stops
 *   comparing at the shorter of the two, so it misses extra or missing rows);
 * - a malformed record is counted as failed and the script goes on (the C driver stops);
 * - anything an engine throws is a failure of that record, never of the runner.
 *
 * Record outcomes: `passed`, `failed`, `skipped` (a skipif/onlyif excluded it), `unsampled` (a
 * query left out by `sample`), `notRun` (after the time budget ran out). Only statement, query
 * and invalid records are counted; conditions apply to every record kind (`onlyif mssql` + `halt`
 * halts only on mssql).
 *
 * Sampling keeps the database state right: every statement runs, and `sample` of the file's
 * queries (chosen by {@link pick} with the seed mixed with the file name) run and are counted.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { errorMessage, type SltConnection, type SltEngine } from './engine.js';
import { isCounted, type SltQuery, type SltRecord, type SltScript } from './record.js';
import { DEFAULT_HASH_THRESHOLD, md5Values, renderRows, resultLines, sortValues } from './render.js';
import { hashString, pick, prng } from './sample.js';

/** Options of {@link runScript}. */
export interface RunOptions {
  /** Engine name skipif/onlyif lines are matched against, case-insensitively (default `sqlite`). */
  dbName?: string;
  /** Run only this many queries per file, chosen at random (all statements still run). */
  sample?: number;
  /** Seed of the sample (default 1). */
  seed?: number;
  /** `performance.now()` time (ms) after which records are no longer run but counted as notRun. */
  deadline?: number;
  /** Failures kept with details per file (default 20); the rest are only counted. */
  keepFailures?: number;
}

/** Why a record failed. */
export type SltFailureKind =
  | 'statement-failed' // statement ok raised an error
  | 'statement-succeeded' // statement error did not
  | 'query-error' // the query could not be prepared
  | 'column-count' // the query returned another number of columns than its type string says
  | 'wrong-result' // values differ
  | 'wrong-hash' // hashed results differ
  | 'label-mismatch' // a labelled query disagrees with an earlier one with the same label
  | 'invalid-record'; // the parser could not read the record

/** One failed record. */
export interface SltFailure {
  /** 1-based line of the record's command. */
  line: number;
  kind: SltFailureKind;
  sql: string;
  /** Error text or explanation. */
  message: string;
  /** Expected lines (at most {@link MAX_LINES}). */
  expected: string[];
  /** Lines the engine produced, after rendering, sorting and hashing (at most {@link MAX_LINES}). */
  got: string[];
}

/** Lines of expected / got kept in a {@link SltFailure}. */
export const MAX_LINES = 50;

/** Counts for one file. */
export interface SltFileResult {
  name: string;
  /** Statement, query and invalid records in the file, up to the halt if one is taken. */
  records: number;
  passed: number;
  failed: number;
  skipped: number;
  unsampled: number;
  notRun: number;
  /** Line of the `halt` that stopped the script, if any. */
  haltedAt: number | undefined;
  /** Wall time, seconds. */
  seconds: number;
  /** The first failures, in file order (see {@link RunOptions.keepFailures}). */
  failures: SltFailure[];
}

/** True when the record's conditions let it run on `dbName`. */
export function conditionsAllow(record: SltRecord, dbName: string): boolean {
  const me = dbName.toLowerCase();
  return record.conditions.every((c) => (c.engine.toLowerCase() === me) === (c.kind === 'onlyif'));
}

/** The queries `options.sample` selects (all runnable ones when no sample is asked). */
function sampledQueries(script: SltScript, options: RunOptions, dbName: string): Set<SltQuery> | undefined {
  if (options.sample === undefined) return undefined;
  const candidates: SltQuery[] = [];
  for (const r of script.records) {
    if (!conditionsAllow(r, dbName)) continue;
    if (r.kind === 'halt') break;
    if (r.kind === 'query') candidates.push(r);
  }
  return pick(candidates, options.sample, prng((options.seed ?? 1) ^ hashString(script.name)));
}

const clip = (lines: readonly string[]): string[] => lines.slice(0, MAX_LINES);

/**
 * Runs `script` on a fresh connection of `engine`.
 * @throws only when the engine cannot open a connection (the runner cannot go on); every other
 *   engine error is a failed record.
 */
export function runScript(script: SltScript, engine: SltEngine, options: RunOptions = {}): SltFileResult {
  const started = performance.now();
  const dbName = options.dbName ?? 'sqlite';
  const keep = options.keepFailures ?? 20;
  const sample = sampledQueries(script, options, dbName);
  const result: SltFileResult = {
    name: script.name,
    records: 0,
    passed: 0,
    failed: 0,
    skipped: 0,
    unsampled: 0,
    notRun: 0,
    haltedAt: undefined,
    seconds: 0,
    failures: [],
  };
  const labels = new Map<string, string>();
  let threshold = DEFAULT_HASH_THRESHOLD;
  const conn = engine.open();
  try {
    for (const record of script.records) {
      const counted = isCounted(record);
      if (counted) result.records++;
      if (!conditionsAllow(record, dbName)) {
        if (counted) result.skipped++;
        continue;
      }
      if (record.kind === 'halt') {
        result.haltedAt = record.line;
        break;
      }
      if (record.kind === 'hash-threshold') {
        threshold = record.threshold;
        continue;
      }
      if (options.deadline !== undefined && performance.now() > options.deadline) {
        result.notRun++;
        continue;
      }
      if (record.kind === 'query' && sample && !sample.has(record)) {
        result.unsampled++;
        continue;
      }
      const failure =
        record.kind === 'statement'
          ? runStatement(conn, record.expect, record.sql)
          : record.kind === 'query'
            ? runQuery(conn, record, threshold, labels)
            : { kind: 'invalid-record' as const, sql: '', message: record.message, expected: [], got: [] };
      if (failure === undefined) {
        result.passed++;
      } else {
        result.failed++;
        if (result.failures.length < keep) result.failures.push({ line: record.line, ...failure });
      }
    }
  } finally {
    try {
      conn.close();
    } catch {
      // A failing close changes no record's outcome.
    }
  }
  result.seconds = (performance.now() - started) / 1000;
  return result;
}

type Outcome = Omit<SltFailure, 'line'> | undefined;

function runStatement(conn: SltConnection, expect: 'ok' | 'error', sql: string): Outcome {
  let error: string | undefined;
  try {
    conn.exec(sql);
  } catch (e) {
    error = errorMessage(e);
  }
  if (expect === 'ok' && error !== undefined) {
    return { kind: 'statement-failed', sql, message: error, expected: ['ok'], got: ['error'] };
  }
  if (expect === 'error' && error === undefined) {
    return { kind: 'statement-succeeded', sql, message: 'expected an error', expected: ['error'], got: ['ok'] };
  }
  return undefined;
}

function runQuery(conn: SltConnection, q: SltQuery, threshold: number, labels: Map<string, string>): Outcome {
  const base = { sql: q.sql, expected: clip(q.expected) };
  let columnCount: number;
  let values: string[];
  let stepError: string | undefined;
  try {
    const res = conn.query(q.sql);
    columnCount = res.columnCount;
    stepError = res.stepError;
    if (columnCount !== q.types.length) {
      return { ...base, kind: 'column-count', message: `expected ${q.types.length} columns, got ${columnCount}`, got: [] };
    }
    values = renderRows(res.rows, q.types);
  } catch (e) {
    return { ...base, kind: 'query-error', message: errorMessage(e), got: [] };
  }
  const sorted = sortValues(values, q.sort, q.types.length);
  const got = resultLines(sorted, threshold);
  const note = stepError === undefined ? '' : ` (stepping stopped early: ${stepError})`;
  if (q.label !== undefined) {
    const md5 = md5Values(sorted);
    const earlier = labels.get(q.label);
    if (earlier === undefined) labels.set(q.label, md5);
    else if (earlier !== md5) {
      return { ...base, kind: 'label-mismatch', message: `result differs from earlier '${q.label}'${note}`, got: clip(got) };
    }
  }
  if (got.length === q.expected.length && got.every((line, i) => line === q.expected[i])) return undefined;
  const hashed = got.length === 1 && sorted.length > threshold && threshold > 0;
  return {
    ...base,
    kind: hashed ? 'wrong-hash' : 'wrong-result',
    message: `${sorted.length} values${note}`,
    got: clip(hashed ? [...got, ...sorted] : got),
  };
}
