/**
 * Reads the SQL statements out of sqllogictest files (../shared/conformance/sqllogictest):
 * the lines after `statement ok`, `statement error` and `query …`, up to a blank line or `----`.
 * Records under `onlyif <other engine>` or `skipif sqlite` are left out, as a SQLite run skips them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One SQL statement of a sqllogictest file. */
export interface SltStatement {
  file: string;
  line: number;
  kind: 'statement ok' | 'statement error' | 'query';
  sql: string;
}

/** The sqllogictest directory, resolved from this file (repo/test/engine/parser → ../shared). */
export const SLT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/conformance/sqllogictest');

/** The .test files (select1-5 and evidence/*), or [] when ../shared is absent. */
export function sltFiles(): string[] {
  if (!existsSync(SLT_DIR)) return [];
  const top = readdirSync(SLT_DIR).filter((f) => f.endsWith('.test')).map((f) => join(SLT_DIR, f));
  const ev = join(SLT_DIR, 'evidence');
  const evidence = existsSync(ev) ? readdirSync(ev).filter((f) => f.endsWith('.test')).map((f) => join(ev, f)) : [];
  return [...top, ...evidence].sort();
}

/** The statements of one file, in order. */
export function sltStatements(path: string): SltStatement[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const out: SltStatement[] = [];
  let skip = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const words = line.trim().split(/\s+/);
    if (words[0] === 'onlyif' && words[1] !== 'sqlite') skip = true;
    else if (words[0] === 'skipif' && words[1] === 'sqlite') skip = true;
    else if (line.startsWith('statement ') || line.startsWith('query ')) {
      const kind = line.startsWith('statement ok') ? 'statement ok' : line.startsWith('statement') ? 'statement error' : 'query';
      const sql: string[] = [];
      let j = i + 1;
      for (; j < lines.length && lines[j].trim() !== '' && lines[j] !== '----'; j++) sql.push(lines[j]);
      if (!skip) out.push({ file: path, line: i + 2, kind, sql: sql.join('\n') });
      skip = false;
      i = j - 1;
    } else if (line.trim() === '') {
      skip = false;
    }
  }
  return out;
}
