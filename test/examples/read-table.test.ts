/**
 * The README's library example (examples/read-table.ts), run as a user runs it, against sqlite3:
 * the rows it prints are the first rows `sqlite3` gives for the same table, the WAL applied.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/shared.js';
import { sqliteValues } from '../support/sqlite3.js';

const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

describe('examples/read-table.ts', () => {
  for (const [file, table] of [['corpus/sample.db', 'elements'], ['corpus/wal.db', 'accounts']] as const) {
    it(`prints the first rows of ${table} in ${file} as sqlite3 reads them`, () => {
      const out = execFileSync(TSX, ['examples/read-table.ts', file, table, '4'], { cwd: REPO_ROOT, encoding: 'utf8' });
      const lines = out.trimEnd().split('\n');
      const rows = sqliteValues(join(REPO_ROOT, file), `SELECT rowid, * FROM "${table}" ORDER BY rowid LIMIT 4`);
      expect(lines).toHaveLength(rows.length);
      rows.forEach((row, i) => {
        // The record stores NULL for the INTEGER PRIMARY KEY (an alias of the rowid), which the example prints as is.
        const [rowid, , ...rest] = row.map((v) => (v.type === 'integer' ? Number(v.value) : v.value));
        const expected = `${String(rowid)} ${inspect([null, ...rest])}`;
        expect(lines[i]).toBe(expected);
      });
    });
  }
});
