/**
 * The built-in function library, registered with the function table (store.ts) when registry.ts
 * is first imported.
 *
 * | file          | functions                                                               |
 * |---------------|-------------------------------------------------------------------------|
 * | text.ts       | length octet_length lower upper ltrim rtrim trim replace substr substring |
 * |               | instr concat concat_ws                                                  |
 * | codes.ts      | char unicode unistr hex unhex soundex                                   |
 * | misc.ts       | abs coalesce ifnull iif if nullif max min typeof likelihood likely      |
 * |               | unlikely quote unistr_quote round sign random randomblob zeroblob       |
 * |               | changes total_changes last_insert_rowid sqlite_version                  |
 * |               | sqlite_source_id subtype                                                |
 * | like.ts       | like glob                                                               |
 * | printf.ts     | printf format                                                           |
 * | math.ts       | acos acosh asin asinh atan atan2 atanh ceil ceiling cos cosh degrees    |
 * |               | exp floor ln log log10 log2 mod pi pow power radians sin sinh sqrt tan  |
 * |               | tanh trunc                                                              |
 * | datetime/     | date time datetime julianday unixepoch strftime timediff current_date   |
 * |               | current_time current_timestamp                                          |
 * | sum.ts        | sum total avg (aggregate and window)                                    |
 * | percentile.ts | median percentile percentile_cont percentile_disc                      |
 * | aggregate.ts  | count count(*) min max group_concat string_agg                          |
 * | window.ts     | row_number rank dense_rank percent_rank cume_dist ntile lag lead        |
 * |               | first_value last_value nth_value                                        |
 * | json.ts       | json json_valid json_quote json_array json_object json_array_length     |
 * |               | json_type json_extract -> ->> json_insert json_replace json_set         |
 * |               | json_remove json_patch json_pretty json_error_position jsonb            |
 * |               | jsonb_array jsonb_object jsonb_extract jsonb_insert jsonb_replace       |
 * |               | jsonb_set jsonb_remove jsonb_patch                                      |
 * | json-aggregate.ts | json_group_array json_group_object jsonb_group_array                |
 * |               | jsonb_group_object (aggregate and window)                               |
 *
 * @module
 */
import './text.js';
import './codes.js';
import './misc.js';
import './like.js';
import './printf.js';
import './math.js';
import './datetime/functions.js';
import './sum.js';
import './aggregate.js';
import './percentile.js';
import './window.js';
import './json.js';
import './json-aggregate.js';
