/**
 * The prototype tests of class-tests.ts give what `instanceof` gives (the oracle here is the
 * language's own operator) for objects of each class, of a subclass, of the other classes, plain
 * objects, null, undefined and primitives — also after a class's `name` was redefined as esbuild's
 * keepNames does.
 */
import { describe, expect, it } from 'vitest';
import { BtreeVdbeCursor } from '../../../src/engine/vdbe/btree-cursor.js';
import { isAggCell, isBtreeCursor, isMemIndexCursor, isMemTableCursor, isPseudoCursor } from '../../../src/engine/vdbe/class-tests.js';
import { AggCell } from '../../../src/engine/vdbe/mem.js';
import { MemIndexCursor, MemTableCursor, PseudoCursor } from '../../../src/engine/vdbe/memory-cursor.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Ctor = abstract new (...args: any[]) => object;
const CASES: [Ctor, (x: unknown) => boolean][] = [
  [BtreeVdbeCursor, isBtreeCursor],
  [AggCell, isAggCell],
  [PseudoCursor, isPseudoCursor],
  [MemIndexCursor, isMemIndexCursor],
  [MemTableCursor, isMemTableCursor],
];

function samples(): unknown[] {
  const out: unknown[] = [null, undefined, 0, 1.5, 'text', 10n, true, Symbol('s'), {}, [], new Uint8Array(2), Object.create(null)];
  for (const [C] of CASES) {
    out.push(Object.create(C.prototype));
    const Sub = class extends (C as unknown as new () => object) {};
    out.push(Object.create(Sub.prototype));
  }
  return out;
}

describe('class tests agree with instanceof', () => {
  for (const [C, test] of CASES) {
    it(C.name, () => {
      samples().forEach((x, i) => expect(test(x), `sample ${i}`).toBe(x instanceof C));
      const before = C.name;
      Object.defineProperty(C, 'name', { value: before, configurable: true }); // as keepNames does
      samples().forEach((x, i) => expect(test(x), `sample ${i}`).toBe(x instanceof C));
    });
  }
});
