/**
 * The README's b-tree toolkit example (examples/btree-write.ts), run as a user runs it: sqlite3
 * finds the file intact and reads the rows the example wrote.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, integrityOk } from '../support/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-example-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('examples/btree-write.ts', () => {
  it('writes a database sqlite3 reads', () => {
    const file = join(dir, 'planets.db');
    const out = execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['examples/btree-write.ts', file], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(out).toBe(`${file}: table planets at root page 2, 4 rows\n`);
    expect(integrityOk(file)).toBe(true);
    const rows = execFileSync('sqlite3', ['-json', file, 'SELECT rowid, name, au FROM planets ORDER BY rowid'], { encoding: 'utf8' });
    expect(JSON.parse(rows)).toEqual([
      { rowid: 1, name: 'Mercury', au: 0.387 },
      { rowid: 2, name: 'Venus', au: 0.723 },
      { rowid: 3, name: 'Earth', au: 1.0 },
      { rowid: 4, name: 'Mars', au: 1.524 },
    ]);
  });
});
