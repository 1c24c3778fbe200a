/**
 * TEXT as SQLite sees it: UTF-8 bytes. Strata keeps TEXT as JavaScript strings and measures them
 * in UTF-8 here, so that lengths, offsets and byte counts agree with SQLite's.
 *
 * Decisions:
 * - A lone surrogate in a string is one character of 3 bytes (it becomes U+FFFD, as TextEncoder and
 *   better-sqlite3's binding make it).
 * - Bytes that are not valid UTF-8 (a BLOB cast to TEXT) decode to U+FFFD: SQLite would keep the raw
 *   bytes; JavaScript strings cannot.
 *
 * @module
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The UTF-8 bytes of `s`. */
export function utf8Encode(s: string): Uint8Array {
  return encoder.encode(s);
}

/** `bytes` decoded as UTF-8 (invalid sequences → U+FFFD). */
export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Number of UTF-8 bytes of `s` (sqlite3_value_bytes of a TEXT). */
export function utf8ByteLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // a surrogate pair: 4 bytes for 2 code units
      i++;
    } else n += 2;
  }
  return n;
}

/** `s` up to (not including) its first NUL: what a C string function of SQLite sees. */
export function beforeNul(s: string): string {
  const k = s.indexOf('\0');
  return k < 0 ? s : s.slice(0, k);
}

/** A byte array read as one char per byte (for parsing ASCII numbers out of a BLOB exactly). */
export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return s;
}

/** The bytes of `parts` joined into one buffer. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const b of parts) n += b.length;
  const all = new Uint8Array(n);
  let k = 0;
  for (const b of parts) {
    all.set(b, k);
    k += b.length;
  }
  return all;
}
