/**
 * No function crashes: every registered function, called with generated arguments of every
 * storage class (any count for variadic ones), returns a well-formed Value or throws a
 * SqliteError, never another exception. Aggregates run init/step/inverse/value/final likewise.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SqliteError } from '../../../src/error.js';
import { listFunctions } from '../../../src/engine/functions/registry.js';
import type { Value } from '../../../src/engine/value/value.js';
import { Real } from '../../../src/engine/value/value.js';
import { arbValue, fcParams, show } from '../value/oracle.js';
import { testContext } from './context.js';

const ctx = testContext();

function wellFormed(v: Value): boolean {
  if (v === null || typeof v === 'string' || v instanceof Uint8Array) return true;
  if (v instanceof Real) return !Number.isNaN(v.value);
  if (typeof v === 'number') return Number.isSafeInteger(v) && !Object.is(v, -0);
  return v === BigInt.asIntN(64, v) && (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER));
}

function guarded(fn: () => Value): string | undefined {
  try {
    const v = fn();
    return wellFormed(v) ? undefined : `malformed result ${show(v)}`;
  } catch (e) {
    return e instanceof SqliteError ? undefined : `threw ${(e as Error).name}: ${(e as Error).message}`;
  }
}

describe('every function is total over generated arguments', () => {
  it('scalar and aggregate functions never crash', () => {
    const fns = listFunctions();
    expect(fns.length).toBeGreaterThan(100);
    for (const fn of fns) {
      const count = fn.nArg >= 0 ? fc.constant(fn.nArg) : fc.integer({ min: 0, max: 5 });
      fc.assert(
        fc.property(count.chain((n) => fc.array(arbValue, { minLength: n, maxLength: n })), fc.array(fc.array(arbValue, { minLength: Math.max(0, fn.nArg), maxLength: Math.max(0, fn.nArg) }), { maxLength: 4 }), (args, rows) => {
          if (fn.kind === 'scalar') {
            expect(guarded(() => fn.call(args, ctx)), `${fn.name}(${args.map(show).join(', ')})`).toBeUndefined();
            return;
          }
          const problem = guarded(() => {
            let s = fn.init();
            for (const r of [args, ...rows]) s = fn.step(s, r);
            if (fn.value) fn.value(s);
            if (fn.inverse) s = fn.inverse(s, args);
            return fn.final(s);
          });
          expect(problem, `${fn.name} over ${[args, ...rows].map((r) => r.map(show).join(',')).join(' | ')}`).toBeUndefined();
        }),
        fcParams(40),
      );
    }
  });
});
