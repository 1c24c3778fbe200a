/**
 * Class tests for the VDBE's hot paths, written as prototype tests instead of `instanceof`.
 *
 * Why: `x instanceof C` is lowered by V8 to a map check only while C's own properties are those
 * every class has. A build that keeps function names (esbuild `keepNames`, which tsx applies, so
 * `npm run bench` runs that way) redefines each class's `name` (`static { __name(this, "C") }`),
 * and from then on `instanceof C` takes V8's generic path: about seven times slower, and the
 * count+sum scan ran 13.9 instead of 8.8 ms. `C.prototype.isPrototypeOf(x)` answers the same
 * question (subclasses included, false for null and primitives) and stays a map check either way.
 *
 * Each test reads a prototype held in a module constant, so the optimizing compiler folds it.
 *
 * @module
 */
import { BtreeVdbeCursor } from './btree-cursor.js';
import { AggCell } from './mem.js';
import { MemIndexCursor, MemTableCursor, PseudoCursor } from './memory-cursor.js';

const BTREE: object = BtreeVdbeCursor.prototype;
const AGG_CELL: object = AggCell.prototype;
const PSEUDO: object = PseudoCursor.prototype;
const MEM_INDEX: object = MemIndexCursor.prototype;
const MEM_TABLE: object = MemTableCursor.prototype;

/** `x instanceof BtreeVdbeCursor`. */
export function isBtreeCursor(x: unknown): x is BtreeVdbeCursor {
  return Object.prototype.isPrototypeOf.call(BTREE, x as object);
}

/** `x instanceof AggCell`. */
export function isAggCell(x: unknown): x is AggCell {
  return Object.prototype.isPrototypeOf.call(AGG_CELL, x as object);
}

/** `x instanceof PseudoCursor`. */
export function isPseudoCursor(x: unknown): x is PseudoCursor {
  return Object.prototype.isPrototypeOf.call(PSEUDO, x as object);
}

/** `x instanceof MemIndexCursor`. */
export function isMemIndexCursor(x: unknown): x is MemIndexCursor {
  return Object.prototype.isPrototypeOf.call(MEM_INDEX, x as object);
}

/** `x instanceof MemTableCursor`. */
export function isMemTableCursor(x: unknown): x is MemTableCursor {
  return Object.prototype.isPrototypeOf.call(MEM_TABLE, x as object);
}
