/**
 * The shell on Strata's own engine (the default): queries the engine supports, and the
 * dot-commands, on corpus/sample.db, byte-identical to the sqlite3 3.40 CLI on the same file. A
 * statement the engine cannot compile yet is reported as a Parse error, like any other.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/shared.js';
import { sqlite3Available } from '../../support/sqlite3-cli.js';
import { runSqlite3Shell, runStrataShell, visible } from './harness.js';

const SAMPLE = join(REPO_ROOT, 'corpus', 'sample.db');

describe.skipIf(!sqlite3Available() || !existsSync(SAMPLE))('strata shell on the Strata engine (corpus/sample.db)', () => {
  const cases: [string, string, string][] = [
    ['list', '-list', 'SELECT * FROM elements ORDER BY atomic_number;'],
    ['quote', '-quote', 'SELECT * FROM isotopes WHERE half_life_s IS NOT NULL;'],
    ['json', '-json', 'SELECT symbol, atomic_mass, grp FROM elements WHERE period = 6;'],
    ['box', '-box', 'SELECT id, name, metal FROM categories;'],
    ['line', '-line', 'SELECT * FROM about;'],
    ['csv', '-csv', 'SELECT e.symbol, c.name FROM elements e JOIN categories c ON c.id = e.category_id WHERE e.atomic_number < 20;'],
    ['list', '-list', '.tables\n.dump categories'],
    ['list', '-list', '.dump'],
  ];
  for (const [mode, flag, script] of cases) {
    it(`${mode}: ${script.split('\n')[0]}`, async () => {
      const ours = await runStrataShell(`${script}\n`, { target: SAMPLE, mode, engine: 'strata', readonly: true });
      const theirs = runSqlite3Shell(SAMPLE, `${script}\n`, ['-batch', '-readonly', flag]);
      expect(ours.stderr).toBe('');
      expect(visible(ours.stdout)).toBe(visible(theirs.stdout));
      expect(ours.status).toBe(0);
    });
  }

  it('an error from the engine is printed as sqlite3 prints it, and the script goes on', async () => {
    const ours = await runStrataShell('SELECT * FROM nosuch;\nSELECT 1;\n', { target: SAMPLE, engine: 'strata', readonly: true });
    const theirs = runSqlite3Shell(SAMPLE, 'SELECT * FROM nosuch;\nSELECT 1;\n', ['-batch', '-readonly']);
    expect(ours.stderr.split('\n')[0]).toBe(theirs.stderr.split('\n')[0]);
    expect(visible(ours.stdout)).toBe(visible(theirs.stdout));
    expect(ours.status).toBe(1);
  });
});
