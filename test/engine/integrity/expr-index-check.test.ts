/**
 * PRAGMA integrity_check on partial indexes and indexes on expressions (row-check.ts with the
 * API's evaluator, pragma-integrity.ts) against the sqlite3 CLI 3.40, whose check Strata's follows:
 * files whose index contents are right (made by Strata, and by SQLite), then the same files with
 * an index's definition changed under it in sqlite_schema (writable_schema, by the CLI), so that
 * entries are missing, extra, or keyed on another expression. Both checks must give the same rows.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';
import { runSqlite3, sqlite3Available } from '../../support/sqlite3-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-expr-ic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SCHEMA = [
  'CREATE TABLE t(id INTEGER PRIMARY KEY, a INT, b TEXT, c REAL, g AS (a * 2))',
  'CREATE INDEX i_pa ON t(a) WHERE a > 2',
  'CREATE UNIQUE INDEX i_l ON t(lower(b))',
  'CREATE INDEX i_e ON t(a + c, b) WHERE b IS NOT NULL',
  'CREATE UNIQUE INDEX i_u ON t(c) WHERE a < 3',
  'CREATE INDEX i_g ON t(g, abs(c)) WHERE g > 4',
  "INSERT INTO t(id, a, b, c) VALUES (1, 1, 'x', 1.5), (2, 5, 'y', 2), (3, 7, NULL, 3), (4, 3, 'Z', 1), (5, 2, 'w', 2), (6, NULL, 'v', NULL)",
];

/** Definitions put in place of the right one, each leaving the index's contents wrong. */
const TAMPER: [string, string][] = [
  ['i_pa', 'CREATE INDEX i_pa ON t(a) WHERE a > 3'],
  ['i_pa', 'CREATE INDEX i_pa ON t(a) WHERE a > 1'],
  ['i_l', 'CREATE UNIQUE INDEX i_l ON t(upper(b))'],
  ['i_l', 'CREATE UNIQUE INDEX i_l ON t(1)'],
  ['i_e', 'CREATE INDEX i_e ON t(a + c, b) WHERE b IS NULL'],
  ['i_e', 'CREATE INDEX i_e ON t(a - c, b) WHERE b IS NOT NULL'],
  ['i_u', 'CREATE UNIQUE INDEX i_u ON t(c) WHERE a < 6'],
  ['i_g', 'CREATE INDEX i_g ON t(g, abs(c)) WHERE g > 6'],
  ['i_g', 'CREATE INDEX i_g ON t(g, -c) WHERE g > 4'],
];

function strataCheck(file: string): string[] {
  const db = new Database(file);
  try {
    return db.prepare('PRAGMA integrity_check').pluck().all() as string[];
  } finally {
    db.close();
  }
}

const cliCheck = (file: string): string[] => runSqlite3(file, 'PRAGMA integrity_check;').trim().split('\n');

describe.skipIf(!sqlite3Available())('integrity_check of partial and expression indexes vs the sqlite3 CLI', () => {
  for (const maker of ['strata', 'sqlite3'] as const) {
    it(`a file made by ${maker}: ok, then each changed definition reported alike`, () => {
      const file = join(dir, `${maker}.db`);
      rmSync(file, { force: true });
      if (maker === 'strata') {
        const db = new Database(file);
        for (const s of SCHEMA) db.exec(s);
        db.close();
      } else runSqlite3(file, SCHEMA.map((s) => `${s};\n`).join(''), { readonly: false });
      expect(strataCheck(file)).toEqual(['ok']);
      expect(cliCheck(file)).toEqual(['ok']);
      const original = new Map(SCHEMA.filter((s) => s.startsWith('CREATE') && s.includes('INDEX')).map((s) => [s.split(' ').find((w) => w.startsWith('i_'))!, s]));
      const setSql = (name: string, sql: string): void => {
        execFileSync('sqlite3', [file, `PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = '${sql.replaceAll("'", "''")}' WHERE name = '${name}';`]);
      };
      for (const [name, sql] of TAMPER) {
        setSql(name, sql);
        const theirs = cliCheck(file);
        expect({ sql, theirs }).not.toEqual({ sql, theirs: ['ok'] });
        expect({ sql, rows: strataCheck(file) }).toEqual({ sql, rows: theirs });
        setSql(name, original.get(name)!);
      }
    });
  }
});
