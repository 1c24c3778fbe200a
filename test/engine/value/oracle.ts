/**
 * better-sqlite3 (SQLite 3.53) as the oracle for value semantics and functions: Values are bound as
 * parameters with their storage class kept (INTEGER as bigint, REAL as number, TEXT, BLOB, NULL),
 * results come back with `typeof()` so that 1 and 1.0 stay apart, and are compared with ours as
 * Values. Also: fast-check arbitraries for Values with SQLite's edge cases.
 *
 * @module
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import type { Value } from '../../../src/engine/value/value.js';
import { Real, intValue, storageClass } from '../../../src/engine/value/value.js';

let db: Database.Database | undefined;

/** The shared in-memory oracle connection. */
export function oracleDb(): Database.Database {
  db ??= new Database(':memory:');
  return db;
}

/**
 * A Value as better-sqlite3 binds it with the same storage class. A lone surrogate is bound as
 * U+FFFD: that is how Strata reads one (utf8.ts), while better-sqlite3 would bind its raw CESU bytes.
 */
export function bindValue(v: Value): unknown {
  if (typeof v === 'string') return wellFormed(v);
  if (typeof v === 'number') return BigInt(v);
  if (v instanceof Real) return v.value;
  if (v instanceof Uint8Array) return Buffer.from(v);
  return v;
}

/** A result column from better-sqlite3 (safeIntegers) and its typeof() back to a Value. */
export function toValue(js: unknown, type: string): Value {
  switch (type) {
    case 'null':
      return null;
    case 'integer':
      return intValue(js as bigint);
    case 'real':
      return new Real(Number(js));
    case 'text':
      return js as string;
    default:
      return new Uint8Array(js as Buffer);
  }
}

const cache = new Map<string, Database.Statement>();

/**
 * Evaluates the SQL expression `expr` (using ?1 … ?n for `args`, rewritten to named parameters since
 * better-sqlite3 cannot bind a numbered one used twice) in SQLite; returns the Value or the error
 * message SQLite raised.
 */
export function sqliteEval(expr: string, args: readonly Value[]): { value: Value } | { error: string } {
  const e = expr.replace(/\?(\d+)/g, '@a$1');
  const sql = `SELECT ${e} AS v, typeof(${e}) AS t`;
  try {
    let st = cache.get(sql);
    if (st === undefined) {
      st = oracleDb().prepare(sql).raw(true).safeIntegers(true);
      cache.set(sql, st);
    }
    const params: Record<string, unknown> = {};
    args.forEach((a, i) => (params[`a${i + 1}`] = bindValue(a)));
    const row = (args.length === 0 ? st.get() : st.get(params)) as [unknown, string];
    return { value: toValue(row[0], row[1]) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** `s` with each lone surrogate replaced by U+FFFD (String.prototype.toWellFormed). */
export function wellFormed(s: string): string {
  return (s as unknown as { toWellFormed(): string }).toWellFormed();
}

/** A printable form of a Value for assertion messages. */
export function show(v: Value): string {
  if (v === null) return 'NULL';
  if (v instanceof Real) return `REAL(${Object.is(v.value, -0) ? '-0' : v.value})`;
  if (v instanceof Uint8Array) return `X'${Buffer.from(v).toString('hex')}'`;
  if (typeof v === 'string') return JSON.stringify(v);
  return `INT(${v})`;
}

/** Value equality: same storage class and same value (REAL bit-for-bit apart from −0 vs 0). */
export function sameValue(a: Value, b: Value): boolean {
  if (storageClass(a) !== storageClass(b)) return false;
  if (a instanceof Real) return Object.is(a.value, (b as Real).value) || a.value === (b as Real).value;
  if (a instanceof Uint8Array) return Buffer.from(a).equals(Buffer.from(b as Uint8Array));
  if (typeof a === 'string') return wellFormed(a) === wellFormed(b as string);
  return a === b;
}

/** What a call of ours produced: a value or an error message. */
export type Outcome = { value: Value } | { error: string };

/** Runs `fn`, catching an error into an Outcome. */
export function outcome(fn: () => Value): Outcome {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** Describes a mismatch between our Outcome and SQLite's, or returns undefined when they agree. */
export function mismatch(ours: Outcome, theirs: Outcome): string | undefined {
  if ('error' in theirs || 'error' in ours) {
    if ('error' in theirs && 'error' in ours && theirs.error === ours.error) return undefined;
    return `ours ${'error' in ours ? 'error ' + ours.error : show(ours.value)}, sqlite ${'error' in theirs ? 'error ' + theirs.error : show(theirs.value)}`;
  }
  return sameValue(ours.value, theirs.value) ? undefined : `ours ${show(ours.value)}, sqlite ${show(theirs.value)}`;
}

const edgeInts = [0n, 1n, -1n, 2n, 9007199254740991n, 9007199254740992n, -9007199254740993n, 9223372036854775807n,
  -9223372036854775808n, 4294967296n, -2147483648n, 100n, 10n];
const edgeReals = [0, -0, 1, -1, 0.5, -0.5, 1.5, 2.5, 1e308, -1e308, 1.7976931348623157e308, Infinity, -Infinity,
  5e-324, 1e-300, 0.1, 1 / 3, 2 ** 63, -(2 ** 63), 1e15, 1e16, 123.456, 2 ** 53, 3.14159];
const edgeTexts = ['', ' ', '0', '1', '-1', '12abc', ' 12 ', '1.5', '1e5', '1e', '.5', '5.', 'abc', 'ABC', 'aBc',
  '9223372036854775807', '9223372036854775808', '-9223372036854775808', '0x10', '1e400', '-1e400', 'NaN', 'inf',
  'héllo', '日本語', '😀x', '\ud800', 'a\u0000b', '  -3.5e2  ', '+7', '00012', 'a%b_c', '%', '_', '\t1\n'];

/** An INTEGER Value: small, edge, or any 64-bit. */
export const arbInt: fc.Arbitrary<Value> = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }).map((n) => intValue(n)),
  fc.constantFrom(...edgeInts).map((b) => intValue(b)),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((b) => intValue(b)),
);

/** A REAL Value: edge cases, small decimals and any non-NaN double. */
export const arbReal: fc.Arbitrary<Value> = fc.oneof(
  fc.constantFrom(...edgeReals).map((r) => new Real(r)),
  fc.integer({ min: -100000, max: 100000 }).map((n) => new Real(n / 100)),
  fc.double({ noNaN: true }).map((r) => new Real(r)),
);

/** A TEXT Value: numeric-looking, edge, ASCII and full Unicode (lone surrogates included). */
export const arbText: fc.Arbitrary<Value> = fc.oneof(
  fc.constantFrom(...edgeTexts),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.double({ noNaN: true }).map((r) => String(r)),
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map((b) => ' ' + String(b)),
);

/** A BLOB Value. */
export const arbBlob: fc.Arbitrary<Value> = fc.oneof(
  fc.uint8Array({ maxLength: 10 }),
  fc.constantFrom('12', 'abc', '1.5', '', 'x').map((s) => new Uint8Array(Buffer.from(s))),
);

/** Any Value, all five storage classes. */
export const arbValue: fc.Arbitrary<Value> = fc.oneof(fc.constant(null), arbInt, arbReal, arbText, arbBlob);

/** Seeded fast-check parameters for `npm test` (set FC_RUNS for a longer run). */
export function fcParams(numRuns = 300): fc.Parameters<unknown> {
  return { numRuns: Number(process.env.FC_RUNS ?? numRuns), seed: Number(process.env.FC_SEED ?? 20261126) };
}
