/**
 * A FunctionContext for tests: fixed counters, a fixed clock and a seeded random source.
 *
 * @module
 */
import type { FunctionContext } from '../../../src/engine/functions/registry.js';

/** A context whose values are given (defaults: 0 changes, rowid 0, now = 2026-11-26T12:00:00Z). */
export function testContext(over: Partial<{ changes: number; lastInsertRowid: number; totalChanges: number; nowMs: number }> = {}): FunctionContext {
  let seed = 12345;
  return {
    changes: () => over.changes ?? 0,
    lastInsertRowid: () => over.lastInsertRowid ?? 0,
    totalChanges: () => over.totalChanges ?? 0,
    now: () => over.nowMs ?? Date.UTC(2026, 10, 26, 12, 0, 0),
    randomBytes: (out) => {
      for (let i = 0; i < out.length; i++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        out[i] = seed >>> 24;
      }
    },
  };
}
