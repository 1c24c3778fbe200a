/**
 * The built-in function library: importing this module registers every function with the
 * registry (registry.ts), which the VDBE queries through {@link findFunction}.
 *
 * | file          | functions                                                               |
 * |---------------|-------------------------------------------------------------------------|
 * | text.ts       | length octet_length lower upper ltrim rtrim trim replace substr substring |
 * |               | instr char unicode unistr hex unhex concat concat_ws soundex            |
 * | misc.ts       | abs coalesce ifnull iif if nullif max min typeof likelihood likely      |
 * |               | unlikely quote round sign random randomblob zeroblob changes            |
 * |               | total_changes last_insert_rowid sqlite_version                          |
 * | like.ts       | like glob                                                               |
 * | printf.ts     | printf format                                                           |
 *
 * @module
 */
import './text.js';
import './misc.js';
import './like.js';
import './printf.js';

export type { AggregateFunction, FunctionContext, ScalarFunction, SqlFunction } from './registry.js';
export { findFunction, functionExists, registerFunction } from './registry.js';
