/**
 * The three functions ANALYZE's bytecode calls to build one `sqlite_stat1.stat` value (SQLite's
 * analyze.c stat_init / stat_push / stat_get, without STAT4 and without PRAGMA analysis_limit):
 *
 * ```
 *   r[S]   = stat_init(nCol, nKeyCol, nEst, limit)   once per index, before its scan
 *   _      = stat_push(r[S], iChng)                  once per index entry, in index order
 *   r[OUT] = stat_get(r[S])                          after the scan: "nRow a1 … aK"
 * ```
 *
 * `iChng` is the position of the leftmost field that differs from the previous entry (0 for the
 * first entry; `nCol − 1` or less when every compared field is equal, see analyze.ts). The state is
 * a {@link StatAccum}, which travels in a register as a BLOB value, as SQLite passes a pointer in a
 * BLOB: these functions are not registered, so SQL text cannot call them; only the Function
 * instructions ANALYZE emits hold them in P4.
 *
 * Counters kept per field i (0 ≤ i < nCol), as analyze.c names them:
 *
 * | counter  | meaning                                                               |
 * |----------|-----------------------------------------------------------------------|
 * | anEq[i]  | length of the current run of entries equal in fields 0..i            |
 * | amxEq[i] | longest such run seen so far                                          |
 * | anDLt[i] | number of distinct prefixes (fields 0..i) seen so far, less one       |
 *
 * stat_get's text: the row count, then for each key field i the average number of entries per
 * distinct prefix 0..i, rounded up: ⌈nRow / (anDLt[i] + 1)⌉; a 2 is written 1 when
 * nRow·10 ≤ nDistinct·11 (an average of at most 1.1). SQLite 3.53 and 3.40 write nothing after the
 * numbers (no "unordered", "sz=", or "var=" words).
 *
 * @module
 */
import { SqliteError } from '../../error.js';
import type { Value } from '../value/value.js';
import type { ScalarFunction } from './registry.js';

/**
 * The accumulator of one index scan. A zero-length `Uint8Array` so that it is a BLOB {@link Value}
 * and a register can hold it (SQLite's StatAccum behind a BLOB pointer); its counters are fields.
 */
export class StatAccum extends Uint8Array {
  /** Entries pushed so far. */
  nRow = 0;
  readonly anEq: number[];
  readonly amxEq: number[];
  readonly anDLt: number[];

  /**
   * @param nCol - fields compared and counted: the index's columns with the rowid, or for a
   *   WITHOUT ROWID table's primary key its key columns.
   * @param nKeyCol - fields reported in the stat text (the index's key columns), 1 ≤ nKeyCol ≤ nCol.
   */
  constructor(
    readonly nCol: number,
    readonly nKeyCol: number,
  ) {
    super(0);
    this.anEq = new Array<number>(nCol).fill(0);
    this.amxEq = new Array<number>(nCol).fill(0);
    this.anDLt = new Array<number>(nCol).fill(0);
  }

  /** Folds in one entry whose leftmost differing field is `iChng` (statPush). */
  push(iChng: number): void {
    if (this.nRow === 0) {
      this.anEq.fill(1);
      this.amxEq.fill(1);
    } else {
      for (let i = 0; i < iChng; i++) this.anEq[i]++;
      for (let i = iChng; i < this.nCol; i++) {
        this.anDLt[i]++;
        if (this.amxEq[i] < this.anEq[i]) this.amxEq[i] = this.anEq[i];
        this.anEq[i] = 1;
      }
    }
    this.nRow++;
  }

  /** The `sqlite_stat1.stat` text (statGet, STAT_GET_STAT1; see the module doc). */
  stat1(): string {
    const parts = [String(this.nRow)];
    for (let i = 0; i < this.nKeyCol; i++) {
      const nDistinct = this.anDLt[i] + 1;
      let avg = Math.ceil(this.nRow / nDistinct);
      if (avg === 2 && this.nRow * 10 <= nDistinct * 11) avg = 1;
      parts.push(String(avg));
    }
    return parts.join(' ');
  }
}

function accum(v: Value | undefined, fn: string): StatAccum {
  if (v instanceof StatAccum) return v;
  throw new SqliteError('SQLITE_ERROR', `${fn}() called without its accumulator`);
}

function int(v: Value | undefined): number {
  return typeof v === 'number' ? v : Number(v);
}

/** stat_init(N, K, C, L): a fresh accumulator for an index of N fields, K of them key fields. */
export const STAT_INIT: ScalarFunction = {
  kind: 'scalar',
  name: 'stat_init',
  nArg: 4,
  deterministic: false,
  call: (args) => new StatAccum(int(args[0]), int(args[1])),
};

/** stat_push(P, C): folds in one entry whose leftmost changed field is C; returns NULL. */
export const STAT_PUSH: ScalarFunction = {
  kind: 'scalar',
  name: 'stat_push',
  nArg: 2,
  deterministic: false,
  call: (args) => {
    accum(args[0], 'stat_push').push(int(args[1]));
    return null;
  },
};

/** stat_get(P): the stat1 text of the accumulator. */
export const STAT_GET: ScalarFunction = {
  kind: 'scalar',
  name: 'stat_get',
  nArg: 1,
  deterministic: false,
  call: (args) => accum(args[0], 'stat_get').stat1(),
};
