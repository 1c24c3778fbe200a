/**
 * Accept/reject agreement with SQLite: for every statement of the hand-written corpus, of SQLite's
 * documentation, of the sqllogictest files and for generated near-misses, our parser accepts
 * exactly what better-sqlite3's `prepare` accepts, and when both reject, the messages are equal
 * (`near "X": syntax error`, `incomplete input`, `unrecognized token: "…"` and the checks SQLite
 * makes while parsing). See oracle.ts for how semantic errors are told apart.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { runs } from './mode.js';
import { CORPUS, ORACLE_SCHEMA } from './corpus.js';
import { DOCS, DOCS_SCHEMA } from './docs-corpus.js';
import { applyEdits, charLevelArb, editsArb } from './mutate.js';
import { checkAll, compareVerdicts, ourVerdict, sqliteVerdict } from './oracle.js';
import { sltFiles, sltStatements } from './slt-statements.js';
import { SHARED_MISSING } from '../../support/shared.js';

const db = new Database(':memory:');
db.exec(ORACLE_SCHEMA);
const docsDb = new Database(':memory:');
docsDb.exec(DOCS_SCHEMA);
afterAll(() => {
  db.close();
  docsDb.close();
});

describe('parser accepts what SQLite accepts', () => {
  it('hand-written corpus: every statement, same verdict and same message', () => {
    const { mismatches, inconclusive } = checkAll(db, CORPUS);
    expect(mismatches).toEqual([]);
    expect(inconclusive).toBe(0);
  });

  it("SQL from SQLite's documentation", () => {
    const { mismatches, inconclusive } = checkAll(docsDb, DOCS);
    expect(mismatches).toEqual([]);
    expect(inconclusive).toBe(0);
  });

  const files = sltFiles();
  if (files.length === 0) console.warn(SHARED_MISSING);
  it.skipIf(files.length === 0)('every statement of the sqllogictest files (select1-5, evidence)', () => {
    // Prepared on an empty database: missing tables are semantic errors, which count as "parsed".
    const slt = new Database(':memory:');
    const statements = files.flatMap((f) => sltStatements(f).map((s) => s.sql));
    const { mismatches, inconclusive } = checkAll(slt, statements);
    slt.close();
    expect(statements.length).toBeGreaterThan(10_000);
    expect(mismatches).toEqual([]);
    expect(inconclusive).toBe(0);
  });

  it('generated near-misses (corpus statements with tokens deleted, inserted, replaced, swapped)', () => {
    const bases = [...CORPUS, ...DOCS.map((s) => s.replace(/\s+/g, ' '))];
    let inconclusive = 0;
    let cases = 0;
    fc.assert(
      fc.property(fc.nat({ max: bases.length - 1 }), editsArb, (i, edits) => {
        const sql = applyEdits(bases[i], edits);
        const s = sqliteVerdict(db, sql);
        const o = ourVerdict(sql);
        const a = compareVerdicts(s, o);
        cases++;
        if (a === 'inconclusive') inconclusive++;
        if (a === 'disagree') {
          throw new Error(`${sql}\n  sqlite: ${s.ok ? `ok (${s.message ?? 'prepared'})` : s.message}\n  ours:   ${o.ok ? 'ok' : o.message}`);
        }
      }),
      runs(6000, 0x5ea1),
    );
    // Inconclusive cases (SQLite stopped at a semantic error first) must stay rare.
    expect(inconclusive / cases).toBeLessThan(0.02);
  });

  it('generated character-level input (numbers, strings, blobs, comments, parameters, Unicode)', () => {
    const chars = new Database(':memory:');
    chars.exec('CREATE TABLE t(a, b, x, e, e5, x1, p3, abc)');
    fc.assert(
      fc.property(charLevelArb, (sql) => {
        const s = sqliteVerdict(chars, sql);
        const o = ourVerdict(sql);
        if (compareVerdicts(s, o) !== 'agree') {
          throw new Error(`${JSON.stringify(sql)}\n  sqlite: ${s.ok ? `ok (${s.message ?? 'prepared'})` : s.message}\n  ours:   ${o.ok ? 'ok' : o.message}`);
        }
      }),
      runs(5000, 0xc4a5),
    );
    chars.close();
  });
});
