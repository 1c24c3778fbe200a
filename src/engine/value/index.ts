/**
 * SQL values and their semantics, for the VM and the function library.
 *
 * | file               | what                                                                  |
 * |--------------------|-----------------------------------------------------------------------|
 * | value.ts           | the Value type (NULL, INTEGER as number/bigint, REAL boxed, TEXT,     |
 * |                    | BLOB) and conversions to and from records and JavaScript              |
 * | int64.ts           | 64-bit INTEGER arithmetic with overflow detection                     |
 * | coerce.ts          | reading a Value as INTEGER / REAL / TEXT / BLOB / numeric             |
 * | text-to-number.ts  | SQLite's text → number parsers (sqlite3AtoF, sqlite3Atoi64)           |
 * | fp-decimal.ts,     | binary ↔ decimal conversion bit for bit as SQLite 3.53                |
 * | fp-decode.ts       |                                                                       |
 * | format-real.ts     | printf's %f %e %g and REAL → TEXT                                     |
 * | arithmetic.ts      | + − × / % ‖ & | << >> ~ NOT AND OR, is-true                           |
 * | compare.ts         | ordering, collations, the comparison operators with affinity          |
 * | apply-affinity.ts  | column affinity and CAST                                              |
 * | utf8.ts            | UTF-8 lengths and codecs for JavaScript strings                       |
 *
 * @module
 */
export type { StorageClass, Value } from './value.js';
export { Real, fromBound, fromRecordValue, intValue, isInt, realOrNull, storageClass, toJs, toSqlValue } from './value.js';
export type { Int } from './int64.js';
export { MAX_INT64, MIN_INT64 } from './int64.js';
export { arithmeticValue, byteLength, bytesOf, intOf, numericValue, numerify, realOf, textOf, textToNumeric } from './coerce.js';
export { atoF, atoi64, decOrHexToI64 } from './text-to-number.js';
export { formatReal, realToText } from './format-real.js';
export type { RealSpec } from './format-real.js';
export {
  add,
  and,
  bitAnd,
  bitNot,
  bitOr,
  concat,
  divide,
  isTrue,
  multiply,
  negate,
  not,
  or,
  remainder,
  shiftLeft,
  shiftRight,
  subtract,
} from './arithmetic.js';
export type { Collation, CompareOp } from './compare.js';
export { BINARY, NOCASE, RTRIM, collationNamed, compareOp, compareValue } from './compare.js';
export type { Affinity } from './apply-affinity.js';
export { affinityOf, applyAffinity, cast, castTo } from './apply-affinity.js';
