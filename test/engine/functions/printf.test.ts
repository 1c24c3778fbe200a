/**
 * printf()/format() against SQLite 3.53 (better-sqlite3): generated format strings (flags, widths,
 * precisions, `*`, every conversion, literal text, stray `%`) with generated arguments of all
 * storage classes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findFunction } from '../../../src/engine/functions/index.js';
import type { ScalarFunction } from '../../../src/engine/functions/registry.js';
import type { Value } from '../../../src/engine/value/value.js';
import { Real } from '../../../src/engine/value/value.js';
import { arbInt, arbReal, arbValue, fcParams, mismatch, outcome, show, sqliteEval } from '../value/oracle.js';
import { testContext } from './context.js';

const ctx = testContext();
const printf = findFunction('printf', -1) as ScalarFunction;

const conversion = fc
  .record({
    flags: fc.subarray(['-', '+', ' ', '0', '#', '!', ','], { maxLength: 3 }).chain((f) => fc.shuffledSubarray(f, { minLength: f.length })),
    width: fc.oneof(fc.constant(''), fc.integer({ min: 1, max: 25 }).map(String), fc.constant('*')),
    precision: fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 25 }).map((n) => '.' + n), fc.constant('.*'), fc.constant('.')),
    length: fc.constantFrom('', '', '', 'l', 'll'),
    conv: fc.constantFrom('d', 'i', 'u', 'x', 'X', 'o', 'f', 'e', 'E', 'g', 'G', 's', 'z', 'q', 'Q', 'w', 'c', '%'),
  })
  .map((c) => `%${c.flags.join('')}${c.width}${c.precision}${c.length}${c.conv}`);

const literal = fc.constantFrom('', 'x', ' = ', '日本', "'", '"', '%', 'abc%');
const format = fc.array(fc.oneof(conversion, literal), { minLength: 1, maxLength: 4 }).map((p) => p.join(''));
const starArg = fc.integer({ min: -30, max: 30 }).map((n) => n as Value);
const arg = fc.oneof(arbValue, arbInt, arbReal, starArg, fc.constantFrom<Value>("it's", 'say "hi"', '日本語', 'ab', null));
// With a '*' in the format, arguments stay small: a huge width is legal but builds a 500 MB string.
const smallArg = fc.oneof(starArg, fc.constantFrom<Value>("it's", '日本語', 'ab', null, new Real(2.5), new Real(-1e-3)));
const formatAndArgs = format.chain((f) => fc.tuple(fc.constant(f), fc.array(f.includes('*') ? smallArg : arg, { maxLength: 6 })));

describe('printf vs SQLite', () => {
  it('generated formats and arguments', () => {
    fc.assert(
      fc.property(formatAndArgs, ([f, args]) => {
        const all: Value[] = [f, ...args];
        const sql = `printf(${all.map((_, i) => `?${i + 1}`).join(', ')})`;
        const m = mismatch(outcome(() => printf.call(all, ctx)), sqliteEval(sql, all));
        expect(m, `printf(${all.map(show).join(', ')})`).toBeUndefined();
      }),
      fcParams(3000),
    );
  });

  it('floating-point conversions over many doubles', () => {
    const fconv = fc
      .record({
        flags: fc.subarray(['-', '+', ' ', '0', '#', '!', ','], { maxLength: 3 }),
        width: fc.oneof(fc.constant(''), fc.integer({ min: 1, max: 30 }).map(String)),
        precision: fc.oneof(fc.constant(''), fc.integer({ min: 0, max: 40 }).map((n) => '.' + n)),
        conv: fc.constantFrom('f', 'e', 'E', 'g', 'G'),
      })
      .map((c) => `%${c.flags.join('')}${c.width}${c.precision}${c.conv}`);
    fc.assert(
      fc.property(fconv, fc.oneof(fc.double({ noNaN: true }), fc.integer().map((n) => n / 1000), fc.constantFrom(0.5, 1.5, 2.5, 0.05, 9.995, 1e-7)), (f, r) => {
        const args: Value[] = [f, new Real(r)];
        const m = mismatch(outcome(() => printf.call(args, ctx)), sqliteEval('printf(?1, ?2)', args));
        expect(m, `printf(${args.map(show).join(', ')})`).toBeUndefined();
      }),
      fcParams(3000),
    );
  });

  it('huge precisions and widths are "string or blob too big" as in SQLite', () => {
    for (const [f, n] of [['%.*d', 536870879n], ['%.*c', 600000000n], ['%.*d', -28013228940328927n]] as const) {
      const args: Value[] = [f, n, 'a'];
      expect(mismatch(outcome(() => printf.call(args, ctx)), sqliteEval('printf(?1, ?2, ?3)', args)), f).toBeUndefined();
    }
  });

  it('format() is printf() and a NULL format gives NULL', () => {
    const format = findFunction('format', -1) as ScalarFunction;
    expect(mismatch(outcome(() => format.call(['%d-%s', 5, 'x'], ctx)), sqliteEval("format('%d-%s', 5, 'x')", []))).toBeUndefined();
    expect(mismatch(outcome(() => format.call([null, 5], ctx)), sqliteEval('format(NULL, 5)', []))).toBeUndefined();
  });
});
