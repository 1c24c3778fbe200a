/**
 * The operators exported for the VM against SQLite 3.53 (better-sqlite3) on generated operands of
 * all five storage classes: value and storage class must agree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Real, type Value } from '../../../src/engine/value/value.js';
import * as ops from '../../../src/engine/value/arithmetic.js';
import { arbInt, arbReal, arbValue, fcParams, mismatch, outcome, show, sqliteEval } from './oracle.js';

const binary: [string, (a: Value, b: Value) => Value][] = [
  ['+', ops.add],
  ['-', ops.subtract],
  ['*', ops.multiply],
  ['/', ops.divide],
  ['%', ops.remainder],
  ['||', ops.concat],
  ['&', ops.bitAnd],
  ['|', ops.bitOr],
  ['<<', ops.shiftLeft],
  ['>>', ops.shiftRight],
  ['AND', ops.and],
  ['OR', ops.or],
];

const numeric = fc.oneof(arbInt, arbReal, arbValue);
const shiftAmount = fc.oneof(arbValue, fc.integer({ min: -70, max: 70 }));

describe('binary operators vs SQLite', () => {
  for (const [sym, fn] of binary) {
    it(`?1 ${sym} ?2`, () => {
      const args = sym === '<<' || sym === '>>' ? shiftAmount : numeric;
      fc.assert(
        fc.property(numeric, args, (a, b) => {
          const m = mismatch(outcome(() => fn(a, b)), sqliteEval(`?1 ${sym} ?2`, [a, b]));
          expect(m, `${show(a)} ${sym} ${show(b)}`).toBeUndefined();
        }),
        fcParams(400),
      );
    });
  }
});

describe('TEXT and BLOB operands in floating point vs SQLite', () => {
  it("read as the double their text spells: '-0' * 1.0 is -0.0", () => {
    const left: Value[] = ['-0', '-0.0', ' -0 ', '-00', '-0e5', '-0x', new Uint8Array([0x2d, 0x30]), '9007199254740993', '-12abc'];
    const right: Value[] = [new Real(1), '1e2', 100, new Real(0.5), new Real(-1), '-0', 7];
    // sameValue counts 0.0 and -0.0 equal; here the sign of a zero must agree too.
    const signed = (o: ReturnType<typeof outcome>): string => ('value' in o && o.value instanceof Real && o.value.value === 0 ? (Object.is(o.value.value, -0) ? '-0.0' : '0.0') : '');
    for (const [sym, fn] of binary.slice(0, 5)) {
      for (const [x, y] of left.flatMap((a) => right.flatMap((b) => [[a, b], [b, a]]))) {
        const ours = outcome(() => fn(x, y));
        const theirs = sqliteEval(`?1 ${sym} ?2`, [x, y]);
        expect(mismatch(ours, theirs), `${show(x)} ${sym} ${show(y)}`).toBeUndefined();
        expect(signed(ours), `${show(x)} ${sym} ${show(y)}`).toBe(signed(theirs));
      }
    }
  });
});

describe('unary operators vs SQLite', () => {
  const unary: [string, (a: Value) => Value][] = [
    ['-?1', ops.negate],
    ['~?1', ops.bitNot],
    ['NOT ?1', ops.not],
    ['?1 IS TRUE', (a) => (ops.isTrue(a) ? 1 : 0)],
  ];
  for (const [expr, fn] of unary) {
    it(expr, () => {
      fc.assert(
        fc.property(numeric, (a) => {
          expect(mismatch(outcome(() => fn(a)), sqliteEval(expr, [a])), show(a)).toBeUndefined();
        }),
        fcParams(400),
      );
    });
  }
});
