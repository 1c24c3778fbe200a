/**
 * format(FORMAT, …) / printf(FORMAT, …): SQLite's own printf (printf.c sqlite3_str_vappendf with
 * SQL function arguments), not C's.
 *
 * A conversion is `%[flags][width][.precision][l|ll]conv`:
 *
 * | part      | meaning                                                                        |
 * |-----------|--------------------------------------------------------------------------------|
 * | `-`       | left-justify in the width                                                      |
 * | `+` / ` ` | sign (or space) before non-negative numbers (the last one given wins)          |
 * | `0`       | zero-pad numbers to the width                                                  |
 * | `#`       | `0x`/`0X`/`0` prefix for %x %X %o; keep the point and zeros for %f %e %g       |
 * | `!`       | SQLite's alternate form: %s %q %c count characters (not bytes) for precision   |
 * |           | and width; %g uses up to 20 digits and keeps "X.0"                             |
 * | `,`       | thousands separators for %d %i %u and %f                                       |
 * | width     | digits or `*` (next argument; negative = left-justify)                         |
 * | precision | digits or `*`: minimum digits for integers, digits after the point for %f %e,  |
 * |           | significant digits for %g, maximum bytes (characters with `!`) for %s %q %Q %w |
 *
 * Conversions: %d %i (signed), %u %x %X %o (the 64-bit pattern as unsigned), %f %e %E %g %G
 * (format-real.ts), %s %z (text), %q (doubles '), %Q (like %q inside '…', NULL as NULL), %w
 * (doubles "; with '#', %q and %Q escape control characters as \u00XX and %Q wraps such a literal
 * in unistr()), %c (first character, repeated precision times), %% (a '%', padded to the width). An unknown conversion
 * ends the output there, as SQLite's does; missing arguments read as 0, 0.0 or NULL.
 *
 * Width and precision are in bytes of UTF-8, except where `!` says characters; output is built in
 * bytes so that a precision cutting a multi-byte character behaves as SQLite's (the broken
 * character decodes to U+FFFD).
 *
 * Why one long file: the conversion loop is a single state machine over the format (flags, width,
 * precision, conversion, padding), as printf.c's is; split, its shared state would have to travel
 * between files.
 *
 * @module
 */
import { formatReal } from '../value/format-real.js';
import { intOf, realOf, textOf } from '../value/coerce.js';
import { toBigInt } from '../value/int64.js';
import { concatBytes, utf8ByteLength, utf8Decode, utf8Encode } from '../value/utf8.js';
import type { Value } from '../value/value.js';
import { MAX_LENGTH_BYTES, scalar, tooBig } from './define.js';

class Args {
  private i = 0;
  constructor(private readonly args: readonly Value[]) {}
  private next(): Value | undefined {
    return this.i < this.args.length ? this.args[this.i++] : undefined;
  }
  int(): bigint {
    const v = this.next();
    return v === undefined ? 0n : toBigInt(intOf(v));
  }
  real(): number {
    const v = this.next();
    return v === undefined ? 0 : realOf(v);
  }
  /** True when the next argument is a BLOB (its bytes need not be valid UTF-8). */
  nextIsBlob(): boolean {
    return this.args[this.i] instanceof Uint8Array;
  }
  /** The text up to its first NUL (a C string), or null; not for BLOBs (see {@link text}). */
  textString(): string | null {
    const v = this.next();
    if (v === undefined || v === null) return null;
    const t = v instanceof Uint8Array ? utf8Decode(v) : textOf(v)!;
    const k = t.indexOf('\0');
    return k < 0 ? t : t.slice(0, k);
  }
  /** UTF-8 bytes of the text, up to its first NUL (a C string), or null. */
  text(): Uint8Array | null {
    const v = this.next();
    if (v === undefined || v === null) return null;
    const b = v instanceof Uint8Array ? v : utf8Encode(textOf(v)!);
    const k = b.indexOf(0);
    return k < 0 ? b : b.subarray(0, k);
  }
}

const ASCII = (s: string): Uint8Array => utf8Encode(s);

/** Number of bytes of the first `nChars` UTF-8 characters of `b`. */
function bytesForChars(b: Uint8Array, nChars: number): number {
  let i = 0;
  while (nChars > 0 && i < b.length) {
    i++;
    while (i < b.length && (b[i] & 0xc0) === 0x80) i++;
    nChars--;
  }
  return i;
}

/** Extra bytes beyond one per character (continuation bytes) in `b`. */
function continuationBytes(b: Uint8Array): number {
  let n = 0;
  for (const x of b) if ((x & 0xc0) === 0x80) n++;
  return n;
}

function radix(v: bigint, base: number, upper: boolean): string {
  const s = v.toString(base);
  return upper ? s.toUpperCase() : s;
}

/**
 * Renders `format` with `args` as SQLite's printf() SQL function does. The result is TEXT, or NULL
 * when nothing at all was appended (an empty format, or one that starts with an invalid
 * conversion), as SQLite's string accumulator then holds no buffer.
 */
export function sqlPrintf(format: string, argv: readonly Value[]): string | null {
  const args = new Args(argv);
  // Output pieces: strings where the text is whole characters, bytes where a precision may have
  // cut a character (then the whole result is decoded from bytes at the end).
  const out: (string | Uint8Array)[] = [];
  let total = 0;
  let appended = false;
  const emit = (b: string | Uint8Array): void => {
    appended = true;
    total += typeof b === 'string' ? utf8ByteLength(b) : b.length;
    if (total > MAX_LENGTH_BYTES) throw tooBig();
    out.push(b);
  };
  const fmt = format;
  let i = 0;
  let lit = '';
  const flushLit = (): void => {
    if (lit !== '') emit(lit);
    lit = '';
  };
  for (;;) {
    const k = fmt.indexOf('%', i);
    if (k < 0) {
      lit += fmt.slice(i);
      break;
    }
    lit += fmt.slice(i, k);
    i = k + 1;
    if (i >= fmt.length) {
      lit += '%';
      break;
    }
    let leftJustify = false;
    let prefix: '' | '+' | ' ' = '';
    let alternate = false;
    let altForm2 = false;
    let zeroPad = false;
    let thousands = false;
    let width = 0;
    let precision = -1;
    let c = fmt[i];
    let done = false;
    do {
      switch (c) {
        case '-':
          leftJustify = true;
          break;
        case '+':
          prefix = '+';
          break;
        case ' ':
          prefix = ' ';
          break;
        case '#':
          alternate = true;
          break;
        case '!':
          altForm2 = true;
          break;
        case '0':
          zeroPad = true;
          break;
        case ',':
          thousands = true;
          break;
        case 'l':
          c = fmt[++i];
          if (c === 'l') c = fmt[++i];
          done = true;
          break;
        case '*': {
          let w = Number(BigInt.asIntN(32, args.int()));
          if (w < 0) {
            leftJustify = true;
            w = w >= -2147483647 ? -w : 0;
          }
          width = w;
          c = fmt[++i];
          if (c !== '.' && c !== 'l') done = true;
          else i--;
          break;
        }
        case '.': {
          c = fmt[++i];
          if (c === '*') {
            let p = Number(BigInt.asIntN(32, args.int()));
            if (p < 0) p = p >= -2147483647 ? -p : -1;
            precision = p;
            c = fmt[++i];
          } else {
            let px = 0;
            while (c !== undefined && c >= '0' && c <= '9') {
              px = (px * 10 + (c.charCodeAt(0) - 48)) % 0x80000000;
              c = fmt[++i];
            }
            precision = px;
          }
          if (c === 'l') i--;
          else done = true;
          break;
        }
        default:
          if (c >= '1' && c <= '9') {
            let wx = c.charCodeAt(0) - 48;
            while ((c = fmt[++i]) !== undefined && c >= '0' && c <= '9') wx = (wx * 10 + (c.charCodeAt(0) - 48)) % 0x80000000;
            width = wx;
            if (c !== '.' && c !== 'l') done = true;
            else i--;
          } else done = true;
      }
    } while (!done && (c = fmt[++i]) !== undefined);
    if (c === undefined) break; // the format ended inside a conversion
    i++;
    let body: string | Uint8Array;
    let utf8Width = false;
    switch (c) {
      case 'd':
      case 'i':
      case 'u':
      case 'x':
      case 'X':
      case 'o': {
        let v = args.int();
        let sign = '';
        if (c === 'd' || c === 'i') {
          if (v < 0n) {
            v = -v;
            sign = '-';
          } else sign = prefix;
        } else v = BigInt.asUintN(64, v);
        let digits = radix(v, c === 'o' ? 8 : c === 'x' || c === 'X' ? 16 : 10, c === 'X');
        let prec = precision;
        if (prec + 10 > MAX_LENGTH_BYTES) throw tooBig(); // SQLite's temporary digit buffer
        if (zeroPad && prec < width - (sign !== '' ? 1 : 0)) prec = width - (sign !== '' ? 1 : 0);
        if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
        if (thousands && (c === 'd' || c === 'i' || c === 'u')) {
          let withSep = '';
          for (let j = 0; j < digits.length; j++) {
            if (j > 0 && (digits.length - j) % 3 === 0) withSep += ',';
            withSep += digits[j];
          }
          digits = withSep;
        }
        let pre = '';
        if (alternate && v !== 0n) pre = c === 'o' ? '0' : c === 'x' ? '0x' : c === 'X' ? '0X' : '';
        body = sign + pre + digits;
        break;
      }
      case 'f':
      case 'e':
      case 'E':
      case 'g':
      case 'G': {
        const r = args.real();
        flushLit();
        emit(formatReal(r, { conv: c, precision, width, leftJustify, prefix, zeroPad, alternate, altForm2, thousands }, MAX_LENGTH_BYTES));
        continue;
      }
      case 's':
      case 'z': {
        if (precision < 0 && !args.nextIsBlob()) {
          body = args.textString() ?? '';
          utf8Width = altForm2;
          break;
        }
        const t = args.text() ?? new Uint8Array(0);
        let len = t.length;
        if (precision >= 0) len = altForm2 ? bytesForChars(t, precision) : Math.min(precision, t.length);
        body = t.subarray(0, len);
        utf8Width = altForm2;
        break;
      }
      case 'q':
      case 'Q':
      case 'w': {
        const quote = c === 'w' ? 0x22 : 0x27;
        const t = args.text();
        const src = t ?? ASCII(c === 'Q' ? 'NULL' : '(NULL)');
        let n = src.length;
        if (precision >= 0) n = altForm2 ? bytesForChars(src, precision) : Math.min(precision, src.length);
        // '#' on %q/%Q (SQLite 3.53): control characters become \u00XX escapes and '\' doubles; %Q
        // then wraps the literal in unistr(…) when it escaped a control character.
        let escapeControls = alternate && c !== 'w';
        let hasControl = false;
        for (let j = 0; j < n; j++) if (src[j] < 0x20) hasControl = true;
        if (c === 'Q' && !hasControl) escapeControls = false;
        const bytes: number[] = [];
        const wrap = t !== null && c === 'Q';
        if (wrap && escapeControls) bytes.push(...ASCII('unistr('));
        if (wrap) bytes.push(0x27);
        for (let j = 0; j < n; j++) {
          const b = src[j];
          if (escapeControls && b < 0x20) bytes.push(...ASCII('\\u00' + b.toString(16).padStart(2, '0')));
          else if (escapeControls && b === 0x5c) bytes.push(0x5c, 0x5c);
          else {
            bytes.push(b);
            if (b === quote) bytes.push(quote);
          }
        }
        if (wrap) bytes.push(0x27);
        if (wrap && escapeControls) bytes.push(0x29);
        body = new Uint8Array(bytes);
        utf8Width = altForm2;
        break;
      }
      case 'c': {
        const t = args.text();
        // The first byte, plus up to three continuation bytes when it is a UTF-8 lead byte; NUL when empty.
        let chLen = 1;
        if (t !== null && t.length > 0 && (t[0] & 0xc0) === 0xc0) while (chLen < 4 && chLen < t.length && (t[chLen] & 0xc0) === 0x80) chLen++;
        const ch = t === null || t.length === 0 ? new Uint8Array(1) : t.subarray(0, chLen);
        // Precision repeats the character; the first precision − 1 copies count as one character each
        // against the width, the last one through the generic UTF-8 width adjustment (printf.c etCHARX).
        const times = precision > 1 ? precision : 1;
        if (ch.length * times + total > MAX_LENGTH_BYTES) throw tooBig();
        let wr = width;
        flushLit();
        if (times > 1) {
          wr -= times - 1;
          if (wr > 1 && !leftJustify) {
            emit(' '.repeat(wr - 1));
            wr = 0;
          }
          const rep = new Uint8Array(ch.length * (times - 1));
          for (let j = 0; j < times - 1; j++) rep.set(ch, j * ch.length);
          emit(rep);
        }
        body = ch;
        width = wr;
        utf8Width = true;
        break;
      }
      case '%':
        body = '%';
        break;
      default:
        flushLit();
        return appended ? finish(out) : null;
    }
    flushLit();
    let w = width;
    const bodyBytes = typeof body === 'string' ? utf8ByteLength(body) : body.length;
    if (utf8Width && w > 0) w += typeof body === 'string' ? bodyBytes - codePoints(body) : continuationBytes(body);
    const pad = w - bodyBytes;
    if (pad > 0) {
      if (pad + total > MAX_LENGTH_BYTES) throw tooBig();
      const spaces = ' '.repeat(pad);
      if (!leftJustify) emit(spaces);
      emit(body);
      if (leftJustify) emit(spaces);
    } else emit(body);
  }
  flushLit();
  return appended ? finish(out) : null;
}

function finish(out: (string | Uint8Array)[]): string {
  if (out.every((p) => typeof p === 'string')) return out.join('');
  return utf8Decode(concatBytes(out.map((p) => (typeof p === 'string' ? utf8Encode(p) : p))));
}

/** Number of code points in `s` (a lone surrogate counts as one). */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    n++;
  }
  return n;
}

function printfCall(args: Value[]): Value {
  if (args.length === 0 || args[0] === null) return null;
  return sqlPrintf(textOf(args[0])!, args.slice(1));
}

scalar('printf', -1, printfCall);
scalar('format', -1, printfCall);
