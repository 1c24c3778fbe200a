/**
 * BINARY is memcmp of the stored bytes, so text orders differently in UTF-8, UTF-16le and UTF-16be
 * databases. For generated strings (BMP, U+E000.., supplementary planes), files made by SQLite in
 * each encoding, and queries that order, compare and seek (ORDER BY, min/max, <, an index range),
 * Strata's engine returns what SQLite (better-sqlite3) returns on the same file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/api/index.js';
import { orderSensitiveText } from '../../support/text-arbitrary.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-textorder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = orderSensitiveText(5);

const QUERIES = [
  'SELECT s FROM t ORDER BY s, id',
  'SELECT min(s), max(s) FROM t',
  'SELECT id FROM t WHERE s < (SELECT s FROM t WHERE id = 1) ORDER BY id',
  'SELECT id FROM t INDEXED BY t_s WHERE s >= (SELECT s FROM t WHERE id = 2) ORDER BY id',
  'SELECT DISTINCT s FROM t ORDER BY 1 DESC',
];

describe('text order per database encoding, against SQLite', () => {
  let n = 0;
  for (const encoding of ['UTF-8', 'UTF-16le', 'UTF-16be']) {
    it(encoding, () => {
      fc.assert(
        fc.property(fc.array(text, { minLength: 2, maxLength: 30 }), (strings) => {
          const f = join(dir, `t${n++}.db`);
          const oracle = new BetterSqlite3(f);
          oracle.pragma(`encoding = '${encoding}'`);
          oracle.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, s TEXT); CREATE INDEX t_s ON t(s)');
          const ins = oracle.prepare('INSERT INTO t(s) VALUES (?)');
          for (const s of strings) ins.run(s);
          const strata = new Database(f, { readonly: true });
          try {
            for (const q of QUERIES) expect(strata.prepare(q).raw(true).all(), `${encoding}: ${q}`).toEqual(oracle.prepare(q).raw(true).all());
          } finally {
            strata.close();
            oracle.close();
          }
        }),
        { seed: 1126, numRuns: 15 },
      );
    });
  }
});
