/**
 * generate_series(START[, STOP[, STEP]]) rows, as SQLite's series.c extension (the 3.40 CLI's)
 * gives them: columns value, start, stop, step (the last three HIDDEN). Arguments are read as
 * INTEGERs (sqlite3_value_int64: 1.5 → 1, 'a' → 0); STOP defaults to 4294967295, STEP to 1, a
 * STEP of 0 counts as 1; a negative STEP lists the same values as |STEP| in descending order (and
 * the step column shows |STEP|); any NULL argument gives no rows.
 *
 * Rows are materialized (table-function.ts), so a series longer than {@link MAX_SERIES_ROWS}
 * is refused with an error instead of exhausting memory.
 *
 * @module
 */
import { intOf } from '../value/coerce.js';
import type { Value } from '../value/value.js';
import { intValue } from '../value/value.js';
import { sqlError } from './context.js';

/** Column names; value, then the HIDDEN start, stop, step. */
export const SERIES_COLUMNS = ['value', 'start', 'stop', 'step'];

/** The longest series Strata materializes. */
export const MAX_SERIES_ROWS = 10_000_000;

/**
 * The rows of generate_series for `args`.
 * @throws SqliteError when the series has more than {@link MAX_SERIES_ROWS} rows.
 */
export function seriesRows(args: Value[]): Value[][] {
  if (args.some((a) => a === null)) return [];
  const start = BigInt(intOf(args[0]));
  const stop = args.length > 1 ? BigInt(intOf(args[1])) : 4294967295n;
  let step = args.length > 2 ? BigInt(intOf(args[2])) : 1n;
  const desc = step < 0n;
  if (desc) step = -step;
  if (step === 0n) step = 1n;
  if (start > stop) return [];
  const n = (stop - start) / step + 1n;
  if (n > BigInt(MAX_SERIES_ROWS)) throw sqlError(`generate_series() of ${n} rows is more than Strata materializes (${MAX_SERIES_ROWS})`);
  const hidden = [intValue(start), intValue(stop), intValue(step)];
  const rows: Value[][] = [];
  for (let k = 0n; k < n; k++) rows.push([intValue(start + k * step), ...hidden]);
  if (desc) rows.reverse();
  return rows;
}
