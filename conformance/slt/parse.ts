/**
 * Parses sqllogictest scripts into {@link SltRecord}s (format: ./record.ts).
 *
 * Line handling follows the C driver (sqllogictest.c): a trailing `\r` is dropped, a line of only
 * whitespace is blank, a line starting with `#` is skipped everywhere, the first line of a record
 * is split on whitespace into at most four tokens (so `onlyif sqlite # why` reads as
 * `onlyif sqlite`). Malformed records become `invalid` records instead of exceptions, so one bad
 * record cannot hide the rest of a file.
 *
 * @module
 */
import type { SltCondition, SltRecord, SltScript, SltSortMode } from './record.js';

interface Line {
  /** 1-based line number in the file. */
  no: number;
  text: string;
}

const SORT_MODES: readonly string[] = ['nosort', 'rowsort', 'valuesort'];

/**
 * Parses the text of a `.test` file.
 * @param text - the whole file.
 * @param name - file name for reports.
 * @returns the records in file order; never throws.
 */
export function parseScript(text: string, name = '<script>'): SltScript {
  const records: SltRecord[] = [];
  for (const block of blocks(text)) records.push(parseBlock(block));
  return { name, records };
}

/** Splits the file into blank-line-separated blocks of non-comment lines. */
function blocks(text: string): Line[][] {
  const out: Line[][] = [];
  let current: Line[] = [];
  const raw = text.split('\n');
  for (let i = 0; i < raw.length; i++) {
    let line = raw[i];
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') {
      if (current.length) out.push(current);
      current = [];
    } else if (!line.startsWith('#')) {
      current.push({ no: i + 1, text: line });
    }
  }
  if (current.length) out.push(current);
  return out;
}

function tokens(text: string): string[] {
  return text.trim().split(/\s+/).slice(0, 4);
}

function parseBlock(block: Line[]): SltRecord {
  const conditions: SltCondition[] = [];
  let i = 0;
  let head = tokens(block[0].text);
  while (head[0] === 'skipif' || head[0] === 'onlyif') {
    conditions.push({ kind: head[0], engine: head[1] ?? '' });
    i++;
    if (i === block.length) {
      return { kind: 'invalid', line: block[i - 1].no, conditions, message: 'condition without a record' };
    }
    head = tokens(block[i].text);
  }
  const line = block[i].no;
  const body = block.slice(i + 1).map((l) => l.text);
  switch (head[0]) {
    case 'statement': {
      const expect = head[1];
      if (expect !== 'ok' && expect !== 'error') {
        return { kind: 'invalid', line, conditions, message: `statement argument should be 'ok' or 'error', not '${expect ?? ''}'` };
      }
      return { kind: 'statement', line, conditions, expect, sql: body.join('\n') };
    }
    case 'query': {
      const types = head[1] ?? '';
      if (!/^[ITR]+$/.test(types)) {
        return { kind: 'invalid', line, conditions, message: `bad type string '${types}' (one or more of I, T, R)` };
      }
      const sort = head[2] ?? 'nosort';
      if (!SORT_MODES.includes(sort)) {
        return { kind: 'invalid', line, conditions, message: `unknown sort method '${sort}'` };
      }
      const sep = body.indexOf('----');
      const sql = (sep < 0 ? body : body.slice(0, sep)).join('\n');
      const expected = sep < 0 ? [] : body.slice(sep + 1);
      return { kind: 'query', line, conditions, types, sort: sort as SltSortMode, label: head[3], sql, expected };
    }
    case 'hash-threshold': {
      const threshold = Number.parseInt(head[1] ?? '', 10);
      if (!Number.isInteger(threshold) || threshold < 0) {
        return { kind: 'invalid', line, conditions, message: `bad hash-threshold '${head[1] ?? ''}'` };
      }
      return { kind: 'hash-threshold', line, conditions, threshold };
    }
    case 'halt':
      return { kind: 'halt', line, conditions };
    default:
      return { kind: 'invalid', line, conditions, message: `unknown record type '${head[0]}'` };
  }
}
