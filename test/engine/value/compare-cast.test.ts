/**
 * Comparison (with collations and comparison affinity), CAST, column affinity and REAL → TEXT
 * against SQLite 3.53 (better-sqlite3) on generated values of all five storage classes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Affinity } from '../../../src/engine/affinity.js';
import { applyAffinity, castTo } from '../../../src/engine/value/apply-affinity.js';
import type { CompareOp } from '../../../src/engine/value/compare.js';
import { collationNamed, compareOp } from '../../../src/engine/value/compare.js';
import { realToText } from '../../../src/engine/value/format-real.js';
import type { Value } from '../../../src/engine/value/value.js';
import { Real } from '../../../src/engine/value/value.js';
import { arbText, arbValue, bindValue, fcParams, mismatch, oracleDb, outcome, show, sqliteEval, toValue } from './oracle.js';

const OPS: [string, CompareOp, boolean][] = [
  ['=', 'Eq', false],
  ['<>', 'Ne', false],
  ['<', 'Lt', false],
  ['<=', 'Le', false],
  ['>', 'Gt', false],
  ['>=', 'Ge', false],
  ['IS', 'Eq', true],
  ['IS NOT', 'Ne', true],
];
const AFFINITIES: Affinity[] = ['INTEGER', 'TEXT', 'BLOB', 'REAL', 'NUMERIC'];
const near = fc.oneof(arbValue, arbText.map((t) => (typeof t === 'string' ? t.toUpperCase() + '  ' : t)));

describe('comparison vs SQLite', () => {
  for (const coll of ['BINARY', 'NOCASE', 'RTRIM']) {
    it(`?1 op ?2 COLLATE ${coll}`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...OPS), arbValue, near, ([sym, op, nullEq], a, b) => {
          const ours = outcome(() => compareOp(op, a, b, undefined, collationNamed(coll), nullEq));
          const m = mismatch(ours, sqliteEval(`?1 ${sym} ?2 COLLATE ${coll}`, [a, b]));
          expect(m, `${show(a)} ${sym} ${show(b)}`).toBeUndefined();
        }),
        fcParams(600),
      );
    });
  }

  it('column op ?: the column affinity applies to both sides (datatype3 §4.2)', () => {
    const db = oracleDb();
    db.exec('CREATE TABLE IF NOT EXISTS cmp(i INTEGER, t TEXT, b BLOB, r REAL, n NUMERIC)');
    const cols: Record<Affinity, string> = { INTEGER: 'i', TEXT: 't', BLOB: 'b', REAL: 'r', NUMERIC: 'n' };
    fc.assert(
      fc.property(fc.constantFrom(...OPS.slice(0, 6)), fc.constantFrom(...AFFINITIES), arbValue, arbValue, ([sym, op], aff, a, b) => {
        db.exec('DELETE FROM cmp');
        db.prepare(`INSERT INTO cmp(${cols[aff]}) VALUES (?)`).run(bindValue(a));
        const row = db
          .prepare(`SELECT ${cols[aff]} ${sym} ?, typeof(${cols[aff]} ${sym} ?) FROM cmp`)
          .raw(true)
          .safeIntegers(true)
          .get(bindValue(b), bindValue(b)) as [unknown, string];
        const stored = applyAffinity(a, aff);
        const ours = outcome(() => compareOp(op, stored, b, aff === 'BLOB' ? undefined : aff));
        expect(mismatch(ours, { value: toValue(row[0], row[1]) }), `${aff} ${show(a)} ${sym} ${show(b)}`).toBeUndefined();
      }),
      fcParams(600),
    );
  });
});

describe('CAST and affinity vs SQLite', () => {
  for (const aff of AFFINITIES) {
    it(`CAST(? AS ${aff})`, () => {
      fc.assert(
        fc.property(arbValue, (a) => {
          const m = mismatch(outcome(() => castTo(a, aff)), sqliteEval(`CAST(?1 AS ${aff})`, [a]));
          expect(m, show(a)).toBeUndefined();
        }),
        fcParams(600),
      );
    });
  }

  it('a value stored in a column of each affinity reads back as applyAffinity says', () => {
    const db = oracleDb();
    db.exec('CREATE TABLE IF NOT EXISTS aff(i INTEGER, t TEXT, b BLOB, r REAL, n NUMERIC)');
    const ins = db.prepare('INSERT INTO aff VALUES (?, ?, ?, ?, ?)');
    const sel = db.prepare('SELECT i, typeof(i), t, typeof(t), b, typeof(b), r, typeof(r), n, typeof(n) FROM aff').raw(true).safeIntegers(true);
    fc.assert(
      fc.property(arbValue, (a) => {
        db.exec('DELETE FROM aff');
        const x = bindValue(a);
        ins.run(x, x, x, x, x);
        const row = sel.get() as unknown[];
        ['INTEGER', 'TEXT', 'BLOB', 'REAL', 'NUMERIC'].forEach((aff, k) => {
          const theirs: Value = toValue(row[2 * k], row[2 * k + 1] as string);
          const m = mismatch({ value: applyAffinity(a, aff as Affinity) }, { value: theirs });
          expect(m, `${aff} ${show(a)}`).toBeUndefined();
        });
      }),
      fcParams(600),
    );
  });

  it('REAL → TEXT renders as SQLite (%!.17g with shortest round-trip)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ noNaN: true }), fc.integer().map((n) => n / 1000), fc.integer({ min: -400, max: 400 }).map((e) => 10 ** e)), (r) => {
        const theirs = sqliteEval('CAST(?1 AS TEXT)', [new Real(r)]);
        expect(mismatch({ value: realToText(r) }, theirs), String(r)).toBeUndefined();
      }),
      fcParams(3000),
    );
  });
});
