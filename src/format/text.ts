/**
 * TEXT values in the three database encodings (db header offset 56): 1 UTF-8, 2 UTF-16le, 3 UTF-16be.
 *
 * Decoding is lenient as SQLite is: invalid sequences become U+FFFD, never an error, and a leading
 * byte-order mark is kept as U+FEFF (it is data, not a marker, inside a record). A UTF-16 value with an
 * odd number of bytes decodes its whole code units and a U+FFFD for the stray byte.
 *
 * @module
 */
import type { TextEncoding } from './value.js';

const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const utf16leDecoder = new TextDecoder('utf-16le', { ignoreBOM: true });
const utf16beDecoder = new TextDecoder('utf-16be', { ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/** Decodes TEXT bytes stored in `encoding`. Never throws. */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding): string {
  if (encoding === 1) return utf8Decoder.decode(bytes);
  return (encoding === 2 ? utf16leDecoder : utf16beDecoder).decode(bytes);
}

/** Longest string given the ASCII fast path of {@link encodeText} (chars). */
const ASCII_FAST_CHARS = 64;

/**
 * Encodes a string in `encoding` (lone surrogates become U+FFFD in UTF-8, as TextEncoder does).
 * Short all-ASCII strings are copied byte for byte (the same bytes; TextEncoder's call costs more
 * than the copy for the short values most records hold).
 */
export function encodeText(text: string, encoding: TextEncoding): Uint8Array {
  if (encoding === 1) {
    const n = text.length;
    if (n > ASCII_FAST_CHARS) return utf8Encoder.encode(text);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) return utf8Encoder.encode(text);
      out[i] = c;
    }
    return out;
  }
  const out = new Uint8Array(text.length * 2);
  const hi = encoding === 2 ? 1 : 0;
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    out[2 * i + hi] = u >>> 8;
    out[2 * i + 1 - hi] = u & 0xff;
  }
  return out;
}
