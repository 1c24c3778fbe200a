/**
 * BINARY is memcmp of the stored bytes, so its order depends on the database's text encoding:
 * code points in UTF-8, code units in UTF-16be, byte-swapped code units in UTF-16le. For random
 * strings (fast-check: BMP, surrogate pairs, private-use U+E000..), sqlite3's `ORDER BY s` in a
 * database of each encoding is the order binaryCollation(encoding) and collationFor('RTRIM', …) give.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { binaryCollation, collationFor } from '../../src/btree/compare.js';
import type { TextEncoding } from '../../src/format/index.js';
import { orderSensitiveText } from '../support/text-arbitrary.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-coll-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENCODINGS: [TextEncoding, string][] = [
  [1, 'UTF-8'],
  [2, 'UTF-16le'],
  [3, 'UTF-16be'],
];

const text = orderSensitiveText(6);

/** Rows of (i, s) ordered by sqlite3 with `ORDER BY s COLLATE coll, i`, as the list of i. */
function sqliteOrder(encoding: string, strings: string[], coll: string): number[] {
  const f = join(dir, `${encoding}-${coll}.sql`);
  const values = strings.map((s, i) => `(${i}, '${s.replace(/'/g, "''")}')`).join(',');
  writeFileSync(f, `PRAGMA encoding='${encoding}'; CREATE TABLE t(i, s TEXT); INSERT INTO t VALUES ${values};\nSELECT i FROM t ORDER BY s COLLATE ${coll}, i;\n`);
  const out = execFileSync('sqlite3', [':memory:', `.read ${f}`], { encoding: 'utf8' });
  return out.trim().split('\n').filter(Boolean).map(Number);
}

describe('BINARY and RTRIM order per text encoding, against sqlite3', () => {
  for (const [enc, name] of ENCODINGS) {
    for (const coll of ['BINARY', 'RTRIM']) {
      it(`${name} ${coll}`, () => {
        fc.assert(
          fc.property(fc.array(text.map((s) => (coll === 'RTRIM' ? s + ' '.repeat(s.length % 3) : s)), { minLength: 2, maxLength: 40 }), (strings) => {
            const cmp = coll === 'BINARY' ? binaryCollation(enc) : collationFor(coll, enc)!;
            const ours = strings.map((s, i) => ({ s, i })).sort((a, b) => cmp(a.s, b.s) || a.i - b.i).map((x) => x.i);
            expect(ours).toEqual(sqliteOrder(name, strings, coll));
          }),
          { seed: 56 + enc, numRuns: 25 },
        );
      });
    }
  }
});
