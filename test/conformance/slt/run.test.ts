import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultFiles, displayName } from '../../../conformance/slt/corpus.js';
import type { SltConnection, SltEngine } from '../../../conformance/slt/engine.js';
import { BetterSqlite3Engine } from '../../../conformance/slt/engines/better-sqlite3.js';
import { parseScript } from '../../../conformance/slt/parse.js';
import { hashLine } from '../../../conformance/slt/render.js';
import { runScript, type RunOptions, type SltFileResult } from '../../../conformance/slt/run.js';
import { totals } from '../../../conformance/slt/report.js';
import { haveShared, SLT_DIR } from './shared.js';

const engine = new BetterSqlite3Engine();
const run = (lines: string[], options?: RunOptions): SltFileResult => runScript(parseScript(lines.join('\n'), 'hand.test'), engine, options);
const counts = (r: SltFileResult) => ({ passed: r.passed, failed: r.failed, skipped: r.skipped });

const TABLE = ['statement ok', 'CREATE TABLE t(a INTEGER, b TEXT)', '', 'statement ok', "INSERT INTO t VALUES(1,'x'),(2,NULL),(3,'')", ''];

describe('runScript on hand-made scripts (better-sqlite3)', () => {
  it('passes matching statements and queries, with every sort mode', () => {
    const r = run([
      ...TABLE,
      'query IT nosort', 'SELECT a, b FROM t ORDER BY a DESC', '----', '3', '(empty)', '2', 'NULL', '1', 'x', '',
      'query IT rowsort', 'SELECT a, b FROM t', '----', '1', 'x', '2', 'NULL', '3', '(empty)', '',
      'query IT valuesort', 'SELECT a, b FROM t', '----', '(empty)', '1', '2', '3', 'NULL', 'x', '',
      'statement error', 'SELECT * FROM missing', '',
    ]);
    expect(counts(r)).toEqual({ passed: 6, failed: 0, skipped: 0 });
    expect(r.records).toBe(6);
  });

  it('reports wrong values, wrong row counts and statement surprises as failures with details', () => {
    const r = run([
      ...TABLE,
      'query I nosort', 'SELECT a FROM t ORDER BY a', '----', '1', '2', '4', '',
      'query I nosort', 'SELECT a FROM t ORDER BY a', '----', '1', '2', '', // one row too many: the C driver would not notice
      'statement ok', 'SELECT * FROM missing', '',
      'statement error', 'SELECT 1', '',
    ]);
    expect(counts(r)).toEqual({ passed: 2, failed: 4, skipped: 0 });
    expect(r.failures.map((f) => [f.line, f.kind])).toEqual([
      [7, 'wrong-result'],
      [14, 'wrong-result'],
      [20, 'statement-failed'],
      [23, 'statement-succeeded'],
    ]);
    expect(r.failures[0]).toMatchObject({ sql: 'SELECT a FROM t ORDER BY a', expected: ['1', '2', '4'], got: ['1', '2', '3'] });
    expect(r.failures[2].message).toMatch(/no such table: missing/);
  });

  it('hashes above the threshold, compares the hash line, and honours hash-threshold records', () => {
    const nine = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
    const values = "SELECT value FROM json_each('[1,2,3,4,5,6,7,8,9]')";
    const r = run([
      'query I nosort', values, '----', hashLine(nine), '', // default threshold 8: hashed
      'query I nosort', values, '----', hashLine(['9', ...nine.slice(1)]), '', // wrong hash
      'hash-threshold 0', '',
      'query I nosort', values, '----', ...nine, '', // no hashing any more
    ]);
    expect(counts(r)).toEqual({ passed: 2, failed: 1, skipped: 0 });
    expect(r.failures[0]).toMatchObject({ line: 6, kind: 'wrong-hash' });
    expect(r.failures[0].got[0]).toBe(hashLine(nine));
  });

  it('skips records by skipif/onlyif (case-insensitive), and halts only where the conditions allow', () => {
    const r = run([
      'onlyif mysql', 'statement ok', 'this is not SQL', '',
      'skipif SQLite', 'statement ok', 'this is not SQL', '',
      'onlyif SQLITE', 'query I nosort', 'SELECT 1', '----', '1', '',
      'onlyif mssql', 'halt', '',
      'skipif sqlite', 'halt', '',
      'statement ok', 'SELECT 1', '',
      'halt', '',
      'statement ok', 'this is not SQL', '',
    ]);
    expect(counts(r)).toEqual({ passed: 2, failed: 0, skipped: 2 });
    expect(r.haltedAt).toBe(24);
    expect(run(['skipif postgresql', 'statement ok', 'SELECT 1'], { dbName: 'postgresql' }).skipped).toBe(1);
  });

  it('checks that queries sharing a label agree', () => {
    const r = run([
      ...TABLE,
      'query I rowsort label-a', 'SELECT a FROM t', '----', '1', '2', '3', '',
      'query I rowsort label-a', 'SELECT a FROM t WHERE a > 0', '----', '1', '2', '3', '',
      'query I rowsort label-a', 'SELECT a FROM t WHERE a > 1', '----', '2', '3', '',
    ]);
    expect(counts(r)).toEqual({ passed: 4, failed: 1, skipped: 0 });
    expect(r.failures[0]).toMatchObject({ line: 21, kind: 'label-mismatch' });
  });

  it('keeps the rows stepped before a runtime error, as the C driver does', () => {
    const r = run([
      'statement ok', 'CREATE TABLE big(x INTEGER)', '',
      'statement ok', 'INSERT INTO big VALUES(9223372036854775807),(1)', '',
      'query I nosort', 'SELECT sum(x) FROM big', '----', '', // integer overflow before any row
      'statement ok', 'INSERT INTO big VALUES(-9223372036854775808)', '',
      'query I nosort', 'SELECT abs(x) FROM big', '----', '-1', '1', '', // rowid order; abs(INT64_MIN) fails on row 3
    ]);
    expect(r.failures).toEqual([]);
    expect(counts(r)).toEqual({ passed: 5, failed: 0, skipped: 0 });
  });

  it('fails a query whose column count differs from its type string, and one that does not prepare', () => {
    const r = run(['query II nosort', 'SELECT 1', '----', '1', '', 'query I nosort', 'SELEC 1', '----', '1', '', 'query I nosort', 'CREATE TABLE u(x)', '']);
    expect(r.failures.map((f) => [f.kind, f.message])).toEqual([
      ['column-count', 'expected 2 columns, got 1'],
      ['query-error', expect.stringMatching(/syntax error/)],
      ['column-count', 'expected 1 columns, got 0'],
    ]);
  });

  it('counts malformed records as failures and goes on', () => {
    const r = run(['frobnicate', '', 'statement ok', 'SELECT 1']);
    expect(counts(r)).toEqual({ passed: 1, failed: 1, skipped: 0 });
    expect(r.failures[0]).toMatchObject({ line: 1, kind: 'invalid-record', message: "unknown record type 'frobnicate'" });
  });

  it('stops running records once the deadline has passed, counting them as not run', () => {
    const r = run([...TABLE, 'query I nosort', 'SELECT 1', '----', '1'], { deadline: 0 });
    expect(r).toMatchObject({ passed: 0, failed: 0, notRun: 3 });
  });

  it('runs every statement but only the sampled queries, the same ones for the same seed', () => {
    const script = [...TABLE];
    for (let i = 0; i < 30; i++) script.push('query I nosort', `SELECT count(*) + ${i} FROM t`, '----', String(3 + i), '');
    const a = run(script, { sample: 5, seed: 7 });
    expect(a).toMatchObject({ passed: 7, failed: 0, unsampled: 25 });
    const b = run(script.map((l) => (l === '10' ? '-1' : l)), { sample: 5, seed: 7 }); // break the 8th query
    const c = run(script.map((l) => (l === '10' ? '-1' : l)), { sample: 30, seed: 7 });
    expect(c.failed).toBe(1);
    expect(b.failed).toBe(a.passed === b.passed ? 0 : 1); // same picks: it fails only if it was picked
    expect(run(script, { sample: 100 }).unsampled).toBe(0);
  });
});

describe('runScript with other engines: anything an engine throws is a failed record', () => {
  const broken: SltEngine = {
    name: 'broken',
    open: (): SltConnection => ({
      exec: () => {
        throw new TypeError('engine bug');
      },
      query: () => ({ columnCount: 1, rows: [[{} as unknown as bigint]] }),
      close: () => {
        throw new Error('close fails too');
      },
    }),
  };

  it('records the failures and returns', () => {
    const r = runScript(parseScript('statement ok\nSELECT 1\n\nquery I nosort\nSELECT 1\n----\n1\n'), broken);
    expect(r.failures.map((f) => [f.kind, f.message])).toEqual([
      ['statement-failed', 'TypeError: engine bug'],
      ['query-error', expect.stringMatching(/Cannot convert|TypeError/)],
    ]);
  });
});

describe.skipIf(!haveShared())('the shared sqllogictest files against better-sqlite3', () => {
  const files = defaultFiles(SLT_DIR);
  const scripts = files.map((f) => parseScript(readFileSync(f, 'utf8'), displayName(f, SLT_DIR)));

  it('passes a seeded sample of 40 queries per file (and every statement): 100%', () => {
    const results = scripts.map((s) => runScript(s, engine, { sample: 40, seed: 2024 }));
    const t = totals(results);
    expect(results.flatMap((r) => r.failures)).toEqual([]);
    expect(t.failed).toBe(0);
    expect(t.skipped).toBe(5);
    expect(t.passed).toBeGreaterThan(1998); // every statement plus the sampled queries
  });

  it('passes all 11,195 runnable records of select1-5 + evidence (5 skipped)', () => {
    const results = scripts.map((s) => runScript(s, engine));
    const t = totals(results);
    expect(results.flatMap((r) => r.failures.map((f) => `${r.name}:${f.line} ${f.kind}`))).toEqual([]);
    expect({ records: t.records, passed: t.passed, failed: t.failed, skipped: t.skipped }).toEqual({ records: 11200, passed: 11195, failed: 0, skipped: 5 });
  });

  it('notices a single altered expected value, in a plain and in a hashed result', () => {
    const text = readFileSync(join(SLT_DIR, 'select1.test'), 'utf8');
    const lines = text.split('\n');
    const hashAt = lines.findIndex((l) => l.includes('values hashing to'));
    const plainAt = lines.findIndex((l, i) => i > 0 && lines[i - 1] === '----' && /^\d+$/.test(l));
    lines[hashAt] = lines[hashAt].replace(/[0-9a-f]$/, (c) => (c === '0' ? '1' : '0'));
    lines[plainAt] = String(Number(lines[plainAt]) + 1);
    const r = runScript(parseScript(lines.join('\n'), 'select1-altered.test'), engine);
    expect(r.failures.map((f) => f.kind).sort()).toEqual(['wrong-hash', 'wrong-result']);
    expect(r.passed).toBe(1029);
  });
});
