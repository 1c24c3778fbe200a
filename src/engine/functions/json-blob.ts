/**
 * The JSONB binary format (jsonb.html §3) as far as the text functions need it: reading a BLOB
 * argument that holds JSONB (SQLite 3.45+ accepts JSONB wherever JSON is expected), and the byte
 * size of each element, which json_each/json_tree report as `id` (the element's offset in the
 * JSONB encoding of the input).
 *
 * Element header:
 *
 * | OFFSET | SIZE      | DESCRIPTION                                                     |
 * |--------|-----------|-----------------------------------------------------------------|
 * | 0      | 1         | low 4 bits: element type (json-node.ts); high 4 bits: size code |
 * | 1      | 0,1,2,4,8 | payload size, big-endian, when the size code is 12,13,14,15     |
 *
 * Size codes 0..11 are the payload size itself. Payloads: numbers as their ASCII text, strings as
 * UTF-8 (escapes kept for TEXTJ/TEXT5), arrays the concatenated elements, objects alternating label
 * and value elements. A canonical encoding uses the smallest header that fits.
 *
 * @module
 */
import { utf8ByteLength, utf8Decode } from '../value/utf8.js';
import type { JNode } from './json-node.js';
import { J_ARRAY, J_FALSE, J_OBJECT, J_TEXTRAW } from './json-node.js';

/** Header bytes for a payload of `size` bytes in the canonical (smallest) encoding. */
export function headerSize(size: number): number {
  return size <= 11 ? 1 : size <= 0xff ? 2 : size <= 0xffff ? 3 : 5;
}

/** Payload bytes of `n` in its canonical JSONB encoding. */
export function payloadSize(n: JNode): number {
  if (n.a) {
    let total = 0;
    for (const k of n.a) total += nodeSize(k);
    return total;
  }
  return n.s === undefined ? 0 : utf8ByteLength(n.s);
}

/** Bytes of `n`'s JSONB encoding, header included. */
export function nodeSize(n: JNode): number {
  const p = payloadSize(n);
  return (n.hdr ?? headerSize(p)) + p;
}

/**
 * jsonBlobOverwrite: when `n` replaces an element of `oldSize` bytes and is smaller, SQLite keeps
 * the old size by widening `n`'s header (1 → 2, 3, 5 or 9 bytes; 2 → 3, 5 or 9; 3 → 5 or 9;
 * 5 → 9) if the difference allows it and `n` is not null/true/false. Sets `n.hdr` accordingly.
 */
export function padToSize(n: JNode, oldSize: number): void {
  if (n.t <= J_FALSE) return;
  const p = payloadSize(n);
  const h = n.hdr ?? headerSize(p);
  const d = oldSize - (h + p);
  if (d <= 0) return;
  const ok = h === 1 ? [1, 2, 4, 8] : h === 2 ? [1, 3, 7] : h === 3 ? [2, 6] : h === 5 ? [4] : [];
  if (ok.includes(d)) n.hdr = h + d;
}

/** Reads the header at `i`: [header bytes, payload bytes], or null when it runs past `end`. */
function readHeader(b: Uint8Array, i: number, end: number): [number, number] | null {
  const code = b[i] >> 4;
  if (code <= 11) return [1, code];
  const n = code === 12 ? 1 : code === 13 ? 2 : code === 14 ? 4 : 8;
  if (i + n >= end) return null;
  let size = 0;
  for (let k = 1; k <= n; k++) size = size * 256 + b[i + k];
  return [1 + n, size];
}

function decodeAt(b: Uint8Array, i: number, end: number): [JNode, number] | null {
  if (i >= end) return null;
  const t = b[i] & 0x0f;
  const h = readHeader(b, i, end);
  if (h === null || t > J_OBJECT) return null;
  const start = i + h[0];
  const stop = start + h[1];
  if (stop > end) return null;
  if (t <= J_FALSE) return h[1] === 0 ? [{ t }, stop] : null;
  if (t < J_ARRAY) {
    const s = utf8Decode(b.subarray(start, stop));
    if (t < 7 && s.length === 0) return null;
    return [{ t, s }, stop];
  }
  const kids: JNode[] = [];
  for (let j = start; j < stop; ) {
    const r = decodeAt(b, j, stop);
    if (r === null) return null;
    if (t === J_OBJECT && kids.length % 2 === 0 && (r[0].t < 7 || r[0].t > J_TEXTRAW)) return null;
    kids.push(r[0]);
    j = r[1];
  }
  if (t === J_OBJECT && kids.length % 2 !== 0) return null;
  return [{ t, a: kids }, stop];
}

/**
 * The element a BLOB holds when it is well-formed JSONB filling the whole BLOB, else null (the
 * caller then reads the BLOB as text, as SQLite does, or reports an error).
 */
export function decodeJsonb(b: Uint8Array): JNode | null {
  if (b.length === 0) return null;
  const r = decodeAt(b, 0, b.length);
  return r !== null && r[1] === b.length ? r[0] : null;
}

/** The canonical JSONB encoding of `n` (smallest headers), as SQLite writes it. */
export function encodeJsonb(n: JNode): Uint8Array {
  const out = new Uint8Array(nodeSize(n));
  const put = (k: JNode, at: number): number => {
    const p = payloadSize(k);
    const h = k.hdr ?? headerSize(p);
    if (h === 1) out[at] = (p << 4) | k.t;
    else {
      const bytes = h - 1;
      out[at] = ((bytes === 1 ? 12 : bytes === 2 ? 13 : bytes === 4 ? 14 : 15) << 4) | k.t;
      for (let i = 0; i < bytes; i++) out[at + bytes - i] = i < 4 ? (p >>> (8 * i)) & 0xff : 0;
    }
    let pos = at + h;
    if (k.a) for (const c of k.a) pos = put(c, pos);
    else if (k.s !== undefined) {
      const enc = new TextEncoder().encode(k.s);
      out.set(enc, pos);
      pos += enc.length;
    }
    return pos;
  };
  put(n, 0);
  return out;
}
