/**
 * Every deterministic core scalar function against SQLite 3.53 (better-sqlite3): fast-check
 * generates arguments of all five storage classes with SQLite's edge cases, `SELECT f(?, …),
 * typeof(f(?, …))` runs in SQLite and the same call runs through the registry; value, storage class
 * and error message must agree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findFunction } from '../../../src/engine/functions/index.js';
import type { ScalarFunction } from '../../../src/engine/functions/registry.js';
import type { Value } from '../../../src/engine/value/value.js';
import { intValue } from '../../../src/engine/value/value.js';
import { collationNamed } from '../../../src/engine/value/compare.js';
import { arbInt, arbText, arbValue, fcParams, mismatch, outcome, show, sqliteEval } from '../value/oracle.js';
import { testContext } from './context.js';

const ctx = testContext();
const smallInt = fc.integer({ min: -12, max: 12 }).map((n) => intValue(n) as Value);
const anyOrSmall = fc.oneof(arbValue, smallInt);
const textish = fc.oneof(arbText, arbValue);
const trimSet = fc.oneof(fc.constantFrom<Value>(' ', 'ab', 'xyz ', '日', '', null, 1), arbText);
const hexText = fc.oneof(
  fc.uint8Array({ maxLength: 6 }).map((b) => Buffer.from(b).toString('hex') as Value),
  fc.constantFrom<Value>('4a-4B', 'ab c', '0', 'zz', '12 34', '1-2'),
  arbText,
);
// Escapes of lone surrogates (\uD800) are left out: SQLite writes their raw 3-byte form, a JavaScript
// string holds a lone surrogate (utf8.ts), so the two cannot be compared as text.
const escaped = fc.oneof(fc.constantFrom<Value>('\\u0041', '\\+01F600', '\\U0001F600', '\\\\', '\\0041x', 'a\\b', '\\u00e9', 'plain'), arbText);

/** [name, arity → argument arbitraries] */
const CASES: [string, fc.Arbitrary<Value>[]][] = [
  ['abs', [arbValue]],
  ['char', [smallInt.map((n) => (Number(n) + 100) as Value), fc.oneof(arbInt, fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff))]],
  ['coalesce', [arbValue, arbValue, arbValue]],
  ['concat', [arbValue, arbValue]],
  ['concat_ws', [textish, arbValue, arbValue]],
  ['glob', [fc.oneof(fc.constantFrom<Value>('a*', '*b?', '[a-c]*', '[^x]?', '*[0-9]*', 'A?C', '[]]*'), arbText), textish]],
  ['hex', [arbValue]],
  ['ifnull', [arbValue, arbValue]],
  ['iif', [arbValue, arbValue, arbValue]],
  ['iif', [arbValue, arbValue]],
  ['iif', [arbValue, arbValue, arbValue, arbValue]],
  ['if', [arbValue, arbValue, arbValue, arbValue, arbValue]],
  ['unistr_quote', [fc.oneof(arbValue, fc.constantFrom<Value>('a\u0001b', 'x\\y\n', "it's\t"))]],
  ['subtype', [arbValue]],
  ['instr', [arbValue, fc.oneof(arbValue, fc.constantFrom<Value>('a', 'b', '', new Uint8Array([0x61])))]],
  ['length', [arbValue]],
  ['octet_length', [arbValue]],
  ['like', [fc.oneof(fc.constantFrom<Value>('a%', '%B_', '_', '%', 'ab\\%', '%1%', 'AbC', '日%'), arbText), textish]],
  ['like', [fc.constantFrom<Value>('a%', '%B_', 'x!%', '!_%', '%!!'), textish, fc.constantFrom<Value>('!', '%', '_', 'ab', '')]],
  ['lower', [arbValue]],
  ['upper', [arbValue]],
  ['ltrim', [arbValue]],
  ['ltrim', [arbValue, trimSet]],
  ['rtrim', [arbValue, trimSet]],
  ['trim', [arbValue]],
  ['trim', [arbValue, trimSet]],
  ['max', [arbValue, arbValue]],
  ['min', [arbValue, arbValue, arbValue]],
  ['nullif', [arbValue, arbValue]],
  ['quote', [arbValue]],
  ['replace', [arbValue, fc.oneof(arbValue, fc.constantFrom<Value>('a', '', '1')), arbValue]],
  ['round', [arbValue]],
  ['round', [arbValue, fc.oneof(smallInt, arbValue)]],
  ['sign', [arbValue]],
  ['soundex', [fc.oneof(arbValue, fc.constantFrom<Value>('Robert', 'Rupert', 'Tymczak', 'Pfister', 'Ashcraft', 'Lee', 'Honeyman'))]],
  ['substr', [arbValue, anyOrSmall]],
  ['substr', [arbValue, anyOrSmall, anyOrSmall]],
  ['substring', [arbValue, anyOrSmall, anyOrSmall]],
  ['typeof', [arbValue]],
  ['unhex', [hexText]],
  ['unhex', [hexText, fc.constantFrom<Value>(' ', '-', ' -', '', null)]],
  ['unicode', [arbValue]],
  ['unistr', [escaped]],
  ['zeroblob', [fc.oneof(smallInt, fc.constantFrom<Value>('3', null))]],
  ['likely', [arbValue]],
  ['unlikely', [arbValue]],
];

function sqlCall(name: string, n: number): string {
  return `${name}(${Array.from({ length: n }, (_, i) => `?${i + 1}`).join(', ')})`;
}

describe('core scalar functions vs SQLite', () => {
  for (const [name, arbs] of CASES) {
    it(`${name}/${arbs.length}`, () => {
      const fn = findFunction(name, arbs.length) as ScalarFunction;
      expect(fn?.kind).toBe('scalar');
      fc.assert(
        fc.property(fc.tuple(...arbs), (args) => {
          const theirs = sqliteEval(sqlCall(name, args.length), args);
          const m = mismatch(outcome(() => fn.call(args, ctx)), theirs);
          expect(m, `${name}(${args.map(show).join(', ')})`).toBeUndefined();
        }),
        fcParams(300),
      );
    });
  }

  it('LIKE and GLOB over dense wildcard alphabets', () => {
    const pat = (chars: string): fc.Arbitrary<Value> => fc.array(fc.constantFrom(...chars), { maxLength: 8 }).map((a) => a.join(''));
    const subject = pat('abA]-^[é');
    const like = findFunction('like', 2) as ScalarFunction;
    const likeEsc = findFunction('like', 3) as ScalarFunction;
    const glob = findFunction('glob', 2) as ScalarFunction;
    fc.assert(
      fc.property(pat('abA%_!é'), pat('ab*?[]^-é'), subject, (lp, gp, x) => {
        expect(mismatch(outcome(() => like.call([lp, x], ctx)), sqliteEval('?1 LIKE ?2', [x, lp])), `${show(x)} LIKE ${show(lp)}`).toBeUndefined();
        expect(mismatch(outcome(() => likeEsc.call([lp, x, '!'], ctx)), sqliteEval("?1 LIKE ?2 ESCAPE '!'", [x, lp])), `${show(x)} LIKE ${show(lp)} ESCAPE '!'`).toBeUndefined();
        expect(mismatch(outcome(() => glob.call([gp, x], ctx)), sqliteEval('?1 GLOB ?2', [x, gp])), `${show(x)} GLOB ${show(gp)}`).toBeUndefined();
      }),
      fcParams(3000),
    );
  });

  it('LIKE/GLOB patterns longer than 50,000 bytes are "too complex", as in SQLite', () => {
    const like = findFunction('like', 2) as ScalarFunction;
    for (const p of ['x'.repeat(50000), 'x'.repeat(50001), 'é'.repeat(25000), 'é'.repeat(25001)]) {
      expect(mismatch(outcome(() => like.call([p, 'a'], ctx)), sqliteEval('?1 LIKE ?2', ['a', p])), `${p.length} chars`).toBeUndefined();
    }
  });

  it('max/min/nullif through the collation of their arguments (withCollation)', () => {
    const cased = fc.oneof(arbValue, fc.constantFrom<Value>('abc', 'ABC', 'abc  ', 'Abd', 'b', 'B '));
    for (const coll of ['NOCASE', 'RTRIM']) {
      for (const [name, n] of [['max', 3], ['min', 3], ['nullif', 2]] as [string, number][]) {
        const fn = (findFunction(name, n) as ScalarFunction).withCollation!(collationNamed(coll)!);
        fc.assert(
          fc.property(fc.array(cased, { minLength: n, maxLength: n }), (args) => {
            const sql = `${name}(?1 COLLATE ${coll}${args.slice(1).map((_, i) => `, ?${i + 2}`).join('')})`;
            expect(mismatch(outcome(() => fn.call(args, ctx)), sqliteEval(sql, args)), `${sql} ${args.map(show).join(', ')}`).toBeUndefined();
          }),
          fcParams(200),
        );
      }
    }
  });

  it('likelihood(X, constant)', () => {
    const fn = findFunction('likelihood', 2) as ScalarFunction;
    for (const lit of ['0.5', '0.0', '1.0', '1', '2.0', '-0.5', "'x'", 'NULL']) {
      fc.assert(
        fc.property(arbValue, (x) => {
          const p = sqliteEval(lit, []);
          const m = mismatch(outcome(() => fn.call([x, 'value' in p ? p.value : null], ctx)), sqliteEval(`likelihood(?1, ${lit})`, [x]));
          expect(m, `likelihood(${show(x)}, ${lit})`).toBeUndefined();
        }),
        fcParams(20),
      );
    }
  });

  it('sqlite_version() and sqlite_source_id() are the oracle version', () => {
    const fn = findFunction('SQLITE_VERSION', 0) as ScalarFunction;
    expect(mismatch(outcome(() => fn.call([], ctx)), sqliteEval('sqlite_version()', []))).toBeUndefined();
    const id = findFunction('sqlite_source_id', 0) as ScalarFunction;
    expect(mismatch(outcome(() => id.call([], ctx)), sqliteEval('sqlite_source_id()', []))).toBeUndefined();
  });

  it('wrong argument counts are errors worded as SQLite words them', () => {
    for (const [name, args] of [['coalesce', [1]], ['iif', [1]], ['concat', []], ['concat_ws', [',']]] as [string, Value[]][]) {
      const fn = findFunction(name, args.length) as ScalarFunction;
      const sql = `${name}(${args.map((_, i) => `?${i + 1}`).join(', ')})`;
      expect(mismatch(outcome(() => fn.call(args, ctx)), sqliteEval(sql, args)), sql).toBeUndefined();
    }
  });

  it('random() is an INTEGER, randomblob(N) N bytes (at least 1), both from the context', () => {
    const random = findFunction('random', 0) as ScalarFunction;
    const randomblob = findFunction('randomblob', 1) as ScalarFunction;
    expect(random.deterministic).toBe(false);
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const r = random.call([], ctx);
      expect(typeof r === 'number' || typeof r === 'bigint').toBe(true);
      seen.add(String(r));
    }
    expect(seen.size).toBeGreaterThan(45);
    for (const n of [-5, 0, 1, 16, '7']) {
      const b = randomblob.call([n], ctx) as Uint8Array;
      const theirs = sqliteEval('length(randomblob(?1))', [n]);
      expect('value' in theirs && Number(theirs.value)).toBe(b.length);
    }
  });

  it('changes(), total_changes() and last_insert_rowid() read the context', () => {
    const c = testContext({ changes: 3, totalChanges: 10, lastInsertRowid: 42 });
    expect((findFunction('changes', 0) as ScalarFunction).call([], c)).toBe(3);
    expect((findFunction('total_changes', 0) as ScalarFunction).call([], c)).toBe(10);
    expect((findFunction('last_insert_rowid', 0) as ScalarFunction).call([], c)).toBe(42);
  });
});
