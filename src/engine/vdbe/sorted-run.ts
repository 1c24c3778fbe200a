/**
 * A sorted sorter's records of INTEGERs as an index record run (btree/write/append.ts
 * IndexRecordRun): CREATE INDEX's fill loop (hot-ops.ts sorterDataIdxInsert) hands the index's
 * right edge whole leaves of records at a time instead of one IdxInsert per record.
 *
 * ```
 *  sorter ints: │ a0 r0 │ a1 r1 │ a2 r2 │ …      (width w fields per record, memory-cursor.ts
 *                                                 MemIndexStore.ints: INTEGERs in a Float64Array)
 *                  ▲ pos − 1 (inserted last)  ▲ pos (next handed out)
 *  record pos:  │ H = 1 + w │ serial type × w │ big-endian bodies │   (fileformat2 §2.1)
 * ```
 *
 * Every field is an INTEGER (the store keeps only those there). A record is handed out only when it
 * can be vouched for without a comparison function:
 * 1. no field of it is −0 (never a VM value; the encoder would store it as a REAL);
 * 2. it is larger than the record before it on the key's first differing field, compared as numbers
 *    with that field's DESC flag (collations apply to TEXT only), within the key's fields — equal
 *    keys stop the run (the general path replaces an equal entry).
 * Its bytes are those record-codec.ts writes for the same values (the smallest serial type; 0 and
 * 1 as serial types 8 and 9, schema format 4).
 *
 * @module
 */
import { objectArray, resizeValues } from '../../format/value-array.js';
import { settleFields } from '../../keep-shape.js';
import type { RecordSpan, IndexRecordRun } from '../../btree/write/append.js';
import { putSerialInt, sizedIntSerialType, type SqlValue } from '../../format/index.js';

/** Body bytes of serial types 0–9. */
const BODY_BYTES = [0, 1, 2, 3, 4, 6, 8, 8, 0, 0];

/** Fields per record up to which records are handed out (a header of 1 + w bytes, one-byte varint). */
const MAX_FIELDS = 100;

/** The records `pos ..` of a flat sorter, as a run (module doc). */
export class FlatIntRun implements IndexRecordRun {
  /** Index of the record {@link next} hands out next. */
  pos = 0;
  private flat: Float64Array = new Float64Array(0);
  private width = 0;
  private count = 0;
  private keyFields = 0;
  private desc: readonly boolean[] = [];
  private readonly buf = new Uint8Array(1 + MAX_FIELDS * 9);
  private readonly span = { buf: this.buf, start: 0, end: 0 };
  private readonly key: SqlValue[] = objectArray<SqlValue>(0);

  /**
   * Points the run at records `pos ..< count` of `flat` (`width` fields each), compared on their
   * first `keyFields` fields with DESC flags `desc`. False when such records can never be handed out
   * (too many fields).
   */
  reset(flat: Float64Array, width: number, count: number, pos: number, keyFields: number, desc: readonly boolean[]): boolean {
    if (width < 1 || width > MAX_FIELDS || pos < 1) return false;
    this.flat = flat;
    this.width = width;
    this.count = count;
    this.pos = pos;
    this.keyFields = keyFields < 1 || keyFields > width ? width : keyFields;
    this.desc = desc;
    return true;
  }

  next(): RecordSpan | null {
    const pos = this.pos;
    if (pos >= this.count) return null;
    const f = this.flat;
    const w = this.width;
    const from = pos * w;
    // Rule 1.
    for (let i = 0; i < w; i++) {
      const v = f[from + i];
      if (v === 0 && 1 / v < 0) return null;
    }
    // Rule 2 against the record before.
    const prev = from - w;
    const desc = this.desc;
    let c = 0;
    for (let i = 0; i < this.keyFields && c === 0; i++) {
      const a = f[prev + i];
      const b = f[from + i];
      c = a < b ? -1 : a > b ? 1 : 0;
      if (desc[i] === true) c = -c;
    }
    if (c >= 0) return null;
    // The record: header size, serial types, bodies.
    const out = this.buf;
    out[0] = 1 + w;
    let p = 1 + w;
    for (let i = 0; i < w; i++) {
      const v = f[from + i];
      const st = v === 0 || v === 1 ? v + 8 : sizedIntSerialType(v);
      out[1 + i] = st;
      const size = BODY_BYTES[st];
      if (size !== 0) {
        putSerialInt(out, p, size, v);
        p += size;
      }
    }
    this.span.end = p;
    this.pos = pos + 1;
    return this.span;
  }

  back(): void {
    this.pos--;
  }

  lastKey(): readonly SqlValue[] {
    const k = this.key;
    const w = this.width;
    if (k.length !== w) resizeValues(k, w);
    const from = (this.pos - 1) * w;
    for (let i = 0; i < w; i++) k[i] = this.flat[from + i];
    return k;
  }
}

// Each CREATE INDEX repoints the run (reset): its fields written once more when the module loads
// (keep-shape.ts settleFields).
settleFields(new FlatIntRun(), { pos: 1, flat: new Float64Array(1), width: 1, count: 1, keyFields: 1, desc: [false] });
