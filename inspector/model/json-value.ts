/**
 * JSON rendering of SQLite values for `strata inspect --json` (DESIGN.md, "rows"):
 * null, number (integers beyond ±(2^53−1) as `{ "int": "decimal" }`), string, `{ "blob": "hex" }`,
 * non-finite reals as `{ "real": "Infinity" | "-Infinity" | "NaN" }`.
 *
 * @module
 */
import type { SqlValue } from '../../src/format/index.js';

/** A value as the JSON views print it. */
export type JsonValue = null | number | string | { int: string } | { blob: string } | { real: string };

/** Converts a decoded value to its JSON form. */
export function toJsonValue(v: SqlValue): JsonValue {
  if (v === null || typeof v === 'string') return v;
  if (typeof v === 'bigint') return { int: v.toString() };
  if (typeof v === 'number') return Number.isFinite(v) ? v : { real: String(v) };
  return { blob: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') };
}
