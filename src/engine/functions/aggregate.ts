/**
 * count(), count(*), min(), max(), group_concat() and string_agg() (lang_aggfunc.html), as
 * registry entries with a window inverse where SQLite has one.
 *
 * - count(X) counts non-NULL X; count(*) (nArg 0) counts rows.
 * - min(X)/max(X) skip NULLs and keep the first of equal values (1 before 1.0); NULL for no input.
 *   They have no inverse: over a frame that does not start UNBOUNDED PRECEDING, SQLite keeps the
 *   frame's values in an ephemeral index (where an equal value, 1 vs 1.0, replaces the earlier
 *   one) and feeds its first or last entry to the function; the VM must do the same to match it
 *   on such ties. `withCollation` (or {@link minMaxAggregate}) compares TEXT through another
 *   collation.
 * - group_concat(X[, SEP]) / string_agg(X, SEP) skip NULL X; each value after the first is preceded
 *   by the separator given on its own row (',' by default, '' for a NULL separator); NULL for no
 *   input. The inverse drops the oldest value and the separator that followed it (see Concat).
 *
 * @module
 */
import type { Collation } from '../value/compare.js';
import { BINARY, compareValue } from '../value/compare.js';
import { bytesOf } from '../value/coerce.js';
import { utf8Decode, utf8Encode } from '../value/utf8.js';
import type { Value } from '../value/value.js';
import { keepShape } from '../../keep-shape.js';
import type { AggregateFunction } from './registry.js';
import { registerFunction } from './store.js';

interface Count {
  n: number;
}

/** A count's state. */
function newCount(): Count {
  return { n: 0 };
}

registerFunction({
  kind: 'aggregate',
  name: 'count',
  nArg: 0,
  init: newCount,
  step: (s) => ((s as Count).n++, s),
  inverse: (s) => ((s as Count).n--, s),
  value: (s) => (s as Count).n,
  final: (s) => (s as Count).n,
  intFold: { ready: () => true, add: (s, rows) => void ((s as Count).n += rows) },
});

registerFunction({
  kind: 'aggregate',
  name: 'count',
  nArg: 1,
  init: newCount,
  step: (s, [x]) => (x !== null && (s as Count).n++, s),
  inverse: (s, [x]) => (x !== null && (s as Count).n--, s),
  value: (s) => (s as Count).n,
  final: (s) => (s as Count).n,
  intFold: { ready: () => true, add: (s, _rows, n) => void ((s as Count).n += n) },
});

// The states below live for one statement: one of each kept, so that their shapes outlive a full
// garbage collection between statements (keep-shape.ts).
keepShape(newCount());

interface Best {
  best: Value;
  seen: boolean;
}

/** A min() or max() state. */
function newBest(): Best {
  return { best: null, seen: false };
}
keepShape(newBest());

/** min(X) or max(X) comparing TEXT through `collation` (the argument's collation, BINARY by default). */
export function minMaxAggregate(max: boolean, collation: Collation = BINARY): AggregateFunction {
  return {
    kind: 'aggregate',
    name: max ? 'max' : 'min',
    nArg: 1,
    init: newBest,
    step: (state, [x]) => {
      const s = state as Best;
      if (x === null) return s;
      if (!s.seen) {
        s.best = x;
        s.seen = true;
      } else {
        const c = compareValue(s.best, x, collation);
        if (max ? c < 0 : c > 0) s.best = x;
      }
      return s;
    },
    value: (s) => (s as Best).best,
    final: (s) => (s as Best).best,
    withCollation: (c) => minMaxAggregate(max, c),
  };
}

registerFunction(minMaxAggregate(true));
registerFunction(minMaxAggregate(false));

/**
 * group_concat's state, kept as SQLite keeps it so that window frames give SQLite's answers: the
 * accumulated UTF-8 bytes, the number of values in them, and the byte length of the separator
 * written before each value after the first. The inverse cuts the oldest value and the separator
 * after it off the front; when the text becomes empty the state restarts, and the next value is
 * then written without a separator.
 */
interface Concat {
  buf: Uint8Array;
  /** Bytes in use. */
  n: number;
  /** Whether anything was appended since the last restart (SQLite's allocated buffer). */
  started: boolean;
  /** Values accumulated. */
  count: number;
  /** Byte length of the separator given with the first value of a restart. */
  firstSepLen: number;
  /**
   * sepLens[i]: bytes of the separator written before value i + 1, once they are not all
   * firstSepLen. Entries past the values in use are stale, exactly as in SQLite, whose inverse
   * can read one after a restart.
   */
  sepLens: number[] | null;
}

function append(s: Concat, b: Uint8Array): void {
  if (s.n + b.length > s.buf.length) {
    const grown = new Uint8Array(Math.max(16, (s.n + b.length) * 2));
    grown.set(s.buf.subarray(0, s.n));
    s.buf = grown;
  }
  s.buf.set(b, s.n);
  s.n += b.length;
  s.started = true;
}

/** A group_concat() or string_agg() state. */
function newConcat(): Concat {
  return { buf: new Uint8Array(0), n: 0, started: false, count: 0, firstSepLen: 0, sepLens: null };
}
keepShape(newConcat());

function concatAggregate(name: string, nArg: number): AggregateFunction {
  const COMMA = utf8Encode(',');
  return {
    kind: 'aggregate',
    name,
    nArg,
    init: newConcat,
    step: (state, [x, sep]) => {
      const s = state as Concat;
      if (x === null) return s;
      const first = !s.started;
      const sepBytes = nArg === 1 ? COMMA : sep === null ? null : bytesOf(sep)!;
      const sepLen = sepBytes === null ? 0 : sepBytes.length;
      if (first) s.firstSepLen = sepLen;
      else {
        if (sepBytes !== null) append(s, sepBytes);
        if (nArg > 1 && (sepLen !== s.firstSepLen || s.sepLens !== null)) {
          // Lengths are tracked once they differ; the array is sized as SQLite sizes its
          // allocation, and keeps stale entries that its inverse may read (see inverse).
          if (s.sepLens === null) {
            s.sepLens = new Array<number>(s.count + 1).fill(0);
            for (let i = 0; i < s.count - 1; i++) s.sepLens[i] = s.firstSepLen;
          } else s.sepLens.length = Math.max(s.count, 1);
          s.sepLens[s.count - 1] = sepLen;
        }
      }
      s.count++;
      append(s, bytesOf(x)!);
      return s;
    },
    inverse: (state, [x]) => {
      const s = state as Concat;
      if (x === null) return s;
      let cut = bytesOf(x)!.length;
      s.count--;
      if (s.sepLens !== null) {
        if (s.count > 0) {
          cut += s.sepLens[0] ?? 0;
          // Shift down the entries still in use, leaving the rest in place (a memmove, no shrink).
          for (let i = 0; i < s.count - 1; i++) s.sepLens[i] = s.sepLens[i + 1];
        }
      } else cut += s.firstSepLen;
      if (cut >= s.n) s.n = 0;
      else {
        s.buf.copyWithin(0, cut, s.n);
        s.n -= cut;
      }
      if (s.n === 0) {
        // Restart: the next value is written as a first one, and separator tracking starts over.
        s.started = false;
        s.sepLens = null;
      }
      return s;
    },
    // A window value over values that are all empty is one NUL byte in SQLite 3.53.
    value: (state) => {
      const s = state as Concat;
      if (s.count <= 0) return null;
      return s.n === 0 ? '\0' : utf8Decode(s.buf.subarray(0, s.n));
    },
    final: (state) => {
      const s = state as Concat;
      return s.started ? utf8Decode(s.buf.subarray(0, s.n)) : null;
    },
  };
}

registerFunction(concatAggregate('group_concat', 1));
registerFunction(concatAggregate('group_concat', 2));
registerFunction(concatAggregate('string_agg', 2));
