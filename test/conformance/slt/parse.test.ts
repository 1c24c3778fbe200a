import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultFiles, displayName } from '../../../conformance/slt/corpus.js';
import { parseScript } from '../../../conformance/slt/parse.js';
import type { SltRecord } from '../../../conformance/slt/record.js';
import { haveShared, SLT_DIR } from './shared.js';

describe('parseScript on hand-made scripts', () => {
  it('reads every record kind with its line, conditions, SQL and expected lines', () => {
    const text = [
      'hash-threshold 8', // 1
      '', // 2
      'statement ok', // 3
      'CREATE TABLE t1(a INTEGER,', // 4
      '  b TEXT)', // 5
      '', // 6
      '# a comment between records', // 7
      'onlyif sqlite # trailing words are ignored', // 8
      'skipif mysql', // 9
      'query IT rowsort label-7', // 10
      'SELECT a, b', // 11
      '# a comment inside a record is dropped', // 12
      '  FROM t1', // 13
      '----', // 14
      '1', // 15
      'two words', // 16
      '   ', // 17 whitespace only: blank
      'statement error', // 18
      'SELECT * FROM nowhere', // 19
      '', // 20
      'query R', // 21
      'SELECT 1.5', // 22
      '', // 23
      'halt', // 24
    ].join('\n');
    const { records } = parseScript(text, 'hand.test');
    expect(records).toEqual<SltRecord[]>([
      { kind: 'hash-threshold', line: 1, conditions: [], threshold: 8 },
      { kind: 'statement', line: 3, conditions: [], expect: 'ok', sql: 'CREATE TABLE t1(a INTEGER,\n  b TEXT)' },
      {
        kind: 'query',
        line: 10,
        conditions: [
          { kind: 'onlyif', engine: 'sqlite' },
          { kind: 'skipif', engine: 'mysql' },
        ],
        types: 'IT',
        sort: 'rowsort',
        label: 'label-7',
        sql: 'SELECT a, b\n  FROM t1',
        expected: ['1', 'two words'],
      },
      { kind: 'statement', line: 18, conditions: [], expect: 'error', sql: 'SELECT * FROM nowhere' },
      { kind: 'query', line: 21, conditions: [], types: 'R', sort: 'nosort', label: undefined, sql: 'SELECT 1.5', expected: [] },
      { kind: 'halt', line: 24, conditions: [] },
    ]);
  });

  it('drops the \\r of CRLF lines', () => {
    const { records } = parseScript('statement ok\r\nSELECT 1\r\n\r\nquery I nosort\r\nSELECT 1\r\n----\r\n1\r\n');
    expect(records.map((r) => r.kind)).toEqual(['statement', 'query']);
    expect(records[0]).toMatchObject({ sql: 'SELECT 1' });
    expect(records[1]).toMatchObject({ sql: 'SELECT 1', expected: ['1'] });
  });

  it('turns malformed records into invalid records and keeps going', () => {
    const { records } = parseScript(
      ['statement maybe', 'SELECT 1', '', 'query IX nosort', 'SELECT 1', '', 'query I sideways', 'SELECT 1', '', 'frobnicate', '', 'hash-threshold x', '', 'skipif sqlite', '', 'statement ok', 'SELECT 1'].join('\n'),
    );
    expect(records.map((r) => (r.kind === 'invalid' ? `${r.line}: ${r.message}` : r.kind))).toEqual([
      "1: statement argument should be 'ok' or 'error', not 'maybe'",
      "4: bad type string 'IX' (one or more of I, T, R)",
      "7: unknown sort method 'sideways'",
      "10: unknown record type 'frobnicate'",
      "12: bad hash-threshold 'x'",
      '14: condition without a record',
      'statement',
    ]);
  });
});

describe.skipIf(!haveShared())('parseScript on the shared sqllogictest files', () => {
  const files = defaultFiles(SLT_DIR);
  const counts = new Map<string, { statements: number; queries: number; other: number }>();
  for (const f of files) {
    const { records } = parseScript(readFileSync(f, 'utf8'), displayName(f, SLT_DIR));
    const c = { statements: 0, queries: 0, other: 0 };
    for (const r of records) {
      if (r.kind === 'statement') c.statements++;
      else if (r.kind === 'query') c.queries++;
      else if (r.kind === 'invalid') throw new Error(`${f}:${r.line}: ${r.message}`);
      else c.other++;
    }
    counts.set(displayName(f, SLT_DIR), c);
  }

  it('finds select1-5 and the 12 evidence files', () => {
    expect(files).toHaveLength(17);
    expect(files[0]).toBe(join(SLT_DIR, 'select1.test'));
  });

  it('counts 9,202 queries and 1,998 statements in all, as the README says', () => {
    let q = 0;
    let s = 0;
    for (const c of counts.values()) {
      q += c.queries;
      s += c.statements;
    }
    expect({ queries: q, statements: s }).toEqual({ queries: 9202, statements: 1998 });
  });

  it('counts each file as grep does', () => {
    // grep -c '^statement' / '^query' per file.
    expect(Object.fromEntries([...counts].map(([n, c]) => [n, [c.statements, c.queries]]))).toEqual({
      'select1.test': [31, 1000],
      'select2.test': [31, 1000],
      'select3.test': [31, 3320],
      'select4.test': [1025, 2832],
      'select5.test': [704, 732],
      'evidence/in1.test': [29, 187],
      'evidence/in2.test': [9, 45],
      'evidence/slt_lang_aggfunc.test': [13, 67],
      'evidence/slt_lang_createtrigger.test': [26, 0],
      'evidence/slt_lang_createview.test': [23, 2],
      'evidence/slt_lang_dropindex.test': [8, 0],
      'evidence/slt_lang_droptable.test': [12, 0],
      'evidence/slt_lang_droptrigger.test': [12, 0],
      'evidence/slt_lang_dropview.test': [11, 2],
      'evidence/slt_lang_reindex.test': [7, 0],
      'evidence/slt_lang_replace.test': [8, 6],
      'evidence/slt_lang_update.test': [18, 9],
    });
  });

  it('reads the hashed results of select1 with their line numbers', () => {
    const { records } = parseScript(readFileSync(join(SLT_DIR, 'select1.test'), 'utf8'));
    const q = records.find((r) => r.kind === 'query' && r.expected[0]?.includes('hashing'));
    expect(q).toMatchObject({ kind: 'query', types: 'I', sort: 'nosort', expected: ['30 values hashing to 3c13dee48d9356ae19af2515e05e6b54'] });
    expect(readFileSync(join(SLT_DIR, 'select1.test'), 'utf8').split('\n')[q!.line - 1]).toBe('query I nosort');
  });
});
