/**
 * A table row's record read the way SQLite's OP_Column reads it during integrity_check: the header
 * from the cell's local payload, a value's bytes only when the check needs that value — so an
 * overflow chain is followed only for values actually read (record format: fileformat2 §2.1).
 *
 * ```
 *   header size varint | serial type varints …  | values …
 *   └───────── from the local payload ─────────┘  └ local part, then the overflow chain on demand
 * ```
 *
 * Malformed headers (SQLite's op_column_corrupt: header longer than 98307 bytes or than the payload,
 * value sizes that do not add up to the payload size) make {@link LazyRecord.read} return null, the
 * case in which SQLite's integrity_check reports "database disk image is malformed" as a result
 * row. Serial types 10 and 11 read as NULL (sqlite3VdbeSerialGet). A broken overflow chain throws
 * SQLITE_CORRUPT when a value on it is read, as the b-tree layer does.
 *
 * @module
 */
import { decodeText, type SqlValue, type TextEncoding } from '../../format/index.js';

/** Largest record header SQLite accepts (bytes). */
const MAX_HEADER_BYTES = 98307;

function size(t: number): number {
  if (t < 12) return [0, 1, 2, 3, 4, 6, 8, 8, 0, 0, 0, 0][t];
  return (t - 12) >> 1;
}

function varint(b: Uint8Array, o: number, end: number): [number, number] {
  let v = 0;
  for (let i = 0; i < 9; i++) {
    if (o + i >= end) return [v, i || 1];
    const x = b[o + i];
    if (i === 8) return [v * 256 + x, 9];
    v = v * 128 + (x & 0x7f);
    if (x < 0x80) return [v, i + 1];
  }
  return [v, 9];
}

/** One record, parsed lazily. */
export class LazyRecord {
  readonly types: number[] = [];
  private readonly offsets: number[] = [];
  private full: Uint8Array | null = null;

  /**
   * @param local - the payload bytes stored on the page.
   * @param payloadSize - the whole payload's size (bytes).
   * @param fullPayload - reads the whole payload (local part + overflow chain).
   */
  private constructor(
    private readonly local: Uint8Array,
    private readonly payloadSize: number,
    private readonly fullPayload: () => Uint8Array,
  ) {}

  /**
   * Parses the header up to `maxFields` fields (SQLite's first OP_Column asks for the right-most
   * column, and parses no further); null when SQLite would find the record malformed.
   */
  static read(local: Uint8Array, payloadSize: number, fullPayload: () => Uint8Array, maxFields: number): LazyRecord | null {
    const r = new LazyRecord(local, payloadSize, fullPayload);
    return r.parse(maxFields) ? r : null;
  }

  private bytes(end: number): Uint8Array {
    if (end <= this.local.length) return this.local;
    return (this.full ??= this.fullPayload());
  }

  private parse(maxFields: number): boolean {
    if (this.payloadSize === 0 || this.local.length === 0) return true;
    const [hdr, n0] = varint(this.local, 0, this.local.length);
    // A header longer than the local part must fit the payload (else SQLite calls it corrupt
    // before reading it); a header size of 0 is accepted and gives a record of no fields.
    if (hdr > this.local.length && (hdr > MAX_HEADER_BYTES || hdr > this.payloadSize)) return false;
    if (hdr === 0) return true;
    const b = this.bytes(hdr);
    let at = n0;
    let offset = hdr;
    do {
      const [t, n] = varint(b, at, b.length);
      at += n;
      this.types.push(t);
      this.offsets.push(offset);
      offset += size(t);
    } while (this.types.length < maxFields && at < hdr);
    // As OP_Column: the bytes of the header run past its size, or the whole header is read but the
    // values do not fill the payload exactly, or they run past it.
    return !((at >= hdr && (at > hdr || offset !== this.payloadSize)) || offset > this.payloadSize);
  }

  /** Number of fields in the record. */
  get length(): number {
    return this.types.length;
  }

  /** Field `i`'s value (reading the overflow chain when it lies there). @throws SqliteError SQLITE_CORRUPT. */
  value(i: number, encoding: TextEncoding): SqlValue {
    const t = this.types[i];
    if (t === 0 || t === 10 || t === 11) return null;
    if (t === 8) return 0;
    if (t === 9) return 1;
    const o = this.offsets[i];
    const n = size(t);
    const b = this.bytes(o + n);
    if (t === 7) return new DataView(b.buffer, b.byteOffset + o, 8).getFloat64(0);
    if (t <= 6) {
      let v = BigInt.asIntN(8 * n, [...b.subarray(o, o + n)].reduce((a, x) => (a << 8n) | BigInt(x), 0n));
      if (n === 0) v = 0n;
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
    const raw = b.subarray(o, o + n);
    return t % 2 === 0 ? raw.slice() : decodeText(raw, encoding);
  }
}
