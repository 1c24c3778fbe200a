/**
 * formatGenericAlt2 (x87 long double emulation) against SQLite 3.40's own printf: the sqlite3 CLI
 * evaluates `printf('%!.15g', x)` and `printf('%!.20g', x)` over doubles stored exactly by
 * better-sqlite3. Random bit patterns (every exponent), short decimals at every scale, and edges.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatGenericAlt2 } from '../../../src/cli/shell/sqlite-printf.js';
import { sqlite3Available } from '../../support/sqlite3-cli.js';
import { TIMEOUT, runs, runSqlite3Shell, tempDir } from './harness.js';

const EDGES = [0, -0, 1, -1, 0.1, 0.5, 1 / 3, 2 / 3, 1e15, 1e16, 1e17, 1e20, 1e21, 1e-4, 1e-5, 9.999999999999998, 99999999999999.98,
  999999999999999.9, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -1.5e-7, 123456789012345680, 0.30000000000000004];

const doubles = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.tuple(fc.integer({ min: -999999, max: 999999 }), fc.integer({ min: -30, max: 30 })).map(([m, e]) => (m / 1000) * 10 ** e),
);

describe.skipIf(!sqlite3Available())('%!.15g and %!.20g as SQLite 3.40 prints them', () => {
  it('matches sqlite3 printf on edges and 3000 generated doubles (seeded)', { timeout: TIMEOUT }, () => {
    const values = [...EDGES, ...fc.sample(doubles, runs(424242, 3000, 300000))];
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'v.db');
      const db = new Database(file);
      db.exec('CREATE TABLE v(x REAL)');
      const ins = db.prepare('INSERT INTO v VALUES (?)');
      db.transaction(() => values.forEach((x) => ins.run(x)))();
      db.close();
      const out = runSqlite3Shell(file, "SELECT printf('%!.15g', x) || '|' || printf('%!.20g', x) FROM v ORDER BY rowid;\n", ['-batch']);
      const lines = out.stdout.toString('utf8').split('\n');
      const ours = values.map((x) => `${formatGenericAlt2(x, 15)}|${formatGenericAlt2(x, 20)}`);
      expect(ours).toEqual(lines.slice(0, values.length));
    } finally {
      tmp.cleanup();
    }
  });

  it('spells the non-finite values as SQLite', () => {
    expect([formatGenericAlt2(Infinity, 15), formatGenericAlt2(-Infinity, 20), formatGenericAlt2(NaN, 15)]).toEqual(['Inf', '-Inf', 'NaN']);
  });
});
