/**
 * sqlite3's columnar modes `box` (Unicode box drawing) and its ASCII `table` (here `asciitable`),
 * as sqlite3 3.40 draws them (shell.c exec_prepared_stmt_columnar): every row is read first, then
 * column widths are known.
 *
 * ```
 * ┌─────┬────────┐   +-----+--------+
 * │  a  │   b    │   |  a  |   b    |     header: always shown, centred ((w-n)/2 spaces before)
 * ├─────┼────────┤   +-----+--------+
 * │ 1   │ x      │   | 1   | x      |     values: left-aligned, padded to the column width
 * │ 2   │ two    │   | 2   | two    |
 * │     │ lines  │   |     | lines  |     a value with a newline continues on the next line;
 * ├─────┼────────┤   +-----+--------+     once any row spans lines, rows are divided by rules
 * │ 3   │ y      │   | 3   | y      |
 * └─────┴────────┘   +-----+--------+
 * ```
 *
 * Width is sqlite3 3.40's: the number of UTF-8 characters (lead bytes), not display cells, so wide
 * (CJK) characters misalign exactly as they do in sqlite3 3.40; the Turso-style `table` mode
 * (pretty.ts) measures display width instead.
 *
 * Display translation of a value (translateForDisplayAndDup, no wrap width): characters ≥ 0x20 are
 * kept, a TAB becomes spaces to the next multiple of 8; the first other control character ends the
 * line, and whatever follows it (after a CR LF pair, or after that one character) is the next line.
 *
 * @module
 */
import type { Renderer, RendererFactory, Sink } from './types.js';
import type { ShellValue } from '../engine.js';
import { columnText, utf8Bytes } from './value-text.js';

/** Characters of a UTF-8 byte string (bytes that are not continuation bytes). */
export function utf8CharCount(b: string): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) if ((b.charCodeAt(i) & 0xc0) !== 0x80) n++;
  return n;
}

/** One display line of `z` and the rest (null when nothing follows). */
export function translateForDisplay(z: string): { line: string; tail: string | null } {
  let i = 0;
  let n = 0;
  let line = '';
  while (i < z.length) {
    const c = z.charCodeAt(i);
    if (c >= 0x20) {
      n++;
      let j = i + 1;
      while (j < z.length && (z.charCodeAt(j) & 0xc0) === 0x80) j++;
      line += z.slice(i, j);
      i = j;
    } else if (c === 0x09) {
      do {
        n++;
        line += ' ';
      } while ((n & 7) !== 0);
      i++;
    } else break;
  }
  let next: number;
  if (i >= z.length) return { line, tail: null };
  if (z[i] === '\r' && z[i + 1] === '\n') next = i + 2;
  else next = i + 1;
  return { line, tail: next < z.length ? z.slice(next) : null };
}

interface Drawing {
  top: [string, string, string];
  middle: [string, string, string];
  bottom: [string, string, string];
  rule: string;
  /** Left border + space, inner separator, right border (each with spaces around). */
  cells: [string, string, string];
}

const BOX: Drawing = {
  top: ['┌', '┬', '┐'],
  middle: ['├', '┼', '┤'],
  bottom: ['└', '┴', '┘'],
  rule: '─',
  cells: ['│ ', ' │ ', ' │'],
};

const ASCII: Drawing = {
  top: ['+', '+', '+'],
  middle: ['+', '+', '+'],
  bottom: ['+', '+', '+'],
  rule: '-',
  cells: ['| ', ' | ', ' |'],
};

function columnar(d: Drawing): RendererFactory {
  const draw = (s: string): string => utf8Bytes(s);
  return (columns, settings, out: Sink): Renderer => {
    const header = columns.map((c) => translateForDisplay(utf8Bytes(c)).line);
    const lines: string[][] = [];
    const rowEnds: boolean[] = [];
    let multiLine = false;
    return {
      row(values: readonly ShellValue[]) {
        let next: (string | null)[] = values.map((v) => columnText(v) ?? settings.nullValue);
        for (;;) {
          const parts = next.map((z) => translateForDisplay(z ?? ''));
          lines.push(parts.map((p) => p.line));
          const more = parts.some((p) => p.tail !== null);
          rowEnds.push(!more);
          if (!more) break;
          multiLine = true;
          next = parts.map((p) => p.tail);
        }
      },
      end() {
        if (lines.length === 0) return;
        const widths = header.map((h, i) => Math.max(utf8CharCount(h), ...lines.map((l) => utf8CharCount(l[i]))));
        const rule = ([l, m, r]: [string, string, string]): string =>
          draw(l + widths.map((w) => d.rule.repeat(w + 2)).join(m) + r) + '\n';
        const rowText = (cells: string[]): string =>
          draw(d.cells[0]) + cells.join(draw(d.cells[1])) + draw(d.cells[2]) + '\n';
        let s = rule(d.top);
        s += rowText(header.map((h, i) => {
          const gap = widths[i] - utf8CharCount(h);
          return ' '.repeat(Math.floor(gap / 2)) + h + ' '.repeat(Math.floor((gap + 1) / 2));
        }));
        s += rule(d.middle);
        lines.forEach((l, k) => {
          s += rowText(l.map((c, i) => c + ' '.repeat(Math.max(0, widths[i] - utf8CharCount(c)))));
          if (multiLine && rowEnds[k] && k + 1 < lines.length) s += rule(d.middle);
        });
        s += rule(d.bottom);
        out(s);
      },
    };
  };
}

/** sqlite3's `box`. */
export const boxRenderer: RendererFactory = columnar(BOX);

/** sqlite3's ASCII `table` (named `asciitable` here, since `table` is the Turso-style drawing). */
export const asciiTableRenderer: RendererFactory = columnar(ASCII);
